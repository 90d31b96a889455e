-- test/tap/portal_records.sql — portal sync records (DongBoHoSoMC, CapNhatTienDoHoSoMC)
-- load to the dossiers portal-sync.md describes, in any order, idempotently; every bad
-- input fails the whole call with its SQLSTATE and a message naming the MaHoSo.
-- The example is test/fixtures/sync/sync-records.jsonl (a copy of the format's example).
BEGIN;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
SELECT plan(61);

INSERT INTO govindex.procedures (code, name_vi) VALUES ('1.004227', 'Thủ tục 1.004227');
INSERT INTO govindex.unit_identifiers (identifier, unit_id)
SELECT '000.00.07.H74', id FROM govindex.units WHERE code = 'H74';
CREATE TEMP TABLE example (line bigint GENERATED ALWAYS AS IDENTITY, record text);
\copy example (record) FROM 'test/fixtures/sync/sync-records.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
CREATE TEMP VIEW example_batch AS SELECT jsonb_agg(record::jsonb ORDER BY line) AS records FROM example;
CREATE TEMP VIEW example_reversed AS SELECT jsonb_agg(record::jsonb ORDER BY line DESC) AS records FROM example;
-- the example's dossiers, as rows to compare
CREATE TEMP VIEW example_dossiers AS
SELECT d.code, u.code AS unit, p.code AS procedure, d.channel, d.submitted_at, d.received_at, d.due_at, d.ended_at,
       d.end_status, d.supplement_requests, d.supplement_periods, d.synced, d.electronic_result, d.digitized,
       d.reused_data, d.personal_store, d.population_data, d.paid_online, d.fee_amount, d.rating
  FROM govindex.dossiers d JOIN govindex.units u ON u.id = d.unit_id JOIN govindex.procedures p ON p.id = d.procedure_id
 WHERE d.code LIKE '000.00.07.H74-%';
-- checked by hand against the example: 0001 is an online 2.000815 dossier returned at its
-- NgayKetThucXuLy, with a result link, a component file taken from the personal store
-- (so population data too), paid on the portal, fee 100000; 0002 is a direct 1.004227
-- dossier, pending, whose one supplement request (step 5) is still waited for.
CREATE TEMP TABLE expected_dossiers AS
SELECT * FROM (VALUES
    ('000.00.07.H74-240311-0001', 'H74', '2.000815', 'online'::govindex.channel,
     '2024-03-10 20:30+07'::timestamptz, '2024-03-11 08:00+07'::timestamptz, '2024-03-18 17:00+07'::timestamptz,
     '2024-03-15 09:30+07'::timestamptz, 'returned'::govindex.end_status, 0::smallint, '{}'::tstzmultirange,
     true, true, true, false, true, true, 'portal'::govindex.payment_channel, 100000::bigint,
     NULL::govindex.citizen_rating),
    ('000.00.07.H74-240312-0002', 'H74', '1.004227', 'direct',
     '2024-03-12 09:00+07', '2024-03-12 09:00+07', '2024-03-19 17:00+07',
     NULL, NULL, 1::smallint, '{[2024-03-13 10:00+07,)}',
     true, false, false, false, false, false, NULL, NULL, NULL)) v;

-- ---- portal times ----------------------------------------------------------------------
SELECT is(govindex.portal_timestamp('20231211083000'), '2023-12-11 08:30:00+07'::timestamptz,
          'a portal time is Vietnam time');
SELECT is(govindex.portal_timestamp(''), NULL, 'an empty portal time is NULL');
SELECT throws_ok($$SELECT govindex.portal_timestamp('20240230080000')$$, '22007',
                 '"20240230080000" is not a portal time', 'there is no 30 February');
SELECT throws_ok($$SELECT govindex.portal_timestamp('2024-03-11')$$, '22007',
                 '"2024-03-11" is not a portal time', 'a date in another format is refused');
SELECT is(govindex.portal_timestamp('20240229235959'), '2024-02-29 23:59:59+07'::timestamptz, '2024 is a leap year');

-- ---- the example ---------------------------------------------------------------------------
SELECT results_eq($$SELECT * FROM govindex.load_portal_records((SELECT records FROM example_batch))$$,
                  $$VALUES (2::bigint, 0::bigint, 3::bigint, 0::bigint)$$,
                  'the example: 2 dossiers inserted, 3 steps');
SELECT results_eq('SELECT * FROM example_dossiers ORDER BY code', 'SELECT * FROM expected_dossiers ORDER BY 1',
                  'the example loads to the dossiers portal-sync.md describes');
SELECT results_eq($$SELECT * FROM govindex.load_portal_records((SELECT records FROM example_batch))$$,
                  $$VALUES (0::bigint, 2::bigint, 0::bigint, 0::bigint)$$,
                  'loaded twice: both updated, no step stored twice');
SELECT results_eq('SELECT * FROM example_dossiers ORDER BY code', 'SELECT * FROM expected_dossiers ORDER BY 1',
                  'loaded twice: the same dossiers');
SELECT results_eq($$SELECT * FROM govindex.load_portal_records((SELECT records FROM example_reversed))$$,
                  $$VALUES (0::bigint, 2::bigint, 0::bigint, 0::bigint)$$, 'steps before their record: loaded');
SELECT results_eq('SELECT * FROM example_dossiers ORDER BY code', 'SELECT * FROM expected_dossiers ORDER BY 1',
                  'steps before their record: the same dossiers');
SELECT is((SELECT count(*) FROM govindex.dossier_steps WHERE dossier_code LIKE '000.00.07.H74-%'), 3::bigint,
          'each step is stored once');
SELECT is((SELECT count(*) FROM govindex.portal_dossier_records r WHERE r::text ~ 'Nguyễn|0900000000|001099000000'),
          0::bigint, 'no personal data is stored');
SELECT is((SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a
            WHERE a.attrelid = 'govindex.dossier_steps'::regclass AND a.attnum > 0),
          'dossier_code,status,at', 'a step keeps its dossier, status and time only');

-- ---- the timeline decides -------------------------------------------------------------------
CREATE TEMP TABLE base AS SELECT (SELECT record::jsonb FROM example WHERE line = 2) AS record;  -- 0002
CREATE FUNCTION pg_temp.step(code text, status text, at text) RETURNS jsonb LANGUAGE sql
RETURN jsonb_build_object('MaHoSo', code, 'TrangThai', status, 'ThoiDiemXuLy', at, 'NguoiXuLy', 'Cán bộ B');
CREATE FUNCTION pg_temp.dossier(code text, changes jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql
RETURN (SELECT record FROM base) || jsonb_build_object('MaHoSo', code) || changes;
CREATE FUNCTION pg_temp.ending(code text) RETURNS text LANGUAGE sql
RETURN (SELECT end_status || ' ' || to_char(ended_at, 'YYYY-MM-DD HH24:MI') || ' ' || supplement_requests || ' '
               || supplement_periods::text FROM govindex.dossiers WHERE dossiers.code = ending.code);

SELECT results_eq($$SELECT steps_loaded FROM govindex.load_portal_records(jsonb_build_array(
                      pg_temp.step('000.00.07.H74-240312-0002', '4', '20240314080000'),
                      pg_temp.step('000.00.07.H74-240312-0002', '9', '20240315160000'),
                      pg_temp.step('000.00.07.H74-240312-0002', '10', '20240316090000')))$$,
                  $$VALUES (3::bigint)$$, 'steps alone, in a later batch, of a known dossier');
SELECT is(pg_temp.ending('000.00.07.H74-240312-0002'), 'finished 2024-03-15 16:00 1 {["2024-03-13 10:00:00+07","2024-03-14 08:00:00+07")}',
          'a 9 then a 10: finished at the 9; the supplement wait ends at the next step');

SELECT lives_ok($$SELECT govindex.load_portal_records(jsonb_build_array(
                    pg_temp.dossier('T-10', '{"TrangThaiHoSo": 10, "NgayKetThucXuLy": "", "NgayTra": "20240314100000"}'),
                    pg_temp.dossier('T-8', '{"TrangThaiHoSo": "4"}'),
                    pg_temp.step('T-8', '10', '20240316090000'), pg_temp.step('T-8', '8', '20240315090000'),
                    pg_temp.dossier('T-7', '{"TrangThaiHoSo": "7", "NgayKetThucXuLy": "20240313090000"}'),
                    pg_temp.step('T-7', '7', '20240312080000'),
                    pg_temp.dossier('T-7b'), pg_temp.step('T-7b', '7', '20240312100000'),
                    pg_temp.step('T-7b', '3', '20240313100000'),
                    pg_temp.dossier('T-list', '{"DanhSachHoSoBoSung": [
                        {"HoSoBoSungId": 1, "NgayBoSung": "20240312100000", "NgayTiepNhanBoSung": "20240312150000"},
                        {"HoSoBoSungId": 2, "NgayBoSung": "20240313100000", "NgayTiepNhanBoSung": ""}]}'),
                    pg_temp.step('T-list', '5', '20240314100000'),
                    pg_temp.dossier('T-old', '{"TrangThaiHoSo": "9", "NgayKetThucXuLy": "20240313080000"}'),
                    pg_temp.dossier('T-old', '{"TrangThaiHoSo": "4"}'),
                    pg_temp.dossier('T-1', '{"TrangThaiHoSo": "1", "NgayTiepNhan": ""}'),
                    pg_temp.step('T-1', '1', '20240312090000')))$$,
                'a batch of end cases loads');
SELECT is(pg_temp.ending('T-10'), 'returned 2024-03-14 10:00 0 {}', 'a 10 without NgayKetThucXuLy ends at NgayTra');
SELECT is(pg_temp.ending('T-8'), 'returned 2024-03-16 09:00 0 {}', 'a 10 comes before an 8');
SELECT is(pg_temp.ending('T-7'), 'withdrawn 2024-03-13 09:00 0 {}',
          'a 7 before reception is not an end; the record''s status then decides');
SELECT is(pg_temp.ending('T-7b'), 'stopped 2024-03-13 10:00 0 {}', 'an 8 or 3 comes before a 7');
SELECT is(pg_temp.ending('T-list'), NULL, 'a listed dossier without an end is pending');
SELECT is((SELECT supplement_requests || ' ' || supplement_periods::text FROM govindex.dossiers WHERE code = 'T-list'),
          '2 {["2024-03-12 10:00:00+07","2024-03-12 15:00:00+07"),["2024-03-13 10:00:00+07",)}',
          'DanhSachHoSoBoSung wins over the steps 5');
SELECT is(pg_temp.ending('T-old'), NULL, 'the later record of a MaHoSo in the batch wins');
SELECT is((SELECT count(*) FROM govindex.dossiers WHERE code = 'T-1'), 0::bigint, 'a dossier never received is not counted');
SELECT is((SELECT records_not_received FROM govindex.load_portal_records(jsonb_build_array(
               pg_temp.dossier('T-1', '{"TrangThaiHoSo": "1", "NgayTiepNhan": ""}')))),
          1::bigint, 'a dossier never received is reported');

-- flags, numbers as JSON numbers, unknown keys, a unit by its own code, the population database
INSERT INTO govindex.population_databases (code, name_en) VALUES ('CSDLDC', 'National population database');
SELECT lives_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('T-flags', '{
        "DonViXuLy": "H74.01", "KenhThucHien": 3, "TaiLieuNop": [{"DuongDanTaiTepTin": "", "DuocTaiSuDung": 2},
        {"DuongDanTaiTepTin": "f.pdf", "IsDeleted": "True"}], "DanhSachLePhi": [{"Gia": 0}, {"Gia": "0"}],
        "DSKetNoiCSDL": [{"MaCSDL": "CSDLDC"}], "DuocThanhToanTrucTuyen": "3", "MaHoSoKhac": "x", "LaHoSoChungThuc": true}')))$$,
                'numbers as JSON numbers and unknown keys load');
