/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: any bytes as an SMS PDU, through libgammu's decoder as
 * the modem workers use it, then stored the way a worker stores a part
 * (sender normalised, NFC, reassembly) in a real SQLite file: a part or a
 * refusal, never a crash, a leak or an inconsistent part.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modem/modem.h"
#include "modem/worker_internal.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct modem_part p;

	if (!st) {
		char path[96], err[512];
		snprintf(path, sizeof(path), "/tmp/tiengdan-fuzz-pdu-%d.db", (int)getpid());
		unlink(path);
		st = store_open(path, err, sizeof(err));
		if (!st) {
			fprintf(stderr, "fuzz_pdu: %s\n", err);
			abort();
		}
	}
	if (modem_gammu_decode_pdu(data, size, &p) != 0)
		return 0;
	if (!p.type || !p.text || p.part_count < 1)
		abort();
	if (store_begin(st) != 0)
		abort();
	if (worker_part_store(st, NULL, "84", "fuzz", &p, "2025-07-10T02:00:00.000Z") < 0)
		abort(); /* any decoded part must be storable */
	store_rollback(st);
	modem_part_clear(&p);
	return 0;
}
