-- portal_scores: the national portal's published Index 766 scores (Phú Thọ, H44, and
-- its 163 units, month 8 of 2026; test/fixtures/portal/README.md) reproduced from
-- their numerators and denominators with the methodology portal-2026.  Only counts
-- and mismatches are printed: every query that lists rows should list none.
SET search_path = public, govindex;

CREATE TEMP TABLE portal_metrics (
    grp text, period text, scope text, unit_code text, unit_name text, unit_type text,
    unit_level text, metric_code text, numerator int8, denominator int8, ratio numeric,
    score numeric, max_score numeric);
\copy portal_metrics FROM 'test/fixtures/portal/metrics.csv' WITH (FORMAT csv, HEADER)

CREATE TEMP TABLE portal_totals (
    grp text, period text, scope text, unit_code text, unit_name text, unit_type text,
    unit_level text, total_score numeric, total_max_score numeric, ratio numeric);
\copy portal_totals FROM 'test/fixtures/portal/unit_totals.csv' WITH (FORMAT csv, HEADER)

-- One JSON document a line, without tabs or backslashes: the text format reads each
-- line whole into the jsonb column.
CREATE TEMP TABLE portal_raw (doc jsonb);
\copy portal_raw FROM 'test/fixtures/portal/raw_params.jsonl'

CREATE TEMP TABLE portal_units (
    unit_code text PRIMARY KEY, department_id uuid, department_name text,
    department_type text, department_level text, agency_level text);
\copy portal_units FROM 'test/fixtures/portal/units.csv' WITH (FORMAT csv, HEADER)

SELECT (SELECT count(*) FROM portal_metrics) AS metric_rows,
       (SELECT count(*) FROM portal_totals) AS unit_total_rows,
       (SELECT count(*) FROM portal_raw) AS raw_param_rows,
       (SELECT count(*) FROM portal_units) AS units,
       (SELECT count(DISTINCT unit_code) FROM portal_metrics
         WHERE unit_code IN (SELECT unit_code FROM portal_units)) AS units_scored;

-- The portal's API groups and our group codes; the three tree-shaped groups carry
-- no metric codes, and the fixture names their one row per unit.
CREATE TEMP TABLE portal_groups (grp text PRIMARY KEY, group_code text, tree_code text);
INSERT INTO portal_groups VALUES
    ('transparency',                  'CKMB', NULL),
    ('dvc-progress-tree',             'TDGQ', NULL),
    ('provide-online-tree',           'CLGQ', 'PROVIDE_ONLINE_TOTAL'),
    ('formality-online-payment-tree', 'TTTT', 'ONLINE_PAYMENT_TOTAL'),
    ('handling-satisfaction',         'MDHL', NULL),
    ('dossier-digitized',             'MDSH', NULL);

-- Every published row names a metric of portal-2026 (or a tree group) in the same
-- group with the same maximum: lists the rows that do not (none).
SELECT p.grp, p.metric_code, p.max_score, m.group_code, coalesce(m.max_points, g.max_points) AS our_max
FROM portal_metrics AS p
JOIN portal_groups AS pg USING (grp)
LEFT JOIN metrics AS m ON m.methodology = 'portal-2026' AND m.code = p.metric_code
LEFT JOIN metric_groups AS g ON g.methodology = 'portal-2026' AND g.code = pg.group_code
                            AND p.metric_code = pg.tree_code
WHERE coalesce(m.group_code, g.code) IS DISTINCT FROM pg.group_code
   OR coalesce(m.max_points, g.max_points) IS DISTINCT FROM p.max_score
GROUP BY 1, 2, 3, 4, 5;

-- Published percents are percent(rate): rows with a numerator and a denominator > 0.
SELECT count(*) AS percents, count(*) FILTER (WHERE percent(rate(numerator, denominator)) = ratio) AS equal
FROM portal_metrics WHERE denominator > 0;

