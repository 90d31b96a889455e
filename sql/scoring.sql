-- scoring: methodologies as data, and the rules that turn a rate into points.
SET search_path = public, govindex;

-- Runs a query returning one value; on error returns SQLSTATE: message.
CREATE FUNCTION pg_temp.try(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE query INTO result;
    RETURN coalesce(result, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

--
-- The shipped methodologies
--
SELECT code, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, is_default, name_en
FROM methodologies ORDER BY valid_from;

-- Groups: maximum, number of metrics and the sum of their maxima (equal to the maximum).
SELECT g.methodology, g.position, g.code, g.max_points, count(m.code) AS metrics,
       sum(m.max_points) AS metric_points
FROM metric_groups AS g LEFT JOIN metrics AS m ON (m.methodology, m.group_code) = (g.methodology, g.code)
GROUP BY g.methodology, g.position, g.code, g.max_points
ORDER BY g.methodology DESC, g.position;

-- Both add up to 100 points (the informational metrics have 0).
SELECT methodology, sum(max_points) AS points, count(*) AS groups
FROM metric_groups GROUP BY methodology ORDER BY methodology DESC;
SELECT methodology, sum(max_points) AS points, count(*) AS metrics
FROM metrics GROUP BY methodology ORDER BY methodology DESC;

-- The portal's metrics and their rules (METHODOLOGY.md §1.3).
SELECT m.group_code AS "group", m.code, m.max_points AS max, m.basis, m.rule, m.threshold,
       m.empty_value AS empty, m.source, m.portal_code IS NOT NULL AS on_portal
FROM metrics AS m JOIN metric_groups AS g ON (g.methodology, g.code) = (m.methodology, m.group_code)
WHERE m.methodology = 'portal-2026'
ORDER BY g.position, m.position;

-- The 2022 decision has the same metrics with the same rules; only the groups differ.
SELECT p.code, p.group_code AS portal_group, d.group_code AS decision_group, d.position
FROM metrics AS p JOIN metrics AS d USING (code)
WHERE p.methodology = 'portal-2026' AND d.methodology = 'decision-766-2022'
  AND p.group_code <> d.group_code
ORDER BY d.position;
SELECT count(*) AS same_rule
FROM metrics AS p JOIN metrics AS d USING (code)
WHERE p.methodology = 'portal-2026' AND d.methodology = 'decision-766-2022'
  AND (p.max_points, p.basis, p.rule, p.empty_value, p.source)
      = (d.max_points, d.basis, d.rule, d.empty_value, d.source)
  AND p.threshold IS NOT DISTINCT FROM d.threshold;

--
-- linear: max × n / d, rounded half up on the exact double
--
-- 6 × 87/89 = 5.8651685…  → 5.87; 2 × 87/89 = 1.9550561… → 1.96 (the portal's
-- PUBLIC_CONTENT_FULL row); 20 × 144625/184513 = 15.676… → 15.68 (the province's
-- on-time rate, 78.38%).
SELECT score_rate('87/89', 6, 'fraction', 'linear') AS "6 × 87/89",
       metric_score('PUBLIC_CONTENT_FULL', '87/89') AS public_content_full,
       metric_score('DVC_PROGRESS_ON_TIME', '144625/184513') AS on_time,
       percent('144625/184513'::rate);
-- Halves round up: 6 × 1/16 = 0.375 exactly → 0.38.  But 6 × 3/80 is 0.225 only in
-- decimal: the double 6 × 0.0375 is 0.22499999999999997…, which rounds down, as the
-- portal's toFixed(2) does (numeric arithmetic would say 0.23).
SELECT score_rate('1/16', 6, 'fraction', 'linear') AS "6 × 1/16",
       score_rate('3/80', 6, 'fraction', 'linear') AS "6 × 3/80",
       round(6 * 3 / 80.0, 2) AS numeric_round;
-- Ends: nothing done scores 0, everything done scores the maximum.
SELECT metric_score('DOSSIER_SYNC', '0/138744') AS none, metric_score('DOSSIER_SYNC', '138744/138744') AS all;

--
-- threshold: min(max, max × (n / d) / threshold)
--
-- REUSED_DIGITIZED_DATA (threshold 80%): 2 × 0.5 / 0.8 = 1.25; 2 × 0.75 / 0.8 =
-- 1.875 → 1.88; at 80% and above, the maximum 2.
SELECT r, metric_score('REUSED_DIGITIZED_DATA', r) AS score
FROM (VALUES ('0/10'::rate), ('1/2'), ('3/4'), ('4/5'), ('9/10'), ('1/1')) AS v(r);
-- DOSSIER_RECEIVING_SATISFACTION (threshold 90%): 2/5: 6 × 0.4 / 0.9 = 2.666… → 2.67.
-- 351/416 = 0.84375: 6 × 0.84375 / 0.9 = 5.625 → 5.63, as published; dividing the
-- maximum first, 6 / 0.9 × 0.84375 = 5.6249999… would give 5.62.
SELECT metric_score('DOSSIER_RECEIVING_SATISFACTION', '2/5') AS "2/5",
       metric_score('DOSSIER_RECEIVING_SATISFACTION', '351/416') AS "351/416",
       metric_score('DOSSIER_RECEIVING_SATISFACTION', '9/10') AS "9/10";

--
-- percent basis: the percent rounded to 2 decimals first, then max × percent / 100
--
-- 1865/2000 = 93.25%: 93.25 × 6 / 100 = 5.594999… → 5.59.
SELECT percent('1865/2000'::rate), score_rate('1865/2000', 6, 'percent', 'linear') AS score;
-- 552/559 = 98.75% (online payment of unit H44.156): 6 × 98.75 / 100 = 5.92499… →
-- 5.92, as the portal's total shows (6 × (98.75 / 100) = 5.92500…07 would give 5.93).
-- 295/377 = 78.25% (unit H44.144): 6 × 78.25 / 100 = 4.69500…03 → 4.70, as the
-- portal's total needs; the fraction 6 × 0.78249… = 4.6949… would give 4.69.
SELECT r, percent(r), score_rate(r, 6, 'percent', 'linear') AS percent_basis,
       score_rate(r, 6, 'fraction', 'linear') AS fraction_basis
FROM (VALUES ('552/559'::rate), ('295/377'), ('133609/184503')) AS v(r);
-- The basis is data: digitization uses the fraction.  The province's electronic
-- results, 133609/184503 = 72.42%, score 6 × 0.72415… = 4.3449… → 4.34 (published),
-- where the percent would give 6 × 72.42 / 100 = 4.3452 → 4.35.
SELECT metric_score('ORIGINAL_RESULT_AVAILABLE', '133609/184503') AS original_result_available;
-- Percent thresholds divide by 100 × threshold computed in decimal (a threshold of
-- 0.57 divides by 57, not by the double 0.57 × 100 = 56.99999999999999): procedures
-- offered online, 40/56 = 71.43%: 2 × 71.43 / 80 = 1.78575000…02 → 1.79;
-- 52/56 = 92.86% ≥ 80%: 2.
SELECT metric_score('ONLINE_PROCEDURES_OFFERED', '40/56') AS "40/56",
       metric_score('ONLINE_PROCEDURES_OFFERED', '52/56') AS "52/56";

--
-- Empty denominators: the metric's empty_value decides
--
SELECT code, empty_value, metric_score(code, '0/0') AS score
FROM metrics
WHERE methodology = 'portal-2026'
  AND code IN ('PUBLISH_ON_TIME', 'DVC_PROGRESS_ON_TIME', 'PETITION_PROCESSING_ON_TIME',
               'PETITION_HANDLING_SATISFACTION', 'ONLINE_PAYMENT_DOSSIERS')
ORDER BY code;
SELECT e AS empty_value, score_rate('0/0', 6, 'fraction', 'linear', NULL, e) AS linear,
       score_rate('0/0', 2, 'percent', 'threshold', 0.8, e) AS threshold
FROM (VALUES ('null'), ('zero'), ('full')) AS v(e);

--
-- informational (no score) and full (always the maximum)
--
SELECT metric_score('PETITION_CLASSIFICATION_TTHC', '179/247') AS tthc,
       metric_score('PETITION_CLASSIFICATION_STAFF', '0/0') AS staff,
       score_rate('179/247', 0, 'fraction', 'informational') AS informational;
SELECT metric_score('ELECTRONIC_CERTIFIED_COPY', '0/0') AS certified_copy_empty,
       metric_score('ELECTRONIC_CERTIFIED_COPY', '0/10') AS certified_copy_none,
       metric_score('ONLINE_OTHER_POINTS', '0/0') AS other_points,
       score_rate('0/0', 2.5, 'fraction', 'full', NULL, 'full') AS full_2_5;

--
-- Groups published as one score: the sum of the rounded component scores
--
-- The province: 52/56 offered (2) + 406/1968 = 20.63% (4 × 20.63 / 100 = 0.8252 →
-- 0.83) + 6 = 8.83.  Nothing counted: 0 + 0 + 6.
SELECT online_services_score('52/56', '406/1968') AS province,
       online_services_score('40/56', '406/1968') AS below_threshold,
       online_services_score('0/0', '0/0') AS empty;
-- The province: 82913/98459 = 84.21% (6 × 84.21 / 100 = 5.0526 → 5.05) + 93/310 =
-- 30% (2 × 30 / 80 = 0.75) + 56/310 = 18.06% (2 × 18.06 / 80 = 0.4515 → 0.45) = 6.25.
-- Everything paid online, past the 80% thresholds: 6 + 2 + 2.  Nothing: 0.
SELECT online_payment_score('82913/98459', '93/310', '56/310') AS province,
       online_payment_score('1/1', '9/10', '4/5') AS capped,
       online_payment_score('0/0', '0/0', '0/0') AS empty;
-- A group in general: the sum of its metrics' rounded scores, NULL counting 0; the
-- total is the sum of the groups.  The province's digitization, month 8 of 2026, as
-- published: 6 × 0.72415 = 4.34, 4 × 0.11640 = 0.47, 2 × 0.01712 / 0.8 = 0.04, 0,
-- 2 × 0.46413 = 0.93, 2 × 297/1301 = 0.46, 2 (full): 8.24 of 22.
SELECT code, r, metric_score(code, r) AS score
FROM (VALUES ('ORIGINAL_RESULT_AVAILABLE', '133609/184503'::rate),
             ('SO_HOA_GIAY_TO_GIAI_QUYET', '21476/184503'),
             ('REUSED_DIGITIZED_DATA', '3158/184503'),
             ('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', '0/184503'),
             ('CITIZEN_DATA_CONNECTED_DOSSIER', '85633/184503'),
             ('CITIZEN_DATA_CONNECTED_FORMALITY', '297/1301'),
             ('ELECTRONIC_CERTIFIED_COPY', '0/0')) AS v(code, r)
UNION ALL
SELECT 'MDSH', NULL, coalesce(sum(metric_score(code, r)), 0)
FROM (VALUES ('ORIGINAL_RESULT_AVAILABLE', '133609/184503'::rate),
             ('SO_HOA_GIAY_TO_GIAI_QUYET', '21476/184503'),
             ('REUSED_DIGITIZED_DATA', '3158/184503'),
             ('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', '0/184503'),
             ('CITIZEN_DATA_CONNECTED_DOSSIER', '85633/184503'),
             ('CITIZEN_DATA_CONNECTED_FORMALITY', '297/1301'),
             ('ELECTRONIC_CERTIFIED_COPY', '0/0')) AS v(code, r);

--
-- Choosing the methodology: NULL is the default, portal-2026
--
SELECT metric_score('PUBLISH_ON_TIME', '1/2') AS "default",
       metric_score('PUBLISH_ON_TIME', '1/2', 'portal-2026') AS portal,
       metric_score('PUBLISH_ON_TIME', '1/2', 'decision-766-2022') AS decision,
       online_payment_score('82913/98459', '93/310', '56/310', 'decision-766-2022') AS payment_2022;

-- A province's own methodology: a copy with one rule changed.
INSERT INTO methodologies (code, name_vi, name_en, valid_from)
VALUES ('h44-2027', 'Bộ chỉ số nội bộ tỉnh Phú Thọ 2027', 'Phú Thọ internal index 2027', '2027-01-01');
INSERT INTO metric_groups (methodology, code, name_vi, name_en, max_points, position)
SELECT 'h44-2027', code, name_vi, name_en, max_points, position FROM metric_groups WHERE methodology = 'portal-2026';
INSERT INTO metrics (methodology, code, group_code, name_vi, name_en, max_points, basis, rule, threshold,
                     empty_value, unit_levels, position, portal_code, source)
SELECT 'h44-2027', code, group_code, name_vi, name_en, max_points, basis,
       CASE code WHEN 'DOSSIER_SYNC' THEN 'threshold' ELSE rule END,
       CASE code WHEN 'DOSSIER_SYNC' THEN 0.95 ELSE threshold END,
       empty_value, unit_levels, position, portal_code, source
FROM metrics WHERE methodology = 'portal-2026';
-- 9/10 synced: 6 × 0.9 = 5.4 on the portal; 6 × 0.9 / 0.95 = 5.684… → 5.68 here.
SELECT metric_score('DOSSIER_SYNC', '9/10') AS portal, metric_score('DOSSIER_SYNC', '9/10', 'h44-2027') AS h44;

-- Making it the default takes the flag from portal-2026, in one statement.
BEGIN;
UPDATE methodologies SET is_default = true WHERE code = 'h44-2027';
SELECT code FROM methodologies WHERE is_default;
SELECT metric_score('DOSSIER_SYNC', '9/10') AS "default";
ROLLBACK;
SELECT code FROM methodologies WHERE is_default;

-- Some methodology stays the default: checked at commit.
BEGIN;
UPDATE methodologies SET is_default = false WHERE code = 'portal-2026';
SELECT count(*) AS defaults FROM methodologies WHERE is_default;
COMMIT;
BEGIN;
DELETE FROM methodologies WHERE code = 'portal-2026';
COMMIT;
SELECT code FROM methodologies WHERE is_default;

-- pg_dump saves the user's rows only: the shipped methodologies come with the extension.
SELECT c.relname, x.condition
FROM pg_extension AS e,
     unnest(e.extconfig, e.extcondition) AS x(config, condition)
     JOIN pg_class AS c ON c.oid = x.config
WHERE e.extname = 'govindex' AND c.relname IN ('methodologies', 'metric_groups', 'metrics')
ORDER BY c.relname;

-- Deleting a methodology deletes its groups and metrics.
DELETE FROM methodologies WHERE code = 'h44-2027';
SELECT count(*) AS left_over FROM metrics WHERE methodology = 'h44-2027';

--
-- Bad inputs: SQLSTATE and message
--
SELECT call, pg_temp.try('SELECT ' || call) AS result
FROM (VALUES
    ($$metric_score('NO_SUCH_METRIC', '1/2')$$),
    ($$metric_score('PUBLISH_ON_TIME', '1/2', 'no-such-methodology')$$),
    ($$metric_score('ONLINE_OTHER_POINTS', '1/2', 'no-such-methodology')$$),
    ($$metric_score('PUBLISH_ON_TIME', NULL)$$),
    ($$metric_score(NULL, '1/2')$$),
    ($$online_services_score(NULL, '1/2')$$),
    ($$score_rate(NULL, 6, 'fraction', 'linear')$$),
    ($$score_rate('1/2', NULL, 'fraction', 'linear')$$),
    ($$score_rate('1/2', -1, 'fraction', 'linear')$$),
    ($$score_rate('1/2', 'NaN', 'fraction', 'linear')$$),
    ($$score_rate('1/2', 'Infinity', 'fraction', 'linear')$$),
    ($$score_rate('1/2', 6, 'ratio', 'linear')$$),
    ($$score_rate('1/2', 6, NULL, 'linear')$$),
    ($$score_rate('1/2', 6, 'fraction', 'Linear')$$),
    ($$score_rate('1/2', 6, 'fraction', 'linear', NULL, 'empty')$$),
    ($$score_rate('1/2', 6, 'fraction', 'linear', NULL, NULL)$$),
    ($$score_rate('1/2', 6, 'fraction', 'threshold')$$),
    ($$score_rate('1/2', 6, 'fraction', 'threshold', 0)$$),
    ($$score_rate('1/2', 6, 'fraction', 'threshold', 80)$$),
    ($$score_rate('1/2', 6, 'fraction', 'threshold', 'NaN')$$),
    ($$score_rate('1/2', 6, 'fraction', 'linear', 0.8)$$)
) AS v(call);

-- The hints, as psql shows them.
SELECT metric_score('NO_SUCH_METRIC', '1/2');
SELECT metric_score('PUBLISH_ON_TIME', '1/2', 'no-such-methodology');
SELECT metric_score('PUBLISH_ON_TIME', NULL);
SELECT score_rate('1/2', 6, 'fraction', 'Linear');

--
-- Constraints make bad metric rows impossible
--
-- Inserts a valid metric row (a threshold metric in MDSH) with some columns changed,
-- and undoes it: returns 'valid' or SQLSTATE: message.
CREATE FUNCTION pg_temp.bad_metric(changes jsonb) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO govindex.metrics
    SELECT (jsonb_populate_record(NULL::govindex.metrics,
        jsonb_build_object('methodology', 'portal-2026', 'code', 'ONLINE_SUBMISSION', 'group_code', 'MDSH',
                           'name_vi', 'Thử', 'name_en', 'Test', 'max_points', 2,
                           'basis', 'fraction', 'rule', 'threshold', 'threshold', 0.8,
                           'empty_value', 'null', 'position', 99, 'source', 'dossiers',
                           'procedure_scoped', true)
        || changes)).*;
    RAISE EXCEPTION USING ERRCODE = 'GI000';   -- valid: undo the insert
EXCEPTION WHEN OTHERS THEN
    RETURN CASE SQLSTATE WHEN 'GI000' THEN 'valid' ELSE SQLSTATE || ': ' || SQLERRM END;
END $$;
SELECT pg_temp.bad_metric('{}') AS unchanged, (SELECT count(*) FROM metrics WHERE code = 'ONLINE_SUBMISSION') AS kept;
SELECT changes, pg_temp.bad_metric(changes) AS result
FROM (VALUES
    ('{"threshold": 1.5}'::jsonb),
    ('{"threshold": 0}'),
    ('{"threshold": null}'),
    ('{"rule": "linear"}'),
    ('{"rule": "linear", "threshold": null}'),
    ('{"group_code": "XXXX"}'),
    ('{"methodology": "no-such-methodology"}'),
    ('{"basis": "ratio"}'),
    ('{"rule": "maximum"}'),
    ('{"empty_value": "none"}'),
    ('{"max_points": -1}'),
    ('{"max_points": 2.125}'),
    ('{"max_points": "NaN"}'),
    ('{"rule": "informational", "threshold": null}'),
    ('{"rule": "informational", "threshold": null, "max_points": 0}'),
    ('{"rule": "full", "threshold": null}'),
    ('{"source": "constant"}'),
    ('{"source": "warehouse"}'),
    ('{"unit_levels": []}'),
    ('{"code": "test metric"}'),
    ('{"code": "PUBLISH_ON_TIME"}'),
    ('{"portal_code": "PUBLISH_ON_TIME"}'),
    ('{"position": 1}')
) AS v(changes);

--
-- Every table and column is described in English and Vietnamese
--
SELECT c.relname, a.attname
FROM pg_class AS c
LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'govindex'::regnamespace
  AND c.relname IN ('methodologies', 'metric_groups', 'metrics')
  AND coalesce(col_description(c.oid, a.attnum), '') NOT LIKE '% — %'
ORDER BY 1, 2;
SELECT relname FROM pg_class
WHERE relnamespace = 'govindex'::regnamespace AND relname IN ('methodologies', 'metric_groups', 'metrics')
  AND obj_description(oid, 'pg_class') NOT LIKE '% — %';
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proparallel AS parallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS described
FROM pg_proc AS p
WHERE p.pronamespace = 'govindex'::regnamespace
  AND p.proname IN ('score_rate', 'metric_score', 'online_services_score', 'online_payment_score')
ORDER BY p.proname;
