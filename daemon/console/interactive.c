/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interactive mode: commands read with libedit (editing, history kept in
 * the user's home) and run exactly as on the command line; tab completes
 * command names, options, unit codes, case codes, statuses and phone
 * numbers (fetched from the daemon once per session).
 */
#include <editline/readline.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "core/case_status.h"
#include "util/xalloc.h"

#define HISTORY_LINES 1000
#define MAX_WORDS 64

static struct console *session;

/* Completion candidates: a NULL-terminated list built per completion. */
static char **candidates;
static size_t n_candidates;

static json_t *unit_rows, *contact_rows, *case_rows; /* cached daemon answers */

static void candidate_add(const char *s);

/* The statuses staff may move a case to (core/case_status.h). */
static void add_statuses(void)
{
	for (int s = CASE_ACCEPTED; s < CASE_N_STATUSES; s++)
		candidate_add(case_status_name((enum case_status)s));
}

static void candidates_clear(void)
{
	for (size_t i = 0; i < n_candidates; i++)
		free(candidates[i]);
	free(candidates);
	candidates = NULL;
	n_candidates = 0;
}

static void candidate_add(const char *s)
{
	for (size_t i = 0; i < n_candidates; i++)
		if (strcmp(candidates[i], s) == 0)
			return;
	candidates = xrealloc(candidates, (n_candidates + 2) * sizeof(char *));
	candidates[n_candidates++] = xstrdup(s);
	candidates[n_candidates] = NULL;
}

/* Rows of an operation, fetched once, quietly (no error printed while the
 * user is typing). */
static json_t *cached_rows(json_t **cache, const char *op, json_t *args)
{
	json_t *result = NULL;

	if (!*cache) {
		session->quiet = true;
		if (console_call(session, op, args, &result) == EXIT_OK)
			*cache = json_incref(json_object_get(result, "rows"));
		session->quiet = false;
		json_decref(result);
		if (!*cache)
			*cache = json_array();
	}
	json_decref(args);
	return *cache;
}

static void add_field_of(json_t *rows, const char *field)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		const char *s = json_string_value(json_object_get(row, field));
		if (s)
			candidate_add(s);
	}
}

/* Fills the candidates for the word being typed, after words[0..n-1]. */
static void collect(char **words, int n)
{
	const char *prev = n > 0 ? words[n - 1] : "";
	int used = 0;
	const struct command *cmd = n > 0 ? console_find(n, words, &used) : NULL;

	if (n == 0) {
		for (const struct command *c = console_command_next(NULL); c;
		     c = console_command_next(c))
			candidate_add(c->name);
		candidate_add("quit");
		return;
	}
	if (n == 1)
		for (const struct command *c = console_command_next(NULL); c;
		     c = console_command_next(c))
			if (c->sub && strcmp(c->name, words[0]) == 0)
				candidate_add(c->sub);
	bool code_arg = cmd && cmd->positional && !strcmp(cmd->positional[0], "code") && n == used;
	bool cases = cmd && !strcmp(cmd->name, "cases");

	if (code_arg && cases) {
		add_field_of(cached_rows(&case_rows, "cases.list", NULL), "code");
		return;
	}
	if (cases && cmd->positional && cmd->positional[1] &&
	    !strcmp(cmd->positional[1], "status") && n == used + 1) {
		add_statuses();
		return;
	}
	if (!strcmp(prev, "--village") || !strcmp(prev, "--commune") || !strcmp(prev, "--unit") ||
	    code_arg ||
	    (cases && cmd->positional && cmd->positional[1] &&
	     !strcmp(cmd->positional[1], "unit") && n == used + 1)) {
		add_field_of(cached_rows(&unit_rows, "units.list", json_pack("{s:b}", "all", 1)),
			     "code");
		return;
	}
	if (!strcmp(prev, "--status")) {
		add_statuses();
		return;
	}
	if (!strcmp(prev, "--kind")) {
		candidate_add("feedback");
		candidate_add("complaint");
		candidate_add("denunciation");
		return;
	}
	if (!strcmp(prev, "--phone") ||
	    (!strcmp(prev, "--from") && !strcmp(words[0], "messages")) ||
	    (cmd && cmd->positional && !strcmp(cmd->positional[0], "phone") && n == used)) {
		add_field_of(cached_rows(&contact_rows, "contacts.list", NULL), "phone");
		return;
	}
	if (!strcmp(prev, "--role")) {
		candidate_add("resident");
		candidate_add("head");
		candidate_add("deputy");
		return;
	}
	if (cmd && n >= used) {
		char opt[64];
		for (const struct cmd_opt *o = cmd->opts; o && o->name; o++) {
			snprintf(opt, sizeof(opt), "--%s", o->name);
			candidate_add(opt);
		}
		candidate_add("--json");
		candidate_add("--csv");
		candidate_add("--help");
	}
}

