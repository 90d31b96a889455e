-- Composite indices: the shipped definitions, assessments worked out by hand, a
-- criterion that follows Index 766 live, deductions, the optional survey, bands, ranks,
-- year-on-year changes, PCI and DTI from entered sub-indices, targets, and every bad
-- input with its error.
--   P (province) ── P.01, P.02 (departments), P.D (district) ── P.D.X (commune)
-- One transaction, rolled back at the end.
BEGIN;
SET LOCAL search_path = public, govindex;
SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh';

CREATE FUNCTION pg_temp.try(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
    RETURN state || ': ' || message;
END $$;

--
-- Shipped definitions: consistent (maxima add up at every unit level).
--
SELECT i.code, i.version, i.scale, i.max_points, i.aggregation, i.survey_optional, i.unit_levels,
       count(t.*) AS criteria, count(t.*) FILTER (WHERE t.is_leaf) AS leaves
  FROM composite_indices i
  JOIN composite_criteria_tree t ON (t.index_code, t.index_version) = (i.code, i.version)
 GROUP BY i.code, i.version ORDER BY i.code;
SELECT count(*) AS definition_problems FROM composite_definition_problems();
-- The provincial PAR Index: 8 fields, each an appraised and a survey part (illustrative
-- maxima, 62 appraised + 38 surveyed).
SELECT code, max_points, source, name_en FROM composite_criteria_tree
 WHERE index_code = 'par-province' AND (depth = 1 OR code LIKE '1.%') ORDER BY sort_key;
SELECT source, sum(max_points) FROM composite_criteria_tree
 WHERE index_code = 'par-province' AND is_leaf GROUP BY source ORDER BY source;
-- PCI: 10 sub-indices out of 10 with weights summing to 1; DTI: 1000 points.
SELECT code, name_en, max_points, weight FROM composite_criteria_tree WHERE index_code = 'pci' ORDER BY sort_key;
SELECT code, name_en, max_points FROM composite_criteria_tree WHERE index_code = 'dti' ORDER BY sort_key;
-- The district/commune template: 1.3 for districts, 1.4 for communes, both out of 100.
SELECT l AS level, sum(t.max_points) AS maximum
  FROM composite_criteria_tree t CROSS JOIN unnest(ARRAY['district', 'commune']) l
 WHERE t.index_code = 'par-local' AND t.is_leaf AND l = ANY (t.unit_levels) GROUP BY l ORDER BY l;
-- Criteria that follow Index 766.
SELECT index_code, code, max_points, index766_metric FROM composite_criteria WHERE source = 'index766' ORDER BY 1, 2;
-- Default bands.
SELECT band, position, name_vi, name_en, min_percent, below_percent FROM composite_index_bands
 WHERE index_code = 'par-department' ORDER BY position;

--
-- Units, and dossiers of 2023 for the Index 766 criteria.
--
INSERT INTO units (code, name_vi, level) VALUES ('P', 'Tỉnh P', 'province');
INSERT INTO units (code, name_vi, level, parent_id)
SELECT c, n, l, (SELECT id FROM units WHERE code = 'P')
  FROM (VALUES ('P.01', 'Sở 1', 'department'), ('P.02', 'Sở 2', 'department'), ('P.D', 'Huyện D', 'district')) v (c, n, l);
INSERT INTO units (code, name_vi, level, parent_id) SELECT 'P.D.X', 'Xã X', 'commune', id FROM units WHERE code = 'P.D';
INSERT INTO procedures (code, name_vi, authority_level, service_level) VALUES ('A1', 'Thủ tục A1', 'department', 'full_online');
CREATE TEMP TABLE dossier_batch (LIKE dossier_input);
-- P.01: a1 a2 a3 on time, a4 late; only a1 digitized.  P.02: b1 b2 on time, none digitized.
INSERT INTO dossier_batch (code, unit_code, procedure_code, channel, received_at, due_at, ended_at, end_status, digitized)
VALUES ('a1', 'P.01', 'A1', 'online', '2023-03-01 08:00', '2023-03-10 08:00', '2023-03-05 08:00', 'returned', true),
       ('a2', 'P.01', 'A1', 'online', '2023-04-01 08:00', '2023-04-10 08:00', '2023-04-05 08:00', 'returned', false),
       ('a3', 'P.01', 'A1', 'direct', '2023-05-01 08:00', '2023-05-10 08:00', '2023-05-09 08:00', 'returned', false),
       ('a4', 'P.01', 'A1', 'direct', '2023-06-01 08:00', '2023-06-10 08:00', '2023-06-20 08:00', 'returned', false),
       ('b1', 'P.02', 'A1', 'online', '2023-03-01 08:00', '2023-03-10 08:00', '2023-03-02 08:00', 'returned', false),
       ('b2', 'P.02', 'A1', 'online', '2023-03-02 08:00', '2023-03-10 08:00', '2023-03-03 08:00', 'returned', false);
SELECT * FROM load_dossiers('dossier_batch');

--
-- P.01, 2023, par-department, entered directly (the version is filled in from the year).
--   1: 1.1 appraised 2.5 (wins over self 3), 1.2 3, 1.3 2, 1.4 not applicable → 7.5 of 9
--   2: 2.1 4, 2.2 not entered (0)                                              → 4 of 8
--   3: 3.1 appraised 4, 3.2 on time 3/4 × 10 = 7.50, 3.3 5                     → 16.5 of 20
--   4: 5 + 5 → 10 of 10;  5: 4 + 5, minus a 2-point deduction on 5.2 → 7 of 10
--   6: 4 + 3 → 7 of 8;  7: 4 + digitized 1/4 × 4 = 1.00 + 3 → 8 of 12;  8: survey 18 of 20
--   minus 1 point on the whole index: 78 - 1 = 77 of 97 → 79.38% (khá / fair)
--
INSERT INTO composite_assessments (unit_id, index_code, year, criterion_code, self_score, appraised_score,
                                   survey_score, not_applicable, evidence)
SELECT (SELECT id FROM units WHERE code = 'P.01'), 'par-department', 2023, c, s, a, v, coalesce(na, false), e
  FROM (VALUES ('1.1', 3, 2.5, NULL::numeric, NULL::bool, 'KH 12/KH-S1'), ('1.2', 3, NULL, NULL, NULL, NULL),
               ('1.3', 2, NULL, NULL, NULL, NULL), ('1.4', NULL, NULL, NULL, true, 'no communication budget'),
               ('2.1', 4, NULL, NULL, NULL, NULL), ('3.1', 5, 4, NULL, NULL, NULL), ('3.2', NULL, NULL, NULL, NULL, NULL),
               ('3.3', 5, NULL, NULL, NULL, NULL), ('4.1', 5, NULL, NULL, NULL, NULL), ('4.2', 5, NULL, NULL, NULL, NULL),
               ('5.1', 4, NULL, NULL, NULL, NULL), ('5.2', 5, NULL, NULL, NULL, NULL), ('6.1', 4, NULL, NULL, NULL, NULL),
               ('6.2', 3, NULL, NULL, NULL, NULL), ('7.1', 4, NULL, NULL, NULL, NULL), ('7.3', 3, NULL, NULL, NULL, NULL),
               ('8.1', NULL, NULL, 18, NULL, NULL)) v (c, s, a, v, na, e);
INSERT INTO composite_deductions (unit_id, index_code, year, criterion_code, points, reason)
SELECT id, 'par-department', 2023, c, p, r FROM units,
       (VALUES ('5.2', 2, 'Vi phạm kỷ luật hành chính'), (NULL, 1, 'Báo cáo CCHC quý IV chậm')) d (c, p, r)
 WHERE code = 'P.01';
SELECT criterion_code, source, max_points, self_score, appraised_score, survey_score, not_applicable,
       index766_rate, index766_score, score_from, score, counted
  FROM composite_leaf_scores WHERE unit_code = 'P.01' AND year = 2023 ORDER BY sort_key;
SELECT criterion_code, total, achieved, deducted, maximum, percent, criteria_counted, criteria_unscored
  FROM composite_criterion_results WHERE unit_code = 'P.01' AND year = 2023 AND depth = 1 ORDER BY sort_key;

-- P.02, 2023, loaded in a batch, without the survey: the survey is optional in this
-- index, so 8.1 leaves the maximum: every other leaf at its maximum but 7.2 (digitized
-- 0/2 → 0): 76 of 80 → 95.00% (xuất sắc / excellent); on time 2/2 → 3.2 scores 10.
CREATE TEMP TABLE batch (LIKE composite_assessment_input);
INSERT INTO batch (unit_code, index_code, year, criterion_code, appraised_score)
SELECT 'P.02', 'par-department', 2023, code, max_points FROM composite_criteria_tree
 WHERE index_code = 'par-department' AND is_leaf AND source IN ('self', 'appraisal');
SELECT * FROM load_composite_assessments('batch');
SELECT criterion_code, score_from, score, counted FROM composite_leaf_scores
 WHERE unit_code = 'P.02' AND criterion_code IN ('3.2', '7.2', '8.1') ORDER BY sort_key;

-- P.01, 2022: every leaf at 75% of its maximum (the Index 766 criteria appraised, as
-- there are no 2022 dossiers): 75 of 100, every field at 75%.
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, self_score, appraised_score, survey_score)
SELECT 'P.01', 'par-department', 2022, code,
       CASE WHEN source IN ('self', 'appraisal') THEN max_points * 0.75 END,
       CASE WHEN source = 'index766' THEN max_points * 0.75 END,
       CASE WHEN source = 'survey' THEN max_points * 0.75 END
  FROM composite_criteria_tree WHERE index_code = 'par-department' AND is_leaf;
