-- composite_seed004: seed article 004 (Binh Duong, PAR Index 2023) reproduced from
-- unit-level scores.  The article: departments average 85.41% (+1.1 on 2022, +1.86 on
-- 2021), 07/19 at 90% or more, Department of Information and Communications first with
-- 93.75, then Culture, Sports and Tourism, Home Affairs, Construction, Health,
-- Agriculture and Rural Development; Finance up 9 places, Information and
-- Communications up 7.  Districts average 91.98% (+4.09), 6 excellent and 3 good, for
-- the first time all at 80% or more; Thu Dau Mot 97.68 first, then Tan Uyen (rose to
-- second), Di An, Ben Cat, Thuan An; Di An and Thuan An up 4 places each.  Communes
-- average 92.12% (+2.48), 69/91 excellent, Hiep Thanh ward 99.09 first, the 14 wards of
-- Thu Dau Mot in the first 14 places in the published order; Thoi Hoa up 63 places, An
-- Binh up 55, Tan Dong Hiep up 53, Chanh My up 47.  The province: 87.64/100, 24/63,
-- +2.86 points and up 11 places from 84.78 and 35/63 in 2022, 6/8 component indexes up.
--
-- Unit percents (2 decimals, below) were chosen so that those figures come out: the
-- averages are plain means of the unit percents, rounded to 2 decimals (each level's
-- percents add up to exactly 19 × 85.41, 9 × 91.98, 91 × 92.12 and the 2022 and 2021
-- means); ranks are competition ranks by value within the level.  Each unit-year percent
-- P is entered as assessments of the internal templates (par-department for
-- departments, par-local for districts and communes, both out of 100): every leaf gets
-- round(max × P / 100, 2) as its appraised score (Index 766 criteria included: the
-- appraised score overrides the live value; these units have no dossiers), and the
-- survey criterion 8.1 the rest, so that the unit achieves exactly P points.  The
-- province enters its 8 fields (appraised and survey parts) for both years; MoHA's
-- published value and rank (composite_published) give its rank out of 63.
-- Everything is rolled back.
BEGIN;
SET LOCAL search_path = public, govindex;

CREATE TEMP TABLE seed_units (code text, name text, level text, parent text,
                              p2021 numeric, p2022 numeric, p2023 numeric);
