-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 14: one register for every channel. Each case is a đơn
-- (a message or a paper) with its channel, first-time or repeated, eligible
-- or not, within the commune's competence or not; đơn about one matter
-- form a vụ việc; a resolution records its decision; staff record how a
-- đơn outside competence was handled, and the citizen reception register.
-- An SMS-era case becomes a đơn with channel 'sms', first-time, eligible,
-- within competence (the defaults below), unless staff say otherwise.

ALTER TABLE cases ADD COLUMN channel TEXT NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms',
	'walkin', 'letter', 'phone', 'email', 'portal', 'transferred'));
ALTER TABLE cases ADD COLUMN from_agency TEXT;      -- transferred: the agency that sent it
ALTER TABLE cases ADD COLUMN citizen_name TEXT;     -- as written on the paper or told
ALTER TABLE cases ADD COLUMN address TEXT;
ALTER TABLE cases ADD COLUMN repeated INTEGER NOT NULL DEFAULT 0;  -- 0 first-time, 1 repeated
ALTER TABLE cases ADD COLUMN eligible INTEGER NOT NULL DEFAULT 1;  -- đủ điều kiện xử lý
ALTER TABLE cases ADD COLUMN ineligible_reason TEXT;
ALTER TABLE cases ADD COLUMN competent INTEGER NOT NULL DEFAULT 1; -- thuộc thẩm quyền
ALTER TABLE cases ADD COLUMN matter_id INTEGER REFERENCES cases (id); -- vụ việc: its first đơn
ALTER TABLE cases ADD COLUMN field TEXT;            -- lĩnh vực (configurable codes)
ALTER TABLE cases ADD COLUMN office TEXT;           -- handling office (configurable)
ALTER TABLE cases ADD COLUMN officer TEXT;          -- handling officer
ALTER TABLE cases ADD COLUMN decision_no TEXT;      -- resolution: the decision's number
ALTER TABLE cases ADD COLUMN decision_date TEXT;    -- and its date (local)
ALTER TABLE cases ADD COLUMN extension_basis TEXT;  -- the legal basis of an extension
ALTER TABLE cases ADD COLUMN link_proposed INTEGER REFERENCES cases (id); -- same sender, open case
CREATE INDEX cases_matter ON cases (matter_id) WHERE matter_id IS NOT NULL;
CREATE INDEX cases_office ON cases (office) WHERE office IS NOT NULL;

-- What was done with a đơn outside the commune's competence.
CREATE TABLE case_handling (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	action TEXT NOT NULL CHECK (action IN ('guide', 'transfer', 'urge')),
	agency TEXT NOT NULL,            -- where the citizen was sent / the đơn went
	on_date TEXT NOT NULL,           -- local date
	answer TEXT,                     -- the agency's answer, when it comes
	answer_on TEXT,
	actor TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX case_handling_case ON case_handling (case_id, id);

-- Sổ tiếp công dân: each visit (lượt).
CREATE TABLE reception (
	id INTEGER PRIMARY KEY,
	visit_date TEXT NOT NULL,        -- local date
	kind TEXT NOT NULL CHECK (kind IN ('regular', 'head')), -- head: the chairman received
	persons INTEGER NOT NULL DEFAULT 1 CHECK (persons >= 1),
	is_group INTEGER NOT NULL DEFAULT 0, -- đoàn đông người
	name TEXT,
	text TEXT NOT NULL,
	actor TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX reception_date ON reception (visit_date);

-- The vụ việc a visit concerned.
CREATE TABLE reception_case (
	reception_id INTEGER NOT NULL REFERENCES reception (id),
	case_id INTEGER NOT NULL REFERENCES cases (id),
	repeated INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (reception_id, case_id)
);

-- Lĩnh vực of a complaint or denunciation: a table staff may extend, with
-- the defaults of the commune's forms.
CREATE TABLE field (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO field (code, name, position) VALUES
	('admin_policy', 'Hành chính: chế độ, chính sách', 1),
	('admin_land', 'Hành chính: đất đai, nhà cửa', 2),
	('admin_other', 'Hành chính: lĩnh vực khác', 3),
	('judicial', 'Tư pháp', 4),
	('party', 'Đảng, đoàn thể', 5),
	('other', 'Lĩnh vực khác', 6);

-- The commune's handling offices, and its officers (a row with an office).
CREATE TABLE office (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	office TEXT REFERENCES office (code), -- an officer's office; NULL: an office
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO office (code, name) VALUES
	('VP', 'Văn phòng HĐND-UBND'),
	('KT', 'Phòng Kinh tế'),
	('VHXH', 'Phòng Văn hoá - Xã hội'),
	('DCXD', 'Địa chính - Xây dựng'),
	('CA', 'Công an xã');
