-- govindex 0.2.0 -> 0.3.0, frozen with the 0.3.0 release: trust.  Daily summaries
-- that never lose a committed write, every name in every function body resolved in
-- pg_catalog or govindex whatever the caller's search_path, bookkeeping triggers on
-- every dossier partition, and hostile input refused with an error.
\echo Use "ALTER EXTENSION govindex UPDATE TO '0.3.0'" to load this file. \quit

-- ---- daily summaries: a mark per writing transaction and day, never shared, so a
-- refresh removes only the marks it read; the refresh lock is a table lock no reader
-- can take.  The marks are derived data: the days stale before the update stay stale.
ALTER TABLE govindex.dossier_days_stale RENAME TO dossier_days_stale_0_2;
ALTER TABLE govindex.dossier_days_stale_0_2 DROP CONSTRAINT dossier_days_stale_pkey;
CREATE TABLE govindex.dossier_days_stale (
    mark       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day        date NOT NULL,
    marked_at  timestamptz NOT NULL DEFAULT now(),
    writer     xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX dossier_days_stale_day_idx ON govindex.dossier_days_stale (day, writer);
COMMENT ON TABLE govindex.dossier_days_stale IS
    'Days whose dossiers changed since their summary was computed: one mark per writing transaction and day — Ngày có hồ sơ thay đổi, cần tổng hợp lại';
COMMENT ON COLUMN govindex.dossier_days_stale.mark IS
    'The mark''s own identity: a refresh removes only the marks it read — Số hiệu đánh dấu';
COMMENT ON COLUMN govindex.dossier_days_stale.day IS 'Day — Ngày';
COMMENT ON COLUMN govindex.dossier_days_stale.marked_at IS 'When the writing transaction started — Thời điểm thay đổi';
COMMENT ON COLUMN govindex.dossier_days_stale.writer IS
    'The writing transaction (one mark per transaction and day) — Giao dịch ghi';
INSERT INTO govindex.dossier_days_stale (day, marked_at) SELECT day, marked_at FROM govindex.dossier_days_stale_0_2;
DROP TABLE govindex.dossier_days_stale_0_2;

CREATE OR REPLACE FUNCTION govindex.dossier_days_mark_written() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM new_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                            WHERE s.day = d.day AND s.writer = pg_current_xact_id());
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM old_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                            WHERE s.day = d.day AND s.writer = pg_current_xact_id());
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION govindex.dossier_days_mark_every_day() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, govindex, pg_temp AS $$
    LOCK TABLE govindex.dossier_days_current IN SHARE ROW EXCLUSIVE MODE;
    INSERT INTO govindex.dossier_days_stale (day)
    SELECT c.day FROM govindex.dossier_days_current c
     WHERE NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                        WHERE s.day = c.day AND s.writer = pg_current_xact_id());
$$;

CREATE OR REPLACE FUNCTION govindex.refresh_dossier_days(rebuild bool DEFAULT false)
RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, govindex, pg_temp
SET govindex.legal_due_dates = 'on' AS $$
DECLARE
    first_new date;
    today date := govindex.province_day(now());
    done int;
