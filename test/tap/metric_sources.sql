-- test/tap/metric_sources.sql — every metric a methodology lists is produced by its source
-- (metric_codes_produced), the one list index766_rates and metric() are checked against.
-- Runs on the generated province; rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SELECT plan(6);

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

SELECT * FROM finish();
ROLLBACK;
