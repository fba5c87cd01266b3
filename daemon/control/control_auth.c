/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who is calling: the unix user behind a connection (from SO_PEERCRED), and
 * the role the configuration gives that user or one of their groups. Root is
 * admin; a user no entry names has no role and is refused.
 */
#include "control/control_internal.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_casework.h"
#include "store/store_units.h"
#include "store/store_views.h"
#include "util/xalloc.h"

#define MAX_GROUPS 256

/* True when the user (name, primary gid) belongs to group name. */
static bool in_group(const char *user, gid_t gid, const char *group)
{
	struct group gr, *res = NULL;
	gid_t groups[MAX_GROUPS];
	int n = MAX_GROUPS;
	char buf[8192];

	if (getgrnam_r(group, &gr, buf, sizeof(buf), &res) != 0 || !res)
		return false;
	if (gr.gr_gid == gid)
		return true;
	if (getgrouplist(user, gid, groups, &n) < 0)
		return false;
	for (int i = 0; i < n; i++)
		if (groups[i] == gr.gr_gid)
			return true;
	return false;
}

/* Adds an entry's communes to the peer's (an entry without communes makes
 * the peer unlimited, recorded as all = true). */
static void add_communes(struct peer *p, const struct conf_user *u, bool *all)
{
	if (u->n_communes == 0) {
		*all = true;
		return;
	}
	for (size_t i = 0; i < u->n_communes; i++) {
		bool dup = false;
		for (size_t j = 0; j < p->n_communes; j++)
			dup = dup || strcmp(p->communes[j], u->communes[i]) == 0;
		if (dup)
			continue;
		p->communes = xrealloc(p->communes, (p->n_communes + 1) * sizeof(*p->communes));
		p->communes[p->n_communes++] = xstrdup(u->communes[i]);
	}
}

void peer_identify(struct peer *p, const struct conf *c, uid_t uid, gid_t gid, pid_t pid)
{
	struct passwd pw, *res = NULL;
	char buf[8192];
	bool known, all = false;

	memset(p, 0, sizeof(*p));
	p->uid = uid;
	p->gid = gid;
	p->pid = pid;
	p->role = -1;
	known = getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res;
	if (known)
		snprintf(p->user, sizeof(p->user), "%s", pw.pw_name);
	else
		snprintf(p->user, sizeof(p->user), "#%u", (unsigned)uid);
	if (uid == 0) {
		p->role = ROLE_ADMIN;
		return;
	}
	if (!known)
		return;
	/* The most powerful matching entry wins; entries of that same role add
	 * their communes together. */
	for (size_t i = 0; i < c->n_users; i++) {
		const struct conf_user *u = &c->users[i];
		bool match = u->user ? strcmp(u->user, p->user) == 0
				     : in_group(p->user, pw.pw_gid, u->group);
		if (match && u->role > p->role)
			p->role = u->role;
	}
	for (size_t i = 0; p->role >= 0 && i < c->n_users; i++) {
		const struct conf_user *u = &c->users[i];
		bool match = u->user ? strcmp(u->user, p->user) == 0
				     : in_group(p->user, pw.pw_gid, u->group);
		if (match && u->role == p->role)
			add_communes(p, u, &all);
	}
	if (all) {
		for (size_t i = 0; i < p->n_communes; i++)
			free(p->communes[i]);
		free(p->communes);
		p->communes = NULL;
		p->n_communes = 0;
	}
}

void peer_clear(struct peer *p)
{
	for (size_t i = 0; i < p->n_communes; i++)
		free(p->communes[i]);
	free(p->communes);
	p->communes = NULL;
	p->n_communes = 0;
}

struct unit_scope peer_scope(const struct peer *p)
{
	return (struct unit_scope){.communes = (const char *const *)p->communes,
				   .n = p->n_communes};
}

const struct seal *peer_reveal(const struct request *r)
{
	/* A listing mixes communes: only a supervisor or admin of them all. */
	return r->svc && r->peer->role >= ROLE_SUPERVISOR && r->peer->n_communes == 0 ? r->svc->seal
										      : NULL;
}

const struct seal *peer_reveal_in_scope(const struct request *r)
{
	return r->svc && r->peer->role >= ROLE_SUPERVISOR ? r->svc->seal : NULL;
}

bool peer_may_act_on(struct request *r, bool outbound, long long id)
{
	char commune[UNIT_CODE_MAX];
	struct unit_scope scope = peer_scope(r->peer);

	if (r->peer->n_communes == 0)
		return true;
	if (store_message_commune(r->st, outbound, id, commune) <= 0)
		return false;
	return store_scope_has(&scope, commune);
}
