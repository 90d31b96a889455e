-- dossier_stats: one pass over dossiers for a window [2024-01-01, 2024-02-01) +07.
-- Sixteen hand-made dossiers, one per case; the expected counters are worked out in
-- the comments beside each row.
SET search_path = public, govindex;
SET TimeZone = 'Asia/Ho_Chi_Minh';

CREATE FUNCTION pg_temp.try(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
    detail text;
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN state || ': ' || message || coalesce(' / ' || nullif(detail, ''), '');
END $$;

-- The full text form from the names given: every other counter 0, every other set empty
-- (the text form lists them all, as dossier_stats_out writes it).
CREATE FUNCTION pg_temp.ds(fields text, kind text DEFAULT 'window',
                           w text DEFAULT '["2024-01-01 00:00:00+07","2024-02-01 00:00:00+07")')
RETURNS text LANGUAGE sql AS $$
    SELECT kind || '=' || w || ' ' ||
           string_agg(n || '=' || coalesce((regexp_match(' ' || fields || ' ', ' ' || n || '=(\S+) '))[1],
                                           CASE WHEN n LIKE '%\_procedures' THEN '{}' ELSE '0' END),
                      ' ' ORDER BY o)
      FROM unnest(govindex.dossier_stats_counter_names() || ARRAY['online_procedures', 'paid_online_procedures',
                  'fee_data_procedures', 'population_data_procedures']) WITH ORDINALITY u (n, o);
$$;

CREATE TABLE d (
    code text, received timestamptz, due timestamptz, ended timestamptz, status end_status,
    requests smallint, periods tstzmultirange, channel channel, procedure int,
    paper bool, fee bool, synced bool, e_result bool, digitized bool, reused bool,
    personal bool, population bool, paid payment_channel, amount bigint, rating citizen_rating);

INSERT INTO d VALUES
-- A: on time (ended 8 Jan, due 10 Jan), online, paper result issued electronically,
--    synced, fee paid on the portal, liked; resolved in 6 days
('A', '2024-01-02 08:00', '2024-01-10 08:00', '2024-01-08 08:00', 'returned', 0, '{}', 'online', 1,
 true, true, true, true, false, false, false, false, 'portal', 10000, 'like'),
-- B: late (ended 9 Jan, due 5 Jan), direct, paper result without an electronic one, digitized; 6 days
('B', '2024-01-03 08:00', '2024-01-05 08:00', '2024-01-09 08:00', 'finished', 0, '{}', 'direct', 2,
 true, false, false, false, true, false, false, false, NULL, NULL, NULL),
-- C: received in December, pending at the start; still pending on 1 Feb, due 5 Jan: overdue; online
('C', '2023-12-20 08:00', '2024-01-05 08:00', NULL, NULL, 0, '{}', 'online', 3,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- D: ended before the window opened: not counted
('D', '2023-12-15 08:00', '2023-12-30 08:00', '2023-12-28 08:00', 'returned', 0, '{}', 'online', 3,
 false, false, true, false, false, false, false, false, NULL, NULL, NULL),
-- E: pending within deadline (due 10 Feb), postal, population data used
('E', '2024-01-20 08:00', '2024-02-10 08:00', NULL, NULL, 0, '{}', 'postal', 1,
 false, false, false, false, false, false, false, true, NULL, NULL, NULL),
-- F: two supplement requests: late although it ended before its due date; online, data reused,
--    disliked; 8 days
('F', '2024-01-10 08:00', '2024-01-20 08:00', '2024-01-18 08:00', 'returned', 2, '{}', 'online', 4,
 false, false, false, false, false, true, false, false, NULL, NULL, 'dislike'),
-- G: waiting for a supplement asked on 14 Jan: the clock stopped then, before its due date
--    (15 Jan): within deadline although 1 Feb is past it
('G', '2024-01-12 08:00', '2024-01-15 08:00', NULL, NULL, 1, '{[2024-01-14 08:00,)}', 'direct', 5,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- H: no due date: ended, but its timeliness cannot be assessed; 10 days
('H', '2024-01-15 08:00', NULL, '2024-01-25 08:00', 'finished', 0, '{}', 'direct', 2,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- I: received after the window: not counted
('I', '2024-02-03 08:00', '2024-02-10 08:00', NULL, NULL, 0, '{}', 'online', 1,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- J: ended before it was received: a data-quality problem, not counted otherwise
('J', '2024-01-05 08:00', '2024-01-10 08:00', '2024-01-04 08:00', 'returned', 0, '{}', 'online', 1,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- K: no reception date: a data-quality problem
('K', NULL, NULL, NULL, NULL, 0, '{}', 'online', 1,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- L: ended on 5 Feb, after the window: pending on 1 Feb, due 31 Jan: overdue; online, fee data
--    but not paid online
('L', '2024-01-06 08:00', '2024-01-31 08:00', '2024-02-05 08:00', 'returned', 0, '{}', 'online', 6,
 false, true, false, false, false, false, false, false, NULL, 5000, NULL),
-- M: withdrawn by the citizen, on time
('M', '2024-01-07 08:00', '2024-01-20 08:00', '2024-01-19 08:00', 'withdrawn', 0, '{}', 'direct', 7,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- N: stopped, on time
('N', '2024-01-08 08:00', '2024-01-20 08:00', '2024-01-10 08:00', 'stopped', 0, '{}', 'direct', 7,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- O: an end time without an end status: counted as resolved, and as a data-quality problem; 20 days
('O', '2024-01-09 08:00', '2024-01-30 08:00', '2024-01-29 08:00', NULL, 0, '{}', 'direct', 8,
 false, false, false, false, false, false, false, false, NULL, NULL, NULL),
-- P: one supplement (11–13 Jan) excluded from its 5 days: 3 days; on time, online, personal data store
('P', '2024-01-10 08:00', '2024-01-20 08:00', '2024-01-15 08:00', 'returned', 1, '{[2024-01-11 08:00,2024-01-13 08:00)}', 'online', 5,
 false, false, false, false, false, false, true, false, NULL, NULL, NULL);

CREATE TABLE s AS
SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                     synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                     tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) AS st
  FROM d;

-- Processed: A B C E F G H L M N O P = 12 (D, I before/after; J, K data problems).
-- received 11, pending_at_start 1 (C); ended on time A M N O P = 5, late B F = 2, no due H = 1;
-- pending within E G = 2, overdue C L = 2; resolved A B F H O P = 6, stopped N, withdrawn M;
-- channels: online A F L P = 4, direct B G H M N O = 6, postal E = 1;
-- online on time A P = 2, overdue C F L = 3; processing days 6+6+8+10+20+3 = 53 = 4579200 s.
SELECT * FROM dossier_stats_counters((SELECT st FROM s));
SELECT procedure_ids(st, 'online') AS online, procedure_ids(st, 'paid_online') AS paid_online,
       procedure_ids(st, 'fee_data') AS fee_data, procedure_ids(st, 'population_data') AS population,
       procedure_count(st, 'online') AS online_count, stats_window(st),
       round(avg_processing_days(st)::numeric, 4) AS avg_days   -- 53 / 6 = 8.8333
  FROM s;

-- Metrics: on time (5 + 2) / (12 - 1 without a due date) = 7/11; satisfaction
-- (11 - 4 overdue - 1 dislike) / 11 = 6/11; and so on.
SELECT code, metric(st, code), percent(metric(st, code))
  FROM s, unnest(ARRAY['DVC_PROGRESS_ON_TIME', 'DOSSIER_SYNC', 'ORIGINAL_RESULT_AVAILABLE',
                       'SO_HOA_GIAY_TO_GIAI_QUYET', 'REUSED_DIGITIZED_DATA',
                       'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'CITIZEN_DATA_CONNECTED_DOSSIER',
                       'DOSSIER_RECEIVING_SATISFACTION', 'ONLINE_PAYMENT_DOSSIERS',
                       'ONLINE_SUBMISSION', 'ONLINE_ON_TIME']) code;

-- Merging: two halves rolled up give the whole, as does +; the text form round-trips.
WITH halves AS (
    SELECT code < 'H' AS first_half,
           dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                         synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                         tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) AS st
      FROM d GROUP BY 1)
SELECT (SELECT rollup(st) FROM halves)::text = (SELECT st FROM s)::text AS rollup_equals_whole,
       ((SELECT st FROM halves WHERE first_half) + (SELECT st FROM halves WHERE NOT first_half))::text
           = (SELECT st FROM s)::text AS plus_equals_whole,
       (SELECT st::text::dossier_stats::text = st::text FROM s) AS text_round_trip,
       (SELECT rollup(st) FROM halves WHERE false) IS NULL AS rollup_of_nothing_is_null;

-- The text form itself lists every counter and set (pg_temp.ds writes the ones not given).
SELECT st FROM s;
SELECT pg_temp.ds('received=2 ended_on_time=1 pending_within_deadline=1 resolved=1 received_online=2 online_on_time=2 online_procedures={3,7}')::dossier_stats
       IS NOT NULL AS parses,
       metric(pg_temp.ds('received=2 ended_on_time=1 pending_within_deadline=1 resolved=1 received_online=2 online_on_time=2 online_procedures={3,7}')::dossier_stats,
              'DVC_PROGRESS_ON_TIME') AS on_time;

-- Procedure sets are bitmaps over the ids' span: ids on both sides of 0 and across
-- 64-id words round-trip; two states whose ids lie far apart unite; ids further
-- apart than one set may span (2^24) are refused.
SELECT st::text = st2::text AS round_trip, procedure_ids(st, 'online') AS online,
       procedure_count(st, 'online') AS n
  FROM (SELECT pg_temp.ds('online_procedures={-65,-1,0,63,64,200}')::dossier_stats AS st) x,
       LATERAL (SELECT st::text::dossier_stats AS st2) y;
SELECT procedure_ids(a + b, 'online') AS united, procedure_count(a + b, 'online') AS n
  FROM (SELECT pg_temp.ds('online_procedures={5,100000}')::dossier_stats AS a,
               pg_temp.ds('online_procedures={-3000,5,7}')::dossier_stats AS b) x;
SELECT pg_temp.try($$SELECT pg_temp.ds('online_procedures={1,20000000}')::dossier_stats$$)
       AS too_far_apart;

-- No dossiers: the aggregate is NULL; empty_dossier_stats() gives zeros and empty rates.
SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                     synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                     tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) IS NULL AS no_rows_is_null
  FROM d WHERE false;
SELECT metric(empty_dossier_stats(tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')), 'DVC_PROGRESS_ON_TIME') AS empty,
       (empty_dossier_stats(tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) + (SELECT st FROM s))::text
           = (SELECT st::text FROM s) AS empty_is_neutral;

-- Bad windows and bad merges.
SELECT w, pg_temp.try(format($q$SELECT dossier_stats(received, due, ended, status, requests, periods, channel,
        procedure, paper, fee, synced, e_result, digitized, reused, personal, population, paid, amount, rating, %s) FROM d$q$, w))
  FROM (VALUES ($$'empty'::tstzrange$$), ($$tstzrange('2024-01-01', NULL)$$),
               ($$tstzrange('2024-01-01', '2024-02-01', '[]')$$), ($$NULL::tstzrange$$),
               ($$tstzrange('2024-01-01', 'infinity')$$)) v (w);
SELECT pg_temp.try($$SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure,
        paper, fee, synced, e_result, digitized, reused, personal, population, paid, amount, rating,
        CASE WHEN code < 'H' THEN tstzrange('2024-01-01', '2024-02-01') ELSE tstzrange('2024-01-01', '2024-03-01') END)
        FROM d$$) AS window_changes;
SELECT pg_temp.try($$SELECT (SELECT st FROM s) + empty_dossier_stats(tstzrange('2024-01-01 00:00+07', '2024-03-01 00:00+07'))$$)
       AS different_windows;
\set VERBOSITY default
SELECT (SELECT st FROM s) + empty_dossier_stats(tstzrange('2024-01-01 00:00+07', '2024-03-01 00:00+07'));
SELECT pg_temp.try($$SELECT metric(st, 'NOPE') FROM s$$) AS unknown_metric,
       pg_temp.try($$SELECT counter(st, 'nope') FROM s$$) AS unknown_counter,
       pg_temp.try($$SELECT procedure_ids(st, 'nope') FROM s$$) AS unknown_set;
SELECT metric(NULL::dossier_stats, 'DOSSIER_SYNC') IS NULL AS null_in_null_out;

-- Malformed text: syntax errors say where; impossible counts are refused.
SELECT CASE WHEN length(input) > 80 THEN left(input, 77) || '...' ELSE input END AS input, pg_temp.try(format('SELECT %L::dossier_stats', input))
  FROM (VALUES
    (''),
    ('received=1'),
    ('window=["2024-01-01","2024-02-01"'),
    ('window=["2024-01-01","2024-02-01") nope=1'),
    ('window=["2024-01-01","2024-02-01") received=1 received=1'),
    ('window=["2024-01-01","2024-02-01") received=x'),
    ('window=["2024-01-01","2024-02-01") received=99999999999999999999'),
    ('window=["2024-01-01","2024-02-01")received=1'),
    ('window=["2024-01-01","2024-02-01") online_procedures={1,,2}'),
    ('window=["2024-01-01","2024-02-01") received=1'),
    (pg_temp.ds('online_procedures={2,1}', 'window', '["2024-01-01","2024-02-01")')),
    (pg_temp.ds('received=1', 'window', '["2024-01-01","2024-02-01")')),
    (pg_temp.ds('received=1 pending_within_deadline=1 received_direct=1 synced=2', 'window', '["2024-01-01","2024-02-01")')),
    ('window=(,"2024-02-01")'),
    ('window=["2024-02-01","2024-02-01")')
  ) v (input);

-- Binary: COPY round trip, then malformed payloads fed to dossier_stats_recv via binary COPY.
CREATE TABLE s_copy (st dossier_stats);
SELECT format('/tmp/govindex_dossier_stats_%s.bin', pg_backend_pid()) AS binfile \gset
COPY s TO :'binfile' WITH (FORMAT binary);
COPY s_copy FROM :'binfile' WITH (FORMAT binary);
SELECT (SELECT st::text FROM s_copy) = (SELECT st::text FROM s) AS binary_round_trip;
SELECT substr(dossier_stats_send(empty_dossier_stats(tstzrange('2000-01-01 00:00+00', '2000-01-01 00:00:01+00'))), 1, 20)
       AS send_header;   -- version 3, kind 0 (a window), from 0, to 1000000 microseconds, 39 counters (0x27)

CREATE TABLE payloads (label text, bytes bytea);
INSERT INTO payloads
SELECT 'good', dossier_stats_send(st) FROM s
UNION ALL SELECT 'empty', ''::bytea
UNION ALL SELECT 'version 4', overlay(dossier_stats_send(st) placing '\x04'::bytea from 1 for 1) FROM s
-- versions 1 and 2: 35 counters (bytes 21-300), then the sets (from byte 333 of version 3)
UNION ALL SELECT 'version 2 (35 counters)', '\x02'::bytea || substr(dossier_stats_send(st), 2, 17) || '\x0023'::bytea
       || substr(dossier_stats_send(st), 21, 280) || substr(dossier_stats_send(st), 333) FROM s
UNION ALL SELECT 'version 1 (no kind byte)', '\x01'::bytea || substr(dossier_stats_send(st), 3, 16) || '\x0023'::bytea
       || substr(dossier_stats_send(st), 21, 280) || substr(dossier_stats_send(st), 333) FROM s
UNION ALL SELECT 'version 3 with 35 counters', '\x03'::bytea || substr(dossier_stats_send(st), 2, 17) || '\x0023'::bytea
       || substr(dossier_stats_send(st), 21, 280) || substr(dossier_stats_send(st), 333) FROM s
UNION ALL SELECT 'version 2 with 39 counters', overlay(dossier_stats_send(st) placing '\x02'::bytea from 1 for 1) FROM s
UNION ALL SELECT 'kind 2', overlay(dossier_stats_send(st) placing '\x02'::bytea from 2 for 1) FROM s
UNION ALL SELECT 'truncated', substr(dossier_stats_send(st), 1, 100) FROM s
UNION ALL SELECT 'trailing byte', dossier_stats_send(st) || '\x00'::bytea FROM s
UNION ALL SELECT 'received = 2^63 - 1',
       overlay(dossier_stats_send(st) placing '\x7fffffffffffffff'::bytea from 21 for 8) FROM s
UNION ALL SELECT 'empty window (to = from)',
       overlay(dossier_stats_send(st) placing substr(dossier_stats_send(st), 3, 8) from 11 for 8) FROM s;
CREATE TABLE recv_target (st dossier_stats);
CREATE FUNCTION pg_temp.recv(label text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    file text := format('/tmp/govindex_dossier_stats_payload_%s.bin', pg_backend_pid());
BEGIN
    EXECUTE format('COPY (SELECT bytes FROM payloads WHERE label = %L) TO %L WITH (FORMAT binary)', label, file);
    TRUNCATE recv_target;
    RETURN pg_temp.try(format('COPY recv_target FROM %L WITH (FORMAT binary)', file));
END $$;
SELECT label, pg_temp.recv(label) FROM payloads ORDER BY label;
-- A version 2 value read in binary: the counters version 3 added as its rules counted
-- them (online_with_result = received_online 4, digitized_with_result = digitized 1,
-- no zero-fee dossier).
SELECT pg_temp.recv('version 2 (35 counters)') AS version_2_read;
SELECT (SELECT st::text FROM recv_target) = replace((SELECT st::text FROM s), 'digitized_with_result=0', 'digitized_with_result=1')
           AS version_2_counts_as_its_rules;

-- Parallel: the same state from a parallel plan as from a serial one.
CREATE TABLE big AS
SELECT d.*, g AS copy FROM d, generate_series(1, 20000) g WHERE d.code NOT IN ('K');
UPDATE big SET procedure = procedure + (copy % 50) * 10;
ANALYZE big;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS
SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                     synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                     tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) AS st FROM big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                     synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                     tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) FROM big;
CREATE TABLE parallel AS
SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                     synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                     tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) AS st FROM big;
SELECT (SELECT st::text FROM parallel) = (SELECT st::text FROM serial) AS parallel_equals_serial,
       counter(st, 'received') AS received,            -- 11 x 20000
       metric(st, 'DVC_PROGRESS_ON_TIME') AS on_time,   -- 7/11 scaled by 20000
       procedure_count(st, 'online') AS online_procedures  -- {1,4,5,6} + 0..490 step 10: 200
  FROM parallel;
-- Parts too: each part from a parallel plan equals the serial one, and they assemble
-- into the window's state.
EXPLAIN (COSTS OFF)
SELECT dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                          synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                          tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), 'received') FROM big;
CREATE TABLE parallel_parts AS
SELECT p.part, dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                                  synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                                  tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), p.part)::text AS st
  FROM (VALUES ('received'), ('ended'), ('pending')) p (part) CROSS JOIN big GROUP BY p.part;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_parts AS
SELECT p.part, dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                                  synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                                  tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), p.part)::text AS st
  FROM (VALUES ('received'), ('ended'), ('pending')) p (part) CROSS JOIN big GROUP BY p.part;
