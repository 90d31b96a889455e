-- install_guard.sql — the first statement of the install script.  govindex is a trusted
-- extension: a database owner who is not a superuser may CREATE EXTENSION govindex, and
-- the script then runs as the bootstrap superuser with search_path "govindex, pg_temp".
-- Any function or operator in schema govindex that this script did not create could
-- capture a name the script uses, and would run as that superuser.  So the script starts
-- only in a schema govindex nobody else can have written to:
--   - one CREATE EXTENSION has just created (inserted by this transaction, which no other
--     session can see, and no row of pg_namespace updated by it: an update, by ALTER
--     SCHEMA or GRANT, would also give an older schema this transaction's xid; PostgreSQL
--     15 shows the count of updates, pg_stat_get_xact_tuples_updated, but no other sign,
--     and that count may also hold this session's transactions of the last second, which
--     refuses a good schema, never accepts a bad one), or
--   - one owned by a superuser;
-- empty, and where no role but a superuser may create objects.  A schema govindex made
-- earlier by a role who is not a superuser is refused even when it is empty: another
-- session of that role could create objects in it while the script runs, uncommitted
-- and so invisible to any check here.  The schema is then given to the role running the
-- script, so that no one else can create objects in it later.  govindex_partitions is
-- created by the script itself and must not exist before.
-- Everything here is qualified with pg_catalog: nothing in schema govindex is trusted yet.
DO $guard$
DECLARE
    nsp      pg_catalog.oid;
    owner    pg_catalog.oid;
    seen     pg_catalog.text;
    who      pg_catalog.text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) 'govindex_partitions') THEN
        RAISE EXCEPTION 'schema govindex_partitions already exists'
            USING ERRCODE = 'duplicate_schema',
                  DETAIL = 'CREATE EXTENSION govindex creates schema govindex_partitions for the monthly partitions of govindex.dossiers; it uses no schema of that name made before.',
                  HINT = 'Drop or rename schema govindex_partitions, then create the extension.';
    END IF;
    SELECT n.oid, n.nspowner INTO nsp, owner FROM pg_catalog.pg_namespace n
     WHERE n.nspname OPERATOR(pg_catalog.=) 'govindex';

    SELECT pg_catalog.string_agg(i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity, ', '
                                 ORDER BY i.type, i.identity) INTO seen
      FROM (
        SELECT d.classid, d.objid
          FROM pg_catalog.pg_depend d
         WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
           AND d.refobjid OPERATOR(pg_catalog.=) nsp
           AND d.classid OPERATOR(pg_catalog.<>) 'pg_catalog.pg_extension'::pg_catalog.regclass
        UNION SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
          FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid
          FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
          FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid
          FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass, l.oid
          FROM pg_catalog.pg_collation l WHERE l.collnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, v.oid
          FROM pg_catalog.pg_conversion v WHERE v.connamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, f.oid
          FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_opclass'::pg_catalog.regclass, k.oid
          FROM pg_catalog.pg_opclass k WHERE k.opcnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, s.oid
          FROM pg_catalog.pg_ts_config s WHERE s.cfgnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, s.oid
          FROM pg_catalog.pg_ts_dict s WHERE s.dictnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_ts_parser'::pg_catalog.regclass, s.oid
          FROM pg_catalog.pg_ts_parser s WHERE s.prsnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_ts_template'::pg_catalog.regclass, s.oid
          FROM pg_catalog.pg_ts_template s WHERE s.tmplnamespace OPERATOR(pg_catalog.=) nsp
        UNION SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid
          FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace OPERATOR(pg_catalog.=) nsp
    ) o (classid, objid)
     CROSS JOIN LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) i;
    IF seen IS NOT NULL THEN
        RAISE EXCEPTION 'schema govindex already holds objects that CREATE EXTENSION govindex did not create: %', seen
            USING ERRCODE = 'duplicate_schema',
                  DETAIL = 'The install script runs as a superuser with schema govindex first in its search_path: these objects could capture the names it uses.',
                  HINT = 'Move those objects to another schema or drop them (or drop schema govindex), then create the extension.';
    END IF;

    SELECT pg_catalog.string_agg(CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                                      ELSE pg_catalog.quote_ident(r.rolname::pg_catalog.text) END, ', ') INTO seen
      FROM pg_catalog.pg_namespace n
     CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a
      LEFT JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) a.grantee
     WHERE n.oid OPERATOR(pg_catalog.=) nsp AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
       AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner AND r.rolsuper IS NOT TRUE;
    IF seen IS NOT NULL THEN
        RAISE EXCEPTION 'schema govindex grants CREATE to %, who is not a superuser', seen
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Whoever may create objects in schema govindex could capture the names the install script, and the extension''s functions, use.',
                  HINT = 'REVOKE CREATE ON SCHEMA govindex FROM those roles (or drop schema govindex), then create the extension.';
    END IF;

    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) owner) THEN
        who := (SELECT pg_catalog.quote_ident(r.rolname::pg_catalog.text) FROM pg_catalog.pg_roles r
                 WHERE r.oid OPERATOR(pg_catalog.=) owner);
        -- written by this transaction: its xid (or a subtransaction's) is locked by this backend
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace n, pg_catalog.pg_locks l
                        WHERE n.oid OPERATOR(pg_catalog.=) nsp
                          AND l.locktype OPERATOR(pg_catalog.=) 'transactionid'
                          AND l.transactionid OPERATOR(pg_catalog.=) n.xmin
                          AND l.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid()) THEN
            RAISE EXCEPTION 'schema govindex already exists and belongs to role %, who is not a superuser', who
                USING ERRCODE = 'duplicate_schema',
                      DETAIL = 'Another session of that role could create objects in it while the install script runs as a superuser; only a schema govindex created by this CREATE EXTENSION, or owned by a superuser, is used.',
                      HINT = 'DROP SCHEMA govindex and run CREATE EXTENSION govindex, which creates it.  pg_restore of a dump: restore with --single-transaction (and --no-owner), so that the schema is created in the same transaction as the extension.';
        END IF;
        -- and inserted, not updated: no row of pg_namespace updated by this transaction (the
        -- count also holds this session's transactions of the last second, not yet reported)
        IF NOT pg_catalog.current_setting('track_counts')::pg_catalog.bool
           OR pg_catalog.pg_stat_get_xact_tuples_updated('pg_catalog.pg_namespace'::pg_catalog.regclass::pg_catalog.oid)
              OPERATOR(pg_catalog.<>) 0 THEN
            RAISE EXCEPTION 'schema govindex belongs to role %, who is not a superuser, and may be an older schema changed in this transaction', who
                USING ERRCODE = 'duplicate_schema',
                      DETAIL = 'This transaction wrote the schema, but it (or this session within the last second) also changed a schema, by ALTER SCHEMA or GRANT ... ON SCHEMA, or track_counts is off: then a schema created by this CREATE EXTENSION cannot be told apart from an older one, in which another session could create objects while the install script runs as a superuser.',
                      HINT = 'Create the extension in a transaction that changes no schema (a new session, or a second later), with track_counts on.';
        END IF;
        EXECUTE pg_catalog.format('ALTER SCHEMA govindex OWNER TO %I', CURRENT_USER);
    END IF;
END $guard$;
