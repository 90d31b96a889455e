-- test/tap/partitions.sql — every write path of the dossiers keeps the books: the code
-- registry (dossier_codes) and the stale days of the daily summaries, whether a
-- statement names the parent or one monthly partition, and through TRUNCATE (of a
-- partition, of the dossiers, or cascaded from units), ATTACH, DETACH and DROP.  Also
-- the bounds of create_dossier_partitions and of the batches load_dossiers accepts.
-- Runs on the generated province (2023); everything is rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SELECT plan(57);

SELECT refresh_dossier_days() \g /dev/null
CREATE TEMP VIEW books AS
SELECT (SELECT count(*) FROM dossier_codes) = (SELECT count(*) FROM dossiers)
       AND NOT EXISTS (SELECT FROM dossier_codes c WHERE NOT EXISTS (SELECT FROM dossiers d WHERE d.code = c.code)) AS fine;
CREATE FUNCTION pg_temp.month(m text) RETURNS tstzrange LANGUAGE sql AS $$
    SELECT tstzrange((m || '-01 00:00+07')::timestamptz, (m || '-01 00:00+07')::timestamptz + interval '1 month');
$$;
-- a June dossier that ended in June, copied under a new code
CREATE TEMP TABLE june AS
SELECT * FROM govindex_partitions.dossiers_2023_06 WHERE ended_at < '2023-07-01 00:00+07' ORDER BY code LIMIT 1;
UPDATE june SET code = 'TAP-P1';

SELECT is((SELECT count(*)::int FROM pg_inherits i CROSS JOIN dossier_partition_triggers() t
            WHERE i.inhparent = 'govindex.dossiers'::regclass
              AND NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = i.inhrelid AND g.tgname = t.name)),
          0, 'every partition carries the bookkeeping triggers');
SELECT is((SELECT count(*)::int FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'govindex.dossiers'::regclass AND c.relnamespace <> 'govindex_partitions'::regnamespace),
          0, 'every monthly partition lives in schema govindex_partitions');
SELECT is((SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = 'govindex'::regnamespace AND c.relispartition),
          0, 'so schema govindex, which BI tools list, holds no partition: govindex.dossiers stands for them all');
SELECT ok((SELECT fine FROM books) AND dossier_days_cover(pg_temp.month('2023-06')), 'the books are right and June is summarised');

-- Writes that name a partition ----------------------------------------------------
INSERT INTO govindex_partitions.dossiers_2023_06 SELECT * FROM june;
SELECT ok((SELECT fine FROM books), 'a dossier inserted into a partition is registered');
SELECT ok(NOT dossier_days_cover(pg_temp.month('2023-06')), 'and its day is stale');
SELECT throws_ok($$INSERT INTO govindex_partitions.dossiers_2023_06 SELECT * FROM june$$, '23505', 'dossier TAP-P1 already exists',
    'its code cannot be inserted twice, into the partition');
SELECT throws_ok($$INSERT INTO govindex_partitions.dossiers_2023_07 SELECT code, unit_id, procedure_id, channel, submitted_at, '2023-07-03 08:00+07',
                          NULL, NULL, NULL, 0, '{}' FROM june$$, '23505', 'dossier TAP-P1 already exists',
    'nor into another month''s partition');
SELECT refresh_dossier_days() \g /dev/null
UPDATE govindex_partitions.dossiers_2023_06 SET ended_at = '2023-09-05 10:00+07' WHERE code = 'TAP-P1';
SELECT ok(NOT dossier_days_cover(pg_temp.month('2023-06')) AND NOT dossier_days_cover(pg_temp.month('2023-09')),
    'an update of a partition marks the day it was received and the day it now ends stale');
SELECT refresh_dossier_days() \g /dev/null
DELETE FROM govindex_partitions.dossiers_2023_06 WHERE code = 'TAP-P1';
SELECT ok((SELECT fine FROM books) AND NOT dossier_days_cover(pg_temp.month('2023-06')),
    'a delete from a partition frees the code and marks the days stale');
SELECT is((SELECT count(*)::int FROM pg_temp.june j JOIN dossier_codes c USING (code)), 0, 'TAP-P1 is free again');

