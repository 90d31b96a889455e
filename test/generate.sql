-- test/generate.sql — deterministic demo data for govindex, shaped like Bình Dương
-- province in 2023: 120 units, 1890 procedures, :dossiers dossiers, about
-- :dossiers/100 petitions.
--
--   psql -X -v ON_ERROR_STOP=1 [-v seed=2023] [-v dossiers=200000] [-v year=2023] \
--        [-v province=H74] [-v province_name='Bình Dương'] [-v province_name_en='Binh Duong'] \
--        [-v replace=1 | -v append=1] -f test/generate.sql
--
-- Run it in a database where CREATE EXTENSION govindex was done.  It refuses to touch
-- a database that already holds units, procedures, dossiers or petitions unless given
-- -v replace=1, which truncates them first (TRUNCATE ... CASCADE: tables that
-- reference units or procedures are emptied too), or -v append=1, which adds one more
-- province beside those there: its units get the ids after theirs, the procedure
-- catalogue there is kept (it must be the generator's own: a national catalogue) and
-- its dossier and petition codes carry the province code.  A province's rows are the
-- same whether it is generated alone or appended (only ids and petition codes move).
-- The province code and name name the province's units and codes (H74.07, "UBND tỉnh
-- Bình Dương"); the districts and communes keep Bình Dương's names.  Everything happens
-- in one transaction; the only output is a summary of row counts.
--
-- Determinism: every random choice is a function of (row number, stream, seed)
-- through hashint8extended(), never random(), so the same seed, size and year
-- always give the same rows, whatever the plan, the session TimeZone or work_mem.
-- Only +, -, *, / and floor() touch the uniform numbers (no pow, ln or exp, whose
-- last bit may differ between C libraries), and times are built as whole seconds
-- added to the year's first midnight in Asia/Ho_Chi_Minh (a fixed UTC+7 zone).
--
-- Speed: set-based INSERT ... SELECT over generate_series; the unit of a dossier is
-- looked up in a 100,000-bucket array, its procedure by a hash join on
-- (pool, popularity rank); 10 million dossiers take a few minutes on two cores.

\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?seed}
\else
\set seed 2023
\endif
\if :{?dossiers}
\else
\set dossiers 200000
\endif
\if :{?year}
\else
\set year 2023
\endif
\if :{?replace}
\else
\set replace 0
\endif
\if :{?append}
\else
\set append 0
\endif
\if :{?province}
\else
\set province H74
\endif
\if :{?province_name}
\else
\set province_name 'Bình Dương'
\if :{?province_name_en}
\else
\set province_name_en 'Binh Duong'
\endif
\endif
\if :{?province_name_en}
\else
\set province_name_en :province_name
\endif

BEGIN;
SET LOCAL client_min_messages = warning;
SET LOCAL search_path = pg_catalog;
SET LOCAL work_mem = '64MB';
SET LOCAL jit = off;                 -- compiling these big expressions costs more than it saves
SET LOCAL enable_mergejoin = off;    -- the lookups below are small hash joins, never sorts of the big side

-- unit_offset, petition_offset: 0, or with append=1 the ids already taken
CREATE TEMP TABLE gen_param ON COMMIT DROP AS
SELECT (:seed)::bigint AS seed, (:dossiers)::bigint AS n, (:year)::int AS year,
       greatest(50, (:dossiers)::bigint / 100) AS p, :'province'::text AS province,
       CASE WHEN :append::bool THEN (SELECT coalesce(max(id), 0) FROM govindex.units) ELSE 0 END AS unit_offset,
       CASE WHEN :append::bool THEN (SELECT coalesce(max(id), 0) FROM govindex.petitions) ELSE 0 END AS petition_offset;

DO $$
BEGIN
    IF (SELECT n < 0 OR n > 99999999 OR year NOT BETWEEN 1976 AND 9998 OR abs(seed) >= 2^50 FROM pg_temp.gen_param) THEN
        RAISE EXCEPTION 'invalid parameters: dossiers must be 0..99999999, year 1976..9998 and |seed| < 2^50'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT province !~ '^[A-Z][A-Z0-9]*$' FROM pg_temp.gen_param) THEN
        RAISE EXCEPTION 'invalid province code %: capital letters and digits, e.g. H44',
                        (SELECT province FROM pg_temp.gen_param)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END $$;

