-- portal_files.sql — loading a JSON-lines file of portal records of any size, in one
-- transaction and bounded memory: scripts/load-portal-records \copy-es the file into a
-- temporary staging table (line, record text) and calls load_portal_file(), which reads
-- it in chunks of lines into parts by dossier code (a hash-partitioned temporary table:
-- all the lines of a dossier in one part, so that its record and steps are derived
-- together) and then loads one part at a time, showing its progress as notices.

CREATE TYPE govindex.portal_file_line AS (line bigint, record text);
COMMENT ON TYPE govindex.portal_file_line IS
    'A staging table of load_portal_file: the line number and its text, one JSON object — Một dòng của tệp bản ghi đồng bộ';

-- Reads the staging table into pg_temp.govindex_portal_file_rows, about chunk lines at
-- a time: a range of its pages each (a TID range scan; \copy wrote the lines in order),
-- so that each line is read once, however long the file.  The rows go to parts by
-- dossier code, one part for about chunk dossiers (a dossier has a record and a few
-- steps: three lines a dossier are assumed), at most portal_file_parts_limit().  A line
-- that is not JSON fails at once (load) or is listed in
-- pg_temp.govindex_portal_file_problems (collect).
CREATE FUNCTION govindex.portal_read_file(staging regclass, chunk int, collect bool,
                                          OUT lines bigint, OUT parts int)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    last_line   bigint;
    pages       bigint;
    chunk_pages bigint;
    from_page   bigint := 0;
    first_read  bigint;
    last_read   bigint;
    part        int;
    bad         record;
    page_range  constant text := 's.ctid >= pg_catalog.format(''(%s,0)'', $1)::tid AND s.ctid < pg_catalog.format(''(%s,0)'', $2)::tid';
BEGIN
    PERFORM govindex.check_batch(staging, 'govindex.portal_file_line', 'staging');
    IF chunk IS NULL OR chunk < 1 OR chunk > govindex.portal_batch_limit() THEN
        RAISE EXCEPTION 'chunk % is not between 1 and %', coalesce(chunk::text, 'NULL'), govindex.portal_batch_limit()
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF to_regclass('pg_temp.govindex_portal_file_rows') IS NOT NULL THEN   -- an earlier file's
        DROP TABLE pg_temp.govindex_portal_file_rows, pg_temp.govindex_portal_file_problems;
    END IF;
    EXECUTE format('SELECT count(*), max(line) FROM %s', staging) INTO lines, last_line;
    parts := greatest(1, least(govindex.portal_file_parts_limit(), ceil(lines / (3.0 * chunk))));
    CREATE TEMP TABLE govindex_portal_file_rows (position bigint NOT NULL, LIKE govindex.portal_fields)
        PARTITION BY HASH (code) ON COMMIT DROP;
    FOR part IN 0 .. parts - 1 LOOP
        EXECUTE format('CREATE TEMP TABLE %I PARTITION OF pg_temp.govindex_portal_file_rows '
                       'FOR VALUES WITH (MODULUS %s, REMAINDER %s) ON COMMIT DROP',
                       'govindex_portal_file_rows_' || part, parts, part);
    END LOOP;
    CREATE TEMP TABLE govindex_portal_file_problems (LIKE pg_temp.govindex_portal_rows) ON COMMIT DROP;
    pages := pg_relation_size(staging) / current_setting('block_size')::bigint;
    chunk_pages := greatest(1, ceil(chunk::numeric * pages / greatest(lines, 1)));
    WHILE from_page < pages LOOP
        BEGIN
            EXECUTE format($q$WITH read AS (
                                  INSERT INTO pg_temp.govindex_portal_file_rows
                                  SELECT s.line, f.* FROM %s s, LATERAL govindex.portal_line_fields(s.record) f
                                   WHERE %s AND s.record IS NOT NULL AND s.record !~ '^\s*$'
                                  RETURNING position)
                              SELECT min(position), max(position) FROM read$q$, staging, page_range)
                INTO first_read, last_read
                USING from_page, from_page + chunk_pages;
        EXCEPTION WHEN invalid_text_representation THEN
            -- the chunk again, line by line, to name the lines that are not JSON
            first_read := NULL; last_read := NULL;
            FOR bad IN EXECUTE format($q$SELECT s.line, s.record FROM %s s
                                          WHERE %s AND s.record IS NOT NULL
                                            AND s.record !~ '^\s*$' ORDER BY s.line$q$, staging, page_range)
                       USING from_page, from_page + chunk_pages
            LOOP
                first_read := least(first_read, bad.line); last_read := greatest(last_read, bad.line);
                BEGIN
                    INSERT INTO pg_temp.govindex_portal_file_rows
                    SELECT bad.line, f.* FROM govindex.portal_line_fields(bad.record) f;
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
        IF first_read IS NOT NULL THEN
            RAISE NOTICE 'read lines % to % of %', first_read, last_read, last_line;
        END IF;
        from_page := from_page + chunk_pages;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.portal_read_file(regclass, int, bool) IS
    'Reads a staging table of JSON lines into pg_temp.govindex_portal_file_rows (parts by dossier code), a chunk of lines at a time — Đọc tệp bản ghi đồng bộ theo từng phần';

