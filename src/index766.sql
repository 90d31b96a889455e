-- index766.sql — the Index 766 report: for a window and every unit of a tree, each
-- metric's rate (numerator/denominator), its score under a methodology, the groups,
-- the total and the rank among sibling units of the same level.  A parent's rates come
-- from all dossiers, petitions and procedures of its subtree, never from averaging.

-- The methodology to use: the one named, else the default; an unknown one is an error.
CREATE FUNCTION govindex.methodology_or_default(methodology text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    chosen text;
BEGIN
    SELECT m.code INTO chosen FROM govindex.methodologies m
     WHERE (methodology IS NULL AND m.is_default) OR m.code = methodology;
    IF chosen IS NULL THEN
        RAISE EXCEPTION 'unknown methodology "%"', methodology
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'SELECT code FROM govindex.methodologies lists the methodologies.';
    END IF;
    RETURN chosen;
END $$;
COMMENT ON FUNCTION govindex.methodology_or_default(text) IS
    'The methodology code to use: the one named (checked), or the default when NULL — Phương pháp được dùng';

-- The sources of Index 766 rates.  Each returns, for every unit under a root, a rate
-- (numerator/denominator over the unit's whole subtree; 0/0 where nothing counts) for
-- each code it produces, the codes metric_codes_produced() (methodology.sql) lists
-- under it.  The dossiers' rates are metric() of the unit's state (the registry
-- dossier_stats_metrics); index766_rates is the union of them all.

-- The catalogue: procedures handled in each unit's subtree (listed in unit_procedures,
-- or of its level), and how many of them the unit's state saw online, paid online, with
-- fee data or with population data (its procedure sets, counted in the state).  The
-- states are unit_stats() of the window, as parallel arrays of unit ids and states.
CREATE FUNCTION govindex.index766_catalogue(
    root_code text,
    procedure_codes text[],
    procedure_field text,
    project06_only bool,
    unit_ids int[],
    states govindex.dossier_stats[])
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    chosen AS MATERIALIZED (
        SELECT p.* FROM govindex.procedures p
         WHERE (procedure_codes IS NULL OR p.code = ANY (procedure_codes))
           AND (procedure_field IS NULL OR p.field = procedure_field)
           AND (NOT project06_only OR p.project06)
    ),
    authority AS MATERIALIZED (
        SELECT DISTINCT c.ancestor_id AS unit_id, p.id AS procedure_id, p.service_level, p.fee_bearing, p.subject
          FROM closure c
          JOIN govindex.units u ON u.id = c.descendant_id
          JOIN chosen p ON p.authority_level = u.level
         WHERE NOT EXISTS (SELECT 1 FROM govindex.unit_procedures up WHERE up.unit_id = u.id)
        UNION
        SELECT c.ancestor_id, p.id, p.service_level, p.fee_bearing, p.subject
          FROM closure c
          JOIN govindex.unit_procedures up ON up.unit_id = c.descendant_id
          JOIN chosen p ON p.id = up.procedure_id
    ),
    catalogue AS (
        SELECT a.unit_id, count(*) AS procedures,
               array_agg(a.procedure_id) FILTER (WHERE a.service_level <> 'information') AS offered,
               array_agg(a.procedure_id) FILTER (WHERE a.fee_bearing) AS fee_bearing,
               array_agg(a.procedure_id) FILTER (WHERE a.subject <> 'organization') AS for_population
          FROM authority a
         GROUP BY a.unit_id
    )
    SELECT s.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM unnest(unit_ids, states) s (unit_id, stats)
      LEFT JOIN catalogue ca ON ca.unit_id = s.unit_id
     CROSS JOIN LATERAL (VALUES
        ('ONLINE_PROCEDURES_OFFERED', govindex.rate(coalesce(cardinality(ca.offered), 0), ca.procedures)),
        ('ONLINE_DOSSIER_SERVICES',
         govindex.rate(govindex.procedure_count(s.stats, 'online', ca.offered), cardinality(ca.offered))),
        ('ONLINE_PAYMENT_PROCEDURES',
         govindex.rate(govindex.procedure_count(s.stats, 'paid_online', ca.fee_bearing), cardinality(ca.fee_bearing))),
        ('FEE_DATA_PROCEDURES',
         govindex.rate(govindex.procedure_count(s.stats, 'fee_data', ca.fee_bearing), cardinality(ca.fee_bearing))),
        ('CITIZEN_DATA_CONNECTED_FORMALITY',
         govindex.rate(govindex.procedure_count(s.stats, 'population_data', ca.for_population), cardinality(ca.for_population)))
     ) m (code, value)
     -- bounded arguments (a state for each unit id, at most 100,000 units), checked once
     WHERE govindex.check_array_argument(unit_ids, 'unit_ids', 100000)
       AND govindex.check_array_argument(states, 'states', cardinality(unit_ids))
       AND govindex.check_array_argument(unit_ids, 'unit_ids', cardinality(states))
       AND govindex.check_array_argument(procedure_codes, 'procedure_codes');
END;
COMMENT ON FUNCTION govindex.index766_catalogue(text, text[], text, bool, int[], govindex.dossier_stats[]) IS
    'The catalogue source of Index 766: for each given unit and its state (unit_stats), the rates over the procedures its subtree handles — Nguồn danh mục thủ tục của Bộ chỉ số 766';

-- Publications: deadlines a publication does not carry come from deadline_rules, in
-- working days.
CREATE FUNCTION govindex.index766_publication(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT (lower(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS first_day,
               (upper(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS end_day
          FROM (SELECT govindex.checked_window("window", 'window') AS w) c
    ),
    closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    chosen AS MATERIALIZED (
        SELECT p.* FROM govindex.procedures p
         WHERE (procedure_codes IS NULL OR p.code = ANY (procedure_codes))
           AND (procedure_field IS NULL OR p.field = procedure_field)
           AND (NOT project06_only OR p.project06)
    ),
    -- each unit's own rates: of its publications here, or for a unit mirrored from a
    -- shard the rates its shard computes (federation.sql); merged over subtrees below
    own AS (
        SELECT pp.unit_id,
               govindex.rate_agg(coalesce(pp.published_on <= d.publish_due, false))
                   FILTER (WHERE d.publish_due >= b.first_day AND d.publish_due < b.end_day) AS published_on_time,
               govindex.rate_agg(coalesce(pp.made_public_on <= d.public_due, false))
                   FILTER (WHERE d.public_due >= b.first_day AND d.public_due < b.end_day) AS public_on_time,
               govindex.rate_agg(pp.content_complete) FILTER (WHERE pp.made_public_on < b.end_day) AS content_full
          FROM govindex.procedure_publications pp
          JOIN chosen p ON p.id = pp.procedure_id
         CROSS JOIN bounds b
         CROSS JOIN LATERAL (SELECT coalesce(pp.publish_due,
                                             govindex.deadline_after('publication', pp.decided_on,
                                                                     (SELECT govindex.default_calendar()))) AS publish_due) d0
         CROSS JOIN LATERAL (SELECT d0.publish_due,
                                    coalesce(pp.public_due,
                                             govindex.deadline_after('public_disclosure', coalesce(pp.published_on, d0.publish_due),
                                                                     (SELECT govindex.default_calendar()))) AS public_due) d
         WHERE pp.unit_id IN (SELECT c.descendant_id FROM closure c)
         GROUP BY pp.unit_id
        UNION ALL
        SELECT f.unit_id, f.published_on_time, f.public_on_time, f.content_full
          FROM govindex.federated_publication_rates("window", root_code, procedure_codes, procedure_field, project06_only) f
    ),
    publication AS (
        SELECT c.ancestor_id AS unit_id, govindex.sum(o.published_on_time) AS published_on_time,
               govindex.sum(o.public_on_time) AS public_on_time, govindex.sum(o.content_full) AS content_full
          FROM closure c
          JOIN own o ON o.unit_id = c.descendant_id
         GROUP BY c.ancestor_id
    )
    SELECT u.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM (SELECT DISTINCT c.ancestor_id AS unit_id FROM closure c) u
     CROSS JOIN bounds
      LEFT JOIN publication pb ON pb.unit_id = u.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PUBLISH_ON_TIME', pb.published_on_time),
        ('PUBLIC_UPDATE_ON_TIME', pb.public_on_time),
        ('PUBLIC_CONTENT_FULL', pb.content_full)
     ) m (code, value);
END;
COMMENT ON FUNCTION govindex.index766_publication(tstzrange, text, text[], text, bool) IS
    'The publication source of Index 766: procedures published and made public on time, with full content, for every unit under a root over its subtree — Nguồn công bố, công khai thủ tục của Bộ chỉ số 766';

-- Petitions received in the window: on time if answered by the due date, or still
-- open and not yet due at the close; satisfied if answered in the window without
-- more dislikes than likes and without a follow-up complaint.  Procedure filters do
-- not apply to petitions.
CREATE FUNCTION govindex.index766_petitions(
    "window" tstzrange,
    root_code text DEFAULT NULL)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT lower(c.w) AS opens, upper(c.w) AS closes
          FROM (SELECT govindex.checked_window("window", 'window') AS w) c
    ),
    closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    -- each unit's own rates: of its petitions here, or for a unit mirrored from a
    -- shard the rates its shard computes (federation.sql); merged over subtrees below
    own AS (
        SELECT pt.unit_id,
               govindex.rate_agg(pt.kind = 'procedure') FILTER (WHERE received) AS about_procedures,
               govindex.rate_agg(pt.kind = 'staff') FILTER (WHERE received) AS about_staff,
               govindex.rate_agg(CASE WHEN r.due_at IS NULL THEN NULL
                                      WHEN pt.ended_at < b.closes THEN pt.ended_at <= r.due_at
                                      ELSE r.due_at >= b.closes END) FILTER (WHERE received) AS on_time,
               govindex.rate_agg(NOT pt.follow_up_complaint AND pt.likes >= pt.dislikes)
                   FILTER (WHERE pt.ended_at >= b.opens AND pt.ended_at < b.closes) AS satisfied
          FROM govindex.petitions pt
         CROSS JOIN bounds b
         -- a petition without a due date is due by the petition rule of deadline_rules
         -- (15 working days after receipt; NULL when the calendar does not reach it)
         CROSS JOIN LATERAL (SELECT pt.received_at >= b.opens AND pt.received_at < b.closes AS received,
                                    coalesce(pt.due_at,
                                             govindex.legal_due_at(pt.received_at,
                                                 (SELECT r.working_days FROM govindex.deadline_rules r
                                                   WHERE r.rule = 'petition' ORDER BY r.since DESC LIMIT 1),
                                                 'working_day', '{}', (SELECT govindex.default_calendar()), true)) AS due_at) r
         WHERE pt.unit_id IN (SELECT c.descendant_id FROM closure c)
         GROUP BY pt.unit_id
        UNION ALL
        SELECT f.unit_id, f.about_procedures, f.about_staff, f.on_time, f.satisfied
          FROM govindex.federated_petition_rates("window", root_code) f
    ),
    petition AS (
        SELECT c.ancestor_id AS unit_id, govindex.sum(o.about_procedures) AS about_procedures,
               govindex.sum(o.about_staff) AS about_staff, govindex.sum(o.on_time) AS on_time,
               govindex.sum(o.satisfied) AS satisfied
          FROM closure c
          JOIN own o ON o.unit_id = c.descendant_id
         GROUP BY c.ancestor_id
    )
    SELECT u.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM (SELECT DISTINCT c.ancestor_id AS unit_id FROM closure c) u
     CROSS JOIN bounds
      LEFT JOIN petition pe ON pe.unit_id = u.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PETITION_CLASSIFICATION_TTHC', pe.about_procedures),
        ('PETITION_CLASSIFICATION_STAFF', pe.about_staff),
        ('PETITION_PROCESSING_ON_TIME', pe.on_time),
        ('PETITION_HANDLING_SATISFACTION', pe.satisfied)
     ) m (code, value);
END;
COMMENT ON FUNCTION govindex.index766_petitions(tstzrange, text) IS
    'The petitions source of Index 766: petitions by kind, handled on time, handled to satisfaction, for every unit under a root over its subtree — Nguồn phản ánh, kiến nghị của Bộ chỉ số 766';

-- Every metric's rate for every unit under a root, each over its subtree: the union of
-- the sources, the units' states computed once for the dossiers and the catalogue.
CREATE FUNCTION govindex.index766_rates(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH stats AS MATERIALIZED (
        SELECT * FROM govindex.unit_stats("window", root_code, procedure_codes, procedure_field, project06_only)
    )
    -- the dossiers: every metric of the registry, read from each unit's state
    SELECT s.unit_id, m.code, govindex.metric(s.stats, m.code)
      FROM stats s
     CROSS JOIN govindex.dossier_stats_metrics() m
    UNION ALL
    SELECT c.unit_id, c.metric_code, c.value
      FROM (SELECT array_agg(s.unit_id ORDER BY s.unit_id) AS ids, array_agg(s.stats ORDER BY s.unit_id) AS states
              FROM stats s) a
     CROSS JOIN LATERAL govindex.index766_catalogue(root_code, procedure_codes, procedure_field, project06_only,
                                                    a.ids, a.states) c
    UNION ALL
    SELECT p.unit_id, p.metric_code, p.value
      FROM govindex.index766_publication("window", root_code, procedure_codes, procedure_field, project06_only) p
    UNION ALL
    SELECT p.unit_id, p.metric_code, p.value
      FROM govindex.index766_petitions("window", root_code) p;
END;
COMMENT ON FUNCTION govindex.index766_rates(tstzrange, text, text[], text, bool) IS
    'The rate of every Index 766 metric for every unit under a root, each over its whole subtree — Tỷ lệ các chỉ số Bộ chỉ số 766 của từng đơn vị';

CREATE FUNCTION govindex.index766(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (
    unit_code text, unit_name text, level text, parent_code text,
    group_code text, metric_code text, numerator bigint, denominator bigint,
    percent numeric, score numeric, max_points numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH chosen AS (SELECT govindex.methodology_or_default(index766.methodology) AS code),
    filtered AS (
        SELECT procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only AS yes
    ),
    rates AS MATERIALIZED (
        SELECT * FROM govindex.index766_rates("window", root_code, procedure_codes, procedure_field, project06_only)
    )
    SELECT u.code, u.name_vi, u.level, parent.code,
           m.group_code, m.code, govindex.numerator(r.value), govindex.denominator(r.value),
           govindex.percent(r.value),
           govindex.score_rate(coalesce(r.value, '0/0'), m.max_points, m.basis, m.rule, m.threshold, m.empty_value),
           m.max_points
      FROM (SELECT DISTINCT rates.unit_id FROM rates) ru
      JOIN govindex.units u ON u.id = ru.unit_id
      LEFT JOIN govindex.units parent ON parent.id = u.parent_id
     CROSS JOIN chosen
     CROSS JOIN filtered
      JOIN govindex.metrics m ON m.methodology = chosen.code
                             AND (m.unit_levels IS NULL OR u.level = ANY (m.unit_levels))
                             AND (m.procedure_scoped OR NOT filtered.yes)
      JOIN govindex.metric_groups g ON g.methodology = m.methodology AND g.code = m.group_code
      LEFT JOIN rates r ON r.unit_id = u.id AND r.metric_code = m.code
     ORDER BY u.code, g.position, m.position;
END;
COMMENT ON FUNCTION govindex.index766(tstzrange, text, text, text[], text, bool) IS
    'Index 766 for a window: one row per unit and metric with its rate, percent, score and maximum, each unit over its whole subtree; filters by procedure codes, field or Project 06 services — Bộ chỉ số 766 theo từng đơn vị và chỉ số';

CREATE FUNCTION govindex.index766_groups(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (
    unit_code text, unit_name text, level text, parent_code text,
    group_code text, group_name_vi text, group_name_en text, score numeric, max_points numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT i.unit_code, i.unit_name, i.level, i.parent_code, g.code, g.name_vi, g.name_en,
           coalesce(sum(i.score), 0), sum(i.max_points)
      FROM govindex.index766("window", root_code, methodology, procedure_codes, procedure_field, project06_only) i
      JOIN govindex.metric_groups g
        ON g.methodology = govindex.methodology_or_default(index766_groups.methodology) AND g.code = i.group_code
     GROUP BY i.unit_code, i.unit_name, i.level, i.parent_code, g.code, g.name_vi, g.name_en, g.position
     ORDER BY i.unit_code, g.position;
END;
COMMENT ON FUNCTION govindex.index766_groups(tstzrange, text, text, text[], text, bool) IS
    'Index 766 group scores per unit: the sum of its metrics'' rounded scores, and the group''s maximum — Điểm từng nhóm chỉ số của từng đơn vị';

-- The ranking rule of Index 766, written once (index766_totals and record_index766_reading
-- rank through it): competition ranking (1, 2, 2, 4) by total, highest first, among the
-- units of the same parent and level, out of how many they are.  It takes the totals as
-- one array (a few hundred units), so that a caller computes them once.
CREATE TYPE govindex.unit_total AS (unit_code text, parent_code text, level text, total numeric);
COMMENT ON TYPE govindex.unit_total IS
    'A unit''s total, with what it is ranked among (sibling_ranks) — Tổng điểm của một đơn vị để xếp hạng';

CREATE FUNCTION govindex.sibling_ranks(units govindex.unit_total[])
RETURNS TABLE (unit_code text, rank int, rank_of int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT u.unit_code, (rank() OVER (siblings ORDER BY u.total DESC))::int, (count(*) OVER siblings)::int
      FROM unnest(units) u
    WINDOW siblings AS (PARTITION BY u.parent_code, u.level);
$$;
COMMENT ON FUNCTION govindex.sibling_ranks(govindex.unit_total[]) IS
    'Competition rank (1, 2, 2, 4) of each unit by total, highest first, among the units of the same parent and level, and out of how many — Xếp hạng các đơn vị cùng cấp, cùng đơn vị cấp trên';

CREATE FUNCTION govindex.index766_totals(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (
    unit_code text, unit_name text, level text, parent_code text,
    total numeric, max_points numeric, percent numeric, rank int, rank_of int)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH totals AS (
        SELECT i.unit_code, i.unit_name, i.level, i.parent_code,
               coalesce(sum(i.score), 0) AS total, sum(i.max_points) AS max_points
          FROM govindex.index766("window", root_code, methodology, procedure_codes, procedure_field, project06_only) i
         GROUP BY i.unit_code, i.unit_name, i.level, i.parent_code
    )
    SELECT t.unit_code, t.unit_name, t.level, t.parent_code, t.total, t.max_points,
           round(100 * t.total / nullif(t.max_points, 0), 2), r.rank, r.rank_of
      FROM totals t
      JOIN govindex.sibling_ranks(ARRAY(SELECT (u.unit_code, u.parent_code, u.level, u.total)::govindex.unit_total
                                          FROM totals u)) r ON r.unit_code = t.unit_code
     ORDER BY t.parent_code NULLS FIRST, t.level, t.total DESC, t.unit_code;
END;
COMMENT ON FUNCTION govindex.index766_totals(tstzrange, text, text, text[], text, bool) IS
    'Index 766 total per unit (the sum of its groups), its percent of the maximum, and its competition rank among units of the same parent and level — Tổng điểm và xếp hạng của từng đơn vị';
