/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The staff console's shared state and helpers: options that apply to every
 * command, the connection to the daemon, the output forms, and the table of
 * commands used both on the command line and in interactive mode.
 */
#ifndef TIENGDAN_CONSOLE_H
#define TIENGDAN_CONSOLE_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes scripts can rely on. */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,      /* refused as invalid, not found, conflict */
	EXIT_USAGE = 2,	      /* wrong arguments */
	EXIT_UNAVAILABLE = 3, /* no daemon, or it broke the protocol */
	EXIT_FORBIDDEN = 4,   /* the caller's role does not allow it */
	EXIT_INTERNAL = 5,    /* the daemon failed (database error) */
};

enum out_format { OUT_TABLE = 0, OUT_JSON, OUT_CSV };

struct console {
	const char *lang; /* "vi" or "en" */
	enum out_format format;
	const char *conf_path; /* -c, or the default */
	bool conf_explicit;    /* -c was given */
	const char *socket;    /* -s, or found through the configuration */
	char *socket_owned;
	int fd; /* the connection, -1 until the first request */
	bool interactive;
	bool quiet; /* console_call prints no error (completion) */
};

/* An option of a command: --name VALUE (or a flag) stored under key in the
 * request's arguments. */
struct cmd_opt {
	const char *name;
	int has_arg; /* no_argument: a flag (true) */
	const char *key;
};

struct command {
	const char *name; /* "contacts" */
	const char *sub;  /* "add", or NULL */
	const char *op;	  /* the daemon's operation, NULL for local commands */
	/* NULL: the generic runner (options -> request -> output). */
	int (*run)(struct console *con, const struct command *cmd, int argc, char **argv);
	const struct cmd_opt *opts;    /* terminated by a NULL name; may be NULL */
	const char *const *positional; /* argument keys, in order; NULL-terminated or NULL */
	const char *columns;	       /* table columns: "code,name,level" */
	const char *usage;	       /* the arguments: "--phone P --name N ..." */
	const char *help[2];	       /* one line, Vietnamese and English */
	const char *done[2];	       /* format with one %s: a field of the result */
	const char *done_field;	       /* that field */
};

/* The tables (commands.c; notices and polls: cmd_notices.c), each
 * terminated by a NULL name. */
extern const struct command console_commands[];
extern const struct command console_commands_notices[];
/* backup, restore, retention (cmd_admin.c). */
extern const struct command console_commands_admin[];
/* Every command of every table in turn: pass NULL first, then the
 * previous result; NULL after the last. */
const struct command *console_command_next(const struct command *c);

/* Finds the command for argv (argv[0] name, argv[1] maybe sub); sets
 * *used to the number of words it took. NULL if none. */
const struct command *console_find(int argc, char **argv, int *used);
/* Runs the command line argv (argc >= 1); returns an exit code. */
int console_run(struct console *con, int argc, char **argv);
/* Prints the list of commands, or one command's help. */
void console_usage(const struct console *con, FILE *out);
void console_command_help(const struct console *con, const struct command *cmd, FILE *out);

/* The text of key in the console's language (i18n.c); key itself if the
 * table has none. */
const char *tr(const struct console *con, const char *key);
/* The value a filter or argument key means when staff type value in
 * Vietnamese (with or without diacritics), English or an abbreviation
 * ("khieu nai", "KN" -> "complaint"), or NULL to send it as typed
 * (alias.c). */
const char *console_alias(const char *key, const char *value);
/* Whether key has a text in both languages (tests walk every key). */
bool i18n_has(const char *key);

/* Reads and runs commands until end of input or "quit" (interactive.c). */
int console_interactive(struct console *con);

/* ---------------------------------------------------------------- client */

/* Sends {"cmd": op, "args": args, "lang": ...} (args borrowed, may be NULL)
 * and waits for the answer. On success returns EXIT_OK and *result (caller
 * decrefs); otherwise prints the error on stderr and returns its exit
 * code. */
