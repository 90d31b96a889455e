-- test/tap/access.sql — the access model: the three roles and exactly what each may do,
-- unit-subtree grants, and row-level security that gives a district reader exactly the
-- administrator's figures for its subtree, through every table, view, report and the
-- daily summaries, and nothing of the units outside it.  Roles are played with SET
-- ROLE (the JDBC client test logs in as such roles); everything is rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SET jit = off;   -- compiling the reports' plans costs more than running them on 20,000 dossiers
SELECT plan(64);

-- analysed now, so that no autovacuum ANALYZE of units runs while this transaction,
-- which changed their grants, adds a partition's key to them (the two would deadlock)
ANALYZE govindex.units, govindex.procedures;
SELECT refresh_dossier_days() \g /dev/null
CREATE TEMP TABLE year AS SELECT tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07') AS w;
CREATE TEMP TABLE subtree AS SELECT s.unit_id, s.code FROM unit_subtree('H74.21') s;

-- ---- roles
SELECT lives_ok($$SELECT create_roles()$$, 'create_roles() creates the roles');
SELECT lives_ok($$SELECT create_roles()$$, 'running it again is harmless');
SELECT is((SELECT array_agg(rolname::text ORDER BY rolname) FROM pg_roles
            WHERE rolname LIKE 'govindex\_%' AND NOT rolcanlogin),
          '{govindex_admin,govindex_loader,govindex_reader}', 'three NOLOGIN roles');
SELECT ok(pg_has_role('govindex_loader', 'govindex_reader', 'USAGE') AND pg_has_role('govindex_admin', 'govindex_loader', 'USAGE')
          AND NOT pg_has_role('govindex_reader', 'govindex_loader', 'USAGE'), 'reader ⊂ loader ⊂ admin');
SELECT ok((SELECT bool_and(admin_option) FROM pg_auth_members
            WHERE member = 'govindex_admin'::regrole AND roleid IN ('govindex_reader'::regrole, 'govindex_loader'::regrole))
          AND (SELECT count(*) FROM pg_auth_members WHERE member = 'govindex_admin'::regrole) = 2,
          'the admin may hand the reader and loader roles to login roles');

-- what each may do
SELECT ok(has_table_privilege('govindex_reader', 'govindex.dossiers', 'SELECT')
          AND has_table_privilege('govindex_reader', 'govindex.index766_reading_changes', 'SELECT')
          AND has_table_privilege('govindex_reader', 'govindex.dossier_days', 'SELECT'),
          'a reader reads the tables, views and summaries');
SELECT ok(NOT has_table_privilege('govindex_reader', 'govindex.dossiers', 'INSERT')
          AND NOT has_table_privilege('govindex_reader', 'govindex.unit_access', 'SELECT')
          AND NOT has_function_privilege('govindex_reader', 'govindex.refresh_dossier_days(bool)', 'EXECUTE')
          AND NOT has_function_privilege('govindex_reader', 'govindex.create_dossier_partitions(date, date)', 'EXECUTE')
          AND NOT has_function_privilege('govindex_reader', 'govindex.record_index766_reading(date, text, text, tstzrange, int, int)', 'EXECUTE'),
          'a reader writes nothing, reads no grants, refreshes, partitions and records nothing');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
            WHERE c.relnamespace = 'govindex'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND has_table_privilege('govindex_loader', c.oid, 'INSERT')),
          '{composite_assessments,composite_deductions,composite_published,dossier_steps,dossiers,petitions,portal_dossier_records,procedure_publications}',
          'a loader writes the loaded tables and no other');
SELECT ok(has_function_privilege('govindex_loader', 'govindex.refresh_dossier_days(bool)', 'EXECUTE')
          AND has_function_privilege('govindex_loader', 'govindex.create_dossier_partitions(date, date)', 'EXECUTE')
          AND has_function_privilege('govindex_loader', 'govindex.record_index766_reading(date, text, text, tstzrange, int, int)', 'EXECUTE'),
          'a loader refreshes the summaries, creates partitions and records readings');
SELECT ok(NOT has_table_privilege('govindex_loader', 'govindex.methodologies', 'UPDATE')
          AND NOT has_table_privilege('govindex_loader', 'govindex.national_holidays', 'DELETE')
          AND NOT has_table_privilege('govindex_loader', 'govindex.index766_reading_units', 'INSERT')
          AND NOT has_table_privilege('govindex_loader', 'govindex.units', 'UPDATE'),
          'a loader changes no methodology, calendar, reading or unit');
