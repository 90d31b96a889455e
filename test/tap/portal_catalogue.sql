-- test/tap/portal_catalogue.sql — load_portal_catalogue: the national procedure database's
-- LayThuTuc entries (test/fixtures/sync/catalogue.json and entries written here) into
-- govindex.procedures: inserts, updates of the carried columns only, fees, subjects,
-- units of time, every refusal with its SQLSTATE and message, and a hostile search_path.
-- All in one transaction, rolled back.
\set catalogue `cat test/fixtures/sync/catalogue.json`
BEGIN;
SET client_min_messages = warning;
SELECT plan(47);

CREATE TEMP TABLE fixture (entries jsonb);
INSERT INTO fixture VALUES (:'catalogue');
-- what a row of the catalogue holds, as text, for exact comparisons
CREATE FUNCTION pg_temp.proc(c text) RETURNS text LANGUAGE sql AS $$
    SELECT pg_catalog.format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', p.name_vi, p.field, p.authority_level, p.service_level,
                             p.paper_result_required, p.full_process_eligible, p.fee_bearing, p.subject,
                             p.project06, p.time_limit, p.time_limit_unit)
      FROM govindex.procedures p WHERE p.code = c
$$;
CREATE FUNCTION pg_temp.load(e jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT l::text FROM govindex.load_portal_catalogue(e) l
$$;

-- ---- the function ----------------------------------------------------------------------
SELECT is((SELECT proconfig FROM pg_catalog.pg_proc WHERE oid = 'govindex.load_portal_catalogue(jsonb)'::regprocedure),
    '{jit=off,"search_path=pg_catalog, govindex, pg_temp"}', 'load_portal_catalogue pins its search_path (and compiles nothing)');
SELECT ok(pg_catalog.obj_description('govindex.load_portal_catalogue(jsonb)'::regprocedure, 'pg_proc') LIKE '% — %',
    'and has an English — Vietnamese comment');

-- ---- insert: the fixture's three procedures ------------------------------------------------
SELECT is(pg_temp.load((SELECT entries FROM fixture)), '(3,0,1)',
    'the fixture inserts 3 procedures; the time of one (30 "Ngày") is not read');
SELECT is(pg_temp.proc('9.900001'),
    'Thủ tục thử cấp giấy phép|Lĩnh vực thử một||information|f|f|t|both|f|15.00|working_day',
    '9.900001: the first field, the largest time of its channels (15 days direct, 10 online), a fee, citizens and businesses');
SELECT is(pg_temp.proc('9.900002'),
    'Thủ tục thử xác nhận|Lĩnh vực thử một||information|f|f|f|citizen|f|8.00|working_hour',
    '9.900002: 8 working hours beat half a working day; a fee of "0" is no fee; the three citizen subjects');
SELECT is(pg_temp.proc('9.900003'),
    'Thủ tục thử đăng ký hoạt động|Lĩnh vực thử ba||information|f|f|t|organization|f||working_day',
    '9.900003: a time in calendar days is not read (no time limit), a fee of 1000000, businesses');
CREATE TEMP TABLE rows_before AS SELECT code, ctid::text AS tid FROM govindex.procedures WHERE code LIKE '9.9000%';
SELECT is(pg_temp.load((SELECT entries FROM fixture)), '(0,3,1)', 'loading it again updates the three');
SELECT is((SELECT pg_catalog.count(*) FROM rows_before b JOIN govindex.procedures p ON p.code = b.code AND p.ctid::text = b.tid)::int,
    3, 'without rewriting their unchanged rows');
SELECT is(pg_temp.proc('9.900001'),
    'Thủ tục thử cấp giấy phép|Lĩnh vực thử một||information|f|f|t|both|f|15.00|working_day',
    'and leaves them as they were');

-- an entry that carries only its code and name takes the table's defaults
INSERT INTO govindex.procedures (code, name_vi) VALUES ('9.800000', 'Mặc định');
SELECT is(pg_temp.load('[{"MATTHC": " 9.800001 ", "TENTTHC": "Mặc định"}]'), '(1,0,0)',
    'an entry with only MATTHC and TENTTHC is inserted (its code trimmed)');
SELECT is(pg_temp.proc('9.800001'), pg_temp.proc('9.800000'), 'with the defaults of govindex.procedures');

-- ---- update: only the carried columns -------------------------------------------------------
CREATE TEMP TABLE known AS
SELECT p.code, pg_temp.proc(p.code) AS before
  FROM govindex.procedures p WHERE p.project06 AND p.paper_result_required AND p.authority_level IS NOT NULL
 ORDER BY p.id LIMIT 1;
SELECT is((SELECT count(*) FROM known)::int, 1, 'a generated procedure of Project 06 with a paper result and a level');
UPDATE govindex.procedures SET service_level = 'full_online', full_process_eligible = true, time_limit = 7,
       time_limit_unit = 'working_day', fee_bearing = false, subject = 'organization', field = 'Cũ'
 WHERE code = (SELECT code FROM known);
UPDATE known SET before = pg_temp.proc(code);
SELECT is(pg_temp.load((SELECT pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('MATTHC', code)) FROM known)),
    '(0,1,0)', 'an entry with only the code of a known procedure updates it');
