-- Readings that can be trusted later, on the generated province: a reading records the
-- fingerprints of its methodology, calendar and catalogue; a methodology a reading used
-- is locked (copy_methodology makes the copy to change); reproduce_index766_reading gives
-- nothing for a reading that still holds, and names every unit and metric that moved
-- once a dossier is loaded into its window, with why.  All in one transaction, rolled back.
BEGIN;
SET search_path = govindex, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SELECT plan(33);

CREATE FUNCTION pg_temp.error_of(query text) RETURNS TABLE (state text, message text, hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
    RETURN NEXT;
END $$;

-- ---- a reading of one week, and its fingerprints
CREATE TEMP TABLE week AS
SELECT record_index766_reading('2023-12-17', 'H74', NULL, tstzrange('2023-12-11 00:00+07', '2023-12-18 00:00+07')) AS id;
SELECT is((SELECT (methodology, methodology_fingerprint = methodology_fingerprint('portal-2026'),
                   calendar_fingerprint = calendar_fingerprint(), catalogue_fingerprint = catalogue_fingerprint())::text
             FROM index766_readings WHERE id = (SELECT id FROM week)),
          '(portal-2026,t,t,t)', 'a reading records the fingerprints of its methodology, calendar and catalogue');
SELECT is((SELECT count(*)::int FROM reproduce_index766_reading((SELECT id FROM week))), 0,
          'a reading of unchanged data reproduces: no row');

-- A fingerprint is of the rows alone: a small methodology's, whatever the session's
-- settings, and not of which methodology is the default.
INSERT INTO methodologies (code, name_vi, name_en, valid_from) VALUES ('tiny', 'Nhỏ', 'Tiny', '2024-01-01');
INSERT INTO metric_groups (methodology, code, name_vi, name_en, max_points, position) VALUES ('tiny', 'ALL', 'Tất cả', 'All', 2.5, 1);
INSERT INTO metrics (methodology, code, group_code, name_vi, name_en, max_points, rule, empty_value, position, source)
VALUES ('tiny', 'TINY_FULL', 'ALL', 'Đủ điểm', 'Full points', 2.5, 'full', 'full', 1, 'constant');
SELECT is(methodology_fingerprint('tiny'), '81423f7b6464379db5c6fa3144fbbb76', 'the fingerprint of a small methodology');
SET DateStyle = 'SQL, DMY';
SELECT is(methodology_fingerprint('tiny'), '81423f7b6464379db5c6fa3144fbbb76', 'the same under another DateStyle');
RESET DateStyle;
UPDATE methodologies SET is_default = true WHERE code = 'tiny';
SELECT is(methodology_fingerprint('tiny'), '81423f7b6464379db5c6fa3144fbbb76', 'the same as the default methodology');
UPDATE methodologies SET is_default = true WHERE code = 'portal-2026';
SELECT is(methodology_fingerprint('no-such-methodology'), NULL, 'NULL for an unknown methodology');

-- ---- a methodology a reading used is locked
SELECT throws_ok($$UPDATE metrics SET max_points = 7 WHERE methodology = 'portal-2026' AND code = 'DOSSIER_SYNC'$$,
                 '23001', 'methodology portal-2026 is used by 1 reading and cannot be changed',
                 'a metric of a methodology a reading used cannot be changed');
SELECT throws_ok($$DELETE FROM metrics WHERE methodology = 'portal-2026' AND code = 'DOSSIER_SYNC'$$,
                 '23001', 'methodology portal-2026 is used by 1 reading and cannot be changed', 'nor deleted');
SELECT throws_ok($$INSERT INTO metrics (methodology, code, group_code, name_vi, name_en, max_points, rule, empty_value, position, source)
                   VALUES ('portal-2026', 'MORE_POINTS', 'CKMB', 'Thêm', 'More', 1, 'full', 'full', 9, 'constant')$$,
                 '23001', 'methodology portal-2026 is used by 1 reading and cannot be changed', 'nor added to');
SELECT throws_ok($$UPDATE metric_groups SET name_en = 'Openness' WHERE methodology = 'portal-2026' AND code = 'CKMB'$$,
                 '23001', 'methodology portal-2026 is used by 1 reading and cannot be changed', 'its groups neither');
SELECT throws_ok($$UPDATE methodologies SET code = 'portal-2026b' WHERE code = 'portal-2026'$$,
                 '23001', 'methodology portal-2026 is used by 1 reading and cannot be changed', 'nor renamed');
SELECT throws_ok($$DELETE FROM methodologies WHERE code = 'portal-2026'$$,
                 '23001', 'methodology portal-2026 is used by 1 reading and cannot be changed', 'nor deleted whole');
SELECT is((SELECT hint FROM pg_temp.error_of($$UPDATE methodologies SET note = 'x' WHERE code = 'portal-2026'$$)),
          'Copy it under a new code and change the copy: SELECT govindex.copy_methodology(''portal-2026'', ''new-code'');',
          'the hint says how to change it');
SELECT lives_ok($$UPDATE methodologies SET is_default = true WHERE code = 'decision-766-2022';
                  UPDATE methodologies SET is_default = true WHERE code = 'portal-2026'$$,
                'it can still stop and become the default again');
SELECT lives_ok($$UPDATE metrics SET max_points = 6 WHERE methodology = 'decision-766-2022' AND code = 'DOSSIER_SYNC'$$,
                'a methodology no reading used can be changed');

-- ---- copy it to change it
SELECT is(copy_methodology('portal-2026', 'portal-2026-edit'), 23, 'copy_methodology copies the 23 metrics');
SELECT is((SELECT (name_en, is_default, left(note, 24))::text FROM methodologies WHERE code = 'portal-2026-edit'),
          '("Index 766 as the National Public Service Portal computes it (2026)",f,"Copied from portal-2026.")',
          'the copy keeps the names, is not the default and says where it comes from');
SELECT lives_ok($$UPDATE metrics SET max_points = 7 WHERE methodology = 'portal-2026-edit' AND code = 'DOSSIER_SYNC'$$,
                'the copy can be changed');
SELECT throws_ok($$SELECT copy_methodology('portal-2026', 'portal-2026-edit')$$,
                 '23505', 'methodology portal-2026-edit already exists', 'a copy needs a new code');

-- ---- pg_restore brings the readings back before the rows they used: the methodology
-- takes rows until it is the one its readings recorded, then no more
CREATE TEMP TABLE tiny AS SELECT methodology_fingerprint('tiny') AS fingerprint;
DELETE FROM metrics WHERE methodology = 'tiny';
DELETE FROM metric_groups WHERE methodology = 'tiny';
INSERT INTO index766_readings (taken_on, root_code, methodology, window_from, window_to,
                               methodology_fingerprint, calendar_fingerprint, catalogue_fingerprint)
SELECT '2023-12-17', 'H74', 'tiny', '2023-12-11 00:00+07', '2023-12-18 00:00+07', t.fingerprint, 'c', 'c' FROM tiny t;
SELECT lives_ok($$INSERT INTO metric_groups (methodology, code, name_vi, name_en, max_points, position) VALUES ('tiny', 'ALL', 'Tất cả', 'All', 2.5, 1);
                  INSERT INTO metrics (methodology, code, group_code, name_vi, name_en, max_points, rule, empty_value, position, source)
                  VALUES ('tiny', 'TINY_FULL', 'ALL', 'Đủ điểm', 'Full points', 2.5, 'full', 'full', 1, 'constant')$$,
                'a restore loads the rows of a methodology its readings used');
SELECT throws_ok($$INSERT INTO metrics (methodology, code, group_code, name_vi, name_en, max_points, rule, empty_value, position, source)
                   VALUES ('tiny', 'TINY_MORE', 'ALL', 'Thêm', 'More', 0, 'full', 'full', 2, 'constant')$$,
                 '23001', 'methodology tiny is used by 1 reading and cannot be changed',
                 'and once they are the rows recorded, it is locked');

-- ---- a reading recorded before 0.4.0: no fingerprint, its methodology locked all the same
INSERT INTO index766_readings (taken_on, root_code, methodology, window_from, window_to,
                               methodology_fingerprint, calendar_fingerprint, catalogue_fingerprint)
VALUES ('2023-12-17', 'H74', 'decision-766-2022', '2023-12-11 00:00+07', '2023-12-18 00:00+07', NULL, NULL, NULL);
CREATE TEMP TABLE old AS SELECT id FROM index766_readings WHERE methodology = 'decision-766-2022';
INSERT INTO index766_reading_units
SELECT (SELECT id FROM old), t.unit_code, t.unit_name, t.level, t.parent_code, t.total, t.max_points, t.rank, t.rank_of
  FROM index766_totals(tstzrange('2023-12-11 00:00+07', '2023-12-18 00:00+07'), 'H74', 'decision-766-2022') t;
SELECT is((SELECT methodology_fingerprint FROM index766_readings WHERE id = (SELECT id FROM old)), NULL,
          'a reading given no fingerprint keeps none');
SELECT throws_ok($$UPDATE metrics SET max_points = 5 WHERE methodology = 'decision-766-2022' AND code = 'DOSSIER_SYNC'$$,
                 '23001', 'methodology decision-766-2022 is used by 1 reading and cannot be changed',
                 'a methodology used by a reading without fingerprint is locked');
SELECT throws_ok($$INSERT INTO metrics (methodology, code, group_code, name_vi, name_en, max_points, rule, empty_value, position, source)
                   VALUES ('decision-766-2022', 'MORE_POINTS', 'CKMB', 'Thêm', 'More', 1, 'full', 'full', 9, 'constant')$$,
                 '23001', 'methodology decision-766-2022 is used by 1 reading and cannot be changed',
                 'against additions too');
SELECT is((SELECT count(*)::int FROM reproduce_index766_reading((SELECT id FROM old))), 0,
          'an old reading of unchanged data reproduces too');

-- ---- a dossier loaded into the window
CREATE TEMP TABLE batch (LIKE govindex.dossier_input);
INSERT INTO batch (code, unit_code, procedure_code, channel, received_at, due_at, ended_at, end_status, synced)
VALUES ('TRUST-1', 'H74.22.10', '2.008631', 'online', '2023-12-12 08:00+07', '2023-12-14 08:00+07',
        '2023-12-15 09:00+07', 'returned', true);
SELECT is((SELECT (inserted, updated)::text FROM load_dossiers('batch')), '(1,0)', 'a late dossier loaded into the week');
SELECT is((SELECT string_agg(concat_ws(' ', r.unit_code, coalesce(r.metric_code, 'total'),
                                       r.recorded_numerator || '/' || r.recorded_denominator, r.recorded_score,
                                       r.numerator || '/' || r.denominator, r.score), E'\n')
             FROM reproduce_index766_reading((SELECT id FROM week)) r),
          $$H74 total 70.91 70.88
H74 CITIZEN_DATA_CONNECTED_DOSSIER 104/442 0.47 104/443 0.47
H74 DOSSIER_RECEIVING_SATISFACTION 723/782 6.00 723/783 6.00
H74 DOSSIER_SYNC 240/442 3.26 241/443 3.26
H74 DVC_PROGRESS_ON_TIME 734/782 18.77 734/783 18.75
H74 ONLINE_PAYMENT_DOSSIERS 81/198 2.45 81/199 2.44
H74 REUSED_DIGITIZED_DATA 57/442 0.32 57/443 0.32
H74 SO_HOA_GIAY_TO_GIAI_QUYET 195/442 1.76 195/443 1.76
H74 SYNCED_WITH_DVCQG_PERSONAL_STORAGE 10/442 0.09 10/443 0.09
H74.22 total 59.69 59.41
H74.22 CITIZEN_DATA_CONNECTED_DOSSIER 12/54 0.44 12/55 0.44
H74.22 DOSSIER_RECEIVING_SATISFACTION 85/91 6.00 85/92 6.00
H74.22 DOSSIER_SYNC 25/54 2.78 26/55 2.84
H74.22 DVC_PROGRESS_ON_TIME 85/91 18.68 85/92 18.48
H74.22 ONLINE_PAYMENT_DOSSIERS 10/25 2.40 10/26 2.31
H74.22 REUSED_DIGITIZED_DATA 8/54 0.37 8/55 0.36
H74.22 SO_HOA_GIAY_TO_GIAI_QUYET 26/54 1.93 26/55 1.89
H74.22 SYNCED_WITH_DVCQG_PERSONAL_STORAGE 1/54 0.07 1/55 0.07
H74.22.10 total 59.93 57.22
H74.22.10 CITIZEN_DATA_CONNECTED_DOSSIER 1/6 0.33 1/7 0.29
H74.22.10 DOSSIER_RECEIVING_SATISFACTION 8/8 6.00 8/9 5.93
H74.22.10 DOSSIER_SYNC 2/6 2.00 3/7 2.57
H74.22.10 DVC_PROGRESS_ON_TIME 8/8 20.00 8/9 17.78
H74.22.10 ONLINE_PAYMENT_DOSSIERS 2/4 3.00 2/5 2.40
H74.22.10 REUSED_DIGITIZED_DATA 1/6 0.42 1/7 0.36
H74.22.10 SO_HOA_GIAY_TO_GIAI_QUYET 3/6 2.00 3/7 1.71
H74.22.10 SYNCED_WITH_DVCQG_PERSONAL_STORAGE 0/6 0.00 0/7 0.00$$, 'the reading no longer reproduces: the commune, its district and the province moved');
SELECT is((SELECT why FROM reproduce_index766_reading((SELECT id FROM week)) WHERE unit_code = 'H74.22.10' AND metric_code IS NULL),
          'dossiers of 2 days of the window were written after the reading (dossier_days_stale); '
          'dossiers received in the window: 6 at the reading, 7 now (loaded or deleted after it)', 'why: the dossiers counted now');
SELECT is((SELECT string_agg(DISTINCT r.why, E'\n') FROM reproduce_index766_reading((SELECT id FROM old)) r),
          'recorded before 0.4.0 without fingerprints: whether its methodology, calendar or catalogue changed is not known; '
          'dossiers of 2 days of the window were written after the reading (dossier_days_stale); '
          'the reading kept no dossier counts (before 0.4.0)', 'an old reading: its totals moved, and it kept neither fingerprints nor counts');

-- ---- a changed calendar and catalogue are named
INSERT INTO holidays (day, kind, name_vi) VALUES ('2023-12-13', 'holiday', 'Ngày nghỉ thử');
UPDATE procedures SET fee_bearing = NOT fee_bearing WHERE code = '2.008631';
SELECT is((SELECT why FROM reproduce_index766_reading((SELECT id FROM week)) WHERE unit_code = 'H74' AND metric_code IS NULL),
          'the calendar changed after the reading (holidays, swapped working days or deadline rules); '
          'the procedure catalogue changed after the reading (procedures or unit_procedures); '
          'dossiers of 7 days of the window were written after the reading (dossier_days_stale); '
          'dossiers received in the window: 442 at the reading, 443 now (loaded or deleted after it)', 'a changed calendar and catalogue are named');
SELECT is((SELECT calendar_fingerprint() <> calendar_fingerprint AND catalogue_fingerprint() <> catalogue_fingerprint
             FROM index766_readings WHERE id = (SELECT id FROM week)), true,
          'both fingerprints differ from the reading''s');

SELECT throws_ok($$SELECT * FROM reproduce_index766_reading(-1)$$, 'P0002', 'no Index 766 reading -1',
                 'an unknown reading is an error');
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.proname IN ('methodology_fingerprint', 'calendar_fingerprint', 'catalogue_fingerprint',
                                                                  'copy_methodology', 'reproduce_index766_reading')
              AND p.pronamespace = 'govindex'::regnamespace AND obj_description(p.oid, 'pg_proc') LIKE '% — %'), 5,
          'the new functions are commented in English and Vietnamese');

SELECT * FROM finish();
ROLLBACK;
