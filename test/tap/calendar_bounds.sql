-- test/tap/calendar_bounds.sql — holiday rows in years that make sense, calendars of at most 100 years, array
-- arguments of bounded size: absurd input refused early with the argument named.
-- Runs on the generated province; rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SELECT plan(11);

-- Holidays and calendars ------------------------------------------------------------
SELECT throws_ok($$INSERT INTO holidays (day, kind, name_vi) VALUES ('2204-09-02', 'holiday', 'Quốc khánh (gõ nhầm)')$$,
    '23514', 'new row for relation "holidays" violates check constraint "holidays_day_in_calendar_years"',
    'a holiday in 2204 (a typo) is refused');
SELECT throws_ok($$INSERT INTO holidays (day, kind, name_vi) VALUES ('1999-12-31', 'holiday', 'Quá sớm')$$,
    '23514', 'new row for relation "holidays" violates check constraint "holidays_day_in_calendar_years"',
    'a holiday before 2000 too');
SELECT throws_ok($$INSERT INTO national_holidays (day, kind, name_vi, name_en, source) VALUES ('2204-09-02', 'holiday', 'x', 'x', 'typo')$$,
    '23514', 'new row for relation "national_holidays" violates check constraint "national_holidays_day_in_calendar_years"',
    'a national holiday in 2204 too');
INSERT INTO holidays (day, kind, name_vi) VALUES ('2000-01-03', 'holiday', 'Sớm nhất'), ('2099-12-31', 'holiday', 'Muộn nhất');
SELECT is(workcal_span(default_calendar()), daterange('2000-01-01', '2100-01-01'),
    'holidays in the first and the last year allowed still give a default calendar');
SELECT ok((SELECT count(*) FROM unit_stats(tstzrange('2023-03-01 00:00+07', '2023-04-01 00:00+07'), 'H74')) > 0,
    'and the reports run');
SELECT throws_ok($$SELECT workcal(2000, 2100)$$, '22023',
    'a calendar spans at most 100 years, not 101 (first_year 2000, last_year 2100)', 'a calendar of 101 years is refused');
SELECT throws_ok($$SELECT workcal(NULL, 2024)$$, '22004', 'first_year must not be NULL', 'a NULL year is refused');
SELECT throws_ok($$SELECT workcal(2024, 10000)$$, '22008', 'last_year 10000 is outside the years 1 to 9998',
    'a year past 9998 is refused');
SELECT throws_ok($$SELECT workcal(2024, 2024, array_fill(6, ARRAY[8]))$$, '22023',
    'argument "weekend" has 8 elements, more than the 7 allowed', 'a weekend of 8 days is refused');

-- Array arguments ---------------------------------------------------------------------
SELECT throws_ok($$SELECT check_array_argument(array_fill('1.000001'::text, ARRAY[1000000]), 'procedure_codes')$$, '22023',
    'argument "procedure_codes" has 1000000 elements, more than the 10000 allowed', 'a million procedure codes are refused');
SELECT ok(check_array_argument(array_fill('1.000001'::text, ARRAY[10000]), 'procedure_codes'), '10,000 are accepted');

SELECT * FROM finish();
ROLLBACK;
