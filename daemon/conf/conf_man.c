/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan.conf(5) from the table of keys: `tiengdand --man` writes it and
 * the build turns it into the installed manual page. Only the frame (name,
 * syntax, files, example) is written here; every key comes from the table.
 */
#include "conf/conf_man.h"

#include "conf/conf_internal.h"
#include "util/roff.h"

#include <string.h>

/* Sections of the page, one per scope, in the order of enum conf_scope. */
static const struct {
	enum conf_scope scope;
	const char *title;
	const char *intro;
} sections[] = {
    {CONF_SCOPE_TOP, "TOP-LEVEL KEYS", "Keys of the file's root."},
    {CONF_SCOPE_MODEM, "MODEMS",
     "The modems key is a list of groups, one per modem:\n"
     "modems = ( { id = \"usb1\"; gammu = { device = \"...\"; }; }, ... );\n"
     "Each group takes these keys."},
    {CONF_SCOPE_GAMMU, "A MODEM'S GAMMU GROUP",
     "The gammu group of a modem holds the keys of a gammurc [gammu] section; they "
     "are handed to libgammu and mean what they mean there (see gammurc(5))."},
    {CONF_SCOPE_USER, "CONSOLE USERS",
     "The users key is a list of groups, each naming a unix user or group and its role "
     "in the staff console tiengdan(1). root is always admin; anyone not listed is "
     "refused."},
    {CONF_SCOPE_DEADLINES, "DEADLINES", "The deadlines group: working days per kind of case."},
    {CONF_SCOPE_REPLIES, "REPLIES",
     "The replies group replaces the default reply templates; each must fit one SMS "
     "with its longest values, which is checked at start-up."},
    {CONF_SCOPE_KEYWORDS, "KEYWORDS",
     "The keywords group adds keywords to the commands of the SMS language, as villagers "
     "type them; the built-in ones stay."},
};

#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

static const char *const type_words[] = {
    [CONF_T_STRING] = "string",	  [CONF_T_INT] = "integer",    [CONF_T_BOOL] = "boolean",
    [CONF_T_YESNO] = "yes/no",	  [CONF_T_ENUM] = "string",    [CONF_T_MODEMS] = "list",
    [CONF_T_GAMMU] = "group",	  [CONF_T_KEYWORDS] = "group", [CONF_T_WORDS] = "array",
    [CONF_T_USERS] = "list",	  [CONF_T_CODES] = "array",    [CONF_T_STRINGS] = "array",
    [CONF_T_DEADLINES] = "group", [CONF_T_REPLIES] = "group",
};

/* One key: its full name in bold, then description, type, what it accepts
 * and its default. */
static void print_key(FILE *out, const struct conf_key *k)
{
	char name[128], expected[512], def[1024];
	size_t n = 0;

	conf_key_fullname(k, name, sizeof(name));
	conf_key_expected(k, expected, sizeof(expected));
	fputs(".TP\n.B ", out);
	roff_line(out, name, 0);
	roff_line(out, k->desc, 0);
	fputs(".br\nType: ", out);
	roff_put(out, type_words[k->type], 0);
	fputs("; accepts ", out);
	roff_put(out, expected, 0);
	if (k->flags & CONF_F_REQUIRED)
		fputs("; required", out);
	if (k->def) {
		fputs("; default: ", out);
		if (k->type == CONF_T_STRING || k->type == CONF_T_ENUM)
			fputc('"', out);
		/* A list default ("+8432,+8433") with room to break lines. */
		for (const char *p = k->def; *p && n + 3 < sizeof(def); p++) {
			def[n++] = *p;
			if (*p == ',' && k->type == CONF_T_STRINGS)
				def[n++] = ' ';
		}
		def[n] = '\0';
		roff_put(out, def, 0);
		if (k->type == CONF_T_STRING || k->type == CONF_T_ENUM)
			fputc('"', out);
	}
	if (k->flags & CONF_F_PATH)
		fputs("; a relative path is relative to the file's folder", out);
	fputs(".\n", out);
}

