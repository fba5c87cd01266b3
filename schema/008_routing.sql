-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 8: sending on-net. Each worker writes its modem's SIM
-- network into modem_state and the configured prefixes of every network
-- into network_prefix; a queued row whose recipient is on the network of
-- another connected modem is left to that modem (see store_outbound_claim).

ALTER TABLE modem_state ADD COLUMN sim_network TEXT; -- 'viettel', ..., NULL: any

CREATE TABLE network_prefix (
	prefix TEXT PRIMARY KEY,          -- E.164, e.g. '+8496'
	network TEXT NOT NULL
);
