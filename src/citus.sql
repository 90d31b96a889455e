-- citus.sql — govindex on a Citus cluster.  Citus plans a query that reaches a
-- distributed table inside an SQL function's body over the coordinator's own, empty
-- shell tables, or refuses it ("parameterized queries for SQL functions referencing
-- distributed tables are not supported"): the province scored 31.20 instead of 79.57
-- without an error.  So the reports refuse to run while any table of govindex is
-- distributed (single_node_report), and distribute() says what stands in the way of
-- distributing govindex's tables instead of doing half of it (docs/scaling-out.md).

-- The tables of govindex that Citus distributes (hash, range or append): none on a
-- single node, and none where Citus is installed but holds no govindex table.  Reference
-- tables and Citus local tables are left out: the coordinator reads them whole.
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
