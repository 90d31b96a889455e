-- score_total: points achieved out of a maximum, exact to 4 decimals (ten-thousandths
-- of a point), with deductions and weights.  Text and binary forms, accessors,
-- aggregates (NULLs, empty input, capping, weights, errors), parallel plans.
SET search_path = public, govindex;

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

--
-- Text form: achieved/maximum, then deducted=D and weight=W when not 0; trailing zeros
-- are not kept.  achieved() subtracts the deductions, never below 0.
--
SELECT v AS input, v::score_total AS value, achieved(v::score_total), deducted(v::score_total),
       maximum(v::score_total), weight(v::score_total), score_percent(v::score_total) AS percent
  FROM (VALUES ('85.41/100'), ('0/0'), ('  3.5/7  '), ('1.2300/4.5000'), ('90/100 deducted=2.5'),
               ('10/10 deducted=12'), ('6.5923/10 weight=1'), ('5/10  deducted=1  weight=0.5'),
               ('922337203685477.5807/922337203685477.5807')) t (v);

-- Malformed text: where, and what was expected; negative parts and achieved points
-- above the maximum are out of range (22003), syntax is 22P02.
SELECT input, pg_temp.try(format('SELECT %L::score_total', input)) AS result
  FROM (VALUES (''), ('85.41'), ('85.41/'), ('/100'), ('85.41 /100'), ('1./2'), ('.5/1'), ('1/2x'),
               ('1.23456/2'), ('1/2 deducted='), ('1/2 foo=1'), ('1/2 weight=1 deducted=1'),
               ('1/2 deducted=1 deducted=1'), ('điểm/10'),
               ('-1/100'), ('1/-100'), ('1/2 deducted=-1'), ('101/100'),
               ('922337203685477.5808/922337203685477.5808')) t (input);
\set VERBOSITY default
SELECT '101/100'::score_total;
SELECT '1/2 deducted'::score_total;
\set VERBOSITY terse

--
-- Building one: make_score_total() takes its parts as numerics, rounded half up to 4
-- decimals, and checks them.  + adds field by field.
--
SELECT make_score_total(87.5, 100) AS plain, make_score_total(1.23456, 2) AS rounded,
       make_score_total(1.23455, 2) AS rounded_up, make_score_total(1.234549, 2) AS rounded_down,
       make_score_total(0, 0, deducted => 2.5) AS deduction, make_score_total(3, 10, 0, 0.25) AS weighted;
SELECT pg_temp.try('SELECT make_score_total(3, 2)') AS above_maximum,
       pg_temp.try('SELECT make_score_total(-0.5, 2)') AS negative,
       pg_temp.try($$SELECT make_score_total('NaN', 2)$$) AS nan,
       pg_temp.try($$SELECT make_score_total(1, 'Infinity')$$) AS infinite,
       pg_temp.try('SELECT make_score_total(1, 1e15)') AS too_large;
SELECT '3/4'::score_total + '5/6 deducted=1' AS sum,
       '922337203685477.5807/922337203685477.5807'::score_total + '0/0 weight=1' AS near_the_limit;
SELECT pg_temp.try($$SELECT '922337203685477.5807/922337203685477.5807'::score_total + '0.0001/0.0001'$$) AS overflow;

--
-- Percent, value on a scale, weighted mean: exact, rounded half up; NULL when there is
-- nothing to divide by.
--
SELECT score_percent('1/3') AS "1/3", score_percent('2/3') AS "2/3", score_percent('1/8', 0) AS "1/8, 0",
       score_percent('1/8', 1) AS "1/8, 1", score_percent('1/3', 15) AS "1/3, 15",
       score_percent('0.0001/922337203685477.5807', 15) AS tiny,
       score_percent('0/0') AS "0/0", score_percent('5/10 deducted=6') AS "all deducted";
SELECT score_value('1/3', 1000) AS dti, score_value('2/3', 1000, 0) AS "2/3 of 1000",
       score_value('87.64/100', 100) AS par, score_value('6.5923/10 weight=1', 100) AS pci,
       score_value('0/0', 100) AS empty;
SELECT weighted_mean('6.5923/10 weight=1') AS "6.5923 / 1", weighted_mean('1/3 weight=3', 4) AS "1 / 3",
       weighted_mean('85.41/100') AS unweighted;
SELECT pg_temp.try($$SELECT score_percent('1/3', 16)$$) AS digits_16,
       pg_temp.try($$SELECT score_percent('1/3', -1)$$) AS digits_minus_1,
       pg_temp.try($$SELECT score_value('1/3', -100)$$) AS negative_scale,
       pg_temp.try($$SELECT score_value('1/1', 922337203685477.5807, 15)$$) AS huge_value;