SELECT (SELECT string_agg(part || st, ',' ORDER BY part) FROM parallel_parts)
         = (SELECT string_agg(part || st, ',' ORDER BY part) FROM serial_parts) AS parallel_parts_equal_serial,
       (SELECT assemble(rollup(st::dossier_stats), tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'))::text
          FROM parallel_parts) = (SELECT st::text FROM serial) AS parts_assemble_into_the_window;
DROP TABLE parallel_parts, serial_parts;

-- Parts: the same dossiers summed by day (received part on the day of receipt, ended
-- part on the day of the end) plus each window's pending part, assembled, give each
-- window's statistics exactly, the data-quality cases J and K included.
-- The province's days: after 13 June 1975 a fixed +07:00, before it the zone's rules;
-- both agree with the rules for every day from 1960 to 2030, at both ends of the day.
SELECT count(*) AS days,
       count(*) FILTER (WHERE day_window(d) = tstzrange(d::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                                                        (d + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
                          AND province_day(lower(day_window(d))) = d
                          AND province_day(upper(day_window(d)) - interval '1 microsecond') = d) AS agree
  FROM generate_series(date '1960-01-01', date '2030-12-31', interval '1 day') g, LATERAL (SELECT g::date AS d) x;
SELECT province_day('2023-12-31 16:59:59.999999+00') AS before_midnight, province_day('2023-12-31 17:00+00') AS at_midnight,
       day_window('1975-06-13') AS day_of_the_change, province_day(NULL) IS NULL AND day_window(NULL) IS NULL AS nulls;

CREATE TABLE parts AS
SELECT province_day(received) AS day, 'received' AS part,
       dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                          synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                          day_window(province_day(received)), 'received') AS st
  FROM d WHERE received IS NOT NULL GROUP BY 1
UNION ALL
SELECT province_day(ended), 'ended',
       dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                          synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                          day_window(province_day(ended)), 'ended')
  FROM d WHERE ended IS NOT NULL GROUP BY 1;
SELECT w, assemble(p.parts + pending.st, w)::text = whole.st::text AS assembled_equals_whole,
       counter(whole.st, 'received') AS received, counter(whole.st, 'pending_at_start') AS pending_at_start
  FROM (VALUES (tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')),
               (tstzrange('2023-12-20 00:00+07', '2024-01-10 00:00+07')),
               (tstzrange('2024-01-08 00:00+07', '2024-01-16 00:00+07')),
               (tstzrange('2024-01-10 00:00+07', '2024-01-11 00:00+07'))) v (w)
 CROSS JOIN LATERAL (SELECT rollup(st) AS parts FROM parts WHERE day_window(day) <@ w) p
 CROSS JOIN LATERAL (
       SELECT dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                                 synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                                 w, 'pending') AS st FROM d) pending
 CROSS JOIN LATERAL (
       SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                            synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                            w) AS st FROM d) whole
 ORDER BY w;
