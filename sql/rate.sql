-- rate: an exact share numerator/denominator.
SET search_path = public, govindex;

-- Runs a query returning one value; on error returns SQLSTATE: message / detail.
CREATE FUNCTION pg_temp.try(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
    detail text;
BEGIN
    EXECUTE query INTO result;
    RETURN coalesce(result, 'NULL');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' / ' || nullif(detail, ''), '');
END
$$;

--
-- The type
--
SELECT typlen, typbyval, typalign, typstorage, obj_description(oid, 'pg_type') AS comment
FROM pg_type WHERE oid = 'rate'::regtype;

--
-- Text input and output
--
-- Round trips; leading zeros and surrounding whitespace are accepted, the output is canonical.
SELECT input, input::rate AS rate, input::rate::text::rate = input::rate AS round_trip
FROM (VALUES ('967020/1925307'), ('0/0'), ('0/1'), ('1/1'), ('  7/10  '), ('007/0010'),
             ('0/9223372036854775807'),
             ('9223372036854775807/9223372036854775807')) AS v(input);
SELECT E'\t1/2\n'::rate AS tab_and_newline;

-- Malformed input: SQLSTATE, message and detail.
SELECT input, pg_temp.try(format('SELECT %L::rate', input)) AS result
FROM (VALUES ('1/'), ('/2'), ('abc'), ('1/2x'), ('1/2 x'), (''), ('   '), ('1'), ('1 /2'),
             ('1/ 2'), ('+1/2'), ('1/+2'), ('1//2'), ('1/2/3'), ('1.5/2'), ('-/2'),
             ('-1/2'), ('1/-2'), ('-1/-2'),
             ('3/2'), ('5/0'),
             ('99999999999999999999/1'), ('1/99999999999999999999'),
             ('9223372036854775808/9223372036854775808'),
             ('99999999999999999999/x')) AS v(input);

-- The same errors as psql shows them, with position and hint.
SELECT '1/'::rate;
SELECT '1/2x'::rate;
SELECT '-1/2'::rate;
SELECT '3/2'::rate;
SELECT '1/99999999999999999999'::rate;

--
-- Construction and accessors
--
SELECT rate(967020, 1925307), rate(0, 0), rate(5, 5);
SELECT args, pg_temp.try(format('SELECT rate(%s)', args)) AS result
FROM (VALUES ('-1, 2'), ('1, -2'), ('-2, -1'), ('3, 2'), ('5, 0')) AS v(args);
SELECT rate(3, 2);

SELECT r, numerator(r), denominator(r), ratio(r)
FROM (VALUES ('1/4'::rate), ('0/0'), ('0/5'), ('5/5'), ('1/3')) AS v(r);

--
-- percent(rate, digits): 100.0 * n / d in double, rounded half up on the exact
-- binary value of that double, as the portal's JavaScript toFixed does.
--
-- Figures from provincial reports that agree with the portal's rounding.
SELECT n, d, percent(rate(n, d)), published, percent(rate(n, d)) = published AS ok
FROM (VALUES (967020, 1925307, 50.23), (108237, 275131, 39.34), (166894, 275131, 60.66),
             (32044, 32356, 99.04), (4053, 6158, 65.82), (756, 1890, 40.00)) AS v(n, d, published);
-- One report prints 1586/1890 (83.915343...%) as 83.91 and 830/1890 (43.915343...%) as
-- 43.91, truncated, and 304/1890 (16.084656...%) as 16.09 = 100 - 83.91.  That is not
-- the portal's rule: rounding half up gives 83.92, 43.92 and 16.08.
SELECT n, d, percent(rate(n, d)), percent(rate(n, d), 6) AS six_digits, in_report
FROM (VALUES (1586, 1890, 83.91), (830, 1890, 43.91), (304, 1890, 16.09)) AS v(n, d, in_report);
-- 201/20000: 100 * 201 / 20000 is the double 1.00499999999999989..., so 1.00, not 1.01.
-- 1/800: 0.125 is exact in binary, a true tie, rounded up to 0.13.
-- 100/3 is the double 33.33333333333333570..., so 15 digits end in ...336.
SELECT percent(rate(201, 20000)) AS "201/20000",
       percent(rate(1, 8)) AS "1/8",
       percent(rate(1, 800)) AS "1/800",
       percent(rate(2, 3), 0) AS "2/3, 0",
       percent(rate(1, 3), 4) AS "1/3, 4",
       percent(rate(1, 3), 15) AS "1/3, 15";