SELECT ok(has_table_privilege('govindex_admin', 'govindex.methodologies', 'UPDATE')
          AND has_table_privilege('govindex_admin', 'govindex.unit_access', 'INSERT')
          AND has_table_privilege('govindex_admin', 'govindex.units', 'UPDATE'),
          'an admin changes methodologies, units and unit access');
SELECT is((SELECT count(*)::int FROM unnest(bookkeeping_tables()) t
            WHERE has_table_privilege('govindex_admin', t, 'INSERT') OR has_table_privilege('govindex_admin', t, 'DELETE')
               OR has_table_privilege('govindex_admin', t, 'TRUNCATE') OR has_table_privilege('govindex_admin', t, 'UPDATE')),
          0, 'nobody but the extension''s own functions writes the derived tables');
SELECT ok(NOT has_function_privilege('public', 'govindex.dossier_days_mark_every_day()', 'EXECUTE')
          AND NOT has_function_privilege('public', 'govindex.lock_unit_tree()', 'EXECUTE'),
          'PUBLIC can neither mark every day stale nor take the tree lock');
SELECT is((SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = 'govindex'::regnamespace AND c.relkind = 'v'
              AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)),
          0, 'every view reads as its caller (security_invoker)');

-- ---- the policies' test
SELECT is(unit_allowed(3, '{5,3,1}'), true, 'unit_allowed: a listed unit, the array unsorted');
SELECT is(unit_allowed(4, '{5,3,1}'), false, 'unit_allowed: an unlisted one');
SELECT is(unit_allowed(3, NULL), true, 'unit_allowed: a NULL array allows every unit');
SELECT is(unit_allowed(NULL, '{1}'), false, 'unit_allowed: a NULL unit is not allowed');
SELECT is(unit_allowed(1, '{}') OR unit_allowed(2, '{NULL,NULL}'), false, 'unit_allowed: an empty array allows none');
SELECT is(unit_allowed(2, '{NULL,2,2}'), true, 'unit_allowed: NULL elements and duplicates are harmless');
SELECT is(unit_code_allowed('H74.21', '{H74.22,H74,H74.21}') AND NOT unit_code_allowed('H74.2', '{H74.21,H74}')
          AND NOT unit_code_allowed('h74.21', '{H74.21}') AND unit_code_allowed('x', NULL), true,
          'unit_code_allowed: exact codes, byte for byte');
SELECT is((SELECT bool_and(unit_allowed(x, a) = coalesce(x = ANY (a), false)
                           AND unit_code_allowed(x::text, a::text[]) = coalesce(x::text = ANY (a::text[]), false))
             FROM (SELECT (g % 7) AS x, ARRAY(SELECT (g * 13 + k) % 11 FROM generate_series(1, g % 5) k) AS a
                     FROM generate_series(1, 2000) g) t),
          true, 'unit_allowed = "= ANY" over 2,000 rows whose arrays change from row to row');

-- ---- grants of subtrees
CREATE ROLE tap_district LOGIN IN ROLE govindex_reader;
CREATE ROLE tap_province LOGIN IN ROLE govindex_reader;
CREATE ROLE tap_group NOLOGIN;
CREATE ROLE tap_member LOGIN IN ROLE govindex_reader, tap_group;
CREATE ROLE tap_loader LOGIN IN ROLE govindex_loader;
SELECT throws_ok($$SELECT grant_unit_access('tap_nobody', 'H74.21')$$, '42704', 'role "tap_nobody" does not exist', 'an unknown role');
SELECT throws_ok($$SELECT grant_unit_access('govindex_reader', 'H74.21')$$, '22023',
                 'role govindex_reader is one of the extension''s roles: a subtree granted to it would restrict every member',
                 'not to the extension''s own roles');
SELECT throws_ok($$SELECT grant_unit_access('tap_district', 'H99')$$, 'P0002', 'unknown unit H99', 'an unknown unit');
SELECT throws_ok($$SELECT grant_unit_access(NULL, 'H74.21')$$, '22004', NULL, 'a NULL role');
SELECT is(grant_unit_access('tap_district', 'H74.21'), true, 'a district granted');
SELECT is(grant_unit_access('tap_district', 'H74.21'), false, 'granting it again changes nothing');
SELECT is(grant_unit_access('tap_group', 'H74.21'), true, 'a group role granted the same district');
SELECT is(accessible_unit_ids('tap_province'), NULL, 'a role without a grant reads every unit');
SELECT is(accessible_unit_codes('tap_district'), (SELECT array_agg(code ORDER BY code) FROM subtree),
          'a granted role reads its subtree');
