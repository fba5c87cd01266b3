-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 10: retention. When a closed case's texts and phone
-- numbers were erased (daemon/store/store_retention.c); its kind, status,
-- dates and units stay for the reports.

ALTER TABLE cases ADD COLUMN erased_at TEXT;      -- UTC time of the erasure, NULL: kept
CREATE INDEX cases_erasable ON cases (status) WHERE erased_at IS NULL;
