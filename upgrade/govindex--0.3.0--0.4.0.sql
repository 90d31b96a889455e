-- govindex 0.3.0 → 0.4.0: roles, row-level security by unit subtree, SECURITY DEFINER
-- paths for what needs the owner's rights, and the BI surface.
\echo Use "ALTER EXTENSION govindex UPDATE TO '0.4.0'" to load this file. \quit

-- ---- partitions: the monthly partitions move to schema govindex_partitions, out of the
-- tables a BI tool lists in schema govindex.  ALTER TABLE ... SET SCHEMA takes a
-- partition's indexes, constraints and triggers along, under the same names.  Before
-- the access sections, whose create_dossier_partitions creates the months there.
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
CREATE OR REPLACE FUNCTION govindex.load_dossiers(batch regclass, OUT inserted bigint, OUT updated bigint)
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

-- ---- access: unit-subtree grants and the row-level security policy of every table of
-- per-unit data (src/access.sql, whole)
-- access.sql — who reads which units.  A role given one or more unit subtrees
-- (grant_unit_access) sees, in every table of per-unit data, only the rows of the
-- units of those subtrees, merged predecessors included; a role without a grant (the
-- extension's owner, govindex_admin, a province-wide reader) sees every unit.  Each such
-- table carries the same row-level security policy (restrict_to_units), so every view
-- (security_invoker), report and summary read by the role is cut to its subtrees.

CREATE TABLE govindex.unit_access (
    grantee     regrole     NOT NULL,
    unit_id     int         NOT NULL REFERENCES govindex.units (id) ON DELETE CASCADE,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grantee, unit_id)
);
COMMENT ON TABLE govindex.unit_access IS
    'Unit subtrees a role may read (grant_unit_access); a role with none reads every unit — Phạm vi đơn vị được phép xem của từng vai trò';
COMMENT ON COLUMN govindex.unit_access.grantee IS 'Role given the subtree (its members inherit it) — Vai trò';
COMMENT ON COLUMN govindex.unit_access.unit_id IS 'Root of the subtree, with its merged predecessors — Đơn vị gốc của cây con';
COMMENT ON COLUMN govindex.unit_access.granted_at IS 'When it was granted — Thời điểm cấp quyền';

-- The units a role may read: NULL for every unit (no grant applies to it, or it is a
-- superuser or bypasses row security), else the ids of its subtrees.  A grant to a role
-- applies to its members that inherit its privileges.  SECURITY DEFINER: the policies
-- call it on the units table itself, which the owner reads without policies (no
-- recursion), and the grants are not for everyone to read; a caller may ask about
-- itself or a role it is a member of (what SET ROLE reaches), nobody else.
CREATE FUNCTION govindex.accessible_unit_ids(who name DEFAULT CURRENT_USER)
RETURNS int[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    ids int[];
BEGIN
    IF who IS NULL OR NOT EXISTS (SELECT FROM pg_roles r WHERE r.rolname = who) THEN
        RAISE EXCEPTION 'role "%" does not exist', who USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT pg_has_role(session_user, who, 'MEMBER') THEN
        RAISE EXCEPTION 'permission denied to read the unit access of role "%"', who
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A role may read its own unit access and that of the roles it is a member of.';
    END IF;
    IF EXISTS (SELECT FROM pg_roles r WHERE r.rolname = who AND (r.rolsuper OR r.rolbypassrls)) THEN
        RETURN NULL;
    END IF;
    WITH granted AS (
        SELECT a.unit_id FROM govindex.unit_access a
         WHERE a.grantee IN (SELECT r.oid FROM pg_roles r WHERE pg_has_role(who, r.oid, 'USAGE'))
    )
    SELECT CASE WHEN EXISTS (SELECT FROM granted)
                THEN coalesce((SELECT array_agg(DISTINCT s.unit_id ORDER BY s.unit_id)
                                 FROM granted g
                                 JOIN govindex.units u ON u.id = g.unit_id
                                CROSS JOIN LATERAL govindex.unit_subtree(u.code, true) s), '{}') END
      INTO ids;
    RETURN ids;
END $$;
COMMENT ON FUNCTION govindex.accessible_unit_ids(name) IS
    'Ids of the units a role may read (its granted subtrees with merged predecessors), NULL when it reads every unit — Các đơn vị vai trò được phép xem';

CREATE FUNCTION govindex.accessible_unit_codes(who name DEFAULT CURRENT_USER)
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT CASE WHEN a.ids IS NOT NULL
                THEN coalesce((SELECT array_agg(u.code ORDER BY u.code) FROM govindex.units u
                                WHERE u.id = ANY (a.ids)), '{}') END
      FROM (SELECT govindex.accessible_unit_ids(who) AS ids) a;
$$;
COMMENT ON FUNCTION govindex.accessible_unit_codes(name) IS
    'Codes of the units a role may read, NULL when it reads every unit — Mã các đơn vị vai trò được phép xem';

-- The policies' test: whether a unit is among the allowed ones (NULL: every unit), by a
-- binary search over the sorted array, which a planner support function estimates to
-- keep every row (access.c says why).
CREATE FUNCTION govindex.unit_allowed_support(internal) RETURNS internal
LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'unit_allowed_support';
COMMENT ON FUNCTION govindex.unit_allowed_support(internal) IS
    'Planner support of unit_allowed and unit_code_allowed: the test keeps every row';
CREATE FUNCTION govindex.unit_allowed(unit_id int, allowed int[]) RETURNS bool
LANGUAGE C IMMUTABLE PARALLEL SAFE LEAKPROOF COST 1 SUPPORT govindex.unit_allowed_support
AS 'MODULE_PATHNAME', 'unit_allowed';
COMMENT ON FUNCTION govindex.unit_allowed(int, int[]) IS
    'Whether a unit id is among the allowed ones; a NULL array allows every unit, a NULL unit none — Đơn vị có thuộc phạm vi được xem';
CREATE FUNCTION govindex.unit_code_allowed(unit_code text, allowed text[]) RETURNS bool
LANGUAGE C IMMUTABLE PARALLEL SAFE LEAKPROOF COST 1 SUPPORT govindex.unit_allowed_support
AS 'MODULE_PATHNAME', 'unit_code_allowed';
COMMENT ON FUNCTION govindex.unit_code_allowed(text, text[]) IS
    'Whether a unit code is among the allowed ones; a NULL array allows every unit, a NULL code none — Mã đơn vị có thuộc phạm vi được xem';

-- The one policy of every table of per-unit data, on its unit id (int) or unit code
-- (text) column.  The allowed units are an uncorrelated subquery: evaluated once per
-- query (an InitPlan), not per row, and its value passed to parallel workers.
CREATE FUNCTION govindex.restrict_to_units(tab regclass, unit_column name)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    col_type regtype;
    accessible text;
BEGIN
    IF tab IS NULL OR unit_column IS NULL THEN
        RAISE EXCEPTION 'restrict_to_units needs a table and a column' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT a.atttypid::regtype INTO col_type FROM pg_attribute a
     WHERE a.attrelid = tab AND a.attname = unit_column AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'table % has no column %', tab, unit_column USING ERRCODE = 'undefined_column';
    END IF;
    accessible := CASE col_type WHEN 'integer'::regtype THEN 'govindex.unit_allowed(%1$I, (SELECT govindex.accessible_unit_ids(CURRENT_USER)))'
                                WHEN 'text'::regtype THEN 'govindex.unit_code_allowed(%1$I, (SELECT govindex.accessible_unit_codes(CURRENT_USER)))' END;
    IF accessible IS NULL THEN
        RAISE EXCEPTION 'column % of % is of type %, not a unit id (integer) or code (text)', unit_column, tab, col_type
            USING ERRCODE = 'datatype_mismatch';
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tab);
    IF EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = tab AND p.polname = 'unit_subtrees') THEN
        EXECUTE format('DROP POLICY unit_subtrees ON %s', tab);
    END IF;
    EXECUTE format('CREATE POLICY unit_subtrees ON %s USING (%s)', tab, format(accessible, unit_column));
END $$;
COMMENT ON FUNCTION govindex.restrict_to_units(regclass, name) IS
    'Enables row-level security on a table of per-unit data with the policy unit_subtrees: a role reads and writes only the rows of the units it may read — Bật bảo mật theo dòng theo phạm vi đơn vị';

-- The roles a province's DBA hands out: grants to them would restrict every member.
CREATE FUNCTION govindex.extension_roles() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN ARRAY['govindex_reader', 'govindex_loader', 'govindex_admin'];
COMMENT ON FUNCTION govindex.extension_roles() IS
    'The roles create_roles() creates: govindex_reader, govindex_loader, govindex_admin — Các vai trò của phần mở rộng';

-- The unit and the role of a grant or a revoke, checked.
CREATE FUNCTION govindex.unit_access_target(role_name name, unit_code text, OUT grantee regrole, OUT unit_id int)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF role_name IS NULL OR unit_code IS NULL THEN
        RAISE EXCEPTION 'a unit access needs a role and a unit code' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT r.oid::regrole INTO grantee FROM pg_roles r WHERE r.rolname = role_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role "%" does not exist', role_name USING ERRCODE = 'undefined_object';
    END IF;
    IF role_name = ANY (govindex.extension_roles()) THEN
        RAISE EXCEPTION 'role % is one of the extension''s roles: a subtree granted to it would restrict every member', role_name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Grant the subtree to a login role, or to a group role of your own whose members are the unit''s users.';
    END IF;
    SELECT u.id INTO unit_id FROM govindex.units u WHERE u.code = unit_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown unit %', unit_code USING ERRCODE = 'no_data_found';
    END IF;
END $$;
COMMENT ON FUNCTION govindex.unit_access_target(name, text) IS
    'The role and unit of a unit access, checked (22004, 42704, 22023 for the extension''s own roles, P0002) — Kiểm tra vai trò và đơn vị';

CREATE FUNCTION govindex.grant_unit_access(role_name name, unit_code text)
RETURNS bool
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    target record;
BEGIN
    target := govindex.unit_access_target(role_name, unit_code);
    INSERT INTO govindex.unit_access (grantee, unit_id) VALUES (target.grantee, target.unit_id)
    ON CONFLICT DO NOTHING;
    RETURN FOUND;
END $$;
COMMENT ON FUNCTION govindex.grant_unit_access(name, text) IS
    'Lets a role (and its members) read the subtree of a unit, merged predecessors included; from its first grant on it reads only its subtrees; returns false when it already had it — Cấp quyền xem cây đơn vị';

-- Taking a role's last subtree would widen it to every unit, the opposite of what a
-- revoke means: that needs saying so (leaves_every_unit), else it is refused.
CREATE FUNCTION govindex.revoke_unit_access(role_name name, unit_code text, leaves_every_unit bool DEFAULT false)
RETURNS bool
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    target record;
BEGIN
    target := govindex.unit_access_target(role_name, unit_code);
    IF NOT coalesce(leaves_every_unit, false)
       AND EXISTS (SELECT FROM govindex.unit_access a WHERE a.grantee = target.grantee AND a.unit_id = target.unit_id)
       AND NOT EXISTS (SELECT FROM govindex.unit_access a WHERE a.grantee = target.grantee AND a.unit_id <> target.unit_id) THEN
        RAISE EXCEPTION 'unit % is the last subtree of role %: without it the role would read every unit', unit_code, role_name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('To take its access away, REVOKE govindex_reader FROM %I; to let it read every unit, pass leaves_every_unit => true.', role_name);
    END IF;
    DELETE FROM govindex.unit_access a WHERE a.grantee = target.grantee AND a.unit_id = target.unit_id;
    RETURN FOUND;
END $$;
COMMENT ON FUNCTION govindex.revoke_unit_access(name, text, bool) IS
    'Takes a unit subtree back from a role; its last subtree only with leaves_every_unit => true, since a role without any reads every unit (22023 otherwise); returns false when it did not have it — Thu hồi quyền xem cây đơn vị';

SELECT govindex.restrict_to_units('govindex.units', 'id');

SELECT pg_catalog.pg_extension_config_dump('govindex.unit_access', '');

-- ---- access: what needs the owner runs as the owner (SECURITY DEFINER): the
-- bookkeeping of every write, the partitions, the summaries, the readings, the tree lock
ALTER FUNCTION govindex.dossier_codes_add() SECURITY DEFINER;
ALTER FUNCTION govindex.dossier_codes_remove() SECURITY DEFINER;
ALTER FUNCTION govindex.dossier_codes_clear() SECURITY DEFINER;
ALTER FUNCTION govindex.create_dossier_partitions(date, date) SECURITY DEFINER;
ALTER FUNCTION govindex.dossier_days_mark_written() SECURITY DEFINER;
ALTER FUNCTION govindex.dossier_days_mark_every_day() SECURITY DEFINER;
ALTER FUNCTION govindex.dossier_days_mark_all() SECURITY DEFINER;
ALTER FUNCTION govindex.dossier_days_mark_procedures() SECURITY DEFINER;
ALTER FUNCTION govindex.dossier_days_clear() SECURITY DEFINER;
ALTER FUNCTION govindex.refresh_dossier_days(bool) SECURITY DEFINER;
ALTER FUNCTION govindex.record_index766_reading(date, text, text, tstzrange, int, int) SECURITY DEFINER;
ALTER FUNCTION govindex.lock_unit_tree() SECURITY DEFINER;
ALTER FUNCTION govindex.units_check_tree() SECURITY DEFINER;

-- ---- access: partitions carry the parent's policy and grants
CREATE OR REPLACE FUNCTION govindex.dossier_partition_secure(part regclass)
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

CREATE OR REPLACE FUNCTION govindex.dossier_partitions_guard() RETURNS event_trigger
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

CREATE OR REPLACE FUNCTION govindex.create_dossier_partitions(first_month date, last_month date)
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


-- ---- access: views read as the caller, under the caller's policies
ALTER VIEW govindex.dossier_due_dates SET (security_invoker = true);
ALTER VIEW govindex.late_dossiers SET (security_invoker = true);
ALTER VIEW govindex.index766_reading_changes SET (security_invoker = true);
ALTER VIEW govindex.composite_criteria_tree SET (security_invoker = true);
ALTER VIEW govindex.composite_index_bands SET (security_invoker = true);
ALTER VIEW govindex.composite_leaf_scores SET (security_invoker = true);
ALTER VIEW govindex.composite_criterion_results SET (security_invoker = true);
ALTER VIEW govindex.composite_component_changes SET (security_invoker = true);
ALTER VIEW govindex.composite_unit_results SET (security_invoker = true);
ALTER VIEW govindex.composite_level_summary SET (security_invoker = true);
ALTER VIEW govindex.composite_band_counts SET (security_invoker = true);
ALTER VIEW govindex.composite_target_gaps SET (security_invoker = true);

-- ---- access: the tables of per-unit data and their partitions
SELECT govindex.restrict_to_units('govindex.unit_procedures', 'unit_id');
SELECT govindex.restrict_to_units('govindex.procedure_publications', 'unit_id');
SELECT govindex.restrict_to_units('govindex.dossiers', 'unit_id');
SELECT govindex.restrict_to_units('govindex.petitions', 'unit_id');
SELECT govindex.restrict_to_units('govindex.dossier_days', 'unit_id');
SELECT govindex.restrict_to_units('govindex.index766_reading_units', 'unit_code');
SELECT govindex.restrict_to_units('govindex.index766_reading_groups', 'unit_code');
SELECT govindex.restrict_to_units('govindex.composite_assessments', 'unit_id');
SELECT govindex.restrict_to_units('govindex.composite_deductions', 'unit_id');
SELECT govindex.restrict_to_units('govindex.composite_targets', 'unit_id');
SELECT govindex.restrict_to_units('govindex.composite_published', 'unit_id');
ALTER TABLE govindex.dossier_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY unit_subtrees ON govindex.dossier_codes
    USING ((SELECT govindex.accessible_unit_ids(CURRENT_USER)) IS NULL
           OR EXISTS (SELECT FROM govindex.dossiers d WHERE d.code = dossier_codes.code));

DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT i.inhrelid::regclass FROM pg_catalog.pg_inherits i
                 WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_secure(part);
    END LOOP;
END $$;

-- ---- access: the roles (src/roles.sql, whole)
-- roles.sql — the three roles a province hands out, and exactly what each may do.
--   govindex_reader  reads every view, report and table of figures (cut to its unit
--                    subtrees when it, or the login role, is given some: access.sql);
--   govindex_loader  a reader that also loads dossiers, petitions, publications and
--                    assessments, creates monthly partitions, refreshes the summaries
--                    and records readings; it changes no methodology, calendar, unit
--                    tree or reading;
--   govindex_admin   a loader with every privilege the extension's owner may delegate
--                    (methodologies, calendars, units, procedures, unit access), and
--                    ADMIN OPTION on the other two, to hand them to login roles.
-- What needs the owner (partitions, summaries, readings, the bookkeeping of every
-- write) runs in SECURITY DEFINER functions; those a reader must not call are not
-- executable by PUBLIC.

