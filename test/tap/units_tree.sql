-- test/tap/units_tree.sql — the unit tree: at most 32 levels, checked fast (a 2,000-level chain fails at
-- once), no cycle of parents or successors, and merge_unit refusing a successor that is a
-- descendant or leads back to the merged unit.
-- Runs on the generated province; rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SELECT plan(14);

-- The unit tree ------------------------------------------------------------------------
SELECT throws_ok($$SELECT merge_unit('H74', 'H74.21.01', '2025-07-01')$$, '22023',
    'unit H74 cannot be merged into unit H74.21.01, one of its own descendants', 'a province is not merged into its own commune');
SELECT throws_ok($$SELECT merge_unit('H74.21', 'H74.21', '2025-07-01')$$, '22023',
    'unit H74.21 cannot be merged into itself', 'nor a unit into itself');
SELECT lives_ok($$SELECT merge_unit('H74.21', 'H74.22', '2025-07-01')$$, 'a district merges into another');
SELECT throws_ok($$SELECT merge_unit('H74.22', 'H74.21', '2025-07-01')$$, '22023',
    'unit H74.22 cannot be merged into unit H74.21: the successors would form a cycle', 'merging it back would make a cycle of successors');
SELECT lives_ok($$SELECT merge_unit('H74.23', 'H74.21', '2025-07-01')$$, 'a third merges into the merged one');
SELECT throws_ok($$SELECT merge_unit('H74.22', 'H74.23', '2025-07-01')$$, '22023',
    'unit H74.22 cannot be merged into unit H74.23: the successors would form a cycle', 'a longer cycle of successors is refused');
SELECT throws_ok($$UPDATE units SET successor_id = (SELECT id FROM units WHERE code = 'H74.23'), valid_to = '2025-07-01'
                    WHERE code = 'H74.22'$$, '23000',
    'unit H74.22 cannot have H74.23 as its successor: the successors would form a cycle',
    'and so is one made by a direct update');
SELECT throws_ok($$UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'H74.21.01') WHERE code = 'H74.21'$$,
    '23000', 'unit H74.21 cannot be placed under unit H74.21.01: the tree would have a cycle',
    'a parent cycle is still refused');

-- a chain of 40 levels below H74.01: refused at the 33rd
CREATE TEMP TABLE chain AS SELECT i, format('TAP-C%s', i) AS code FROM generate_series(1, 40) i;
CREATE FUNCTION pg_temp.grow(n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    FOR k IN 1..n LOOP
        INSERT INTO govindex.units (code, name_vi, level, parent_id)
        SELECT c.code, 'Chuỗi', 'commune', coalesce((SELECT id FROM govindex.units WHERE code = format('TAP-C%s', c.i - 1)),
                                                   (SELECT id FROM govindex.units WHERE code = 'H74.01'))
          FROM pg_temp.chain c WHERE c.i = k;
    END LOOP;
END $$;
SELECT lives_ok($$SELECT pg_temp.grow(30)$$, 'a chain reaching level 32 is accepted');
SELECT throws_ok($$INSERT INTO units (code, name_vi, level, parent_id)
                   SELECT 'TAP-C31', 'Chuỗi', 'commune', id FROM units WHERE code = 'TAP-C30'$$, '23000',
    'unit TAP-C31 cannot be placed under unit TAP-C30: the tree would be deeper than 32 levels', 'level 33 is refused');
SELECT throws_ok($$UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'TAP-C29') WHERE code = 'H74.21'$$, '23000',
    'unit H74.21 cannot be placed under unit TAP-C29: with its descendants the tree would be deeper than 32 levels',
    'a move that puts a subtree below level 32 is refused');
SELECT lives_ok($$UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'TAP-C29') WHERE code = 'H74.21.01'$$,
    'a leaf moved to level 32 is accepted');
-- a 2,000-unit chain inserted in one statement fails fast at level 33
CREATE TEMP TABLE started AS SELECT clock_timestamp() AS at;
SELECT throws_ok($$INSERT INTO units (id, code, name_vi, level, parent_id)
                   SELECT 100000 + i, format('TAP-L%s', i), 'Chuỗi dài', 'commune', CASE WHEN i = 1 THEN 1 ELSE 100000 + i - 1 END
                     FROM generate_series(1, 2000) i$$, '23000', NULL, 'a 2,000-level chain is refused');
SELECT ok(clock_timestamp() - (SELECT at FROM started) < interval '20 seconds', 'and quickly');

SELECT * FROM finish();
ROLLBACK;