--
-- Aggregates.  score_total(achieved, maximum): each row adds min(achieved, maximum) and
-- maximum; rows with a NULL are skipped; no rows give 0/0.
--   (3, 4) + (5 capped to 4, 4) + (2.5, 10) = 9.5/18; (NULL, 3) and (2.5, NULL) skipped
--
SELECT score_total(a, m), score_percent(score_total(a, m))
  FROM (VALUES (3, 4), (5, 4), (NULL, 3), (2.5, NULL), (2.5, 10)) v (a, m);
SELECT score_total(a, m) AS no_rows, score_percent(score_total(a, m)) AS no_percent
  FROM (VALUES (1, 1)) v (a, m) WHERE false;
-- sum(score_total) merges states, deductions and weights included.
SELECT sum(s) FROM (VALUES ('1/2'::score_total), (NULL), ('3/4 deducted=1'), ('0.5/1 weight=0.25')) v (s);
SELECT sum(s) AS no_rows FROM (VALUES ('1/2'::score_total)) v (s) WHERE false;
-- weighted_score(value, maximum, weight): PCI-style; each row adds weight × min(value,
-- maximum), weight × maximum and weight, rounded half up to 4 decimals.
--   0.05 × 6.37 + 0.2 × 7.5 + 0.75 × 5 = 0.3185 + 1.5 + 3.75 = 5.5685 of 10 → 55.69%, mean 5.57
SELECT weighted_score(v, 10, w) AS state, score_percent(weighted_score(v, 10, w)) AS percent,
       weighted_mean(weighted_score(v, 10, w)) AS mean
  FROM (VALUES (6.37, 0.05), (7.5, 0.2), (5, 0.75), (NULL, 1)) x (v, w);
--   12 capped to 10, × 0.5; 1.23456 → 1.2346, × 0.333 = 0.41112... → 0.4111 of 3.33
SELECT weighted_score(12, 10, 0.5) AS capped, weighted_score(1.23456, 10, 0.333) AS rounded;
-- Bad rows name their values.
SELECT pg_temp.try('SELECT score_total(a, m) FROM (VALUES (1, 2), (-1, 10)) v (a, m)') AS negative_achieved,
       pg_temp.try('SELECT score_total(a, m) FROM (VALUES (1, -10)) v (a, m)') AS negative_maximum;
SELECT pg_temp.try('SELECT weighted_score(1, 10, -0.5)') AS negative_weight,
       pg_temp.try($$SELECT score_total('NaN', 10)$$) AS nan,
       pg_temp.try('SELECT score_total(1e15, 1e15)') AS too_large,
       pg_temp.try('SELECT score_total(a, a) FROM (VALUES (922337203685477), (1)) v (a)') AS sum_overflows;
-- Outside an aggregate, a transition function returns a new value and leaves its
-- argument alone.
SELECT s AS before, score_total_transfn(s, 1, 1) AS after_one_row, s AS argument_unchanged,
       score_total_combine(s, s) AS combined
  FROM (SELECT '1/2'::score_total AS s) v;

--
-- Parallel plans: partial states, combined, equal the serial result.
--   achieved i % 5 out of 3 (capped: 0, 1, 2, 3, 3 → 9 per 5 rows), NULL when i % 10 = 0:
--     achieved 20000 × 9 = 180000 (the NULL rows have i % 5 = 0), maximum 90000 × 3 = 270000
--   weighted: value i % 5 out of 4, weight 0.5 for even i and 1.5 for odd i; per 10 rows
--     (i % 10 = 1..9, 0) 1.5 + 1 + 4.5 + 2 + 0 + 0.5 + 3 + 1.5 + 6 + 0 = 20 → 200000,
--     weight 10 per 10 rows → 100000, maximum 4 × 100000 = 400000
--
CREATE TABLE score_rows AS
SELECT i, i % 4 AS g,
       CASE WHEN i % 10 = 0 THEN NULL ELSE (i % 5)::numeric END AS achieved,
       (i % 5)::numeric AS value,
       CASE WHEN i % 2 = 0 THEN 0.5 ELSE 1.5 END AS weight
  FROM generate_series(1, 100000) AS i;
ANALYZE score_rows;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT score_total(achieved, 3), weighted_score(value, 4, weight), sum(make_score_total(0, 1, 0.5)) FROM score_rows;
SELECT score_total(achieved, 3) AS parallel_plain, weighted_score(value, 4, weight) AS parallel_weighted,
       sum(make_score_total(0, 1, 0.5)) AS parallel_sum
  FROM score_rows \gset