int console_call(struct console *con, const char *op, json_t *args, json_t **result);
/* Closes the connection (the next call reconnects). */
void console_disconnect(struct console *con);

/* Runs tiengdand with args (NULL-terminated, e.g. "--probe", ...) plus the
 * console's --lang and --config, for the commands that need the database or
 * a modem (daemon_tool.c). On success returns EXIT_OK and *result (caller
 * decrefs); otherwise prints the error on stderr and returns its exit code. */
int console_daemon_tool(struct console *con, char *const *args, json_t **result);

/* ---------------------------------------------------------------- output */

/* Prints rows (array of objects) in the console's format; columns lists
 * the fields of the table form (NULL: every field of the first row). */
void output_rows(const struct console *con, const json_t *rows, const char *columns, FILE *out);
/* Prints one object as "label: value" lines (or JSON). */
void output_object(const struct console *con, const json_t *obj, FILE *out);

/* ---------------------------------------------------------------- runners */

/* Reads the options of cmd (and the global ones) from argv into args.
 * Returns the index of the first positional argument, -1 on a usage
 * error (help printed), -2 after --help. */
int console_read_options(struct console *con, const struct command *cmd, int argc, char **argv,
			 json_t *args);
/* Maps the positional arguments from first on to cmd's keys; -1 on a
 * usage error (printed). */
int console_read_positional(struct console *con, const struct command *cmd, int argc, char **argv,
			    int first, json_t *args);
/* Prints a daemon's result for cmd (table, done message or object). */
void console_print_result(const struct console *con, const struct command *cmd,
			  const json_t *result);

/* ---------------------------------------------------------------- local */

/* The commands that need more than the generic runner. */
int cmd_parse(int argc, char **argv);
/* tiengdan setup (cmd_setup.c): writes the first-run answers into the
 * configuration file; runs without the daemon. */
int cmd_setup_run(struct console *con, const struct command *cmd, int argc, char **argv);
/* tiengdan setup --cockpit (cmd_setup_cockpit.c): enables cockpit.socket
 * (dry_run: only says what it would run). 0 or -1, said on stderr. */
int setup_cockpit(bool english, bool dry_run);
/* cases reply: segments and cost first, then confirmation (cmd_cases.c). */
int run_cases_reply(struct console *con, const struct command *cmd, int argc, char **argv);
/* report: the figures as text shaped like a district report, or CSV/JSON
 * (cmd_report.c). */
int run_report(struct console *con, const struct command *cmd, int argc, char **argv);
/* report --form: the form the daemon filled as text, CSV, JSON, or with
 * "xlsx" in args a spreadsheet at that path (cmd_forms.c). */
int run_report_form(struct console *con, json_t *args);
/* Writes form r (report.form's result) as an .xlsx file at path
 * (cmd_forms_xlsx.c). An exit code. */
int report_form_xlsx(const struct console *con, const json_t *r, const char *path);
/* The narrative of forms 01/TCD and 02/XLD over args' period and unit,
 * in the sentences of a report's footnotes (caller frees); NULL when the
 * daemon refused (the error printed). cmd_report_narrative.c. */
char *report_narrative(struct console *con, const json_t *args);
/* Writes text (paragraphs separated by newlines) as a Word document at
 * path: Times New Roman 14, A4 (cmd_report_docx.c). An exit code. */
int report_docx(const struct console *con, const char *text, const char *path);
/* The report's paragraphs on notices and polls, in English when en (caller
 * frees; cmd_report_notices.c). */
char *report_notices_text(const json_t *report, bool en);
/* modems ussd: one or two arguments, the answer and a menu hint (cmd_modems.c). */
int run_modems_ussd(struct console *con, const struct command *cmd, int argc, char **argv);
/* modems probe: the AT modems on the serial ports and a ready modems block,
 * without the daemon (cmd_probe.c). */
int run_modems_probe(struct console *con, const struct command *cmd, int argc, char **argv);

#endif
