-- govindex 0.2.0 -> 0.3.0, frozen with the 0.3.0 release: trust.  Daily summaries
-- that never lose a committed write, every name in every function body resolved in
-- pg_catalog or govindex whatever the caller's search_path, bookkeeping triggers on
-- every dossier partition, and hostile input refused with an error.
\echo Use "ALTER EXTENSION govindex UPDATE TO '0.3.0'" to load this file. \quit

-- ---- sql bounds: every write path of the dossiers keeps the books; absurd input refused early

CREATE OR REPLACE FUNCTION govindex.dossier_codes_clear() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    TRUNCATE govindex.dossier_codes;
    -- the partitions' truncate triggers may run again in this transaction
    PERFORM set_config('govindex.truncating_dossiers', '', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_codes_clear() IS
    'Trigger: forgets every dossier code when govindex.dossiers is truncated';

CREATE FUNCTION govindex.dossiers_truncate_begin() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM set_config('govindex.truncating_dossiers', 'on', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossiers_truncate_begin() IS
    'Trigger: before govindex.dossiers is truncated, tells its partitions'' truncate triggers that the parent''s keep the books';

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

CREATE TRIGGER dossiers_truncate_begin BEFORE TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossiers_truncate_begin();

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

CREATE OR REPLACE FUNCTION govindex.create_dossier_partitions(first_month date, last_month date)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
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
    -- every partition keeps the books, those just created and any attached by hand
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_add_triggers(part);
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.create_dossier_partitions(date, date) IS
    'Creates the missing monthly partitions of govindex.dossiers (with their keys to units and procedures, their indexes and bookkeeping triggers) for the months from first_month to last_month, at most 240 months per call; returns how many it created — Tạo phân vùng theo tháng';

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

CREATE OR REPLACE FUNCTION govindex.dossier_batch_problems(batch regclass)
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

CREATE OR REPLACE FUNCTION govindex.load_dossiers(batch regclass, OUT inserted bigint, OUT updated bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
    month         date;
BEGIN
    PERFORM govindex.check_batch(batch, 'govindex.dossier_input', 'batch');
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
        CONTINUE WHEN to_regclass(format('govindex.dossiers_%s', to_char(month, 'YYYY_MM'))) IS NOT NULL;
        PERFORM govindex.create_dossier_partitions(month, month);
    END LOOP;

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

CREATE OR REPLACE FUNCTION govindex.composite_assessment_problems(batch regclass, replace bool DEFAULT false)
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

-- The partitions of a 0.2.0 database get the bookkeeping triggers, and the registry
-- is repaired from the rows in case a partition was written directly; if it had to be,
-- no summarised day can be trusted.
DO $$
DECLARE
    part regclass;
    orphans bigint;
    missing bigint;
BEGIN
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_add_triggers(part);
    END LOOP;
    DELETE FROM govindex.dossier_codes c WHERE NOT EXISTS (SELECT FROM govindex.dossiers d WHERE d.code = c.code);
    GET DIAGNOSTICS orphans = ROW_COUNT;
    INSERT INTO govindex.dossier_codes (code) SELECT DISTINCT d.code FROM govindex.dossiers d ON CONFLICT (code) DO NOTHING;
    GET DIAGNOSTICS missing = ROW_COUNT;
    IF orphans + missing > 0 THEN
        RAISE WARNING 'the dossier code registry had % code(s) of no dossier and lacked % code(s): repaired', orphans, missing
            USING HINT = 'Every daily summary is marked stale: run SELECT govindex.refresh_dossier_days().';
        PERFORM govindex.dossier_days_mark_every_day();
    END IF;
END $$;

-- Holidays lie in 2000 to 2099, so that a calendar built from them fits in a workcal.
DO $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(format('%s (%s)', t, day), ', ' ORDER BY day) INTO bad
      FROM (SELECT 'holidays' AS t, day FROM govindex.holidays UNION ALL
            SELECT 'national_holidays', day FROM govindex.national_holidays) h
     WHERE day < '2000-01-01' OR day >= '2100-01-01';
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'holidays outside the years 2000 to 2099: %', bad
            USING ERRCODE = 'check_violation',
                  HINT = 'Correct or delete these rows of govindex.holidays, then update the extension again.';
    END IF;
END $$;
ALTER TABLE govindex.holidays
    ADD CONSTRAINT holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01');
ALTER TABLE govindex.national_holidays
    ADD CONSTRAINT national_holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01');
COMMENT ON COLUMN govindex.holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';
COMMENT ON COLUMN govindex.national_holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';

CREATE OR REPLACE FUNCTION govindex.workcal(
    first_year int, last_year int,
    weekend int[] DEFAULT '{6,7}',
    office_hours text DEFAULT '07:30-11:30,13:00-17:00')
RETURNS govindex.workcal
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_day date;
    end_day date;
    result govindex.workcal;
BEGIN
    IF first_year IS NULL OR last_year IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', CASE WHEN first_year IS NULL THEN 'first_year' ELSE 'last_year' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF first_year > last_year THEN
        RAISE EXCEPTION 'the first year % is after the last year %', first_year, last_year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_year < 1 OR last_year > 9998 THEN
        RAISE EXCEPTION '% % is outside the years 1 to 9998',
                CASE WHEN first_year < 1 THEN 'first_year' ELSE 'last_year' END,
                CASE WHEN first_year < 1 THEN first_year ELSE last_year END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    PERFORM govindex.check_array_argument(weekend, 'weekend', 7);
    -- any 100 consecutive years have at most 36525 days, the longest span of a workcal
    IF last_year - first_year >= 100 THEN
        RAISE EXCEPTION 'a calendar spans at most 100 years, not % (first_year %, last_year %)',
                last_year - first_year + 1, first_year, last_year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_day := make_date(first_year, 1, 1);
    end_day := make_date(last_year + 1, 1, 1);
    -- the province's rows (holidays) override the national ones for the same day
    WITH days AS (
        SELECT h.day, h.kind FROM govindex.holidays h
        UNION ALL
        SELECT n.day, n.kind FROM govindex.national_holidays n
         WHERE NOT EXISTS (SELECT 1 FROM govindex.holidays h WHERE h.day = n.day)
    )
    SELECT format('[%s,%s) weekend={%s} hours=%s off={%s} on={%s}',
                  to_char(first_day, 'YYYY-MM-DD'), to_char(end_day, 'YYYY-MM-DD'),
                  (SELECT string_agg(w::text, ',' ORDER BY w) FROM unnest(weekend) w),
                  office_hours,
                  coalesce(string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                      FILTER (WHERE d.kind = 'holiday' AND NOT extract(isodow FROM d.day)::int = ANY (weekend)), ''),
                  coalesce(string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                      FILTER (WHERE d.kind = 'swapped_workday' AND extract(isodow FROM d.day)::int = ANY (weekend)), ''))::govindex.workcal
      INTO result
      FROM days d
     WHERE d.day >= first_day AND d.day < end_day;
    RETURN result;
END $$;
COMMENT ON FUNCTION govindex.workcal(int, int, int[], text) IS
    'The working-day calendar of whole years (at most 100) from national_holidays and the province''s holidays (its rows win on the same day), with a weekend (ISO days) and office hours — Lập lịch ngày làm việc theo năm';

COMMENT ON FUNCTION govindex.default_calendar() IS
    'The calendar of the years from the first to the last that has holiday rows (national or the province''s; holidays lie in 2000 to 2099, so it spans at most 100 years), Saturday and Sunday off, 07:30-11:30 and 13:00-17:00; NULL when there are none. Call it once per query: (SELECT govindex.default_calendar()) — Lịch làm việc mặc định';

CREATE FUNCTION govindex.units_max_depth() RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN 32;
COMMENT ON FUNCTION govindex.units_max_depth() IS
    'The deepest a unit tree (parents) or a chain of successors may be: 32 levels — Số cấp tối đa của cây đơn vị';

CREATE OR REPLACE FUNCTION govindex.units_check_tree() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    max_depth  constant int := govindex.units_max_depth();
    locking    constant bool := current_setting('transaction_isolation') IN ('repeatable read', 'serializable');
    cur        int;
    next       int;
    cur_code   text;
    chain      text[] := ARRAY[NEW.code];
    height     int;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('govindex.units_tree'));
    IF NEW.parent_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.parent_id IS DISTINCT FROM OLD.parent_id) THEN
        cur := NEW.parent_id;
        LOOP
            IF locking THEN
                SELECT u.code, u.parent_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur FOR SHARE;
            ELSE
                SELECT u.code, u.parent_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur;
            END IF;
            EXIT WHEN NOT FOUND;
            chain := chain || cur_code;
            IF cur = NEW.id THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: the tree would have a cycle',
                        NEW.code, chain[2]
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Parents upwards from %s: %s.', NEW.code, array_to_string(chain, ' → ')),
                          HINT = 'A unit''s parent must not be the unit itself or one of its descendants.';
            END IF;
            IF cardinality(chain) > max_depth THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: the tree would be deeper than % levels',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Parents upwards from %s: %s → ….', NEW.code, array_to_string(chain, ' → '));
            END IF;
            EXIT WHEN next IS NULL;
            cur := next;
        END LOOP;
        -- a unit moved with its subtree: the deepest descendant must fit too
        IF TG_OP = 'UPDATE' THEN
            WITH RECURSIVE down (id, depth) AS (
                SELECT NEW.id, 0
                UNION ALL
                SELECT u.id, d.depth + 1 FROM down d JOIN govindex.units u ON u.parent_id = d.id
                 WHERE d.depth < max_depth AND u.id <> NEW.id
            )
            SELECT max(depth) INTO height FROM down;
            IF cardinality(chain) + height > max_depth THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: with its descendants the tree would be deeper than % levels',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('%s is at level %s and has descendants %s levels below it.',
                                          NEW.code, cardinality(chain), height);
            END IF;
        END IF;
    END IF;
    IF NEW.successor_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.successor_id IS DISTINCT FROM OLD.successor_id) THEN
        chain := ARRAY[NEW.code];
        cur := NEW.successor_id;
        LOOP
            IF locking THEN
                SELECT u.code, u.successor_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur FOR SHARE;
            ELSE
                SELECT u.code, u.successor_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur;
            END IF;
            EXIT WHEN NOT FOUND;
            chain := chain || cur_code;
            IF cur = NEW.id THEN
                RAISE EXCEPTION 'unit % cannot have % as its successor: the successors would form a cycle', NEW.code, chain[2]
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Successors from %s: %s.', NEW.code, array_to_string(chain, ' → '));
            END IF;
            IF cardinality(chain) > max_depth THEN
                RAISE EXCEPTION 'unit % cannot have % as its successor: the chain of successors would be longer than % units',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            EXIT WHEN next IS NULL;
            cur := next;
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.units_check_tree() IS
    'Constraint trigger: no cycle of parents or of successors, at most units_max_depth() levels; tree changes are serialized by a lock';

