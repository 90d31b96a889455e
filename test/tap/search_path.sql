-- test/tap/search_path.sql — no reader can hijack a report.  A role that may create
-- functions in public (mallory) shadows every pg_catalog function and operator the
-- extension's function bodies name, for the exact argument types they are called with;
-- each shadow records that it ran, tries to make mallory a superuser, and returns NULL.
-- A superuser then reads every report with public first on its search_path, and must
-- see the figures it saw before, with no shadow run and mallory no superuser.  The
-- reports must still inline and run in parallel.  All in one transaction, rolled back.
BEGIN;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SELECT plan(20);

-- ---- the class of defect: every function body is bound, or its search_path pinned ----
-- A SQL-standard body (BEGIN ATOMIC, RETURN) is parsed when created; any other body
-- written in SQL or PL/pgSQL must pin its path to pg_catalog and govindex.
SELECT is(
    (SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
       FROM pg_catalog.pg_proc p
       JOIN pg_catalog.pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
       JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid AND x.extname = 'govindex'
       JOIN pg_catalog.pg_language l ON l.oid = p.prolang
      WHERE l.lanname NOT IN ('c', 'internal')
        AND p.prosqlbody IS NULL
        AND NOT coalesce('search_path=pg_catalog, govindex, pg_temp' = ANY (p.proconfig), false)),
    NULL,
    'every SQL and PL/pgSQL function of govindex has a SQL-standard body or search_path = pg_catalog, govindex, pg_temp');

