-- tiengdan schema 11: what villagers actually reply. A reply without a
-- keyword is read against the notices and polls sent to its number lately,
-- so recipients are looked up by phone.
CREATE INDEX notice_recipient_phone ON notice_recipient (phone, notice_id);