DROP TRIGGER units_tree_has_no_cycle ON govindex.units;
CREATE CONSTRAINT TRIGGER units_tree_has_no_cycle
    AFTER INSERT OR UPDATE OF parent_id, successor_id ON govindex.units
    FOR EACH ROW EXECUTE FUNCTION govindex.units_check_tree();

CREATE OR REPLACE FUNCTION govindex.merge_unit(merged_code text, successor_code text, effective date)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    merged  govindex.units;
    succ_id int;
    chain   text;
BEGIN
    -- the same lock as the tree check: the checks below read what concurrent changes committed
    PERFORM pg_advisory_xact_lock(hashtext('govindex.units_tree'));
    SELECT * INTO merged FROM govindex.units WHERE code = merged_code FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown unit %', merged_code USING ERRCODE = 'no_data_found';
    END IF;
    SELECT id INTO succ_id FROM govindex.units WHERE code = successor_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown unit %', successor_code USING ERRCODE = 'no_data_found';
    END IF;
    IF effective IS NULL OR effective <= merged.valid_from THEN
        RAISE EXCEPTION 'unit % cannot end on %: it starts on %', merged_code, effective, merged.valid_from
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF succ_id = merged.id THEN
        RAISE EXCEPTION 'unit % cannot be merged into itself', merged_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the successor must not be one of the merged unit's descendants (a province into its commune)
    WITH RECURSIVE up (id, code, parent_id, n) AS (
        SELECT u.id, u.code, u.parent_id, 1 FROM govindex.units u WHERE u.id = succ_id
        UNION ALL
        SELECT u.id, u.code, u.parent_id, up.n + 1 FROM up JOIN govindex.units u ON u.id = up.parent_id
         WHERE up.id <> merged.id AND up.n <= govindex.units_max_depth()
    )
    SELECT string_agg(code, ' → ' ORDER BY n) INTO chain FROM up WHERE EXISTS (SELECT FROM up WHERE id = merged.id);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'unit % cannot be merged into unit %, one of its own descendants', merged_code, successor_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Parents upwards from %s: %s.', successor_code, chain);
    END IF;
    -- nor one that, through its own successors, ends in the merged unit
    WITH RECURSIVE later (id, code, successor_id, n) AS (
        SELECT u.id, u.code, u.successor_id, 1 FROM govindex.units u WHERE u.id = succ_id
        UNION ALL
        SELECT u.id, u.code, u.successor_id, l.n + 1 FROM later l JOIN govindex.units u ON u.id = l.successor_id
         WHERE l.id <> merged.id AND l.n <= govindex.units_max_depth()
    )
    SELECT string_agg(code, ' → ' ORDER BY n) INTO chain FROM later WHERE EXISTS (SELECT FROM later WHERE id = merged.id);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'unit % cannot be merged into unit %: the successors would form a cycle', merged_code, successor_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Successors from %s: %s.', successor_code, chain);
    END IF;
    UPDATE govindex.units SET valid_to = effective, successor_id = succ_id WHERE id = merged.id;
