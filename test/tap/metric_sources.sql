-- test/tap/metric_sources.sql — every metric a methodology lists is produced by its source
-- (metric_codes_produced), the one list index766_rates and metric() are checked against.
-- Runs on the generated province; rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SELECT plan(13);

-- Metrics need a source ------------------------------------------------------------------
INSERT INTO methodologies (code, name_vi, name_en, valid_from) VALUES ('tap-m', 'Thử', 'Test', '2026-01-01');
INSERT INTO metric_groups (methodology, code, name_vi, name_en, max_points, position) VALUES ('tap-m', 'G', 'Nhóm', 'Group', 10, 1);
SELECT throws_ok($$INSERT INTO metrics (methodology, group_code, position, code, max_points, rule, empty_value, source, name_vi, name_en)
                   VALUES ('tap-m', 'G', 1, 'DOSSIER_SYNCH', 5, 'linear', 'zero', 'dossiers', 'Gõ nhầm', 'Typo')$$, '23503',
    'metric DOSSIER_SYNCH of methodology tap-m: no source produces it', 'a metric code no source produces is refused');
SELECT throws_ok($$INSERT INTO metrics (methodology, group_code, position, code, max_points, rule, empty_value, source, name_vi, name_en)
                   VALUES ('tap-m', 'G', 1, 'DOSSIER_SYNC', 5, 'linear', 'zero', 'petitions', 'Sai nguồn', 'Wrong source')$$, '23514',
    'metric DOSSIER_SYNC of methodology tap-m: its source is dossiers, not petitions', 'a metric under the wrong source is refused');
SELECT lives_ok($$INSERT INTO metrics (methodology, group_code, position, code, max_points, rule, empty_value, source, name_vi, name_en)
                   VALUES ('tap-m', 'G', 1, 'DOSSIER_SYNC', 5, 'linear', 'zero', 'dossiers', 'Đồng bộ', 'Sync'),
                          ('tap-m', 'G', 2, 'LOCAL_BONUS', 5, 'full', 'full', 'constant', 'Cộng', 'Bonus')$$,
    'a produced metric, and a constant one of any code, are accepted');
SELECT throws_ok($$UPDATE metrics SET code = 'DOSSIER_SYNCH' WHERE methodology = 'tap-m' AND code = 'DOSSIER_SYNC'$$, '23503',
    'metric DOSSIER_SYNCH of methodology tap-m: no source produces it', 'renaming a metric to an unknown code is refused');
-- the one list is what index766_rates produces, and metric() reads every dossiers code
SELECT is((SELECT array_agg(DISTINCT metric_code ORDER BY metric_code)
             FROM index766_rates(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01')),
          (SELECT array_agg(code ORDER BY code) FROM metric_codes_produced()),
          'index766_rates produces exactly the codes of metric_codes_produced()');
SELECT lives_ok($$SELECT metric(s.stats, p.code)
                    FROM unit_stats(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01') s, metric_codes_produced() p
                   WHERE p.source = 'dossiers'$$,
    'metric() knows every code produced from the dossiers'' counters');

-- Each source is its function ----------------------------------------------------------
SELECT is((SELECT array_agg(p.code ORDER BY p.code) FROM metric_codes_produced() p WHERE to_regproc(p.produced_by) IS NULL),
          NULL, 'every produced_by names a function of the extension');
CREATE TEMP TABLE st AS SELECT * FROM unit_stats(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01');
CREATE TEMP TABLE by_source (source text, code text);
INSERT INTO by_source
SELECT DISTINCT 'catalogue', c.metric_code
  FROM index766_catalogue('H74.01', NULL, NULL, false, (SELECT array_agg(unit_id ORDER BY unit_id) FROM st),
                          (SELECT array_agg(stats ORDER BY unit_id) FROM st)) c
UNION
SELECT DISTINCT 'publication', p.metric_code FROM index766_publication(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01') p
UNION
SELECT DISTINCT 'petitions', p.metric_code FROM index766_petitions(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01') p
UNION
SELECT 'dossiers', m.code FROM dossier_stats_metrics() m;
SELECT set_eq($$SELECT source, code FROM by_source$$, $$SELECT source, code FROM metric_codes_produced()$$,
    'each source''s function produces exactly the codes listed under it');
SELECT set_eq($$SELECT unit_id, metric_code, value::text FROM index766_rates(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01')$$,
    $$SELECT s.unit_id, m.code, metric(s.stats, m.code)::text FROM st s, dossier_stats_metrics() m
      UNION ALL SELECT unit_id, metric_code, value::text
        FROM index766_catalogue('H74.01', NULL, NULL, false, (SELECT array_agg(unit_id ORDER BY unit_id) FROM st),
                                (SELECT array_agg(stats ORDER BY unit_id) FROM st))
      UNION ALL SELECT unit_id, metric_code, value::text FROM index766_publication(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01')
      UNION ALL SELECT unit_id, metric_code, value::text FROM index766_petitions(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74.01')$$,
    'index766_rates is the union of the sources');

-- The registry's expressions are what metric() computes --------------------------------
-- evaluates a listed counter expression in SQL, each counter name read with counter()
CREATE FUNCTION pg_temp.evaluate(stats dossier_stats, expression text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    result bigint;
BEGIN
    EXECUTE 'SELECT ' || regexp_replace(expression, '([a-z_]+)(?![a-z_(])', 'govindex.counter($1, ''\1'')', 'g')
       INTO result USING stats;
    RETURN result;
END $$;
SELECT is((SELECT count(*) FROM st s, dossier_stats_metrics() m
            WHERE numerator(metric(s.stats, m.code)) IS DISTINCT FROM pg_temp.evaluate(s.stats, m.numerator)
               OR denominator(metric(s.stats, m.code)) IS DISTINCT FROM pg_temp.evaluate(s.stats, m.denominator)),
          0::bigint, 'every unit''s metric() is its listed numerator / denominator, evaluated from its counters');
SELECT throws_ok($$SELECT metric(empty_dossier_stats(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07')), 'DOSSIER_SYNCH')$$,
    '22023', '"DOSSIER_SYNCH" is not a dossier-based metric', 'an unknown code is refused');
SELECT is((SELECT string_agg(m.code, ', ') FROM dossier_stats_metrics() m), 'DVC_PROGRESS_ON_TIME, DOSSIER_SYNC, '
          'ORIGINAL_RESULT_AVAILABLE, SO_HOA_GIAY_TO_GIAI_QUYET, REUSED_DIGITIZED_DATA, SYNCED_WITH_DVCQG_PERSONAL_STORAGE, '
          'CITIZEN_DATA_CONNECTED_DOSSIER, DOSSIER_RECEIVING_SATISFACTION, ONLINE_PAYMENT_DOSSIERS, ONLINE_SUBMISSION, ONLINE_ON_TIME',
    'the registry lists the eleven dossier-based metrics in order');

-- Procedure sets are counted in the state ------------------------------------------------
SELECT is((SELECT count(*) FROM st s, unnest(ARRAY['online', 'paid_online', 'fee_data', 'population_data']) k
            WHERE procedure_count(s.stats, k, procedure_ids(s.stats, k)) <> procedure_count(s.stats, k)
               OR procedure_count(s.stats, k, (SELECT array_agg(g) FROM generate_series(-5, 2500) g)) <> procedure_count(s.stats, k)
               OR procedure_count(s.stats, k, ARRAY[NULL, -1]::int[]) <> 0),
          0::bigint, 'procedure_count(stats, set, ids) counts the ids the set holds, and nothing else');

SELECT * FROM finish();
ROLLBACK;