SELECT * FROM load_composite_assessments('batch');

-- Results: P.02 first (95.00), P.01 second (79.38), up 4.38 points on 2022; 2022 ranked
-- 1 unit and 2023 ranks 2, so places are not compared; P.01's fields against 2022's 75%:
-- 5 rose (1, 3, 4, 6, 8), 3 fell (2, 5, 7).
SELECT unit_code, year, achieved, deducted, maximum, computed_percent, value, percent, band, band_vi, band_en,
       rank, rank_of, previous_value, points_change, previous_rank, places_up,
       components, components_rose, components_fell, source
  FROM composite_unit_results WHERE index_code = 'par-department' ORDER BY year, rank;
SELECT criterion_code, name_en, percent, previous_percent, change
  FROM composite_component_changes WHERE unit_code = 'P.01' AND year = 2023 ORDER BY sort_key;
SELECT level, year, units, average_percent, previous_average, average_change, leader_code, leader_value
  FROM composite_level_summary WHERE index_code = 'par-department' ORDER BY year;
SELECT year, band, units, at_or_above, level_units FROM composite_band_counts
 WHERE index_code = 'par-department' ORDER BY year, position;

--
-- Index 766 live: a fifth dossier of P.01, late, moves 3.2 from 3/4 (7.50) to 3/5 (6.00);
-- an appraised score then overrides the live value.
--
TRUNCATE dossier_batch;
INSERT INTO dossier_batch (code, unit_code, procedure_code, channel, received_at, due_at, ended_at, end_status)
VALUES ('a5', 'P.01', 'A1', 'direct', '2023-07-01 08:00', '2023-07-10 08:00', '2023-07-21 08:00', 'returned');
SELECT * FROM load_dossiers('dossier_batch');
SELECT criterion_code, index766_rate, index766_score, score_from, score
  FROM composite_leaf_scores WHERE unit_code = 'P.01' AND year = 2023 AND source = 'index766' ORDER BY sort_key;