SELECT is((SELECT pg_temp.proc(code) FROM known), (SELECT before FROM known), 'and changes nothing');
SELECT is(pg_temp.load((SELECT pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'MATTHC', code, 'TENTTHC', 'Tên mới', 'LINHVUCTHUCHIEN', '[{"MALINHVUC": "X", "TENLINHVUC": "Mới"}]'::jsonb,
        'CACHTHUCTHUCHIEN', '[{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": "2.5", "DONVITINH": "Giờ làm việc",
                              "PHILEPHI": [{"SOTIEN": "1000"}]}]}]'::jsonb,
        'DOITUONGTHUCHIEN', '["Công dân Việt Nam"]'::jsonb)) FROM known)),
    '(0,1,0)', 'a full entry of a known procedure updates it');
SELECT is((SELECT pg_temp.proc(code) FROM known),
    (SELECT pg_catalog.regexp_replace(before, '^[^|]*\|[^|]*\|([^|]*)\|full_online\|t\|t\|f\|organization\|t\|7.00\|working_day$',
                                      'Tên mới|Mới|\1|full_online|t|t|t|citizen|t|2.50|working_hour') FROM known),
    'name, field, fee, subject and time change; level, service level, paper result, eligibility and Project 06 stay');
SELECT is(pg_temp.load((SELECT pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'MATTHC', code, 'CACHTHUCTHUCHIEN', '[{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": 3, "DONVITINH": "Tháng"}]}]'::jsonb))
      FROM known)), '(0,1,1)', 'a time in months is counted as not read');
SELECT is((SELECT pg_catalog.split_part(pg_temp.proc(code), '|', 7) || '|' || pg_catalog.split_part(pg_temp.proc(code), '|', 10)
                  || '|' || pg_catalog.split_part(pg_temp.proc(code), '|', 11) FROM known),
    'f|2.50|working_hour', 'and leaves the time limit as it is; a channel without fees is no fee');