-- 10 January: F and P received (both online; F reused data, P a personal data store);
-- N stopped (on time).  In a part, pending_at_start counts its processed dossiers.
SELECT part, st FROM parts WHERE day = '2024-01-10' ORDER BY part;
SELECT st::text::dossier_stats::text = st::text AS text_round_trip FROM parts WHERE day = '2024-01-10' AND part = 'received';
-- No rows: no part (NULL), as for dossier_stats; NULLs in the columns are dossiers with gaps (K above).
SELECT dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                          synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                          tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), 'pending') IS NULL AS empty_input_is_null
  FROM d WHERE false;

-- Parts do not mix with window states, nor leave their window; metric() wants a window.
SELECT label, pg_temp.try(sql) AS result FROM (VALUES
    ('assemble a window state', $$SELECT assemble(st, tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) FROM s$$),
    ('parts outside the window', $$SELECT assemble(st, tstzrange('2024-01-11 00:00+07', '2024-01-12 00:00+07')) FROM parts WHERE day = '2024-01-10' AND part = 'ended'$$),
    ('received part alone', $$SELECT assemble(st, tstzrange('2024-01-10 00:00+07', '2024-01-11 00:00+07')) FROM parts WHERE day = '2024-01-10' AND part = 'received'$$),
    ('part + window', $$SELECT p.st + s.st FROM parts p, s WHERE p.day = '2024-01-10' AND p.part = 'ended'$$),
    ('metric of a part', $$SELECT metric(st, 'DOSSIER_SYNC') FROM parts WHERE day = '2024-01-10' AND part = 'ended'$$),
    ('unknown part', $$SELECT dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee, synced, e_result, digitized, reused, personal, population, paid, amount, rating, tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), 'late') FROM d$$),
    ('NULL part', $$SELECT dossier_stats_part(received, due, ended, status, requests, periods, channel, procedure, paper, fee, synced, e_result, digitized, reused, personal, population, paid, amount, rating, tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), NULL) FROM d$$),
    ('inconsistent part text', $$SELECT pg_temp.ds('pending_at_start=1', 'part', '["2024-01-10 00:00+07","2024-01-11 00:00+07")')::dossier_stats$$)
  ) v (label, sql);

