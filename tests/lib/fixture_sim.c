/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fixture's simulated AT modems: configurations whose modems are
 * modemsim processes started by libgammu itself (connection = proxyat),
 * SMS put on their SIM as PDUs, faults switched on and off, and what they
 * sent counted.
 */
#include "fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MODEMSIM TIENGDAN_BUILD_DIR "/tests/modemsim/modemsim"
#define MODEMSIM_PUT TIENGDAN_BUILD_DIR "/tests/modemsim/modemsim-put"

int fx_setup_sim(struct fx *f, int n_modems, const char *extra, const char *const *modem_extra)
{
	FILE *out;

	if (fx_setup(f, 0, NULL) < 0 || n_modems > FX_MAX_MODEMS)
		return -1;
	f->n_modems = n_modems;
	out = fopen(f->conf, "w");
	if (!out)
		return -1;
	fprintf(out,
		"database = \"tiengdan.db\";\nsocket = \"control.sock\";\n"
		"log_level = \"info\";\nworker_restart_max = 2;\nwatchdog_timeout = 6;\n"
		"send_timeout = 5;\nussd_timeout = 5;\n%s\nmodems = (\n",
		extra ? extra : "");
	for (int i = 0; i < n_modems; i++) {
		char sms[PATH_MAX + 8];

		snprintf(f->modem[i], sizeof(f->modem[i]), "%s/sim%d", f->dir, i + 1);
		snprintf(sms, sizeof(sms), "%s/sms", f->modem[i]);
		mkdir(f->modem[i], 0700);
		mkdir(sms, 0700);
		fprintf(
		    out,
		    "  { id = \"m%d\"; scan_interval = 60; status_interval = 2; %s\n"
		    "    gammu = { connection = \"proxyat\"; device = \"%s --sim %s\"; }; }%s\n",
		    i + 1, modem_extra && modem_extra[i] ? modem_extra[i] : "", MODEMSIM,
		    f->modem[i], i + 1 < n_modems ? "," : "");
	}
	fputs(");\n", out);
	fchmod(fileno(out), 0644);
	return fclose(out) == 0 ? 0 : -1;
}

int fx_sim_put(struct fx *f, int i, const char *number, const char *text, bool ucs2, bool reverse)
{
	const char *argv[8];
	int n = 0, status;
	pid_t pid;

	argv[n++] = MODEMSIM_PUT;
	if (ucs2)
		argv[n++] = "--ucs2";
	if (reverse)
		argv[n++] = "--reverse";
	argv[n++] = f->modem[i];
	argv[n++] = number;
	argv[n++] = text;
	argv[n] = NULL;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int fx_sim_put_pdu(struct fx *f, int i, int index, int stat, const char *pdu)
{
	char path[PATH_MAX + 16], tmp[PATH_MAX + 16];
	FILE *out;

	snprintf(path, sizeof(path), "%s/sms/%d", f->modem[i], index);
	snprintf(tmp, sizeof(tmp), "%s/sms/.put%d", f->modem[i], index);
	out = fopen(tmp, "w");
	if (!out)
		return -1;
	fprintf(out, "%d %s\n", stat, pdu);
	if (fclose(out) != 0)
		return -1;
	return rename(tmp, path);
}

int fx_sim_fault(struct fx *f, int i, const char *faults)
{
	char path[PATH_MAX + 16], tmp[PATH_MAX + 16];
	FILE *out;

	snprintf(path, sizeof(path), "%s/faults", f->modem[i]);
	if (!faults)
		return unlink(path) == 0 || access(path, F_OK) != 0 ? 0 : -1;
	snprintf(tmp, sizeof(tmp), "%s/.faults", f->modem[i]);
	out = fopen(tmp, "w");
	if (!out)
		return -1;
	fputs(faults, out);
	if (fclose(out) != 0)
		return -1;
	return rename(tmp, path);
}

int fx_sim_waiting(struct fx *f, int i)
{
	char path[PATH_MAX + 8];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/sms", f->modem[i]);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] >= '0' && e->d_name[0] <= '9';
	closedir(d);
	return n;
}

int fx_sim_sent(struct fx *f, int i)
{
	char path[PATH_MAX + 8];
	FILE *in;
	int n = 0, c;

	snprintf(path, sizeof(path), "%s/sent", f->modem[i]);
	in = fopen(path, "r");
	if (!in)
		return 0;
	while ((c = fgetc(in)) != EOF)
		n += c == '\n';
	fclose(in);
	return n;
}

bool fx_log_contains(struct fx *f, const char *text)
{
	FILE *in = fopen(f->log, "r");
	char line[4096];
	bool found = false;

	if (!in)
		return false;
	while (!found && fgets(line, sizeof(line), in))
		found = strstr(line, text) != NULL;
	fclose(in);
	return found;
}

bool fx_wait_log(struct fx *f, const char *text, int timeout_ms)
{
	for (int waited = 0; waited < timeout_ms; waited += 50) {
		if (fx_log_contains(f, text))
			return true;
		fx_sleep_ms(50);
	}
	return fx_log_contains(f, text);
}