-- ---- the later entry of a code wins -----------------------------------------------------------
SELECT is(pg_temp.load('[{"MATTHC": "9.700001", "TENTTHC": "Trước", "MOTADOITUONGTHUCHIEN": "Doanh nghiệp"},
                         {"MATTHC": "9.700001", "TENTTHC": "Sau"}]'), '(1,0,0)', 'a code twice is one procedure');
SELECT is(pg_temp.proc('9.700001'), 'Sau|||information|f|f|f|both|f||working_day',
    'the later entry wins, whole (not merged with the earlier one)');

-- ---- subjects ---------------------------------------------------------------------------------
SELECT is(pg_temp.load($$[
    {"MATTHC": "9.600001", "TENTTHC": "s", "DOITUONGTHUCHIEN": [{"MADOITUONG": "3", "TENDOITUONG": "Người nước ngoài"}]},
    {"MATTHC": "9.600002", "TENTTHC": "s", "DOITUONGTHUCHIEN": ["Người Việt Nam định cư ở nước ngoài", "Tổ chức nước ngoài"]},
    {"MATTHC": "9.600003", "TENTTHC": "s", "MOTADOITUONGTHUCHIEN": "Cá nhân, tổ chức"},
    {"MATTHC": "9.600004", "TENTTHC": "s", "MOTADOITUONGTHUCHIEN": "công dân Việt Nam và người nước ngoài."},
    {"MATTHC": "9.600005", "TENTTHC": "s", "MOTADOITUONGTHUCHIEN": "Tổ chức (không bao gồm doanh nghiệp, HTX)\nHợp tác xã"},
    {"MATTHC": "9.600006", "TENTTHC": "s", "MOTADOITUONGTHUCHIEN": ["Công dân Việt Nam"]},
    {"MATTHC": "9.600007", "TENTTHC": "s", "MOTADOITUONGTHUCHIEN": "Doanh nghiệp",
     "DOITUONGTHUCHIEN": {"TENDOITUONG": "Công dân Việt Nam"}},
    {"MATTHC": "9.600008", "TENTTHC": "s", "MOTADOITUONGTHUCHIEN": " ; ", "DOITUONGTHUCHIEN": []}]$$), '(8,0,0)',
    'eight procedures with their subjects');
SELECT results_eq($$SELECT code, subject::text FROM govindex.procedures WHERE code LIKE '9.6%' ORDER BY code$$,
    $$VALUES ('9.600001', 'citizen'), ('9.600002', 'both'), ('9.600003', 'both'), ('9.600004', 'citizen'),
             ('9.600005', 'organization'), ('9.600006', 'citizen'), ('9.600007', 'citizen'), ('9.600008', 'both')$$,
    'a list of objects or strings, or the description split at ; , new lines and "và"; the list before the description; none: the default');
UPDATE govindex.procedures SET subject = 'organization' WHERE code = '9.600008';
SELECT is(pg_temp.load('[{"MATTHC": "9.600008", "MOTADOITUONGTHUCHIEN": ""}]') || pg_temp.proc('9.600008'),
    '(0,1,0)s|||information|f|f|f|organization|f||working_day', 'an empty description leaves the subject as it is');

-- ---- units of time and numbers ------------------------------------------------------------------
SELECT is(pg_temp.load($$[
    {"MATTHC": "9.500001", "TENTTHC": "t", "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": [{"THOIGIANGIAIQUYET": "1.5", "DONVITINH": "ngày làm  việc"}]}]},
    {"MATTHC": "9.500002", "TENTTHC": "t", "CACHTHUCTHUCHIEN": [{"KENH": 2, "THOIGIAN": [{"THOIGIANGIAIQUYET": 12, "DONVITINH": "Giờ làm việc"},
                                                                                         {"THOIGIANGIAIQUYET": 1, "DONVITINH": "Ngày làm việc"}]}]},
    {"MATTHC": "9.500003", "TENTTHC": "t", "CACHTHUCTHUCHIEN": [{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": 24, "DONVITINH": "Giờ"}]}]},
    {"MATTHC": "9.500004", "TENTTHC": "t", "CACHTHUCTHUCHIEN": [{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": 5, "DONVITINH": "Ngày làm việc"}]},
                                                                {"KENH": 2, "THOIGIAN": [{"THOIGIANGIAIQUYET": 1, "DONVITINH": "Tháng"}]}]},
    {"MATTHC": "9.500005", "TENTTHC": "t", "CACHTHUCTHUCHIEN": [{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": "", "DONVITINH": "Ngày"},
                                                                                         {"THOIGIANGIAIQUYET": null}]}]},
    {"MATTHC": "9.500006", "TENTTHC": "t", "CACHTHUCTHUCHIEN": {"KENH": 1, "THOIGIAN": {"THOIGIANGIAIQUYET": 8, "DONVITINH": "Giờ làm việc",
                                                                                          "PHILEPHI": {"SOTIEN": 1.5}}}},
    {"MATTHC": "9.500007", "TENTTHC": "t", "CACHTHUCTHUCHIEN": [{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": 0, "DONVITINH": "Ngày làm việc"}]}]},
    {"MATTHC": "9.500008", "TENTTHC": "t", "CACHTHUCTHUCHIEN": [{"KENH": 1, "THOIGIAN": [{"THOIGIANGIAIQUYET": 2, "DONVITINH": ""}]}]}]$$),
    '(8,0,3)', 'eight procedures; three times not read (in hours, in months, without a unit)');
SELECT results_eq($$SELECT code, time_limit, time_limit_unit::text, fee_bearing FROM govindex.procedures
                     WHERE code LIKE '9.5%' ORDER BY code$$,
    $$VALUES ('9.500001', 1.50, 'working_day', false), ('9.500002', 12.00, 'working_hour', false),
             ('9.500003', NULL, 'working_day', false), ('9.500004', NULL, 'working_day', false),
             ('9.500005', NULL, 'working_day', false), ('9.500006', 8.00, 'working_hour', true),
             ('9.500007', 0.00, 'working_day', false), ('9.500008', NULL, 'working_day', false)$$,
    'working days and hours (letter case and spaces aside); the largest, a day being 8 hours; any unknown unit: not read; an object where a list is expected is a list of one');

SELECT is(pg_temp.load(pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('MATTHC', '9.500009', 'TENTTHC', 't',
        'CACHTHUCTHUCHIEN', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('THOIGIAN', pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object('THOIGIANGIAIQUYET', 3, 'DONVITINH', pg_catalog.normalize('Ngày làm việc', 'NFD'))))),
        'MOTADOITUONGTHUCHIEN', pg_catalog.normalize('Công dân Việt Nam và Người nước ngoài', 'NFD'))))
    || pg_temp.proc('9.500009'), '(1,0,0)t|||information|f|f|f|citizen|f|3.00|working_day',
    'units and subjects written decomposed (NFD) read as composed');

-- ---- refusals -----------------------------------------------------------------------------------
SELECT throws_ok($$SELECT govindex.load_portal_catalogue(NULL)$$, '22004', 'entries is NULL', 'NULL: 22004');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('{"MATTHC": "9.1"}')$$, '22023',
    'entries is a JSON object, not an array', 'an object: 22023');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('"9.1"')$$, '22023',
    'entries is a JSON string, not an array', 'a string: 22023');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "9.400001", "TENTTHC": "a"}, {"TENTTHC": "b"}]')$$,
    '23502', 'entry 2 of the catalogue has no MATTHC', 'an entry without MATTHC: 23502 naming its position');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "", "TENTTHC": "b"}]')$$,
    '23502', 'entry 1 of the catalogue has no MATTHC', 'an empty MATTHC: 23502');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('["9.400001"]')$$,
    '23502', 'entry 1 of the catalogue has no MATTHC', 'an entry that is no object: 23502');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": 1.004220, "TENTTHC": "b"}]')$$,
    '22023', 'entry 1 of the catalogue: MATTHC 1.004220 is a JSON number, not a string', 'a number for MATTHC: 22023');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "9.400001", "TENTTHC": "a"},
    {"MATTHC": "9.400002", "TENTTHC": "b", "CACHTHUCTHUCHIEN": [{"THOIGIAN": [{"THOIGIANGIAIQUYET": "15 ngày"}]}]}]')$$,
    '22P02', 'procedure 9.400002: THOIGIANGIAIQUYET "15 ngày" is not a non-negative number',
    'a time that is no number: 22P02 naming MATTHC, the key and the value');