INSERT INTO seed_units VALUES
    ('BD', 'UBND tỉnh Bình Dương', 'province', NULL, NULL, NULL, NULL),
    ('BD.S01', 'Sở Thông tin và Truyền thông', 'department', 'BD', 86.75, 87.45, 93.75),
    ('BD.S02', 'Sở Văn hóa, Thể thao và Du lịch', 'department', 'BD', 91.70, 92.40, 93.12),
    ('BD.S03', 'Sở Nội vụ', 'department', 'BD', 91.15, 91.85, 92.58),
    ('BD.S04', 'Sở Xây dựng', 'department', 'BD', 90.40, 91.10, 91.87),
    ('BD.S05', 'Sở Y tế', 'department', 'BD', 89.65, 90.35, 91.20),
    ('BD.S06', 'Sở Nông nghiệp và Phát triển nông thôn', 'department', 'BD', 88.35, 89.05, 90.64),
    ('BD.S07', 'Sở Tư pháp', 'department', 'BD', 89.00, 89.70, 88.90),
    ('BD.S08', 'Sở Kế hoạch và Đầu tư', 'department', 'BD', 87.55, 88.25, 87.65),
    ('BD.S09', 'Sở Tài chính', 'department', 'BD', 76.95, 77.65, 90.15),
    ('BD.S10', 'Sở Công Thương', 'department', 'BD', 85.90, 86.60, 86.40),
    ('BD.S11', 'Sở Giao thông vận tải', 'department', 'BD', 84.70, 85.40, 85.10),
    ('BD.S12', 'Sở Tài nguyên và Môi trường', 'department', 'BD', 83.55, 84.25, 83.95),
    ('BD.S13', 'Sở Lao động - Thương binh và Xã hội', 'department', 'BD', 82.40, 83.10, 82.70),
    ('BD.S14', 'Sở Giáo dục và Đào tạo', 'department', 'BD', 81.10, 81.80, 81.35),
    ('BD.S15', 'Sở Khoa học và Công nghệ', 'department', 'BD', 79.85, 80.55, 80.20),
    ('BD.S16', 'Ban Quản lý các khu công nghiệp', 'department', 'BD', 78.40, 79.10, 78.85),
    ('BD.S17', 'Công an tỉnh', 'department', 'BD', 75.30, 76.00, 77.40),
    ('BD.S18', 'Thanh tra tỉnh', 'department', 'BD', 73.60, 74.30, 75.90),
    ('BD.S19', 'Văn phòng UBND tỉnh', 'department', 'BD', 71.15, 72.99, 71.08),
    ('BD.H1', 'Thành phố Thủ Dầu Một', 'district', 'BD', NULL, 94.80, 97.68),
    ('BD.H2', 'Thành phố Thuận An', 'district', 'BD', NULL, 79.66, 92.05),
    ('BD.H3', 'Thành phố Dĩ An', 'district', 'BD', NULL, 87.50, 93.40),
    ('BD.H4', 'Thành phố Tân Uyên', 'district', 'BD', NULL, 89.70, 94.20),
    ('BD.H5', 'Thị xã Bến Cát', 'district', 'BD', NULL, 90.40, 92.60),
    ('BD.H6', 'Huyện Bàu Bàng', 'district', 'BD', NULL, 89.10, 91.19),
    ('BD.H7', 'Huyện Bắc Tân Uyên', 'district', 'BD', NULL, 88.60, 88.90),
    ('BD.H8', 'Huyện Dầu Tiếng', 'district', 'BD', NULL, 83.20, 88.20),
    ('BD.H9', 'Huyện Phú Giáo', 'district', 'BD', NULL, 88.05, 89.60),
    ('BD.H1.01', 'Phường Hiệp Thành', 'commune', 'BD.H1', NULL, 98.20, 99.09),
    ('BD.H1.02', 'Phường Phú Thọ', 'commune', 'BD.H1', NULL, 98.04, 98.96),
    ('BD.H1.03', 'Phường Chánh Mỹ', 'commune', 'BD.H1', NULL, 88.92, 98.83),
    ('BD.H1.04', 'Phường Phú Hòa', 'commune', 'BD.H1', NULL, 97.88, 98.70),
    ('BD.H1.05', 'Phường Phú Mỹ', 'commune', 'BD.H1', NULL, 97.72, 98.57),
    ('BD.H1.06', 'Phường Phú Lợi', 'commune', 'BD.H1', NULL, 97.56, 98.44),
    ('BD.H1.07', 'Phường Hòa Phú', 'commune', 'BD.H1', NULL, 95.96, 98.31),
    ('BD.H1.08', 'Phường Phú Cường', 'commune', 'BD.H1', NULL, 95.80, 98.18),
    ('BD.H1.09', 'Phường Định Hòa', 'commune', 'BD.H1', NULL, 95.64, 98.05),
    ('BD.H1.10', 'Phường Phú Tân', 'commune', 'BD.H1', NULL, 95.48, 97.92),
    ('BD.H1.11', 'Phường Hiệp An', 'commune', 'BD.H1', NULL, 95.32, 97.79),
    ('BD.H1.12', 'Phường Tân An', 'commune', 'BD.H1', NULL, 95.16, 97.66),
    ('BD.H1.13', 'Phường Tương Bình Hiệp', 'commune', 'BD.H1', NULL, 95.00, 97.53),
    ('BD.H1.14', 'Phường Chánh Nghĩa', 'commune', 'BD.H1', NULL, 94.84, 97.40),
    ('BD.H2.01', 'Phường Lái Thiêu', 'commune', 'BD.H2', NULL, 94.68, 96.63),
    ('BD.H2.02', 'Phường Bình Chuẩn', 'commune', 'BD.H2', NULL, 94.52, 96.50),
    ('BD.H2.03', 'Phường Thuận Giao', 'commune', 'BD.H2', NULL, 94.36, 96.37),
    ('BD.H2.04', 'Phường An Phú', 'commune', 'BD.H2', NULL, 94.20, 96.24),
    ('BD.H2.05', 'Phường Hưng Định', 'commune', 'BD.H2', NULL, 94.04, 96.11),
    ('BD.H2.06', 'Phường An Thạnh', 'commune', 'BD.H2', NULL, 93.88, 95.98),
    ('BD.H2.07', 'Phường Bình Nhâm', 'commune', 'BD.H2', NULL, 93.72, 95.85),
    ('BD.H2.08', 'Phường Bình Hòa', 'commune', 'BD.H2', NULL, 93.56, 95.72),
    ('BD.H2.09', 'Phường Vĩnh Phú', 'commune', 'BD.H2', NULL, 93.40, 95.59),
    ('BD.H2.10', 'Xã An Sơn', 'commune', 'BD.H2', NULL, 93.24, 95.46),
    ('BD.H3.01', 'Phường Dĩ An', 'commune', 'BD.H3', NULL, 93.08, 95.33),
    ('BD.H3.02', 'Phường An Bình', 'commune', 'BD.H3', NULL, 85.56, 96.88),
    ('BD.H3.03', 'Phường Tân Đông Hiệp', 'commune', 'BD.H3', NULL, 85.72, 96.76),
    ('BD.H3.04', 'Phường Đông Hòa', 'commune', 'BD.H3', NULL, 92.92, 95.20),
    ('BD.H3.05', 'Phường Tân Bình', 'commune', 'BD.H3', NULL, 92.76, 95.07),
    ('BD.H3.06', 'Phường Bình An', 'commune', 'BD.H3', NULL, 92.60, 94.94),
    ('BD.H3.07', 'Phường Bình Thắng', 'commune', 'BD.H3', NULL, 92.44, 94.81),
    ('BD.H4.01', 'Phường Uyên Hưng', 'commune', 'BD.H4', NULL, 92.28, 94.68),
    ('BD.H4.02', 'Phường Tân Phước Khánh', 'commune', 'BD.H4', NULL, 92.12, 94.55),
    ('BD.H4.03', 'Phường Thái Hòa', 'commune', 'BD.H4', NULL, 91.96, 94.42),
    ('BD.H4.04', 'Phường Thạnh Phước', 'commune', 'BD.H4', NULL, 91.80, 94.29),
    ('BD.H4.05', 'Phường Tân Hiệp', 'commune', 'BD.H4', NULL, 91.64, 94.16),
    ('BD.H4.06', 'Phường Khánh Bình', 'commune', 'BD.H4', NULL, 91.48, 94.03),
    ('BD.H4.07', 'Phường Phú Chánh', 'commune', 'BD.H4', NULL, 91.32, 93.90),
    ('BD.H4.08', 'Phường Hội Nghĩa', 'commune', 'BD.H4', NULL, 91.16, 93.77),
    ('BD.H4.09', 'Phường Tân Vĩnh Hiệp', 'commune', 'BD.H4', NULL, 91.00, 93.64),
    ('BD.H4.10', 'Phường Vĩnh Tân', 'commune', 'BD.H4', NULL, 90.84, 93.51),
    ('BD.H4.11', 'Xã Bạch Đằng', 'commune', 'BD.H4', NULL, 90.68, 93.38),
    ('BD.H4.12', 'Xã Thạnh Hội', 'commune', 'BD.H4', NULL, 90.52, 93.25),
    ('BD.H5.01', 'Phường Mỹ Phước', 'commune', 'BD.H5', NULL, 90.36, 93.12),
    ('BD.H5.02', 'Phường Chánh Phú Hòa', 'commune', 'BD.H5', NULL, 90.20, 92.99),
    ('BD.H5.03', 'Phường Hòa Lợi', 'commune', 'BD.H5', NULL, 90.04, 92.86),
    ('BD.H5.04', 'Phường Tân Định', 'commune', 'BD.H5', NULL, 89.88, 92.73),
    ('BD.H5.05', 'Phường Thới Hòa', 'commune', 'BD.H5', NULL, 84.44, 97.27),
    ('BD.H5.06', 'Xã An Điền', 'commune', 'BD.H5', NULL, 89.72, 92.60),
    ('BD.H5.07', 'Xã An Tây', 'commune', 'BD.H5', NULL, 89.56, 92.47),
    ('BD.H5.08', 'Xã Phú An', 'commune', 'BD.H5', NULL, 89.40, 92.34),
    ('BD.H6.01', 'Thị trấn Lai Uyên', 'commune', 'BD.H6', NULL, 89.24, 92.21),
    ('BD.H6.02', 'Xã Cây Trường II', 'commune', 'BD.H6', NULL, 89.08, 92.08),
    ('BD.H6.03', 'Xã Hưng Hòa', 'commune', 'BD.H6', NULL, 88.76, 91.95),
    ('BD.H6.04', 'Xã Lai Hưng', 'commune', 'BD.H6', NULL, 88.60, 91.82),
    ('BD.H6.05', 'Xã Long Nguyên', 'commune', 'BD.H6', NULL, 88.44, 91.69),
    ('BD.H6.06', 'Xã Tân Hưng', 'commune', 'BD.H6', NULL, 88.28, 91.56),
    ('BD.H6.07', 'Xã Trừ Văn Thố', 'commune', 'BD.H6', NULL, 88.12, 91.43),
    ('BD.H7.01', 'Thị trấn Tân Thành', 'commune', 'BD.H7', NULL, 87.96, 91.30),
    ('BD.H7.02', 'Thị trấn Tân Bình', 'commune', 'BD.H7', NULL, 87.80, 91.17),
    ('BD.H7.03', 'Xã Bình Mỹ', 'commune', 'BD.H7', NULL, 87.64, 91.04),
    ('BD.H7.04', 'Xã Đất Cuốc', 'commune', 'BD.H7', NULL, 87.48, 90.91),
    ('BD.H7.05', 'Xã Hiếu Liêm', 'commune', 'BD.H7', NULL, 87.32, 90.78),
    ('BD.H7.06', 'Xã Lạc An', 'commune', 'BD.H7', NULL, 87.16, 90.65),
    ('BD.H7.07', 'Xã Tân Định', 'commune', 'BD.H7', NULL, 87.00, 90.52),
    ('BD.H7.08', 'Xã Tân Lập', 'commune', 'BD.H7', NULL, 86.84, 90.39),
    ('BD.H7.09', 'Xã Tân Mỹ', 'commune', 'BD.H7', NULL, 86.68, 90.26),
    ('BD.H7.10', 'Xã Thường Tân', 'commune', 'BD.H7', NULL, 86.52, 90.13),
    ('BD.H8.01', 'Thị trấn Dầu Tiếng', 'commune', 'BD.H8', NULL, 86.36, 90.00),
    ('BD.H8.02', 'Xã An Lập', 'commune', 'BD.H8', NULL, 86.20, 89.70),
    ('BD.H8.03', 'Xã Định An', 'commune', 'BD.H8', NULL, 86.04, 89.00),
    ('BD.H8.04', 'Xã Định Hiệp', 'commune', 'BD.H8', NULL, 85.88, 88.55),
    ('BD.H8.05', 'Xã Định Thành', 'commune', 'BD.H8', NULL, 85.40, 88.10),
    ('BD.H8.06', 'Xã Long Hòa', 'commune', 'BD.H8', NULL, 85.24, 87.65),
    ('BD.H8.07', 'Xã Long Tân', 'commune', 'BD.H8', NULL, 85.08, 87.20),
    ('BD.H8.08', 'Xã Minh Hòa', 'commune', 'BD.H8', NULL, 84.92, 86.75),
    ('BD.H8.09', 'Xã Minh Tân', 'commune', 'BD.H8', NULL, 84.76, 86.30),
    ('BD.H8.10', 'Xã Minh Thạnh', 'commune', 'BD.H8', NULL, 84.60, 85.85),
    ('BD.H8.11', 'Xã Thanh An', 'commune', 'BD.H8', NULL, 84.28, 85.40),
    ('BD.H8.12', 'Xã Thanh Tuyền', 'commune', 'BD.H8', NULL, 84.12, 84.95),
    ('BD.H9.01', 'Thị trấn Phước Vĩnh', 'commune', 'BD.H9', NULL, 83.96, 84.50),
    ('BD.H9.02', 'Xã An Bình', 'commune', 'BD.H9', NULL, 83.80, 84.05),
    ('BD.H9.03', 'Xã An Linh', 'commune', 'BD.H9', NULL, 83.64, 83.60),
    ('BD.H9.04', 'Xã An Long', 'commune', 'BD.H9', NULL, 83.49, 83.15),
    ('BD.H9.05', 'Xã An Thái', 'commune', 'BD.H9', NULL, 83.33, 82.70),
    ('BD.H9.06', 'Xã Phước Hòa', 'commune', 'BD.H9', NULL, 83.17, 82.25),
    ('BD.H9.07', 'Xã Phước Sang', 'commune', 'BD.H9', NULL, 83.01, 81.80),
    ('BD.H9.08', 'Xã Tam Lập', 'commune', 'BD.H9', NULL, 82.85, 81.35),
    ('BD.H9.09', 'Xã Tân Hiệp', 'commune', 'BD.H9', NULL, 82.69, 80.90),
    ('BD.H9.10', 'Xã Tân Long', 'commune', 'BD.H9', NULL, 82.53, 80.45),
    ('BD.H9.11', 'Xã Vĩnh Hòa', 'commune', 'BD.H9', NULL, 82.37, 80.00);

