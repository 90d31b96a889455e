-- methodology.sql — scoring methodologies as data: which metrics make up an index,
-- their groups, maximum points and scoring rules.  The rules themselves (linear,
-- threshold, ...) are applied by C code in scoring.c; every number lives here.
--
-- Two methodologies ship with govindex (METHODOLOGY.md §1): 'portal-2026', the
-- national portal's current Index 766 set (the default), and 'decision-766-2022',
-- the same metrics in the five groups of Decision 766/QĐ-TTg.  They are part of
-- the extension and are not dumped by pg_dump; rows a user adds are.  To change a
-- shipped methodology, copy it under a new code and edit the copy.

CREATE TABLE govindex.methodologies (
    code        text PRIMARY KEY
                CONSTRAINT methodologies_code_format CHECK (code ~ '^[a-z0-9][a-z0-9_.-]*$'),
    name_vi     text NOT NULL CONSTRAINT methodologies_name_vi_not_empty CHECK (name_vi <> ''),
    name_en     text NOT NULL CONSTRAINT methodologies_name_en_not_empty CHECK (name_en <> ''),
    valid_from  date NOT NULL,
    note        text,
    is_default  bool NOT NULL DEFAULT false
);
-- At most one default (this index); at least one (methodologies_keep_default below).
CREATE UNIQUE INDEX methodologies_one_default ON govindex.methodologies (is_default) WHERE is_default;

COMMENT ON TABLE govindex.methodologies IS
    'Versions of a scoring methodology (set of metrics, groups, points and rules) — Các phiên bản phương pháp tính điểm (bộ chỉ số, nhóm, điểm tối đa, quy tắc)';
COMMENT ON COLUMN govindex.methodologies.code IS
    'Methodology code, lower case, e.g. portal-2026 — Mã phương pháp, chữ thường';
COMMENT ON COLUMN govindex.methodologies.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.methodologies.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.methodologies.valid_from IS
    'First day the methodology applies (or the earliest day it is known to apply) — Ngày bắt đầu áp dụng (hoặc ngày sớm nhất đã biết)';
COMMENT ON COLUMN govindex.methodologies.note IS
    'Source and caveats of the methodology — Nguồn và lưu ý';
COMMENT ON COLUMN govindex.methodologies.is_default IS
    'The methodology used when none is named; exactly one is; making one the default takes the flag from the previous default — Phương pháp mặc định (đúng một); đặt mặc định cho một phương pháp sẽ bỏ mặc định của phương pháp cũ';

-- Making a methodology the default takes the flag from the previous default, so
-- that switching is one statement (and a dump of a user's own default restores).
CREATE FUNCTION govindex.methodologies_take_default() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    UPDATE govindex.methodologies m SET is_default = false
     WHERE m.is_default AND m.code <> NEW.code AND (TG_OP = 'INSERT' OR m.code <> OLD.code);
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.methodologies_take_default() IS
    'Trigger: a methodology that becomes the default takes the flag from the previous one — Trigger: chuyển cờ mặc định sang phương pháp mới';
CREATE TRIGGER methodologies_take_default
    BEFORE INSERT OR UPDATE OF is_default ON govindex.methodologies
    FOR EACH ROW WHEN (NEW.is_default) EXECUTE FUNCTION govindex.methodologies_take_default();

-- At the end of the transaction, some methodology must still be the default.
CREATE FUNCTION govindex.methodologies_keep_default() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM govindex.methodologies)
       AND NOT EXISTS (SELECT FROM govindex.methodologies WHERE is_default) THEN
        RAISE EXCEPTION 'no methodology is the default'
            USING ERRCODE = 'integrity_constraint_violation',
                  DETAIL = format('Methodology %s was the default.', OLD.code),
                  HINT = 'Make another methodology the default: UPDATE govindex.methodologies SET is_default = true WHERE code = ...';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.methodologies_keep_default() IS
    'Constraint trigger: some methodology remains the default at commit — Trigger ràng buộc: luôn còn một phương pháp mặc định';
CREATE CONSTRAINT TRIGGER methodologies_keep_default
    AFTER UPDATE OF is_default OR DELETE ON govindex.methodologies
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.is_default) EXECUTE FUNCTION govindex.methodologies_keep_default();