BEGIN
    -- one refresh at a time: a later one must not be overwritten by an earlier snapshot
    -- (the lock of dossier_days_mark_every_day, which no reader can take)
    LOCK TABLE govindex.dossier_days_current IN SHARE ROW EXCLUSIVE MODE;
    IF rebuild THEN
        DELETE FROM govindex.dossier_days;
        DELETE FROM govindex.dossier_days_current;
    END IF;
    -- after the last current day; on a first refresh, from the first partition's first
    -- day (a year's report starts before its first dossier), or the first dossier's
    first_new := coalesce(
        (SELECT max(day) + 1 FROM govindex.dossier_days_current),
        (SELECT least(min(govindex.province_day(b.opens)), (SELECT govindex.province_day(min(received_at))
                                                               FROM govindex.dossiers))
           FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid
          CROSS JOIN LATERAL (
                SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz
                ) b (opens)
          WHERE i.inhparent = 'govindex.dossiers'::regclass));

    -- one statement, one snapshot: the stale marks removed are those read with the rows,
    -- by their identity; a mark written after the snapshot stays, and its day stale
    WITH seen AS MATERIALIZED (
        SELECT s.mark, s.day FROM govindex.dossier_days_stale s
    ),
    todo AS (
        SELECT day FROM seen
        UNION
        SELECT g::date FROM generate_series(first_new, today, interval '1 day') g
    ),
    span AS (
        SELECT lower(govindex.day_window(min(day))) AS opens, upper(govindex.day_window(max(day))) AS closes
          FROM todo
    ),
    fresh AS (
        SELECT p.day, p.unit_id, govindex.rollup(p.parts) AS parts
          FROM (
            SELECT govindex.province_day(d.received_at) AS day, d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating,
                       govindex.day_window(govindex.province_day(d.received_at)), 'received') AS parts
              FROM govindex.dossier_due_dates d, span
             WHERE d.received_at >= span.opens AND d.received_at < span.closes
               AND govindex.province_day(d.received_at) IN (SELECT day FROM todo)
             GROUP BY 1, 2
            UNION ALL
            SELECT govindex.province_day(d.ended_at), d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating,
                       govindex.day_window(govindex.province_day(d.ended_at)), 'ended')
              FROM govindex.dossier_due_dates d, span
             WHERE d.ended_at >= span.opens AND d.ended_at < span.closes
               AND d.received_at < span.closes
               AND govindex.province_day(d.ended_at) IN (SELECT day FROM todo)
             GROUP BY 1, 2
          ) p
         GROUP BY p.day, p.unit_id
    ),
    upserted AS (
        INSERT INTO govindex.dossier_days AS s (day, unit_id, parts)
        SELECT day, unit_id, parts FROM fresh
        ON CONFLICT (day, unit_id) DO UPDATE SET parts = excluded.parts
        RETURNING s.day
    ),
    emptied AS (
        DELETE FROM govindex.dossier_days s
         WHERE s.day IN (SELECT day FROM todo)
           AND NOT EXISTS (SELECT FROM fresh f WHERE f.day = s.day AND f.unit_id = s.unit_id)
        RETURNING s.day
    ),
    unmarked AS (
        DELETE FROM govindex.dossier_days_stale s WHERE s.mark IN (SELECT seen.mark FROM seen)
        RETURNING s.day
    ),
    marked AS (
        INSERT INTO govindex.dossier_days_current AS c (day)
        SELECT day FROM todo
        ON CONFLICT (day) DO UPDATE SET refreshed_at = now()
        RETURNING c.day
    )
    SELECT count(*) INTO done FROM marked;   -- the other statements run to completion all the same
    RETURN done;
END $$;


-- ---- the reports' arguments (src/arguments.sql, new)
-- arguments.sql — the checks of the reports' arguments.  A report asked for an
-- infinite or absurd window, a moment in year 294276, a range of days that would make
-- thousands of weeks, or a million procedure codes gets an error at once, naming the
-- argument, instead of a loop, a bare "timestamp out of range" or minutes of work.
--
-- Reports are inlined SQL (unit_stats.sql), which cannot raise an error itself: each
-- check returns its argument (or true) when it is sound and raises otherwise, and the
-- reports call it where its result is needed before any work starts (a one-time filter,
-- or the bound of a series).  IMMUTABLE, so a constant argument is checked once, when
-- the query is planned.

-- Moments and days that a report may name: the years 1900 to 2200.
CREATE FUNCTION govindex.checked_moment(t timestamptz, argument text)
RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF t IS NULL THEN
        RAISE EXCEPTION 'argument "%" must not be null', argument
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(t) OR t < '1900-01-01 00:00+07' OR t >= '2201-01-01 00:00+07' THEN
        RAISE EXCEPTION 'argument "%" is %, outside the years 1900 to 2200 that govindex reports on', argument, t
            USING ERRCODE = 'datetime_field_overflow',
                  HINT = 'Give a moment with its year, e.g. ''2023-12-31 17:00+07''.';
    END IF;
    RETURN t;
END $$;
COMMENT ON FUNCTION govindex.checked_moment(timestamptz, text) IS
    'The moment, checked: not NULL, finite, in the years 1900 to 2200; else an error naming the argument — Kiểm tra thời điểm';

CREATE FUNCTION govindex.checked_day(d date, argument text)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF d IS NULL THEN
        RAISE EXCEPTION 'argument "%" must not be null', argument
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(d) OR d < '1900-01-01' OR d >= '2201-01-01' THEN
        RAISE EXCEPTION 'argument "%" is %, outside the years 1900 to 2200 that govindex reports on', argument, d
            USING ERRCODE = 'datetime_field_overflow',
                  HINT = 'Give a day with its year, e.g. ''2023-12-31''.';
    END IF;
    RETURN d;
