-- test/tap/composite.sql — composite indices on the generated province (test/generate.sql,
-- H74 with its 19 departments, 9 districts and 91 communes, and a year of dossiers):
-- the objects and their comments, the shipped definitions, Index 766 criteria against
-- the Index 766 report itself, rankings, batch loading and its errors.  Rolled back.
BEGIN;
SET LOCAL search_path = govindex, public;
SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh';
SELECT plan(41);

-- ---- objects ----------------------------------------------------------------------
SELECT has_type('govindex', 'score_total', 'type score_total exists');
SELECT has_table('govindex', t, format('table govindex.%s exists', t))
  FROM unnest(ARRAY['composite_indices', 'composite_criteria', 'composite_assessments', 'composite_deductions',
                    'composite_bands', 'composite_targets', 'composite_published']) t;
SELECT has_view('govindex', v, format('view govindex.%s exists', v))
  FROM unnest(ARRAY['composite_criteria_tree', 'composite_index_bands', 'composite_leaf_scores',
                    'composite_criterion_results', 'composite_component_changes', 'composite_unit_results',
                    'composite_level_summary', 'composite_band_counts', 'composite_target_gaps']) v;
SELECT is((SELECT string_agg(c.relname || '.' || a.attname, ', ')
             FROM pg_class c
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = 'govindex'::regnamespace AND c.relname LIKE 'composite%'
              AND c.relkind IN ('r', 'v') AND col_description(c.oid, a.attnum) IS NULL),
          NULL, 'every column of the composite tables and views has a comment');
SELECT ok((SELECT bool_and(obj_description(c.oid, 'pg_class') ~ ' — ')
             FROM pg_class c
            WHERE c.relnamespace = 'govindex'::regnamespace AND c.relname LIKE 'composite%' AND c.relkind IN ('r', 'v')),
          'composite tables and views are described in English and Vietnamese');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname)
             FROM pg_extension e, unnest(e.extconfig) x (oid) JOIN pg_class c ON c.oid = x.oid
            WHERE e.extname = 'govindex' AND c.relname LIKE 'composite%'),
          ARRAY['composite_assessments', 'composite_bands', 'composite_criteria', 'composite_deductions',
                'composite_deductions_id_seq', 'composite_indices', 'composite_published', 'composite_targets'],
          'user data of the composite tables is dumped by pg_dump');
SELECT is((SELECT count(*)::int FROM composite_definition_problems()), 0, 'the shipped definitions are consistent');

-- ---- Index 766 criteria follow the Index 766 report -------------------------------
-- Every department and district assesses only its Index 766 criteria (3.2 on time, 7.2
-- digitized or paid online); their scores must be the report's rates × the maximum.
CREATE TEMP TABLE batch (LIKE composite_assessment_input);
INSERT INTO batch (unit_code, index_code, year, criterion_code, evidence)
SELECT u.code, CASE u.level WHEN 'department' THEN 'par-department' ELSE 'par-local' END, 2023, c.code, 'live'
  FROM units u
  JOIN composite_criteria c ON c.index_code = CASE u.level WHEN 'department' THEN 'par-department' ELSE 'par-local' END
                           AND c.source = 'index766'
 WHERE u.level IN ('department', 'district');
SELECT is((SELECT (inserted, replaced)::text FROM load_composite_assessments('batch')), '(56,0)',
          'a batch of 28 units × 2 Index 766 criteria loads');
CREATE TEMP TABLE report AS
SELECT unit_code, metric_code, numerator, denominator
  FROM index766(tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07'), 'H74')
 WHERE metric_code IN ('DVC_PROGRESS_ON_TIME', 'SO_HOA_GIAY_TO_GIAI_QUYET', 'ONLINE_PAYMENT_DOSSIERS');
SELECT is((SELECT count(*)::int FROM composite_leaf_scores l
             JOIN report r ON r.unit_code = l.unit_code AND r.metric_code = (
                  SELECT c.index766_metric FROM composite_criteria c
                   WHERE (c.index_code, c.index_version, c.code) = (l.index_code, l.index_version, l.criterion_code))
            WHERE l.source = 'index766' AND r.denominator > 0
              AND l.score_from = 'index766'
              AND abs(l.score - l.max_points * r.numerator / r.denominator) <= 0.005),
          56, 'every Index 766 criterion scores the report''s rate × its maximum (to the hundredth)');
SELECT is((SELECT count(*)::int FROM composite_leaf_scores
            WHERE source = 'index766' AND index766_rate::text <> (
                  SELECT r.numerator || '/' || r.denominator FROM report r
                   WHERE r.unit_code = composite_leaf_scores.unit_code
                     AND r.metric_code = (SELECT c.index766_metric FROM composite_criteria c
                                           WHERE (c.index_code, c.index_version, c.code)
                                               = (composite_leaf_scores.index_code, composite_leaf_scores.index_version,
                                                  composite_leaf_scores.criterion_code)))),
          0, 'and its rate is the report''s, numerator and denominator');
-- 19 departments × 16 and 9 districts × 14 other leaves (the survey, optional, is left out)
SELECT is((SELECT count(*)::int FROM composite_leaf_scores WHERE score_from = 'unscored' AND source <> 'index766'), 430,
          'the other criteria are there, unscored: they count 0 out of their maximum');
SELECT is((SELECT maximum FROM composite_unit_results WHERE unit_code = 'H74.01' AND year = 2023), 80::numeric,
          'without a survey (optional here), a department is out of 80');
SELECT is((SELECT round(100 * achieved / maximum, 2) FROM composite_unit_results WHERE unit_code = 'H74.01' AND year = 2023),
          (SELECT computed_percent FROM composite_unit_results WHERE unit_code = 'H74.01' AND year = 2023),
          'its percent is achieved / maximum appraisable');

-- ---- ranks ------------------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM composite_unit_results WHERE year = 2023 AND level = 'department'), 19,
          '19 departments have a result');
