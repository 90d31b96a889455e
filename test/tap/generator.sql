-- test/tap/generator.sql — the demo data of test/generate.sql has the promised shape.
-- Run against a database where the generator ran with its defaults and 20000 dossiers:
--   psql -X -v ON_ERROR_STOP=1 -v dossiers=20000 -f test/generate.sql && pg_prove test/tap/generator.sql
BEGIN;
SET LOCAL search_path = govindex, public;
-- The fingerprints below hash rows as text: fix every setting that shapes that text.
SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, YMD';
SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 1;

SELECT plan(79);

-- The moment the data was extracted: the end of 2023 in the province.
CREATE TEMP TABLE t_end ON COMMIT DROP AS SELECT timestamptz '2024-01-01 00:00:00+07' AS at;
-- Shares in percent, rounded to 2 decimals.
CREATE FUNCTION pg_temp.pct(n bigint, d bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE AS 'SELECT round(100.0 * n / nullif(d, 0), 2)';

-- ---- units ----------------------------------------------------------------------
SELECT results_eq(
    $$SELECT level, count(*)::int FROM units GROUP BY level ORDER BY level$$,
    $$VALUES ('commune', 91), ('department', 19), ('district', 9), ('province', 1)$$,
    'units: 1 province, 19 departments, 9 districts, 91 communes');
SELECT is((SELECT code || ' ' || name_vi FROM units WHERE parent_id IS NULL), 'H74 UBND tỉnh Bình Dương',
    'the only root is the province H74');
SELECT is((SELECT count(*)::int FROM units WHERE level <> 'province' AND parent_id IS NULL), 0,
    'every unit but the province has a parent');
SELECT is((SELECT count(*)::int FROM units c JOIN units p ON p.id = c.parent_id
            WHERE c.level IN ('department', 'district') AND p.level <> 'province'), 0,
    'departments and districts are under the province');
SELECT is((SELECT count(*)::int FROM units c JOIN units p ON p.id = c.parent_id
            WHERE c.level = 'commune' AND p.level <> 'district'), 0,
    'communes are under districts');
SELECT is((SELECT count(*)::int FROM unit_subtree('H74')), 120, 'the province''s subtree holds all 120 units');
SELECT is((SELECT p.name_vi FROM units c JOIN units p ON p.id = c.parent_id WHERE c.name_vi = 'Phường Hiệp Thành'),
    'Thành phố Thủ Dầu Một', 'Hiệp Thành ward is in Thủ Dầu Một');
SELECT is((SELECT count(*)::int FROM units WHERE code ~ '^H74\.(0[1-9]|1[0-9])$' AND level = 'department'), 19,
    'departments are H74.01 to H74.19');
SELECT is((SELECT count(*)::int FROM units u JOIN units p ON p.id = u.parent_id
            WHERE u.level = 'commune' AND u.code LIKE p.code || '.%'), 91,
    'a commune''s code extends its district''s');
SELECT is((SELECT count(*)::int FROM units WHERE valid_from = '2020-01-01' AND valid_to IS NULL AND name_en IS NOT NULL), 120,
    'units exist since 2020-01-01, with an English name');

-- ---- procedures -----------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM procedures), 1890, '1890 procedures');
SELECT is((SELECT count(DISTINCT code)::int FROM procedures WHERE code ~ '^[12]\.[0-9]{6}$'), 1890,
    'procedure codes are unique and shaped like 2.000815');
SELECT is((SELECT authority_level FROM procedures WHERE code = '2.000815'), 'commune',
    '2.000815 (certified copies) is a commune procedure');
SELECT results_eq(
    $$SELECT p.service_level::text, count(*)::int FROM procedures p GROUP BY p.service_level ORDER BY p.service_level$$,
    $$VALUES ('full_online', 756), ('partial_online', 830), ('information', 304)$$,
    'service levels: 756 full online, 830 partial online, 304 information only');
SELECT is((SELECT pg_temp.pct(count(*) FILTER (WHERE service_level <> 'information'), count(*)) FROM procedures), 83.92,
    '1586 of 1890 procedures (83.92%) are offered online');
SELECT results_eq(
    $$SELECT authority_level, count(*)::int FROM procedures GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('commune', 260), ('department', 1300), ('district', 330)$$,
    'authority: 1300 provincial (resolved by departments), 330 district, 260 commune');
SELECT is((SELECT count(*)::int FROM procedures WHERE project06), 25, '25 Project 06 procedures');
SELECT is((SELECT count(*)::int FROM procedures WHERE project06 AND service_level = 'information'), 0,
    'Project 06 procedures are offered online');
