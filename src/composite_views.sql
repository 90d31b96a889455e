-- composite_views.sql — composite index results, as plain views for SQL and BI tools:
-- the criteria trees, every leaf's score per unit and year, every criterion's total,
-- the component (field) indexes with their change, each unit's result with its band,
-- rank and year-on-year change, per-level summaries and band counts, target gaps.
--
-- How a result is computed (the scoring state is score_total, composite.c):
--   leaf score   not applicable: leaves the maximum; survey criterion: its survey
--                score, or, without one, leaves the maximum when the index's survey is
--                optional (appraised / maximum appraisable × 100) and counts 0
--                otherwise; else the appraised score, else the Index 766 value
--                (rate of the metric over the calendar year scored to the
--                criterion's max by the metric's rule in the default methodology, as
--                index766() scores it) or the self score; else 0 (unscored)
--   criterion    score_total(score, max) over its leaves (weighted_score(score, max,
--                weight) in a weighted_mean index) + the deductions on it and below
--   unit         the sum of its fields' states + deductions on the whole index;
--                value = score_value(state, index max); a published value and rank win
--   rank         competition rank (1, 2, 2, 4) by value among the units of the same
--                level with a result for the index and year
--   averages     plain means of the units' percents (each rounded to 2 decimals),
--                rounded half up to 2 decimals
-- Names are schema-qualified (no SET search_path) so that queries on the views plan
-- as one query.

CREATE VIEW govindex.composite_criteria_tree WITH (security_invoker = true) AS
WITH RECURSIVE tree AS (
    SELECT c.index_code, c.index_version, c.code, c.parent_code, 1 AS depth,
           ARRAY[c.code] AS path, ARRAY[c.position] AS sort_key,
           coalesce(c.unit_levels, i.unit_levels) AS unit_levels,
           coalesce(c.weight, 1) AS path_weight
      FROM govindex.composite_criteria c
      JOIN govindex.composite_indices i ON (i.code, i.version) = (c.index_code, c.index_version)
     WHERE c.parent_code IS NULL
    UNION ALL
    SELECT c.index_code, c.index_version, c.code, c.parent_code, t.depth + 1,
           t.path || c.code, t.sort_key || c.position,
           coalesce(c.unit_levels, t.unit_levels),
           t.path_weight * coalesce(c.weight, 1)
      FROM tree t
      JOIN govindex.composite_criteria c
        ON (c.index_code, c.index_version, c.parent_code) = (t.index_code, t.index_version, t.code)
     WHERE NOT c.code = ANY (t.path)
)
SELECT t.index_code, t.index_version, t.code, t.parent_code, t.depth, t.path, t.sort_key,
       t.path[1] AS component_code,
       NOT EXISTS (SELECT FROM govindex.composite_criteria k
                    WHERE (k.index_code, k.index_version, k.parent_code) = (t.index_code, t.index_version, t.code)) AS is_leaf,
       c.name_vi, c.name_en, c.max_points, c.weight, t.path_weight, t.unit_levels, c.source, c.index766_metric
  FROM tree t
  JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code);
COMMENT ON VIEW govindex.composite_criteria_tree IS
    'Every criterion of every index version with its depth, path, component (field), whether it is a leaf, and the unit levels and weight it takes from its ancestors — Cây tiêu chí của các chỉ số';
COMMENT ON COLUMN govindex.composite_criteria_tree.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_criteria_tree.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_criteria_tree.code IS 'Criterion code — Mã tiêu chí';
COMMENT ON COLUMN govindex.composite_criteria_tree.parent_code IS 'Parent criterion — Tiêu chí cha';
COMMENT ON COLUMN govindex.composite_criteria_tree.depth IS 'Depth: 1 for a field (component) — Cấp: 1 là lĩnh vực';
COMMENT ON COLUMN govindex.composite_criteria_tree.path IS 'Codes from the field down to the criterion — Đường dẫn mã tiêu chí';
COMMENT ON COLUMN govindex.composite_criteria_tree.sort_key IS 'Positions along the path, to sort criteria in order — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_criteria_tree.component_code IS 'The field (top-level criterion) it belongs to — Lĩnh vực (chỉ số thành phần)';
COMMENT ON COLUMN govindex.composite_criteria_tree.is_leaf IS 'Whether it is assessed directly (has no sub-criteria) — Tiêu chí cấp cuối (được chấm trực tiếp)';
COMMENT ON COLUMN govindex.composite_criteria_tree.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_criteria_tree.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_criteria_tree.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_criteria_tree.weight IS 'Own weight — Trọng số';
COMMENT ON COLUMN govindex.composite_criteria_tree.path_weight IS 'Weight times its ancestors'' weights (NULL counting 1) — Trọng số tích lũy';
COMMENT ON COLUMN govindex.composite_criteria_tree.unit_levels IS 'Unit levels it applies to — Cấp đơn vị áp dụng';
COMMENT ON COLUMN govindex.composite_criteria_tree.source IS 'Source of a leaf''s score — Nguồn điểm';
COMMENT ON COLUMN govindex.composite_criteria_tree.index766_metric IS 'Index 766 metric, for source index766 — Chỉ số 766 liên kết';

