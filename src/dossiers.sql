-- dossiers.sql — dossiers (hồ sơ TTHC), partitioned by month of receipt, and the
-- batch loader that inserts new dossiers and updates known ones.

CREATE TYPE govindex.channel AS ENUM ('direct', 'online', 'postal');
COMMENT ON TYPE govindex.channel IS
    'How a dossier was filed (portal KenhThucHien 1, 2, 3) — Kênh thực hiện: trực tiếp, trực tuyến, bưu chính';

CREATE TYPE govindex.end_status AS ENUM ('finished', 'returned', 'stopped', 'withdrawn');
COMMENT ON TYPE govindex.end_status IS
    'How processing ended: finished, result returned, stopped or rejected, withdrawn by the citizen — Trạng thái kết thúc: đã giải quyết, đã trả kết quả, dừng/từ chối, rút hồ sơ';

CREATE TYPE govindex.payment_channel AS ENUM ('portal', 'local_gateway');
COMMENT ON TYPE govindex.payment_channel IS
    'Where a fee was paid online (portal DuocThanhToanTrucTuyen 1, 2) — Thanh toán trực tuyến qua Cổng DVCQG hoặc cổng của bộ, tỉnh';

CREATE TYPE govindex.citizen_rating AS ENUM ('like', 'dislike');
COMMENT ON TYPE govindex.citizen_rating IS 'A citizen''s rating of a dossier — Đánh giá của người dân';

CREATE TABLE govindex.dossiers (
    code                 text        NOT NULL,
    unit_id              int         NOT NULL,
    procedure_id         int         NOT NULL,
    channel              govindex.channel NOT NULL,
    submitted_at         timestamptz,
    received_at          timestamptz NOT NULL,
    due_at               timestamptz,
    ended_at             timestamptz,
    end_status           govindex.end_status,
    supplement_requests  smallint    NOT NULL DEFAULT 0,
    supplement_periods   tstzmultirange NOT NULL DEFAULT '{}',
    synced               bool        NOT NULL DEFAULT false,
    electronic_result    bool        NOT NULL DEFAULT false,
    digitized            bool        NOT NULL DEFAULT false,
    reused_data          bool        NOT NULL DEFAULT false,
    personal_store       bool        NOT NULL DEFAULT false,
    population_data      bool        NOT NULL DEFAULT false,
    paid_online          govindex.payment_channel,
    fee_amount           bigint,
    rating               govindex.citizen_rating,
    CONSTRAINT dossiers_code_not_empty CHECK (code <> ''),
    CONSTRAINT dossiers_received_after_submitted CHECK (received_at >= submitted_at),
    CONSTRAINT dossiers_ended_after_received CHECK (ended_at >= received_at),
    CONSTRAINT dossiers_due_after_received CHECK (due_at >= received_at),
    CONSTRAINT dossiers_end_status_with_end_time CHECK ((end_status IS NULL) = (ended_at IS NULL)),
    CONSTRAINT dossiers_supplement_requests_not_negative CHECK (supplement_requests >= 0),
    CONSTRAINT dossiers_supplement_periods_need_request
        CHECK (isempty(supplement_periods) OR supplement_requests > 0),
    CONSTRAINT dossiers_supplement_after_received
        CHECK (isempty(supplement_periods) OR lower(supplement_periods) >= received_at),
    CONSTRAINT dossiers_fee_not_negative CHECK (fee_amount >= 0)
) PARTITION BY RANGE (received_at);

-- The foreign keys to units and procedures and the indexes are declared on each
-- month's partition (create_dossier_partitions), not on this parent: the parent
-- belongs to the extension and the partitions do not, and pg_dump restores a
-- partition's own keys and indexes after its rows, but would attach the parent's
-- before (duplicate indexes, and keys checked before units and procedures are in).

COMMENT ON TABLE govindex.dossiers IS
    'Administrative-procedure dossiers, one row per dossier code, partitioned by month of receipt (Asia/Ho_Chi_Minh) — Hồ sơ thủ tục hành chính, phân vùng theo tháng tiếp nhận';
COMMENT ON COLUMN govindex.dossiers.code IS 'Dossier code, unique across all months — Mã hồ sơ (duy nhất)';
COMMENT ON COLUMN govindex.dossiers.unit_id IS 'Unit that received and resolves it — Đơn vị tiếp nhận, giải quyết';
COMMENT ON COLUMN govindex.dossiers.procedure_id IS 'Procedure — Thủ tục hành chính';
COMMENT ON COLUMN govindex.dossiers.channel IS 'Channel (KenhThucHien) — Kênh thực hiện';
COMMENT ON COLUMN govindex.dossiers.submitted_at IS 'Submitted (NgayNopHoSo) — Ngày nộp hồ sơ';
COMMENT ON COLUMN govindex.dossiers.received_at IS 'Received (NgayTiepNhan) — Ngày tiếp nhận';
COMMENT ON COLUMN govindex.dossiers.due_at IS 'Due for the result (NgayHenTra) — Ngày hẹn trả';
COMMENT ON COLUMN govindex.dossiers.ended_at IS
    'End of processing (NgayKetThucXuLy): finished, returned, stopped or withdrawn — Ngày kết thúc xử lý';
