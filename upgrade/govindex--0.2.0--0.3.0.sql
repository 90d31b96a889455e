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

-- Array arguments are bounded: a million procedure codes passed to a report would make
-- it build and search a huge array for each row.  Functions taking an array call this
-- first (it returns true, so that an SQL function can call it in a WHERE clause).
CREATE FUNCTION govindex.check_array_argument(arr anyarray, argument text, max_elements int DEFAULT 10000)
RETURNS bool
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF cardinality(arr) > max_elements THEN
        RAISE EXCEPTION 'argument "%" has % elements, more than the % allowed', argument, cardinality(arr), max_elements
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN true;
END $$;
COMMENT ON FUNCTION govindex.check_array_argument(anyarray, text, int) IS
    'Refuses (22023) an array argument with more than max_elements elements (10,000 by default), naming the argument; returns true — Giới hạn số phần tử của tham số mảng';

-- Filters of a report: at most 10,000 procedure codes.
CREATE FUNCTION govindex.checked_codes(codes text[], argument text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.check_array_argument(codes, argument);
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

-- ---- sql bounds: every write path of the dossiers keeps the books; absurd input refused early

-- Tree changes take one lock, a table lock on unit_levels in SHARE ROW EXCLUSIVE mode:
-- it conflicts with itself, not with the locks writing units takes (its key checks take
-- ROW SHARE on unit_levels), and only a role that may change unit_levels can take it.
-- (An advisory lock can be taken by anyone, who could then hold every tree change back.)
CREATE FUNCTION govindex.lock_unit_tree() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, govindex, pg_temp AS $$
    LOCK TABLE govindex.unit_levels IN SHARE ROW EXCLUSIVE MODE;
$$;
COMMENT ON FUNCTION govindex.lock_unit_tree() IS
    'Takes the lock that serializes changes of the unit tree (units_check_tree, merge_unit) until the end of the transaction';

CREATE OR REPLACE FUNCTION govindex.dossier_codes_clear() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    TRUNCATE govindex.dossier_codes;
    -- the partitions' truncate triggers may run again in this transaction
    PERFORM set_config('govindex.truncating_dossiers', '', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_codes_clear() IS
    'Trigger: forgets every dossier code when govindex.dossiers is truncated';

CREATE FUNCTION govindex.dossiers_truncate_begin() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM set_config('govindex.truncating_dossiers', 'on', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossiers_truncate_begin() IS
    'Trigger: before govindex.dossiers is truncated, tells its partitions'' truncate triggers that the parent''s keep the books';

CREATE FUNCTION govindex.dossier_partition_truncate() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF current_setting('govindex.truncating_dossiers', true) IS DISTINCT FROM 'on' THEN
        EXECUTE format('DELETE FROM ONLY %s', TG_RELID::regclass);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_partition_truncate() IS
    'Trigger: before a dossier partition is truncated on its own, deletes its rows so that the code registry and the daily summaries follow';

CREATE TRIGGER dossiers_truncate_begin BEFORE TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossiers_truncate_begin();

CREATE FUNCTION govindex.dossier_partition_triggers()
RETURNS TABLE (name text, definition text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    VALUES ('dossiers_codes_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_add()'),
           ('dossiers_codes_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_remove()'),
           ('dossiers_days_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_days_update', 'AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_days_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_partition_truncate', 'BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_partition_truncate()');
$$;
COMMENT ON FUNCTION govindex.dossier_partition_triggers() IS
    'The bookkeeping triggers every partition of govindex.dossiers carries (name, definition with %s for the table) — Trigger của mỗi phân vùng hồ sơ';

CREATE FUNCTION govindex.dossier_partition_add_triggers(part regclass)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    t record;
    created int := 0;
BEGIN
    IF part IS NULL THEN
        RAISE EXCEPTION 'part must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- on a table outside the dossiers, the triggers would register codes of no dossier
    IF NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = part AND i.inhparent = 'govindex.dossiers'::regclass) THEN
        RAISE EXCEPTION 'table % is not a partition of govindex.dossiers', part
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR t IN SELECT * FROM govindex.dossier_partition_triggers() x
              WHERE NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = part AND g.tgname = x.name)
    LOOP
        EXECUTE format('CREATE TRIGGER %I ', t.name) || format(t.definition, part);
        created := created + 1;
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.dossier_partition_add_triggers(regclass) IS
    'Creates on a partition of govindex.dossiers the bookkeeping triggers it lacks; returns how many — Tạo trigger cho phân vùng hồ sơ';

CREATE FUNCTION govindex.dossier_table_has_rows(t regclass) RETURNS bool
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    found bool;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT FROM ONLY %s)', t) INTO found;
    RETURN found;
END $$;
COMMENT ON FUNCTION govindex.dossier_table_has_rows(regclass) IS
    'Whether a table has a row (for the partition guards)';

CREATE FUNCTION govindex.dossier_partitions_guard() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    c record;
    part regclass;
BEGIN
    IF to_regclass('govindex.dossiers') IS NULL THEN
        RETURN;
    END IF;
    FOR c IN SELECT DISTINCT x.command_tag, x.objid FROM pg_event_trigger_ddl_commands() x
              WHERE x.classid = 'pg_class'::regclass AND x.command_tag IN ('CREATE TABLE', 'ALTER TABLE')
    LOOP
        IF c.command_tag = 'CREATE TABLE'
           AND EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.objid AND i.inhparent = 'govindex.dossiers'::regclass) THEN
            PERFORM govindex.dossier_partition_add_triggers(c.objid::regclass);
        ELSIF c.command_tag = 'ALTER TABLE' AND c.objid = 'govindex.dossiers'::regclass THEN
            -- attached: a partition without the triggers must be empty
            FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i
                         WHERE i.inhparent = 'govindex.dossiers'::regclass
                           AND NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = i.inhrelid
                                              AND g.tgfoid = 'govindex.dossier_codes_add()'::regprocedure)
            LOOP
                IF govindex.dossier_table_has_rows(part) THEN
                    RAISE EXCEPTION 'table % cannot become a partition of govindex.dossiers: it has rows', part
                        USING ERRCODE = 'object_not_in_prerequisite_state',
                              DETAIL = 'Its dossiers would be missing from the dossier code registry and the daily summaries.',
                              HINT = 'Attach an empty table (or use govindex.create_dossier_partitions) and load the rows with govindex.load_dossiers().';
                END IF;
            END LOOP;
            -- detached: a table that kept the triggers must be empty; it loses them
            FOR part IN SELECT DISTINCT g.tgrelid::regclass FROM pg_trigger g
                         WHERE g.tgfoid = 'govindex.dossier_codes_add()'::regprocedure
                           AND g.tgrelid <> 'govindex.dossiers'::regclass
                           AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = g.tgrelid
                                              AND i.inhparent = 'govindex.dossiers'::regclass)
            LOOP
                IF govindex.dossier_table_has_rows(part) THEN
                    RAISE EXCEPTION 'partition % cannot be detached from govindex.dossiers: it has rows', part
                        USING ERRCODE = 'object_not_in_prerequisite_state',
                              DETAIL = 'Its codes would stay in the dossier code registry and its days in the daily summaries.',
                              HINT = 'Copy its rows elsewhere and TRUNCATE the partition before detaching it.';
                END IF;
                EXECUTE (SELECT string_agg(format('DROP TRIGGER IF EXISTS %I ON %s;', x.name, part), ' ')
                           FROM govindex.dossier_partition_triggers() x);
            END LOOP;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.dossier_partitions_guard() IS
    'Event trigger: a partition of govindex.dossiers created by hand gets the bookkeeping triggers; attaching or detaching a partition with rows is refused';

