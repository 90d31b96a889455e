-- test/sync_export.sql — writes the dossiers of a govindex database (as test/generate.sql
-- makes them) as the portal sync records a province's one-door system sends
-- (../shared/formats/portal-sync.md): JSON lines, each dossier's DongBoHoSoMC record and
-- its CapNhatTienDoHoSoMC timeline steps, such that scripts/load-portal-records gives
-- back the same dossiers in an emptied dossiers table.  For tests, benches and the demo.
--
--   psql -X -v out=FILE [-v synced=true|false] [-v identifiers=FILE] -f test/sync_export.sql
--
--   out          the JSON-lines file (- for standard output)
--   synced       only the dossiers with that synced value: the loader takes synced for a
--                whole file (--not-synced), so a round trip exports the two apart
--   identifiers  units whose id is a multiple of 7 are then named in DonViXuLy by their
--                national agency-code form '000.00.' || code, and FILE gets the
--                INSERTs into govindex.unit_identifiers that the loader needs for them
--
-- What the records cannot carry is left out: ratings (not in the format), and a
-- personal_store dossier without population_data (the format derives population_data
-- from personal_store, so such a dossier comes back with population_data).
--
-- The known sender quirks, chosen by the dossier's number n (the digits its code ends
-- with, else a hash of it), so that every file of the same data is the same:
--   - a synthetic step 2 at reception, for every dossier;
--   - n % 3 = 0: DanhSachHoSoBoSung empty, the supplements only in the timeline (a step
--     5 at each request, a step 4 when the supplement came); otherwise listed;
--   - n % 5 = 0: the reception step sent twice;
--   - n % 4 = 0: codes, flags, amounts and times as JSON numbers rather than strings;
--   - DuocSoHoa always 1, TaiKhoanDuocXacThucVoiVNeID 0 unless it is what gives
--     population_data; a stopped dossier with n % 2 = 0 sent as 9 (processed) with its
--     step 8; a finished one with n % 2 = 0 followed by a step 10 an hour later;
--     n % 7 = 3: no end step, the end from the record's dates alone; a deleted
--     component with a file link (n % 8 = 1, not digitized); an empty KenhThucHien for
--     a direct dossier (n % 2 = 1); DuocThanhToanTrucTuyen 0, empty or 3 when not paid
--     online;
--   - the lines in a deterministic shuffled order, so that steps may come before their
--     record.
--
-- One statement streams it all (COPY ... TO STDOUT in CSV with a quote and a delimiter
-- JSON cannot hold unescaped, so each line is the JSON text verbatim: COPY's text
-- format would double every backslash).

\set ON_ERROR_STOP 1
\set QUIET 1
\if :{?out}
\else
\warn 'usage: psql -v out=FILE [-v synced=true|false] [-v identifiers=FILE] -f test/sync_export.sql'
SELECT 1 / 0 AS "test/sync_export.sql wants -v out=FILE";
\endif
\if :{?synced}
\else
\set synced ''
\endif
\if :{?identifiers}
\set aliases true
\else
\set aliases false
\endif

SET search_path = pg_catalog;
SET jit = off;

