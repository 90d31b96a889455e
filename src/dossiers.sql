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

-- The monthly partitions live in a schema of their own, so that a BI tool listing the
-- tables of schema govindex lists govindex.dossiers once, not every month of it.
CREATE SCHEMA govindex_partitions;
COMMENT ON SCHEMA govindex_partitions IS
    'Monthly partitions of govindex.dossiers (dossiers_YYYY_MM); query govindex.dossiers itself — Các phân vùng theo tháng của bảng hồ sơ';

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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    DELETE FROM govindex.dossier_codes c USING old_rows o WHERE c.code = o.code;
    RETURN NULL;
END $$;

CREATE FUNCTION govindex.dossier_codes_clear() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    TRUNCATE govindex.dossier_codes;
    -- the partitions' truncate triggers may run again in this transaction
    PERFORM set_config('govindex.truncating_dossiers', '', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_codes_clear() IS
    'Trigger: forgets every dossier code when govindex.dossiers is truncated';

-- A TRUNCATE of the whole table is kept by the parent's AFTER TRUNCATE triggers (the
-- registry and the daily summaries are cleared): this flag tells the partitions'
-- triggers, which PostgreSQL fires too, to leave it to them.
CREATE FUNCTION govindex.dossiers_truncate_begin() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM set_config('govindex.truncating_dossiers', 'on', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossiers_truncate_begin() IS
    'Trigger: before govindex.dossiers is truncated, tells its partitions'' truncate triggers that the parent''s keep the books';

-- A partition truncated on its own (directly, or by TRUNCATE units/procedures CASCADE,
-- whose keys are on the partitions) first deletes its rows, so that its statement
-- triggers remove exactly its codes from the registry and mark exactly its days stale.
CREATE FUNCTION govindex.dossier_partition_truncate() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF current_setting('govindex.truncating_dossiers', true) IS DISTINCT FROM 'on' THEN
        EXECUTE format('DELETE FROM ONLY %s', TG_RELID::regclass);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_partition_truncate() IS
    'Trigger: before a dossier partition is truncated on its own, deletes its rows so that the code registry and the daily summaries follow';

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
CREATE TRIGGER dossiers_truncate_begin BEFORE TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossiers_truncate_begin();
CREATE TRIGGER dossiers_code_fixed BEFORE UPDATE OF code ON govindex.dossiers
    FOR EACH ROW EXECUTE FUNCTION govindex.dossier_code_is_fixed();

-- Statement-level triggers fire only on the table a statement names: a write to a
-- partition itself skips the parent's.  Each partition gets the same bookkeeping
-- (code registry, stale days of the daily summaries) by the same trigger functions.
-- The list of (name, definition) is the one place that says which.
CREATE FUNCTION govindex.dossier_partition_triggers()
RETURNS TABLE (name text, definition text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    VALUES ('dossiers_codes_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_add()'),
           ('dossiers_codes_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_remove()'),
           ('dossiers_days_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_days_update', 'AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_days_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_partition_truncate', 'BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_partition_truncate()');
$$;
COMMENT ON FUNCTION govindex.dossier_partition_triggers() IS
    'The bookkeeping triggers every partition of govindex.dossiers carries (name, definition with %s for the table) — Trigger của mỗi phân vùng hồ sơ';

-- Gives a partition the bookkeeping triggers it lacks; returns how many it created.
CREATE FUNCTION govindex.dossier_partition_add_triggers(part regclass)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    t record;
    created int := 0;
BEGIN
    IF part IS NULL THEN
        RAISE EXCEPTION 'part must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- on a table outside the dossiers, the triggers would register codes of no dossier
    IF NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = part AND i.inhparent = 'govindex.dossiers'::regclass) THEN
        RAISE EXCEPTION 'table % is not a partition of govindex.dossiers', part
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR t IN SELECT * FROM govindex.dossier_partition_triggers() x
              WHERE NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = part AND g.tgname = x.name)
    LOOP
        EXECUTE format('CREATE TRIGGER %I ', t.name) || format(t.definition, part);
        created := created + 1;
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.dossier_partition_add_triggers(regclass) IS
    'Creates on a partition of govindex.dossiers the bookkeeping triggers it lacks; returns how many — Tạo trigger cho phân vùng hồ sơ';

-- A partition read or written on its own (pg_dump reads each partition) must hold the
-- parent's rules: the same row-level security policy, and the parent's grants, so that
-- what a role may do through govindex.dossiers it may do there and no more.  Grants are
-- added, none taken away; returns whether it changed anything.
CREATE FUNCTION govindex.dossier_partition_secure(part regclass)
RETURNS bool
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    g record;
    changed bool := false;
