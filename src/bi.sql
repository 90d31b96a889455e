-- bi.sql — the BI surface: schema govindex_bi holds only plain views, each one row per
-- thing a dashboard shows, with columns of plain types only (text, numeric, int, bigint,
-- date, timestamptz, bool) and a comment on every view and column, so that a BI tool
-- (Superset, Metabase, Power BI, Grafana) lists them over JDBC/ODBC and charts them
-- without calling a function.  Every view is security_invoker: it shows what the
-- reader may see in the tables below (row-level security by unit subtree).
--
-- Ranks: the reading's root (the province) carries the national rank when one was given
-- with the reading (`national_rank`); every other unit its rank among the units of the
-- same parent and level (`rank_in_parent`); no column mixes the two.  Levels order by
-- `level_order` (unit_levels.depth, 0 for the province).  "Latest" is a column
-- (`is_latest`) or a view of its own, never a DISTINCT ON for the reader to write.

CREATE SCHEMA govindex_bi;
COMMENT ON SCHEMA govindex_bi IS
    'Plain views for BI tools: Index 766 readings, live year to date, unit tree, composite results — Các view cho công cụ BI';

-- Every unit in every reading: total, the two ranks apart, the change against the
-- previous reading of the same root and methodology (as index766_reading_changes), and
-- the meeting sentences.  For readings recorded before 0.4.0, which did not keep whether
-- a national rank was given, the root's rank counts as national when it differs from its
-- rank among the reading's units of the same parent and level (a national rank of 1/1
-- cannot be told apart, and reads as none).
CREATE VIEW govindex_bi.index766_unit_readings WITH (security_invoker = true) AS
WITH stored AS (
    SELECT r.id AS reading_id, r.taken_on, r.root_code, r.methodology, r.window_from, r.window_to, r.recorded_at,
           u.unit_code, u.unit_name, u.level, u.parent_code, u.total, u.max_points, u.rank, u.rank_of,
           u.unit_code = r.root_code AS is_root,
           r.national_rank IS NOT NULL
           OR (u.unit_code = r.root_code
               AND (u.rank, u.rank_of) IS DISTINCT FROM
                   ((rank() OVER siblings)::int, (count(*) OVER (PARTITION BY u.reading_id, u.parent_code, u.level))::int))
               AS national_given
      FROM govindex.index766_readings r
      JOIN govindex.index766_reading_units u ON u.reading_id = r.id
    WINDOW siblings AS (PARTITION BY u.reading_id, u.parent_code, u.level ORDER BY u.total DESC)
),
split AS (
    SELECT s.*,
           CASE WHEN s.is_root AND s.national_given THEN s.rank END AS national_rank,
           CASE WHEN s.is_root AND s.national_given THEN s.rank_of END AS national_rank_of,
           CASE WHEN NOT s.is_root THEN s.rank END AS rank_in_parent,
           CASE WHEN NOT s.is_root THEN s.rank_of END AS rank_in_parent_of
      FROM stored s
),
compared AS (
    SELECT s.*,
           lag(s.reading_id) OVER earlier AS previous_reading_id,
           lag(s.taken_on) OVER earlier AS previous_taken_on,
           lag(s.total) OVER earlier AS previous_total,
           lag(s.rank) OVER earlier AS previous_rank,
           lag(s.rank_of) OVER earlier AS previous_rank_of,
           lag(s.national_rank) OVER earlier AS previous_national_rank,
           lag(s.national_rank_of) OVER earlier AS previous_national_rank_of,
           lag(s.rank_in_parent) OVER earlier AS previous_rank_in_parent,
           lag(s.rank_in_parent_of) OVER earlier AS previous_rank_in_parent_of,
           row_number() OVER (PARTITION BY s.unit_code
                              ORDER BY s.taken_on DESC,
                                       s.methodology = (SELECT m.code FROM govindex.methodologies m WHERE m.is_default) DESC,
                                       s.reading_id DESC) = 1 AS is_latest
      FROM split s
    WINDOW earlier AS (PARTITION BY s.root_code, s.methodology, s.unit_code ORDER BY s.taken_on)
)
SELECT c.reading_id, c.taken_on, c.root_code, c.methodology, c.window_from, c.window_to,
       c.unit_code, c.unit_name, c.level, l.name_vi AS level_name_vi, l.name_en AS level_name_en,
       l.depth AS level_order, c.parent_code, c.is_root,
       c.total, c.max_points, round(100 * c.total / nullif(c.max_points, 0), 2) AS percent,
       c.national_rank, c.national_rank_of, c.national_rank || '/' || c.national_rank_of AS national_rank_text,
       c.rank_in_parent, c.rank_in_parent_of, c.rank_in_parent || '/' || c.rank_in_parent_of AS rank_in_parent_text,
       c.previous_reading_id, c.previous_taken_on, c.previous_total,
       c.total - c.previous_total AS points_change,
       c.previous_national_rank,
       CASE WHEN c.previous_national_rank_of = c.national_rank_of THEN c.previous_national_rank - c.national_rank END
           AS national_places_up,
       c.previous_rank_in_parent,
       CASE WHEN c.previous_rank_in_parent_of = c.rank_in_parent_of THEN c.previous_rank_in_parent - c.rank_in_parent END
           AS places_up_in_parent,
       govindex.format_index766_sentence(c.unit_name, c.total, c.rank, c.rank_of, c.previous_taken_on,
           c.total - c.previous_total,
           CASE WHEN c.previous_rank_of = c.rank_of THEN c.previous_rank - c.rank END, 'vi') AS sentence_vi,
       govindex.format_index766_sentence(c.unit_name, c.total, c.rank, c.rank_of, c.previous_taken_on,
           c.total - c.previous_total,
           CASE WHEN c.previous_rank_of = c.rank_of THEN c.previous_rank - c.rank END, 'en') AS sentence_en,
       c.is_latest, c.recorded_at
  FROM compared c
  LEFT JOIN govindex.unit_levels l ON l.level = c.level;
