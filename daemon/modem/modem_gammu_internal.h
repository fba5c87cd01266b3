/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the files of the libgammu seam only (modem_gammu*.c): what they
 * need of each other. It includes gammu.h; nothing else may include it.
 */
#ifndef TIENGDAN_MODEM_GAMMU_INTERNAL_H
#define TIENGDAN_MODEM_GAMMU_INTERNAL_H

#include <gammu.h>

#include "conf/conf.h"
#include "modem/modem.h"

/* libgammu's dummy driver: locations per SIM folder (DUMMY_MAX_SMS). */
#define DUMMY_SIM_SIZE 10000

struct modem {
	GSM_StateMachine *sm;
	char *id;
	char *pin;
	char *smsc;
	INI_Section *ini;	  /* the gammu group as libgammu's gammurc reader sees it */
	GSM_MultiSMSMessage last; /* the SMS read last by read_next */
	/* A dummy modem's SIM inbox folder, read by location (see
	 * read_dummy_next), and the locations found in it. */
	char *dummy_inbox;
	int *locations;
	size_t n_locations, next_location;
	/* libgammu's debug text while reading the SIM (see capture_begin). */
	char *capture_path;
	FILE *capture;
	bool connected;
	/* Set by the callbacks, which run inside GSM_ReadDevice/GSM_SendSMS. */
	bool send_done;
	int send_status;
	int send_ref;
	bool incoming;
	bool ussd_done;
	int ussd_status;      /* GSM_USSDStatus of the last answer */
	char ussd_text[1024]; /* UTF-8 */
};

/* Opens (without connecting) the modem mc names; through tiengdan-atfilter
 * when filter and it is an AT modem. NULL with err. */
struct modem *gammu_open(const struct conf_modem *mc, bool filter, char *err, size_t errlen);
void gammu_close(struct modem *m);
int gammu_identity(struct modem *m, char *manufacturer, char *model, char *imei);
const char *gammu_network_state(GSM_NetworkInfo_State st);

/* UCS-2 (as libgammu keeps text) to a fresh UTF-8 string; caller frees. */
char *gammu_utf8(const unsigned char *ucs2);
/* One SMS as libgammu decoded it into p (p->text allocated: see
 * modem_part_clear). */
void gammu_decode_one(const GSM_SMSMessage *sms, struct modem_part *p);

#endif
