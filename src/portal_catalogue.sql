-- portal_catalogue.sql — the procedure catalogue as the national procedure database gives
-- it (LayThuTuc entries, as the one-door systems read them by procedure code), loaded into
-- govindex.procedures: new codes inserted, known ones updated in the columns the format
-- carries, all or nothing; rows that would not change are not rewritten.
--
-- Reading rules (docs/loading.md, "The procedure catalogue"), decided where the format
-- is silent:
--   - a single object where a list is expected reads as a list of one (jsonpath lax
--     mode); anything else where an object is expected carries nothing;
--   - the time limit is the largest time of all channels (a dossier of any channel is
--     never judged against a shorter limit than its own), a working day counting as 8
--     working hours; only "Ngày làm việc" and "Giờ làm việc" are units govindex knows: a
--     calendar day, hour or month is not a working one and converting it would be a
--     guess, so a procedure with such a time keeps its time_limit and is counted;
--   - subjects: DOITUONGTHUCHIEN[] (strings or objects with TENDOITUONG), else
--     MOTADOITUONGTHUCHIEN (a string or such a list), in Unicode's composed form, split
--     at ; , new lines, "và" and "hoặc"; the national database's names of citizens, and
--     "Cá nhân" (the enum's own label of citizen), are citizens, any other name an
--     organization.

CREATE FUNCTION govindex.load_portal_catalogue(entries jsonb)
RETURNS TABLE (procedures_inserted bigint, procedures_updated bigint, time_limits_not_read bigint)
LANGUAGE plpgsql
-- the planner takes each JSON function for a thousand rows, and would compile the
-- statements (JIT) for longer than they run
SET jit = off
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    problem  record;
    -- names are compared in Unicode's composed form (NFC), which only a UTF8 database has
    utf8  constant bool := current_setting('server_encoding') = 'UTF8';
    numeric_text constant text := '^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)?\s*$';
    usage    constant text := 'Pass a JSON array of LayThuTuc entries, e.g. ''[{"MATTHC": "1.004227", "TENTTHC": "…"}]''.';
BEGIN
    IF entries IS NULL THEN
        RAISE EXCEPTION 'entries is NULL' USING ERRCODE = 'null_value_not_allowed', HINT = usage;
    END IF;
    IF jsonb_typeof(entries) <> 'array' THEN
        RAISE EXCEPTION 'entries is a JSON %, not an array', jsonb_typeof(entries)
            USING ERRCODE = 'invalid_parameter_value', HINT = usage;
    END IF;
    IF jsonb_array_length(entries) > 10000 THEN
        RAISE EXCEPTION 'entries has % entries, more than 10000', jsonb_array_length(entries)
            USING ERRCODE = 'program_limit_exceeded',
                  HINT = 'Split the catalogue into calls of at most 10000 entries, in one transaction if it must load all or nothing.';
    END IF;

    -- The first bad entry, in the array's order; every entry is checked, also one that a
    -- later entry of the same code replaces.
    WITH e AS (
        SELECT x.pos, x.entry, x.entry -> 'MATTHC' AS code_json, btrim(x.entry ->> 'MATTHC') AS code
          FROM jsonb_array_elements(entries) WITH ORDINALITY x (entry, pos)
    ), winner AS (
        SELECT DISTINCT ON (e.code) e.pos, e.code, e.entry
          FROM e WHERE jsonb_typeof(e.code_json) = 'string' AND e.code <> ''
         ORDER BY e.code, e.pos DESC
    ), numbers AS (
        SELECT e.pos, e.code, n.ord, n.key, n.value
          FROM e
         CROSS JOIN LATERAL jsonb_path_query(e.entry, '$.CACHTHUCTHUCHIEN[*].THOIGIAN[*]') WITH ORDINALITY t (time, t_ord)
         CROSS JOIN LATERAL (
               SELECT t.t_ord * 1000000 AS ord, 'THOIGIANGIAIQUYET' AS key, t.time -> 'THOIGIANGIAIQUYET' AS value
               UNION ALL
               SELECT t.t_ord * 1000000 + f.f_ord, 'SOTIEN', f.fee -> 'SOTIEN'
                 FROM jsonb_path_query(t.time, '$.PHILEPHI[*]') WITH ORDINALITY f (fee, f_ord)) n
         WHERE jsonb_typeof(e.code_json) = 'string' AND e.code <> ''
    ), problems AS (
        SELECT e.pos, 0 AS ord, '23502' AS sqlstate,
               format('entry %s of the catalogue has no MATTHC', e.pos) AS message,
               format('The entry is %s.', left(e.entry::text, 200)) AS detail,
               'Every LayThuTuc entry names its procedure by its code in MATTHC, e.g. "MATTHC": "1.004227".' AS hint
          FROM e
         WHERE coalesce(jsonb_typeof(e.code_json), 'null') = 'null'
            OR (jsonb_typeof(e.code_json) = 'string' AND e.code = '')
        UNION ALL
        SELECT e.pos, 0, '22023',
               format('entry %s of the catalogue: MATTHC %s is a JSON %s, not a string', e.pos, e.code_json, jsonb_typeof(e.code_json)),
               NULL,
               'Write procedure codes as JSON strings, e.g. "1.004227": a number loses the code''s trailing zeros.'
          FROM e
         WHERE jsonb_typeof(e.code_json) NOT IN ('string', 'null')
        UNION ALL
        SELECT n.pos, n.ord, '22P02',
               format('procedure %s: %s %s is not a non-negative number', n.code, n.key, n.value),
               format('Entry %s of the catalogue.', n.pos),
               'Write a number as a JSON number or a string of digits with a decimal point, e.g. 15, "15" or "0.5".'
          FROM numbers n
         WHERE jsonb_typeof(n.value) NOT IN ('number', 'string', 'null')
            OR (jsonb_typeof(n.value) IN ('number', 'string') AND (n.value #>> '{}') !~ numeric_text)
        UNION ALL
        SELECT n.pos, n.ord, '22003',
               format('procedure %s: %s %s is out of range', n.code, n.key, n.value),
               format('Entry %s of the catalogue.', n.pos),
               'A time limit is at most 999999.99 working days or hours.'
          FROM numbers n
         WHERE n.key = 'THOIGIANGIAIQUYET' AND jsonb_typeof(n.value) IN ('number', 'string')
           AND (n.value #>> '{}') ~ numeric_text AND (n.value #>> '{}') ~ '[0-9]'
           AND round((n.value #>> '{}')::numeric, 2) > 999999.99
        UNION ALL
        SELECT w.pos, 0, '23502',
               format('procedure %s is new and has no TENTTHC', w.code),
               format('Entry %s of the catalogue; the procedure is not in govindex.procedures.', w.pos),
               'A new procedure needs its name: add TENTTHC to the entry.'
          FROM winner w
         WHERE coalesce(btrim(w.entry ->> 'TENTTHC'), '') = ''
           AND NOT EXISTS (SELECT FROM govindex.procedures p WHERE p.code = w.code)
    )
    SELECT * INTO problem FROM problems ORDER BY pos, ord, sqlstate LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%', problem.message
            USING ERRCODE = problem.sqlstate,
                  DETAIL = concat_ws(' ', problem.detail, 'Nothing was loaded.'),
                  HINT = problem.hint;
    END IF;

    RETURN QUERY
    WITH e AS (
        SELECT x.pos, x.entry, btrim(x.entry ->> 'MATTHC') AS code
          FROM jsonb_array_elements(entries) WITH ORDINALITY x (entry, pos)
    ), winner AS (  -- the later entry of a code wins
        SELECT DISTINCT ON (e.code) e.code, e.entry FROM e ORDER BY e.code, e.pos DESC
    ), r AS MATERIALIZED (
        SELECT w.code,
               nullif(btrim(w.entry ->> 'TENTTHC'), '') AS name_vi,
               nullif(btrim(jsonb_path_query_first(w.entry, '$.LINHVUCTHUCHIEN[0].TENLINHVUC') #>> '{}'), '') AS field,
               fee.bearing AS fee_bearing, subj.subject, tl.time_limit, tl.time_limit_unit, tl.not_read,
               EXISTS (SELECT FROM govindex.procedures p WHERE p.code = w.code) AS known
          FROM winner w
         -- carried when the entry has a channel: fees are listed under its times
         CROSS JOIN LATERAL (
               SELECT CASE WHEN jsonb_path_exists(w.entry, '$.CACHTHUCTHUCHIEN[*] ? (@.type() != "null")')
                           THEN coalesce(bool_or(CASE WHEN (f.fee -> 'SOTIEN' #>> '{}') ~ '[0-9]'
                                                      THEN (f.fee -> 'SOTIEN' #>> '{}')::numeric > 0 END), false)
                           END AS bearing
                 FROM jsonb_path_query(w.entry, '$.CACHTHUCTHUCHIEN[*].THOIGIAN[*].PHILEPHI[*]') f (fee)) fee
         CROSS JOIN LATERAL (
               SELECT CASE WHEN bool_or(s.citizen) AND bool_or(NOT s.citizen) THEN 'both'
                           WHEN bool_or(s.citizen) THEN 'citizen'
                           WHEN bool_or(NOT s.citizen) THEN 'organization'
                           END::govindex.procedure_subject AS subject
                 FROM (SELECT lower(btrim(piece, E' \t\r\n.')) IN (lower('Công dân Việt Nam'),
                                  lower('Người Việt Nam định cư ở nước ngoài'), lower('Người nước ngoài'),
                                  lower('Cá nhân')) AS citizen
                         FROM (SELECT CASE WHEN utf8 THEN normalize(n.name, NFC) ELSE n.name END AS name
                                 FROM jsonb_path_query(w.entry, CASE WHEN jsonb_path_exists(w.entry, '$.DOITUONGTHUCHIEN[*] ? (@.type() != "null")')
                                                                     THEN '$.DOITUONGTHUCHIEN[*]' ELSE '$.MOTADOITUONGTHUCHIEN[*]' END::jsonpath) l (item)
                                CROSS JOIN LATERAL (SELECT coalesce(l.item ->> 'TENDOITUONG',
                                                                    CASE WHEN jsonb_typeof(l.item) = 'string' THEN l.item #>> '{}' END)) n (name)) named
                        CROSS JOIN LATERAL regexp_split_to_table(named.name, '\s*(;|,|\n|\s+và\s+|\s+hoặc\s+)\s*') piece
                        WHERE btrim(piece, E' \t\r\n.') <> '') s) subj
         CROSS JOIN LATERAL (
               SELECT (array_agg(t.value ORDER BY t.hours DESC, t.unit) FILTER (WHERE t.unit IS NOT NULL))[1] AS time_limit,
                      (array_agg(t.unit ORDER BY t.hours DESC, t.unit) FILTER (WHERE t.unit IS NOT NULL))[1] AS time_limit_unit,
                      coalesce(bool_or(t.unit IS NULL), false) AS not_read
                 FROM (SELECT v.value, u.unit, v.value * CASE u.unit WHEN 'working_day' THEN 8 ELSE 1 END AS hours
                         FROM jsonb_path_query(w.entry, '$.CACHTHUCTHUCHIEN[*].THOIGIAN[*]') tg (time)
                        CROSS JOIN LATERAL (SELECT round((tg.time -> 'THOIGIANGIAIQUYET' #>> '{}')::numeric, 2) AS value
                                             WHERE (tg.time -> 'THOIGIANGIAIQUYET' #>> '{}') ~ '[0-9]') v
                        CROSS JOIN LATERAL (SELECT regexp_replace(btrim(tg.time ->> 'DONVITINH'), '\s+', ' ', 'g')) d (unit)
                        CROSS JOIN LATERAL (SELECT CASE lower(CASE WHEN utf8 THEN normalize(d.unit, NFC) ELSE d.unit END)
                                                   WHEN lower('Ngày làm việc') THEN 'working_day'
                                                   WHEN lower('Giờ làm việc') THEN 'working_hour'
                                                   END::govindex.time_unit AS unit) u) t
              ) tl
    ), changed AS (
        -- what the entry gives a known procedure; a time not read leaves its time limit as
        -- it is.  Rows that would not change are not rewritten: a nightly synchronisation
        -- rewrites nothing, and the trigger of the daily summaries (dossier_days.sql)
        -- compares only the rows that changed.
        SELECT q.id, n.*
          FROM r JOIN govindex.procedures q ON q.code = r.code
         CROSS JOIN LATERAL (
               SELECT coalesce(r.name_vi, q.name_vi) AS name_vi, coalesce(r.field, q.field) AS field,
                      coalesce(r.fee_bearing, q.fee_bearing) AS fee_bearing, coalesce(r.subject, q.subject) AS subject,
                      CASE WHEN r.time_limit IS NOT NULL AND NOT r.not_read THEN r.time_limit ELSE q.time_limit END AS time_limit,
                      CASE WHEN r.time_limit IS NOT NULL AND NOT r.not_read THEN r.time_limit_unit ELSE q.time_limit_unit END
                          AS time_limit_unit) n
         WHERE (n.name_vi, n.field, n.fee_bearing, n.subject, n.time_limit, n.time_limit_unit)
               IS DISTINCT FROM (q.name_vi, q.field, q.fee_bearing, q.subject, q.time_limit, q.time_limit_unit)
    ), updated AS (
        UPDATE govindex.procedures p
           SET (name_vi, field, fee_bearing, subject, time_limit, time_limit_unit)
             = (c.name_vi, c.field, c.fee_bearing, c.subject, c.time_limit, c.time_limit_unit)
          FROM changed c
         WHERE p.id = c.id
    ), inserted AS (
        -- what the entry does not carry takes the table's defaults (src/procedures.sql)
        INSERT INTO govindex.procedures (code, name_vi, field, fee_bearing, subject, time_limit, time_limit_unit)
        SELECT r.code, r.name_vi, r.field, coalesce(r.fee_bearing, false), coalesce(r.subject, 'both'),
               CASE WHEN NOT r.not_read THEN r.time_limit END,
               coalesce(CASE WHEN NOT r.not_read THEN r.time_limit_unit END, 'working_day')
          FROM r
         WHERE NOT r.known
        RETURNING code
    )
    -- updated: the known procedures of the entries, as load_dossiers counts them
    SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM r WHERE r.known),
           (SELECT count(*) FROM r WHERE r.not_read);
END $$;
COMMENT ON FUNCTION govindex.load_portal_catalogue(jsonb) IS
    'Loads the procedure catalogue of the national procedure database (a JSON array of LayThuTuc entries): new codes are inserted, known ones updated in the columns the format carries (name, field, time limit, fee, subject); a bad entry fails the whole call naming its MATTHC — Nạp danh mục thủ tục hành chính từ CSDL quốc gia';