-- Binary: a part survives send/recv.
TRUNCATE recv_target;
COPY (SELECT st FROM parts WHERE day = '2024-01-10' AND part = 'received') TO :'binfile' WITH (FORMAT binary);
COPY recv_target FROM :'binfile' WITH (FORMAT binary);
SELECT (SELECT st::text FROM recv_target) = (SELECT st::text FROM parts WHERE day = '2024-01-10' AND part = 'received')
       AS part_binary_round_trip;

-- Stored values of format versions 1 (before parts: no kind byte, two bytes of counter
-- count) and 2 (before the portal's counting: 35 counters) are still read.  Their bytes
-- are made from today's by rewriting the header (version 3, kind 0, 4 sets, 39 counters
-- becomes version 2, kind 0, 4 sets, 35, or version 1, 4 sets, 35 as a little-endian
-- int2) and dropping the four counters version 3 added (bytes 301-332).  They read
-- with those counters as their rules counted them: online_with_result =
-- received_online (4, as today: A has its electronic result), digitized_with_result =
-- digitized (1, not 0: B's paper result has no electronic one), fee_zero = 0.
-- raw_bytes shows a stored value's bytes (bytea's I/O, with dossier_stats' alignment,
-- so that the two cast into each other as they are).
CREATE TYPE raw_bytes;
CREATE FUNCTION raw_bytes_in(cstring) RETURNS raw_bytes AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION raw_bytes_out(raw_bytes) RETURNS cstring AS 'byteaout' LANGUAGE internal IMMUTABLE STRICT;
CREATE TYPE raw_bytes (INPUT = raw_bytes_in, OUTPUT = raw_bytes_out, INTERNALLENGTH = VARIABLE,
                       ALIGNMENT = double, STORAGE = extended);
