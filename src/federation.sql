-- federation.sql — a national or regional view over province databases (postgres_fdw).
-- Each province keeps its own govindex database (a shard); a coordinator attaches
-- them as foreign servers and reads per-unit dossier_stats states from them.  Only
-- states cross the network: the coordinator sends each shard one aggregate query per
-- window (the server lists govindex among its shippable extensions, so postgres_fdw
-- runs dossier_stats on the shard, GROUP BY unit) and gets one row per unit back,
-- whatever the number of dossiers; it merges them with rollup.  A shard that cannot
-- be reached, or runs another govindex version or procedure catalogue, is an error
-- naming it: never a partial result.
--
-- The coordinator's tree holds the shards' units as mirrors: attach_shard copies each
-- shard's units (codes, names, levels, parents and successors by code) under one
-- national root (a unit of level 'nation', created on the first attach), and records
-- their shard in shard_units.  Mirrored units are read-only there: attach_shard,
-- refresh_shard and detach_shard are their only writers, through the ordinary write
-- path (the tree's triggers check them as any other change); everything else that
-- writes them, or a dossier, petition or publication of theirs, is refused.  The
-- reports (unit_stats, and through it index766*, readings) read a mirrored unit's
-- own dossiers as the state its shard computes (federated_unit_states); petitions and
-- publications likewise as per-unit rates (federated_petition_rates,
-- federated_publication_rates).

-- Shard side: what a coordinator reads.  The dossiers with the due date and procedure
-- attributes the metrics use (dossier_due_dates, computed on the shard with its own
-- calendar) and the unit's code, which is the unit's identity across databases.  One
-- relation, so that postgres_fdw can push the per-unit aggregate down.
CREATE VIEW govindex.federation_dossier_inputs WITH (security_invoker = true) AS
SELECT u.code AS unit_code, d.*
  FROM govindex.dossier_due_dates d
  JOIN govindex.units u ON u.id = d.unit_id;
COMMENT ON VIEW govindex.federation_dossier_inputs IS
    'Shard side of a federation: dossier_due_dates with each dossier''s unit code, which a coordinator aggregates per unit through postgres_fdw — Hồ sơ kèm mã đơn vị, để máy điều phối tổng hợp theo đơn vị';

-- Shard side: the units, their parents and successors by code (ids are each database's own).
CREATE VIEW govindex.federation_units WITH (security_invoker = true) AS
SELECT u.code, u.name_vi, u.name_en, u.level, l.depth AS level_depth, l.name_vi AS level_name_vi,
       l.name_en AS level_name_en, p.code AS parent_code, u.valid_from, u.valid_to, s.code AS successor_code
  FROM govindex.units u
  JOIN govindex.unit_levels l ON l.level = u.level
  LEFT JOIN govindex.units p ON p.id = u.parent_id
  LEFT JOIN govindex.units s ON s.id = u.successor_id;
COMMENT ON VIEW govindex.federation_units IS
    'Shard side of a federation: the units with their level, parent and successor by code, which a coordinator mirrors — Cây đơn vị theo mã, để máy điều phối sao chép';

-- Shard side: petitions with the due date the metrics use (the rule's, on the shard's
-- calendar, when a petition has none), by unit code.
CREATE VIEW govindex.federation_petition_inputs WITH (security_invoker = true) AS
SELECT u.code AS unit_code, pt.kind, pt.received_at, pt.ended_at, pt.likes, pt.dislikes, pt.follow_up_complaint,
       coalesce(pt.due_at,
                govindex.legal_due_at(pt.received_at,
                    (SELECT r.working_days FROM govindex.deadline_rules r
                      WHERE r.rule = 'petition' ORDER BY r.since DESC LIMIT 1),
                    'working_day', '{}', (SELECT govindex.default_calendar()), true)) AS due_at
  FROM govindex.petitions pt
  JOIN govindex.units u ON u.id = pt.unit_id;
COMMENT ON VIEW govindex.federation_petition_inputs IS
    'Shard side of a federation: petitions with their due date (the petition rule''s when none is given) and unit code — Phản ánh, kiến nghị kèm hạn xử lý và mã đơn vị';

-- Shard side: procedure publications with their due dates (the rules', on the shard's
-- calendar, when none is given), the procedure's filter attributes, by unit code.
CREATE VIEW govindex.federation_publication_inputs WITH (security_invoker = true) AS
SELECT u.code AS unit_code, p.code AS procedure_code, p.field, p.project06,
       pp.published_on, pp.made_public_on, pp.content_complete, d.publish_due,
       coalesce(pp.public_due,
                govindex.deadline_after('public_disclosure', coalesce(pp.published_on, d.publish_due),
                                        (SELECT govindex.default_calendar()))) AS public_due
  FROM govindex.procedure_publications pp
  JOIN govindex.units u ON u.id = pp.unit_id
  JOIN govindex.procedures p ON p.id = pp.procedure_id
 CROSS JOIN LATERAL (SELECT coalesce(pp.publish_due,
                                     govindex.deadline_after('publication', pp.decided_on,
                                                             (SELECT govindex.default_calendar()))) AS publish_due) d;
COMMENT ON VIEW govindex.federation_publication_inputs IS
    'Shard side of a federation: procedure publications with their due dates and the procedure''s code, field and Project 06 flag, by unit code — Công bố thủ tục kèm hạn và mã đơn vị';

-- Shard side: what must match on the coordinator before its states are merged there:
-- the govindex version (the state's format and the metrics) and the procedure
-- catalogue (a state's procedure sets hold procedure ids, which the coordinator's
-- catalogue metrics read against its own procedures).
CREATE VIEW govindex.federation_shard_info WITH (security_invoker = true) AS
SELECT (SELECT e.extversion FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex') AS govindex_version,
       (SELECT pg_catalog.md5(coalesce(pg_catalog.string_agg(p.id::text || ':' || p.code, ',' ORDER BY p.id), ''))
          FROM govindex.procedures p) AS catalogue_digest;
COMMENT ON VIEW govindex.federation_shard_info IS
    'Shard side of a federation: the govindex version and a digest of the procedure catalogue (ids and codes), which must equal the coordinator''s — Phiên bản govindex và dấu vân tay danh mục thủ tục';

-- Coordinator side: the attached shards, each with the schema its foreign tables live in.
CREATE TABLE govindex.shards (
    server       name        PRIMARY KEY,
    schema_name  name        NOT NULL UNIQUE,
    attached_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE govindex.shards IS
    'Province databases attached to this coordinator through postgres_fdw (attach_shard) — Các cơ sở dữ liệu tỉnh được gắn vào máy điều phối';
COMMENT ON COLUMN govindex.shards.server IS 'Foreign server of the shard — Máy chủ ngoại';
COMMENT ON COLUMN govindex.shards.schema_name IS
    'Schema holding the shard''s foreign tables (federation_dossier_inputs, federation_shard_info) — Lược đồ chứa các bảng ngoại';
COMMENT ON COLUMN govindex.shards.attached_at IS 'When it was attached — Thời điểm gắn';
SELECT pg_catalog.pg_extension_config_dump('govindex.shards', '');

-- Coordinator side: which shard each mirrored unit comes from.
CREATE TABLE govindex.shard_units (
    unit_id  int  PRIMARY KEY REFERENCES govindex.units (id),
    server   name NOT NULL REFERENCES govindex.shards (server)
);
CREATE INDEX shard_units_server_idx ON govindex.shard_units (server);
COMMENT ON TABLE govindex.shard_units IS
    'Units of the coordinator''s tree mirrored from a shard (attach_shard, refresh_shard), read-only there — Đơn vị sao chép từ cơ sở dữ liệu tỉnh';
COMMENT ON COLUMN govindex.shard_units.unit_id IS 'The mirrored unit — Đơn vị';
COMMENT ON COLUMN govindex.shard_units.server IS 'The shard it comes from — Cơ sở dữ liệu tỉnh nguồn';
SELECT pg_catalog.pg_extension_config_dump('govindex.shard_units', '');

-- The national root the shards' provinces hang under on a coordinator: its one unit of
-- level 'nation' (a level above the province, depth -1), created on the first attach.
CREATE FUNCTION govindex.national_root() RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    roots int[] := ARRAY(SELECT u.id FROM govindex.units u WHERE u.level = 'nation' ORDER BY u.id);
    root  int;
BEGIN
    IF cardinality(roots) > 1 THEN
        RAISE EXCEPTION 'the coordinator has % units of level nation, one is the root of the shards'' provinces',
                        cardinality(roots)
            USING ERRCODE = 'cardinality_violation';
    ELSIF cardinality(roots) = 1 THEN
        RETURN roots[1];
    END IF;
    INSERT INTO govindex.unit_levels (level, depth, name_vi, name_en)
    VALUES ('nation', -1, 'Toàn quốc', 'Nation') ON CONFLICT (level) DO NOTHING;
    INSERT INTO govindex.units (code, name_vi, name_en, level) VALUES ('VN', 'Toàn quốc', 'Viet Nam', 'nation')
    RETURNING id INTO root;
    RETURN root;
END $$;
COMMENT ON FUNCTION govindex.national_root() IS
    'The coordinator''s unit of level nation, under which attached shards'' provinces are mirrored; created (code VN) when there is none — Đơn vị gốc toàn quốc của máy điều phối';

-- Mirrored units are read-only: a write to one (or under one) is refused unless it
-- comes from attach_shard, refresh_shard or detach_shard of its shard, which say so in
-- the transaction-local setting govindex.mirroring (a guard against mistakes, not a
-- privilege: whoever may write units could set it too).
CREATE FUNCTION govindex.mirrored_unit_shard(unit_id int) RETURNS name
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT s.server FROM govindex.shard_units s WHERE s.unit_id = mirrored_unit_shard.unit_id;
$$;
COMMENT ON FUNCTION govindex.mirrored_unit_shard(int) IS
    'The shard a unit of the coordinator''s tree is mirrored from, NULL for its own units — Cơ sở dữ liệu tỉnh nguồn của một đơn vị';

CREATE FUNCTION govindex.refuse_mirrored_unit(unit_id int, what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard name := govindex.mirrored_unit_shard(unit_id);
BEGIN
    IF shard IS NOT NULL AND shard IS DISTINCT FROM nullif(current_setting('govindex.mirroring', true), '') THEN
        RAISE EXCEPTION '% unit % is mirrored from shard %: read-only on the coordinator', what,
                        (SELECT u.code FROM govindex.units u WHERE u.id = refuse_mirrored_unit.unit_id), shard
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = pg_catalog.format('Change it on the shard, then SELECT govindex.refresh_shard(%L).', shard);
    END IF;
END $$;
COMMENT ON FUNCTION govindex.refuse_mirrored_unit(int, text) IS
    'Raises 55000 when a unit is mirrored from a shard and the write does not come from that shard''s attach, refresh or detach — Từ chối ghi vào đơn vị sao chép';

CREATE FUNCTION govindex.units_mirror_read_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM govindex.refuse_mirrored_unit(OLD.id, 'the');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.parent_id IS NOT NULL THEN
            PERFORM govindex.refuse_mirrored_unit(NEW.parent_id, 'the parent');
        END IF;
        IF NEW.successor_id IS NOT NULL THEN
            PERFORM govindex.refuse_mirrored_unit(NEW.successor_id, 'the successor');
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$;
COMMENT ON FUNCTION govindex.units_mirror_read_only() IS
    'Trigger: refuses writes of mirrored units, and of units placed under or merged into one, but from their shard''s attach, refresh or detach';
CREATE TRIGGER units_mirror_read_only BEFORE INSERT OR UPDATE OR DELETE ON govindex.units
    FOR EACH ROW EXECUTE FUNCTION govindex.units_mirror_read_only();

-- Petitions and publications of a mirrored unit live on its shard.  (Dossiers: their
-- statement trigger dossier_days_mark_written checks the units it wrote.)
CREATE FUNCTION govindex.unit_data_not_mirrored() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.refuse_mirrored_unit(NEW.unit_id, 'a ' || TG_ARGV[0] || ' of');
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.unit_data_not_mirrored() IS
    'Trigger: refuses a row (petition, publication) of a unit mirrored from a shard';
CREATE TRIGGER petitions_unit_not_mirrored BEFORE INSERT OR UPDATE OF unit_id ON govindex.petitions
    FOR EACH ROW EXECUTE FUNCTION govindex.unit_data_not_mirrored('petition');
CREATE TRIGGER procedure_publications_unit_not_mirrored BEFORE INSERT OR UPDATE OF unit_id ON govindex.procedure_publications
    FOR EACH ROW EXECUTE FUNCTION govindex.unit_data_not_mirrored('publication');

-- The shard's version and catalogue must be the coordinator's; a connection failure
-- becomes an error that names the shard (08001).  Checked at attach and at each read.
CREATE FUNCTION govindex.check_shard(server name) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard_schema name;
    version      text;
    digest       text;
    own_version  constant text := (SELECT e.extversion FROM pg_catalog.pg_extension e WHERE e.extname = 'govindex');
    own_digest   constant text := (SELECT i.catalogue_digest FROM govindex.federation_shard_info i);
BEGIN
    SELECT s.schema_name INTO shard_schema FROM govindex.shards s WHERE s.server = check_shard.server;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shard % is not attached', server
            USING ERRCODE = 'undefined_object',
                  HINT = 'SELECT server FROM govindex.shards lists the attached shards; attach_shard() attaches one.';
    END IF;
    BEGIN
        EXECUTE pg_catalog.format('SELECT i.govindex_version, i.catalogue_digest FROM %I.federation_shard_info i',
                                  shard_schema)
           INTO version, digest;
    EXCEPTION WHEN connection_exception OR sqlclient_unable_to_establish_sqlconnection THEN
        RAISE EXCEPTION 'shard % cannot be reached: no report over the federation without it', server
            USING ERRCODE = 'sqlclient_unable_to_establish_sqlconnection', DETAIL = SQLERRM,
                  HINT = 'Bring the shard back, or detach_shard() it to report without it.';
    END;
    IF version IS DISTINCT FROM own_version THEN
        RAISE EXCEPTION 'shard % runs govindex %, the coordinator %', server, coalesce(version, '(none)'), own_version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Update both to the same version (ALTER EXTENSION govindex UPDATE).';
    END IF;
    IF digest IS DISTINCT FROM own_digest THEN
        RAISE EXCEPTION 'shard % has another procedure catalogue than the coordinator', server
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'States count procedures by id: the ids and codes of govindex.procedures must be the same on both.',
                  HINT = 'Load the same national catalogue on the shard and the coordinator.';
    END IF;
END $$;
COMMENT ON FUNCTION govindex.check_shard(name) IS
    'Checks that an attached shard answers and has the coordinator''s govindex version and procedure catalogue; an error naming it otherwise (08001, 55000) — Kiểm tra một cơ sở dữ liệu tỉnh đã gắn';

-- The foreign tables a shard's schema holds on the coordinator.
CREATE FUNCTION govindex.shard_foreign_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN ARRAY['federation_dossier_inputs', 'federation_petition_inputs', 'federation_publication_inputs',
             'federation_shard_info', 'federation_units'];
COMMENT ON FUNCTION govindex.shard_foreign_tables() IS
    'The shard-side views a coordinator imports from each shard as foreign tables — Các bảng ngoại nhập từ mỗi cơ sở dữ liệu tỉnh';

-- Mirror a shard's units into the coordinator's tree, or drop the mirror (keep =
-- false): new units are inserted, changed ones updated, gone ones deleted, all through
-- the ordinary write path; then parents and successors are set by code, the shard's
-- roots under the national root, so the tree's triggers check the result as a whole.
CREATE FUNCTION govindex.mirror_shard_units(server name, keep bool) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard_schema constant name := (SELECT s.schema_name FROM govindex.shards s WHERE s.server = mirror_shard_units.server);
    clash        record;
    root         int;
BEGIN
    IF shard_schema IS NULL THEN
        RAISE EXCEPTION 'shard % is not attached', server USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM govindex.lock_unit_tree();
    PERFORM pg_catalog.set_config('govindex.mirroring', server, true);
    IF pg_catalog.to_regclass('pg_temp.mirror_units') IS NOT NULL THEN
        DROP TABLE pg_temp.mirror_units;
    END IF;
    CREATE TEMP TABLE mirror_units (LIKE govindex.federation_units) ON COMMIT DROP;
    IF keep THEN
        EXECUTE pg_catalog.format('INSERT INTO pg_temp.mirror_units SELECT * FROM %I.federation_units', shard_schema);
        root := govindex.national_root();
        SELECT m.code, s.server AS owner INTO clash
          FROM pg_temp.mirror_units m
          JOIN govindex.units u ON u.code = m.code
          LEFT JOIN govindex.shard_units s ON s.unit_id = u.id
         WHERE s.server IS DISTINCT FROM mirror_shard_units.server
         ORDER BY m.code LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'unit % of shard % is already on the coordinator%', clash.code, server,
                            coalesce(', mirrored from shard ' || clash.owner, ' as one of its own units')
                USING ERRCODE = 'unique_violation',
                      HINT = 'A unit code names one unit across the federation: rename or remove one of them.';
        END IF;
        INSERT INTO govindex.unit_levels (level, depth, name_vi, name_en)
        SELECT DISTINCT m.level, m.level_depth, m.level_name_vi, m.level_name_en FROM pg_temp.mirror_units m
        ON CONFLICT (level) DO NOTHING;
    END IF;
    -- unlink what goes, so that it can be deleted in any order
    UPDATE govindex.units u SET parent_id = NULL, successor_id = NULL
      FROM govindex.shard_units s
     WHERE s.unit_id = u.id AND s.server = mirror_shard_units.server
       AND NOT EXISTS (SELECT FROM pg_temp.mirror_units m WHERE m.code = u.code)
       AND (u.parent_id IS NOT NULL OR u.successor_id IS NOT NULL);
    WITH gone AS (
        DELETE FROM govindex.shard_units s
         USING govindex.units u
         WHERE u.id = s.unit_id AND s.server = mirror_shard_units.server
           AND NOT EXISTS (SELECT FROM pg_temp.mirror_units m WHERE m.code = u.code)
        RETURNING s.unit_id
    )
    DELETE FROM govindex.units u USING gone g WHERE u.id = g.unit_id;
    IF keep THEN
        PERFORM govindex.mirror_shard_units_write(server, root);
    END IF;
    -- the rest of the transaction writes mirrored units no more
    PERFORM pg_catalog.set_config('govindex.mirroring', '', true);
END $$;
COMMENT ON FUNCTION govindex.mirror_shard_units(name, bool) IS
    'Mirrors an attached shard''s units into the coordinator''s tree under the national root (or removes them, keep = false), through the ordinary write path — Sao chép cây đơn vị của một cơ sở dữ liệu tỉnh';

-- mirror_shard_units' second half: the shard's units (in pg_temp.mirror_units) updated
-- and added, then placed by code under their parents and successors.
CREATE FUNCTION govindex.mirror_shard_units_write(server name, root int) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    UPDATE govindex.units u
       SET name_vi = m.name_vi, name_en = m.name_en, level = m.level, valid_from = m.valid_from, valid_to = m.valid_to,
           successor_id = CASE WHEN m.valid_to IS NULL THEN NULL ELSE u.successor_id END
      FROM pg_temp.mirror_units m, govindex.shard_units s
     WHERE m.code = u.code AND s.unit_id = u.id AND s.server = mirror_shard_units_write.server
       AND (u.name_vi, u.name_en, u.level, u.valid_from, u.valid_to)
           IS DISTINCT FROM (m.name_vi, m.name_en, m.level, m.valid_from, m.valid_to);
    WITH added AS (
        INSERT INTO govindex.units (code, name_vi, name_en, level, valid_from, valid_to)
        SELECT m.code, m.name_vi, m.name_en, m.level, m.valid_from, m.valid_to
          FROM pg_temp.mirror_units m
         WHERE NOT EXISTS (SELECT FROM govindex.units u WHERE u.code = m.code)
         ORDER BY m.code
        RETURNING id
    )
    INSERT INTO govindex.shard_units (unit_id, server) SELECT a.id, server FROM added a;
    UPDATE govindex.units u
       SET parent_id = coalesce(p.id, root), successor_id = sc.id
      FROM pg_temp.mirror_units m
      LEFT JOIN govindex.units p ON p.code = m.parent_code
      LEFT JOIN govindex.units sc ON sc.code = m.successor_code
     WHERE m.code = u.code
       AND (u.parent_id, u.successor_id) IS DISTINCT FROM (coalesce(p.id, root), sc.id);
END $$;
COMMENT ON FUNCTION govindex.mirror_shard_units_write(name, int) IS
    'Part of mirror_shard_units: updates and adds the shard''s units, then sets their parents (the shard''s roots under the national root) and successors by code';

-- Attach a foreign server (created beforehand with its user mapping): its foreign
-- tables go to a schema of their own, govindex becomes one of its shippable
-- extensions, its units are mirrored.
CREATE FUNCTION govindex.attach_shard(server name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    srv          pg_catalog.pg_foreign_server;
    shard_schema constant name := 'govindex_shard_' || server;
    extensions   text;
BEGIN
    SELECT * INTO srv FROM pg_catalog.pg_foreign_server s WHERE s.srvname = attach_shard.server;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown foreign server %', server
            USING ERRCODE = 'undefined_object',
                  HINT = 'CREATE SERVER ... FOREIGN DATA WRAPPER postgres_fdw and CREATE USER MAPPING first.';
    END IF;
    IF EXISTS (SELECT FROM govindex.shards s WHERE s.server = attach_shard.server) THEN
        RAISE EXCEPTION 'shard % is already attached', server USING ERRCODE = 'duplicate_object';
    END IF;
    SELECT pg_catalog.substr(o, 12) INTO extensions
      FROM pg_catalog.unnest(srv.srvoptions) o WHERE o LIKE 'extensions=%';
    IF extensions IS NULL THEN
        EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (ADD extensions %L)', server, 'govindex');
    ELSIF NOT 'govindex' = ANY (pg_catalog.string_to_array(pg_catalog.replace(extensions, ' ', ''), ',')) THEN
        EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (SET extensions %L)', server, extensions || ',govindex');
    END IF;
    EXECUTE pg_catalog.format('CREATE SCHEMA %I', shard_schema);
    EXECUTE pg_catalog.format('IMPORT FOREIGN SCHEMA govindex LIMIT TO (%s) FROM SERVER %I INTO %I',
                              (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(t), ', ')
                                 FROM pg_catalog.unnest(govindex.shard_foreign_tables()) t),
                              server, shard_schema);
    INSERT INTO govindex.shards (server, schema_name) VALUES (server, shard_schema);
    PERFORM govindex.check_shard(server);
    PERFORM govindex.mirror_shard_units(server, true);
END $$;
COMMENT ON FUNCTION govindex.attach_shard(name) IS
    'Attaches a postgres_fdw foreign server as a shard: imports its federation views into schema govindex_shard_SERVER, checks its version and catalogue and mirrors its units under the national root — Gắn một cơ sở dữ liệu tỉnh';

-- After the shard's tree changed: mirror it again.
CREATE FUNCTION govindex.refresh_shard(server name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.check_shard(server);
    PERFORM govindex.mirror_shard_units(server, true);
END $$;
COMMENT ON FUNCTION govindex.refresh_shard(name) IS
    'Mirrors an attached shard''s units again, after its tree changed: adds, updates and removes the coordinator''s copies — Cập nhật bản sao cây đơn vị của một cơ sở dữ liệu tỉnh';

CREATE FUNCTION govindex.detach_shard(server name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard_schema name := (SELECT s.schema_name FROM govindex.shards s WHERE s.server = detach_shard.server);
BEGIN
    IF shard_schema IS NULL THEN
        RAISE EXCEPTION 'shard % is not attached', server USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM govindex.mirror_shard_units(server, false);
    DELETE FROM govindex.shards s WHERE s.server = detach_shard.server;
    EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', shard_schema);
END $$;
COMMENT ON FUNCTION govindex.detach_shard(name) IS
    'Detaches a shard: removes its mirrored units and drops its foreign tables; the foreign server and user mapping stay — Gỡ một cơ sở dữ liệu tỉnh';

-- The attached shards a report reads: all of them, the one named, or those holding
-- units of a subtree of the coordinator's tree (root_code); each checked first, so
-- that one that fails stops the whole read before any row.
CREATE FUNCTION govindex.report_shards(server name DEFAULT NULL, root_code text DEFAULT NULL)
RETURNS SETOF govindex.shards
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s      govindex.shards;
    chosen govindex.shards[] := ARRAY(
        SELECT x FROM govindex.shards x
         WHERE (report_shards.server IS NULL OR x.server = report_shards.server)
           AND (report_shards.root_code IS NULL
                OR EXISTS (SELECT FROM govindex.unit_subtree(report_shards.root_code) t
                             JOIN govindex.shard_units su ON su.unit_id = t.unit_id
                            WHERE su.server = x.server))
         ORDER BY x.server);
BEGIN
    IF server IS NOT NULL AND cardinality(chosen) = 0 THEN
        PERFORM govindex.check_shard(server);   -- says it is not attached
    END IF;
    FOREACH s IN ARRAY chosen LOOP
        PERFORM govindex.check_shard(s.server);
    END LOOP;
    RETURN QUERY SELECT (c).* FROM pg_catalog.unnest(chosen) c;
END $$;
COMMENT ON FUNCTION govindex.report_shards(name, text) IS
    'The attached shards a report reads (all, one, or those holding units under a root code), each checked first: an error naming one that is down or differs — Các cơ sở dữ liệu tỉnh mà một báo cáo đọc';

-- Every unit's own dossier_stats on every attached shard (or the one named), for a
-- window and the procedure filters of unit_stats: one remote aggregate per shard,
-- filters included, one row per unit back.
CREATE FUNCTION govindex.shard_unit_states(
    "window" tstzrange,
    server name DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (shard name, unit_code text, stats govindex.dossier_stats)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s   govindex.shards;
    w   constant tstzrange := govindex.checked_window("window", 'window');
BEGIN
    PERFORM govindex.report_arguments_sound(w, procedure_codes);
    FOR s IN SELECT * FROM govindex.report_shards(server) LOOP
        RETURN QUERY EXECUTE pg_catalog.format($q$
            SELECT %L::name, r.unit_code, r.stats
              FROM (SELECT d.unit_code, govindex.dossier_stats(@dossier_inputs:columns d@, $1) AS stats
                      FROM %I.federation_dossier_inputs d
                     WHERE d.received_at < upper($1) AND (d.ended_at IS NULL OR d.ended_at >= lower($1))%s%s%s
                     GROUP BY d.unit_code) r$q$, s.server, s.schema_name,
                CASE WHEN procedure_codes IS NOT NULL THEN ' AND d.procedure_code = ANY ($2)' ELSE '' END,
                CASE WHEN procedure_field IS NOT NULL THEN ' AND d.field = $3' ELSE '' END,
                CASE WHEN project06_only THEN ' AND d.project06' ELSE '' END)
          USING w, procedure_codes, procedure_field;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.shard_unit_states(tstzrange, name, text[], text, bool) IS
    'The dossier_stats of every unit''s own dossiers on every attached shard (or one), for a window and procedure filters, computed on the shard: one row per unit crosses the network; an error naming a shard that is down or differs — Số liệu hồ sơ của từng đơn vị trên các cơ sở dữ liệu tỉnh';

-- unit_stats' source for the mirrored units: their shards' states, by the coordinator's
-- ids.  Nothing (and no remote call) when no shard is attached.  PARALLEL RESTRICTED:
-- it runs in the leader, and the single node's parallel plans stay as they are.
CREATE FUNCTION govindex.federated_unit_states(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, stats govindex.dossier_stats)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100 SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s govindex.shards;
BEGIN
    IF NOT EXISTS (SELECT FROM govindex.shards) THEN
        RETURN;
    END IF;
    FOR s IN SELECT * FROM govindex.report_shards(NULL, root_code) LOOP
        RETURN QUERY
            SELECT su.unit_id, f.stats
              FROM govindex.shard_unit_states("window", s.server, procedure_codes, procedure_field, project06_only) f
              JOIN govindex.units u ON u.code = f.unit_code
              JOIN govindex.shard_units su ON su.unit_id = u.id AND su.server = s.server;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.federated_unit_states(tstzrange, text, text[], text, bool) IS
    'unit_stats'' source for units mirrored from shards: each one''s own dossier_stats, computed on its shard, by the coordinator''s unit id; nothing when no shard is attached — Số liệu hồ sơ của các đơn vị sao chép, tính trên cơ sở dữ liệu tỉnh';

-- index766_petitions' source for the mirrored units: each one's own petition rates
-- (rate_agg on the shard, one row a unit), which sum(rate) merges over a subtree.
CREATE FUNCTION govindex.federated_petition_rates("window" tstzrange, root_code text DEFAULT NULL)
RETURNS TABLE (unit_id int, about_procedures govindex.rate, about_staff govindex.rate,
               on_time govindex.rate, satisfied govindex.rate)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100 SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s govindex.shards;
    w constant tstzrange := govindex.checked_window("window", 'window');
BEGIN
    IF NOT EXISTS (SELECT FROM govindex.shards) THEN
        RETURN;
    END IF;
    FOR s IN SELECT * FROM govindex.report_shards(NULL, root_code) LOOP
        RETURN QUERY EXECUTE pg_catalog.format($q$
            SELECT su.unit_id, r.about_procedures, r.about_staff, r.on_time, r.satisfied
              FROM (SELECT pt.unit_code,
                           govindex.rate_agg(pt.kind = 'procedure')
                               FILTER (WHERE pt.received_at >= lower($1) AND pt.received_at < upper($1)) AS about_procedures,
                           govindex.rate_agg(pt.kind = 'staff')
                               FILTER (WHERE pt.received_at >= lower($1) AND pt.received_at < upper($1)) AS about_staff,
                           govindex.rate_agg(CASE WHEN pt.due_at IS NULL THEN NULL
                                                  WHEN pt.ended_at < upper($1) THEN pt.ended_at <= pt.due_at
                                                  ELSE pt.due_at >= upper($1) END)
                               FILTER (WHERE pt.received_at >= lower($1) AND pt.received_at < upper($1)) AS on_time,
                           govindex.rate_agg(NOT pt.follow_up_complaint AND pt.likes >= pt.dislikes)
                               FILTER (WHERE pt.ended_at >= lower($1) AND pt.ended_at < upper($1)) AS satisfied
                      FROM %I.federation_petition_inputs pt
                     GROUP BY pt.unit_code) r
              JOIN govindex.units u ON u.code = r.unit_code
              JOIN govindex.shard_units su ON su.unit_id = u.id AND su.server = %L$q$, s.schema_name, s.server)
          USING w;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.federated_petition_rates(tstzrange, text) IS
    'index766_petitions'' source for units mirrored from shards: each one''s own petition rates, computed on its shard; nothing when no shard is attached — Tỷ lệ phản ánh, kiến nghị của các đơn vị sao chép';

-- index766_publication's source for the mirrored units: each one's own publication
-- rates for the procedures chosen by the filters, computed on the shard.
CREATE FUNCTION govindex.federated_publication_rates(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, published_on_time govindex.rate, public_on_time govindex.rate, content_full govindex.rate)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100 SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s          govindex.shards;
    w          constant tstzrange := govindex.checked_window("window", 'window');
    first_day  constant date := (pg_catalog.lower(w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    end_day    constant date := (pg_catalog.upper(w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
BEGIN
    IF NOT EXISTS (SELECT FROM govindex.shards) THEN
        RETURN;
    END IF;
    FOR s IN SELECT * FROM govindex.report_shards(NULL, root_code) LOOP
        RETURN QUERY EXECUTE pg_catalog.format($q$
            SELECT su.unit_id, r.published_on_time, r.public_on_time, r.content_full
              FROM (SELECT pp.unit_code,
                           govindex.rate_agg(coalesce(pp.published_on <= pp.publish_due, false))
                               FILTER (WHERE pp.publish_due >= $1 AND pp.publish_due < $2) AS published_on_time,
                           govindex.rate_agg(coalesce(pp.made_public_on <= pp.public_due, false))
                               FILTER (WHERE pp.public_due >= $1 AND pp.public_due < $2) AS public_on_time,
                           govindex.rate_agg(pp.content_complete) FILTER (WHERE pp.made_public_on < $2) AS content_full
                      FROM %I.federation_publication_inputs pp
                     WHERE true%s%s%s
                     GROUP BY pp.unit_code) r
              JOIN govindex.units u ON u.code = r.unit_code
              JOIN govindex.shard_units su ON su.unit_id = u.id AND su.server = %L$q$, s.schema_name,
                CASE WHEN procedure_codes IS NOT NULL THEN ' AND pp.procedure_code = ANY ($3)' ELSE '' END,
                CASE WHEN procedure_field IS NOT NULL THEN ' AND pp.field = $4' ELSE '' END,
                CASE WHEN project06_only THEN ' AND pp.project06' ELSE '' END, s.server)
          USING first_day, end_day, procedure_codes, procedure_field;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.federated_publication_rates(tstzrange, text, text[], text, bool) IS
    'index766_publication''s source for units mirrored from shards: each one''s own publication rates, computed on its shard; nothing when no shard is attached — Tỷ lệ công bố thủ tục của các đơn vị sao chép';
