-- SPDX-License-Identifier: GPL-2.0-or-later
-- tiengdan schema 5: a tracking code's digits identify one case or one
-- meeting report, never both (a code typed without its prefix must find
-- exactly one record).
CREATE TRIGGER cases_digits_unique BEFORE INSERT ON cases
WHEN EXISTS (SELECT 1 FROM meeting WHERE digits = NEW.digits)
BEGIN
	SELECT RAISE(ABORT, 'tracking code digits already used by a meeting report');
END;
CREATE TRIGGER meeting_digits_unique BEFORE INSERT ON meeting
WHEN EXISTS (SELECT 1 FROM cases WHERE digits = NEW.digits)
BEGIN
	SELECT RAISE(ABORT, 'tracking code digits already used by a case');
END;
