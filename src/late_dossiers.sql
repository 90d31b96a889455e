-- late_dossiers.sql — overdue dossiers at a moment, and the weekly movement of late
-- dossiers that steering committees read out ("processed 712 of 4,060 late dossiers;
-- 8 more; 2,631 still late").

-- The same rule as dossier_stats' "pending overdue" at a window's close t: received
-- before t, not ended by t, and past its due date, unless the clock stopped at a
-- supplement request made on or before the due date that is still open at t; more
-- than one supplement request makes a dossier overdue whatever its due date.  A plain
-- SQL expression, so the planner inlines it.
CREATE FUNCTION govindex.overdue_at(
    received_at timestamptz, ended_at timestamptz, due_at timestamptz,
    supplement_requests smallint, supplement_periods tstzmultirange, at timestamptz)
RETURNS bool
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN received_at < at
   AND (ended_at IS NULL OR ended_at > at)
   AND (supplement_requests > 1
        OR (due_at < at AND NOT coalesce(supplement_periods @> tstzrange(due_at, at, '[]'), false)));
COMMENT ON FUNCTION govindex.overdue_at(timestamptz, timestamptz, timestamptz, smallint, tstzmultirange, timestamptz) IS
    'Whether a dossier is pending and overdue at a moment (the rule dossier_stats applies at a window''s close) — Hồ sơ quá hạn tại một thời điểm';

CREATE FUNCTION govindex.late_dossiers_at("at" timestamptz, root_code text DEFAULT NULL)
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
       AND govindex.single_node_report()  -- none over tables distributed by Citus (citus.sql)
       AND d.received_at < "at"
       AND govindex.overdue_at(d.received_at, d.ended_at, d.due_at, d.supplement_requests,
                               d.supplement_periods, "at")
       AND (root_code IS NULL OR d.unit_id IN (SELECT s.unit_id FROM govindex.unit_subtree(root_code) s));
END;
COMMENT ON FUNCTION govindex.late_dossiers_at(timestamptz, text) IS
    'Dossiers overdue at a moment (by the due date of dossier_due_dates), under a root unit (all when NULL), with calendar and working days past the due date — Danh sách hồ sơ quá hạn tại một thời điểm';

CREATE VIEW govindex.late_dossiers WITH (security_invoker = true) AS
SELECT * FROM govindex.late_dossiers_at(now());
COMMENT ON VIEW govindex.late_dossiers IS
    'Dossiers overdue now — Hồ sơ đang quá hạn';
COMMENT ON COLUMN govindex.late_dossiers.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.late_dossiers.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.late_dossiers.dossier_code IS 'Dossier code — Mã hồ sơ';
COMMENT ON COLUMN govindex.late_dossiers.procedure_code IS 'Procedure code — Mã thủ tục';
COMMENT ON COLUMN govindex.late_dossiers.procedure_name IS 'Procedure name — Tên thủ tục';
COMMENT ON COLUMN govindex.late_dossiers.channel IS 'Channel — Kênh nộp';
COMMENT ON COLUMN govindex.late_dossiers.received_at IS 'Received — Ngày tiếp nhận';
COMMENT ON COLUMN govindex.late_dossiers.due_at IS 'Due — Ngày hẹn trả';
COMMENT ON COLUMN govindex.late_dossiers.days_overdue IS
    'Calendar days past the due date (Asia/Ho_Chi_Minh dates); NULL when overdue for repeated supplement requests without a due date — Số ngày quá hạn';
COMMENT ON COLUMN govindex.late_dossiers.supplement_requests IS 'Supplement requests — Số lần yêu cầu bổ sung';
COMMENT ON COLUMN govindex.late_dossiers.workdays_overdue IS
    'Working days from the due date to the moment, [due date, date of the moment) by the default calendar; NULL without a due date or outside the calendar — Số ngày làm việc quá hạn';

-- Per unit (over its subtree) and ISO week: late at the week's start, of those the ones
-- that ended during the week, dossiers that became late during the week, and late at
-- its end.  still_late = late_at_start - processed + new_late.
CREATE FUNCTION govindex.late_dossier_weeks(first_day date, last_day date, root_code text DEFAULT NULL)
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
COMMENT ON FUNCTION govindex.late_dossier_weeks(date, date, text) IS
    'Weekly movement of late dossiers per unit (its subtree included): late at the start, processed, newly late, still late — Biến động hồ sơ trễ hạn theo tuần';
