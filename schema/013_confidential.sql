-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 13: one confidentiality model (ARCHITECTURE.md,
-- "Confidential senders"). A sender is confidential from the first part
-- that may be a denunciation; the worker seals it in its own transaction.

-- The keyed tags (util/seal.h, never a number) of confidential senders:
-- every later part from one of them is sealed at ingest.
CREATE TABLE confidential_sender (
	tag TEXT PRIMARY KEY,
	since TEXT NOT NULL
) WITHOUT ROWID;

-- How the parts of one multipart message find each other: a keyed hash of
-- (modem, sender, reference, part count), so a sealed part and a late one
-- still meet; NULL once the message is reassembled. sealed: 0 clear, 1
-- confidential, 2 sealed until its first part says what it is.
ALTER TABLE inbound_part ADD COLUMN group_key TEXT;
ALTER TABLE inbound_part ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
UPDATE inbound_part SET group_key = modem || '|' || sender_raw || '|' || concat_ref || '|'
	|| part_count WHERE inbound_id IS NULL;
UPDATE inbound_part SET sealed = 1 WHERE sender LIKE 'sealed:%';
CREATE INDEX inbound_part_group ON inbound_part (modem, group_key) WHERE inbound_id IS NULL;

-- A confidential reply's recipient is sealed from the moment it is queued;
-- its keyed tag lets a delivery report (sealed too) find it.
ALTER TABLE outbound ADD COLUMN recipient_tag TEXT;
CREATE INDEX outbound_recipient_tag ON outbound (recipient_tag) WHERE recipient_tag IS NOT NULL;

-- A confidential sender's case links to no directory entry and keeps the
-- commune, not the village, taken from the directory.
UPDATE cases SET contact_id = NULL,
	village = coalesce((SELECT u.parent FROM unit u WHERE u.code = cases.village
		AND u.level = 'village'), village)
	WHERE sender LIKE 'sealed:%';

-- Retention erases the numbers searched for (messages --from) in the
-- audit of expired cases: the one change the append-only trail allows is
-- blanking the target of such a row.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (OLD.action = 'messages' AND NEW.target = '' AND NEW.id = OLD.id
	AND NEW.at = OLD.at AND NEW.uid = OLD.uid AND NEW.user = OLD.user
	AND NEW.role IS OLD.role AND NEW.action = OLD.action
	AND NEW.outcome = OLD.outcome AND NEW.detail IS OLD.detail)
BEGIN
	SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
