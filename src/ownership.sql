-- ownership.sql — the last piece of the install script (the upgrade script ends its
-- sections with the same pass).  The data belongs to the extension's owner, the role that
-- ran CREATE EXTENSION (pg_extension.extowner; in a trusted install, the database owner
-- who is not a superuser): every table, view and sequence of the extension, every
-- partition of govindex.dossiers, the schema govindex_partitions, and the SECURITY
-- DEFINER functions, which thus act with the owner's rights and no more.  That owner
-- then dumps and restores its own database.  The rest stays with the role that ran the
-- script (a superuser): C functions and the types built on them (an owner could redefine
-- them into a crash), the event triggers and every function they may call (they run with
-- the rights of whoever issues DDL, a superuser too), and the schema govindex itself (its
-- owner could create objects there that capture the names every function uses).  Generic
-- over the catalogue: objects added later follow without a list to keep.
-- pg_extension.extowner rather than @extowner@: an update run by another superuser than
-- the one who created the extension substitutes its own name for @extowner@.
DO $$
DECLARE
    ext    pg_catalog.oid := (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex');
    owner  pg_catalog.regrole := (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex');
    r      record;
    deferred text;
BEGIN
    -- a table with pending trigger events cannot change owner: the initially deferred
    -- constraints of the extension's tables check the rows written so far now, and defer again
    SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I', n.nspname, k.conname), ', ') INTO deferred
      FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_namespace n ON n.oid = k.connamespace
     WHERE k.condeferred
       AND k.conrelid IN (SELECT d.objid FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = ext AND d.deptype = 'e');
    IF deferred IS NOT NULL THEN
        EXECUTE 'SET CONSTRAINTS ' || deferred || ' IMMEDIATE';
    END IF;

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
    IF deferred IS NOT NULL THEN
        EXECUTE 'SET CONSTRAINTS ' || deferred || ' DEFERRED';
    END IF;
END $$;