END $$;
COMMENT ON FUNCTION govindex.merge_unit(text, text, date) IS
    'Ends a unit on a date and names its successor, whose reports then include its history; refuses a successor that is the unit, one of its descendants, or ends in it through its own successors (22023) — Sáp nhập đơn vị';

CREATE FUNCTION govindex.check_array_argument(arr anyarray, argument text, max_elements int DEFAULT 10000)
RETURNS bool
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF cardinality(arr) > max_elements THEN
        RAISE EXCEPTION '% has % elements, more than the % allowed', argument, cardinality(arr), max_elements
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN true;
END $$;
COMMENT ON FUNCTION govindex.check_array_argument(anyarray, text, int) IS
    'Refuses (22023) an array argument with more than max_elements elements (10,000 by default), naming the argument; returns true — Giới hạn số phần tử của tham số mảng';

CREATE FUNCTION govindex.metric_codes_produced()
RETURNS TABLE (code text, source text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    VALUES ('PUBLISH_ON_TIME', 'publication'),
           ('PUBLIC_UPDATE_ON_TIME', 'publication'),
           ('PUBLIC_CONTENT_FULL', 'catalogue'),
           ('DOSSIER_SYNC', 'dossiers'),
           ('DVC_PROGRESS_ON_TIME', 'dossiers'),
           ('ONLINE_PROCEDURES_OFFERED', 'catalogue'),
           ('ONLINE_DOSSIER_SERVICES', 'dossiers'),
           ('ONLINE_PAYMENT_DOSSIERS', 'dossiers'),
           ('ONLINE_PAYMENT_PROCEDURES', 'dossiers'),
           ('FEE_DATA_PROCEDURES', 'dossiers'),
           ('PETITION_CLASSIFICATION_TTHC', 'petitions'),
           ('PETITION_CLASSIFICATION_STAFF', 'petitions'),
           ('PETITION_PROCESSING_ON_TIME', 'petitions'),
           ('PETITION_HANDLING_SATISFACTION', 'petitions'),
           ('DOSSIER_RECEIVING_SATISFACTION', 'dossiers'),
           ('ORIGINAL_RESULT_AVAILABLE', 'dossiers'),
           ('SO_HOA_GIAY_TO_GIAI_QUYET', 'dossiers'),
           ('REUSED_DIGITIZED_DATA', 'dossiers'),
           ('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'dossiers'),
           ('CITIZEN_DATA_CONNECTED_DOSSIER', 'dossiers'),
           ('CITIZEN_DATA_CONNECTED_FORMALITY', 'catalogue'),
           ('ONLINE_SUBMISSION', 'dossiers'),
           ('ONLINE_ON_TIME', 'dossiers');
$$;
COMMENT ON FUNCTION govindex.metric_codes_produced() IS
    'The metric codes a source produces a rate for (index766_rates), with the source; a methodology''s metrics must use these, or the constant source — Các mã chỉ số có nguồn số liệu';

CREATE FUNCTION govindex.metrics_have_a_source() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    produced_by text;
BEGIN
    IF NEW.source = 'constant' THEN
        RETURN NULL;
    END IF;
    SELECT p.source INTO produced_by FROM govindex.metric_codes_produced() p WHERE p.code = NEW.code;
    IF produced_by IS NULL THEN
        RAISE EXCEPTION 'metric % of methodology %: no source produces it', NEW.code, NEW.methodology
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'Its rate would always be empty and score its empty value.',
                  HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes; a metric without data has source constant.';
    ELSIF produced_by <> NEW.source THEN
        RAISE EXCEPTION 'metric % of methodology %: its source is %, not %', NEW.code, NEW.methodology, produced_by, NEW.source
            USING ERRCODE = 'check_violation',
                  HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes with their sources.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.metrics_have_a_source() IS
    'Trigger: a metric''s code is produced by its source (metric_codes_produced), unless its source is constant — Trigger: chỉ số phải có nguồn số liệu';

CREATE TRIGGER metrics_have_a_source
    AFTER INSERT OR UPDATE OF code, source ON govindex.metrics
    FOR EACH ROW EXECUTE FUNCTION govindex.metrics_have_a_source();
-- metrics written before the check: reported, for their methodologies to be corrected
DO $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(format('%s of %s', m.code, m.methodology), ', ' ORDER BY m.methodology, m.code) INTO bad
      FROM govindex.metrics m
     WHERE m.source <> 'constant'
       AND NOT EXISTS (SELECT FROM govindex.metric_codes_produced() p WHERE p.code = m.code AND p.source = m.source);
    IF bad IS NOT NULL THEN
        RAISE WARNING 'metrics that no source produces (they score their empty value): %', bad
            USING HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes with their sources.';
    END IF;
END $$;