CREATE TABLE govindex.metric_groups (
    methodology  text NOT NULL REFERENCES govindex.methodologies (code)
                 ON UPDATE CASCADE ON DELETE CASCADE,
    code         text NOT NULL
                 CONSTRAINT metric_groups_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name_vi      text NOT NULL CONSTRAINT metric_groups_name_vi_not_empty CHECK (name_vi <> ''),
    name_en      text NOT NULL CONSTRAINT metric_groups_name_en_not_empty CHECK (name_en <> ''),
    max_points   numeric NOT NULL
                 CONSTRAINT metric_groups_max_points_range
                 CHECK (max_points >= 0 AND max_points <= 1000000 AND max_points = round(max_points, 2)),
    position     int NOT NULL CONSTRAINT metric_groups_position_positive CHECK (position > 0),
    PRIMARY KEY (methodology, code),
    CONSTRAINT metric_groups_position_unique UNIQUE (methodology, position) DEFERRABLE
);
COMMENT ON TABLE govindex.metric_groups IS
    'Groups of metrics in a methodology (Index 766: CKMB, TDGQ, CLGQ, TTTT, MDHL, MDSH) — Nhóm chỉ số của một phương pháp';
COMMENT ON COLUMN govindex.metric_groups.methodology IS 'Methodology the group belongs to — Phương pháp';
COMMENT ON COLUMN govindex.metric_groups.code IS
    'Group code, upper case; the portal''s code where it has one, e.g. CKMB — Mã nhóm (theo Cổng DVCQG nếu có)';
COMMENT ON COLUMN govindex.metric_groups.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.metric_groups.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.metric_groups.max_points IS
    'Maximum points of the group, the sum of its metrics'' maxima; at most 2 decimals — Điểm tối đa của nhóm';
COMMENT ON COLUMN govindex.metric_groups.position IS
    'Order of the group in reports, from 1 — Thứ tự hiển thị';

CREATE TABLE govindex.metrics (
    methodology  text NOT NULL,
    code         text NOT NULL
                 CONSTRAINT metrics_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    group_code   text NOT NULL,
    name_vi      text NOT NULL CONSTRAINT metrics_name_vi_not_empty CHECK (name_vi <> ''),
    name_en      text NOT NULL CONSTRAINT metrics_name_en_not_empty CHECK (name_en <> ''),
    max_points   numeric NOT NULL
                 CONSTRAINT metrics_max_points_range
                 CHECK (max_points >= 0 AND max_points <= 1000000 AND max_points = round(max_points, 2)),
    basis        text NOT NULL DEFAULT 'fraction'
                 CONSTRAINT metrics_basis_known CHECK (basis IN ('fraction', 'percent')),
    rule         text NOT NULL
                 CONSTRAINT metrics_rule_known CHECK (rule IN ('linear', 'threshold', 'full', 'informational')),
    threshold    numeric
                 CONSTRAINT metrics_threshold_range CHECK (threshold > 0 AND threshold <= 1),
    empty_value  text NOT NULL
                 CONSTRAINT metrics_empty_value_known CHECK (empty_value IN ('null', 'zero', 'full')),
    unit_levels  text[]
                 CONSTRAINT metrics_unit_levels_not_empty
                 CHECK (cardinality(unit_levels) > 0 AND array_position(unit_levels, NULL) IS NULL),
    position     int NOT NULL CONSTRAINT metrics_position_positive CHECK (position > 0),
    portal_code  text
                 CONSTRAINT metrics_portal_code_format CHECK (portal_code ~ '^[A-Z][A-Z0-9_]*$'),
    source       text NOT NULL
                 CONSTRAINT metrics_source_known
                 CHECK (source IN ('dossiers', 'catalogue', 'petitions', 'publication', 'constant')),
    procedure_scoped bool NOT NULL DEFAULT true,
    PRIMARY KEY (methodology, code),
    CONSTRAINT metrics_group_known FOREIGN KEY (methodology, group_code)
        REFERENCES govindex.metric_groups (methodology, code) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT metrics_position_unique UNIQUE (methodology, group_code, position) DEFERRABLE,
    CONSTRAINT metrics_portal_code_unique UNIQUE (methodology, portal_code),
    -- combinations that would make a rule meaningless
    CONSTRAINT metrics_threshold_rule_needs_threshold CHECK (rule <> 'threshold' OR threshold IS NOT NULL),
    CONSTRAINT metrics_threshold_only_for_threshold_rule CHECK (rule = 'threshold' OR threshold IS NULL),
    CONSTRAINT metrics_full_rule_full_when_empty CHECK (rule <> 'full' OR empty_value = 'full'),
    CONSTRAINT metrics_informational_scores_nothing
        CHECK (rule <> 'informational' OR (max_points = 0 AND empty_value = 'null')),
    CONSTRAINT metrics_constant_source_full_rule CHECK (source <> 'constant' OR rule = 'full')
);
COMMENT ON TABLE govindex.metrics IS
    'Metrics of a methodology with their maximum points and scoring rule; score_rate() applies the rule, metric_score() looks it up — Chỉ số của một phương pháp với điểm tối đa và quy tắc tính điểm';