UPDATE composite_assessments SET appraised_score = 9
 WHERE unit_id = (SELECT id FROM units WHERE code = 'P.01') AND year = 2023 AND criterion_code = '3.2';
SELECT criterion_code, index766_score, score_from, score
  FROM composite_leaf_scores WHERE unit_code = 'P.01' AND year = 2023 AND criterion_code = '3.2';
-- Now 3.2 scores 9 and 7.2 digitized 1/5 × 4 = 0.80: fields 7.5 + 4 + 18 + 10 + 7 + 7 + 7.8
-- + 18 = 79.3, minus 1 = 78.3 of 97 → 80.72% (tốt / good).  The views below use this.
SELECT unit_code, achieved, maximum, value, band FROM composite_unit_results
 WHERE unit_code = 'P.01' AND year = 2023;

--
-- A commune, par-local: 1.3 (districts only) is not its criterion, 1.4 is.
--
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, self_score)
VALUES ('P.D.X', 'par-local', 2023, '1.4', 3.5);
SELECT * FROM load_composite_assessments('batch');
SELECT criterion_code, score_from, score, counted FROM composite_leaf_scores
 WHERE unit_code = 'P.D.X' AND criterion_code LIKE '1.%' ORDER BY sort_key;

--
-- PCI from entered sub-indices (weighted mean): PCI = 10 × Σ weight × sub-index.
--   2023: 0.05 × (7.10 + 6.20 + 7.40 + 5.90 + 6.70 + 7.00) + 0.20 × (6.80 + 7.20 + 6.90)
--         + 0.10 × 6.50 = 2.015 + 4.18 + 0.65 = 6.845 → 68.45
--   2022: 0.05 × (6.90 + 6.50 + 7.20 + 5.70 + 6.50 + 6.80) + 0.20 × (6.60 + 7.00 + 6.70)
--         + 0.10 × 6.60 = 1.98 + 4.06 + 0.66 = 6.70 → 67.00; sub-indices 2 and 5 fell
--
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, appraised_score)
SELECT 'P', 'pci', y, c, v
  FROM (VALUES (2023, '1', 7.10), (2023, '2', 6.20), (2023, '3', 6.80), (2023, '4', 7.40), (2023, '5', 6.50),
               (2023, '6', 5.90), (2023, '7', 6.70), (2023, '8', 7.20), (2023, '9', 6.90), (2023, '10', 7.00),
               (2022, '1', 6.90), (2022, '2', 6.50), (2022, '3', 6.60), (2022, '4', 7.20), (2022, '5', 6.60),
               (2022, '6', 5.70), (2022, '7', 6.50), (2022, '8', 7.00), (2022, '9', 6.70), (2022, '10', 6.80)) v (y, c, v);
