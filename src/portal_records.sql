-- portal_records.sql — loading the records a province sends to the national portal
-- (DongBoHoSoMC dossier records, CapNhatTienDoHoSoMC timeline steps) as they are:
-- ../shared/formats/portal-sync.md is the format, docs/loading.md the guide.
--
-- A batch goes through three steps, each set-based over temporary tables:
--   1. read: src/portal.c's portal_fields() picks out, typed, what govindex counts of
--      each element and lists what is wrong with it;
--   2. derive: each touched dossier's record (the batch's latest, or the stored one) and
--      all its steps (the batch's and the stored ones) give its dossier_input row, as
--      the portal takes them (end priority, supplement waits), and every problem of the
--      batch is listed — portal_record_problems() stops here;
--   3. store: the records and steps are kept (so that a step arriving later re-derives
--      its dossier), and the rows go through load_dossiers(), with its checks and the
--      bookkeeping triggers.

-- The codes compare in collation "C" (they are ASCII): sorting and grouping a batch's
-- codes under a linguistic collation cost more than reading it.
CREATE TYPE govindex.portal_fields AS (
    kind                      text,
    code                      text COLLATE "C",
    step_status               smallint,
    step_at                   timestamptz,
    procedure_code            text,
    unit_identifier           text,
    channel_code              smallint,
    submitted_at              timestamptz,
    received_at               timestamptz,
    due_at                    timestamptz,
    processing_ended_at       timestamptz,
    returned_at               timestamptz,
    rejected_at               timestamptz,
    status                    smallint,
    electronic_result         bool,
    digitized                 bool,
    reused_data               bool,
    personal_store            bool,
    vneid_account             bool,
    databases                 text[],
    payment_code              smallint,
    fee_amount                bigint,
    supplements_listed        smallint,
    supplements_requested_at  timestamptz[],
    supplements_received_at   timestamptz[],
    problem_fields            text[],
    problem_states            text[],
    problem_messages          text[],
    problem_hints             text[]
);
COMMENT ON TYPE govindex.portal_fields IS
    'What govindex reads of one portal sync element (a dossier record or a timeline step), typed, with its problems — Các trường đọc từ một bản ghi đồng bộ';

CREATE FUNCTION govindex.portal_fields(record jsonb) RETURNS govindex.portal_fields
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'portal_fields';
COMMENT ON FUNCTION govindex.portal_fields(jsonb) IS
    'Reads one portal sync element (DongBoHoSoMC record or CapNhatTienDoHoSoMC step): kind, MaHoSo, the counted fields typed, and every problem (field, SQLSTATE, message, hint); personal data is never read — Đọc một bản ghi đồng bộ lên Cổng DVCQG';

-- a line of a file: the same fields read from the text, without building a jsonb
CREATE FUNCTION govindex.portal_line_fields(line text) RETURNS govindex.portal_fields
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'portal_line_fields';
COMMENT ON FUNCTION govindex.portal_line_fields(text) IS
    'Reads one line of a portal sync file as portal_fields(line::jsonb) does, from the JSON text without building a jsonb; text that is not JSON fails as the cast does (22P02) — Đọc một dòng của tệp bản ghi đồng bộ';

CREATE FUNCTION govindex.portal_timestamp(value text) RETURNS timestamptz
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'portal_timestamp';
COMMENT ON FUNCTION govindex.portal_timestamp(text) IS
    'A portal time yyyyMMddHHmmss (Vietnam time, UTC+7) as timestamptz; '''' is NULL, anything else 22007 — Chuyển thời gian định dạng Cổng DVCQG';

-- ---- what the province keeps --------------------------------------------------------

CREATE TABLE govindex.unit_identifiers (
    identifier  text PRIMARY KEY CHECK (identifier <> ''),
    unit_id     int  NOT NULL REFERENCES govindex.units (id) ON DELETE CASCADE,
    scheme      text NOT NULL DEFAULT 'agency_code'
);
COMMENT ON TABLE govindex.unit_identifiers IS
    'Other identifiers of a unit that records name in DonViXuLy: national agency codes (000.00.07.H74) or a vendor''s ids; units.code is tried first — Mã định danh khác của đơn vị';
COMMENT ON COLUMN govindex.unit_identifiers.identifier IS 'The identifier as records carry it — Mã định danh';
COMMENT ON COLUMN govindex.unit_identifiers.unit_id IS 'The unit — Đơn vị';
COMMENT ON COLUMN govindex.unit_identifiers.scheme IS
    'Whose identifier: agency_code (the national code list) or a system''s name — Hệ mã';
CREATE INDEX unit_identifiers_unit_idx ON govindex.unit_identifiers (unit_id);
SELECT govindex.restrict_to_units('govindex.unit_identifiers', 'unit_id');
SELECT pg_catalog.pg_extension_config_dump('govindex.unit_identifiers', '');

-- The list of MaCSDL codes is not published: which of them mean the population
-- database is the province's data, never a guess.
CREATE TABLE govindex.population_databases (
    code     text PRIMARY KEY CHECK (code <> ''),
    name_vi  text,
    name_en  text
);
COMMENT ON TABLE govindex.population_databases IS
    'MaCSDL codes (DSKetNoiCSDL) that mean the national population database: a dossier connected to one used population data — Mã CSDL được coi là CSDL quốc gia về dân cư';
COMMENT ON COLUMN govindex.population_databases.code IS 'MaCSDL as records carry it — Mã CSDL';
COMMENT ON COLUMN govindex.population_databases.name_vi IS 'Vietnamese name — Tên';
COMMENT ON COLUMN govindex.population_databases.name_en IS 'English name — Tên tiếng Anh';
SELECT pg_catalog.pg_extension_config_dump('govindex.population_databases', '');

-- The latest record of each dossier, as read (no personal data): a timeline step that
-- arrives in a later batch re-derives its dossier from it.
CREATE TABLE govindex.portal_dossier_records (
    code                 text COLLATE "C" PRIMARY KEY CHECK (code <> ''),
    -- no foreign keys: a check per row would double the cost of a load; the loader
    -- resolves both from codes, and a stored record whose unit or procedure was deleted
    -- since is reported when a step re-derives it (portal_derive)
    unit_id              int  NOT NULL,
    procedure_id         int  NOT NULL,
    channel              govindex.channel NOT NULL,
    submitted_at         timestamptz,
    received_at          timestamptz,
    due_at               timestamptz,
    processing_ended_at  timestamptz,
    returned_at          timestamptz,
    rejected_at          timestamptz,
    status               smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
    electronic_result    bool NOT NULL,
    digitized            bool NOT NULL,
    reused_data          bool NOT NULL,
    personal_store       bool NOT NULL,
    population_data      bool NOT NULL,
    paid_online          govindex.payment_channel,
    fee_amount           bigint CHECK (fee_amount >= 0),
    supplements_listed   smallint NOT NULL CHECK (supplements_listed >= 0),
    listed_periods       tstzmultirange NOT NULL,
    synced               bool NOT NULL,
    loaded_at            timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE govindex.portal_dossier_records IS
    'The latest portal record of each dossier as govindex read it (no personal data), from which it and its timeline give the dossier — Bản ghi đồng bộ mới nhất của mỗi hồ sơ';
COMMENT ON COLUMN govindex.portal_dossier_records.code IS 'MaHoSo — Mã hồ sơ';
COMMENT ON COLUMN govindex.portal_dossier_records.unit_id IS 'DonViXuLy, matched — Đơn vị xử lý';
COMMENT ON COLUMN govindex.portal_dossier_records.procedure_id IS 'MaTTHC, matched — Thủ tục';
COMMENT ON COLUMN govindex.portal_dossier_records.channel IS 'KenhThucHien — Kênh thực hiện';
COMMENT ON COLUMN govindex.portal_dossier_records.submitted_at IS 'NgayNopHoSo — Ngày nộp';
COMMENT ON COLUMN govindex.portal_dossier_records.received_at IS 'NgayTiepNhan; NULL: never received, not assessed — Ngày tiếp nhận';
COMMENT ON COLUMN govindex.portal_dossier_records.due_at IS 'NgayHenTra — Ngày hẹn trả';
COMMENT ON COLUMN govindex.portal_dossier_records.processing_ended_at IS 'NgayKetThucXuLy — Ngày kết thúc xử lý';
COMMENT ON COLUMN govindex.portal_dossier_records.returned_at IS 'NgayTra — Ngày trả kết quả';
COMMENT ON COLUMN govindex.portal_dossier_records.rejected_at IS 'NgayTuChoi — Ngày từ chối';
COMMENT ON COLUMN govindex.portal_dossier_records.status IS 'TrangThaiHoSo (1 to 10) — Trạng thái hồ sơ';
COMMENT ON COLUMN govindex.portal_dossier_records.electronic_result IS 'A result with a file link — Có kết quả điện tử';
COMMENT ON COLUMN govindex.portal_dossier_records.digitized IS 'A component with a file link — Thành phần được số hóa';
COMMENT ON COLUMN govindex.portal_dossier_records.reused_data IS 'HoSoCoThanhPhanSoHoa, or a component reused — Tái sử dụng';
COMMENT ON COLUMN govindex.portal_dossier_records.personal_store IS 'A component from the citizen''s store (DuocLayTuKhoDMQG) — Lấy từ kho cá nhân';
COMMENT ON COLUMN govindex.portal_dossier_records.population_data IS
    'VNeID account, personal store, or a population_databases code in DSKetNoiCSDL — Khai thác dữ liệu dân cư';
COMMENT ON COLUMN govindex.portal_dossier_records.paid_online IS 'DuocThanhToanTrucTuyen 1 or 2 — Thanh toán trực tuyến';
COMMENT ON COLUMN govindex.portal_dossier_records.fee_amount IS 'Sum of the fee lines'' Gia; NULL without fee lines — Phí, lệ phí';
COMMENT ON COLUMN govindex.portal_dossier_records.supplements_listed IS 'Entries of DanhSachHoSoBoSung — Số yêu cầu bổ sung được liệt kê';
COMMENT ON COLUMN govindex.portal_dossier_records.listed_periods IS
    'NgayBoSung to NgayTiepNhanBoSung of each listed request (open while unanswered) — Các khoảng chờ bổ sung được liệt kê';
COMMENT ON COLUMN govindex.portal_dossier_records.synced IS 'Loaded from what was pushed to the portal — Đã đồng bộ';
COMMENT ON COLUMN govindex.portal_dossier_records.loaded_at IS 'When the record was loaded — Thời điểm nạp';
SELECT govindex.restrict_to_units('govindex.portal_dossier_records', 'unit_id');
SELECT pg_catalog.pg_extension_config_dump('govindex.portal_dossier_records', '');

-- Each timeline step once (the same step sent twice is one row); who and what (NguoiXuLy,
-- NoiDungXuLy, ...) is never stored.
CREATE TABLE govindex.dossier_steps (
    dossier_code  text COLLATE "C" NOT NULL,   -- "C": a cheaper comparison, codes are ASCII
    status        smallint    NOT NULL CHECK (status BETWEEN 1 AND 10),
    at            timestamptz NOT NULL,
    PRIMARY KEY (dossier_code, at, status)
);
COMMENT ON TABLE govindex.dossier_steps IS
    'The processing timeline of each dossier (CapNhatTienDoHoSoMC): status and time of each step, once — Tiến độ xử lý hồ sơ';
COMMENT ON COLUMN govindex.dossier_steps.dossier_code IS 'MaHoSo — Mã hồ sơ';
COMMENT ON COLUMN govindex.dossier_steps.status IS 'TrangThai (1 to 10) — Trạng thái';
COMMENT ON COLUMN govindex.dossier_steps.at IS 'ThoiDiemXuLy — Thời điểm xử lý';
-- a step is its dossier's data: a role given subtrees reads the steps of the records it reads
ALTER TABLE govindex.dossier_steps ENABLE ROW LEVEL SECURITY;
CREATE POLICY unit_subtrees ON govindex.dossier_steps
    USING ((SELECT govindex.accessible_unit_ids(CURRENT_USER)) IS NULL
           OR EXISTS (SELECT FROM govindex.portal_dossier_records r WHERE r.code = dossier_steps.dossier_code));
SELECT pg_catalog.pg_extension_config_dump('govindex.dossier_steps', '');

-- ---- the steps of a batch -------------------------------------------------------------

CREATE FUNCTION govindex.portal_batch_limit() RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN 10000;
COMMENT ON FUNCTION govindex.portal_batch_limit() IS
    'The most elements one call of load_portal_records or portal_record_problems reads (54000 beyond); files go in chunks — Số phần tử tối đa của một lô';

-- The rows of a batch: pg_temp.govindex_portal_rows (position, the portal_fields columns),
-- emptied; made once per transaction.
CREATE FUNCTION govindex.portal_rows_table() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.govindex_portal_rows') IS NULL THEN
        CREATE TEMP TABLE govindex_portal_rows (position bigint NOT NULL, LIKE govindex.portal_fields)
            ON COMMIT DROP;
    ELSE
        TRUNCATE pg_temp.govindex_portal_rows;
    END IF;
END $$;
COMMENT ON FUNCTION govindex.portal_rows_table() IS
    'Makes or empties pg_temp.govindex_portal_rows, the read elements of a batch — Bảng tạm các phần tử của lô';

-- Elements of a batch jsonb: checked for size before anything is read.
CREATE FUNCTION govindex.portal_read_batch(records jsonb) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    n bigint;
BEGIN
    IF records IS NULL THEN
        RAISE EXCEPTION 'records must not be NULL' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'Pass a JSON array of dossier records and timeline steps.';
    ELSIF jsonb_typeof(records) <> 'array' THEN
        RAISE EXCEPTION 'records is a JSON %, not an array', jsonb_typeof(records)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass a JSON array of dossier records and timeline steps: [{"MaHoSo": ...}, ...].';
    END IF;
    n := jsonb_array_length(records);
    IF n > govindex.portal_batch_limit() THEN
        RAISE EXCEPTION 'records holds % elements, more than the % of one batch', n, govindex.portal_batch_limit()
            USING ERRCODE = 'program_limit_exceeded',
                  HINT = 'Split it into batches, or load the file with scripts/load-portal-records (govindex.load_portal_file), which goes in chunks.';
    END IF;
    PERFORM govindex.portal_rows_table();
    INSERT INTO pg_temp.govindex_portal_rows
    SELECT e.position, f.*
      FROM pg_catalog.jsonb_array_elements(records) WITH ORDINALITY AS e(element, position),
           LATERAL govindex.portal_fields(e.element) AS f;
    RETURN n;
END $$;
COMMENT ON FUNCTION govindex.portal_read_batch(jsonb) IS
    'Reads a JSON array of portal elements into pg_temp.govindex_portal_rows (NULL 22004, not an array 22023, over portal_batch_limit() 54000) — Đọc lô bản ghi đồng bộ';

-- Step 2: from pg_temp.govindex_portal_rows, the effective record and steps of each
-- touched dossier, its dossier_input row, and every problem.  what names a position in
-- messages ('element', 'line').  Makes pg_temp.govindex_portal_records,
-- govindex_portal_steps, govindex_portal_batch and govindex_portal_problems.
CREATE FUNCTION govindex.portal_derive(what text, synced bool, listing bool) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    problems bigint;
BEGIN
    IF to_regclass('pg_temp.govindex_portal_problems') IS NOT NULL THEN   -- the previous chunk's
        DROP TABLE pg_temp.govindex_portal_records, pg_temp.govindex_portal_steps,
                   pg_temp.govindex_portal_batch, pg_temp.govindex_portal_problems;
    END IF;

    CREATE TEMP TABLE govindex_portal_problems ON COMMIT DROP AS
    SELECT r.position, r.code AS dossier_code, p.field, p.sqlstate,
           CASE WHEN r.code IS NULL THEN format('%s %s: %s', what, r.position, p.message)
                ELSE format('dossier %s: %s', r.code, p.message) END AS message,
           p.hint
      FROM pg_temp.govindex_portal_rows r,
           unnest(r.problem_fields, r.problem_states, r.problem_messages, r.problem_hints)
               WITH ORDINALITY AS p(field, sqlstate, message, hint, n)
     WHERE r.problem_fields IS NOT NULL;

    -- the latest record of each dossier in the batch, then the stored one of a dossier
    -- that only steps touch
    CREATE TEMP TABLE govindex_portal_records ON COMMIT DROP AS
    SELECT DISTINCT ON (r.code)
           r.position, true AS in_batch, r.code, coalesce(u.id, i.unit_id) AS unit_id, pr.id AS procedure_id,
           r.unit_identifier, r.procedure_code,
           (ARRAY['direct', 'online', 'postal']::govindex.channel[])[r.channel_code] AS channel,
           r.submitted_at, r.received_at, r.due_at, r.processing_ended_at, r.returned_at, r.rejected_at,
           r.status, r.electronic_result, r.digitized, r.reused_data, r.personal_store,
           r.vneid_account OR r.personal_store
               OR EXISTS (SELECT FROM govindex.population_databases d WHERE d.code = ANY (r.databases)) AS population_data,
           (ARRAY['portal', 'local_gateway']::govindex.payment_channel[])[r.payment_code] AS paid_online,
           r.fee_amount, r.supplements_listed,
           coalesce((SELECT range_agg(tstzrange(s.requested, s.received))
                       FROM unnest(r.supplements_requested_at, r.supplements_received_at) AS s(requested, received)
                      WHERE s.requested IS NOT NULL), '{}') AS listed_periods,
           synced AS synced,
           -- whether a record and steps are stored, a dossier loaded: the writes of a new
           -- dossier are plain inserts, and only known ones are looked for
           EXISTS (SELECT FROM govindex.portal_dossier_records s WHERE s.code = r.code) AS stored,
           EXISTS (SELECT FROM govindex.dossier_codes c WHERE c.code = r.code COLLATE "default") AS known
      FROM pg_temp.govindex_portal_rows r
      LEFT JOIN govindex.units u ON u.code = r.unit_identifier
      LEFT JOIN govindex.unit_identifiers i ON i.identifier = r.unit_identifier
      LEFT JOIN govindex.procedures pr ON pr.code = r.procedure_code
     WHERE r.kind = 'dossier' AND r.code IS NOT NULL
     ORDER BY r.code, r.position DESC;
    INSERT INTO pg_temp.govindex_portal_records
    SELECT DISTINCT ON (s.code) NULL, false, s.code, s.unit_id, s.procedure_id, NULL, NULL, s.channel,
           s.submitted_at, s.received_at, s.due_at, s.processing_ended_at, s.returned_at, s.rejected_at,
           s.status, s.electronic_result, s.digitized, s.reused_data, s.personal_store, s.population_data,
           s.paid_online, s.fee_amount, s.supplements_listed, s.listed_periods, s.synced, true,
           EXISTS (SELECT FROM govindex.dossier_codes c WHERE c.code = s.code COLLATE "default")
      FROM pg_temp.govindex_portal_rows r
      JOIN govindex.portal_dossier_records s ON s.code = r.code
     WHERE r.kind = 'step'
       AND NOT EXISTS (SELECT FROM pg_temp.govindex_portal_rows b WHERE b.kind = 'dossier' AND b.code = r.code);
    CREATE UNIQUE INDEX ON pg_temp.govindex_portal_records (code);
    ANALYZE pg_temp.govindex_portal_records;

    -- every step of a touched dossier once: the batch's and the stored ones
    CREATE TEMP TABLE govindex_portal_steps ON COMMIT DROP AS
    SELECT code, status, at, min(position) AS position, bool_or(in_batch) AS in_batch,
           bool_or(NOT in_batch) AS stored
      FROM (SELECT r.code, r.step_status AS status, r.step_at AS at, r.position, true AS in_batch
              FROM pg_temp.govindex_portal_rows r
             WHERE r.kind = 'step' AND r.problem_fields IS NULL
            UNION ALL
            -- steps are stored with a record only
            SELECT s.dossier_code, s.status, s.at, NULL, false
              FROM pg_temp.govindex_portal_records r
              JOIN govindex.dossier_steps s ON s.dossier_code = r.code
             WHERE r.stored) all_steps
     GROUP BY code, status, at;
    ANALYZE pg_temp.govindex_portal_steps;

    INSERT INTO pg_temp.govindex_portal_problems
    SELECT NULL, r.code, 'DonViXuLy', '23503',
           format('dossier %s: the unit (id %s) or procedure (id %s) of its stored record no longer exists',
                  r.code, r.unit_id, r.procedure_id),
           'Send the dossier''s record again, naming a unit and a procedure that exist.'
      FROM pg_temp.govindex_portal_records r
     WHERE NOT r.in_batch AND (NOT EXISTS (SELECT FROM govindex.units u WHERE u.id = r.unit_id)
                               OR NOT EXISTS (SELECT FROM govindex.procedures p WHERE p.id = r.procedure_id))
    UNION ALL
    SELECT r.position, r.code, 'DonViXuLy', '23503',
           format('dossier %s: unknown unit %s', r.code, quote_literal(r.unit_identifier)),
           'DonViXuLy is matched against govindex.units.code, then govindex.unit_identifiers.identifier: add it to one of them '
           '(a role given unit subtrees sees only the units of its subtrees).'
      FROM pg_temp.govindex_portal_records r WHERE r.in_batch AND r.unit_id IS NULL AND r.unit_identifier IS NOT NULL
    UNION ALL
    SELECT r.position, r.code, 'MaTTHC', '23503',
           format('dossier %s: unknown procedure %s', r.code, quote_literal(r.procedure_code)),
           'Load the procedure catalogue first (govindex.load_portal_catalogue) or add the procedure to govindex.procedures.'
      FROM pg_temp.govindex_portal_records r WHERE r.in_batch AND r.procedure_id IS NULL AND r.procedure_code IS NOT NULL
    UNION ALL
    SELECT min(s.position), s.code, 'MaHoSo', '23503',
           format('dossier %s: %s timeline step(s) but no dossier record', s.code, count(*)),
           'Send the dossier''s record (DongBoHoSoMC) in the same batch or an earlier one.'
      FROM pg_temp.govindex_portal_steps s
     WHERE s.in_batch AND NOT EXISTS (SELECT FROM pg_temp.govindex_portal_records r WHERE r.code = s.code)
     GROUP BY s.code;

    -- The dossiers: end and supplements as portal-sync.md says.  A received dossier only
    -- (NgayTiepNhan, and a status other than 1); the others are reported by the callers.
    CREATE TEMP TABLE govindex_portal_batch ON COMMIT DROP AS
    WITH end_steps AS (
        SELECT DISTINCT ON (s.code) s.code, s.status, s.at
          FROM pg_temp.govindex_portal_steps s
          JOIN pg_temp.govindex_portal_records r ON r.code = s.code
         WHERE s.status IN (9, 10, 8, 3) OR (s.status = 7 AND s.at >= r.received_at)
         ORDER BY s.code, CASE s.status WHEN 9 THEN 1 WHEN 10 THEN 2 WHEN 7 THEN 4 ELSE 3 END, s.at
    ),
    waits AS (
        SELECT w.code, count(DISTINCT w.at)::smallint AS requests, range_agg(tstzrange(w.at, w.resumed_at)) AS periods
          FROM (SELECT s.code, s.status, s.at,
                       min(s.at) FILTER (WHERE s.status <> 5)
                           OVER (PARTITION BY s.code ORDER BY s.at, s.status
                                 ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS resumed_at
                  FROM pg_temp.govindex_portal_steps s) w
         WHERE w.status = 5
         GROUP BY w.code
    )
    SELECT r.position, r.in_batch, r.code COLLATE "default" AS code, u.code AS unit_code, p.code AS procedure_code, r.channel,
           r.submitted_at, r.received_at, r.due_at,
           CASE WHEN e.code IS NOT NULL THEN e.at
                WHEN r.status = 9 THEN r.processing_ended_at
                WHEN r.status = 10 THEN coalesce(r.processing_ended_at, r.returned_at)
                WHEN r.status = 3 THEN coalesce(r.rejected_at, r.processing_ended_at)
                WHEN r.status = 8 THEN coalesce(r.processing_ended_at, r.rejected_at)
                WHEN r.status = 7 THEN r.processing_ended_at END AS ended_at,
           (CASE coalesce(e.status, CASE WHEN r.status IN (3, 7, 8, 9, 10) THEN r.status END)
                WHEN 9 THEN 'finished' WHEN 10 THEN 'returned' WHEN 7 THEN 'withdrawn'
                WHEN 8 THEN 'stopped' WHEN 3 THEN 'stopped' END)::govindex.end_status AS end_status,
           CASE WHEN r.supplements_listed > 0 THEN r.supplements_listed ELSE coalesce(w.requests, 0) END AS supplement_requests,
           CASE WHEN r.supplements_listed > 0 THEN r.listed_periods ELSE coalesce(w.periods, '{}') END AS supplement_periods,
           r.synced, r.electronic_result, r.digitized, r.reused_data, r.personal_store, r.population_data,
           r.paid_online, r.fee_amount, NULL::govindex.citizen_rating AS rating
      FROM pg_temp.govindex_portal_records r
      JOIN govindex.units u ON u.id = r.unit_id
      JOIN govindex.procedures p ON p.id = r.procedure_id
      LEFT JOIN end_steps e ON e.code = r.code
      LEFT JOIN waits w ON w.code = r.code
     WHERE r.received_at IS NOT NULL AND r.status <> 1;

    INSERT INTO pg_temp.govindex_portal_problems
    SELECT coalesce(b.position, (SELECT min(s.position) FROM pg_temp.govindex_portal_steps s WHERE s.code = b.code COLLATE "C")),
           b.code, 'TrangThaiHoSo', '23502',
           format('dossier %s: status %s (%s) without an end time: no timeline step 9, 10, 8 or 3 and no %s',
                  b.code, r.status, govindex.portal_status_name(r.status),
                  CASE r.status WHEN 10 THEN 'NgayKetThucXuLy or NgayTra' WHEN 3 THEN 'NgayTuChoi or NgayKetThucXuLy'
                                WHEN 8 THEN 'NgayKetThucXuLy or NgayTuChoi' ELSE 'NgayKetThucXuLy' END),
           'An ended dossier needs the time it ended, in the record or as a timeline step.'
      FROM pg_temp.govindex_portal_batch b
      JOIN pg_temp.govindex_portal_records r ON r.code = b.code COLLATE "C"
     WHERE b.end_status IS NOT NULL AND b.ended_at IS NULL;
    DELETE FROM pg_temp.govindex_portal_batch WHERE end_status IS NOT NULL AND ended_at IS NULL;

    -- what load_dossiers would refuse (times out of order, implausible dates), by dossier;
    -- when loading, load_dossiers itself refuses it, naming the dossier
    IF listing THEN
    INSERT INTO pg_temp.govindex_portal_problems
    SELECT coalesce(b.position, (SELECT min(s.position) FROM pg_temp.govindex_portal_steps s WHERE s.code = b.code COLLATE "C")),
           b.code, NULL, d.sqlstate, d.problem, NULL
      FROM govindex.dossier_batch_problems('pg_temp.govindex_portal_batch') d
      JOIN pg_temp.govindex_portal_batch b ON b.code = d.code;
    END IF;

    SELECT count(*) INTO problems FROM pg_temp.govindex_portal_problems;
    RETURN problems;
END $$;
COMMENT ON FUNCTION govindex.portal_derive(text, bool, bool) IS
    'Step 2 of loading portal records: each touched dossier''s row from its latest record and all its steps, and every problem of the batch, into temporary tables — Suy ra hồ sơ từ bản ghi và tiến độ';

CREATE FUNCTION govindex.portal_status_name(status smallint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN (ARRAY['newly registered', 'received', 'not received', 'being processed', 'supplement requested',
              'financial obligation requested', 'withdrawn', 'processing stopped', 'processed',
              'result returned'])[status];
COMMENT ON FUNCTION govindex.portal_status_name(smallint) IS
    'The meaning of a TrangThaiHoSo code (1 to 10) — Tên trạng thái hồ sơ';

-- Loads of portal records take one lock, a table lock on dossier_steps in SHARE ROW
-- EXCLUSIVE mode: it conflicts with itself, so that a load waits for another one's commit
-- and, in READ COMMITTED, derives its dossiers from it too (each statement takes a new
-- snapshot): two loads of one dossier's steps cannot each miss the other's.  Only a role
-- that may write dossier_steps can take it.  Under REPEATABLE READ or SERIALIZABLE, whose
-- snapshot may predate the lock, portal_store() updates every touched record, which fails
-- (40001) on a record another load changed since.
CREATE FUNCTION govindex.portal_lock() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, govindex, pg_temp AS $$
    LOCK TABLE govindex.dossier_steps IN SHARE ROW EXCLUSIVE MODE;
$$;
COMMENT ON FUNCTION govindex.portal_lock() IS
    'Takes the lock that serializes loads of portal records (a table lock on dossier_steps) until the end of the transaction — Khóa tuần tự hóa việc nạp bản ghi đồng bộ';

-- The first problem, raised: the whole call fails and nothing is loaded.
CREATE FUNCTION govindex.portal_raise_first_problem(what text, batch text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first   record;
    n       bigint;
BEGIN
    SELECT count(*) INTO n FROM pg_temp.govindex_portal_problems;
    IF n = 0 THEN
        RETURN;
    END IF;
    SELECT * INTO first FROM pg_temp.govindex_portal_problems ORDER BY position NULLS LAST, field NULLS LAST LIMIT 1;
    RAISE EXCEPTION '%', first.message
        USING ERRCODE = first.sqlstate,
              DETAIL = format('%s %s%s; %s problem(s) in all; nothing was loaded.',
                              initcap(what), first.position, coalesce(' of ' || batch, ''), n),
              HINT = coalesce(first.hint || ' ', '')
                     || format('%s lists every problem.', CASE what WHEN 'line' THEN 'scripts/load-portal-records --problems'
                                                          ELSE 'govindex.portal_record_problems(records)' END);
END $$;
COMMENT ON FUNCTION govindex.portal_raise_first_problem(text, text) IS
    'Raises the first problem of a batch with its SQLSTATE, its position and the number of problems — Báo lỗi đầu tiên của lô';

-- Step 3: keep the records and steps, and load the dossiers.
CREATE FUNCTION govindex.portal_store(OUT dossiers_inserted bigint, OUT dossiers_updated bigint,
                                      OUT steps_loaded bigint, OUT records_not_received bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    -- loads are one at a time (portal_lock): what derive found stored is all there is,
    -- and the new records and steps are plain inserts
    INSERT INTO govindex.portal_dossier_records
           (code, unit_id, procedure_id, channel, submitted_at, received_at, due_at, processing_ended_at,
            returned_at, rejected_at, status, electronic_result, digitized, reused_data, personal_store,
            population_data, paid_online, fee_amount, supplements_listed, listed_periods, synced)
    SELECT code, unit_id, procedure_id, channel, submitted_at, received_at, due_at, processing_ended_at,
           returned_at, rejected_at, status, electronic_result, digitized, reused_data, personal_store,
           population_data, paid_online, fee_amount, supplements_listed, listed_periods, synced
      FROM pg_temp.govindex_portal_records WHERE in_batch AND NOT stored;
    -- a known dossier's new record, and a dossier that only steps touch: its record is
    -- touched too (see portal_lock)
    UPDATE govindex.portal_dossier_records s SET
           unit_id = r.unit_id, procedure_id = r.procedure_id, channel = r.channel,
           submitted_at = r.submitted_at, received_at = r.received_at, due_at = r.due_at,
           processing_ended_at = r.processing_ended_at, returned_at = r.returned_at,
           rejected_at = r.rejected_at, status = r.status,
           electronic_result = r.electronic_result, digitized = r.digitized,
           reused_data = r.reused_data, personal_store = r.personal_store,
           population_data = r.population_data, paid_online = r.paid_online,
           fee_amount = r.fee_amount, supplements_listed = r.supplements_listed,
           listed_periods = r.listed_periods, synced = r.synced, loaded_at = now()
      FROM pg_temp.govindex_portal_records r
     WHERE s.code = r.code AND r.stored;

    INSERT INTO govindex.dossier_steps (dossier_code, status, at)
    SELECT code, status, at FROM pg_temp.govindex_portal_steps WHERE in_batch AND NOT stored;
    GET DIAGNOSTICS steps_loaded = ROW_COUNT;

    -- a dossier counted before and now not received any more is not counted
    SELECT count(*) INTO records_not_received
      FROM pg_temp.govindex_portal_records r
     WHERE NOT EXISTS (SELECT FROM pg_temp.govindex_portal_batch b WHERE b.code = r.code COLLATE "default");
    IF EXISTS (SELECT FROM pg_temp.govindex_portal_records r WHERE r.known) THEN
        DELETE FROM govindex.dossiers d
         WHERE d.code IN (SELECT r.code COLLATE "default" FROM pg_temp.govindex_portal_records r
                           WHERE r.known
                             AND NOT EXISTS (SELECT FROM pg_temp.govindex_portal_batch b
                                              WHERE b.code = r.code COLLATE "default"));

        -- records carry no rating: a known dossier keeps its own
        UPDATE pg_temp.govindex_portal_batch b SET rating = d.rating
          FROM govindex.dossiers d
         WHERE d.code = b.code AND d.rating IS NOT NULL
           AND b.code IN (SELECT r.code COLLATE "default" FROM pg_temp.govindex_portal_records r WHERE r.known);
    END IF;

    SELECT l.inserted, l.updated INTO dossiers_inserted, dossiers_updated
      FROM govindex.load_dossiers('pg_temp.govindex_portal_batch') l;
END $$;
COMMENT ON FUNCTION govindex.portal_store() IS
    'Step 3 of loading portal records: keeps the records and steps and loads the derived dossiers with load_dossiers — Lưu bản ghi, tiến độ và nạp hồ sơ';

-- ---- the calls ----------------------------------------------------------------------

CREATE FUNCTION govindex.load_portal_records(records jsonb, synced bool DEFAULT true,
                                             OUT dossiers_inserted bigint, OUT dossiers_updated bigint,
                                             OUT steps_loaded bigint, OUT records_not_received bigint)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
BEGIN
    IF synced IS NULL THEN
        RAISE EXCEPTION 'synced must not be NULL' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'true: the records were pushed to the portal; false: the province''s own export.';
    END IF;
    PERFORM govindex.portal_read_batch(records);
    PERFORM govindex.portal_lock();
    PERFORM govindex.portal_derive('element', synced, false);
    PERFORM govindex.portal_raise_first_problem('element', NULL);
    SELECT * INTO dossiers_inserted, dossiers_updated, steps_loaded, records_not_received
      FROM govindex.portal_store();
END $$;
COMMENT ON FUNCTION govindex.load_portal_records(jsonb, bool) IS
    'Loads a JSON array of portal dossier records and timeline steps, in any order, in one transaction: dossiers inserted or updated (the latest record wins), steps kept once, each dossier''s end and supplements derived from its record and all its steps; any problem fails the whole call naming the MaHoSo — Nạp bản ghi đồng bộ Cổng DVCQG';

CREATE FUNCTION govindex.portal_record_problems(records jsonb)
RETURNS TABLE (element bigint, dossier_code text, field text, sqlstate text, message text, hint text)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
BEGIN
    PERFORM govindex.portal_read_batch(records);
    PERFORM govindex.portal_derive('element', true, true);
    RETURN QUERY SELECT p.position, p.dossier_code, p.field, p.sqlstate, p.message, p.hint
                   FROM pg_temp.govindex_portal_problems p
                  ORDER BY p.position NULLS LAST, p.field NULLS LAST, p.message;
END $$;
COMMENT ON FUNCTION govindex.portal_record_problems(jsonb) IS
    'Lists every problem of a batch of portal records (element, MaHoSo, field, SQLSTATE, message, hint) without loading anything — Liệt kê mọi lỗi của lô bản ghi đồng bộ';