SELECT is((SELECT count(*)::int FROM procedures WHERE service_level = 'full_online' AND NOT full_process_eligible), 0,
    'full online procedures are eligible for full online service');
SELECT ok((SELECT count(*) BETWEEN 50 AND 150 FROM procedures WHERE service_level = 'partial_online' AND full_process_eligible),
    'about 100 partial online procedures are eligible for full online service');
SELECT ok((SELECT pg_temp.pct(count(*) FILTER (WHERE paper_result_required), count(*)) BETWEEN 65 AND 75 FROM procedures),
    'about 70% of procedures have a paper result');
SELECT ok((SELECT pg_temp.pct(count(*) FILTER (WHERE fee_bearing), count(*)) BETWEEN 30 AND 40 FROM procedures),
    'about 35% of procedures bear a fee');
SELECT ok((SELECT count(DISTINCT field) BETWEEN 20 AND 30 FROM procedures), 'about 25 fields');
SELECT is((SELECT count(*)::int FROM procedures
            WHERE NOT (time_limit_unit = 'working_day' AND time_limit BETWEEN 0.5 AND 30
                       OR time_limit_unit = 'working_hour' AND time_limit IN (4, 8))), 0,
    'time limits: 0.5 to 30 working days, or 4 or 8 working hours');
SELECT ok((SELECT count(*) BETWEEN 10 AND 100 FROM procedures WHERE time_limit_unit = 'working_hour'),
    'a few procedures have limits in working hours');

-- ---- dossiers: shape --------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM dossiers), 20000, '20000 dossiers');
SELECT is((SELECT count(DISTINCT code)::int FROM dossiers WHERE code ~ '^H74-2023-[0-9]{7}$'), 20000,
    'dossier codes are unique and shaped like H74-2023-0000001');
SELECT is((SELECT count(*)::int FROM dossier_codes), 20000, 'dossier_codes lists every code');
SELECT is((SELECT count(*)::int FROM dossiers d JOIN units u ON u.id = d.unit_id JOIN procedures p ON p.id = d.procedure_id
            WHERE u.level <> p.authority_level), 0,
    'every dossier''s unit is at its procedure''s authority level');
SELECT is((SELECT count(*)::int FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
            WHERE d.channel = 'online' AND p.service_level = 'information'), 0,
    'no online dossier for an information-only procedure');
SELECT results_eq(
    $$SELECT u.level, round(100.0 * count(*) / 20000) FROM dossiers d JOIN units u ON u.id = d.unit_id
       GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('commune', 50.0), ('department', 35.0), ('district', 15.0)$$,
    'volume: communes 50%, departments 35%, districts 15%');
SELECT ok((SELECT max(n) > 5 * min(n) FROM (SELECT count(*) AS n FROM dossiers GROUP BY unit_id) c),
    'some units are much larger than others');
SELECT ok((SELECT count(*) > 1000 FROM (SELECT procedure_id FROM dossiers GROUP BY 1) p),
    'more than 1000 procedures have dossiers');
SELECT ok((SELECT sum(n) FILTER (WHERE rank <= 189) > 0.5 * sum(n)
             FROM (SELECT count(*) AS n, row_number() OVER (ORDER BY count(*) DESC, procedure_id) AS rank
                     FROM dossiers GROUP BY procedure_id) c),
    'the 10% most popular procedures (189) have more than half of the dossiers');