COMMENT ON COLUMN govindex.dossiers.end_status IS 'How processing ended; NULL while pending — Trạng thái kết thúc';
COMMENT ON COLUMN govindex.dossiers.supplement_requests IS
    'Number of supplement requests (more than one makes the dossier overdue) — Số lần yêu cầu bổ sung';
COMMENT ON COLUMN govindex.dossiers.supplement_periods IS
    'Intervals spent waiting for supplements, excluded from elapsed time; an open upper bound means still waiting — Các khoảng thời gian chờ bổ sung';
COMMENT ON COLUMN govindex.dossiers.synced IS 'Synchronised to the national portal — Đã đồng bộ lên Cổng DVCQG';
COMMENT ON COLUMN govindex.dossiers.electronic_result IS
    'An electronic result was issued (MaKetQua, DuongDanTepTinKetQua) — Có kết quả điện tử';
COMMENT ON COLUMN govindex.dossiers.digitized IS 'Dossier components digitized — Hồ sơ được số hóa';
COMMENT ON COLUMN govindex.dossiers.reused_data IS
    'Digitized data or results reused instead of asking again — Tái sử dụng dữ liệu số hóa';
COMMENT ON COLUMN govindex.dossiers.personal_store IS
    'Data taken from the citizen''s personal data store on the portal — Lấy từ kho dữ liệu cá nhân';
COMMENT ON COLUMN govindex.dossiers.population_data IS
    'Population database or VNeID used — Khai thác CSDL quốc gia về dân cư, VNeID';
COMMENT ON COLUMN govindex.dossiers.paid_online IS
    'Where the fee was paid online; NULL if not paid online — Thanh toán trực tuyến (kênh)';
COMMENT ON COLUMN govindex.dossiers.fee_amount IS 'Fee and charges in VND; NULL if no fee data — Phí, lệ phí (đồng)';
COMMENT ON COLUMN govindex.dossiers.rating IS 'Citizen''s rating; NULL if none — Đánh giá của người dân';

-- Dossier codes must be unique across partitions, which no index on a partitioned
-- table can enforce (a unique index must contain the partition key).  This table of
-- codes, kept by statement-level triggers, enforces it at one index insert per row.
CREATE TABLE govindex.dossier_codes (
    code text PRIMARY KEY
);
COMMENT ON TABLE govindex.dossier_codes IS
    'Every dossier code in govindex.dossiers, kept by triggers so that codes are unique across months — Danh mục mã hồ sơ';
COMMENT ON COLUMN govindex.dossier_codes.code IS 'Dossier code — Mã hồ sơ';

CREATE FUNCTION govindex.dossier_codes_add() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    duplicate text;
BEGIN
    INSERT INTO govindex.dossier_codes (code) SELECT code FROM new_rows;
    RETURN NULL;
EXCEPTION WHEN unique_violation THEN
    SELECT n.code INTO duplicate FROM new_rows n
     WHERE EXISTS (SELECT 1 FROM govindex.dossier_codes c WHERE c.code = n.code)
        OR (SELECT count(*) FROM new_rows m WHERE m.code = n.code) > 1
     LIMIT 1;
    RAISE EXCEPTION 'dossier % already exists', duplicate
        USING ERRCODE = 'unique_violation',
              HINT = 'Load dossiers with govindex.load_dossiers() to update existing ones.';
END $$;

CREATE FUNCTION govindex.dossier_codes_remove() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    DELETE FROM govindex.dossier_codes c USING old_rows o WHERE c.code = o.code;
    RETURN NULL;
END $$;

CREATE FUNCTION govindex.dossier_codes_clear() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    TRUNCATE govindex.dossier_codes;
    RETURN NULL;
END $$;

CREATE FUNCTION govindex.dossier_code_is_fixed() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF NEW.code IS DISTINCT FROM OLD.code THEN
        RAISE EXCEPTION 'dossier % cannot be renamed to %', OLD.code, NEW.code
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'A dossier''s code is its identity: delete it and load it under the new code.';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER dossiers_codes_insert AFTER INSERT ON govindex.dossiers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_add();
CREATE TRIGGER dossiers_codes_delete AFTER DELETE ON govindex.dossiers
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_remove();
CREATE TRIGGER dossiers_codes_truncate AFTER TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_clear();
CREATE TRIGGER dossiers_code_fixed BEFORE UPDATE OF code ON govindex.dossiers
    FOR EACH ROW EXECUTE FUNCTION govindex.dossier_code_is_fixed();

