-- The data model: tables, comments, constraints, the unit tree, partitions and the
-- dossier loader.  Runs in a database that already holds the generated demo data;
-- everything here is rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SELECT plan(66);

-- Shape ---------------------------------------------------------------------------
SELECT has_schema('govindex');
SELECT has_table('govindex', t, format('table govindex.%s exists', t))
  FROM unnest(ARRAY['unit_levels', 'units', 'procedures', 'dossiers', 'dossier_codes', 'petitions', 'holidays']) t;
SELECT is_partitioned('govindex', 'dossiers', 'dossiers is partitioned (by month of receipt)');
SELECT is((SELECT count(*)::int FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
            WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'govindex'::regnamespace
              AND obj_description(c.oid, 'pg_class') IS NULL),
          0, 'every table has a comment');
SELECT is((SELECT string_agg(c.relname || '.' || a.attname, ', ')
             FROM pg_class c
             JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'govindex'::regnamespace
              AND col_description(c.oid, a.attnum) IS NULL),
          NULL, 'every column has a comment');
SELECT ok((SELECT bool_and(obj_description(c.oid, 'pg_class') ~ ' — ')
             FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
            WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'govindex'::regnamespace),
          'table comments carry English and Vietnamese');

-- Fixtures ------------------------------------------------------------------------
DO $$ BEGIN PERFORM govindex.create_dossier_partitions('2023-01-01', '2023-12-01'); END $$;
INSERT INTO units (code, name_vi, level, valid_from) VALUES ('T1', 'Tỉnh thử', 'province', '2020-01-01');
-- one level per statement: a parent must exist before its children are looked up
CREATE TEMP TABLE fixture_units (code, name, level, parent) AS
VALUES ('T1.01', 'Sở thử', 'department', 'T1'),
       ('T1.D1', 'Huyện thử', 'district', 'T1'),
       ('T1.D1.X1', 'Xã thử', 'commune', 'T1.D1'),
       ('T2', 'Tỉnh sáp nhập', 'province', NULL),
       ('T2.01', 'Sở của tỉnh sáp nhập', 'department', 'T2');
INSERT INTO units (code, name_vi, level, parent_id, valid_from)
SELECT f.code, f.name, f.level, (SELECT id FROM units WHERE code = f.parent), '2020-01-01'
  FROM fixture_units f WHERE f.parent IS NULL OR f.parent = 'T1';
INSERT INTO units (code, name_vi, level, parent_id, valid_from)
SELECT f.code, f.name, f.level, (SELECT id FROM units WHERE code = f.parent), '2020-01-01'
  FROM fixture_units f WHERE f.parent IN ('T1.D1', 'T2');
INSERT INTO procedures (code, name_vi, service_level, fee_bearing, time_limit)
VALUES ('T.001', 'Thủ tục thử', 'full_online', true, 5);

-- Units ---------------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO units (code, name_vi, level) VALUES ('T9', 'x', 'galaxy')$$,
    '23503', NULL, 'a unit level must exist in unit_levels');
SELECT throws_ok($$INSERT INTO units (code, name_vi, level) VALUES ('T1', 'again', 'province')$$,
    '23505', 'duplicate key value violates unique constraint "units_code_key"', 'unit codes are unique');
SELECT throws_ok($$UPDATE units SET parent_id = id WHERE code = 'T1'$$,
    '23514', NULL, 'a unit is not its own parent');
SELECT throws_ok($$UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'T1.D1.X1') WHERE code = 'T1'$$,
    '23000', 'unit T1 cannot be placed under unit T1.D1.X1: the tree would have a cycle',
    'a unit cannot be placed under its own descendant');
SELECT throws_ok($$UPDATE units SET valid_to = '2019-01-01' WHERE code = 'T1.01'$$,
    '23514', NULL, 'a unit ends after it starts');
SELECT is(array_agg(code || ':' || depth ORDER BY depth, code), ARRAY['T1:0', 'T1.01:1', 'T1.D1:1', 'T1.D1.X1:2'],
          'unit_subtree lists a root and its descendants with depths')
  FROM unit_subtree('T1');