static char *next_candidate(const char *text, int state)
{
	static size_t i;
	size_t len = strlen(text);

	if (state == 0)
		i = 0;
	while (i < n_candidates) {
		const char *c = candidates[i++];
		if (strncmp(c, text, len) == 0)
			return strdup(c); /* readline frees it */
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	char *head = xasprintf("%.*s", start, rl_line_buffer);
	char *words[MAX_WORDS];
	int n = 0;
	char **matches;

	for (char *tok = strtok(head, " \t"); tok && n < MAX_WORDS; tok = strtok(NULL, " \t"))
		words[n++] = tok;
	candidates_clear();
	collect(words, n);
	free(head);
	rl_attempted_completion_over = 1; /* never fall back to file names */
	matches = rl_completion_matches(text, next_candidate);
	return matches;
}

/* Runs one line; returns false when the user wants to leave. */
static bool run_line(struct console *con, Tokenizer *tok, const char *line)
{
	const char **argv = NULL;
	int argc = 0;
	char **copy;

	tok_reset(tok);
	if (tok_str(tok, line, &argc, &argv) != 0) {
		fprintf(stderr, "tiengdan: %s\n", tr(con, "unbalanced_quotes"));
		return true;
	}
	if (argc == 0)
		return true;
	if (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit"))
		return false;
	copy = xcalloc((size_t)argc + 1, sizeof(char *));
	for (int i = 0; i < argc; i++)
		copy[i] = xstrdup(argv[i]);
	{
		/* Output options given on one line apply to that line only. */
		enum out_format format = con->format;
		const char *lang = con->lang;
		console_run(con, argc, copy);
		con->format = format;
		con->lang = lang;
	}
	for (int i = 0; i < argc; i++)
		free(copy[i]);
	free(copy);
	fflush(stdout);
	return true;
}

/* libedit reads multibyte letters only in a UTF-8 character locale: the
 * user's, else C.UTF-8 (staff type Vietnamese; under "C" libedit drops
 * every non-ASCII byte: "Đã gặp bà Hoà" became " gp b Ho"). */
static void utf8_locale(void)
{
	const char *set = setlocale(LC_CTYPE, "");

	if (!set || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/* The caller's deadlines first: what is overdue and what falls due
 * within 3 working days (cases.due), when there is any; nothing when the
 * daemon cannot tell (no daemon, no right). */
static void print_due(struct console *con)
{
	json_t *args = json_object(), *rows = NULL, *row;
	long long overdue = 0, soon = 0;
	bool quiet = con->quiet;
	size_t i;

	con->quiet = true;
	if (console_call(con, "cases.due", args, &rows) == EXIT_OK && json_is_array(rows)) {
		json_array_foreach(rows, i, row)
		{
			overdue += json_integer_value(json_object_get(row, "overdue"));
			soon += json_integer_value(json_object_get(row, "due_soon"));
		}
		if (overdue || soon)
			printf("%s %lld; %s %lld (%s)\n", tr(con, "due_overdue"), overdue,
			       tr(con, "due_soon"), soon, tr(con, "due_see"));
	}
	con->quiet = quiet;
	json_decref(rows);
	json_decref(args);
}

int console_interactive(struct console *con)
{
	Tokenizer *tok = tok_init(NULL);
	const char *home = getenv("HOME");
	char *hist = home ? xasprintf("%s/.tiengdan_history", home) : NULL;
	bool tty = isatty(STDIN_FILENO);
	char *line = NULL;
	size_t cap = 0;

	session = con;
	con->interactive = true;
	if (tty) {
		utf8_locale();
		rl_readline_name = "tiengdan";
		rl_attempted_completion_function = complete;
		stifle_history(HISTORY_LINES);
		if (hist)
			read_history(hist);
		printf("%s\n", tr(con, "interactive_hello"));
		print_due(con);
	}
	for (;;) {
		bool more;
		if (tty) {
			free(line);
			line = readline("tiengdan> ");
			if (!line)
				break;
			if (line[strspn(line, " \t")])
				add_history(line);
		} else if (getline(&line, &cap, stdin) < 0) {
			break;
		}
		more = run_line(con, tok, line);
		if (!more)
			break;
	}
	if (tty) {
		putchar('\n');
		if (hist)
			write_history(hist);
	}
	free(line);
	free(hist);
	tok_end(tok);
	candidates_clear();
	json_decref(unit_rows);
	json_decref(contact_rows);
	json_decref(case_rows);
	return EXIT_OK;
}
