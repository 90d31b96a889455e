-- govindex 0.3.0 → 0.4.0: roles, row-level security by unit subtree, SECURITY DEFINER
-- paths for what needs the owner's rights, and the BI surface.
\echo Use "ALTER EXTENSION govindex UPDATE TO '0.4.0'" to load this file. \quit

-- ---- partitions: the monthly partitions move to schema govindex_partitions, out of the
-- tables a BI tool lists in schema govindex.  ALTER TABLE ... SET SCHEMA takes a
-- partition's indexes, constraints and triggers along, under the same names.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.nspname = 'govindex_partitions') THEN
        RAISE EXCEPTION 'schema govindex_partitions already exists'
            USING ERRCODE = 'duplicate_schema',
                  DETAIL = 'govindex 0.4.0 creates schema govindex_partitions for the monthly partitions of govindex.dossiers; it uses no schema of that name made before.',
                  HINT = 'Drop or rename schema govindex_partitions, then update the extension.';
    END IF;
END $$;
CREATE SCHEMA govindex_partitions;
COMMENT ON SCHEMA govindex_partitions IS
    'Monthly partitions of govindex.dossiers (dossiers_YYYY_MM); query govindex.dossiers itself — Các phân vùng theo tháng của bảng hồ sơ';
DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT c.oid::regclass FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'govindex.dossiers'::regclass AND c.relnamespace = 'govindex'::regnamespace
                 ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s SET SCHEMA govindex_partitions', part);
    END LOOP;
END $$;
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
    -- every partition keeps the books, those just created and any attached by hand
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_add_triggers(part);
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.create_dossier_partitions(date, date) IS
    'Creates the missing monthly partitions govindex_partitions.dossiers_YYYY_MM of govindex.dossiers (with their keys to units and procedures, their indexes and bookkeeping triggers) for the months from first_month to last_month, at most 240 months per call; returns how many it created — Tạo phân vùng theo tháng';

CREATE OR REPLACE FUNCTION govindex.load_dossiers(batch regclass, OUT inserted bigint, OUT updated bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
    month         date;
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

-- ---- ownership: the data goes to the extension's owner (src/ownership.sql, whole).  Kept
-- after every other section, so that it sees every table, view and function they make.
DO $$
DECLARE
    ext    pg_catalog.oid := (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex');
    owner  pg_catalog.regrole := (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex');
    r      record;
BEGIN
    -- an event trigger runs as whoever issues the DDL; its function must not act as the owner
    SELECT p.oid::pg_catalog.regprocedure AS f INTO r
      FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc p ON p.oid = d.objid
     WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.refobjid = ext AND d.deptype = 'e'
       AND p.prosecdef AND (p.prorettype = 'pg_catalog.event_trigger'::pg_catalog.regtype
                            OR p.prolang NOT IN (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname IN ('sql', 'plpgsql')))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'function % is SECURITY DEFINER and an event trigger function or not in SQL or PL/pgSQL', r.f
            USING ERRCODE = 'invalid_function_definition',
                  DETAIL = 'The extension''s SECURITY DEFINER functions are given to its owner, who may not be a superuser.';
    END IF;

    IF (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'govindex') <> owner THEN
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA govindex TO %s WITH GRANT OPTION', owner);
    END IF;
    FOR r IN SELECT n.oid::pg_catalog.regnamespace AS nsp, n.nspname, n.nspowner
               FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_namespace n ON n.oid = d.objid
              WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = ext AND d.deptype = 'e'
                AND n.nspowner <> owner
              ORDER BY n.nspname
    LOOP
        IF r.nspname = 'govindex_partitions' THEN
            EXECUTE pg_catalog.format('ALTER SCHEMA %s OWNER TO %s', r.nsp, owner);
        ELSE
            EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %s TO %s WITH GRANT OPTION', r.nsp, owner);
        END IF;
    END LOOP;

    -- relations of the extension (a sequence owned by a column follows its table) and the
    -- partitions of govindex.dossiers
    FOR r IN SELECT c.oid::pg_catalog.regclass AS rel, c.relkind
               FROM pg_catalog.pg_class c
              WHERE c.relowner <> owner
                AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                AND (EXISTS (SELECT FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                                AND d.refobjid = ext AND d.deptype = 'e')
                     OR EXISTS (SELECT FROM pg_catalog.pg_inherits i
                                 WHERE i.inhrelid = c.oid AND i.inhparent = 'govindex.dossiers'::pg_catalog.regclass))
                AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                                   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
                                   AND c.relkind = 'S')
              ORDER BY c.oid
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %s',
                                  CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                                 WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                                  r.rel, owner);
    END LOOP;

    FOR r IN SELECT p.oid::pg_catalog.regprocedure AS f
               FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc p ON p.oid = d.objid
              WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.refobjid = ext AND d.deptype = 'e'
                AND p.prosecdef AND p.proowner <> owner
              ORDER BY p.oid
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO %s', r.f, owner);
    END LOOP;
END $$;

-- ---- search_path: every function keeps its pinned path (the sections above create
-- theirs pinned).  Kept last in this script.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'govindex'::regnamespace
                AND 'search_path=pg_catalog, govindex' = ANY (p.proconfig)
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, govindex, pg_temp', f);
    END LOOP;
END $$;