-- TRUNCATE ------------------------------------------------------------------------
SELECT refresh_dossier_days() \g /dev/null
CREATE TEMP TABLE june_codes AS SELECT code FROM govindex_partitions.dossiers_2023_06;
SAVEPOINT truncated;
TRUNCATE govindex_partitions.dossiers_2023_06;
SELECT ok((SELECT fine FROM books), 'truncating a partition removes exactly its codes from the registry');
SELECT is((SELECT count(*)::int FROM dossier_codes), (SELECT count(*)::int FROM dossiers WHERE received_at < '2023-06-01 00:00+07' OR received_at >= '2023-07-01 00:00+07'),
    'the other months'' codes stay');
SELECT ok(NOT dossier_days_cover(pg_temp.month('2023-06')) AND dossier_days_cover(pg_temp.month('2023-03')),
    'its days are stale, other months'' stay summarised');
CREATE TEMP TABLE again (LIKE dossier_input);
INSERT INTO again (code, unit_code, procedure_code, channel, received_at)
SELECT (SELECT min(code) FROM june_codes), 'H74', (SELECT min(code) FROM procedures), 'online', '2023-06-15 09:00+07';
SELECT is((SELECT inserted FROM load_dossiers('again')), 1::bigint, 'a truncated dossier''s code can be loaded again');
ROLLBACK TO truncated;

TRUNCATE units CASCADE;
SELECT ok((SELECT count(*) FROM dossier_codes) = 0 AND (SELECT count(*) FROM dossiers) = 0,
    'TRUNCATE units CASCADE empties every partition and the registry');
SELECT ok(NOT dossier_days_cover(pg_temp.month('2023-03')) AND NOT dossier_days_cover(pg_temp.month('2023-11')),
    'and no day of the dossiers stays summarised');
ROLLBACK TO truncated;

TRUNCATE procedures CASCADE;
SELECT ok((SELECT count(*) FROM dossier_codes) = 0 AND NOT dossier_days_cover(pg_temp.month('2023-03')),
    'so does TRUNCATE procedures CASCADE');
ROLLBACK TO truncated;

-- counts the deletes from the registry: a whole truncate needs none
CREATE TEMP TABLE registry_deletes (n int);
CREATE FUNCTION pg_temp.count_registry_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pg_temp.registry_deletes VALUES (1);
    RETURN NULL;
END $$;
CREATE TRIGGER tap_count_deletes AFTER DELETE ON dossier_codes FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.count_registry_deletes();
TRUNCATE dossiers;
SELECT ok((SELECT count(*) FROM dossier_codes) = 0 AND NOT dossier_days_cover(pg_temp.month('2023-03')),
    'TRUNCATE dossiers forgets every code and every summary');
SELECT is((SELECT count(*)::int FROM registry_deletes), 0, 'without deleting the partitions'' rows one by one');
DROP TRIGGER tap_count_deletes ON dossier_codes;
INSERT INTO govindex_partitions.dossiers_2023_06 SELECT * FROM june;
TRUNCATE govindex_partitions.dossiers_2023_06;
SELECT is((SELECT count(*)::int FROM dossier_codes), 0,
    'a partition truncated later in the same transaction still removes its codes');
ROLLBACK TO truncated;

-- ATTACH, DETACH, DROP -------------------------------------------------------------
CREATE TABLE tap_attached (LIKE dossiers INCLUDING CONSTRAINTS INCLUDING DEFAULTS);
INSERT INTO tap_attached SELECT code, unit_id, procedure_id, channel, NULL, '2024-01-05 08:00+07' FROM june;
SELECT throws_ok($$ALTER TABLE dossiers ATTACH PARTITION tap_attached FOR VALUES FROM ('2024-01-01 00:00+07') TO ('2024-02-01 00:00+07')$$,
    '55000', 'table tap_attached cannot become a partition of govindex.dossiers: it has rows',
    'attaching a table with rows is refused');
TRUNCATE tap_attached;
SELECT lives_ok($$ALTER TABLE dossiers ATTACH PARTITION tap_attached FOR VALUES FROM ('2024-01-01 00:00+07') TO ('2024-02-01 00:00+07')$$,
    'an empty table attaches');
SELECT is(create_dossier_partitions('2024-03-01', '2024-03-31'), 1, 'another month is created');
SELECT is((SELECT count(*)::int FROM pg_trigger g JOIN dossier_partition_triggers() t ON t.name = g.tgname
            WHERE g.tgrelid = 'tap_attached'::regclass), 6, 'and create_dossier_partitions gave the attached table the bookkeeping triggers');
