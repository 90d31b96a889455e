-- workcal.sql — the working-day calendar: type workcal (C code in workcal.c), its
-- builders from the holiday tables, and working-day arithmetic for legal time limits.
--
-- All dates and times of day are Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving
-- time): a timestamptz's local day is that of its UTC instant plus 7 hours, whatever the
-- session's TimeZone.
--
-- Per-row use: build the calendar once per query and pass it in, e.g.
--   SELECT govindex.add_workdays(d.received_at, 5, cal.c)
--     FROM dossiers d, (SELECT govindex.default_calendar() AS c) cal;
-- or add_workdays(..., (SELECT govindex.default_calendar())).  Called bare per row,
-- default_calendar() (STABLE, reads the holiday tables) would be rebuilt for every row.

CREATE TYPE govindex.workcal;

CREATE FUNCTION govindex.workcal_in(cstring) RETURNS govindex.workcal
    AS 'MODULE_PATHNAME', 'workcal_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.workcal_out(govindex.workcal) RETURNS cstring
    AS 'MODULE_PATHNAME', 'workcal_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.workcal_recv(internal) RETURNS govindex.workcal
    AS 'MODULE_PATHNAME', 'workcal_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.workcal_send(govindex.workcal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'workcal_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE govindex.workcal (
    INTERNALLENGTH = VARIABLE,
    INPUT = govindex.workcal_in,
    OUTPUT = govindex.workcal_out,
    RECEIVE = govindex.workcal_recv,
    SEND = govindex.workcal_send,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE govindex.workcal IS
    'Working-day calendar over a span of days: weekend, office hours, days off and swapped working days — Lịch ngày làm việc';
COMMENT ON FUNCTION govindex.workcal_in(cstring) IS
    'Reads a workcal written [first,end) weekend={6,7} hours=07:30-11:30,13:00-17:00 off={...} on={...} — Đọc lịch làm việc dạng văn bản';
COMMENT ON FUNCTION govindex.workcal_out(govindex.workcal) IS
    'Writes a workcal, listing only the exceptions to its weekend rule — Ghi lịch làm việc dạng văn bản';
COMMENT ON FUNCTION govindex.workcal_recv(internal) IS
    'Reads the binary form of a workcal, checking it again — Đọc lịch làm việc dạng nhị phân';
COMMENT ON FUNCTION govindex.workcal_send(govindex.workcal) IS
    'Binary form: version byte 1, first day and day count (int4), weekend mask and interval count (byte), office hours (int2 minutes), bitmap (big-endian int8 words) — Dạng nhị phân của lịch làm việc';

-- Accessors and arithmetic

CREATE FUNCTION govindex.workcal_span(cal govindex.workcal) RETURNS daterange
    AS 'MODULE_PATHNAME', 'workcal_span' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workcal_span(govindex.workcal) IS
    'The days a calendar covers, [first, end) — Khoảng ngày của lịch';

CREATE FUNCTION govindex.workday_hours(cal govindex.workcal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'workcal_day_hours' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workday_hours(govindex.workcal) IS
    'Office hours in one working day (8 for 07:30-11:30,13:00-17:00) — Số giờ làm việc trong ngày';

CREATE FUNCTION govindex.is_workday(day date, cal govindex.workcal) RETURNS bool
    AS 'MODULE_PATHNAME', 'is_workday' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.is_workday(date, govindex.workcal) IS
    'Whether a day is a working day; 22008 outside the calendar''s span — Có phải ngày làm việc';

CREATE FUNCTION govindex.workdays_between(a date, b date, cal govindex.workcal) RETURNS int
    AS 'MODULE_PATHNAME', 'workdays_between' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workdays_between(date, date, govindex.workcal) IS
    'Working days in [a, b), negative when b < a — Số ngày làm việc giữa hai ngày';

CREATE FUNCTION govindex.add_workdays(t timestamptz, n numeric, cal govindex.workcal) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'add_workdays' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.add_workdays(timestamptz, numeric, govindex.workcal) IS
    'The same time of day n working days later (the n-th working day after t''s date); a fraction of a day adds that share of a working day''s office hours (0.5 = 4 hours) — Cộng n ngày làm việc';

CREATE FUNCTION govindex.add_workhours(t timestamptz, h numeric, cal govindex.workcal) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'add_workhours' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.add_workhours(timestamptz, numeric, govindex.workcal) IS
    'The moment h office hours after t: the clock runs only in office hours of working days — Cộng h giờ làm việc';

CREATE FUNCTION govindex.workhours_between(a timestamptz, b timestamptz, cal govindex.workcal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'workhours_between' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workhours_between(timestamptz, timestamptz, govindex.workcal) IS
    'Office hours of working days within [a, b), negative when b < a — Số giờ làm việc giữa hai thời điểm';

CREATE FUNCTION govindex.workcal_due_at(
    received_at timestamptz, time_limit numeric, in_hours bool,
    supplement_periods tstzmultirange, cal govindex.workcal, null_outside bool)
RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'workcal_due_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workcal_due_at(timestamptz, numeric, bool, tstzmultirange, govindex.workcal, bool) IS
    'The C side of legal_due_at, the time unit given as in_hours — Hạn giải quyết theo luật (hàm C)';

-- received + the legal time limit, extended by the office time spent waiting for
-- supplements.  A plain SQL expression, so that it inlines into the reports.
CREATE FUNCTION govindex.legal_due_at(
    received_at timestamptz, time_limit numeric, time_limit_unit govindex.time_unit,
    supplement_periods tstzmultirange, cal govindex.workcal, null_outside bool DEFAULT false)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN govindex.workcal_due_at(received_at, time_limit, time_limit_unit = 'working_hour',
                               coalesce(supplement_periods, '{}'), cal, null_outside);
COMMENT ON FUNCTION govindex.legal_due_at(timestamptz, numeric, govindex.time_unit, tstzmultirange, govindex.workcal, bool) IS
    'Due date by law: received + time limit in working days or hours, extended by the office time of each closed supplement period that began before it; open periods are left to the clock-stop rule; with null_outside a date past the calendar is NULL instead of an error — Hạn giải quyết theo thời hạn luật định';

-- Builders

CREATE FUNCTION govindex.workcal(
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

CREATE FUNCTION govindex.default_calendar()
RETURNS govindex.workcal
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT govindex.workcal(min(y), max(y))
      FROM (SELECT extract(year FROM day)::int AS y FROM govindex.national_holidays
            UNION ALL
            SELECT extract(year FROM day)::int FROM govindex.holidays) years;
$$;
COMMENT ON FUNCTION govindex.default_calendar() IS
    'The calendar of the years from the first to the last that has holiday rows (national or the province''s; holidays lie in 2000 to 2099, so it spans at most 100 years), Saturday and Sunday off, 07:30-11:30 and 13:00-17:00; NULL when there are none. Call it once per query: (SELECT govindex.default_calendar()) — Lịch làm việc mặc định';
