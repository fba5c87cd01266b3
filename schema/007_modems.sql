-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 7: requests to a modem (USSD codes and menu replies from
-- the console, scheduled balance checks) and their answers, and what the
-- alerts last said. A request is a row plus a wake-up of the workers; only
-- the modem's own worker takes it (pending -> running -> done | failed).

CREATE TABLE modem_request (
	id INTEGER PRIMARY KEY,
	modem TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('ussd', 'ussd_reply', 'balance')),
	request TEXT NOT NULL,            -- the USSD code, or the menu reply
	state TEXT NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'running', 'done', 'failed')),
	answer TEXT,                      -- the network's answer (UTF-8)
	ussd_status TEXT,                 -- 'done', 'menu' (a reply is awaited), 'terminated', ...
	error TEXT,
	requested_by TEXT,                -- console user, or NULL for the daemon
	created_at TEXT NOT NULL,
	answered_at TEXT
);
CREATE INDEX modem_request_pending ON modem_request (modem, id) WHERE state = 'pending';

-- The last balance read by a scheduled check, per modem.
ALTER TABLE modem_state ADD COLUMN balance INTEGER;
ALTER TABLE modem_state ADD COLUMN balance_at TEXT;

-- Alerts sent to the admin phones: one row per alert key (e.g.
-- 'modem-down:m1', 'disk'); raised_at set while the condition holds.
CREATE TABLE alert (
	key TEXT PRIMARY KEY,
	raised_at TEXT,                   -- NULL: not raised (recovered or never)
	last_sent_at TEXT,
	detail TEXT
);