CREATE VIEW govindex.composite_index_bands WITH (security_invoker = true) AS
SELECT i.code AS index_code, b.code AS band,
       (row_number() OVER w)::int AS position,
       b.name_vi, b.name_en, b.min_percent,
       lag(b.min_percent) OVER w AS below_percent,
       b.index_code = '*' AS is_default
  FROM (SELECT DISTINCT x.code FROM govindex.composite_indices x) i
  JOIN govindex.composite_bands b
    ON b.index_code = CASE WHEN EXISTS (SELECT FROM govindex.composite_bands o WHERE o.index_code = i.code)
                           THEN i.code ELSE '*' END
WINDOW w AS (PARTITION BY i.code ORDER BY b.min_percent DESC);
COMMENT ON VIEW govindex.composite_index_bands IS
    'The bands each index uses (its own, else the defaults *), best first, with the percent range of each: [min_percent, below_percent) — Các mức xếp loại áp dụng cho từng chỉ số';
COMMENT ON COLUMN govindex.composite_index_bands.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_index_bands.band IS 'Band code — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_index_bands.position IS 'Order, 1 for the best band — Thứ tự (1 là cao nhất)';
COMMENT ON COLUMN govindex.composite_index_bands.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_index_bands.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_index_bands.min_percent IS 'Lowest percent of the band (inclusive) — Tỷ lệ thấp nhất (bao gồm)';
COMMENT ON COLUMN govindex.composite_index_bands.below_percent IS 'Percent the band stays below (the next band''s minimum); NULL for the best — Cận trên (không bao gồm)';
COMMENT ON COLUMN govindex.composite_index_bands.is_default IS 'Whether these are the default bands * — Là mức mặc định';

