-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 9: what the alert rules need to remember across checks
-- and restarts (daemon/modem/alert.c): since when a condition holds, when
-- its alert was last sent by SMS, and whether the admins were told (so a
-- recovery message follows only an alert they received). Times in ms.

ALTER TABLE alert ADD COLUMN since_ms INTEGER;   -- condition first seen, NULL: does not hold
ALTER TABLE alert ADD COLUMN sent_ms INTEGER;    -- the alert last queued by SMS
ALTER TABLE alert ADD COLUMN notified INTEGER NOT NULL DEFAULT 0;
