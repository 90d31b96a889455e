-- govindex 0.1.0 -> 0.2.0, frozen with the 0.2.0 release: daily summaries of the
-- dossiers (dossier_days) that the reports read for windows of whole days, parts of
-- dossier_stats (format version 2, which reads version 1 values), and an index on
-- ended_at in every dossier partition.  After the update, run
--     SELECT govindex.refresh_dossier_days();
-- once to summarise the dossiers already loaded; until then the reports read the rows.
\echo Use "ALTER EXTENSION govindex UPDATE TO '0.2.0'" to load this file. \quit

-- ---- dossier_stats: binary format version 2 (a kind byte; version 1 is still read)
COMMENT ON TYPE govindex.dossier_stats IS
    'Summary of dossiers for one evaluation window, or a part of one that adds up across days: every counter of the dossier-based Index 766 metrics and exact procedure sets; mergeable — Tổng hợp hồ sơ trong một kỳ đánh giá';
COMMENT ON FUNCTION govindex.dossier_stats_in(cstring) IS
    'Reads the text form: window=[from,to) (or part=[from,to)) name=count ... NAME_procedures={ids}';
COMMENT ON FUNCTION govindex.dossier_stats_out(govindex.dossier_stats) IS
    'Writes the text form: window=[from,to) (or part=[from,to)) name=count ... NAME_procedures={ids}';
COMMENT ON FUNCTION govindex.dossier_stats_recv(internal) IS
    'Reads the binary form (version byte 1 or 2, big-endian), checking every invariant';
COMMENT ON FUNCTION govindex.dossier_stats_send(govindex.dossier_stats) IS
    'Binary form: version byte 2, kind, window, counters, procedure sets (big-endian)';

-- ---- src/dossier_parts.sql (new)
-- dossier_parts.sql — parts of dossier_stats, which add up across days.  A window's
-- statistics split into three disjoint parts: what depends on each dossier's receipt
-- (counted on the day it was received), how each dossier ended (on the day it
-- ended), and how the dossiers still pending at the close stand then (the window's
-- own).  The first two add up over the days of any window; the daily summaries
-- (dossier_days.sql) keep them, and assemble() makes the window's statistics of
-- their sum and its pending part, equal to what dossier_stats() counts from the rows.

CREATE FUNCTION govindex.dossier_stats_part_trans(
    state govindex.dossier_stats,
    received_at timestamptz,
    due_at timestamptz,
    ended_at timestamptz,
    end_status govindex.end_status,
    supplement_requests smallint,
    supplement_periods tstzmultirange,
    channel govindex.channel,
    procedure_id int,
    paper_result_required bool,
    fee_bearing bool,
    synced bool,
    electronic_result bool,
    digitized bool,
    reused_data bool,
    personal_store bool,
    population_data bool,
    paid_online govindex.payment_channel,
    fee_amount bigint,
    rating govindex.citizen_rating,
    "window" tstzrange,
    part text)
RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME', 'dossier_stats_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_part_trans(govindex.dossier_stats, timestamptz, timestamptz, timestamptz,
    govindex.end_status, smallint, tstzmultirange, govindex.channel, int, bool, bool, bool, bool, bool, bool,
    bool, bool, govindex.payment_channel, bigint, govindex.citizen_rating, tstzrange, text) IS
    'Transition function of the dossier_stats_part aggregate; updates the state in place';

