-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 3: what the processor makes of each message (cases,
-- meeting reports, replies) and the staff's work on cases.

-- What the processor made of an inbound message.
ALTER TABLE inbound ADD COLUMN command TEXT;      -- the parsed command ("feedback", ...)
ALTER TABLE inbound ADD COLUMN outcome TEXT;      -- what was done: see processor.h
ALTER TABLE inbound ADD COLUMN sender_tag TEXT;   -- keyed hash of the sender (no number)
ALTER TABLE inbound ADD COLUMN text_hash TEXT;    -- for "the same text within 10 minutes"
ALTER TABLE inbound ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0; -- sender replaced by ciphertext
ALTER TABLE inbound ADD COLUMN throttled INTEGER NOT NULL DEFAULT 0; -- past the hourly limit
ALTER TABLE inbound ADD COLUMN promoted INTEGER NOT NULL DEFAULT 0; -- staff lifted the limit
ALTER TABLE inbound ADD COLUMN duplicate_of INTEGER REFERENCES inbound (id);
CREATE INDEX inbound_tag ON inbound (sender_tag, received_at);

-- Replies and staff messages: what they are about.
ALTER TABLE outbound ADD COLUMN case_id INTEGER REFERENCES cases (id);
ALTER TABLE outbound ADD COLUMN purpose TEXT;    -- 'reply', 'status', 'staff', 'too_many', ...
ALTER TABLE outbound ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0; -- recipient sealed once sent
CREATE INDEX outbound_confidential ON outbound (id) WHERE confidential = 1;

-- A case: feedback, a complaint or denunciation information. Its tracking
-- code's digits are unique across cases and meeting reports.
CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,       -- "PA4829138"
	digits TEXT NOT NULL UNIQUE,     -- "4829138"
	kind TEXT NOT NULL CHECK (kind IN ('feedback', 'complaint', 'denunciation')),
	status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'accepted',
		'in_progress', 'resolved', 'closed', 'transferred', 'rejected', 'duplicate',
		'withdrawn')),
	unkeyed INTEGER NOT NULL DEFAULT 0,
	text TEXT NOT NULL,              -- what the citizen wrote (the body)
	sender TEXT NOT NULL,            -- E.164, or sealed for denunciations
	sender_tag TEXT NOT NULL,        -- keyed hash: who may ask about it
	contact_id INTEGER REFERENCES contact (id),
	village TEXT,                    -- unit code of the sender's village
	unit TEXT,                       -- unit handling it (assigned), NULL = the commune
	inbound_id INTEGER UNIQUE REFERENCES inbound (id),
	received_on TEXT NOT NULL,       -- local date
	due_first TEXT,                  -- local date: process / accept by
	due_resolve TEXT,                -- local date: resolve by (complaints, once accepted)
	accepted_on TEXT,
	closed_on TEXT,                  -- local date it left the open statuses
	remote INTEGER NOT NULL DEFAULT 0,  -- remote-area extension applies
	complex INTEGER NOT NULL DEFAULT 0, -- complex complaint (longer deadline)
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX cases_status ON cases (status, kind);
CREATE INDEX cases_received ON cases (received_on);
CREATE INDEX cases_village ON cases (village);

-- The history of a case: who did what, when and why.
CREATE TABLE case_event (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	at TEXT NOT NULL,
	actor TEXT NOT NULL,             -- "sms", "daemon" or the unix user
	event TEXT NOT NULL CHECK (event IN ('created', 'status', 'assign', 'note', 'reply',
		'message')),
	status_from TEXT,
	status_to TEXT,
	unit TEXT,                       -- assign: the new unit
	note TEXT,
	inbound_id INTEGER REFERENCES inbound (id),
	outbound_id INTEGER REFERENCES outbound (id)
);
CREATE INDEX case_event_case ON case_event (case_id, id);

-- Meeting reports from village heads and deputies.
CREATE TABLE meeting (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,       -- "HT1185208"
	digits TEXT NOT NULL UNIQUE,
	village TEXT NOT NULL,           -- unit code
	contact_id INTEGER REFERENCES contact (id),
	meeting_date TEXT NOT NULL,      -- local date
	present INTEGER NOT NULL,
	total INTEGER NOT NULL,
	opinions INTEGER,                -- NULL if not given
	topic TEXT,
	quorum INTEGER NOT NULL,         -- present * 2 > total
	inbound_id INTEGER UNIQUE REFERENCES inbound (id),
	created_at TEXT NOT NULL
);
CREATE INDEX meeting_village ON meeting (village, meeting_date);