END $$;
COMMENT ON FUNCTION govindex.checked_day(date, text) IS
    'The day, checked: not NULL, finite, in the years 1900 to 2200; else an error naming the argument — Kiểm tra ngày';

-- A report's window: not NULL, not empty, both bounds given and in the years 1900 to 2200.
CREATE FUNCTION govindex.checked_window(w tstzrange, argument text)
RETURNS tstzrange
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF w IS NULL THEN
        RAISE EXCEPTION 'argument "%" must not be null', argument
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give a window such as tstzrange(''2023-01-01 00:00+07'', ''2024-01-01 00:00+07'').';
    END IF;
    IF isempty(w) THEN
        RAISE EXCEPTION 'argument "%" is an empty window', argument
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a window such as tstzrange(''2023-01-01 00:00+07'', ''2024-01-01 00:00+07'').';
    END IF;
    IF lower_inf(w) OR upper_inf(w) OR NOT isfinite(lower(w)) OR NOT isfinite(upper(w)) THEN
        RAISE EXCEPTION 'argument "%" is %, a window without an end', argument, w
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a window such as tstzrange(''2023-01-01 00:00+07'', ''2024-01-01 00:00+07'').';
    END IF;
    IF lower(w) < '1900-01-01 00:00+07' OR upper(w) > '2201-01-01 00:00+07' THEN
        RAISE EXCEPTION 'argument "%" is %, outside the years 1900 to 2200 that govindex reports on', argument, w
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    RETURN w;
END $$;
COMMENT ON FUNCTION govindex.checked_window(tstzrange, text) IS
    'The window, checked: not NULL, not empty, both bounds finite and in the years 1900 to 2200; else an error naming the argument — Kiểm tra kỳ đánh giá';

-- A range of days split into ISO weeks: the first not after the last, at most 20 years.
CREATE FUNCTION govindex.checked_days(first_day date, last_day date)
RETURNS daterange
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.checked_day(first_day, 'first_day'), govindex.checked_day(last_day, 'last_day');
    IF last_day < first_day THEN
        RAISE EXCEPTION 'argument "last_day" (%) is before argument "first_day" (%)', last_day, first_day
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF last_day - first_day > 7305 THEN
        RAISE EXCEPTION 'days % to % span more than 20 years', first_day, last_day
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for at most 20 years (1,044 weeks) at a time.';
    END IF;
    RETURN daterange(first_day, last_day, '[]');
END $$;
COMMENT ON FUNCTION govindex.checked_days(date, date) IS
    'The days first_day to last_day, checked: each a sound day, the first not after the last, at most 20 years; else an error — Kiểm tra khoảng ngày';