-- Our score of a published row.  Metric rows: metric_score(code, numerator/denominator)
-- (ELECTRONIC_CERTIFIED_COPY is published without a rate: its rule is 'full', the
-- empty rate stands in).  Tree groups from raw_params.jsonl: DVC_PROGRESS_ON_TIME
-- carries its rate (on time / received) in metrics.csv; PROVIDE_ONLINE_TOTAL is
-- online_services_score(full + partial / authority, online dossiers' services /
-- services); ONLINE_PAYMENT_TOTAL is online_payment_score(paid online / fee-bearing
-- dossiers, procedures with an online payment / fee-bearing procedures, procedures
-- with fee data / fee-bearing procedures).  NULL where the inputs are not published.
CREATE FUNCTION pg_temp.portal_score(p portal_metrics, raw jsonb, methodology text)
RETURNS numeric LANGUAGE sql AS $$
    SELECT CASE p.metric_code
           WHEN 'PROVIDE_ONLINE_TOTAL' THEN
               CASE WHEN raw ? 'authorityCount' THEN
                   govindex.online_services_score(
                       govindex.rate((raw->>'fullCount')::int8 + (raw->>'partialCount')::int8,
                                     (raw->>'authorityCount')::int8),
                       govindex.rate((raw->>'onlineDossierCount')::int8,
                                     (raw->>'onlineServiceTotal')::int8),
                       methodology)
               END
           WHEN 'ONLINE_PAYMENT_TOTAL' THEN
               govindex.online_payment_score(
                   govindex.rate((raw->>'totalDossierOnlinePaymentSuccess')::int8,
                                 (raw->>'totalDossierFinancialObligation')::int8),
                   govindex.rate((raw->>'totalDossierOnlineFormalityPaymentSuccess')::int8,
                                 (raw->>'totalFeeFormality')::int8),
                   govindex.rate((raw->>'totalFeeDossierFormality')::int8,
                                 (raw->>'totalFeeFormality')::int8),
                   methodology)
           ELSE
               govindex.metric_score(p.metric_code,
                                     govindex.rate(coalesce(p.numerator, 0), coalesce(p.denominator, 0)),
                                     methodology)
           END
$$;

CREATE TEMP TABLE checked AS
SELECT p.grp, p.scope, p.unit_code, p.metric_code, p.numerator, p.denominator,
       p.score AS published,
       pg_temp.portal_score(p, raw.doc, 'portal-2026') AS ours,
       pg_temp.portal_score(p, raw.doc, 'decision-766-2022') AS decision_2022,
       CASE WHEN p.metric_code = 'PROVIDE_ONLINE_TOTAL' AND NOT raw.doc ? 'authorityCount'
            THEN 'the portal publishes no inputs of this group for a sub-unit'
       END AS missing
FROM portal_metrics AS p
LEFT JOIN portal_raw AS raw
       ON raw.doc->>'group' = p.grp AND raw.doc->>'scope' = p.scope
      AND raw.doc->>'unit_code' = p.unit_code;
ALTER TABLE checked ADD matches bool;
UPDATE checked SET matches = missing IS NULL
    AND ((published IS NULL AND ours IS NULL) OR abs(published - ours) < 0.005);

-- Rows checked and matched (within ±0.005; NULL matches NULL) per metric and scope.
SELECT g.position AS "#", pg.group_code AS "group", c.metric_code,
       count(*) FILTER (WHERE c.scope = 'all' AND c.missing IS NULL) AS all_checked,
       count(*) FILTER (WHERE c.scope = 'all' AND c.matches) AS all_matched,
       count(*) FILTER (WHERE c.scope = 'formality' AND c.missing IS NULL) AS formality_checked,
       count(*) FILTER (WHERE c.scope = 'formality' AND c.matches) AS formality_matched,
       count(*) FILTER (WHERE c.published IS NULL) AS published_null
FROM checked AS c
JOIN portal_groups AS pg USING (grp)
JOIN metric_groups AS g ON g.methodology = 'portal-2026' AND g.code = pg.group_code
LEFT JOIN metrics AS m ON m.methodology = 'portal-2026' AND m.code = c.metric_code
GROUP BY GROUPING SETS ((g.position, pg.group_code, m.position, c.metric_code), ())
ORDER BY g.position, m.position NULLS FIRST;

-- Rows that do not match, with the reason (none).
SELECT grp, scope, unit_code, metric_code, numerator, denominator, published, ours,
       CASE WHEN published IS NULL THEN 'the portal gives no score'
            WHEN ours IS NULL THEN 'the rule gives no score'
            ELSE format('off by %s', ours - published) END AS reason
FROM checked WHERE missing IS NULL AND NOT matches
ORDER BY grp, scope, unit_code, metric_code;

