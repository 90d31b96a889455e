-- test/tap/dossier_days_writers.sql — the daily summaries under concurrent writers: a
-- refresh never makes current a day whose changes it did not read.  A second session
-- (dblink) writes.  This file commits as it goes and leaves the dossiers as it found
-- them (one flag flipped and flipped back), with every day refreshed.
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS dblink;

SELECT plan(21);

CREATE TEMP VIEW connection AS
SELECT format('dbname=%s port=%s host=%s', current_database(), current_setting('port'),
              split_part(current_setting('unix_socket_directories'), ',', 1)) AS dblink_connect_string;
SELECT dblink_connect('writer', (SELECT dblink_connect_string FROM pg_temp.connection)) \g /dev/null
-- Whether a session running a query like the pattern waits for a lock (polled for 10 s).
CREATE FUNCTION pg_temp.waits_for_lock(pattern text) RETURNS bool LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1 .. 100 LOOP
        PERFORM pg_stat_clear_snapshot();   -- pg_stat_activity is otherwise read once per transaction
        IF EXISTS (SELECT FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE NOT l.granted AND a.query LIKE pattern) THEN
            RETURN true;
        END IF;
        PERFORM pg_sleep(0.1);
    END LOOP;
    RETURN false;
END $$;
-- a writer that would wait for this session while this session waits for it fails instead of hanging
SELECT dblink_exec('writer', 'SET lock_timeout = ''30s''') \g /dev/null
CREATE TEMP TABLE target AS
SELECT code, province_day(received_at) AS day FROM dossiers
 WHERE province_day(received_at) = '2023-03-14' AND ended_at IS NOT NULL ORDER BY code LIMIT 1;
CREATE TEMP VIEW march AS SELECT tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07') AS w;
-- The writer flips the target's synced flag, in its own transaction unless told otherwise.
CREATE FUNCTION pg_temp.flip() RETURNS text LANGUAGE sql AS $$
    SELECT format('UPDATE govindex.dossiers SET synced = NOT synced WHERE code = %L', (SELECT code FROM target));
$$;
-- The province's synced count in March as the reports give it, and as the rows do.
CREATE FUNCTION pg_temp.synced_in_report() RETURNS bigint LANGUAGE sql AS $$
    SELECT counter(s.stats, 'synced') FROM unit_stats((SELECT w FROM march), 'H74') s
      JOIN units u ON u.id = s.unit_id WHERE u.code = 'H74';
$$;
CREATE FUNCTION pg_temp.synced_in_rows() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM dossiers WHERE received_at <@ (SELECT w FROM march) AND synced;
$$;

SELECT is((SELECT count(*) FROM target), 1::bigint, 'a dossier received on 14 March 2023');
SELECT is((SELECT count(*) FROM dossier_days_stale), 0::bigint, 'no day is stale to begin with');

-- 1. A refresh while a write is uncommitted reads neither the row nor its mark.
CREATE TEMP TABLE before_refresh AS SELECT refreshed_at FROM dossier_days_current WHERE day = '2023-03-14';
SELECT dblink_exec('writer', 'BEGIN') \g /dev/null
SELECT dblink_exec('writer', pg_temp.flip()) \g /dev/null
SELECT refresh_dossier_days() \g /dev/null
SELECT is((SELECT refreshed_at FROM dossier_days_current WHERE day = '2023-03-14'),
          (SELECT refreshed_at FROM before_refresh), 'a refresh during an uncommitted write leaves its day alone');
SELECT dblink_exec('writer', 'COMMIT') \g /dev/null
SELECT ok('2023-03-14' IN (SELECT day FROM dossier_days_stale), 'once the write commits, its day is stale');
SELECT ok(NOT dossier_days_cover((SELECT w FROM march)), 'so March is read from the rows');
SELECT is(pg_temp.synced_in_report(), pg_temp.synced_in_rows(), 'and the report counts the change');

SELECT refresh_dossier_days() \g /dev/null
SELECT ok('2023-03-14' NOT IN (SELECT day FROM dossier_days_stale) AND dossier_days_cover((SELECT w FROM march)),
    'the next refresh makes it current again');

-- 2. A write that commits while a refresh runs, after the refresh took its snapshot,
--    leaves its mark: the refresh removes only the marks it read.
BEGIN;
SELECT refresh_dossier_days() \g /dev/null
SELECT dblink_exec('writer', pg_temp.flip()) \g /dev/null
COMMIT;
SELECT ok('2023-03-14' IN (SELECT day FROM dossier_days_stale), 'a write committed during a refresh keeps its day stale');
SELECT is(pg_temp.synced_in_report(), pg_temp.synced_in_rows(), 'and the report still counts it');

