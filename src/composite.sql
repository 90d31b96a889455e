-- composite.sql — composite indices (PAR Index, PCI, DTI and a province's own
-- internal indices) as data: an index and its tree of criteria, versioned by year
-- and applicable by unit level; per unit and year the assessments (self, appraised,
-- survey, or taken from Index 766), deductions, results published by others, bands
-- and targets.  The scoring state is the score_total type (C code in composite.c);
-- the results are read through the views of composite_views.sql.
--
-- Shipped definitions (the provincial PAR Index of Decision 876/QĐ-BNV, a
-- department-level and a district/commune-level internal PAR template, PCI, DTI and
-- the default bands) come with the extension and are not dumped by pg_dump; rows a
-- user adds are.  To change a shipped index, copy it under a new code or version
-- with copy_composite_index() and edit the copy.

-- ---------------------------------------------------------------------------------
-- score_total: points achieved out of a maximum, deductions and weights; the state
-- of every composite index.  Every field is exact, in ten-thousandths of a point.
-- ---------------------------------------------------------------------------------

CREATE TYPE govindex.score_total;

CREATE FUNCTION govindex.score_total_in(cstring) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.score_total_out(govindex.score_total) RETURNS cstring
    AS 'MODULE_PATHNAME', 'score_total_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.score_total_recv(internal) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.score_total_send(govindex.score_total) RETURNS bytea
    AS 'MODULE_PATHNAME', 'score_total_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE govindex.score_total (
    INTERNALLENGTH = 32,
    INPUT = govindex.score_total_in,
    OUTPUT = govindex.score_total_out,
    RECEIVE = govindex.score_total_recv,
    SEND = govindex.score_total_send,
    ALIGNMENT = double,
    STORAGE = plain
);

COMMENT ON TYPE govindex.score_total IS
    'Points achieved out of a maximum, with deductions and weights, exact to 4 decimals; the state of composite indices — Điểm đạt trên điểm tối đa (kèm điểm trừ, trọng số)';
COMMENT ON FUNCTION govindex.score_total_in(cstring) IS
    'Reads a score_total written achieved/maximum[ deducted=D][ weight=W], e.g. 85.41/100';
COMMENT ON FUNCTION govindex.score_total_out(govindex.score_total) IS
    'Writes a score_total as achieved/maximum, then deducted=D and weight=W when not 0';
COMMENT ON FUNCTION govindex.score_total_recv(internal) IS
    'Reads the binary form of a score_total (version byte, achieved, deducted, maximum, weight)';
COMMENT ON FUNCTION govindex.score_total_send(govindex.score_total) IS
    'Binary form of a score_total: version byte 1, then achieved, deducted, maximum and weight in ten-thousandths as big-endian int8';

CREATE FUNCTION govindex.make_score_total(achieved numeric, maximum numeric,
                                          deducted numeric DEFAULT 0, weight numeric DEFAULT 0)
RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'make_score_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.make_score_total(numeric, numeric, numeric, numeric) IS
    'A score_total from its parts (rounded half up to 4 decimals): 0 <= achieved <= maximum, deducted >= 0, weight >= 0 — Tạo giá trị điểm';

