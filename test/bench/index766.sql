-- test/bench/index766.sql — the Index 766 benchmark (a report, not a test).  For one
-- year window over the generated province, the best of :runs runs (after a warm-up
-- run) of
--   (a) count(*) over the rows the aggregate reads: the floor, a scan and a filter;
--   (b) govindex.index766(window, root), the whole report, and
--       govindex.unit_stats(window, root), the aggregation alone, as a report reads them:
--       from the daily summaries (dossier_days.sql) and the dossiers pending at the close;
--   (b') the same from the rows (SET govindex.dossier_days = off), every dossier read;
--   (c) the same per-unit, per-subtree counters written as plain SQL, one
--       count(*) FILTER (...) per counter and one count(DISTINCT ...) per procedure
--       set, which must give identical numbers (checked for the year and, untimed,
--       for July, where dossiers are pending at the start and end after the close);
--   (d) unit_stats() from the rows and count(*) without parallel workers;
--   (e) refresh_dossier_days(true): recomputing every daily summary, the cost of the
--       summaries (a nightly refresh after a day's load recomputes a few days);
-- then rows per second, the ratios beside the targets of the issue, peak memory and
-- whether all results agree.  A missed target is reported, never an error.
--
--   psql -X -v ON_ERROR_STOP=1 [-v runs=3] [-v year=2023] [-v root=H74] [-v workers=2] \
--        -f test/bench/index766.sql
--
-- Times are taken inside the server: clock_timestamp() around a PL/pgSQL EXECUTE, which
-- plans and runs a query with parallel workers as a top-level statement does (checked
-- with auto_explain: "Workers Launched: 2").  Each run consumes every result row as
-- text (an md5 of them all), so no column or join can be optimised away, and each
-- run's md5 must equal the warm-up's.

\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?runs}
\else
\set runs 3
\endif
\if :{?year}
\else
\set year 2023
\endif
\if :{?root}
\else
\set root H74
\endif
\if :{?workers}
\else
\set workers 2
\endif

SET client_min_messages = warning;
SET search_path = pg_catalog;

CREATE TEMP TABLE bench_param AS
SELECT tstzrange(make_timestamptz(:year, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh'),
                 make_timestamptz(:year + 1, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')) AS w,
       :'root'::text AS root, (:runs)::int AS runs, (:workers)::int AS workers;

CREATE TEMP TABLE bench_result (
    key       text PRIMARY KEY,
    label     text NOT NULL,
    position  serial,
    workers   int NOT NULL,
    best_ms   float8,
    runs_ms   float8[] NOT NULL,
    checksum  text,             -- md5 of the warm-up's result rows
    stable    bool NOT NULL     -- every timed run gave that same result
);

-- The plain-SQL version of unit_stats' counters, as a DBA would write it: dossiers
-- joined to their procedure and to every ancestor of their unit (the closure), grouped
-- by ancestor, one FILTER per counter of dossier_stats, one count(DISTINCT) per
-- procedure set.  Each rule is AccumulateDossier's (src/dossier_stats.c):
--   * rows: received before the close, not ended before the opening (unit_stats' WHERE);
--   * ended: an end before the close (a later one is unknown at the close: pending);
--   * more than one supplement request makes a dossier late, whatever its dates;
--   * a dossier pending at the close that is waiting for a supplement then (a period
--     with from < close < to, or no end) stopped its clock when that period began;
--   * resolved: ended neither stopped nor withdrawn; processing time excludes the
--     supplement periods within [received, ended), in whole seconds;
--   * channels, flags, fees and the procedure sets count dossiers received in the window.
-- received_at is NOT NULL and CHECK (ended_at >= received_at) holds, so every row read
-- is counted (no_reception_date and end_before_reception are 0, written for completeness).
CREATE FUNCTION pg_temp.plain_sql(w tstzrange, root text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($q$
SELECT c.ancestor_id AS unit_id,
       count(*) FILTER (WHERE f.in_window) AS received,
       count(*) FILTER (WHERE NOT f.in_window) AS pending_at_start,
       count(*) FILTER (WHERE f.ended AND NOT f.over1 AND d.ended_at <= d.due_at) AS ended_on_time,
       count(*) FILTER (WHERE f.ended AND (f.over1 OR d.ended_at > d.due_at)) AS ended_late,
       count(*) FILTER (WHERE f.ended AND NOT f.over1 AND d.due_at IS NULL) AS ended_no_due,
       count(*) FILTER (WHERE NOT f.ended AND NOT f.over1
                          AND d.due_at >= coalesce(s.waiting_since, %2$s)) AS pending_within_deadline,
       count(*) FILTER (WHERE NOT f.ended
                          AND (f.over1 OR d.due_at < coalesce(s.waiting_since, %2$s))) AS pending_overdue,
       count(*) FILTER (WHERE NOT f.ended AND NOT f.over1 AND d.due_at IS NULL) AS pending_no_due,
       count(*) FILTER (WHERE f.resolved) AS resolved,
       count(*) FILTER (WHERE f.ended AND d.end_status = 'stopped') AS ended_stopped,
       count(*) FILTER (WHERE f.ended AND d.end_status = 'withdrawn') AS ended_withdrawn,
       count(*) FILTER (WHERE f.over1) AS over_one_supplement,
       count(*) FILTER (WHERE NOT f.ended AND s.waiting_since IS NOT NULL) AS waiting_supplement,
       count(*) FILTER (WHERE f.in_window AND d.channel = 'direct') AS received_direct,
       count(*) FILTER (WHERE f.in_window AND d.channel = 'online') AS received_online,
       count(*) FILTER (WHERE f.in_window AND d.channel = 'postal') AS received_postal,
       count(*) FILTER (WHERE d.channel = 'online' AND NOT f.over1
                          AND CASE WHEN f.ended THEN d.ended_at <= d.due_at
                                   ELSE d.due_at >= coalesce(s.waiting_since, %2$s) END) AS online_on_time,
       count(*) FILTER (WHERE d.channel = 'online'
                          AND (f.over1 OR CASE WHEN f.ended THEN d.ended_at > d.due_at
                                               ELSE d.due_at < coalesce(s.waiting_since, %2$s) END)) AS online_overdue,
       count(*) FILTER (WHERE f.in_window AND d.synced) AS synced,
       count(*) FILTER (WHERE f.resolved AND p.paper_result_required) AS paper_result_resolved,
       count(*) FILTER (WHERE f.resolved AND p.paper_result_required AND d.electronic_result) AS electronic_result,
       count(*) FILTER (WHERE f.in_window AND d.digitized) AS digitized,
       count(*) FILTER (WHERE f.in_window AND d.reused_data) AS reused_data,
       count(*) FILTER (WHERE f.in_window AND d.personal_store) AS personal_store,
       count(*) FILTER (WHERE f.in_window AND d.population_data) AS population_data,
       count(*) FILTER (WHERE f.in_window AND p.fee_bearing) AS fee_bearing,
       count(*) FILTER (WHERE f.in_window AND p.fee_bearing AND d.fee_amount IS NOT NULL) AS fee_data,
       count(*) FILTER (WHERE f.in_window AND p.fee_bearing AND d.paid_online IS NOT NULL) AS paid_online,
       count(*) FILTER (WHERE f.in_window AND p.fee_bearing AND d.paid_online = 'portal') AS paid_via_portal,
       count(*) FILTER (WHERE d.rating = 'like') AS likes,
       count(*) FILTER (WHERE d.rating = 'dislike') AS dislikes,
       coalesce(sum(floor(greatest(0, extract(epoch FROM d.ended_at - d.received_at)
                                      - coalesce(s.supplement_seconds, 0))))
                    FILTER (WHERE f.resolved), 0)::bigint AS processing_seconds,
       count(*) FILTER (WHERE d.received_at IS NULL) AS no_reception_date,
       count(*) FILTER (WHERE f.in_window AND d.ended_at < d.received_at) AS end_before_reception,
       count(*) FILTER (WHERE (d.end_status IS NULL) <> (d.ended_at IS NULL)) AS end_status_mismatch,
       count(DISTINCT d.procedure_id) FILTER (WHERE f.in_window AND d.channel = 'online') AS online_procedures,
       count(DISTINCT d.procedure_id) FILTER (WHERE f.in_window AND p.fee_bearing AND d.paid_online IS NOT NULL)
           AS paid_online_procedures,
       count(DISTINCT d.procedure_id) FILTER (WHERE f.in_window AND p.fee_bearing AND d.fee_amount IS NOT NULL)
           AS fee_data_procedures,
       count(DISTINCT d.procedure_id) FILTER (WHERE f.in_window AND d.population_data) AS population_data_procedures
  FROM govindex.unit_closure(%3$L) c
  -- the due date every report uses: the dossier's own, else its legal one
  JOIN govindex.dossier_due_dates d ON d.unit_id = c.descendant_id
 CROSS JOIN LATERAL (SELECT d.paper_result_required, d.fee_bearing) p
 CROSS JOIN LATERAL (
       SELECT d.received_at >= %1$s AS in_window,
              coalesce(d.ended_at < %2$s, false) AS ended,
              d.supplement_requests > 1 AS over1,
              coalesce(d.ended_at < %2$s AND d.end_status NOT IN ('stopped', 'withdrawn'), false) AS resolved
       ) f
 CROSS JOIN LATERAL (
       SELECT CASE WHEN NOT f.ended AND NOT isempty(d.supplement_periods) THEN
                   (SELECT lower(r) FROM unnest(d.supplement_periods) r
                     WHERE NOT lower_inf(r) AND lower(r) < %2$s AND (upper_inf(r) OR upper(r) > %2$s))
              END AS waiting_since,
              CASE WHEN f.resolved AND NOT isempty(d.supplement_periods) THEN
                   (SELECT sum(extract(epoch FROM upper(r) - lower(r)))
                      FROM unnest(d.supplement_periods * tstzmultirange(tstzrange(d.received_at, d.ended_at))) r)
              END AS supplement_seconds
       ) s
 WHERE d.received_at < %2$s
   AND (d.ended_at IS NULL OR d.ended_at >= %1$s)
 GROUP BY c.ancestor_id
$q$, quote_literal(lower(w)) || '::timestamptz', quote_literal(upper(w)) || '::timestamptz', root);
$fn$;

-- Runs query once to warm up (keeping its result in a temp table named keep, if
-- given), then times times, each consuming every row, with the given number of
-- parallel workers; records the times and returns a progress line.
CREATE FUNCTION pg_temp.measure(key text, label text, query text, times int, workers int, keep text DEFAULT NULL,
                                days text DEFAULT 'on', as_role text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    consume text := format('SELECT md5(string_agg(q::text, E''\n'' ORDER BY q::text)) FROM (%s) q', query);
    started timestamptz;
    all_ms float8[] := '{}';
    expected text;
    got text;
    same bool := true;
    best float8;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', workers::text, true);
    PERFORM set_config('govindex.dossier_days', days, true);
    IF as_role IS NOT NULL THEN   -- the queries run as that role, under its row-level security
        PERFORM set_config('role', as_role, true);
    END IF;
    IF keep IS NOT NULL THEN
        EXECUTE format('CREATE TEMP TABLE %I AS %s', keep, query);
        EXECUTE format('SELECT md5(string_agg(q::text, E''\n'' ORDER BY q::text)) FROM %I q', keep) INTO expected;
    ELSE
        EXECUTE consume INTO expected;
    END IF;
    FOR i IN 1 .. times LOOP
        started := clock_timestamp();
        EXECUTE consume INTO got;
        all_ms := all_ms || 1000 * extract(epoch FROM clock_timestamp() - started)::float8;
        same := same AND got IS NOT DISTINCT FROM expected;
    END LOOP;
    PERFORM set_config('role', 'none', true);
    best := (SELECT min(x) FROM unnest(all_ms) x);
    INSERT INTO pg_temp.bench_result (key, label, workers, best_ms, runs_ms, checksum, stable)
    VALUES (key, label, workers, best, all_ms, expected, same);
    RETURN format('  %-40s %9s ms  (runs: %s)%s', label, to_char(best, 'FM999G999G990'),
                  (SELECT string_agg(to_char(x, 'FM999999990'), ', ') FROM unnest(all_ms) x),
                  CASE WHEN same THEN '' ELSE '  RESULT CHANGED BETWEEN RUNS' END);
END $$;

-- The queries, with the window and root as constants (as a report tool sends them).
SELECT format('SELECT count(*) FROM govindex.dossiers d WHERE d.received_at < upper(%1$L::tstzrange)'
              ' AND (d.ended_at IS NULL OR d.ended_at >= lower(%1$L::tstzrange))', w) AS q_count,
       format('SELECT * FROM govindex.index766(%L::tstzrange, %L)', w, root) AS q_index766,
       format('SELECT * FROM govindex.unit_stats(%L::tstzrange, %L)', w, root) AS q_unit_stats,
       pg_temp.plain_sql(w, root) AS q_plain
  FROM pg_temp.bench_param \gset

\pset format unaligned
\pset tuples_only on
SELECT format('Index 766 benchmark: window [%s, %s) Asia/Ho_Chi_Minh, root %s, best of %s runs after a warm-up',
              to_char(lower(w) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI'),
              to_char(upper(w) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI'), root, runs)
  FROM pg_temp.bench_param;
SELECT format('PostgreSQL %s, govindex %s; shared_buffers %s, work_mem %s, jit %s, max_parallel_workers %s',
              current_setting('server_version'), (SELECT extversion FROM pg_extension WHERE extname = 'govindex'),
              current_setting('shared_buffers'), current_setting('work_mem'), current_setting('jit'),
              current_setting('max_parallel_workers'));
SELECT pg_temp.measure('count', '(a) count(*) of the rows read', :'q_count', :runs, :workers, 'result_count');
SELECT pg_temp.measure('index766', '(b) index766(), the whole report', :'q_index766', :runs, :workers, 'result_index766');
SELECT pg_temp.measure('unit_stats', '(b) unit_stats(), the aggregation', :'q_unit_stats', :runs, :workers,
                       'result_unit_stats');
SELECT pg_temp.measure('index766_rows', '(b'') index766() from the rows', :'q_index766', :runs, :workers,
                       'result_index766_rows', 'off');
SELECT pg_temp.measure('unit_stats_rows', '(b'') unit_stats() from the rows', :'q_unit_stats', :runs, :workers,
                       'result_unit_stats_rows', 'off');
-- (f) the same report read by a reader under row-level security: granted the whole
-- province (every policy applies and keeps every row: the cost of the policies alone),
-- and granted one district (the rows it may read)
SELECT govindex.create_roles() \g /dev/null
DROP ROLE IF EXISTS govindex_bench_reader;
CREATE ROLE govindex_bench_reader NOLOGIN IN ROLE govindex_reader;
DROP ROLE IF EXISTS govindex_bench_district;
CREATE ROLE govindex_bench_district NOLOGIN IN ROLE govindex_reader;
SELECT govindex.grant_unit_access('govindex_bench_reader', root) FROM pg_temp.bench_param \g /dev/null
SELECT govindex.grant_unit_access('govindex_bench_district',
           (SELECT min(u.code) FROM govindex.units u WHERE u.level = 'district')) \g /dev/null
GRANT SELECT ON pg_temp.bench_param TO govindex_bench_reader, govindex_bench_district;
SELECT pg_temp.measure('index766_reader', '(f) index766(), reader granted ' || :'root', :'q_index766', :runs, :workers,
                       NULL, 'on', 'govindex_bench_reader');
SELECT pg_temp.measure('index766_rows_reader', '(f) index766() from the rows, reader', :'q_index766', :runs, :workers,
                       NULL, 'off', 'govindex_bench_reader');
SELECT pg_temp.measure('index766_district', '(f) index766(), reader granted a district', :'q_index766', :runs, :workers,
                       NULL, 'on', 'govindex_bench_district');
SELECT pg_temp.measure('plain', '(c) plain SQL (FILTER, count DISTINCT)', :'q_plain', :runs, :workers, 'result_plain');
SELECT pg_temp.measure('unit_stats_serial', '(d) unit_stats() from the rows, serial', :'q_unit_stats', :runs, 0,
                       NULL, 'off');
SELECT pg_temp.measure('count_serial', '(d) count(*), no parallel workers', :'q_count', :runs, 0);
-- (e) once: it rewrites the summaries (the same ones, as the checks below confirm)
DO $$
DECLARE
    started timestamptz := clock_timestamp();
    ms float8;
BEGIN
    PERFORM govindex.refresh_dossier_days(true);
    ms := 1000 * extract(epoch FROM clock_timestamp() - started)::float8;
    INSERT INTO pg_temp.bench_result (key, label, workers, best_ms, runs_ms, checksum, stable)
    VALUES ('refresh', '(e) refresh_dossier_days(true), once', current_setting('max_parallel_workers_per_gather')::int,
            ms, ARRAY[ms], NULL, true);
END $$;

-- (c) identical?  Every counter and procedure set of every unit, govindex against the
-- plain SQL (a unit missing on one side counts as zeros there; a counter the plain
-- SQL lacks is a difference too): the differences, into a table.
CREATE FUNCTION pg_temp.compare(govindex_result text, plain_result text, differences text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format($q$
    CREATE TEMP TABLE %I AS
    SELECT u.code AS unit_code, n.name, n.position, g.value AS govindex, x.value AS plain_sql
      FROM pg_temp.%I s
      FULL JOIN pg_temp.%I r ON r.unit_id = s.unit_id
      JOIN govindex.units u ON u.id = coalesce(s.unit_id, r.unit_id)
     CROSS JOIN LATERAL (
           SELECT c.name, c.position, false AS is_set
             FROM unnest(govindex.dossier_stats_counter_names()) WITH ORDINALITY c (name, position)
            UNION ALL
           SELECT k.name, 100 + k.position, true
             FROM unnest('{online,paid_online,fee_data,population_data}'::text[]) WITH ORDINALITY k (name, position)
           ) n
     CROSS JOIN LATERAL (
           SELECT CASE WHEN s.stats IS NULL THEN 0
                       WHEN n.is_set THEN govindex.procedure_count(s.stats, n.name)
                       ELSE govindex.counter(s.stats, n.name) END AS value) g
     CROSS JOIN LATERAL (
           SELECT CASE WHEN r.unit_id IS NULL THEN 0
                       ELSE (to_jsonb(r) ->> CASE WHEN n.is_set THEN n.name || '_procedures' ELSE n.name END)::bigint
                  END AS value) x
     WHERE g.value IS DISTINCT FROM x.value$q$, differences, govindex_result, plain_result);
END $fn$;

SELECT pg_temp.compare('result_unit_stats', 'result_plain', 'bench_diff') \g /dev/null

-- The year window has no dossier pending at its start and no end after its close;
-- July of the same year has both (and dossiers waiting for a supplement at the close):
-- the same comparison there, untimed.
SELECT format('CREATE TEMP TABLE month_unit_stats AS SELECT * FROM govindex.unit_stats(%L::tstzrange, %L)', m, root),
       format('CREATE TEMP TABLE month_plain AS %s', pg_temp.plain_sql(m, root))
  FROM pg_temp.bench_param,
       LATERAL (SELECT tstzrange(make_timestamptz(:year, 7, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh'),
                                 make_timestamptz(:year, 8, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')) AS m) mm \gexec
SELECT pg_temp.compare('month_unit_stats', 'month_plain', 'month_diff') \g /dev/null

-- Peak memory of the aggregation: the largest hashed Aggregate (leader or worker) of a
-- parallel run of unit_stats() from the rows, and the size of the states it returns.
DO $$
DECLARE
    b record;
    plan jsonb;
BEGIN
    SELECT * INTO b FROM pg_temp.bench_param;
    PERFORM set_config('max_parallel_workers_per_gather', b.workers::text, true);
    PERFORM set_config('govindex.dossier_days', 'off', true);
    EXECUTE format('EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT * FROM govindex.unit_stats(%L::tstzrange, %L)',
                   b.w, b.root) INTO plan;
    CREATE TEMP TABLE bench_plan AS SELECT plan;
END $$;

CREATE TEMP TABLE bench_memory AS
SELECT (SELECT max(v::text::bigint) FROM jsonb_path_query(plan,
            'strict $.** ? (@."Node Type" == "Aggregate" && @.Strategy == "Hashed")."Peak Memory Usage"') v) AS leader_kb,
       (SELECT max(v::text::bigint) FROM jsonb_path_query(plan,
            'strict $.** ? (@."Node Type" == "Aggregate" && @.Strategy == "Hashed").Workers[*]."Peak Memory Usage"') v)
           AS worker_kb,
       (SELECT max(v::text::bigint) FROM jsonb_path_query(plan, 'strict $.**."Workers Launched"') v) AS launched,
       (SELECT sum(pg_column_size(stats)) FROM pg_temp.result_unit_stats) AS states_bytes,
       (SELECT count(*) FROM pg_temp.result_unit_stats) AS states
  FROM pg_temp.bench_plan;

-- The summary.
CREATE TEMP VIEW bench_time AS
SELECT (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'count') AS count_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'index766') AS index766_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'unit_stats') AS unit_stats_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'index766_rows') AS index766_rows_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'unit_stats_rows') AS unit_stats_rows_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'plain') AS plain_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'unit_stats_serial') AS unit_stats_serial_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'count_serial') AS count_serial_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'index766_reader') AS index766_reader_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'index766_rows_reader') AS index766_rows_reader_ms,
       (SELECT best_ms FROM pg_temp.bench_result WHERE key = 'index766_district') AS index766_district_ms,
       (SELECT count FROM pg_temp.result_count) AS rows_read;

\pset format aligned
\pset tuples_only off
\pset footer off
\echo
SELECT r.label AS "best of runs", r.workers AS "workers", to_char(r.best_ms, '9G999G990') AS "ms",
       to_char(t.rows_read / nullif(r.best_ms, 0) * 1000, '999G999G990') AS "rows/s"
  FROM pg_temp.bench_result r, pg_temp.bench_time t
 ORDER BY r.position;

SELECT k.ratio, to_char(k.value, '9990.00') AS value, k.target,
       CASE WHEN k.bound IS NULL THEN ''
            WHEN k.value IS NULL THEN 'n/a'
            WHEN (k.bound_is_max AND k.value <= k.bound) OR (NOT k.bound_is_max AND k.value >= k.bound) THEN 'met'
            ELSE 'NOT MET' END AS result
  FROM pg_temp.bench_time t
 CROSS JOIN LATERAL (VALUES
        (1, 'index766 / count(*)', t.index766_ms / nullif(t.count_ms, 0), '≤ 1.5', 1.5, true),
        (2, 'index766 from the rows / count(*)', t.index766_rows_ms / nullif(t.count_ms, 0), '', NULL, NULL),
        (3, 'plain SQL / index766', t.plain_ms / nullif(t.index766_ms, 0), '≥ 5', 5, false),
        (4, 'plain SQL / index766 from the rows', t.plain_ms / nullif(t.index766_rows_ms, 0), '≥ 5', 5, false),
        (5, 'unit_stats from the rows: serial / parallel', t.unit_stats_serial_ms / nullif(t.unit_stats_rows_ms, 0),
            '≥ 1.6', 1.6, false),
        (6, 'count(*) serial / parallel', t.count_serial_ms / nullif(t.count_ms, 0), '', NULL, NULL),
        (7, 'index766, reader granted the province / owner', t.index766_reader_ms / nullif(t.index766_ms, 0),
            '', NULL, NULL),
        (8, 'the same from the rows', t.index766_rows_reader_ms / nullif(t.index766_rows_ms, 0), '', NULL, NULL),
        (9, 'index766, reader granted a district / owner', t.index766_district_ms / nullif(t.index766_ms, 0),
            '', NULL, NULL)
       ) k (n, ratio, value, target, bound, bound_is_max)
 ORDER BY k.n;

SELECT c.check AS "check", c.result
  FROM (VALUES
    (1, 'identical: plain SQL = govindex (every unit, counter, set)',
     CASE WHEN NOT EXISTS (SELECT FROM pg_temp.bench_diff) THEN 'true'
          ELSE (SELECT format('false: %s differences; first: %s %s, govindex %s, plain SQL %s',
                              (SELECT count(*) FROM pg_temp.bench_diff), unit_code, name, govindex,
                              coalesce(plain_sql::text, 'missing'))
                  FROM pg_temp.bench_diff ORDER BY unit_code, position LIMIT 1) END),
    (2, 'identical: the same, window July ' || :year,
     CASE WHEN NOT EXISTS (SELECT FROM pg_temp.month_diff) THEN
               format('true (pending at start %s, waiting for a supplement at the close %s)',
                      (SELECT sum(govindex.counter(stats, 'pending_at_start')) FROM pg_temp.month_unit_stats s
                         JOIN govindex.units u ON u.id = s.unit_id WHERE u.code = :'root'),
                      (SELECT sum(govindex.counter(stats, 'waiting_supplement')) FROM pg_temp.month_unit_stats s
                         JOIN govindex.units u ON u.id = s.unit_id WHERE u.code = :'root'))
          ELSE (SELECT format('false: %s differences; first: %s %s, govindex %s, plain SQL %s',
                              (SELECT count(*) FROM pg_temp.month_diff), unit_code, name, govindex,
                              coalesce(plain_sql::text, 'missing'))
                  FROM pg_temp.month_diff ORDER BY unit_code, position LIMIT 1) END),
    (3, 'identical: summaries = rows = rows serial (unit_stats); index766 summaries = rows; count(*) serial = parallel',
     ((SELECT count(DISTINCT checksum) FROM pg_temp.bench_result
        WHERE key IN ('unit_stats', 'unit_stats_rows', 'unit_stats_serial')) = 1
      AND (SELECT count(DISTINCT checksum) FROM pg_temp.bench_result WHERE key IN ('index766', 'index766_rows')) = 1
      AND (SELECT count(DISTINCT checksum) FROM pg_temp.bench_result WHERE key IN ('count', 'count_serial')) = 1)::text),
    (4, 'identical: count(*) = received + pending_at_start of ' || :'root',
     ((SELECT govindex.counter(s.stats, 'received') + govindex.counter(s.stats, 'pending_at_start')
         FROM pg_temp.result_unit_stats s JOIN govindex.units u ON u.id = s.unit_id WHERE u.code = :'root')
      IS NOT DISTINCT FROM (SELECT rows_read FROM pg_temp.bench_time))::text),
    (9, 'identical: index766 read by a reader granted ' || :'root' || ' = by the owner (summaries and rows)',
     ((SELECT count(DISTINCT checksum) FROM pg_temp.bench_result
        WHERE key IN ('index766', 'index766_rows', 'index766_reader', 'index766_rows_reader')) = 1)::text),
    (5, 'identical: every timed run = its warm-up', (SELECT bool_and(stable) FROM pg_temp.bench_result)::text),
    (8, 'the summaries served the year and July',
     (govindex.dossier_days_cover((SELECT w FROM pg_temp.bench_param))
      AND govindex.dossier_days_cover(tstzrange(make_timestamptz(:year, 7, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh'),
                                                make_timestamptz(:year, 8, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh'))))::text),
    (6, 'peak memory of the hashed aggregate, kB',
     (SELECT format('%s leader, %s per worker (%s workers launched)', leader_kb, coalesce(worker_kb::text, '-'),
                    coalesce(launched, 0))
        FROM pg_temp.bench_memory)),
    (7, 'size of the states returned',
     (SELECT format('%s bytes for %s units', states_bytes, states) FROM pg_temp.bench_memory))
  ) c (n, "check", result)
 ORDER BY c.n;