COMMENT ON COLUMN govindex.metrics.methodology IS 'Methodology the metric belongs to — Phương pháp';
COMMENT ON COLUMN govindex.metrics.code IS
    'Metric code, upper case; the portal''s code where it publishes one, e.g. PUBLISH_ON_TIME — Mã chỉ số (theo Cổng DVCQG nếu có)';
COMMENT ON COLUMN govindex.metrics.group_code IS 'Group of the metric, in metric_groups — Nhóm chỉ số';
COMMENT ON COLUMN govindex.metrics.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.metrics.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.metrics.max_points IS
    'Maximum points; 0 for an informational metric; at most 2 decimals — Điểm tối đa (0 với chỉ số chỉ để theo dõi)';
COMMENT ON COLUMN govindex.metrics.basis IS
    'fraction: the rule applies to numerator / denominator; percent: to the percent rounded to 2 decimals first, as the portal shows it — Cơ sở tính: tỷ lệ thô, hoặc phần trăm đã làm tròn 2 chữ số';
COMMENT ON COLUMN govindex.metrics.rule IS
    'linear: max × rate; threshold: max × min(1, rate / threshold); full: always max; informational: no score (NULL) — Quy tắc: tuyến tính, ngưỡng, luôn đủ điểm, chỉ theo dõi';
COMMENT ON COLUMN govindex.metrics.threshold IS
    'Rate (0 < threshold <= 1) from which a threshold metric scores its maximum, e.g. 0.8; NULL for other rules — Ngưỡng đạt điểm tối đa (ví dụ 0,8), chỉ với quy tắc ngưỡng';
COMMENT ON COLUMN govindex.metrics.empty_value IS
    'Score when the denominator is 0 (nothing to count): null (no score, counts 0), zero, or full (max) — Điểm khi mẫu số bằng 0: không tính, 0 điểm, hoặc đủ điểm';
COMMENT ON COLUMN govindex.metrics.unit_levels IS
    'Unit levels (unit_levels.level) the metric applies to; NULL for all — Cấp đơn vị áp dụng; NULL là mọi cấp';
COMMENT ON COLUMN govindex.metrics.position IS
    'Order of the metric within its group, from 1 — Thứ tự trong nhóm';
COMMENT ON COLUMN govindex.metrics.portal_code IS
    'Code the national portal publishes the metric under; NULL where the portal publishes only a group score — Mã chỉ số trên Cổng DVCQG; NULL nếu Cổng chỉ công bố điểm nhóm';
COMMENT ON COLUMN govindex.metrics.source IS
    'Where the rate comes from, checked against metric_codes_produced(): dossiers (metric(), the registry dossier_stats_metrics()), catalogue (index766_catalogue), petitions (index766_petitions), publication (index766_publication), constant (no data: full points) — Nguồn số liệu: hồ sơ, danh mục thủ tục, phản ánh kiến nghị, công bố thủ tục, hằng số';
COMMENT ON COLUMN govindex.metrics.procedure_scoped IS
    'Still reported when a report is filtered to some procedures (the portal drops petitions and procedures connected to population data) — Vẫn tính khi lọc theo thủ tục';

