-- The demo province's weekly Index 766 report, as the steering committee reads it on
-- Monday 18 December 2023 (week 50): two readings over the year to date, the second
-- compared with the first; the national ranks (6/63, then 11/63) are the ones the
-- portal published that month, entered by hand as a province does.
SET search_path = govindex, public;
\pset footer off
\pset null '–'

SELECT record_index766_reading('2023-12-11', 'H74', national_rank => 6, national_rank_of => 63) \g /dev/null
SELECT record_index766_reading('2023-12-18', 'H74', national_rank => 11, national_rank_of => 63) \g /dev/null

\echo
\echo '======================================================================================'
\echo ' Bộ chỉ số 766 — UBND tỉnh Bình Dương (demo data) — reading of 18/12/2023, week 50'
\echo '======================================================================================'
\echo
SELECT index766_sentence('H74', '2023-12-18', 'vi') AS "Báo cáo"
UNION ALL
SELECT index766_sentence('H74', '2023-12-18', 'en');

\echo 'Groups — Nhóm chỉ số (year to date; change since 11/12/2023)'
SELECT g.group_code AS "group", m.name_vi || ' — ' || m.name_en AS "name",
       g.score, g.max_points AS "max", g.score - p.score AS "change"
  FROM index766_readings r
  JOIN index766_reading_groups g ON g.reading_id = r.id AND g.unit_code = 'H74'
  JOIN metric_groups m ON m.methodology = r.methodology AND m.code = g.group_code
  LEFT JOIN index766_readings pr ON pr.root_code = r.root_code AND pr.methodology = r.methodology AND pr.taken_on = '2023-12-11'
  LEFT JOIN index766_reading_groups p ON p.reading_id = pr.id AND p.unit_code = g.unit_code AND p.group_code = g.group_code
 WHERE r.taken_on = '2023-12-18'
 ORDER BY m.position;

\echo 'Departments — Sở, ban, ngành'
SELECT c.rank || '/' || c.rank_of AS "place", c.unit_code AS code, c.unit_name AS "unit", c.total AS points,
       c.points_change AS "Δ points", c.places_up AS "Δ places"
  FROM index766_reading_changes c
 WHERE c.taken_on = '2023-12-18' AND c.level = 'department'
 ORDER BY c.rank, c.unit_code;

\echo 'Districts (with their communes) — Cấp huyện'
SELECT c.rank || '/' || c.rank_of AS "place", c.unit_code AS code, c.unit_name AS "unit", c.total AS points,
       c.points_change AS "Δ points", c.places_up AS "Δ places"
  FROM index766_reading_changes c
 WHERE c.taken_on = '2023-12-18' AND c.level = 'district'
 ORDER BY c.rank, c.unit_code;

\echo 'Communes: the first and the last of each district — Cấp xã: đứng đầu và cuối mỗi huyện'
SELECT district, place, code, "unit", points, "Δ points", "Δ places"
  FROM (SELECT c.parent_code AS district, c.rank || '/' || c.rank_of AS place, c.unit_code AS code,
               c.unit_name AS "unit", c.total AS points, c.points_change AS "Δ points", c.places_up AS "Δ places",
               c.rank, max(c.rank) OVER (PARTITION BY c.parent_code) AS last_rank
          FROM index766_reading_changes c
         WHERE c.taken_on = '2023-12-18' AND c.level = 'commune') x
 WHERE rank IN (1, last_rank)
 ORDER BY district, rank, code;

\echo 'Late dossiers in week 50 (11–17/12/2023): the units with the most still late — Hồ sơ trễ hạn'
SELECT unit_code AS code, unit_name AS "unit", late_at_start AS "late at start", processed,
       new_late AS "new", still_late AS "still late"
  FROM late_dossier_weeks('2023-12-11', '2023-12-17', 'H74')
 WHERE level IN ('department', 'commune')
 ORDER BY still_late DESC, unit_code
 LIMIT 10;
SELECT format('Province: processed %s of %s late dossiers; %s more; %s still late.',
              processed, late_at_start, new_late, still_late) AS "Tổng hợp — summary"
  FROM late_dossier_weeks('2023-12-11', '2023-12-17', 'H74') WHERE unit_code = 'H74';

\echo 'Data quality of the year''s dossiers — Chất lượng dữ liệu'
SELECT counter, value
  FROM unit_stats(tstzrange('2023-01-01 00:00+07', '2023-12-19 00:00+07'), 'H74') s
  JOIN units u ON u.id = s.unit_id AND u.code = 'H74'
 CROSS JOIN LATERAL dossier_stats_counters(s.stats)
 WHERE counter IN ('ended_no_due', 'pending_no_due', 'no_reception_date', 'end_before_reception', 'end_status_mismatch');
SELECT format('%s dossiers came without a due date; they were given their legal one (received + the procedure''s time limit in working days).',
              count(*) FILTER (WHERE due_at IS NULL)) AS "Hạn xử lý — due dates"
  FROM dossiers WHERE received_at < '2023-12-19 00:00+07';
SELECT CASE WHEN dossier_days_cover(tstzrange('2023-01-01 00:00+07', '2023-12-19 00:00+07'))
            THEN format('The year to date was read from %s daily summaries, not from its %s dossiers (SET govindex.dossier_days = off reads the rows, with the same figures).',
                        (SELECT count(*) FROM dossier_days_current WHERE day >= '2023-01-01' AND day < '2023-12-19'),
                        to_char(n, 'FM999G999G999'))
            ELSE format('The year to date was read from its %s dossiers: some days are stale (SELECT refresh_dossier_days()).',
                        to_char(n, 'FM999G999G999')) END
       AS "Tổng hợp theo ngày — daily summaries"
  FROM (SELECT count(*) AS n FROM dossiers WHERE received_at < '2023-12-19 00:00+07') d;