SELECT * FROM load_composite_assessments('batch');
-- VCCI's published ranks.
INSERT INTO composite_published (unit_id, index_code, year, value, rank, rank_of, publisher)
SELECT id, 'pci', y, v, r, 63, 'VCCI' FROM units, (VALUES (2022, 67.00, 12), (2023, 68.45, 8)) p (y, v, r)
 WHERE code = 'P';
SELECT year, total, weighted_mean(total) AS mean_of_10, computed_value, published_value, value, band,
       rank, rank_of, points_change, places_up, components, components_rose, components_fell
  FROM composite_unit_results WHERE index_code = 'pci' ORDER BY year;

--
-- DTI from entered main indices (points): 80 + 70 + 65 + 55 + 75 + 0 (smart city) = 345 of
-- 500; 150 + 90 + 100 = 340 of 500; 685 of 1000 → 68.50%.
--
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, appraised_score)
SELECT 'P', 'dti', 2023, c, v
  FROM (VALUES ('1.1', 80), ('1.2', 70), ('1.3', 65), ('1.4', 55), ('1.5', 75), ('1.6', 0),
               ('2.1', 150), ('2.2', 90), ('2.3', 100)) v (c, v);
SELECT * FROM load_composite_assessments('batch');
SELECT criterion_code, name_en, achieved, maximum, percent FROM composite_criterion_results
 WHERE index_code = 'dti' AND depth = 1 ORDER BY sort_key;
SELECT year, achieved, maximum, value, percent, band FROM composite_unit_results WHERE index_code = 'dti';

--
-- Targets: P.01 aimed at 80 points and first place; P at PCI 70 and the top 5.
--
INSERT INTO composite_targets (unit_id, index_code, year, target_points, target_rank, note)
SELECT id, i, 2023, p, r, n FROM units,
       (VALUES ('P.01', 'par-department', 80, 1, 'KH CCHC 2023'), ('P', 'pci', 70, 5, 'NQ 01/NQ-HĐND')) t (u, i, p, r, n)
 WHERE code = t.u;
SELECT unit_code, index_code, year, target_points, target_rank, value, rank, rank_of,
       points_gap, places_gap, points_met, rank_met
  FROM composite_target_gaps ORDER BY unit_code;