SELECT is((SELECT format('%s %s %s %s %s %s %s %s', u.code, d.channel, d.digitized, d.reused_data, d.population_data,
                         d.paid_online, d.fee_amount, d.personal_store)
             FROM govindex.dossiers d JOIN govindex.units u ON u.id = d.unit_id WHERE d.code = 'T-flags'),
          'H74.01 postal f t t  0 f',
          'unit by its code, postal, a deleted component is not digitized, reused, population database, code 3 is not online payment, fee lines of 0');

-- ---- bad input: the whole call fails, naming the MaHoSo, field and value ---------------------
CREATE TEMP TABLE before AS SELECT (SELECT count(*) FROM govindex.dossiers) AS dossiers,
                                   (SELECT count(*) FROM govindex.dossier_steps) AS steps;
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-1'),
                     pg_temp.dossier('B-2', '{"NgayTiepNhan": "2024-03-12"}')))$$,
                 '22007', 'dossier B-2: NgayTiepNhan "2024-03-12" is not a portal time', 'a bad date');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-3', '{"TrangThaiHoSo": "11"}')))$$,
                 '22023', 'dossier B-3: TrangThaiHoSo "11" is not a status code', 'an unknown status code');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.step('000.00.07.H74-240312-0002', 'x', '20240312090000')))$$,
                 '22023', 'dossier 000.00.07.H74-240312-0002: TrangThai "x" is not a status code', 'an unknown step status');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-4', '{"MaTTHC": "9.999999"}')))$$,
                 '23503', 'dossier B-4: unknown procedure ''9.999999''', 'an unknown procedure');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-5', '{"DonViXuLy": "000.00.99.X"}')))$$,
                 '23503', 'dossier B-5: unknown unit ''000.00.99.X''', 'an unknown unit');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.step('B-6', '2', '20240312090000'),
                                                                           pg_temp.step('B-6', '4', '20240312100000')))$$,
                 '23503', 'dossier B-6: 2 timeline step(s) but no dossier record', 'a step of a dossier that never arrives');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('x') - 'MaHoSo'))$$,
                 '23502', 'element 1: MaHoSo is missing', 'a record without MaHoSo');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-7', '{"TrangThaiHoSo": "9"}')))$$,
                 '23502', 'dossier B-7: status 9 (processed) without an end time: no timeline step 9, 10, 8 or 3 and no NgayKetThucXuLy',
                 'an ended status without an end time');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-8', '{"DanhSachLePhi": [{"Gia": "100.000"}]}')))$$,
                 '22P02', 'dossier B-8: DanhSachLePhi[1].Gia "100.000" is not an amount in VND', 'a fee that is not an amount');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-9', '{"NgayTiepNhan": "20240312090000", "NgayNopHoSo": "20240313090000"}')))$$,
                 '23514', 'dossier B-9: received at 2024-03-12 09:00:00+07, before it was submitted at 2024-03-13 09:00:00+07',
                 'load_dossiers'' own checks name the dossier');
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('B-10', '{"KenhThucHien": [1]}')))$$,
                 '22023', 'dossier B-10: KenhThucHien is an array, not a value', 'a container where a value belongs');