REVOKE EXECUTE ON FUNCTION govindex.create_dossier_partitions(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION govindex.refresh_dossier_days(bool) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION govindex.record_index766_reading(date, text, text, tstzrange, int, int) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION govindex.dossier_days_mark_every_day() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION govindex.lock_unit_tree() FROM PUBLIC;

-- The tables a loader writes: the records a province's systems produce.
CREATE FUNCTION govindex.loaded_tables() RETURNS regclass[]
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN ARRAY['govindex.dossiers', 'govindex.petitions', 'govindex.procedure_publications',
             'govindex.composite_assessments', 'govindex.composite_deductions',
             'govindex.composite_published']::regclass[];
COMMENT ON FUNCTION govindex.loaded_tables() IS
    'The tables govindex_loader may insert into, update and delete from — Các bảng vai trò nạp dữ liệu được ghi';

-- Derived tables, written only by the extension's own functions (as the owner).
CREATE FUNCTION govindex.bookkeeping_tables() RETURNS regclass[]
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN ARRAY['govindex.dossier_codes', 'govindex.dossier_days', 'govindex.dossier_days_current',
             'govindex.dossier_days_stale']::regclass[];
COMMENT ON FUNCTION govindex.bookkeeping_tables() IS
    'Derived tables kept by triggers and refresh_dossier_days, which no role writes directly — Các bảng sổ sách do phần mở rộng tự ghi';

CREATE FUNCTION govindex.create_roles() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    r      text;
    grantee text;
    t      regclass;
    part   regclass;
BEGIN
    FOREACH r IN ARRAY govindex.extension_roles() LOOP
        IF NOT EXISTS (SELECT FROM pg_roles x WHERE x.rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
    -- reader ⊂ loader ⊂ admin; the admin may hand both out
    FOR r, grantee IN VALUES ('govindex_reader', 'govindex_loader'), ('govindex_loader', 'govindex_admin'),
                            ('govindex_reader', 'govindex_admin')
    LOOP
        IF NOT EXISTS (SELECT FROM pg_auth_members m
                        WHERE m.roleid = r::regrole AND m.member = grantee::regrole
                          AND (m.admin_option OR grantee <> 'govindex_admin')) THEN
            EXECUTE format('GRANT %I TO %I%s', r, grantee,
                           CASE WHEN grantee = 'govindex_admin' THEN ' WITH ADMIN OPTION' ELSE '' END);
        END IF;
    END LOOP;

    -- reader: the schemas, every table and view (the policies cut the rows), no grants list
    FOR r IN SELECT n.nspname FROM pg_namespace n
              WHERE n.nspname IN ('govindex', 'govindex_bi', 'govindex_partitions') ORDER BY 1
    LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO govindex_reader', r);
        IF r <> 'govindex_partitions' THEN
            EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO govindex_reader', r);
        END IF;
    END LOOP;
    REVOKE ALL ON govindex.unit_access FROM govindex_reader;

    -- loader: the loaded tables, and the functions that need the owner
    FOREACH t IN ARRAY govindex.loaded_tables() LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %s TO govindex_loader', t);
    END LOOP;
    GRANT EXECUTE ON FUNCTION govindex.create_dossier_partitions(date, date) TO govindex_loader;
    GRANT EXECUTE ON FUNCTION govindex.refresh_dossier_days(bool) TO govindex_loader;
    GRANT EXECUTE ON FUNCTION govindex.record_index766_reading(date, text, text, tstzrange, int, int) TO govindex_loader;

    -- admin: everything but writing the derived tables
    GRANT ALL ON ALL TABLES IN SCHEMA govindex TO govindex_admin;
    GRANT ALL ON ALL SEQUENCES IN SCHEMA govindex TO govindex_admin;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA govindex TO govindex_admin;
    FOREACH t IN ARRAY govindex.bookkeeping_tables() LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON %s FROM govindex_admin', t);
    END LOOP;

    -- the partitions follow the parent (pg_dump reads each one)
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_secure(part);
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.create_roles() IS
    'Creates the NOLOGIN roles govindex_reader, govindex_loader and govindex_admin when missing and grants them exactly their privileges; rerun it after ALTER EXTENSION UPDATE — Tạo các vai trò và cấp quyền';

-- ==== access end

-- ---- readings keep their metrics, and the BI surface (schema govindex_bi).  Readings
-- recorded before 0.4.0 keep what they had (units, groups): they have no metric,
-- Project 06, late-dossier or data-quality rows, and no record of whether the root's
-- rank was a national rank (the BI views tell it from the stored ranks).
ALTER TABLE govindex.index766_readings
    ADD COLUMN national_rank int,
    ADD COLUMN national_rank_of int,
    ADD CONSTRAINT index766_readings_national_rank
        CHECK ((national_rank IS NULL) = (national_rank_of IS NULL) AND national_rank BETWEEN 1 AND national_rank_of);
COMMENT ON COLUMN govindex.index766_readings.national_rank IS
    'The root''s national rank as given from the portal; NULL when none was given (and for readings recorded before 0.4.0) — Thứ hạng toàn quốc của đơn vị gốc';
COMMENT ON COLUMN govindex.index766_readings.national_rank_of IS
    'Out of how many units the national rank is — Số đơn vị được xếp hạng toàn quốc';

-- Since 0.4.0 a reading also keeps what it was computed from and what goes with it:
-- every metric of every unit (readings recorded before 0.4.0 have no metric, Project 06,
-- late-dossier or data-quality rows: those tables only start with 0.4.0).
CREATE TABLE govindex.index766_reading_metrics (
    reading_id    bigint  NOT NULL,
    unit_code     text    NOT NULL,
    group_code    text    NOT NULL,
    metric_code   text    NOT NULL,
    numerator     bigint,
    denominator   bigint,
    percent       numeric,
    score         numeric,
    max_points    numeric NOT NULL,
    PRIMARY KEY (reading_id, unit_code, metric_code),
    FOREIGN KEY (reading_id, unit_code) REFERENCES govindex.index766_reading_units (reading_id, unit_code)
);
COMMENT ON TABLE govindex.index766_reading_metrics IS
    'Each unit''s metrics in a reading, as index766() gave them for the reading''s window (readings since 0.4.0) — Kết quả từng chỉ số của từng đơn vị trong một lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_metrics.reading_id IS 'Reading — Lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_metrics.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.index766_reading_metrics.group_code IS 'Group code — Mã nhóm chỉ số';
COMMENT ON COLUMN govindex.index766_reading_metrics.metric_code IS 'Metric code — Mã chỉ số';
COMMENT ON COLUMN govindex.index766_reading_metrics.numerator IS 'Numerator of the rate — Tử số';
COMMENT ON COLUMN govindex.index766_reading_metrics.denominator IS 'Denominator of the rate — Mẫu số';
COMMENT ON COLUMN govindex.index766_reading_metrics.percent IS 'Percent as the portal rounds it; NULL for 0/0 — Tỷ lệ (%)';
COMMENT ON COLUMN govindex.index766_reading_metrics.score IS 'Score; NULL when the metric scores nothing — Điểm';
COMMENT ON COLUMN govindex.index766_reading_metrics.max_points IS 'Maximum points — Điểm tối đa';

CREATE TABLE govindex.index766_reading_project06 (
    reading_id    bigint  NOT NULL,
    unit_code     text    NOT NULL,
    group_code    text    NOT NULL,
    metric_code   text    NOT NULL,
    numerator     bigint,
    denominator   bigint,
    percent       numeric,
    score         numeric,
    max_points    numeric NOT NULL,
    PRIMARY KEY (reading_id, unit_code, metric_code),
    FOREIGN KEY (reading_id, unit_code) REFERENCES govindex.index766_reading_units (reading_id, unit_code)
);
COMMENT ON TABLE govindex.index766_reading_project06 IS
    'Each unit''s Project 06 results in a reading: index766() over the Project 06 services only (project06_only), for the reading''s window — Kết quả 25 dịch vụ công thiết yếu Đề án 06 của từng đơn vị trong một lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_project06.reading_id IS 'Reading — Lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_project06.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.index766_reading_project06.group_code IS 'Group code — Mã nhóm chỉ số';
COMMENT ON COLUMN govindex.index766_reading_project06.metric_code IS 'Metric code — Mã chỉ số';
COMMENT ON COLUMN govindex.index766_reading_project06.numerator IS 'Numerator of the rate — Tử số';
COMMENT ON COLUMN govindex.index766_reading_project06.denominator IS 'Denominator of the rate — Mẫu số';
COMMENT ON COLUMN govindex.index766_reading_project06.percent IS 'Percent as the portal rounds it; NULL for 0/0 — Tỷ lệ (%)';
COMMENT ON COLUMN govindex.index766_reading_project06.score IS 'Score; NULL when the metric scores nothing — Điểm';
COMMENT ON COLUMN govindex.index766_reading_project06.max_points IS 'Maximum points — Điểm tối đa';

-- Late dossiers as late_dossier_weeks reports them, for the ISO weeks (Monday to
-- Sunday, Asia/Ho_Chi_Minh) that ended in the reading's window since the previous
-- reading of the same root and methodology: weekly readings keep a week each, a reading
-- after a gap the weeks of the gap, a first reading its last week.  A week still running
-- at the window's close is left out (its end lies after what the reading saw); weeks
-- already kept are not computed again (the whole year, each week, costs a pass over
-- every dossier late in it).
CREATE TABLE govindex.index766_reading_late_weeks (
    reading_id     bigint NOT NULL,
    unit_code      text   NOT NULL,
    week_start     date   NOT NULL,
    iso_week       text   NOT NULL,
    late_at_start  bigint NOT NULL,
    processed      bigint NOT NULL,
    new_late       bigint NOT NULL,
    still_late     bigint NOT NULL,
    PRIMARY KEY (reading_id, unit_code, week_start),
    FOREIGN KEY (reading_id, unit_code) REFERENCES govindex.index766_reading_units (reading_id, unit_code)
);
COMMENT ON TABLE govindex.index766_reading_late_weeks IS
    'Late dossiers per unit (its subtree) and ISO week, as late_dossier_weeks gave them for the weeks that ended in the reading''s window since the previous reading (the last week for a first reading) — Biến động hồ sơ trễ hạn theo tuần của từng đơn vị trong một lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.reading_id IS 'Reading — Lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.week_start IS 'Monday of the week — Ngày đầu tuần (thứ Hai)';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.iso_week IS 'ISO week, e.g. 2023-W50 — Tuần theo ISO';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.late_at_start IS 'Late at the start of the week — Số hồ sơ trễ hạn đầu tuần';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.processed IS 'Of those, ended during the week — Số hồ sơ trễ hạn đã xử lý trong tuần';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.new_late IS 'Became late during the week — Số hồ sơ trễ hạn phát sinh trong tuần';
COMMENT ON COLUMN govindex.index766_reading_late_weeks.still_late IS 'Late at the end of the week — Số hồ sơ còn trễ hạn cuối tuần';

CREATE TABLE govindex.index766_reading_quality (
    reading_id            bigint NOT NULL,
    unit_code             text   NOT NULL,
    received              bigint NOT NULL,
    processed             bigint NOT NULL,
    ended_no_due          bigint NOT NULL,
    pending_no_due        bigint NOT NULL,
    no_reception_date     bigint NOT NULL,
    end_before_reception  bigint NOT NULL,
    end_status_mismatch   bigint NOT NULL,
    PRIMARY KEY (reading_id, unit_code),
    FOREIGN KEY (reading_id, unit_code) REFERENCES govindex.index766_reading_units (reading_id, unit_code)
);
COMMENT ON TABLE govindex.index766_reading_quality IS
    'Data-quality counters of each unit (its subtree) in a reading, from the dossier_stats of the reading''s window — Các chỉ số chất lượng dữ liệu của từng đơn vị trong một lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_quality.reading_id IS 'Reading — Lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_quality.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.index766_reading_quality.received IS 'Dossiers received in the window — Số hồ sơ tiếp nhận trong kỳ';
COMMENT ON COLUMN govindex.index766_reading_quality.processed IS
    'Dossiers processed in the window: received in it or pending at its start — Số hồ sơ phải giải quyết trong kỳ';
COMMENT ON COLUMN govindex.index766_reading_quality.ended_no_due IS
    'Ended in the window without a due date (counted, not assessed) — Số hồ sơ đã kết thúc không có hạn xử lý';
COMMENT ON COLUMN govindex.index766_reading_quality.pending_no_due IS
    'Pending at the close without a due date (counted, not assessed) — Số hồ sơ đang xử lý không có hạn xử lý';
COMMENT ON COLUMN govindex.index766_reading_quality.no_reception_date IS
    'Dossiers without a reception date (they belong to no window; counted in every one) — Số hồ sơ không có ngày tiếp nhận';
COMMENT ON COLUMN govindex.index766_reading_quality.end_before_reception IS
    'Dossiers received in the window whose end lies before their reception (left out of every other count) — Số hồ sơ có ngày kết thúc trước ngày tiếp nhận';
COMMENT ON COLUMN govindex.index766_reading_quality.end_status_mismatch IS
    'Processed dossiers with an end status but no end time, or an end time but no status — Số hồ sơ có trạng thái kết thúc không khớp thời điểm kết thúc';

CREATE TRIGGER index766_reading_metrics_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON govindex.index766_reading_metrics
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.readings_are_append_only();
CREATE TRIGGER index766_reading_project06_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON govindex.index766_reading_project06
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.readings_are_append_only();
CREATE TRIGGER index766_reading_late_weeks_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON govindex.index766_reading_late_weeks
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.readings_are_append_only();
CREATE TRIGGER index766_reading_quality_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON govindex.index766_reading_quality
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.readings_are_append_only();
-- Each unit's rows are visible to the roles granted its subtree (access.sql).
SELECT govindex.restrict_to_units('govindex.index766_reading_metrics', 'unit_code');
SELECT govindex.restrict_to_units('govindex.index766_reading_project06', 'unit_code');
SELECT govindex.restrict_to_units('govindex.index766_reading_late_weeks', 'unit_code');
SELECT govindex.restrict_to_units('govindex.index766_reading_quality', 'unit_code');

SELECT pg_catalog.pg_extension_config_dump('govindex.index766_reading_metrics', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.index766_reading_project06', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.index766_reading_late_weeks', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.index766_reading_quality', '');

CREATE OR REPLACE FUNCTION govindex.record_index766_reading(
    taken_on date DEFAULT current_date,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    "window" tstzrange DEFAULT NULL,
    national_rank int DEFAULT NULL,
    national_rank_of int DEFAULT NULL)
RETURNS bigint
-- JIT off: the estimates of the reports' CTEs (weeks × units of late_dossier_weeks, the
-- closure) swell their costs until JIT compiles each statement, which took longer than
-- running them (3.4 s instead of 1 s on 20,000 dossiers).
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    root       text := record_index766_reading.root_code;
    chosen     text := govindex.methodology_or_default(record_index766_reading.methodology);
    read_over  tstzrange := record_index766_reading."window";
    reading    bigint;
    first_day  date;
    last_day   date;
BEGIN
    IF taken_on IS NULL THEN
        RAISE EXCEPTION 'a reading needs a date' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM govindex.checked_day(taken_on, 'taken_on');
    IF read_over IS NOT NULL THEN
        PERFORM govindex.checked_window(read_over, 'window');
    END IF;
    IF root IS NULL THEN
        SELECT min(u.code), count(*) INTO root, reading FROM govindex.units u
         WHERE u.parent_id IS NULL AND u.valid_to IS NULL;
        IF reading <> 1 THEN
            RAISE EXCEPTION 'name the root unit: there are % current root units', reading
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF NOT EXISTS (SELECT FROM govindex.units u WHERE u.code = root) THEN
        RAISE EXCEPTION 'unknown unit %', root USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (national_rank IS NULL) <> (national_rank_of IS NULL) OR national_rank NOT BETWEEN 1 AND national_rank_of THEN
        RAISE EXCEPTION 'national rank %/% is not a rank', national_rank, national_rank_of
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give both, with 1 <= national_rank <= national_rank_of, e.g. 11 and 63.';
    END IF;
    -- the year to date, the day of the reading included, in the province's time zone
    read_over := coalesce(read_over, tstzrange(
        date_trunc('year', taken_on)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
        (taken_on + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'));

    INSERT INTO govindex.index766_readings (taken_on, root_code, methodology, window_from, window_to,
                                            national_rank, national_rank_of)
    VALUES (taken_on, root, chosen, lower(read_over), upper(read_over), national_rank, national_rank_of)
    RETURNING id INTO reading;

    -- One statement, so that the report is computed once for the three tables: the
    -- metrics as index766() gives them, the groups the sums of their metrics' scores
    -- (as index766_groups sums them), the units' totals the sums of their groups, ranked
    -- by sibling_ranks, as in index766_totals (the keys to units are checked at the statement's end).
    WITH metrics AS MATERIALIZED (
        SELECT * FROM govindex.index766(read_over, root, chosen)
    ),
    groups AS (
        SELECT m.unit_code, m.unit_name, m.level, m.parent_code, m.group_code,
               coalesce(sum(m.score), 0) AS score, sum(m.max_points) AS max_points
          FROM metrics m
         GROUP BY m.unit_code, m.unit_name, m.level, m.parent_code, m.group_code
    ),
    totals AS (
        SELECT g.unit_code, g.unit_name, g.level, g.parent_code,
               sum(g.score) AS total, sum(g.max_points) AS max_points
          FROM groups g
         GROUP BY g.unit_code, g.unit_name, g.level, g.parent_code
    ),
    units AS (
        INSERT INTO govindex.index766_reading_units
        SELECT reading, t.unit_code, t.unit_name, t.level, t.parent_code, t.total, t.max_points,
               CASE WHEN t.unit_code = root THEN coalesce(national_rank, r.rank) ELSE r.rank END,
               CASE WHEN t.unit_code = root THEN coalesce(national_rank_of, r.rank_of) ELSE r.rank_of END
          FROM totals t
          JOIN govindex.sibling_ranks(ARRAY(SELECT (u.unit_code, u.parent_code, u.level, u.total)::govindex.unit_total
                                              FROM totals u)) r ON r.unit_code = t.unit_code
    ),
    stored_groups AS (
        INSERT INTO govindex.index766_reading_groups
        SELECT reading, g.unit_code, g.group_code, g.score, g.max_points FROM groups g
    )
    INSERT INTO govindex.index766_reading_metrics
    SELECT reading, m.unit_code, m.group_code, m.metric_code, m.numerator, m.denominator,
           m.percent, m.score, m.max_points
      FROM metrics m;

    -- What goes with the report, each its own computation over the same window: the
    -- Project 06 services alone, ...
    INSERT INTO govindex.index766_reading_project06
    SELECT reading, p.unit_code, p.group_code, p.metric_code, p.numerator, p.denominator,
           p.percent, p.score, p.max_points
      FROM govindex.index766(read_over, root, chosen, project06_only => true) p;

    -- ... the weekly movement of late dossiers in the ISO weeks (Monday to Sunday) that
    -- ended in the window, up to its last whole day, since the previous reading of the
    -- same root and methodology: the weeks whose Sunday lies after the last one that
    -- reading kept (only the last week for a first reading); none when no week ended ...
    last_day := (upper(read_over) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 1;
    last_day := last_day - extract(isodow FROM last_day)::int % 7;
    SELECT (p.window_to AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 1 INTO first_day
      FROM govindex.index766_readings p
     WHERE p.root_code = root AND p.methodology = chosen AND p.taken_on < record_index766_reading.taken_on
     ORDER BY p.taken_on DESC LIMIT 1;
    first_day := CASE WHEN first_day IS NULL THEN last_day - 6
                      ELSE first_day - extract(isodow FROM first_day)::int % 7 + 1 END;
    first_day := greatest(first_day, (lower(read_over) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date);
    IF last_day >= first_day THEN
        INSERT INTO govindex.index766_reading_late_weeks
        SELECT reading, l.unit_code, l.week_start, l.iso_week,
               l.late_at_start, l.processed, l.new_late, l.still_late
          FROM govindex.late_dossier_weeks(first_day, last_day, root) l
          JOIN govindex.index766_reading_units ru ON ru.reading_id = reading AND ru.unit_code = l.unit_code;
    END IF;

    -- ... and the data-quality counters of the dossiers read (each for the units of the
    -- reading: a unit of a level no metric applies to is in none of its tables).
    INSERT INTO govindex.index766_reading_quality
    SELECT reading, u.code, govindex.counter(s.stats, 'received'),
           govindex.counter(s.stats, 'received') + govindex.counter(s.stats, 'pending_at_start'),
           govindex.counter(s.stats, 'ended_no_due'), govindex.counter(s.stats, 'pending_no_due'),
           govindex.counter(s.stats, 'no_reception_date'), govindex.counter(s.stats, 'end_before_reception'),
           govindex.counter(s.stats, 'end_status_mismatch')
      FROM govindex.unit_stats(read_over, root) s
      JOIN govindex.units u ON u.id = s.unit_id
      JOIN govindex.index766_reading_units ru ON ru.reading_id = reading AND ru.unit_code = u.code;
    RETURN reading;
END $$;
COMMENT ON FUNCTION govindex.record_index766_reading(date, text, text, tstzrange, int, int) IS
    'Records a reading of every unit under a root (the only root when NULL): totals, groups, metrics and ranks over the year to date (or the window given), with the Project 06 results, the late dossiers of the ISO weeks ended since the previous reading and the data-quality counters; the root''s national rank may be given from the portal; returns the reading id — Ghi nhận kết quả Bộ chỉ số 766';

-- The sentence itself, from a reading's figures (what index766_sentence and the BI
-- views read out); previous_taken_on NULL for a first reading.
CREATE FUNCTION govindex.format_index766_sentence(
    unit_name text, total numeric, rank int, rank_of int,
    previous_taken_on date, points_change numeric, places_up int, lang text DEFAULT 'vi')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    points   text;
    places   text;
    vi       bool;
BEGIN
    IF lang NOT IN ('vi', 'en') THEN
        RAISE EXCEPTION 'unsupported language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''vi'' or ''en''.';
    END IF;
    vi := lang = 'vi';
    IF previous_taken_on IS NULL THEN
        RETURN CASE WHEN vi
            THEN format('%s đạt %s điểm, xếp hạng %s/%s.', unit_name, spoken_number(total, lang), rank, rank_of)
            ELSE format('%s reached %s points, ranked %s/%s.', unit_name, spoken_number(total, lang), rank, rank_of)
        END;
    END IF;

    points := CASE
        WHEN points_change > 0 THEN format(CASE WHEN vi THEN 'tăng %s điểm' ELSE 'increased by %s points' END, spoken_number(points_change, lang))
        WHEN points_change < 0 THEN format(CASE WHEN vi THEN 'giảm %s điểm' ELSE 'decreased by %s points' END, spoken_number(-points_change, lang))
        ELSE CASE WHEN vi THEN 'giữ nguyên số điểm' ELSE 'kept the same points' END END;
    places := CASE
        WHEN places_up IS NULL THEN NULL
        -- the same direction reads as one phrase: "decreased by 5.2 points and 5 ranks"
        WHEN sign(places_up) = sign(points_change) AND places_up <> 0 THEN
            format(CASE WHEN vi THEN '%s bậc' ELSE '%s %s' END, abs(places_up),
                   CASE WHEN abs(places_up) = 1 THEN 'rank' ELSE 'ranks' END)
        WHEN places_up > 0 THEN
            format(CASE WHEN vi THEN 'tăng %s bậc' ELSE 'rose %s %s' END, places_up,
                   CASE WHEN places_up = 1 THEN 'rank' ELSE 'ranks' END)
        WHEN places_up < 0 THEN
            format(CASE WHEN vi THEN 'giảm %s bậc' ELSE 'fell %s %s' END, -places_up,
                   CASE WHEN places_up = -1 THEN 'rank' ELSE 'ranks' END)
        ELSE CASE WHEN vi THEN 'giữ nguyên thứ hạng' ELSE 'kept its rank' END END;

    RETURN CASE WHEN vi
        THEN format('%s đạt %s điểm, xếp hạng %s/%s, %s%s so với ngày %s.',
                    unit_name, spoken_number(total, lang), rank, rank_of, points,
                    ' và ' || places, to_char(previous_taken_on, 'DD/MM/YYYY'))
        ELSE format('%s reached %s points, ranked %s/%s, %s%s compared to %s.',
                    unit_name, spoken_number(total, lang), rank, rank_of, points,
                    ' and ' || places, to_char(previous_taken_on, 'DD/MM/YYYY'))
    END;
END $$;
COMMENT ON FUNCTION govindex.format_index766_sentence(text, numeric, int, int, date, numeric, int, text) IS
    'The meeting sentence from a reading''s figures (unit name, total, rank x/N, date of the previous reading or NULL, points and places changed), in vi or en — Câu báo cáo từ số liệu một lần ghi nhận';

CREATE OR REPLACE FUNCTION govindex.index766_sentence(unit_code text, taken_on date DEFAULT NULL, lang text DEFAULT 'vi')
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    c        govindex.index766_reading_changes;
BEGIN
    IF lang NOT IN ('vi', 'en') THEN
        RAISE EXCEPTION 'unsupported language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''vi'' or ''en''.';
    END IF;
    SELECT * INTO c FROM govindex.index766_reading_changes x
     WHERE x.unit_code = index766_sentence.unit_code
       AND (index766_sentence.taken_on IS NULL OR x.taken_on = index766_sentence.taken_on)
     ORDER BY x.taken_on DESC, x.methodology = govindex.methodology_or_default(NULL) DESC, x.reading_id DESC
     LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no reading of unit % on %', unit_code, coalesce(taken_on::text, 'any date')
            USING ERRCODE = 'no_data_found',
                  HINT = 'Record one with govindex.record_index766_reading().';
    END IF;
    RETURN govindex.format_index766_sentence(c.unit_name, c.total, c.rank, c.rank_of,
                                             c.previous_taken_on, c.points_change, c.places_up, lang);
END $$;
COMMENT ON FUNCTION govindex.index766_sentence(text, date, text) IS
    'The meeting sentence for a unit''s reading (the latest when no date), in Vietnamese (vi) or English (en): points, rank and the change since the previous reading — Câu báo cáo kết quả Bộ chỉ số 766';

-- each unit's rows only for a role given subtrees (access.sql)
SELECT govindex.restrict_to_units('govindex.index766_reading_units', 'unit_code');
SELECT govindex.restrict_to_units('govindex.index766_reading_groups', 'unit_code');

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
-- ---- registry: the wrong source labels are fixed: PUBLIC_CONTENT_FULL comes from the
-- publications; ONLINE_DOSSIER_SERVICES, ONLINE_PAYMENT_PROCEDURES and
-- FEE_DATA_PROCEDURES from the catalogue (procedures), in every methodology.
CREATE OR REPLACE FUNCTION govindex.metric_codes_produced()
RETURNS TABLE (code text, source text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    VALUES ('PUBLISH_ON_TIME', 'publication'),
           ('PUBLIC_UPDATE_ON_TIME', 'publication'),
           ('PUBLIC_CONTENT_FULL', 'publication'),
           ('DOSSIER_SYNC', 'dossiers'),
           ('DVC_PROGRESS_ON_TIME', 'dossiers'),
           ('ONLINE_PROCEDURES_OFFERED', 'catalogue'),
           ('ONLINE_DOSSIER_SERVICES', 'catalogue'),
           ('ONLINE_PAYMENT_DOSSIERS', 'dossiers'),
           ('ONLINE_PAYMENT_PROCEDURES', 'catalogue'),
           ('FEE_DATA_PROCEDURES', 'catalogue'),
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

UPDATE govindex.metrics SET source = 'publication'
 WHERE code = 'PUBLIC_CONTENT_FULL' AND source = 'catalogue';
UPDATE govindex.metrics SET source = 'catalogue'
 WHERE code IN ('ONLINE_DOSSIER_SERVICES', 'ONLINE_PAYMENT_PROCEDURES', 'FEE_DATA_PROCEDURES') AND source = 'dossiers';

-- ---- registry: one registry of metrics.  The dossier-based metrics are one list in C
-- (dossier_stats_metrics()); catalogue, publication and petitions are each a function,
-- and index766_rates is their union; the catalogue counts the procedure sets in the
-- state (procedure_count with ids); metric_codes_produced() names the function of each
-- code.
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
DROP FUNCTION govindex.metric_codes_produced();
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

CREATE OR REPLACE FUNCTION govindex.metrics_have_a_source() RETURNS trigger
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
COMMENT ON COLUMN govindex.metrics.source IS
    'Where the rate comes from, checked against metric_codes_produced(): dossiers (metric(), the registry dossier_stats_metrics()), catalogue (index766_catalogue), petitions (index766_petitions), publication (index766_publication), constant (no data: full points) — Nguồn số liệu: hồ sơ, danh mục thủ tục, phản ánh kiến nghị, công bố thủ tục, hằng số';
CREATE FUNCTION govindex.procedure_count(govindex.dossier_stats, set text, ids int[]) RETURNS bigint
AS 'MODULE_PATHNAME', 'dossier_stats_procedure_count_among' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.procedure_count(govindex.dossier_stats, text, int[]) IS
    'How many of the given procedure ids a set holds (each element counted, NULLs not): a catalogue rate''s numerator, read from the state — Số thủ tục trong danh sách thuộc một tập';

-- The sources of Index 766 rates.  Each returns, for every unit under a root, a rate
-- (numerator/denominator over the unit's whole subtree; 0/0 where nothing counts) for
-- each code it produces, the codes metric_codes_produced() (methodology.sql) lists
-- under it.  The dossiers' rates are metric() of the unit's state (the registry
-- dossier_stats_metrics); index766_rates is the union of them all.

-- The catalogue: procedures handled in each unit's subtree (listed in unit_procedures,
-- or of its level), and how many of them the unit's state saw online, paid online, with
-- fee data or with population data (its procedure sets, counted in the state).  The
-- states are unit_stats() of the window, as parallel arrays of unit ids and states.
CREATE FUNCTION govindex.index766_catalogue(
    root_code text,
    procedure_codes text[],
    procedure_field text,
    project06_only bool,
    unit_ids int[],
    states govindex.dossier_stats[])
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    chosen AS MATERIALIZED (
        SELECT p.* FROM govindex.procedures p
         WHERE (procedure_codes IS NULL OR p.code = ANY (procedure_codes))
           AND (procedure_field IS NULL OR p.field = procedure_field)
           AND (NOT project06_only OR p.project06)
    ),
    authority AS MATERIALIZED (
        SELECT DISTINCT c.ancestor_id AS unit_id, p.id AS procedure_id, p.service_level, p.fee_bearing, p.subject
          FROM closure c
          JOIN govindex.units u ON u.id = c.descendant_id
          JOIN chosen p ON p.authority_level = u.level
         WHERE NOT EXISTS (SELECT 1 FROM govindex.unit_procedures up WHERE up.unit_id = u.id)
        UNION
        SELECT c.ancestor_id, p.id, p.service_level, p.fee_bearing, p.subject
          FROM closure c
          JOIN govindex.unit_procedures up ON up.unit_id = c.descendant_id
          JOIN chosen p ON p.id = up.procedure_id
    ),
    catalogue AS (
        SELECT a.unit_id, count(*) AS procedures,
               array_agg(a.procedure_id) FILTER (WHERE a.service_level <> 'information') AS offered,
               array_agg(a.procedure_id) FILTER (WHERE a.fee_bearing) AS fee_bearing,
               array_agg(a.procedure_id) FILTER (WHERE a.subject <> 'organization') AS for_population
          FROM authority a
         GROUP BY a.unit_id
    )
    SELECT s.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM unnest(unit_ids, states) s (unit_id, stats)
      LEFT JOIN catalogue ca ON ca.unit_id = s.unit_id
     CROSS JOIN LATERAL (VALUES
        ('ONLINE_PROCEDURES_OFFERED', govindex.rate(coalesce(cardinality(ca.offered), 0), ca.procedures)),
        ('ONLINE_DOSSIER_SERVICES',
         govindex.rate(govindex.procedure_count(s.stats, 'online', ca.offered), cardinality(ca.offered))),
        ('ONLINE_PAYMENT_PROCEDURES',
         govindex.rate(govindex.procedure_count(s.stats, 'paid_online', ca.fee_bearing), cardinality(ca.fee_bearing))),
        ('FEE_DATA_PROCEDURES',
         govindex.rate(govindex.procedure_count(s.stats, 'fee_data', ca.fee_bearing), cardinality(ca.fee_bearing))),
        ('CITIZEN_DATA_CONNECTED_FORMALITY',
         govindex.rate(govindex.procedure_count(s.stats, 'population_data', ca.for_population), cardinality(ca.for_population)))
     ) m (code, value)
     -- bounded arguments (a state for each unit id, at most 100,000 units), checked once
     WHERE govindex.check_array_argument(unit_ids, 'unit_ids', 100000)
       AND govindex.check_array_argument(states, 'states', cardinality(unit_ids))
       AND govindex.check_array_argument(unit_ids, 'unit_ids', cardinality(states))
       AND govindex.check_array_argument(procedure_codes, 'procedure_codes');
END;
COMMENT ON FUNCTION govindex.index766_catalogue(text, text[], text, bool, int[], govindex.dossier_stats[]) IS
    'The catalogue source of Index 766: for each given unit and its state (unit_stats), the rates over the procedures its subtree handles — Nguồn danh mục thủ tục của Bộ chỉ số 766';

-- Publications: deadlines a publication does not carry come from deadline_rules, in
-- working days.
CREATE FUNCTION govindex.index766_publication(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT (lower(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS first_day,
               (upper(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS end_day
          FROM (SELECT govindex.checked_window("window", 'window') AS w) c
    ),
    closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    chosen AS MATERIALIZED (
        SELECT p.* FROM govindex.procedures p
         WHERE (procedure_codes IS NULL OR p.code = ANY (procedure_codes))
           AND (procedure_field IS NULL OR p.field = procedure_field)
           AND (NOT project06_only OR p.project06)
    ),
    publication AS (
        SELECT c.ancestor_id AS unit_id,
               govindex.rate_agg(coalesce(pp.published_on <= d.publish_due, false))
                   FILTER (WHERE d.publish_due >= b.first_day AND d.publish_due < b.end_day) AS published_on_time,
               govindex.rate_agg(coalesce(pp.made_public_on <= d.public_due, false))
                   FILTER (WHERE d.public_due >= b.first_day AND d.public_due < b.end_day) AS public_on_time,
               govindex.rate_agg(pp.content_complete) FILTER (WHERE pp.made_public_on < b.end_day) AS content_full
          FROM closure c
          JOIN govindex.procedure_publications pp ON pp.unit_id = c.descendant_id
          JOIN chosen p ON p.id = pp.procedure_id
         CROSS JOIN bounds b
         CROSS JOIN LATERAL (SELECT coalesce(pp.publish_due,
                                             govindex.deadline_after('publication', pp.decided_on,
                                                                     (SELECT govindex.default_calendar()))) AS publish_due) d0
         CROSS JOIN LATERAL (SELECT d0.publish_due,
                                    coalesce(pp.public_due,
                                             govindex.deadline_after('public_disclosure', coalesce(pp.published_on, d0.publish_due),
                                                                     (SELECT govindex.default_calendar()))) AS public_due) d
         GROUP BY c.ancestor_id
    )
    SELECT u.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM (SELECT DISTINCT c.ancestor_id AS unit_id FROM closure c) u
     CROSS JOIN bounds
      LEFT JOIN publication pb ON pb.unit_id = u.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PUBLISH_ON_TIME', pb.published_on_time),
        ('PUBLIC_UPDATE_ON_TIME', pb.public_on_time),
        ('PUBLIC_CONTENT_FULL', pb.content_full)
     ) m (code, value);
END;
COMMENT ON FUNCTION govindex.index766_publication(tstzrange, text, text[], text, bool) IS
    'The publication source of Index 766: procedures published and made public on time, with full content, for every unit under a root over its subtree — Nguồn công bố, công khai thủ tục của Bộ chỉ số 766';

-- Petitions received in the window: on time if answered by the due date, or still
-- open and not yet due at the close; satisfied if answered in the window without
-- more dislikes than likes and without a follow-up complaint.  Procedure filters do
-- not apply to petitions.
CREATE FUNCTION govindex.index766_petitions(
    "window" tstzrange,
    root_code text DEFAULT NULL)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT lower(c.w) AS opens, upper(c.w) AS closes
          FROM (SELECT govindex.checked_window("window", 'window') AS w) c
    ),
    closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    petition AS (
        SELECT c.ancestor_id AS unit_id,
               govindex.rate_agg(pt.kind = 'procedure') FILTER (WHERE received) AS about_procedures,
               govindex.rate_agg(pt.kind = 'staff') FILTER (WHERE received) AS about_staff,
               govindex.rate_agg(CASE WHEN r.due_at IS NULL THEN NULL
                                      WHEN pt.ended_at < b.closes THEN pt.ended_at <= r.due_at
                                      ELSE r.due_at >= b.closes END) FILTER (WHERE received) AS on_time,
               govindex.rate_agg(NOT pt.follow_up_complaint AND pt.likes >= pt.dislikes)
                   FILTER (WHERE pt.ended_at >= b.opens AND pt.ended_at < b.closes) AS satisfied
          FROM closure c
          JOIN govindex.petitions pt ON pt.unit_id = c.descendant_id
         CROSS JOIN bounds b
         -- a petition without a due date is due by the petition rule of deadline_rules
         -- (15 working days after receipt; NULL when the calendar does not reach it)
         CROSS JOIN LATERAL (SELECT pt.received_at >= b.opens AND pt.received_at < b.closes AS received,
                                    coalesce(pt.due_at,
                                             govindex.legal_due_at(pt.received_at,
                                                 (SELECT r.working_days FROM govindex.deadline_rules r
                                                   WHERE r.rule = 'petition' ORDER BY r.since DESC LIMIT 1),
                                                 'working_day', '{}', (SELECT govindex.default_calendar()), true)) AS due_at) r
         GROUP BY c.ancestor_id
    )
    SELECT u.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM (SELECT DISTINCT c.ancestor_id AS unit_id FROM closure c) u
     CROSS JOIN bounds
      LEFT JOIN petition pe ON pe.unit_id = u.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PETITION_CLASSIFICATION_TTHC', pe.about_procedures),
        ('PETITION_CLASSIFICATION_STAFF', pe.about_staff),
        ('PETITION_PROCESSING_ON_TIME', pe.on_time),
        ('PETITION_HANDLING_SATISFACTION', pe.satisfied)
     ) m (code, value);
END;
COMMENT ON FUNCTION govindex.index766_petitions(tstzrange, text) IS
    'The petitions source of Index 766: petitions by kind, handled on time, handled to satisfaction, for every unit under a root over its subtree — Nguồn phản ánh, kiến nghị của Bộ chỉ số 766';

-- Every metric's rate for every unit under a root, each over its subtree: the union of
-- the sources, the units' states computed once for the dossiers and the catalogue.
CREATE OR REPLACE FUNCTION govindex.index766_rates(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH stats AS MATERIALIZED (
        SELECT * FROM govindex.unit_stats("window", root_code, procedure_codes, procedure_field, project06_only)
    )
    -- the dossiers: every metric of the registry, read from each unit's state
    SELECT s.unit_id, m.code, govindex.metric(s.stats, m.code)
      FROM stats s
     CROSS JOIN govindex.dossier_stats_metrics() m
    UNION ALL
    SELECT c.unit_id, c.metric_code, c.value
      FROM (SELECT array_agg(s.unit_id ORDER BY s.unit_id) AS ids, array_agg(s.stats ORDER BY s.unit_id) AS states
              FROM stats s) a
     CROSS JOIN LATERAL govindex.index766_catalogue(root_code, procedure_codes, procedure_field, project06_only,
                                                    a.ids, a.states) c
    UNION ALL
    SELECT p.unit_id, p.metric_code, p.value
      FROM govindex.index766_publication("window", root_code, procedure_codes, procedure_field, project06_only) p
    UNION ALL
    SELECT p.unit_id, p.metric_code, p.value
      FROM govindex.index766_petitions("window", root_code) p;
END;
COMMENT ON FUNCTION govindex.index766_rates(tstzrange, text, text[], text, bool) IS
    'The rate of every Index 766 metric for every unit under a root, each over its whole subtree — Tỷ lệ các chỉ số Bộ chỉ số 766 của từng đơn vị';

-- ---- arglist: the ranking rule written once (src/index766.sql): the type unit_total
-- and sibling_ranks(), through which index766_totals (recreated here) and
-- record_index766_reading (above) rank.
CREATE TYPE govindex.unit_total AS (unit_code text, parent_code text, level text, total numeric);
COMMENT ON TYPE govindex.unit_total IS
    'A unit''s total, with what it is ranked among (sibling_ranks) — Tổng điểm của một đơn vị để xếp hạng';

CREATE FUNCTION govindex.sibling_ranks(units govindex.unit_total[])
RETURNS TABLE (unit_code text, rank int, rank_of int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT u.unit_code, (rank() OVER (siblings ORDER BY u.total DESC))::int, (count(*) OVER siblings)::int
      FROM unnest(units) u
    WINDOW siblings AS (PARTITION BY u.parent_code, u.level);
$$;
COMMENT ON FUNCTION govindex.sibling_ranks(govindex.unit_total[]) IS
    'Competition rank (1, 2, 2, 4) of each unit by total, highest first, among the units of the same parent and level, and out of how many — Xếp hạng các đơn vị cùng cấp, cùng đơn vị cấp trên';

CREATE OR REPLACE FUNCTION govindex.index766_totals(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (
    unit_code text, unit_name text, level text, parent_code text,
    total numeric, max_points numeric, percent numeric, rank int, rank_of int)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH totals AS (
        SELECT i.unit_code, i.unit_name, i.level, i.parent_code,
               coalesce(sum(i.score), 0) AS total, sum(i.max_points) AS max_points
          FROM govindex.index766("window", root_code, methodology, procedure_codes, procedure_field, project06_only) i
         GROUP BY i.unit_code, i.unit_name, i.level, i.parent_code
    )
    SELECT t.unit_code, t.unit_name, t.level, t.parent_code, t.total, t.max_points,
           round(100 * t.total / nullif(t.max_points, 0), 2), r.rank, r.rank_of
      FROM totals t
      JOIN govindex.sibling_ranks(ARRAY(SELECT (u.unit_code, u.parent_code, u.level, u.total)::govindex.unit_total
                                          FROM totals u)) r ON r.unit_code = t.unit_code
     ORDER BY t.parent_code NULLS FIRST, t.level, t.total DESC, t.unit_code;
END;

-- ---- portal records: the records provinces send to the national portal load as they are
-- (src/portal_records.sql and src/portal_files.sql, whole); the loader role writes the
-- records and steps (govindex.loaded_tables, as in src/roles.sql).
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
-- portal_files.sql — loading a JSON-lines file of portal records of any size, in one
-- transaction and bounded memory: scripts/load-portal-records \copy-es the file into a
-- temporary staging table (line, record text) and calls load_portal_file(), which reads
-- it in chunks of lines into parts by dossier code (a hash-partitioned temporary table:
-- all the lines of a dossier in one part, so that its record and steps are derived
-- together) and then loads one part at a time, showing its progress as notices.

CREATE TYPE govindex.portal_file_line AS (line bigint, record text);
COMMENT ON TYPE govindex.portal_file_line IS
    'A staging table of load_portal_file: the line number and its text, one JSON object — Một dòng của tệp bản ghi đồng bộ';

-- Reads the staging table into pg_temp.govindex_portal_file_rows, about chunk lines at
-- a time: a range of its pages each (a TID range scan; \copy wrote the lines in order),
-- so that each line is read once, however long the file.  The rows go to parts by
-- dossier code, one part for about chunk dossiers (a dossier has a record and a few
-- steps: three lines a dossier are assumed), at most portal_file_parts_limit().  A line
-- that is not JSON fails at once (load) or is listed in
-- pg_temp.govindex_portal_file_problems (collect).
CREATE FUNCTION govindex.portal_read_file(staging regclass, chunk int, collect bool,
                                          OUT lines bigint, OUT parts int)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    last_line   bigint;
    pages       bigint;
    chunk_pages bigint;
    from_page   bigint := 0;
    first_read  bigint;
    last_read   bigint;
    part        int;
    bad         record;
    page_range  constant text := 's.ctid >= pg_catalog.format(''(%s,0)'', $1)::tid AND s.ctid < pg_catalog.format(''(%s,0)'', $2)::tid';
BEGIN
    PERFORM govindex.check_batch(staging, 'govindex.portal_file_line', 'staging');
    IF chunk IS NULL OR chunk < 1 OR chunk > govindex.portal_batch_limit() THEN
        RAISE EXCEPTION 'chunk % is not between 1 and %', coalesce(chunk::text, 'NULL'), govindex.portal_batch_limit()
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF to_regclass('pg_temp.govindex_portal_file_rows') IS NOT NULL THEN   -- an earlier file's
        DROP TABLE pg_temp.govindex_portal_file_rows, pg_temp.govindex_portal_file_problems;
    END IF;
    EXECUTE format('SELECT count(*), max(line) FROM %s', staging) INTO lines, last_line;
    parts := greatest(1, least(govindex.portal_file_parts_limit(), ceil(lines / (3.0 * chunk))));
    CREATE TEMP TABLE govindex_portal_file_rows (position bigint NOT NULL, LIKE govindex.portal_fields)
        PARTITION BY HASH (code) ON COMMIT DROP;
    FOR part IN 0 .. parts - 1 LOOP
        EXECUTE format('CREATE TEMP TABLE %I PARTITION OF pg_temp.govindex_portal_file_rows '
                       'FOR VALUES WITH (MODULUS %s, REMAINDER %s) ON COMMIT DROP',
                       'govindex_portal_file_rows_' || part, parts, part);
    END LOOP;
    CREATE TEMP TABLE govindex_portal_file_problems (LIKE pg_temp.govindex_portal_rows) ON COMMIT DROP;
    pages := pg_relation_size(staging) / current_setting('block_size')::bigint;
    chunk_pages := greatest(1, ceil(chunk::numeric * pages / greatest(lines, 1)));
    WHILE from_page < pages LOOP
        BEGIN
            EXECUTE format($q$WITH read AS (
                                  INSERT INTO pg_temp.govindex_portal_file_rows
                                  SELECT s.line, f.* FROM %s s, LATERAL govindex.portal_line_fields(s.record) f
                                   WHERE %s AND s.record IS NOT NULL AND s.record !~ '^\s*$'
                                  RETURNING position)
                              SELECT min(position), max(position) FROM read$q$, staging, page_range)
                INTO first_read, last_read
                USING from_page, from_page + chunk_pages;
        EXCEPTION WHEN invalid_text_representation THEN
            -- the chunk again, line by line, to name the lines that are not JSON
            first_read := NULL; last_read := NULL;
            FOR bad IN EXECUTE format($q$SELECT s.line, s.record FROM %s s
                                          WHERE %s AND s.record IS NOT NULL
                                            AND s.record !~ '^\s*$' ORDER BY s.line$q$, staging, page_range)
                       USING from_page, from_page + chunk_pages
            LOOP
                first_read := least(first_read, bad.line); last_read := greatest(last_read, bad.line);
                BEGIN
                    INSERT INTO pg_temp.govindex_portal_file_rows
                    SELECT bad.line, f.* FROM govindex.portal_line_fields(bad.record) f;
                EXCEPTION WHEN invalid_text_representation THEN
                    IF NOT collect THEN
                        RAISE EXCEPTION 'line % is not JSON: %', bad.line, left(bad.record, 60)
                            USING ERRCODE = 'invalid_text_representation',
                                  DETAIL = 'Each line of the file is one JSON object, a dossier record or a timeline step; nothing was loaded.',
                                  HINT = 'scripts/load-portal-records --problems lists every problem of the file.';
                    END IF;
                    INSERT INTO pg_temp.govindex_portal_file_problems (position, problem_fields, problem_states,
                                                                       problem_messages, problem_hints)
                    VALUES (bad.line, ARRAY[''], ARRAY['22P02'], ARRAY[format('not JSON: %s', left(bad.record, 60))],
                            ARRAY['Each line of the file is one JSON object, a dossier record or a timeline step.']);
                END;
            END LOOP;
        END;
        IF first_read IS NOT NULL THEN
            RAISE NOTICE 'read lines % to % of %', first_read, last_read, last_line;
        END IF;
        from_page := from_page + chunk_pages;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.portal_read_file(regclass, int, bool) IS
    'Reads a staging table of JSON lines into pg_temp.govindex_portal_file_rows (parts by dossier code), a chunk of lines at a time — Đọc tệp bản ghi đồng bộ theo từng phần';

CREATE FUNCTION govindex.portal_file_parts_limit() RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 1024;
COMMENT ON FUNCTION govindex.portal_file_parts_limit() IS
    'The most parts a file is loaded in: 1,024 (a larger file has larger parts) — Số phần tối đa của một tệp';

-- Part i (from 0) of the read file into pg_temp.govindex_portal_rows: the lines of its
-- dossiers, and those without MaHoSo (the part of a NULL code) so that their problems
-- are reported.
CREATE FUNCTION govindex.portal_file_part_rows(part int) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.portal_rows_table();
    EXECUTE format('INSERT INTO pg_temp.govindex_portal_rows SELECT * FROM pg_temp.%I',
                   'govindex_portal_file_rows_' || part);
END $$;
COMMENT ON FUNCTION govindex.portal_file_part_rows(int) IS
    'Puts the lines of one part (a set of dossiers) of a read file into pg_temp.govindex_portal_rows — Lấy một phần hồ sơ của tệp';

CREATE FUNCTION govindex.load_portal_file(staging regclass, synced bool DEFAULT true, chunk int DEFAULT 10000,
                                          OUT lines bigint, OUT dossiers_inserted bigint, OUT dossiers_updated bigint,
                                          OUT steps_loaded bigint, OUT records_not_received bigint)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    parts  int;
    part   record;
BEGIN
    IF synced IS NULL THEN
        RAISE EXCEPTION 'synced must not be NULL' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'true: the records were pushed to the portal; false: the province''s own export.';
    END IF;
    PERFORM govindex.portal_rows_table();
    SELECT r.lines, r.parts INTO lines, parts FROM govindex.portal_read_file(staging, chunk, false) r;
    PERFORM govindex.portal_lock();
    dossiers_inserted := 0; dossiers_updated := 0; steps_loaded := 0; records_not_received := 0;
    FOR i IN 1 .. parts LOOP
        PERFORM govindex.portal_file_part_rows(i - 1);
        PERFORM govindex.portal_derive('line', synced, false);
        PERFORM govindex.portal_raise_first_problem('line', 'the file');
        SELECT * INTO part FROM govindex.portal_store();
        dossiers_inserted := dossiers_inserted + part.dossiers_inserted;
        dossiers_updated := dossiers_updated + part.dossiers_updated;
        steps_loaded := steps_loaded + part.steps_loaded;
        records_not_received := records_not_received + part.records_not_received;
        RAISE NOTICE 'loaded % of % chunks: % dossiers inserted, % updated, % steps',
            i, parts, dossiers_inserted, dossiers_updated, steps_loaded;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.load_portal_file(regclass, bool, int) IS
    'Loads a staging table of JSON lines (line, record) in one transaction, chunk lines then chunk dossiers at a time, with progress notices; a problem fails it all naming the line and the MaHoSo — Nạp tệp bản ghi đồng bộ';

CREATE FUNCTION govindex.portal_file_problems(staging regclass, chunk int DEFAULT 10000)
RETURNS TABLE (line bigint, dossier_code text, field text, sqlstate text, message text, hint text)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    parts int;
BEGIN
    PERFORM govindex.portal_rows_table();
    SELECT r.parts INTO parts FROM govindex.portal_read_file(staging, chunk, true) r;
    -- the columns of pg_temp.govindex_portal_problems, which the first portal_derive of a
    -- session has not made yet
    CREATE TEMP TABLE govindex_portal_file_report (position bigint, dossier_code text COLLATE "C", field text,
                                                   sqlstate text, message text, hint text) ON COMMIT DROP;
    FOR i IN 1 .. parts LOOP
        PERFORM govindex.portal_file_part_rows(i - 1);
        IF i = 1 THEN
            INSERT INTO pg_temp.govindex_portal_rows SELECT * FROM pg_temp.govindex_portal_file_problems;
        END IF;
        PERFORM govindex.portal_derive('line', true, true);
        INSERT INTO pg_temp.govindex_portal_file_report SELECT * FROM pg_temp.govindex_portal_problems;
    END LOOP;
    RETURN QUERY SELECT p.position, p.dossier_code, p.field, p.sqlstate, p.message, p.hint
                   FROM pg_temp.govindex_portal_file_report p
                  ORDER BY p.position NULLS LAST, p.field NULLS LAST, p.message;
    DROP TABLE pg_temp.govindex_portal_file_report;
END $$;
COMMENT ON FUNCTION govindex.portal_file_problems(regclass, int) IS
    'Lists every problem of a staging table of JSON lines (line, MaHoSo, field, SQLSTATE, message, hint) without loading anything — Liệt kê mọi lỗi của tệp bản ghi đồng bộ';
CREATE OR REPLACE FUNCTION govindex.loaded_tables() RETURNS regclass[]
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN ARRAY['govindex.dossiers', 'govindex.petitions', 'govindex.procedure_publications',
             'govindex.portal_dossier_records', 'govindex.dossier_steps',
             'govindex.composite_assessments', 'govindex.composite_deductions',
             'govindex.composite_published']::regclass[];
-- ---- end portal records

-- ---- catalogue: the procedure catalogue of the national procedure database, loaded
-- from its LayThuTuc entries (src/portal_catalogue.sql, whole).
CREATE FUNCTION govindex.load_portal_catalogue(entries jsonb)
RETURNS TABLE (procedures_inserted bigint, procedures_updated bigint, time_limits_not_read bigint)
LANGUAGE plpgsql
-- the planner takes each JSON function for a thousand rows, and would compile the
-- statements (JIT) for longer than they run
SET jit = off
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    problem  record;
    -- names are compared in Unicode's composed form (NFC), which only a UTF8 database has
    utf8  constant bool := current_setting('server_encoding') = 'UTF8';
    numeric_text constant text := '^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)?\s*$';
    usage    constant text := 'Pass a JSON array of LayThuTuc entries, e.g. ''[{"MATTHC": "1.004227", "TENTTHC": "…"}]''.';
BEGIN
    IF entries IS NULL THEN
        RAISE EXCEPTION 'entries is NULL' USING ERRCODE = 'null_value_not_allowed', HINT = usage;
    END IF;
    IF jsonb_typeof(entries) <> 'array' THEN
        RAISE EXCEPTION 'entries is a JSON %, not an array', jsonb_typeof(entries)
            USING ERRCODE = 'invalid_parameter_value', HINT = usage;
    END IF;
    IF jsonb_array_length(entries) > 10000 THEN
        RAISE EXCEPTION 'entries has % entries, more than 10000', jsonb_array_length(entries)
            USING ERRCODE = 'program_limit_exceeded',
                  HINT = 'Split the catalogue into calls of at most 10000 entries, in one transaction if it must load all or nothing.';
    END IF;

    -- The first bad entry, in the array's order; every entry is checked, also one that a
    -- later entry of the same code replaces.
    WITH e AS (
        SELECT x.pos, x.entry, x.entry -> 'MATTHC' AS code_json, btrim(x.entry ->> 'MATTHC') AS code
          FROM jsonb_array_elements(entries) WITH ORDINALITY x (entry, pos)
    ), winner AS (
        SELECT DISTINCT ON (e.code) e.pos, e.code, e.entry
          FROM e WHERE jsonb_typeof(e.code_json) = 'string' AND e.code <> ''
         ORDER BY e.code, e.pos DESC
    ), numbers AS (
        SELECT e.pos, e.code, n.ord, n.key, n.value
          FROM e
         CROSS JOIN LATERAL jsonb_path_query(e.entry, '$.CACHTHUCTHUCHIEN[*].THOIGIAN[*]') WITH ORDINALITY t (time, t_ord)
         CROSS JOIN LATERAL (
               SELECT t.t_ord * 1000000 AS ord, 'THOIGIANGIAIQUYET' AS key, t.time -> 'THOIGIANGIAIQUYET' AS value
               UNION ALL
               SELECT t.t_ord * 1000000 + f.f_ord, 'SOTIEN', f.fee -> 'SOTIEN'
                 FROM jsonb_path_query(t.time, '$.PHILEPHI[*]') WITH ORDINALITY f (fee, f_ord)) n
         WHERE jsonb_typeof(e.code_json) = 'string' AND e.code <> ''
    ), problems AS (
        SELECT e.pos, 0 AS ord, '23502' AS sqlstate,
               format('entry %s of the catalogue has no MATTHC', e.pos) AS message,
               format('The entry is %s.', left(e.entry::text, 200)) AS detail,
               'Every LayThuTuc entry names its procedure by its code in MATTHC, e.g. "MATTHC": "1.004227".' AS hint
          FROM e
         WHERE coalesce(jsonb_typeof(e.code_json), 'null') = 'null'
            OR (jsonb_typeof(e.code_json) = 'string' AND e.code = '')
        UNION ALL
        SELECT e.pos, 0, '22023',
               format('entry %s of the catalogue: MATTHC %s is a JSON %s, not a string', e.pos, e.code_json, jsonb_typeof(e.code_json)),
               NULL,
               'Write procedure codes as JSON strings, e.g. "1.004227": a number loses the code''s trailing zeros.'
          FROM e
         WHERE jsonb_typeof(e.code_json) NOT IN ('string', 'null')
        UNION ALL
        SELECT n.pos, n.ord, '22P02',
               format('procedure %s: %s %s is not a non-negative number', n.code, n.key, n.value),
               format('Entry %s of the catalogue.', n.pos),
               'Write a number as a JSON number or a string of digits with a decimal point, e.g. 15, "15" or "0.5".'
          FROM numbers n
         WHERE jsonb_typeof(n.value) NOT IN ('number', 'string', 'null')
            OR (jsonb_typeof(n.value) IN ('number', 'string') AND (n.value #>> '{}') !~ numeric_text)
        UNION ALL
        SELECT n.pos, n.ord, '22003',
               format('procedure %s: %s %s is out of range', n.code, n.key, n.value),
               format('Entry %s of the catalogue.', n.pos),
               'A time limit is at most 999999.99 working days or hours.'
          FROM numbers n
         WHERE n.key = 'THOIGIANGIAIQUYET' AND jsonb_typeof(n.value) IN ('number', 'string')
           AND (n.value #>> '{}') ~ numeric_text AND (n.value #>> '{}') ~ '[0-9]'
           AND round((n.value #>> '{}')::numeric, 2) > 999999.99
        UNION ALL
        SELECT w.pos, 0, '23502',
               format('procedure %s is new and has no TENTTHC', w.code),
               format('Entry %s of the catalogue; the procedure is not in govindex.procedures.', w.pos),
               'A new procedure needs its name: add TENTTHC to the entry.'
          FROM winner w
         WHERE coalesce(btrim(w.entry ->> 'TENTTHC'), '') = ''
           AND NOT EXISTS (SELECT FROM govindex.procedures p WHERE p.code = w.code)
    )
    SELECT * INTO problem FROM problems ORDER BY pos, ord, sqlstate LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%', problem.message
            USING ERRCODE = problem.sqlstate,
                  DETAIL = concat_ws(' ', problem.detail, 'Nothing was loaded.'),
                  HINT = problem.hint;
    END IF;

    RETURN QUERY
    WITH e AS (
        SELECT x.pos, x.entry, btrim(x.entry ->> 'MATTHC') AS code
          FROM jsonb_array_elements(entries) WITH ORDINALITY x (entry, pos)
    ), winner AS (  -- the later entry of a code wins
        SELECT DISTINCT ON (e.code) e.code, e.entry FROM e ORDER BY e.code, e.pos DESC
    ), r AS MATERIALIZED (
        SELECT w.code,
               nullif(btrim(w.entry ->> 'TENTTHC'), '') AS name_vi,
               nullif(btrim(jsonb_path_query_first(w.entry, '$.LINHVUCTHUCHIEN[0].TENLINHVUC') #>> '{}'), '') AS field,
               fee.bearing AS fee_bearing, subj.subject, tl.time_limit, tl.time_limit_unit, tl.not_read,
               EXISTS (SELECT FROM govindex.procedures p WHERE p.code = w.code) AS known
          FROM winner w
         -- carried when the entry has a channel: fees are listed under its times
         CROSS JOIN LATERAL (
               SELECT CASE WHEN jsonb_path_exists(w.entry, '$.CACHTHUCTHUCHIEN[*] ? (@.type() != "null")')
                           THEN coalesce(bool_or(CASE WHEN (f.fee -> 'SOTIEN' #>> '{}') ~ '[0-9]'
                                                      THEN (f.fee -> 'SOTIEN' #>> '{}')::numeric > 0 END), false)
                           END AS bearing
                 FROM jsonb_path_query(w.entry, '$.CACHTHUCTHUCHIEN[*].THOIGIAN[*].PHILEPHI[*]') f (fee)) fee
         CROSS JOIN LATERAL (
               SELECT CASE WHEN bool_or(s.citizen) AND bool_or(NOT s.citizen) THEN 'both'
                           WHEN bool_or(s.citizen) THEN 'citizen'
                           WHEN bool_or(NOT s.citizen) THEN 'organization'
                           END::govindex.procedure_subject AS subject
                 FROM (SELECT lower(btrim(piece, E' \t\r\n.')) IN (lower('Công dân Việt Nam'),
                                  lower('Người Việt Nam định cư ở nước ngoài'), lower('Người nước ngoài'),
                                  lower('Cá nhân')) AS citizen
                         FROM (SELECT CASE WHEN utf8 THEN normalize(n.name, NFC) ELSE n.name END AS name
                                 FROM jsonb_path_query(w.entry, CASE WHEN jsonb_path_exists(w.entry, '$.DOITUONGTHUCHIEN[*] ? (@.type() != "null")')
                                                                     THEN '$.DOITUONGTHUCHIEN[*]' ELSE '$.MOTADOITUONGTHUCHIEN[*]' END::jsonpath) l (item)
                                CROSS JOIN LATERAL (SELECT coalesce(l.item ->> 'TENDOITUONG',
                                                                    CASE WHEN jsonb_typeof(l.item) = 'string' THEN l.item #>> '{}' END)) n (name)) named
                        CROSS JOIN LATERAL regexp_split_to_table(named.name, '\s*(;|,|\n|\s+và\s+|\s+hoặc\s+)\s*') piece
                        WHERE btrim(piece, E' \t\r\n.') <> '') s) subj
         CROSS JOIN LATERAL (
               SELECT (array_agg(t.value ORDER BY t.hours DESC, t.unit) FILTER (WHERE t.unit IS NOT NULL))[1] AS time_limit,
                      (array_agg(t.unit ORDER BY t.hours DESC, t.unit) FILTER (WHERE t.unit IS NOT NULL))[1] AS time_limit_unit,
                      coalesce(bool_or(t.unit IS NULL), false) AS not_read
                 FROM (SELECT v.value, u.unit, v.value * CASE u.unit WHEN 'working_day' THEN 8 ELSE 1 END AS hours
                         FROM jsonb_path_query(w.entry, '$.CACHTHUCTHUCHIEN[*].THOIGIAN[*]') tg (time)
                        CROSS JOIN LATERAL (SELECT round((tg.time -> 'THOIGIANGIAIQUYET' #>> '{}')::numeric, 2) AS value
                                             WHERE (tg.time -> 'THOIGIANGIAIQUYET' #>> '{}') ~ '[0-9]') v
                        CROSS JOIN LATERAL (SELECT regexp_replace(btrim(tg.time ->> 'DONVITINH'), '\s+', ' ', 'g')) d (unit)
                        CROSS JOIN LATERAL (SELECT CASE lower(CASE WHEN utf8 THEN normalize(d.unit, NFC) ELSE d.unit END)
                                                   WHEN lower('Ngày làm việc') THEN 'working_day'
                                                   WHEN lower('Giờ làm việc') THEN 'working_hour'
                                                   END::govindex.time_unit AS unit) u) t
              ) tl
    ), changed AS (
        -- what the entry gives a known procedure; a time not read leaves its time limit as
        -- it is.  Rows that would not change are not rewritten: a nightly synchronisation
        -- rewrites nothing, and the trigger of the daily summaries (dossier_days.sql)
        -- compares only the rows that changed.
        SELECT q.id, n.*
          FROM r JOIN govindex.procedures q ON q.code = r.code
         CROSS JOIN LATERAL (
               SELECT coalesce(r.name_vi, q.name_vi) AS name_vi, coalesce(r.field, q.field) AS field,
                      coalesce(r.fee_bearing, q.fee_bearing) AS fee_bearing, coalesce(r.subject, q.subject) AS subject,
                      CASE WHEN r.time_limit IS NOT NULL AND NOT r.not_read THEN r.time_limit ELSE q.time_limit END AS time_limit,
                      CASE WHEN r.time_limit IS NOT NULL AND NOT r.not_read THEN r.time_limit_unit ELSE q.time_limit_unit END
                          AS time_limit_unit) n
         WHERE (n.name_vi, n.field, n.fee_bearing, n.subject, n.time_limit, n.time_limit_unit)
               IS DISTINCT FROM (q.name_vi, q.field, q.fee_bearing, q.subject, q.time_limit, q.time_limit_unit)
    ), updated AS (
        UPDATE govindex.procedures p
           SET (name_vi, field, fee_bearing, subject, time_limit, time_limit_unit)
             = (c.name_vi, c.field, c.fee_bearing, c.subject, c.time_limit, c.time_limit_unit)
          FROM changed c
         WHERE p.id = c.id
    ), inserted AS (
        -- what the entry does not carry takes the table's defaults (src/procedures.sql)
        INSERT INTO govindex.procedures (code, name_vi, field, fee_bearing, subject, time_limit, time_limit_unit)
        SELECT r.code, r.name_vi, r.field, coalesce(r.fee_bearing, false), coalesce(r.subject, 'both'),
               CASE WHEN NOT r.not_read THEN r.time_limit END,
               coalesce(CASE WHEN NOT r.not_read THEN r.time_limit_unit END, 'working_day')
          FROM r
         WHERE NOT r.known
        RETURNING code
    )
    -- updated: the known procedures of the entries, as load_dossiers counts them
    SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM r WHERE r.known),
           (SELECT count(*) FROM r WHERE r.not_read);
END $$;
COMMENT ON FUNCTION govindex.load_portal_catalogue(jsonb) IS
    'Loads the procedure catalogue of the national procedure database (a JSON array of LayThuTuc entries): new codes are inserted, known ones updated in the columns the format carries (name, field, time limit, fee, subject); a bad entry fails the whole call naming its MATTHC — Nạp danh mục thủ tục hành chính từ CSDL quốc gia';


-- ---- catalogue: a catalogue load that changes many procedures marks the summaries stale
-- at once (src/dossier_days.sql)
-- EXCEPT, not a join on id: the transition tables have no statistics, and a join of
-- them was planned as a nested loop (10,000 updated procedures took 27 s)
CREATE OR REPLACE FUNCTION govindex.dossier_days_mark_procedures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT o.id, o.time_limit, o.time_limit_unit, o.fee_bearing, o.paper_result_required FROM old_rows o
               EXCEPT
               SELECT n.id, n.time_limit, n.time_limit_unit, n.fee_bearing, n.paper_result_required FROM new_rows n)
    THEN
        PERFORM govindex.dossier_days_mark_every_day();
    END IF;
    RETURN NULL;
END $$;

-- ---- counting: the portal's own counting rules (METHODOLOGY.md §1.6).  dossier_stats is
-- of format version 3, with the counters online_with_result, digitized_with_result,
-- fee_zero and fee_zero_paid_online (the C code; versions 1 and 2 are still read, their
-- later counters as their rules counted them); the registry (dossier_stats_metrics)
-- counts ONLINE_SUBMISSION as online_with_result/received × synced/received, the
-- payment rate without the zero-fee dossiers and SO_HOA_GIAY_TO_GIAI_QUYET with the
-- result.  No SQL object changes; every daily summary is stale, so that
-- refresh_dossier_days() counts the new counters (until then reports read the rows).
SELECT govindex.dossier_days_mark_every_day();

-- ---- federation: province databases attached through postgres_fdw (src/federation.sql, whole)
-- federation.sql — a national or regional view over province databases (postgres_fdw).
-- Each province keeps its own govindex database (a shard); a coordinator attaches
-- them as foreign servers and reads per-unit dossier_stats states from them.  Only
-- states cross the network: the coordinator sends each shard one aggregate query per
-- window (the server lists govindex among its shippable extensions, so postgres_fdw
-- runs dossier_stats on the shard, GROUP BY unit) and gets one row per unit back,
-- whatever the number of dossiers; it merges them with rollup.  A shard that cannot
-- be reached, or runs another govindex version or procedure catalogue, is an error
-- naming it: never a partial result.
--
-- The coordinator's tree holds the shards' units as mirrors: attach_shard copies each
-- shard's units (codes, names, levels, parents and successors by code) under one
-- national root (a unit of level 'nation', created on the first attach), and records
-- their shard in shard_units.  Mirrored units are read-only there: attach_shard,
-- refresh_shard and detach_shard are their only writers, through the ordinary write
-- path (the tree's triggers check them as any other change); everything else that
-- writes them, or a dossier, petition or publication of theirs, is refused.  The
-- reports (unit_stats, and through it index766*, readings) read a mirrored unit's
-- own dossiers as the state its shard computes (federated_unit_states); petitions and
-- publications likewise as per-unit rates (federated_petition_rates,
-- federated_publication_rates).

-- Shard side: what a coordinator reads.  The dossiers with the due date and procedure
-- attributes the metrics use (dossier_due_dates, computed on the shard with its own
-- calendar) and the unit's code, which is the unit's identity across databases.  One
-- relation, so that postgres_fdw can push the per-unit aggregate down.
CREATE VIEW govindex.federation_dossier_inputs WITH (security_invoker = true) AS
SELECT u.code AS unit_code, d.*
  FROM govindex.dossier_due_dates d
  JOIN govindex.units u ON u.id = d.unit_id;
COMMENT ON VIEW govindex.federation_dossier_inputs IS
    'Shard side of a federation: dossier_due_dates with each dossier''s unit code, which a coordinator aggregates per unit through postgres_fdw — Hồ sơ kèm mã đơn vị, để máy điều phối tổng hợp theo đơn vị';

-- Shard side: the units, their parents and successors by code (ids are each database's own).
CREATE VIEW govindex.federation_units WITH (security_invoker = true) AS
SELECT u.code, u.name_vi, u.name_en, u.level, l.depth AS level_depth, l.name_vi AS level_name_vi,
       l.name_en AS level_name_en, p.code AS parent_code, u.valid_from, u.valid_to, s.code AS successor_code
  FROM govindex.units u
  JOIN govindex.unit_levels l ON l.level = u.level
  LEFT JOIN govindex.units p ON p.id = u.parent_id
  LEFT JOIN govindex.units s ON s.id = u.successor_id;
COMMENT ON VIEW govindex.federation_units IS
    'Shard side of a federation: the units with their level, parent and successor by code, which a coordinator mirrors — Cây đơn vị theo mã, để máy điều phối sao chép';

-- Shard side: petitions with the due date the metrics use (the rule's, on the shard's
-- calendar, when a petition has none), by unit code.
CREATE VIEW govindex.federation_petition_inputs WITH (security_invoker = true) AS
SELECT u.code AS unit_code, pt.kind, pt.received_at, pt.ended_at, pt.likes, pt.dislikes, pt.follow_up_complaint,
       coalesce(pt.due_at,
                govindex.legal_due_at(pt.received_at,
                    (SELECT r.working_days FROM govindex.deadline_rules r
                      WHERE r.rule = 'petition' ORDER BY r.since DESC LIMIT 1),
                    'working_day', '{}', (SELECT govindex.default_calendar()), true)) AS due_at
  FROM govindex.petitions pt
  JOIN govindex.units u ON u.id = pt.unit_id;
COMMENT ON VIEW govindex.federation_petition_inputs IS
    'Shard side of a federation: petitions with their due date (the petition rule''s when none is given) and unit code — Phản ánh, kiến nghị kèm hạn xử lý và mã đơn vị';

-- Shard side: procedure publications with their due dates (the rules', on the shard's
-- calendar, when none is given), the procedure's filter attributes, by unit code.
CREATE VIEW govindex.federation_publication_inputs WITH (security_invoker = true) AS
SELECT u.code AS unit_code, p.code AS procedure_code, p.field, p.project06,
       pp.published_on, pp.made_public_on, pp.content_complete, d.publish_due,
       coalesce(pp.public_due,
                govindex.deadline_after('public_disclosure', coalesce(pp.published_on, d.publish_due),
                                        (SELECT govindex.default_calendar()))) AS public_due
  FROM govindex.procedure_publications pp
  JOIN govindex.units u ON u.id = pp.unit_id
  JOIN govindex.procedures p ON p.id = pp.procedure_id
 CROSS JOIN LATERAL (SELECT coalesce(pp.publish_due,
                                     govindex.deadline_after('publication', pp.decided_on,
                                                             (SELECT govindex.default_calendar()))) AS publish_due) d;
COMMENT ON VIEW govindex.federation_publication_inputs IS
    'Shard side of a federation: procedure publications with their due dates and the procedure''s code, field and Project 06 flag, by unit code — Công bố thủ tục kèm hạn và mã đơn vị';

-- Shard side: what must match on the coordinator before its states are merged there:
-- the govindex version (the state's format and the metrics) and the procedure
-- catalogue (a state's procedure sets hold procedure ids, which the coordinator's
-- catalogue metrics read against its own procedures).
CREATE VIEW govindex.federation_shard_info WITH (security_invoker = true) AS
SELECT (SELECT e.extversion FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex') AS govindex_version,
       (SELECT pg_catalog.md5(coalesce(pg_catalog.string_agg(p.id::text || ':' || p.code, ',' ORDER BY p.id), ''))
          FROM govindex.procedures p) AS catalogue_digest;
COMMENT ON VIEW govindex.federation_shard_info IS
    'Shard side of a federation: the govindex version and a digest of the procedure catalogue (ids and codes), which must equal the coordinator''s — Phiên bản govindex và dấu vân tay danh mục thủ tục';

-- Coordinator side: the attached shards, each with the schema its foreign tables live in.
CREATE TABLE govindex.shards (
    server       name        PRIMARY KEY,
    schema_name  name        NOT NULL UNIQUE,
    attached_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE govindex.shards IS
    'Province databases attached to this coordinator through postgres_fdw (attach_shard) — Các cơ sở dữ liệu tỉnh được gắn vào máy điều phối';
COMMENT ON COLUMN govindex.shards.server IS 'Foreign server of the shard — Máy chủ ngoại';
COMMENT ON COLUMN govindex.shards.schema_name IS
    'Schema holding the shard''s foreign tables (federation_dossier_inputs, federation_shard_info) — Lược đồ chứa các bảng ngoại';
COMMENT ON COLUMN govindex.shards.attached_at IS 'When it was attached — Thời điểm gắn';
SELECT pg_catalog.pg_extension_config_dump('govindex.shards', '');

-- Coordinator side: which shard each mirrored unit comes from.
CREATE TABLE govindex.shard_units (
    unit_id  int  PRIMARY KEY REFERENCES govindex.units (id),
    server   name NOT NULL REFERENCES govindex.shards (server)
);
CREATE INDEX shard_units_server_idx ON govindex.shard_units (server);
COMMENT ON TABLE govindex.shard_units IS
    'Units of the coordinator''s tree mirrored from a shard (attach_shard, refresh_shard), read-only there — Đơn vị sao chép từ cơ sở dữ liệu tỉnh';
COMMENT ON COLUMN govindex.shard_units.unit_id IS 'The mirrored unit — Đơn vị';
COMMENT ON COLUMN govindex.shard_units.server IS 'The shard it comes from — Cơ sở dữ liệu tỉnh nguồn';
SELECT pg_catalog.pg_extension_config_dump('govindex.shard_units', '');

-- The national root the shards' provinces hang under on a coordinator: its one unit of
-- level 'nation' (a level above the province, depth -1), created on the first attach.
CREATE FUNCTION govindex.national_root() RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    roots int[] := ARRAY(SELECT u.id FROM govindex.units u WHERE u.level = 'nation' ORDER BY u.id);
    root  int;
BEGIN
    IF cardinality(roots) > 1 THEN
        RAISE EXCEPTION 'the coordinator has % units of level nation, one is the root of the shards'' provinces',
                        cardinality(roots)
            USING ERRCODE = 'cardinality_violation';
    ELSIF cardinality(roots) = 1 THEN
        RETURN roots[1];
    END IF;
    INSERT INTO govindex.unit_levels (level, depth, name_vi, name_en)
    VALUES ('nation', -1, 'Toàn quốc', 'Nation') ON CONFLICT (level) DO NOTHING;
    INSERT INTO govindex.units (code, name_vi, name_en, level) VALUES ('VN', 'Toàn quốc', 'Viet Nam', 'nation')
    RETURNING id INTO root;
    RETURN root;
END $$;
COMMENT ON FUNCTION govindex.national_root() IS
    'The coordinator''s unit of level nation, under which attached shards'' provinces are mirrored; created (code VN) when there is none — Đơn vị gốc toàn quốc của máy điều phối';

-- Mirrored units are read-only: a write to one (or under one) is refused unless it
-- comes from attach_shard, refresh_shard or detach_shard of its shard, which say so in
-- the transaction-local setting govindex.mirroring (a guard against mistakes, not a
-- privilege: whoever may write units could set it too).
CREATE FUNCTION govindex.mirrored_unit_shard(unit_id int) RETURNS name
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT s.server FROM govindex.shard_units s WHERE s.unit_id = mirrored_unit_shard.unit_id;
$$;
COMMENT ON FUNCTION govindex.mirrored_unit_shard(int) IS
    'The shard a unit of the coordinator''s tree is mirrored from, NULL for its own units — Cơ sở dữ liệu tỉnh nguồn của một đơn vị';

CREATE FUNCTION govindex.refuse_mirrored_unit(unit_id int, what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard name := govindex.mirrored_unit_shard(unit_id);
BEGIN
    IF shard IS NOT NULL AND shard IS DISTINCT FROM nullif(current_setting('govindex.mirroring', true), '') THEN
        RAISE EXCEPTION '% unit % is mirrored from shard %: read-only on the coordinator', what,
                        (SELECT u.code FROM govindex.units u WHERE u.id = refuse_mirrored_unit.unit_id), shard
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = pg_catalog.format('Change it on the shard, then SELECT govindex.refresh_shard(%L).', shard);
    END IF;
END $$;
COMMENT ON FUNCTION govindex.refuse_mirrored_unit(int, text) IS
    'Raises 55000 when a unit is mirrored from a shard and the write does not come from that shard''s attach, refresh or detach — Từ chối ghi vào đơn vị sao chép';

CREATE FUNCTION govindex.units_mirror_read_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM govindex.refuse_mirrored_unit(OLD.id, 'the');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.parent_id IS NOT NULL THEN
            PERFORM govindex.refuse_mirrored_unit(NEW.parent_id, 'the parent');
        END IF;
        IF NEW.successor_id IS NOT NULL THEN
            PERFORM govindex.refuse_mirrored_unit(NEW.successor_id, 'the successor');
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$;
COMMENT ON FUNCTION govindex.units_mirror_read_only() IS
    'Trigger: refuses writes of mirrored units, and of units placed under or merged into one, but from their shard''s attach, refresh or detach';
CREATE TRIGGER units_mirror_read_only BEFORE INSERT OR UPDATE OR DELETE ON govindex.units
    FOR EACH ROW EXECUTE FUNCTION govindex.units_mirror_read_only();

-- Petitions and publications of a mirrored unit live on its shard.  (Dossiers: their
-- statement trigger dossier_days_mark_written checks the units it wrote.)
CREATE FUNCTION govindex.unit_data_not_mirrored() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.refuse_mirrored_unit(NEW.unit_id, 'a ' || TG_ARGV[0] || ' of');
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.unit_data_not_mirrored() IS
    'Trigger: refuses a row (petition, publication) of a unit mirrored from a shard';
CREATE TRIGGER petitions_unit_not_mirrored BEFORE INSERT OR UPDATE OF unit_id ON govindex.petitions
    FOR EACH ROW EXECUTE FUNCTION govindex.unit_data_not_mirrored('petition');
CREATE TRIGGER procedure_publications_unit_not_mirrored BEFORE INSERT OR UPDATE OF unit_id ON govindex.procedure_publications
    FOR EACH ROW EXECUTE FUNCTION govindex.unit_data_not_mirrored('publication');

-- The shard's version and catalogue must be the coordinator's; a connection failure
-- becomes an error that names the shard (08001).  Checked at attach and at each read.
CREATE FUNCTION govindex.check_shard(server name) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard_schema name;
    version      text;
    digest       text;
    own_version  constant text := (SELECT e.extversion FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex');
    own_digest   constant text := (SELECT i.catalogue_digest FROM govindex.federation_shard_info i);
BEGIN
    SELECT s.schema_name INTO shard_schema FROM govindex.shards s WHERE s.server = check_shard.server;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shard % is not attached', server
            USING ERRCODE = 'undefined_object',
                  HINT = 'SELECT server FROM govindex.shards lists the attached shards; attach_shard() attaches one.';
    END IF;
    BEGIN
        EXECUTE pg_catalog.format('SELECT i.govindex_version, i.catalogue_digest FROM %I.federation_shard_info i',
                                  shard_schema)
           INTO version, digest;
    EXCEPTION WHEN connection_exception OR sqlclient_unable_to_establish_sqlconnection THEN
        RAISE EXCEPTION 'shard % cannot be reached: no report over the federation without it', server
            USING ERRCODE = 'sqlclient_unable_to_establish_sqlconnection', DETAIL = SQLERRM,
                  HINT = 'Bring the shard back, or detach_shard() it to report without it.';
    END;
    IF version IS DISTINCT FROM own_version THEN
        RAISE EXCEPTION 'shard % runs govindex %, the coordinator %', server, coalesce(version, '(none)'), own_version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Update both to the same version (ALTER EXTENSION govindex UPDATE).';
    END IF;
    IF digest IS DISTINCT FROM own_digest THEN
        RAISE EXCEPTION 'shard % has another procedure catalogue than the coordinator', server
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'States count procedures by id: the ids and codes of govindex.procedures must be the same on both.',
                  HINT = 'Load the same national catalogue on the shard and the coordinator.';
    END IF;
END $$;
COMMENT ON FUNCTION govindex.check_shard(name) IS
    'Checks that an attached shard answers and has the coordinator''s govindex version and procedure catalogue; an error naming it otherwise (08001, 55000) — Kiểm tra một cơ sở dữ liệu tỉnh đã gắn';

-- The foreign tables a shard's schema holds on the coordinator.
CREATE FUNCTION govindex.shard_foreign_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN ARRAY['federation_dossier_inputs', 'federation_petition_inputs', 'federation_publication_inputs',
             'federation_shard_info', 'federation_units'];
COMMENT ON FUNCTION govindex.shard_foreign_tables() IS
    'The shard-side views a coordinator imports from each shard as foreign tables — Các bảng ngoại nhập từ mỗi cơ sở dữ liệu tỉnh';

-- Mirror a shard's units into the coordinator's tree, or drop the mirror (keep =
-- false): new units are inserted, changed ones updated, gone ones deleted, all through
-- the ordinary write path; then parents and successors are set by code, the shard's
-- roots under the national root, so the tree's triggers check the result as a whole.
CREATE FUNCTION govindex.mirror_shard_units(server name, keep bool) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard_schema constant name := (SELECT s.schema_name FROM govindex.shards s WHERE s.server = mirror_shard_units.server);
    clash        record;
    root         int;
BEGIN
    IF shard_schema IS NULL THEN
        RAISE EXCEPTION 'shard % is not attached', server USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM govindex.lock_unit_tree();
    PERFORM pg_catalog.set_config('govindex.mirroring', server, true);
    IF pg_catalog.to_regclass('pg_temp.mirror_units') IS NOT NULL THEN
        DROP TABLE pg_temp.mirror_units;
    END IF;
    CREATE TEMP TABLE mirror_units (LIKE govindex.federation_units) ON COMMIT DROP;
    IF keep THEN
        EXECUTE pg_catalog.format('INSERT INTO pg_temp.mirror_units SELECT * FROM %I.federation_units', shard_schema);
        root := govindex.national_root();
        SELECT m.code, s.server AS owner INTO clash
          FROM pg_temp.mirror_units m
          JOIN govindex.units u ON u.code = m.code
          LEFT JOIN govindex.shard_units s ON s.unit_id = u.id
         WHERE s.server IS DISTINCT FROM mirror_shard_units.server
         ORDER BY m.code LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'unit % of shard % is already on the coordinator%', clash.code, server,
                            coalesce(', mirrored from shard ' || clash.owner, ' as one of its own units')
                USING ERRCODE = 'unique_violation',
                      HINT = 'A unit code names one unit across the federation: rename or remove one of them.';
        END IF;
        INSERT INTO govindex.unit_levels (level, depth, name_vi, name_en)
        SELECT DISTINCT m.level, m.level_depth, m.level_name_vi, m.level_name_en FROM pg_temp.mirror_units m
        ON CONFLICT (level) DO NOTHING;
    END IF;
    -- unlink what goes, so that it can be deleted in any order
    UPDATE govindex.units u SET parent_id = NULL, successor_id = NULL
      FROM govindex.shard_units s
     WHERE s.unit_id = u.id AND s.server = mirror_shard_units.server
       AND NOT EXISTS (SELECT FROM pg_temp.mirror_units m WHERE m.code = u.code)
       AND (u.parent_id IS NOT NULL OR u.successor_id IS NOT NULL);
    WITH gone AS (
        DELETE FROM govindex.shard_units s
         USING govindex.units u
         WHERE u.id = s.unit_id AND s.server = mirror_shard_units.server
           AND NOT EXISTS (SELECT FROM pg_temp.mirror_units m WHERE m.code = u.code)
        RETURNING s.unit_id
    )
    DELETE FROM govindex.units u USING gone g WHERE u.id = g.unit_id;
    IF keep THEN
        PERFORM govindex.mirror_shard_units_write(server, root);
    END IF;
    -- the rest of the transaction writes mirrored units no more
    PERFORM pg_catalog.set_config('govindex.mirroring', '', true);
END $$;
COMMENT ON FUNCTION govindex.mirror_shard_units(name, bool) IS
    'Mirrors an attached shard''s units into the coordinator''s tree under the national root (or removes them, keep = false), through the ordinary write path — Sao chép cây đơn vị của một cơ sở dữ liệu tỉnh';

-- mirror_shard_units' second half: the shard's units (in pg_temp.mirror_units) updated
-- and added, then placed by code under their parents and successors.
CREATE FUNCTION govindex.mirror_shard_units_write(server name, root int) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    UPDATE govindex.units u
       SET name_vi = m.name_vi, name_en = m.name_en, level = m.level, valid_from = m.valid_from, valid_to = m.valid_to,
           successor_id = CASE WHEN m.valid_to IS NULL THEN NULL ELSE u.successor_id END
      FROM pg_temp.mirror_units m, govindex.shard_units s
     WHERE m.code = u.code AND s.unit_id = u.id AND s.server = mirror_shard_units_write.server
       AND (u.name_vi, u.name_en, u.level, u.valid_from, u.valid_to)
           IS DISTINCT FROM (m.name_vi, m.name_en, m.level, m.valid_from, m.valid_to);
    WITH added AS (
        INSERT INTO govindex.units (code, name_vi, name_en, level, valid_from, valid_to)
        SELECT m.code, m.name_vi, m.name_en, m.level, m.valid_from, m.valid_to
          FROM pg_temp.mirror_units m
         WHERE NOT EXISTS (SELECT FROM govindex.units u WHERE u.code = m.code)
         ORDER BY m.code
        RETURNING id
    )
    INSERT INTO govindex.shard_units (unit_id, server) SELECT a.id, server FROM added a;
    UPDATE govindex.units u
       SET parent_id = coalesce(p.id, root), successor_id = sc.id
      FROM pg_temp.mirror_units m
      LEFT JOIN govindex.units p ON p.code = m.parent_code
      LEFT JOIN govindex.units sc ON sc.code = m.successor_code
     WHERE m.code = u.code
       AND (u.parent_id, u.successor_id) IS DISTINCT FROM (coalesce(p.id, root), sc.id);
END $$;
COMMENT ON FUNCTION govindex.mirror_shard_units_write(name, int) IS
    'Part of mirror_shard_units: updates and adds the shard''s units, then sets their parents (the shard''s roots under the national root) and successors by code';

-- Attach a foreign server (created beforehand with its user mapping): its foreign
-- tables go to a schema of their own, govindex becomes one of its shippable
-- extensions, its units are mirrored.
CREATE FUNCTION govindex.attach_shard(server name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    srv          pg_catalog.pg_foreign_server;
    shard_schema constant name := 'govindex_shard_' || server;
    extensions   text;
BEGIN
    SELECT * INTO srv FROM pg_catalog.pg_foreign_server s WHERE s.srvname = attach_shard.server;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown foreign server %', server
            USING ERRCODE = 'undefined_object',
                  HINT = 'CREATE SERVER ... FOREIGN DATA WRAPPER postgres_fdw and CREATE USER MAPPING first.';
    END IF;
    IF EXISTS (SELECT FROM govindex.shards s WHERE s.server = attach_shard.server) THEN
        RAISE EXCEPTION 'shard % is already attached', server USING ERRCODE = 'duplicate_object';
    END IF;
    SELECT pg_catalog.substr(o, 12) INTO extensions
      FROM pg_catalog.unnest(srv.srvoptions) o WHERE o LIKE 'extensions=%';
    IF extensions IS NULL THEN
        EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (ADD extensions %L)', server, 'govindex');
    ELSIF NOT 'govindex' = ANY (pg_catalog.string_to_array(pg_catalog.replace(extensions, ' ', ''), ',')) THEN
        EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (SET extensions %L)', server, extensions || ',govindex');
    END IF;
    EXECUTE pg_catalog.format('CREATE SCHEMA %I', shard_schema);
    EXECUTE pg_catalog.format('IMPORT FOREIGN SCHEMA govindex LIMIT TO (%s) FROM SERVER %I INTO %I',
                              (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(t), ', ')
                                 FROM pg_catalog.unnest(govindex.shard_foreign_tables()) t),
                              server, shard_schema);
    INSERT INTO govindex.shards (server, schema_name) VALUES (server, shard_schema);
    PERFORM govindex.check_shard(server);
    PERFORM govindex.mirror_shard_units(server, true);
END $$;
COMMENT ON FUNCTION govindex.attach_shard(name) IS
    'Attaches a postgres_fdw foreign server as a shard: imports its federation views into schema govindex_shard_SERVER, checks its version and catalogue and mirrors its units under the national root — Gắn một cơ sở dữ liệu tỉnh';

-- After the shard's tree changed: mirror it again.
CREATE FUNCTION govindex.refresh_shard(server name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.check_shard(server);
    PERFORM govindex.mirror_shard_units(server, true);
END $$;
COMMENT ON FUNCTION govindex.refresh_shard(name) IS
    'Mirrors an attached shard''s units again, after its tree changed: adds, updates and removes the coordinator''s copies — Cập nhật bản sao cây đơn vị của một cơ sở dữ liệu tỉnh';

CREATE FUNCTION govindex.detach_shard(server name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard_schema name := (SELECT s.schema_name FROM govindex.shards s WHERE s.server = detach_shard.server);
BEGIN
    IF shard_schema IS NULL THEN
        RAISE EXCEPTION 'shard % is not attached', server USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM govindex.mirror_shard_units(server, false);
    DELETE FROM govindex.shards s WHERE s.server = detach_shard.server;
    EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', shard_schema);
END $$;
COMMENT ON FUNCTION govindex.detach_shard(name) IS
    'Detaches a shard: removes its mirrored units and drops its foreign tables; the foreign server and user mapping stay — Gỡ một cơ sở dữ liệu tỉnh';

-- The attached shards a report reads: all of them, the one named, or those holding
-- units of a subtree of the coordinator's tree (root_code); each checked first, so
-- that one that fails stops the whole read before any row.
CREATE FUNCTION govindex.report_shards(server name DEFAULT NULL, root_code text DEFAULT NULL)
RETURNS SETOF govindex.shards
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s      govindex.shards;
    chosen govindex.shards[] := ARRAY(
        SELECT x FROM govindex.shards x
         WHERE (report_shards.server IS NULL OR x.server = report_shards.server)
           AND (report_shards.root_code IS NULL
                OR EXISTS (SELECT FROM govindex.unit_subtree(report_shards.root_code) t
                             JOIN govindex.shard_units su ON su.unit_id = t.unit_id
                            WHERE su.server = x.server))
         ORDER BY x.server);
BEGIN
    IF server IS NOT NULL AND cardinality(chosen) = 0 THEN
        PERFORM govindex.check_shard(server);   -- says it is not attached
    END IF;
    FOREACH s IN ARRAY chosen LOOP
        PERFORM govindex.check_shard(s.server);
    END LOOP;
    RETURN QUERY SELECT (c).* FROM pg_catalog.unnest(chosen) c;
END $$;
COMMENT ON FUNCTION govindex.report_shards(name, text) IS
    'The attached shards a report reads (all, one, or those holding units under a root code), each checked first: an error naming one that is down or differs — Các cơ sở dữ liệu tỉnh mà một báo cáo đọc';

-- Every unit's own dossier_stats on every attached shard (or the one named), for a
-- window and the procedure filters of unit_stats: one remote aggregate per shard,
-- filters included, one row per unit back.
CREATE FUNCTION govindex.shard_unit_states(
    "window" tstzrange,
    server name DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (shard name, unit_code text, stats govindex.dossier_stats)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s   govindex.shards;
    w   constant tstzrange := govindex.checked_window("window", 'window');
BEGIN
    PERFORM govindex.report_arguments_sound(w, procedure_codes);
    FOR s IN SELECT * FROM govindex.report_shards(server) LOOP
        RETURN QUERY EXECUTE pg_catalog.format($q$
            SELECT %L::name, r.unit_code, r.stats
              FROM (SELECT d.unit_code, govindex.dossier_stats(d.received_at, d.due_at, d.ended_at,
                  d.end_status, d.supplement_requests, d.supplement_periods, d.channel,
                  d.procedure_id, d.paper_result_required, d.fee_bearing, d.synced,
                  d.electronic_result, d.digitized, d.reused_data, d.personal_store,
                  d.population_data, d.paid_online, d.fee_amount, d.rating, $1) AS stats
                      FROM %I.federation_dossier_inputs d
                     WHERE d.received_at < upper($1) AND (d.ended_at IS NULL OR d.ended_at >= lower($1))%s%s%s
                     GROUP BY d.unit_code) r$q$, s.server, s.schema_name,
                CASE WHEN procedure_codes IS NOT NULL THEN ' AND d.procedure_code = ANY ($2)' ELSE '' END,
                CASE WHEN procedure_field IS NOT NULL THEN ' AND d.field = $3' ELSE '' END,
                CASE WHEN project06_only THEN ' AND d.project06' ELSE '' END)
          USING w, procedure_codes, procedure_field;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.shard_unit_states(tstzrange, name, text[], text, bool) IS
    'The dossier_stats of every unit''s own dossiers on every attached shard (or one), for a window and procedure filters, computed on the shard: one row per unit crosses the network; an error naming a shard that is down or differs — Số liệu hồ sơ của từng đơn vị trên các cơ sở dữ liệu tỉnh';

-- unit_stats' source for the mirrored units: their shards' states, by the coordinator's
-- ids.  Nothing (and no remote call) when no shard is attached.  PARALLEL RESTRICTED:
-- it runs in the leader, and the single node's parallel plans stay as they are.
CREATE FUNCTION govindex.federated_unit_states(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, stats govindex.dossier_stats)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100 SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s govindex.shards;
BEGIN
    IF NOT EXISTS (SELECT FROM govindex.shards) THEN
        RETURN;
    END IF;
    FOR s IN SELECT * FROM govindex.report_shards(NULL, root_code) LOOP
        RETURN QUERY
            SELECT su.unit_id, f.stats
              FROM govindex.shard_unit_states("window", s.server, procedure_codes, procedure_field, project06_only) f
              JOIN govindex.units u ON u.code = f.unit_code
              JOIN govindex.shard_units su ON su.unit_id = u.id AND su.server = s.server;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.federated_unit_states(tstzrange, text, text[], text, bool) IS
    'unit_stats'' source for units mirrored from shards: each one''s own dossier_stats, computed on its shard, by the coordinator''s unit id; nothing when no shard is attached — Số liệu hồ sơ của các đơn vị sao chép, tính trên cơ sở dữ liệu tỉnh';

-- index766_petitions' source for the mirrored units: each one's own petition rates
-- (rate_agg on the shard, one row a unit), which sum(rate) merges over a subtree.
CREATE FUNCTION govindex.federated_petition_rates("window" tstzrange, root_code text DEFAULT NULL)
RETURNS TABLE (unit_id int, about_procedures govindex.rate, about_staff govindex.rate,
               on_time govindex.rate, satisfied govindex.rate)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100 SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s govindex.shards;
    w constant tstzrange := govindex.checked_window("window", 'window');
BEGIN
    IF NOT EXISTS (SELECT FROM govindex.shards) THEN
        RETURN;
    END IF;
    FOR s IN SELECT * FROM govindex.report_shards(NULL, root_code) LOOP
        RETURN QUERY EXECUTE pg_catalog.format($q$
            SELECT su.unit_id, r.about_procedures, r.about_staff, r.on_time, r.satisfied
              FROM (SELECT pt.unit_code,
                           govindex.rate_agg(pt.kind = 'procedure')
                               FILTER (WHERE pt.received_at >= lower($1) AND pt.received_at < upper($1)) AS about_procedures,
                           govindex.rate_agg(pt.kind = 'staff')
                               FILTER (WHERE pt.received_at >= lower($1) AND pt.received_at < upper($1)) AS about_staff,
                           govindex.rate_agg(CASE WHEN pt.due_at IS NULL THEN NULL
                                                  WHEN pt.ended_at < upper($1) THEN pt.ended_at <= pt.due_at
                                                  ELSE pt.due_at >= upper($1) END)
                               FILTER (WHERE pt.received_at >= lower($1) AND pt.received_at < upper($1)) AS on_time,
                           govindex.rate_agg(NOT pt.follow_up_complaint AND pt.likes >= pt.dislikes)
                               FILTER (WHERE pt.ended_at >= lower($1) AND pt.ended_at < upper($1)) AS satisfied
                      FROM %I.federation_petition_inputs pt
                     GROUP BY pt.unit_code) r
              JOIN govindex.units u ON u.code = r.unit_code
              JOIN govindex.shard_units su ON su.unit_id = u.id AND su.server = %L$q$, s.schema_name, s.server)
          USING w;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.federated_petition_rates(tstzrange, text) IS
    'index766_petitions'' source for units mirrored from shards: each one''s own petition rates, computed on its shard; nothing when no shard is attached — Tỷ lệ phản ánh, kiến nghị của các đơn vị sao chép';

-- index766_publication's source for the mirrored units: each one's own publication
-- rates for the procedures chosen by the filters, computed on the shard.
CREATE FUNCTION govindex.federated_publication_rates(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, published_on_time govindex.rate, public_on_time govindex.rate, content_full govindex.rate)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100 SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s          govindex.shards;
    w          constant tstzrange := govindex.checked_window("window", 'window');
    first_day  constant date := (pg_catalog.lower(w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    end_day    constant date := (pg_catalog.upper(w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
BEGIN
    IF NOT EXISTS (SELECT FROM govindex.shards) THEN
        RETURN;
    END IF;
    FOR s IN SELECT * FROM govindex.report_shards(NULL, root_code) LOOP
        RETURN QUERY EXECUTE pg_catalog.format($q$
            SELECT su.unit_id, r.published_on_time, r.public_on_time, r.content_full
              FROM (SELECT pp.unit_code,
                           govindex.rate_agg(coalesce(pp.published_on <= pp.publish_due, false))
                               FILTER (WHERE pp.publish_due >= $1 AND pp.publish_due < $2) AS published_on_time,
                           govindex.rate_agg(coalesce(pp.made_public_on <= pp.public_due, false))
                               FILTER (WHERE pp.public_due >= $1 AND pp.public_due < $2) AS public_on_time,
                           govindex.rate_agg(pp.content_complete) FILTER (WHERE pp.made_public_on < $2) AS content_full
                      FROM %I.federation_publication_inputs pp
                     WHERE true%s%s%s
                     GROUP BY pp.unit_code) r
              JOIN govindex.units u ON u.code = r.unit_code
              JOIN govindex.shard_units su ON su.unit_id = u.id AND su.server = %L$q$, s.schema_name,
                CASE WHEN procedure_codes IS NOT NULL THEN ' AND pp.procedure_code = ANY ($3)' ELSE '' END,
                CASE WHEN procedure_field IS NOT NULL THEN ' AND pp.field = $4' ELSE '' END,
                CASE WHEN project06_only THEN ' AND pp.project06' ELSE '' END, s.server)
          USING first_day, end_day, procedure_codes, procedure_field;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.federated_publication_rates(tstzrange, text, text[], text, bool) IS
    'index766_publication''s source for units mirrored from shards: each one''s own publication rates, computed on its shard; nothing when no shard is attached — Tỷ lệ công bố thủ tục của các đơn vị sao chép';

-- ---- src/unit_stats.sql

-- ---- federation: the coordinator's tree holds the shards' units under a national root
-- (a level 'nation', depth -1); the reports read mirrored units' dossiers, petitions
-- and publications from their shards (src/units.sql, src/dossier_days.sql,
-- src/unit_stats.sql, src/index766.sql)
ALTER TABLE govindex.unit_levels DROP CONSTRAINT unit_levels_depth_check,
    ADD CONSTRAINT unit_levels_depth_check CHECK (depth >= -1);
COMMENT ON COLUMN govindex.unit_levels.depth IS
    'Usual depth in the tree, 0 for the province (-1 for a federation''s nation); for ordering reports — Độ sâu thông thường trong cây (tỉnh = 0)';

CREATE OR REPLACE FUNCTION govindex.dossier_days_mark_written() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    -- on a federation's coordinator, dossiers of mirrored units live on their shard
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT FROM govindex.shard_units) THEN
        PERFORM govindex.refuse_mirrored_unit(m.unit_id, 'a dossier of')
           FROM (SELECT r.unit_id FROM new_rows r
                  WHERE EXISTS (SELECT FROM govindex.shard_units s WHERE s.unit_id = r.unit_id)
                  ORDER BY r.unit_id LIMIT 1) m;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM new_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                            WHERE s.day = d.day AND s.writer = pg_current_xact_id());
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM old_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                            WHERE s.day = d.day AND s.writer = pg_current_xact_id());
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_written() IS
    'Trigger: marks the days written dossiers were received and ended as stale; refuses dossiers of units mirrored from a shard';


CREATE OR REPLACE FUNCTION govindex.unit_stats(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, stats govindex.dossier_stats)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    -- each unit's own dossiers, from the rows or, when they cover the window, from the
    -- daily summaries (dossier_days.sql); one of the two branches runs
    own AS (
        -- (OFFSET 0 keeps the test above the parallel plan: a skipped branch starts no workers)
        SELECT r.unit_id, r.stats
          FROM (
            -- dossier_due_dates: the given due date, else the legal one (due_dates.sql)
            SELECT d.unit_id,
                   govindex.dossier_stats(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating, "window") AS stats
              FROM govindex.dossier_due_dates d
             WHERE d.received_at < upper("window")
               AND (d.ended_at IS NULL OR d.ended_at >= lower("window"))
               AND (procedure_codes IS NULL OR d.procedure_code = ANY (procedure_codes))
               AND (procedure_field IS NULL OR d.field = procedure_field)
               AND (NOT project06_only OR d.project06)
             GROUP BY d.unit_id
            OFFSET 0
          ) r
         -- the arguments are checked first (a CASE evaluates in order), whichever branch runs
         WHERE CASE WHEN govindex.report_arguments_sound("window", procedure_codes)
                    THEN NOT govindex.dossier_days_cover("window",
                             procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only) END
        UNION ALL
        SELECT p.unit_id, govindex.assemble(govindex.rollup(p.parts), "window")
          FROM (
            -- the received and ended parts of every day of the window
            SELECT s.unit_id, s.parts
              FROM govindex.dossier_days s
             WHERE s.day >= govindex.province_day(lower("window"))
               AND s.day < govindex.province_day(upper("window"))
            UNION ALL
            -- and the dossiers pending at the close, from the rows (by the index on ended_at)
            SELECT d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating, "window", 'pending')
              FROM govindex.dossier_due_dates d
             WHERE d.received_at < upper("window")
               AND (d.ended_at IS NULL OR d.ended_at >= upper("window"))
             GROUP BY d.unit_id
          ) p
         WHERE CASE WHEN govindex.report_arguments_sound("window", procedure_codes)
                    THEN govindex.dossier_days_cover("window",
                             procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only) END
         GROUP BY p.unit_id
        UNION ALL
        -- the units mirrored from shards (federation.sql): the states their shards compute
        SELECT f.unit_id, f.stats
          FROM govindex.federated_unit_states("window", root_code, procedure_codes, procedure_field, project06_only) f
    )
    SELECT c.ancestor_id,
           coalesce(govindex.rollup(o.stats), govindex.empty_dossier_stats(govindex.checked_window("window", 'window')))
      FROM closure c
      LEFT JOIN own o ON o.unit_id = c.descendant_id
     GROUP BY c.ancestor_id;
END;
COMMENT ON FUNCTION govindex.unit_stats(tstzrange, text, text[], text, bool) IS
    'dossier_stats of every unit under a root (all units when NULL), each over its whole subtree, for a window and optional procedure filters — Số liệu hồ sơ của từng đơn vị (gồm cấp dưới)';


CREATE OR REPLACE FUNCTION govindex.index766_publication(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT (lower(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS first_day,
               (upper(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS end_day
          FROM (SELECT govindex.checked_window("window", 'window') AS w) c
    ),
    closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    chosen AS MATERIALIZED (
        SELECT p.* FROM govindex.procedures p
         WHERE (procedure_codes IS NULL OR p.code = ANY (procedure_codes))
           AND (procedure_field IS NULL OR p.field = procedure_field)
           AND (NOT project06_only OR p.project06)
    ),
    -- each unit's own rates: of its publications here, or for a unit mirrored from a
    -- shard the rates its shard computes (federation.sql); merged over subtrees below
    own AS (
        SELECT pp.unit_id,
               govindex.rate_agg(coalesce(pp.published_on <= d.publish_due, false))
                   FILTER (WHERE d.publish_due >= b.first_day AND d.publish_due < b.end_day) AS published_on_time,
               govindex.rate_agg(coalesce(pp.made_public_on <= d.public_due, false))
                   FILTER (WHERE d.public_due >= b.first_day AND d.public_due < b.end_day) AS public_on_time,
               govindex.rate_agg(pp.content_complete) FILTER (WHERE pp.made_public_on < b.end_day) AS content_full
          FROM govindex.procedure_publications pp
          JOIN chosen p ON p.id = pp.procedure_id
         CROSS JOIN bounds b
         CROSS JOIN LATERAL (SELECT coalesce(pp.publish_due,
                                             govindex.deadline_after('publication', pp.decided_on,
                                                                     (SELECT govindex.default_calendar()))) AS publish_due) d0
         CROSS JOIN LATERAL (SELECT d0.publish_due,
                                    coalesce(pp.public_due,
                                             govindex.deadline_after('public_disclosure', coalesce(pp.published_on, d0.publish_due),
                                                                     (SELECT govindex.default_calendar()))) AS public_due) d
         WHERE pp.unit_id IN (SELECT c.descendant_id FROM closure c)
         GROUP BY pp.unit_id
        UNION ALL
        SELECT f.unit_id, f.published_on_time, f.public_on_time, f.content_full
          FROM govindex.federated_publication_rates("window", root_code, procedure_codes, procedure_field, project06_only) f
    ),
    publication AS (
        SELECT c.ancestor_id AS unit_id, govindex.sum(o.published_on_time) AS published_on_time,
               govindex.sum(o.public_on_time) AS public_on_time, govindex.sum(o.content_full) AS content_full
          FROM closure c
          JOIN own o ON o.unit_id = c.descendant_id
         GROUP BY c.ancestor_id
    )
    SELECT u.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM (SELECT DISTINCT c.ancestor_id AS unit_id FROM closure c) u
     CROSS JOIN bounds
      LEFT JOIN publication pb ON pb.unit_id = u.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PUBLISH_ON_TIME', pb.published_on_time),
        ('PUBLIC_UPDATE_ON_TIME', pb.public_on_time),
        ('PUBLIC_CONTENT_FULL', pb.content_full)
     ) m (code, value);
END;
COMMENT ON FUNCTION govindex.index766_publication(tstzrange, text, text[], text, bool) IS
    'The publication source of Index 766: procedures published and made public on time, with full content, for every unit under a root over its subtree — Nguồn công bố, công khai thủ tục của Bộ chỉ số 766';


CREATE OR REPLACE FUNCTION govindex.index766_petitions(
    "window" tstzrange,
    root_code text DEFAULT NULL)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT lower(c.w) AS opens, upper(c.w) AS closes
          FROM (SELECT govindex.checked_window("window", 'window') AS w) c
    ),
    closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    -- each unit's own rates: of its petitions here, or for a unit mirrored from a
    -- shard the rates its shard computes (federation.sql); merged over subtrees below
    own AS (
        SELECT pt.unit_id,
               govindex.rate_agg(pt.kind = 'procedure') FILTER (WHERE received) AS about_procedures,
               govindex.rate_agg(pt.kind = 'staff') FILTER (WHERE received) AS about_staff,
               govindex.rate_agg(CASE WHEN r.due_at IS NULL THEN NULL
                                      WHEN pt.ended_at < b.closes THEN pt.ended_at <= r.due_at
                                      ELSE r.due_at >= b.closes END) FILTER (WHERE received) AS on_time,
               govindex.rate_agg(NOT pt.follow_up_complaint AND pt.likes >= pt.dislikes)
                   FILTER (WHERE pt.ended_at >= b.opens AND pt.ended_at < b.closes) AS satisfied
          FROM govindex.petitions pt
         CROSS JOIN bounds b
         -- a petition without a due date is due by the petition rule of deadline_rules
         -- (15 working days after receipt; NULL when the calendar does not reach it)
         CROSS JOIN LATERAL (SELECT pt.received_at >= b.opens AND pt.received_at < b.closes AS received,
                                    coalesce(pt.due_at,
                                             govindex.legal_due_at(pt.received_at,
                                                 (SELECT r.working_days FROM govindex.deadline_rules r
                                                   WHERE r.rule = 'petition' ORDER BY r.since DESC LIMIT 1),
                                                 'working_day', '{}', (SELECT govindex.default_calendar()), true)) AS due_at) r
         WHERE pt.unit_id IN (SELECT c.descendant_id FROM closure c)
         GROUP BY pt.unit_id
        UNION ALL
        SELECT f.unit_id, f.about_procedures, f.about_staff, f.on_time, f.satisfied
          FROM govindex.federated_petition_rates("window", root_code) f
    ),
    petition AS (
        SELECT c.ancestor_id AS unit_id, govindex.sum(o.about_procedures) AS about_procedures,
               govindex.sum(o.about_staff) AS about_staff, govindex.sum(o.on_time) AS on_time,
               govindex.sum(o.satisfied) AS satisfied
          FROM closure c
          JOIN own o ON o.unit_id = c.descendant_id
         GROUP BY c.ancestor_id
    )
    SELECT u.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM (SELECT DISTINCT c.ancestor_id AS unit_id FROM closure c) u
     CROSS JOIN bounds
      LEFT JOIN petition pe ON pe.unit_id = u.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PETITION_CLASSIFICATION_TTHC', pe.about_procedures),
        ('PETITION_CLASSIFICATION_STAFF', pe.about_staff),
        ('PETITION_PROCESSING_ON_TIME', pe.on_time),
        ('PETITION_HANDLING_SATISFACTION', pe.satisfied)
     ) m (code, value);
END;
COMMENT ON FUNCTION govindex.index766_petitions(tstzrange, text) IS
    'The petitions source of Index 766: petitions by kind, handled on time, handled to satisfaction, for every unit under a root over its subtree — Nguồn phản ánh, kiến nghị của Bộ chỉ số 766';


-- ---- Citus: the reports refuse over tables distributed by Citus (src/citus.sql, whole:
-- single_node_report, citus_distributed_tables, citus_blockers, distribute), checked
-- where every report reads its tree (unit_closure), in late_dossiers_at and in
-- refresh_dossier_days.
CREATE FUNCTION govindex.citus_distributed_tables()
RETURNS SETOF regclass
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    -- without Citus's catalogue (one name look-up), nothing is distributed
    IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE
        'SELECT p.logicalrelid::regclass FROM pg_catalog.pg_dist_partition p
           JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
          WHERE c.relnamespace IN (''govindex''::regnamespace, ''govindex_partitions''::regnamespace)
            AND p.partmethod <> ''n''
          ORDER BY 1::text';
END $$;
COMMENT ON FUNCTION govindex.citus_distributed_tables() IS
    'The tables of govindex that Citus distributes (none on a single node); while there is one, the reports refuse — Các bảng của govindex được Citus phân tán';

-- True on a single node; on a Citus cluster where a table of govindex is distributed,
-- an error: the reports' SQL bodies would be planned over the coordinator's empty
-- shells.  The reports call it once per query (unit_closure, late_dossiers_at,
-- refresh_dossier_days), as a one-time filter that keeps their inlining and plans.
CREATE FUNCTION govindex.single_node_report()
RETURNS bool
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    distributed text;
BEGIN
    IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NULL THEN
        RETURN true;
    END IF;
    SELECT string_agg(t::text, ', ') INTO distributed FROM govindex.citus_distributed_tables() t;
    IF distributed IS NOT NULL THEN
        RAISE EXCEPTION 'govindex reports cannot run over tables distributed by Citus (%)', distributed
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'Citus plans the reports'' SQL bodies over the coordinator''s empty shell tables, '
                           'which would give wrong figures.',
                  HINT = 'Run the reports on a single-node copy, or keep govindex''s tables undistributed '
                         '(SELECT undistribute_table(...)); docs/scaling-out.md says what works on Citus.';
    END IF;
    RETURN true;
END $$;
COMMENT ON FUNCTION govindex.single_node_report() IS
    'True when the reports can run (no table of govindex distributed by Citus); an error otherwise — Kiểm tra báo cáo không chạy trên bảng phân tán Citus';

-- What stands in the way of distributing govindex's tables on this Citus coordinator.
-- Each item is a fact of this database; distribute() refuses while there is one.
CREATE FUNCTION govindex.citus_blockers()
RETURNS TABLE (object text, blocker text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    -- Citus refuses policies with subqueries on distributed and reference tables; the
    -- unit-subtree policies (access.sql) are of that kind
    RETURN QUERY
        SELECT c.oid::regclass::text, format('row-level security policy %s has a subquery, which Citus refuses', p.polname)
          FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
         WHERE c.relnamespace = 'govindex'::regnamespace
           AND c.relname IN ('dossiers', 'petitions', 'dossier_days', 'units', 'procedures', 'unit_procedures')
           AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) ~* '\mselect\M'
         ORDER BY 1, 2;
    -- triggers of the dossiers would run on the workers, each over its own shards:
    -- code uniqueness per worker only, stale marks in the workers' tables
    RETURN QUERY
        SELECT c.oid::regclass::text, format('%s triggers (code registry, stale daily summaries) would run on the workers', count(*))
          FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
         WHERE c.oid IN ('govindex.dossiers'::regclass, 'govindex.units'::regclass, 'govindex.procedures'::regclass)
           AND NOT t.tgisinternal
         GROUP BY c.oid ORDER BY 1;
    -- the foreign keys of the dossiers are declared per partition, which Citus refuses
    -- ("not inherited from its parent table")
    RETURN QUERY
        SELECT 'govindex.dossiers'::text, format('%s foreign keys declared on its partitions, not on the parent', count(*))
          FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_inherits i ON i.inhrelid = k.conrelid
         WHERE i.inhparent = 'govindex.dossiers'::regclass AND k.contype = 'f' AND k.conparentid = 0
        HAVING count(*) > 0;
    -- the reports' SQL bodies are planned over the coordinator's shells (single_node_report)
    RETURN QUERY SELECT 'govindex reports'::text, 'SQL-function bodies that Citus plans over the coordinator''s empty shells'::text;
END $$;
COMMENT ON FUNCTION govindex.citus_blockers() IS
    'What stands in the way of distributing govindex''s tables with Citus in this database, one row a blocker — Những trở ngại khi phân tán govindex bằng Citus';

-- Turns this database into a Citus cluster's govindex: dossiers, petitions and daily
-- summaries distributed by unit, catalogue tables as reference tables.  It refuses as a
-- whole (nothing is distributed) while citus_blockers() lists anything, which in this
-- version it always does: half a distribution would give wrong reports or lose the
-- checks that the triggers and policies make.
CREATE FUNCTION govindex.distribute()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    blockers text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE EXCEPTION 'Citus is not installed in database %', current_database()
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CREATE EXTENSION citus on the coordinator and the workers first; Citus comes from Citus''s own packages.';
    END IF;
    SELECT string_agg(format('%s: %s', b.object, b.blocker), '; ') INTO blockers FROM govindex.citus_blockers() b;
    IF blockers IS NOT NULL THEN
        RAISE EXCEPTION 'govindex cannot distribute its tables with Citus yet'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = blockers,
                  HINT = 'Keep govindex on one node, or a province database per node with a postgres_fdw coordinator (attach_shard); docs/scaling-out.md.';
    END IF;
END $$;
COMMENT ON FUNCTION govindex.distribute() IS
    'Distributes govindex over the Citus cluster of this coordinator; refuses, distributing nothing, while citus_blockers() lists anything — Phân tán govindex trên cụm Citus';

CREATE OR REPLACE FUNCTION govindex.unit_closure(root_code text DEFAULT NULL)
RETURNS TABLE (ancestor_id int, descendant_id int, distance int)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
SET search_path = pg_catalog, govindex, pg_temp
SET jit = off AS $$
    WITH RECURSIVE roots AS (
        SELECT s.unit_id AS id FROM govindex.unit_subtree(root_code) s WHERE root_code IS NOT NULL
        UNION ALL
        SELECT u.id FROM govindex.units u WHERE root_code IS NULL
    ),
    closure (ancestor_id, descendant_id, distance, path) AS (
        SELECT r.id, r.id, 0, ARRAY[r.id] FROM roots r
        UNION ALL
        SELECT c.ancestor_id, u.id, c.distance + 1, c.path || u.id
          FROM closure c
          JOIN govindex.units u ON u.parent_id = c.descendant_id OR u.successor_id = c.descendant_id
         WHERE NOT u.id = ANY (c.path)
    )
    SELECT DISTINCT ON (ancestor_id, descendant_id) ancestor_id, descendant_id, distance
      FROM closure
     -- every report reads its tree here: none over tables distributed by Citus (citus.sql)
     WHERE govindex.single_node_report()
     ORDER BY ancestor_id, descendant_id, distance;
$$;
COMMENT ON FUNCTION govindex.unit_closure(text) IS
    'Every (ancestor, descendant) pair under a root unit code, or of all units when NULL; distance 0 is the unit itself — Quan hệ đơn vị cấp trên, cấp dưới';

CREATE OR REPLACE FUNCTION govindex.late_dossiers_at("at" timestamptz, root_code text DEFAULT NULL)
RETURNS TABLE (
    unit_code text, unit_name text, dossier_code text, procedure_code text, procedure_name text,
    channel govindex.channel, received_at timestamptz, due_at timestamptz,
    days_overdue int, supplement_requests smallint, workdays_overdue int)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.code, u.name_vi, d.code, d.procedure_code, d.procedure_name, d.channel, d.received_at, d.due_at,
           CASE WHEN d.due_at IS NOT NULL
                THEN ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
           END,
           d.supplement_requests,
           -- working days in [due date, date of "at"), when the calendar covers both
           CASE WHEN d.due_at IS NOT NULL
                 AND (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= lower(cal.span)
                 AND ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= upper(cal.span)
                THEN govindex.workdays_between((d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                                               ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, cal.c)
           END
      FROM govindex.dossier_due_dates d
     CROSS JOIN (SELECT c, govindex.workcal_span(c) AS span
                   FROM (SELECT govindex.default_calendar() AS c) built) cal
      JOIN govindex.units u ON u.id = d.unit_id
     WHERE govindex.checked_moment("at", 'at') IS NOT NULL
       AND govindex.single_node_report()  -- none over tables distributed by Citus (citus.sql)
       AND d.received_at < "at"
       AND govindex.overdue_at(d.received_at, d.ended_at, d.due_at, d.supplement_requests,
                               d.supplement_periods, "at")
       AND (root_code IS NULL OR d.unit_id IN (SELECT s.unit_id FROM govindex.unit_subtree(root_code) s));
END;
COMMENT ON FUNCTION govindex.late_dossiers_at(timestamptz, text) IS
    'Dossiers overdue at a moment (by the due date of dossier_due_dates), under a root unit (all when NULL), with calendar and working days past the due date — Danh sách hồ sơ quá hạn tại một thời điểm';

CREATE OR REPLACE FUNCTION govindex.refresh_dossier_days(rebuild bool DEFAULT false)
RETURNS int
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp
SET govindex.legal_due_dates = 'on' AS $$
DECLARE
    first_new date;
    today date := govindex.province_day(now());
    done int;
BEGIN
    -- not over tables distributed by Citus (citus.sql)
    PERFORM govindex.single_node_report();
    -- one refresh at a time: a later one must not be overwritten by an earlier snapshot
    -- (the lock of dossier_days_mark_every_day, which no reader can take)
    LOCK TABLE govindex.dossier_days_current IN SHARE ROW EXCLUSIVE MODE;
    IF rebuild THEN
        DELETE FROM govindex.dossier_days;
        DELETE FROM govindex.dossier_days_current;
    END IF;
    -- after the last current day; on a first refresh, from the first partition's first
    -- day (a year's report starts before its first dossier), or the first dossier's
    first_new := coalesce(
        (SELECT max(day) + 1 FROM govindex.dossier_days_current),
        (SELECT least(min(govindex.province_day(b.opens)), (SELECT govindex.province_day(min(received_at))
                                                               FROM govindex.dossiers))
           FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid
          CROSS JOIN LATERAL (
                SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz
                ) b (opens)
          WHERE i.inhparent = 'govindex.dossiers'::regclass));

    -- one statement, one snapshot: the stale marks removed are those read with the rows,
    -- by their identity; a mark written after the snapshot stays, and its day stale
    WITH seen AS MATERIALIZED (
        SELECT s.mark, s.day FROM govindex.dossier_days_stale s
    ),
    todo AS (
        SELECT day FROM seen
        UNION
        SELECT g::date FROM generate_series(first_new, today, interval '1 day') g
    ),
    span AS (
        SELECT lower(govindex.day_window(min(day))) AS opens, upper(govindex.day_window(max(day))) AS closes
          FROM todo
    ),
    fresh AS (
        SELECT p.day, p.unit_id, govindex.rollup(p.parts) AS parts
          FROM (
            SELECT govindex.province_day(d.received_at) AS day, d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating,
                       govindex.day_window(govindex.province_day(d.received_at)), 'received') AS parts
              FROM govindex.dossier_due_dates d, span
             WHERE d.received_at >= span.opens AND d.received_at < span.closes
               AND govindex.province_day(d.received_at) IN (SELECT day FROM todo)
             GROUP BY 1, 2
            UNION ALL
            SELECT govindex.province_day(d.ended_at), d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating,
                       govindex.day_window(govindex.province_day(d.ended_at)), 'ended')
              FROM govindex.dossier_due_dates d, span
             WHERE d.ended_at >= span.opens AND d.ended_at < span.closes
               AND d.received_at < span.closes
               AND govindex.province_day(d.ended_at) IN (SELECT day FROM todo)
             GROUP BY 1, 2
          ) p
         GROUP BY p.day, p.unit_id
    ),
    upserted AS (
        INSERT INTO govindex.dossier_days AS s (day, unit_id, parts)
        SELECT day, unit_id, parts FROM fresh
        ON CONFLICT (day, unit_id) DO UPDATE SET parts = excluded.parts
        RETURNING s.day
    ),
    emptied AS (
        DELETE FROM govindex.dossier_days s
         WHERE s.day IN (SELECT day FROM todo)
           AND NOT EXISTS (SELECT FROM fresh f WHERE f.day = s.day AND f.unit_id = s.unit_id)
        RETURNING s.day
    ),
    unmarked AS (
        DELETE FROM govindex.dossier_days_stale s WHERE s.mark IN (SELECT seen.mark FROM seen)
        RETURNING s.day
    ),
    marked AS (
        INSERT INTO govindex.dossier_days_current AS c (day)
        SELECT day FROM todo
        ON CONFLICT (day) DO UPDATE SET refreshed_at = now()
        RETURNING c.day
    )
    SELECT count(*) INTO done FROM marked;   -- the other statements run to completion all the same
    RETURN done;
END $$;
COMMENT ON FUNCTION govindex.refresh_dossier_days(bool) IS
    'Computes the daily summaries of the stale days and of the days not yet summarised up to today (rebuild: of every day); returns how many days. Run it after loading dossiers, e.g. nightly — Tổng hợp lại hồ sơ theo ngày';

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

-- ---- trust: readings that can be trusted later (src/readings_trust.sql, whole): a reading records
-- the fingerprints of its methodology, calendar and catalogue (NULL for the readings
-- recorded before 0.4.0, whose methodology is locked all the same), a methodology a
-- reading used is locked, copy_methodology, reproduce_index766_reading.  Kept after
-- every section that changes the shipped methodologies' rows: once a reading uses them,
-- the lock refuses it.
ALTER TABLE govindex.index766_readings
    ADD COLUMN methodology_fingerprint text,
    ADD COLUMN calendar_fingerprint text,
    ADD COLUMN catalogue_fingerprint text;
COMMENT ON COLUMN govindex.index766_readings.methodology_fingerprint IS
    'methodology_fingerprint() of the methodology when the reading was recorded; NULL for readings recorded before 0.4.0 — Dấu vân tay của phương pháp tính điểm khi ghi nhận';
COMMENT ON COLUMN govindex.index766_readings.calendar_fingerprint IS
    'calendar_fingerprint() when the reading was recorded; NULL before 0.4.0 — Dấu vân tay của lịch làm việc khi ghi nhận';
COMMENT ON COLUMN govindex.index766_readings.catalogue_fingerprint IS
    'catalogue_fingerprint() when the reading was recorded; NULL before 0.4.0 — Dấu vân tay của danh mục thủ tục khi ghi nhận';

-- Everything index766() reads of a methodology: its row (but is_default, which says
-- which methodology is used when none is named, not how it scores), its groups and its
-- metrics, every column.  NULL for an unknown methodology.
CREATE FUNCTION govindex.methodology_fingerprint(methodology text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp SET DateStyle = 'ISO, YMD' AS $$
    SELECT md5(string_agg(l.line, E'\n' ORDER BY l.part, l.key COLLATE "C"))
      FROM (SELECT 0 AS part, '' AS key, 'govindex methodology fingerprint 1' AS line
            UNION ALL
            SELECT 1, m.code, format('methodology %s %s %s %s %s', quote_nullable(m.code), quote_nullable(m.name_vi),
                                     quote_nullable(m.name_en), quote_nullable(m.valid_from), quote_nullable(m.note))
              FROM govindex.methodologies m WHERE m.code = $1
            UNION ALL
            SELECT 2, g.code, format('group %s %s %s %s %s', quote_nullable(g.code), quote_nullable(g.name_vi),
                                     quote_nullable(g.name_en), quote_nullable(g.max_points), quote_nullable(g.position))
              FROM govindex.metric_groups g WHERE g.methodology = $1
            UNION ALL
            SELECT 3, x.code, format('metric %s %s %s %s %s %s %s %s %s %s %s %s %s %s',
                                     quote_nullable(x.code), quote_nullable(x.group_code), quote_nullable(x.name_vi),
                                     quote_nullable(x.name_en), quote_nullable(x.max_points), quote_nullable(x.basis),
                                     quote_nullable(x.rule), quote_nullable(x.threshold), quote_nullable(x.empty_value),
                                     quote_nullable(x.unit_levels), quote_nullable(x.position), quote_nullable(x.portal_code),
                                     quote_nullable(x.source), quote_nullable(x.procedure_scoped))
              FROM govindex.metrics x WHERE x.methodology = $1) l
    HAVING count(*) FILTER (WHERE l.part = 1) = 1;
$$;
COMMENT ON FUNCTION govindex.methodology_fingerprint(text) IS
    'md5 of a canonical text of a methodology''s rows (its row but is_default, its groups, its metrics); what a reading records; NULL for an unknown methodology — Dấu vân tay của một phương pháp tính điểm';

-- The days the default calendar is built from (national and the province's holidays
-- and swapped working days) and the deadline rules, as the reports read them.
CREATE FUNCTION govindex.calendar_fingerprint() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' AS $$
    SELECT md5(string_agg(l.line, E'\n' ORDER BY l.part, l.key COLLATE "C"))
      FROM (SELECT 0 AS part, '' AS key, 'govindex calendar fingerprint 1' AS line
            UNION ALL
            SELECT 1, h.day::text, format('national %s %s', h.day, h.kind) FROM govindex.national_holidays h
            UNION ALL
            SELECT 2, h.day::text, format('province %s %s', h.day, h.kind) FROM govindex.holidays h
            UNION ALL
            SELECT 3, r.rule || ' ' || r.since::text,
                   format('rule %s %s %s %s', quote_nullable(r.rule), quote_nullable(r.since),
                          quote_nullable(r.working_days), quote_nullable(r.counted_from))
              FROM govindex.deadline_rules r) l;
$$;
COMMENT ON FUNCTION govindex.calendar_fingerprint() IS
    'md5 of a canonical text of what the working-day calendar and the legal deadlines are built from (national_holidays, holidays, deadline_rules); what a reading records — Dấu vân tay của lịch làm việc và thời hạn theo quy định';

-- The procedures (every column but the surrogate id) and which unit handles which, by
-- codes.  Under a subtree grant it covers the unit_procedures rows the caller sees.
CREATE FUNCTION govindex.catalogue_fingerprint() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT md5(string_agg(l.line, E'\n' ORDER BY l.part, l.key COLLATE "C"))
      FROM (SELECT 0 AS part, '' AS key, 'govindex catalogue fingerprint 1' AS line
            UNION ALL
            SELECT 1, p.code, format('procedure %s %s %s %s %s %s %s %s %s %s %s %s',
                                     quote_nullable(p.code), quote_nullable(p.name_vi), quote_nullable(p.field),
                                     quote_nullable(p.authority_level), quote_nullable(p.service_level),
                                     quote_nullable(p.paper_result_required), quote_nullable(p.full_process_eligible),
                                     quote_nullable(p.fee_bearing), quote_nullable(p.subject), quote_nullable(p.project06),
                                     quote_nullable(p.time_limit), quote_nullable(p.time_limit_unit))
              FROM govindex.procedures p
            UNION ALL
            SELECT 2, u.code || ' ' || p.code, format('handles %s %s', quote_nullable(u.code), quote_nullable(p.code))
              FROM govindex.unit_procedures up
              JOIN govindex.units u ON u.id = up.unit_id
              JOIN govindex.procedures p ON p.id = up.procedure_id) l;
$$;
COMMENT ON FUNCTION govindex.catalogue_fingerprint() IS
    'md5 of a canonical text of the procedure catalogue (procedures, and unit_procedures by codes); what a reading records — Dấu vân tay của danh mục thủ tục hành chính';

-- record_index766_reading inserts a reading without them: the calendar's and the
-- catalogue's are the columns' defaults, the methodology's is set by the trigger below.
-- Defaults set apart from ADD COLUMN, which would give the readings already recorded
-- today's fingerprints.  A row given its fingerprints (pg_restore) keeps them, NULL ones
-- included.
ALTER TABLE govindex.index766_readings
    ALTER COLUMN calendar_fingerprint SET DEFAULT govindex.calendar_fingerprint(),
    ALTER COLUMN catalogue_fingerprint SET DEFAULT govindex.catalogue_fingerprint();

CREATE FUNCTION govindex.index766_readings_fingerprint() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    NEW.methodology_fingerprint := govindex.methodology_fingerprint(NEW.methodology);
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.index766_readings_fingerprint() IS
    'Trigger: a new reading records the fingerprint of its methodology — Trigger: lần ghi nhận mới lưu dấu vân tay của phương pháp';
CREATE TRIGGER index766_readings_fingerprint BEFORE INSERT ON govindex.index766_readings
    FOR EACH ROW WHEN (NEW.methodology_fingerprint IS NULL AND NEW.calendar_fingerprint IS NOT NULL)
    EXECUTE FUNCTION govindex.index766_readings_fingerprint();

-- A methodology that a reading used is history: its rows cannot change any more.  One
-- trigger on the three tables.  Allowed: making it the default or not (is_default says
-- which methodology is used when none is named, not how it scores).  An INSERT is
-- allowed while the methodology's rows are not yet those its readings recorded, which is
-- how pg_restore loads them (config tables come back in any order of their keys, so the
-- readings may come back before the metrics they used); once they match, the
-- methodology is complete and nothing may be added.  A reading recorded before 0.4.0
-- has no fingerprint and locks its methodology against every change.
CREATE FUNCTION govindex.methodology_in_use_is_locked() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    touched   text[];
    code      text;
    used_by   bigint;
    unprinted bigint;
    complete  bool;
BEGIN
    IF TG_TABLE_NAME = 'methodologies' THEN
        IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'is_default') = (to_jsonb(NEW) - 'is_default') THEN
            RETURN NEW;
        END IF;
        touched := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.code] WHEN 'DELETE' THEN ARRAY[OLD.code]
                              ELSE ARRAY[OLD.code, NEW.code] END;
    ELSE
        touched := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.methodology] WHEN 'DELETE' THEN ARRAY[OLD.methodology]
                              ELSE ARRAY[OLD.methodology, NEW.methodology] END;
    END IF;
    FOREACH code IN ARRAY touched LOOP
        SELECT count(*), count(*) FILTER (WHERE r.methodology_fingerprint IS NULL)
          INTO used_by, unprinted
          FROM govindex.index766_readings r WHERE r.methodology = code;
        CONTINUE WHEN used_by = 0;
        IF TG_OP = 'INSERT' AND unprinted = 0 THEN
            SELECT bool_or(r.methodology_fingerprint = govindex.methodology_fingerprint(code)) INTO complete
              FROM govindex.index766_readings r WHERE r.methodology = code;
            CONTINUE WHEN NOT complete;
        END IF;
        RAISE EXCEPTION 'methodology % is used by % reading% and cannot be changed', code, used_by,
                        CASE WHEN used_by = 1 THEN '' ELSE 's' END
            USING ERRCODE = 'restrict_violation',
                  DETAIL = format('%s on %s refused: readings keep the fingerprint of the rows they were scored with.',
                                  TG_OP, TG_TABLE_NAME),
                  HINT = format('Copy it under a new code and change the copy: SELECT govindex.copy_methodology(%L, ''new-code'');', code);
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
COMMENT ON FUNCTION govindex.methodology_in_use_is_locked() IS
    'Trigger: the rows of a methodology that a reading used cannot be changed (but is_default), deleted or added to — Trigger: không sửa phương pháp đã dùng để ghi nhận';
CREATE TRIGGER methodologies_in_use_locked BEFORE INSERT OR UPDATE OR DELETE ON govindex.methodologies
    FOR EACH ROW EXECUTE FUNCTION govindex.methodology_in_use_is_locked();
CREATE TRIGGER metric_groups_in_use_locked BEFORE INSERT OR UPDATE OR DELETE ON govindex.metric_groups
    FOR EACH ROW EXECUTE FUNCTION govindex.methodology_in_use_is_locked();
CREATE TRIGGER metrics_in_use_locked BEFORE INSERT OR UPDATE OR DELETE ON govindex.metrics
    FOR EACH ROW EXECUTE FUNCTION govindex.methodology_in_use_is_locked();

-- The way to change a methodology: copy it under a new code, then edit the copy.
CREATE FUNCTION govindex.copy_methodology(
    from_code text, to_code text, name_vi text DEFAULT NULL, name_en text DEFAULT NULL)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    original  text := govindex.methodology_or_default(from_code);
    copied    int;
BEGIN
    IF to_code IS NULL THEN
        RAISE EXCEPTION 'a copy of methodology % needs a code', original
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF EXISTS (SELECT FROM govindex.methodologies m WHERE m.code = to_code) THEN
        RAISE EXCEPTION 'methodology % already exists', to_code
            USING ERRCODE = 'unique_violation',
                  HINT = 'Choose another code: SELECT code FROM govindex.methodologies lists those taken.';
    END IF;
    INSERT INTO govindex.methodologies (code, name_vi, name_en, valid_from, note, is_default)
    SELECT to_code, coalesce(copy_methodology.name_vi, m.name_vi), coalesce(copy_methodology.name_en, m.name_en),
           m.valid_from, format('Copied from %s.', m.code) || coalesce(' ' || m.note, ''), false
      FROM govindex.methodologies m WHERE m.code = original;
    INSERT INTO govindex.metric_groups (methodology, code, name_vi, name_en, max_points, position)
    SELECT to_code, g.code, g.name_vi, g.name_en, g.max_points, g.position
      FROM govindex.metric_groups g WHERE g.methodology = original;
    INSERT INTO govindex.metrics (methodology, code, group_code, name_vi, name_en, max_points, basis, rule,
                                  threshold, empty_value, unit_levels, position, portal_code, source, procedure_scoped)
    SELECT to_code, x.code, x.group_code, x.name_vi, x.name_en, x.max_points, x.basis, x.rule,
           x.threshold, x.empty_value, x.unit_levels, x.position, x.portal_code, x.source, x.procedure_scoped
      FROM govindex.metrics x WHERE x.methodology = original;
    GET DIAGNOSTICS copied = ROW_COUNT;
    RETURN copied;
END $$;
COMMENT ON FUNCTION govindex.copy_methodology(text, text, text, text) IS
    'Copies a methodology (the default when NULL) with its groups and metrics under a new code, not the default, to change it (a methodology a reading used is locked); names kept unless given; returns the metrics copied — Sao chép phương pháp tính điểm để chỉnh sửa';

-- A reading recomputed from today's data: every unit whose total and every unit and
-- metric whose figures differ from the reading's, with what govindex can tell about why.
-- What it can see: whether the methodology, the calendar or the catalogue still have the
-- fingerprints the reading recorded; how many dossiers of each unit's subtree the window
-- counts now against the reading's data-quality counters (dossiers loaded or deleted
-- after it); the days of the window whose dossiers were written after the reading and
-- not yet summarised again (dossier_days_stale); a unit moved in the tree.  What it
-- cannot: when a dossier was changed in place (no change time is kept per dossier; the
-- stale marks go when the daily summaries are refreshed), nor when petitions,
-- publications or units were loaded.
CREATE FUNCTION govindex.reproduce_index766_reading(reading_id bigint)
RETURNS TABLE (
    unit_code text, metric_code text,
    recorded_numerator bigint, recorded_denominator bigint, recorded_score numeric,
    numerator bigint, denominator bigint, score numeric, why text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    r          govindex.index766_readings;
    read_over  tstzrange;
    general    text[] := '{}';
    stale_days int;
BEGIN
    SELECT * INTO r FROM govindex.index766_readings x WHERE x.id = reproduce_index766_reading.reading_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no Index 766 reading %', reading_id
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT id, taken_on, root_code FROM govindex.index766_readings lists the readings.';
    END IF;
    read_over := tstzrange(r.window_from, r.window_to);

    -- what changed for every unit alike
    IF r.methodology_fingerprint IS NULL THEN
        general := general || 'recorded before 0.4.0 without fingerprints: whether its methodology, calendar or catalogue changed is not known'::text;
    ELSE
        IF r.methodology_fingerprint IS DISTINCT FROM govindex.methodology_fingerprint(r.methodology) THEN
            general := general || format('the rows of methodology %s differ from those the reading was scored with', r.methodology);
        END IF;
        IF r.calendar_fingerprint IS DISTINCT FROM govindex.calendar_fingerprint() THEN
            general := general || 'the calendar changed after the reading (holidays, swapped working days or deadline rules)'::text;
        END IF;
        IF r.catalogue_fingerprint IS DISTINCT FROM govindex.catalogue_fingerprint() THEN
            general := general || 'the procedure catalogue changed after the reading (procedures or unit_procedures)'::text;
        END IF;
    END IF;
    SELECT count(DISTINCT s.day) INTO stale_days
      FROM govindex.dossier_days_stale s
     WHERE s.marked_at >= r.recorded_at AND govindex.day_window(s.day) && read_over;
    IF stale_days > 0 THEN
        general := general || format('dossiers of %s day%s of the window were written after the reading (dossier_days_stale)',
                                     stale_days, CASE WHEN stale_days = 1 THEN '' ELSE 's' END);
    END IF;

    RETURN QUERY
    WITH now_metrics AS MATERIALIZED (
        SELECT * FROM govindex.index766(read_over, r.root_code, r.methodology)
    ),
    now_totals AS (
        SELECT m.unit_code, m.parent_code, coalesce(sum(m.score), 0) AS total
          FROM now_metrics m GROUP BY m.unit_code, m.parent_code
    ),
    now_quality AS (
        SELECT u.code AS unit_code, govindex.counter(s.stats, 'received') AS received,
               govindex.counter(s.stats, 'received') + govindex.counter(s.stats, 'pending_at_start') AS processed
          FROM govindex.unit_stats(read_over, r.root_code) s
          JOIN govindex.units u ON u.id = s.unit_id
    ),
    then_metrics AS (
        SELECT m.* FROM govindex.index766_reading_metrics m WHERE m.reading_id = r.id
    ),
    kept_metrics AS (SELECT EXISTS (SELECT FROM then_metrics) AS yes),
    -- each unit of the reading or of today's report, with what changed for it
    unit_facts AS (
        SELECT coalesce(tu.unit_code, nt.unit_code) AS unit_code,
               array_remove(ARRAY[
                   CASE WHEN tu.unit_code IS NULL THEN 'the unit was not in the reading (added or moved under the root since)'
                        WHEN nt.unit_code IS NULL THEN 'the unit is no longer in the report (moved, merged or removed)'
                        WHEN tu.parent_code IS DISTINCT FROM nt.parent_code
                            THEN format('its parent was %s, is %s now', coalesce(tu.parent_code, 'none'), coalesce(nt.parent_code, 'none'))
                   END,
                   CASE WHEN tu.unit_code IS NULL OR nt.unit_code IS NULL THEN NULL
                        WHEN tq.unit_code IS NULL THEN 'the reading kept no dossier counts (before 0.4.0)'
                        WHEN tq.received <> coalesce(nq.received, 0)
                            THEN format('dossiers received in the window: %s at the reading, %s now (loaded or deleted after it)',
                                        tq.received, coalesce(nq.received, 0))
                        WHEN tq.processed <> coalesce(nq.processed, 0)
                            THEN format('dossiers processed in the window (received in it or pending at its start): %s at the reading, %s now',
                                        tq.processed, coalesce(nq.processed, 0))
                   END], NULL) AS facts,
               tq.unit_code IS NOT NULL AND tq.received = coalesce(nq.received, 0)
                   AND tq.processed = coalesce(nq.processed, 0) AS same_dossier_count
          FROM (SELECT * FROM govindex.index766_reading_units x WHERE x.reading_id = r.id) tu
          FULL JOIN now_totals nt ON nt.unit_code = tu.unit_code
          LEFT JOIN govindex.index766_reading_quality tq ON tq.reading_id = r.id AND tq.unit_code = tu.unit_code
          LEFT JOIN now_quality nq ON nq.unit_code = coalesce(tu.unit_code, nt.unit_code)
    ),
    differences AS (
        SELECT coalesce(tu.unit_code, nt.unit_code) AS unit_code, NULL::text AS metric_code,
               NULL::bigint AS recorded_numerator, NULL::bigint AS recorded_denominator, tu.total AS recorded_score,
               NULL::bigint AS numerator, NULL::bigint AS denominator, nt.total AS score, NULL::text AS source
          FROM (SELECT * FROM govindex.index766_reading_units x WHERE x.reading_id = r.id) tu
          FULL JOIN now_totals nt ON nt.unit_code = tu.unit_code
         WHERE tu.total IS DISTINCT FROM nt.total
        UNION ALL
        SELECT coalesce(tm.unit_code, nm.unit_code), coalesce(tm.metric_code, nm.metric_code),
               tm.numerator, tm.denominator, tm.score, nm.numerator, nm.denominator, nm.score,
               (SELECT x.source FROM govindex.metrics x
                 WHERE x.methodology = r.methodology AND x.code = coalesce(tm.metric_code, nm.metric_code))
          FROM then_metrics tm
          FULL JOIN now_metrics nm ON (nm.unit_code, nm.metric_code) = (tm.unit_code, tm.metric_code)
         CROSS JOIN kept_metrics k
         WHERE k.yes
           AND (tm.numerator, tm.denominator, tm.score) IS DISTINCT FROM (nm.numerator, nm.denominator, nm.score)
    )
    SELECT d.unit_code, d.metric_code, d.recorded_numerator, d.recorded_denominator, d.recorded_score,
           d.numerator, d.denominator, d.score,
           coalesce(nullif(array_to_string(
               general || f.facts
               || CASE WHEN d.source = 'dossiers' AND f.same_dossier_count AND cardinality(f.facts) = 0
                       THEN ARRAY['as many dossiers as at the reading: some were changed in place after it (no change time is kept per dossier)']
                       ELSE '{}'::text[] END
               || CASE WHEN d.source IN ('petitions', 'publication') AND cardinality(general || f.facts) = 0
                       THEN ARRAY[format('its %s were changed after the reading (no load time is kept for them)',
                                         CASE d.source WHEN 'petitions' THEN 'petitions' ELSE 'procedure publications' END)]
                       ELSE '{}'::text[] END, '; '), ''),
                    'no change that govindex keeps track of explains it (petitions, publications and units keep no change time)')
      FROM differences d
      LEFT JOIN unit_facts f ON f.unit_code = d.unit_code
     ORDER BY d.unit_code COLLATE "C", d.metric_code COLLATE "C" NULLS FIRST;
END $$;
COMMENT ON FUNCTION govindex.reproduce_index766_reading(bigint) IS
    'Recomputes a reading from today''s data (same window, root and methodology): every unit whose total (metric_code NULL) and every unit and metric whose numerator, denominator or score differ, with why as far as govindex can tell (methodology, calendar or catalogue fingerprints changed, dossiers loaded or changed after the reading, the unit moved); no row when it reproduces — Tính lại một lần ghi nhận từ số liệu hiện tại và chỉ ra chỗ khác';

-- ---- trust: composite_leaf_scores scores a linked Index 766 metric by its rule in the
-- default methodology, not by a fixed fraction-linear rule (src/composite_views.sql)
CREATE OR REPLACE VIEW govindex.composite_leaf_scores WITH (security_invoker = true) AS
WITH sets AS (   -- the units, index versions and years with something entered
    SELECT DISTINCT a.unit_id, a.index_code, a.index_version, a.year FROM govindex.composite_assessments a
    UNION
    SELECT d.unit_id, d.index_code, d.index_version, d.year FROM govindex.composite_deductions d
),
linked_years AS (   -- the years whose Index 766 rates are needed
    SELECT DISTINCT s.year FROM sets s
     WHERE EXISTS (SELECT FROM govindex.composite_criteria c
                    WHERE (c.index_code, c.index_version) = (s.index_code, s.index_version) AND c.source = 'index766')
),
rates AS MATERIALIZED (   -- every unit's Index 766 rates over each such calendar year, in the province's time zone
    SELECT y.year, r.unit_id, r.metric_code, r.value
      FROM linked_years y
     CROSS JOIN LATERAL govindex.index766_rates(
            tstzrange(make_date(y.year, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                      make_date(y.year + 1, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')) r
)
SELECT s.unit_id, u.code AS unit_code, u.name_vi AS unit_name, u.level, s.index_code, s.index_version, s.year,
       t.code AS criterion_code, t.component_code, t.path, t.sort_key, t.source, t.max_points,
       t.path_weight AS weight, i.aggregation = 'weighted_mean' AS weighted,
       a.self_score, a.appraised_score, a.survey_score, coalesce(a.not_applicable, false) AS not_applicable, a.evidence,
       r.value AS index766_rate, m.index766_score, f.score_from,
       CASE f.score_from
           WHEN 'survey' THEN a.survey_score
           WHEN 'appraised' THEN a.appraised_score
           WHEN 'index766' THEN m.index766_score
           WHEN 'self' THEN a.self_score
           WHEN 'unscored' THEN 0
       END AS score,
       f.score_from NOT IN ('not_applicable', 'no_survey') AS counted
  FROM sets s
  JOIN govindex.units u ON u.id = s.unit_id
  JOIN govindex.composite_indices i ON (i.code, i.version) = (s.index_code, s.index_version)
  JOIN govindex.composite_criteria_tree t
    ON (t.index_code, t.index_version) = (s.index_code, s.index_version) AND t.is_leaf AND u.level = ANY (t.unit_levels)
  LEFT JOIN govindex.composite_assessments a
    ON (a.unit_id, a.index_code, a.year, a.criterion_code) = (s.unit_id, s.index_code, s.year, t.code)
  LEFT JOIN rates r ON t.source = 'index766' AND (r.year, r.unit_id, r.metric_code) = (s.year, s.unit_id, t.index766_metric)
  -- scored by the metric's rule in the default methodology, to the criterion's maximum
  LEFT JOIN govindex.metrics rule
    ON t.source = 'index766' AND rule.methodology = (SELECT govindex.methodology_or_default(NULL)) AND rule.code = t.index766_metric
 CROSS JOIN LATERAL (
        SELECT CASE WHEN r.value IS NOT NULL AND rule.code IS NOT NULL
                    THEN govindex.score_rate(r.value, t.max_points, rule.basis, rule.rule, rule.threshold, rule.empty_value) END AS index766_score
       ) m
 CROSS JOIN LATERAL (
        SELECT CASE
               WHEN a.not_applicable THEN 'not_applicable'
               WHEN t.source = 'survey' THEN
                   CASE WHEN a.survey_score IS NOT NULL THEN 'survey'
                        WHEN i.survey_optional THEN 'no_survey'
                        ELSE 'unscored' END
               WHEN a.appraised_score IS NOT NULL THEN 'appraised'
               WHEN t.source = 'index766' THEN CASE WHEN m.index766_score IS NOT NULL THEN 'index766' ELSE 'unscored' END
               WHEN a.self_score IS NOT NULL THEN 'self'
               ELSE 'unscored'
               END AS score_from
       ) f;
COMMENT ON COLUMN govindex.composite_leaf_scores.index766_score IS
    'That rate scored to the criterion''s maximum by the metric''s rule (basis, rule, threshold, empty value) in the default methodology; NULL when it scores nothing or the default methodology has no such metric — Điểm quy đổi từ chỉ số 766 theo quy tắc của phương pháp mặc định';
-- ---- end trust

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