-- The 2022 decision groups the same metrics with the same rules: every row scores
-- the same under it.
SELECT count(*) AS rows, count(*) FILTER (WHERE decision_2022 IS NOT DISTINCT FROM ours) AS same
FROM checked WHERE missing IS NULL;

-- Rows that cannot be checked: the portal's tree of online services publishes the
-- inputs (procedures under authority, online dossiers ...) for the province only.
-- Their published scores include 0 of 12 (H44.46 among them, a unit with 5 dossiers
-- received), so the group's remaining 6 points, scored full here, depend on data the
-- portal does not publish.
SELECT scope, missing, count(*) AS rows,
       count(*) FILTER (WHERE published = 0) AS scored_0,
       min(published) FILTER (WHERE published > 0) AS lowest_other,
       max(published) AS highest
FROM checked WHERE missing IS NOT NULL
GROUP BY scope, missing ORDER BY scope;

-- The province's two rows of the online-services tree, by hand.  Scope all: 52 of 56
-- procedures online (92.86% ≥ 80%: 2 points), 406 of 1968 services with online
-- dossiers (20.63%: 4 × 20.63 / 100 = 0.8252 → 0.83), 6 remaining points: 8.83.
-- Scope formality: 52 of 56 (2), 1 of 1 service (4), 6: 12.
SELECT scope, published, ours FROM checked
WHERE metric_code = 'PROVIDE_ONLINE_TOTAL' AND missing IS NULL ORDER BY scope;

-- Unit totals per group: the published total is the sum of the published metric
-- scores (NULL counts 0), and the sum of ours where every row is computable; the
-- published maximum is the sum of our maxima over the metrics published.
CREATE TEMP TABLE unit_sums AS
SELECT c.grp, c.scope, c.unit_code,
       coalesce(sum(c.published), 0) AS published_sum,
       coalesce(sum(c.ours), 0) AS our_sum,
       bool_and(c.missing IS NULL) AS computable,
       sum(coalesce(m.max_points, g.max_points)) AS our_max
FROM checked AS c
JOIN portal_groups AS pg USING (grp)
LEFT JOIN metrics AS m ON m.methodology = 'portal-2026' AND m.code = c.metric_code
LEFT JOIN metric_groups AS g ON g.methodology = 'portal-2026' AND g.code = pg.group_code
                            AND c.metric_code = pg.tree_code
GROUP BY c.grp, c.scope, c.unit_code;

SELECT pg.group_code AS "group", t.scope, t.total_max_score AS max,
       count(*) AS totals,
       count(*) FILTER (WHERE abs(t.total_score - s.published_sum) < 0.005) AS sum_of_published,
       count(*) FILTER (WHERE s.computable) AS computable,
       count(*) FILTER (WHERE s.computable AND abs(t.total_score - s.our_sum) < 0.005) AS sum_of_ours,
       count(*) FILTER (WHERE t.total_max_score = s.our_max) AS max_equal
FROM portal_totals AS t
JOIN portal_groups AS pg USING (grp)
JOIN metric_groups AS g ON g.methodology = 'portal-2026' AND g.code = pg.group_code
LEFT JOIN unit_sums AS s USING (grp, scope, unit_code)
GROUP BY GROUPING SETS ((g.position, pg.group_code, t.scope, t.total_max_score), ())
ORDER BY g.position, t.scope;

-- Unit totals that do not match (none).
SELECT t.grp, t.scope, t.unit_code, t.total_score, s.published_sum, s.our_sum, t.total_max_score, s.our_max
FROM portal_totals AS t
LEFT JOIN unit_sums AS s USING (grp, scope, unit_code)
WHERE s.unit_code IS NULL
   OR abs(t.total_score - s.published_sum) >= 0.005
   OR (s.computable AND abs(t.total_score - s.our_sum) >= 0.005)
   OR t.total_max_score <> s.our_max
ORDER BY 1, 2, 3;

-- The 'formality' scope is the same request filtered to one procedure (2.000815):
-- the per-procedure metric CITIZEN_DATA_CONNECTED_FORMALITY drops out (digitization
-- max 20), and the satisfaction group is not published.  Metrics published in scope
-- all but not in scope formality:
SELECT DISTINCT grp, metric_code FROM portal_metrics WHERE scope = 'all'
EXCEPT
SELECT DISTINCT grp, metric_code FROM portal_metrics WHERE scope = 'formality'
ORDER BY 1, 2;
