-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 11: what villagers actually reply. A reply without a
-- keyword is read against the notices and polls sent to its number lately,
-- so recipients are looked up by phone.
CREATE INDEX notice_recipient_phone ON notice_recipient (phone, notice_id);

-- Where a case's village came from: the sender's directory entry, the
-- text ("duong thon Pul hong", from a number with no village), or staff
-- (cases village). Reports count a case under its village whatever the
-- source.
ALTER TABLE cases ADD COLUMN village_source TEXT
	CHECK (village_source IN ('directory', 'text', 'staff'));
UPDATE cases SET village_source = 'directory' WHERE village IS NOT NULL;

-- The reason staff give a citizen with a status change (cases status
-- --reason): it is in the SMS; --note stays internal.
ALTER TABLE case_event ADD COLUMN reason TEXT;