COMMENT ON VIEW govindex_bi.index766_unit_readings IS
    'Index 766: every unit in every reading, with the national rank and the rank within the parent apart, the change since the previous reading and the meeting sentence — Kết quả Bộ chỉ số 766 của từng đơn vị qua các lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.reading_id IS 'Reading (index766_readings.id) — Lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.root_code IS
    'Root unit the reading was taken of, with its whole tree — Đơn vị gốc của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.methodology IS
    'Methodology of the reading — Phương pháp tính điểm';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.window_from IS 'Start of the window read (inclusive) — Đầu kỳ';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.window_to IS
    'End of the window read (exclusive) — Cuối kỳ (không bao gồm)';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.unit_name IS 'Unit name (at the time of the reading) — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.level_name_vi IS 'Level name, Vietnamese — Tên cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.level_name_en IS
    'Level name, English — Tên cấp đơn vị (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.is_root IS
    'Whether the unit is the reading''s root (the province) — Là đơn vị gốc (tỉnh)';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.total IS 'Total points: the sum of the group scores — Tổng điểm';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.percent IS
    'Total as a percent of the maximum, 2 decimals — Tỷ lệ điểm đạt (%)';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.national_rank IS
    'National rank of the root as given from the portal with the reading; NULL on every other row and when none was given — Thứ hạng toàn quốc';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.national_rank_of IS
    'Out of how many provinces the national rank is — Số tỉnh được xếp hạng';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.national_rank_text IS
    'National rank as x/N, e.g. 11/63 — Thứ hạng toàn quốc dạng x/N';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.rank_in_parent IS
    'Rank among the units of the same parent and level (competition ranking: 1, 2, 2, 4); NULL for the root — Thứ hạng trong đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.rank_in_parent_of IS
    'Out of how many units of the same parent and level — Số đơn vị cùng cấp trên được xếp hạng';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.rank_in_parent_text IS
    'Rank within the parent as x/N, e.g. 4/19 — Thứ hạng trong đơn vị cấp trên dạng x/N';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.previous_reading_id IS
    'The previous reading of the same root and methodology that has the unit; NULL for the first — Lần ghi nhận trước';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.previous_taken_on IS
    'Date of the previous reading; NULL for the first — Ngày ghi nhận trước';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.previous_total IS
    'Total at the previous reading — Tổng điểm lần trước';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.points_change IS
    'Points gained since the previous reading (negative: lost) — Điểm tăng (âm: giảm) so với lần trước';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.previous_national_rank IS
    'National rank at the previous reading — Thứ hạng toàn quốc lần trước';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.national_places_up IS
    'National places gained (negative: lost); NULL unless both readings have a national rank out of the same count — Số bậc tăng toàn quốc (âm: giảm)';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.previous_rank_in_parent IS
    'Rank within the parent at the previous reading — Thứ hạng trong đơn vị cấp trên lần trước';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.places_up_in_parent IS
    'Places gained within the parent (negative: lost); NULL when the two ranks are out of different counts — Số bậc tăng trong đơn vị cấp trên (âm: giảm)';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.sentence_vi IS
    'The meeting sentence in Vietnamese (index766_sentence) — Câu báo cáo tiếng Việt';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.sentence_en IS
    'The meeting sentence in English (index766_sentence) — Câu báo cáo tiếng Anh';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.is_latest IS
    'Whether the reading is the unit''s latest (the row of index766_latest) — Là lần ghi nhận gần nhất của đơn vị';
COMMENT ON COLUMN govindex_bi.index766_unit_readings.recorded_at IS 'When the reading was recorded — Thời điểm ghi';

-- The latest reading of every unit: the row index766_sentence(unit) reads out.
CREATE VIEW govindex_bi.index766_latest WITH (security_invoker = true) AS
SELECT r.reading_id, r.taken_on, r.root_code, r.methodology, r.window_from, r.window_to,
       r.unit_code, r.unit_name, r.level, r.level_name_vi, r.level_name_en, r.level_order, r.parent_code, r.is_root,
       r.total, r.max_points, r.percent,
       r.national_rank, r.national_rank_of, r.national_rank_text,
       r.rank_in_parent, r.rank_in_parent_of, r.rank_in_parent_text,
       r.previous_reading_id, r.previous_taken_on, r.previous_total, r.points_change,
       r.previous_national_rank, r.national_places_up, r.previous_rank_in_parent, r.places_up_in_parent,
       r.sentence_vi, r.sentence_en, r.recorded_at
  FROM govindex_bi.index766_unit_readings r
 WHERE r.is_latest;
COMMENT ON VIEW govindex_bi.index766_latest IS
    'Index 766: the latest reading of every unit (one row per unit; the default methodology first on a day with several) — Kết quả Bộ chỉ số 766 lần ghi nhận gần nhất của từng đơn vị';
COMMENT ON COLUMN govindex_bi.index766_latest.reading_id IS 'Reading (index766_readings.id) — Lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_latest.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_latest.root_code IS
    'Root unit the reading was taken of, with its whole tree — Đơn vị gốc của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_latest.methodology IS 'Methodology of the reading — Phương pháp tính điểm';
COMMENT ON COLUMN govindex_bi.index766_latest.window_from IS 'Start of the window read (inclusive) — Đầu kỳ';
COMMENT ON COLUMN govindex_bi.index766_latest.window_to IS
    'End of the window read (exclusive) — Cuối kỳ (không bao gồm)';
COMMENT ON COLUMN govindex_bi.index766_latest.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_latest.unit_name IS 'Unit name (at the time of the reading) — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_latest.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_latest.level_name_vi IS 'Level name, Vietnamese — Tên cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_latest.level_name_en IS 'Level name, English — Tên cấp đơn vị (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_latest.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_latest.parent_code IS 'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_latest.is_root IS
    'Whether the unit is the reading''s root (the province) — Là đơn vị gốc (tỉnh)';
COMMENT ON COLUMN govindex_bi.index766_latest.total IS 'Total points: the sum of the group scores — Tổng điểm';
COMMENT ON COLUMN govindex_bi.index766_latest.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex_bi.index766_latest.percent IS
    'Total as a percent of the maximum, 2 decimals — Tỷ lệ điểm đạt (%)';
COMMENT ON COLUMN govindex_bi.index766_latest.national_rank IS
    'National rank of the root as given from the portal with the reading; NULL on every other row and when none was given — Thứ hạng toàn quốc';
COMMENT ON COLUMN govindex_bi.index766_latest.national_rank_of IS
    'Out of how many provinces the national rank is — Số tỉnh được xếp hạng';
COMMENT ON COLUMN govindex_bi.index766_latest.national_rank_text IS
    'National rank as x/N, e.g. 11/63 — Thứ hạng toàn quốc dạng x/N';
COMMENT ON COLUMN govindex_bi.index766_latest.rank_in_parent IS
    'Rank among the units of the same parent and level (competition ranking: 1, 2, 2, 4); NULL for the root — Thứ hạng trong đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_latest.rank_in_parent_of IS
    'Out of how many units of the same parent and level — Số đơn vị cùng cấp trên được xếp hạng';