-- a value as a JSON string, or as a JSON number (digits only) when num
CREATE FUNCTION pg_temp.sync_value(v text, num bool) RETURNS json
LANGUAGE sql IMMUTABLE RETURN CASE WHEN num AND v <> '' THEN v::json ELSE to_json(v) END;
-- a time as yyyyMMddHHmmss in Vietnam time, '' for none
CREATE FUNCTION pg_temp.sync_time(t timestamptz, num bool) RETURNS json
LANGUAGE sql IMMUTABLE
RETURN pg_temp.sync_value(coalesce(to_char(t AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS'), ''), num);
-- a timeline step
CREATE FUNCTION pg_temp.sync_step(code text, status int, at timestamptz, num bool) RETURNS text
LANGUAGE sql IMMUTABLE
RETURN json_build_object('kind', 'step', 'MaHoSo', code, 'NguoiXuLy', '', 'PhongBanXuLy', 'Một cửa',
                         'TrangThai', pg_temp.sync_value(status::text, num),
                         'ThoiDiemXuLy', pg_temp.sync_time(at, num), 'NgayBatDau', pg_temp.sync_time(at, num),
                         'NgayKetThucTheoQuyDinh', '')::text;

\if :aliases
COPY (SELECT format('INSERT INTO govindex.unit_identifiers (identifier, unit_id, scheme) VALUES (%L, %s, %L) ON CONFLICT DO NOTHING;',
                    '000.00.' || u.code, u.id, 'agency_code')
        FROM govindex.units u WHERE u.id % 7 = 0 ORDER BY u.id) TO STDOUT \g :identifiers
\endif

COPY (
SELECT l.line
  FROM (SELECT d.*, p.code AS procedure_code,
               CASE WHEN :aliases AND u.id % 7 = 0 THEN '000.00.' || u.code ELSE u.code END AS unit_identifier,
               x.n, x.n % 4 = 0 AS num
          FROM govindex.dossiers d
          JOIN govindex.units u ON u.id = d.unit_id
          JOIN govindex.procedures p ON p.id = d.procedure_id
         CROSS JOIN LATERAL (SELECT coalesce(substring(d.code FROM '([0-9]{1,15})$')::bigint,
                                             abs(hashtext(d.code))::bigint) AS n) x
         WHERE :'synced' = '' OR d.synced = nullif(:'synced', '')::bool) d
 CROSS JOIN LATERAL (
    -- the dossier record
    SELECT 0 AS k, json_build_object(
        'kind', 'dossier',
        'MaHoSo', d.code,
        'MaTTHC', d.procedure_code,
        'DonViXuLy', d.unit_identifier,
        'KenhThucHien', CASE d.channel WHEN 'online' THEN pg_temp.sync_value('2', d.num)
                                       WHEN 'postal' THEN pg_temp.sync_value('3', d.num)
                                       ELSE CASE WHEN d.n % 2 = 1 THEN to_json(''::text) ELSE pg_temp.sync_value('1', d.num) END END,
        'NgayNopHoSo', pg_temp.sync_time(d.submitted_at, d.num),
        'NgayTiepNhan', pg_temp.sync_time(d.received_at, d.num),
        'NgayHenTra', pg_temp.sync_time(d.due_at, d.num),
        'NgayKetThucXuLy', pg_temp.sync_time(CASE WHEN d.end_status = 'stopped' AND d.n % 2 = 0 AND d.n % 7 <> 3 THEN NULL
                                                  ELSE d.ended_at END, d.num),
        'NgayTra', pg_temp.sync_time(CASE WHEN d.end_status = 'returned' THEN d.ended_at END, d.num),
        'NgayTuChoi', pg_temp.sync_time(CASE WHEN d.end_status = 'stopped' THEN d.ended_at END, d.num),
        'TrangThaiHoSo', pg_temp.sync_value(
             CASE d.end_status WHEN 'finished' THEN '9' WHEN 'returned' THEN '10' WHEN 'withdrawn' THEN '7'
                               WHEN 'stopped' THEN CASE WHEN d.n % 2 = 0 AND d.n % 7 <> 3 THEN '9' ELSE '8' END
                  ELSE CASE WHEN upper_inf(d.supplement_periods) AND NOT isempty(d.supplement_periods) THEN '5'
                            WHEN d.n % 2 = 0 THEN '2' ELSE '4' END END, d.num),
        'TaiLieuNop', json_build_array(json_build_object(
             'TepDinhKemId', d.n::text || '-1', 'TenTepDinhKem', 'Đơn', 'MaThanhPhanHoSo', 'TP1', 'IsDeleted', 'False',
             'DuongDanTaiTepTin', CASE WHEN d.digitized THEN 'https://hs.example/' || d.code || '/1.pdf' ELSE '' END,
             'DuocSoHoa', pg_temp.sync_value('1', d.num),
             'DuocTaiSuDung', pg_temp.sync_value(CASE WHEN d.reused_data AND d.n % 2 = 0 THEN '1' ELSE '0' END, d.num),
             'DuocLayTuKhoDMQG', pg_temp.sync_value(CASE WHEN d.personal_store THEN '1' ELSE '0' END, d.num),
             'MaKetQuaThayThe', ''))::jsonb
          || CASE WHEN NOT d.digitized AND d.n % 8 = 1 THEN
                 jsonb_build_array(jsonb_build_object('TepDinhKemId', d.n::text || '-2', 'IsDeleted', 'True',
                                                      'DuongDanTaiTepTin', 'https://hs.example/' || d.code || '/2.pdf',
                                                      'DuocTaiSuDung', '2', 'DuocLayTuKhoDMQG', '1'))
             ELSE '[]' END,
        'DanhSachLePhi', CASE WHEN d.fee_amount IS NULL THEN '[]'::json
                              WHEN d.n % 2 = 0 AND d.fee_amount > 1 THEN
                                   json_build_array(json_build_object('TenPhiLePhi', 'Phí', 'MaPhiLePhi', 'P1', 'HinhThucThu', '1', 'LoaiPhiLePhi', '1',
                                                                      'Gia', pg_temp.sync_value((d.fee_amount / 2)::text, d.num)),
                                                    json_build_object('TenPhiLePhi', 'Lệ phí', 'MaPhiLePhi', 'LP1', 'HinhThucThu', '1', 'LoaiPhiLePhi', '2',
                                                                      'Gia', pg_temp.sync_value((d.fee_amount - d.fee_amount / 2)::text, d.num)))
                              ELSE json_build_array(json_build_object('TenPhiLePhi', 'Lệ phí', 'MaPhiLePhi', 'LP1', 'HinhThucThu', '1', 'LoaiPhiLePhi', '2',
                                                                      'Gia', pg_temp.sync_value(d.fee_amount::text, d.num))) END,
        'DuocThanhToanTrucTuyen', CASE d.paid_online WHEN 'portal' THEN pg_temp.sync_value('1', d.num)
                                                     WHEN 'local_gateway' THEN pg_temp.sync_value('2', d.num)
                                                     ELSE CASE d.n % 3 WHEN 0 THEN pg_temp.sync_value('0', d.num)
                                                                        WHEN 1 THEN to_json(''::text)
                                                                        ELSE pg_temp.sync_value('3', d.num) END END,
        'DanhSachHoSoBoSung', CASE WHEN d.n % 3 = 0 THEN '[]'::json
                                   ELSE (SELECT coalesce(json_agg(json_build_object(
                                                'HoSoBoSungId', s.i, 'NguoiYeuCauBoSung', '', 'NoiDungBoSung', 'Bổ sung',
                                                'NgayBoSung', pg_temp.sync_time(lower(s.period), d.num),
                                                'NgayTiepNhanBoSung', pg_temp.sync_time(upper(s.period), d.num),
                                                'TrangThaiBoSung', NOT upper_inf(s.period)) ORDER BY s.i), '[]')
                                           FROM unnest(d.supplement_periods) WITH ORDINALITY s(period, i)) END,
        'DanhSachGiayToKetQua', CASE WHEN d.electronic_result THEN
                                          json_build_array(json_build_object('TenGiayTo', 'Kết quả', 'GiayToId', d.n::text,
                                                                             'DuongDanTepTinKetQua', 'https://kq.example/' || d.code || '.pdf',
                                                                             'MaGiayToKetQua', 'KQ' || d.n::text))
                                     WHEN d.ended_at IS NOT NULL THEN
                                          json_build_array(json_build_object('TenGiayTo', 'Kết quả', 'GiayToId', d.n::text,
                                                                             'DuongDanTepTinKetQua', ''))
                                     ELSE '[]'::json END,
        'DanhSachTepDinhKemKhac', '[]'::json,
        'HoSoCoThanhPhanSoHoa', pg_temp.sync_value(CASE WHEN d.reused_data AND d.n % 2 = 1 THEN '1' ELSE '0' END, d.num),
        'TaiKhoanDuocXacThucVoiVNeID', pg_temp.sync_value(CASE WHEN d.population_data AND NOT d.personal_store THEN '1' ELSE '0' END, d.num),
        'DSKetNoiCSDL', '[]'::json)::text AS line
    UNION ALL  -- the reception (a synthetic step 2), sent twice for n % 5 = 0
    SELECT k, pg_temp.sync_step(d.code, 2, d.received_at, d.num)
      FROM (VALUES (1), (2)) r(k) WHERE k = 1 OR d.n % 5 = 0
    UNION ALL  -- the end
    SELECT 3, pg_temp.sync_step(d.code, CASE d.end_status WHEN 'finished' THEN 9 WHEN 'returned' THEN 10
                                                          WHEN 'stopped' THEN 8 ELSE 7 END, d.ended_at, d.num)
     WHERE d.ended_at IS NOT NULL AND d.n % 7 <> 3
    UNION ALL  -- a result handed over after it was ready
    SELECT 4, pg_temp.sync_step(d.code, 10, d.ended_at + interval '1 hour', d.num)
     WHERE d.end_status = 'finished' AND d.n % 2 = 0 AND d.n % 7 <> 3
    UNION ALL  -- supplements in the timeline only: a step 5 at each request, a 4 when it came
    SELECT 10 + 2 * s.i::int + w.resumed, pg_temp.sync_step(d.code, CASE w.resumed WHEN 0 THEN 5 ELSE 4 END,
                                                            CASE w.resumed WHEN 0 THEN lower(s.period) ELSE upper(s.period) END, d.num)
      FROM unnest(d.supplement_periods) WITH ORDINALITY s(period, i)
     CROSS JOIN (VALUES (0), (1)) w(resumed)
     WHERE d.n % 3 = 0 AND (w.resumed = 0 OR NOT upper_inf(s.period))
 ) l
 ORDER BY hashint8extended(d.n * 64 + l.k, 766)
) TO STDOUT WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02') \g :out
