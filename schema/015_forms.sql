-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 15: what the commune's forms read. A form over a period
-- counts the đơn received in it and those received before it that were
-- still open on its first day; this index finds the latter without
-- reading every older đơn, so a half-year's form grows with that
-- half-year (and the backlog), not with the whole register.
CREATE INDEX cases_closed ON cases (closed_on, received_on);

-- The working mornings the deadline warnings went out: at most one run a
-- day, even across restarts.
CREATE TABLE warning_run (
	day TEXT PRIMARY KEY,            -- local date
	sent INTEGER NOT NULL,           -- SMS queued
	at TEXT NOT NULL
);

-- Satisfaction by SMS (Decision 766/QĐ-TTg): the question went with the
-- resolution; the citizen's answer (1 satisfied, 2 not; NULL unanswered).
ALTER TABLE cases ADD COLUMN satisfaction_asked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN satisfaction INTEGER CHECK (satisfaction IN (1, 2));
ALTER TABLE cases ADD COLUMN satisfaction_on TEXT;
