-- workcal: the working-day calendar, checked by hand against the official calendar.
SET search_path = public, govindex;
SET TimeZone = 'Asia/Ho_Chi_Minh';
CREATE TEMP TABLE cal AS SELECT workcal(2022, 2027) AS c;

-- The shipped span and the exceptions of 2024 (text form lists only exceptions).
SELECT workcal_span(c), workday_hours(c) FROM cal;
SELECT workcal(2024, 2024);

-- Tết 2024 (Giáp Thìn): off Thursday 8 to Wednesday 14 February (29 tháng Chạp to
-- mùng 5), no make-up day.  Received Wednesday 7 Feb 10:00:
--   + 1 working day: Thu 8, Fri 9 off, Sat 10, Sun 11 weekend, Mon 12 to Wed 14 off → Thu 15 10:00
--   + 2: Fri 16; + 3: Sat 17 and Sun 18 are a weekend → Mon 19 10:00; + 5 → Wed 21
--   + 0.5: 4 office hours, 10:00–11:30 then 13:00–15:30 the same day → Wed 7 15:30
--   + 1.5: Thu 15 10:00 + 4 office hours → Thu 15 15:30
SELECT n, add_workdays('2024-02-07 10:00', n, c) AS due, to_char(add_workdays('2024-02-07 10:00', n, c), 'Dy') AS dow
  FROM cal, unnest(ARRAY[0, 0.5, 1, 1.5, 2, 3, 5]::numeric[]) n;
-- Received Friday 9 Feb (a holiday) 08:00 + 1 working day → the first working day
-- after it, Thu 15 08:00.  Working days of February 2024: 21 weekdays − 5 off = 16.
SELECT add_workdays('2024-02-09 08:00', 1, c) AS from_a_holiday,
       workdays_between('2024-02-01', '2024-03-01', c) AS february_2024,
       workdays_between('2024-02-07', '2024-02-19', c) AS "7 Feb to 19 Feb"
  FROM cal;

-- 2 September 2025: off Saturday 30 August to Tuesday 2 September (Mon 1/9 and Tue 2/9
-- are the holidays).  Received Friday 29 August 09:00:
--   + 1 working day → Wed 3 Sep 09:00; + 2 → Thu 4 Sep; + 5 → Fri 5, Mon 8, Tue 9 → Tue 9 Sep
-- 15 working hours from Fri 29 Aug 13:00: 4 h that afternoon, 8 h on Wed 3, 3 h on Thu 4
-- from 07:30 → Thu 4 Sep 10:30.
SELECT add_workdays('2025-08-29 09:00', 1, c) AS plus_1, add_workdays('2025-08-29 09:00', 2, c) AS plus_2,
       add_workdays('2025-08-29 09:00', 5, c) AS plus_5, add_workhours('2025-08-29 13:00', 15, c) AS plus_15h
  FROM cal;

-- Swapped days: Saturday 4 May 2024 and 26 April 2025 are worked, 29 April 2024 and
-- 2 May 2025 are off; Saturday 10 Jan 2026 worked for Friday 2 Jan.
SELECT d, to_char(d, 'Dy') AS dow, is_workday(d, c)
  FROM cal, unnest(ARRAY['2024-04-29', '2024-05-04', '2024-05-11', '2025-04-26', '2025-05-02',
                         '2026-01-02', '2026-01-10', '2023-05-03']::date[]) d;

-- Across years: working days per year, and from mid-2023 to mid-2025 (and back).
-- 2024: 262 weekdays − 12 weekdays off + Saturday 4 May = 251.
SELECT y, workdays_between(make_date(y, 1, 1), make_date(y + 1, 1, 1), c) AS working_days
  FROM cal, generate_series(2022, 2027) y;
SELECT workdays_between('2023-07-01', '2025-07-01', c) AS forward,
       workdays_between('2025-07-01', '2023-07-01', c) AS backward,
       workdays_between('2024-02-08', '2024-02-08', c) AS empty
  FROM cal;

-- Working hours: the clock runs only in office hours.
SELECT add_workhours('2024-02-07 15:00', 4, c) AS "Wed 15:00 + 4h",
       add_workhours('2024-02-07 18:00', 1, c) AS "after hours + 1h",
       add_workhours('2024-01-02 07:30', 4, c) AS "07:30 + 4h stays at 11:30",
       workhours_between('2024-02-07 15:00', '2024-02-15 09:00', c) AS hours
  FROM cal;

