-- test/tap/units_concurrency.sql — two sessions that each move a department under the
-- other cannot both commit: the tree check serializes tree changes with a lock (READ
-- COMMITTED) and fails with 40001 on a row changed since its snapshot (REPEATABLE READ).
-- A second session (dblink) writes; the order is forced by waiting until it is blocked.
-- This file commits, and leaves the units as it found them.
SET search_path = govindex, public;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS dblink;

SELECT plan(10);

SELECT dblink_connect('mover', format('dbname=%s port=%s host=%s', current_database(), current_setting('port'),
                                      split_part(current_setting('unix_socket_directories'), ',', 1)))
    \g /dev/null
SELECT dblink_exec('mover', 'SET lock_timeout = ''30s''') \g /dev/null
CREATE TEMP TABLE mover AS SELECT pid FROM dblink('mover', 'SELECT pg_backend_pid()') AS t (pid int);
CREATE FUNCTION pg_temp.move(unit text, parent text) RETURNS text LANGUAGE sql AS $$
    SELECT format('UPDATE govindex.units SET parent_id = (SELECT id FROM govindex.units WHERE code = %L) WHERE code = %L',
                  parent, unit);
$$;
-- waits (at most 30 s) until the mover waits for a lock
CREATE FUNCTION pg_temp.mover_blocked() RETURNS bool LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..3000 LOOP
        IF EXISTS (SELECT FROM pg_stat_activity a, pg_temp.mover m WHERE a.pid = m.pid AND a.wait_event_type = 'Lock') THEN
            RETURN true;
        END IF;
        PERFORM pg_sleep(0.01);
    END LOOP;
    RETURN false;
END $$;
CREATE FUNCTION pg_temp.parents() RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(u.code || '<' || p.code, ' ' ORDER BY u.code)
      FROM govindex.units u JOIN govindex.units p ON p.id = u.parent_id WHERE u.code IN ('H74.01', 'H74.02');
$$;

SELECT is(pg_temp.parents(), 'H74.01<H74 H74.02<H74', 'two departments of the province');

-- READ COMMITTED: this session moves H74.01 under H74.02 and holds its transaction open;
-- the mover's move of H74.02 under H74.01 waits, then sees the first and is refused.
BEGIN;
SELECT lives_ok(pg_temp.move('H74.01', 'H74.02'), 'a first session moves H74.01 under H74.02');
SELECT dblink_send_query('mover', pg_temp.move('H74.02', 'H74.01')) \g /dev/null
SELECT ok(pg_temp.mover_blocked(), 'a second session moving H74.02 under H74.01 waits for the first');
COMMIT;
CREATE TEMP TABLE outcome AS SELECT * FROM dblink_get_result('mover', false) AS t (status text);
SELECT is(array_to_string((string_to_array(dblink_error_message('mover'), E'\n'))[1:2], E'\n'),
    E'ERROR:  unit H74.02 cannot be placed under unit H74.01: the tree would have a cycle\n'
    'DETAIL:  Parents upwards from H74.02: H74.02 → H74.01 → H74.02.',
    'once the first commits, the second is refused: the tree would have a cycle');
SELECT * FROM dblink_get_result('mover', false) AS t (status text) \g /dev/null
SELECT is(pg_temp.parents(), 'H74.01<H74.02 H74.02<H74', 'so both departments are still in the province');

-- REPEATABLE READ: the mover's snapshot predates a committed move; its check fails.
SELECT lives_ok(pg_temp.move('H74.01', 'H74'), 'H74.01 is back under the province');
SELECT dblink_exec('mover', 'BEGIN ISOLATION LEVEL REPEATABLE READ') \g /dev/null
SELECT * FROM dblink('mover', 'SELECT count(*) FROM govindex.units') AS t (n bigint) \g /dev/null
UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'H74.02') WHERE code = 'H74.01';
SELECT throws_ok(format('SELECT dblink_exec(%L, %L)', 'mover', pg_temp.move('H74.02', 'H74.01')), '40001', NULL,
    'a move under REPEATABLE READ whose snapshot predates a committed move fails with a serialization error');
SELECT dblink_exec('mover', 'ROLLBACK') \g /dev/null
UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'H74') WHERE code = 'H74.01';
SELECT is(pg_temp.parents(), 'H74.01<H74 H74.02<H74', 'the departments are back as they were');

-- No reader can hold tree changes back: the lock is a table lock (lock_unit_tree) that
-- needs the right to change unit_levels; an advisory lock of the old name blocks nothing.
SELECT pg_advisory_lock(hashtext('govindex.units_tree')) \g /dev/null
SELECT dblink_exec('mover', 'SET lock_timeout = ''2s''') \g /dev/null
SELECT lives_ok(format('SELECT dblink_exec(%L, %L)', 'mover', pg_temp.move('H74.01', 'H74')),
    'an advisory lock does not block a tree change');
SELECT pg_advisory_unlock(hashtext('govindex.units_tree')) \g /dev/null
CREATE ROLE govindex_test_tree_reader;
GRANT USAGE ON SCHEMA govindex TO govindex_test_tree_reader;
GRANT SELECT ON govindex.unit_levels, govindex.units TO govindex_test_tree_reader;
SET ROLE govindex_test_tree_reader;
SELECT throws_ok('SELECT govindex.lock_unit_tree()', '42501', NULL, 'a reader cannot take the tree lock');
RESET ROLE;
DROP OWNED BY govindex_test_tree_reader;
DROP ROLE govindex_test_tree_reader;

SELECT dblink_disconnect('mover') \g /dev/null
SELECT * FROM finish();