SELECT throws_ok($$SELECT govindex.load_portal_records('[1]')$$,
                 '22023', 'element 1: the element is a value, not an object', 'an element that is not an object');
SELECT throws_ok($$SELECT govindex.load_portal_records(NULL)$$, '22004', 'records must not be NULL', 'NULL');
SELECT throws_ok($$SELECT govindex.load_portal_records('{"MaHoSo": "x"}')$$, '22023', 'records is a JSON object, not an array',
                 'an object instead of an array');
SELECT throws_ok($$SELECT govindex.load_portal_records((SELECT jsonb_agg(1) FROM generate_series(1, 10001)))$$, '54000',
                 'records holds 10001 elements, more than the 10000 of one batch', 'a batch over the limit');
SELECT results_eq($$SELECT (SELECT count(*) FROM govindex.dossiers), (SELECT count(*) FROM govindex.dossier_steps)$$,
                  'SELECT dossiers, steps FROM before', 'nothing was half-loaded');

-- ---- every problem of a batch, in one pass ---------------------------------------------------------
SELECT results_eq($$SELECT element, dossier_code, field, sqlstate, message FROM govindex.portal_record_problems(jsonb_build_array(
                      pg_temp.dossier('P-1', '{"NgayTiepNhan": "x", "NgayHenTra": "20241301000000", "DuocThanhToanTrucTuyen": "9"}'),
                      pg_temp.step('P-2', '2', '20240312090000'),
                      '{"TrangThai": "2", "ThoiDiemXuLy": "20240312090000"}'::jsonb,
                      pg_temp.dossier('P-3', '{"MaTTHC": "", "TaiLieuNop": [{"DuocLayTuKhoDMQG": "yes"}, 7]}'),
                      pg_temp.dossier('P-4', '{"kind": "petition"}')))$$,
                  $$VALUES (1::bigint, 'P-1', 'NgayHenTra', '22007', 'dossier P-1: NgayHenTra "20241301000000" is not a portal time'),
                           (1, 'P-1', 'NgayTiepNhan', '22007', 'dossier P-1: NgayTiepNhan "x" is not a portal time'),
                           (2, 'P-2', 'MaHoSo', '23503', 'dossier P-2: 1 timeline step(s) but no dossier record'),
                           (3, NULL, 'MaHoSo', '23502', 'element 3: MaHoSo is missing'),
                           (4, 'P-3', 'MaTTHC', '23502', 'dossier P-3: MaTTHC is missing'),
                           (4, 'P-3', 'TaiLieuNop[1].DuocLayTuKhoDMQG', '22023', 'dossier P-3: TaiLieuNop[1].DuocLayTuKhoDMQG "yes" is not a flag'),
                           (4, 'P-3', 'TaiLieuNop[2]', '22023', 'dossier P-3: TaiLieuNop[2] is a number, not an object'),
                           (5, NULL, 'kind', '22023', 'element 5: kind "petition" is neither dossier nor step')$$,
                  'portal_record_problems lists every problem with its position, MaHoSo, field and SQLSTATE');