SELECT is(accessible_unit_codes('tap_member'), accessible_unit_codes('tap_district'), 'a member inherits its group''s subtree');
SELECT throws_ok($$SELECT revoke_unit_access('tap_district', 'H74.21')$$, '22023',
                 'unit H74.21 is the last subtree of role tap_district: without it the role would read every unit',
                 'the last subtree is not taken back silently');

-- ---- the administrator's figures for the district, then the district reader's
CREATE TEMP TABLE admin_totals AS SELECT t.* FROM year, index766_totals(year.w, 'H74.21') t;
CREATE TEMP TABLE admin_index AS SELECT t.* FROM year, index766(year.w, 'H74.21') t;
CREATE TEMP TABLE admin_stats AS SELECT s.unit_id, s.stats::text FROM year, unit_stats(year.w, 'H74.21') s;
CREATE TEMP TABLE admin_late AS SELECT l.* FROM late_dossiers_at('2023-12-01 00:00+07', 'H74.21') l;
CREATE TEMP TABLE admin_counts AS
SELECT (SELECT count(*) FROM dossiers WHERE unit_id IN (SELECT unit_id FROM subtree)) AS dossiers,
       (SELECT count(*) FROM petitions WHERE unit_id IN (SELECT unit_id FROM subtree)) AS petitions,
       (SELECT count(*) FROM dossier_days WHERE unit_id IN (SELECT unit_id FROM subtree)) AS days;
SELECT record_index766_reading('2023-12-18', 'H74', NULL, NULL, 11, 63) \g /dev/null
CREATE TEMP TABLE admin_reading AS
SELECT unit_code, total, rank, rank_of FROM index766_reading_units
 WHERE unit_code IN (SELECT code FROM subtree);
GRANT SELECT ON year, subtree, admin_totals, admin_index, admin_stats, admin_late, admin_counts, admin_reading
    TO tap_district, tap_province, tap_loader;

SET ROLE tap_district;
SELECT is((SELECT count(*) FROM dossiers), (SELECT dossiers FROM admin_counts), 'the district reads its own dossiers');
SELECT is((SELECT count(*) FROM dossiers), 1646::bigint, '1,646 of the 20,000');
SELECT is((SELECT count(*) FROM dossier_due_dates), 1646::bigint, 'the same through dossier_due_dates');
SELECT is((SELECT count(*) FROM dossier_codes), 1646::bigint, 'and the codes of those dossiers only');
SELECT is((SELECT array_agg(code ORDER BY code) FROM units), (SELECT array_agg(code ORDER BY code) FROM subtree),
          'the units of its subtree and no other');
SELECT is((SELECT count(*) FROM petitions), (SELECT petitions FROM admin_counts), 'its petitions');
SELECT is((SELECT count(*) FROM dossier_days), (SELECT days FROM admin_counts), 'its daily summaries');
SELECT ok(dossier_days_cover((SELECT w FROM year)), 'the report of the year is read from the summaries');
SELECT set_eq($$SELECT s.unit_id, s.stats::text FROM year, unit_stats(year.w) s$$, $$SELECT * FROM admin_stats$$,
              'unit_stats (all units) = the administrator''s for the district, state for state');
SELECT set_eq($$SELECT unit_code, unit_name, level, total, max_points, percent, rank, rank_of FROM year, index766_totals(year.w) t$$,
              $$SELECT unit_code, unit_name, level, total, max_points, percent, rank, rank_of FROM admin_totals$$,
              'index766_totals = the administrator''s for the district');
SELECT set_eq($$SELECT unit_code, metric_code, numerator, denominator, percent, score FROM year, index766(year.w) t$$,
              $$SELECT unit_code, metric_code, numerator, denominator, percent, score FROM admin_index$$,
              'index766 = the administrator''s for the district, metric for metric');
SELECT is((SELECT parent_code FROM year, index766_totals(year.w) t WHERE unit_code = 'H74.21'), NULL,
          'the district''s parent, outside its subtree, is not named');
SET LOCAL govindex.dossier_days = off;
SELECT set_eq($$SELECT s.unit_id, s.stats::text FROM year, unit_stats(year.w) s$$, $$SELECT * FROM admin_stats$$,
              'the same from the rows');
RESET govindex.dossier_days;
SELECT set_eq($$SELECT * FROM late_dossiers_at('2023-12-01 00:00+07')$$, $$SELECT * FROM admin_late$$,
              'late dossiers = the administrator''s for the district');
SELECT is_empty($$SELECT * FROM index766_totals((SELECT w FROM year), 'H74')$$,
                'a report rooted at the province gives nothing: the province is outside its subtree');
SELECT set_eq($$SELECT unit_code, total, rank, rank_of FROM index766_reading_units$$, $$SELECT * FROM admin_reading$$,
              'a reading shows the district''s rows, with their stored ranks, and no other unit''s');