CREATE EVENT TRIGGER govindex_dossier_partitions_guard ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION govindex.dossier_partitions_guard();

CREATE FUNCTION govindex.dossier_partitions_drop_guard() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    dropped text;
BEGIN
    IF to_regclass('govindex.dossiers') IS NULL OR to_regclass('govindex.dossier_codes') IS NULL THEN
        RETURN;
    END IF;
    SELECT string_agg(DISTINCT split_part(o.object_identity, ' on ', 2), ', ') INTO dropped
      FROM pg_event_trigger_dropped_objects() o
     WHERE o.object_type = 'trigger' AND o.object_identity LIKE 'dossiers_codes_delete on %';
    IF dropped IS NOT NULL
       AND (SELECT count(*) FROM govindex.dossier_codes) <> (SELECT count(*) FROM govindex.dossiers) THEN
        RAISE EXCEPTION 'partition % of govindex.dossiers cannot be dropped: it has rows', dropped
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Its codes would stay in the dossier code registry and its days in the daily summaries.',
                  HINT = 'TRUNCATE the partition before dropping it.';
    END IF;
END $$;
COMMENT ON FUNCTION govindex.dossier_partitions_drop_guard() IS
    'Event trigger: dropping a partition of govindex.dossiers that has rows is refused';

CREATE EVENT TRIGGER govindex_dossier_partitions_drop_guard ON sql_drop
    WHEN TAG IN ('DROP TABLE')
    EXECUTE FUNCTION govindex.dossier_partitions_drop_guard();

CREATE OR REPLACE FUNCTION govindex.create_dossier_partitions(first_month date, last_month date)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    month   date;
    created int := 0;
    name    text;
    months  int;
    part    regclass;
