-- Hostile input: what fuzzing found in the C types and functions, each with its
-- SQLSTATE.  Crafted initial states of user-defined aggregates, binary values outside
-- what the text form can write, sums past bigint, malformed text, procedure sets at
-- and past their limit, huge inputs (short messages) and infinite timestamps.
SET search_path = public, govindex;
SET TimeZone = 'Asia/Ho_Chi_Minh';

-- SQLSTATE: message / detail of a statement, or ok.
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

-- The lengths of the message and detail of a failing statement (huge inputs must give short ones).
CREATE FUNCTION pg_temp.message_size(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
    detail text;
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN state || ': message ' || length(message) || ' characters, detail ' || coalesce(length(detail), 0);
END $$;

-- The full dossier_stats text form from the names given: every other counter 0, every
-- other set empty (the text form lists them all, as dossier_stats_out writes it).
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

-- Binary input: the bytes are written as a bytea field of a binary COPY file and read
-- back into a column of the type, so that its recv function gets exactly those bytes.
SELECT format('/tmp/govindex_hostile_%s.bin', pg_backend_pid()) AS binfile \gset
CREATE TABLE recv_rate (v rate);
CREATE TABLE recv_score (v score_total);
CREATE TABLE recv_workcal (v workcal);
CREATE TABLE recv_stats (v dossier_stats);
CREATE FUNCTION pg_temp.recv(target text, bytes bytea, file text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', bytes, file);
    EXECUTE format('TRUNCATE %I', target);
    result := pg_temp.try(format('COPY %I FROM %L WITH (FORMAT binary)', target, file));
    IF result = 'ok' THEN
        EXECUTE format('SELECT v::text FROM %I', target) INTO result;
        RETURN 'ok: ' || CASE WHEN length(result) > 90 THEN left(result, 87) || '...' ELSE result END;
    END IF;
    RETURN result;
END $$;

-- One dossier per row for the aggregates below: received in January 2024, pending.
CREATE TABLE d (received timestamptz, due timestamptz, ended timestamptz, channel channel, procedure int);
CREATE FUNCTION pg_temp.stats_of(sql text) RETURNS dossier_stats LANGUAGE plpgsql AS $$
DECLARE
    result dossier_stats;
BEGIN
    EXECUTE format($q$SELECT dossier_stats(received, due, ended, NULL, 0::smallint, '{}', channel, procedure,
                   false, false, false, false, false, false, false, false, NULL, NULL, NULL,
                   tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'))
                   FROM (%s) x (received, due, ended, channel, procedure)$q$, sql)
      INTO result;
    RETURN result;
END $$;

--
-- 1. A user-defined aggregate over dossier_stats_trans starting from a crafted state.
--    The kind must match (never an Assert), and counters must have room to count.
--
SELECT pg_temp.ds('pending_at_start=1 pending_within_deadline=1', 'part') AS part_text,
       pg_temp.ds('received=1 pending_within_deadline=1 received_direct=1') AS window_text,
       pg_temp.ds('received=4611686018427387904 pending_at_start=4611686018427387903 pending_within_deadline=9223372036854775807 received_direct=4611686018427387904') AS full_text,
       pg_temp.ds('received=1 ended_on_time=1 resolved=1 received_direct=1 processing_seconds=9223372036854775807') AS seconds_text
\gset
CREATE AGGREGATE pg_temp.from_part(timestamptz, timestamptz, timestamptz, end_status, smallint, tstzmultirange,
    channel, int, bool, bool, bool, bool, bool, bool, bool, bool, payment_channel, bigint, citizen_rating, tstzrange) (
    SFUNC = govindex.dossier_stats_trans, STYPE = govindex.dossier_stats, INITCOND = :'part_text');
CREATE AGGREGATE pg_temp.part_from_window(timestamptz, timestamptz, timestamptz, end_status, smallint, tstzmultirange,
    channel, int, bool, bool, bool, bool, bool, bool, bool, bool, payment_channel, bigint, citizen_rating, tstzrange, text) (
    SFUNC = govindex.dossier_stats_part_trans, STYPE = govindex.dossier_stats, INITCOND = :'window_text');
CREATE AGGREGATE pg_temp.from_full(timestamptz, timestamptz, timestamptz, end_status, smallint, tstzmultirange,
    channel, int, bool, bool, bool, bool, bool, bool, bool, bool, payment_channel, bigint, citizen_rating, tstzrange) (
    SFUNC = govindex.dossier_stats_trans, STYPE = govindex.dossier_stats, INITCOND = :'full_text');
CREATE AGGREGATE pg_temp.from_seconds(timestamptz, timestamptz, timestamptz, end_status, smallint, tstzmultirange,
    channel, int, bool, bool, bool, bool, bool, bool, bool, bool, payment_channel, bigint, citizen_rating, tstzrange) (
    SFUNC = govindex.dossier_stats_trans, STYPE = govindex.dossier_stats, INITCOND = :'seconds_text');
CREATE AGGREGATE pg_temp.from_window(timestamptz, timestamptz, timestamptz, end_status, smallint, tstzmultirange,
    channel, int, bool, bool, bool, bool, bool, bool, bool, bool, payment_channel, bigint, citizen_rating, tstzrange) (
    SFUNC = govindex.dossier_stats_trans, STYPE = govindex.dossier_stats, INITCOND = :'window_text');
INSERT INTO d VALUES ('2024-01-05 08:00+07', NULL, NULL, 'online', 1);
SELECT label, pg_temp.try(format($q$SELECT %s(received, due, ended, NULL, 0::smallint, '{}', channel, procedure,
        false, false, false, false, false, false, false, false, NULL, NULL, NULL,
        tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')%s) FROM d$q$, agg, extra)) AS result
  FROM (VALUES ('window aggregate from a part', 'pg_temp.from_part', ''),
               ('part aggregate from a window', 'pg_temp.part_from_window', $$, 'received'$$),
               ('processed count at bigint', 'pg_temp.from_full', ''),
               ('window aggregate from its own kind', 'pg_temp.from_window', '')
       ) v (label, agg, extra);
-- an aggregate from the window's own state adds the dossier to it
SELECT counter(pg_temp.from_window(received, due, ended, NULL, 0::smallint, '{}', channel, procedure,
        false, false, false, false, false, false, false, false, NULL, NULL, NULL,
        tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')), 'received') AS received FROM d;
-- the state's window must be the argument's
SELECT pg_temp.try($q$SELECT pg_temp.from_window(received, due, ended, NULL, 0::smallint, '{}', channel, procedure,
        false, false, false, false, false, false, false, false, NULL, NULL, NULL,
        tstzrange('2024-01-01 00:00+07', '2024-03-01 00:00+07')) FROM d$q$) AS other_window;
-- a counter past bigint: processing seconds of a dossier resolved in the window
TRUNCATE d;
INSERT INTO d VALUES ('2024-01-05 08:00+07', NULL, '2024-01-06 08:00+07', 'direct', 1);
SELECT pg_temp.try($q$SELECT pg_temp.from_seconds(received, due, ended, NULL, 0::smallint, '{}', channel, procedure,
        false, false, false, false, false, false, false, false, NULL, NULL, NULL,
        tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07')) FROM d$q$) AS seconds_past_bigint;
-- the transition, combine and final functions called directly
SELECT pg_temp.try($q$SELECT dossier_stats_trans(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, tstzrange('2024-01-01', '2024-02-01'))$q$) AS trans_outside,
       pg_temp.try(format('SELECT dossier_stats_combine(%L, %L)', :'part_text', :'window_text')) AS combine_kinds,
       (SELECT dossier_stats_final(:'window_text')::text = (:'window_text')::dossier_stats::text) AS final_as_is;

--
-- 2. workcal: binary input accepts exactly what the text form can write, years 0001 to
--    9999 (a span outside them could not be dumped as text and restored).
--
SELECT workcal_send('[9999-12-24,9999-12-31) weekend={6,7} hours=07:30-11:30 off={} on={}') AS last_week \gset
SELECT label, pg_temp.recv('recv_workcal', bytes, :'binfile') AS result
  FROM (VALUES
    ('the last week the text form writes', :'last_week'::bytea),
    ('one day later, to 10000-01-01', overlay(:'last_week'::bytea placing int4send(date '9999-12-25' - date '2000-01-01') from 2 for 4)),
    ('the first week, from 0001-01-01', overlay(:'last_week'::bytea placing int4send(date '0001-01-01' - date '2000-01-01') from 2 for 4)),
    ('from 0001-12-31 BC', overlay(:'last_week'::bytea placing int4send(date '0001-12-31 BC' - date '2000-01-01') from 2 for 4)),
    ('in year 5000000', overlay(:'last_week'::bytea placing int4send(1825000000) from 2 for 4)),
    ('101 years of days', overlay(:'last_week'::bytea placing int4send(36526) from 6 for 4))
  ) v (label, bytes);
-- what recv accepts reads back from its text
SELECT pg_temp.recv('recv_workcal', overlay(:'last_week'::bytea placing int4send(date '0001-01-01' - date '2000-01-01') from 2 for 4),
                    :'binfile') AS first_week;
SELECT v::text::workcal::text = v::text AS text_round_trip FROM recv_workcal;

--
-- 3. dossier_stats: binary window bounds must be timestamps that text input accepts.
--
SELECT dossier_stats_send(empty_dossier_stats(tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'))) AS empty_january \gset
SELECT label, pg_temp.recv('recv_stats', bytes, :'binfile') AS result
  FROM (VALUES
    ('january', :'empty_january'::bytea),
    ('to the last microsecond', overlay(:'empty_january'::bytea placing int8send(9223371331199999999) from 11 for 8)),
    ('to the end of timestamptz', overlay(:'empty_january'::bytea placing int8send(9223371331200000000) from 11 for 8)),
    ('to 2^63 - 2', overlay(:'empty_january'::bytea placing int8send(9223372036854775806) from 11 for 8)),
    ('to infinity', overlay(:'empty_january'::bytea placing int8send(9223372036854775807) from 11 for 8)),
    ('from the first microsecond', overlay(:'empty_january'::bytea placing int8send(-211813488000000000) from 3 for 8)),
    ('from before the first', overlay(:'empty_january'::bytea placing int8send(-211813488000000001) from 3 for 8)),
    ('from -2^63 + 1', overlay(:'empty_january'::bytea placing int8send(-9223372036854775807) from 3 for 8))
  ) v (label, bytes);

--
-- 4. Merges check their sums: counters and received + pending_at_start stay in bigint.
--
SELECT pg_temp.ds('received=4611686018427387904 pending_at_start=4611686018427387903 ended_on_time=4611686018427387904 pending_within_deadline=4611686018427387903 resolved=4611686018427387904 received_direct=4611686018427387904') AS big,
       pg_temp.ds('received=1 ended_late=1 resolved=1 received_direct=1') AS one,
       pg_temp.ds('received=9223372036854775807 ended_on_time=9223372036854775807 resolved=9223372036854775807 received_direct=9223372036854775807') AS max
\gset
SELECT label, pg_temp.try(sql) AS result
  FROM (VALUES
    ('+: received + pending_at_start past bigint', format('SELECT %L::dossier_stats + %L::dossier_stats', :'big', :'one')),
    ('rollup: the same', format('SELECT rollup(s) FROM (VALUES (%L::dossier_stats), (%L::dossier_stats)) v (s)', :'big', :'one')),
    ('combine: the same', format('SELECT dossier_stats_combine(%L, %L)', :'big', :'one')),
    ('+: received past bigint', format('SELECT %L::dossier_stats + %L::dossier_stats', :'max', :'one')),
    ('+ within bigint', format('SELECT %L::dossier_stats + %L::dossier_stats', :'one', :'one'))
  ) v (label, sql);
-- parts merge across days; their processed count is pending_at_start alone
SELECT pg_temp.try(format('SELECT %L::dossier_stats + %L::dossier_stats',
           pg_temp.ds('pending_at_start=9223372036854775807 pending_within_deadline=9223372036854775807', 'part'),
           pg_temp.ds('pending_at_start=1 pending_within_deadline=1', 'part'))) AS parts_past_bigint;
-- rate and score_total merges were already checked (rate.sql, composite.sql); at the limit:
SELECT pg_temp.try($$SELECT '9223372036854775806/9223372036854775806'::rate + '1/1'::rate$$) AS rate_at_limit,
       pg_temp.try($$SELECT sum(r) FROM (VALUES ('9223372036854775807/9223372036854775807'::rate), ('0/1')) v (r)$$) AS rate_past,
       pg_temp.try($$SELECT '0/922337203685477.5807'::score_total + '0/0.0001'::score_total$$) AS score_past;

--
-- 5. dossier_stats text: every malformed value is 22P02 saying where, tstzrange's own
--    errors included; every counter and set must be listed, once.
--
SELECT label, pg_temp.try(format('SELECT %L::dossier_stats', input)) AS result
  FROM (VALUES
    ('month 13', pg_temp.ds('', 'window', '["2024-13-01","2024-02-01")')),
    ('not a timestamp', pg_temp.ds('', 'window', '["x","y")')),
    ('reversed bounds', pg_temp.ds('', 'window', '["2024-02-01","2024-01-01")')),
    ('year 300000', pg_temp.ds('', 'window', '["2024-01-01","300000-01-01")')),
    ('not a range', pg_temp.ds('', 'window', '2024-01-01)')),
    ('bad time zone', pg_temp.ds('', 'window', '["2024-01-01 00:00 Mars/Olympus","2024-02-01")')),
    ('missing counter', replace(pg_temp.ds(''), ' likes=0', '')),
    ('missing set', replace(pg_temp.ds(''), ' fee_data_procedures={}', '')),
    ('counter twice', pg_temp.ds('') || ' likes=0'),
    ('set twice', pg_temp.ds('') || ' online_procedures={}'),
    ('long unknown name', pg_temp.ds('') || ' ' || repeat('x', 500) || '=1'),
    ('ids not ascending', pg_temp.ds('received=3 pending_no_due=3 received_online=3 online_procedures={1,5,5}')),
    ('trailing comma', pg_temp.ds('received=1 pending_no_due=1 received_online=1 online_procedures={1,}')),
    ('negative ids', pg_temp.ds('received=2 pending_no_due=2 received_online=2 online_procedures={-2147483648,-2147483647}')),
    ('id below int', pg_temp.ds('received=1 pending_no_due=1 received_online=1 online_procedures={-2147483649}')),
    ('ended past bigint', pg_temp.ds('ended_on_time=9223372036854775807 ended_late=9223372036854775807')),
    ('all listed', pg_temp.ds(''))
  ) v (label, input);
-- what out writes reads back, in any DateStyle
SET DateStyle = 'SQL, DMY';
SELECT pg_temp.ds('')::dossier_stats::text::dossier_stats::text = pg_temp.ds('')::dossier_stats::text AS reads_back_sql_dmy;
RESET DateStyle;

--
-- 6. One limit for a procedure set, checked the same way when building, adding,
--    merging and reading: its lowest and highest ids less than 2^24 apart.
--
TRUNCATE d;
INSERT INTO d VALUES ('2024-01-05 08:00+07', NULL, NULL, 'online', 0),
                     ('2024-01-06 08:00+07', NULL, NULL, 'online', 13500000),
                     ('2024-01-07 08:00+07', NULL, NULL, 'online', 13501280);
SELECT procedure_ids(pg_temp.stats_of('SELECT * FROM d ORDER BY received'), 'online') AS added_in_order,
       procedure_ids(pg_temp.stats_of('SELECT * FROM d ORDER BY received DESC'), 'online') AS added_in_reverse,
       procedure_ids(pg_temp.ds('received=3 pending_no_due=3 received_online=3 online_procedures={0,13500000,13501280}')::dossier_stats,
                     'online') AS read_as_text;
SELECT label, pg_temp.try(sql) AS result
  FROM (VALUES
    ('added: 0 and 2^24 - 1', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''2024-01-05'', NULL::timestamptz, NULL::timestamptz, ''online''::channel, 0), (''2024-01-06'', NULL, NULL, ''online'', 16777215)')$$),
    ('added: 0 and 2^24', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''2024-01-05'', NULL::timestamptz, NULL::timestamptz, ''online''::channel, 0), (''2024-01-06'', NULL, NULL, ''online'', 16777216)')$$),
    ('added: 2^24 - 1 then 0', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''2024-01-05'', NULL::timestamptz, NULL::timestamptz, ''online''::channel, 16777215), (''2024-01-06'', NULL, NULL, ''online'', 0)')$$),
    ('added: 2^31 - 1 and below', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''2024-01-05'', NULL::timestamptz, NULL::timestamptz, ''online''::channel, 2147483647), (''2024-01-06'', NULL, NULL, ''online'', 2130706433)')$$),
    ('added: -2^31 and above', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''2024-01-05'', NULL::timestamptz, NULL::timestamptz, ''online''::channel, -2147483648), (''2024-01-06'', NULL, NULL, ''online'', -2130706433)')$$),
    ('text: 63 and 2^24 + 62', format('SELECT %L::dossier_stats', pg_temp.ds('received=2 pending_no_due=2 received_online=2 online_procedures={63,16777278}'))),
    ('text: 63 and 2^24 + 63', format('SELECT %L::dossier_stats', pg_temp.ds('received=2 pending_no_due=2 received_online=2 online_procedures={63,16777279}'))),
    ('merged: 0 and 2^24 - 1', format('SELECT %L::dossier_stats + %L::dossier_stats',
        pg_temp.ds('received=1 pending_no_due=1 received_online=1 online_procedures={0}'),
        pg_temp.ds('received=1 pending_no_due=1 received_online=1 online_procedures={16777215}'))),
    ('merged: 0 and 2^24', format('SELECT %L::dossier_stats + %L::dossier_stats',
        pg_temp.ds('received=1 pending_no_due=1 received_online=1 online_procedures={0}'),
        pg_temp.ds('received=1 pending_no_due=1 received_online=1 online_procedures={16777216}')))
  ) v (label, sql);
-- a state built up to the limit in any order merges and reads back
SELECT procedure_count(a + b, 'online') AS n, (a + b)::text::dossier_stats::text = (a + b)::text AS reads_back
  FROM (SELECT pg_temp.stats_of('SELECT * FROM d ORDER BY received') AS a,
               pg_temp.stats_of($$VALUES (timestamptz '2024-01-05', NULL::timestamptz, NULL::timestamptz, 'online'::channel, 16777215)$$) AS b) x;
-- binary: at the limit reads back, past it is refused
SELECT dossier_stats_send(pg_temp.ds('received=2 pending_no_due=2 received_online=2 online_procedures={63,16777278}')::dossier_stats)
       AS at_limit \gset
SELECT pg_temp.recv('recv_stats', :'at_limit'::bytea, :'binfile') AS binary_at_limit,
       pg_temp.recv('recv_stats', overlay(:'at_limit'::bytea placing int4send(16777279) from length(:'at_limit'::bytea) - 15 for 4),
                    :'binfile') AS binary_past_limit;

--
-- 7. Huge inputs give short messages: quoted input is cut to 100 characters.
--
SELECT label, pg_temp.message_size(sql) AS result
  FROM (VALUES
    ('rate, 1 MB', format('SELECT %L::rate', repeat('9', 1000000) || 'x')),
    ('rate, negative', format('SELECT %L::rate', '-' || repeat('9', 1000000))),
    ('score_total, 1 MB', format('SELECT %L::score_total', repeat('9', 1000000) || 'x')),
    ('workcal, 1 MB', format('SELECT %L::workcal', '[2024-01-01,2025-01-01) weekend={6,7} hours=07:30-11:30 off={' || repeat('x', 1000000))),
    ('dossier_stats, 1 MB', format('SELECT %L::dossier_stats', 'window=["2024-01-01","2024-02-01") ' || repeat('x', 1000000))),
    ('dossier_stats window, 1 MB', format('SELECT %L::dossier_stats', 'window=["' || repeat('1', 1000000) || '","2024-02-01")')),
    ('counter name, 1 MB', format('SELECT counter(empty_dossier_stats(tstzrange(''2024-01-01'', ''2024-02-01'')), %L)', repeat('x', 1000000))),
    ('metric code, 1 MB', format('SELECT metric(empty_dossier_stats(tstzrange(''2024-01-01'', ''2024-02-01'')), %L)', repeat('x', 1000000))),
    ('score_rate rule, 1 MB', format('SELECT score_rate(''1/2'', 10, ''fraction'', %L, NULL, ''zero'')', repeat('x', 1000000))),
    ('workcal(1, 9999)', 'SELECT workcal(1, 9999)'),
    ('a million weekend days', 'SELECT workcal(2024, 2024, array_fill(6, ARRAY[1000000]))')
  ) v (label, sql);
-- what they say: the builder refuses them before it writes any text
SELECT pg_temp.try('SELECT workcal(1, 9999)') AS span_too_long;
SELECT pg_temp.try($$SELECT workcal(2024, 2024, array_fill(6, ARRAY[1000000]))$$) AS weekend_day_twice;
SELECT pg_temp.try(format('SELECT %L::rate', repeat('1', 200) || '/x')) AS rate_cut;

--
-- 8. Infinite timestamps are refused at once (22008), naming the argument.
--
CREATE TEMP TABLE cal AS SELECT '[2024-01-01,2025-01-01) weekend={6,7} hours=07:30-11:30,13:00-17:00 off={} on={}'::workcal AS c;
SELECT label, pg_temp.try(sql) AS result
  FROM (VALUES
    ('add_workdays from infinity', $$SELECT add_workdays('infinity', 1, c) FROM cal$$),
    ('add_workhours from -infinity', $$SELECT add_workhours('-infinity', 1, c) FROM cal$$),
    ('workhours_between to infinity', $$SELECT workhours_between('2024-03-01', 'infinity', c) FROM cal$$),
    ('workhours_between from -infinity', $$SELECT workhours_between('-infinity', '2024-03-01', c) FROM cal$$),
    ('is_workday(infinity)', $$SELECT is_workday('infinity', c) FROM cal$$),
    ('workdays_between to infinity', $$SELECT workdays_between('2024-03-01', 'infinity', c) FROM cal$$),
    ('legal_due_at from infinity', $$SELECT legal_due_at('infinity', 3, 'working_day', '{}', c) FROM cal$$),
    ('legal_due_at, period to infinity', $$SELECT legal_due_at('2024-03-01 08:00+07', 3, 'working_day', '{["2024-03-01 09:00+07",infinity)}', c) FROM cal$$),
    ('the same, null_outside', $$SELECT legal_due_at('2024-03-01 08:00+07', 3, 'working_day', '{["2024-03-01 09:00+07",infinity)}', c, true) FROM cal$$),
    ('legal_due_at, period from -infinity', $$SELECT legal_due_at('2024-03-01 08:00+07', 3, 'working_day', '{[-infinity,"2024-03-01 09:00+07")}', c) FROM cal$$),
    ('legal_due_at, open period', $$SELECT legal_due_at('2024-03-01 08:00+07', 3, 'working_day', '{["2024-03-01 09:00+07",)}', c) FROM cal$$),
    ('dossier received at infinity', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''infinity'', NULL::timestamptz, NULL::timestamptz, ''online''::channel, 1)')$$),
    ('dossier due at infinity', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''2024-01-05'', timestamptz ''infinity'', NULL::timestamptz, ''online''::channel, 1)')$$),
    ('dossier ended at -infinity', $$SELECT pg_temp.stats_of('VALUES (timestamptz ''2024-01-05'', NULL::timestamptz, timestamptz ''-infinity'', ''online''::channel, 1)')$$)
  ) v (label, sql);
-- supplement periods: a bound at infinity is refused; one requested at 2000-01-01 00:00 UTC
-- (timestamp 0) still stops the clock
SELECT pg_temp.try($q$SELECT dossier_stats('2024-01-05', NULL, NULL, NULL, 1::smallint, '{[-infinity,)}', 'direct', 1,
        false, false, false, false, false, false, false, false, NULL, NULL, NULL, tstzrange('2024-01-01', '2024-02-01'))$q$)
       AS period_from_infinity;
SELECT counter(st, 'waiting_supplement') AS waiting, counter(st, 'pending_within_deadline') AS within,
       counter(st, 'pending_overdue') AS overdue
  FROM (SELECT dossier_stats('1999-12-30 00:00+00', '2000-01-01 12:00+00', NULL, NULL, 1::smallint,
                             '{["2000-01-01 00:00+00",)}', 'direct', 1, false, false, false, false, false, false,
                             false, false, NULL, NULL, NULL, tstzrange('1999-12-01 00:00+00', '2000-01-02 00:00+00')) AS st) x;
-- a dossier received at the first timestamptz and resolved at the last: its processing time fits
SELECT counter(st, 'processing_seconds') AS seconds, counter(st, 'resolved') AS resolved
  FROM (SELECT dossier_stats('4714-11-24 00:00:00+00 BC', NULL, '294276-12-31 23:59:59+00', 'returned', 0::smallint, '{}',
                             'direct', 1, false, false, false, false, false, false, false, false, NULL, NULL, NULL,
                             tstzrange('294276-12-01 00:00+00', '294276-12-31 23:59:59.5+00')) AS st) x;

--
-- Binary input of rate and score_total, malformed (more in rate_binary.sql, composite.sql).
--
SELECT label, pg_temp.recv(target, bytes, :'binfile') AS result
  FROM (VALUES
    ('rate 1/2', 'recv_rate', '\x0100000000000000010000000000000002'::bytea),
    ('rate, 65 bytes', 'recv_rate', '\x01'::bytea || decode(repeat('ff', 64), 'hex')),
    ('score_total 1/2', 'recv_score', '\x01000000000000271000000000000000000000000000004e200000000000000000'::bytea),
    ('score_total achieved > maximum', 'recv_score', '\x01000000000000271100000000000000000000000000002710'::bytea || '\x0000000000000000'::bytea),
    ('score_total, short', 'recv_score', '\x01000000'::bytea)
  ) v (label, target, bytes);

DROP TABLE d, recv_rate, recv_score, recv_workcal, recv_stats;