-- The legal due date: 3 working days from Wed 7 Feb 2024 10:00 is Mon 19 Feb; a
-- supplement wait from Thu 15 Feb 10:00 to Fri 16 Feb 10:00 (one working day) moves it
-- to Tue 20 Feb; 8 working hours from Mon 5 Feb 2024 10:00 end Tue 6 Feb 10:00.
SELECT legal_due_at('2024-02-07 10:00', 3, 'working_day', '{}', c) AS plain,
       legal_due_at('2024-02-07 10:00', 3, 'working_day', '{["2024-02-15 10:00","2024-02-16 10:00")}', c) AS paused,
       legal_due_at('2024-02-07 10:00', 3, 'working_day', '{["2024-02-15 10:00",)}', c) AS open_pause,
       legal_due_at('2024-02-05 10:00', 8, 'working_hour', '{}', c) AS hours,
       legal_due_at('2027-12-30 10:00', 5, 'working_day', '{}', c, null_outside => true) AS past_the_end
  FROM cal;

-- A province's own rows override the national ones: a local holiday on Friday 1 March 2024.
BEGIN;
INSERT INTO holidays (day, kind, name_vi) VALUES ('2024-03-01', 'holiday', 'Ngày lễ của tỉnh');
SELECT is_workday('2024-03-01', workcal(2024, 2024)) AS local_holiday_worked;
ROLLBACK;

-- A six-day week (only Sunday off) and other office hours.
SELECT '[2024-01-01,2024-01-08) weekend={7} hours=08:00-12:00 off={} on={}'::workcal AS six_days,
       workdays_between('2024-01-01', '2024-01-08', '[2024-01-01,2024-01-08) weekend={7} hours=08:00-12:00 off={} on={}') AS n;

-- Bad input.  A day outside the span (22008, naming the date and the span):
\set VERBOSITY default
SELECT is_workday('2021-12-31', c) FROM cal;
SELECT add_workdays('2027-12-30 10:00', 3, c) FROM cal;
SELECT workdays_between('2024-01-01', '2028-01-02', c) FROM cal;
-- Negative and NaN durations:
\set VERBOSITY sqlstate
SELECT add_workdays('2024-02-07 10:00', -1, c) FROM cal;
SELECT add_workdays('2024-02-07 10:00', 'NaN', c) FROM cal;
SELECT add_workhours('2024-02-07 10:00', 'Infinity', c) FROM cal;
SELECT add_workhours('2024-02-07 10:00', -0.5, c) FROM cal;
SELECT workcal(2025, 2024);
\set VERBOSITY default
SELECT add_workdays('2024-02-07 10:00', -1, c) FROM cal;
SELECT add_workdays('2024-02-07 10:00', 'NaN', c) FROM cal;
-- Malformed text (22P02, saying where):
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30 off={} on={}'::workcal IS NOT NULL AS well_formed;
SELECT '[2024-01-01,2024-01-08 weekend={6,7} hours=07:30-11:30 off={} on={}'::workcal;
SELECT '[2024-02-30,2024-03-08) weekend={6,7} hours=07:30-11:30 off={} on={}'::workcal;
SELECT '[2024-01-08,2024-01-01) weekend={6,7} hours=07:30-11:30 off={} on={}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,8} hours=07:30-11:30 off={} on={}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=11:30-07:30 off={} on={}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30,11:00-12:00 off={} on={}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30 off={2024-01-06} on={}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30 off={} on={2024-01-03}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30 off={2024-01-03,2024-01-02} on={}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30 off={2024-01-09} on={}'::workcal;
SELECT '[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30 off={} on={} x'::workcal;

-- Binary: the text form survives send/recv, and recv re-checks its input.
-- version 1, first day 8766 (2024-01-01), 7 days, weekend mask bits 6 and 7, 1 interval
-- 450-690 minutes, then one word with bits 0-4 (Monday to Friday) set:
SELECT workcal_send('[2024-01-01,2024-01-08) weekend={6,7} hours=07:30-11:30 off={} on={}') AS bytes;
SELECT '/tmp/govindex_workcal_' || pg_backend_pid() || '.bin' AS bin_file \gset
CREATE TABLE workcal_source (c workcal);
INSERT INTO workcal_source SELECT c FROM cal;
COPY workcal_source TO :'bin_file' WITH (FORMAT binary);
CREATE TABLE workcal_copy (c workcal);
COPY workcal_copy FROM :'bin_file' WITH (FORMAT binary);
SELECT s.c::text = c.c::text AS same FROM workcal_source s, workcal_copy c;
CREATE TABLE payloads (id int, what text, b bytea);
INSERT INTO payloads VALUES
    (1, 'valid', '\x010000223e00000007c00101c202b2000000000000001f'),
    (2, 'version 2', '\x020000223e00000007c00101c202b2000000000000001f'),
    (3, 'empty', '\x'),
    (4, 'short header', '\x010000223e'),
    (5, 'no days', '\x010000223e00000000c00101c202b2000000000000001f'),
    (6, 'weekend bit 0', '\x010000223e00000007c10101c202b2000000000000001f'),
    (7, 'office hours reversed', '\x010000223e00000007c00102b201c2000000000000001f'),
    (8, 'bit past the last day', '\x010000223e00000007c00101c202b2000000000000009f'),
    (9, 'trailing byte', '\x010000223e00000007c00101c202b2000000000000001f00'),
    (10, 'missing word', '\x010000223e00000007c00101c202b2');
