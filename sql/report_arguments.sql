-- The reports' arguments: an infinite or absurd window, moment or range of days, and a
-- filter of too many codes get an error at once, with its SQLSTATE and the argument
-- named, never a loop or a bare "timestamp out of range".  Each line shows the SQLSTATE
-- and the message.
BEGIN;
SET LOCAL search_path = public, govindex;
SET LOCAL TimeZone = 'Asia/Ho_Chi_Minh';
-- (stops a report that would loop instead of failing)
SET LOCAL statement_timeout = '20s';
INSERT INTO units (code, name_vi, level) VALUES ('RA', 'Tỉnh RA', 'province');

CREATE FUNCTION pg_temp.fails(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- windows of unit_stats (and so of index766, index766_groups, index766_totals)
SELECT w AS "window", pg_temp.fails(format('SELECT * FROM govindex.unit_stats(%L, %L)', w, 'RA')) AS unit_stats
  FROM (VALUES (NULL), ('empty'), ('[-infinity,2024-01-01)'), ('[2023-01-01,infinity)'), ('(,2024-01-01)'),
               ('[2023-01-01,)'), ('[1899-12-31,2024-01-01)'), ('[2023-01-01,2203-01-01)'),
               ('[4000-01-01,294276-01-01)'), ('[2023-01-01,2024-01-01)')) v (w);
SELECT pg_temp.fails($$SELECT * FROM govindex.index766_totals('[2023-01-01,294276-01-01)', 'RA')$$) AS index766_totals,
       pg_temp.fails($$SELECT * FROM govindex.index766_rates(NULL, 'RA')$$) AS index766_rates,
       pg_temp.fails($$SELECT * FROM govindex.index766_groups('empty', 'RA')$$) AS index766_groups;
-- a window read from a table is checked as well
CREATE TEMP TABLE asked (w tstzrange);
INSERT INTO asked VALUES ('[2023-01-01,2024-01-01)'), ('[2023-01-01,infinity)');
SELECT pg_temp.fails($$SELECT count(*) FROM asked a, govindex.unit_stats(a.w, 'RA') s$$) AS from_a_table;

-- procedure filters: at most 10,000 codes
SELECT pg_temp.fails($$SELECT * FROM govindex.unit_stats('[2023-01-01,2024-01-01)', 'RA',
                         (SELECT array_agg(g::text) FROM generate_series(1, 10001) g))$$) AS ten_thousand_and_one,
       pg_temp.fails($$SELECT * FROM govindex.index766('[2023-01-01,2024-01-01)', 'RA',
                         procedure_codes => (SELECT array_agg(g::text) FROM generate_series(1, 1000000) g))$$) AS a_million,
       pg_temp.fails($$SELECT * FROM govindex.unit_stats('[2023-01-01,2024-01-01)', 'RA',
                         (SELECT array_agg(g::text) FROM generate_series(1, 10000) g))$$) AS ten_thousand;

-- moments of late_dossiers_at
SELECT t AS "at", pg_temp.fails(format('SELECT * FROM govindex.late_dossiers_at(%L, %L)', t, 'RA')) AS late_dossiers_at
  FROM (VALUES (NULL), ('infinity'), ('-infinity'), ('294276-01-01'), ('1899-12-31 23:00+07'), ('2023-12-31 17:00+07')) v (t);

-- days of late_dossier_weeks: never a loop, at most 20 years
SELECT f AS first_day, l AS last_day,
       pg_temp.fails(format('SELECT * FROM govindex.late_dossier_weeks(%L, %L, %L)', f, l, 'RA')) AS late_dossier_weeks
  FROM (VALUES (NULL, '2023-12-31'), ('2023-01-01', NULL), ('-infinity', '2023-12-31'), ('2023-01-01', 'infinity'),
               ('2023-01-01', '5874897-01-01'), ('2023-12-31', '2023-01-01'), ('2000-01-01', '2020-01-02'),
               ('2000-01-01', '2020-01-01'), ('2023-01-01', '2023-01-31')) v (f, l);

-- readings
SELECT pg_temp.fails($$SELECT govindex.record_index766_reading('infinity', 'RA')$$) AS infinite_day,
       pg_temp.fails($$SELECT govindex.record_index766_reading('2203-01-05', 'RA')$$) AS year_2203,
       pg_temp.fails($$SELECT govindex.record_index766_reading('2023-12-31', 'RA', "window" => '[2023-01-01,)')$$) AS open_window;

-- the checks themselves
SELECT checked_window('[2023-01-01,2024-01-01)', 'w'), checked_day('2023-12-31', 'd'),
       checked_moment('2023-12-31 17:00+07', 't'), checked_days('2023-01-01', '2023-12-31'),
       checked_codes(NULL, 'c'), checked_codes('{}', 'c'), report_arguments_sound('[2023-01-01,2024-01-01)');
ROLLBACK;