-- Exact ties with no decimals: 0.5 -> 1, 1.5 -> 2, 0.25 -> 0.
SELECT percent(rate(1, 200), 0) AS "0.5", percent(rate(3, 200), 0) AS "1.5",
       percent(rate(1, 400), 0) AS "0.25", percent(rate(1, 400), 1) AS "0.25, 1";
-- Whole numbers keep their decimals; the empty rate has no percent.
SELECT percent('1/1') AS "1/1", percent('0/5') AS "0/5", percent('0/0') AS "0/0",
       percent('3/4', 0) AS "3/4, 0";
-- At the edges of int8: tiny percents round to 0; beyond 2^53 the parts become
-- doubles first, so 9223372036854775806/9223372036854775807 is 100.00.
SELECT percent(rate(1, 9223372036854775807), 15) AS tiny,
       percent(rate(9223372036854775806, 9223372036854775807)) AS almost_all;
SELECT digits, pg_temp.try(format('SELECT percent(''1/3'', %s)', digits)) AS result
FROM (VALUES (-1), (16), (20)) AS v(digits);
SELECT percent('1/3', NULL) AS null_digits;

--
-- Casts (explicit only)
--
SELECT r, r::float8 AS float8, r::numeric AS numeric
FROM (VALUES ('1/4'::rate), ('1/3'), ('756/1890'), ('0/7'), ('0/0')) AS v(r);
SELECT '1/4'::rate = 0.25;
SELECT casttarget::regtype, castcontext, castmethod FROM pg_cast
WHERE castsource = 'rate'::regtype ORDER BY casttarget::regtype::text;

--
-- Addition: part by part; never modifies its inputs; overflow is an error.
--
SELECT '1/2'::rate + '3/4' AS "1/2 + 3/4", '0/0'::rate + '1/3' AS "0/0 + 1/3",
       '9223372036854775807/9223372036854775807'::rate + '0/0' AS "max + 0/0";
SELECT r + r AS doubled, r AS unchanged FROM (VALUES ('1/2'::rate)) AS v(r);
SELECT pg_temp.try('SELECT ''9223372036854775807/9223372036854775807''::rate + ''1/1''');
SELECT pg_temp.try('SELECT ''1/9223372036854775807''::rate + ''1/1''');
SELECT '9223372036854775807/9223372036854775807'::rate + '1/1';
-- Called outside an aggregate, the combine function returns a copy too.
SELECT r AS before, rate_combine(r, '1/3') AS combined, r AS after
FROM (VALUES ('1/2'::rate)) AS v(r);
SELECT s AS before, rate_agg_transfn(s, true) AS counted, s AS after
FROM (VALUES ('1/2'::rate)) AS v(s);

--
-- Comparison: by value, equal values by denominator, 0/0 before everything.
--
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       rate_cmp(a, b) AS cmp
FROM (VALUES ('1/2'::rate, '2/4'::rate), ('1/2', '1/2'), ('1/3', '1/2'), ('0/0', '0/1'),
             ('0/0', '0/0'), ('0/1', '0/2'), ('1/1', '2/2'), ('2/3', '0/0'),
             -- 1 - 1/9223372036854775807 > 1 - 1/9223372036854775806; equal as doubles
             ('9223372036854775806/9223372036854775807',
              '9223372036854775805/9223372036854775806')) AS v(a, b);

CREATE TABLE rates (id int, r rate);
INSERT INTO rates VALUES (1, '1/2'), (2, '0/0'), (3, '2/4'), (4, '1/3'), (5, '0/5'),
    (6, '0/1'), (7, '1/1'), (8, '3/3'), (9, '2/3'), (10, '1/2'), (11, NULL), (12, '0/0');
SELECT id, r FROM rates ORDER BY r, id;
SELECT id, r FROM rates ORDER BY r DESC, id;

