-- portal_files.sql — loading a JSON-lines file of portal records of any size, in one
-- transaction and bounded memory: scripts/load-portal-records \copy-es the file into a
-- temporary staging table (line, record text) and calls load_portal_file(), which reads
-- it in chunks of lines and then loads it in chunks of dossiers (all the lines of a
-- dossier in one chunk, so that its record and steps are derived together), showing
-- its progress as notices.

CREATE TYPE govindex.portal_file_line AS (line bigint, record text);
COMMENT ON TYPE govindex.portal_file_line IS
    'A staging table of load_portal_file: the line number and its text, one JSON object — Một dòng của tệp bản ghi đồng bộ';

-- Reads the staging table into pg_temp.govindex_portal_file_rows, chunk lines at a time.
-- A line that is not JSON fails at once (load) or is listed in
-- pg_temp.govindex_portal_file_problems (collect).
CREATE FUNCTION govindex.portal_read_file(staging regclass, chunk int, collect bool) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_line bigint;
    last_line  bigint;
    lines      bigint;
    from_line  bigint;
    bad        record;
BEGIN
    PERFORM govindex.check_batch(staging, 'govindex.portal_file_line', 'staging');
    IF chunk IS NULL OR chunk < 1 OR chunk > govindex.portal_batch_limit() THEN
        RAISE EXCEPTION 'chunk % is not between 1 and %', coalesce(chunk::text, 'NULL'), govindex.portal_batch_limit()
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF to_regclass('pg_temp.govindex_portal_file_rows') IS NOT NULL THEN   -- an earlier file's
        DROP TABLE pg_temp.govindex_portal_file_rows, pg_temp.govindex_portal_file_problems;
    END IF;
    CREATE TEMP TABLE govindex_portal_file_rows (position bigint NOT NULL, LIKE govindex.portal_fields) ON COMMIT DROP;
    CREATE TEMP TABLE govindex_portal_file_problems (LIKE pg_temp.govindex_portal_rows) ON COMMIT DROP;
    EXECUTE format('SELECT min(line), max(line), count(*) FROM %s', staging) INTO first_line, last_line, lines;
    from_line := first_line;
    WHILE from_line <= last_line LOOP
        BEGIN
            EXECUTE format($q$INSERT INTO pg_temp.govindex_portal_file_rows
                              SELECT s.line, f.* FROM %s s, LATERAL govindex.portal_fields(s.record::jsonb) f
                               WHERE s.line >= $1 AND s.line < $2 AND s.record IS NOT NULL AND s.record !~ '^\s*$'$q$, staging)
                USING from_line, from_line + chunk;
        EXCEPTION WHEN invalid_text_representation THEN
            -- the chunk again, line by line, to name the lines that are not JSON
            FOR bad IN EXECUTE format($q$SELECT s.line, s.record FROM %s s
                                          WHERE s.line >= $1 AND s.line < $2 AND s.record IS NOT NULL
                                            AND s.record !~ '^\s*$' ORDER BY s.line$q$, staging)
                       USING from_line, from_line + chunk
            LOOP
                BEGIN
                    INSERT INTO pg_temp.govindex_portal_file_rows
                    SELECT bad.line, f.* FROM govindex.portal_fields(bad.record::jsonb) f;
                EXCEPTION WHEN invalid_text_representation THEN
                    IF NOT collect THEN
                        RAISE EXCEPTION 'line % is not JSON: %', bad.line, left(bad.record, 60)
                            USING ERRCODE = 'invalid_text_representation',
                                  DETAIL = 'Each line of the file is one JSON object, a dossier record or a timeline step; nothing was loaded.',
                                  HINT = 'scripts/load-portal-records --problems lists every problem of the file.';
                    END IF;
                    INSERT INTO pg_temp.govindex_portal_file_problems (position, problem_fields, problem_states,
                                                                       problem_messages, problem_hints)
                    VALUES (bad.line, ARRAY[''], ARRAY['22P02'], ARRAY[format('not JSON: %s', left(bad.record, 60))],
                            ARRAY['Each line of the file is one JSON object, a dossier record or a timeline step.']);
                END;
            END LOOP;
        END;
        RAISE NOTICE 'read lines % to % of %', from_line, least(from_line + chunk - 1, last_line), last_line;
        from_line := from_line + chunk;
    END LOOP;
    -- each chunk of dossiers is a range of this index (no ANALYZE: sampling wide rows costs
    -- more than the chunks' plans gain)
    CREATE INDEX ON pg_temp.govindex_portal_file_rows (code COLLATE "C");
    RETURN coalesce(lines, 0);
END $$;
COMMENT ON FUNCTION govindex.portal_read_file(regclass, int, bool) IS
    'Reads a staging table of JSON lines into pg_temp.govindex_portal_file_rows, a chunk of lines at a time — Đọc tệp bản ghi đồng bộ theo từng phần';

-- The lower bound of each chunk of chunk dossiers, in code order (collation C).
CREATE FUNCTION govindex.portal_file_chunks(chunk int) RETURNS text[]
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    bounds text[];
BEGIN
    SELECT array_agg(code ORDER BY code COLLATE "C") INTO bounds
      FROM (SELECT code, row_number() OVER (ORDER BY code COLLATE "C") AS n
              FROM (SELECT DISTINCT code COLLATE "C" AS code FROM pg_temp.govindex_portal_file_rows
                     WHERE code IS NOT NULL) codes) numbered
     WHERE (n - 1) % chunk = 0;
    RETURN coalesce(bounds, '{}');
END $$;
COMMENT ON FUNCTION govindex.portal_file_chunks(int) IS
    'The first dossier code of each chunk of a read file, in code order — Chia tệp theo nhóm hồ sơ';

-- Chunk i of the read file into pg_temp.govindex_portal_rows (the first also takes the
-- lines without MaHoSo, so their problems are reported).
CREATE FUNCTION govindex.portal_file_chunk_rows(bounds text[], i int) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.portal_rows_table();
    INSERT INTO pg_temp.govindex_portal_rows
    SELECT * FROM pg_temp.govindex_portal_file_rows r
     WHERE (r.code COLLATE "C" >= bounds[i] AND (i = cardinality(bounds) OR r.code COLLATE "C" < bounds[i + 1]))
        OR (i = 1 AND r.code IS NULL);
END $$;
COMMENT ON FUNCTION govindex.portal_file_chunk_rows(text[], int) IS
    'Puts the lines of one chunk of dossiers of a read file into pg_temp.govindex_portal_rows — Lấy một nhóm hồ sơ của tệp';

CREATE FUNCTION govindex.load_portal_file(staging regclass, synced bool DEFAULT true, chunk int DEFAULT 10000,
                                          OUT lines bigint, OUT dossiers_inserted bigint, OUT dossiers_updated bigint,
                                          OUT steps_loaded bigint, OUT records_not_received bigint)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    bounds text[];
    part   record;
BEGIN
    IF synced IS NULL THEN
        RAISE EXCEPTION 'synced must not be NULL' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'true: the records were pushed to the portal; false: the province''s own export.';
    END IF;
    PERFORM govindex.portal_rows_table();
    lines := govindex.portal_read_file(staging, chunk, false);
    PERFORM govindex.portal_lock();
    bounds := govindex.portal_file_chunks(chunk);
    dossiers_inserted := 0; dossiers_updated := 0; steps_loaded := 0; records_not_received := 0;
    FOR i IN 1 .. greatest(cardinality(bounds), 1) LOOP
        PERFORM govindex.portal_file_chunk_rows(bounds, i);
        PERFORM govindex.portal_derive('line', synced, false);
        PERFORM govindex.portal_raise_first_problem('line', 'the file');
        SELECT * INTO part FROM govindex.portal_store();
        dossiers_inserted := dossiers_inserted + part.dossiers_inserted;
        dossiers_updated := dossiers_updated + part.dossiers_updated;
        steps_loaded := steps_loaded + part.steps_loaded;
        records_not_received := records_not_received + part.records_not_received;
        RAISE NOTICE 'loaded % of % chunks: % dossiers inserted, % updated, % steps',
            i, greatest(cardinality(bounds), 1), dossiers_inserted, dossiers_updated, steps_loaded;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.load_portal_file(regclass, bool, int) IS
    'Loads a staging table of JSON lines (line, record) in one transaction, chunk lines then chunk dossiers at a time, with progress notices; a problem fails it all naming the line and the MaHoSo — Nạp tệp bản ghi đồng bộ';

CREATE FUNCTION govindex.portal_file_problems(staging regclass, chunk int DEFAULT 10000)
RETURNS TABLE (line bigint, dossier_code text, field text, sqlstate text, message text, hint text)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    bounds text[];
BEGIN
    PERFORM govindex.portal_rows_table();
    PERFORM govindex.portal_read_file(staging, chunk, true);
    -- the columns of pg_temp.govindex_portal_problems, which the first portal_derive of a
    -- session has not made yet
    CREATE TEMP TABLE govindex_portal_file_report (position bigint, dossier_code text COLLATE "C", field text,
                                                   sqlstate text, message text, hint text) ON COMMIT DROP;
    bounds := govindex.portal_file_chunks(chunk);
    FOR i IN 1 .. greatest(cardinality(bounds), 1) LOOP
        PERFORM govindex.portal_file_chunk_rows(bounds, i);
        IF i = 1 THEN
            INSERT INTO pg_temp.govindex_portal_rows SELECT * FROM pg_temp.govindex_portal_file_problems;
        END IF;
        PERFORM govindex.portal_derive('line', true, true);
        INSERT INTO pg_temp.govindex_portal_file_report SELECT * FROM pg_temp.govindex_portal_problems;
    END LOOP;
    RETURN QUERY SELECT p.position, p.dossier_code, p.field, p.sqlstate, p.message, p.hint
                   FROM pg_temp.govindex_portal_file_report p
                  ORDER BY p.position NULLS LAST, p.field NULLS LAST, p.message;
    DROP TABLE pg_temp.govindex_portal_file_report;
END $$;
COMMENT ON FUNCTION govindex.portal_file_problems(regclass, int) IS
    'Lists every problem of a staging table of JSON lines (line, MaHoSo, field, SQLSTATE, message, hint) without loading anything — Liệt kê mọi lỗi của tệp bản ghi đồng bộ';