EXPLAIN (COSTS OFF)
CREATE TABLE parallel_groups AS
SELECT g, score_total(achieved, 3) AS plain, weighted_score(value, 4, weight) AS weighted FROM score_rows GROUP BY g;
CREATE TABLE parallel_groups AS
SELECT g, score_total(achieved, 3) AS plain, weighted_score(value, 4, weight) AS weighted FROM score_rows GROUP BY g;

SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
SELECT score_total(achieved, 3), weighted_score(value, 4, weight) FROM score_rows;
SELECT :'parallel_plain' AS parallel_plain, score_total(achieved, 3)::text AS serial_plain,
       :'parallel_weighted' AS parallel_weighted, weighted_score(value, 4, weight)::text AS serial_weighted,
       :'parallel_sum' AS parallel_sum, sum(make_score_total(0, 1, 0.5))::text AS serial_sum,
       score_percent(score_total(achieved, 3)) AS percent,
       weighted_mean(weighted_score(value, 4, weight)) AS mean
  FROM score_rows;
-- Per group, and the groups' states summed give the whole.
SELECT g, p.plain::text = s.plain::text AND p.weighted::text = s.weighted::text AS equal, p.plain, p.weighted
  FROM parallel_groups p
  JOIN (SELECT g, score_total(achieved, 3) AS plain, weighted_score(value, 4, weight) AS weighted
          FROM score_rows GROUP BY g) s USING (g)
 ORDER BY g;
SELECT sum(plain) AS plain, sum(weighted) AS weighted FROM parallel_groups;

RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE parallel_groups, score_rows;

--
-- Binary form: version byte 1, then achieved, deducted, maximum and weight in
-- ten-thousandths as big-endian int8.  85.41 = 854100 = 0x0d0854, 100 = 0x0f4240.
--
SELECT score_total_send('85.41/100') AS "85.41/100",
       score_total_send('1/2 deducted=0.5 weight=3') AS "1/2 deducted=0.5 weight=3";

SELECT '/tmp/govindex_score_total_' || pg_backend_pid() || '_round_trip.bin' AS round_trip_file,
       '/tmp/govindex_score_total_' || pg_backend_pid() || '_payload.bin' AS payload_file \gset
CREATE TABLE score_source (id int, s score_total);
INSERT INTO score_source VALUES (1, '0/0'), (2, '85.41/100'), (3, NULL), (4, '90/100 deducted=2.5'),
    (5, '6.5923/10 weight=1'), (6, '922337203685477.5807/922337203685477.5807 deducted=922337203685477.5807 weight=922337203685477.5807');
COPY score_source TO :'round_trip_file' WITH (FORMAT binary);
CREATE TABLE score_copy (id int, s score_total);
COPY score_copy FROM :'round_trip_file' WITH (FORMAT binary);
SELECT id, c.s AS received, s.s::text IS NOT DISTINCT FROM c.s::text AS same
  FROM score_source s FULL JOIN score_copy c USING (id) ORDER BY id;

-- Malformed binary input, fed to score_total_recv through binary COPY.
CREATE TABLE payloads (id int, what text, b bytea);
INSERT INTO payloads VALUES
    (1, 'valid 85.41/100', '\x0100000000000d0854000000000000000000000000000f42400000000000000000'),
    (2, 'version 2', '\x0200000000000d0854000000000000000000000000000f42400000000000000000'),
    (3, 'empty', '\x'),
    (4, 'version byte only', '\x01'),
    (5, 'short by one byte', '\x0100000000000d0854000000000000000000000000000f424000000000000000'),
    (6, 'one trailing byte', '\x0100000000000d0854000000000000000000000000000f4240000000000000000000'),
    (7, 'achieved -0.0001 (all bits set)', '\x01ffffffffffffffff000000000000000000000000000f42400000000000000000'),
    (8, 'achieved above maximum (101/100)', '\x0100000000000f6950000000000000000000000000000f42400000000000000000'),
    (9, 'weight -0.0001', '\x0100000000000d0854000000000000000000000000000f4240ffffffffffffffff');
CREATE TABLE score_target (s score_total);
CREATE FUNCTION pg_temp.receive(payload_id int, path text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('COPY (SELECT b FROM payloads WHERE id = %s) TO %L WITH (FORMAT binary)', payload_id, path);
    DELETE FROM score_target;
    result := pg_temp.try(format('COPY score_target FROM %L WITH (FORMAT binary)', path));
    IF result = 'ok' THEN
        SELECT s::text INTO STRICT result FROM score_target;
    END IF;
    RETURN result;
END $$;
SELECT id, what, pg_temp.receive(id, :'payload_file') AS result FROM payloads ORDER BY id;

DROP TABLE score_target, payloads, score_copy, score_source;