SELECT throws_ok($$ALTER TABLE dossiers DETACH PARTITION govindex_partitions.dossiers_2023_06$$,
    '55000', 'partition govindex_partitions.dossiers_2023_06 cannot be detached from govindex.dossiers: it has rows',
    'detaching a partition with rows is refused');
SELECT lives_ok($$ALTER TABLE dossiers DETACH PARTITION tap_attached$$, 'an empty partition detaches');
SELECT is((SELECT count(*)::int FROM pg_trigger g JOIN dossier_partition_triggers() t ON t.name = g.tgname
            WHERE g.tgrelid = 'tap_attached'::regclass), 0, 'and loses the bookkeeping triggers');
INSERT INTO tap_attached SELECT * FROM june;
SELECT ok((SELECT fine FROM books), 'so rows written to the detached table are not registered');
SELECT throws_ok($$SELECT dossier_partition_add_triggers('tap_attached')$$, '22023',
    'table tap_attached is not a partition of govindex.dossiers', 'a table outside the dossiers cannot get the triggers');
CREATE TABLE tap_by_hand PARTITION OF dossiers FOR VALUES FROM ('2024-02-01 00:00+07') TO ('2024-03-01 00:00+07');
SELECT is((SELECT count(*)::int FROM pg_trigger g JOIN dossier_partition_triggers() t ON t.name = g.tgname
            WHERE g.tgrelid = 'tap_by_hand'::regclass), 6, 'a partition created by hand gets the bookkeeping triggers');
INSERT INTO tap_by_hand SELECT code, unit_id, procedure_id, channel, NULL, '2024-02-05 08:00+07' FROM june;
SELECT throws_ok($$DROP TABLE tap_by_hand$$, '55000', 'partition govindex.tap_by_hand of govindex.dossiers cannot be dropped: it has rows',
    'dropping a partition with rows is refused');
TRUNCATE tap_by_hand;
SELECT lives_ok($$DROP TABLE tap_by_hand$$, 'an empty partition drops');
SELECT ok((SELECT fine FROM books), 'the books are still right');

-- Bounds of create_dossier_partitions ----------------------------------------------
SELECT throws_ok($$SELECT create_dossier_partitions('2024-01-01', 'infinity')$$, '22008',
    'last_month must be a finite date, not infinity', 'an infinite month range is refused');
SELECT throws_ok($$SELECT create_dossier_partitions('-infinity', '2024-01-01')$$, '22008',
    'first_month must be a finite date, not -infinity', 'from -infinity too');
SELECT throws_ok($$SELECT create_dossier_partitions(NULL, '2024-01-01')$$, '22004',
    'first_month must not be NULL', 'a NULL month is refused');
SELECT throws_ok($$SELECT create_dossier_partitions('2024-01-01', '2203-01-01')$$, '22023',
    'month range 2024-01-01 to 2203-01-01 spans 2149 months, more than the 240 one call may create',
    'one call creates at most 240 months');
SELECT throws_ok($$SELECT create_dossier_partitions('0800-01-01', '0800-02-01')$$, '22008',
    'first_month 0800-01-01 is outside the years 1900 to 9998', 'a month before 1900 is refused');

-- Batches ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM load_dossiers(NULL)$$, '22004', 'batch must not be NULL', 'load_dossiers(NULL) is refused');
SELECT throws_ok($$SELECT * FROM dossier_batch_problems(NULL)$$, '22004', 'batch must not be NULL', 'dossier_batch_problems(NULL) too');
SELECT throws_ok($$SELECT * FROM load_composite_assessments(NULL)$$, '22004', 'batch must not be NULL',
    'load_composite_assessments(NULL) too');
SELECT throws_ok($$SELECT * FROM composite_assessment_problems(NULL)$$, '22004', 'batch must not be NULL',
    'composite_assessment_problems(NULL) too');
CREATE TEMP TABLE misshapen (code text, unit text, procedure_code text);
SELECT throws_ok($$SELECT * FROM load_dossiers('misshapen')$$, '42703',
    'batch misshapen lacks column(s) unit_code, channel, submitted_at, received_at, due_at, ended_at, end_status, supplement_requests, supplement_periods, synced, electronic_result, digitized, reused_data, personal_store, population_data, paid_online, fee_amount, rating of dossier_input',
    'a batch of the wrong shape is named with its missing columns');
