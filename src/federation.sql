-- federation.sql — a national or regional view over province databases (postgres_fdw).
-- Each province keeps its own govindex database (a shard); a coordinator attaches
-- them as foreign servers and reads per-unit dossier_stats states from them.  Only
-- states cross the network: the coordinator sends each shard one aggregate query per
-- window (the server lists govindex among its shippable extensions, so postgres_fdw
-- runs dossier_stats on the shard, GROUP BY unit) and gets one row per unit back,
-- whatever the number of dossiers; it merges them with rollup.  A shard that cannot
-- be reached, or runs another govindex version or procedure catalogue, is an error
-- naming it: never a partial result.

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

-- Attach a foreign server (created beforehand with its user mapping): its foreign
-- tables go to a schema of their own, govindex becomes one of its shippable extensions.
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
    EXECUTE pg_catalog.format('IMPORT FOREIGN SCHEMA govindex LIMIT TO (federation_dossier_inputs, federation_shard_info) '
                              'FROM SERVER %I INTO %I', server, shard_schema);
    INSERT INTO govindex.shards (server, schema_name) VALUES (server, shard_schema);
    PERFORM govindex.check_shard(server);
END $$;
COMMENT ON FUNCTION govindex.attach_shard(name) IS
    'Attaches a postgres_fdw foreign server as a shard: imports its federation views into schema govindex_shard_SERVER and checks its version and catalogue — Gắn một cơ sở dữ liệu tỉnh';

CREATE FUNCTION govindex.detach_shard(server name) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    shard_schema name;
BEGIN
    DELETE FROM govindex.shards s WHERE s.server = detach_shard.server RETURNING s.schema_name INTO shard_schema;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shard % is not attached', server USING ERRCODE = 'undefined_object';
    END IF;
    EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', shard_schema);
END $$;
COMMENT ON FUNCTION govindex.detach_shard(name) IS
    'Detaches a shard: drops its foreign tables; the foreign server and user mapping stay — Gỡ một cơ sở dữ liệu tỉnh';

-- Every unit's own dossier_stats on every attached shard (or the one named), for a
-- window: one remote aggregate per shard, one row per unit back.  Each shard is
-- checked first; one that fails stops the whole read.
CREATE FUNCTION govindex.shard_unit_states("window" tstzrange, server name DEFAULT NULL)
RETURNS TABLE (shard name, unit_code text, stats govindex.dossier_stats)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    s   govindex.shards;
    w   constant tstzrange := govindex.checked_window("window", 'window');
BEGIN
    FOR s IN SELECT * FROM govindex.shards x WHERE shard_unit_states.server IS NULL OR x.server = shard_unit_states.server
              ORDER BY x.server LOOP
        PERFORM govindex.check_shard(s.server);
    END LOOP;
    IF server IS NOT NULL AND NOT FOUND THEN
        PERFORM govindex.check_shard(server);   -- says it is not attached
    END IF;
    FOR s IN SELECT * FROM govindex.shards x WHERE shard_unit_states.server IS NULL OR x.server = shard_unit_states.server
              ORDER BY x.server LOOP
        RETURN QUERY EXECUTE pg_catalog.format($q$
            SELECT %L::name, r.unit_code, r.stats
              FROM (SELECT d.unit_code, govindex.dossier_stats(@dossier_inputs:columns d@, $1) AS stats
                      FROM %I.federation_dossier_inputs d
                     WHERE d.received_at < upper($1) AND (d.ended_at IS NULL OR d.ended_at >= lower($1))
                     GROUP BY d.unit_code) r$q$, s.server, s.schema_name)
          USING w;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.shard_unit_states(tstzrange, name) IS
    'The dossier_stats of every unit''s own dossiers on every attached shard (or one), computed on the shard: one row per unit crosses the network; an error naming a shard that is down or differs — Số liệu hồ sơ của từng đơn vị trên các cơ sở dữ liệu tỉnh';
