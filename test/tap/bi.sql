-- The BI surface (schema govindex_bi) on the generated province: what a reading keeps
-- equals the reports for its window, the latest view is the latest reading, and every
-- view is plain (security_invoker, plain column types, commented) for a BI tool.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SELECT plan(31);

SELECT lives_ok($$SELECT record_index766_reading('2023-12-11', 'H74'),
                         record_index766_reading('2023-12-18', 'H74', national_rank => 11, national_rank_of => 63)$$,
                'two readings recorded');
CREATE TEMP TABLE latest_reading AS
SELECT id, tstzrange(window_from, window_to) AS w FROM index766_readings WHERE taken_on = '2023-12-18';

-- ---- what a reading keeps
SELECT is((SELECT count(*)::int FROM (
              SELECT unit_code, group_code, metric_code, numerator, denominator, percent, score, max_points
                FROM index766_reading_metrics WHERE reading_id = (SELECT id FROM latest_reading)
              EXCEPT ALL
              SELECT unit_code, group_code, metric_code, numerator, denominator, percent, score, max_points
                FROM index766((SELECT w FROM latest_reading), 'H74')) d), 0,
          'the metrics kept are index766() for the reading''s window');
SELECT is((SELECT count(*)::int FROM index766_reading_metrics WHERE reading_id = (SELECT id FROM latest_reading)),
          (SELECT count(*)::int FROM index766((SELECT w FROM latest_reading), 'H74')),
          'as many metric rows as index766() gives');
SELECT is((SELECT count(*)::int FROM index766_reading_groups g
            WHERE g.score <> (SELECT coalesce(sum(m.score), 0) FROM index766_reading_metrics m
                               WHERE (m.reading_id, m.unit_code, m.group_code) = (g.reading_id, g.unit_code, g.group_code))
               OR g.max_points <> (SELECT sum(m.max_points) FROM index766_reading_metrics m
                                    WHERE (m.reading_id, m.unit_code, m.group_code) = (g.reading_id, g.unit_code, g.group_code))), 0,
          'every group score and maximum is the sum of its metrics');
SELECT is((SELECT count(*)::int FROM (
              SELECT unit_code, group_code, score, max_points FROM index766_reading_groups
               WHERE reading_id = (SELECT id FROM latest_reading)
              EXCEPT ALL
              SELECT unit_code, group_code, score, max_points FROM index766_groups((SELECT w FROM latest_reading), 'H74')) d), 0,
          'the groups kept are index766_groups() for the window');
SELECT is((SELECT count(*)::int FROM (
              SELECT unit_code, group_code, metric_code, numerator, denominator, percent, score, max_points
                FROM index766_reading_project06 WHERE reading_id = (SELECT id FROM latest_reading)
              EXCEPT ALL
              SELECT unit_code, group_code, metric_code, numerator, denominator, percent, score, max_points
                FROM index766((SELECT w FROM latest_reading), 'H74', project06_only => true)) d)
          + (SELECT count(*)::int FROM index766((SELECT w FROM latest_reading), 'H74', project06_only => true))
          - (SELECT count(*)::int FROM index766_reading_project06 WHERE reading_id = (SELECT id FROM latest_reading)), 0,
          'the Project 06 rows are index766(project06_only) for the window');
SELECT is((SELECT count(*)::int FROM (
              SELECT unit_code, week_start, iso_week, late_at_start, processed, new_late, still_late
                FROM index766_reading_late_weeks WHERE reading_id = (SELECT id FROM latest_reading)
              EXCEPT ALL
              SELECT unit_code, week_start, iso_week, late_at_start, processed, new_late, still_late
                FROM late_dossier_weeks('2023-12-11', '2023-12-17', 'H74')) d), 0,
          'the late week kept is late_dossier_weeks() for the week ended since the previous reading');
SELECT results_eq($$SELECT taken_on, count(*)::int, min(week_start), max(week_start)
                      FROM index766_reading_late_weeks w JOIN index766_readings r ON r.id = w.reading_id
                     GROUP BY taken_on ORDER BY taken_on$$,
                  $$VALUES (date '2023-12-11', 120, date '2023-12-04', date '2023-12-04'),
                           (date '2023-12-18', 120, date '2023-12-11', date '2023-12-11')$$,
                  'each weekly reading keeps one week for every unit: the last that ended before it');
SELECT is((SELECT count(*)::int FROM index766_reading_late_weeks WHERE still_late <> late_at_start - processed + new_late), 0,
          'still late = late at the start - processed + newly late');
