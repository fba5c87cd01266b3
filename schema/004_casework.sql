-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 4: indexes for staff's work on cases (the console's
-- case view, the throttled inbox, reports over a period).

-- The messages sent about a case (cases show).
CREATE INDEX outbound_case ON outbound (case_id) WHERE case_id IS NOT NULL;
-- Messages held back by the hourly limit (inbox --throttled).
CREATE INDEX inbound_throttled ON inbound (id) WHERE throttled = 1;
-- Meetings of a period in every village (meetings list, report).
CREATE INDEX meeting_date ON meeting (meeting_date);
