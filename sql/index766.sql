-- index766: a small province worked out by hand.  Window: January 2024 (+07).
--   P (province) ── P.01, P.02, P.03 (departments) ── P.D (district) ── P.D.X (commune)
-- Procedures: A1 department, full online, fee, paper result, citizens;
--             A2 department, partial online, organizations;
--             A3 department, information only, fee, citizens and organizations;
--             C1 commune, full online, paper result, citizens, Project 06;
--             D1 district, partial online, fee, citizens.
-- One transaction, rolled back at the end: readings are append-only, and the units
-- and dossiers here must not reach the tests that follow.
BEGIN;
SET LOCAL search_path = public, govindex;
SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh';

INSERT INTO units (code, name_vi, level) VALUES ('P', 'Tỉnh P', 'province');
INSERT INTO units (code, name_vi, level, parent_id)
SELECT c, n, l, (SELECT id FROM units WHERE code = 'P')
  FROM (VALUES ('P.01', 'Sở 1', 'department'), ('P.02', 'Sở 2', 'department'),
               ('P.03', 'Sở 3', 'department'), ('P.D', 'Huyện D', 'district')) v (c, n, l);
INSERT INTO units (code, name_vi, level, parent_id)
SELECT 'P.D.X', 'Xã X', 'commune', id FROM units WHERE code = 'P.D';

INSERT INTO procedures (code, name_vi, authority_level, service_level, fee_bearing, paper_result_required, subject, project06)
VALUES ('A1', 'Thủ tục A1', 'department', 'full_online', true, true, 'citizen', false),
       ('A2', 'Thủ tục A2', 'department', 'partial_online', false, false, 'organization', false),
       ('A3', 'Thủ tục A3', 'department', 'information', true, false, 'both', false),
       ('C1', 'Thủ tục C1', 'commune', 'full_online', false, true, 'citizen', true),
       ('D1', 'Thủ tục D1', 'district', 'partial_online', true, false, 'citizen', false);

CREATE TEMP TABLE batch (LIKE dossier_input);
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at, due_at, ended_at, end_status,
                   synced, electronic_result, digitized, reused_data, population_data, paid_online, fee_amount, rating)
VALUES
-- P.01 and P.02 alike: one on time online (synced, electronic result, digitized, paid), one late
('x1', 'P.01', 'A1', 'online', '2024-01-02 08:00', '2024-01-10 08:00', '2024-01-08 08:00', 'returned', true, true, true, false, false, 'portal', 10000, 'like'),
('x2', 'P.01', 'A2', 'direct', '2024-01-03 08:00', '2024-01-05 08:00', '2024-01-09 08:00', 'finished', false, false, false, false, false, NULL, NULL, NULL),
('y1', 'P.02', 'A1', 'online', '2024-01-02 08:00', '2024-01-10 08:00', '2024-01-08 08:00', 'returned', true, true, true, false, false, 'portal', 10000, 'like'),
('y2', 'P.02', 'A2', 'direct', '2024-01-03 08:00', '2024-01-05 08:00', '2024-01-09 08:00', 'finished', false, false, false, false, false, NULL, NULL, NULL),
-- P.03: on time, direct, fee data but not paid online, no electronic result
('z1', 'P.03', 'A1', 'direct', '2024-01-04 08:00', '2024-01-10 08:00', '2024-01-06 08:00', 'returned', false, false, false, false, false, NULL, 20000, NULL),
-- P.D.X: one on time online (synced, electronic result, reused, population data); one overdue
('w1', 'P.D.X', 'C1', 'online', '2024-01-05 08:00', '2024-01-12 08:00', '2024-01-11 08:00', 'returned', true, true, false, true, true, NULL, NULL, NULL),
('w2', 'P.D.X', 'C1', 'direct', '2024-01-06 08:00', '2024-01-08 08:00', NULL, NULL, false, false, false, false, false, NULL, NULL, NULL);
SELECT * FROM load_dossiers('batch');

