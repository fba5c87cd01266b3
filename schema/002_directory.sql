-- SPDX-License-Identifier: GPL-2.0-or-later
-- The directory (administrative units and contacts) and the audit trail of
-- the control socket.

-- Administrative units. Levels are data (province, district, commune,
-- village, ...). A unit is valid from valid_from to valid_to (inclusive,
-- local dates 'YYYY-MM-DD'; NULL = open); when it was replaced, successor
-- names the unit that took it over, so a record made in an old unit rolls
-- up to the unit that replaced it.
CREATE TABLE unit (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	level TEXT NOT NULL,
	parent TEXT,                     -- code of the unit above, NULL at the top
	valid_from TEXT,
	valid_to TEXT,
	successor TEXT,
	note TEXT,
	updated_at TEXT NOT NULL
);
CREATE INDEX unit_parent ON unit (parent);
CREATE INDEX unit_successor ON unit (successor);

-- People who text the gateway or are texted by it. Heads and deputies are
-- registered by staff only; residents may register themselves (DK).
CREATE TABLE contact (
	id INTEGER PRIMARY KEY,
	phone TEXT NOT NULL UNIQUE,      -- E.164
	name TEXT NOT NULL,
	village TEXT REFERENCES unit (code),
	role TEXT NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'head', 'deputy')),
	household INTEGER NOT NULL DEFAULT 0, -- 1: speaks for a household
	opted_out INTEGER NOT NULL DEFAULT 0,
	source TEXT NOT NULL DEFAULT 'staff', -- 'staff', 'import' or 'sms'
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX contact_village ON contact (village, role);

-- Every action through the control socket: who, when, what, on which
-- record, and whether it was allowed. Append-only.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	uid INTEGER NOT NULL,
	user TEXT NOT NULL,              -- unix user name (or '#uid')
	role TEXT,                       -- the caller's role, NULL if none
	action TEXT NOT NULL,            -- e.g. 'contacts.add'
	target TEXT,                     -- the record acted on (phone, code, id)
	outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused', 'failed')),
	detail TEXT
);
CREATE INDEX audit_user ON audit (user, at);
CREATE INDEX audit_at ON audit (at); -- the trail newest first
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
