-- unit_stats.sql — dossier_stats for every unit of a tree, each over its whole subtree.
-- A parent is never an average of its children: its state is the merge (rollup) of
-- the per-unit states of every unit below it, so distinct-procedure sets stay exact.
--
-- The report functions here (but unit_closure) and in index766.sql and
-- late_dossiers.sql have SQL-standard bodies (BEGIN ATOMIC) instead of SET
-- search_path: a set-returning SQL function with a SET clause cannot be inlined into
-- the calling query, and one that is not inlined runs row by row, without parallel
-- workers (twice as slow on 10M dossiers).  A standard body is parsed once, when the
-- function is created, so every function and operator in it is bound to the one it
-- meant then, whatever the caller's search_path: a reader's public.upper(tstzrange)
-- cannot take the place of pg_catalog's.  It still inlines.

-- Every (ancestor, descendant) pair of the tree under a root (or of every tree), the
-- unit itself included at distance 0; merged units count under their successor.
-- Not inlined on purpose (SET clauses, ROWS): inlined, its recursive CTE's estimate
-- swells the cost of every report to the point where JIT compiles it, which costs
-- seconds on a province of a few hundred units; its own small query never pays
-- for compiling either.
CREATE FUNCTION govindex.unit_closure(root_code text DEFAULT NULL)
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

-- Dossier filters shared by the reports: procedure codes, a field, Project 06 only.
CREATE FUNCTION govindex.unit_stats(
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
                   govindex.dossier_stats(@dossier_inputs:columns d@, "window") AS stats
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
                   govindex.dossier_stats_part(@dossier_inputs:columns d@, "window", 'pending')
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