-- P.03's petitions: one answered on time (liked), one late (disliked)
INSERT INTO petitions (code, unit_id, kind, received_at, due_at, ended_at, likes, dislikes)
SELECT c, (SELECT id FROM units WHERE code = 'P.03'), k::petition_kind, r, d, e, l, dl
  FROM (VALUES ('K1', 'procedure', timestamptz '2024-01-10 08:00', timestamptz '2024-01-25 08:00', timestamptz '2024-01-20 08:00', 1, 0),
               ('K2', 'staff', '2024-01-12 08:00', '2024-01-20 08:00', '2024-01-28 08:00', 0, 2)) v (c, k, r, d, e, l, dl);

-- The province publishes A1 on time (but makes it public late) and A2 not at all
INSERT INTO procedure_publications (unit_id, procedure_id, decided_on, publish_due, published_on, public_due, made_public_on, content_complete)
SELECT (SELECT id FROM units WHERE code = 'P'), p.id, v.decided, v.due, v.published, v.public_due, v.made_public, v.complete
  FROM (VALUES ('A1', date '2023-12-01', date '2024-01-10', date '2024-01-08', date '2024-01-15', date '2024-01-20', true),
               ('A2', '2023-12-05', '2024-01-20', NULL, '2024-02-05', NULL, false)) v (code, decided, due, published, public_due, made_public, complete)
  JOIN procedures p ON p.code = v.code;

CREATE TEMP TABLE jan AS SELECT tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07') AS w;

-- The province, every metric.  By hand: on time x1 y1 z1 w1 of 7 = 4/7 → 20 × 4/7 = 11.43;
-- synced 3/7 → 2.57; electronic results 3 of the 4 paper-result dossiers → 4.50;
-- satisfaction (7 - 3 overdue) / 7 → min(6, 6 × (4/7) / 0.9) = 3.81; procedures
-- offered online 4 of 5 (80%) → 2; services with online dossiers A1, C1 of A1 A2 C1 D1 → 2;
-- paid online 2 of 3 fee-bearing dossiers (66.67%) → 4.00; fee-bearing procedures
-- A1 A3 D1 with an online payment (A1) or fee data (A1): 33.33% → 0.83 each;
-- published on time 1/2 → 3; made public on time 0/1 → 0; complete 1/1 → 2.
SELECT metric_code, numerator || '/' || denominator AS rate, percent, score, max_points
  FROM index766((SELECT w FROM jan), 'P') WHERE unit_code = 'P';

-- A department: P.01's 56.50 = 3 + 10 + (1.67 + 2 + 6) + (6 + 1.25 + 1.25) + (6 + 6 + 3.33)
-- + (6 + 2 + 0 + 0 + 0 + 0 + 2); offered A1 A2 of A1 A2 A3 = 66.67% → min(2, 2 × 66.67 / 80).
SELECT metric_code, numerator || '/' || denominator AS rate, score
  FROM index766((SELECT w FROM jan), 'P') WHERE unit_code = 'P.01';