-- ---- the figures before any attack ---------------------------------------------------
SELECT govindex.refresh_dossier_days() \g /dev/null
CREATE TEMP TABLE windows (label text PRIMARY KEY, w tstzrange);
INSERT INTO windows VALUES
    ('year', tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')),       -- daily summaries
    ('noon to noon', '[2023-05-01 12:00+07,2023-06-01 12:00+07)'::tstzrange); -- the rows
CREATE TEMP TABLE reports (label text PRIMARY KEY, query text);
INSERT INTO reports VALUES
    ('unit_stats', $$SELECT w.label, s.unit_id, s.stats::text FROM windows w, govindex.unit_stats(w.w, 'H74') s$$),
    ('unit_stats by procedure', $$SELECT s.unit_id, s.stats::text FROM windows w,
         govindex.unit_stats(w.w, 'H74', (SELECT pg_catalog.array_agg(code) FROM govindex.procedures WHERE id % 3 = 0)) s
         WHERE w.label = 'noon to noon'$$),
    ('index766_rates', $$SELECT r.* FROM windows w, govindex.index766_rates(w.w, 'H74') r WHERE w.label = 'year'$$),
    ('index766', $$SELECT r.* FROM windows w, govindex.index766(w.w, 'H74') r WHERE w.label = 'year'$$),
    ('index766 Project 06', $$SELECT r.* FROM windows w, govindex.index766(w.w, 'H74', project06_only => true) r
                             WHERE w.label = 'year'$$),
    ('index766_groups', $$SELECT r.* FROM windows w, govindex.index766_groups(w.w, 'H74') r WHERE w.label = 'year'$$),
    ('index766_totals', $$SELECT w.label, r.* FROM windows w, govindex.index766_totals(w.w, 'H74') r$$),
    ('late_dossiers_at', $$SELECT * FROM govindex.late_dossiers_at('2023-09-30 17:00+07', 'H74')$$),
    ('late_dossier_weeks', $$SELECT * FROM govindex.late_dossier_weeks('2023-03-01', '2023-04-30', 'H74')$$),
    ('province_day and day_window', $$SELECT d, govindex.province_day(d), govindex.day_window(d::date)
         FROM pg_catalog.generate_series(date '1975-06-10', date '1975-06-16', interval '1 day') g (d)$$),
    ('metric_score', $$SELECT m.methodology, m.code, govindex.metric_score(m.code, '967020/1925307'::govindex.rate, m.methodology),
                              govindex.metric_score(m.code, '0/0'::govindex.rate, m.methodology) FROM govindex.metrics m$$),
    ('late_dossiers', $$SELECT * FROM govindex.late_dossiers$$),
    ('index766_reading_changes', $$SELECT * FROM govindex.index766_reading_changes$$),
    ('index766_sentence', $$SELECT govindex.index766_sentence('H74', '2023-12-18', l) FROM (VALUES ('vi'), ('en')) v (l)$$);
SELECT govindex.record_index766_reading('2023-12-11', 'H74'), govindex.record_index766_reading('2023-12-18', 'H74')
    \g /dev/null
CREATE TEMP TABLE truth (label text, digest text);
CREATE FUNCTION pg_temp.digest(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE pg_catalog.format('SELECT pg_catalog.md5(pg_catalog.string_agg(t::text, %L ORDER BY t::text)) FROM (%s) t', E'\n', query)
       INTO result;
    RETURN COALESCE(result, 'no rows');
EXCEPTION
    -- a hijacked report may fail or run away (statement_timeout below): a wrong figure too
    WHEN query_canceled THEN RETURN 'canceled: ' || SQLERRM;
    WHEN OTHERS THEN RETURN 'failed: ' || SQLERRM;
END $$;
INSERT INTO truth SELECT label, pg_temp.digest(query) FROM reports;
SELECT is((SELECT count(*) FROM truth WHERE digest <> 'no rows'), (SELECT count(*) FROM reports),
    'every report gives rows before the attack');

-- ---- mallory's shadows -----------------------------------------------------------------
CREATE ROLE govindex_mallory NOLOGIN;
GRANT CREATE, USAGE ON SCHEMA public TO govindex_mallory;
GRANT USAGE ON SCHEMA govindex TO govindex_mallory;
CREATE TABLE public.hijacked (shadow text);
GRANT INSERT, SELECT ON public.hijacked TO PUBLIC;

-- The names called in the bodies of govindex's functions and views; for polymorphic
-- arguments, the concrete types govindex calls them with.
CREATE TEMP TABLE called AS
SELECT DISTINCT pg_catalog.lower(m[1]) AS name
  FROM (SELECT pg_catalog.pg_get_functiondef(p.oid) AS body
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'govindex' AND p.prokind IN ('f', 'p')
        UNION ALL
        SELECT pg_catalog.pg_get_viewdef(c.oid) FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'govindex' AND c.relkind = 'v') b
 CROSS JOIN LATERAL pg_catalog.regexp_matches(b.body, '([A-Za-z_][A-Za-z_0-9]*)\s*\(', 'g') m;
CREATE TEMP TABLE concrete (poly regtype, arg regtype, elem regtype);
INSERT INTO concrete VALUES
    ('anyrange', 'tstzrange', 'timestamptz'), ('anyrange', 'daterange', 'date'), ('anyrange', 'int4range', 'int4'),
    ('anycompatiblerange', 'tstzrange', 'timestamptz'), ('anycompatiblerange', 'daterange', 'date'),
    ('anymultirange', 'tstzmultirange', 'timestamptz'),
    ('anyarray', 'int4[]', 'int4'), ('anyarray', 'text[]', 'text'), ('anyarray', 'date[]', 'date'),
    ('anycompatiblearray', 'int4[]', 'int4'), ('anycompatiblearray', 'text[]', 'text'),
    ('anyenum', 'govindex.channel', NULL), ('anyenum', 'govindex.end_status', NULL),
    ('anyenum', 'govindex.citizen_rating', NULL), ('anyenum', 'govindex.payment_channel', NULL),
    ('anyelement', 'date', 'date'), ('anyelement', 'timestamptz', 'timestamptz'), ('anyelement', 'int4', 'int4'),
    ('anyelement', 'text', 'text'), ('anyelement', 'govindex.rate', 'govindex.rate'),
    ('anycompatible', 'numeric', 'numeric'), ('anycompatible', 'int8', 'int8');

GRANT SELECT ON called, concrete TO govindex_mallory;
SET ROLE govindex_mallory;
CREATE FUNCTION public.shadow_body(shadow text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.hijacked VALUES (shadow);
    BEGIN
        EXECUTE 'ALTER ROLE govindex_mallory SUPERUSER';
    EXCEPTION WHEN insufficient_privilege THEN NULL;
    END;
END $$;
DO $do$
DECLARE
    f record;
    made int := 0;
BEGIN
    FOR f IN
        -- every pg_catalog function of a called name, each polymorphic argument made concrete
        -- (one concrete type for all of a signature's polymorphic arguments)
        SELECT DISTINCT p.proname, p.proretset,
               pg_catalog.array_to_string(pg_catalog.array_agg(
                   pg_catalog.format_type(CASE WHEN t.typtype = 'p' THEN c.arg ELSE a.t END, NULL)
                   ORDER BY a.i), ', ') AS args,
               pg_catalog.format_type(CASE WHEN rt.typtype = 'p' AND p.prorettype IN (
                                               'anyelement'::regtype, 'anycompatible'::regtype) THEN c.elem
                                           WHEN rt.typtype = 'p' THEN c.arg
                                           ELSE p.prorettype END, NULL) AS returns
          FROM pg_catalog.pg_proc p
          JOIN called ON called.name = p.proname
          JOIN pg_catalog.pg_type rt ON rt.oid = p.prorettype
         CROSS JOIN LATERAL pg_catalog.unnest(p.proargtypes::oid[]) WITH ORDINALITY a (t, i)
          JOIN pg_catalog.pg_type t ON t.oid = a.t
          LEFT JOIN concrete c ON c.poly = (SELECT pg_catalog.min(x::regtype::text)::regtype
                                              FROM pg_catalog.unnest(p.proargtypes::oid[]) x
                                              JOIN pg_catalog.pg_type xt ON xt.oid = x AND xt.typtype = 'p')
         WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f' AND p.pronargs > 0
           AND p.provariadic = 0
           AND NOT EXISTS (SELECT FROM pg_catalog.unnest(p.proargtypes::oid[] || p.prorettype) x
                            WHERE x IN ('internal'::regtype, 'cstring'::regtype, '"any"'::regtype, 'trigger'::regtype,
                                        'anynonarray'::regtype, 'record'::regtype, 'void'::regtype))
         GROUP BY p.oid, p.proname, p.proretset, p.prorettype, rt.typtype, c.arg, c.elem
        HAVING pg_catalog.bool_and(t.typtype <> 'p' OR c.arg IS NOT NULL)
           AND (rt.typtype <> 'p' OR c.arg IS NOT NULL)
    LOOP
        BEGIN
            EXECUTE pg_catalog.format(
                'CREATE FUNCTION public.%I(%s) RETURNS %s%s LANGUAGE plpgsql AS $b$ BEGIN PERFORM public.shadow_body(%L); RETURN%s; END $b$',
                f.proname, f.args, CASE WHEN f.proretset THEN 'SETOF ' ELSE '' END, f.returns,
                pg_catalog.format('%s(%s)', f.proname, f.args), CASE WHEN f.proretset THEN '' ELSE ' NULL' END);
            made := made + 1;
        EXCEPTION WHEN duplicate_function OR invalid_function_definition OR datatype_mismatch
                       OR feature_not_supported OR wrong_object_type OR invalid_parameter_value THEN
            NULL;
        END;
    END LOOP;
    RAISE NOTICE '% shadows', made;
END $do$;
-- what the seeds of the attack named: to_char of a date (pg_catalog has none: a date
-- would be cast), and the comparisons of govindex's enums
CREATE FUNCTION public.to_char(date, text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.shadow_body('to_char(date, text)'); RETURN NULL; END $$;
DO $do$
DECLARE
    e regtype;
    op text;
BEGIN
    FOR e IN SELECT t.oid::regtype FROM pg_catalog.pg_type t
              WHERE t.typnamespace = 'govindex'::regnamespace AND t.typtype = 'e' LOOP
        FOREACH op IN ARRAY ARRAY['=', '<>', '<', '<=', '>', '>='] LOOP
            EXECUTE pg_catalog.format(
                'CREATE FUNCTION public.%I(%s, %s) RETURNS bool LANGUAGE plpgsql AS $b$ BEGIN PERFORM public.shadow_body(%L); RETURN NULL; END $b$',
                'evil_' || pg_catalog.md5(e::text || op), e, e, pg_catalog.format('%s %s %s', e, op, e));
            EXECUTE pg_catalog.format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.%I)',
                op, e, e, 'evil_' || pg_catalog.md5(e::text || op));
        END LOOP;
    END LOOP;
END $do$;
RESET ROLE;

SELECT ok((SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc
            WHERE pronamespace = 'public'::regnamespace AND proowner = 'govindex_mallory'::regrole) > 100,
    'mallory made more than a hundred shadows');
SELECT ok(EXISTS (SELECT FROM pg_catalog.pg_proc WHERE pronamespace = 'public'::regnamespace
                     AND oid::regprocedure::text IN ('upper(tstzrange)', 'lower(daterange)', 'unnest(integer[])')),
    'among them upper(tstzrange), lower(daterange) and unnest(integer[])');
SELECT ok(EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oprnamespace = 'public'::regnamespace
                     AND oprname = '=' AND oprleft = 'govindex.channel'::regtype),
    'and = on govindex.channel');

-- A shadow runs when called (here by mallory, whom it cannot make a superuser): the
-- attack is real.
SET LOCAL statement_timeout = '60s';
SET ROLE govindex_mallory;
SET search_path = public, govindex;
CREATE TEMP TABLE own_call AS SELECT upper(tstzrange('2023-01-01', '2024-01-01')) AS u;
RESET search_path;
RESET ROLE;
SELECT is((SELECT pg_catalog.count(*) FROM public.hijacked WHERE shadow = 'upper(tstzrange)')::int, 1,
    'a call of upper(tstzrange) with public on the path meets the shadow');
DELETE FROM public.hijacked;

-- ---- the reports under attack -----------------------------------------------------------
-- public first, pg_catalog implicit (a usual path); then public before pg_catalog
-- (one statement per report and path, each stopped after a minute)
CREATE TEMP TABLE attacked (path text, label text, digest text);
SELECT pg_catalog.format('SET search_path = %s', p.path),
       pg_catalog.format('INSERT INTO attacked SELECT %L, label, pg_temp.digest(query) FROM reports WHERE label = %L',
                         p.path, r.label)
  FROM (VALUES (1, 'public, govindex'), (2, 'public, pg_catalog, govindex')) p (n, path), reports r
 ORDER BY p.n, r.label
\gexec
RESET search_path;

SELECT is((SELECT pg_catalog.string_agg(DISTINCT shadow, ', ') FROM public.hijacked), NULL,
    'no shadow ran while the reports were read');
SELECT is((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'govindex_mallory'), false,
    'mallory is no superuser');
SELECT is((SELECT pg_catalog.string_agg(a.path || ': ' || a.label, '; ' ORDER BY a.path, a.label)
             FROM attacked a JOIN truth t USING (label) WHERE a.digest IS DISTINCT FROM t.digest),
    NULL, 'every report gives the figures it gave before the attack');
SELECT is((SELECT pg_catalog.count(*) FROM attacked), 2 * (SELECT pg_catalog.count(*) FROM reports),
    'every report was read on both paths');

-- ---- writes under attack: the loader, its triggers and the refresh ----------------------
CREATE TEMP TABLE batch (LIKE govindex.dossier_input);
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at, due_at, ended_at, end_status, synced)
SELECT 'SEARCH-PATH-1', u.code, p.code, 'online', '2023-05-10 09:00+07', '2023-05-20 17:00+07',
       '2023-05-12 10:00+07', 'finished', true
  FROM govindex.units u, govindex.procedures p WHERE u.code = 'H74' ORDER BY p.id LIMIT 1;
SELECT govindex.refresh_dossier_days() \g /dev/null
SET search_path = public, pg_catalog, govindex;
CREATE TEMP TABLE loaded AS SELECT l::text AS counts FROM govindex.load_dossiers('pg_temp.batch') l;
CREATE TEMP TABLE marked AS SELECT day FROM govindex.dossier_days_stale;
CREATE TEMP TABLE refreshed AS SELECT govindex.refresh_dossier_days() AS days;
RESET search_path;
SELECT is((SELECT counts FROM loaded), '(1,0)', 'load_dossiers loads a dossier with public first on the path');
SELECT results_eq('SELECT DISTINCT day FROM marked ORDER BY day', $$VALUES (date '2023-05-10'), (date '2023-05-12')$$,
    'its triggers mark the days of its receipt and end stale');
SELECT ok((SELECT days >= 2 FROM refreshed), 'the refresh recomputes them');
SELECT is((SELECT pg_catalog.string_agg(DISTINCT shadow, ', ') FROM public.hijacked), NULL,
    'no shadow ran while it wrote');
SELECT is(
    (SELECT govindex.counter(s.stats, 'synced') FROM govindex.unit_stats(tstzrange('2023-05-01 00:00+07', '2023-06-01 00:00+07'), 'H74') s
       JOIN govindex.units u ON u.id = s.unit_id WHERE u.code = 'H74'),
    (SELECT pg_catalog.count(*) FROM govindex.dossiers
      WHERE received_at >= '2023-05-01 00:00+07' AND received_at < '2023-06-01 00:00+07' AND synced),
    'and the summaries count what the rows do');

-- ---- the reports still inline and run in parallel ----------------------------------------
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END $$;
CREATE TEMP TABLE plans (label text, plan text);
SET search_path = public, pg_catalog, govindex;
INSERT INTO plans VALUES
    ('totals', pg_temp.plan_of($$SELECT * FROM govindex.index766_totals('[2023-05-01 12:00+07,2023-06-01 12:00+07)'::tstzrange, 'H74')$$)),
    ('rates', pg_temp.plan_of($$SELECT * FROM govindex.index766_rates('[2023-05-01 12:00+07,2023-06-01 12:00+07)'::tstzrange, 'H74')$$)),
    ('unit_stats', pg_temp.plan_of($$SELECT * FROM govindex.unit_stats('[2023-05-01 12:00+07,2023-06-01 12:00+07)'::tstzrange, 'H74')$$)),
    ('weeks', pg_temp.plan_of($$SELECT * FROM govindex.late_dossier_weeks('2023-03-01', '2023-04-30', 'H74')$$));
RESET search_path;
SELECT unalike((SELECT plan FROM plans WHERE label = 'totals'), '%Function Scan on index766%',
    'index766_totals, index766 and index766_rates inline into the query that calls them');
SELECT unalike((SELECT plan FROM plans WHERE label = 'rates'), '%Function Scan on unit_stats%',
    'and unit_stats into index766_rates');
SELECT alike((SELECT plan FROM plans WHERE label = 'unit_stats'), '%Gather%Partial%Parallel Seq Scan on dossiers_%',
    'unit_stats reads the dossiers with parallel workers');
SELECT unalike((SELECT plan FROM plans WHERE label = 'weeks'), '%Function Scan on late_dossier_weeks%',
    'late_dossier_weeks inlines');
SELECT is((SELECT pg_catalog.string_agg(DISTINCT shadow, ', ') FROM public.hijacked), NULL,
    'no shadow ran while they were planned');

SELECT * FROM finish();
ROLLBACK;
