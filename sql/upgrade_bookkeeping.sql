-- upgrade_bookkeeping: a 0.2.0 database whose books were broken by writes to a month's
-- partition (which 0.2.0 let bypass the code registry and the daily summaries), updated
-- to 0.3.0: every partition gets the bookkeeping triggers, the registry is repaired from
-- the rows, and every summarised day is marked stale.  Leaves a fresh install behind.
SET client_min_messages = warning;
DROP EXTENSION govindex CASCADE;
CREATE EXTENSION govindex VERSION '0.2.0';
SET search_path = public, govindex;
SET TimeZone = 'Asia/Ho_Chi_Minh';

INSERT INTO units (code, name_vi, level) VALUES ('P', 'Tỉnh P', 'province');
INSERT INTO procedures (code, name_vi) VALUES ('A1', 'Thủ tục A1');
CREATE TEMP TABLE batch (LIKE dossier_input);
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at)
VALUES ('d1', 'P', 'A1', 'online', '2024-01-10 08:00'), ('d2', 'P', 'A1', 'direct', '2024-02-10 08:00');
SELECT * FROM load_dossiers('batch');
SELECT refresh_dossier_days() > 0 AS refreshed;
SELECT dossier_days_cover(tstzrange('2024-01-01 00:00+07', '2024-03-01 00:00+07')) AS january_february_summarised;

-- 0.2.0: writes that name a partition bypass the books
INSERT INTO dossiers_2024_01 (code, unit_id, procedure_id, channel, received_at)
SELECT 'd3', unit_id, procedure_id, channel, '2024-01-11 08:00' FROM dossiers WHERE code = 'd1';
DELETE FROM dossiers_2024_02;
SELECT array_agg(code ORDER BY code) AS registry_before FROM dossier_codes;
SELECT dossier_days_cover(tstzrange('2024-01-01 00:00+07', '2024-03-01 00:00+07')) AS still_summarised_before;

ALTER EXTENSION govindex UPDATE TO '0.3.0';
SELECT array_agg(code ORDER BY code) AS registry_after FROM dossier_codes;
SELECT dossier_days_cover(tstzrange('2024-01-01 00:00+07', '2024-03-01 00:00+07')) AS still_summarised_after;
SELECT c.relname, count(*) AS bookkeeping_triggers
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  JOIN pg_trigger g ON g.tgrelid = i.inhrelid JOIN dossier_partition_triggers() t ON t.name = g.tgname
 WHERE i.inhparent = 'govindex.dossiers'::regclass GROUP BY c.relname ORDER BY c.relname;

-- from now on a write to a partition keeps the books
INSERT INTO dossiers_2024_02 (code, unit_id, procedure_id, channel, received_at)
SELECT 'd4', unit_id, procedure_id, channel, '2024-02-12 08:00' FROM dossiers WHERE code = 'd1';
TRUNCATE dossiers_2024_01;
SELECT array_agg(code ORDER BY code) AS registry_later FROM dossier_codes;

DROP EXTENSION govindex CASCADE;
CREATE EXTENSION govindex;