SELECT is((SELECT count(*)::int FROM (
              SELECT unit_code, received, processed, ended_no_due, pending_no_due, no_reception_date,
                     end_before_reception, end_status_mismatch
                FROM index766_reading_quality WHERE reading_id = (SELECT id FROM latest_reading)
              EXCEPT ALL
              SELECT u.code, counter(s.stats, 'received'), counter(s.stats, 'received') + counter(s.stats, 'pending_at_start'),
                     counter(s.stats, 'ended_no_due'), counter(s.stats, 'pending_no_due'), counter(s.stats, 'no_reception_date'),
                     counter(s.stats, 'end_before_reception'), counter(s.stats, 'end_status_mismatch')
                FROM unit_stats((SELECT w FROM latest_reading), 'H74') s JOIN units u ON u.id = s.unit_id) d), 0,
          'the data-quality counters kept are unit_stats'' for the window');
SELECT results_eq($$SELECT received, processed FROM index766_reading_quality q JOIN index766_readings r ON r.id = q.reading_id
                     WHERE q.unit_code = 'H74' ORDER BY r.taken_on$$,
                  $$VALUES (18767::bigint, 18767::bigint), (19209::bigint, 19209::bigint)$$,
                  'the province received 18,767 dossiers to 11 December and 19,209 to 18 December');
SELECT throws_ok($$DELETE FROM index766_reading_metrics$$, '42501', NULL, 'metric rows are append-only');

-- ---- the views
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_latest), (SELECT count(DISTINCT unit_code)::int FROM index766_reading_units),
          'one latest row per unit');
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_latest l
             JOIN index766_reading_changes c ON c.reading_id = l.reading_id AND c.unit_code = l.unit_code
            WHERE c.taken_on = '2023-12-18'
              AND (l.total, l.max_points, l.previous_taken_on, l.previous_total, l.points_change)
                  IS NOT DISTINCT FROM (c.total, c.max_points, c.previous_taken_on, c.previous_total, c.points_change)
              AND CASE WHEN l.is_root THEN (l.national_rank, l.national_rank_of, l.rank_in_parent) IS NOT DISTINCT FROM (c.rank, c.rank_of, NULL)
                       ELSE (l.rank_in_parent, l.rank_in_parent_of, l.national_rank, l.places_up_in_parent)
                            IS NOT DISTINCT FROM (c.rank, c.rank_of, NULL, c.places_up) END),
          120, 'each unit''s latest row is its row of index766_reading_changes for the latest reading');
SELECT results_eq($$SELECT total, national_rank_text, rank_in_parent_text, points_change, national_places_up, sentence_en
                      FROM govindex_bi.index766_latest WHERE unit_code = 'H74'$$,
                  $$VALUES (77.29, '11/63', NULL::text, 0.09, NULL::int,
                            'UBND tỉnh Bình Dương reached 77.29 points, ranked 11/63, increased by 0.09 points compared to 11/12/2023.')$$,
                  'the province: 77.29 points, ranked 11/63 nationally, 0.09 points up (no national rank the week before)');
-- A reading recorded before 0.4.0 did not keep whether the root's rank was national:
-- the views tell it from the stored rank, which differs from the root's 1/1 in its tree.
INSERT INTO index766_readings (id, taken_on, root_code, methodology, window_from, window_to)
VALUES (1000, '2023-12-04', 'H74', 'portal-2026', '2023-01-01 00:00+07', '2023-12-05 00:00+07');
INSERT INTO index766_reading_units VALUES (1000, 'H74', 'UBND tỉnh Bình Dương', 'province', NULL, 77.00, 100, 12, 63),
                                          (1000, 'H74.01', 'Sở Thông tin và Truyền thông', 'department', 'H74', 61.50, 100, 3, 19);