CREATE VIEW govindex.composite_leaf_scores WITH (security_invoker = true) AS
WITH sets AS (   -- the units, index versions and years with something entered
    SELECT DISTINCT a.unit_id, a.index_code, a.index_version, a.year FROM govindex.composite_assessments a
    UNION
    SELECT d.unit_id, d.index_code, d.index_version, d.year FROM govindex.composite_deductions d
),
linked_years AS (   -- the years whose Index 766 rates are needed
    SELECT DISTINCT s.year FROM sets s
     WHERE EXISTS (SELECT FROM govindex.composite_criteria c
                    WHERE (c.index_code, c.index_version) = (s.index_code, s.index_version) AND c.source = 'index766')
),
rates AS MATERIALIZED (   -- every unit's Index 766 rates over each such calendar year, in the province's time zone
    SELECT y.year, r.unit_id, r.metric_code, r.value
      FROM linked_years y
     CROSS JOIN LATERAL govindex.index766_rates(
            tstzrange(make_date(y.year, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                      make_date(y.year + 1, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')) r
)
SELECT s.unit_id, u.code AS unit_code, u.name_vi AS unit_name, u.level, s.index_code, s.index_version, s.year,
       t.code AS criterion_code, t.component_code, t.path, t.sort_key, t.source, t.max_points,
       t.path_weight AS weight, i.aggregation = 'weighted_mean' AS weighted,
       a.self_score, a.appraised_score, a.survey_score, coalesce(a.not_applicable, false) AS not_applicable, a.evidence,
       r.value AS index766_rate, m.index766_score, f.score_from,
       CASE f.score_from
           WHEN 'survey' THEN a.survey_score
           WHEN 'appraised' THEN a.appraised_score
           WHEN 'index766' THEN m.index766_score
           WHEN 'self' THEN a.self_score
           WHEN 'unscored' THEN 0
       END AS score,
       f.score_from NOT IN ('not_applicable', 'no_survey') AS counted
  FROM sets s
  JOIN govindex.units u ON u.id = s.unit_id
  JOIN govindex.composite_indices i ON (i.code, i.version) = (s.index_code, s.index_version)
  JOIN govindex.composite_criteria_tree t
    ON (t.index_code, t.index_version) = (s.index_code, s.index_version) AND t.is_leaf AND u.level = ANY (t.unit_levels)
  LEFT JOIN govindex.composite_assessments a
    ON (a.unit_id, a.index_code, a.year, a.criterion_code) = (s.unit_id, s.index_code, s.year, t.code)
  LEFT JOIN rates r ON t.source = 'index766' AND (r.year, r.unit_id, r.metric_code) = (s.year, s.unit_id, t.index766_metric)
  -- scored by the metric's rule in the default methodology, to the criterion's maximum
  LEFT JOIN govindex.metrics rule
    ON t.source = 'index766' AND rule.methodology = (SELECT govindex.methodology_or_default(NULL)) AND rule.code = t.index766_metric
 CROSS JOIN LATERAL (
        SELECT CASE WHEN r.value IS NOT NULL AND rule.code IS NOT NULL
                    THEN govindex.score_rate(r.value, t.max_points, rule.basis, rule.rule, rule.threshold, rule.empty_value) END AS index766_score
       ) m
 CROSS JOIN LATERAL (
        SELECT CASE
               WHEN a.not_applicable THEN 'not_applicable'
               WHEN t.source = 'survey' THEN
                   CASE WHEN a.survey_score IS NOT NULL THEN 'survey'
                        WHEN i.survey_optional THEN 'no_survey'
                        ELSE 'unscored' END
               WHEN a.appraised_score IS NOT NULL THEN 'appraised'
               WHEN t.source = 'index766' THEN CASE WHEN m.index766_score IS NOT NULL THEN 'index766' ELSE 'unscored' END
               WHEN a.self_score IS NOT NULL THEN 'self'
               ELSE 'unscored'
               END AS score_from
       ) f;
COMMENT ON VIEW govindex.composite_leaf_scores IS
    'Every applicable leaf criterion of every unit, index version and year with an assessment or deduction: the score used and where it came from (appraised over self; survey; Index 766 live; unscored counts 0; not applicable and a missing optional survey leave the maximum) — Điểm từng tiêu chí cấp cuối của từng đơn vị, năm';
COMMENT ON COLUMN govindex.composite_leaf_scores.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_leaf_scores.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_leaf_scores.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_leaf_scores.criterion_code IS 'Leaf criterion — Tiêu chí cấp cuối';
COMMENT ON COLUMN govindex.composite_leaf_scores.component_code IS 'Its field — Lĩnh vực';
COMMENT ON COLUMN govindex.composite_leaf_scores.path IS 'Codes from the field down — Đường dẫn mã';
COMMENT ON COLUMN govindex.composite_leaf_scores.sort_key IS 'Sort key — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_leaf_scores.source IS 'Source of the score — Nguồn điểm';
COMMENT ON COLUMN govindex.composite_leaf_scores.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_leaf_scores.weight IS 'Weight (weighted indices) — Trọng số';
COMMENT ON COLUMN govindex.composite_leaf_scores.weighted IS 'Whether the index is a weighted mean — Chỉ số trung bình có trọng số';
COMMENT ON COLUMN govindex.composite_leaf_scores.self_score IS 'Self-assessed points — Điểm tự chấm';
COMMENT ON COLUMN govindex.composite_leaf_scores.appraised_score IS 'Appraised points — Điểm thẩm định';
COMMENT ON COLUMN govindex.composite_leaf_scores.survey_score IS 'Survey points — Điểm điều tra xã hội học';
COMMENT ON COLUMN govindex.composite_leaf_scores.not_applicable IS 'Marked not applicable — Không áp dụng';
COMMENT ON COLUMN govindex.composite_leaf_scores.evidence IS 'Evidence — Tài liệu kiểm chứng';
COMMENT ON COLUMN govindex.composite_leaf_scores.index766_rate IS 'Rate of the linked Index 766 metric over the year — Tỷ lệ chỉ số 766 liên kết trong năm';
COMMENT ON COLUMN govindex.composite_leaf_scores.index766_score IS
    'That rate scored to the criterion''s maximum by the metric''s rule (basis, rule, threshold, empty value) in the default methodology; NULL when it scores nothing or the default methodology has no such metric — Điểm quy đổi từ chỉ số 766 theo quy tắc của phương pháp mặc định';
COMMENT ON COLUMN govindex.composite_leaf_scores.score_from IS
    'Where the score comes from: appraised, self, survey, index766, unscored (0), not_applicable or no_survey (both out of the maximum) — Nguồn điểm được dùng';
COMMENT ON COLUMN govindex.composite_leaf_scores.score IS 'Points used; NULL when not counted — Điểm được tính';
COMMENT ON COLUMN govindex.composite_leaf_scores.counted IS 'Whether the criterion counts in the maximum — Có tính vào điểm tối đa';

CREATE VIEW govindex.composite_criterion_results WITH (security_invoker = true) AS
WITH leaf_totals AS (
    SELECT l.unit_id, l.index_code, l.index_version, l.year, p.code AS criterion_code,
           govindex.score_total(l.score, l.max_points) FILTER (WHERE l.counted AND NOT l.weighted)
           + govindex.weighted_score(l.score, l.max_points, l.weight) FILTER (WHERE l.counted AND l.weighted) AS total,
           count(*) FILTER (WHERE l.counted) AS criteria_counted,
           count(*) FILTER (WHERE l.score_from = 'unscored') AS criteria_unscored
      FROM govindex.composite_leaf_scores l
     CROSS JOIN LATERAL unnest(l.path) p (code)
     GROUP BY l.unit_id, l.index_code, l.index_version, l.year, p.code
),
deductions AS (   -- a deduction on a criterion counts on it and on every ancestor
    SELECT d.unit_id, d.index_code, d.index_version, d.year, p.code AS criterion_code, sum(d.points) AS points
      FROM govindex.composite_deductions d
      JOIN govindex.composite_criteria_tree t
        ON (t.index_code, t.index_version, t.code) = (d.index_code, d.index_version, d.criterion_code)
     CROSS JOIN LATERAL unnest(t.path) p (code)
     GROUP BY d.unit_id, d.index_code, d.index_version, d.year, p.code
)
SELECT lt.unit_id, u.code AS unit_code, u.name_vi AS unit_name, u.level,
       lt.index_code, lt.index_version, lt.year,
       t.code AS criterion_code, t.parent_code, t.depth, t.sort_key, t.name_vi, t.name_en, t.is_leaf,
       x.total,
       govindex.achieved(x.total) AS achieved, govindex.deducted(x.total) AS deducted,
       govindex.maximum(x.total) AS maximum, govindex.score_percent(x.total) AS percent,
       lt.criteria_counted, lt.criteria_unscored
  FROM leaf_totals lt
  LEFT JOIN deductions d
    ON (d.unit_id, d.index_code, d.index_version, d.year, d.criterion_code)
     = (lt.unit_id, lt.index_code, lt.index_version, lt.year, lt.criterion_code)
  JOIN govindex.units u ON u.id = lt.unit_id
  JOIN govindex.composite_criteria_tree t
    ON (t.index_code, t.index_version, t.code) = (lt.index_code, lt.index_version, lt.criterion_code)
 CROSS JOIN LATERAL (SELECT lt.total + govindex.make_score_total(0, 0, coalesce(d.points, 0)) AS total) x;
COMMENT ON VIEW govindex.composite_criterion_results IS
    'Every criterion (field, criterion, sub-criterion) of every unit and year: the sum of its applicable leaves and the deductions on it and below, as achieved / maximum and percent — Kết quả từng lĩnh vực, tiêu chí của từng đơn vị, năm';
COMMENT ON COLUMN govindex.composite_criterion_results.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_criterion_results.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_criterion_results.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_criterion_results.criterion_code IS 'Criterion — Tiêu chí';
COMMENT ON COLUMN govindex.composite_criterion_results.parent_code IS 'Parent criterion — Tiêu chí cha';
COMMENT ON COLUMN govindex.composite_criterion_results.depth IS 'Depth, 1 for a field — Cấp, 1 là lĩnh vực';
COMMENT ON COLUMN govindex.composite_criterion_results.sort_key IS 'Sort key — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_criterion_results.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_criterion_results.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_criterion_results.is_leaf IS 'Whether it is a leaf — Tiêu chí cấp cuối';
COMMENT ON COLUMN govindex.composite_criterion_results.total IS 'The score_total state — Trạng thái điểm (score_total)';
COMMENT ON COLUMN govindex.composite_criterion_results.achieved IS 'Points achieved after deductions — Điểm đạt';
COMMENT ON COLUMN govindex.composite_criterion_results.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex.composite_criterion_results.maximum IS 'Maximum of the applicable criteria — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_criterion_results.percent IS 'achieved / maximum in percent, 2 decimals — Tỷ lệ đạt (%)';
COMMENT ON COLUMN govindex.composite_criterion_results.criteria_counted IS 'Leaves counted in the maximum — Số tiêu chí được tính';
COMMENT ON COLUMN govindex.composite_criterion_results.criteria_unscored IS 'Leaves counted without a score (0 points) — Số tiêu chí chưa có điểm';

CREATE VIEW govindex.composite_component_changes WITH (security_invoker = true) AS
SELECT c.unit_id, c.unit_code, c.unit_name, c.level, c.index_code, c.index_version, c.year,
       c.criterion_code, c.sort_key, c.name_vi, c.name_en, c.total, c.achieved, c.deducted, c.maximum, c.percent,
       c.previous_percent, c.percent - c.previous_percent AS change
  FROM (SELECT r.*,
               first_value(r.percent) OVER (PARTITION BY r.unit_id, r.index_code, r.criterion_code ORDER BY r.year
                                            RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING) AS previous_percent
          FROM govindex.composite_criterion_results r
         WHERE r.depth = 1) c;
COMMENT ON VIEW govindex.composite_component_changes IS
    'Component indexes (the fields) of every unit and year with their percent the year before and the change — Chỉ số thành phần (lĩnh vực) và biến động so với năm trước';
COMMENT ON COLUMN govindex.composite_component_changes.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_component_changes.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_component_changes.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_component_changes.criterion_code IS 'Field (component) — Lĩnh vực';
COMMENT ON COLUMN govindex.composite_component_changes.sort_key IS 'Sort key — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_component_changes.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_component_changes.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_component_changes.total IS 'The score_total state — Trạng thái điểm';
COMMENT ON COLUMN govindex.composite_component_changes.achieved IS 'Points achieved — Điểm đạt';
COMMENT ON COLUMN govindex.composite_component_changes.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex.composite_component_changes.maximum IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_component_changes.percent IS 'Component index (%) — Chỉ số thành phần (%)';
COMMENT ON COLUMN govindex.composite_component_changes.previous_percent IS 'The same the year before — Năm trước';
COMMENT ON COLUMN govindex.composite_component_changes.change IS 'Change in percentage points (negative: fell) — Tăng/giảm (điểm phần trăm)';

CREATE VIEW govindex.composite_unit_results WITH (security_invoker = true) AS
WITH assessed AS (
    SELECT c.unit_id, c.index_code, c.index_version, c.year,
           govindex.sum(c.total) AS total,
           count(*) AS components,
           count(*) FILTER (WHERE c.change > 0) AS components_rose,
           count(*) FILTER (WHERE c.change < 0) AS components_fell
      FROM govindex.composite_component_changes c
     GROUP BY c.unit_id, c.index_code, c.index_version, c.year
),
whole AS (   -- deductions on the index as a whole
    SELECT d.unit_id, d.index_code, d.year, sum(d.points) AS points
      FROM govindex.composite_deductions d
     WHERE d.criterion_code IS NULL
     GROUP BY d.unit_id, d.index_code, d.year
),
results AS (   -- assessed, published, or both
    SELECT coalesce(a.unit_id, p.unit_id) AS unit_id, coalesce(a.index_code, p.index_code) AS index_code,
           coalesce(a.year, p.year) AS year,
           coalesce(a.index_version, govindex.composite_version(p.index_code, p.year)) AS index_version,
           a.total + govindex.make_score_total(0, 0, coalesce(w.points, 0)) AS total,
           a.components, a.components_rose, a.components_fell,
           p.value AS published_value, p.rank AS published_rank, p.rank_of AS published_rank_of
      FROM assessed a
      LEFT JOIN whole w ON (w.unit_id, w.index_code, w.year) = (a.unit_id, a.index_code, a.year)
      FULL JOIN govindex.composite_published p ON (p.unit_id, p.index_code, p.year) = (a.unit_id, a.index_code, a.year)
),
valued AS (
    SELECT r.*, u.code AS unit_code, u.name_vi AS unit_name, u.level,
           i.name_vi AS index_name_vi, i.name_en AS index_name_en, i.scale, i.max_points AS index_max_points,
           govindex.score_value(r.total, i.max_points) AS computed_value,
           coalesce(r.published_value, govindex.score_value(r.total, i.max_points)) AS value
      FROM results r
      JOIN govindex.units u ON u.id = r.unit_id
      JOIN govindex.composite_indices i ON (i.code, i.version) = (r.index_code, r.index_version)
),
ranked AS (
    SELECT v.*, round(100 * v.value / v.index_max_points, 2) AS percent,
           coalesce(v.published_rank,
                    (rank() OVER (PARTITION BY v.index_code, v.year, v.level ORDER BY v.value DESC NULLS LAST))::int) AS rank,
           coalesce(v.published_rank_of,
                    (count(*) OVER (PARTITION BY v.index_code, v.year, v.level))::int) AS rank_of
      FROM valued v
),
compared AS (
    SELECT r.*,
           first_value(r.value) OVER previous_year AS previous_value,
           first_value(r.rank) OVER previous_year AS previous_rank,
           first_value(r.rank_of) OVER previous_year AS previous_rank_of
      FROM ranked r
    WINDOW previous_year AS (PARTITION BY r.unit_id, r.index_code ORDER BY r.year RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING)
)
SELECT c.unit_id, c.unit_code, c.unit_name, c.level, c.index_code, c.index_version,
       c.index_name_vi, c.index_name_en, c.scale, c.year,
       govindex.achieved(c.total) AS achieved, govindex.deducted(c.total) AS deducted,
       govindex.maximum(c.total) AS maximum, govindex.score_percent(c.total) AS computed_percent,
       c.computed_value, c.published_value, c.value, c.percent,
       b.band, b.name_vi AS band_vi, b.name_en AS band_en,
       c.rank, c.rank_of,
       c.previous_value, c.previous_rank, c.previous_rank_of,
       c.value - c.previous_value AS points_change,
       -- ranks out of different counts do not compare
       CASE WHEN c.previous_rank_of = c.rank_of THEN c.previous_rank - c.rank END AS places_up,
       c.components, c.components_rose, c.components_fell,
       CASE WHEN c.published_value IS NOT NULL THEN 'published' ELSE 'assessed' END AS source,
       c.total
  FROM compared c
  LEFT JOIN govindex.composite_index_bands b
    ON b.index_code = c.index_code AND c.percent >= b.min_percent
   AND (b.below_percent IS NULL OR c.percent < b.below_percent);
COMMENT ON VIEW govindex.composite_unit_results IS
    'Each unit''s result per index and year: points, percent, band, rank within its level (or the published rank), change against the previous year in points and places, and how many component indexes rose or fell — Kết quả chỉ số của từng đơn vị theo năm: điểm, xếp loại, thứ hạng, biến động';
COMMENT ON COLUMN govindex.composite_unit_results.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_unit_results.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_unit_results.index_name_vi IS 'Index name, Vietnamese — Tên chỉ số';
COMMENT ON COLUMN govindex.composite_unit_results.index_name_en IS 'Index name, English — Tên chỉ số tiếng Anh';
COMMENT ON COLUMN govindex.composite_unit_results.scale IS 'points or percent — Thang điểm';
COMMENT ON COLUMN govindex.composite_unit_results.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_unit_results.achieved IS 'Points achieved from the assessments, after deductions — Điểm đạt (theo chấm điểm)';
COMMENT ON COLUMN govindex.composite_unit_results.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex.composite_unit_results.maximum IS 'Maximum of the applicable criteria — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_unit_results.computed_percent IS 'achieved / maximum in percent — Tỷ lệ đạt theo chấm điểm (%)';
COMMENT ON COLUMN govindex.composite_unit_results.computed_value IS 'The computed result on the index''s scale — Kết quả tính được theo thang điểm';
COMMENT ON COLUMN govindex.composite_unit_results.published_value IS 'The published result, if any — Kết quả công bố';
COMMENT ON COLUMN govindex.composite_unit_results.value IS 'The result: published, else computed — Kết quả (ưu tiên kết quả công bố)';
COMMENT ON COLUMN govindex.composite_unit_results.percent IS 'The result as a percent of the index''s maximum — Kết quả (%)';
COMMENT ON COLUMN govindex.composite_unit_results.band IS 'Band code — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_unit_results.band_vi IS 'Band, Vietnamese — Xếp loại';
COMMENT ON COLUMN govindex.composite_unit_results.band_en IS 'Band, English — Xếp loại (tiếng Anh)';
COMMENT ON COLUMN govindex.composite_unit_results.rank IS 'Rank within the level (competition ranking), or the published rank — Thứ hạng trong cấp, hoặc thứ hạng công bố';
COMMENT ON COLUMN govindex.composite_unit_results.rank_of IS 'Out of how many — Trên tổng số';
COMMENT ON COLUMN govindex.composite_unit_results.previous_value IS 'Result of the previous year — Kết quả năm trước';
COMMENT ON COLUMN govindex.composite_unit_results.previous_rank IS 'Rank of the previous year — Thứ hạng năm trước';
COMMENT ON COLUMN govindex.composite_unit_results.previous_rank_of IS 'Out of how many, the previous year — Trên tổng số, năm trước';
COMMENT ON COLUMN govindex.composite_unit_results.points_change IS 'Change in points (negative: fell) — Tăng/giảm điểm';
COMMENT ON COLUMN govindex.composite_unit_results.places_up IS
    'Places gained (negative: lost); NULL when the two ranks are out of different counts — Số bậc tăng (âm: giảm)';
COMMENT ON COLUMN govindex.composite_unit_results.components IS 'Component indexes (fields) assessed — Số chỉ số thành phần';
COMMENT ON COLUMN govindex.composite_unit_results.components_rose IS 'Component indexes that rose against the previous year — Số chỉ số thành phần tăng';
COMMENT ON COLUMN govindex.composite_unit_results.components_fell IS 'Component indexes that fell — Số chỉ số thành phần giảm';
COMMENT ON COLUMN govindex.composite_unit_results.source IS 'published or assessed — Nguồn kết quả: công bố hoặc chấm điểm';
COMMENT ON COLUMN govindex.composite_unit_results.total IS 'The score_total state of the assessments — Trạng thái điểm';

CREATE VIEW govindex.composite_level_summary WITH (security_invoker = true) AS
WITH per_year AS (
    SELECT r.index_code, r.year, r.level, count(*) AS units,
           round(avg(r.percent), 2) AS average_percent,
           min(r.percent) AS lowest_percent,
           (array_agg(r.unit_code ORDER BY r.value DESC NULLS LAST, r.unit_code))[1] AS leader_code,
           (array_agg(r.unit_name ORDER BY r.value DESC NULLS LAST, r.unit_code))[1] AS leader_name,
           max(r.value) AS leader_value
      FROM govindex.composite_unit_results r
     GROUP BY r.index_code, r.year, r.level
)
SELECT p.index_code, p.year, p.level, p.units, p.average_percent,
       first_value(p.average_percent) OVER previous_year AS previous_average,
       p.average_percent - first_value(p.average_percent) OVER previous_year AS average_change,
       p.lowest_percent, p.leader_code, p.leader_name, p.leader_value
  FROM per_year p
WINDOW previous_year AS (PARTITION BY p.index_code, p.level ORDER BY p.year RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING);
COMMENT ON VIEW govindex.composite_level_summary IS
    'Per index, year and unit level: units, the average percent (a plain mean of the units'' percents, rounded to 2 decimals), its change against the previous year, the lowest percent and the leader — Tổng hợp theo cấp: số đơn vị, bình quân, biến động, đơn vị dẫn đầu';
COMMENT ON COLUMN govindex.composite_level_summary.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_level_summary.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_level_summary.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_level_summary.units IS 'Units with a result — Số đơn vị';
COMMENT ON COLUMN govindex.composite_level_summary.average_percent IS 'Average percent — Giá trị trung bình (%)';
COMMENT ON COLUMN govindex.composite_level_summary.previous_average IS 'Average percent of the previous year — Trung bình năm trước';
COMMENT ON COLUMN govindex.composite_level_summary.average_change IS 'Change of the average (percentage points) — Tăng/giảm so với năm trước';
COMMENT ON COLUMN govindex.composite_level_summary.lowest_percent IS 'Lowest percent — Tỷ lệ thấp nhất';
COMMENT ON COLUMN govindex.composite_level_summary.leader_code IS 'Leader''s unit code (ties: the first code) — Mã đơn vị dẫn đầu';
COMMENT ON COLUMN govindex.composite_level_summary.leader_name IS 'Leader''s name — Đơn vị dẫn đầu';
COMMENT ON COLUMN govindex.composite_level_summary.leader_value IS 'Leader''s result — Kết quả của đơn vị dẫn đầu';

CREATE VIEW govindex.composite_band_counts WITH (security_invoker = true) AS
WITH results AS (
    SELECT r.index_code, r.year, r.level, r.unit_id, r.percent, r.band FROM govindex.composite_unit_results r
),
levels AS (
    SELECT r.index_code, r.year, r.level, count(*) AS units FROM results r GROUP BY r.index_code, r.year, r.level
)
SELECT l.index_code, l.year, l.level, b.band, b.position, b.name_vi AS band_vi, b.name_en AS band_en, b.min_percent,
       count(r.unit_id) FILTER (WHERE r.band = b.band) AS units,
       count(r.unit_id) FILTER (WHERE r.percent >= b.min_percent) AS at_or_above,
       l.units AS level_units
  FROM levels l
  JOIN govindex.composite_index_bands b ON b.index_code = l.index_code
  LEFT JOIN results r ON (r.index_code, r.year, r.level) = (l.index_code, l.year, l.level)
 GROUP BY l.index_code, l.year, l.level, b.band, b.position, b.name_vi, b.name_en, b.min_percent, l.units;
COMMENT ON VIEW govindex.composite_band_counts IS
    'Per index, year, unit level and band: how many units are in the band, and how many at or above its minimum ("07/19 units ≥ 90%") — Số đơn vị theo từng mức xếp loại';
COMMENT ON COLUMN govindex.composite_band_counts.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_band_counts.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_band_counts.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_band_counts.band IS 'Band code — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_band_counts.position IS 'Order, 1 for the best band — Thứ tự';
COMMENT ON COLUMN govindex.composite_band_counts.band_vi IS 'Band, Vietnamese — Xếp loại';
COMMENT ON COLUMN govindex.composite_band_counts.band_en IS 'Band, English — Xếp loại (tiếng Anh)';
COMMENT ON COLUMN govindex.composite_band_counts.min_percent IS 'Lowest percent of the band — Tỷ lệ thấp nhất của loại';
COMMENT ON COLUMN govindex.composite_band_counts.units IS 'Units in the band — Số đơn vị đạt loại này';
COMMENT ON COLUMN govindex.composite_band_counts.at_or_above IS 'Units at or above the band''s minimum — Số đơn vị đạt từ mức này trở lên';
COMMENT ON COLUMN govindex.composite_band_counts.level_units IS 'Units of the level with a result — Tổng số đơn vị của cấp';

CREATE VIEW govindex.composite_target_gaps WITH (security_invoker = true) AS
SELECT t.unit_id, u.code AS unit_code, u.name_vi AS unit_name, u.level, t.index_code, t.year,
       t.target_points, t.target_rank, r.value, r.rank, r.rank_of,
       r.value - t.target_points AS points_gap,
       t.target_rank - r.rank AS places_gap,
       r.value >= t.target_points AS points_met,
       r.rank <= t.target_rank AS rank_met,
       t.note
  FROM govindex.composite_targets t
  JOIN govindex.units u ON u.id = t.unit_id
  LEFT JOIN govindex.composite_unit_results r ON (r.unit_id, r.index_code, r.year) = (t.unit_id, t.index_code, t.year);
COMMENT ON VIEW govindex.composite_target_gaps IS
    'Each target against the result: the gap in points and in places (negative: still short), and whether each was met; NULL while there is no result — Khoảng cách giữa kết quả và mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_target_gaps.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_target_gaps.target_points IS 'Target value — Điểm mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.target_rank IS 'Target rank — Thứ hạng mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.value IS 'Result — Kết quả';
COMMENT ON COLUMN govindex.composite_target_gaps.rank IS 'Rank — Thứ hạng';
COMMENT ON COLUMN govindex.composite_target_gaps.rank_of IS 'Out of how many — Trên tổng số';
COMMENT ON COLUMN govindex.composite_target_gaps.points_gap IS 'Result minus target (negative: short of it) — Chênh lệch điểm so với mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.places_gap IS 'Target rank minus rank (negative: places still to climb) — Chênh lệch bậc so với mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.points_met IS 'Whether the target points were reached — Đạt mục tiêu điểm';
COMMENT ON COLUMN govindex.composite_target_gaps.rank_met IS 'Whether the target rank was reached — Đạt mục tiêu thứ hạng';
COMMENT ON COLUMN govindex.composite_target_gaps.note IS 'Source of the target — Căn cứ mục tiêu';