-- Filters of a report: at most 10,000 procedure codes.
CREATE FUNCTION govindex.checked_codes(codes text[], argument text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF cardinality(codes) > 10000 THEN
        RAISE EXCEPTION 'argument "%" has % elements, more than 10000', argument, cardinality(codes)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Filter by a procedure field, or by Project 06, or report in several calls.';
    END IF;
    RETURN codes;
END $$;
COMMENT ON FUNCTION govindex.checked_codes(text[], text) IS
    'The codes, checked: at most 10,000 of them (NULL stays NULL: no filter); else an error naming the argument — Kiểm tra danh sách mã';

-- The arguments of a report over a window, all at once: true, or an error.
CREATE FUNCTION govindex.report_arguments_sound("window" tstzrange, procedure_codes text[] DEFAULT NULL)
RETURNS bool
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT govindex.checked_window("window", 'window') IS NOT NULL
       AND (procedure_codes IS NULL OR govindex.checked_codes(procedure_codes, 'procedure_codes') IS NOT NULL);
END;
COMMENT ON FUNCTION govindex.report_arguments_sound(tstzrange, text[]) IS
    'True when a report''s window and procedure codes are sound (checked_window, checked_codes); an error otherwise — Kiểm tra tham số báo cáo';

-- ---- search_path: the report functions get SQL-standard bodies, bound when created
-- (they still inline), and check their arguments; metric_score pins its path;
-- record_index766_reading checks its day and window
CREATE OR REPLACE FUNCTION govindex.province_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN t >= '1975-06-13 00:00:00+07' THEN (t AT TIME ZONE INTERVAL '+07:00')::date
                ELSE (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END;
END;

CREATE OR REPLACE FUNCTION govindex.day_window(day date) RETURNS tstzrange
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN day >= '1975-06-14' THEN tstzrange(day::timestamp AT TIME ZONE INTERVAL '+07:00',
                                                       (day + 1)::timestamp AT TIME ZONE INTERVAL '+07:00')
                WHEN day IS NOT NULL THEN tstzrange(day::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                                                    (day + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') END;
END;

CREATE OR REPLACE FUNCTION govindex.unit_stats(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, stats govindex.dossier_stats)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    -- each unit's own dossiers, from the rows or, when they cover the window, from the
    -- daily summaries (dossier_days.sql); one of the two branches runs
    own AS (
        -- (OFFSET 0 keeps the test above the parallel plan: a skipped branch starts no workers)
        SELECT r.unit_id, r.stats
          FROM (
            -- dossier_due_dates: the given due date, else the legal one (due_dates.sql)
            SELECT d.unit_id,
                   govindex.dossier_stats(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating, "window") AS stats
              FROM govindex.dossier_due_dates d
             WHERE d.received_at < upper("window")
               AND (d.ended_at IS NULL OR d.ended_at >= lower("window"))
               AND (procedure_codes IS NULL OR d.procedure_code = ANY (procedure_codes))
               AND (procedure_field IS NULL OR d.field = procedure_field)
               AND (NOT project06_only OR d.project06)
             GROUP BY d.unit_id
            OFFSET 0
          ) r
         -- the arguments are checked first (a CASE evaluates in order), whichever branch runs
         WHERE CASE WHEN govindex.report_arguments_sound("window", procedure_codes)
                    THEN NOT govindex.dossier_days_cover("window",
                             procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only) END
        UNION ALL
        SELECT p.unit_id, govindex.assemble(govindex.rollup(p.parts), "window")
          FROM (
            -- the received and ended parts of every day of the window
            SELECT s.unit_id, s.parts
              FROM govindex.dossier_days s
             WHERE s.day >= govindex.province_day(lower("window"))
               AND s.day < govindex.province_day(upper("window"))
            UNION ALL
            -- and the dossiers pending at the close, from the rows (by the index on ended_at)
            SELECT d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating, "window", 'pending')
              FROM govindex.dossier_due_dates d
             WHERE d.received_at < upper("window")
               AND (d.ended_at IS NULL OR d.ended_at >= upper("window"))
             GROUP BY d.unit_id
          ) p
         WHERE CASE WHEN govindex.report_arguments_sound("window", procedure_codes)
                    THEN govindex.dossier_days_cover("window",
                             procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only) END
         GROUP BY p.unit_id
    )
    SELECT c.ancestor_id,
           coalesce(govindex.rollup(o.stats), govindex.empty_dossier_stats(govindex.checked_window("window", 'window')))
      FROM closure c
      LEFT JOIN own o ON o.unit_id = c.descendant_id
     GROUP BY c.ancestor_id;
END;

CREATE OR REPLACE FUNCTION govindex.index766_rates(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT lower(c.w) AS opens, upper(c.w) AS closes,
               (lower(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS first_day,
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
    stats AS MATERIALIZED (
        SELECT * FROM govindex.unit_stats("window", root_code, procedure_codes, procedure_field, project06_only)
    ),
    -- procedures handled in each unit's subtree: listed in unit_procedures, or of its level
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
    -- the exact procedure sets of the states, as rows
    used AS (
        SELECT s.unit_id, k.set_name, unnest(govindex.procedure_ids(s.stats, k.set_name)) AS procedure_id
          FROM stats s
         CROSS JOIN (VALUES ('online'), ('paid_online'), ('fee_data'), ('population_data')) k (set_name)
    ),
    catalogue AS (
        SELECT a.unit_id,
               govindex.rate_agg(a.service_level <> 'information') AS offered,
               govindex.rate_agg(o.procedure_id IS NOT NULL) FILTER (WHERE a.service_level <> 'information') AS online_services,
               govindex.rate_agg(po.procedure_id IS NOT NULL) FILTER (WHERE a.fee_bearing) AS paid_procedures,
               govindex.rate_agg(fd.procedure_id IS NOT NULL) FILTER (WHERE a.fee_bearing) AS fee_data_procedures,
               govindex.rate_agg(pd.procedure_id IS NOT NULL) FILTER (WHERE a.subject <> 'organization') AS population_procedures
          FROM authority a
          LEFT JOIN used o ON o.unit_id = a.unit_id AND o.set_name = 'online' AND o.procedure_id = a.procedure_id
          LEFT JOIN used po ON po.unit_id = a.unit_id AND po.set_name = 'paid_online' AND po.procedure_id = a.procedure_id
          LEFT JOIN used fd ON fd.unit_id = a.unit_id AND fd.set_name = 'fee_data' AND fd.procedure_id = a.procedure_id
          LEFT JOIN used pd ON pd.unit_id = a.unit_id AND pd.set_name = 'population_data' AND pd.procedure_id = a.procedure_id
         GROUP BY a.unit_id
    ),
    -- deadlines a publication does not carry come from deadline_rules, in working days
    publication AS (
        SELECT c.ancestor_id AS unit_id,
               govindex.rate_agg(coalesce(pp.published_on <= d.publish_due, false))
                   FILTER (WHERE d.publish_due >= b.first_day AND d.publish_due < b.end_day) AS published_on_time,
               govindex.rate_agg(coalesce(pp.made_public_on <= d.public_due, false))
                   FILTER (WHERE d.public_due >= b.first_day AND d.public_due < b.end_day) AS public_on_time,
               govindex.rate_agg(pp.content_complete) FILTER (WHERE pp.made_public_on < b.end_day) AS content_full
          FROM closure c
          JOIN govindex.procedure_publications pp ON pp.unit_id = c.descendant_id
          JOIN chosen p ON p.id = pp.procedure_id
         CROSS JOIN bounds b
         CROSS JOIN LATERAL (SELECT coalesce(pp.publish_due,
                                             govindex.deadline_after('publication', pp.decided_on,
                                                                     (SELECT govindex.default_calendar()))) AS publish_due) d0
         CROSS JOIN LATERAL (SELECT d0.publish_due,
                                    coalesce(pp.public_due,
                                             govindex.deadline_after('public_disclosure', coalesce(pp.published_on, d0.publish_due),
                                                                     (SELECT govindex.default_calendar()))) AS public_due) d
         GROUP BY c.ancestor_id
    ),
    -- petitions received in the window: on time if answered by the due date, or still
    -- open and not yet due at the close; satisfied if answered in the window without
    -- more dislikes than likes and without a follow-up complaint
    petition AS (
        SELECT c.ancestor_id AS unit_id,
               govindex.rate_agg(pt.kind = 'procedure') FILTER (WHERE received) AS about_procedures,
               govindex.rate_agg(pt.kind = 'staff') FILTER (WHERE received) AS about_staff,
               govindex.rate_agg(CASE WHEN r.due_at IS NULL THEN NULL
                                      WHEN pt.ended_at < b.closes THEN pt.ended_at <= r.due_at
                                      ELSE r.due_at >= b.closes END) FILTER (WHERE received) AS on_time,
               govindex.rate_agg(NOT pt.follow_up_complaint AND pt.likes >= pt.dislikes)
                   FILTER (WHERE pt.ended_at >= b.opens AND pt.ended_at < b.closes) AS satisfied
          FROM closure c
          JOIN govindex.petitions pt ON pt.unit_id = c.descendant_id
         CROSS JOIN bounds b
         -- a petition without a due date is due by the petition rule of deadline_rules
         -- (15 working days after receipt; NULL when the calendar does not reach it)
         CROSS JOIN LATERAL (SELECT pt.received_at >= b.opens AND pt.received_at < b.closes AS received,
                                    coalesce(pt.due_at,
                                             govindex.legal_due_at(pt.received_at,
                                                 (SELECT r.working_days FROM govindex.deadline_rules r
                                                   WHERE r.rule = 'petition' ORDER BY r.since DESC LIMIT 1),
                                                 'working_day', '{}', (SELECT govindex.default_calendar()), true)) AS due_at) r
         GROUP BY c.ancestor_id
    )
    SELECT s.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM stats s
      LEFT JOIN catalogue ca ON ca.unit_id = s.unit_id
      LEFT JOIN publication pb ON pb.unit_id = s.unit_id
      LEFT JOIN petition pe ON pe.unit_id = s.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PUBLISH_ON_TIME', pb.published_on_time),
        ('PUBLIC_UPDATE_ON_TIME', pb.public_on_time),
        ('PUBLIC_CONTENT_FULL', pb.content_full),
        ('DOSSIER_SYNC', govindex.metric(s.stats, 'DOSSIER_SYNC')),
        ('DVC_PROGRESS_ON_TIME', govindex.metric(s.stats, 'DVC_PROGRESS_ON_TIME')),
        ('ONLINE_PROCEDURES_OFFERED', ca.offered),
        ('ONLINE_DOSSIER_SERVICES', ca.online_services),
        ('ONLINE_PAYMENT_DOSSIERS', govindex.metric(s.stats, 'ONLINE_PAYMENT_DOSSIERS')),
        ('ONLINE_PAYMENT_PROCEDURES', ca.paid_procedures),
        ('FEE_DATA_PROCEDURES', ca.fee_data_procedures),
        ('PETITION_CLASSIFICATION_TTHC', pe.about_procedures),
        ('PETITION_CLASSIFICATION_STAFF', pe.about_staff),
        ('PETITION_PROCESSING_ON_TIME', pe.on_time),
        ('PETITION_HANDLING_SATISFACTION', pe.satisfied),
        ('DOSSIER_RECEIVING_SATISFACTION', govindex.metric(s.stats, 'DOSSIER_RECEIVING_SATISFACTION')),
        ('ORIGINAL_RESULT_AVAILABLE', govindex.metric(s.stats, 'ORIGINAL_RESULT_AVAILABLE')),
        ('SO_HOA_GIAY_TO_GIAI_QUYET', govindex.metric(s.stats, 'SO_HOA_GIAY_TO_GIAI_QUYET')),
        ('REUSED_DIGITIZED_DATA', govindex.metric(s.stats, 'REUSED_DIGITIZED_DATA')),
        ('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', govindex.metric(s.stats, 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE')),
        ('CITIZEN_DATA_CONNECTED_DOSSIER', govindex.metric(s.stats, 'CITIZEN_DATA_CONNECTED_DOSSIER')),
        ('CITIZEN_DATA_CONNECTED_FORMALITY', ca.population_procedures),
        ('ONLINE_SUBMISSION', govindex.metric(s.stats, 'ONLINE_SUBMISSION')),
        ('ONLINE_ON_TIME', govindex.metric(s.stats, 'ONLINE_ON_TIME'))
     ) m (code, value);
END;

CREATE OR REPLACE FUNCTION govindex.index766(
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

CREATE OR REPLACE FUNCTION govindex.index766_groups(
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

CREATE OR REPLACE FUNCTION govindex.index766_totals(
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
           round(100 * t.total / nullif(t.max_points, 0), 2),
           -- competition ranking (1, 2, 2, 4) among the units of the same parent and level
           (rank() OVER (siblings ORDER BY t.total DESC))::int, (count(*) OVER siblings)::int
      FROM totals t
    WINDOW siblings AS (PARTITION BY t.parent_code, t.level)
     ORDER BY t.parent_code NULLS FIRST, t.level, t.total DESC, t.unit_code;
END;

CREATE OR REPLACE FUNCTION govindex.late_dossiers_at("at" timestamptz, root_code text DEFAULT NULL)
RETURNS TABLE (
    unit_code text, unit_name text, dossier_code text, procedure_code text, procedure_name text,
    channel govindex.channel, received_at timestamptz, due_at timestamptz,
    days_overdue int, supplement_requests smallint, workdays_overdue int)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.code, u.name_vi, d.code, d.procedure_code, d.procedure_name, d.channel, d.received_at, d.due_at,
           CASE WHEN d.due_at IS NOT NULL
                THEN ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
           END,
           d.supplement_requests,
           -- working days in [due date, date of "at"), when the calendar covers both
           CASE WHEN d.due_at IS NOT NULL
                 AND (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= lower(cal.span)
                 AND ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= upper(cal.span)
                THEN govindex.workdays_between((d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                                               ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, cal.c)
           END
      FROM govindex.dossier_due_dates d
     CROSS JOIN (SELECT c, govindex.workcal_span(c) AS span
                   FROM (SELECT govindex.default_calendar() AS c) built) cal
      JOIN govindex.units u ON u.id = d.unit_id
     WHERE govindex.checked_moment("at", 'at') IS NOT NULL
       AND d.received_at < "at"
       AND govindex.overdue_at(d.received_at, d.ended_at, d.due_at, d.supplement_requests,
                               d.supplement_periods, "at")
       AND (root_code IS NULL OR d.unit_id IN (SELECT s.unit_id FROM govindex.unit_subtree(root_code) s));
END;

CREATE OR REPLACE FUNCTION govindex.late_dossier_weeks(first_day date, last_day date, root_code text DEFAULT NULL)
RETURNS TABLE (
    unit_code text, unit_name text, level text, week_start date, iso_week text,
    late_at_start bigint, processed bigint, new_late bigint, still_late bigint)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- the days are checked before the series is made (at most 20 years of weeks)
    WITH days AS (
        SELECT govindex.checked_days(first_day, last_day) AS r
    ),
    weeks AS (
        SELECT w::date AS week_start,
               (w::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS opens,
               ((w + interval '7 days')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS closes
          FROM days,
               generate_series(date_trunc('week', lower(days.r)::timestamp), (upper(days.r) - 1)::timestamp,
                               interval '7 days') w
    ),
    closure AS MATERIALIZED (SELECT * FROM govindex.unit_closure(root_code)),
    candidates AS (
        -- only dossiers that can be late in the range: past due before its end, or
        -- asked for supplements more than once
        SELECT d.unit_id, d.received_at, d.ended_at, d.due_at, d.supplement_requests, d.supplement_periods
          FROM govindex.dossier_due_dates d
         WHERE d.received_at < (SELECT max(closes) FROM weeks)
           AND (d.ended_at IS NULL OR d.ended_at > (SELECT min(opens) FROM weeks))
           AND (d.supplement_requests > 1 OR d.due_at < (SELECT max(closes) FROM weeks))
    ),
    per_unit AS (
        SELECT c.unit_id, w.week_start,
               count(*) FILTER (WHERE late_open) AS late_at_start,
               count(*) FILTER (WHERE late_open AND c.ended_at <= w.closes) AS processed,
               count(*) FILTER (WHERE NOT late_open AND late_close) AS new_late,
               count(*) FILTER (WHERE late_close) AS still_late
          FROM candidates c
          JOIN weeks w ON c.received_at < w.closes AND (c.ended_at IS NULL OR c.ended_at > w.opens)
         CROSS JOIN LATERAL (SELECT
               govindex.overdue_at(c.received_at, c.ended_at, c.due_at, c.supplement_requests, c.supplement_periods, w.opens) AS late_open,
               govindex.overdue_at(c.received_at, c.ended_at, c.due_at, c.supplement_requests, c.supplement_periods, w.closes) AS late_close) l
         GROUP BY c.unit_id, w.week_start
    )
    SELECT u.code, u.name_vi, u.level, w.week_start, to_char(w.week_start, 'IYYY-"W"IW'),
           coalesce(sum(p.late_at_start), 0)::bigint, coalesce(sum(p.processed), 0)::bigint,
           coalesce(sum(p.new_late), 0)::bigint, coalesce(sum(p.still_late), 0)::bigint
      FROM closure cl
      JOIN govindex.units u ON u.id = cl.ancestor_id
     CROSS JOIN weeks w
      LEFT JOIN per_unit p ON p.unit_id = cl.descendant_id AND p.week_start = w.week_start
     GROUP BY u.code, u.name_vi, u.level, w.week_start;
END;

CREATE OR REPLACE FUNCTION govindex.metric_score(code text, r govindex.rate, methodology text DEFAULT NULL)
RETURNS numeric
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    chosen  text := metric_score.methodology;
    m       record;
BEGIN
    IF metric_score.code IS NULL THEN
        RAISE EXCEPTION 'metric code must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF metric_score.r IS NULL THEN
        RAISE EXCEPTION 'rate of metric % must not be null', metric_score.code
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Use ''0/0'', the empty rate, when nothing was counted: the metric''s empty_value then decides.';
    END IF;

    IF chosen IS NULL THEN
        SELECT d.code INTO chosen FROM govindex.methodologies AS d WHERE d.is_default;
        IF chosen IS NULL THEN
            RAISE EXCEPTION 'no methodology is the default'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Name a methodology, or make one the default: UPDATE govindex.methodologies SET is_default = true WHERE code = ...';
        END IF;
    END IF;

    SELECT x.max_points, x.basis, x.rule, x.threshold, x.empty_value INTO m
      FROM govindex.metrics AS x
     WHERE x.methodology = chosen AND x.code = metric_score.code;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT FROM govindex.methodologies AS d WHERE d.code = chosen) THEN
            RAISE EXCEPTION 'unknown methodology "%"', chosen
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'SELECT code FROM govindex.methodologies lists the methodologies.';
        END IF;
        RAISE EXCEPTION 'unknown metric "%" in methodology "%"', metric_score.code, chosen
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('SELECT code FROM govindex.metrics WHERE methodology = %L lists its metrics.', chosen);
    END IF;

    RETURN govindex.score_rate(metric_score.r, m.max_points, m.basis, m.rule, m.threshold, m.empty_value);
END $$;

CREATE OR REPLACE FUNCTION govindex.record_index766_reading(
    taken_on date DEFAULT current_date,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    "window" tstzrange DEFAULT NULL,
    national_rank int DEFAULT NULL,
    national_rank_of int DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    root       text := record_index766_reading.root_code;
    chosen     text := govindex.methodology_or_default(record_index766_reading.methodology);
    read_over  tstzrange := record_index766_reading."window";
    reading    bigint;
BEGIN
    IF taken_on IS NULL THEN
        RAISE EXCEPTION 'a reading needs a date' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM govindex.checked_day(taken_on, 'taken_on');
    IF read_over IS NOT NULL THEN
        PERFORM govindex.checked_window(read_over, 'window');
    END IF;
    IF root IS NULL THEN
        SELECT min(u.code), count(*) INTO root, reading FROM govindex.units u
         WHERE u.parent_id IS NULL AND u.valid_to IS NULL;
        IF reading <> 1 THEN
            RAISE EXCEPTION 'name the root unit: there are % current root units', reading
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF NOT EXISTS (SELECT FROM govindex.units u WHERE u.code = root) THEN
        RAISE EXCEPTION 'unknown unit %', root USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (national_rank IS NULL) <> (national_rank_of IS NULL) OR national_rank NOT BETWEEN 1 AND national_rank_of THEN
        RAISE EXCEPTION 'national rank %/% is not a rank', national_rank, national_rank_of
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give both, with 1 <= national_rank <= national_rank_of, e.g. 11 and 63.';
    END IF;
    -- the year to date, the day of the reading included, in the province's time zone
    read_over := coalesce(read_over, tstzrange(
        date_trunc('year', taken_on)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
        (taken_on + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'));

    INSERT INTO govindex.index766_readings (taken_on, root_code, methodology, window_from, window_to)
    VALUES (taken_on, root, chosen, lower(read_over), upper(read_over))
    RETURNING id INTO reading;

    -- One statement, so that the report is computed once for both tables: the units'
    -- totals are the sums of their groups, ranked as index766_totals ranks them (the
    -- key from groups to units is checked at the statement's end).
    WITH groups AS MATERIALIZED (
        SELECT * FROM govindex.index766_groups(read_over, root, chosen)
    ),
    totals AS (
        SELECT g.unit_code, g.unit_name, g.level, g.parent_code,
               sum(g.score) AS total, sum(g.max_points) AS max_points
          FROM groups g
         GROUP BY g.unit_code, g.unit_name, g.level, g.parent_code
    ),
    units AS (
        INSERT INTO govindex.index766_reading_units
        SELECT reading, t.unit_code, t.unit_name, t.level, t.parent_code, t.total, t.max_points,
               CASE WHEN t.unit_code = root THEN coalesce(national_rank, t.rank) ELSE t.rank END,
               CASE WHEN t.unit_code = root THEN coalesce(national_rank_of, t.rank_of) ELSE t.rank_of END
          FROM (SELECT t.*, (rank() OVER (siblings ORDER BY t.total DESC))::int AS rank,
                       (count(*) OVER siblings)::int AS rank_of
                  FROM totals t
                WINDOW siblings AS (PARTITION BY t.parent_code, t.level)) t
    )
    INSERT INTO govindex.index766_reading_groups
    SELECT reading, g.unit_code, g.group_code, g.score, g.max_points FROM groups g;
    RETURN reading;
END $$;

-- ==== core end

-- ---- search_path: every pinned path ends with pg_temp, so that the session's temporary
-- tables come last (unlisted, pg_temp is searched first for relations).  Kept last in
-- this script: it pins every function the sections above did not already pin.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'govindex'::regnamespace
                AND 'search_path=pg_catalog, govindex' = ANY (p.proconfig)
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, govindex, pg_temp', f);
    END LOOP;
END $$;