-- One level per statement: a parent must exist before its children are looked up.
INSERT INTO units (code, name_vi, level)
SELECT code, name, level FROM seed_units WHERE parent IS NULL;
INSERT INTO units (code, name_vi, level, parent_id)
SELECT s.code, s.name, s.level, p.id FROM seed_units s JOIN units p ON p.code = s.parent WHERE s.level <> 'commune';
INSERT INTO units (code, name_vi, level, parent_id)
SELECT s.code, s.name, s.level, p.id FROM seed_units s JOIN units p ON p.code = s.parent WHERE s.level = 'commune';
SELECT level, count(*) AS units FROM seed_units GROUP BY level
 ORDER BY array_position(ARRAY['province', 'department', 'district', 'commune'], level);

-- Every unit-year percent as assessments of its template's leaves.
CREATE TEMP TABLE batch (LIKE composite_assessment_input);
INSERT INTO batch (unit_code, index_code, year, criterion_code, appraised_score, survey_score)
WITH results AS (
    SELECT s.code, s.level, CASE s.level WHEN 'department' THEN 'par-department' ELSE 'par-local' END AS index_code,
           y.year, y.p
      FROM seed_units s
     CROSS JOIN LATERAL (VALUES (2021, s.p2021), (2022, s.p2022), (2023, s.p2023)) y (year, p)
     WHERE y.p IS NOT NULL
),
leaves AS (
    SELECT r.*, t.code AS criterion_code, t.source,
           CASE WHEN t.source <> 'survey' THEN round(t.max_points * r.p / 100, 2) END AS share
      FROM results r
      JOIN composite_criteria_tree t
        ON t.index_code = r.index_code AND t.index_version = composite_version(r.index_code, r.year)
       AND t.is_leaf AND r.level = ANY (t.unit_levels)
)
SELECT code, index_code, year, criterion_code, share,
       CASE WHEN source = 'survey' THEN p - sum(share) OVER (PARTITION BY code, year) END
  FROM leaves;