SELECT is((SELECT count(*)::int FROM composite_unit_results r
            WHERE r.year = 2023 AND r.rank <> 1 + (SELECT count(*) FROM composite_unit_results o
                                                 WHERE (o.index_code, o.year, o.level) = (r.index_code, r.year, r.level)
                                                   AND o.value > r.value)), 0,
          'ranks are competition ranks by value within the level');
SELECT is((SELECT sum(units)::int FROM composite_band_counts WHERE year = 2023 AND level = 'district'), 9,
          'every district is in exactly one band');
SELECT is((SELECT leader_value FROM composite_level_summary WHERE year = 2023 AND level = 'department'),
          (SELECT max(value) FROM composite_unit_results WHERE year = 2023 AND level = 'department'),
          'the leader has the highest value');
SELECT is((SELECT sum(total)::text FROM composite_unit_results WHERE year = 2023 AND level = 'department'),
          (SELECT sum(total)::text FROM composite_criterion_results WHERE year = 2023 AND level = 'department' AND depth = 1),
          'merging the units'' states equals merging their fields'' states');

-- ---- a second year: changes -------------------------------------------------------
-- 2022: every department at 60 of 80 (75%) through appraised scores.
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, appraised_score)
SELECT u.code, 'par-department', 2022, t.code, t.max_points * 0.75
  FROM units u CROSS JOIN composite_criteria_tree t
 WHERE u.level = 'department' AND t.index_code = 'par-department' AND t.is_leaf AND t.source <> 'survey';
SELECT lives_ok($$SELECT load_composite_assessments('batch')$$, '2022 loads');
SELECT is((SELECT count(*)::int FROM composite_unit_results WHERE year = 2022 AND level = 'department' AND value = 75), 19,
          '2022: every department at 75.00');
SELECT is((SELECT count(*)::int FROM composite_unit_results
            WHERE year = 2023 AND level = 'department' AND points_change = value - 75 AND previous_rank = 1), 19,
          '2023 compares with 2022: points and the previous rank (all tied first)');
SELECT is((SELECT count(*)::int FROM composite_level_summary
            WHERE year = 2023 AND level = 'department' AND average_change = average_percent - 75), 1,
          'the level''s average changes against 2022');

-- ---- errors -----------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO composite_assessments (unit_id, index_code, year, criterion_code, self_score)
                   SELECT id, 'par-department', 2023, '1.1', 4 FROM units WHERE code = 'H74.01'$$,
    '23514', 'unit H74.01, criterion 1.1 of index par-department (2023): self score 4 exceeds the criterion''s maximum 3',
    'a score above the maximum is refused, naming the unit and criterion');
SELECT throws_ok($$INSERT INTO composite_assessments (unit_id, index_code, year, criterion_code, self_score)
                   SELECT id, 'par-department', 2023, '3.2', 1 FROM units WHERE code = 'H74.01'$$,
    '23505', 'unit H74.01, criterion 3.2 of index par-department (2023): already assessed',
    'an assessment is entered once');
SELECT throws_ok($$INSERT INTO composite_assessments (unit_id, index_code, year, criterion_code, self_score)
                   SELECT id, 'par-department', 2023, '1.1', 1 FROM units WHERE code = 'H74.21.01'$$,
    '23514', 'unit H74.21.01, criterion 1.1 of index par-department (2023): does not apply to commune units',
    'a commune is not assessed with the department template');
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, self_score)
VALUES ('H74.02', 'par-department', 2023, '1.1', 3), ('H74.02', 'par-department', 2023, '1.2', -1);
SELECT throws_ok($$SELECT load_composite_assessments('batch')$$,
    '23514', 'unit H74.02, criterion 1.2 of index par-department (2023): negative self score -1',
    'a negative score fails the batch');
SELECT is((SELECT count(*)::int FROM composite_assessments a JOIN units u ON u.id = a.unit_id
            WHERE u.code = 'H74.02' AND a.year = 2023 AND a.criterion_code = '1.1'), 0, 'and nothing of it was loaded');

SELECT * FROM finish();
ROLLBACK;