CREATE FUNCTION govindex.portal_file_parts_limit() RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 1024;
COMMENT ON FUNCTION govindex.portal_file_parts_limit() IS
    'The most parts a file is loaded in: 1,024 (a larger file has larger parts) — Số phần tối đa của một tệp';

-- Part i (from 0) of the read file into pg_temp.govindex_portal_rows: the lines of its
-- dossiers, and those without MaHoSo (the part of a NULL code) so that their problems
-- are reported.
CREATE FUNCTION govindex.portal_file_part_rows(part int) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.portal_rows_table();
    EXECUTE format('INSERT INTO pg_temp.govindex_portal_rows SELECT * FROM pg_temp.%I',
                   'govindex_portal_file_rows_' || part);
END $$;
COMMENT ON FUNCTION govindex.portal_file_part_rows(int) IS
    'Puts the lines of one part (a set of dossiers) of a read file into pg_temp.govindex_portal_rows — Lấy một phần hồ sơ của tệp';

CREATE FUNCTION govindex.load_portal_file(staging regclass, synced bool DEFAULT true, chunk int DEFAULT 10000,
                                          OUT lines bigint, OUT dossiers_inserted bigint, OUT dossiers_updated bigint,
                                          OUT steps_loaded bigint, OUT records_not_received bigint)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    parts  int;
    part   record;
BEGIN
    IF synced IS NULL THEN
        RAISE EXCEPTION 'synced must not be NULL' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'true: the records were pushed to the portal; false: the province''s own export.';
    END IF;
    PERFORM govindex.portal_rows_table();
    SELECT r.lines, r.parts INTO lines, parts FROM govindex.portal_read_file(staging, chunk, false) r;
    PERFORM govindex.portal_lock();
    dossiers_inserted := 0; dossiers_updated := 0; steps_loaded := 0; records_not_received := 0;
    FOR i IN 1 .. parts LOOP
        PERFORM govindex.portal_file_part_rows(i - 1);
        PERFORM govindex.portal_derive('line', synced, false);
        PERFORM govindex.portal_raise_first_problem('line', 'the file');
        SELECT * INTO part FROM govindex.portal_store();
        dossiers_inserted := dossiers_inserted + part.dossiers_inserted;
        dossiers_updated := dossiers_updated + part.dossiers_updated;
        steps_loaded := steps_loaded + part.steps_loaded;
        records_not_received := records_not_received + part.records_not_received;
        RAISE NOTICE 'loaded % of % chunks: % dossiers inserted, % updated, % steps',
            i, parts, dossiers_inserted, dossiers_updated, steps_loaded;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.load_portal_file(regclass, bool, int) IS
    'Loads a staging table of JSON lines (line, record) in one transaction, chunk lines then chunk dossiers at a time, with progress notices; a problem fails it all naming the line and the MaHoSo — Nạp tệp bản ghi đồng bộ';

CREATE FUNCTION govindex.portal_file_problems(staging regclass, chunk int DEFAULT 10000)
RETURNS TABLE (line bigint, dossier_code text, field text, sqlstate text, message text, hint text)
-- bulk statements on estimated row counts: JIT compiling them costs more than they run
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp SET jit = off AS $$
DECLARE
    parts int;
BEGIN
    PERFORM govindex.portal_rows_table();
    SELECT r.parts INTO parts FROM govindex.portal_read_file(staging, chunk, true) r;
    -- the columns of pg_temp.govindex_portal_problems, which the first portal_derive of a
    -- session has not made yet
    CREATE TEMP TABLE govindex_portal_file_report (position bigint, dossier_code text COLLATE "C", field text,
                                                   sqlstate text, message text, hint text) ON COMMIT DROP;
    FOR i IN 1 .. parts LOOP
        PERFORM govindex.portal_file_part_rows(i - 1);
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