--
-- Bands of one's own: an index with bands uses them instead of the defaults.
--
INSERT INTO composite_bands (index_code, code, min_percent, name_vi, name_en)
VALUES ('par-department', 'top', 95, 'Dẫn đầu', 'Leading'), ('par-department', 'rest', 0, 'Còn lại', 'Others');
SELECT unit_code, year, percent, band, band_en FROM composite_unit_results
 WHERE index_code = 'par-department' ORDER BY year, unit_code;
SELECT index_code, band, position, min_percent, below_percent, is_default FROM composite_index_bands
 WHERE index_code IN ('par-department', 'pci') ORDER BY index_code, position;
DELETE FROM composite_bands WHERE index_code = 'par-department';

--
-- Bad input: every error names the unit and the criterion.
--
-- A second version of the department template from 2024, with a new criterion 7.4
-- (7.3 gives it 2 of its 4 points).
SELECT copy_composite_index('par-department', 2018, 'par-department', 2024) AS criteria_copied;
UPDATE composite_criteria SET max_points = 2 WHERE (index_code, index_version, code) = ('par-department', 2024, '7.3');
INSERT INTO composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points)
VALUES ('par-department', 2024, '7.4', '7', 4, 'Sử dụng chữ ký số', 'Digital signatures', 2);
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;
SELECT composite_version('par-department', y) AS version, y AS year FROM generate_series(2017, 2025, 4) y;

CREATE TEMP TABLE p01 AS SELECT id FROM units WHERE code = 'P.01';
SELECT what, pg_temp.try(format($$INSERT INTO composite_assessments
           (unit_id, index_code, index_version, year, criterion_code, self_score, appraised_score, survey_score, not_applicable)
           VALUES (%s, %L, %s, %s, %L, %s, %s, %s, %L)$$,
           coalesce(unit::text, (SELECT id FROM p01)::text), i, coalesce(v::text, 'NULL'), y, c,
           coalesce(s::text, 'NULL'), coalesce(a::text, 'NULL'), coalesce(sv::text, 'NULL'), coalesce(na, false))) AS result
  FROM (VALUES
    ('score above the maximum',     NULL::int, 'par-department', NULL::int, 2023, '2.2', NULL::numeric, 12::numeric, NULL::numeric, NULL::bool),
    ('self score above it',         NULL, 'par-department', NULL, 2023, '2.2', 4.01, NULL, NULL, NULL),
    ('survey score above it',       NULL, 'par-department', NULL, 2024, '8.1', NULL, NULL, 25, NULL),
    ('negative score',              NULL, 'par-department', NULL, 2023, '2.2', -1, NULL, NULL, NULL),
    ('criterion of another index',  NULL, 'par-department', NULL, 2023, '10', 1, NULL, NULL, NULL),
    ('criterion of another version', NULL, 'par-department', NULL, 2023, '7.4', 1, NULL, NULL, NULL),
    ('another version, named',      NULL, 'par-department', 2024, 2023, '2.2', 1, NULL, NULL, NULL),
    ('the old version in 2024',     NULL, 'par-department', 2018, 2024, '2.2', 1, NULL, NULL, NULL),
    ('duplicate assessment',        NULL, 'par-department', NULL, 2023, '1.2', 1, NULL, NULL, NULL),
    ('a field, not a leaf',         NULL, 'par-department', NULL, 2023, '2', 1, NULL, NULL, NULL),
    ('unknown index',               NULL, 'par-ministry', NULL, 2023, '1', 1, NULL, NULL, NULL),
    ('no version that year',        NULL, 'par-province', NULL, 2021, '1.1', 1, NULL, NULL, NULL),
    ('index of another level',      NULL, 'par-local', NULL, 2023, '1.1', 1, NULL, NULL, NULL),
    ('not applicable, but scored',  NULL, 'par-department', NULL, 2024, '2.2', 1, NULL, NULL, true),
    ('survey score, not a survey criterion', NULL, 'par-department', NULL, 2024, '2.2', NULL, NULL, 1, NULL),
    ('self score on a survey criterion', NULL, 'par-department', NULL, 2024, '8.1', 1, NULL, NULL, NULL),
    ('self score on an Index 766 criterion', NULL, 'par-department', NULL, 2024, '3.2', 1, NULL, NULL, NULL),
    ('unknown unit',                -1, 'par-department', NULL, 2023, '2.2', 1, NULL, NULL, NULL)
  ) t (what, unit, i, v, y, c, s, a, sv, na);
