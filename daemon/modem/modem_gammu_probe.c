/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What an AT modem on a port answers (tiengdan modems probe): identity, SIM
 * state, IMSI, signal and network, through libgammu, on a state machine of
 * its own that is closed at once.
 */
#include "modem/modem_gammu_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const char *sim_state(GSM_StateMachine *sm)
{
	GSM_SecurityCodeType status;
	GSM_Error e = GSM_GetSecurityStatus(sm, &status);

	if (e == ERR_NOSIM)
		return "no_sim";
	if (e == ERR_NONE && status == SEC_None)
		return "ready";
	if (e == ERR_NONE && (status == SEC_Pin || status == SEC_Pin2))
		return "pin";
	if (e == ERR_NONE && (status == SEC_Puk || status == SEC_Puk2))
		return "puk";
	return e == ERR_NOTSUPPORTED || e == ERR_NOTIMPLEMENTED ? "ready" : "";
}

/* "Viettel Mobile (452 04)": the name from libgammu's table of networks,
 * else the name the modem gave, with the code; the code alone if neither. */
static void operator_of(const GSM_NetworkInfo *net, char *out, size_t len)
{
	char *name = NULL;
	const unsigned char *known = GSM_GetNetworkName(net->NetworkCode);

	if (known && UnicodeLength(known) > 0)
		name = gammu_utf8(known);
	else if (UnicodeLength(net->NetworkName) > 0)
		name = gammu_utf8(net->NetworkName);
	if (name && name[0] && strcmp(name, "unknown") != 0)
		snprintf(out, len, "%s (%s)", name, net->NetworkCode);
	else
		str_copy(out, len, net->NetworkCode);
	free(name);
}

int modem_gammu_probe(const char *device, const char *connection, struct modem_probe_info *out,
		      char *err, size_t errlen)
{
	struct conf_kv kv[] = {{(char *)"device", (char *)device},
			       {(char *)"connection", (char *)(connection ? connection : "at")}};
	struct conf_modem mc = {.id = (char *)"probe", .gammu = kv, .n_gammu = 2};
	char buf[GSM_MAX_INFO_LENGTH + 1];
	GSM_SignalQuality sig;
	GSM_NetworkInfo net;
	struct modem *m;
	GSM_Error e;

	memset(out, 0, sizeof(*out));
	out->signal_percent = -1;
	m = gammu_open(&mc, false, err, errlen);
	if (!m)
		return -1;
	e = GSM_InitConnection(m->sm, 1);
	if (e != ERR_NONE) {
		snprintf(err, errlen, "%s", GSM_ErrorString(e));
		gammu_close(m);
		return -1;
	}
	m->connected = true;
	gammu_identity(m, out->manufacturer, out->model, out->imei);
	str_copy(out->sim, sizeof(out->sim), sim_state(m->sm));
	memset(buf, 0, sizeof(buf));
	if (GSM_GetSIMIMSI(m->sm, buf) == ERR_NONE)
		str_copy(out->imsi, sizeof(out->imsi), buf);
	memset(&sig, 0, sizeof(sig));
	if (GSM_GetSignalQuality(m->sm, &sig) == ERR_NONE)
		out->signal_percent = sig.SignalPercent;
	memset(&net, 0, sizeof(net));
	if (GSM_GetNetworkInfo(m->sm, &net) == ERR_NONE) {
		str_copy(out->network, sizeof(out->network), gammu_network_state(net.State));
		if (net.NetworkCode[0])
			operator_of(&net, out->operator, sizeof(out->operator));
	}
	gammu_close(m);
	return 0;
}