-- Monthly partitions, bounded at midnight in the province's time zone.
CREATE FUNCTION govindex.create_dossier_partitions(first_month date, last_month date)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    month   date;
    created int := 0;
    name    text;
BEGIN
    IF first_month IS NULL OR last_month IS NULL OR last_month < first_month THEN
        RAISE EXCEPTION 'invalid month range % to %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR month IN SELECT generate_series(date_trunc('month', first_month), last_month, interval '1 month')::date
    LOOP
        name := format('dossiers_%s', to_char(month, 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('govindex.%I', name)) IS NOT NULL;
        EXECUTE format('CREATE TABLE govindex.%I PARTITION OF govindex.dossiers FOR VALUES FROM (%L) TO (%L)',
                       name,
                       month::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                       (month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh');
        EXECUTE format('ALTER TABLE govindex.%1$I
                            ADD CONSTRAINT %2$I FOREIGN KEY (unit_id) REFERENCES govindex.units (id),
                            ADD CONSTRAINT %3$I FOREIGN KEY (procedure_id) REFERENCES govindex.procedures (id)',
                       name, name || '_unit_fkey', name || '_procedure_fkey');
        EXECUTE format('CREATE INDEX %I ON govindex.%I (code)', name || '_code_idx', name);
        EXECUTE format('CREATE INDEX %I ON govindex.%I (unit_id, received_at)', name || '_unit_received_idx', name);
        -- finds the dossiers still pending at a moment (NULL or a later end) among millions
        EXECUTE format('CREATE INDEX %I ON govindex.%I (ended_at)', name || '_ended_idx', name);
        EXECUTE format('COMMENT ON TABLE govindex.%I IS %L', name,
                       format('Dossiers received in %s — Hồ sơ tiếp nhận tháng %s', to_char(month, 'YYYY-MM'), to_char(month, 'MM/YYYY')));
        created := created + 1;
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.create_dossier_partitions(date, date) IS
    'Creates the missing monthly partitions of govindex.dossiers (with their keys to units and procedures and their indexes) for the months from first_month to last_month; returns how many it created — Tạo phân vùng theo tháng';

-- The shape of a batch to load: codes instead of surrogate keys.
CREATE TYPE govindex.dossier_input AS (
    code                 text,
    unit_code            text,
    procedure_code       text,
    channel              govindex.channel,
    submitted_at         timestamptz,
    received_at          timestamptz,
    due_at               timestamptz,
    ended_at             timestamptz,
    end_status           govindex.end_status,
    supplement_requests  smallint,
    supplement_periods   tstzmultirange,
    synced               bool,
    electronic_result    bool,
    digitized            bool,
    reused_data          bool,
    personal_store       bool,
    population_data      bool,
    paid_online          govindex.payment_channel,
    fee_amount           bigint,
    rating               govindex.citizen_rating
);
COMMENT ON TYPE govindex.dossier_input IS
    'Columns of a batch for govindex.load_dossiers(): CREATE TEMP TABLE batch (LIKE govindex.dossier_input) — Cấu trúc lô hồ sơ cần nạp';

-- The first problem of a batch, or none; every check names the dossier.
CREATE FUNCTION govindex.dossier_batch_problems(batch regclass)
RETURNS TABLE (batch_row bigint, code text, sqlstate text, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    RETURN QUERY EXECUTE format($q$
        WITH b AS (SELECT row_number() OVER () AS batch_row, s.* FROM %s s),
        checked AS (
            SELECT b.batch_row, b.code,
                   CASE
                   WHEN b.code IS NULL OR b.code = '' THEN
                       ARRAY['23502', format('row %%s of the batch has no dossier code', b.batch_row)]
                   WHEN count(*) OVER (PARTITION BY b.code) > 1 THEN
                       ARRAY['23505', format('dossier %%s appears %%s times in the batch', b.code, count(*) OVER (PARTITION BY b.code))]
                   WHEN u.id IS NULL THEN
                       ARRAY['23503', format('dossier %%s: unknown unit %%s', b.code, coalesce(quote_literal(b.unit_code), 'NULL'))]
                   WHEN p.id IS NULL THEN
                       ARRAY['23503', format('dossier %%s: unknown procedure %%s', b.code, coalesce(quote_literal(b.procedure_code), 'NULL'))]
                   WHEN b.channel IS NULL THEN
                       ARRAY['23502', format('dossier %%s: channel is missing', b.code)]
                   WHEN b.received_at IS NULL THEN
                       ARRAY['23502', format('dossier %%s: received_at is missing', b.code)]
                   WHEN b.received_at < b.submitted_at THEN
                       ARRAY['23514', format('dossier %%s: received at %%s, before it was submitted at %%s', b.code, b.received_at, b.submitted_at)]
                   WHEN b.ended_at < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: ended at %%s, before it was received at %%s', b.code, b.ended_at, b.received_at)]
                   WHEN b.due_at < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: due at %%s, before it was received at %%s', b.code, b.due_at, b.received_at)]
                   WHEN b.end_status IS NOT NULL AND b.ended_at IS NULL THEN
                       ARRAY['23514', format('dossier %%s: end status %%s without an end time', b.code, b.end_status)]
                   WHEN b.end_status IS NULL AND b.ended_at IS NOT NULL THEN
                       ARRAY['23514', format('dossier %%s: end time %%s without an end status', b.code, b.ended_at)]
                   WHEN b.supplement_requests < 0 THEN
                       ARRAY['23514', format('dossier %%s: negative supplement request count %%s', b.code, b.supplement_requests)]
                   WHEN NOT isempty(coalesce(b.supplement_periods, '{}')) AND coalesce(b.supplement_requests, 0) = 0 THEN
                       ARRAY['23514', format('dossier %%s: supplement periods without a supplement request', b.code)]
                   WHEN lower(b.supplement_periods) < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: supplement period starts at %%s, before the dossier was received', b.code, lower(b.supplement_periods))]
                   WHEN b.fee_amount < 0 THEN
                       ARRAY['23514', format('dossier %%s: negative fee %%s', b.code, b.fee_amount)]
                   END AS verdict
              FROM b
              LEFT JOIN govindex.units u ON u.code = b.unit_code
              LEFT JOIN govindex.procedures p ON p.code = b.procedure_code
        )
        SELECT batch_row, code, verdict[1], verdict[2] FROM checked
         WHERE verdict IS NOT NULL ORDER BY batch_row$q$, batch);
END $$;
COMMENT ON FUNCTION govindex.dossier_batch_problems(regclass) IS
    'Lists every row of a batch that govindex.load_dossiers() would reject, with the reason — Kiểm tra lô hồ sơ trước khi nạp';

CREATE FUNCTION govindex.load_dossiers(batch regclass, OUT inserted bigint, OUT updated bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
    months        record;
BEGIN
    SELECT * INTO first_problem FROM govindex.dossier_batch_problems(batch) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.dossier_batch_problems(batch);
        RAISE EXCEPTION '%', first_problem.problem
            USING ERRCODE = first_problem.sqlstate,
                  DETAIL = format('Row %s of batch %s; %s row(s) of the batch have problems; nothing was loaded.',
                                  first_problem.batch_row, batch, problems),
                  HINT = format('SELECT * FROM govindex.dossier_batch_problems(%L) lists them all.', batch);
    END IF;

    EXECUTE format('SELECT min(received_at) AS first, max(received_at) AS last FROM %s', batch) INTO months;
    IF months.first IS NULL THEN
        inserted := 0;
        updated := 0;
        RETURN;
    END IF;
    PERFORM govindex.create_dossier_partitions(
        (months.first AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
        (months.last AT TIME ZONE 'Asia/Ho_Chi_Minh')::date);

    EXECUTE format('DELETE FROM govindex.dossiers d USING %s b WHERE d.code = b.code', batch);
    GET DIAGNOSTICS updated = ROW_COUNT;

    EXECUTE format($q$
        INSERT INTO govindex.dossiers
        SELECT b.code, u.id, p.id, b.channel, b.submitted_at, b.received_at, b.due_at, b.ended_at,
               b.end_status, coalesce(b.supplement_requests, 0), coalesce(b.supplement_periods, '{}'),
               coalesce(b.synced, false), coalesce(b.electronic_result, false), coalesce(b.digitized, false),
               coalesce(b.reused_data, false), coalesce(b.personal_store, false),
               coalesce(b.population_data, false), b.paid_online, b.fee_amount, b.rating
          FROM %s b
          JOIN govindex.units u ON u.code = b.unit_code
          JOIN govindex.procedures p ON p.code = b.procedure_code$q$, batch);
    GET DIAGNOSTICS inserted = ROW_COUNT;
    inserted := inserted - updated;
END $$;
COMMENT ON FUNCTION govindex.load_dossiers(regclass) IS
    'Loads a batch (a table or view shaped like govindex.dossier_input): new codes are inserted, known codes updated; a bad row fails the whole batch naming the dossier — Nạp lô hồ sơ (thêm mới hoặc cập nhật)';

SELECT pg_catalog.pg_extension_config_dump('govindex.dossier_codes', '');