-- The registry of dossier-based metrics (DOSSIER_STATS_METRICS in dossier_stats.c): the
-- codes metric() reads, with their counter expressions.  Here, before the methodologies'
-- rows are checked against it, though it reads no state.
CREATE FUNCTION govindex.dossier_stats_metrics()
RETURNS TABLE (code text, numerator text, denominator text, description text)
AS 'MODULE_PATHNAME', 'dossier_stats_metrics' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION govindex.dossier_stats_metrics() IS
    'The dossier-based metrics metric() reads: code, numerator and denominator as expressions of counters, description — Các chỉ số tính từ hồ sơ';

-- The metric codes some source produces a rate for, with that source and the function
-- that produces them: the one list that a methodology's metrics are checked against
-- (metrics_have_a_source below) and whose union index766_rates (index766.sql) is, which
-- test/tap/metric_sources.sql compares source by source.  The dossiers' codes are the
-- registry's (dossier_stats_metrics); the other sources' are those their functions
-- produce.  A metric whose code no source produces would silently score its empty value.
CREATE FUNCTION govindex.metric_codes_produced()
RETURNS TABLE (code text, source text, produced_by text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT m.code, 'dossiers', 'govindex.metric' FROM govindex.dossier_stats_metrics() m
    UNION ALL
    VALUES ('PUBLISH_ON_TIME', 'publication', 'govindex.index766_publication'),
           ('PUBLIC_UPDATE_ON_TIME', 'publication', 'govindex.index766_publication'),
           ('PUBLIC_CONTENT_FULL', 'publication', 'govindex.index766_publication'),
           ('ONLINE_PROCEDURES_OFFERED', 'catalogue', 'govindex.index766_catalogue'),
           ('ONLINE_DOSSIER_SERVICES', 'catalogue', 'govindex.index766_catalogue'),
           ('ONLINE_PAYMENT_PROCEDURES', 'catalogue', 'govindex.index766_catalogue'),
           ('FEE_DATA_PROCEDURES', 'catalogue', 'govindex.index766_catalogue'),
           ('CITIZEN_DATA_CONNECTED_FORMALITY', 'catalogue', 'govindex.index766_catalogue'),
           ('PETITION_CLASSIFICATION_TTHC', 'petitions', 'govindex.index766_petitions'),
           ('PETITION_CLASSIFICATION_STAFF', 'petitions', 'govindex.index766_petitions'),
           ('PETITION_PROCESSING_ON_TIME', 'petitions', 'govindex.index766_petitions'),
           ('PETITION_HANDLING_SATISFACTION', 'petitions', 'govindex.index766_petitions');
$$;
COMMENT ON FUNCTION govindex.metric_codes_produced() IS
    'The metric codes a source produces a rate for (index766_rates is their union), with the source and the function producing them; a methodology''s metrics must use these, or the constant source — Các mã chỉ số có nguồn số liệu';

CREATE FUNCTION govindex.metrics_have_a_source() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    produced_by text;
    listed text;
BEGIN
    IF NEW.source = 'constant' THEN
        RETURN NULL;
    END IF;
    SELECT p.source INTO produced_by FROM govindex.metric_codes_produced() p WHERE p.code = NEW.code;
    SELECT string_agg(p.code, ', ' ORDER BY p.code) || ' (' || min(p.produced_by) || ')' INTO listed
      FROM govindex.metric_codes_produced() p WHERE p.source = NEW.source;
    IF produced_by IS NULL THEN
        RAISE EXCEPTION 'metric % of methodology %: no source produces it', NEW.code, NEW.methodology
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Source %s produces no rate for %s: its rate would always be empty and score its empty value.',
                                  NEW.source, NEW.code),
                  HINT = coalesce(format('Source %s produces %s; ', NEW.source, listed), '')
                      || 'SELECT * FROM govindex.metric_codes_produced() lists the codes; a metric without data has source constant.';
    ELSIF produced_by <> NEW.source THEN
        RAISE EXCEPTION 'metric % of methodology %: its source is %, not %', NEW.code, NEW.methodology, produced_by, NEW.source
            USING ERRCODE = 'check_violation',
                  HINT = coalesce(format('Source %s produces %s; ', NEW.source, listed), '')
                      || 'SELECT * FROM govindex.metric_codes_produced() lists the codes with their sources.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.metrics_have_a_source() IS
    'Trigger: a metric''s code is produced by its source (metric_codes_produced), unless its source is constant — Trigger: chỉ số phải có nguồn số liệu';
