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
-- holidays (legal due dates), for every day.  A mark is a row of its own for each
-- writing transaction and day, never shared: a refresh deletes only the marks its
-- snapshot read, so a write it did not read keeps its own mark, whenever it commits.  refresh_dossier_days() brings the
-- stale days, and the days up to today, up to date; until then the reports read
-- those windows from the rows, exactly and more slowly.  SET govindex.dossier_days
-- = off makes them always read the rows.

-- The province's calendar day of a moment, and the moments a day spans.  Asia/Ho_Chi_Minh
-- has been UTC+07:00 since 13 June 1975: from then on a fixed offset gives the same
-- answer as the zone's rules without looking the zone up by name for every row (which
-- took two thirds of a refresh); earlier moments go through the rules.  Not STRICT, so
-- that they inline (a CASE is not strict); NULL gives NULL all the same.
CREATE FUNCTION govindex.province_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN t >= '1975-06-13 00:00:00+07' THEN (t AT TIME ZONE INTERVAL '+07:00')::date
                ELSE (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END;
END;
COMMENT ON FUNCTION govindex.province_day(timestamptz) IS
    'The calendar day of a moment in the province''s time zone (Asia/Ho_Chi_Minh) — Ngày theo giờ Việt Nam';

CREATE FUNCTION govindex.day_window(day date) RETURNS tstzrange
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN day >= '1975-06-14' THEN tstzrange(day::timestamp AT TIME ZONE INTERVAL '+07:00',
                                                       (day + 1)::timestamp AT TIME ZONE INTERVAL '+07:00')
                WHEN day IS NOT NULL THEN tstzrange(day::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                                                    (day + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') END;
END;
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

-- Written dossiers make the days they were received and ended stale, each with a mark
-- of the writing transaction's own.  A refresh that already read the old rows cannot
-- miss the write: it removes only the marks it saw, and this one it could not see.
-- Reusing another transaction's mark would be wrong (a refresh may have read it and be
-- about to remove it); reusing this transaction's own is safe, so a transaction of many
-- statements leaves one mark per day.  Plain inserts: a writer never waits here.
CREATE FUNCTION govindex.dossier_days_mark_written() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    -- on a federation's coordinator, dossiers of mirrored units live on their shard
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT FROM govindex.shard_units) THEN
        PERFORM govindex.refuse_mirrored_unit(m.unit_id, 'a dossier of')
           FROM (SELECT r.unit_id FROM new_rows r
                  WHERE EXISTS (SELECT FROM govindex.shard_units s WHERE s.unit_id = r.unit_id)
                  ORDER BY r.unit_id LIMIT 1) m;
    END IF;
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
COMMENT ON FUNCTION govindex.dossier_days_mark_written() IS
    'Trigger: marks the days written dossiers were received and ended as stale; refuses dossiers of units mirrored from a shard';

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
-- may predate the change, and marks the days it made current too.  The refresh lock
-- is a table lock on dossier_days_current in SHARE ROW EXCLUSIVE mode: it conflicts
-- with itself, and only a role that may change that table can take it (an advisory
-- lock can be taken by anyone, who could then hold every refresh back).
CREATE FUNCTION govindex.dossier_days_mark_every_day() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
    LOCK TABLE govindex.dossier_days_current IN SHARE ROW EXCLUSIVE MODE;
    INSERT INTO govindex.dossier_days_stale (day)
    SELECT c.day FROM govindex.dossier_days_current c
     WHERE NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                        WHERE s.day = c.day AND s.writer = pg_current_xact_id());
$$;
COMMENT ON FUNCTION govindex.dossier_days_mark_every_day() IS
    'Marks every summarised day as stale (after a change to the holidays or to what the summaries read of a procedure)';

CREATE FUNCTION govindex.dossier_days_mark_all() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.dossier_days_mark_every_day();
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_all() IS
    'Trigger: marks every summarised day as stale when the holidays change';

-- A catalogue synchronised every night rewrites its rows unchanged: only a change to
-- what the summaries read of a procedure makes the days stale.
-- EXCEPT, not a join on id: the transition tables have no statistics, and a join of
-- them was planned as a nested loop (10,000 updated procedures took 27 s)
CREATE FUNCTION govindex.dossier_days_mark_procedures() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT o.id, o.time_limit, o.time_limit_unit, o.fee_bearing, o.paper_result_required FROM old_rows o
               EXCEPT
               SELECT n.id, n.time_limit, n.time_limit_unit, n.fee_bearing, n.paper_result_required FROM new_rows n)
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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp AS $$
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
SECURITY DEFINER SET search_path = pg_catalog, govindex, pg_temp
SET govindex.legal_due_dates = 'on' AS $$
DECLARE
    first_new date;
    today date := govindex.province_day(now());
    done int;
BEGIN
    -- not over tables distributed by Citus (citus.sql)
    PERFORM govindex.single_node_report();
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
                   govindex.dossier_stats_part(@dossier_inputs:columns d@,
                       govindex.day_window(govindex.province_day(d.received_at)), 'received') AS parts
              FROM govindex.dossier_due_dates d, span
             WHERE d.received_at >= span.opens AND d.received_at < span.closes
               AND govindex.province_day(d.received_at) IN (SELECT day FROM todo)
             GROUP BY 1, 2
            UNION ALL
            SELECT govindex.province_day(d.ended_at), d.unit_id,
                   govindex.dossier_stats_part(@dossier_inputs:columns d@,
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
COMMENT ON FUNCTION govindex.refresh_dossier_days(bool) IS
    'Computes the daily summaries of the stale days and of the days not yet summarised up to today (rebuild: of every day); returns how many days. Run it after loading dossiers, e.g. nightly — Tổng hợp lại hồ sơ theo ngày';

-- Whether the daily summaries can serve a window: whole days, all current, for the
-- same due dates (legal ones on) and the same dossiers (no procedure filter).
CREATE FUNCTION govindex.dossier_days_cover("window" tstzrange, filtered bool DEFAULT false)
RETURNS bool
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
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

-- each unit's rows only for a role given subtrees (access.sql)
SELECT govindex.restrict_to_units('govindex.dossier_days', 'unit_id');
