-- readings_trust.sql — readings that can be trusted later.  A reading records a
-- fingerprint of the methodology rows it was scored with (and of the calendar and the
-- procedure catalogue it was computed over); a methodology that a reading used is
-- locked (copy it under a new code to change it: copy_methodology); and
-- reproduce_index766_reading recomputes a reading from today's data and lists what
-- differs, with the changes govindex can see that explain it.
--
-- A fingerprint is the md5 of a canonical text of rows: their columns in a fixed order,
-- each quoted (NULL as NULL), rows sorted by code in the C collation, dates and times in
-- a fixed format, and a first line naming the format ("... fingerprint 1"), so that it
-- depends on the rows only, not on the session's settings or the physical order.
-- Readings recorded before 0.4.0 have no fingerprint (NULL): what they were scored with
-- was not kept, and their methodology is locked all the same.

ALTER TABLE govindex.index766_readings
    ADD COLUMN methodology_fingerprint text,
    ADD COLUMN calendar_fingerprint text,
    ADD COLUMN catalogue_fingerprint text;
COMMENT ON COLUMN govindex.index766_readings.methodology_fingerprint IS
    'methodology_fingerprint() of the methodology when the reading was recorded; NULL for readings recorded before 0.4.0 — Dấu vân tay của phương pháp tính điểm khi ghi nhận';
COMMENT ON COLUMN govindex.index766_readings.calendar_fingerprint IS
    'calendar_fingerprint() when the reading was recorded; NULL before 0.4.0 — Dấu vân tay của lịch làm việc khi ghi nhận';
COMMENT ON COLUMN govindex.index766_readings.catalogue_fingerprint IS
    'catalogue_fingerprint() when the reading was recorded; NULL before 0.4.0 — Dấu vân tay của danh mục thủ tục khi ghi nhận';

