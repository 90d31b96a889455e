-- deadlines.sql — legal deadlines counted in working days, as data: what a deadline is
-- when a record does not carry its own (a petition's answer, a procedure's publication
-- and its disclosure on the national database).  A province changes a rule by adding
-- a newer row; the newest row of a rule wins.  Shipped rows date from -infinity, so a
-- dump keeps the province's own rows and restores them over the shipped ones.

CREATE TABLE govindex.deadline_rules (
    rule          text        NOT NULL
                  CONSTRAINT deadline_rules_known CHECK (rule IN ('petition', 'publication', 'public_disclosure')),
    since         timestamptz NOT NULL DEFAULT now(),
    working_days  numeric     NOT NULL CONSTRAINT deadline_rules_positive CHECK (working_days > 0),
    counted_from  text        NOT NULL,
    name_vi       text        NOT NULL,
    name_en       text        NOT NULL,
    PRIMARY KEY (rule, since)
);
COMMENT ON TABLE govindex.deadline_rules IS
    'Legal deadlines in working days, used when a record carries no deadline of its own — Thời hạn theo quy định (ngày làm việc), dùng khi bản ghi không có hạn riêng';
COMMENT ON COLUMN govindex.deadline_rules.rule IS
    'petition (answer), publication (of a procedure), public_disclosure (on the national database) — Loại thời hạn';
COMMENT ON COLUMN govindex.deadline_rules.since IS
    'When the row was added; the newest row of a rule applies — Thời điểm áp dụng (dòng mới nhất được dùng)';
COMMENT ON COLUMN govindex.deadline_rules.working_days IS 'Working days allowed — Số ngày làm việc';
COMMENT ON COLUMN govindex.deadline_rules.counted_from IS 'The date the deadline counts from — Mốc tính hạn';
COMMENT ON COLUMN govindex.deadline_rules.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.deadline_rules.name_en IS 'English name — Tên tiếng Anh';

-- Defaults (METHODOLOGY.md §5 and the PAKN rules): edit them to the province's rules.
INSERT INTO govindex.deadline_rules (rule, since, working_days, counted_from, name_vi, name_en) VALUES
    ('petition', '-infinity', 15, 'received_at', 'Thời hạn xử lý phản ánh, kiến nghị', 'Answering a petition'),
    ('publication', '-infinity', 5, 'decided_on', 'Thời hạn công bố thủ tục hành chính', 'Publishing a procedure after the decision'),
    ('public_disclosure', '-infinity', 5, 'published_on', 'Thời hạn công khai trên Cơ sở dữ liệu quốc gia', 'Making a published procedure public on the national database');

-- The deadline of a rule after a date (midnight, Asia/Ho_Chi_Minh), in the calendar
-- given; NULL when the calendar does not reach it.
CREATE FUNCTION govindex.deadline_after(rule text, start date, cal govindex.workcal)
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (govindex.legal_due_at(start::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                              (SELECT r.working_days FROM govindex.deadline_rules r
                                WHERE r.rule = deadline_after.rule ORDER BY r.since DESC LIMIT 1),
                              'working_day', '{}', cal, true) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
COMMENT ON FUNCTION govindex.deadline_after(text, date, govindex.workcal) IS
    'The date a deadline rule gives after a date, in working days of the calendar; NULL past the calendar — Hạn theo quy định tính từ một ngày';

SELECT pg_catalog.pg_extension_config_dump('govindex.deadline_rules', $$WHERE since > '-infinity'$$);
