-- rate aggregates in parallel plans: partial states, combined, equal the serial result.
SET search_path = public, govindex;

-- flag: NULL when i % 10 = 0, else i % 7 = 0.
--   non-null: 100000 - 10000 = 90000
--   true: multiples of 7 (14285) minus multiples of 70 (1428) = 12857
-- share: NULL when i % 10 = 0, else (i % 3)/2.
--   sum of i % 3 over 1..100000 = 33333 * (1 + 2 + 0) + 1 = 100000; over the multiples
--   of 10 (10k % 3 = k % 3, k = 1..10000) = 3333 * 3 + 1 = 10000; so 90000/180000.
CREATE TABLE rate_rows AS
SELECT i, i % 4 AS g,
       CASE WHEN i % 10 = 0 THEN NULL ELSE i % 7 = 0 END AS flag,
       CASE WHEN i % 10 = 0 THEN NULL ELSE rate(i % 3, 2) END AS share
FROM generate_series(1, 100000) AS i;
ANALYZE rate_rows;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF) SELECT rate_agg(flag), sum(share) FROM rate_rows;
SELECT rate_agg(flag) AS parallel_flag, sum(share) AS parallel_share FROM rate_rows \gset

-- Grouped by g = i % 4 (a column, so that the planner knows there are four groups),
-- kept in a table to compare with the serial run.
EXPLAIN (COSTS OFF)
CREATE TABLE parallel_groups AS
SELECT g, rate_agg(flag) AS flag, sum(share) AS share FROM rate_rows GROUP BY g;
CREATE TABLE parallel_groups AS
SELECT g, rate_agg(flag) AS flag, sum(share) AS share FROM rate_rows GROUP BY g;

SET max_parallel_workers_per_gather = 0;

EXPLAIN (COSTS OFF) SELECT rate_agg(flag), sum(share) FROM rate_rows;
SELECT :'parallel_flag'::rate AS parallel_flag, rate_agg(flag) AS serial_flag,
       :'parallel_flag'::rate = rate_agg(flag) AS flag_equal,
       :'parallel_share'::rate AS parallel_share, sum(share) AS serial_share,
       :'parallel_share'::rate = sum(share) AS share_equal
FROM rate_rows;

-- The same counts without the rate type.
SELECT count(*) FILTER (WHERE flag) AS true_flags, count(flag) AS non_null_flags,
       sum(numerator(share)) AS share_numerators, sum(denominator(share)) AS share_denominators
FROM rate_rows;

-- Per group, also counted without the rate type.
SELECT g, p.flag AS parallel_flag, s.flag AS serial_flag, p.share AS parallel_share,
       s.share AS serial_share, p.flag = s.flag AND p.share = s.share AS equal,
       p.flag = s.counted_flag AND p.share = s.counted_share AS equal_to_counts
FROM parallel_groups AS p
FULL JOIN (SELECT g, rate_agg(flag) AS flag, sum(share) AS share,
                  rate(count(*) FILTER (WHERE flag), count(flag)) AS counted_flag,
                  rate(sum(numerator(share))::int8, sum(denominator(share))::int8) AS counted_share
           FROM rate_rows GROUP BY g) AS s USING (g)
ORDER BY g;

-- Two steps by hand: the groups' states summed give the whole.
SELECT sum(flag) AS flag, sum(share) AS share FROM parallel_groups;

RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE parallel_groups;
DROP TABLE rate_rows;