-- after the row's own constraints, whose messages say more about a malformed row
CREATE TRIGGER metrics_have_a_source
    AFTER INSERT OR UPDATE OF code, source ON govindex.metrics
    FOR EACH ROW EXECUTE FUNCTION govindex.metrics_have_a_source();

-- The portal's current set (METHODOLOGY.md §1.3), established from its published
-- figures of August 2026 (test/fixtures/portal/).
INSERT INTO govindex.methodologies (code, name_vi, name_en, valid_from, note, is_default) VALUES
    ('portal-2026',
     'Bộ chỉ số 766 theo Cổng Dịch vụ công quốc gia (2026)',
     'Index 766 as the National Public Service Portal computes it (2026)',
     '2026-08-01',
     'Established from the portal''s published figures (Phú Thọ, month 8 of 2026), which it reproduces; valid_from is the earliest month checked, the portal may have used it before. The 6 remaining points of CLGQ are not identifiable from the data and are scored full.',
     true),
    ('decision-766-2022',
     'Bộ chỉ số theo Quyết định 766/QĐ-TTg ngày 23/6/2022',
     'Index 766 as grouped by Decision 766/QĐ-TTg of 23 June 2022',
     '2022-06-23',
     'The decision''s five groups (online services and online payment together) over the portal''s metrics and rules; the decision''s own thresholds that published figures do not confirm (50% online submission, 80% digitization) are not applied.',
     false);

INSERT INTO govindex.metric_groups (methodology, code, name_vi, name_en, max_points, position) VALUES
    ('portal-2026', 'CKMB', 'Công khai, minh bạch',          'Transparency',               18, 1),
    ('portal-2026', 'TDGQ', 'Tiến độ, kết quả giải quyết',   'Progress of resolution',     20, 2),
    ('portal-2026', 'CLGQ', 'Cung cấp dịch vụ trực tuyến',   'Online public services',     12, 3),
    ('portal-2026', 'TTTT', 'Thanh toán trực tuyến',         'Online payment',             10, 4),
    ('portal-2026', 'MDHL', 'Mức độ hài lòng',               'Satisfaction',               18, 5),
    ('portal-2026', 'MDSH', 'Số hóa hồ sơ',                  'Digitization of dossiers',   22, 6),
    ('decision-766-2022', 'CKMB',  'Công khai, minh bạch',   'Transparency',               18, 1),
    ('decision-766-2022', 'TDGQ',  'Tiến độ giải quyết',     'Progress of resolution',     20, 2),
    ('decision-766-2022', 'DVCTT', 'Cung cấp dịch vụ công trực tuyến và thanh toán trực tuyến',
                                   'Online public services and online payment',            22, 3),
    ('decision-766-2022', 'MDHL',  'Mức độ hài lòng',        'Satisfaction',               18, 4),
    ('decision-766-2022', 'MDSH',  'Số hóa hồ sơ',           'Digitization of dossiers',   22, 5);

INSERT INTO govindex.metrics
    (methodology, group_code, position, code, portal_code, max_points, basis, rule, threshold,
     empty_value, source, name_vi, name_en)
