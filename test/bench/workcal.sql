-- The add_workdays benchmark (a report, not a test): :calls calls of add_workdays in C
-- against the plain-SQL formulation (the n-th working day after a date found with
-- generate_series over days, weekends and the holiday tables).  The plain SQL is timed
-- on :plain_calls rows only and extrapolated per call, to keep the run short.
-- Serial plans only, so that both sides use one core.  Run by test/bench/workcal.sh.
\set ON_ERROR_STOP 1
SET search_path = govindex, public;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

CREATE TEMP TABLE bench_cal AS SELECT govindex.workcal(2022, 2027) AS c;

-- n-th working day after the date of t, same time of day, in plain SQL
CREATE FUNCTION pg_temp.plain_add_workdays(t timestamptz, n int) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT (g::date + (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::time) AT TIME ZONE 'Asia/Ho_Chi_Minh'
      FROM generate_series((t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 1,
                           (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 4 * n + 30, interval '1 day') g
     WHERE (extract(isodow FROM g) < 6
            AND NOT EXISTS (SELECT 1 FROM govindex.national_holidays h WHERE h.day = g::date AND h.kind = 'holiday'))
        OR EXISTS (SELECT 1 FROM govindex.national_holidays h WHERE h.day = g::date AND h.kind = 'swapped_workday')
     ORDER BY g
    OFFSET n - 1 LIMIT 1
$$;

CREATE TEMP TABLE bench_result (what text, calls bigint, seconds float8);

DO $$
DECLARE
    started timestamptz;
    calls bigint := current_setting('bench.calls')::bigint;
    plain_calls bigint := current_setting('bench.plain_calls')::bigint;
    mismatches bigint;
BEGIN
    -- both agree on the plain-SQL sample first
    SELECT count(*) INTO mismatches
      FROM generate_series(1, plain_calls) i, bench_cal
     WHERE govindex.add_workdays(timestamptz '2022-01-03 08:00+07' + (i % 1400) * interval '1 day', 1 + i % 20, bench_cal.c)
           IS DISTINCT FROM pg_temp.plain_add_workdays(timestamptz '2022-01-03 08:00+07' + (i % 1400) * interval '1 day', (1 + i % 20)::int);
    RAISE NOTICE 'results that differ between C and plain SQL on % calls: %', plain_calls, mismatches;

    started := clock_timestamp();
    PERFORM count(govindex.add_workdays(timestamptz '2022-01-03 08:00+07' + (i % 1400) * interval '1 day', 1 + i % 20, (SELECT c FROM bench_cal)))
       FROM generate_series(1, calls) i;
    INSERT INTO bench_result VALUES ('add_workdays (C)', calls, extract(epoch FROM clock_timestamp() - started));

    started := clock_timestamp();
    PERFORM count(timestamptz '2022-01-03 08:00+07' + (i % 1400) * interval '1 day' + (1 + i % 20) * interval '0 s')
       FROM generate_series(1, calls) i;
    INSERT INTO bench_result VALUES ('the same rows without the call', calls, extract(epoch FROM clock_timestamp() - started));

    started := clock_timestamp();
    PERFORM count(pg_temp.plain_add_workdays(timestamptz '2022-01-03 08:00+07' + (i % 1400) * interval '1 day', (1 + i % 20)::int))
       FROM generate_series(1, plain_calls) i;
    INSERT INTO bench_result VALUES ('plain SQL (generate_series over days)', plain_calls, extract(epoch FROM clock_timestamp() - started));
END $$;

SELECT what, calls, round(seconds::numeric, 2) AS seconds,
       round((1e9 * seconds / calls)::numeric) AS ns_per_call
  FROM bench_result;

SELECT round(((p.seconds / p.calls) / (c.seconds / c.calls))::numeric, 1) AS ratio_plain_over_c,
       ((p.seconds / p.calls) / (c.seconds / c.calls)) >= 20 AS target_20x_met,
       format('plain SQL timed on %s calls and extrapolated per call; C on %s calls', p.calls, c.calls) AS note
  FROM bench_result c, bench_result p
 WHERE c.what = 'add_workdays (C)' AND p.what LIKE 'plain SQL%';