-- u(key, stream, seed): a uniform number in [0, 1) from the top 53 bits of a 64-bit
-- hash.  The key is a row number (dossier, petition, procedure or unit id), the
-- stream names one random choice (dossiers 0–63, petitions 64–127, procedures
-- 128–191, units 192–255).  Each stream hashes with its own seed, which the hash
-- mixes fully before it adds the key: hashing keys such as row * 64 + stream under
-- one seed instead gives visibly correlated top bits for neighbouring keys (the
-- final mixing of hashint8extended does not spread small key differences to all
-- of them), which once made a dossier's channel depend on its unit.
CREATE FUNCTION pg_temp.u(key bigint, stream int, seed bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT ((hashint8extended(key, seed * 4096 + stream) >> 11) & 9007199254740991)::float8 / 9007199254740992';

SELECT EXISTS (SELECT FROM govindex.units) OR EXISTS (SELECT FROM govindex.procedures)
    OR EXISTS (SELECT FROM govindex.dossiers) OR EXISTS (SELECT FROM govindex.petitions)
    AS gen_has_data \gset
\if :append
SELECT EXISTS (SELECT FROM govindex.units u WHERE u.code = :'province' OR u.code LIKE :'province' || '.%')
    AS gen_province_there \gset
\if :gen_province_there
DO $$
BEGIN
    RAISE EXCEPTION 'govindex already holds units of province %', (SELECT province FROM pg_temp.gen_param)
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Append another province code (-v province=...).';
END $$;
\endif
\elif :gen_has_data
\if :replace
TRUNCATE govindex.petitions, govindex.dossiers, govindex.procedures, govindex.units RESTART IDENTITY CASCADE;
\else
DO $$
BEGIN
    RAISE EXCEPTION 'govindex already holds units, procedures, dossiers or petitions'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Run the generator in a fresh database, or with -v replace=1 to replace that data.';
END $$;
\endif
\endif

-- ---------------------------------------------------------------------------------
-- Units: the province, 19 departments, 9 districts, 91 communes (real names, 2023).
-- weight: share of the dossier volume within the level; quality: a unit's place in
-- the 2023 PAR ranking where the press named it (NULL: drawn), which also raises
-- its online, digitization and on-time rates.
CREATE TEMP TABLE gen_unit (
    id          int PRIMARY KEY,
    code        text NOT NULL,
    name_vi     text NOT NULL,
    name_en     text,
    level       text NOT NULL,
    parent_id   int,
    weight      bigint,
    quality     float8,
    quota       int,        -- departments: number of procedures they resolve
    fields      text[]      -- departments: fields of those procedures
) ON COMMIT DROP;

INSERT INTO gen_unit (id, code, name_vi, name_en, level, parent_id)
VALUES (1, :'province', 'UBND tỉnh ' || :'province_name', 'People''s Committee of ' || :'province_name_en' || ' Province',
        'province', NULL);

INSERT INTO gen_unit (id, code, name_vi, name_en, level, parent_id, weight, quality, quota, fields)
SELECT 1 + o, format('%s.%s', :'province', to_char(o, 'FM00')), n, e, 'department', 1, w, q, k, f::text[]
  FROM (VALUES
    ( 1, 'Sở Thông tin và Truyền thông', 'Department of Information and Communications', 3, 1.00, 37, '{Thông tin và Truyền thông}'),
    ( 2, 'Sở Văn hóa, Thể thao và Du lịch', 'Department of Culture, Sports and Tourism', 4, 0.95, 110, '{Văn hóa,Thể thao,Du lịch}'),
    ( 3, 'Sở Nội vụ', 'Department of Home Affairs', 3, 0.92, 75, '{Nội vụ}'),
    ( 4, 'Sở Xây dựng', 'Department of Construction', 6, 0.90, 55, '{Xây dựng}'),
    ( 5, 'Sở Y tế', 'Department of Health', 8, 0.88, 130, '{Y tế}'),
    ( 6, 'Sở Nông nghiệp và Phát triển nông thôn', 'Department of Agriculture and Rural Development', 6, 0.86, 95, '{Nông nghiệp}'),
    ( 7, 'Sở Tư pháp', 'Department of Justice', 14, NULL, 100, '{Tư pháp,Hộ tịch}'),
    ( 8, 'Sở Kế hoạch và Đầu tư', 'Department of Planning and Investment', 16, NULL, 110, '{Đầu tư,Doanh nghiệp}'),
    ( 9, 'Sở Tài chính', 'Department of Finance', 2, NULL, 20, '{Tài chính}'),
    (10, 'Sở Công Thương', 'Department of Industry and Trade', 6, NULL, 100, '{Công thương}'),
    (11, 'Sở Giao thông vận tải', 'Department of Transport', 22, NULL, 95, '{Giao thông vận tải}'),
    (12, 'Sở Tài nguyên và Môi trường', 'Department of Natural Resources and Environment', 24, NULL, 95, '{Đất đai,Môi trường}'),
    (13, 'Sở Lao động - Thương binh và Xã hội', 'Department of Labour, Invalids and Social Affairs', 20, NULL, 80, '{Lao động,Bảo trợ xã hội}'),
    (14, 'Sở Giáo dục và Đào tạo', 'Department of Education and Training', 5, NULL, 70, '{Giáo dục và Đào tạo}'),
    (15, 'Sở Khoa học và Công nghệ', 'Department of Science and Technology', 2, NULL, 45, '{Khoa học và Công nghệ}'),
    (16, 'Ban Quản lý các khu công nghiệp', 'Industrial Zones Authority', 10, NULL, 45, '{Đầu tư,Lao động,Xây dựng}'),
    (17, 'Công an tỉnh', 'Provincial Police', 30, NULL, 25, '{Xuất nhập cảnh,Trật tự xã hội}'),
    (18, 'Thanh tra tỉnh', 'Provincial Inspectorate', 1, NULL, 8, '{Khiếu nại, tố cáo}'),
    (19, 'Văn phòng UBND tỉnh', 'Office of the Provincial People''s Committee', 1, NULL, 5, '{Tiếp công dân}')
  ) AS d (o, n, e, w, q, k, f);

INSERT INTO gen_unit (id, code, name_vi, name_en, level, parent_id, weight, quality)
SELECT 20 + o, format('%s.%s', :'province', 20 + o), n, e, 'district', 1, w, q
  FROM (VALUES
    (1, 'Thành phố Thủ Dầu Một', 'Thu Dau Mot City', 14, 1.00),
    (2, 'Thành phố Thuận An', 'Thuan An City', 20, 0.80),
    (3, 'Thành phố Dĩ An', 'Di An City', 18, 0.90),
    (4, 'Thành phố Tân Uyên', 'Tan Uyen City', 14, 0.95),
    (5, 'Thị xã Bến Cát', 'Ben Cat Town', 12, 0.85),
    (6, 'Huyện Bàu Bàng', 'Bau Bang District', 5, NULL),
    (7, 'Huyện Bắc Tân Uyên', 'Bac Tan Uyen District', 5, NULL),
    (8, 'Huyện Dầu Tiếng', 'Dau Tieng District', 6, NULL),
    (9, 'Huyện Phú Giáo', 'Phu Giao District', 6, NULL)
  ) AS d (o, n, e, w, q);

-- Communes: (district, kind, name without accents for name_en, Vietnamese name).
-- Wards of Thủ Dầu Một carry the order of the 2023 commune PAR ranking.
INSERT INTO gen_unit (id, code, name_vi, name_en, level, parent_id, quality)
SELECT 29 + row_number() OVER (ORDER BY d, o),
       format('%s.%s.%s', :'province', 20 + d, to_char(row_number() OVER (PARTITION BY d ORDER BY o), 'FM00')),
       CASE k WHEN 'p' THEN 'Phường ' WHEN 't' THEN 'Thị trấn ' ELSE 'Xã ' END || n,
       e || CASE k WHEN 'p' THEN ' Ward' WHEN 't' THEN ' Town' ELSE ' Commune' END,
       'commune', 20 + d, q
  FROM (VALUES
    (1,  1, 'p', 'Hiệp Thành', 'Hiep Thanh', 1.00), (1,  2, 'p', 'Phú Thọ', 'Phu Tho', 0.98),
    (1,  3, 'p', 'Chánh Mỹ', 'Chanh My', 0.97),     (1,  4, 'p', 'Phú Hòa', 'Phu Hoa', 0.96),
    (1,  5, 'p', 'Phú Mỹ', 'Phu My', 0.95),         (1,  6, 'p', 'Phú Lợi', 'Phu Loi', 0.94),
    (1,  7, 'p', 'Hòa Phú', 'Hoa Phu', 0.93),       (1,  8, 'p', 'Phú Cường', 'Phu Cuong', 0.92),
    (1,  9, 'p', 'Định Hòa', 'Dinh Hoa', 0.91),     (1, 10, 'p', 'Phú Tân', 'Phu Tan', 0.90),
    (1, 11, 'p', 'Hiệp An', 'Hiep An', 0.89),       (1, 12, 'p', 'Tân An', 'Tan An', 0.88),
    (1, 13, 'p', 'Tương Bình Hiệp', 'Tuong Binh Hiep', 0.87), (1, 14, 'p', 'Chánh Nghĩa', 'Chanh Nghia', 0.86),
    (2,  1, 'p', 'Lái Thiêu', 'Lai Thieu', NULL),   (2,  2, 'p', 'Bình Chuẩn', 'Binh Chuan', NULL),
    (2,  3, 'p', 'Thuận Giao', 'Thuan Giao', NULL), (2,  4, 'p', 'An Phú', 'An Phu', NULL),
    (2,  5, 'p', 'Hưng Định', 'Hung Dinh', NULL),   (2,  6, 'p', 'An Thạnh', 'An Thanh', NULL),
    (2,  7, 'p', 'Bình Nhâm', 'Binh Nham', NULL),   (2,  8, 'p', 'Bình Hòa', 'Binh Hoa', NULL),
    (2,  9, 'p', 'Vĩnh Phú', 'Vinh Phu', NULL),     (2, 10, 'x', 'An Sơn', 'An Son', NULL),
    (3,  1, 'p', 'Dĩ An', 'Di An', NULL),           (3,  2, 'p', 'An Bình', 'An Binh', NULL),
    (3,  3, 'p', 'Tân Đông Hiệp', 'Tan Dong Hiep', NULL), (3,  4, 'p', 'Đông Hòa', 'Dong Hoa', NULL),
    (3,  5, 'p', 'Tân Bình', 'Tan Binh', NULL),     (3,  6, 'p', 'Bình An', 'Binh An', NULL),
    (3,  7, 'p', 'Bình Thắng', 'Binh Thang', NULL),
    (4,  1, 'p', 'Uyên Hưng', 'Uyen Hung', NULL),   (4,  2, 'p', 'Tân Phước Khánh', 'Tan Phuoc Khanh', NULL),
    (4,  3, 'p', 'Thái Hòa', 'Thai Hoa', NULL),     (4,  4, 'p', 'Thạnh Phước', 'Thanh Phuoc', NULL),
    (4,  5, 'p', 'Tân Hiệp', 'Tan Hiep', NULL),     (4,  6, 'p', 'Khánh Bình', 'Khanh Binh', NULL),
    (4,  7, 'p', 'Phú Chánh', 'Phu Chanh', NULL),   (4,  8, 'p', 'Hội Nghĩa', 'Hoi Nghia', NULL),
    (4,  9, 'p', 'Tân Vĩnh Hiệp', 'Tan Vinh Hiep', NULL), (4, 10, 'p', 'Vĩnh Tân', 'Vinh Tan', NULL),
    (4, 11, 'x', 'Bạch Đằng', 'Bach Dang', NULL),   (4, 12, 'x', 'Thạnh Hội', 'Thanh Hoi', NULL),
    (5,  1, 'p', 'Mỹ Phước', 'My Phuoc', NULL),     (5,  2, 'p', 'Chánh Phú Hòa', 'Chanh Phu Hoa', NULL),
    (5,  3, 'p', 'Hòa Lợi', 'Hoa Loi', NULL),       (5,  4, 'p', 'Tân Định', 'Tan Dinh', NULL),
    (5,  5, 'p', 'Thới Hòa', 'Thoi Hoa', NULL),     (5,  6, 'x', 'An Điền', 'An Dien', NULL),
    (5,  7, 'x', 'An Tây', 'An Tay', NULL),         (5,  8, 'x', 'Phú An', 'Phu An', NULL),
    (6,  1, 't', 'Lai Uyên', 'Lai Uyen', NULL),     (6,  2, 'x', 'Cây Trường II', 'Cay Truong II', NULL),
    (6,  3, 'x', 'Hưng Hòa', 'Hung Hoa', NULL),     (6,  4, 'x', 'Lai Hưng', 'Lai Hung', NULL),
    (6,  5, 'x', 'Long Nguyên', 'Long Nguyen', NULL), (6,  6, 'x', 'Tân Hưng', 'Tan Hung', NULL),
    (6,  7, 'x', 'Trừ Văn Thố', 'Tru Van Tho', NULL),
    (7,  1, 't', 'Tân Thành', 'Tan Thanh', NULL),   (7,  2, 't', 'Tân Bình', 'Tan Binh', NULL),
    (7,  3, 'x', 'Bình Mỹ', 'Binh My', NULL),       (7,  4, 'x', 'Đất Cuốc', 'Dat Cuoc', NULL),
    (7,  5, 'x', 'Hiếu Liêm', 'Hieu Liem', NULL),   (7,  6, 'x', 'Lạc An', 'Lac An', NULL),
    (7,  7, 'x', 'Tân Định', 'Tan Dinh', NULL),     (7,  8, 'x', 'Tân Lập', 'Tan Lap', NULL),
    (7,  9, 'x', 'Tân Mỹ', 'Tan My', NULL),         (7, 10, 'x', 'Thường Tân', 'Thuong Tan', NULL),
    (8,  1, 't', 'Dầu Tiếng', 'Dau Tieng', NULL),   (8,  2, 'x', 'An Lập', 'An Lap', NULL),
    (8,  3, 'x', 'Định An', 'Dinh An', NULL),       (8,  4, 'x', 'Định Hiệp', 'Dinh Hiep', NULL),
    (8,  5, 'x', 'Định Thành', 'Dinh Thanh', NULL), (8,  6, 'x', 'Long Hòa', 'Long Hoa', NULL),
    (8,  7, 'x', 'Long Tân', 'Long Tan', NULL),     (8,  8, 'x', 'Minh Hòa', 'Minh Hoa', NULL),
    (8,  9, 'x', 'Minh Tân', 'Minh Tan', NULL),     (8, 10, 'x', 'Minh Thạnh', 'Minh Thanh', NULL),
    (8, 11, 'x', 'Thanh An', 'Thanh An', NULL),     (8, 12, 'x', 'Thanh Tuyền', 'Thanh Tuyen', NULL),
    (9,  1, 't', 'Phước Vĩnh', 'Phuoc Vinh', NULL), (9,  2, 'x', 'An Bình', 'An Binh', NULL),
    (9,  3, 'x', 'An Linh', 'An Linh', NULL),       (9,  4, 'x', 'An Long', 'An Long', NULL),
    (9,  5, 'x', 'An Thái', 'An Thai', NULL),       (9,  6, 'x', 'Phước Hòa', 'Phuoc Hoa', NULL),
    (9,  7, 'x', 'Phước Sang', 'Phuoc Sang', NULL), (9,  8, 'x', 'Tam Lập', 'Tam Lap', NULL),
    (9,  9, 'x', 'Tân Hiệp', 'Tan Hiep', NULL),     (9, 10, 'x', 'Tân Long', 'Tan Long', NULL),
    (9, 11, 'x', 'Vĩnh Hòa', 'Vinh Hoa', NULL)
  ) AS c (d, o, k, n, e, q);

-- A commune's weight: its district's volume shared among its communes, times 0.35..1.65.
UPDATE gen_unit c
   SET weight = 1 + floor(d.weight * 10000 / (SELECT count(*) FROM gen_unit x WHERE x.parent_id = d.id)
                          * (0.35 + 1.3 * pg_temp.u(c.id, 192 + 0, :seed)))::bigint
  FROM gen_unit d
 WHERE c.level = 'commune' AND d.id = c.parent_id;

UPDATE gen_unit SET quality = pg_temp.u(id, 192 + 1, :seed)
 WHERE quality IS NULL AND level <> 'province';

INSERT INTO govindex.units (id, code, name_vi, name_en, level, parent_id, valid_from)
SELECT u.id + p.unit_offset, u.code, u.name_vi, u.name_en, u.level, u.parent_id + p.unit_offset, date '2020-01-01'
  FROM gen_unit u, gen_param p ORDER BY u.id;
SELECT setval(pg_get_serial_sequence('govindex.units', 'id'), (SELECT max(id) FROM govindex.units)) \g /dev/null

-- ---------------------------------------------------------------------------------
-- Procedures: pools of procedures (one per department, one shared by all districts,
-- one shared by all communes), each ordered by popularity.  Named procedures (the 25
-- of Project 06 and 2.000815) come first in their pools; the others are drawn.
CREATE TEMP TABLE gen_pool ON COMMIT DROP AS
SELECT id AS pool_key, 'department'::text AS level, quota, fields, code AS unit_code FROM gen_unit WHERE level = 'department'
UNION ALL
SELECT 1000, 'district', 330, '{Hộ tịch,Chứng thực,Đất đai,Xây dựng,Giáo dục và Đào tạo,Lao động,Bảo trợ xã hội,Doanh nghiệp,Công thương,Môi trường,Y tế,Văn hóa,Nội vụ,Nông nghiệp,Giao thông vận tải,"Khiếu nại, tố cáo",Trật tự xã hội}', 'district'
UNION ALL
SELECT 1001, 'commune', 260, '{Hộ tịch,Chứng thực,Cư trú,Đất đai,Bảo trợ xã hội,Lao động,Nông nghiệp,Văn hóa,Nội vụ,"Khiếu nại, tố cáo"}', 'commune';

-- Per-unit behaviour: each rate mixes the unit's quality (60%) with its own draw (40%).
-- Dossier volume: departments 35%, districts 15%, communes 50% of 100,000 buckets.
CREATE TEMP TABLE gen_unit_rate ON COMMIT DROP AS
WITH r AS (
    SELECT u.*, (sum(weight) OVER (PARTITION BY level ORDER BY id))::bigint AS cum_hi,
           (sum(weight) OVER (PARTITION BY level))::bigint AS level_total,
           CASE level WHEN 'department' THEN 0 WHEN 'district' THEN 35000 ELSE 50000 END AS level_base,
           CASE level WHEN 'department' THEN 35000 WHEN 'district' THEN 15000 ELSE 50000 END AS level_buckets
      FROM gen_unit u WHERE level <> 'province'
)
SELECT id, level,
       CASE level WHEN 'district' THEN 1000 WHEN 'commune' THEN 1001 ELSE id END AS pool_key,
       (SELECT p.quota FROM gen_pool p
         WHERE p.pool_key = CASE r.level WHEN 'district' THEN 1000 WHEN 'commune' THEN 1001 ELSE r.id END) AS pool_size,
       level_base + (level_buckets * (cum_hi - weight) / level_total)::int AS bucket_lo,
       level_base + (level_buckets * cum_hi / level_total)::int AS bucket_hi,
       0.55 + 0.40 * (0.6 * quality + 0.4 * pg_temp.u(id, 192 + 2, :seed)) AS online_p,
       0.075 - 0.06 * (0.6 * quality + 0.4 * pg_temp.u(id, 192 + 3, :seed)) AS late_p,
       0.30 + 0.40 * (0.6 * quality + 0.4 * pg_temp.u(id, 192 + 4, :seed)) AS sync_p,
       0.62 + 0.26 * (0.6 * quality + 0.4 * pg_temp.u(id, 192 + 5, :seed)) AS eresult_p,
       0.34 + 0.30 * (0.6 * quality + 0.4 * pg_temp.u(id, 192 + 6, :seed)) AS digitized_p,
       0.06 + 0.14 * (0.6 * quality + 0.4 * pg_temp.u(id, 192 + 7, :seed)) AS reuse_p,
       0.38 + 0.30 * (0.6 * quality + 0.4 * pg_temp.u(id, 192 + 8, :seed)) AS pay_p
  FROM r;
ALTER TABLE gen_unit_rate ADD PRIMARY KEY (id);

CREATE TEMP TABLE gen_named ON COMMIT DROP AS
SELECT pool, row_number() OVER (PARTITION BY pool ORDER BY o) AS k, code, name_vi, field, project06,
       paper::bool AS paper, fee, subject::govindex.procedure_subject AS subject, time_limit::numeric AS time_limit,
       time_unit::govindex.time_unit AS time_unit
  FROM (VALUES
    ( 1, 'commune', '2.000815', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận', 'Chứng thực', false, 1, 10000, 'both', 8, 'working_hour'),
    ( 2, 'commune', NULL, 'Đăng ký khai sinh', 'Hộ tịch', true, 1, NULL, 'citizen', 1, 'working_day'),
    ( 3, 'commune', NULL, 'Đăng ký thường trú', 'Cư trú', true, 0, 20000, 'citizen', 7, 'working_day'),
    ( 4, 'commune', NULL, 'Đăng ký tạm trú', 'Cư trú', true, 0, 15000, 'citizen', 3, 'working_day'),
    ( 5, 'commune', NULL, 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi', 'Hộ tịch', true, 1, NULL, 'citizen', 5, 'working_day'),
    ( 6, 'commune', NULL, 'Đăng ký kết hôn', 'Hộ tịch', true, 1, NULL, 'citizen', 1, 'working_day'),
    ( 7, 'commune', NULL, 'Đăng ký khai tử', 'Hộ tịch', true, 1, NULL, 'citizen', 1, 'working_day'),
    ( 8, 'commune', NULL, 'Thông báo lưu trú', 'Cư trú', true, 0, NULL, 'citizen', 4, 'working_hour'),
    ( 9, 'commune', NULL, 'Khai báo tạm vắng', 'Cư trú', true, 0, NULL, 'citizen', 1, 'working_day'),
    (10, 'commune', NULL, 'Gia hạn thẻ bảo hiểm y tế theo hộ gia đình', 'Y tế', true, 1, 500000, 'citizen', 5, 'working_day'),
    (11, 'commune', NULL, 'Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, trợ cấp mai táng', 'Hộ tịch', true, 1, NULL, 'citizen', 7, 'working_day'),
    (12, 'commune', NULL, 'Xác nhận số Chứng minh nhân dân khi đã được cấp thẻ Căn cước công dân', 'Cư trú', true, 1, NULL, 'citizen', 3, 'working_day'),
    (13, 'district', NULL, 'Cấp thẻ Căn cước công dân', 'Trật tự xã hội', true, 1, 30000, 'citizen', 7, 'working_day'),
    (14, 'district', NULL, 'Đăng ký xe mô tô, xe gắn máy', 'Giao thông vận tải', true, 1, 150000, 'citizen', 2, 'working_day'),
    (15, 'district', NULL, 'Cấp đổi, cấp lại thẻ Căn cước công dân', 'Trật tự xã hội', true, 1, 50000, 'citizen', 7, 'working_day'),
    (16, 'district', NULL, 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', 'Đất đai', true, 1, 100000, 'both', 10, 'working_day'),
    (17, 'district', NULL, 'Cấp điện mới từ lưới điện hạ áp', 'Công thương', true, 0, NULL, 'both', 3, 'working_day'),
    (18, 'district', NULL, 'Thay đổi chủ thể hợp đồng mua bán điện', 'Công thương', true, 0, NULL, 'both', 3, 'working_day'),
    (19, 'district', NULL, 'Đăng ký mẫu con dấu mới', 'Trật tự xã hội', true, 1, 50000, 'organization', 3, 'working_day'),
    (20, 'district', NULL, 'Đăng ký thay đổi, đăng ký lại mẫu con dấu', 'Trật tự xã hội', true, 1, 50000, 'organization', 3, 'working_day'),
    (21, :'province' || '.17', NULL, 'Cấp hộ chiếu phổ thông', 'Xuất nhập cảnh', true, 1, 200000, 'citizen', 8, 'working_day'),
    (22, :'province' || '.17', NULL, 'Nộp phạt vi phạm hành chính về trật tự, an toàn giao thông phát hiện qua hình ảnh', 'Trật tự xã hội', true, 0, 400000, 'both', 0.5, 'working_day'),
    (23, :'province' || '.11', NULL, 'Cấp đổi giấy phép lái xe', 'Giao thông vận tải', true, 1, 135000, 'citizen', 5, 'working_day'),
    (24, :'province' || '.13', NULL, 'Giải quyết hưởng trợ cấp thất nghiệp', 'Lao động', true, 1, NULL, 'citizen', 20, 'working_day'),
    (25, :'province' || '.07', NULL, 'Cấp Phiếu lý lịch tư pháp', 'Tư pháp', true, 1, 200000, 'citizen', 10, 'working_day'),
    (26, :'province' || '.14', NULL, 'Đăng ký dự thi tốt nghiệp trung học phổ thông và xét tuyển đại học', 'Giáo dục và Đào tạo', true, 0, 30000, 'citizen', 0.5, 'working_day')
  ) AS v (o, pool, code, name_vi, field, project06, paper, fee, subject, time_limit, time_unit);

CREATE TEMP TABLE gen_proc ON COMMIT DROP AS
WITH slot AS (
    SELECT p.pool_key, p.level, p.quota, p.fields, p.unit_code, k,
           row_number() OVER (ORDER BY p.level <> 'department', p.pool_key, k) AS id
      FROM gen_pool p, generate_series(1, p.quota) k
), drawn AS (
    SELECT s.*, n.code AS named_code, n.name_vi AS named_name, n.project06 AS named_p06,
           n.k IS NOT NULL AS named,
           coalesce(n.field, s.fields[1 + floor(cardinality(s.fields) * pg_temp.u(s.id, 128 + 0, :seed))::int]) AS field,
           pg_temp.u(s.id, 128 + 1, :seed) AS u_subject,
           coalesce(n.paper, pg_temp.u(s.id, 128 + 2, :seed) < 0.70) AS paper,
           CASE WHEN n.k IS NOT NULL THEN n.fee IS NOT NULL
                ELSE pg_temp.u(s.id, 128 + 3, :seed) < 0.35 END AS fee_bearing,
           coalesce(n.fee, 10000 + 1000 * floor(491 * pg_temp.u(s.id, 128 + 4, :seed)
                                                    * pg_temp.u(s.id, 128 + 4, :seed))::bigint) AS fee_base,
           n.subject AS named_subject,
           pg_temp.u(s.id, 128 + 5, :seed) AS u_limit,
           pg_temp.u(s.id, 128 + 6, :seed) AS u_hours,
           n.time_limit AS named_limit, n.time_unit AS named_unit,
           pg_temp.u(s.id, 128 + 7, :seed) AS u_service,
           pg_temp.u(s.id, 128 + 8, :seed) AS u_eligible,
           pg_temp.u(s.id, 128 + 9, :seed) AS u_rank
      FROM slot s
      LEFT JOIN gen_named n ON n.pool = s.unit_code AND n.k = s.k
), ranked AS (
    SELECT d.*,
           CASE WHEN named THEN k
                ELSE count(*) FILTER (WHERE named) OVER (PARTITION BY pool_key)
                     + row_number() OVER (PARTITION BY pool_key, named ORDER BY u_rank, id) END AS pool_rank,
           CASE WHEN named_p06 OR unit_code = :'province' || '.01' THEN 'full_online'
                WHEN named THEN 'partial_online' END AS forced_service
      FROM drawn d
), serviced AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY forced_service IS NULL
                              ORDER BY u_service * (0.35 + (pool_rank - 1)::float8 / quota), id) AS service_rn,
           count(*) FILTER (WHERE forced_service = 'full_online') OVER () AS forced_full,
           count(*) FILTER (WHERE forced_service = 'partial_online') OVER () AS forced_partial
      FROM ranked r
), leveled AS (
    SELECT s.*,
           coalesce(forced_service,
                    CASE WHEN service_rn <= 756 - forced_full THEN 'full_online'
                         WHEN service_rn <= 756 - forced_full + 830 - forced_partial THEN 'partial_online'
                         ELSE 'information' END)::govindex.service_level AS service_level
      FROM serviced s
)
SELECT l.id, l.pool_key, l.pool_rank, l.quota AS pool_size, l.level, l.field, l.paper, l.fee_bearing, l.fee_base,
       l.service_level, coalesce(l.named_p06, false) AS project06,
       l.service_level = 'full_online'
         OR (l.service_level = 'partial_online'
             AND row_number() OVER (PARTITION BY l.service_level ORDER BY l.u_eligible, l.id) <= 100) AS full_process_eligible,
       coalesce(l.named_subject,
                CASE WHEN l.field IN ('Hộ tịch', 'Cư trú', 'Bảo trợ xã hội', 'Xuất nhập cảnh') THEN 'citizen'
                     WHEN l.field IN ('Doanh nghiệp', 'Đầu tư', 'Khoa học và Công nghệ') THEN 'organization'
                     WHEN l.field = 'Chứng thực' THEN 'both'
                     WHEN l.u_subject < 0.45 THEN 'citizen'
                     WHEN l.u_subject < 0.75 THEN 'organization'
                     ELSE 'both' END::govindex.procedure_subject) AS subject,
       coalesce(l.named_limit,
                CASE WHEN l.u_hours < 0.02 THEN CASE WHEN l.u_limit < 0.5 THEN 4 ELSE 8 END
                     WHEN l.u_limit < 0.03 THEN 0.5
                     WHEN l.u_limit < 0.08 THEN 1
                     WHEN l.u_limit < 0.12 THEN 2
                     WHEN l.u_limit < 0.25 THEN 3
                     WHEN l.u_limit < 0.41 THEN 5
                     WHEN l.u_limit < 0.51 THEN 7
                     WHEN l.u_limit < 0.67 THEN 10
                     WHEN l.u_limit < 0.70 THEN 12
                     WHEN l.u_limit < 0.82 THEN 15
                     WHEN l.u_limit < 0.92 THEN 20
                     WHEN l.u_limit < 0.94 THEN 25
                     ELSE 30 END) AS time_limit,
       coalesce(l.named_unit,
                CASE WHEN l.u_hours < 0.02 THEN 'working_hour' ELSE 'working_day' END::govindex.time_unit) AS time_unit,
       coalesce(l.named_name,
                format('Thủ tục %s số %s', l.field,
                       row_number() OVER (PARTITION BY l.field, l.named ORDER BY l.id))) AS name_vi,
       coalesce(l.named_code,
                CASE WHEN (row_number() OVER (PARTITION BY l.named_code IS NULL ORDER BY l.id)) % 3 = 0
                     THEN '1.' || to_char(1000 + 11 * (row_number() OVER (PARTITION BY l.named_code IS NULL ORDER BY l.id)) / 3, 'FM000000')
                     ELSE '2.' || to_char(14 + 7 * ((row_number() OVER (PARTITION BY l.named_code IS NULL ORDER BY l.id))
                                                    - (row_number() OVER (PARTITION BY l.named_code IS NULL ORDER BY l.id)) / 3), 'FM000000')
                END) AS code
  FROM leveled l;
ALTER TABLE gen_proc ADD PRIMARY KEY (id),
    ADD COLUMN limit_days int,         -- whole working days; NULL for a limit in hours
    ADD COLUMN limit_extra_s float8;   -- the rest, in seconds (half a day = 4 hours)
UPDATE gen_proc
   SET limit_days = CASE WHEN time_unit = 'working_day' THEN floor(time_limit) END,
       limit_extra_s = CASE WHEN time_unit = 'working_hour' THEN 3600 * time_limit
                            ELSE 28800 * (time_limit - floor(time_limit)) END;
CREATE UNIQUE INDEX ON gen_proc (pool_key, pool_rank);

\if :append
-- another province of the same nation: the catalogue there must be this one
DO $$
BEGIN
    IF EXISTS (SELECT g.id, g.code, g.name_vi, g.field, g.level, g.service_level, g.paper, g.full_process_eligible,
                      g.fee_bearing, g.subject, g.project06, g.time_limit, g.time_unit
                 FROM pg_temp.gen_proc g
               EXCEPT
               SELECT p.id, p.code, p.name_vi, p.field, p.authority_level, p.service_level, p.paper_result_required,
                      p.full_process_eligible, p.fee_bearing, p.subject, p.project06, p.time_limit, p.time_limit_unit
                 FROM govindex.procedures p) THEN
        RAISE EXCEPTION 'the procedure catalogue in this database is not the generator''s (seed %)',
                        (SELECT seed FROM pg_temp.gen_param)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Append to a database generated with the same seed.';
    END IF;
END $$;
\else
INSERT INTO govindex.procedures (id, code, name_vi, field, authority_level, service_level, paper_result_required,
                                 full_process_eligible, fee_bearing, subject, project06, time_limit, time_limit_unit)
SELECT id, code, name_vi, field, level, service_level, paper, full_process_eligible, fee_bearing, subject,
       project06, time_limit, time_unit
  FROM gen_proc ORDER BY id;
SELECT setval(pg_get_serial_sequence('govindex.procedures', 'id'), (SELECT max(id) FROM govindex.procedures)) \g /dev/null
\endif

-- ---------------------------------------------------------------------------------
-- Calendar: receiving days and their share of the year's volume.  Sundays and public
-- holidays get nothing, Saturdays (morning shifts) a little; Mondays and the months
-- before Tết and at the year's end a little more.  Rows are spread over the days in
-- row order, so dossier codes follow the time of receipt.
CREATE TEMP TABLE gen_day ON COMMIT DROP AS
WITH holiday (day) AS (
    SELECT make_date(year, m, d) FROM gen_param, (VALUES (1, 1), (4, 30), (5, 1), (9, 2)) AS f (m, d)
    UNION
    SELECT d FROM gen_param,
           unnest('{2023-01-02,2023-01-20,2023-01-23,2023-01-24,2023-01-25,2023-01-26,2023-04-29,2023-05-02,2023-05-03,2023-09-01,2023-09-04}'::date[]) AS d
     WHERE extract(year FROM d) = year
), day AS (
    SELECT make_date(year, 1, 1) + i AS day, i AS day_index
      FROM gen_param, generate_series(0, make_date(year + 1, 1, 1) - make_date(year, 1, 1) - 1) AS i
), weighted AS (
    SELECT d.day, d.day_index, extract(isodow FROM d.day)::int AS dow,
           CASE WHEN h.day IS NOT NULL OR extract(isodow FROM d.day) = 7 THEN 0
                WHEN extract(isodow FROM d.day) = 6 THEN 800
                ELSE (ARRAY[110, 100, 100, 100, 95])[extract(isodow FROM d.day)::int]
                     * (ARRAY[108, 96, 100, 100, 100, 100, 100, 100, 100, 100, 104, 112])[extract(month FROM d.day)::int]
           END::bigint AS weight
      FROM day d LEFT JOIN holiday h ON h.day = d.day
), cumulated AS (
    SELECT w.*, (sum(weight) OVER (ORDER BY day))::bigint AS cum_hi, (sum(weight) OVER ())::bigint AS total FROM weighted w
)
SELECT day_index, dow,
       p.n * (cum_hi - weight) / total + 1 AS first_row, p.n * cum_hi / total AS last_row,
       p.p * (cum_hi - weight) / total + 1 AS first_petition, p.p * cum_hi / total AS last_petition
  FROM cumulated, gen_param p
 WHERE weight > 0;

SELECT govindex.create_dossier_partitions(make_date(year, 1, 1), make_date(year, 12, 1)) FROM gen_param \g /dev/null

-- ---------------------------------------------------------------------------------
-- Dossiers.  All times are seconds from the year's first midnight (local time):
-- received during office hours (7:30–11:30, 13:00–17:00; Saturdays 7:30–11:30),
-- the extraction moment is the end of the year.
INSERT INTO govindex.dossiers (code, unit_id, procedure_id, channel, submitted_at, received_at, due_at, ended_at,
                               end_status, supplement_requests, supplement_periods, synced, electronic_result,
                               digitized, reused_data, personal_store, population_data, paid_online, fee_amount, rating)
SELECT :'province' || '-' || :year || '-' || lpad(f.n::text, greatest(7, length((:dossiers)::bigint::text)), '0'),
       f.unit_id + (SELECT p.unit_offset FROM gen_param p), f.procedure_id, f.channel,
       f.t0 + f.submit_s * interval '1 second',
       f.t0 + f.recv_s * interval '1 second',
       CASE WHEN NOT f.due_null THEN f.t0 + (f.recv_s + f.due_s) * interval '1 second' END,
       CASE WHEN f.ended THEN f.t0 + (f.recv_s + f.end_s) * interval '1 second' END,
       CASE WHEN f.ended THEN
            CASE WHEN f.u_status < 0.01 THEN 'withdrawn' WHEN f.u_status < 0.02 THEN 'stopped'
                 WHEN f.u_status < 0.72 THEN 'returned' ELSE 'finished' END::govindex.end_status END,
       (f.s1 < f.e_s)::int + (f.s3 < f.e_s)::int,
       CASE WHEN f.s1 >= f.e_s THEN '{}'::tstzmultirange
            WHEN f.s3 >= f.e_s THEN
                 tstzmultirange(tstzrange(f.t0 + (f.recv_s + f.s1) * interval '1 second',
                                          CASE WHEN f.s2 < f.e_s THEN f.t0 + (f.recv_s + f.s2) * interval '1 second' END))
            ELSE tstzmultirange(tstzrange(f.t0 + (f.recv_s + f.s1) * interval '1 second', f.t0 + (f.recv_s + f.s2) * interval '1 second'),
                                tstzrange(f.t0 + (f.recv_s + f.s3) * interval '1 second',
                                          CASE WHEN f.s4 < f.e_s THEN f.t0 + (f.recv_s + f.s4) * interval '1 second' END))
       END,
       f.u_sync < f.sync_p,
       f.paper AND f.ended AND f.u_status >= 0.02 AND f.u_eresult < f.eresult_p,
       f.u_digitized < f.digitized_p,
       f.u_reuse < f.reuse_p,
       f.u_personal < 0.03,
       f.citizen AND f.u_population < 0.30,
       -- online dossiers mostly pay online; a direct one sometimes does too (a QR code
       -- at the desk): about 46% of fee-bearing dossiers, as the 2023 reports show
       CASE WHEN f.fee IS NOT NULL
                 AND f.u_pay < CASE WHEN f.channel = 'online' THEN f.pay_p + 0.10 ELSE 0.30 * f.pay_p END THEN
            CASE WHEN f.u_paychannel < 0.2 THEN 'local_gateway' ELSE 'portal' END::govindex.payment_channel END,
       f.fee,
       CASE WHEN f.ended AND f.u_rating < 0.20 THEN 'like' WHEN f.ended AND f.u_rating < 0.21 THEN 'dislike'
       END::govindex.citizen_rating
  FROM (
    SELECT e.*,
           e.end_s <= e.e_s AS ended,
           -- supplement periods as offsets from receipt; 1e15 = none
           CASE WHEN e.end_s < 7200 OR e.u_supplement >= 0.055 THEN 1e15::float8
                WHEN e.u_supplement < 0.005 THEN floor(e.end_s * (0.05 + 0.15 * e.u_sa))
                ELSE floor(e.end_s * (0.05 + 0.45 * e.u_sa)) END AS s1,
           CASE WHEN e.end_s < 7200 OR e.u_supplement >= 0.055 THEN 1e15::float8
                WHEN e.u_supplement < 0.005 THEN floor(e.end_s * (0.05 + 0.15 * e.u_sa)) + floor(e.end_s * (0.05 + 0.20 * e.u_sb))
                ELSE floor(e.end_s * (0.05 + 0.45 * e.u_sa))
                     + greatest(60, floor((e.end_s - floor(e.end_s * (0.05 + 0.45 * e.u_sa))) * (0.2 + 0.7 * e.u_sb))) END AS s2,
           CASE WHEN e.end_s < 7200 OR e.u_supplement >= 0.005 THEN 1e15::float8
                ELSE floor(e.end_s * (0.50 + 0.15 * e.u_sc)) END AS s3,
           CASE WHEN e.end_s < 7200 OR e.u_supplement >= 0.005 THEN 1e15::float8
                ELSE floor(e.end_s * (0.50 + 0.15 * e.u_sc)) + floor(e.end_s * (0.05 + 0.25 * e.u_sd)) END AS s4
      FROM (
        SELECT c.*,
               CASE WHEN c.late THEN c.due_s + 86400 + floor(19 * 86400 * c.u_duration)
                    ELSE floor(c.due_s * (0.05 + 0.95 * c.u_duration)) END AS end_s,
               CASE c.channel WHEN 'direct' THEN c.recv_s
                              WHEN 'online' THEN c.recv_s - 300 - floor(172500 * c.u_submit * c.u_submit)
                              ELSE c.recv_s - 3600 - floor(169200 * c.u_submit) END AS submit_s,
               CASE WHEN c.fee_bearing AND c.u_feenull >= 0.10
                    THEN c.fee_base * (1 + (c.fee_base <= 250000 AND c.u_feedouble < 0.15)::int) END AS fee
          FROM (
            SELECT b.*, gp.id AS procedure_id, gp.paper, gp.fee_bearing, gp.fee_base,
                   gp.subject <> 'organization' AS citizen,
                   CASE WHEN b.u_channel < b.online_p * CASE gp.service_level WHEN 'full_online' THEN 1.0
                                                                              WHEN 'partial_online' THEN 0.7 ELSE 0 END
                        THEN 'online'
                        WHEN b.u_channel > 0.985 THEN 'postal'
                        ELSE 'direct' END::govindex.channel AS channel,
                   CASE WHEN gp.limit_days IS NULL THEN gp.limit_extra_s
                        WHEN b.dow <= 5 THEN 86400 * (gp.limit_days + 2 * ((b.dow - 1 + gp.limit_days) / 5)) + gp.limit_extra_s
                        ELSE 86400 * greatest(0, gp.limit_days + 2 * ((4 + gp.limit_days) / 5) - 1) + gp.limit_extra_s
                   END AS due_s,
                   b.u_late < b.late_p AS late,
                   b.u_duenull < 0.02 AS due_null
              FROM (
                SELECT a.*, r.pool_key, r.online_p, r.late_p, r.sync_p, r.eresult_p, r.digitized_p, r.reuse_p, r.pay_p,
                       1 + floor(r.pool_size * a.u_procedure * a.u_procedure * a.u_procedure)::int AS pool_rank
                  FROM (
                    SELECT s.n, s.dow, s.t0,
                           s.day_start + CASE WHEN s.dow = 6 THEN 27000 + floor(14400 * s.q)
                                              WHEN s.q < 0.5 THEN 27000 + floor(28800 * s.q)
                                              ELSE 32400 + floor(28800 * s.q) END AS recv_s,
                           s.e_s0 - s.day_start
                               - CASE WHEN s.dow = 6 THEN 27000 + floor(14400 * s.q)
                                      WHEN s.q < 0.5 THEN 27000 + floor(28800 * s.q)
                                      ELSE 32400 + floor(28800 * s.q) END AS e_s,
                           ((SELECT array_agg(r.id ORDER BY b)
                               FROM gen_unit_rate r, generate_series(r.bucket_lo, r.bucket_hi - 1) AS b)
                           )[1 + floor(100000 * pg_temp.u(s.n, 1, :seed))::int] AS unit_id,
                           pg_temp.u(s.n, 2, :seed) AS u_procedure,
                           pg_temp.u(s.n, 3, :seed) AS u_channel,
                           pg_temp.u(s.n, 4, :seed) AS u_submit,
                           pg_temp.u(s.n, 5, :seed) AS u_duenull,
                           pg_temp.u(s.n, 6, :seed) AS u_late,
                           pg_temp.u(s.n, 7, :seed) AS u_duration,
                           pg_temp.u(s.n, 9, :seed) AS u_status,
                           pg_temp.u(s.n, 10, :seed) AS u_supplement,
                           pg_temp.u(s.n, 11, :seed) AS u_sa,
                           pg_temp.u(s.n, 12, :seed) AS u_sb,
                           pg_temp.u(s.n, 13, :seed) AS u_sc,
                           pg_temp.u(s.n, 14, :seed) AS u_sd,
                           pg_temp.u(s.n, 15, :seed) AS u_sync,
                           pg_temp.u(s.n, 16, :seed) AS u_eresult,
                           pg_temp.u(s.n, 17, :seed) AS u_digitized,
                           pg_temp.u(s.n, 18, :seed) AS u_reuse,
                           pg_temp.u(s.n, 19, :seed) AS u_personal,
                           pg_temp.u(s.n, 20, :seed) AS u_population,
                           pg_temp.u(s.n, 21, :seed) AS u_feenull,
                           pg_temp.u(s.n, 22, :seed) AS u_feedouble,
                           pg_temp.u(s.n, 23, :seed) AS u_pay,
                           pg_temp.u(s.n, 24, :seed) AS u_paychannel,
                           pg_temp.u(s.n, 25, :seed) AS u_rating
                      FROM (
                        SELECT n, d.dow, d.day_index * 86400::bigint AS day_start,
                               (n - d.first_row + pg_temp.u(n, 0, :seed)) / (d.last_row - d.first_row + 1) AS q,
                               k.t0, k.e_s0
                          FROM gen_day d
                          CROSS JOIN LATERAL generate_series(d.first_row, d.last_row) AS n
                          CROSS JOIN (
                              SELECT make_timestamptz(p.year, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh') AS t0,
                                     (make_date(p.year + 1, 1, 1) - make_date(p.year, 1, 1)) * 86400::bigint AS e_s0
                                FROM gen_param p
                          ) AS k
                        OFFSET 0
                      ) AS s
                    OFFSET 0
                  ) AS a
                  JOIN gen_unit_rate r ON r.id = a.unit_id
                OFFSET 0
              ) AS b
              JOIN gen_proc gp ON gp.pool_key = b.pool_key AND gp.pool_rank = b.pool_rank
            OFFSET 0
          ) AS c
        OFFSET 0
      ) AS e
    OFFSET 0
  ) AS f;

-- ---------------------------------------------------------------------------------
-- Petitions (PAKN): about one per 100 dossiers, 80% about procedures, answer due in
-- 15 days; 90% answered in time, 6% late, the rest still open.
INSERT INTO govindex.petitions (id, code, unit_id, kind, received_at, due_at, ended_at, likes, dislikes, follow_up_complaint)
SELECT n + (SELECT g.petition_offset FROM gen_param g),
       'PAKN-' || CASE WHEN :append::bool THEN :'province' || '-' ELSE '' END || :year || '-'
           || lpad(n::text, greatest(6, length(p::text)), '0'),
       unit_id + (SELECT g.unit_offset FROM gen_param g),
       CASE WHEN u_kind < 0.8 THEN 'procedure' ELSE 'staff' END::govindex.petition_kind,
       t0 + recv_s * interval '1 second',
       t0 + (recv_s + 15 * 86400) * interval '1 second',
       CASE WHEN end_s <= e_s0 - recv_s THEN t0 + (recv_s + end_s) * interval '1 second' END,
       CASE WHEN end_s <= e_s0 - recv_s THEN floor(6 * u_likes * u_likes * u_likes)::int ELSE 0 END,
       CASE WHEN end_s <= e_s0 - recv_s AND u_dislikes < 0.10 THEN 1 + floor(2 * u_dislikes2)::int ELSE 0 END,
       end_s <= e_s0 - recv_s AND u_complaint < 0.03
  FROM (
    SELECT s.*,
           CASE WHEN u_outcome < 0.90 THEN floor(15 * 86400 * (0.05 + 0.95 * u_duration))
                WHEN u_outcome < 0.96 THEN 16 * 86400 + floor(19 * 86400 * u_late)
                ELSE 1e15::float8 END AS end_s
      FROM (
        SELECT n, k.p, k.t0, k.e_s0,
               d.day_index * 86400::bigint
                 + CASE WHEN d.dow = 6 THEN 27000 + floor(14400 * q)
                        WHEN q < 0.5 THEN 27000 + floor(28800 * q)
                        ELSE 32400 + floor(28800 * q) END AS recv_s,
               ((SELECT array_agg(r.id ORDER BY b)
                   FROM gen_unit_rate r, generate_series(r.bucket_lo, r.bucket_hi - 1) AS b)
               )[1 + floor(100000 * pg_temp.u(n, 64 + 1, :seed))::int] AS unit_id,
               pg_temp.u(n, 64 + 2, :seed) AS u_kind,
               pg_temp.u(n, 64 + 3, :seed) AS u_outcome,
               pg_temp.u(n, 64 + 4, :seed) AS u_duration,
               pg_temp.u(n, 64 + 5, :seed) AS u_late,
               pg_temp.u(n, 64 + 6, :seed) AS u_likes,
               pg_temp.u(n, 64 + 7, :seed) AS u_dislikes,
               pg_temp.u(n, 64 + 8, :seed) AS u_dislikes2,
               pg_temp.u(n, 64 + 9, :seed) AS u_complaint
          FROM gen_day d
          CROSS JOIN LATERAL generate_series(d.first_petition, d.last_petition) AS n
          CROSS JOIN LATERAL (SELECT (n - d.first_petition + pg_temp.u(n, 64 + 0, :seed))
                                     / (d.last_petition - d.first_petition + 1) AS q) AS qq
          CROSS JOIN (
              SELECT p.p, make_timestamptz(p.year, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh') AS t0,
                     (make_date(p.year + 1, 1, 1) - make_date(p.year, 1, 1)) * 86400::bigint AS e_s0
                FROM gen_param p
          ) AS k
        OFFSET 0
      ) AS s
    OFFSET 0
  ) AS t;
SELECT setval(pg_get_serial_sequence('govindex.petitions', 'id'), greatest(1, (SELECT max(id) FROM govindex.petitions))) \g /dev/null

-- Publications: after the ministries' decisions the province publishes about 150
-- procedures a year, due 10 days after the decision (about 85% on time), and makes them
-- public on the national database within 5 days of publication (about 80% on time);
-- what falls after the year's end has not happened yet.
INSERT INTO govindex.procedure_publications (unit_id, procedure_id, decided_on, publish_due, published_on,
                                             public_due, made_public_on, content_complete)
SELECT unit_id, procedure_id, decided_on, publish_due,
       CASE WHEN published_on < year_end THEN published_on END,
       published_on + 5,
       CASE WHEN published_on < year_end AND made_public_on < year_end THEN made_public_on END,
       u_complete < 0.95
  FROM (
    SELECT (SELECT id FROM govindex.units WHERE code = :'province') AS unit_id,
           (SELECT min(id) FROM govindex.procedures) + floor(1890 * pg_temp.u(k, 96 + 0, :seed))::int AS procedure_id,
           d AS decided_on, d + 10 AS publish_due,
           d + CASE WHEN pg_temp.u(k, 96 + 2, :seed) < 0.85 THEN 2 + floor(9 * pg_temp.u(k, 96 + 3, :seed))::int
                    ELSE 11 + floor(15 * pg_temp.u(k, 96 + 3, :seed))::int END AS published_on,
           d + CASE WHEN pg_temp.u(k, 96 + 2, :seed) < 0.85 THEN 2 + floor(9 * pg_temp.u(k, 96 + 3, :seed))::int
                    ELSE 11 + floor(15 * pg_temp.u(k, 96 + 3, :seed))::int END
             + CASE WHEN pg_temp.u(k, 96 + 4, :seed) < 0.80 THEN 1 + floor(5 * pg_temp.u(k, 96 + 5, :seed))::int
                    ELSE 6 + floor(10 * pg_temp.u(k, 96 + 5, :seed))::int END AS made_public_on,
           pg_temp.u(k, 96 + 6, :seed) AS u_complete,
           make_date(year + 1, 1, 1) AS year_end
      FROM gen_param, generate_series(1, 150) AS k
     CROSS JOIN LATERAL (SELECT make_date(year, 1, 1) + floor(355 * pg_temp.u(k, 96 + 1, :seed))::int AS d) AS dd
  ) AS p;

ANALYZE govindex.units;
ANALYZE govindex.procedures;
ANALYZE govindex.dossiers;
ANALYZE govindex.dossier_codes;
ANALYZE govindex.petitions;

COMMIT;

-- The daily summaries, as the province's nightly job would compute them after a load
-- (from govindex 0.2.0 on; the upgrade test generates data under 0.1.0).
SELECT to_regprocedure('govindex.refresh_dossier_days(bool)') IS NOT NULL AS gen_has_days \gset
\if :gen_has_days
SELECT govindex.refresh_dossier_days() \g /dev/null
\endif

SELECT (SELECT count(*) FROM govindex.units) AS gen_units, (SELECT count(*) FROM govindex.procedures) AS gen_procedures,
       (SELECT count(*) FROM govindex.dossiers) AS gen_dossiers, (SELECT count(*) FROM govindex.petitions) AS gen_petitions \gset
\echo 'govindex demo data (seed' :seed', year' :year'):' :gen_units 'units,' :gen_procedures 'procedures,' :gen_dossiers 'dossiers,' :gen_petitions 'petitions'