SELECT is((SELECT count(*) FROM govindex.portal_record_problems((SELECT records FROM example_batch))), 0::bigint,
          'the example has no problem');
SELECT results_eq($$SELECT (SELECT count(*) FROM govindex.dossiers), (SELECT count(*) FROM govindex.dossier_steps)$$,
                  'SELECT dossiers, steps FROM before', 'listing problems loads nothing');
SELECT is((SELECT hint FROM govindex.portal_record_problems(jsonb_build_array(pg_temp.dossier('H-1', '{"MaTTHC": "0.0"}')))),
          'Load the procedure catalogue first (govindex.load_portal_catalogue) or add the procedure to govindex.procedures.',
          'a problem comes with a hint where one helps');

-- ---- a loader given a district loads its district's dossiers only ------------------------------
SELECT govindex.create_roles() \g /dev/null
CREATE ROLE govindex_test_portal_district IN ROLE govindex_loader;
SELECT govindex.grant_unit_access('govindex_test_portal_district', 'H74.21') \g /dev/null
GRANT SELECT ON base TO govindex_test_portal_district;
-- the batch's temporary tables are the session's, made by the role that made them first
DROP TABLE pg_temp.govindex_portal_rows, pg_temp.govindex_portal_records, pg_temp.govindex_portal_steps,
           pg_temp.govindex_portal_batch, pg_temp.govindex_portal_problems;
