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