SELECT results_eq($$SELECT taken_on, unit_code, national_rank_text, rank_in_parent_text, previous_taken_on
                      FROM govindex_bi.index766_unit_readings WHERE reading_id = 1000
                         OR (taken_on = '2023-12-11' AND unit_code IN ('H74', 'H74.01')) ORDER BY taken_on, unit_code$$,
                  $$VALUES (date '2023-12-04', 'H74', '12/63', NULL, NULL::date), ('2023-12-04', 'H74.01', NULL, '3/19', NULL),
                           ('2023-12-11', 'H74', NULL, NULL, '2023-12-04'), ('2023-12-11', 'H74.01', NULL, '4/19', '2023-12-04')$$,
                  'a root''s rank out of 63 in a reading of before 0.4.0 reads as national; none the week after');
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_latest
            WHERE sentence_vi <> index766_sentence(unit_code) OR sentence_en <> index766_sentence(unit_code, lang => 'en')), 0,
          'the sentences are index766_sentence''s');
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_unit_readings
            WHERE (NOT is_root AND (national_rank IS NOT NULL OR rank_in_parent IS NULL))
               OR (is_root AND rank_in_parent IS NOT NULL)), 0,
          'the root has only the national rank, every other unit only its rank within the parent');
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_group_scores g
             JOIN index766_reading_groups p ON p.unit_code = g.unit_code AND p.group_code = g.group_code
             JOIN index766_readings pr ON pr.id = p.reading_id AND pr.taken_on = '2023-12-11'
            WHERE g.taken_on = '2023-12-18' AND g.score_change IS NOT DISTINCT FROM g.score - p.score
              AND g.group_name_vi IS NOT NULL AND g.group_order IS NOT NULL), 720,
          'each group of the latest reading (6 × 120) has its names and its change since the week before');
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_metric_results m
             JOIN index766_reading_metrics p ON p.unit_code = m.unit_code AND p.metric_code = m.metric_code
             JOIN index766_readings pr ON pr.id = p.reading_id AND pr.taken_on = '2023-12-11'
            WHERE m.taken_on = '2023-12-18' AND m.score_change IS NOT DISTINCT FROM m.score - p.score
              AND m.percent_change IS NOT DISTINCT FROM m.percent - p.percent AND m.metric_name_en IS NOT NULL),
          (SELECT count(*)::int FROM index766_reading_metrics WHERE reading_id = (SELECT id FROM latest_reading)),
          'each metric of the latest reading has its name and its change since the week before');
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_late_dossier_weeks WHERE is_latest AND is_last_week AND week_start = '2023-12-11'),
          120, 'the last week of the latest reading, for every unit');