SET ROLE govindex_test_portal_district;
SELECT throws_ok($$SELECT govindex.load_portal_records(jsonb_build_array(pg_temp.dossier('R-1', '{"DonViXuLy": "H74.01"}')))$$,
                 '23503', 'dossier R-1: unknown unit ''H74.01''',
                 'a district loader cannot load another unit''s dossier');
SELECT results_eq($$SELECT dossiers_inserted, steps_loaded FROM govindex.load_portal_records(jsonb_build_array(
                      pg_temp.dossier('R-2', '{"DonViXuLy": "H74.21.01"}'), pg_temp.step('R-2', '2', '20240312090000')))$$,
                  $$VALUES (1::bigint, 1::bigint)$$, 'a district loader loads its commune''s dossier and steps');
SELECT is((SELECT count(*) FROM govindex.dossier_steps), 1::bigint, 'and reads only its units'' steps');
RESET ROLE;

-- ---- a staging table of lines: load_portal_file ------------------------------------------------------
SELECT results_eq($$SELECT * FROM govindex.load_portal_file('example', true, 2)$$,
                  $$VALUES (5::bigint, 0::bigint, 2::bigint, 0::bigint, 0::bigint)$$,
                  'the example as a file, two lines and then two dossiers a chunk');
SELECT results_eq('SELECT * FROM example_dossiers ORDER BY code',
                  $$SELECT * FROM expected_dossiers WHERE column1 <> '000.00.07.H74-240312-0002' UNION ALL
                    SELECT * FROM example_dossiers WHERE code = '000.00.07.H74-240312-0002' ORDER BY 1$$,
                  'the file loads to the same dossiers (0002 keeps its later steps)');
INSERT INTO example (record) VALUES ('{"MaHoSo": "F-1", "kind": "step", "TrangThai": "2", "ThoiDiemXuLy": "20240312"}'),
                                    ('{not json');