COMMENT ON COLUMN govindex_bi.index766_latest.rank_in_parent_text IS
    'Rank within the parent as x/N, e.g. 4/19 — Thứ hạng trong đơn vị cấp trên dạng x/N';
COMMENT ON COLUMN govindex_bi.index766_latest.previous_reading_id IS
    'The previous reading of the same root and methodology that has the unit; NULL for the first — Lần ghi nhận trước';
COMMENT ON COLUMN govindex_bi.index766_latest.previous_taken_on IS
    'Date of the previous reading; NULL for the first — Ngày ghi nhận trước';
COMMENT ON COLUMN govindex_bi.index766_latest.previous_total IS 'Total at the previous reading — Tổng điểm lần trước';
COMMENT ON COLUMN govindex_bi.index766_latest.points_change IS
    'Points gained since the previous reading (negative: lost) — Điểm tăng (âm: giảm) so với lần trước';
COMMENT ON COLUMN govindex_bi.index766_latest.previous_national_rank IS
    'National rank at the previous reading — Thứ hạng toàn quốc lần trước';
COMMENT ON COLUMN govindex_bi.index766_latest.national_places_up IS
    'National places gained (negative: lost); NULL unless both readings have a national rank out of the same count — Số bậc tăng toàn quốc (âm: giảm)';
COMMENT ON COLUMN govindex_bi.index766_latest.previous_rank_in_parent IS
    'Rank within the parent at the previous reading — Thứ hạng trong đơn vị cấp trên lần trước';
COMMENT ON COLUMN govindex_bi.index766_latest.places_up_in_parent IS
    'Places gained within the parent (negative: lost); NULL when the two ranks are out of different counts — Số bậc tăng trong đơn vị cấp trên (âm: giảm)';
COMMENT ON COLUMN govindex_bi.index766_latest.sentence_vi IS
    'The meeting sentence in Vietnamese (index766_sentence) — Câu báo cáo tiếng Việt';
COMMENT ON COLUMN govindex_bi.index766_latest.sentence_en IS
    'The meeting sentence in English (index766_sentence) — Câu báo cáo tiếng Anh';
COMMENT ON COLUMN govindex_bi.index766_latest.recorded_at IS 'When the reading was recorded — Thời điểm ghi';

CREATE VIEW govindex_bi.index766_group_scores WITH (security_invoker = true) AS
SELECT r.reading_id, r.taken_on, r.root_code, r.methodology,
       r.unit_code, r.unit_name, r.level, r.level_order, r.parent_code,
       g.group_code, mg.name_vi AS group_name_vi, mg.name_en AS group_name_en, mg.position AS group_order,
       g.score, g.max_points, round(100 * g.score / nullif(g.max_points, 0), 2) AS percent,
       r.previous_taken_on, p.score AS previous_score, g.score - p.score AS score_change,
       r.is_latest
  FROM govindex_bi.index766_unit_readings r
  JOIN govindex.index766_reading_groups g ON g.reading_id = r.reading_id AND g.unit_code = r.unit_code
  LEFT JOIN govindex.metric_groups mg ON mg.methodology = r.methodology AND mg.code = g.group_code
  LEFT JOIN govindex.index766_reading_groups p
    ON p.reading_id = r.previous_reading_id AND p.unit_code = r.unit_code AND p.group_code = g.group_code;
COMMENT ON VIEW govindex_bi.index766_group_scores IS
    'Index 766: every group score of every unit in every reading, with its names and the change since the unit''s previous reading — Điểm từng nhóm chỉ số của từng đơn vị qua các lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_group_scores.reading_id IS 'Reading (index766_readings.id) — Lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_group_scores.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_group_scores.root_code IS
    'Root unit the reading was taken of, with its whole tree — Đơn vị gốc của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_group_scores.methodology IS 'Methodology of the reading — Phương pháp tính điểm';
COMMENT ON COLUMN govindex_bi.index766_group_scores.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_group_scores.unit_name IS 'Unit name (at the time of the reading) — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_group_scores.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_group_scores.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_group_scores.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_group_scores.group_code IS 'Group code (e.g. CKMB) — Mã nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_group_scores.group_name_vi IS 'Group name, Vietnamese — Tên nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_group_scores.group_name_en IS
    'Group name, English — Tên nhóm chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_group_scores.group_order IS
    'Position of the group in the methodology; sort by it — Thứ tự nhóm';
COMMENT ON COLUMN govindex_bi.index766_group_scores.score IS 'Group score: the sum of its metrics'' scores — Điểm nhóm';
COMMENT ON COLUMN govindex_bi.index766_group_scores.max_points IS 'Group maximum — Điểm tối đa của nhóm';
COMMENT ON COLUMN govindex_bi.index766_group_scores.percent IS
    'Group score as a percent of its maximum, 2 decimals — Tỷ lệ điểm nhóm (%)';
COMMENT ON COLUMN govindex_bi.index766_group_scores.previous_taken_on IS
    'Date of the previous reading; NULL for the first — Ngày ghi nhận trước';
COMMENT ON COLUMN govindex_bi.index766_group_scores.previous_score IS 'Score at the previous reading — Điểm lần trước';
COMMENT ON COLUMN govindex_bi.index766_group_scores.score_change IS
    'Score gained since the previous reading (negative: lost) — Điểm tăng (âm: giảm)';
COMMENT ON COLUMN govindex_bi.index766_group_scores.is_latest IS
    'Whether the reading is the unit''s latest (the row of index766_latest) — Là lần ghi nhận gần nhất của đơn vị';

CREATE VIEW govindex_bi.index766_metric_results WITH (security_invoker = true) AS
SELECT r.reading_id, r.taken_on, r.root_code, r.methodology,
       r.unit_code, r.unit_name, r.level, r.level_order, r.parent_code,
       m.group_code, mg.name_vi AS group_name_vi, mg.name_en AS group_name_en, mg.position AS group_order,
       m.metric_code, me.name_vi AS metric_name_vi, me.name_en AS metric_name_en, me.position AS metric_order,
       m.numerator, m.denominator, m.percent, m.score, m.max_points,
       r.previous_taken_on, p.percent AS previous_percent, m.percent - p.percent AS percent_change,
       p.score AS previous_score, m.score - p.score AS score_change,
       r.is_latest
  FROM govindex_bi.index766_unit_readings r
  JOIN govindex.index766_reading_metrics m ON m.reading_id = r.reading_id AND m.unit_code = r.unit_code
  LEFT JOIN govindex.metric_groups mg ON mg.methodology = r.methodology AND mg.code = m.group_code
  LEFT JOIN govindex.metrics me ON me.methodology = r.methodology AND me.code = m.metric_code
  LEFT JOIN govindex.index766_reading_metrics p
    ON p.reading_id = r.previous_reading_id AND p.unit_code = r.unit_code AND p.metric_code = m.metric_code;