CREATE TABLE workcal_target (c workcal);
CREATE FUNCTION pg_temp.receive(payload_id int, path text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
    detail text;
BEGIN
    EXECUTE format('COPY (SELECT b FROM payloads WHERE id = %s) TO %L WITH (FORMAT binary)', payload_id, path);
    DELETE FROM workcal_target;
    EXECUTE format('COPY workcal_target FROM %L WITH (FORMAT binary)', path);
    SELECT c::text INTO STRICT result FROM workcal_target;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' / ' || nullif(detail, ''), '');
END
$$;
SELECT id, what, pg_temp.receive(id, :'bin_file') AS result FROM payloads ORDER BY id;
DROP TABLE workcal_target, payloads, workcal_copy, workcal_source;

-- A forced parallel plan gives the serial result (the calendar from an InitPlan).
CREATE TABLE receipts AS
SELECT i, timestamptz '2022-01-03 07:30' + (i % 1500) * interval '1 day' + (i % 37) * interval '17 minutes' AS received,
       (i % 20)::numeric / 2 AS n
  FROM generate_series(1, 20000) i;
ANALYZE receipts;
CREATE TEMP TABLE serial AS
SELECT sum(extract(epoch FROM add_workdays(received, n, (SELECT c FROM cal)))) AS s,
       sum(workdays_between(received::date, received::date + 30, (SELECT c FROM cal))) AS w
  FROM receipts;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT sum(extract(epoch FROM add_workdays(received, n, (SELECT c FROM cal)))) FROM receipts;
SELECT (SELECT s FROM serial) = sum(extract(epoch FROM add_workdays(received, n, (SELECT c FROM cal)))) AS same_days,
       (SELECT w FROM serial) = sum(workdays_between(received::date, received::date + 30, (SELECT c FROM cal))) AS same_between
  FROM receipts;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE receipts;

-- In the reports.  Procedure A1: 3 working days.  Dossiers received Wed 7 Feb 2024
-- 10:00 without a due date: legal due Mon 19 Feb 10:00 (see above).  a ended at 09:00
-- (on time), b at 11:00 (late); c is pending with a due date of Thu 1 Feb 2024.
BEGIN;
INSERT INTO units (code, name_vi, level) VALUES ('WP', 'Tỉnh WP', 'province');
INSERT INTO procedures (code, name_vi, time_limit) VALUES ('WA1', 'Thủ tục WA1', 3);
CREATE TEMP TABLE batch (LIKE dossier_input) ON COMMIT DROP;
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at, due_at, ended_at, end_status) VALUES
 ('wa', 'WP', 'WA1', 'online', '2024-02-07 10:00', NULL, '2024-02-19 09:00', 'returned'),
 ('wb', 'WP', 'WA1', 'online', '2024-02-07 10:00', NULL, '2024-02-19 11:00', 'returned'),
 ('wc', 'WP', 'WA1', 'direct', '2024-01-29 10:00', '2024-02-01 10:00', NULL, NULL);
SELECT create_dossier_partitions('2024-01-01', '2024-02-01') IS NOT NULL AS partitions;
SELECT inserted FROM load_dossiers('batch');
-- On by default: a on time, b and c late → 1/3.
SELECT metric(stats, 'DVC_PROGRESS_ON_TIME') FROM unit_stats(tstzrange('2024-02-01 00:00', '2024-03-01 00:00'), 'WP');
-- Off: a and b have no due date and are left out (c is overdue: 0/1).
SET LOCAL govindex.legal_due_dates = off;
SELECT metric(stats, 'DVC_PROGRESS_ON_TIME') FROM unit_stats(tstzrange('2024-02-01 00:00', '2024-03-01 00:00'), 'WP');
RESET govindex.legal_due_dates;
-- c at 1 March 2024: 29 calendar days past 1 Feb; working days in [1 Feb, 1 Mar): 16.
SELECT dossier_code, days_overdue, workdays_overdue FROM late_dossiers_at('2024-03-01 00:00', 'WP');
ROLLBACK;