-- Everything index766() reads of a methodology: its row (but is_default, which says
-- which methodology is used when none is named, not how it scores), its groups and its
-- metrics, every column.  NULL for an unknown methodology.
CREATE FUNCTION govindex.methodology_fingerprint(methodology text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp SET DateStyle = 'ISO, YMD' AS $$
    SELECT md5(string_agg(l.line, E'\n' ORDER BY l.part, l.key COLLATE "C"))
      FROM (SELECT 0 AS part, '' AS key, 'govindex methodology fingerprint 1' AS line
            UNION ALL
            SELECT 1, m.code, format('methodology %s %s %s %s %s', quote_nullable(m.code), quote_nullable(m.name_vi),
                                     quote_nullable(m.name_en), quote_nullable(m.valid_from), quote_nullable(m.note))
              FROM govindex.methodologies m WHERE m.code = $1
            UNION ALL
            SELECT 2, g.code, format('group %s %s %s %s %s', quote_nullable(g.code), quote_nullable(g.name_vi),
                                     quote_nullable(g.name_en), quote_nullable(g.max_points), quote_nullable(g.position))
              FROM govindex.metric_groups g WHERE g.methodology = $1
            UNION ALL
            SELECT 3, x.code, format('metric %s %s %s %s %s %s %s %s %s %s %s %s %s %s',
                                     quote_nullable(x.code), quote_nullable(x.group_code), quote_nullable(x.name_vi),
                                     quote_nullable(x.name_en), quote_nullable(x.max_points), quote_nullable(x.basis),
                                     quote_nullable(x.rule), quote_nullable(x.threshold), quote_nullable(x.empty_value),
                                     quote_nullable(x.unit_levels), quote_nullable(x.position), quote_nullable(x.portal_code),
                                     quote_nullable(x.source), quote_nullable(x.procedure_scoped))
              FROM govindex.metrics x WHERE x.methodology = $1) l
    HAVING count(*) FILTER (WHERE l.part = 1) = 1;
$$;
COMMENT ON FUNCTION govindex.methodology_fingerprint(text) IS
    'md5 of a canonical text of a methodology''s rows (its row but is_default, its groups, its metrics); what a reading records; NULL for an unknown methodology — Dấu vân tay của một phương pháp tính điểm';

-- The days the default calendar is built from (national and the province's holidays
-- and swapped working days) and the deadline rules, as the reports read them.
CREATE FUNCTION govindex.calendar_fingerprint() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' AS $$
    SELECT md5(string_agg(l.line, E'\n' ORDER BY l.part, l.key COLLATE "C"))
      FROM (SELECT 0 AS part, '' AS key, 'govindex calendar fingerprint 1' AS line
            UNION ALL
            SELECT 1, h.day::text, format('national %s %s', h.day, h.kind) FROM govindex.national_holidays h
            UNION ALL
            SELECT 2, h.day::text, format('province %s %s', h.day, h.kind) FROM govindex.holidays h
            UNION ALL
            SELECT 3, r.rule || ' ' || r.since::text,
                   format('rule %s %s %s %s', quote_nullable(r.rule), quote_nullable(r.since),
                          quote_nullable(r.working_days), quote_nullable(r.counted_from))
              FROM govindex.deadline_rules r) l;
$$;
COMMENT ON FUNCTION govindex.calendar_fingerprint() IS
    'md5 of a canonical text of what the working-day calendar and the legal deadlines are built from (national_holidays, holidays, deadline_rules); what a reading records — Dấu vân tay của lịch làm việc và thời hạn theo quy định';

-- The procedures (every column but the surrogate id) and which unit handles which, by
-- codes.  Under a subtree grant it covers the unit_procedures rows the caller sees.
CREATE FUNCTION govindex.catalogue_fingerprint() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT md5(string_agg(l.line, E'\n' ORDER BY l.part, l.key COLLATE "C"))
      FROM (SELECT 0 AS part, '' AS key, 'govindex catalogue fingerprint 1' AS line
            UNION ALL
            SELECT 1, p.code, format('procedure %s %s %s %s %s %s %s %s %s %s %s %s',
                                     quote_nullable(p.code), quote_nullable(p.name_vi), quote_nullable(p.field),
                                     quote_nullable(p.authority_level), quote_nullable(p.service_level),
                                     quote_nullable(p.paper_result_required), quote_nullable(p.full_process_eligible),
                                     quote_nullable(p.fee_bearing), quote_nullable(p.subject), quote_nullable(p.project06),
                                     quote_nullable(p.time_limit), quote_nullable(p.time_limit_unit))
              FROM govindex.procedures p
            UNION ALL
            SELECT 2, u.code || ' ' || p.code, format('handles %s %s', quote_nullable(u.code), quote_nullable(p.code))
              FROM govindex.unit_procedures up
              JOIN govindex.units u ON u.id = up.unit_id
              JOIN govindex.procedures p ON p.id = up.procedure_id) l;
$$;
COMMENT ON FUNCTION govindex.catalogue_fingerprint() IS
    'md5 of a canonical text of the procedure catalogue (procedures, and unit_procedures by codes); what a reading records — Dấu vân tay của danh mục thủ tục hành chính';

-- record_index766_reading inserts a reading without them: the calendar's and the
-- catalogue's are the columns' defaults, the methodology's is set by the trigger below.
-- Defaults set apart from ADD COLUMN, which would give the readings already recorded
-- today's fingerprints.  A row given its fingerprints (pg_restore) keeps them, NULL ones
-- included.
ALTER TABLE govindex.index766_readings
    ALTER COLUMN calendar_fingerprint SET DEFAULT govindex.calendar_fingerprint(),
    ALTER COLUMN catalogue_fingerprint SET DEFAULT govindex.catalogue_fingerprint();

CREATE FUNCTION govindex.index766_readings_fingerprint() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    NEW.methodology_fingerprint := govindex.methodology_fingerprint(NEW.methodology);
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.index766_readings_fingerprint() IS
    'Trigger: a new reading records the fingerprint of its methodology — Trigger: lần ghi nhận mới lưu dấu vân tay của phương pháp';
CREATE TRIGGER index766_readings_fingerprint BEFORE INSERT ON govindex.index766_readings
    FOR EACH ROW WHEN (NEW.methodology_fingerprint IS NULL AND NEW.calendar_fingerprint IS NOT NULL)
    EXECUTE FUNCTION govindex.index766_readings_fingerprint();

-- A methodology that a reading used is history: its rows cannot change any more.  One
-- trigger on the three tables.  Allowed: making it the default or not (is_default says
-- which methodology is used when none is named, not how it scores).  An INSERT is
-- allowed while the methodology's rows are not yet those its readings recorded, which is
-- how pg_restore loads them (config tables come back in any order of their keys, so the
-- readings may come back before the metrics they used); once they match, the
-- methodology is complete and nothing may be added.  A reading recorded before 0.4.0
-- has no fingerprint and locks its methodology against every change.
CREATE FUNCTION govindex.methodology_in_use_is_locked() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    touched   text[];
    code      text;
    used_by   bigint;
    unprinted bigint;
    complete  bool;
BEGIN
    IF TG_TABLE_NAME = 'methodologies' THEN
        IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'is_default') = (to_jsonb(NEW) - 'is_default') THEN
            RETURN NEW;
        END IF;
        touched := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.code] WHEN 'DELETE' THEN ARRAY[OLD.code]
                              ELSE ARRAY[OLD.code, NEW.code] END;
    ELSE
        touched := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.methodology] WHEN 'DELETE' THEN ARRAY[OLD.methodology]
                              ELSE ARRAY[OLD.methodology, NEW.methodology] END;
    END IF;
    FOREACH code IN ARRAY touched LOOP
        SELECT count(*), count(*) FILTER (WHERE r.methodology_fingerprint IS NULL)
          INTO used_by, unprinted
          FROM govindex.index766_readings r WHERE r.methodology = code;
        CONTINUE WHEN used_by = 0;
        IF TG_OP = 'INSERT' AND unprinted = 0 THEN
            SELECT bool_or(r.methodology_fingerprint = govindex.methodology_fingerprint(code)) INTO complete
              FROM govindex.index766_readings r WHERE r.methodology = code;
            CONTINUE WHEN NOT complete;
        END IF;
        RAISE EXCEPTION 'methodology % is used by % reading% and cannot be changed', code, used_by,
                        CASE WHEN used_by = 1 THEN '' ELSE 's' END
            USING ERRCODE = 'restrict_violation',
                  DETAIL = format('%s on %s refused: readings keep the fingerprint of the rows they were scored with.',
                                  TG_OP, TG_TABLE_NAME),
                  HINT = format('Copy it under a new code and change the copy: SELECT govindex.copy_methodology(%L, ''new-code'');', code);
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
COMMENT ON FUNCTION govindex.methodology_in_use_is_locked() IS
    'Trigger: the rows of a methodology that a reading used cannot be changed (but is_default), deleted or added to — Trigger: không sửa phương pháp đã dùng để ghi nhận';