COMMENT ON VIEW govindex_bi.index766_metric_results IS
    'Index 766: every metric of every unit in every reading (readings since 0.4.0): rate, percent, score and the change since the unit''s previous reading — Kết quả từng chỉ số của từng đơn vị qua các lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_metric_results.reading_id IS 'Reading (index766_readings.id) — Lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_metric_results.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_metric_results.root_code IS
    'Root unit the reading was taken of, with its whole tree — Đơn vị gốc của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_metric_results.methodology IS
    'Methodology of the reading — Phương pháp tính điểm';
COMMENT ON COLUMN govindex_bi.index766_metric_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_metric_results.unit_name IS
    'Unit name (at the time of the reading) — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_metric_results.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_metric_results.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_metric_results.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_metric_results.group_code IS 'Group code (e.g. CKMB) — Mã nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.group_name_vi IS 'Group name, Vietnamese — Tên nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.group_name_en IS
    'Group name, English — Tên nhóm chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_metric_results.group_order IS
    'Position of the group in the methodology; sort by it — Thứ tự nhóm';
COMMENT ON COLUMN govindex_bi.index766_metric_results.metric_code IS
    'Metric code (the portal''s, e.g. DVC_PROGRESS_ON_TIME) — Mã chỉ số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.metric_name_vi IS 'Metric name, Vietnamese — Tên chỉ số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.metric_name_en IS 'Metric name, English — Tên chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_metric_results.metric_order IS
    'Position of the metric in its group; sort by it — Thứ tự chỉ số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.numerator IS 'Numerator of the metric''s rate — Tử số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.denominator IS
    'Denominator of the metric''s rate (0: nothing to count) — Mẫu số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.percent IS
    'Percent of the rate as the portal rounds it; NULL for 0/0 — Tỷ lệ (%)';
COMMENT ON COLUMN govindex_bi.index766_metric_results.score IS
    'Metric score; NULL when the metric scores nothing — Điểm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.max_points IS 'Metric maximum — Điểm tối đa của chỉ số';
COMMENT ON COLUMN govindex_bi.index766_metric_results.previous_taken_on IS
    'Date of the previous reading; NULL for the first — Ngày ghi nhận trước';
COMMENT ON COLUMN govindex_bi.index766_metric_results.previous_percent IS
    'Percent at the previous reading — Tỷ lệ lần trước (%)';
COMMENT ON COLUMN govindex_bi.index766_metric_results.percent_change IS
    'Change of the percent since the previous reading, in percentage points — Tỷ lệ tăng/giảm (điểm phần trăm)';
COMMENT ON COLUMN govindex_bi.index766_metric_results.previous_score IS
    'Score at the previous reading — Điểm lần trước';
COMMENT ON COLUMN govindex_bi.index766_metric_results.score_change IS
    'Score gained since the previous reading (negative: lost) — Điểm tăng (âm: giảm)';
COMMENT ON COLUMN govindex_bi.index766_metric_results.is_latest IS
    'Whether the reading is the unit''s latest (the row of index766_latest) — Là lần ghi nhận gần nhất của đơn vị';

CREATE VIEW govindex_bi.index766_project06_results WITH (security_invoker = true) AS
SELECT r.reading_id, r.taken_on, r.root_code, r.methodology,
       r.unit_code, r.unit_name, r.level, r.level_order, r.parent_code,
       m.group_code, mg.name_vi AS group_name_vi, mg.name_en AS group_name_en, mg.position AS group_order,
       m.metric_code, me.name_vi AS metric_name_vi, me.name_en AS metric_name_en, me.position AS metric_order,
       m.numerator, m.denominator, m.percent, m.score, m.max_points,
       r.previous_taken_on, p.percent AS previous_percent, m.percent - p.percent AS percent_change,
       p.score AS previous_score, m.score - p.score AS score_change,
       r.is_latest
  FROM govindex_bi.index766_unit_readings r
  JOIN govindex.index766_reading_project06 m ON m.reading_id = r.reading_id AND m.unit_code = r.unit_code
  LEFT JOIN govindex.metric_groups mg ON mg.methodology = r.methodology AND mg.code = m.group_code
  LEFT JOIN govindex.metrics me ON me.methodology = r.methodology AND me.code = m.metric_code
  LEFT JOIN govindex.index766_reading_project06 p
    ON p.reading_id = r.previous_reading_id AND p.unit_code = r.unit_code AND p.metric_code = m.metric_code;
COMMENT ON VIEW govindex_bi.index766_project06_results IS
    'Project 06: the Index 766 metrics over the 25 essential services only, for every unit in every reading (readings since 0.4.0), with the change since the unit''s previous reading — Kết quả dịch vụ công thiết yếu Đề án 06 của từng đơn vị qua các lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_project06_results.reading_id IS 'Reading (index766_readings.id) — Lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_project06_results.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_project06_results.root_code IS
    'Root unit the reading was taken of, with its whole tree — Đơn vị gốc của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_project06_results.methodology IS
    'Methodology of the reading — Phương pháp tính điểm';
COMMENT ON COLUMN govindex_bi.index766_project06_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_project06_results.unit_name IS
    'Unit name (at the time of the reading) — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_project06_results.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_project06_results.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_project06_results.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_project06_results.group_code IS 'Group code (e.g. CKMB) — Mã nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.group_name_vi IS 'Group name, Vietnamese — Tên nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.group_name_en IS
    'Group name, English — Tên nhóm chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_project06_results.group_order IS
    'Position of the group in the methodology; sort by it — Thứ tự nhóm';
COMMENT ON COLUMN govindex_bi.index766_project06_results.metric_code IS
    'Metric code (the portal''s, e.g. DVC_PROGRESS_ON_TIME) — Mã chỉ số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.metric_name_vi IS 'Metric name, Vietnamese — Tên chỉ số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.metric_name_en IS
    'Metric name, English — Tên chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_project06_results.metric_order IS
    'Position of the metric in its group; sort by it — Thứ tự chỉ số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.numerator IS
    'Numerator of the rate over the Project 06 services — Tử số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.denominator IS
    'Denominator of the rate over the Project 06 services — Mẫu số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.percent IS
    'Percent of the rate over the Project 06 services, as the portal rounds it; NULL for 0/0 — Tỷ lệ (%)';
