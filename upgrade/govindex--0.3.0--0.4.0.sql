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