-- 3. A write to a stale day that a running refresh is recomputing does not wait for
--    the refresh (its mark is a row of its own), and the day stays stale.
BEGIN;
SELECT refresh_dossier_days() \g /dev/null
SELECT dblink_exec('writer', 'SET lock_timeout = ''2s''') \g /dev/null
SELECT lives_ok(format('SELECT dblink_exec(%L, %L)', 'writer', pg_temp.flip()),
    'a writer does not wait for the refresh that is recomputing its day');
SELECT dblink_exec('writer', 'SET lock_timeout = ''30s''') \g /dev/null
COMMIT;
SELECT ok('2023-03-14' IN (SELECT day FROM dossier_days_stale), 'and its day is stale again');
SELECT is(pg_temp.synced_in_report(), pg_temp.synced_in_rows(), 'the report counts the write');
SELECT refresh_dossier_days() \g /dev/null

-- 4. The lost write: a day already stale, a writer whose transaction is open, and a
--    refresh that takes its snapshot before the writer commits but removes the marks
--    after.  A third session holds the day's mark locked, so that the refresh waits
--    between its snapshot and its delete while the writer commits.  The refresh must
--    not remove the writer's mark: the day stays stale and the report counts the write.
SELECT dblink_connect('refresher', (SELECT dblink_connect_string FROM pg_temp.connection)) \g /dev/null
SELECT dblink_connect('locker', (SELECT dblink_connect_string FROM pg_temp.connection)) \g /dev/null
-- the day is stale, its mark committed; then a second write, not yet committed
SELECT dblink_exec('writer', pg_temp.flip()) \g /dev/null
SELECT dblink_exec('writer', 'BEGIN') \g /dev/null
SELECT dblink_exec('writer', pg_temp.flip()) \g /dev/null
SELECT dblink_exec('locker', 'BEGIN') \g /dev/null
SELECT * FROM dblink('locker', 'SELECT day FROM govindex.dossier_days_stale WHERE day = ''2023-03-14'' FOR UPDATE')
    AS t (day date) \g /dev/null
SELECT dblink_send_query('refresher', 'SELECT govindex.refresh_dossier_days()') \g /dev/null
SELECT ok(pg_temp.waits_for_lock('SELECT govindex.refresh_dossier_days()%'),
    'the refresh took its snapshot and waits for the locked mark');
-- the write commits after that snapshot; then the refresh goes on
SELECT dblink_exec('writer', 'COMMIT') \g /dev/null
SELECT dblink_exec('locker', 'COMMIT') \g /dev/null
SELECT ok((SELECT r > 0 FROM dblink_get_result('refresher') AS t (r int)), 'the refresh ends');
SELECT * FROM dblink_get_result('refresher') AS t (r int) \g /dev/null
SELECT ok('2023-03-14' IN (SELECT day FROM dossier_days_stale),
    'the write it did not read keeps its day stale');
SELECT ok(NOT dossier_days_cover((SELECT w FROM march)), 'so March is read from the rows');
SELECT is(pg_temp.synced_in_report(), pg_temp.synced_in_rows(), 'and the report counts the write');
SELECT dblink_disconnect('refresher') \g /dev/null
SELECT dblink_disconnect('locker') \g /dev/null

-- 5. No reader can hold the refresh back: an advisory lock on the name the refresh
--    used to lock no longer blocks it, and a role that can only read cannot take the
--    refresh lock.
SELECT pg_advisory_lock(hashtext('govindex.refresh_dossier_days')) \g /dev/null
SELECT dblink_exec('writer', 'SET lock_timeout = ''2s''') \g /dev/null
SELECT lives_ok($$SELECT * FROM dblink('writer', 'SELECT govindex.refresh_dossier_days()') AS t (r int)$$,
    'an advisory lock does not block the refresh');
SELECT pg_advisory_unlock(hashtext('govindex.refresh_dossier_days')) \g /dev/null
CREATE ROLE govindex_test_reader;
GRANT USAGE ON SCHEMA govindex TO govindex_test_reader;
GRANT SELECT ON govindex.dossier_days_current TO govindex_test_reader;
SET ROLE govindex_test_reader;
SELECT throws_ok('LOCK TABLE govindex.dossier_days_current IN SHARE ROW EXCLUSIVE MODE', '42501', NULL,
    'a reader cannot take the refresh lock');
RESET ROLE;
DROP OWNED BY govindex_test_reader;
DROP ROLE govindex_test_reader;
SELECT dblink_exec('writer', 'SET lock_timeout = ''30s''') \g /dev/null

-- Back as it was: the flag flipped six times, so it is as it was; every day refreshed.
SELECT dblink_exec('writer', pg_temp.flip()) \g /dev/null
SELECT refresh_dossier_days() \g /dev/null
SELECT is((SELECT count(*) FROM dossier_days_stale), 0::bigint, 'after a last refresh no day is stale');
SELECT is(pg_temp.synced_in_report(), pg_temp.synced_in_rows(), 'and the summaries count what the rows do');

SELECT dblink_disconnect('writer') \g /dev/null
DROP EXTENSION dblink;
SELECT * FROM finish();