CREATE TRIGGER methodologies_in_use_locked BEFORE INSERT OR UPDATE OR DELETE ON govindex.methodologies
    FOR EACH ROW EXECUTE FUNCTION govindex.methodology_in_use_is_locked();
CREATE TRIGGER metric_groups_in_use_locked BEFORE INSERT OR UPDATE OR DELETE ON govindex.metric_groups
    FOR EACH ROW EXECUTE FUNCTION govindex.methodology_in_use_is_locked();
CREATE TRIGGER metrics_in_use_locked BEFORE INSERT OR UPDATE OR DELETE ON govindex.metrics
    FOR EACH ROW EXECUTE FUNCTION govindex.methodology_in_use_is_locked();

-- The way to change a methodology: copy it under a new code, then edit the copy.
CREATE FUNCTION govindex.copy_methodology(
    from_code text, to_code text, name_vi text DEFAULT NULL, name_en text DEFAULT NULL)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    original  text := govindex.methodology_or_default(from_code);
    copied    int;
BEGIN
    IF to_code IS NULL THEN
        RAISE EXCEPTION 'a copy of methodology % needs a code', original
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF EXISTS (SELECT FROM govindex.methodologies m WHERE m.code = to_code) THEN
        RAISE EXCEPTION 'methodology % already exists', to_code
            USING ERRCODE = 'unique_violation',
                  HINT = 'Choose another code: SELECT code FROM govindex.methodologies lists those taken.';
    END IF;
    INSERT INTO govindex.methodologies (code, name_vi, name_en, valid_from, note, is_default)
    SELECT to_code, coalesce(copy_methodology.name_vi, m.name_vi), coalesce(copy_methodology.name_en, m.name_en),
           m.valid_from, format('Copied from %s.', m.code) || coalesce(' ' || m.note, ''), false
      FROM govindex.methodologies m WHERE m.code = original;
    INSERT INTO govindex.metric_groups (methodology, code, name_vi, name_en, max_points, position)
    SELECT to_code, g.code, g.name_vi, g.name_en, g.max_points, g.position
      FROM govindex.metric_groups g WHERE g.methodology = original;
    INSERT INTO govindex.metrics (methodology, code, group_code, name_vi, name_en, max_points, basis, rule,
                                  threshold, empty_value, unit_levels, position, portal_code, source, procedure_scoped)
    SELECT to_code, x.code, x.group_code, x.name_vi, x.name_en, x.max_points, x.basis, x.rule,
           x.threshold, x.empty_value, x.unit_levels, x.position, x.portal_code, x.source, x.procedure_scoped
      FROM govindex.metrics x WHERE x.methodology = original;
    GET DIAGNOSTICS copied = ROW_COUNT;
    RETURN copied;
