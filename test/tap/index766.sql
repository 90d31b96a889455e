-- Index 766 on the generated province (20,000 dossiers of 2023): properties that must
-- hold whatever the data — parents are merges of their children, not averages; totals
-- are sums of groups; plain SQL agrees with dossier_stats; parallel equals serial.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SELECT plan(16);

CREATE FUNCTION pg_temp.explain_lines(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN NEXT line;
    END LOOP;
END $$;
CREATE TEMP TABLE w AS SELECT tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07') AS y;
CREATE TEMP TABLE rates AS SELECT * FROM index766_rates((SELECT y FROM w), 'H74');
CREATE TEMP TABLE totals AS SELECT * FROM index766_totals((SELECT y FROM w), 'H74');

-- The province has no dossiers of its own: each per-dossier count is the sum of its
-- departments' and districts' (a district's includes its communes).  Not
-- ONLINE_SUBMISSION: a product of two rates (online × synced over received²) does not
-- add up over units.
SELECT is((SELECT count(*)::int FROM (
              SELECT r.metric_code
                FROM rates r JOIN units u ON u.id = r.unit_id
               WHERE u.code = 'H74'
                 AND r.metric_code IN ('DVC_PROGRESS_ON_TIME', 'DOSSIER_SYNC', 'ORIGINAL_RESULT_AVAILABLE',
                                       'SO_HOA_GIAY_TO_GIAI_QUYET', 'DOSSIER_RECEIVING_SATISFACTION',
                                       'ONLINE_PAYMENT_DOSSIERS')
                 AND r.value <> (SELECT sum(c.value) FROM rates c JOIN units cu ON cu.id = c.unit_id
                                  WHERE cu.parent_id = u.id AND c.metric_code = r.metric_code)) bad), 0,
          'the province''s per-dossier rates are the sums of its children''s');
-- A district's rate is its own dossiers' plus its communes'.
SELECT is((SELECT count(*)::int FROM rates r JOIN units u ON u.id = r.unit_id
            WHERE u.level = 'district' AND r.metric_code = 'DVC_PROGRESS_ON_TIME'
              AND r.value <> (SELECT sum(c.value) FROM rates c JOIN units cu ON cu.id = c.unit_id
                               WHERE cu.parent_id = u.id AND c.metric_code = r.metric_code)
                             + coalesce((SELECT metric(dossier_stats(d.received_at,
                                                  coalesce(d.due_at, legal_due_at(d.received_at, p.time_limit, p.time_limit_unit,
                                                                                  d.supplement_periods, (SELECT default_calendar()), true)),
                                                  d.ended_at, d.end_status,
                                                  d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                                                  p.paper_result_required, p.fee_bearing, d.synced, d.electronic_result,
                                                  d.digitized, d.reused_data, d.personal_store, d.population_data,
                                                  d.paid_online, d.fee_amount, d.rating, (SELECT y FROM w)),
                                                  'DVC_PROGRESS_ON_TIME')
                                           FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
                                          WHERE d.unit_id = u.id), '0/0')), 0,
          'a district''s on-time rate is its own dossiers'' plus its communes''');
-- Distinct procedures do not add up: the province counts each procedure once.
SELECT ok((SELECT numerator(p.value) < (SELECT sum(numerator(c.value)) FROM rates c JOIN units cu ON cu.id = c.unit_id
                                          WHERE cu.parent_id = pu.id AND c.metric_code = p.metric_code)
             FROM rates p JOIN units pu ON pu.id = p.unit_id
            WHERE pu.code = 'H74' AND p.metric_code = 'ONLINE_DOSSIER_SERVICES'),
          'services with online dossiers are counted once over the subtree, not summed over units');

-- Totals are sums of groups, groups sums of rounded metric scores.
SELECT is((SELECT count(*)::int FROM totals t
            WHERE t.total <> (SELECT sum(g.score) FROM index766_groups((SELECT y FROM w), 'H74') g
                               WHERE g.unit_code = t.unit_code)), 0,
          'every total is the sum of its groups');
SELECT is((SELECT count(*)::int FROM index766_groups((SELECT y FROM w), 'H74') g
            WHERE g.score <> (SELECT coalesce(sum(i.score), 0) FROM index766((SELECT y FROM w), 'H74') i
                               WHERE i.unit_code = g.unit_code AND i.group_code = g.group_code)), 0,
          'every group is the sum of its metrics'' scores');
SELECT is((SELECT count(*)::int FROM index766((SELECT y FROM w), 'H74') i
            WHERE i.score IS DISTINCT FROM (SELECT metric_score(i.metric_code, coalesce(rate(i.numerator, i.denominator), '0/0')))
              AND i.numerator IS NOT NULL), 0,
          'every score is metric_score of its rate');
SELECT is((SELECT array_agg(DISTINCT level || ' ' || rank_of ORDER BY level || ' ' || rank_of)
             FROM totals WHERE level IN ('province', 'department', 'district')),
          ARRAY['department 19', 'district 9', 'province 1'],
          'departments rank among 19, districts among 9');
SELECT is((SELECT count(*)::int FROM totals t
            WHERE t.rank <> 1 + (SELECT count(*) FROM totals o
                                  WHERE o.parent_code IS NOT DISTINCT FROM t.parent_code
                                    AND o.level = t.level AND o.total > t.total)), 0,
          'ranks are competition ranks: one more than the number of siblings ahead');

-- Plain SQL, as a DBA would count, agrees with dossier_stats for the province.
SELECT is((SELECT value FROM rates r JOIN units u ON u.id = r.unit_id
            WHERE u.code = 'H74' AND r.metric_code = 'DVC_PROGRESS_ON_TIME'),
          (SELECT rate(count(*) FILTER (WHERE (d.ended_at < upper(y) AND d.supplement_requests <= 1 AND d.ended_at <= d.due)
                                           OR ((d.ended_at IS NULL OR d.ended_at >= upper(y)) AND d.supplement_requests <= 1
                                               AND d.due >= coalesce((SELECT min(lower(r)) FROM unnest(d.supplement_periods) r
                                                                       WHERE lower(r) < upper(y) AND (upper_inf(r) OR upper(r) > upper(y))),
                                                                      upper(y)))),
                       count(*) FILTER (WHERE d.due IS NOT NULL OR d.supplement_requests > 1))
             FROM (SELECT x.*, coalesce(x.due_at, legal_due_at(x.received_at, p.time_limit, p.time_limit_unit,
                                                               x.supplement_periods, (SELECT default_calendar()), true)) AS due
                     FROM dossiers x JOIN procedures p ON p.id = x.procedure_id) d, w
            WHERE d.received_at < upper(y) AND (d.ended_at IS NULL OR d.ended_at >= lower(y))),
          'the province''s on-time rate equals the plain-SQL count (legal due dates for dossiers without one)');
SELECT is((SELECT value FROM rates r JOIN units u ON u.id = r.unit_id
            WHERE u.code = 'H74' AND r.metric_code = 'ONLINE_PAYMENT_DOSSIERS'),
          (SELECT rate(count(*) FILTER (WHERE d.paid_online IS NOT NULL), count(*))
             FROM dossiers d JOIN procedures p ON p.id = d.procedure_id, w
            WHERE p.fee_bearing AND d.received_at >= lower(y) AND d.received_at < upper(y)),
          'the province''s online-payment rate equals the plain-SQL count');

-- The late list and the aggregate agree on what is overdue at a window's close.
SELECT is((SELECT count(*)::int FROM late_dossiers_at('2023-10-01 00:00+07', 'H74')),
          (SELECT counter(stats, 'pending_overdue')::int
             FROM unit_stats(tstzrange('2023-01-01 00:00+07', '2023-10-01 00:00+07'), 'H74') s
             JOIN units u ON u.id = s.unit_id AND u.code = 'H74'),
          'late_dossiers_at counts what dossier_stats calls pending overdue at the close');

-- A parallel plan gives the same states as a serial one.
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT unit_id, stats::text AS s FROM unit_stats((SELECT y FROM w), 'H74');
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
SELECT ok(bool_or(line ~ 'Partial (Hash|Group)Aggregate') AND bool_or(line ~ 'Gather'),
          'unit_stats runs as a partial aggregate under Gather')
  FROM pg_temp.explain_lines('SELECT * FROM govindex.unit_stats(tstzrange(''2023-01-01 00:00+07'', ''2024-01-01 00:00+07''), ''H74'')') line;
CREATE TEMP TABLE parallel AS SELECT unit_id, stats::text AS s FROM unit_stats((SELECT y FROM w), 'H74');
SELECT is((SELECT count(*)::int FROM serial s FULL JOIN parallel p USING (unit_id) WHERE s.s IS DISTINCT FROM p.s), 0,
          'parallel and serial states are identical for every unit');
SELECT is((SELECT count(*)::int FROM serial), 120, 'one state per unit');

-- Readings: places_up is the previous rank minus the rank, for every unit.
RESET max_parallel_workers_per_gather;
SELECT lives_ok($$SELECT record_index766_reading('2023-12-11', 'H74'), record_index766_reading('2023-12-18', 'H74')$$,
                'two readings recorded');
SELECT is((SELECT count(*)::int FROM index766_reading_changes
            WHERE taken_on = '2023-12-18' AND places_up IS DISTINCT FROM previous_rank - rank), 0,
          'places gained are the previous rank minus the rank');

SELECT * FROM finish();
ROLLBACK;