CREATE CAST (raw_bytes AS dossier_stats) WITHOUT FUNCTION;
CREATE CAST (dossier_stats AS raw_bytes) WITHOUT FUNCTION;
CREATE TABLE stored AS SELECT st, st::raw_bytes::text::bytea AS bytes FROM s;
SELECT substr(bytes, 1, 4) AS stored_header,
       ('\x01042300'::bytea || substr(bytes, 5, 296) || substr(bytes, 333))::text::raw_bytes::dossier_stats::text
           = replace(st::text, 'digitized_with_result=0', 'digitized_with_result=1') AS version_1_reads_as_its_rules,
       ('\x02000423'::bytea || substr(bytes, 5, 296) || substr(bytes, 333))::text::raw_bytes::dossier_stats::text
           = replace(st::text, 'digitized_with_result=0', 'digitized_with_result=1') AS version_2_reads_as_its_rules,
       pg_temp.try(format('SELECT %L::raw_bytes::dossier_stats::text',
                          ('\x02000427'::bytea || substr(bytes, 5))::text)) AS version_2_with_39_counters,
       pg_temp.try(format('SELECT %L::raw_bytes::dossier_stats::text',
                          overlay(bytes placing '\x09'::bytea from 1 for 1)::text)) AS version_9
  FROM stored;