SELECT is((SELECT count(*)::int FROM govindex_bi.index766_year_to_date),
          (SELECT count(*)::int FROM index766_totals(tstzrange(date_trunc('year', current_date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                                                              (current_date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))),
          'the year to date has a row per unit of index766_totals over today''s window');
SELECT is((SELECT count(*)::int FROM govindex_bi.unit_tree), (SELECT count(*)::int FROM unit_closure()),
          'the unit tree has every (ancestor, descendant) pair');
SELECT results_eq($$SELECT depth, descendant_level, descendant_level_order, count(*)::int FROM govindex_bi.unit_tree
                     WHERE ancestor_code = 'H74' GROUP BY 1, 2, 3 ORDER BY 1, 2$$,
                  $$SELECT u.depth, u.level, l.depth, count(*)::int FROM (SELECT s.depth, x.level FROM unit_subtree('H74') s
                      JOIN units x ON x.id = s.unit_id) u JOIN unit_levels l USING (level) GROUP BY 1, 2, 3 ORDER BY 1, 2$$,
                  'the province''s descendants by depth and level, as unit_subtree gives them');

-- composite results: the published rank and the rank within the level apart
INSERT INTO composite_published (unit_id, index_code, year, value, rank, rank_of, publisher)
SELECT id, 'pci', y, v, r, 63, 'VCCI' FROM units, (VALUES (2022, 65.00, 12), (2023, 68.45, 8)) x (y, v, r) WHERE code = 'H74';
INSERT INTO composite_published (unit_id, index_code, year, value, publisher)
SELECT id, 'par-local', 2023, v, 'Sở Nội vụ' FROM units, (VALUES ('H74.21', 80.00), ('H74.22', 85.00)) x (c, v) WHERE code = c;
SELECT results_eq($$SELECT unit_code, value, published_rank, level_rank, level_rank_of FROM govindex_bi.composite_results
                     WHERE index_code = 'par-local' ORDER BY unit_code$$,
                  $$VALUES ('H74.21', 80.00, NULL::int, 2, 2), ('H74.22', 85.00, NULL, 1, 2)$$,
                  'two districts'' published PAR results, ranked within their level');
SELECT results_eq($$SELECT value, published_rank, published_rank_of, level_rank, level_rank_of, points_change,
                           published_places_up, level_places_up
                      FROM govindex_bi.composite_results WHERE unit_code = 'H74' AND index_code = 'pci' AND year = 2023$$,
                  $$VALUES (68.45, 8, 63, 1, 1, 3.45, 4, 0)$$,
                  'PCI 2023: 68.45, published 8/63 (4 places up), 1/1 among the province''s level');

-- ---- a district reader: exactly the administrator's rows of its subtree, nothing else
SET client_min_messages = warning;
SELECT create_roles() \g /dev/null
CREATE ROLE tap_bi_district LOGIN IN ROLE govindex_reader;
SELECT grant_unit_access('tap_bi_district', 'H74.21') \g /dev/null
CREATE TEMP TABLE bi_subtree AS SELECT s.code FROM unit_subtree('H74.21') s;
CREATE TEMP TABLE bi_admin AS
SELECT v.view, v.row FROM (
    SELECT 'index766_unit_readings' AS view, unit_code, t::text AS row FROM govindex_bi.index766_unit_readings t
    UNION ALL SELECT 'index766_latest', unit_code, t::text FROM govindex_bi.index766_latest t
    UNION ALL SELECT 'index766_group_scores', unit_code, t::text FROM govindex_bi.index766_group_scores t
    UNION ALL SELECT 'index766_metric_results', unit_code, t::text FROM govindex_bi.index766_metric_results t
    UNION ALL SELECT 'index766_project06_results', unit_code, t::text FROM govindex_bi.index766_project06_results t
    UNION ALL SELECT 'index766_late_dossier_weeks', unit_code, t::text FROM govindex_bi.index766_late_dossier_weeks t
    UNION ALL SELECT 'index766_data_quality', unit_code, t::text FROM govindex_bi.index766_data_quality t
    UNION ALL SELECT 'index766_year_to_date', unit_code, t::text FROM govindex_bi.index766_year_to_date t
                                                          WHERE unit_code <> 'H74.21'
    UNION ALL SELECT 'unit_tree', descendant_code, t::text FROM govindex_bi.unit_tree t
                                                   WHERE ancestor_code IN (SELECT code FROM bi_subtree)) v
 WHERE v.unit_code IN (SELECT code FROM bi_subtree);
GRANT SELECT ON bi_subtree, bi_admin TO tap_bi_district;
SET ROLE tap_bi_district;
SELECT set_eq($$
    SELECT 'index766_unit_readings' AS view, t::text AS row FROM govindex_bi.index766_unit_readings t
    UNION ALL SELECT 'index766_latest', t::text FROM govindex_bi.index766_latest t
    UNION ALL SELECT 'index766_group_scores', t::text FROM govindex_bi.index766_group_scores t
    UNION ALL SELECT 'index766_metric_results', t::text FROM govindex_bi.index766_metric_results t
    UNION ALL SELECT 'index766_project06_results', t::text FROM govindex_bi.index766_project06_results t
    UNION ALL SELECT 'index766_late_dossier_weeks', t::text FROM govindex_bi.index766_late_dossier_weeks t
    UNION ALL SELECT 'index766_data_quality', t::text FROM govindex_bi.index766_data_quality t
    UNION ALL SELECT 'index766_year_to_date', t::text FROM govindex_bi.index766_year_to_date t WHERE unit_code <> 'H74.21'
    UNION ALL SELECT 'unit_tree', t::text FROM govindex_bi.unit_tree t$$,
    $$SELECT view, row FROM bi_admin$$,
    'a district reader gets, in every BI view, exactly the administrator''s rows of its subtree and no other');
SELECT results_eq($$SELECT unit_code, rank_in_parent, rank_in_parent_of FROM govindex_bi.index766_year_to_date WHERE unit_code = 'H74.21'$$,
                  $$VALUES ('H74.21', NULL::int, NULL::int)$$,
                  'the district gets no live rank among districts it cannot see, rather than 1/1');
SELECT results_eq($$SELECT unit_code, value, level_rank FROM govindex_bi.composite_results$$,
                  $$VALUES ('H74.21', 80.00, NULL::int)$$,
                  'nor a composite rank within the level; the other district''s result is not there');
RESET ROLE;

-- ---- plain for a BI tool
SELECT is((SELECT count(*)::int FROM pg_class c
            WHERE c.relnamespace = 'govindex_bi'::regnamespace
              AND (c.relkind <> 'v' OR NOT coalesce(c.reloptions @> '{security_invoker=true}', false)
                   OR coalesce(obj_description(c.oid, 'pg_class'), '') !~ '\S — \S')), 0,
          'govindex_bi holds only security_invoker views, each commented in English and Vietnamese');
SELECT is((SELECT string_agg(c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ')
             FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relnamespace = 'govindex_bi'::regnamespace
              AND (a.atttypid NOT IN ('text'::regtype, 'numeric'::regtype, 'int4'::regtype, 'int8'::regtype,
                                      'date'::regtype, 'timestamptz'::regtype, 'bool'::regtype)
                   OR coalesce(col_description(c.oid, a.attnum), '') !~ '\S — \S')), NULL,
          'every govindex_bi column is text, numeric, int, bigint, date, timestamptz or bool, and commented in English and Vietnamese');

SELECT * FROM finish();
ROLLBACK;
