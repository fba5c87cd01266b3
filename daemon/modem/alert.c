/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alerts, evaluated by the daemon's main thread (alert_tick, called from
 * its loop beside supervisor_tick, every ALERT_CHECK_MS) on its own
 * database connection, from modem_state as the workers write it and from
 * statvfs of the database's folder.
 *
 * Rules (a table below): a configured modem not connected for more than
 * alert_modem_down minutes; a SIM with alert_sim_full percent of its slots
 * in use; a balance read by the scheduled check below the modem's
 * balance_min; less than alert_disk_free MB free for the database. Each has
 * a key ("modem-down:m1", "disk") and a row in the alert table. When a
 * condition has held long enough it is raised: logged, and an SMS queued
 * (purpose 'alert') to every admin phone unless one for the same key was
 * queued less than alert_repeat hours ago; while it lasts it is repeated
 * every alert_repeat hours. When it clears, a recovery message follows if
 * the admins were told of it.
 */
#include "modem/alert.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "core/phone.h"
#include "core/template.h"
#include "store/store.h"
#include "store/store_alert.h"
#include "store/store_modem.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define ALERT_CHECK_MS 5000
#define MINUTE_MS 60000LL

struct alert {
	const struct conf *conf;
	struct store *st;
	char **to; /* the admin phones, E.164 */
	size_t n_to;
	char *db_dir;
	long long next_ms;   /* monotonic-free: clock_now_ms of the next check */
	long long minute_ms; /* MINUTE_MS, shorter in the end-to-end test */
	int queued;
};

/* What one rule found, for one modem or for the whole gateway. */
struct verdict {
	bool holds;
	long long hold_ms; /* how long it must hold before it is raised */
	char detail[192];  /* for the log and the alert row */
	char val[2][24];   /* the values of the names below */
	const char *name[2];
};

/* What the rules look at. */
struct facts {
	const struct conf_modem *mc; /* NULL for the gateway's rules */
	json_t *row;		     /* the modem's modem_state row, or NULL */
	long long free_mb;	     /* free MB for the database, -1 unknown */
};

struct rule {
	const char *kind; /* the key, or its prefix before ":modem" */
	bool per_modem;
	const char *raise_tpl;
	const char *clear_tpl;
	void (*judge)(const struct alert *a, const struct facts *f, struct verdict *v);
};

/* ---------------------------------------------------------------- rules */

static long long row_int(json_t *row, const char *name, long long none)
{
	json_t *v = row ? json_object_get(row, name) : NULL;

	return json_is_integer(v) ? json_integer_value(v) : none;
}

static void judge_down(const struct alert *a, const struct facts *f, struct verdict *v)
{
	v->holds = row_int(f->row, "connected", 0) == 0;
	v->hold_ms = a->conf->alert_modem_down * a->minute_ms;
	snprintf(v->detail, sizeof(v->detail), "modem %s is not connected", f->mc->id);
}

static void judge_sim(const struct alert *a, const struct facts *f, struct verdict *v)
{
	long long used = row_int(f->row, "sim_used", -1), size = row_int(f->row, "sim_size", -1);
	long long percent = size > 0 && used >= 0 ? used * 100 / size : 0;

	v->holds = size > 0 && used >= 0 && used * 100 >= a->conf->alert_sim_full * size;
	snprintf(v->detail, sizeof(v->detail), "modem %s: SIM %lld of %lld slots used (%lld%%)",
		 f->mc->id, used, size, percent);
	v->name[0] = "percent";
	snprintf(v->val[0], sizeof(v->val[0]), "%lld", percent);
}

static void judge_balance(const struct alert *a, const struct facts *f, struct verdict *v)
{
	long long balance = row_int(f->row, "balance", -1);

	v->holds = f->mc->balance_code && balance >= 0 && balance < f->mc->balance_min;
	snprintf(v->detail, sizeof(v->detail), "modem %s: balance %lld dong (minimum %d)",
		 f->mc->id, balance, f->mc->balance_min);
	v->name[0] = "amount";
	snprintf(v->val[0], sizeof(v->val[0]), "%lld", balance);
	v->name[1] = "min";
	snprintf(v->val[1], sizeof(v->val[1]), "%d", f->mc->balance_min);
}

static void judge_disk(const struct alert *a, const struct facts *f, struct verdict *v)
{
	v->holds = f->free_mb >= 0 && f->free_mb < a->conf->alert_disk_free;
	snprintf(v->detail, sizeof(v->detail), "%lld MB free for the database in %s (minimum %d)",
		 f->free_mb, a->db_dir, a->conf->alert_disk_free);
	v->name[0] = "free";
	snprintf(v->val[0], sizeof(v->val[0]), "%lld", f->free_mb);
}

static const struct rule rules[] = {
    {"modem-down", true, "alert_modem_down", "alert_modem_up", judge_down},
    {"sim-full", true, "alert_sim_full", "alert_sim_ok", judge_sim},
    {"balance", true, "alert_balance_low", "alert_balance_ok", judge_balance},
    {"disk", false, "alert_disk_low", "alert_disk_ok", judge_disk},
};

/* ---------------------------------------------------------------- engine */

/* "HH:MM dd/mm", local time. */
static void hhmm_ddmm(long long t_ms, char *out, size_t len)
{
	time_t t = (time_t)(t_ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, len, "%H:%M %d/%m", &tm);
}