DROP TABLE stored;
DROP TYPE raw_bytes CASCADE;

-- The text of a version 2 value (without the four counters version 3 added) reads as a
-- stored one does; a text with only some of them is cut short.
SELECT regexp_replace((SELECT st::text FROM s), ' (online_with_result|digitized_with_result|fee_zero|fee_zero_paid_online)=\d+', '', 'g')::dossier_stats::text
           = replace((SELECT st::text FROM s), 'digitized_with_result=0', 'digitized_with_result=1') AS version_2_text_reads_as_its_rules,
       pg_temp.try(format('SELECT %L::dossier_stats', regexp_replace((SELECT st::text FROM s), ' fee_zero=\d+', ''))) AS one_missing;
-- Malformed counts of the new counters are refused.
SELECT label, pg_temp.try(format('SELECT %L::dossier_stats', pg_temp.ds(fields))) AS result FROM (VALUES
    ('online_with_result > received_online', 'received=1 pending_within_deadline=1 received_direct=1 online_with_result=1'),
    ('digitized_with_result > digitized', 'received=1 pending_within_deadline=1 received_direct=1 digitized_with_result=1'),
    ('fee_zero > fee_data', 'received=1 pending_within_deadline=1 received_direct=1 fee_bearing=1 fee_zero=1'),
    ('fee_zero_paid_online > paid_online', 'received=1 pending_within_deadline=1 received_direct=1 fee_bearing=1 fee_data=1 fee_zero=1 fee_zero_paid_online=1'),
    ('paid beyond the non-zero fees', 'received=2 pending_within_deadline=2 received_direct=2 fee_bearing=2 fee_data=2 fee_zero=1 paid_online=2'),
    ('consistent', 'received=2 pending_within_deadline=2 received_direct=2 fee_bearing=2 fee_data=2 fee_zero=1 paid_online=2 fee_zero_paid_online=1')
  ) v (label, fields);