SELECT lives_ok($$SELECT merge_unit('T2', 'T1', '2025-07-01')$$, 'merge_unit ends a unit and names its successor');
SELECT is((SELECT (valid_to, (SELECT code FROM units s WHERE s.id = u.successor_id))::text FROM units u WHERE code = 'T2'),
          '(2025-07-01,T1)', 'the merged unit ends on the day and points to its successor');
SELECT is(array_agg(code ORDER BY code), ARRAY['T1', 'T1.01', 'T1.D1', 'T1.D1.X1', 'T2', 'T2.01'],
          'the successor''s subtree includes the merged unit and its own subtree')
  FROM unit_subtree('T1');
SELECT is(array_agg(code ORDER BY code), ARRAY['T1', 'T1.01', 'T1.D1', 'T1.D1.X1'],
          'without predecessors, only today''s tree')
  FROM unit_subtree('T1', false);
SELECT throws_ok($$SELECT merge_unit('T404', 'T1', '2025-07-01')$$, 'P0002', 'unknown unit T404',
    'merging an unknown unit is an error naming it');
SELECT throws_ok($$SELECT merge_unit('T1.01', 'T1', '2019-01-01')$$, '22023',
    'unit T1.01 cannot end on 2019-01-01: it starts on 2020-01-01', 'a unit cannot end before it starts');

-- Procedures ----------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO procedures (code, name_vi, time_limit) VALUES ('T.002', 'x', -1)$$,
    '23514', NULL, 'a legal time limit is not negative');
SELECT throws_ok($$INSERT INTO procedures (code, name_vi, service_level) VALUES ('T.002', 'x', 'level4')$$,
    '22P02', 'invalid input value for enum service_level: "level4"', 'service levels are a closed list');
SELECT throws_ok($$INSERT INTO procedures (code, name_vi) VALUES ('T.001', 'again')$$,
    '23505', NULL, 'procedure codes are unique');

-- Dossiers inserted directly: the table's constraints ------------------------------
CREATE TEMP TABLE ids AS
SELECT (SELECT id FROM units WHERE code = 'T1.01') AS unit, (SELECT id FROM procedures WHERE code = 'T.001') AS proc;

SELECT lives_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at)
                  SELECT 'T-D1', unit, proc, 'online', '2023-05-10 09:00' FROM ids$$,
    'a minimal dossier inserts');
SELECT is((SELECT count(*)::int FROM dossier_codes WHERE code = 'T-D1'), 1, 'its code is registered');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at)
                   SELECT 'T-D1', unit, proc, 'direct', '2023-08-01 09:00' FROM ids$$,
    '23505', 'dossier T-D1 already exists', 'a code is unique across monthly partitions');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at, ended_at, end_status)
                   SELECT 'T-D2', unit, proc, 'online', '2023-05-10 09:00', '2023-05-09 09:00', 'finished' FROM ids$$,
    '23514', NULL, 'a dossier cannot end before it is received');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at, ended_at)
                   SELECT 'T-D2', unit, proc, 'online', '2023-05-10 09:00', '2023-05-11 09:00' FROM ids$$,
    '23514', NULL, 'an end time needs an end status');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at, end_status)
                   SELECT 'T-D2', unit, proc, 'online', '2023-05-10 09:00', 'returned' FROM ids$$,
    '23514', NULL, 'an end status needs an end time');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at, fee_amount)
                   SELECT 'T-D2', unit, proc, 'online', '2023-05-10 09:00', -1000 FROM ids$$,
    '23514', NULL, 'a fee is not negative');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at)
                   SELECT 'T-D2', -1, proc, 'online', '2023-05-10 09:00' FROM ids$$,
    '23503', NULL, 'an unknown unit is rejected');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at)
                   SELECT 'T-D2', unit, -1, 'online', '2023-05-10 09:00' FROM ids$$,
    '23503', NULL, 'an unknown procedure is rejected');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at, supplement_periods)
                   SELECT 'T-D2', unit, proc, 'online', '2023-05-10 09:00', '{[2023-05-11,2023-05-12)}' FROM ids$$,
    '23514', NULL, 'supplement periods need a supplement request');
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at)
                   SELECT 'T-D2', unit, proc, 'online', '2031-05-10 09:00' FROM ids$$,
    '23514', NULL, 'a month without a partition is rejected (create it with create_dossier_partitions)');
