/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-broadcast: the time to queue a notice to N recipients (the batch
 * path: store_notice_send, 500 rows a transaction) beside the time to
 * queue N single replies one by one, each in its own transaction as the
 * processor would without batching; and, while the notice is queued, the
 * longest a writer on another connection waits for its own commit.
 *
 * usage: tiengdan-bench-broadcast N RUNS DIR   (databases go in DIR)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "store/store.h"
#include "store/store_contacts.h"
#include "store/store_notices.h"
#include "store/store_outbound.h"
#include "store/store_units.h"
#include "util/log.h"

#define TEXT "TB1 Hop thon: Hop thon Pul 19h thu Bay tai nha van hoa. Da doc xin soan XN TB1"
#define RUNS_MAX 25
#define WRITER_PERIOD_NS 2000000L

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bench-broadcast: %s: %s\n", what, why);
	exit(1);
}

/* A fresh database at path with one commune, one village and n contacts
 * of it. */
static struct store *fresh(const char *path, long n)
{
	char err[256], phone[32], name[32];
	struct tderr e = {0};
	struct store *st;
	json_t *units, *people;

	remove(path);
	if (!(st = store_open(path, err, sizeof(err))))
		die(path, err);
	units = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]", "code", "C1", "name",
			  "Commune", "level", "commune", "code", "V1", "name", "Village", "level",
			  "village", "parent", "C1");
	if (store_units_import(st, units, &e) < 0)
		die("units", e.arg[0]);
	json_decref(units);
	people = json_array();
	for (long i = 0; i < n; i++) {
		snprintf(phone, sizeof(phone), "+8491%07ld", i);
		snprintf(name, sizeof(name), "Nguoi %ld", i);
		json_array_append_new(people,
				      json_pack("{s:s, s:s, s:s, s:s}", "phone", phone, "name",
						name, "village", "V1", "line", "1"));
	}
	if (store_contacts_import(st, people, NULL, &e) < 0)
		die("contacts", e.arg[0]);
	json_decref(people);
	return st;
}

/* Another connection committing one reply every 2 ms, as the processor
 * does, measuring how long each commit took from its BEGIN. */
struct writer {
	const char *path;
	atomic_bool stop;
	double worst;
	long commits;
};

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	char err[256];
	struct store *st = store_open_existing(w->path, err, sizeof(err));
	struct timespec pause = {0, WRITER_PERIOD_NS};

	if (!st)
		die(w->path, err);
	while (!atomic_load(&w->stop)) {
		double t0 = now_s();
		if (store_begin(st) == 0) {
			store_outbound_queue(st, "+84912000000", "Da nhan phan anh", NULL, true, 0);
			store_commit(st);
			w->commits++;
		}
		if (now_s() - t0 > w->worst)
			w->worst = now_s() - t0;
		nanosleep(&pause, NULL);
	}
	store_close(st);
	return NULL;
}

/* Queues the notice to every contact; returns the seconds it took and the
 * longest commit of the writer beside it in *worst. */
static double run_batch(const char *path, long n, double *worst)
{
	struct store *st = fresh(path, n);
	struct writer w = {.path = path};
	struct notice_info info;
	struct tderr e = {0};
	long long id, queued;
	pthread_t th;
	double t0, t;

	pthread_create(&th, NULL, writer_run, &w);
	t0 = now_s();
	store_begin(st);
	id = store_notice_insert(st, &(struct notice_new){.kind = "notice",
							  .title = "Hop thon",
							  .body = "Hop thon",
							  .target_kind = "village",
							  .target = "V1",
							  .want_ack = true,
							  .created_by = "bench"});
	store_notice_set_sms(st, id, TEXT);
	store_commit(st);
	if (store_notice_get(st, id, &info) != 1 ||
	    store_notice_send(st, &info,
			      &(struct notice_send){.user = "bench", .want_report = true}, &queued,
			      &e) < 0)
		die("notice", e.arg[0]);
	t = now_s() - t0;
	atomic_store(&w.stop, true);
	pthread_join(th, NULL);
	if (queued != n)
		die("notice", "not every recipient was queued");
	*worst = w.worst;
	store_close(st);
	return t;
}

/* Queues n replies, one transaction each; returns the seconds it took. */
static double run_single(const char *path, long n)
{
	struct store *st = fresh(path, n);
	char phone[32];
	double t0 = now_s(), t;

	for (long i = 0; i < n; i++) {
		snprintf(phone, sizeof(phone), "+8491%07ld", i);
		if (store_begin(st) < 0 ||
		    store_outbound_queue(st, phone, TEXT, NULL, true, 0) < 0 ||
		    store_commit(st) < 0)
			die("reply", store_errmsg(st));
	}
	t = now_s() - t0;
	store_close(st);
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	double batch[RUNS_MAX], single[RUNS_MAX], worst[RUNS_MAX], b, s;
	char path[4096];
	long n;
	int runs;

	if (argc != 4 || (n = atol(argv[1])) < 1 || n > 10000000 || (runs = atoi(argv[2])) < 1 ||
	    runs > RUNS_MAX) {
		fprintf(stderr, "usage: %s N RUNS DIR  (N >= 1, RUNS 1..%d)\n", argv[0], RUNS_MAX);
		return 2;
	}
	log_init("bench-broadcast", LOG_LVL_WARN);
	for (int r = 0; r < runs; r++) {
		snprintf(path, sizeof(path), "%s/batch.db", argv[3]);
		batch[r] = run_batch(path, n, &worst[r]);
		snprintf(path, sizeof(path), "%s/single.db", argv[3]);
		single[r] = run_single(path, n);
		printf(
		    "run %d: notice %.3f s, single replies %.3f s, longest wait beside the notice"
		    " %.1f ms\n",
		    r + 1, batch[r], single[r], worst[r] * 1000);
		fflush(stdout);
	}
	b = median(batch, runs);
	s = median(single, runs);
	printf("\n%ld recipients, median of %d run(s), synchronous=FULL:\n", n, runs);
	printf("  a notice to all, %d per transaction: %9.3f s  %9.0f SMS/s\n", NOTICE_CHUNK, b,
	       n / b);
	printf("  single replies, one transaction each: %9.3f s  %9.0f SMS/s\n", s, n / s);
	printf("  ratio: the batch path is %.1fx faster\n", s / b);
	printf("  a writer on another connection waited at most %.1f ms for a commit during the"
	       " notice (median of runs)\n",
	       median(worst, runs) * 1000);
	return 0;
}
