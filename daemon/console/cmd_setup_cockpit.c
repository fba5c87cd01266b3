/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tiengdan setup --cockpit: enables Cockpit's socket so that staff open the
 * console in a browser (https://<box>:9090, the page /usr/share/cockpit/
 * tiengdan); runs `systemctl enable --now cockpit.socket`. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console.h"

extern char **environ;

#define COCKPIT_WS "/usr/lib/cockpit/cockpit-ws"

static const char *const texts[][2] = {
    {"Cockpit chưa được cài: `apt install cockpit-ws cockpit-bridge` rồi chạy lại.",
     "Cockpit is not installed: `apt install cockpit-ws cockpit-bridge`, then run this again."},
    {"sẽ chạy:", "would run:"},
    {"không chạy được systemctl:", "cannot run systemctl:"},
    {"systemctl không bật được cockpit.socket; mã",
     "systemctl could not enable cockpit.socket; status"},
    {"Đã bật Cockpit: cán bộ mở https://<tên máy>:9090 và đăng nhập bằng tài khoản của mình.",
     "Cockpit is on: staff open https://<this machine>:9090 and log in with their own account."},
};
enum { C_MISSING, C_WOULD, C_SPAWN, C_FAILED, C_DONE };

int setup_cockpit(bool english, bool dry_run)
{
	char *const argv[] = {"systemctl", "enable", "--now", "cockpit.socket", NULL};
	const int l = english ? 1 : 0;
	pid_t pid;
	int status, rc;

	if (access(COCKPIT_WS, X_OK) < 0) {
		fprintf(stderr, "tiengdan setup: %s\n", texts[C_MISSING][l]);
		return -1;
	}
	if (dry_run) {
		printf("%s systemctl enable --now cockpit.socket\n", texts[C_WOULD][l]);
		return 0;
	}
	fflush(stdout);
	rc = posix_spawnp(&pid, "systemctl", NULL, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "tiengdan setup: %s %s\n", texts[C_SPAWN][l], strerror(rc));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "tiengdan setup: %s %d\n", texts[C_FAILED][l],
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	printf("%s\n", texts[C_DONE][l]);
	return 0;
}
