-- test/upgrade/schema.sql — a fingerprint of the objects of the govindex extension, one
-- line per object with its definition, to compare an upgraded database with a fresh
-- install: members, function bodies and settings, columns, constraints, indexes,
-- triggers, views and comments, owners of the members and of the schemas and their
-- privileges; of the dossier partitions (which users create), only that none lies
-- outside schema govindex_partitions.
SET search_path = pg_catalog;
WITH ext AS (SELECT oid, extowner, extnamespace FROM pg_extension WHERE extname = 'govindex'),
members AS (
    SELECT d.classid, d.objid, pg_describe_object(d.classid, d.objid, 0) AS what
      FROM pg_depend d, ext
     WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
),
tables AS (
    SELECT c.oid FROM members m JOIN pg_class c ON c.oid = m.objid
     WHERE m.classid = 'pg_class'::regclass AND c.relkind IN ('r', 'p', 'v', 'm')
)
SELECT line FROM (
    SELECT 'member ' || what AS line FROM members
    UNION ALL
    SELECT 'comment ' || what || ': ' || coalesce(obj_description(objid, classid::regclass::text), '-')
      FROM members WHERE classid <> 'pg_class'::regclass
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure || ': ' || md5(pg_get_functiondef(p.oid))
      FROM members m JOIN pg_proc p ON p.oid = m.objid
     WHERE m.classid = 'pg_proc'::regclass AND p.prokind IN ('f', 'p')
    UNION ALL
    SELECT 'aggregate ' || a.aggfnoid::regprocedure || ': ' || concat_ws(' ', a.aggtransfn, a.aggcombinefn, a.aggfinalfn,
               a.aggtranstype::regtype, a.aggfinalmodify)
      FROM members m JOIN pg_aggregate a ON a.aggfnoid = m.objid WHERE m.classid = 'pg_proc'::regclass
    UNION ALL
    SELECT 'column ' || t.oid::regclass || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
           || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')
           || ': ' || coalesce(col_description(t.oid, a.attnum), '-')
      FROM tables t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef ad ON ad.adrelid = t.oid AND ad.adnum = a.attnum
    UNION ALL
    SELECT 'table comment ' || t.oid::regclass || ': ' || coalesce(obj_description(t.oid, 'pg_class'), '-') FROM tables t
    UNION ALL
    SELECT 'constraint ' || c.conrelid::regclass || ' ' || c.conname || ': ' || pg_get_constraintdef(c.oid)
      FROM tables t JOIN pg_constraint c ON c.conrelid = t.oid
    UNION ALL
    SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM tables t JOIN pg_index i ON i.indrelid = t.oid
    UNION ALL
    SELECT 'trigger ' || pg_get_triggerdef(g.oid) FROM tables t JOIN pg_trigger g ON g.tgrelid = t.oid WHERE NOT g.tgisinternal
    UNION ALL
    SELECT 'view ' || t.oid::regclass || ': ' || md5(pg_get_viewdef(t.oid)) FROM tables t JOIN pg_class c ON c.oid = t.oid
     WHERE c.relkind IN ('v', 'm')
    UNION ALL
    SELECT 'owner ' || m.what || ': ' || CASE WHEN o.owner = ext.extowner THEN 'the extension owner'
                                                WHEN r.rolsuper THEN 'a superuser' ELSE 'role ' || r.rolname END
      FROM members m CROSS JOIN ext
      CROSS JOIN LATERAL (SELECT c.relowner FROM pg_class c WHERE m.classid = 'pg_class'::regclass AND c.oid = m.objid
                          UNION ALL SELECT p.proowner FROM pg_proc p WHERE m.classid = 'pg_proc'::regclass AND p.oid = m.objid
                          UNION ALL SELECT t.typowner FROM pg_type t WHERE m.classid = 'pg_type'::regclass AND t.oid = m.objid
                          UNION ALL SELECT n.nspowner FROM pg_namespace n WHERE m.classid = 'pg_namespace'::regclass AND n.oid = m.objid
                          UNION ALL SELECT e.evtowner FROM pg_event_trigger e WHERE m.classid = 'pg_event_trigger'::regclass AND e.oid = m.objid) o (owner)
      JOIN pg_roles r ON r.oid = o.owner
    UNION ALL
    SELECT 'schema ' || n.nspname || ' privileges ' || coalesce(n.nspacl::text, 'default')
      FROM pg_namespace n CROSS JOIN ext
     WHERE n.oid = ext.extnamespace OR n.oid IN (SELECT objid FROM members WHERE classid = 'pg_namespace'::regclass)
    UNION ALL
    SELECT 'partitions of govindex.dossiers outside schema govindex_partitions: ' || count(*)
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'govindex.dossiers'::regclass AND c.relnamespace <> 'govindex_partitions'::regnamespace
    UNION ALL
    SELECT 'config ' || c.oid::regclass || ' ' || coalesce(x.extcondition[i], '')
      FROM pg_extension x CROSS JOIN LATERAL unnest(x.extconfig) WITH ORDINALITY u (rel, i)
      JOIN pg_class c ON c.oid = u.rel WHERE x.extname = 'govindex'
) l
ORDER BY line COLLATE "C";