VALUES
    -- CKMB: transparency, 18
    ('portal-2026', 'CKMB', 1, 'PUBLISH_ON_TIME', 'PUBLISH_ON_TIME',
     6, 'fraction', 'linear', NULL, 'null', 'publication',
     'Thủ tục hành chính được công bố đúng hạn',
     'Procedures published on time'),
    ('portal-2026', 'CKMB', 2, 'PUBLIC_UPDATE_ON_TIME', 'PUBLIC_UPDATE_ON_TIME',
     4, 'fraction', 'linear', NULL, 'null', 'publication',
     'Thủ tục hành chính được công khai, cập nhật đúng hạn trên Cơ sở dữ liệu quốc gia',
     'Procedures made public on the national database on time'),
    ('portal-2026', 'CKMB', 3, 'PUBLIC_CONTENT_FULL', 'PUBLIC_CONTENT_FULL',
     2, 'fraction', 'linear', NULL, 'null', 'publication',
     'Thủ tục hành chính công khai đầy đủ các nội dung bắt buộc',
     'Procedures with every mandatory field made public'),
    ('portal-2026', 'CKMB', 4, 'DOSSIER_SYNC', 'DOSSIER_SYNC',
     6, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia',
     'Dossiers synchronised to the national portal'),
    -- TDGQ: progress, 20 (the portal publishes the group as a tree, without a metric code)
    ('portal-2026', 'TDGQ', 1, 'DVC_PROGRESS_ON_TIME', NULL,
     20, 'fraction', 'linear', NULL, 'zero', 'dossiers',
     'Hồ sơ giải quyết đúng hạn (đúng hạn và đang giải quyết trong hạn)',
     'Dossiers resolved on time (on time, and pending within the deadline)'),
    -- CLGQ: online services, 12 (group score only on the portal)
    ('portal-2026', 'CLGQ', 1, 'ONLINE_PROCEDURES_OFFERED', NULL,
     2, 'percent', 'threshold', 0.8, 'zero', 'catalogue',
     'Thủ tục hành chính cung cấp dịch vụ công trực tuyến (toàn trình và một phần) trên tổng số thủ tục thuộc thẩm quyền',
     'Procedures offered online (full-process or partial) among those under the unit''s authority'),
    ('portal-2026', 'CLGQ', 2, 'ONLINE_DOSSIER_SERVICES', NULL,
     4, 'percent', 'linear', NULL, 'zero', 'catalogue',
     'Dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến',
     'Online services that received online dossiers'),
    ('portal-2026', 'CLGQ', 3, 'ONLINE_OTHER_POINTS', NULL,
     6, 'fraction', 'full', NULL, 'full', 'constant',
     'Điểm còn lại của nhóm (chưa xác định được từ số liệu công bố; tính đủ điểm)',
     'Remaining points of the group (not identifiable from published figures; scored full)'),
    -- TTTT: online payment, 10 (group score only on the portal)
    ('portal-2026', 'TTTT', 1, 'ONLINE_PAYMENT_DOSSIERS', NULL,
     6, 'percent', 'linear', NULL, 'zero', 'dossiers',
     'Hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến',
     'Dossiers with fees or charges paid online'),
    ('portal-2026', 'TTTT', 2, 'ONLINE_PAYMENT_PROCEDURES', NULL,
     2, 'percent', 'threshold', 0.8, 'zero', 'catalogue',
     'Thủ tục có phí, lệ phí phát sinh thanh toán trực tuyến',
     'Fee-bearing procedures with at least one online payment'),
    ('portal-2026', 'TTTT', 3, 'FEE_DATA_PROCEDURES', NULL,
     2, 'percent', 'threshold', 0.8, 'zero', 'catalogue',
     'Thủ tục có phí, lệ phí có hồ sơ mang dữ liệu phí, lệ phí',
     'Fee-bearing procedures whose dossiers carry fee data'),
    -- MDHL: satisfaction, 18
    ('portal-2026', 'MDHL', 1, 'PETITION_CLASSIFICATION_TTHC', 'PETITION_CLASSIFICATION_TTHC',
     0, 'fraction', 'informational', NULL, 'null', 'petitions',
     'Phản ánh, kiến nghị về thủ tục hành chính (phân loại, không tính điểm)',
     'Petitions about procedures (classification, not scored)'),
    ('portal-2026', 'MDHL', 2, 'PETITION_CLASSIFICATION_STAFF', 'PETITION_CLASSIFICATION_STAFF',
     0, 'fraction', 'informational', NULL, 'null', 'petitions',
     'Phản ánh, kiến nghị về cán bộ, công chức (phân loại, không tính điểm)',
     'Petitions about civil servants (classification, not scored)'),
    ('portal-2026', 'MDHL', 3, 'PETITION_PROCESSING_ON_TIME', 'PETITION_PROCESSING_ON_TIME',
     6, 'fraction', 'linear', NULL, 'full', 'petitions',
     'Phản ánh, kiến nghị được xử lý đúng hạn',
     'Petitions handled on time'),
    ('portal-2026', 'MDHL', 4, 'PETITION_HANDLING_SATISFACTION', 'PETITION_HANDLING_SATISFACTION',
     6, 'fraction', 'linear', NULL, 'full', 'petitions',
     'Mức độ hài lòng về kết quả xử lý phản ánh, kiến nghị',
     'Satisfaction with the handling of petitions'),
    ('portal-2026', 'MDHL', 5, 'DOSSIER_RECEIVING_SATISFACTION', 'DOSSIER_RECEIVING_SATISFACTION',
     6, 'fraction', 'threshold', 0.9, 'zero', 'dossiers',
     'Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ (100% trừ tỷ lệ trễ hạn và tỷ lệ bị phản ánh, không hài lòng)',
     'Satisfaction with receiving and resolving dossiers (100% minus the overdue rate and the rate of complaints or dislikes)'),
    -- MDSH: digitization, 22
    ('portal-2026', 'MDSH', 1, 'ORIGINAL_RESULT_AVAILABLE', 'ORIGINAL_RESULT_AVAILABLE',
     6, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ được cấp kết quả giải quyết điện tử',
     'Dossiers whose result was issued electronically'),
    ('portal-2026', 'MDSH', 2, 'SO_HOA_GIAY_TO_GIAI_QUYET', 'SO_HOA_GIAY_TO_GIAI_QUYET',
     4, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ được số hóa thành phần hồ sơ',
     'Dossiers digitized'),
    ('portal-2026', 'MDSH', 3, 'REUSED_DIGITIZED_DATA', 'REUSED_DIGITIZED_DATA',
     2, 'fraction', 'threshold', 0.8, 'null', 'dossiers',
     'Hồ sơ tái sử dụng dữ liệu đã số hóa',
     'Dossiers reusing digitized data'),
    ('portal-2026', 'MDSH', 4, 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE',
     4, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ đồng bộ với kho dữ liệu cá nhân trên Cổng Dịch vụ công quốc gia',
     'Dossiers synchronised with the personal data store of the national portal'),
    ('portal-2026', 'MDSH', 5, 'CITIZEN_DATA_CONNECTED_DOSSIER', 'CITIZEN_DATA_CONNECTED_DOSSIER',
     2, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ khai thác dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư',
     'Dossiers using data from the national population database'),
    ('portal-2026', 'MDSH', 6, 'CITIZEN_DATA_CONNECTED_FORMALITY', 'CITIZEN_DATA_CONNECTED_FORMALITY',
     2, 'fraction', 'linear', NULL, 'null', 'catalogue',
     'Thủ tục hành chính kết nối Cơ sở dữ liệu quốc gia về dân cư (đếm thủ tục khác nhau)',
     'Procedures connected to the national population database (distinct procedures)'),
    ('portal-2026', 'MDSH', 7, 'ELECTRONIC_CERTIFIED_COPY', 'ELECTRONIC_CERTIFIED_COPY',
     2, 'fraction', 'full', NULL, 'full', 'constant',
     'Chứng thực bản sao điện tử (đủ điểm trong mọi số liệu đã công bố)',
     'Electronic certified copies (full points in every published figure)');