SELECT throws_ok($$UPDATE dossiers SET code = 'T-D9' WHERE code = 'T-D1'$$,
    '23000', 'dossier T-D1 cannot be renamed to T-D9', 'a dossier''s code is its identity');
SELECT lives_ok($$UPDATE dossiers SET received_at = '2023-09-01 08:00' WHERE code = 'T-D1'$$,
    'a dossier moves to another month''s partition when its reception date is corrected');
SELECT is((SELECT tableoid::regclass::text FROM dossiers WHERE code = 'T-D1'), 'govindex_partitions.dossiers_2023_09',
          'and lands in that month''s partition');
DELETE FROM dossiers WHERE code = 'T-D1';
SELECT is((SELECT count(*)::int FROM dossier_codes WHERE code = 'T-D1'), 0, 'deleting a dossier frees its code');

-- Partitions ----------------------------------------------------------------------
SELECT is(create_dossier_partitions('2031-01-15', '2031-03-01'), 3, 'three monthly partitions created');
SELECT is(create_dossier_partitions('2031-01-01', '2031-03-31'), 0, 'existing partitions are left alone');
SELECT is(pg_get_expr(c.relpartbound, c.oid), 'FOR VALUES FROM (''2031-02-01 00:00:00+07'') TO (''2031-03-01 00:00:00+07'')',
          'a month is bounded at midnight, Asia/Ho_Chi_Minh')
  FROM pg_class c WHERE c.oid = 'govindex_partitions.dossiers_2031_02'::regclass;
SELECT throws_ok($$SELECT create_dossier_partitions('2031-03-01', '2031-01-01')$$, '22023',
    'invalid month range 2031-03-01 to 2031-01-01', 'a reversed month range is an error');

-- The loader ----------------------------------------------------------------------
CREATE TEMP TABLE batch (LIKE govindex.dossier_input);
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at, due_at, ended_at, end_status, fee_amount, paid_online)
VALUES ('T-L1', 'T1.01', 'T.001', 'online', '2026-01-05 08:00', '2026-01-12 17:00', '2026-01-10 10:00', 'returned', 50000, 'portal'),
       ('T-L2', 'T1.D1', 'T.001', 'direct', '2026-02-05 08:00', '2026-02-12 17:00', NULL, NULL, NULL, NULL),
       ('T-L3', 'T1.D1.X1', 'T.001', 'postal', '2026-02-06 08:00', NULL, NULL, NULL, NULL, NULL);
SELECT is((SELECT (inserted, updated)::text FROM load_dossiers('batch')), '(3,0)', 'a new batch inserts every dossier');
SELECT is((SELECT count(*)::int FROM pg_class WHERE relname IN ('dossiers_2026_01', 'dossiers_2026_02')
                                                 AND relnamespace = 'govindex_partitions'::regnamespace), 2,
          'the loader creates the months it needs');
UPDATE batch SET ended_at = '2026-02-20 09:00', end_status = 'finished' WHERE code = 'T-L2';
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at)
VALUES ('T-L4', 'T1.01', 'T.001', 'online', '2026-02-07 08:00');
SELECT is((SELECT (inserted, updated)::text FROM load_dossiers('batch')), '(1,3)', 'loading again updates known codes and inserts new ones');
SELECT is((SELECT (ended_at, end_status)::text FROM dossiers WHERE code = 'T-L2'),
          '("2026-02-20 09:00:00+07",finished)', 'the update took the new values');
SELECT is((SELECT count(*)::int FROM dossiers WHERE code LIKE 'T-L%'), 4, 'one row per code after reloading');
SELECT is((SELECT (u.code, p.code, d.paid_online, d.fee_amount)::text FROM dossiers d JOIN units u ON u.id = d.unit_id
              JOIN procedures p ON p.id = d.procedure_id WHERE d.code = 'T-L1'),
          '(T1.01,T.001,portal,50000)', 'codes are resolved to the unit and procedure');

