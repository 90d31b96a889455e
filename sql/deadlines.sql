-- Deadlines in working days (deadline_rules) for records that carry none: petitions,
-- publications of procedures.  February 2024, around Tết (8–14 February off).
BEGIN;
SET LOCAL search_path = public, govindex;
SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh';

SELECT rule, working_days, counted_from FROM deadline_rules ORDER BY rule;

-- Publication: 5 working days after a decision of Monday 5 February: 6, 7, (Tết), 15,
-- 16, 19 → 19 February.  Disclosure: 5 working days after publication on Friday 16
-- February: 19, 20, 21, 22, 23 → 23 February.
SELECT deadline_after('publication', '2024-02-05', default_calendar()) AS published_by,
       deadline_after('public_disclosure', '2024-02-16', default_calendar()) AS public_by,
       deadline_after('petition', '2027-12-30', default_calendar()) AS past_the_calendar;

INSERT INTO units (code, name_vi, level) VALUES ('DL', 'Tỉnh DL', 'province');
INSERT INTO procedures (code, name_vi, authority_level) VALUES ('DP1', 'Thủ tục DP1', 'province');
INSERT INTO procedure_publications (unit_id, procedure_id, decided_on, published_on, made_public_on, content_complete)
SELECT u.id, p.id, '2024-02-05', '2024-02-16', '2024-02-26', true
  FROM units u, procedures p WHERE u.code = 'DL' AND p.code = 'DP1';
-- Petitions: received Thursday 1 February, 15 working days: 2, 5, 6, 7, (Tết), 15, 16,
-- 19–23, 26–29 → due 29 February, answered on the 28th: on time.  Received Friday 2
-- February: due 1 March, still open at the close of February: within its deadline.
INSERT INTO petitions (code, unit_id, kind, received_at, ended_at)
SELECT v.code, u.id, 'procedure', v.received, v.ended
  FROM units u,
       (VALUES ('DK1', timestamptz '2024-02-01 08:00', timestamptz '2024-02-28 08:00'),
               ('DK2', '2024-02-02 08:00', NULL)) v (code, received, ended)
 WHERE u.code = 'DL';

CREATE TEMP TABLE feb AS SELECT tstzrange('2024-02-01 00:00+07', '2024-03-01 00:00+07') AS w;
-- Published on the 16th, due the 19th: 1/1.  Made public on the 26th, due the 23rd: 0/1.
SELECT metric_code, numerator || '/' || denominator AS rate
  FROM index766((SELECT w FROM feb), 'DL')
 WHERE metric_code IN ('PUBLISH_ON_TIME', 'PUBLIC_UPDATE_ON_TIME', 'PETITION_PROCESSING_ON_TIME');

-- A province shortens the petition deadline to 10 working days (a newer row wins):
-- DK1 is due 22 February (answered the 28th: late), DK2 the 23rd (open at the close:
-- late): 0/2.
INSERT INTO deadline_rules (rule, since, working_days, counted_from, name_vi, name_en)
VALUES ('petition', '2024-01-01', 10, 'received_at', 'Thời hạn xử lý PAKN của tỉnh', 'Petitions, provincial rule');
SELECT numerator || '/' || denominator AS petitions_on_time
  FROM index766((SELECT w FROM feb), 'DL') WHERE metric_code = 'PETITION_PROCESSING_ON_TIME';

-- Bad rules.
SAVEPOINT expected_error;
INSERT INTO deadline_rules VALUES ('petition', '2024-06-01', 0, 'x', 'x', 'x');
ROLLBACK TO SAVEPOINT expected_error;
INSERT INTO deadline_rules VALUES ('lunch', '2024-06-01', 1, 'x', 'x', 'x');
ROLLBACK;