SELECT is((SELECT count(*)::int FROM dossiers
            WHERE (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') < '2023-01-01'
               OR (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') >= '2024-01-01'), 0,
    'dossiers were received in 2023');
SELECT is((SELECT count(*)::int FROM dossiers
            WHERE (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::time NOT BETWEEN '07:30' AND '17:00'
               OR extract(isodow FROM received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') = 7), 0,
    'dossiers were received in office hours, never on Sunday');
SELECT ok((SELECT pg_temp.pct(count(*) FILTER (WHERE extract(isodow FROM received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') = 6), count(*))
             BETWEEN 0.5 AND 4 FROM dossiers),
    'a small share was received on Saturdays');
SELECT is((SELECT count(*)::int FROM dossiers
            WHERE (channel = 'direct') <> (submitted_at = received_at)
               OR channel <> 'direct' AND received_at - submitted_at NOT BETWEEN '5 minutes' AND '2 days'), 0,
    'direct dossiers are received when submitted, others minutes to 2 days later');
SELECT is((SELECT count(*)::int FROM dossiers, t_end WHERE ended_at > t_end.at), 0,
    'no dossier ends after the extraction moment');
SELECT is((SELECT count(*)::int FROM dossiers
            WHERE supplement_requests <> (SELECT count(*) FROM unnest(supplement_periods))), 0,
    'one supplement period per supplement request');
SELECT is((SELECT count(*)::int FROM dossiers
            WHERE NOT isempty(supplement_periods)
              AND (upper_inf(supplement_periods) AND ended_at IS NOT NULL
                   OR NOT upper_inf(supplement_periods) AND upper(supplement_periods) > coalesce(ended_at, 'infinity'))), 0,
    'supplement periods lie inside [received, end); open ones only while pending');
SELECT is((SELECT count(*)::int FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
            WHERE d.electronic_result AND NOT (p.paper_result_required AND d.end_status IN ('finished', 'returned'))), 0,
    'electronic results only for ended paper-result procedures');
SELECT is((SELECT count(*)::int FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
            WHERE (d.fee_amount IS NOT NULL AND NOT p.fee_bearing)
               OR d.fee_amount NOT BETWEEN 10000 AND 500000 OR d.fee_amount % 1000 <> 0
               OR (d.paid_online IS NOT NULL AND d.fee_amount IS NULL)), 0,
    'fees only for fee-bearing procedures, 10,000 to 500,000 VND; online payment only for dossiers with a fee');
SELECT is((SELECT count(*)::int FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
            WHERE d.population_data AND p.subject = 'organization'), 0,
    'population data only for procedures of citizens');

-- ---- dossiers: rates within the ranges Bình Dương published in 2023–2024 --------------
SELECT ok(r BETWEEN 45 AND 76, format('online submission %s%% (45–76%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE channel = 'online'), count(*)) AS r FROM dossiers) s;
SELECT ok(r BETWEEN 94 AND 98, format('ended on time %s%% of ended dossiers with a due date (94–98%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE ended_at <= due_at), count(*)) AS r
          FROM dossiers WHERE ended_at IS NOT NULL AND due_at IS NOT NULL) s;
SELECT ok(r BETWEEN 60 AND 84, format('electronic results %s%% of paper-result procedures'' dossiers (60–84%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE d.electronic_result), count(*)) AS r
          FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE p.paper_result_required) s;
SELECT ok(r BETWEEN 44 AND 54, format('digitized %s%% (44–54%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE digitized), count(*)) AS r FROM dossiers) s;
SELECT ok(r BETWEEN 7 AND 20, format('reused data %s%% (7–20%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE reused_data), count(*)) AS r FROM dossiers) s;
SELECT ok(r BETWEEN 39 AND 57, format('paid online %s%% of fee-bearing dossiers (39–57%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE d.paid_online IS NOT NULL), count(*)) AS r
          FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE p.fee_bearing) s;
SELECT ok(r > 1.5 * s, format('online dossiers pay online (%s%%) far more often than direct ones (%s%%)', r, s))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE d.paid_online IS NOT NULL AND d.channel = 'online'),
                           count(*) FILTER (WHERE d.channel = 'online')) AS r,
               pg_temp.pct(count(*) FILTER (WHERE d.paid_online IS NOT NULL AND d.channel <> 'online'),
                           count(*) FILTER (WHERE d.channel <> 'online')) AS s
          FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE p.fee_bearing) s;
SELECT ok(r BETWEEN 45 AND 55, format('synced %s%% (about 50%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE synced), count(*)) AS r FROM dossiers) s;
SELECT ok(r BETWEEN 25 AND 35, format('population data %s%% of citizens'' dossiers (about 30%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE d.population_data), count(*)) AS r
          FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE p.subject <> 'organization') s;
SELECT ok(r BETWEEN 5 AND 15, format('no fee data for %s%% of fee-bearing dossiers (about 10%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE d.fee_amount IS NULL), count(*)) AS r
          FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE p.fee_bearing) s;
SELECT ok(r BETWEEN 15 AND 25, format('liked %s%% (about 20%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE rating = 'like'), count(*)) AS r FROM dossiers) s;
SELECT ok(lo < 45 AND hi > 76, format('online submission varies by unit from %s%% to %s%%', lo, hi))
  FROM (SELECT min(r) AS lo, max(r) AS hi
          FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE channel = 'online'), count(*)) AS r
                  FROM dossiers GROUP BY unit_id HAVING count(*) >= 50) u) s;

-- ---- dossiers: every case the metrics distinguish occurs ---------------------------------
SELECT ok((SELECT count(*) > 0 FROM dossiers WHERE ended_at > due_at), 'some dossiers ended late');
SELECT ok((SELECT count(*) > 0 FROM dossiers, t_end WHERE ended_at IS NULL AND due_at < t_end.at),
    'some pending dossiers are overdue at the extraction moment');
SELECT ok((SELECT count(*) > 0 FROM dossiers, t_end WHERE ended_at IS NULL AND due_at >= t_end.at),
    'some pending dossiers are within their deadline');
SELECT ok((SELECT count(*) > 0 FROM dossiers WHERE due_at IS NULL), 'some dossiers have no due date');
SELECT ok((SELECT count(*) > 0 FROM dossiers WHERE supplement_requests = 1), 'some dossiers had one supplement request');
SELECT ok((SELECT count(*) > 0 FROM dossiers WHERE supplement_requests = 2), 'some dossiers had two supplement requests');
SELECT ok((SELECT count(*) > 0 FROM dossiers WHERE upper_inf(supplement_periods) AND NOT isempty(supplement_periods)),
    'some pending dossiers still wait for a supplement');
SELECT results_eq(
    $$SELECT end_status::text FROM dossiers WHERE end_status IS NOT NULL GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('finished'), ('returned'), ('stopped'), ('withdrawn')$$,
    'dossiers end finished, returned, stopped and withdrawn');
SELECT results_eq(
    $$SELECT channel::text FROM dossiers GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('direct'), ('online'), ('postal')$$,
    'dossiers come direct, online and by post');
SELECT results_eq(
    $$SELECT paid_online::text FROM dossiers WHERE paid_online IS NOT NULL GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('local_gateway'), ('portal')$$,
    'fees are paid on the portal and on local gateways');
SELECT ok((SELECT count(*) > 0 FROM dossiers WHERE rating = 'dislike'), 'some dossiers are disliked');

-- ---- petitions ------------------------------------------------------------------------
SELECT is((SELECT count(DISTINCT code)::int FROM petitions WHERE code ~ '^PAKN-2023-[0-9]{6}$'), 200,
    '200 petitions with unique codes like PAKN-2023-000001');
SELECT is((SELECT count(*)::int FROM petitions WHERE due_at <> received_at + interval '15 days'), 0,
    'petitions are due 15 days after receipt');
SELECT ok(r BETWEEN 70 AND 90, format('%s%% of petitions are about procedures (about 80%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE kind = 'procedure'), count(*)) AS r FROM petitions) s;
SELECT ok((SELECT count(*) FILTER (WHERE ended_at <= due_at) > 0.8 * count(*)
              AND count(*) FILTER (WHERE ended_at > due_at) > 0
              AND count(*) FILTER (WHERE ended_at IS NULL) > 0
              AND count(*) FILTER (WHERE follow_up_complaint) > 0
             FROM petitions),
    'petitions: mostly answered in time, some late, some open, a few followed by complaints');

-- ---- determinism: the same seed and size give these rows, byte for byte ------------------
SELECT is((SELECT md5(string_agg(u::text, E'\n' ORDER BY u.id)) FROM units u),
    '18062bb4cee1c4401c482c701354bbaf', 'units fingerprint');
SELECT is((SELECT md5(string_agg(p::text, E'\n' ORDER BY p.id)) FROM procedures p),
    '9815127b1606667628c05e76bb8dbd43', 'procedures fingerprint');
SELECT is((SELECT md5(string_agg(d::text, E'\n' ORDER BY d.code)) FROM dossiers d),
    '5fd6b31e97bdda378c005d51eecf49d8', 'dossiers fingerprint');
SELECT is((SELECT md5(string_agg(d::text, E'\n' ORDER BY d.code))
             FROM (SELECT code, unit_id, procedure_id, channel, received_at, due_at, ended_at, end_status
                     FROM dossiers ORDER BY code LIMIT 1000) d),
    '6f89b6d0274bbc63ecac6e30b4c1f7e4', 'fingerprint of the first 1000 dossiers');
SELECT is((SELECT md5(string_agg(p::text, E'\n' ORDER BY p.id)) FROM petitions p),
    'fc072c2ca89b68f178f614837d414ddb', 'petitions fingerprint');

-- ---- publications of procedures ------------------------------------------------------
SELECT is((SELECT count(*)::int FROM procedure_publications), 150, '150 procedure publications');
SELECT ok(r BETWEEN 75 AND 95, format('published on time %s%% (about 85%%)', r))
  FROM (SELECT pg_temp.pct(count(*) FILTER (WHERE published_on <= publish_due), count(*)) AS r
          FROM procedure_publications) s;
SELECT is((SELECT count(*)::int FROM procedure_publications
            WHERE published_on >= make_date(2024, 1, 1) OR made_public_on >= make_date(2024, 1, 1)
               OR (made_public_on IS NOT NULL AND published_on IS NULL)), 0,
    'nothing is published after the extraction, nor made public before being published');

SELECT * FROM finish();
ROLLBACK;