COMMENT ON COLUMN govindex_bi.index766_project06_results.score IS
    'Metric score over the Project 06 services; NULL when it scores nothing — Điểm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.max_points IS 'Metric maximum — Điểm tối đa của chỉ số';
COMMENT ON COLUMN govindex_bi.index766_project06_results.previous_taken_on IS
    'Date of the previous reading; NULL for the first — Ngày ghi nhận trước';
COMMENT ON COLUMN govindex_bi.index766_project06_results.previous_percent IS
    'Percent at the previous reading — Tỷ lệ lần trước (%)';
COMMENT ON COLUMN govindex_bi.index766_project06_results.percent_change IS
    'Change of the percent since the previous reading, in percentage points — Tỷ lệ tăng/giảm (điểm phần trăm)';
COMMENT ON COLUMN govindex_bi.index766_project06_results.previous_score IS
    'Score at the previous reading — Điểm lần trước';
COMMENT ON COLUMN govindex_bi.index766_project06_results.score_change IS
    'Score gained since the previous reading (negative: lost) — Điểm tăng (âm: giảm)';
COMMENT ON COLUMN govindex_bi.index766_project06_results.is_latest IS
    'Whether the reading is the unit''s latest (the row of index766_latest) — Là lần ghi nhận gần nhất của đơn vị';

CREATE VIEW govindex_bi.index766_late_dossier_weeks WITH (security_invoker = true) AS
SELECT r.reading_id, r.taken_on, r.root_code, r.methodology,
       r.unit_code, r.unit_name, r.level, r.level_order, r.parent_code,
       w.week_start, w.week_start + 6 AS week_end, w.iso_week,
       w.late_at_start, w.processed, w.new_late, w.still_late,
       w.week_start = max(w.week_start) OVER (PARTITION BY w.reading_id, w.unit_code) AS is_last_week,
       r.is_latest
  FROM govindex_bi.index766_unit_readings r
  JOIN govindex.index766_reading_late_weeks w ON w.reading_id = r.reading_id AND w.unit_code = r.unit_code;
COMMENT ON VIEW govindex_bi.index766_late_dossier_weeks IS
    'Late dossiers of every unit (its subtree) per ISO week, as recorded with each reading (the weeks ended since the previous reading, the last one for a first reading; readings since 0.4.0) — Hồ sơ trễ hạn theo tuần của từng đơn vị, theo từng lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.reading_id IS 'Reading (index766_readings.id) — Lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.root_code IS
    'Root unit the reading was taken of, with its whole tree — Đơn vị gốc của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.methodology IS
    'Methodology of the reading — Phương pháp tính điểm';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.unit_name IS
    'Unit name (at the time of the reading) — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.week_start IS
    'Monday of the ISO week — Ngày đầu tuần (thứ Hai)';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.week_end IS
    'Sunday of the ISO week — Ngày cuối tuần (Chủ nhật)';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.iso_week IS 'ISO week, e.g. 2023-W50 — Tuần theo ISO';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.late_at_start IS
    'Dossiers late at the start of the week (Monday 00:00) — Số hồ sơ trễ hạn đầu tuần';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.processed IS
    'Of those late at the start, the ones that ended during the week — Số hồ sơ trễ hạn đã xử lý trong tuần';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.new_late IS
    'Dossiers that became late during the week — Số hồ sơ trễ hạn phát sinh trong tuần';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.still_late IS
    'Dossiers late at the end of the week (next Monday 00:00): late_at_start − processed + new_late — Số hồ sơ còn trễ hạn cuối tuần';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.is_last_week IS
    'Whether the week is the last one recorded with the reading — Là tuần cuối của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_late_dossier_weeks.is_latest IS
    'Whether the reading is the unit''s latest (the row of index766_latest) — Là lần ghi nhận gần nhất của đơn vị';

CREATE VIEW govindex_bi.index766_data_quality WITH (security_invoker = true) AS
SELECT r.reading_id, r.taken_on, r.root_code, r.methodology,
       r.unit_code, r.unit_name, r.level, r.level_order, r.parent_code,
       q.received, q.processed, q.ended_no_due + q.pending_no_due AS without_due_date,
       q.ended_no_due, q.pending_no_due, q.no_reception_date, q.end_before_reception, q.end_status_mismatch,
       q.no_reception_date + q.end_before_reception + q.end_status_mismatch AS inconsistent,
       r.is_latest
  FROM govindex_bi.index766_unit_readings r
  JOIN govindex.index766_reading_quality q ON q.reading_id = r.reading_id AND q.unit_code = r.unit_code;
COMMENT ON VIEW govindex_bi.index766_data_quality IS
    'Data-quality counters of every unit (its subtree) in every reading (readings since 0.4.0) — Chất lượng dữ liệu hồ sơ của từng đơn vị theo từng lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_data_quality.reading_id IS 'Reading (index766_readings.id) — Lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_data_quality.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_data_quality.root_code IS
    'Root unit the reading was taken of, with its whole tree — Đơn vị gốc của lần ghi nhận';
COMMENT ON COLUMN govindex_bi.index766_data_quality.methodology IS 'Methodology of the reading — Phương pháp tính điểm';
COMMENT ON COLUMN govindex_bi.index766_data_quality.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_data_quality.unit_name IS 'Unit name (at the time of the reading) — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_data_quality.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_data_quality.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_data_quality.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_data_quality.received IS
    'Dossiers received in the reading''s window — Số hồ sơ tiếp nhận trong kỳ';
COMMENT ON COLUMN govindex_bi.index766_data_quality.processed IS
    'Dossiers processed in the window: received in it or pending at its start — Số hồ sơ phải giải quyết trong kỳ';
COMMENT ON COLUMN govindex_bi.index766_data_quality.without_due_date IS
    'Dossiers without a due date, given or legal (ended_no_due + pending_no_due): counted, not assessed — Số hồ sơ không có hạn xử lý';
COMMENT ON COLUMN govindex_bi.index766_data_quality.ended_no_due IS
    'Dossiers ended in the window without a due date — Số hồ sơ đã kết thúc không có hạn xử lý';
COMMENT ON COLUMN govindex_bi.index766_data_quality.pending_no_due IS
    'Dossiers pending at the window''s close without a due date — Số hồ sơ đang xử lý không có hạn xử lý';
COMMENT ON COLUMN govindex_bi.index766_data_quality.no_reception_date IS
    'Dossiers without a reception date — Số hồ sơ không có ngày tiếp nhận';
COMMENT ON COLUMN govindex_bi.index766_data_quality.end_before_reception IS
    'Dossiers received in the window whose end lies before their reception — Số hồ sơ có ngày kết thúc trước ngày tiếp nhận';
