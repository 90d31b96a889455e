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
             'govindex.portal_dossier_records', 'govindex.dossier_steps',
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