-- The province's fields: appraised part (n.1) and survey part (n.2), 2022 and 2023.
INSERT INTO batch (unit_code, index_code, year, criterion_code, appraised_score, survey_score)
SELECT 'BD', 'par-province', y.year, f.field || '.' || part.n,
       CASE part.n WHEN 1 THEN y.appraised END, CASE part.n WHEN 2 THEN y.surveyed END
  FROM (VALUES (2022, '1', 7.10, 1.62), (2022, '2', 5.90, 2.41), (2022, '3', 7.60, 3.35), (2022, '4', 5.55, 2.80),
               (2022, '5', 8.90, 3.60), (2022, '6', 6.70, 3.55), (2022, '7', 7.20, 2.35), (2022, '8', 5.45, 10.70),
               (2023, '1', 7.30, 1.70), (2023, '2', 5.80, 2.35), (2023, '3', 8.00, 3.55), (2023, '4', 5.70, 2.95),
               (2023, '5', 9.50, 3.75), (2023, '6', 6.60, 3.45), (2023, '7', 8.10, 2.50), (2023, '8', 5.75, 10.64)
       ) y (year, field, appraised, surveyed)
 CROSS JOIN (VALUES (1), (2)) part (n)
  CROSS JOIN LATERAL (SELECT y.field) f (field);