BEGIN
    IF part IS NULL THEN
        RAISE EXCEPTION 'part must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = part AND i.inhparent = 'govindex.dossiers'::regclass) THEN
        RAISE EXCEPTION 'table % is not a partition of govindex.dossiers', part
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_class c WHERE c.oid = part AND c.relrowsecurity)
       OR NOT EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = part AND p.polname = 'unit_subtrees') THEN
        PERFORM govindex.restrict_to_units(part, 'unit_id');
        changed := true;
    END IF;
    FOR g IN SELECT a.grantee, a.privilege_type, a.is_grantable
               FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
              WHERE c.oid = 'govindex.dossiers'::regclass AND a.grantee <> c.relowner
             EXCEPT
             SELECT a.grantee, a.privilege_type, a.is_grantable
               FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
              WHERE c.oid = part
    LOOP
        EXECUTE format('GRANT %s ON %s TO %s%s', g.privilege_type, part,
                       CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END,
                       CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        changed := true;
    END LOOP;
    RETURN changed;
END $$;
COMMENT ON FUNCTION govindex.dossier_partition_secure(regclass) IS
    'Gives a partition of govindex.dossiers the parent''s row-level security policy and grants it lacks; returns whether it changed anything — Áp dụng phân quyền của bảng hồ sơ cho phân vùng';

-- Partitions attached, detached or dropped by hand: PostgreSQL copies no statement
-- trigger and runs none on ATTACH, DETACH or DROP.  A partition (or a detached table)
-- with rows that the books do not have is refused; an empty one is fine: a partition
-- created with CREATE TABLE ... PARTITION OF gets the triggers at once, an empty table
-- attached gets them at the next create_dossier_partitions (a restore attaches empty
-- tables and creates their dumped triggers after their rows), a detached empty table
-- loses them.
CREATE FUNCTION govindex.dossier_partitions_guard() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    c record;
    part regclass;
BEGIN
    IF to_regclass('govindex.dossiers') IS NULL THEN
        RETURN;
    END IF;
    FOR c IN SELECT DISTINCT x.command_tag, x.objid FROM pg_event_trigger_ddl_commands() x
              WHERE x.classid = 'pg_class'::regclass AND x.command_tag IN ('CREATE TABLE', 'ALTER TABLE')
    LOOP
        IF c.command_tag = 'CREATE TABLE'
           AND EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.objid AND i.inhparent = 'govindex.dossiers'::regclass) THEN
            PERFORM govindex.dossier_partition_add_triggers(c.objid::regclass);
            PERFORM govindex.dossier_partition_secure(c.objid::regclass);
        ELSIF c.command_tag = 'ALTER TABLE' AND c.objid = 'govindex.dossiers'::regclass THEN
            -- attached: a partition without the triggers must be empty
            FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i
                         WHERE i.inhparent = 'govindex.dossiers'::regclass
                           AND NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = i.inhrelid
                                              AND g.tgfoid = 'govindex.dossier_codes_add()'::regprocedure)
            LOOP
                IF govindex.dossier_table_has_rows(part) THEN
                    RAISE EXCEPTION 'table % cannot become a partition of govindex.dossiers: it has rows', part
                        USING ERRCODE = 'object_not_in_prerequisite_state',
                              DETAIL = 'Its dossiers would be missing from the dossier code registry and the daily summaries.',
                              HINT = 'Attach an empty table (or use govindex.create_dossier_partitions) and load the rows with govindex.load_dossiers().';
                END IF;
            END LOOP;
            -- detached: a table that kept the triggers must be empty; it loses them
            FOR part IN SELECT DISTINCT g.tgrelid::regclass FROM pg_trigger g
                         WHERE g.tgfoid = 'govindex.dossier_codes_add()'::regprocedure
                           AND g.tgrelid <> 'govindex.dossiers'::regclass
                           AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = g.tgrelid
                                              AND i.inhparent = 'govindex.dossiers'::regclass)
            LOOP
                IF govindex.dossier_table_has_rows(part) THEN
                    RAISE EXCEPTION 'partition % cannot be detached from govindex.dossiers: it has rows', part
                        USING ERRCODE = 'object_not_in_prerequisite_state',
                              DETAIL = 'Its codes would stay in the dossier code registry and its days in the daily summaries.',
                              HINT = 'Copy its rows elsewhere and TRUNCATE the partition before detaching it.';
                END IF;
                EXECUTE (SELECT string_agg(format('DROP TRIGGER IF EXISTS %I ON %s;', x.name, part), ' ')
                           FROM govindex.dossier_partition_triggers() x);
            END LOOP;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.dossier_partitions_guard() IS
    'Event trigger: a partition of govindex.dossiers created by hand gets the bookkeeping triggers; attaching or detaching a partition with rows is refused';
