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