CREATE AGGREGATE govindex.dossier_stats_part(
    received_at timestamptz,
    due_at timestamptz,
    ended_at timestamptz,
    end_status govindex.end_status,
    supplement_requests smallint,
    supplement_periods tstzmultirange,
    channel govindex.channel,
    procedure_id int,
    paper_result_required bool,
    fee_bearing bool,
    synced bool,
    electronic_result bool,
    digitized bool,
    reused_data bool,
    personal_store bool,
    population_data bool,
    paid_online govindex.payment_channel,
    fee_amount bigint,
    rating govindex.citizen_rating,
    "window" tstzrange,
    part text) (
    SFUNC = govindex.dossier_stats_part_trans,
    STYPE = govindex.dossier_stats,
    COMBINEFUNC = govindex.dossier_stats_combine,
    FINALFUNC = govindex.dossier_stats_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.dossier_stats_part(timestamptz, timestamptz, timestamptz, govindex.end_status, smallint,
    tstzmultirange, govindex.channel, int, bool, bool, bool, bool, bool, bool, bool, bool,
    govindex.payment_channel, bigint, govindex.citizen_rating, tstzrange, text) IS
    'One part of dossier_stats for a window: received (counts over the dossiers received in it), ended (how the dossiers that ended in it ended) or pending (how those pending at its close stand); parts add up across windows — Một phần số liệu hồ sơ của kỳ';

CREATE FUNCTION govindex.assemble(parts govindex.dossier_stats, "window" tstzrange) RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME', 'dossier_stats_assemble' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.assemble(govindex.dossier_stats, tstzrange) IS
    'The statistics of a window made of the sum of its parts: the received and ended parts of each of its days and its pending part — Ghép các phần thành số liệu của kỳ';

-- ---- src/dossier_days.sql (new)
-- dossier_days.sql — daily summaries of the dossiers, so that a report over a year
-- reads a few thousand states instead of millions of rows.  For each day (in the
-- province's time zone) and unit, dossier_days keeps the received part of the
-- dossiers received that day plus the ended part of those that ended that day
-- (dossier_parts.sql).  A report over whole days sums the parts of its days, counts
-- the dossiers still pending at its close from the rows (few, found by index), and
-- assembles them: the same statistics, counter for counter, as the rows give.
--
-- A day's summary is used only while it is current: writing a dossier marks the day
-- it was received and the day it ended stale (in the writing transaction), and so
-- does a change to a procedure's time limit, fee or paper result, or to the
-- holidays (legal due dates), for every day.  refresh_dossier_days() brings the
-- stale days, and the days up to today, up to date; until then the reports read
-- those windows from the rows, exactly and more slowly.  SET govindex.dossier_days
-- = off makes them always read the rows.

-- The province's calendar day of a moment, and the moments a day spans.  Asia/Ho_Chi_Minh
-- has been UTC+07:00 since 13 June 1975: from then on a fixed offset gives the same
-- answer as the zone's rules without looking the zone up by name for every row (which
-- took two thirds of a refresh); earlier moments go through the rules.  Not STRICT, so
-- that they inline (a CASE is not strict); NULL gives NULL all the same.
CREATE FUNCTION govindex.province_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t >= '1975-06-13 00:00:00+07' THEN (t AT TIME ZONE INTERVAL '+07:00')::date
                ELSE (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END;
$$;
COMMENT ON FUNCTION govindex.province_day(timestamptz) IS
    'The calendar day of a moment in the province''s time zone (Asia/Ho_Chi_Minh) — Ngày theo giờ Việt Nam';

CREATE FUNCTION govindex.day_window(day date) RETURNS tstzrange
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN day >= '1975-06-14' THEN tstzrange(day::timestamp AT TIME ZONE INTERVAL '+07:00',
                                                       (day + 1)::timestamp AT TIME ZONE INTERVAL '+07:00')
                WHEN day IS NOT NULL THEN tstzrange(day::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                                                    (day + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') END;
$$;
COMMENT ON FUNCTION govindex.day_window(date) IS
    'The half-open window of one day, midnight to midnight in Asia/Ho_Chi_Minh — Khoảng thời gian của một ngày';

CREATE TABLE govindex.dossier_days (
    day      date NOT NULL,
    unit_id  int  NOT NULL,
    parts    govindex.dossier_stats NOT NULL,
    PRIMARY KEY (day, unit_id)
);
COMMENT ON TABLE govindex.dossier_days IS
    'Daily summaries: per day and unit, the received part of the dossiers received that day plus the ended part of those that ended that day; derived (refresh_dossier_days), not dumped — Tổng hợp hồ sơ theo ngày';
COMMENT ON COLUMN govindex.dossier_days.day IS 'Day, in Asia/Ho_Chi_Minh — Ngày';
COMMENT ON COLUMN govindex.dossier_days.unit_id IS 'Unit that received the dossiers (not its subtree) — Đơn vị';
COMMENT ON COLUMN govindex.dossier_days.parts IS
    'Sum of the day''s received and ended parts (a dossier_stats part) — Phần số liệu của ngày';

CREATE TABLE govindex.dossier_days_current (
    day           date PRIMARY KEY,
    refreshed_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE govindex.dossier_days_current IS
    'Days whose summary was computed (current unless also in dossier_days_stale) — Ngày đã tổng hợp';
COMMENT ON COLUMN govindex.dossier_days_current.day IS 'Day — Ngày';
COMMENT ON COLUMN govindex.dossier_days_current.refreshed_at IS 'When its summary was computed — Thời điểm tổng hợp';

CREATE TABLE govindex.dossier_days_stale (
    day        date PRIMARY KEY,
    marked_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE govindex.dossier_days_stale IS
    'Days whose dossiers changed since their summary was computed — Ngày có hồ sơ thay đổi, cần tổng hợp lại';
COMMENT ON COLUMN govindex.dossier_days_stale.day IS 'Day — Ngày';
COMMENT ON COLUMN govindex.dossier_days_stale.marked_at IS 'First change since the last refresh — Thời điểm thay đổi';

-- Written dossiers make the days they were received and ended stale.  A refresh that
-- already read the old rows cannot miss this: it removes only the marks it saw.
CREATE FUNCTION govindex.dossier_days_mark_written() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM new_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
        ON CONFLICT (day) DO NOTHING;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM old_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
        ON CONFLICT (day) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_written() IS
    'Trigger: marks the days written dossiers were received and ended as stale';

CREATE TRIGGER dossiers_days_insert AFTER INSERT ON govindex.dossiers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written();
CREATE TRIGGER dossiers_days_update AFTER UPDATE ON govindex.dossiers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written();
CREATE TRIGGER dossiers_days_delete AFTER DELETE ON govindex.dossiers
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written();

-- Every summarised day stale: what a dossier counts as depends on its procedure and,
-- for legal due dates, on the holidays.  Waits for a running refresh, whose snapshot
-- may predate the change, and marks the days it made current too.
CREATE FUNCTION govindex.dossier_days_mark_every_day() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, govindex AS $$
    SELECT pg_advisory_xact_lock(hashtext('govindex.refresh_dossier_days'));
    INSERT INTO govindex.dossier_days_stale (day)
    SELECT c.day FROM govindex.dossier_days_current c
    ON CONFLICT (day) DO NOTHING;
$$;
COMMENT ON FUNCTION govindex.dossier_days_mark_every_day() IS
    'Marks every summarised day as stale (after a change to the holidays or to what the summaries read of a procedure)';

CREATE FUNCTION govindex.dossier_days_mark_all() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex AS $$
BEGIN
    PERFORM govindex.dossier_days_mark_every_day();
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_all() IS
    'Trigger: marks every summarised day as stale when the holidays change';

-- A catalogue synchronised every night rewrites its rows unchanged: only a change to
-- what the summaries read of a procedure makes the days stale.
CREATE FUNCTION govindex.dossier_days_mark_procedures() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex AS $$
BEGIN
    IF EXISTS (SELECT FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.time_limit, o.time_limit_unit, o.fee_bearing, o.paper_result_required)
                      IS DISTINCT FROM (n.time_limit, n.time_limit_unit, n.fee_bearing, n.paper_result_required))
    THEN
        PERFORM govindex.dossier_days_mark_every_day();
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_procedures() IS
    'Trigger: marks every summarised day as stale when a procedure''s time limit, fee or paper result changed';

CREATE TRIGGER procedures_days_update AFTER UPDATE ON govindex.procedures
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_procedures();
CREATE TRIGGER holidays_days_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON govindex.holidays
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_all();
CREATE TRIGGER national_holidays_days_change
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON govindex.national_holidays
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_all();

CREATE FUNCTION govindex.dossier_days_clear() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex AS $$
BEGIN
    TRUNCATE govindex.dossier_days, govindex.dossier_days_current, govindex.dossier_days_stale;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_clear() IS 'Trigger: forgets every daily summary when the dossiers are truncated';
CREATE TRIGGER dossiers_days_truncate AFTER TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_clear();

-- Recomputes the stale days and the days not yet summarised up to today (with
-- rebuild, every day of the dossiers); returns how many days it computed.
-- The legal due dates are on, as the reports that read the summaries have them.
CREATE FUNCTION govindex.refresh_dossier_days(rebuild bool DEFAULT false)
RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, govindex
SET govindex.legal_due_dates = 'on' AS $$
DECLARE
    first_new date;
    today date := govindex.province_day(now());
    done int;
BEGIN
    -- one refresh at a time: a later one must not be overwritten by an earlier snapshot
    PERFORM pg_advisory_xact_lock(hashtext('govindex.refresh_dossier_days'));
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

    -- one statement, one snapshot: the stale marks removed are those whose rows were read
    WITH todo AS (
        SELECT day FROM govindex.dossier_days_stale
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
        DELETE FROM govindex.dossier_days_stale s WHERE s.day IN (SELECT day FROM todo)
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
COMMENT ON FUNCTION govindex.refresh_dossier_days(bool) IS
    'Computes the daily summaries of the stale days and of the days not yet summarised up to today (rebuild: of every day); returns how many days. Run it after loading dossiers, e.g. nightly — Tổng hợp lại hồ sơ theo ngày';

-- Whether the daily summaries can serve a window: whole days, all current, for the
-- same due dates (legal ones on) and the same dossiers (no procedure filter).
CREATE FUNCTION govindex.dossier_days_cover("window" tstzrange, filtered bool DEFAULT false)
RETURNS bool
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex AS $$
    SELECT CASE WHEN filtered
                  OR coalesce(current_setting('govindex.dossier_days', true), '') = 'off'
                  OR coalesce(current_setting('govindex.legal_due_dates', true), '') = 'off'
                  OR isempty("window") OR lower_inf("window") OR upper_inf("window")
                  OR NOT lower_inc("window") OR upper_inc("window")
                  OR NOT isfinite(lower("window")) OR NOT isfinite(upper("window"))
                THEN false
                -- bounds at midnight, and then every day current
                WHEN lower("window") <> lower(govindex.day_window(govindex.province_day(lower("window"))))
                  OR upper("window") <> lower(govindex.day_window(govindex.province_day(upper("window"))))
                THEN false
                ELSE (SELECT count(*) FROM govindex.dossier_days_current c
                       WHERE c.day >= govindex.province_day(lower("window"))
                         AND c.day < govindex.province_day(upper("window"))
                         AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s WHERE s.day = c.day))
                     = govindex.province_day(upper("window")) - govindex.province_day(lower("window"))
           END;
$$;
COMMENT ON FUNCTION govindex.dossier_days_cover(tstzrange, bool) IS
    'Whether the reports can read a window from the daily summaries: whole days in Asia/Ho_Chi_Minh, every one current, no procedure filter, legal due dates and govindex.dossier_days not off — Có dùng được số liệu tổng hợp theo ngày';

-- ---- src/dossiers.sql: partitions get an index on ended_at
-- Monthly partitions, bounded at midnight in the province's time zone.
CREATE OR REPLACE FUNCTION govindex.create_dossier_partitions(first_month date, last_month date)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex AS $$
DECLARE
    month   date;
    created int := 0;
    name    text;
BEGIN
    IF first_month IS NULL OR last_month IS NULL OR last_month < first_month THEN
        RAISE EXCEPTION 'invalid month range % to %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
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
    RETURN created;
END $$;

DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT c.relname
               FROM pg_inherits i
               JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON govindex.%I (ended_at)', p.relname || '_ended_idx', p.relname);
    END LOOP;
END $$;

-- ---- src/unit_stats.sql: reads the daily summaries when they cover the window
-- Dossier filters shared by the reports: procedure codes, a field, Project 06 only.
CREATE OR REPLACE FUNCTION govindex.unit_stats(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, stats govindex.dossier_stats)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
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
         WHERE NOT govindex.dossier_days_cover("window",
                       procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only)
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
         WHERE govindex.dossier_days_cover("window",
                   procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only)
         GROUP BY p.unit_id
    )
    SELECT c.ancestor_id,
           coalesce(govindex.rollup(o.stats), govindex.empty_dossier_stats("window"))
      FROM closure c
      LEFT JOIN own o ON o.unit_id = c.descendant_id
     GROUP BY c.ancestor_id;
$$;