static void print_section(FILE *out, const char *title, const char *intro, enum conf_scope scope)
{
	fputs(".SH ", out);
	roff_line(out, title, 0);
	if (intro)
		roff_line(out, intro, 0);
	for (const struct conf_key *k = conf_key_next(scope, NULL); k; k = conf_key_next(scope, k))
		print_key(out, k);
}

static const char *const head =
    ".SH NAME\n"
    "tiengdan.conf \\- configuration of the tiengdan SMS gateway\n"
    ".SH SYNOPSIS\n"
    ".B /etc/tiengdan/tiengdan.conf\n"
    ".SH DESCRIPTION\n"
    ".BR tiengdand (8)\n"
    "reads this file once at start.\n"
    "Its syntax is libconfig's:\n"
    ".IR name \" = \" value ;\n"
    "with strings in double quotes, groups in braces, lists in parentheses,\n"
    "arrays in brackets and comments after #.\n"
    "Every key is validated against one table, the one this page is generated from:\n"
    "an unknown key, a wrong type or a value out of range is refused with the file,\n"
    "line and key, and the daemon does not start.\n"
    ".PP\n"
    ".B tiengdand \\-\\-check\n"
    "validates the file and exits 0 or 1;\n"
    ".B tiengdand \\-\\-keys\n"
    "prints the same table as text.\n"
    "Relative paths are relative to the folder of the file.\n"
    "The commented reference with every key is installed as\n"
    ".IR /etc/tiengdan/tiengdan.conf .\n";

static const char *const tail =
    ".SH EXAMPLE\n"
    ".nf\n"
    "database = \"/var/lib/tiengdan/tiengdan.db\";\n"
    "gateway_number = \"0912345678\";\n"
    "admin_phones = [ \"0987654321\" ];\n"
    "users = ( { group = \"tiengdan\\-staff\"; role = \"handler\"; } );\n"
    "modems = (\n"
    "  { id = \"usb1\"; network = \"viettel\";\n"
    "    gammu = { device = \"/dev/serial/by\\-id/usb\\-HUAWEI_Mobile\\-if00\\-port0\";\n"
    "              connection = \"at\"; }; }\n"
    ");\n"
    ".fi\n"
    ".SH FILES\n"
    ".TP\n"
    ".I /etc/tiengdan/tiengdan.conf\n"
    "this file\n"
    ".TP\n"
    ".I /var/lib/tiengdan/tiengdan.db\n"
    "the database (default of\n"
    ".BR database )\n"
    ".TP\n"
    ".I /var/lib/tiengdan/tiengdan.db.key\n"
    "the key sealing the numbers of denunciation senders (default of\n"
    ".BR key_file );\n"
    "back it up with the database\n"
    ".SH SEE ALSO\n"
    ".BR tiengdand (8),\n"
    ".BR tiengdan (1),\n"
    ".BR gammurc (5)\n";

void conf_print_man(FILE *out, const char *version)
{
	bool done[64] = {false};

	fputs(".TH TIENGDAN.CONF 5 \"\" \"tiengdan ", out);
	roff_put(out, version, 0);
	fputs("\" \"File formats\"\n", out);
	fputs(head, out);
	for (size_t i = 0; i < N_SECTIONS; i++) {
		print_section(out, sections[i].title, sections[i].intro, sections[i].scope);
		done[sections[i].scope] = true;
	}
	/* A scope added to the table later still gets its keys printed. */
	for (int s = 0; s < 64; s++) {
		const struct conf_key *k = conf_key_next((enum conf_scope)s, NULL);
		char name[128], *dot;

		if (done[s] || !k)
			continue;
		conf_key_fullname(k, name, sizeof(name));
		dot = strrchr(name, '.');
		if (dot)
			*dot = '\0';
		print_section(out, name, NULL, (enum conf_scope)s);
	}
	fputs(tail, out);
}