CREATE FUNCTION govindex.achieved(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_achieved' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.achieved(govindex.score_total) IS
    'Points achieved after deductions, never below 0 — Điểm đạt (sau điểm trừ)';
CREATE FUNCTION govindex.deducted(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_deducted' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.deducted(govindex.score_total) IS 'Points deducted — Điểm trừ';
CREATE FUNCTION govindex.maximum(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_maximum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.maximum(govindex.score_total) IS
    'Maximum points of the applicable criteria — Điểm tối đa của các tiêu chí được đánh giá';
CREATE FUNCTION govindex.weight(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_weight' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.weight(govindex.score_total) IS
    'Sum of the weights of weighted_score() rows; 0 for plain scores — Tổng trọng số';

CREATE FUNCTION govindex.score_percent(govindex.score_total, digits int4 DEFAULT 2) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_percent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_percent(govindex.score_total, int4) IS
    '100 × achieved / maximum, exact, rounded half up to digits (0..15) decimals; NULL when the maximum is 0 — Tỷ lệ phần trăm điểm đạt';

CREATE FUNCTION govindex.score_value(govindex.score_total, scale numeric, digits int4 DEFAULT 2) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_value(govindex.score_total, numeric, int4) IS
    'scale × achieved / maximum, exact, rounded half up to digits decimals: the score on an index''s scale (1000 for DTI); NULL when the maximum is 0 — Điểm quy đổi theo thang điểm';

CREATE FUNCTION govindex.weighted_mean(govindex.score_total, digits int4 DEFAULT 2) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_weighted_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.weighted_mean(govindex.score_total, int4) IS
    'achieved / weight: the weighted mean of the values given to weighted_score(), rounded half up to digits decimals; NULL when the weight is 0 — Trung bình có trọng số';

CREATE FUNCTION govindex.score_total_add(govindex.score_total, govindex.score_total) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_total_add(govindex.score_total, govindex.score_total) IS
    'Sum of two score_totals, field by field';
CREATE OPERATOR govindex.+ (
    LEFTARG = govindex.score_total,
    RIGHTARG = govindex.score_total,
    FUNCTION = govindex.score_total_add,
    COMMUTATOR = OPERATOR(govindex.+)
);
COMMENT ON OPERATOR govindex.+ (govindex.score_total, govindex.score_total) IS
    'Sum of two score_totals, field by field';

-- Aggregates.  The state is a score_total (not internal) so that parallel plans and
-- distributed shards can ship partial states and combine them.

CREATE FUNCTION govindex.score_total_transfn(govindex.score_total, numeric, numeric) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_transfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_total_transfn(govindex.score_total, numeric, numeric) IS
    'Transition function of score_total(numeric, numeric): adds min(achieved, maximum) and maximum';
CREATE FUNCTION govindex.weighted_score_transfn(govindex.score_total, numeric, numeric, numeric) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'weighted_score_transfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.weighted_score_transfn(govindex.score_total, numeric, numeric, numeric) IS
    'Transition function of weighted_score(): adds weight × min(value, maximum), weight × maximum and weight';
CREATE FUNCTION govindex.score_total_combine(govindex.score_total, govindex.score_total) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_total_combine(govindex.score_total, govindex.score_total) IS
    'Transition function of sum(score_total) and combine function of the score aggregates: adds the second state into the first';

CREATE AGGREGATE govindex.score_total(achieved numeric, maximum numeric) (
    SFUNC = govindex.score_total_transfn,
    STYPE = govindex.score_total,
    COMBINEFUNC = govindex.score_total_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.score_total(numeric, numeric) IS
    'Sum of points over criteria: each row adds min(achieved, maximum) and maximum; rows with a NULL are skipped; a negative value is an error; 0/0 on no rows — Tổng điểm đạt và điểm tối đa';

CREATE AGGREGATE govindex.weighted_score(value numeric, maximum numeric, weight numeric) (
    SFUNC = govindex.weighted_score_transfn,
    STYPE = govindex.score_total,
    COMBINEFUNC = govindex.score_total_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.weighted_score(numeric, numeric, numeric) IS
    'Weighted score (PCI): each row adds weight × min(value, maximum), weight × maximum and its weight, each rounded half up to 4 decimals; score_percent() is then the weighted mean as a percent — Điểm có trọng số';

CREATE AGGREGATE govindex.sum(govindex.score_total) (
    SFUNC = govindex.score_total_combine,
    STYPE = govindex.score_total,
    COMBINEFUNC = govindex.score_total_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.sum(govindex.score_total) IS
    'Sum of score_totals (criteria into their field, fields into the index, units into a group); NULLs ignored; 0/0 on no rows — Cộng dồn điểm';

-- ---------------------------------------------------------------------------------
-- Definitions: indices and their criteria trees.
-- ---------------------------------------------------------------------------------

CREATE TABLE govindex.composite_indices (
    code             text NOT NULL
                     CONSTRAINT composite_indices_code_format CHECK (code ~ '^[a-z0-9][a-z0-9_.-]*$'),
    version          int  NOT NULL
                     CONSTRAINT composite_indices_version_year CHECK (version BETWEEN 1990 AND 2200),
    last_year        int,
    name_vi          text NOT NULL CONSTRAINT composite_indices_name_vi_not_empty CHECK (name_vi <> ''),
    name_en          text NOT NULL CONSTRAINT composite_indices_name_en_not_empty CHECK (name_en <> ''),
    scale            text NOT NULL
                     CONSTRAINT composite_indices_scale_known CHECK (scale IN ('points', 'percent')),
    max_points       numeric NOT NULL
                     CONSTRAINT composite_indices_max_points_range
                     CHECK (max_points > 0 AND max_points <= 100000 AND max_points = round(max_points, 4)),
    aggregation      text NOT NULL DEFAULT 'sum'
                     CONSTRAINT composite_indices_aggregation_known CHECK (aggregation IN ('sum', 'weighted_mean')),
    survey_optional  bool NOT NULL DEFAULT false,
    unit_levels      text[] NOT NULL
                     CONSTRAINT composite_indices_unit_levels_not_empty
                     CHECK (cardinality(unit_levels) > 0 AND array_position(unit_levels, NULL) IS NULL),
    source_note      text,
    PRIMARY KEY (code, version),
    CONSTRAINT composite_indices_years CHECK (last_year >= version),
    CONSTRAINT composite_indices_percent_scale CHECK (scale <> 'percent' OR max_points = 100)
);
COMMENT ON TABLE govindex.composite_indices IS
    'Composite indices (PAR Index, PCI, DTI, internal indices), one row per version; a year uses the latest version that starts on or before it — Các chỉ số tổng hợp (Chỉ số CCHC, PCI, DTI, chỉ số nội bộ) theo phiên bản';
COMMENT ON COLUMN govindex.composite_indices.code IS
    'Index code, lower case, e.g. par-province — Mã chỉ số, chữ thường';
COMMENT ON COLUMN govindex.composite_indices.version IS
    'Version: the first year it applies, e.g. 2022 — Phiên bản: năm đầu tiên áp dụng';
COMMENT ON COLUMN govindex.composite_indices.last_year IS
    'Last year it applies when retired without a successor; NULL while current (a later version takes over from its own first year) — Năm cuối áp dụng (nếu có)';
COMMENT ON COLUMN govindex.composite_indices.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_indices.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_indices.scale IS
    'points: the result is points out of max_points (PCI 100, DTI 1000); percent: the result is a percent (max_points 100) — Thang điểm: điểm hoặc phần trăm';
COMMENT ON COLUMN govindex.composite_indices.max_points IS
    'Maximum of the index; for a sum index, what its top-level criteria add up to at every unit level — Điểm tối đa của chỉ số';
COMMENT ON COLUMN govindex.composite_indices.aggregation IS
    'sum: points add up the tree; weighted_mean: the result is max_points × Σ weight × score / Σ weight × maximum over the leaves (PCI) — Cách tổng hợp: cộng điểm hoặc trung bình có trọng số';
COMMENT ON COLUMN govindex.composite_indices.survey_optional IS
    'Whether the sociological survey may be missing: a survey criterion without a survey score then leaves the maximum (appraised / maximum appraisable × 100); otherwise it counts 0 — Cho phép không có điều tra xã hội học';
COMMENT ON COLUMN govindex.composite_indices.unit_levels IS
    'Unit levels (unit_levels.level) the index assesses — Cấp đơn vị được đánh giá';
COMMENT ON COLUMN govindex.composite_indices.source_note IS
    'Legal source and caveats — Căn cứ và lưu ý';

CREATE TABLE govindex.composite_criteria (
    index_code       text NOT NULL,
    index_version    int  NOT NULL,
    code             text NOT NULL
                     CONSTRAINT composite_criteria_code_format CHECK (code ~ '^[0-9A-Za-z]+([.][0-9A-Za-z]+)*$'),
    parent_code      text,
    position         int  NOT NULL CONSTRAINT composite_criteria_position_positive CHECK (position > 0),
    name_vi          text NOT NULL CONSTRAINT composite_criteria_name_vi_not_empty CHECK (name_vi <> ''),
    name_en          text NOT NULL CONSTRAINT composite_criteria_name_en_not_empty CHECK (name_en <> ''),
    max_points       numeric NOT NULL
                     CONSTRAINT composite_criteria_max_points_range
                     CHECK (max_points >= 0 AND max_points <= 100000 AND max_points = round(max_points, 4)),
    weight           numeric
                     CONSTRAINT composite_criteria_weight_range
                     CHECK (weight >= 0 AND weight <= 100000 AND weight = round(weight, 4)),
    unit_levels      text[]
                     CONSTRAINT composite_criteria_unit_levels_not_empty
                     CHECK (cardinality(unit_levels) > 0 AND array_position(unit_levels, NULL) IS NULL),
    source           text NOT NULL DEFAULT 'appraisal'
                     CONSTRAINT composite_criteria_source_known
                     CHECK (source IN ('self', 'appraisal', 'survey', 'index766', 'entered')),
    index766_metric  text,
    PRIMARY KEY (index_code, index_version, code),
    CONSTRAINT composite_criteria_index_known FOREIGN KEY (index_code, index_version)
        REFERENCES govindex.composite_indices (code, version) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT composite_criteria_parent_known FOREIGN KEY (index_code, index_version, parent_code)
        REFERENCES govindex.composite_criteria (index_code, index_version, code) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT composite_criteria_position_unique
        UNIQUE NULLS NOT DISTINCT (index_code, index_version, parent_code, position) DEFERRABLE,
    CONSTRAINT composite_criteria_not_own_parent CHECK (parent_code <> code),
    CONSTRAINT composite_criteria_index766_metric
        CHECK ((source = 'index766') = (index766_metric IS NOT NULL))
);
CREATE INDEX composite_criteria_parent_idx ON govindex.composite_criteria (index_code, index_version, parent_code);
COMMENT ON TABLE govindex.composite_criteria IS
    'Criteria of a composite index as a tree of any depth (field → criterion → sub-criterion); only leaves are assessed, a node''s points are its leaves'' — Cây tiêu chí của chỉ số (lĩnh vực → tiêu chí → tiêu chí thành phần)';
COMMENT ON COLUMN govindex.composite_criteria.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_criteria.index_version IS 'Index version — Phiên bản chỉ số';
COMMENT ON COLUMN govindex.composite_criteria.code IS
    'Criterion code within the version, e.g. 1, 1.2, 1.2.3 — Mã tiêu chí, ví dụ 1, 1.2, 1.2.3';
COMMENT ON COLUMN govindex.composite_criteria.parent_code IS
    'Parent criterion; NULL for a top-level criterion (a field, whose result is a component index) — Tiêu chí cha; NULL với lĩnh vực (chỉ số thành phần)';
COMMENT ON COLUMN govindex.composite_criteria.position IS 'Order among its siblings, from 1 — Thứ tự';
COMMENT ON COLUMN govindex.composite_criteria.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_criteria.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_criteria.max_points IS
    'Maximum points; in a sum index a node''s maximum equals its applicable children''s at every unit level — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_criteria.weight IS
    'Weight in a weighted_mean index (a leaf''s weight is multiplied by its ancestors'', NULL counting 1); NULL in a sum index — Trọng số (chỉ với chỉ số trung bình có trọng số)';
COMMENT ON COLUMN govindex.composite_criteria.unit_levels IS
    'Unit levels it applies to, within its parent''s; NULL: the same as its parent (or the index) — Cấp đơn vị áp dụng; NULL: như tiêu chí cha';
COMMENT ON COLUMN govindex.composite_criteria.source IS
    'Where a leaf''s score comes from: self (self-assessment, then appraisal), appraisal, survey (sociological survey), index766 (an Index 766 metric of the same unit and year × max_points), entered (a value entered as published, e.g. a PCI sub-index) — Nguồn điểm: tự chấm, thẩm định, điều tra xã hội học, Bộ chỉ số 766, nhập trực tiếp';
COMMENT ON COLUMN govindex.composite_criteria.index766_metric IS
    'For source index766: the metric code (govindex.metrics.code, e.g. DVC_PROGRESS_ON_TIME); its rate over the calendar year × max_points is the score — Mã chỉ số Bộ chỉ số 766 (với nguồn index766)';

-- The version of an index in force in a year: the latest starting on or before it.
CREATE FUNCTION govindex.composite_version(index_code text, year int) RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (SELECT max(i.version) FROM govindex.composite_indices i
         WHERE i.code = composite_version.index_code AND i.version <= composite_version.year
           AND (i.last_year IS NULL OR composite_version.year <= i.last_year)
           AND NOT EXISTS (SELECT FROM govindex.composite_indices later
                            WHERE later.code = i.code AND later.version > i.version
                              AND later.version <= composite_version.year));
COMMENT ON FUNCTION govindex.composite_version(text, int) IS
    'The version of an index in force in a year (the latest starting on or before it, unless retired); NULL if none — Phiên bản chỉ số áp dụng cho một năm';

-- Unit levels a criterion applies to: its own, else its parent's, else the index's.
CREATE FUNCTION govindex.composite_criterion_levels(index_code text, index_version int, code text)
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    WITH RECURSIVE up (code, parent_code, unit_levels, depth) AS (
        SELECT c.code, c.parent_code, c.unit_levels, 0 FROM govindex.composite_criteria c
         WHERE (c.index_code, c.index_version, c.code) = ($1, $2, $3)
        UNION ALL
        SELECT c.code, c.parent_code, c.unit_levels, up.depth + 1
          FROM up JOIN govindex.composite_criteria c
            ON (c.index_code, c.index_version, c.code) = ($1, $2, up.parent_code)
         WHERE up.unit_levels IS NULL AND up.depth < 100
    )
    SELECT coalesce((SELECT up.unit_levels FROM up WHERE up.unit_levels IS NOT NULL ORDER BY up.depth LIMIT 1),
                    (SELECT i.unit_levels FROM govindex.composite_indices i WHERE (i.code, i.version) = ($1, $2)))
     WHERE EXISTS (SELECT FROM up);
$$;
COMMENT ON FUNCTION govindex.composite_criterion_levels(text, int, text) IS
    'Unit levels a criterion applies to: its own, else its nearest ancestor''s, else the index''s; NULL for an unknown criterion — Cấp đơn vị áp dụng của một tiêu chí';

-- A criterion may not be its own ancestor: walk up from the new parent.
CREATE FUNCTION govindex.composite_criteria_check_tree() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    chain text;
BEGIN
    IF NEW.parent_code IS NULL THEN
        RETURN NULL;
    END IF;
    WITH RECURSIVE up (code, parent_code, seen) AS (
        SELECT c.code, c.parent_code, ARRAY[c.code] FROM govindex.composite_criteria c
         WHERE (c.index_code, c.index_version, c.code) = (NEW.index_code, NEW.index_version, NEW.parent_code)
        UNION ALL
        SELECT c.code, c.parent_code, up.seen || c.code
          FROM up JOIN govindex.composite_criteria c
            ON (c.index_code, c.index_version, c.code) = (NEW.index_code, NEW.index_version, up.parent_code)
         WHERE up.code <> NEW.code AND NOT c.code = ANY (up.seen)
    )
    SELECT string_agg(code, ' → ' ORDER BY cardinality(seen)) INTO chain FROM up
     WHERE EXISTS (SELECT 1 FROM up WHERE code = NEW.code);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'criterion % of index % version % cannot be placed under criterion %: the tree would have a cycle',
                NEW.code, NEW.index_code, NEW.index_version, NEW.parent_code
            USING ERRCODE = 'integrity_constraint_violation',
                  DETAIL = format('Parents upwards from %s: %s.', NEW.code, chain),
                  HINT = 'A criterion''s parent must not be the criterion itself or one of its descendants.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.composite_criteria_check_tree() IS
    'Constraint trigger: the criteria of an index version form a tree without cycles — Trigger: cây tiêu chí không có vòng';
CREATE CONSTRAINT TRIGGER composite_criteria_tree_has_no_cycle
    AFTER INSERT OR UPDATE OF parent_code, code ON govindex.composite_criteria
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_criteria_check_tree();

-- ---------------------------------------------------------------------------------
-- Per unit and year: assessments, deductions, published results, targets; bands.
-- ---------------------------------------------------------------------------------

CREATE TABLE govindex.composite_assessments (
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    index_version    int  NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_assessments_year_range CHECK (year BETWEEN 1990 AND 2200),
    criterion_code   text NOT NULL,
    self_score       numeric CONSTRAINT composite_assessments_self_score_not_negative CHECK (self_score >= 0),
    appraised_score  numeric CONSTRAINT composite_assessments_appraised_score_not_negative CHECK (appraised_score >= 0),
    survey_score     numeric CONSTRAINT composite_assessments_survey_score_not_negative CHECK (survey_score >= 0),
    not_applicable   bool NOT NULL DEFAULT false,
    evidence         text,
    PRIMARY KEY (unit_id, index_code, year, criterion_code),
    CONSTRAINT composite_assessments_criterion_known FOREIGN KEY (index_code, index_version, criterion_code)
        REFERENCES govindex.composite_criteria (index_code, index_version, code) ON UPDATE CASCADE,
    CONSTRAINT composite_assessments_not_applicable_has_no_score
        CHECK (NOT not_applicable OR (self_score IS NULL AND appraised_score IS NULL AND survey_score IS NULL))
);
CREATE INDEX composite_assessments_criterion_idx
    ON govindex.composite_assessments (index_code, index_version, criterion_code);
COMMENT ON TABLE govindex.composite_assessments IS
    'Assessment of one leaf criterion for one unit and year: self score, appraised score (which wins), survey score, evidence, or not applicable — Kết quả tự chấm, thẩm định, điều tra của từng tiêu chí theo đơn vị và năm';
COMMENT ON COLUMN govindex.composite_assessments.unit_id IS 'Unit assessed — Đơn vị được đánh giá';
COMMENT ON COLUMN govindex.composite_assessments.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_assessments.index_version IS
    'Index version; filled in from the year when NULL, and must be the one in force that year — Phiên bản chỉ số (tự điền theo năm)';
COMMENT ON COLUMN govindex.composite_assessments.year IS 'Year assessed — Năm đánh giá';
COMMENT ON COLUMN govindex.composite_assessments.criterion_code IS 'Leaf criterion — Tiêu chí (cấp cuối)';
COMMENT ON COLUMN govindex.composite_assessments.self_score IS
    'Self-assessed points (tự chấm), 0 to the criterion''s maximum — Điểm tự chấm';
COMMENT ON COLUMN govindex.composite_assessments.appraised_score IS
    'Appraised points (thẩm định), 0 to the maximum; wins over the self score, and over the value of an Index 766 criterion — Điểm thẩm định (được ưu tiên)';
COMMENT ON COLUMN govindex.composite_assessments.survey_score IS
    'Points from the sociological survey, for survey criteria only — Điểm điều tra xã hội học';
COMMENT ON COLUMN govindex.composite_assessments.not_applicable IS
    'Not applicable to this unit this year: the criterion leaves the maximum — Không áp dụng (không tính vào điểm tối đa)';
COMMENT ON COLUMN govindex.composite_assessments.evidence IS
    'Evidence or note (document numbers, links) — Tài liệu kiểm chứng, ghi chú';

CREATE TABLE govindex.composite_deductions (
    id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    index_version    int  NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_deductions_year_range CHECK (year BETWEEN 1990 AND 2200),
    criterion_code   text,
    points           numeric NOT NULL
                     CONSTRAINT composite_deductions_points_positive
                     CHECK (points > 0 AND points <= 100000 AND points = round(points, 4)),
    reason           text NOT NULL CONSTRAINT composite_deductions_reason_not_empty CHECK (reason <> ''),
    CONSTRAINT composite_deductions_index_known FOREIGN KEY (index_code, index_version)
        REFERENCES govindex.composite_indices (code, version) ON UPDATE CASCADE,
    CONSTRAINT composite_deductions_criterion_known FOREIGN KEY (index_code, index_version, criterion_code)
        REFERENCES govindex.composite_criteria (index_code, index_version, code) ON UPDATE CASCADE
);
CREATE INDEX composite_deductions_unit_idx ON govindex.composite_deductions (unit_id, index_code, year);
COMMENT ON TABLE govindex.composite_deductions IS
    'Deductions (điểm trừ) from a unit''s result for a year, on the whole index or on one criterion (and so on its ancestors); points never go below 0 — Điểm trừ của đơn vị';
COMMENT ON COLUMN govindex.composite_deductions.id IS 'Deduction number — Số thứ tự';
COMMENT ON COLUMN govindex.composite_deductions.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_deductions.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_deductions.index_version IS
    'Index version; filled in from the year when NULL — Phiên bản chỉ số (tự điền theo năm)';
COMMENT ON COLUMN govindex.composite_deductions.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_deductions.criterion_code IS
    'Criterion the deduction applies to; NULL for the index as a whole — Tiêu chí bị trừ điểm; NULL: toàn chỉ số';
COMMENT ON COLUMN govindex.composite_deductions.points IS 'Points deducted, > 0 — Số điểm trừ';
COMMENT ON COLUMN govindex.composite_deductions.reason IS 'Reason — Lý do';

CREATE TABLE govindex.composite_bands (
    index_code       text NOT NULL,
    code             text NOT NULL CONSTRAINT composite_bands_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    min_percent      numeric NOT NULL CONSTRAINT composite_bands_min_percent_range CHECK (min_percent BETWEEN 0 AND 100),
    name_vi          text NOT NULL CONSTRAINT composite_bands_name_vi_not_empty CHECK (name_vi <> ''),
    name_en          text NOT NULL CONSTRAINT composite_bands_name_en_not_empty CHECK (name_en <> ''),
    PRIMARY KEY (index_code, code),
    CONSTRAINT composite_bands_min_percent_unique UNIQUE (index_code, min_percent)
);
COMMENT ON TABLE govindex.composite_bands IS
    'Bands (xếp loại) by percent: a result is in the band with the highest min_percent at or below it; index_code * holds the defaults, used by every index without bands of its own — Xếp loại theo tỷ lệ điểm; mã * là mặc định';
COMMENT ON COLUMN govindex.composite_bands.index_code IS
    'Index code, or * for the defaults — Mã chỉ số, hoặc * (mặc định)';
COMMENT ON COLUMN govindex.composite_bands.code IS 'Band code, e.g. excellent — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_bands.min_percent IS
    'Lowest percent of the band (inclusive) — Tỷ lệ thấp nhất của loại (bao gồm)';
COMMENT ON COLUMN govindex.composite_bands.name_vi IS 'Vietnamese name, e.g. Xuất sắc — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_bands.name_en IS 'English name, e.g. Excellent — Tên tiếng Anh';

CREATE TABLE govindex.composite_targets (
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_targets_year_range CHECK (year BETWEEN 1990 AND 2200),
    target_points    numeric CONSTRAINT composite_targets_points_not_negative CHECK (target_points >= 0),
    target_rank      int CONSTRAINT composite_targets_rank_positive CHECK (target_rank >= 1),
    note             text,
    PRIMARY KEY (unit_id, index_code, year),
    CONSTRAINT composite_targets_something CHECK (target_points IS NOT NULL OR target_rank IS NOT NULL)
);
COMMENT ON TABLE govindex.composite_targets IS
    'A unit''s targets for an index and year: points (on the index''s scale) and rank — Mục tiêu của đơn vị: điểm và thứ hạng';
COMMENT ON COLUMN govindex.composite_targets.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_targets.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_targets.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_targets.target_points IS
    'Target value on the index''s scale (percent for the PAR Index, points for PCI and DTI) — Điểm mục tiêu';
COMMENT ON COLUMN govindex.composite_targets.target_rank IS 'Target rank (at most) — Thứ hạng mục tiêu';
COMMENT ON COLUMN govindex.composite_targets.note IS 'Source of the target (resolution, plan) — Căn cứ mục tiêu';

CREATE TABLE govindex.composite_published (
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_published_year_range CHECK (year BETWEEN 1990 AND 2200),
    value            numeric NOT NULL CONSTRAINT composite_published_value_not_negative CHECK (value >= 0),
    rank             int,
    rank_of          int,
    publisher        text,
    PRIMARY KEY (unit_id, index_code, year),
    CONSTRAINT composite_published_rank
        CHECK ((rank IS NULL) = (rank_of IS NULL) AND rank BETWEEN 1 AND rank_of)
);
COMMENT ON TABLE govindex.composite_published IS
    'Results published by others (the Ministry of Home Affairs'' PAR Index, VCCI''s PCI, the DTI): the official value and rank, which win over computed ones — Kết quả do cơ quan khác công bố (được ưu tiên)';
COMMENT ON COLUMN govindex.composite_published.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_published.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_published.year IS 'Year of the result — Năm';
COMMENT ON COLUMN govindex.composite_published.value IS
    'Published value on the index''s scale, e.g. 87.64 — Giá trị công bố';
COMMENT ON COLUMN govindex.composite_published.rank IS 'Published rank, e.g. 24 — Thứ hạng công bố';
COMMENT ON COLUMN govindex.composite_published.rank_of IS 'Out of how many, e.g. 63 — Trên tổng số';
COMMENT ON COLUMN govindex.composite_published.publisher IS
    'Who published it, and where — Cơ quan công bố, nguồn';

-- ---------------------------------------------------------------------------------
-- Checks with messages that name the unit and the criterion.
-- ---------------------------------------------------------------------------------

-- Every problem of the definitions of one index version (or all when NULL).
CREATE FUNCTION govindex.composite_definition_problems(code text DEFAULT NULL, version int DEFAULT NULL)
RETURNS TABLE (index_code text, index_version int, criterion_code text, problem text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    WITH RECURSIVE chosen AS (
        SELECT i.* FROM govindex.composite_indices i
         WHERE ($1 IS NULL OR i.code = $1) AND ($2 IS NULL OR i.version = $2)
    ),
    tree (index_code, index_version, code, parent_code, levels, path) AS (
        SELECT c.index_code, c.index_version, c.code, c.parent_code, coalesce(c.unit_levels, i.unit_levels), ARRAY[c.code]
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE c.parent_code IS NULL
        UNION ALL
        SELECT c.index_code, c.index_version, c.code, c.parent_code, coalesce(c.unit_levels, t.levels), t.path || c.code
          FROM tree t JOIN govindex.composite_criteria c
            ON (c.index_code, c.index_version, c.parent_code) = (t.index_code, t.index_version, t.code)
         WHERE NOT c.code = ANY (t.path)
    ),
    nodes AS (   -- the index itself (code NULL) and every criterion, with their levels and maxima
        SELECT i.code AS index_code, i.version AS index_version, NULL::text AS code, i.unit_levels AS levels,
               i.max_points, i.aggregation
          FROM chosen i
        UNION ALL
        SELECT t.index_code, t.index_version, t.code, t.levels, c.max_points, i.aggregation
          FROM tree t
          JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code)
          JOIN chosen i ON (i.code, i.version) = (t.index_code, t.index_version)
    ),
    problems (index_code, index_version, criterion_code, problem) AS (
        SELECT i.code, i.version, NULL::text, format('unknown unit level %s', l)
          FROM chosen i CROSS JOIN unnest(i.unit_levels) l
         WHERE NOT EXISTS (SELECT FROM govindex.unit_levels ul WHERE ul.level = l)
        UNION ALL
        SELECT i.code, i.version, NULL, 'the index has no criteria'
          FROM chosen i
         WHERE NOT EXISTS (SELECT FROM govindex.composite_criteria c WHERE (c.index_code, c.index_version) = (i.code, i.version))
        UNION ALL
        -- criteria unreachable from the top (a cycle)
        SELECT c.index_code, c.index_version, c.code, 'the criterion is not reachable from a top-level criterion'
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE NOT EXISTS (SELECT FROM tree t WHERE (t.index_code, t.index_version, t.code) = (c.index_code, c.index_version, c.code))
        UNION ALL
        SELECT t.index_code, t.index_version, t.code,
               format('applies to unit level %s, which its %s does not', l,
                      CASE WHEN c.parent_code IS NULL THEN 'index' ELSE 'parent ' || c.parent_code END)
          FROM tree t
          JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code)
          JOIN chosen i ON (i.code, i.version) = (t.index_code, t.index_version)
          LEFT JOIN tree p ON (p.index_code, p.index_version, p.code) = (t.index_code, t.index_version, c.parent_code)
         CROSS JOIN unnest(c.unit_levels) l
         WHERE NOT l = ANY (coalesce(p.levels, i.unit_levels))
        UNION ALL
        -- a sum index adds up: at every level, a node's maximum is its applicable children's
        SELECT n.index_code, n.index_version, n.code,
               format('maximum %s differs from the sum of its %s at unit level %s (%s)',
                      trim_scale(n.max_points), CASE WHEN n.code IS NULL THEN 'top-level criteria' ELSE 'sub-criteria' END,
                      l, trim_scale(coalesce(sum(c.max_points), 0)))
          FROM nodes n
         CROSS JOIN unnest(n.levels) l
          LEFT JOIN tree t ON (t.index_code, t.index_version) = (n.index_code, n.index_version)
                          AND t.parent_code IS NOT DISTINCT FROM n.code AND l = ANY (t.levels)
          LEFT JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code)
         WHERE n.aggregation = 'sum'
           AND (n.code IS NULL OR EXISTS (SELECT FROM govindex.composite_criteria k
                                           WHERE (k.index_code, k.index_version, k.parent_code) = (n.index_code, n.index_version, n.code)))
         GROUP BY n.index_code, n.index_version, n.code, n.max_points, l
        HAVING coalesce(sum(c.max_points), 0) <> n.max_points
        UNION ALL
        SELECT c.index_code, c.index_version, c.code,
               CASE WHEN i.aggregation = 'sum' THEN 'a weight is only used by a weighted_mean index'
                    ELSE 'a leaf of a weighted_mean index needs a weight' END
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE (i.aggregation = 'sum' AND c.weight IS NOT NULL)
            OR (i.aggregation = 'weighted_mean' AND c.weight IS NULL
                AND NOT EXISTS (SELECT FROM govindex.composite_criteria k
                                 WHERE (k.index_code, k.index_version, k.parent_code) = (c.index_code, c.index_version, c.code)))
        UNION ALL
        SELECT c.index_code, c.index_version, c.code, format('unknown Index 766 metric %s', c.index766_metric)
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE c.index766_metric IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.metrics m WHERE m.code = c.index766_metric)
        UNION ALL
        SELECT c.index_code, c.index_version, c.code,
               format('has sub-criteria but is assessed (%s assessment(s)); only leaves are assessed',
                      (SELECT count(*) FROM govindex.composite_assessments a
                        WHERE (a.index_code, a.index_version, a.criterion_code) = (c.index_code, c.index_version, c.code)))
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE EXISTS (SELECT FROM govindex.composite_criteria k
                        WHERE (k.index_code, k.index_version, k.parent_code) = (c.index_code, c.index_version, c.code))
           AND EXISTS (SELECT FROM govindex.composite_assessments a
                        WHERE (a.index_code, a.index_version, a.criterion_code) = (c.index_code, c.index_version, c.code))
    )
    SELECT * FROM problems ORDER BY 1, 2, 3 NULLS LAST, 4;
$$;
COMMENT ON FUNCTION govindex.composite_definition_problems(text, int) IS
    'Every problem of an index version''s definition (all when NULL): unknown levels, maxima that do not add up at some unit level, missing or misplaced weights, unknown Index 766 metrics, assessed nodes — Kiểm tra định nghĩa chỉ số';

-- At commit, every index version touched must be consistent (so maxima can be edited
-- over several statements of one transaction).
CREATE FUNCTION govindex.composite_check_definition() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    code     text;
    version  int;
    first    record;
    problems bigint;
BEGIN
    IF TG_TABLE_NAME = 'composite_indices' THEN
        code := NEW.code;
        version := NEW.version;
    ELSIF TG_OP = 'DELETE' THEN
        code := OLD.index_code;
        version := OLD.index_version;
    ELSE
        code := NEW.index_code;
        version := NEW.index_version;
    END IF;
    SELECT * INTO first FROM govindex.composite_definition_problems(code, version) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.composite_definition_problems(code, version);
        RAISE EXCEPTION 'index % version %: %', first.index_code,
                first.index_version || coalesce(', criterion ' || first.criterion_code, ''), first.problem
            USING ERRCODE = 'check_violation',
                  DETAIL = format('%s problem(s) in the definition of index %s version %s.', problems, code, version),
                  HINT = format('SELECT * FROM govindex.composite_definition_problems(%L, %s) lists them all.', code, version);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.composite_check_definition() IS
    'Deferred constraint trigger: an index version''s definition is consistent at commit — Trigger ràng buộc: định nghĩa chỉ số nhất quán';
CREATE CONSTRAINT TRIGGER composite_indices_consistent
    AFTER INSERT OR UPDATE ON govindex.composite_indices
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_check_definition();
CREATE CONSTRAINT TRIGGER composite_criteria_consistent
    AFTER INSERT OR UPDATE OR DELETE ON govindex.composite_criteria
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_check_definition();

-- The unit, index version and criterion of an assessment, a deduction, a published
-- result or a target: fills in the version, raises 23503 for what does not exist and
-- 23514 for what does not apply.  Returns the unit code.
CREATE FUNCTION govindex.composite_check_reference(
    unit_id int, index_code text, year int, INOUT index_version int, criterion_code text,
    OUT unit_code text, OUT what text, OUT criterion_max numeric, OUT criterion_source text,
    OUT criterion_metric text, OUT index_max numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    unit      govindex.units;
    in_force  int;
    levels    text[];
BEGIN
    SELECT * INTO unit FROM govindex.units u WHERE u.id = composite_check_reference.unit_id;
    -- what the messages are about: "unit H74.01, criterion 1.2 of index par-department (2023)"
    what := format('unit %s, %sindex %s (%s)', coalesce(unit.code, 'id ' || unit_id),
                   'criterion ' || criterion_code || ' of ', index_code, year);
    IF unit.id IS NULL THEN
        RAISE EXCEPTION '%: unknown unit', what USING ERRCODE = 'foreign_key_violation';
    END IF;
    unit_code := unit.code;
    in_force := govindex.composite_version(index_code, year);
    IF in_force IS NULL THEN
        IF NOT EXISTS (SELECT FROM govindex.composite_indices i WHERE i.code = composite_check_reference.index_code) THEN
            RAISE EXCEPTION '%: unknown index %', what, index_code USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE EXCEPTION '%: index % has no version for %', what, index_code, year
            USING ERRCODE = 'foreign_key_violation',
                  HINT = format('Versions: %s.', (SELECT string_agg(i.version || coalesce('–' || i.last_year, '–'), ', ' ORDER BY i.version)
                                                    FROM govindex.composite_indices i WHERE i.code = composite_check_reference.index_code));
    END IF;
    IF index_version IS NULL THEN
        index_version := in_force;
    ELSIF index_version <> in_force THEN
        RAISE EXCEPTION '%: version % of index % does not apply to %', what, index_version, index_code, year
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Assessments of %s use version %s.', year, in_force);
    END IF;
    SELECT i.max_points, i.unit_levels INTO index_max, levels FROM govindex.composite_indices i
     WHERE (i.code, i.version) = (composite_check_reference.index_code, in_force);
    IF criterion_code IS NOT NULL THEN
        SELECT c.max_points, c.source, c.index766_metric INTO criterion_max, criterion_source, criterion_metric
          FROM govindex.composite_criteria c
         WHERE (c.index_code, c.index_version, c.code) = (composite_check_reference.index_code, in_force, composite_check_reference.criterion_code);
        IF NOT FOUND THEN
            RAISE EXCEPTION '%: no criterion % in index % version %', what, criterion_code, index_code, in_force
                USING ERRCODE = 'foreign_key_violation',
                      HINT = format('SELECT code, name_vi FROM govindex.composite_criteria WHERE index_code = %L AND index_version = %s lists them.',
                                    index_code, in_force);
        END IF;
        levels := govindex.composite_criterion_levels(index_code, in_force, criterion_code);
    END IF;
    IF NOT unit.level = ANY (levels) THEN
        RAISE EXCEPTION '%: does not apply to % units', what, unit.level
            USING ERRCODE = 'check_violation',
                  DETAIL = format('It applies to: %s.', array_to_string(levels, ', '));
    END IF;
END $$;
COMMENT ON FUNCTION govindex.composite_check_reference(int, text, int, int, text) IS
    'Checks a unit, index, year and criterion (NULL: the whole index): 23503 for what does not exist, 23514 for what does not apply; returns the version in force and the criterion''s maximum and source — Kiểm tra đơn vị, chỉ số, năm và tiêu chí';

CREATE FUNCTION govindex.composite_assessments_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    ref    record;
    what   text;
    score  record;
BEGIN
    ref := govindex.composite_check_reference(NEW.unit_id, NEW.index_code, NEW.year, NEW.index_version, NEW.criterion_code);
    NEW.index_version := ref.index_version;
    what := ref.what;

    IF EXISTS (SELECT FROM govindex.composite_criteria k
                WHERE (k.index_code, k.index_version, k.parent_code) = (NEW.index_code, NEW.index_version, NEW.criterion_code)) THEN
        RAISE EXCEPTION '%: the criterion has sub-criteria; assess its sub-criteria', what
            USING ERRCODE = 'check_violation';
    END IF;
    IF (TG_OP = 'INSERT' OR (NEW.unit_id, NEW.index_code, NEW.year, NEW.criterion_code)
                            IS DISTINCT FROM (OLD.unit_id, OLD.index_code, OLD.year, OLD.criterion_code))
       AND EXISTS (SELECT FROM govindex.composite_assessments a
                    WHERE (a.unit_id, a.index_code, a.year, a.criterion_code)
                        = (NEW.unit_id, NEW.index_code, NEW.year, NEW.criterion_code)) THEN
        RAISE EXCEPTION '%: already assessed', what
            USING ERRCODE = 'unique_violation',
                  HINT = 'Update the existing assessment, or load with replace => true.';
    END IF;
    IF NEW.not_applicable AND num_nonnulls(NEW.self_score, NEW.appraised_score, NEW.survey_score) > 0 THEN
        RAISE EXCEPTION '%: marked not applicable but scored', what
            USING ERRCODE = 'check_violation';
    END IF;
    IF ref.criterion_source = 'survey' AND num_nonnulls(NEW.self_score, NEW.appraised_score) > 0 THEN
        RAISE EXCEPTION '%: the criterion is scored by the sociological survey; enter survey_score only', what
            USING ERRCODE = 'check_violation';
    END IF;
    IF ref.criterion_source <> 'survey' AND NEW.survey_score IS NOT NULL THEN
        RAISE EXCEPTION '%: survey_score is for survey criteria; this one''s source is %', what, ref.criterion_source
            USING ERRCODE = 'check_violation';
    END IF;
    IF ref.criterion_source = 'index766' AND NEW.self_score IS NOT NULL THEN
        RAISE EXCEPTION '%: the criterion takes its score from Index 766 metric %; enter appraised_score to override it',
                what, ref.criterion_metric
            USING ERRCODE = 'check_violation';
    END IF;
    FOR score IN SELECT * FROM (VALUES ('self score', NEW.self_score), ('appraised score', NEW.appraised_score),
                                       ('survey score', NEW.survey_score)) v (name, value)
                  WHERE v.value IS NOT NULL
    LOOP
        IF score.value < 0 THEN
            RAISE EXCEPTION '%: negative % %', what, score.name, score.value
                USING ERRCODE = 'check_violation';
        ELSIF score.value > ref.criterion_max THEN
            RAISE EXCEPTION '%: % % exceeds the criterion''s maximum %', what, score.name, score.value, trim_scale(ref.criterion_max)
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_assessments_check() IS
    'Trigger: an assessment names a known unit and a leaf criterion of the version in force, applicable to the unit''s level, once, with scores from 0 to the criterion''s maximum in the columns its source takes — Trigger kiểm tra kết quả chấm điểm';
CREATE TRIGGER composite_assessments_check
    BEFORE INSERT OR UPDATE ON govindex.composite_assessments
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_assessments_check();

CREATE FUNCTION govindex.composite_deductions_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    ref  record;
BEGIN
    ref := govindex.composite_check_reference(NEW.unit_id, NEW.index_code, NEW.year, NEW.index_version, NEW.criterion_code);
    NEW.index_version := ref.index_version;
    IF NEW.points <= 0 THEN
        RAISE EXCEPTION '%: a deduction is a positive number of points, not %', ref.what, NEW.points
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(trim(NEW.reason), '') = '' THEN
        RAISE EXCEPTION '%: a deduction needs a reason', ref.what
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.points > coalesce(ref.criterion_max, ref.index_max) THEN
        RAISE EXCEPTION '%: deduction of % points exceeds the maximum %', ref.what,
                NEW.points, trim_scale(coalesce(ref.criterion_max, ref.index_max))
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_deductions_check() IS
    'Trigger: a deduction names a known unit, index version in force and criterion, applicable to the unit, and deducts at most the maximum — Trigger kiểm tra điểm trừ';
CREATE TRIGGER composite_deductions_check
    BEFORE INSERT OR UPDATE ON govindex.composite_deductions
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_deductions_check();

CREATE FUNCTION govindex.composite_results_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    ref    record;
    value  numeric;
BEGIN
    ref := govindex.composite_check_reference(NEW.unit_id, NEW.index_code, NEW.year, NULL, NULL);
    -- one statement per table: NEW has the columns of the table that fired
    IF TG_TABLE_NAME = 'composite_published' THEN
        value := NEW.value;
        IF (NEW.rank IS NULL) <> (NEW.rank_of IS NULL) OR NEW.rank NOT BETWEEN 1 AND NEW.rank_of THEN
            RAISE EXCEPTION '%: rank %/% is not a rank', ref.what,
                    coalesce(NEW.rank::text, '?'), coalesce(NEW.rank_of::text, '?')
                USING ERRCODE = 'check_violation',
                      HINT = 'Give both, with 1 <= rank <= rank_of, e.g. 24 and 63.';
        END IF;
    ELSE
        value := NEW.target_points;
    END IF;
    IF value > ref.index_max THEN
        RAISE EXCEPTION '%: % % exceeds the index''s maximum %', ref.what,
                CASE TG_TABLE_NAME WHEN 'composite_published' THEN 'published value' ELSE 'target' END,
                value, trim_scale(ref.index_max)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_results_check() IS
    'Trigger: a published result or a target names a known unit and an index in force that year, applicable to the unit, within the index''s maximum — Trigger kiểm tra kết quả công bố và mục tiêu';
CREATE TRIGGER composite_published_check
    BEFORE INSERT OR UPDATE ON govindex.composite_published
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_results_check();
CREATE TRIGGER composite_targets_check
    BEFORE INSERT OR UPDATE ON govindex.composite_targets
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_results_check();

CREATE FUNCTION govindex.composite_bands_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF NEW.index_code <> '*' AND NOT EXISTS (SELECT FROM govindex.composite_indices i WHERE i.code = NEW.index_code) THEN
        RAISE EXCEPTION 'band %: unknown index %', NEW.code, NEW.index_code
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Use * for the default bands of every index.';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_bands_check() IS
    'Trigger: bands belong to a known index, or to * (the defaults) — Trigger kiểm tra xếp loại';
CREATE TRIGGER composite_bands_check
    BEFORE INSERT OR UPDATE ON govindex.composite_bands
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_bands_check();

-- ---------------------------------------------------------------------------------
-- Loading assessments in batches: all or nothing, every bad row named.
-- ---------------------------------------------------------------------------------

CREATE TYPE govindex.composite_assessment_input AS (
    unit_code        text,
    index_code       text,
    year             int,
    criterion_code   text,
    self_score       numeric,
    appraised_score  numeric,
    survey_score     numeric,
    not_applicable   bool,
    evidence         text
);
COMMENT ON TYPE govindex.composite_assessment_input IS
    'Columns of a batch for govindex.load_composite_assessments(): CREATE TEMP TABLE batch (LIKE govindex.composite_assessment_input) — Cấu trúc lô kết quả chấm điểm cần nạp';

CREATE FUNCTION govindex.composite_assessment_problems(batch regclass, replace bool DEFAULT false)
RETURNS TABLE (batch_row bigint, unit_code text, criterion_code text, sqlstate text, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.check_batch(batch, 'govindex.composite_assessment_input', 'batch');
    RETURN QUERY EXECUTE format($q$
        WITH b AS (SELECT row_number() OVER () AS batch_row, s.* FROM %s s),
        resolved AS (
            SELECT b.*, u.id AS unit_id, u.level AS unit_level,
                   govindex.composite_version(b.index_code, b.year) AS version,
                   format('unit %%s, criterion %%s of index %%s (%%s)', coalesce(b.unit_code, '?'),
                          coalesce(b.criterion_code, '?'), coalesce(b.index_code, '?'), coalesce(b.year::text, '?')) AS what
              FROM b LEFT JOIN govindex.units u ON u.code = b.unit_code
        ),
        looked_up AS (
            SELECT r.*, c.max_points, c.source, c.index766_metric,
                   EXISTS (SELECT FROM govindex.composite_criteria k
                            WHERE (k.index_code, k.index_version, k.parent_code) = (r.index_code, r.version, r.criterion_code)) AS has_children,
                   CASE WHEN c.code IS NOT NULL
                        THEN govindex.composite_criterion_levels(r.index_code, r.version, r.criterion_code) END AS levels,
                   EXISTS (SELECT FROM govindex.composite_assessments a
                            WHERE (a.unit_id, a.index_code, a.year, a.criterion_code) = (r.unit_id, r.index_code, r.year, r.criterion_code)) AS exists_already,
                   count(*) OVER (PARTITION BY r.unit_code, r.index_code, r.year, r.criterion_code) AS copies
              FROM resolved r
              LEFT JOIN govindex.composite_criteria c
                ON (c.index_code, c.index_version, c.code) = (r.index_code, r.version, r.criterion_code)
        ),
        checked AS (
            SELECT l.batch_row, l.unit_code, l.criterion_code,
                   CASE
                   WHEN l.unit_code IS NULL OR l.index_code IS NULL OR l.year IS NULL OR l.criterion_code IS NULL THEN
                       ARRAY['23502', format('row %%s of the batch: unit_code, index_code, year and criterion_code are required (%%s)', l.batch_row, l.what)]
                   WHEN l.unit_id IS NULL THEN
                       ARRAY['23503', format('%%s: unknown unit %%s', l.what, quote_literal(l.unit_code))]
                   WHEN NOT EXISTS (SELECT FROM govindex.composite_indices i WHERE i.code = l.index_code) THEN
                       ARRAY['23503', format('%%s: unknown index %%s', l.what, quote_literal(l.index_code))]
                   WHEN l.version IS NULL THEN
                       ARRAY['23503', format('%%s: index %%s has no version for %%s', l.what, l.index_code, l.year)]
                   WHEN l.max_points IS NULL THEN
                       ARRAY['23503', format('%%s: no criterion %%s in index %%s version %%s', l.what, l.criterion_code, l.index_code, l.version)]
                   WHEN l.copies > 1 THEN
                       ARRAY['23505', format('%%s: appears %%s times in the batch', l.what, l.copies)]
                   WHEN l.exists_already AND NOT %L THEN
                       ARRAY['23505', format('%%s: already assessed', l.what)]
                   WHEN l.has_children THEN
                       ARRAY['23514', format('%%s: the criterion has sub-criteria; assess its sub-criteria', l.what)]
                   WHEN NOT l.unit_level = ANY (l.levels) THEN
                       ARRAY['23514', format('%%s: does not apply to %%s units', l.what, l.unit_level)]
                   WHEN coalesce(l.not_applicable, false) AND num_nonnulls(l.self_score, l.appraised_score, l.survey_score) > 0 THEN
                       ARRAY['23514', format('%%s: marked not applicable but scored', l.what)]
                   WHEN l.source = 'survey' AND num_nonnulls(l.self_score, l.appraised_score) > 0 THEN
                       ARRAY['23514', format('%%s: the criterion is scored by the sociological survey; enter survey_score only', l.what)]
                   WHEN l.source <> 'survey' AND l.survey_score IS NOT NULL THEN
                       ARRAY['23514', format('%%s: survey_score is for survey criteria; this one''s source is %%s', l.what, l.source)]
                   WHEN l.source = 'index766' AND l.self_score IS NOT NULL THEN
                       ARRAY['23514', format('%%s: the criterion takes its score from Index 766 metric %%s; enter appraised_score to override it', l.what, l.index766_metric)]
                   WHEN l.self_score < 0 THEN
                       ARRAY['23514', format('%%s: negative self score %%s', l.what, l.self_score)]
                   WHEN l.appraised_score < 0 THEN
                       ARRAY['23514', format('%%s: negative appraised score %%s', l.what, l.appraised_score)]
                   WHEN l.survey_score < 0 THEN
                       ARRAY['23514', format('%%s: negative survey score %%s', l.what, l.survey_score)]
                   WHEN l.self_score > l.max_points THEN
                       ARRAY['23514', format('%%s: self score %%s exceeds the criterion''s maximum %%s', l.what, l.self_score, trim_scale(l.max_points))]
                   WHEN l.appraised_score > l.max_points THEN
                       ARRAY['23514', format('%%s: appraised score %%s exceeds the criterion''s maximum %%s', l.what, l.appraised_score, trim_scale(l.max_points))]
                   WHEN l.survey_score > l.max_points THEN
                       ARRAY['23514', format('%%s: survey score %%s exceeds the criterion''s maximum %%s', l.what, l.survey_score, trim_scale(l.max_points))]
                   END AS verdict
              FROM looked_up l
        )
        SELECT batch_row, unit_code, criterion_code, verdict[1], verdict[2] FROM checked
         WHERE verdict IS NOT NULL ORDER BY batch_row$q$, batch, replace);
END $$;
COMMENT ON FUNCTION govindex.composite_assessment_problems(regclass, bool) IS
    'Lists every row of a batch that govindex.load_composite_assessments() would reject, naming the unit and criterion, with its SQLSTATE — Kiểm tra lô kết quả chấm điểm trước khi nạp';

CREATE FUNCTION govindex.load_composite_assessments(batch regclass, replace bool DEFAULT false,
                                                    OUT inserted bigint, OUT replaced bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
BEGIN
    SELECT * INTO first_problem FROM govindex.composite_assessment_problems(batch, replace) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.composite_assessment_problems(batch, replace);
        RAISE EXCEPTION '%', first_problem.problem
            USING ERRCODE = first_problem.sqlstate,
                  DETAIL = format('Row %s of batch %s; %s row(s) of the batch have problems; nothing was loaded.',
                                  first_problem.batch_row, batch, problems),
                  HINT = format('SELECT * FROM govindex.composite_assessment_problems(%L%s) lists them all.',
                                batch, CASE WHEN replace THEN ', replace => true' ELSE '' END);
    END IF;

    replaced := 0;
    IF replace THEN
        EXECUTE format($q$
            DELETE FROM govindex.composite_assessments a USING %s b, govindex.units u
             WHERE u.code = b.unit_code
               AND (a.unit_id, a.index_code, a.year, a.criterion_code) = (u.id, b.index_code, b.year, b.criterion_code)$q$, batch);
        GET DIAGNOSTICS replaced = ROW_COUNT;
    END IF;

    EXECUTE format($q$
        INSERT INTO govindex.composite_assessments
            (unit_id, index_code, index_version, year, criterion_code, self_score, appraised_score, survey_score,
             not_applicable, evidence)
        SELECT u.id, b.index_code, govindex.composite_version(b.index_code, b.year), b.year, b.criterion_code,
               b.self_score, b.appraised_score, b.survey_score, coalesce(b.not_applicable, false), b.evidence
          FROM %s b JOIN govindex.units u ON u.code = b.unit_code$q$, batch);
    GET DIAGNOSTICS inserted = ROW_COUNT;
    inserted := inserted - replaced;
END $$;
COMMENT ON FUNCTION govindex.load_composite_assessments(regclass, bool) IS
    'Loads a batch of assessments (a table or view shaped like govindex.composite_assessment_input) in one go: a bad row fails the whole batch, naming the unit and criterion (23502, 23503, 23505, 23514); with replace, existing assessments of the same unit, index, year and criterion are replaced — Nạp lô kết quả chấm điểm';

-- Copy an index version (definition and bands) under another code or version, to edit it.
CREATE FUNCTION govindex.copy_composite_index(from_code text, from_version int, to_code text, to_version int)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    copied int;
BEGIN
    INSERT INTO govindex.composite_indices
        (code, version, last_year, name_vi, name_en, scale, max_points, aggregation, survey_optional, unit_levels, source_note)
    SELECT to_code, to_version, CASE WHEN i.last_year >= to_version THEN i.last_year END, i.name_vi, i.name_en, i.scale,
           i.max_points, i.aggregation, i.survey_optional, i.unit_levels,
           format('Copy of %s version %s. %s', from_code, from_version, i.source_note)
      FROM govindex.composite_indices i WHERE (i.code, i.version) = (from_code, from_version);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown index % version %', from_code, from_version USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO govindex.composite_criteria
        (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, weight, unit_levels,
         source, index766_metric)
    SELECT to_code, to_version, c.code, c.parent_code, c.position, c.name_vi, c.name_en, c.max_points, c.weight,
           c.unit_levels, c.source, c.index766_metric
      FROM govindex.composite_criteria c WHERE (c.index_code, c.index_version) = (from_code, from_version)
     ORDER BY c.parent_code NULLS FIRST;
    GET DIAGNOSTICS copied = ROW_COUNT;
    IF to_code <> from_code THEN
        INSERT INTO govindex.composite_bands (index_code, code, min_percent, name_vi, name_en)
        SELECT to_code, b.code, b.min_percent, b.name_vi, b.name_en FROM govindex.composite_bands b
         WHERE b.index_code = from_code
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN copied;
END $$;
COMMENT ON FUNCTION govindex.copy_composite_index(text, int, text, int) IS
    'Copies an index version''s definition (and its own bands, for a new code) under another code or version, to edit it; returns the number of criteria copied — Sao chép định nghĩa chỉ số để chỉnh sửa';

-- ---------------------------------------------------------------------------------
-- Shipped definitions.
-- ---------------------------------------------------------------------------------

INSERT INTO govindex.composite_bands (index_code, code, min_percent, name_vi, name_en) VALUES
    ('*', 'excellent', 90, 'Xuất sắc',   'Excellent'),
    ('*', 'good',      80, 'Tốt',        'Good'),
    ('*', 'fair',      70, 'Khá',        'Fair'),
    ('*', 'average',   50, 'Trung bình', 'Average'),
    ('*', 'weak',       0, 'Yếu',        'Weak');

INSERT INTO govindex.composite_indices
    (code, version, name_vi, name_en, scale, max_points, aggregation, survey_optional, unit_levels, source_note)
VALUES
    ('par-province', 2022,
     'Chỉ số cải cách hành chính của tỉnh (PAR Index, Quyết định 876/QĐ-BNV)',
     'Provincial Public Administration Reform Index (PAR Index, Decision 876/QĐ-BNV)',
     'percent', 100, 'sum', false, '{province}',
     'Decision 876/QĐ-BNV of 10 November 2022 (methodology 2022–2030): 8 fields; index = (appraised points + survey points) / 100. The per-field maxima and their split between appraised and surveyed points are illustrative, not verified against the decision: edit them (copy_composite_index) to the decision''s values; finer criteria may be added below each part.'),
    ('par-department', 2018,
     'Chỉ số cải cách hành chính các sở, ban, ngành (mẫu)',
     'PAR Index of provincial departments (template)',
     'percent', 100, 'sum', true, '{department}',
     'Template after the provincial index (fields of Decision 876/QĐ-BNV) and provincial decisions such as Binh Duong''s 2071/QĐ-UBND of 2018; criteria and maxima are illustrative. The survey is optional: without it the result is appraised / maximum appraisable × 100. Criteria 3.2 and 7.2 follow Index 766 live.'),
    ('par-local', 2018,
     'Chỉ số cải cách hành chính UBND cấp huyện, cấp xã (mẫu)',
     'PAR Index of district and commune People''s Committees (template)',
     'percent', 100, 'sum', true, '{district,commune}',
     'Template for districts and communes: criterion 1.3 applies to districts only, 1.4 to communes only, so that both levels are out of 100; criteria and maxima are illustrative. The survey is optional. Criteria 3.2 and 7.2 follow Index 766 live.'),
    ('pci', 2016,
     'Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)',
     'Provincial Competitiveness Index (PCI)',
     'points', 100, 'weighted_mean', false, '{province}',
     'VCCI: 10 sub-indices on a 10-point scale, PCI = weighted sum × 10; weights of the 2016 handbook. Sub-indices are entered as VCCI publishes them.'),
    ('dti', 2022,
     'Chỉ số chuyển đổi số cấp tỉnh (DTI, Quyết định 922/QĐ-BTTTT)',
     'Provincial Digital Transformation Index (DTI, Decision 922/QĐ-BTTTT)',
     'points', 1000, 'sum', false, '{province}',
     'Decision 922/QĐ-BTTTT of 2022: foundation 500 points (6 main indices, smart city 0) and activities 500 (digital government, economy and society, the 3 pillars); main indices are entered as published.');

-- One level per statement: a parent must exist before its children.
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points) VALUES
    ('par-province', 2022, '1', NULL, 1, 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 9.5),
    ('par-province', 2022, '2', NULL, 2, 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh', 'Institutions: legal documents of the province', 9.5),
    ('par-province', 2022, '3', NULL, 3, 'Cải cách thủ tục hành chính', 'Administrative procedures', 12.5),
    ('par-province', 2022, '4', NULL, 4, 'Cải cách tổ chức bộ máy hành chính nhà nước', 'Organisational structure', 9.5),
    ('par-province', 2022, '5', NULL, 5, 'Cải cách chế độ công vụ', 'Civil service', 15),
    ('par-province', 2022, '6', NULL, 6, 'Cải cách tài chính công', 'Public finance', 12),
    ('par-province', 2022, '7', NULL, 7, 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số', 'E-government and digital government', 12),
    ('par-province', 2022, '8', NULL, 8, 'Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội', 'Impact on citizens, organisations and socio-economic development', 20);
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, source)
SELECT 'par-province', 2022, f.code || '.' || p.part, f.code, p.part,
       p.name_vi || ' — ' || lower(left(f.name_vi, 1)) || substr(f.name_vi, 2), p.name_en || ' — ' || lower(left(f.name_en, 1)) || substr(f.name_en, 2),
       CASE p.part WHEN 1 THEN f.appraised ELSE f.surveyed END, p.source
  FROM (VALUES ('1', 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 7.5, 2),
               ('2', 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh', 'Institutions: legal documents of the province', 6.5, 3),
               ('3', 'Cải cách thủ tục hành chính', 'Administrative procedures', 8.5, 4),
               ('4', 'Cải cách tổ chức bộ máy hành chính nhà nước', 'Organisational structure', 6, 3.5),
               ('5', 'Cải cách chế độ công vụ', 'Civil service', 10.5, 4.5),
               ('6', 'Cải cách tài chính công', 'Public finance', 7.5, 4.5),
               ('7', 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số', 'E-government and digital government', 9, 3),
               ('8', 'Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội', 'Impact on citizens, organisations and socio-economic development', 6.5, 13.5)
       ) f (code, name_vi, name_en, appraised, surveyed)
 CROSS JOIN (VALUES (1, 'Điểm thẩm định', 'Appraised points', 'appraisal'),
                    (2, 'Điểm điều tra xã hội học', 'Survey points', 'survey')) p (part, name_vi, name_en, source);

-- The internal templates: fields, then their criteria.
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points)
SELECT t.index_code, 2018, f.code, NULL, f.code::int, f.name_vi, f.name_en,
       CASE t.index_code WHEN 'par-department' THEN f.department_max ELSE f.local_max END
  FROM (VALUES ('par-department'), ('par-local')) t (index_code)
 CROSS JOIN (VALUES
    ('1', 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 12, 12),
    ('2', 'Cải cách thể chế', 'Institutional reform', 8, 8),
    ('3', 'Cải cách thủ tục hành chính', 'Administrative procedures', 20, 22),
    ('4', 'Cải cách tổ chức bộ máy', 'Organisational structure', 10, 8),
    ('5', 'Cải cách chế độ công vụ', 'Civil service', 10, 10),
    ('6', 'Cải cách tài chính công', 'Public finance', 8, 8),
    ('7', 'Xây dựng chính quyền điện tử, chính quyền số', 'E-government and digital government', 12, 12),
    ('8', 'Mức độ hài lòng của người dân, tổ chức', 'Satisfaction of citizens and organisations', 20, 20)
 ) f (code, name_vi, name_en, department_max, local_max);
INSERT INTO govindex.composite_criteria
    (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, unit_levels, source, index766_metric)
SELECT c.index_code, 2018, c.code, split_part(c.code, '.', 1), split_part(c.code, '.', 2)::int, c.name_vi, c.name_en,
       c.max_points, c.unit_levels, c.source, c.metric
  FROM (VALUES
    ('par-department', '1.1', 'Ban hành kế hoạch cải cách hành chính năm', 'Yearly administrative reform plan', 3, NULL::text[], 'self', NULL),
    ('par-department', '1.2', 'Báo cáo cải cách hành chính đầy đủ, đúng hạn', 'Complete and timely reform reports', 3, NULL, 'self', NULL),
    ('par-department', '1.3', 'Kiểm tra, theo dõi việc thực hiện cải cách hành chính', 'Inspection and follow-up of reform tasks', 3, NULL, 'self', NULL),
    ('par-department', '1.4', 'Tuyên truyền cải cách hành chính', 'Communication on administrative reform', 3, NULL, 'self', NULL),
    ('par-department', '2.1', 'Tham mưu ban hành văn bản quy phạm pháp luật đúng kế hoạch', 'Legal documents drafted on schedule', 4, NULL, 'self', NULL),
    ('par-department', '2.2', 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật', 'Review of legal documents', 4, NULL, 'self', NULL),
    ('par-department', '3.1', 'Công bố, công khai thủ tục hành chính đúng hạn', 'Procedures published and made public on time', 5, NULL, 'self', NULL),
    ('par-department', '3.2', 'Tỷ lệ hồ sơ giải quyết đúng hạn (Bộ chỉ số 766)', 'Dossiers resolved on time (Index 766)', 10, NULL, 'index766', 'DVC_PROGRESS_ON_TIME'),
    ('par-department', '3.3', 'Tiếp nhận, xử lý phản ánh, kiến nghị đúng hạn', 'Petitions handled on time', 5, NULL, 'self', NULL),
    ('par-department', '4.1', 'Sắp xếp, kiện toàn tổ chức bộ máy', 'Reorganisation of the apparatus', 5, NULL, 'self', NULL),
    ('par-department', '4.2', 'Thực hiện phân cấp, ủy quyền', 'Decentralisation and delegation', 5, NULL, 'self', NULL),
    ('par-department', '5.1', 'Vị trí việc làm và cơ cấu ngạch công chức', 'Job positions and civil-service grades', 5, NULL, 'self', NULL),
    ('par-department', '5.2', 'Kỷ luật, kỷ cương hành chính', 'Administrative discipline', 5, NULL, 'self', NULL),
    ('par-department', '6.1', 'Thực hiện cơ chế tự chủ tài chính', 'Financial autonomy', 4, NULL, 'self', NULL),
    ('par-department', '6.2', 'Thực hành tiết kiệm, chống lãng phí', 'Thrift and waste prevention', 4, NULL, 'self', NULL),
    ('par-department', '7.1', 'Ứng dụng công nghệ thông tin trong quản lý, điều hành', 'IT in management and operations', 4, NULL, 'self', NULL),
    ('par-department', '7.2', 'Tỷ lệ hồ sơ được số hóa (Bộ chỉ số 766)', 'Dossiers digitized (Index 766)', 4, NULL, 'index766', 'SO_HOA_GIAY_TO_GIAI_QUYET'),
    ('par-department', '7.3', 'Cung cấp dịch vụ công trực tuyến', 'Online public services', 4, NULL, 'self', NULL),
    ('par-department', '8.1', 'Khảo sát sự hài lòng của người dân, tổ chức', 'Satisfaction survey of citizens and organisations', 20, NULL, 'survey', NULL),
    ('par-local', '1.1', 'Ban hành kế hoạch cải cách hành chính năm', 'Yearly administrative reform plan', 4, NULL, 'self', NULL),
    ('par-local', '1.2', 'Báo cáo cải cách hành chính đầy đủ, đúng hạn', 'Complete and timely reform reports', 4, NULL, 'self', NULL),
    ('par-local', '1.3', 'Kiểm tra cải cách hành chính tại các đơn vị cấp xã', 'Inspection of reform in the communes', 4, '{district}', 'self', NULL),
    ('par-local', '1.4', 'Niêm yết, tuyên truyền cải cách hành chính tại trụ sở', 'Reform notices and communication at the office', 4, '{commune}', 'self', NULL),
    ('par-local', '2.1', 'Ban hành văn bản quy phạm pháp luật đúng thẩm quyền', 'Legal documents within competence', 4, NULL, 'self', NULL),
    ('par-local', '2.2', 'Rà soát, kiểm tra văn bản', 'Review of documents', 4, NULL, 'self', NULL),
    ('par-local', '3.1', 'Công khai thủ tục hành chính', 'Procedures made public', 6, NULL, 'self', NULL),
    ('par-local', '3.2', 'Tỷ lệ hồ sơ giải quyết đúng hạn (Bộ chỉ số 766)', 'Dossiers resolved on time (Index 766)', 10, NULL, 'index766', 'DVC_PROGRESS_ON_TIME'),
    ('par-local', '3.3', 'Hoạt động của bộ phận một cửa', 'One-stop desk', 6, NULL, 'self', NULL),
    ('par-local', '4.1', 'Thực hiện quy định về tổ chức bộ máy', 'Organisational rules', 4, NULL, 'self', NULL),
    ('par-local', '4.2', 'Thực hiện phân cấp, ủy quyền', 'Decentralisation and delegation', 4, NULL, 'self', NULL),
    ('par-local', '5.1', 'Quản lý cán bộ, công chức', 'Management of civil servants', 5, NULL, 'self', NULL),
    ('par-local', '5.2', 'Kỷ luật, kỷ cương hành chính', 'Administrative discipline', 5, NULL, 'self', NULL),
    ('par-local', '6.1', 'Quản lý, sử dụng ngân sách', 'Budget management', 4, NULL, 'self', NULL),
    ('par-local', '6.2', 'Thực hành tiết kiệm, chống lãng phí', 'Thrift and waste prevention', 4, NULL, 'self', NULL),
    ('par-local', '7.1', 'Ứng dụng công nghệ thông tin, dịch vụ công trực tuyến', 'IT and online public services', 6, NULL, 'self', NULL),
    ('par-local', '7.2', 'Tỷ lệ hồ sơ thanh toán trực tuyến (Bộ chỉ số 766)', 'Dossiers paid online (Index 766)', 6, NULL, 'index766', 'ONLINE_PAYMENT_DOSSIERS'),
    ('par-local', '8.1', 'Khảo sát sự hài lòng của người dân, tổ chức', 'Satisfaction survey of citizens and organisations', 20, NULL, 'survey', NULL)
 ) c (index_code, code, name_vi, name_en, max_points, unit_levels, source, metric);

INSERT INTO govindex.composite_criteria
    (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, weight, source)
SELECT 'pci', 2016, s.position::text, NULL, s.position, s.name_vi, s.name_en, 10, s.weight, 'entered'
  FROM (VALUES
    (1, 'Gia nhập thị trường', 'Entry costs', 0.05),
    (2, 'Tiếp cận đất đai', 'Land access', 0.05),
    (3, 'Tính minh bạch', 'Transparency', 0.20),
    (4, 'Chi phí thời gian', 'Time costs', 0.05),
    (5, 'Chi phí không chính thức', 'Informal charges', 0.10),
    (6, 'Cạnh tranh bình đẳng', 'Equal competition', 0.05),
    (7, 'Tính năng động của chính quyền tỉnh', 'Proactivity of the provincial government', 0.05),
    (8, 'Dịch vụ hỗ trợ doanh nghiệp', 'Business support services', 0.20),
    (9, 'Đào tạo lao động', 'Labour training', 0.20),
    (10, 'Thiết chế pháp lý và an ninh trật tự', 'Legal institutions, law and order', 0.05)
 ) s (position, name_vi, name_en, weight);

INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points) VALUES
    ('dti', 2022, '1', NULL, 1, 'Nền tảng chung', 'Foundation', 500),
    ('dti', 2022, '2', NULL, 2, 'Hoạt động chuyển đổi số', 'Digital transformation activities', 500);
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, source)
SELECT 'dti', 2022, m.code, split_part(m.code, '.', 1), split_part(m.code, '.', 2)::int, m.name_vi, m.name_en, m.max_points, 'entered'
  FROM (VALUES
    ('1.1', 'Nhận thức số', 'Digital awareness', 100),
    ('1.2', 'Thể chế số', 'Digital institutions', 100),
    ('1.3', 'Hạ tầng số', 'Digital infrastructure', 100),
    ('1.4', 'Nhân lực số', 'Digital workforce', 100),
    ('1.5', 'An toàn thông tin mạng', 'Cybersecurity', 100),
    ('1.6', 'Đô thị thông minh', 'Smart city', 0),
    ('2.1', 'Chính quyền số', 'Digital government', 200),
    ('2.2', 'Kinh tế số', 'Digital economy', 150),
    ('2.3', 'Xã hội số', 'Digital society', 150)
 ) m (code, name_vi, name_en, max_points);

-- Shipped definitions come with the extension; pg_dump saves only the user's own.
-- each unit's rows only for a role given subtrees (access.sql)
SELECT govindex.restrict_to_units('govindex.composite_assessments', 'unit_id');
SELECT govindex.restrict_to_units('govindex.composite_deductions', 'unit_id');
SELECT govindex.restrict_to_units('govindex.composite_targets', 'unit_id');
SELECT govindex.restrict_to_units('govindex.composite_published', 'unit_id');

SELECT pg_catalog.pg_extension_config_dump('govindex.composite_indices',
    $$WHERE (code, version) NOT IN (('par-province', 2022), ('par-department', 2018), ('par-local', 2018), ('pci', 2016), ('dti', 2022))$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_criteria',
    $$WHERE (index_code, index_version) NOT IN (('par-province', 2022), ('par-department', 2018), ('par-local', 2018), ('pci', 2016), ('dti', 2022))$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_bands', $$WHERE index_code <> '*'$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_assessments', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_deductions', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_deductions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_targets', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_published', '');
