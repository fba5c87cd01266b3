-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 1: the message ledger. Times are UTC, ISO-8601
-- ('2025-07-10T03:04:05.123Z'). Table and column names of inbound_part,
-- inbound and outbound are a contract relied on by operators' queries.

-- One row per SMS part read from a modem, before reassembly. A part read
-- twice (a delete that failed) is stored once: see the unique key.
CREATE TABLE inbound_part (
	id INTEGER PRIMARY KEY,
	modem TEXT NOT NULL,
	sender TEXT NOT NULL,            -- E.164 when numeric, else as received
	sender_raw TEXT NOT NULL,        -- the number exactly as received
	sender_alpha INTEGER NOT NULL DEFAULT 0, -- 1: alphanumeric or short code
	smsc TEXT,
	smsc_time TEXT NOT NULL DEFAULT '', -- SMSC time stamp (UTC), '' if none
	type TEXT NOT NULL CHECK (type IN ('text', 'binary', 'status_report', 'other')),
	coding TEXT,
	concat_ref INTEGER NOT NULL DEFAULT -1, -- concatenation reference, -1 if none
	part_no INTEGER NOT NULL DEFAULT 1,
	part_count INTEGER NOT NULL DEFAULT 1,
	text TEXT NOT NULL DEFAULT '',   -- UTF-8 (NFC); hex for binary parts
	text_hash TEXT NOT NULL,
	invalid_utf8 INTEGER NOT NULL DEFAULT 0,
	msg_ref INTEGER,                 -- status reports: the reference reported on
	delivery_status INTEGER,         -- status reports: TP-Status
	sim_location INTEGER,
	received_at TEXT NOT NULL,
	inbound_id INTEGER REFERENCES inbound(id),
	UNIQUE (modem, sender_raw, smsc_time, concat_ref, part_no, text_hash)
);
CREATE INDEX inbound_part_pending ON inbound_part (modem, sender, concat_ref, part_count)
	WHERE inbound_id IS NULL;

-- One row per whole message after reassembly.
CREATE TABLE inbound (
	id INTEGER PRIMARY KEY,
	modem TEXT NOT NULL,
	sender TEXT NOT NULL,
	sender_raw TEXT NOT NULL,
	sender_alpha INTEGER NOT NULL DEFAULT 0,
	text TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'binary', 'status_report', 'other')),
	parts INTEGER NOT NULL DEFAULT 1,
	parts_expected INTEGER NOT NULL DEFAULT 1,
	incomplete INTEGER NOT NULL DEFAULT 0, -- 1: stored after the multipart timeout
	invalid_utf8 INTEGER NOT NULL DEFAULT 0,
	sent_at TEXT,                    -- SMSC time stamp of the first part
	received_at TEXT NOT NULL,
	processed_at TEXT                -- NULL until the processor has handled it
);
CREATE INDEX inbound_unprocessed ON inbound (id) WHERE processed_at IS NULL;
CREATE INDEX inbound_sender ON inbound (sender, received_at);

-- One row per message to send. Sending is at most once: 'sending' is set
-- before the modem is given the message; a row found in 'sending' after a
-- crash becomes 'unknown' and is never resent by itself.
CREATE TABLE outbound (
	id INTEGER PRIMARY KEY,
	recipient TEXT NOT NULL,
	text TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued'
		CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'unknown')),
	route TEXT,                      -- modem id requested, NULL = any modem
	modem TEXT,                      -- modem that took it
	want_report INTEGER NOT NULL DEFAULT 1,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT,
	msg_ref INTEGER,                 -- reference of the last part sent
	parts INTEGER,
	error TEXT,
	inbound_id INTEGER REFERENCES inbound(id), -- the message this answers
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	sent_at TEXT,
	delivered_at TEXT
);
CREATE INDEX outbound_queued ON outbound (id) WHERE state = 'queued';
CREATE INDEX outbound_ref ON outbound (modem, msg_ref) WHERE state = 'sent';

-- SIM locations whose decoding killed a worker: counted, and after three
-- attempts recorded as undecodable and deleted from the SIM.
CREATE TABLE quarantine (
	id INTEGER PRIMARY KEY,
	modem TEXT NOT NULL,
	location INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL DEFAULT 'trying' CHECK (state IN ('trying', 'undecodable')),
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL
);
CREATE UNIQUE INDEX quarantine_trying ON quarantine (modem, location) WHERE state = 'trying';

-- What each modem's worker last saw.
CREATE TABLE modem_state (
	modem TEXT PRIMARY KEY,
	connected INTEGER NOT NULL DEFAULT 0,
	reading INTEGER NOT NULL DEFAULT 0, -- 1 while a SIM read is in progress
	worker_pid INTEGER,
	last_error TEXT,
	manufacturer TEXT,
	model TEXT,
	imei TEXT,
	signal_percent INTEGER,
	network TEXT,
	operator TEXT,
	battery_percent INTEGER,
	sim_used INTEGER,
	sim_size INTEGER,
	day TEXT,                        -- local date the counters below count
	sent_today INTEGER NOT NULL DEFAULT 0,
	received_today INTEGER NOT NULL DEFAULT 0,
	connected_at TEXT,
	updated_at TEXT NOT NULL
);
