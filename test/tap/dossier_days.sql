-- test/tap/dossier_days.sql — the daily summaries give the reports the same statistics
-- as the rows, and stop being used the moment they are not current.
-- Run against a database where the generator ran with 20000 dossiers (it refreshes
-- the summaries); everything here is rolled back.
BEGIN;
SET LOCAL search_path = govindex, public;
SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh';

SELECT plan(35);

CREATE TEMP TABLE windows ON COMMIT DROP AS
SELECT * FROM (VALUES
    ('year 2023', tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')),
    ('July 2023', tstzrange('2023-07-01 00:00+07', '2023-08-01 00:00+07')),
    ('a week in March', tstzrange('2023-03-13 00:00+07', '2023-03-20 00:00+07')),
    ('26 December', tstzrange('2023-12-26 00:00+07', '2023-12-27 00:00+07')),
    ('year to 10 October', tstzrange('2023-01-01 00:00+07', '2023-10-11 00:00+07'))) v (label, w);

-- Every unit's state and the report, read from the summaries and from the rows; the
-- rows' plan never reads dossier_days.
CREATE FUNCTION pg_temp.differences(w tstzrange) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    CREATE TEMP TABLE from_days AS SELECT unit_id, stats::text AS stats FROM govindex.unit_stats(w, 'H74');
    PERFORM set_config('govindex.dossier_days', 'off', true);
    CREATE TEMP TABLE from_rows AS SELECT unit_id, stats::text AS stats FROM govindex.unit_stats(w, 'H74');
    PERFORM set_config('govindex.dossier_days', 'on', true);
    SELECT count(*) INTO n
      FROM from_days d FULL JOIN from_rows r USING (unit_id)
     WHERE d.stats IS DISTINCT FROM r.stats;
    DROP TABLE from_days, from_rows;
    RETURN n;
END $$;

-- The Index 766 totals of every unit as text, with the summaries on or off.
CREATE FUNCTION pg_temp.totals(w tstzrange, days text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    PERFORM set_config('govindex.dossier_days', days, true);
    SELECT string_agg(t::text, E'\n' ORDER BY t::text) INTO result FROM govindex.index766_totals(w, 'H74') t;
    PERFORM set_config('govindex.dossier_days', 'on', true);
    RETURN result;
END $$;

-- ---- refreshed by the generator ----------------------------------------------------
SELECT is((SELECT count(*) FROM dossier_days_stale), 0::bigint, 'after the generator, no day is stale');
SELECT is((SELECT min(day) FROM dossier_days_current), date '2023-01-01',
    'summaries start on the first day of the first partition');
SELECT is((SELECT max(day) FROM dossier_days_current), province_day(now()), 'and reach today');
SELECT ok((SELECT bool_and(dossier_days_cover(w)) FROM windows), 'they cover every window of whole days');
SELECT is((SELECT sum(counter(parts, 'received')) FROM dossier_days), (SELECT count(*) FROM dossiers)::numeric,
    'every dossier is in the received part of one day');
SELECT is((SELECT sum(counter(parts, 'pending_at_start')) FROM dossier_days),
          (SELECT count(*) FROM dossiers WHERE ended_at IS NOT NULL)::numeric,
    'every ended dossier is in the ended part of one day');
SELECT is((SELECT string_agg(label || ': ' || pg_temp.differences(w), ', ' ORDER BY label COLLATE "C") FROM windows),
    '26 December: 0, July 2023: 0, a week in March: 0, year 2023: 0, year to 10 October: 0',
    'summaries and rows give the same state for every unit and window');
SELECT is(pg_temp.totals(tstzrange('2023-01-01 00:00+07', '2023-10-11 00:00+07'), 'on'),
          pg_temp.totals(tstzrange('2023-01-01 00:00+07', '2023-10-11 00:00+07'), 'off'),
    'and the same Index 766 totals, scores and ranks');

-- ---- when the summaries are not used ---------------------------------------------
SELECT ok(NOT dossier_days_cover(tstzrange('2023-01-01 08:00+07', '2024-01-01 00:00+07')),
    'not for a window that opens at 08:00');
SELECT ok(NOT dossier_days_cover(tstzrange('2023-01-01 00:00+07', '2023-12-31 17:00+07')),
    'not for a window that closes at 17:00');
SELECT ok(NOT dossier_days_cover(tstzrange('2023-01-01 00:00+00', '2024-01-01 00:00+00')),
    'not for days in another time zone');
SELECT ok(NOT dossier_days_cover(tstzrange('2022-12-01 00:00+07', '2024-01-01 00:00+07')),
    'not for a window with days never summarised');
SELECT ok(NOT dossier_days_cover(tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07'), true),
    'not with a procedure filter');
SET LOCAL govindex.legal_due_dates = off;
SELECT ok(NOT dossier_days_cover(tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')),
    'not without legal due dates');
RESET govindex.legal_due_dates;
SET LOCAL govindex.dossier_days = off;
SELECT ok(NOT dossier_days_cover(tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')),
    'not with govindex.dossier_days = off');
RESET govindex.dossier_days;
SELECT ok(NOT dossier_days_cover('empty') AND NOT dossier_days_cover(tstzrange(NULL, '2024-01-01 00:00+07'))
          AND NOT dossier_days_cover(tstzrange('2023-01-01 00:00+07', 'infinity')),
    'not for empty or unbounded windows (the rows'' path reports those)');
SELECT throws_ok($$SELECT * FROM unit_stats(tstzrange(NULL, '2024-01-01 00:00+07'), 'H74')$$, '22023',
    'argument "window" is (,"2024-01-01 00:00:00+07"), a window without an end', 'an unbounded window is still an error');

-- ---- writes make days stale ------------------------------------------------------
-- Move the end of a dossier received on 20 December to 10 January: the days of its
-- receipt, its old end and its new end go stale, and it is pending at the close of 2023.
CREATE TEMP TABLE touched ON COMMIT DROP AS
SELECT code, province_day(received_at) AS received_day, province_day(ended_at) AS old_end_day FROM dossiers
 WHERE province_day(received_at) = '2023-12-20' AND ended_at IS NOT NULL
 ORDER BY code LIMIT 1;
SELECT is((SELECT count(*) FROM touched), 1::bigint, 'a dossier received on 20 December ended in 2023');
UPDATE dossiers SET ended_at = '2024-01-10 09:00+07' WHERE code = (SELECT code FROM touched);
SELECT results_eq($$SELECT day FROM dossier_days_stale ORDER BY day$$,
    $$SELECT DISTINCT d FROM touched, unnest(ARRAY[received_day, old_end_day, date '2024-01-10']) d ORDER BY d$$,
    'moving its end marks the days of its receipt, old end and new end stale');
SELECT ok(NOT dossier_days_cover(tstzrange('2023-12-01 00:00+07', '2024-01-01 00:00+07')),
    'a window with a stale day reads the rows');
SELECT ok(dossier_days_cover(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07')),
    'a window without one still reads the summaries');
SELECT is(pg_temp.differences(tstzrange('2023-12-01 00:00+07', '2024-01-01 00:00+07')), 0::bigint,
    'and both agree with the rows');
SELECT is(refresh_dossier_days(), (SELECT count(*)::int FROM dossier_days_stale), 'the refresh recomputes the stale days');
SELECT is((SELECT count(*) FROM dossier_days_stale), 0::bigint, 'no day is stale after it');
SELECT is((SELECT string_agg(label || ': ' || pg_temp.differences(w), ', ' ORDER BY label COLLATE "C") FROM windows)
          || ', December: ' || pg_temp.differences(tstzrange('2023-12-01 00:00+07', '2024-01-01 00:00+07')),
    '26 December: 0, July 2023: 0, a week in March: 0, year 2023: 0, year to 10 October: 0, December: 0',
    'summaries and rows agree again, with the dossier pending at the close of 2023');
SELECT is((SELECT sum(counter(stats, 'pending_within_deadline') + counter(stats, 'pending_overdue')
                      + counter(stats, 'pending_no_due'))
             FROM unit_stats(tstzrange('2023-12-01 00:00+07', '2024-01-01 00:00+07'), 'H74') s
             JOIN units u ON u.id = s.unit_id WHERE u.code = 'H74'),
          (SELECT count(*) FROM dossiers
            WHERE received_at < '2024-01-01 00:00+07'
              AND (ended_at IS NULL OR ended_at >= '2024-01-01 00:00+07'))::numeric,
    'the province''s dossiers pending at the close of 2023, it among them, are those of the rows');

DELETE FROM dossiers WHERE code = (SELECT code FROM touched);
SELECT results_eq($$SELECT day FROM dossier_days_stale ORDER BY day$$,
    $$VALUES (date '2023-12-20'), (date '2024-01-10')$$, 'deleting it marks the days of its receipt and end stale');
SELECT is(refresh_dossier_days(), 2, 'the refresh recomputes them');
SELECT is(pg_temp.differences(tstzrange('2023-12-01 00:00+07', '2024-01-01 00:00+07')), 0::bigint,
    'the summaries no longer count it');

-- ---- what every day depends on ---------------------------------------------------
UPDATE procedures SET time_limit = time_limit, fee_bearing = fee_bearing;
SELECT is((SELECT count(*) FROM dossier_days_stale), 0::bigint,
    'rewriting the catalogue unchanged (a nightly synchronisation) leaves every day current');
UPDATE procedures SET time_limit = time_limit + 1 WHERE id = (SELECT min(id) FROM procedures);
SELECT is((SELECT count(*) FROM dossier_days_stale), (SELECT count(*) FROM dossier_days_current),
    'a procedure''s new time limit makes every day stale (legal due dates)');
SELECT ok(refresh_dossier_days() > 365, 'the refresh recomputes them all');
INSERT INTO holidays (day, kind, name_vi, name_en) VALUES ('2023-06-01', 'holiday', 'Nghỉ thử', 'A test day off');
SELECT is((SELECT count(*) FROM dossier_days_stale), (SELECT count(*) FROM dossier_days_current),
    'so does a new holiday');
SELECT is(refresh_dossier_days(true) >= (SELECT count(*)::int FROM dossier_days_current), true,
    'a rebuild recomputes every day');

TRUNCATE dossiers;
SELECT is((SELECT count(*) FROM dossier_days) + (SELECT count(*) FROM dossier_days_current), 0::bigint,
    'truncating the dossiers forgets the summaries');

SELECT * FROM finish();
ROLLBACK;