SELECT * FROM composite_assessment_problems('batch');
SELECT * FROM load_composite_assessments('batch');
-- departments: 19 leaves × 19 units × 3 years; districts and communes: 17 leaves × 100 units × 2
-- years; the province: 16 leaves × 2 years; 1,083 + 3,400 + 32 = 4,515
SELECT index_code, year, count(*) AS assessments FROM composite_assessments GROUP BY 1, 2 ORDER BY 1, 2;

-- MoHA's published results for the province.
INSERT INTO composite_published (unit_id, index_code, year, value, rank, rank_of, publisher)
SELECT id, 'par-province', y, v, r, 63, 'Bộ Nội vụ' FROM units,
       (VALUES (2022, 84.78, 35), (2023, 87.64, 24)) p (y, v, r)
 WHERE code = 'BD';

-- Each unit's assessments add up to its percent.
SELECT count(*) AS units_checked,
       count(*) FILTER (WHERE r.computed_value = CASE r.year WHEN 2021 THEN s.p2021 WHEN 2022 THEN s.p2022 ELSE s.p2023 END)
           AS equal_to_their_percent
  FROM composite_unit_results r JOIN seed_units s ON s.code = r.unit_code
 WHERE r.level <> 'province';

-- Averages, their change, the leaders.
SELECT s.level, s.year, s.units, s.average_percent, s.previous_average, s.average_change, s.lowest_percent,
       s.leader_name, s.leader_value
  FROM composite_level_summary s
 WHERE s.index_code IN ('par-department', 'par-local')
 ORDER BY array_position(ARRAY['department', 'district', 'commune'], s.level), s.year;