END $$;
COMMENT ON FUNCTION govindex.copy_methodology(text, text, text, text) IS
    'Copies a methodology (the default when NULL) with its groups and metrics under a new code, not the default, to change it (a methodology a reading used is locked); names kept unless given; returns the metrics copied — Sao chép phương pháp tính điểm để chỉnh sửa';

-- A reading recomputed from today's data: every unit whose total and every unit and
-- metric whose figures differ from the reading's, with what govindex can tell about why.
-- What it can see: whether the methodology, the calendar or the catalogue still have the
-- fingerprints the reading recorded; how many dossiers of each unit's subtree the window
-- counts now against the reading's data-quality counters (dossiers loaded or deleted
-- after it); the days of the window whose dossiers were written after the reading and
-- not yet summarised again (dossier_days_stale); a unit moved in the tree.  What it
-- cannot: when a dossier was changed in place (no change time is kept per dossier; the
-- stale marks go when the daily summaries are refreshed), nor when petitions,
-- publications or units were loaded.
CREATE FUNCTION govindex.reproduce_index766_reading(reading_id bigint)
RETURNS TABLE (
    unit_code text, metric_code text,
    recorded_numerator bigint, recorded_denominator bigint, recorded_score numeric,
    numerator bigint, denominator bigint, score numeric, why text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    r          govindex.index766_readings;
    read_over  tstzrange;
    general    text[] := '{}';
    stale_days int;
BEGIN
    SELECT * INTO r FROM govindex.index766_readings x WHERE x.id = reproduce_index766_reading.reading_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no Index 766 reading %', reading_id
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT id, taken_on, root_code FROM govindex.index766_readings lists the readings.';
    END IF;
    read_over := tstzrange(r.window_from, r.window_to);

    -- what changed for every unit alike
    IF r.methodology_fingerprint IS NULL THEN
        general := general || 'recorded before 0.4.0 without fingerprints: whether its methodology, calendar or catalogue changed is not known'::text;
    ELSE
        IF r.methodology_fingerprint IS DISTINCT FROM govindex.methodology_fingerprint(r.methodology) THEN
            general := general || format('the rows of methodology %s differ from those the reading was scored with', r.methodology);
        END IF;
        IF r.calendar_fingerprint IS DISTINCT FROM govindex.calendar_fingerprint() THEN
            general := general || 'the calendar changed after the reading (holidays, swapped working days or deadline rules)'::text;
        END IF;
        IF r.catalogue_fingerprint IS DISTINCT FROM govindex.catalogue_fingerprint() THEN
            general := general || 'the procedure catalogue changed after the reading (procedures or unit_procedures)'::text;
        END IF;
    END IF;
    SELECT count(DISTINCT s.day) INTO stale_days
      FROM govindex.dossier_days_stale s
     WHERE s.marked_at >= r.recorded_at AND govindex.day_window(s.day) && read_over;
    IF stale_days > 0 THEN
        general := general || format('dossiers of %s day%s of the window were written after the reading (dossier_days_stale)',
                                     stale_days, CASE WHEN stale_days = 1 THEN '' ELSE 's' END);
    END IF;

    RETURN QUERY
    WITH now_metrics AS MATERIALIZED (
        SELECT * FROM govindex.index766(read_over, r.root_code, r.methodology)
    ),
    now_totals AS (
        SELECT m.unit_code, m.parent_code, coalesce(sum(m.score), 0) AS total
          FROM now_metrics m GROUP BY m.unit_code, m.parent_code
    ),
    now_quality AS (
        SELECT u.code AS unit_code, govindex.counter(s.stats, 'received') AS received,
               govindex.counter(s.stats, 'received') + govindex.counter(s.stats, 'pending_at_start') AS processed
          FROM govindex.unit_stats(read_over, r.root_code) s
          JOIN govindex.units u ON u.id = s.unit_id
    ),
    then_metrics AS (
        SELECT m.* FROM govindex.index766_reading_metrics m WHERE m.reading_id = r.id
    ),
    kept_metrics AS (SELECT EXISTS (SELECT FROM then_metrics) AS yes),
    -- each unit of the reading or of today's report, with what changed for it
    unit_facts AS (
        SELECT coalesce(tu.unit_code, nt.unit_code) AS unit_code,
               array_remove(ARRAY[
                   CASE WHEN tu.unit_code IS NULL THEN 'the unit was not in the reading (added or moved under the root since)'
                        WHEN nt.unit_code IS NULL THEN 'the unit is no longer in the report (moved, merged or removed)'
                        WHEN tu.parent_code IS DISTINCT FROM nt.parent_code
                            THEN format('its parent was %s, is %s now', coalesce(tu.parent_code, 'none'), coalesce(nt.parent_code, 'none'))
                   END,
                   CASE WHEN tu.unit_code IS NULL OR nt.unit_code IS NULL THEN NULL
                        WHEN tq.unit_code IS NULL THEN 'the reading kept no dossier counts (before 0.4.0)'
                        WHEN tq.received <> coalesce(nq.received, 0)
                            THEN format('dossiers received in the window: %s at the reading, %s now (loaded or deleted after it)',
                                        tq.received, coalesce(nq.received, 0))
                        WHEN tq.processed <> coalesce(nq.processed, 0)
                            THEN format('dossiers processed in the window (received in it or pending at its start): %s at the reading, %s now',
                                        tq.processed, coalesce(nq.processed, 0))
                   END], NULL) AS facts,
               tq.unit_code IS NOT NULL AND tq.received = coalesce(nq.received, 0)
                   AND tq.processed = coalesce(nq.processed, 0) AS same_dossier_count
          FROM (SELECT * FROM govindex.index766_reading_units x WHERE x.reading_id = r.id) tu
          FULL JOIN now_totals nt ON nt.unit_code = tu.unit_code
          LEFT JOIN govindex.index766_reading_quality tq ON tq.reading_id = r.id AND tq.unit_code = tu.unit_code
          LEFT JOIN now_quality nq ON nq.unit_code = coalesce(tu.unit_code, nt.unit_code)
    ),
    differences AS (
        SELECT coalesce(tu.unit_code, nt.unit_code) AS unit_code, NULL::text AS metric_code,
               NULL::bigint AS recorded_numerator, NULL::bigint AS recorded_denominator, tu.total AS recorded_score,
               NULL::bigint AS numerator, NULL::bigint AS denominator, nt.total AS score, NULL::text AS source
          FROM (SELECT * FROM govindex.index766_reading_units x WHERE x.reading_id = r.id) tu
          FULL JOIN now_totals nt ON nt.unit_code = tu.unit_code
         WHERE tu.total IS DISTINCT FROM nt.total
        UNION ALL
        SELECT coalesce(tm.unit_code, nm.unit_code), coalesce(tm.metric_code, nm.metric_code),
               tm.numerator, tm.denominator, tm.score, nm.numerator, nm.denominator, nm.score,
               (SELECT x.source FROM govindex.metrics x
                 WHERE x.methodology = r.methodology AND x.code = coalesce(tm.metric_code, nm.metric_code))
          FROM then_metrics tm
          FULL JOIN now_metrics nm ON (nm.unit_code, nm.metric_code) = (tm.unit_code, tm.metric_code)
         CROSS JOIN kept_metrics k
         WHERE k.yes
           AND (tm.numerator, tm.denominator, tm.score) IS DISTINCT FROM (nm.numerator, nm.denominator, nm.score)
    )
    SELECT d.unit_code, d.metric_code, d.recorded_numerator, d.recorded_denominator, d.recorded_score,
           d.numerator, d.denominator, d.score,
           coalesce(nullif(array_to_string(
               general || f.facts
               || CASE WHEN d.source = 'dossiers' AND f.same_dossier_count AND cardinality(f.facts) = 0
                       THEN ARRAY['as many dossiers as at the reading: some were changed in place after it (no change time is kept per dossier)']
                       ELSE '{}'::text[] END
               || CASE WHEN d.source IN ('petitions', 'publication') AND cardinality(general || f.facts) = 0
                       THEN ARRAY[format('its %s were changed after the reading (no load time is kept for them)',
                                         CASE d.source WHEN 'petitions' THEN 'petitions' ELSE 'procedure publications' END)]
                       ELSE '{}'::text[] END, '; '), ''),
                    'no change that govindex keeps track of explains it (petitions, publications and units keep no change time)')
      FROM differences d
      LEFT JOIN unit_facts f ON f.unit_code = d.unit_code
     ORDER BY d.unit_code COLLATE "C", d.metric_code COLLATE "C" NULLS FIRST;
END $$;
COMMENT ON FUNCTION govindex.reproduce_index766_reading(bigint) IS
    'Recomputes a reading from today''s data (same window, root and methodology): every unit whose total (metric_code NULL) and every unit and metric whose numerator, denominator or score differ, with why as far as govindex can tell (methodology, calendar or catalogue fingerprints changed, dossiers loaded or changed after the reading, the unit moved); no row when it reproduces — Tính lại một lần ghi nhận từ số liệu hiện tại và chỉ ra chỗ khác';