BEGIN
    IF first_month IS NULL OR last_month IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', CASE WHEN first_month IS NULL THEN 'first_month' ELSE 'last_month' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(first_month) OR NOT isfinite(last_month) THEN
        RAISE EXCEPTION '% must be a finite date, not %',
                CASE WHEN NOT isfinite(first_month) THEN 'first_month' ELSE 'last_month' END,
                CASE WHEN NOT isfinite(first_month) THEN first_month ELSE last_month END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    IF last_month < first_month THEN
        RAISE EXCEPTION 'invalid month range % to %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month < '1900-01-01' OR last_month >= '9999-01-01' THEN
        RAISE EXCEPTION '% % is outside the years 1900 to 9998',
                CASE WHEN first_month < '1900-01-01' THEN 'first_month' ELSE 'last_month' END,
                CASE WHEN first_month < '1900-01-01' THEN first_month ELSE last_month END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    months := (extract(year FROM last_month) * 12 + extract(month FROM last_month))
            - (extract(year FROM first_month) * 12 + extract(month FROM first_month)) + 1;
    IF months > 240 THEN
        RAISE EXCEPTION 'month range % to % spans % months, more than the 240 one call may create',
                first_month, last_month, months
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Create the partitions a few years at a time; govindex.load_dossiers() creates the months its batch needs.';
    END IF;
    FOR month IN SELECT generate_series(date_trunc('month', first_month), last_month, interval '1 month')::date
    LOOP
        name := format('dossiers_%s', to_char(month, 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('govindex.%I', name)) IS NOT NULL;
        EXECUTE format('CREATE TABLE govindex.%I PARTITION OF govindex.dossiers FOR VALUES FROM (%L) TO (%L)',
                       name,
                       month::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                       (month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh');
        EXECUTE format('ALTER TABLE govindex.%1$I
                            ADD CONSTRAINT %2$I FOREIGN KEY (unit_id) REFERENCES govindex.units (id),
                            ADD CONSTRAINT %3$I FOREIGN KEY (procedure_id) REFERENCES govindex.procedures (id)',
                       name, name || '_unit_fkey', name || '_procedure_fkey');
        EXECUTE format('CREATE INDEX %I ON govindex.%I (code)', name || '_code_idx', name);
        EXECUTE format('CREATE INDEX %I ON govindex.%I (unit_id, received_at)', name || '_unit_received_idx', name);
        -- finds the dossiers still pending at a moment (NULL or a later end) among millions
        EXECUTE format('CREATE INDEX %I ON govindex.%I (ended_at)', name || '_ended_idx', name);
        EXECUTE format('COMMENT ON TABLE govindex.%I IS %L', name,
                       format('Dossiers received in %s — Hồ sơ tiếp nhận tháng %s', to_char(month, 'YYYY-MM'), to_char(month, 'MM/YYYY')));
        created := created + 1;
    END LOOP;
    -- every partition keeps the books, those just created and any attached by hand
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_add_triggers(part);
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.create_dossier_partitions(date, date) IS
    'Creates the missing monthly partitions of govindex.dossiers (with their keys to units and procedures, their indexes and bookkeeping triggers) for the months from first_month to last_month, at most 240 months per call; returns how many it created — Tạo phân vùng theo tháng';

CREATE FUNCTION govindex.plausible_receipt_range() RETURNS tstzrange
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    setting text := nullif(current_setting('govindex.receipt_horizon', true), '');
    horizon interval;
BEGIN
    BEGIN
        horizon := coalesce(setting, '1 year')::interval;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
        horizon := NULL;
    END;
    IF horizon IS NULL OR horizon < interval '0' OR horizon > interval '10 years' THEN
        RAISE EXCEPTION 'govindex.receipt_horizon must be an interval from 0 to 10 years, not "%"', setting
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN tstzrange('2000-01-01 00:00+07',
                     (((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 1) + horizon) AT TIME ZONE 'Asia/Ho_Chi_Minh');
END $$;
COMMENT ON FUNCTION govindex.plausible_receipt_range() IS
    'Receipt dates govindex.load_dossiers() accepts: from 2000-01-01 to the end of the day govindex.receipt_horizon (1 year by default) after today (Asia/Ho_Chi_Minh) — Khoảng ngày tiếp nhận hợp lệ';

CREATE FUNCTION govindex.check_batch(batch regclass, shape regtype, argument text DEFAULT 'batch')
RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    missing text;
    wrong   record;
BEGIN
    IF batch IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', coalesce(argument, 'batch')
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = format('Pass a table or view shaped like %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
    SELECT string_agg(e.attname, ', ' ORDER BY e.attnum) INTO missing
      FROM pg_attribute e
     WHERE e.attrelid = (SELECT typrelid FROM pg_type WHERE oid = shape) AND e.attnum > 0 AND NOT e.attisdropped
       AND NOT EXISTS (SELECT FROM pg_attribute b WHERE b.attrelid = batch AND b.attname = e.attname
                          AND b.attnum > 0 AND NOT b.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% % lacks column(s) % of %', coalesce(argument, 'batch'), batch, missing, shape
            USING ERRCODE = 'undefined_column',
                  HINT = format('A batch has the columns of %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
    SELECT b.attname, b.atttypid::regtype AS has, e.atttypid::regtype AS wants INTO wrong
      FROM pg_attribute e
      JOIN pg_attribute b ON b.attrelid = batch AND b.attname = e.attname AND b.attnum > 0 AND NOT b.attisdropped
     WHERE e.attrelid = (SELECT typrelid FROM pg_type WHERE oid = shape) AND e.attnum > 0 AND NOT e.attisdropped
       AND b.atttypid <> e.atttypid
       AND NOT EXISTS (SELECT FROM pg_cast c WHERE c.castsource = b.atttypid AND c.casttarget = e.atttypid
                          AND c.castcontext IN ('i', 'a'))
     ORDER BY e.attnum LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'column % of % % is of type %, not %', wrong.attname, coalesce(argument, 'batch'), batch,
                wrong.has, wrong.wants
            USING ERRCODE = 'datatype_mismatch',
                  HINT = format('A batch has the columns of %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
END $$;
COMMENT ON FUNCTION govindex.check_batch(regclass, regtype, text) IS
    'Checks a batch argument of a loader: not NULL (22004), every column of the shape present (42703) and of a type that assigns to it (42804) — Kiểm tra cấu trúc lô dữ liệu';

CREATE OR REPLACE FUNCTION govindex.dossier_batch_problems(batch regclass)
RETURNS TABLE (batch_row bigint, code text, sqlstate text, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    receipts tstzrange;
BEGIN
    PERFORM govindex.check_batch(batch, 'govindex.dossier_input', 'batch');
    receipts := govindex.plausible_receipt_range();   -- once, not for every row
    RETURN QUERY EXECUTE format($q$
        WITH b AS (SELECT row_number() OVER () AS batch_row, s.* FROM %s s),
        checked AS (
            SELECT b.batch_row, b.code,
                   CASE
                   WHEN b.code IS NULL OR b.code = '' THEN
                       ARRAY['23502', format('row %%s of the batch has no dossier code', b.batch_row)]
                   WHEN count(*) OVER (PARTITION BY b.code) > 1 THEN
                       ARRAY['23505', format('dossier %%s appears %%s times in the batch', b.code, count(*) OVER (PARTITION BY b.code))]
                   WHEN u.id IS NULL THEN
                       ARRAY['23503', format('dossier %%s: unknown unit %%s', b.code, coalesce(quote_literal(b.unit_code), 'NULL'))]
                   WHEN p.id IS NULL THEN
                       ARRAY['23503', format('dossier %%s: unknown procedure %%s', b.code, coalesce(quote_literal(b.procedure_code), 'NULL'))]
                   WHEN b.channel IS NULL THEN
                       ARRAY['23502', format('dossier %%s: channel is missing', b.code)]
                   WHEN b.received_at IS NULL THEN
                       ARRAY['23502', format('dossier %%s: received_at is missing', b.code)]
                   WHEN NOT b.received_at::timestamptz <@ $1 THEN
                       ARRAY['22008', format('dossier %%s: received at %%s, outside the plausible receipt dates %%s to %%s', b.code, b.received_at,
                                             to_char(lower($1) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'),
                                             to_char(upper($1) AT TIME ZONE 'Asia/Ho_Chi_Minh' - interval '1 day', 'YYYY-MM-DD'))]
                   WHEN b.received_at < b.submitted_at THEN
                       ARRAY['23514', format('dossier %%s: received at %%s, before it was submitted at %%s', b.code, b.received_at, b.submitted_at)]
                   WHEN b.ended_at < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: ended at %%s, before it was received at %%s', b.code, b.ended_at, b.received_at)]
                   WHEN b.due_at < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: due at %%s, before it was received at %%s', b.code, b.due_at, b.received_at)]
                   WHEN b.end_status IS NOT NULL AND b.ended_at IS NULL THEN
                       ARRAY['23514', format('dossier %%s: end status %%s without an end time', b.code, b.end_status)]
                   WHEN b.end_status IS NULL AND b.ended_at IS NOT NULL THEN
                       ARRAY['23514', format('dossier %%s: end time %%s without an end status', b.code, b.ended_at)]
                   WHEN b.supplement_requests < 0 THEN
                       ARRAY['23514', format('dossier %%s: negative supplement request count %%s', b.code, b.supplement_requests)]
                   WHEN NOT isempty(coalesce(b.supplement_periods, '{}')) AND coalesce(b.supplement_requests, 0) = 0 THEN
                       ARRAY['23514', format('dossier %%s: supplement periods without a supplement request', b.code)]
                   WHEN lower(b.supplement_periods) < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: supplement period starts at %%s, before the dossier was received', b.code, lower(b.supplement_periods))]
                   WHEN b.fee_amount < 0 THEN
                       ARRAY['23514', format('dossier %%s: negative fee %%s', b.code, b.fee_amount)]
                   END AS verdict
              FROM b
              LEFT JOIN govindex.units u ON u.code = b.unit_code
              LEFT JOIN govindex.procedures p ON p.code = b.procedure_code
        )
        SELECT batch_row, code::text, verdict[1], verdict[2] FROM checked
         WHERE verdict IS NOT NULL ORDER BY batch_row$q$, batch) USING receipts;
END $$;
COMMENT ON FUNCTION govindex.dossier_batch_problems(regclass) IS
    'Lists every row of a batch that govindex.load_dossiers() would reject, with the reason — Kiểm tra lô hồ sơ trước khi nạp';

CREATE OR REPLACE FUNCTION govindex.load_dossiers(batch regclass, OUT inserted bigint, OUT updated bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
    month         date;
BEGIN
    -- dossier_batch_problems checks the batch's shape first (check_batch)
    SELECT * INTO first_problem FROM govindex.dossier_batch_problems(batch) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.dossier_batch_problems(batch);
        RAISE EXCEPTION '%', first_problem.problem
            USING ERRCODE = first_problem.sqlstate,
                  DETAIL = format('Row %s of batch %s; %s row(s) of the batch have problems; nothing was loaded.',
                                  first_problem.batch_row, batch, problems),
                  HINT = format('SELECT * FROM govindex.dossier_batch_problems(%L) lists them all.', batch);
    END IF;

    -- the missing months that have dossiers, not every month between the first and the last
    FOR month IN EXECUTE format($q$SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                     FROM %s ORDER BY 1$q$, batch)
    LOOP
        CONTINUE WHEN to_regclass(format('govindex.dossiers_%s', to_char(month, 'YYYY_MM'))) IS NOT NULL;
        PERFORM govindex.create_dossier_partitions(month, month);
    END LOOP;

    EXECUTE format('DELETE FROM govindex.dossiers d USING %s b WHERE d.code = b.code', batch);
    GET DIAGNOSTICS updated = ROW_COUNT;

    EXECUTE format($q$
        INSERT INTO govindex.dossiers
        SELECT b.code, u.id, p.id, b.channel, b.submitted_at, b.received_at, b.due_at, b.ended_at,
               b.end_status, coalesce(b.supplement_requests, 0), coalesce(b.supplement_periods, '{}'),
               coalesce(b.synced, false), coalesce(b.electronic_result, false), coalesce(b.digitized, false),
               coalesce(b.reused_data, false), coalesce(b.personal_store, false),
               coalesce(b.population_data, false), b.paid_online, b.fee_amount, b.rating
          FROM %s b
          JOIN govindex.units u ON u.code = b.unit_code
          JOIN govindex.procedures p ON p.code = b.procedure_code$q$, batch);
    GET DIAGNOSTICS inserted = ROW_COUNT;
    inserted := inserted - updated;
END $$;
COMMENT ON FUNCTION govindex.load_dossiers(regclass) IS
    'Loads a batch (a table or view shaped like govindex.dossier_input): new codes are inserted, known codes updated; a bad row fails the whole batch naming the dossier — Nạp lô hồ sơ (thêm mới hoặc cập nhật)';

CREATE OR REPLACE FUNCTION govindex.composite_assessment_problems(batch regclass, replace bool DEFAULT false)
RETURNS TABLE (batch_row bigint, unit_code text, criterion_code text, sqlstate text, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.check_batch(batch, 'govindex.composite_assessment_input', 'batch');
    RETURN QUERY EXECUTE format($q$
        WITH b AS (SELECT row_number() OVER () AS batch_row, s.* FROM %s s),
        resolved AS (
            SELECT b.*, u.id AS unit_id, u.level AS unit_level,
                   govindex.composite_version(b.index_code, b.year) AS version,
                   format('unit %%s, criterion %%s of index %%s (%%s)', coalesce(b.unit_code, '?'),
                          coalesce(b.criterion_code, '?'), coalesce(b.index_code, '?'), coalesce(b.year::text, '?')) AS what
              FROM b LEFT JOIN govindex.units u ON u.code = b.unit_code
        ),
        looked_up AS (
            SELECT r.*, c.max_points, c.source, c.index766_metric,
                   EXISTS (SELECT FROM govindex.composite_criteria k
                            WHERE (k.index_code, k.index_version, k.parent_code) = (r.index_code, r.version, r.criterion_code)) AS has_children,
                   CASE WHEN c.code IS NOT NULL
                        THEN govindex.composite_criterion_levels(r.index_code, r.version, r.criterion_code) END AS levels,
                   EXISTS (SELECT FROM govindex.composite_assessments a
                            WHERE (a.unit_id, a.index_code, a.year, a.criterion_code) = (r.unit_id, r.index_code, r.year, r.criterion_code)) AS exists_already,
                   count(*) OVER (PARTITION BY r.unit_code, r.index_code, r.year, r.criterion_code) AS copies
              FROM resolved r
              LEFT JOIN govindex.composite_criteria c
                ON (c.index_code, c.index_version, c.code) = (r.index_code, r.version, r.criterion_code)
        ),
        checked AS (
            SELECT l.batch_row, l.unit_code, l.criterion_code,
                   CASE
                   WHEN l.unit_code IS NULL OR l.index_code IS NULL OR l.year IS NULL OR l.criterion_code IS NULL THEN
                       ARRAY['23502', format('row %%s of the batch: unit_code, index_code, year and criterion_code are required (%%s)', l.batch_row, l.what)]
                   WHEN l.unit_id IS NULL THEN
                       ARRAY['23503', format('%%s: unknown unit %%s', l.what, quote_literal(l.unit_code))]
                   WHEN NOT EXISTS (SELECT FROM govindex.composite_indices i WHERE i.code = l.index_code) THEN
                       ARRAY['23503', format('%%s: unknown index %%s', l.what, quote_literal(l.index_code))]
                   WHEN l.version IS NULL THEN
                       ARRAY['23503', format('%%s: index %%s has no version for %%s', l.what, l.index_code, l.year)]
                   WHEN l.max_points IS NULL THEN
                       ARRAY['23503', format('%%s: no criterion %%s in index %%s version %%s', l.what, l.criterion_code, l.index_code, l.version)]
                   WHEN l.copies > 1 THEN
                       ARRAY['23505', format('%%s: appears %%s times in the batch', l.what, l.copies)]
                   WHEN l.exists_already AND NOT %L THEN
                       ARRAY['23505', format('%%s: already assessed', l.what)]
                   WHEN l.has_children THEN
                       ARRAY['23514', format('%%s: the criterion has sub-criteria; assess its sub-criteria', l.what)]
                   WHEN NOT l.unit_level = ANY (l.levels) THEN
                       ARRAY['23514', format('%%s: does not apply to %%s units', l.what, l.unit_level)]
                   WHEN coalesce(l.not_applicable, false) AND num_nonnulls(l.self_score, l.appraised_score, l.survey_score) > 0 THEN
                       ARRAY['23514', format('%%s: marked not applicable but scored', l.what)]
                   WHEN l.source = 'survey' AND num_nonnulls(l.self_score, l.appraised_score) > 0 THEN
                       ARRAY['23514', format('%%s: the criterion is scored by the sociological survey; enter survey_score only', l.what)]
                   WHEN l.source <> 'survey' AND l.survey_score IS NOT NULL THEN
                       ARRAY['23514', format('%%s: survey_score is for survey criteria; this one''s source is %%s', l.what, l.source)]
                   WHEN l.source = 'index766' AND l.self_score IS NOT NULL THEN
                       ARRAY['23514', format('%%s: the criterion takes its score from Index 766 metric %%s; enter appraised_score to override it', l.what, l.index766_metric)]
                   WHEN l.self_score < 0 THEN
                       ARRAY['23514', format('%%s: negative self score %%s', l.what, l.self_score)]
                   WHEN l.appraised_score < 0 THEN
                       ARRAY['23514', format('%%s: negative appraised score %%s', l.what, l.appraised_score)]
                   WHEN l.survey_score < 0 THEN
                       ARRAY['23514', format('%%s: negative survey score %%s', l.what, l.survey_score)]
                   WHEN l.self_score > l.max_points THEN
                       ARRAY['23514', format('%%s: self score %%s exceeds the criterion''s maximum %%s', l.what, l.self_score, trim_scale(l.max_points))]
                   WHEN l.appraised_score > l.max_points THEN
                       ARRAY['23514', format('%%s: appraised score %%s exceeds the criterion''s maximum %%s', l.what, l.appraised_score, trim_scale(l.max_points))]
                   WHEN l.survey_score > l.max_points THEN
                       ARRAY['23514', format('%%s: survey score %%s exceeds the criterion''s maximum %%s', l.what, l.survey_score, trim_scale(l.max_points))]
                   END AS verdict
              FROM looked_up l
        )
        SELECT batch_row, unit_code, criterion_code, verdict[1], verdict[2] FROM checked
         WHERE verdict IS NOT NULL ORDER BY batch_row$q$, batch, replace);
END $$;
COMMENT ON FUNCTION govindex.composite_assessment_problems(regclass, bool) IS
    'Lists every row of a batch that govindex.load_composite_assessments() would reject, naming the unit and criterion, with its SQLSTATE — Kiểm tra lô kết quả chấm điểm trước khi nạp';

-- The partitions of a 0.2.0 database get the bookkeeping triggers, and the registry
-- is repaired from the rows in case a partition was written directly; if it had to be,
-- no summarised day can be trusted.
DO $$
DECLARE
    part regclass;
    orphans bigint;
    missing bigint;
BEGIN
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_add_triggers(part);
    END LOOP;
    DELETE FROM govindex.dossier_codes c WHERE NOT EXISTS (SELECT FROM govindex.dossiers d WHERE d.code = c.code);
    GET DIAGNOSTICS orphans = ROW_COUNT;
    INSERT INTO govindex.dossier_codes (code) SELECT DISTINCT d.code FROM govindex.dossiers d ON CONFLICT (code) DO NOTHING;
    GET DIAGNOSTICS missing = ROW_COUNT;
    IF orphans + missing > 0 THEN
        RAISE WARNING 'the dossier code registry had % code(s) of no dossier and lacked % code(s): repaired', orphans, missing
            USING HINT = 'Every daily summary is marked stale: run SELECT govindex.refresh_dossier_days().';
        PERFORM govindex.dossier_days_mark_every_day();
    END IF;
END $$;

-- Holidays lie in 2000 to 2099, so that a calendar built from them fits in a workcal.
DO $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(format('%s (%s)', t, day), ', ' ORDER BY day) INTO bad
      FROM (SELECT 'holidays' AS t, day FROM govindex.holidays UNION ALL
            SELECT 'national_holidays', day FROM govindex.national_holidays) h
     WHERE day < '2000-01-01' OR day >= '2100-01-01';
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'holidays outside the years 2000 to 2099: %', bad
            USING ERRCODE = 'check_violation',
                  HINT = 'Correct or delete these rows of govindex.holidays, then update the extension again.';
    END IF;
END $$;
ALTER TABLE govindex.holidays
    ADD CONSTRAINT holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01');
ALTER TABLE govindex.national_holidays
    ADD CONSTRAINT national_holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01');
COMMENT ON COLUMN govindex.holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';
COMMENT ON COLUMN govindex.national_holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';

CREATE OR REPLACE FUNCTION govindex.workcal(
    first_year int, last_year int,
    weekend int[] DEFAULT '{6,7}',
    office_hours text DEFAULT '07:30-11:30,13:00-17:00')
RETURNS govindex.workcal
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_day date;
    end_day date;
    result govindex.workcal;
BEGIN
    IF first_year IS NULL OR last_year IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', CASE WHEN first_year IS NULL THEN 'first_year' ELSE 'last_year' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF first_year > last_year THEN
        RAISE EXCEPTION 'the first year % is after the last year %', first_year, last_year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_year < 1 OR last_year > 9998 THEN
        RAISE EXCEPTION '% % is outside the years 1 to 9998',
                CASE WHEN first_year < 1 THEN 'first_year' ELSE 'last_year' END,
                CASE WHEN first_year < 1 THEN first_year ELSE last_year END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    PERFORM govindex.check_array_argument(weekend, 'weekend', 7);
    -- any 100 consecutive years have at most 36525 days, the longest span of a workcal
    IF last_year - first_year >= 100 THEN
        RAISE EXCEPTION 'a calendar spans at most 100 years, not % (first_year %, last_year %)',
                last_year - first_year + 1, first_year, last_year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_day := make_date(first_year, 1, 1);
    end_day := make_date(last_year + 1, 1, 1);
    -- the province's rows (holidays) override the national ones for the same day
    WITH days AS (
        SELECT h.day, h.kind FROM govindex.holidays h
        UNION ALL
        SELECT n.day, n.kind FROM govindex.national_holidays n
         WHERE NOT EXISTS (SELECT 1 FROM govindex.holidays h WHERE h.day = n.day)
    )
    SELECT format('[%s,%s) weekend={%s} hours=%s off={%s} on={%s}',
                  to_char(first_day, 'YYYY-MM-DD'), to_char(end_day, 'YYYY-MM-DD'),
                  (SELECT string_agg(w::text, ',' ORDER BY w) FROM unnest(weekend) w),
                  office_hours,
                  coalesce(string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                      FILTER (WHERE d.kind = 'holiday' AND NOT extract(isodow FROM d.day)::int = ANY (weekend)), ''),
                  coalesce(string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                      FILTER (WHERE d.kind = 'swapped_workday' AND extract(isodow FROM d.day)::int = ANY (weekend)), ''))::govindex.workcal
      INTO result
      FROM days d
     WHERE d.day >= first_day AND d.day < end_day;
    RETURN result;
END $$;
COMMENT ON FUNCTION govindex.workcal(int, int, int[], text) IS
    'The working-day calendar of whole years (at most 100) from national_holidays and the province''s holidays (its rows win on the same day), with a weekend (ISO days) and office hours — Lập lịch ngày làm việc theo năm';

COMMENT ON FUNCTION govindex.default_calendar() IS
    'The calendar of the years from the first to the last that has holiday rows (national or the province''s; holidays lie in 2000 to 2099, so it spans at most 100 years), Saturday and Sunday off, 07:30-11:30 and 13:00-17:00; NULL when there are none. Call it once per query: (SELECT govindex.default_calendar()) — Lịch làm việc mặc định';

CREATE FUNCTION govindex.units_max_depth() RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN 32;
COMMENT ON FUNCTION govindex.units_max_depth() IS
    'The deepest a unit tree (parents) or a chain of successors may be: 32 levels — Số cấp tối đa của cây đơn vị';

CREATE OR REPLACE FUNCTION govindex.units_check_tree() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    max_depth  constant int := govindex.units_max_depth();
    locking    constant bool := current_setting('transaction_isolation') IN ('repeatable read', 'serializable');
    cur        int;
    next       int;
    cur_code   text;
    chain      text[] := ARRAY[NEW.code];
    height     int;
BEGIN
    PERFORM govindex.lock_unit_tree();
    IF NEW.parent_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.parent_id IS DISTINCT FROM OLD.parent_id) THEN
        cur := NEW.parent_id;
        LOOP
            IF locking THEN
                SELECT u.code, u.parent_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur FOR SHARE;
            ELSE
                SELECT u.code, u.parent_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur;
            END IF;
            EXIT WHEN NOT FOUND;
            chain := chain || cur_code;
            IF cur = NEW.id THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: the tree would have a cycle',
                        NEW.code, chain[2]
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Parents upwards from %s: %s.', NEW.code, array_to_string(chain, ' → ')),
                          HINT = 'A unit''s parent must not be the unit itself or one of its descendants.';
            END IF;
            IF cardinality(chain) > max_depth THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: the tree would be deeper than % levels',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Parents upwards from %s: %s → ….', NEW.code, array_to_string(chain, ' → '));
            END IF;
            EXIT WHEN next IS NULL;
            cur := next;
        END LOOP;
        -- a unit moved with its subtree: the deepest descendant must fit too
        IF TG_OP = 'UPDATE' THEN
            WITH RECURSIVE down (id, depth) AS (
                SELECT NEW.id, 0
                UNION ALL
                SELECT u.id, d.depth + 1 FROM down d JOIN govindex.units u ON u.parent_id = d.id
                 WHERE d.depth < max_depth AND u.id <> NEW.id
            )
            SELECT max(depth) INTO height FROM down;
            IF cardinality(chain) + height > max_depth THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: with its descendants the tree would be deeper than % levels',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('%s is at level %s and has descendants %s levels below it.',
                                          NEW.code, cardinality(chain), height);
            END IF;
        END IF;
    END IF;
    IF NEW.successor_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.successor_id IS DISTINCT FROM OLD.successor_id) THEN
        chain := ARRAY[NEW.code];
        cur := NEW.successor_id;
        LOOP
            IF locking THEN
                SELECT u.code, u.successor_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur FOR SHARE;
            ELSE
                SELECT u.code, u.successor_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur;
            END IF;
            EXIT WHEN NOT FOUND;
            chain := chain || cur_code;
            IF cur = NEW.id THEN
                RAISE EXCEPTION 'unit % cannot have % as its successor: the successors would form a cycle', NEW.code, chain[2]
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Successors from %s: %s.', NEW.code, array_to_string(chain, ' → '));
            END IF;
            IF cardinality(chain) > max_depth THEN
                RAISE EXCEPTION 'unit % cannot have % as its successor: the chain of successors would be longer than % units',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            EXIT WHEN next IS NULL;
            cur := next;
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.units_check_tree() IS
    'Constraint trigger: no cycle of parents or of successors, at most units_max_depth() levels; tree changes are serialized by a lock';

DROP TRIGGER units_tree_has_no_cycle ON govindex.units;
CREATE CONSTRAINT TRIGGER units_tree_has_no_cycle
    AFTER INSERT OR UPDATE OF parent_id, successor_id ON govindex.units
    FOR EACH ROW EXECUTE FUNCTION govindex.units_check_tree();

CREATE OR REPLACE FUNCTION govindex.merge_unit(merged_code text, successor_code text, effective date)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    merged  govindex.units;
    succ_id int;
    chain   text;
BEGIN
    -- the same lock as the tree check: the checks below read what concurrent changes committed
    PERFORM govindex.lock_unit_tree();
    SELECT * INTO merged FROM govindex.units WHERE code = merged_code FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown unit %', merged_code USING ERRCODE = 'no_data_found';
    END IF;
    SELECT id INTO succ_id FROM govindex.units WHERE code = successor_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown unit %', successor_code USING ERRCODE = 'no_data_found';
    END IF;
    IF effective IS NULL OR effective <= merged.valid_from THEN
        RAISE EXCEPTION 'unit % cannot end on %: it starts on %', merged_code, effective, merged.valid_from
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF succ_id = merged.id THEN
        RAISE EXCEPTION 'unit % cannot be merged into itself', merged_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the successor must not be one of the merged unit's descendants (a province into its commune)
    WITH RECURSIVE up (id, code, parent_id, n) AS (
        SELECT u.id, u.code, u.parent_id, 1 FROM govindex.units u WHERE u.id = succ_id
        UNION ALL
        SELECT u.id, u.code, u.parent_id, up.n + 1 FROM up JOIN govindex.units u ON u.id = up.parent_id
         WHERE up.id <> merged.id AND up.n <= govindex.units_max_depth()
    )
    SELECT string_agg(code, ' → ' ORDER BY n) INTO chain FROM up WHERE EXISTS (SELECT FROM up WHERE id = merged.id);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'unit % cannot be merged into unit %, one of its own descendants', merged_code, successor_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Parents upwards from %s: %s.', successor_code, chain);
    END IF;
    -- nor one that, through its own successors, ends in the merged unit
    WITH RECURSIVE later (id, code, successor_id, n) AS (
        SELECT u.id, u.code, u.successor_id, 1 FROM govindex.units u WHERE u.id = succ_id
        UNION ALL
        SELECT u.id, u.code, u.successor_id, l.n + 1 FROM later l JOIN govindex.units u ON u.id = l.successor_id
         WHERE l.id <> merged.id AND l.n <= govindex.units_max_depth()
    )
    SELECT string_agg(code, ' → ' ORDER BY n) INTO chain FROM later WHERE EXISTS (SELECT FROM later WHERE id = merged.id);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'unit % cannot be merged into unit %: the successors would form a cycle', merged_code, successor_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Successors from %s: %s.', successor_code, chain);
    END IF;
    UPDATE govindex.units SET valid_to = effective, successor_id = succ_id WHERE id = merged.id;
END $$;
COMMENT ON FUNCTION govindex.merge_unit(text, text, date) IS
    'Ends a unit on a date and names its successor, whose reports then include its history; refuses a successor that is the unit, one of its descendants, or ends in it through its own successors (22023) — Sáp nhập đơn vị';

CREATE FUNCTION govindex.metric_codes_produced()
RETURNS TABLE (code text, source text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    VALUES ('PUBLISH_ON_TIME', 'publication'),
           ('PUBLIC_UPDATE_ON_TIME', 'publication'),
           ('PUBLIC_CONTENT_FULL', 'catalogue'),
           ('DOSSIER_SYNC', 'dossiers'),
           ('DVC_PROGRESS_ON_TIME', 'dossiers'),
           ('ONLINE_PROCEDURES_OFFERED', 'catalogue'),
           ('ONLINE_DOSSIER_SERVICES', 'dossiers'),
           ('ONLINE_PAYMENT_DOSSIERS', 'dossiers'),
           ('ONLINE_PAYMENT_PROCEDURES', 'dossiers'),
           ('FEE_DATA_PROCEDURES', 'dossiers'),
           ('PETITION_CLASSIFICATION_TTHC', 'petitions'),
           ('PETITION_CLASSIFICATION_STAFF', 'petitions'),
           ('PETITION_PROCESSING_ON_TIME', 'petitions'),
           ('PETITION_HANDLING_SATISFACTION', 'petitions'),
           ('DOSSIER_RECEIVING_SATISFACTION', 'dossiers'),
           ('ORIGINAL_RESULT_AVAILABLE', 'dossiers'),
           ('SO_HOA_GIAY_TO_GIAI_QUYET', 'dossiers'),
           ('REUSED_DIGITIZED_DATA', 'dossiers'),
           ('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'dossiers'),
           ('CITIZEN_DATA_CONNECTED_DOSSIER', 'dossiers'),
           ('CITIZEN_DATA_CONNECTED_FORMALITY', 'catalogue'),
           ('ONLINE_SUBMISSION', 'dossiers'),
           ('ONLINE_ON_TIME', 'dossiers');
$$;
COMMENT ON FUNCTION govindex.metric_codes_produced() IS
    'The metric codes a source produces a rate for (index766_rates), with the source; a methodology''s metrics must use these, or the constant source — Các mã chỉ số có nguồn số liệu';

CREATE FUNCTION govindex.metrics_have_a_source() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    produced_by text;
BEGIN
    IF NEW.source = 'constant' THEN
        RETURN NULL;
    END IF;
    SELECT p.source INTO produced_by FROM govindex.metric_codes_produced() p WHERE p.code = NEW.code;
    IF produced_by IS NULL THEN
        RAISE EXCEPTION 'metric % of methodology %: no source produces it', NEW.code, NEW.methodology
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'Its rate would always be empty and score its empty value.',
                  HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes; a metric without data has source constant.';
    ELSIF produced_by <> NEW.source THEN
        RAISE EXCEPTION 'metric % of methodology %: its source is %, not %', NEW.code, NEW.methodology, produced_by, NEW.source
            USING ERRCODE = 'check_violation',
                  HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes with their sources.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.metrics_have_a_source() IS
    'Trigger: a metric''s code is produced by its source (metric_codes_produced), unless its source is constant — Trigger: chỉ số phải có nguồn số liệu';

CREATE TRIGGER metrics_have_a_source
    AFTER INSERT OR UPDATE OF code, source ON govindex.metrics
    FOR EACH ROW EXECUTE FUNCTION govindex.metrics_have_a_source();
-- metrics written before the check: reported, for their methodologies to be corrected
DO $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(format('%s of %s', m.code, m.methodology), ', ' ORDER BY m.methodology, m.code) INTO bad
      FROM govindex.metrics m
     WHERE m.source <> 'constant'
       AND NOT EXISTS (SELECT FROM govindex.metric_codes_produced() p WHERE p.code = m.code AND p.source = m.source);
    IF bad IS NOT NULL THEN
        RAISE WARNING 'metrics that no source produces (they score their empty value): %', bad
            USING HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes with their sources.';
    END IF;
END $$;

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
