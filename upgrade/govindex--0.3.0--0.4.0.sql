-- govindex 0.3.0 → 0.4.0: roles, row-level security by unit subtree, SECURITY DEFINER
-- paths for what needs the owner's rights, and the BI surface.
\echo Use "ALTER EXTENSION govindex UPDATE TO '0.4.0'" to load this file. \quit

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
