-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 6: notices that reach every household, who has read
-- them, and the votes (polls) villages decide by; broadcasts wait behind
-- replies in the send queue.

-- A broadcast row (a notice, a reminder) is sent after every reply due.
ALTER TABLE outbound ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0;
DROP INDEX outbound_queued;
CREATE INDEX outbound_queued ON outbound (bulk, id) WHERE state = 'queued';
-- A modem's rows in flight count against its daily cap.
CREATE INDEX outbound_sending ON outbound (modem) WHERE state = 'sending';

-- A notice (thông báo) or a poll (biểu quyết, kind 'poll'); its code is
-- 'TB' || id. Recipients are resolved from the contacts when it is sent.
CREATE TABLE notice (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL DEFAULT 'notice' CHECK (kind IN ('notice', 'poll')),
	title TEXT NOT NULL,
	body TEXT NOT NULL,              -- as staff wrote it
	sms TEXT NOT NULL,               -- the one-segment SMS every recipient gets
	target_kind TEXT NOT NULL CHECK (target_kind IN ('village', 'commune', 'all', 'role')),
	target TEXT,                     -- unit code or role; NULL for all
	scope TEXT,                      -- communes it is limited to, comma-separated; NULL = all
	want_ack INTEGER NOT NULL DEFAULT 0, -- the SMS asks for XN
	state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sending', 'sent')),
	opted_out INTEGER NOT NULL DEFAULT 0, -- contacts of the target skipped (opted out)
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	sent_by TEXT,
	sent_at TEXT,                    -- queuing began
	queued_at TEXT,                  -- every recipient queued
	reminders INTEGER NOT NULL DEFAULT 0,
	reminded_at TEXT
);
CREATE INDEX notice_sent ON notice (sent_at);

-- The villages a notice went to, fixed when it was sent: each village code
-- contacts carry ('' for contacts without one) and the village it counted
-- as then (after roll-up to successors).
CREATE TABLE notice_village (
	notice_id INTEGER NOT NULL REFERENCES notice (id),
	village TEXT NOT NULL,
	counts_as TEXT,
	PRIMARY KEY (notice_id, village)
) WITHOUT ROWID;

-- One row per person a notice was queued for: delivery through its
-- outbound row, acknowledgement (XN) and reminders.
CREATE TABLE notice_recipient (
	id INTEGER PRIMARY KEY,
	notice_id INTEGER NOT NULL REFERENCES notice (id),
	contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
	phone TEXT NOT NULL,             -- E.164, as when sent
	village TEXT,                    -- the village it counts under (counts_as)
	household INTEGER NOT NULL DEFAULT 0,
	outbound_id INTEGER REFERENCES outbound (id),
	acked_at TEXT,
	ack_inbound_id INTEGER REFERENCES inbound (id),
	reminders INTEGER NOT NULL DEFAULT 0,
	remind_outbound_id INTEGER REFERENCES outbound (id),
	UNIQUE (notice_id, phone)
);

-- A poll is a notice with choices. The decision rule (polls show): a
-- choice is decided when more than half of ALL households of the target
-- chose it -- households registered (contacts with household = 1 in the
-- target's villages) or the count staff declared, whichever is larger.
CREATE TABLE poll (
	notice_id INTEGER PRIMARY KEY REFERENCES notice (id),
	question TEXT NOT NULL,
	closes_on TEXT,                  -- last local day votes count, NULL = until closed
	households_declared INTEGER,     -- staff's count (census), NULL if not given
	closed_at TEXT,
	closed_by TEXT,
	households INTEGER,              -- the households counted, fixed at closing
	outcome INTEGER                  -- the choice decided at closing, NULL if none
);

CREATE TABLE poll_choice (
	poll_id INTEGER NOT NULL REFERENCES poll (notice_id),
	no INTEGER NOT NULL,             -- 1, 2, ... as villagers type it
	label TEXT NOT NULL,
	folded TEXT NOT NULL,            -- the label folded for matching
	PRIMARY KEY (poll_id, no)
) WITHOUT ROWID;

-- One vote per household: the last one counts until the poll closes.
CREATE TABLE poll_vote (
	poll_id INTEGER NOT NULL REFERENCES poll (notice_id),
	phone TEXT NOT NULL,             -- the household's representative
	contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
	village TEXT,
	choice INTEGER NOT NULL,
	changes INTEGER NOT NULL DEFAULT 0, -- times the household changed its vote
	inbound_id INTEGER REFERENCES inbound (id),
	voted_at TEXT NOT NULL,
	PRIMARY KEY (poll_id, phone),
	FOREIGN KEY (poll_id, choice) REFERENCES poll_choice (poll_id, no)
) WITHOUT ROWID;