SELECT throws_ok($$SELECT govindex.load_portal_file('example', true, 3)$$, '22P02', 'line 7 is not JSON: {not json',
                 'a line that is not JSON names its line');
DELETE FROM example WHERE line = 7;
SELECT throws_ok($$SELECT govindex.load_portal_file('example')$$, '22007',
                 'dossier F-1: ThoiDiemXuLy "20240312" is not a portal time', 'a bad line fails the file naming the MaHoSo');
INSERT INTO example (record) VALUES ('{not json either');
SELECT results_eq($$SELECT line, dossier_code, sqlstate FROM govindex.portal_file_problems('example', 2)$$,
                  $$VALUES (6::bigint, 'F-1', '22007'), (8, NULL, '22P02')$$,
                  'portal_file_problems lists every problem of the file by line');
SELECT throws_ok($$SELECT govindex.load_portal_file('expected_dossiers')$$, '42703', NULL, 'a staging table of another shape');

-- a file's line read from its text is read exactly as the same line as jsonb: the
-- example lines, and lines with duplicate keys (the last wins), escapes in keys and
-- values, numbers in every notation, nulls, nested and wrong-typed values, non-objects
CREATE TEMP TABLE odd_lines (line text);
INSERT INTO odd_lines VALUES
    ('{"MaHoSo": "A", "MaHoSo": "B", "TrangThai": 2, "TrangThai": "9", "ThoiDiemXuLy": "20231211080000"}'),
    ('{"Ma\u0048oSo": "H\u00f4-1\n\"x\"", "kind": "step", "TrangThai": 5.0, "ThoiDiemXuLy": "20231211080000"}'),
    ('{"MaHoSo": "N", "MaTTHC": 1.5e1, "DonViXuLy": -0, "KenhThucHien": 2E0, "TrangThaiHoSo": 1e1, "NgayTiepNhan": "20230102030405",
      "DanhSachLePhi": [{"Gia": 100000.00}, {"Gia": 1e3}, {"Gia": "100.000"}, {"Gia": null}, 7, []],
      "TaiLieuNop": [{"DuongDanTaiTepTin": "x", "DuocTaiSuDung": "2", "IsDeleted": false}, {"DuocLayTuKhoDMQG": true}, null],
      "DSKetNoiCSDL": [{"MaCSDL": 3}, {"MaCSDL": ["x"]}, {}], "DanhSachGiayToKetQua": {"a": 1},
      "DanhSachHoSoBoSung": [{"NgayBoSung": "20230103000000", "NgayTiepNhanBoSung": "20230102000000"}, "x"],
      "HoSoCoThanhPhanSoHoa": "maybe", "TaiKhoanDuocXacThucVoiVNeID": null, "DuocThanhToanTrucTuyen": 2}'),
    ('{"MaHoSo": {"nested": [1, {"deep": true}]}, "kind": "dossier"}'),
    ('{"kind": "other"}'), ('{}'), ('[1, 2]'), ('"just a string"'), ('42'), ('null'), ('true'),
    ('  {"MaHoSo" : "S" , "ThoiDiemXuLy" : "" , "TrangThai" : ""}  ');
SELECT is((SELECT count(*) FROM (SELECT record AS line FROM example WHERE line <= 6 UNION ALL SELECT line FROM odd_lines) l
            WHERE govindex.portal_line_fields(l.line) IS DISTINCT FROM govindex.portal_fields(l.line::jsonb)),
          0::bigint, 'portal_line_fields(text) reads every line as portal_fields(jsonb) does');
SELECT is((SELECT count(*) FROM (SELECT record FROM example WHERE line <= 6 UNION ALL SELECT line FROM odd_lines) l), 18::bigint,
          'the lines compared: the example file and the odd lines');
SELECT is((SELECT f.code || ' ' || f.step_status FROM govindex.portal_line_fields((SELECT line FROM odd_lines LIMIT 1)) f),
          'B 9', 'the last of duplicate keys wins, as in jsonb');
SELECT throws_ok($$SELECT govindex.portal_line_fields('{"MaHoSo": "X",')$$, '22P02', NULL,
                 'a line that is not JSON fails as the cast to jsonb does');

SELECT * FROM finish();
ROLLBACK;