-- The portal's counting rules (METHODOLOGY.md §1.6), seven dossiers received in January,
-- all pending within their deadline:
--   Q online, paper result required without an electronic one, digitized
--   R online, paper result required with an electronic one, digitized, synced
--   S direct, no paper result required, digitized, synced
--   T fee-bearing, every fee line 0 (amount 0), paid on the portal (procedure 4)
--   U fee-bearing, amount 0, not paid online
--   V fee-bearing, 5000, paid through the local gateway
--   W fee-bearing, no fee lines
-- online_with_result 1 (R) of received_online 2; digitized_with_result 2 (R, S) of
-- digitized 3; fee_zero 2 (T, U) of fee_data 3; fee_zero_paid_online 1 (T) of paid_online 2.
-- ONLINE_SUBMISSION = 1/7 online with result × 2/7 synced = 2/49; SO_HOA = 2/7;
-- ONLINE_PAYMENT_DOSSIERS = (2 - 1) / (4 - 2) = 1/2.
-- T paid nothing: its procedure 4 is in neither the paid_online nor the fee_data set
-- (3.5), which hold procedure 3 (V) only.
CREATE TABLE d3 AS SELECT * FROM d WHERE false;
INSERT INTO d3 (code, received, due, requests, periods, channel, procedure, paper, fee, synced, e_result, digitized, paid, amount)
VALUES ('Q', '2024-01-02 08:00', '2024-02-10 08:00', 0, '{}', 'online', 1, true,  false, false, false, true,  NULL, NULL),
       ('R', '2024-01-02 08:00', '2024-02-10 08:00', 0, '{}', 'online', 1, true,  false, true,  true,  true,  NULL, NULL),
       ('S', '2024-01-02 08:00', '2024-02-10 08:00', 0, '{}', 'direct', 2, false, false, true,  false, true,  NULL, NULL),
       ('T', '2024-01-02 08:00', '2024-02-10 08:00', 0, '{}', 'direct', 4, false, true,  false, false, false, 'portal', 0),
       ('U', '2024-01-02 08:00', '2024-02-10 08:00', 0, '{}', 'direct', 3, false, true,  false, false, false, NULL, 0),
       ('V', '2024-01-02 08:00', '2024-02-10 08:00', 0, '{}', 'direct', 3, false, true,  false, false, false, 'local_gateway', 5000),
       ('W', '2024-01-02 08:00', '2024-02-10 08:00', 0, '{}', 'direct', 3, false, true,  false, false, false, NULL, NULL);
