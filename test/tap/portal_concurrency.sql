-- test/tap/portal_concurrency.sql — two loads of one dossier's timeline cannot each miss
-- the other's steps: loads take one lock (portal_lock) and, in READ COMMITTED, the second
-- derives the dossier from what the first committed; under REPEATABLE READ a load whose
-- snapshot predates another's change of the dossier fails with 40001.  A second session
-- (dblink) loads; the order is forced by waiting until it is blocked.
-- This file commits, and removes what it loaded.
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS dblink;

SELECT plan(7);

SELECT dblink_connect('loader', format('dbname=%s port=%s host=%s', current_database(), current_setting('port'),
                                       split_part(current_setting('unix_socket_directories'), ',', 1)))
    \g /dev/null
SELECT dblink_exec('loader', 'SET lock_timeout = ''30s''') \g /dev/null
CREATE TEMP TABLE loader AS SELECT pid FROM dblink('loader', 'SELECT pg_backend_pid()') AS t (pid int);
-- waits (at most 30 s) until the loader waits for a lock
CREATE FUNCTION pg_temp.loader_blocked() RETURNS bool LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 1..3000 LOOP
        IF EXISTS (SELECT FROM pg_stat_activity a, pg_temp.loader l WHERE a.pid = l.pid AND a.wait_event_type = 'Lock') THEN
            RETURN true;
        END IF;
        PERFORM pg_sleep(0.01);
    END LOOP;
    RETURN false;
END $$;
CREATE FUNCTION pg_temp.step(status text, at text) RETURNS text LANGUAGE sql
RETURN format('SELECT govindex.load_portal_records(%L)',
              jsonb_build_array(jsonb_build_object('MaHoSo', 'TAP-CONC-1', 'TrangThai', status, 'ThoiDiemXuLy', at)));
CREATE FUNCTION pg_temp.dossier() RETURNS text LANGUAGE sql
RETURN (SELECT coalesce(end_status || ' at ' || to_char(ended_at, 'DD HH24:MI'), 'pending') || ', '
               || supplement_requests || ' request(s) ' || supplement_periods::text
          FROM govindex.dossiers WHERE code = 'TAP-CONC-1');

SELECT lives_ok($$SELECT govindex.load_portal_records(jsonb_build_array(jsonb_build_object(
    'MaHoSo', 'TAP-CONC-1', 'MaTTHC', (SELECT min(code) FROM procedures), 'DonViXuLy', 'H74.01', 'KenhThucHien', '2',
    'NgayNopHoSo', '20240311080000', 'NgayTiepNhan', '20240311080000', 'NgayHenTra', '20240318170000',
    'TrangThaiHoSo', '2')))$$, 'a dossier is loaded and committed');

-- READ COMMITTED: this session loads a supplement request (step 5) and holds its
-- transaction open; the loader's end (step 9) waits, then derives from both.
BEGIN;
SELECT lives_ok(pg_temp.step('5', '20240312090000'), 'a first session loads a supplement request');
SELECT dblink_send_query('loader', pg_temp.step('9', '20240314100000')) \g /dev/null
SELECT ok(pg_temp.loader_blocked(), 'a second session loading the end of the same dossier waits for the first');
COMMIT;
SELECT is((SELECT status FROM dblink_get_result('loader') AS t (status text)), '(0,1,1,0)',
          'once the first commits, the second loads');
SELECT * FROM dblink_get_result('loader', false) AS t (status text) \g /dev/null
SELECT is(pg_temp.dossier(), 'finished at 14 10:00, 1 request(s) {["2024-03-12 09:00:00+07","2024-03-14 10:00:00+07")}',
          'the dossier has both: the supplement wait from the first load, closed by the end from the second');

-- REPEATABLE READ: the loader's snapshot predates a committed load of the dossier
SELECT dblink_exec('loader', 'BEGIN ISOLATION LEVEL REPEATABLE READ') \g /dev/null
SELECT * FROM dblink('loader', 'SELECT count(*) FROM govindex.dossier_steps') AS t (n bigint) \g /dev/null
SELECT lives_ok(pg_temp.step('10', '20240315100000'), 'a result returned is loaded and committed');
SELECT throws_ok(format('SELECT dblink_exec(%L, %L)', 'loader', pg_temp.step('4', '20240313100000')), '40001', NULL,
    'a load under REPEATABLE READ whose snapshot predates a committed load of the dossier fails with a serialization error');
SELECT dblink_exec('loader', 'ROLLBACK') \g /dev/null
SELECT dblink_disconnect('loader') \g /dev/null

DELETE FROM govindex.dossiers WHERE code = 'TAP-CONC-1';
DELETE FROM govindex.dossier_steps WHERE dossier_code = 'TAP-CONC-1';
DELETE FROM govindex.portal_dossier_records WHERE code = 'TAP-CONC-1';
SELECT * FROM finish();