CREATE EVENT TRIGGER govindex_dossier_partitions_guard ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION govindex.dossier_partitions_guard();

-- A dropped partition's rows leave no transition table: refuse the drop unless the
-- registry still holds exactly the codes of the remaining rows (each dossier's code
-- is registered once, so equal counts mean the dropped partition was empty).
CREATE FUNCTION govindex.dossier_partitions_drop_guard() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    dropped text;
BEGIN
    IF to_regclass('govindex.dossiers') IS NULL OR to_regclass('govindex.dossier_codes') IS NULL THEN
        RETURN;
    END IF;
    SELECT string_agg(DISTINCT split_part(o.object_identity, ' on ', 2), ', ') INTO dropped
      FROM pg_event_trigger_dropped_objects() o
     WHERE o.object_type = 'trigger' AND o.object_identity LIKE 'dossiers_codes_delete on %';
    IF dropped IS NOT NULL
       AND (SELECT count(*) FROM govindex.dossier_codes) <> (SELECT count(*) FROM govindex.dossiers) THEN
        RAISE EXCEPTION 'partition % of govindex.dossiers cannot be dropped: it has rows', dropped
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Its codes would stay in the dossier code registry and its days in the daily summaries.',
                  HINT = 'TRUNCATE the partition before dropping it.';
    END IF;
END $$;
COMMENT ON FUNCTION govindex.dossier_partitions_drop_guard() IS
    'Event trigger: dropping a partition of govindex.dossiers that has rows is refused';
CREATE EVENT TRIGGER govindex_dossier_partitions_drop_guard ON sql_drop
    WHEN TAG IN ('DROP TABLE')
    EXECUTE FUNCTION govindex.dossier_partitions_drop_guard();

CREATE FUNCTION govindex.dossier_table_has_rows(t regclass) RETURNS bool
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    found bool;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT FROM ONLY %s)', t) INTO found;
    RETURN found;
END $$;
COMMENT ON FUNCTION govindex.dossier_table_has_rows(regclass) IS
    'Whether a table has a row (for the partition guards)';

-- Monthly partitions govindex_partitions.dossiers_YYYY_MM, bounded at midnight in the
-- province's time zone.  SECURITY DEFINER: a partition needs the parent's owner, and a
-- loader owns nothing; the months are checked and bounded (at most 240), the names made
-- here.
CREATE FUNCTION govindex.create_dossier_partitions(first_month date, last_month date)
RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    month   date;
    created int := 0;
    name    text;
    months  int;
    part    regclass;