CREATE TABLE s3 AS
SELECT dossier_stats(received, due, ended, status, requests, periods, channel, procedure, paper, fee,
                     synced, e_result, digitized, reused, personal, population, paid, amount, rating,
                     tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) AS st
  FROM d3;
SELECT c.counter, c.value FROM s3, dossier_stats_counters(s3.st) c
 WHERE c.counter IN ('received', 'received_online', 'online_with_result', 'synced', 'digitized', 'digitized_with_result',
                  'fee_bearing', 'fee_data', 'fee_zero', 'paid_online', 'fee_zero_paid_online');
SELECT code, metric(st, code), percent(metric(st, code))
  FROM s3, unnest(ARRAY['ONLINE_SUBMISSION', 'SO_HOA_GIAY_TO_GIAI_QUYET', 'ONLINE_PAYMENT_DOSSIERS']) code;
SELECT procedure_ids(st, 'paid_online') AS paid_online, procedure_ids(st, 'fee_data') AS fee_data FROM s3;
-- The online submission is a product of rates: a large enough state leaves bigint.
SELECT pg_temp.try($$SELECT metric(pg_temp.ds('received=4000000000 pending_within_deadline=4000000000 received_online=4000000000 online_with_result=4000000000 synced=4000000000')::dossier_stats, 'ONLINE_SUBMISSION')$$)
       AS product_out_of_range;
DROP TABLE d3, s3;

DROP TABLE d, s, s_copy, payloads, recv_target, big, serial, parallel, parts;
RESET ALL;
