-- The extension's functions, aggregates, tables and views in schemas govindex and
-- govindex_bi (its members: pg_depend deptype 'e'), one schema.name a line, for the docs
-- step's check that each has a reference row in docs/ (test/doc_page.py names).
SELECT DISTINCT n.nspname || '.' || coalesce(p.proname, c.relname)
  FROM pg_depend d
  LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
  LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
                      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  JOIN pg_namespace n ON n.oid = coalesce(p.pronamespace, c.relnamespace)
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'govindex')
   AND d.deptype = 'e'
   AND n.nspname IN ('govindex', 'govindex_bi')
 ORDER BY 1;