SELECT pg_temp.try(format($$INSERT INTO composite_assessments (unit_id, index_code, year, criterion_code, self_score)
                           SELECT id, 'par-local', 2023, '1.3', 1 FROM units WHERE code = 'P.D.X'$$)) AS commune_on_a_district_criterion;
SELECT pg_temp.try($$UPDATE composite_assessments SET self_score = 7
                      WHERE unit_id = (SELECT id FROM p01) AND year = 2023 AND criterion_code = '1.2'$$) AS update_above_the_maximum;
SELECT pg_temp.try($$UPDATE composite_assessments SET criterion_code = '1.2'
                      WHERE unit_id = (SELECT id FROM p01) AND year = 2023 AND criterion_code = '1.3'$$) AS update_into_a_duplicate;

-- A batch is all or nothing: its first bad row fails it, naming the unit and criterion;
-- composite_assessment_problems() lists every bad row.
SELECT count(*) AS assessments_before FROM composite_assessments;
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, self_score, appraised_score, survey_score, not_applicable) VALUES
    ('P.02', 'par-department', 2022, '1.1', 3, NULL, NULL, NULL),        -- good
    ('P.02', 'par-department', 2022, '1.2', 3.5, NULL, NULL, NULL),      -- above 3
    ('P.02', 'par-department', 2022, '1.3', NULL, -0.5, NULL, NULL),     -- negative
    ('P.09', 'par-department', 2022, '1.4', 1, NULL, NULL, NULL),        -- unknown unit
    ('P.02', 'par-department', 2022, '9.9', 1, NULL, NULL, NULL),        -- no such criterion
    ('P.02', 'pci', 2022, '1', 5, NULL, NULL, NULL),                     -- PCI is for provinces
    ('P.02', 'par-department', 2022, '2.1', 1, NULL, NULL, NULL),        -- twice
    ('P.02', 'par-department', 2022, '2.1', 2, NULL, NULL, NULL),
    ('P.01', 'par-department', 2023, '1.2', 1, NULL, NULL, NULL),        -- already assessed
    ('P.02', 'par-department', 2022, '3', 1, NULL, NULL, NULL),          -- a field
    ('P.02', 'par-department', 2022, '4.1', 1, NULL, NULL, true),        -- not applicable, scored
    ('P.02', 'par-department', 2022, '8.1', 20, NULL, NULL, NULL),       -- self score on the survey
    ('P.02', 'par-department', 2022, '3.2', 1, NULL, NULL, NULL),        -- self score on Index 766
    ('P.02', 'par-department', 2022, '4.2', NULL, NULL, 1, NULL),        -- survey score elsewhere
    ('P.02', 'par-department', NULL, '5.1', 1, NULL, NULL, NULL),        -- no year
    ('P.02', 'par-province', 2021, '1.1', 1, NULL, NULL, NULL);          -- no version in 2021
SELECT pg_temp.try($$SELECT * FROM load_composite_assessments('batch')$$) AS load;
\set VERBOSITY default
SAVEPOINT expected_error;
SELECT * FROM load_composite_assessments('batch');
ROLLBACK TO SAVEPOINT expected_error;
\set VERBOSITY terse
SELECT batch_row, unit_code, criterion_code, sqlstate, problem FROM composite_assessment_problems('batch');
SELECT count(*) AS assessments_after FROM composite_assessments;
-- With replace, an existing assessment is replaced.
TRUNCATE batch;
INSERT INTO batch (unit_code, index_code, year, criterion_code, self_score) VALUES ('P.01', 'par-department', 2023, '1.2', 2);
SELECT * FROM load_composite_assessments('batch', replace => true);
SELECT self_score FROM composite_assessments WHERE unit_id = (SELECT id FROM p01) AND year = 2023 AND criterion_code = '1.2';

