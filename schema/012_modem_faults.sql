-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 12: no message can stop a modem. A quarantined SIM
-- location keeps the PDU as the modem gave it (hex), the sender read from
-- its header when that much of it is readable, and why it was given up;
-- a modem's row counts the workers that died without stopping cleanly.

ALTER TABLE quarantine ADD COLUMN pdu TEXT;       -- hex, as the modem gave it; NULL: not captured
ALTER TABLE quarantine ADD COLUMN sender TEXT;    -- from the PDU's header, NULL when unreadable
ALTER TABLE quarantine ADD COLUMN error TEXT;     -- the decoder's error, or "killed the worker"

ALTER TABLE modem_state ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0;

-- A SIM that refused the configured PIN: set by the worker, cleared when
-- tiengdand starts (one attempt per start: three wrong tries lock the SIM).
ALTER TABLE modem_state ADD COLUMN pin_refused INTEGER NOT NULL DEFAULT 0;