TRUNCATE batch;
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at, ended_at, end_status)
VALUES ('T-L5', 'T1.01', 'T.001', 'online', '2026-01-05 08:00', NULL, NULL),
       ('T-L6', 'T1.01', 'T.001', 'online', '2026-01-05 08:00', '2026-01-04 08:00', 'finished'),
       ('T-L7', 'T1.01', 'T.001', 'online', '2026-01-05 08:00', NULL, NULL);
SELECT throws_ok($$SELECT * FROM load_dossiers('batch')$$, '23514',
    'dossier T-L6: ended at 2026-01-04 08:00:00+07, before it was received at 2026-01-05 08:00:00+07',
    'a dossier ending before reception fails the batch, naming it');
SELECT is((SELECT count(*)::int FROM dossiers WHERE code IN ('T-L5', 'T-L7')), 0, 'nothing of the failed batch was loaded');
SELECT is((SELECT array_agg(code || ' ' || sqlstate ORDER BY batch_row) FROM dossier_batch_problems('batch')),
          ARRAY['T-L6 23514'], 'dossier_batch_problems lists the bad rows');

UPDATE batch SET ended_at = NULL, end_status = 'finished' WHERE code = 'T-L6';
SELECT throws_ok($$SELECT * FROM load_dossiers('batch')$$, '23514',
    'dossier T-L6: end status finished without an end time', 'an end status without an end time fails the batch');
UPDATE batch SET end_status = NULL, fee_amount = -5 WHERE code = 'T-L6';
SELECT throws_ok($$SELECT * FROM load_dossiers('batch')$$, '23514',
    'dossier T-L6: negative fee -5', 'a negative fee fails the batch');
UPDATE batch SET fee_amount = NULL, unit_code = 'NOPE' WHERE code = 'T-L6';
SELECT throws_ok($$SELECT * FROM load_dossiers('batch')$$, '23503',
    'dossier T-L6: unknown unit ''NOPE''', 'an unknown unit fails the batch');
UPDATE batch SET unit_code = 'T1.01', procedure_code = '9.999999' WHERE code = 'T-L6';
SELECT throws_ok($$SELECT * FROM load_dossiers('batch')$$, '23503',
    'dossier T-L6: unknown procedure ''9.999999''', 'an unknown procedure fails the batch');
UPDATE batch SET procedure_code = 'T.001', code = 'T-L5' WHERE code = 'T-L6';
SELECT throws_ok($$SELECT * FROM load_dossiers('batch')$$, '23505',
    'dossier T-L5 appears 2 times in the batch', 'a code twice in one batch fails the batch');
DELETE FROM batch WHERE code = 'T-L5';
UPDATE batch SET code = NULL WHERE code = 'T-L7';
SELECT throws_ok($$SELECT * FROM load_dossiers('batch')$$, '23502',
    'row 1 of the batch has no dossier code', 'a row without a code fails the batch, named by its position');
SELECT is((SELECT count(*)::int FROM dossiers WHERE code LIKE 'T-L%'), 4, 'after all those failures, only the first batches are loaded');

-- Petitions and holidays ----------------------------------------------------------
SELECT throws_ok($$INSERT INTO petitions (code, unit_id, kind, received_at, ended_at)
                   SELECT 'T-P1', unit, 'procedure', '2023-05-10', '2023-05-01' FROM ids$$,
    '23514', NULL, 'a petition cannot be answered before it is received');
SELECT throws_ok($$INSERT INTO petitions (code, unit_id, kind, received_at, likes)
                   SELECT 'T-P1', unit, 'staff', '2023-05-10', -1 FROM ids$$,
    '23514', NULL, 'likes are not negative');
SELECT throws_ok($$INSERT INTO holidays (day, kind, name_vi) VALUES ('2024-02-07', 'swapped_workday', 'Làm bù')$$,
    '23514', NULL, 'a swapped working day falls on a weekend (7 Feb 2024 is a Wednesday)');
SELECT lives_ok($$INSERT INTO holidays (day, kind, name_vi) VALUES ('2024-02-08', 'holiday', 'Tết Nguyên đán'),
                                                                   ('2024-02-17', 'swapped_workday', 'Làm bù')$$,
    'a holiday and a swapped Saturday are accepted');

SELECT * FROM finish();
ROLLBACK;