-- Groups and totals.  P: 7.57 + 11.43 + 10 + 5.66 + 9.81 + 8.79 = 53.26.
-- Departments: P.01 and P.02 tie at 56.50 (both rank 1), P.03 42.92 ranks 3 of 3.
-- P.D (its commune's dossiers, procedures C1 and D1) 49.58; P.D.X 52.58.
SELECT * FROM index766_groups((SELECT w FROM jan), 'P') WHERE unit_code IN ('P', 'P.D');
SELECT * FROM index766_totals((SELECT w FROM jan), 'P');

-- A parent is the merge of its subtree, not an average of its children.
SELECT metric_code, numerator || '/' || denominator AS province
  FROM index766((SELECT w FROM jan), 'P')
 WHERE unit_code = 'P' AND metric_code IN ('DVC_PROGRESS_ON_TIME', 'ONLINE_DOSSIER_SERVICES');

-- The 2022 decision: the same metrics in five groups (online services and payment as one).
SELECT group_code, score, max_points FROM index766_groups((SELECT w FROM jan), 'P', 'decision-766-2022')
 WHERE unit_code = 'P';
SELECT total, max_points FROM index766_totals((SELECT w FROM jan), 'P', 'decision-766-2022') WHERE unit_code = 'P';

-- Filtered to procedure A1: petitions and the per-procedure population metric drop out
-- (digitization out of 20, satisfaction out of 6); A1's dossiers x1 y1 z1 are all on time.
SELECT group_code, score, max_points FROM index766_groups((SELECT w FROM jan), 'P', procedure_codes => ARRAY['A1'])
 WHERE unit_code = 'P';
SELECT numerator || '/' || denominator AS a1_on_time
  FROM index766((SELECT w FROM jan), 'P', procedure_codes => ARRAY['A1'])
 WHERE unit_code = 'P' AND metric_code = 'DVC_PROGRESS_ON_TIME';
-- Project 06 services only (C1): w1 on time, w2 overdue.
SELECT numerator || '/' || denominator AS project06_on_time
  FROM index766((SELECT w FROM jan), 'P', project06_only => true)
 WHERE unit_code = 'P' AND metric_code = 'DVC_PROGRESS_ON_TIME';
-- A subtree root: only the district and its commune.
SELECT unit_code, total, rank, rank_of FROM index766_totals((SELECT w FROM jan), 'P.D');

-- Bad input.
SAVEPOINT expected_error;
SELECT * FROM index766((SELECT w FROM jan), 'P', 'no-such-methodology');
ROLLBACK TO SAVEPOINT expected_error;
SAVEPOINT expected_error;
SELECT * FROM index766('empty', 'P');
ROLLBACK TO SAVEPOINT expected_error;
SELECT count(*) AS rows_for_an_unknown_root FROM index766((SELECT w FROM jan), 'NOPE');

-- Late dossiers.  At the close, w2 (due 8 Jan) is 24 calendar days overdue, and 18
-- working days (the weekdays from 8 to 31 January; 1 January is the only holiday).
SELECT unit_code, dossier_code, procedure_code, due_at, days_overdue, supplement_requests, workdays_overdue
  FROM late_dossiers_at('2024-02-01 00:00+07', 'P');
-- Weekly: x2 and y2 become late in the first week (due 5 Jan) and end on 9 Jan; w2 becomes
-- late in the second week and stays.  still_late = late_at_start - processed + new_late.
SELECT unit_code, week_start, iso_week, late_at_start, processed, new_late, still_late
  FROM late_dossier_weeks('2024-01-01', '2024-01-28', 'P')
 WHERE unit_code IN ('P', 'P.01', 'P.D')
 ORDER BY unit_code, week_start;

-- Readings: two weeks; the second gives the national rank read on the portal.
SELECT record_index766_reading('2024-01-14', 'P') AS first_reading;
SELECT record_index766_reading('2024-01-31', 'P', national_rank => 11, national_rank_of => 63) AS second_reading;
SELECT taken_on, unit_code, total, rank, rank_of, previous_total, points_change, places_up
  FROM index766_reading_changes WHERE unit_code IN ('P', 'P.01', 'P.03', 'P.D.X') ORDER BY unit_code, taken_on;
-- A reading holds what index766_totals gives for its window.
SELECT bool_and(r.total = t.total AND r.max_points = t.max_points) AS reading_matches_report
  FROM index766_reading_units r
  JOIN index766_readings h ON h.id = r.reading_id AND h.taken_on = '2024-01-31'
  JOIN index766_totals(tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), 'P') t ON t.unit_code = r.unit_code;
SELECT index766_sentence('P'), index766_sentence('P', lang => 'en');
SELECT index766_sentence('P.03', '2024-01-31', 'en'), index766_sentence('P.D.X', '2024-01-31', 'vi');
SELECT index766_sentence('P', '2024-01-14', 'en') AS first_reading_has_no_change;
SELECT spoken_number(77.90, 'en'), spoken_number(77.90, 'vi'), spoken_number(5.2, 'vi'), spoken_number(100, 'en');
-- The BI views over the readings.  The latest reading of each unit: the province's
-- national rank and the departments' ranks within the province in columns apart, the
-- sentences as index766_sentence reads them.
SELECT taken_on, unit_code, level_order, total, national_rank_text, rank_in_parent_text,
       points_change, national_places_up, places_up_in_parent
  FROM govindex_bi.index766_latest WHERE unit_code IN ('P', 'P.01', 'P.03', 'P.D', 'P.D.X') ORDER BY level_order, unit_code;