COMMENT ON COLUMN govindex_bi.index766_data_quality.end_status_mismatch IS
    'Processed dossiers with an end status but no end time, or an end time but no status — Số hồ sơ có trạng thái kết thúc không khớp thời điểm kết thúc';
COMMENT ON COLUMN govindex_bi.index766_data_quality.inconsistent IS
    'Inconsistent records: no_reception_date + end_before_reception + end_status_mismatch — Tổng số bản ghi không nhất quán';
COMMENT ON COLUMN govindex_bi.index766_data_quality.is_latest IS
    'Whether the reading is the unit''s latest (the row of index766_latest) — Là lần ghi nhận gần nhất của đơn vị';

-- The year to date, live: 1 January to the end of today, Asia/Ho_Chi_Minh (the window a
-- reading taken today covers by default), computed when read.
CREATE VIEW govindex_bi.index766_year_to_date WITH (security_invoker = true) AS
WITH w AS (
    SELECT tstzrange(date_trunc('year', d)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                     (d + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS w
      FROM (SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d) today
)
SELECT lower(w.w) AS window_from, upper(w.w) AS window_to,
       t.unit_code, t.unit_name, t.level, l.name_vi AS level_name_vi, l.name_en AS level_name_en,
       l.depth AS level_order, t.parent_code,
       t.total, t.max_points, t.percent,
       CASE WHEN p.code IS NOT NULL THEN t.rank END AS rank_in_parent,
       CASE WHEN p.code IS NOT NULL THEN t.rank_of END AS rank_in_parent_of,
       CASE WHEN p.code IS NOT NULL THEN t.rank || '/' || t.rank_of END AS rank_in_parent_text
  FROM w
 CROSS JOIN LATERAL govindex.index766_totals(w.w) t
  LEFT JOIN govindex.unit_levels l ON l.level = t.level
  -- ranked among its siblings only when the reader sees the parent (and so, its subtree
  -- granted whole, every sibling): a reader of one district gets no rank for it among
  -- districts it cannot see, rather than a wrong one
  LEFT JOIN govindex.units p ON p.code = t.parent_code;
COMMENT ON VIEW govindex_bi.index766_year_to_date IS
    'Index 766 of every unit over the year to date (1 January to the end of today, Asia/Ho_Chi_Minh), computed live — Bộ chỉ số 766 từ đầu năm đến hết hôm nay, tính trực tiếp';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.window_from IS
    'Start of the window: 1 January of this year, 00:00 Asia/Ho_Chi_Minh — Đầu kỳ: ngày 1/1';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.window_to IS
    'End of the window: tomorrow 00:00 Asia/Ho_Chi_Minh (exclusive) — Cuối kỳ: 0 giờ ngày mai';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.level_name_vi IS 'Level name, Vietnamese — Tên cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.level_name_en IS 'Level name, English — Tên cấp đơn vị (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.total IS 'Total points: the sum of the group scores — Tổng điểm';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.percent IS
    'Total as a percent of the maximum, 2 decimals — Tỷ lệ điểm đạt (%)';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.rank_in_parent IS
    'Rank among the units of the same parent and level (competition ranking: 1, 2, 2, 4); NULL for a unit without a parent, or whose parent the reader may not see — Thứ hạng trong đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.rank_in_parent_of IS
    'Out of how many units of the same parent and level — Số đơn vị cùng cấp trên được xếp hạng';
COMMENT ON COLUMN govindex_bi.index766_year_to_date.rank_in_parent_text IS
    'Rank within the parent as x/N, e.g. 4/19 — Thứ hạng trong đơn vị cấp trên dạng x/N';

CREATE VIEW govindex_bi.index766_year_to_date_metrics WITH (security_invoker = true) AS
WITH w AS (
    SELECT tstzrange(date_trunc('year', d)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                     (d + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS w
      FROM (SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS d) today
)
SELECT lower(w.w) AS window_from, upper(w.w) AS window_to,
       i.unit_code, i.unit_name, i.level, l.depth AS level_order, i.parent_code,
       i.group_code, mg.name_vi AS group_name_vi, mg.name_en AS group_name_en, mg.position AS group_order,
       i.metric_code, me.name_vi AS metric_name_vi, me.name_en AS metric_name_en, me.position AS metric_order,
       i.numerator, i.denominator, i.percent, i.score, i.max_points
  FROM w
 CROSS JOIN LATERAL govindex.index766(w.w) i
  LEFT JOIN govindex.unit_levels l ON l.level = i.level
  LEFT JOIN govindex.metric_groups mg ON mg.methodology = (SELECT m.code FROM govindex.methodologies m WHERE m.is_default)
                                     AND mg.code = i.group_code
  LEFT JOIN govindex.metrics me ON me.methodology = mg.methodology AND me.code = i.metric_code;
COMMENT ON VIEW govindex_bi.index766_year_to_date_metrics IS
    'Every Index 766 metric of every unit over the year to date (1 January to the end of today, Asia/Ho_Chi_Minh), computed live with the default methodology — Từng chỉ số Bộ chỉ số 766 từ đầu năm đến hết hôm nay, tính trực tiếp';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.window_from IS
    'Start of the window: 1 January of this year, 00:00 Asia/Ho_Chi_Minh — Đầu kỳ: ngày 1/1';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.window_to IS
    'End of the window: tomorrow 00:00 Asia/Ho_Chi_Minh (exclusive) — Cuối kỳ: 0 giờ ngày mai';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.parent_code IS
    'Parent unit code; NULL for a root — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.group_code IS 'Group code (e.g. CKMB) — Mã nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.group_name_vi IS 'Group name, Vietnamese — Tên nhóm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.group_name_en IS
    'Group name, English — Tên nhóm chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.group_order IS
    'Position of the group in the methodology; sort by it — Thứ tự nhóm';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.metric_code IS
    'Metric code (the portal''s, e.g. DVC_PROGRESS_ON_TIME) — Mã chỉ số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.metric_name_vi IS 'Metric name, Vietnamese — Tên chỉ số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.metric_name_en IS
    'Metric name, English — Tên chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.metric_order IS
    'Position of the metric in its group; sort by it — Thứ tự chỉ số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.numerator IS 'Numerator of the metric''s rate — Tử số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.denominator IS
    'Denominator of the metric''s rate (0: nothing to count) — Mẫu số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.percent IS
    'Percent of the rate as the portal rounds it; NULL for 0/0 — Tỷ lệ (%)';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.score IS
    'Metric score; NULL when the metric scores nothing — Điểm chỉ số';
COMMENT ON COLUMN govindex_bi.index766_year_to_date_metrics.max_points IS 'Metric maximum — Điểm tối đa của chỉ số';

-- The unit tree for drill-down: one row per (ancestor, descendant), the unit itself at
-- depth 0; merged units count under their successor.
CREATE VIEW govindex_bi.unit_tree WITH (security_invoker = true) AS
SELECT a.code AS ancestor_code, a.name_vi AS ancestor_name, a.level AS ancestor_level, la.depth AS ancestor_level_order,
       d.code AS descendant_code, d.name_vi AS descendant_name, d.level AS descendant_level,
       ld.depth AS descendant_level_order, c.distance AS depth, d.valid_to IS NULL AS descendant_is_current
  FROM govindex.unit_closure() c
  JOIN govindex.units a ON a.id = c.ancestor_id
  JOIN govindex.units d ON d.id = c.descendant_id
  LEFT JOIN govindex.unit_levels la ON la.level = a.level
  LEFT JOIN govindex.unit_levels ld ON ld.level = d.level;
COMMENT ON VIEW govindex_bi.unit_tree IS
    'The unit tree for drill-down: every (ancestor, descendant) pair with the depth between them (0: the unit itself), names and levels — Cây đơn vị: từng cặp đơn vị cấp trên, cấp dưới';
COMMENT ON COLUMN govindex_bi.unit_tree.ancestor_code IS
    'Ancestor unit code (the unit drilled from) — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.unit_tree.ancestor_name IS 'Ancestor unit name — Tên đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.unit_tree.ancestor_level IS 'Ancestor level code — Cấp của đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.unit_tree.ancestor_level_order IS
    'Order of the ancestor''s level, 0 for the province — Thứ tự cấp của đơn vị cấp trên';
COMMENT ON COLUMN govindex_bi.unit_tree.descendant_code IS
    'Descendant unit code (in the ancestor''s subtree, the ancestor itself included) — Mã đơn vị cấp dưới';
COMMENT ON COLUMN govindex_bi.unit_tree.descendant_name IS 'Descendant unit name — Tên đơn vị cấp dưới';
COMMENT ON COLUMN govindex_bi.unit_tree.descendant_level IS 'Descendant level code — Cấp của đơn vị cấp dưới';
COMMENT ON COLUMN govindex_bi.unit_tree.descendant_level_order IS
    'Order of the descendant''s level, 0 for the province — Thứ tự cấp của đơn vị cấp dưới';
COMMENT ON COLUMN govindex_bi.unit_tree.depth IS
    'Steps from the ancestor down to the descendant, 0 for the unit itself (a merged unit counts one below its successor) — Số cấp từ đơn vị cấp trên xuống';
COMMENT ON COLUMN govindex_bi.unit_tree.descendant_is_current IS
    'Whether the descendant still exists (not ended or merged) — Đơn vị cấp dưới còn hoạt động';

-- Composite indices (PAR Index, PCI, DTI, a province's own): score_total split into
-- numbers, and the published rank apart from the rank within the level.  The rank
-- within the level is computed over every unit of the level, so only a reader who sees
-- every unit (no unit access granted) gets it; a reader of some subtrees gets NULL
-- rather than a rank among the units it happens to see.
CREATE VIEW govindex_bi.composite_results WITH (security_invoker = true) AS
WITH results AS (
    SELECT c.*, p.rank AS published_rank, p.rank_of AS published_rank_of,
           CASE WHEN (SELECT govindex.accessible_unit_ids(CURRENT_USER)) IS NULL
                THEN (rank() OVER (PARTITION BY c.index_code, c.year, c.level ORDER BY c.value DESC NULLS LAST))::int
           END AS level_rank,
           CASE WHEN (SELECT govindex.accessible_unit_ids(CURRENT_USER)) IS NULL
                THEN (count(*) OVER (PARTITION BY c.index_code, c.year, c.level))::int
           END AS level_rank_of
      FROM govindex.composite_unit_results c
      LEFT JOIN govindex.composite_published p ON (p.unit_id, p.index_code, p.year) = (c.unit_id, c.index_code, c.year)
),
compared AS (
    SELECT r.*,
           first_value(r.published_rank) OVER previous_year AS previous_published_rank,
           first_value(r.published_rank_of) OVER previous_year AS previous_published_rank_of,
           first_value(r.level_rank) OVER previous_year AS previous_level_rank,
           first_value(r.level_rank_of) OVER previous_year AS previous_level_rank_of
      FROM results r
    WINDOW previous_year AS (PARTITION BY r.unit_id, r.index_code ORDER BY r.year RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING)
)
SELECT c.unit_code, c.unit_name, c.level, l.depth AS level_order,
       c.index_code, c.index_version, c.index_name_vi, c.index_name_en, c.scale, c.year,
       c.achieved, c.deducted, c.maximum, govindex.weight(c.total) AS weight, c.computed_percent,
       c.computed_value, c.published_value, c.value, c.percent, c.band, c.band_vi, c.band_en,
       c.published_rank, c.published_rank_of, c.level_rank, c.level_rank_of,
       c.previous_value, c.points_change,
       CASE WHEN c.previous_published_rank_of = c.published_rank_of
            THEN c.previous_published_rank - c.published_rank END AS published_places_up,
       CASE WHEN c.previous_level_rank_of = c.level_rank_of
            THEN c.previous_level_rank - c.level_rank END AS level_places_up,
       c.components, c.components_rose, c.components_fell, c.source
  FROM compared c
  LEFT JOIN govindex.unit_levels l ON l.level = c.level;
COMMENT ON VIEW govindex_bi.composite_results IS
    'Composite indices (PAR Index, PCI, DTI, a province''s own) per unit and year: points split into numbers, band, the published rank and the rank within the level apart, change against the previous year — Kết quả các chỉ số tổng hợp của từng đơn vị theo năm';
COMMENT ON COLUMN govindex_bi.composite_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.composite_results.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.composite_results.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.composite_results.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.composite_results.index_code IS 'Index code (par-province, pci, dti, …) — Mã chỉ số';
COMMENT ON COLUMN govindex_bi.composite_results.index_version IS 'Index version (its first year) — Phiên bản chỉ số';
COMMENT ON COLUMN govindex_bi.composite_results.index_name_vi IS 'Index name, Vietnamese — Tên chỉ số';
COMMENT ON COLUMN govindex_bi.composite_results.index_name_en IS 'Index name, English — Tên chỉ số (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.composite_results.scale IS 'Scale: points or percent — Thang điểm';
COMMENT ON COLUMN govindex_bi.composite_results.year IS 'Year assessed — Năm đánh giá';
COMMENT ON COLUMN govindex_bi.composite_results.achieved IS
    'Points achieved from the assessments, after deductions (score_total split) — Điểm đạt';
COMMENT ON COLUMN govindex_bi.composite_results.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex_bi.composite_results.maximum IS 'Maximum of the applicable criteria — Điểm tối đa';
COMMENT ON COLUMN govindex_bi.composite_results.weight IS
    'Sum of the weights (weighted indices such as PCI; 0 otherwise) — Tổng trọng số';
COMMENT ON COLUMN govindex_bi.composite_results.computed_percent IS
    'achieved / maximum in percent — Tỷ lệ đạt theo chấm điểm (%)';
COMMENT ON COLUMN govindex_bi.composite_results.computed_value IS
    'The computed result on the index''s scale — Kết quả tính được theo thang điểm';
COMMENT ON COLUMN govindex_bi.composite_results.published_value IS 'The published result, if any — Kết quả công bố';
COMMENT ON COLUMN govindex_bi.composite_results.value IS
    'The result: published, else computed — Kết quả (ưu tiên kết quả công bố)';
COMMENT ON COLUMN govindex_bi.composite_results.percent IS
    'The result as a percent of the index''s maximum — Kết quả (%)';
COMMENT ON COLUMN govindex_bi.composite_results.band IS 'Band code — Mã xếp loại';
COMMENT ON COLUMN govindex_bi.composite_results.band_vi IS 'Band, Vietnamese — Xếp loại';
COMMENT ON COLUMN govindex_bi.composite_results.band_en IS 'Band, English — Xếp loại (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.composite_results.published_rank IS
    'Rank as published (e.g. the national rank by MoHA or VCCI); NULL when none was published — Thứ hạng công bố';
COMMENT ON COLUMN govindex_bi.composite_results.published_rank_of IS
    'Out of how many, as published — Trên tổng số (công bố)';
COMMENT ON COLUMN govindex_bi.composite_results.level_rank IS
    'Rank by value among the units of the same level with a result for the index and year (competition ranking); NULL for a reader granted only some unit subtrees — Thứ hạng trong cấp';
COMMENT ON COLUMN govindex_bi.composite_results.level_rank_of IS
    'Units of the same level ranked — Số đơn vị cùng cấp được xếp hạng';
COMMENT ON COLUMN govindex_bi.composite_results.previous_value IS 'Result of the previous year — Kết quả năm trước';
COMMENT ON COLUMN govindex_bi.composite_results.points_change IS
    'Change of the result since the previous year (negative: fell) — Tăng/giảm điểm so với năm trước';
COMMENT ON COLUMN govindex_bi.composite_results.published_places_up IS
    'Published places gained since the previous year (negative: lost); NULL unless both years have a published rank out of the same count — Số bậc tăng (theo công bố)';
COMMENT ON COLUMN govindex_bi.composite_results.level_places_up IS
    'Places gained within the level since the previous year (negative: lost); NULL when out of different counts — Số bậc tăng trong cấp';
COMMENT ON COLUMN govindex_bi.composite_results.components IS
    'Component indexes (fields) assessed — Số chỉ số thành phần';
COMMENT ON COLUMN govindex_bi.composite_results.components_rose IS
    'Component indexes that rose against the previous year — Số chỉ số thành phần tăng';
COMMENT ON COLUMN govindex_bi.composite_results.components_fell IS
    'Component indexes that fell — Số chỉ số thành phần giảm';
COMMENT ON COLUMN govindex_bi.composite_results.source IS
    'published or assessed — Nguồn kết quả: công bố hoặc chấm điểm';

CREATE VIEW govindex_bi.composite_criterion_results WITH (security_invoker = true) AS
SELECT c.unit_code, c.unit_name, c.level, l.depth AS level_order,
       c.index_code, c.index_version, c.year,
       c.criterion_code, c.parent_code, c.depth,
       array_to_string(ARRAY(SELECT lpad(k::text, 4, '0') FROM unnest(c.sort_key) k), '.') AS sort_order,
       c.name_vi, c.name_en, c.is_leaf,
       c.achieved, c.deducted, c.maximum, govindex.weight(c.total) AS weight, c.percent,
       c.criteria_counted, c.criteria_unscored
  FROM govindex.composite_criterion_results c
  LEFT JOIN govindex.unit_levels l ON l.level = c.level;
COMMENT ON VIEW govindex_bi.composite_criterion_results IS
    'Composite indices: every criterion (field, criterion, sub-criterion) of every unit and year, points split into numbers — Kết quả từng lĩnh vực, tiêu chí của từng đơn vị theo năm';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.level IS
    'Unit level code (province, department, district, commune, …) — Mã cấp đơn vị';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.level_order IS
    'Order of the level, 0 for the province (unit_levels.depth); sort by it — Thứ tự cấp (tỉnh = 0)';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.index_code IS
    'Index code (par-province, pci, dti, …) — Mã chỉ số';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.index_version IS
    'Index version (its first year) — Phiên bản chỉ số';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.year IS 'Year assessed — Năm đánh giá';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.criterion_code IS
    'Criterion code (field, criterion or sub-criterion) — Mã tiêu chí';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.parent_code IS
    'Parent criterion code; NULL for a field — Mã tiêu chí cha';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.depth IS
    'Depth of the criterion, 1 for a field — Cấp tiêu chí, 1 là lĩnh vực';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.sort_order IS
    'Positions along the criterion''s path, zero-padded (0001.0002); sort by it — Khóa sắp xếp tiêu chí';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.name_vi IS 'Criterion name, Vietnamese — Tên tiêu chí';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.name_en IS
    'Criterion name, English — Tên tiêu chí (tiếng Anh)';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.is_leaf IS
    'Whether the criterion is a leaf (scored directly) — Tiêu chí cấp cuối';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.achieved IS
    'Points achieved from the assessments, after deductions (score_total split) — Điểm đạt';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.maximum IS 'Maximum of the applicable criteria — Điểm tối đa';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.weight IS
    'Sum of the weights (weighted indices such as PCI; 0 otherwise) — Tổng trọng số';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.percent IS
    'achieved / maximum in percent, 2 decimals — Tỷ lệ đạt (%)';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.criteria_counted IS
    'Leaves counted in the maximum — Số tiêu chí được tính';
COMMENT ON COLUMN govindex_bi.composite_criterion_results.criteria_unscored IS
    'Leaves counted without a score (0 points) — Số tiêu chí chưa có điểm';