BEGIN
    IF first_month IS NULL OR last_month IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', CASE WHEN first_month IS NULL THEN 'first_month' ELSE 'last_month' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(first_month) OR NOT isfinite(last_month) THEN
        RAISE EXCEPTION '% must be a finite date, not %',
                CASE WHEN NOT isfinite(first_month) THEN 'first_month' ELSE 'last_month' END,
                CASE WHEN NOT isfinite(first_month) THEN first_month ELSE last_month END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    IF last_month < first_month THEN
        RAISE EXCEPTION 'invalid month range % to %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month < '1900-01-01' OR last_month >= '9999-01-01' THEN
        RAISE EXCEPTION '% % is outside the years 1900 to 9998',
                CASE WHEN first_month < '1900-01-01' THEN 'first_month' ELSE 'last_month' END,
                CASE WHEN first_month < '1900-01-01' THEN first_month ELSE last_month END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    months := (extract(year FROM last_month) * 12 + extract(month FROM last_month))
            - (extract(year FROM first_month) * 12 + extract(month FROM first_month)) + 1;
    IF months > 240 THEN
        RAISE EXCEPTION 'month range % to % spans % months, more than the 240 one call may create',
                first_month, last_month, months
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Create the partitions a few years at a time; govindex.load_dossiers() creates the months its batch needs.';
    END IF;
    FOR month IN SELECT generate_series(date_trunc('month', first_month), last_month, interval '1 month')::date
    LOOP
        name := format('dossiers_%s', to_char(month, 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('govindex_partitions.%I', name)) IS NOT NULL;
        EXECUTE format('CREATE TABLE govindex_partitions.%I PARTITION OF govindex.dossiers FOR VALUES FROM (%L) TO (%L)',
                       name,
                       month::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                       (month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh');
        EXECUTE format('ALTER TABLE govindex_partitions.%1$I
                            ADD CONSTRAINT %2$I FOREIGN KEY (unit_id) REFERENCES govindex.units (id),
                            ADD CONSTRAINT %3$I FOREIGN KEY (procedure_id) REFERENCES govindex.procedures (id)',
                       name, name || '_unit_fkey', name || '_procedure_fkey');
        EXECUTE format('CREATE INDEX %I ON govindex_partitions.%I (code)', name || '_code_idx', name);
        EXECUTE format('CREATE INDEX %I ON govindex_partitions.%I (unit_id, received_at)', name || '_unit_received_idx', name);
        -- finds the dossiers still pending at a moment (NULL or a later end) among millions
        EXECUTE format('CREATE INDEX %I ON govindex_partitions.%I (ended_at)', name || '_ended_idx', name);
        EXECUTE format('COMMENT ON TABLE govindex_partitions.%I IS %L', name,
                       format('Dossiers received in %s — Hồ sơ tiếp nhận tháng %s', to_char(month, 'YYYY-MM'), to_char(month, 'MM/YYYY')));
        created := created + 1;
    END LOOP;
    -- every partition keeps the books and the parent's access rules, those just created
    -- and any attached by hand
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_add_triggers(part);
        PERFORM govindex.dossier_partition_secure(part);
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.create_dossier_partitions(date, date) IS
    'Creates the missing monthly partitions govindex_partitions.dossiers_YYYY_MM of govindex.dossiers (with their keys to units and procedures, their indexes and bookkeeping triggers) for the months from first_month to last_month, at most 240 months per call; returns how many it created — Tạo phân vùng theo tháng';

-- Receipt dates a batch may carry: from 1 January 2000 (before any one-door system) to
-- the end of the day one year after today (appointments booked ahead); a date outside
-- is a typo, and would create partitions for it.  SET govindex.receipt_horizon (an
-- interval from 0 to 10 years) moves the upper end.
CREATE FUNCTION govindex.plausible_receipt_range() RETURNS tstzrange
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    setting text := nullif(current_setting('govindex.receipt_horizon', true), '');
    horizon interval;
BEGIN
    BEGIN
        horizon := coalesce(setting, '1 year')::interval;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
        horizon := NULL;
    END;
    IF horizon IS NULL OR horizon < interval '0' OR horizon > interval '10 years' THEN
        RAISE EXCEPTION 'govindex.receipt_horizon must be an interval from 0 to 10 years, not "%"', setting
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN tstzrange('2000-01-01 00:00+07',
                     (((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 1) + horizon) AT TIME ZONE 'Asia/Ho_Chi_Minh');
END $$;
COMMENT ON FUNCTION govindex.plausible_receipt_range() IS
    'Receipt dates govindex.load_dossiers() accepts: from 2000-01-01 to the end of the day govindex.receipt_horizon (1 year by default) after today (Asia/Ho_Chi_Minh) — Khoảng ngày tiếp nhận hợp lệ';

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

-- A batch argument of the loaders: not NULL, and with every column of its shape (a
-- composite type) under the same name and of a type that assigns to it.  Checked
-- first, so that a wrong table is named instead of failing inside a generated query.
CREATE FUNCTION govindex.check_batch(batch regclass, shape regtype, argument text DEFAULT 'batch')
RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    missing text;
    wrong   record;
BEGIN
    IF batch IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', coalesce(argument, 'batch')
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = format('Pass a table or view shaped like %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
    SELECT string_agg(e.attname, ', ' ORDER BY e.attnum) INTO missing
      FROM pg_attribute e
     WHERE e.attrelid = (SELECT typrelid FROM pg_type WHERE oid = shape) AND e.attnum > 0 AND NOT e.attisdropped
       AND NOT EXISTS (SELECT FROM pg_attribute b WHERE b.attrelid = batch AND b.attname = e.attname
                          AND b.attnum > 0 AND NOT b.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% % lacks column(s) % of %', coalesce(argument, 'batch'), batch, missing, shape
            USING ERRCODE = 'undefined_column',
                  HINT = format('A batch has the columns of %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
    SELECT b.attname, b.atttypid::regtype AS has, e.atttypid::regtype AS wants INTO wrong
      FROM pg_attribute e
      JOIN pg_attribute b ON b.attrelid = batch AND b.attname = e.attname AND b.attnum > 0 AND NOT b.attisdropped
     WHERE e.attrelid = (SELECT typrelid FROM pg_type WHERE oid = shape) AND e.attnum > 0 AND NOT e.attisdropped
       AND b.atttypid <> e.atttypid
       AND NOT EXISTS (SELECT FROM pg_cast c WHERE c.castsource = b.atttypid AND c.casttarget = e.atttypid
                          AND c.castcontext IN ('i', 'a'))
     ORDER BY e.attnum LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'column % of % % is of type %, not %', wrong.attname, coalesce(argument, 'batch'), batch,
                wrong.has, wrong.wants
            USING ERRCODE = 'datatype_mismatch',
                  HINT = format('A batch has the columns of %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
END $$;
COMMENT ON FUNCTION govindex.check_batch(regclass, regtype, text) IS
    'Checks a batch argument of a loader: not NULL (22004), every column of the shape present (42703) and of a type that assigns to it (42804) — Kiểm tra cấu trúc lô dữ liệu';

-- The first problem of a batch, or none; every check names the dossier.
CREATE FUNCTION govindex.dossier_batch_problems(batch regclass)
RETURNS TABLE (batch_row bigint, code text, sqlstate text, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    receipts tstzrange;
BEGIN
    PERFORM govindex.check_batch(batch, 'govindex.dossier_input', 'batch');
    receipts := govindex.plausible_receipt_range();   -- once, not for every row
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
                   WHEN NOT b.received_at::timestamptz <@ $1 THEN
                       ARRAY['22008', format('dossier %%s: received at %%s, outside the plausible receipt dates %%s to %%s', b.code, b.received_at,
                                             to_char(lower($1) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'),
                                             to_char(upper($1) AT TIME ZONE 'Asia/Ho_Chi_Minh' - interval '1 day', 'YYYY-MM-DD'))]
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
        SELECT batch_row, code::text, verdict[1], verdict[2] FROM checked
         WHERE verdict IS NOT NULL ORDER BY batch_row$q$, batch) USING receipts;
END $$;
COMMENT ON FUNCTION govindex.dossier_batch_problems(regclass) IS
    'Lists every row of a batch that govindex.load_dossiers() would reject, with the reason — Kiểm tra lô hồ sơ trước khi nạp';

CREATE FUNCTION govindex.load_dossiers(batch regclass, OUT inserted bigint, OUT updated bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
    month         date;
    any_known     bool;
BEGIN
    -- dossier_batch_problems checks the batch's shape first (check_batch)
    SELECT * INTO first_problem FROM govindex.dossier_batch_problems(batch) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.dossier_batch_problems(batch);
        RAISE EXCEPTION '%', first_problem.problem
            USING ERRCODE = first_problem.sqlstate,
                  DETAIL = format('Row %s of batch %s; %s row(s) of the batch have problems; nothing was loaded.',
                                  first_problem.batch_row, batch, problems),
                  HINT = format('SELECT * FROM govindex.dossier_batch_problems(%L) lists them all.', batch);
    END IF;

    -- the missing months that have dossiers, not every month between the first and the last
    FOR month IN EXECUTE format($q$SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                     FROM %s ORDER BY 1$q$, batch)
    LOOP
        CONTINUE WHEN to_regclass(format('govindex_partitions.dossiers_%s', to_char(month, 'YYYY_MM'))) IS NOT NULL;
        PERFORM govindex.create_dossier_partitions(month, month);
    END LOOP;

    -- known codes are replaced; the registry says whether there are any, so that a batch
    -- of new dossiers does not look for them in every partition
    EXECUTE format('SELECT EXISTS (SELECT FROM %s b WHERE EXISTS (SELECT FROM govindex.dossier_codes c WHERE c.code = b.code))',
                   batch) INTO any_known;
    updated := 0;
    IF any_known THEN
        EXECUTE format('DELETE FROM govindex.dossiers d USING %s b WHERE d.code = b.code', batch);
        GET DIAGNOSTICS updated = ROW_COUNT;
    END IF;

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

-- each unit's rows only for a role given subtrees (access.sql)
SELECT govindex.restrict_to_units('govindex.dossiers', 'unit_id');
-- a code is per-unit data through its dossier: a role given subtrees reads the codes of
-- the dossiers it reads (the registry is written by the triggers, as the owner)
ALTER TABLE govindex.dossier_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY unit_subtrees ON govindex.dossier_codes
    USING ((SELECT govindex.accessible_unit_ids(CURRENT_USER)) IS NULL
           OR EXISTS (SELECT FROM govindex.dossiers d WHERE d.code = dossier_codes.code));

SELECT pg_catalog.pg_extension_config_dump('govindex.dossier_codes', '');