-- Departments: +1.86 against 2021.
SELECT a.average_percent - b.average_percent AS departments_change_since_2021
  FROM composite_level_summary a, composite_level_summary b
 WHERE (a.index_code, a.level, a.year) = ('par-department', 'department', 2023)
   AND (b.index_code, b.level, b.year) = ('par-department', 'department', 2021);

-- Bands in 2023: "07/19 units ≥ 90%", districts 6 excellent + 3 good, communes 69/91.
SELECT c.level, c.band, c.band_vi, c.units, c.at_or_above, c.level_units
  FROM composite_band_counts c
 WHERE c.year = 2023 AND c.index_code IN ('par-department', 'par-local') AND c.min_percent >= 80
 ORDER BY array_position(ARRAY['department', 'district', 'commune'], c.level), c.position;
-- 2022: one district below 80% (so 2023 is the first year all are at 80% or more).
SELECT c.level, c.band, c.units
  FROM composite_band_counts c
 WHERE c.year = 2022 AND c.level = 'district' AND c.units > 0 ORDER BY c.position;

-- Departments, 2023: the first seven, and the two that rose most.
SELECT rank, unit_name, value, band_vi, previous_rank, places_up
  FROM composite_unit_results
 WHERE index_code = 'par-department' AND year = 2023 AND (rank <= 7 OR places_up >= 7)
 ORDER BY rank;

-- Districts, 2023.
SELECT rank, unit_name, value, band_vi, previous_value, points_change, previous_rank, places_up
  FROM composite_unit_results
 WHERE level = 'district' AND year = 2023
 ORDER BY rank;

-- Communes, 2023: the first fourteen (the wards of Thu Dau Mot), and the largest rises.
SELECT rank, unit_name, value, band_vi
  FROM composite_unit_results
 WHERE level = 'commune' AND year = 2023 AND rank <= 15
 ORDER BY rank;
SELECT r.unit_name, p.name_vi AS district, r.previous_rank, r.rank, r.places_up
  FROM composite_unit_results r
  JOIN units u ON u.id = r.unit_id JOIN units p ON p.id = u.parent_id
 WHERE r.level = 'commune' AND r.year = 2023
 ORDER BY r.places_up DESC
 LIMIT 4;

-- The province: computed from its fields, equal to what MoHA published; ranked 24/63,
-- +2.86 points and up 11 places; 6 of 8 component indexes rose.
SELECT unit_name, year, achieved, maximum, computed_value, published_value, value, band_vi,
       rank, rank_of, previous_value, points_change, previous_rank, places_up,
       components, components_rose, components_fell, source
  FROM composite_unit_results
 WHERE index_code = 'par-province'
 ORDER BY year;
SELECT criterion_code, name_en, achieved, maximum, percent, previous_percent, change
  FROM composite_component_changes
 WHERE index_code = 'par-province' AND year = 2023
 ORDER BY sort_key;

ROLLBACK;