-- Deductions, published results, targets.
SELECT what, pg_temp.try(sql) AS result
  FROM (VALUES
    ('deduction above the criterion''s maximum',
     $$INSERT INTO composite_deductions (unit_id, index_code, year, criterion_code, points, reason)
       SELECT id, 'par-department', 2023, '5.2', 6, 'x' FROM p01$$),
    ('deduction of 0',
     $$INSERT INTO composite_deductions (unit_id, index_code, year, points, reason) SELECT id, 'par-department', 2023, 0, 'x' FROM p01$$),
    ('deduction without a reason',
     $$INSERT INTO composite_deductions (unit_id, index_code, year, points, reason) SELECT id, 'par-department', 2023, 1, '' FROM p01$$),
    ('deduction on a criterion of another version',
     $$INSERT INTO composite_deductions (unit_id, index_code, year, criterion_code, points, reason)
       SELECT id, 'par-department', 2023, '7.4', 1, 'x' FROM p01$$),
    ('published value above the maximum',
     $$INSERT INTO composite_published (unit_id, index_code, year, value) SELECT id, 'pci', 2021, 101 FROM units WHERE code = 'P'$$),
    ('published rank out of range',
     $$INSERT INTO composite_published (unit_id, index_code, year, value, rank, rank_of) SELECT id, 'pci', 2021, 60, 64, 63 FROM units WHERE code = 'P'$$),
    ('published for a department',
     $$INSERT INTO composite_published (unit_id, index_code, year, value) SELECT id, 'pci', 2021, 60 FROM p01$$),
    ('target of an unknown index',
     $$INSERT INTO composite_targets (unit_id, index_code, year, target_points) SELECT id, 'sipas', 2023, 90 FROM p01$$),
    ('bands of an unknown index',
     $$INSERT INTO composite_bands (index_code, code, min_percent, name_vi, name_en) VALUES ('sipas', 'good', 80, 'Tốt', 'Good')$$)
  ) t (what, sql);

-- Definitions: cycles are refused at once; maxima that do not add up, weights in a sum
-- index and sub-criteria under an assessed leaf at commit (forced here with SET
-- CONSTRAINTS ... IMMEDIATE).
SELECT what, pg_temp.try(format('DO $do$ BEGIN %s; SET CONSTRAINTS ALL IMMEDIATE; END $do$', sql)) AS result
  FROM (VALUES
    ('a cycle',
     $$UPDATE composite_criteria SET parent_code = '3.1' WHERE (index_code, index_version, code) = ('par-department', 2024, '3')$$),
    ('a maximum that does not add up',
     $$UPDATE composite_criteria SET max_points = 6 WHERE (index_code, index_version, code) = ('par-department', 2024, '3.1')$$),
    ('both maxima edited (ok)',
     $$UPDATE composite_criteria SET max_points = CASE code WHEN '3.1' THEN 6 ELSE 4 END
        WHERE (index_code, index_version) = ('par-department', 2024) AND code IN ('3.1', '3.3')$$),
    ('a weight in a sum index',
     $$UPDATE composite_criteria SET weight = 0.5 WHERE (index_code, index_version, code) = ('par-department', 2024, '3.1')$$),
    ('a leaf without a weight in a weighted index',
     $$UPDATE composite_criteria SET weight = NULL WHERE (index_code, index_version, code) = ('pci', 2016, '3')$$),
    ('sub-criteria under an assessed leaf',
     $$INSERT INTO composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points)
       VALUES ('par-department', 2018, '1.2.1', '1.2', 1, 'x', 'x', 3)$$),
    ('an unknown Index 766 metric',
     $$UPDATE composite_criteria SET index766_metric = 'NOPE' WHERE (index_code, index_version, code) = ('par-department', 2024, '3.2')$$),
    ('a criterion for a level its index does not assess',
     $$UPDATE composite_criteria SET unit_levels = '{commune}' WHERE (index_code, index_version, code) = ('par-department', 2024, '2')$$)
  ) t (what, sql);
-- Every problem at once, without waiting for the commit.
SET CONSTRAINTS ALL DEFERRED;
SAVEPOINT broken;
UPDATE composite_criteria SET max_points = 3 WHERE (index_code, index_version, code) = ('par-department', 2024, '7.3');
UPDATE composite_criteria SET weight = 1 WHERE (index_code, index_version, code) = ('par-department', 2024, '1.1');
SELECT * FROM composite_definition_problems('par-department', 2024);
ROLLBACK TO SAVEPOINT broken;
SELECT count(*) AS problems_after_rollback FROM composite_definition_problems();

ROLLBACK;