-- Filtered to one procedure, the portal drops these (METHODOLOGY.md §1.3: the
-- digitization maximum falls to 20, satisfaction is not published).
UPDATE govindex.metrics SET procedure_scoped = false
 WHERE methodology = 'portal-2026'
   AND (source = 'petitions' OR code = 'CITIZEN_DATA_CONNECTED_FORMALITY');

-- The 2022 decision: the same metrics and rules, online services and online payment
-- in one group of 22 points (payment metrics numbered after the service metrics).
INSERT INTO govindex.metrics
    (methodology, group_code, position, code, portal_code, max_points, basis, rule, threshold,
     empty_value, unit_levels, source, procedure_scoped, name_vi, name_en)
SELECT 'decision-766-2022',
       CASE WHEN group_code IN ('CLGQ', 'TTTT') THEN 'DVCTT' ELSE group_code END,
       position + CASE WHEN group_code = 'TTTT' THEN 3 ELSE 0 END,
       code, portal_code, max_points, basis, rule, threshold, empty_value, unit_levels, source,
       procedure_scoped, name_vi, name_en
FROM govindex.metrics
WHERE methodology = 'portal-2026';

-- Shipped methodologies come with the extension; pg_dump saves only the user's own.
SELECT pg_catalog.pg_extension_config_dump('govindex.methodologies',
    $$WHERE code NOT IN ('portal-2026', 'decision-766-2022')$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.metric_groups',
    $$WHERE methodology NOT IN ('portal-2026', 'decision-766-2022')$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.metrics',
    $$WHERE methodology NOT IN ('portal-2026', 'decision-766-2022')$$);