/* The alert SMS of template name; caller frees; NULL if it cannot render. */
static char *render(const struct alert *a, const char *name, const struct facts *f,
		    const struct verdict *v, long long t_ms)
{
	char when[24];
	struct template_value vals[4];
	size_t n = 0;
	const char *text = conf_reply_text(a->conf, name);

	hhmm_ddmm(t_ms, when, sizeof(when));
	vals[n++] = (struct template_value){"time", when};
	vals[n++] = (struct template_value){"modem", f->mc ? f->mc->id : ""};
	for (int i = 0; i < 2; i++)
		if (v->name[i])
			vals[n++] = (struct template_value){v->name[i], v->val[i]};
	return text ? template_render(text, template_placeholders_default,
				      template_placeholders_default_count, vals, n,
				      a->conf->replies_ucs2)
		    : NULL;
}

/* Writes the row, with text (may be NULL) queued to the admins. */
static void save(struct alert *a, const char *key, const struct alert_row *r, const char *detail,
		 char *text)
{
	if (store_alert_set(a->st, key, r, detail, a->to, a->n_to, text) == 0 && text)
		a->queued += (int)a->n_to;
	free(text);
}

static void apply(struct alert *a, const struct rule *rl, const char *key, const struct facts *f,
		  const struct verdict *v, long long now)
{
	long long repeat = a->conf->alert_repeat * 60 * a->minute_ms;
	struct alert_row r;
	bool due;

	if (store_alert_get(a->st, key, &r) < 0)
		return;
	if (!v->holds) {
		if (r.raised) {
			log_info("alert cleared: %s", v->detail);
			struct alert_row z = {0};
			save(a, key, &z, v->detail,
			     r.notified ? render(a, rl->clear_tpl, f, v, now) : NULL);
		} else if (r.since) {
			save(a, key, &(struct alert_row){0}, NULL, NULL);
		}
		return;
	}
	if (!r.raised && !r.since) {
		r.since = now;
		if (v->hold_ms > 0) {
			save(a, key, &r, NULL, NULL);
			return;
		}
	}
	if (!r.raised && now - r.since < v->hold_ms)
		return;
	due = !r.sent || now - r.sent >= repeat;
	if (r.raised && !due)
		return;
	if (!r.raised)
		log_warn("alert: %s%s", v->detail,
			 due ? "" : " (not texted again within alert_repeat)");
	else
		log_warn("alert still holds: %s", v->detail);
	r.raised = true;
	r.notified = r.notified || due;
	if (due)
		r.sent = now;
	save(a, key, &r, v->detail, due ? render(a, rl->raise_tpl, f, v, r.since) : NULL);
}

static long long free_mb(const struct alert *a)
{
	struct statvfs sv;

	if (statvfs(a->db_dir, &sv) < 0)
		return -1;
	return (long long)((unsigned long long)sv.f_bavail * sv.f_frsize / (1024 * 1024));
}

/* The modem_state row of modem in rows (borrowed), or NULL. */
static json_t *row_of(json_t *rows, const char *modem)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		const char *id = json_string_value(json_object_get(row, "modem"));
		if (id && strcmp(id, modem) == 0)
			return row;
	}
	return NULL;
}

static void evaluate(struct alert *a)
{
	json_t *rows = store_modem_list(a->st);
	long long now = clock_now_ms();
	char key[64];

	if (!rows)
		return;
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		const struct rule *rl = &rules[r];
		size_t n = rl->per_modem ? a->conf->n_modems : 1;
		for (size_t i = 0; i < n; i++) {
			struct facts f = {.free_mb = -1};
			struct verdict v = {0};
			if (rl->per_modem) {
				f.mc = &a->conf->modems[i];
				f.row = row_of(rows, f.mc->id);
				snprintf(key, sizeof(key), "%s:%s", rl->kind, f.mc->id);
			} else {
				f.free_mb = free_mb(a);
				snprintf(key, sizeof(key), "%s", rl->kind);
			}
			rl->judge(a, &f, &v);
			apply(a, rl, key, &f, &v, now);
		}
	}
	json_decref(rows);
}

long long alert_tick(struct alert *a, int *queued)
{
	long long now = clock_now_ms();

	a->queued = 0;
	if (now >= a->next_ms) {
		evaluate(a);
		a->next_ms = now + ALERT_CHECK_MS;
	}
	*queued = a->queued;
	return a->next_ms - now;
}

/* ---------------------------------------------------------------- setup */

struct alert *alert_new(const struct conf *c, char *err, size_t errlen)
{
	struct alert *a = xcalloc(1, sizeof(*a));
	const char *slash = strrchr(c->database, '/');
	char num[32];

	a->conf = c;
	a->minute_ms = MINUTE_MS;
#ifdef TIENGDAN_TEST_HOOKS
	/* integration/test_alerts runs the whole path with a short "minute";
	 * the rules' timing is tested on the clock seam (unit/test_alert). */
	if (getenv("TIENGDAN_ALERT_MINUTE_MS"))
		a->minute_ms = strtoll(getenv("TIENGDAN_ALERT_MINUTE_MS"), NULL, 10);
	if (a->minute_ms <= 0)
		a->minute_ms = MINUTE_MS;
#endif
	a->st = store_open_existing(c->database, err, errlen);
	if (!a->st) {
		free(a);
		return NULL;
	}
	a->db_dir = slash && slash != c->database
			? xasprintf("%.*s", (int)(slash - c->database), c->database)
			: xstrdup("/");
	a->to = xcalloc(c->admin_phones.n + 1, sizeof(*a->to));
	for (size_t i = 0; i < c->admin_phones.n; i++) {
		phone_normalize(c->admin_phones.v[i], c->country_code, num, sizeof(num));
		a->to[a->n_to++] = xstrdup(num);
	}
	/* How long a modem was down before this start is not known. */
	store_alert_reset_pending(a->st);
	if (!a->n_to)
		log_info("no admin_phones: alerts go to the log only");
	return a;
}

void alert_free(struct alert *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_to; i++)
		free(a->to[i]);
	free(a->to);
	free(a->db_dir);
	store_close(a->st);
	free(a);
}
