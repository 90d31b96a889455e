-- due_dates.sql — the due date every report uses: the dossier's own (NgayHenTra), or,
-- when it has none, the legal one: received + the procedure's time limit in working
-- days or hours, extended by its closed supplement waits (legal_due_at), when the
-- working-day calendar reaches it.  SET govindex.legal_due_dates = off leaves dossiers
-- without a due date without one (dossier_stats then counts them as not assessable).
--
-- A view, so that it inlines into the reports: the calendar, a scalar subquery, is
-- built once per query and only when a dossier needs it.
CREATE VIEW govindex.dossier_due_dates WITH (security_invoker = true) AS
SELECT d.code, d.unit_id, d.procedure_id, d.channel, d.submitted_at, d.received_at,
       d.due_at AS given_due_at,
       CASE WHEN d.due_at IS NULL AND coalesce(current_setting('govindex.legal_due_dates', true), '') <> 'off'
            THEN govindex.legal_due_at(d.received_at, p.time_limit, p.time_limit_unit, d.supplement_periods,
                                       (SELECT govindex.default_calendar()), true)
            ELSE d.due_at END AS due_at,
       d.ended_at, d.end_status, d.supplement_requests, d.supplement_periods, d.synced,
       d.electronic_result, d.digitized, d.reused_data, d.personal_store, d.population_data,
       d.paid_online, d.fee_amount, d.rating,
       p.code AS procedure_code, p.name_vi AS procedure_name, p.field, p.project06,
       p.paper_result_required, p.fee_bearing
  FROM govindex.dossiers d
  JOIN govindex.procedures p ON p.id = d.procedure_id;
COMMENT ON VIEW govindex.dossier_due_dates IS
    'Dossiers with the due date the reports use (their own, else the legal one in working days) and the procedure attributes the metrics need — Hồ sơ kèm hạn giải quyết được dùng (hạn hẹn trả, hoặc hạn luật định)';
COMMENT ON COLUMN govindex.dossier_due_dates.given_due_at IS 'Due date as loaded (NgayHenTra) — Ngày hẹn trả';
COMMENT ON COLUMN govindex.dossier_due_dates.due_at IS
    'Due date used: the given one, else the legal one; NULL when neither is known — Hạn giải quyết được dùng';
COMMENT ON COLUMN govindex.dossier_due_dates.procedure_code IS 'Procedure code — Mã thủ tục';
COMMENT ON COLUMN govindex.dossier_due_dates.procedure_name IS 'Procedure name — Tên thủ tục';
COMMENT ON COLUMN govindex.dossier_due_dates.field IS 'Procedure field — Lĩnh vực';
COMMENT ON COLUMN govindex.dossier_due_dates.project06 IS 'Project 06 essential service — Dịch vụ công thiết yếu Đề án 06';
COMMENT ON COLUMN govindex.dossier_due_dates.paper_result_required IS 'The procedure''s result is a paper document — Kết quả là giấy tờ';
COMMENT ON COLUMN govindex.dossier_due_dates.fee_bearing IS 'The procedure carries fees — Có phí, lệ phí';
-- the other columns are the dossiers' own: the same comments as on govindex.dossiers
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT v.attname, col_description('govindex.dossiers'::regclass, t.attnum) AS comment
               FROM pg_attribute v
               JOIN pg_attribute t ON t.attrelid = 'govindex.dossiers'::regclass AND t.attname = v.attname
              WHERE v.attrelid = 'govindex.dossier_due_dates'::regclass AND v.attnum > 0
                AND col_description(v.attrelid, v.attnum) IS NULL
    LOOP
        EXECUTE format('COMMENT ON COLUMN govindex.dossier_due_dates.%I IS %L', c.attname, c.comment);
    END LOOP;
END $$;