CREATE TEMP TABLE mistyped (LIKE dossier_input);
ALTER TABLE mistyped ALTER fee_amount TYPE text;
SELECT throws_ok($$SELECT * FROM load_dossiers('mistyped')$$, '42804',
    'column fee_amount of batch mistyped is of type text, not bigint', 'a column of the wrong type is named');
ALTER TABLE mistyped ALTER fee_amount TYPE int USING NULL, ALTER received_at TYPE date, ALTER code TYPE varchar(40);
SELECT lives_ok($$SELECT * FROM load_dossiers('mistyped')$$, 'types that assign to the shape''s are accepted');

CREATE TEMP TABLE typo (LIKE dossier_input);
INSERT INTO typo (code, unit_code, procedure_code, channel, received_at)
SELECT 'TAP-T' || i, 'H74', (SELECT min(code) FROM procedures), 'online', t
  FROM (VALUES (1, timestamptz '2023-05-04 08:00+07'), (2, '2203-05-04 08:00+07')) v (i, t);
SELECT throws_ok($$SELECT * FROM load_dossiers('typo')$$, '22008',
    format('dossier TAP-T2: received at 2203-05-04 08:00:00+07, outside the plausible receipt dates 2000-01-01 to %s',
           to_char((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + interval '1 year', 'YYYY-MM-DD')),
    'a receipt date two centuries ahead fails the batch');
SELECT is((SELECT array_agg(code || ' ' || sqlstate) FROM dossier_batch_problems('typo')), ARRAY['TAP-T2 22008'],
    'dossier_batch_problems flags it');
SELECT ok(to_regclass('govindex_partitions.dossiers_2203_05') IS NULL AND to_regclass('govindex_partitions.dossiers_2053_05') IS NULL,
    'and no partition was created for it');
SET LOCAL govindex.receipt_horizon = '200 years';
SELECT throws_ok($$SELECT * FROM dossier_batch_problems('typo')$$, '22023',
    'govindex.receipt_horizon must be an interval from 0 to 10 years, not "200 years"', 'the horizon is at most 10 years');
SET LOCAL govindex.receipt_horizon = 'soon';
SELECT throws_ok($$SELECT * FROM dossier_batch_problems('typo')$$, '22023',
    'govindex.receipt_horizon must be an interval from 0 to 10 years, not "soon"', 'and an interval');
SET LOCAL govindex.receipt_horizon = '10 years';
UPDATE typo SET received_at = now() + interval '5 years' WHERE code = 'TAP-T2';
SELECT is((SELECT count(*)::int FROM dossier_batch_problems('typo')), 0, 'a longer horizon accepts receipts five years ahead');
RESET govindex.receipt_horizon;
SELECT is((SELECT array_agg(code || ' ' || sqlstate) FROM dossier_batch_problems('typo')), ARRAY['TAP-T2 22008'],
    'which the default refuses');
UPDATE typo SET received_at = '1999-12-31 23:59+07' WHERE code = 'TAP-T2';
SELECT is((SELECT array_agg(code || ' ' || sqlstate) FROM dossier_batch_problems('typo')), ARRAY['TAP-T2 22008'],
    'a receipt date before 2000 is flagged too');
UPDATE typo SET received_at = '2025-06-04 08:00+07' WHERE code = 'TAP-T2';
UPDATE typo SET received_at = '2024-01-04 08:00+07' WHERE code = 'TAP-T1';
CREATE TEMP TABLE partitions_before AS SELECT inhrelid FROM pg_inherits WHERE inhparent = 'govindex.dossiers'::regclass;
SELECT is((SELECT inserted FROM load_dossiers('typo')), 2::bigint, 'a batch of January 2024 and June 2025 loads');
SELECT is((SELECT array_agg(inhrelid::regclass::text ORDER BY 1) FROM pg_inherits
            WHERE inhparent = 'govindex.dossiers'::regclass AND inhrelid NOT IN (SELECT inhrelid FROM partitions_before)),
          ARRAY['govindex_partitions.dossiers_2024_01', 'govindex_partitions.dossiers_2025_06'], 'creating only the months that have dossiers, not the 16 between');
SELECT ok((SELECT fine FROM books), 'the books are right after loading through the parent');

SELECT * FROM finish();
ROLLBACK;