SELECT is((SELECT count(*) FROM index766_reading_groups WHERE unit_code NOT IN (SELECT code FROM subtree)), 0::bigint,
          'no other unit''s group scores');
SELECT is((SELECT count(*) FROM index766_reading_changes WHERE unit_code NOT IN (SELECT code FROM subtree)), 0::bigint,
          'no other unit''s changes');
SELECT throws_ok($$SELECT * FROM unit_access$$, '42501', NULL, 'the grants are not for a reader');
SELECT throws_ok($$SELECT refresh_dossier_days()$$, '42501', NULL, 'a reader does not refresh');
RESET ROLE;

SET ROLE tap_province;
SELECT is((SELECT count(*) FROM dossiers), 20000::bigint, 'a reader without a grant reads the whole province');
SELECT is((SELECT count(*) FROM index766_totals((SELECT w FROM year)) WHERE unit_code = 'H74'), 1::bigint,
          'and reports it');
RESET ROLE;

-- ---- a loader loads a new month, owning nothing
SET ROLE tap_loader;
CREATE TEMP TABLE batch (LIKE govindex.dossier_input);
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at, synced)
SELECT 'TAP-A1', 'H74.21', (SELECT min(code) FROM procedures), 'online', '2025-03-03 09:00+07', true;
SELECT is((SELECT row(inserted, updated)::text FROM load_dossiers('batch')), '(1,0)', 'a loader loads a month that had no partition');
SELECT is(refresh_dossier_days() > 0, true, 'and refreshes the summaries');
RESET ROLE;
SELECT is((SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = (SELECT tableoid FROM dossiers WHERE code = 'TAP-A1')),
          (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = 'govindex.dossiers'::regclass),
          'the new partition belongs to the dossiers'' owner');
SELECT ok((SELECT relrowsecurity FROM pg_class WHERE oid = (SELECT tableoid FROM dossiers WHERE code = 'TAP-A1'))
          AND has_table_privilege('govindex_reader', (SELECT tableoid FROM dossiers WHERE code = 'TAP-A1'), 'SELECT')
          AND has_table_privilege('govindex_loader', (SELECT tableoid FROM dossiers WHERE code = 'TAP-A1'), 'INSERT'),
          'with the parent''s policy and grants');
SELECT is((SELECT count(*) FROM dossier_codes WHERE code = 'TAP-A1'), 1::bigint, 'its code is in the registry');
SELECT grant_unit_access('tap_loader', 'H74.21') \g /dev/null
SET ROLE tap_loader;
UPDATE batch SET code = 'TAP-A2', unit_code = 'H74';
SELECT throws_ok($$SELECT load_dossiers('batch')$$, '23503', 'dossier TAP-A2: unknown unit ''H74''',
                 'a loader given a district loads no dossier of another unit');
RESET ROLE;
CREATE TEMP TABLE outside AS SELECT id AS unit_id FROM units WHERE code = 'H74';
GRANT SELECT ON outside TO tap_loader;
SET ROLE tap_loader;
SELECT throws_ok($$INSERT INTO dossiers (code, unit_id, procedure_id, channel, received_at)
                   SELECT 'TAP-A3', o.unit_id, 1, 'online', '2023-05-05 09:00+07' FROM outside o$$,
                 '42501', 'new row violates row-level security policy for table "dossiers"',
                 'nor by hand: the policy checks what it writes');
RESET ROLE;

-- ---- merged predecessors come with the subtree
SELECT merge_unit('H74.22', 'H74.21', '2023-07-01') \g /dev/null
SELECT ok('H74.22' = ANY (accessible_unit_codes('tap_district')), 'a unit merged into the district is read with it');

-- ---- the policies keep the parallel plans
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL govindex.dossier_days = off;
SET ROLE tap_district;
CREATE TEMP TABLE plan_text (line text);
DO $$
DECLARE
    l text;
BEGIN
    FOR l IN EXECUTE $q$EXPLAIN SELECT * FROM govindex.unit_stats(tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07'))$q$ LOOP
        INSERT INTO plan_text VALUES (l);
    END LOOP;
END $$;
SELECT ok(EXISTS (SELECT FROM plan_text WHERE line ~ 'Gather')
          AND EXISTS (SELECT FROM plan_text WHERE line ~ 'Parallel Seq Scan on dossiers_2023_0[1-9]')
          AND EXISTS (SELECT FROM plan_text WHERE line ~ 'unit_allowed\(unit_id, '),
          'a reader''s report keeps its parallel plan, the policy in the workers'' scans');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