SELECT bool_and(l.sentence_vi = index766_sentence(l.unit_code) AND l.sentence_en = index766_sentence(l.unit_code, lang => 'en'))
       AS sentences_match, count(*) AS units
  FROM govindex_bi.index766_latest l;
-- The first reading had no national rank: its root has neither rank (1/1 among no siblings is no rank).
SELECT taken_on, national_rank_text, rank_in_parent_text, previous_taken_on, is_latest
  FROM govindex_bi.index766_unit_readings WHERE unit_code = 'P' ORDER BY taken_on;
-- Groups and metrics of the latest reading, with the change since the first.
SELECT group_order, group_code, group_name_en, score, max_points, percent, previous_score, score_change
  FROM govindex_bi.index766_group_scores WHERE unit_code = 'P.03' AND is_latest ORDER BY group_order;
SELECT metric_code, numerator, denominator, percent, score, max_points, previous_percent, percent_change, score_change
  FROM govindex_bi.index766_metric_results
 WHERE unit_code = 'P.D.X' AND is_latest AND denominator > 0 ORDER BY group_order, metric_order;
-- A reading's metrics are index766() for its window; they add up to its groups.
SELECT count(*) AS metric_rows,
       count(*) FILTER (WHERE (m.numerator, m.denominator, m.percent, m.score, m.max_points)
                              IS NOT DISTINCT FROM (i.numerator, i.denominator, i.percent, i.score, i.max_points)) AS equal
  FROM govindex_bi.index766_metric_results m
  FULL JOIN index766(tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'), 'P') i
    ON i.unit_code = m.unit_code AND i.metric_code = m.metric_code
 WHERE m.taken_on = '2024-01-31' OR m.taken_on IS NULL;
SELECT count(*) AS groups_not_summing FROM govindex_bi.index766_group_scores g
 WHERE g.score <> (SELECT coalesce(sum(m.score), 0) FROM govindex_bi.index766_metric_results m
                    WHERE m.reading_id = g.reading_id AND m.unit_code = g.unit_code AND m.group_code = g.group_code);
-- Project 06: C1 only, so only the commune and its ancestors count dossiers (w1 on time, w2 overdue).
SELECT unit_code, metric_code, numerator, denominator, percent, score
  FROM govindex_bi.index766_project06_results
 WHERE is_latest AND metric_code = 'DVC_PROGRESS_ON_TIME' ORDER BY level_order, unit_code;
-- Late dossiers with each reading, as late_dossier_weeks gives them above: the first
-- reading keeps its last week (8-14 January), the second the weeks ended since (15-21
-- and 22-28 January; 29 January - 4 February has not ended on the 31st).
SELECT taken_on, week_start, week_end, iso_week, late_at_start, processed, new_late, still_late, is_last_week
  FROM govindex_bi.index766_late_dossier_weeks WHERE unit_code = 'P' ORDER BY taken_on, week_start;
SELECT taken_on, unit_code, received, processed, without_due_date, inconsistent
  FROM govindex_bi.index766_data_quality WHERE unit_code IN ('P', 'P.D.X') ORDER BY taken_on, unit_code;
-- Readings are history.
SAVEPOINT expected_error;
DELETE FROM index766_readings;
ROLLBACK TO SAVEPOINT expected_error;
SAVEPOINT expected_error;
UPDATE index766_reading_units SET total = 100;
ROLLBACK TO SAVEPOINT expected_error;
SAVEPOINT expected_error;
SELECT record_index766_reading('2024-01-31', 'P');
ROLLBACK TO SAVEPOINT expected_error;
SAVEPOINT expected_error;
SELECT index766_sentence('P', '2023-01-01');
ROLLBACK TO SAVEPOINT expected_error;
SAVEPOINT expected_error;
SELECT index766_sentence('P', lang => 'fr');
ROLLBACK TO SAVEPOINT expected_error;
SAVEPOINT expected_error;
SELECT record_index766_reading('2024-02-07', 'P', national_rank => 70, national_rank_of => 63);
ROLLBACK TO SAVEPOINT expected_error;
ROLLBACK;