-- The btree operator class serves an index.
CREATE INDEX rates_r ON rates (r);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT r FROM rates WHERE r >= '1/2' ORDER BY r;
SELECT r FROM rates WHERE r >= '1/2' ORDER BY r;
SELECT r FROM rates WHERE r = '1/2';
RESET enable_seqscan;

-- The hash operator class: DISTINCT and GROUP BY by hashing; 1/2 and 2/4 stay apart.
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT DISTINCT r FROM rates;
SELECT count(*) AS distinct_rates FROM (SELECT DISTINCT r FROM rates) AS s;
EXPLAIN (COSTS OFF) SELECT r, count(*) FROM rates GROUP BY r;
SELECT string_agg(format('%s x%s', coalesce(r::text, 'NULL'), n), ', ' ORDER BY r) AS groups
FROM (SELECT r, count(*) AS n FROM rates GROUP BY r) AS s;
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT a.id, b.id FROM rates a JOIN rates b ON a.r = b.r;
SELECT a.id, b.id FROM rates a JOIN rates b ON a.r = b.r WHERE a.id < b.id ORDER BY 1, 2;
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT rate_hash('1/2') = rate_hash(rate(1, 2)) AS same_hash,
       rate_hash_extended('1/2', 7) = rate_hash_extended(rate(1, 2), 7) AS same_extended_hash,
       rate_hash_extended('1/2', 0) <> rate_hash_extended('1/2', 7) AS seed_matters;

--
-- Aggregates
--
CREATE TABLE answers (unit text, ok boolean);
INSERT INTO answers VALUES ('a', true), ('a', false), ('a', NULL), ('a', true),
    ('b', false), ('b', NULL), ('c', NULL), ('d', true);
-- rate_agg: count of true / count of non-null; a = 2/3, b = 0/1, c (only NULL) = 0/0, d = 1/1.
SELECT unit, rate_agg(ok), percent(rate_agg(ok)) FROM answers GROUP BY unit ORDER BY unit;
SELECT rate_agg(ok) AS "all" FROM answers;
SELECT rate_agg(ok) AS "all null" FROM answers WHERE unit = 'c';
SELECT rate_agg(ok) AS "empty" FROM answers WHERE false;
SELECT rate_agg(ok) FILTER (WHERE unit <> 'a') AS "not a" FROM answers;
-- Two steps: summing the units' rates gives the whole's rate exactly (3/5).
SELECT sum(r) AS rolled_up FROM (SELECT rate_agg(ok) AS r FROM answers GROUP BY unit) AS s;

-- sum(rate): NULLs ignored; all-NULL and empty input give 0/0.
SELECT sum(r) FROM (VALUES ('1/2'::rate), (NULL), ('3/4')) AS v(r);
SELECT sum(r) AS "all null" FROM (VALUES (NULL::rate), (NULL)) AS v(r);
SELECT sum(r) AS "empty" FROM rates WHERE false;
SELECT sum(r) AS "all rates" FROM rates;
-- A constant argument is read, not changed: three times 1/2.
SELECT sum('1/2'::rate) FROM generate_series(1, 3);
SELECT pg_temp.try('SELECT sum(r) FROM (VALUES (''9223372036854775807/9223372036854775807''::rate), (''1/1'')) AS v(r)');
-- As window aggregates: running and sliding sums; the rows' own values are untouched.
SELECT i, r,
       sum(r) OVER (ORDER BY i) AS running,
       sum(r) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS last_two,
       rate_agg(i % 2 = 0) OVER (ORDER BY i) AS even_so_far
FROM (VALUES (1, '1/2'::rate), (2, '0/1'), (3, NULL), (4, '2/2'), (5, '1/4')) AS v(i, r);

--
-- Catalogue: every function on rate is immutable, parallel safe and commented, and
-- strict except the aggregates (listed first).
--
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p
WHERE p.pronamespace = 'govindex'::regnamespace
  AND (p.prorettype = 'rate'::regtype OR 'rate'::regtype = ANY (p.proargtypes))
  AND p.proname ~ '^(rate|rate_.*|numerator|denominator|ratio|percent|sum)$'  -- the rate concern's own
ORDER BY p.prokind, p.oid::regprocedure::text;