SELECT is((SELECT count(*) FROM govindex.procedures WHERE code = '9.400001')::int, 0,
    'and the entry before it was not loaded');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "9.400002", "TENTTHC": "b",
    "CACHTHUCTHUCHIEN": [{"THOIGIAN": [{"THOIGIANGIAIQUYET": -1}]}]}]')$$,
    '22P02', 'procedure 9.400002: THOIGIANGIAIQUYET -1 is not a non-negative number', 'a negative time: 22P02');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "9.400002", "TENTTHC": "b",
    "CACHTHUCTHUCHIEN": [{"THOIGIAN": [{"THOIGIANGIAIQUYET": 1, "PHILEPHI": [{"SOTIEN": "50.000 đồng"}]}]}]}]')$$,
    '22P02', 'procedure 9.400002: SOTIEN "50.000 đồng" is not a non-negative number', 'a fee that is no number: 22P02');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "9.400002", "TENTTHC": "b",
    "CACHTHUCTHUCHIEN": [{"THOIGIAN": [{"PHILEPHI": [{"SOTIEN": true}]}]}]}]')$$,
    '22P02', 'procedure 9.400002: SOTIEN true is not a non-negative number', 'a fee that is a boolean: 22P02');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "9.400002", "TENTTHC": "b",
    "CACHTHUCTHUCHIEN": [{"THOIGIAN": [{"THOIGIANGIAIQUYET": "1000000", "DONVITINH": "Ngày làm việc"}]}]}]')$$,
    '22003', 'procedure 9.400002: THOIGIANGIAIQUYET "1000000" is out of range', 'a time too large for time_limit: 22003');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue('[{"MATTHC": "9.400003", "TENTTHC": "a"}, {"MATTHC": "9.400003"}]')$$,
    '23502', 'procedure 9.400003 is new and has no TENTTHC', 'a new procedure without a name (in the entry that wins): 23502');
SELECT throws_ok($$SELECT govindex.load_portal_catalogue(
        (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('MATTHC', 'X.' || g, 'TENTTHC', 'x'))
           FROM pg_catalog.generate_series(1, 10001) g))$$,
    '54000', 'entries has 10001 entries, more than 10000', 'more than 10000 entries: 54000');
SELECT is(pg_temp.load((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('MATTHC', 'X.' || g, 'TENTTHC', 'x'))
                          FROM pg_catalog.generate_series(1, 10000) g)), '(10000,0,0)', '10000 entries load');
SELECT is(pg_temp.load('[]'), '(0,0,0)', 'an empty array loads nothing');
-- the message's hint and detail
CREATE FUNCTION pg_temp.hint_of(e jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text; h text;
BEGIN
    PERFORM govindex.load_portal_catalogue(e);
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN d || ' / ' || h;
END $$;
SELECT is(pg_temp.hint_of('[{"MATTHC": "9.400002", "TENTTHC": "b", "CACHTHUCTHUCHIEN": [{"THOIGIAN": [{"THOIGIANGIAIQUYET": "mười"}]}]}]'),
    'Entry 1 of the catalogue. Nothing was loaded. / Write a number as a JSON number or a string of digits with a decimal point, e.g. 15, "15" or "0.5".',
    'a refusal says where and that nothing was loaded, and hints at the fix');

-- ---- a hostile search_path ---------------------------------------------------------------------
-- Shadows in public of every pg_catalog function the body names (with plain argument
-- types) and of the jsonb and text operators it uses; each records that it ran.
CREATE TABLE public.catalogue_hijacked (shadow text);
DO $do$
DECLARE
    f record;
BEGIN
    FOR f IN
        SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
               pg_catalog.format_type(p.prorettype, NULL) AS returns, p.proretset
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f' AND p.pronargs > 0
           AND p.provariadic = 0
           AND p.proname IN (SELECT pg_catalog.lower(m[1]) FROM pg_catalog.regexp_matches(
                                 pg_catalog.pg_get_functiondef('govindex.load_portal_catalogue(jsonb)'::regprocedure),
                                 '([A-Za-z_][A-Za-z_0-9]*)\s*\(', 'g') m)
           AND NOT EXISTS (SELECT FROM pg_catalog.unnest(p.proargtypes::oid[] || p.prorettype) x
                             JOIN pg_catalog.pg_type t ON t.oid = x WHERE t.typtype = 'p')
    LOOP
        BEGIN
            EXECUTE pg_catalog.format(
                'CREATE FUNCTION public.%I(%s) RETURNS %s%s LANGUAGE plpgsql AS $b$ BEGIN INSERT INTO public.catalogue_hijacked VALUES (%L); RETURN%s; END $b$',
                f.proname, f.args, CASE WHEN f.proretset THEN 'SETOF ' ELSE '' END, f.returns,
                pg_catalog.format('%s(%s)', f.proname, f.args), CASE WHEN f.proretset THEN '' ELSE ' NULL' END);
        EXCEPTION WHEN duplicate_function OR invalid_function_definition OR datatype_mismatch
                       OR feature_not_supported OR wrong_object_type OR invalid_parameter_value THEN
            NULL;
        END;
    END LOOP;
END $do$;
CREATE FUNCTION public.evil_field(jsonb, text) RETURNS jsonb LANGUAGE plpgsql
AS $$ BEGIN INSERT INTO public.catalogue_hijacked VALUES ('jsonb -> text'); RETURN NULL; END $$;
CREATE OPERATOR public.-> (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = public.evil_field);
CREATE FUNCTION public.evil_match(text, text) RETURNS bool LANGUAGE plpgsql
AS $$ BEGIN INSERT INTO public.catalogue_hijacked VALUES ('text ~ text'); RETURN NULL; END $$;
CREATE OPERATOR public.~ (LEFTARG = text, RIGHTARG = text, FUNCTION = public.evil_match);
SELECT ok((SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc WHERE pronamespace = 'public'::regnamespace
             AND proname IN ('btrim', 'jsonb_typeof', 'jsonb_path_query', 'lower', 'regexp_replace')) >= 5,
    'shadows of btrim, jsonb_typeof, jsonb_path_query, lower and regexp_replace are in public');
SET search_path = public, pg_catalog, govindex;
CREATE TEMP TABLE attacked AS SELECT pg_temp.load((SELECT entries FROM fixture)) AS counts;
RESET search_path;
SELECT is((SELECT counts FROM attacked), '(0,3,1)', 'the fixture loads the same with public first on the path');
SELECT is((SELECT pg_catalog.string_agg(DISTINCT shadow, ', ') FROM public.catalogue_hijacked), NULL,
    'and no shadow ran');

SELECT * FROM finish();
ROLLBACK;
