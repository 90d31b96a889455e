#!/usr/bin/env bash
# test/federation.sh — two province databases and a coordinator in one cluster,
# joined by postgres_fdw over loopback TCP (run inside a test cluster: PGHOST,
# PGPORT, PGUSER and PGPASSWORD set).  Prints "federation: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1"
    else failed=$((failed + 1)); echo "not ok - $1"; echo "#   expected: $2"; echo "#   got:      $3"; fi
}
q() { local db=$1; shift; psql -XAtq -v ON_ERROR_STOP=1 -d "$db" "$@"; }
W="tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')"

for db in fed_h74 fed_h44 fed_coord fed_both; do
    psql -Xq -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    q $db -c 'CREATE EXTENSION govindex'
done
# two provinces, each in its own database, and both in one database (the reference)
q fed_h74 -v seed=2023 -v dossiers=3000 -f test/generate.sql >/dev/null
q fed_h44 -v seed=2023 -v dossiers=5000 -v province=H44 -v province_name='Quảng Nam' -v province_name_en='Quang Nam' \
    -f test/generate.sql >/dev/null
q fed_both -v seed=2023 -v dossiers=3000 -f test/generate.sql >/dev/null
q fed_both -v seed=2023 -v dossiers=5000 -v province=H44 -v province_name='Quảng Nam' -v province_name_en='Quang Nam' \
    -v append=1 -f test/generate.sql >/dev/null
# the coordinator holds the national catalogue only (the same procedures)
q fed_coord -c "CREATE EXTENSION postgres_fdw" >/dev/null
pg_dump -a -t govindex.procedures fed_h74 | psql -Xq -d fed_coord >/dev/null
for shard in h74 h44; do
    q fed_coord -c "CREATE SERVER $shard FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost', port '$PGPORT', dbname 'fed_$shard')" \
                -c "CREATE USER MAPPING FOR CURRENT_USER SERVER $shard OPTIONS (user '$PGUSER', password '$PGPASSWORD')" \
                -c "SELECT govindex.attach_shard('$shard')" >/dev/null
done
check "two shards attached" "h44,h74" "$(q fed_coord -c "SELECT string_agg(server, ',' ORDER BY server) FROM govindex.shards")"
check "units mirrored under the national root" "120|H44|province|120;120|H74|province|120;1|VN|nation|0" \
    "$(q fed_coord -c "SELECT string_agg(concat_ws('|', n, root, level, mirrored), ';' ORDER BY root)
                         FROM (SELECT count(*) AS n, split_part(u.code, '.', 1) AS root, min(u.level) FILTER (WHERE u.code !~ '[.]') AS level,
                                      count(s.unit_id) AS mirrored
                                 FROM govindex.units u LEFT JOIN govindex.shard_units s ON s.unit_id = u.id GROUP BY 2) x")"
check "a province's parent is the national root" "VN,VN" \
    "$(q fed_coord -c "SELECT string_agg(p.code, ',') FROM govindex.units u JOIN govindex.units p ON p.id = u.parent_id WHERE u.level = 'province'")"
check "the mirrored tree is the shard's (parents by code)" \
    "$(q fed_h44 -c "SELECT md5(string_agg(concat_ws('|', u.code, u.name_vi, u.level, p.code, u.valid_from), ',' ORDER BY u.code)) FROM govindex.units u LEFT JOIN govindex.units p ON p.id = u.parent_id")" \
    "$(q fed_coord -c "SELECT md5(string_agg(concat_ws('|', u.code, u.name_vi, u.level, nullif(p.code, 'VN'), u.valid_from), ',' ORDER BY u.code)) FROM govindex.units u LEFT JOIN govindex.units p ON p.id = u.parent_id WHERE u.code LIKE 'H44%'")"

# the reports over the federation: every unit's Index 766 on the coordinator is the one
# database's holding both provinces, metric by metric, and so are totals and ranks
W766="tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')"
for f in "index766($W766)" "index766($W766, procedure_field => 'Hộ tịch')" "index766($W766, project06_only => true)"; do
    both=$(q fed_both -c "SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', i.unit_code, i.metric_code, i.numerator, i.denominator, i.score), ',' ORDER BY i.unit_code, i.metric_code)) FROM govindex.$f i")
    coord=$(q fed_coord -c "SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', i.unit_code, i.metric_code, i.numerator, i.denominator, i.score), ',' ORDER BY i.unit_code, i.metric_code)) FROM govindex.$f i WHERE i.unit_code <> 'VN'")
    check "$f: every unit and metric equal to one database holding both" "$both" "$coord"
done
ranks="SELECT md5(string_agg(concat_ws('|', t.unit_code, t.total, t.percent, t.rank, t.rank_of), ',' ORDER BY t.unit_code)) FROM govindex.index766_totals($W766) t"
check "index766_totals: totals and ranks equal to one database holding both" \
    "$(q fed_both -c "$ranks")" "$(q fed_coord -c "$ranks WHERE t.unit_code <> 'VN'")"
check "the provinces ranked among the attached ones, from data" "H44 1/2 74.54;H74 2/2 73.22" \
    "$(q fed_coord -c "SELECT string_agg(t.unit_code || ' ' || t.rank || '/' || t.rank_of || ' ' || t.percent, ';' ORDER BY t.rank) FROM govindex.index766_totals($W766) t WHERE t.level = 'province'")"

# per-unit figures: a unit's own state on the coordinator is the shard's own, exactly
# (communes have no units below them: their subtree state is their own)
for shard in h74 h44; do
    code=${shard^^}
    on_shard=$(q fed_$shard -c "SELECT md5(string_agg(u.code || '=' || s.stats::text, ',' ORDER BY u.code))
                                  FROM govindex.unit_stats($W, '$code') s JOIN govindex.units u ON u.id = s.unit_id
                                 WHERE u.level = 'commune'")
    on_coord=$(q fed_coord -c "SELECT md5(string_agg(s.unit_code || '=' || s.stats::text, ',' ORDER BY s.unit_code))
                                 FROM govindex.shard_unit_states($W, '$shard') s WHERE s.unit_code ~ '^$code\.[0-9]+\.[0-9]+$'")
    check "$shard: communes' states equal the shard's" "$on_shard" "$on_coord"
    root_shard=$(q fed_$shard -c "SELECT s.stats::text FROM govindex.unit_stats($W, '$code') s JOIN govindex.units u ON u.id = s.unit_id WHERE u.code = '$code'")
    root_coord=$(q fed_coord -c "SELECT govindex.rollup(s.stats)::text FROM govindex.shard_unit_states($W, '$shard') s")
    check "$shard: the rollup of its units' states is the province's state" "$root_shard" "$root_coord"
done
# the national figure: both provinces merged
check "national received = sum of the provinces'" \
    "$(( $(q fed_h74 -c "SELECT govindex.counter(s.stats, 'received') FROM govindex.unit_stats($W, 'H74') s JOIN govindex.units u ON u.id = s.unit_id WHERE u.code = 'H74'") + $(q fed_h44 -c "SELECT govindex.counter(s.stats, 'received') FROM govindex.unit_stats($W, 'H44') s JOIN govindex.units u ON u.id = s.unit_id WHERE u.code = 'H44'") ))" \
    "$(q fed_coord -c "SELECT govindex.counter(govindex.rollup(s.stats), 'received') FROM govindex.shard_unit_states($W) s")"

# only states cross the network: the remote SQL is the per-unit aggregate, one row a unit
plan=$(q fed_coord -c "EXPLAIN (VERBOSE, ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
    SELECT d.unit_code, govindex.dossier_stats(d.received_at, d.due_at, d.ended_at, d.end_status, d.supplement_requests,
           d.supplement_periods, d.channel, d.procedure_id, d.paper_result_required, d.fee_bearing, d.synced,
           d.electronic_result, d.digitized, d.reused_data, d.personal_store, d.population_data, d.paid_online,
           d.fee_amount, d.rating, $W)
      FROM govindex_shard_h74.federation_dossier_inputs d
     WHERE d.received_at < upper($W) AND (d.ended_at IS NULL OR d.ended_at >= lower($W))
     GROUP BY d.unit_code")
echo "$plan" | sed 's/^/#   /' | cut -c1-220
check "EXPLAIN: one foreign scan of the aggregate" "1" "$(echo "$plan" | grep -c '^Foreign Scan')"
check "EXPLAIN: the remote SQL groups by unit" "1" "$(echo "$plan" | grep -c 'Remote SQL: SELECT unit_code, govindex.dossier_stats(.*GROUP BY 1')"
units_with_dossiers=$(q fed_h74 -c "SELECT count(DISTINCT unit_id) FROM govindex.dossiers d WHERE d.received_at < '2024-01-01 00:00+07' AND (d.ended_at IS NULL OR d.ended_at >= '2023-01-01 00:00+07')")
check "rows fetched = units with dossiers ($units_with_dossiers), not dossiers (3000)" \
    "actual rows=$units_with_dossiers" "$(echo "$plan" | sed -n 's/^Foreign Scan (actual \(rows=[0-9]*\).*/actual \1/p')"

# readings and their sentences: a reading of H44 on the coordinator records the one
# database's totals and ranks (its parent there is the national root); a reading of
# the national root ranks the provinces
for db in fed_both fed_coord; do q $db -c "SELECT govindex.record_index766_reading('2024-01-05', 'H44', NULL, $W766)" >/dev/null; done
q fed_coord -c "SELECT govindex.record_index766_reading('2024-01-05', 'VN', NULL, $W766)" >/dev/null
reading="SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', u.unit_code, u.level, nullif(u.parent_code, 'VN'), u.total, u.max_points, u.rank, u.rank_of), ',' ORDER BY u.unit_code))
           FROM govindex.index766_reading_units u JOIN govindex.index766_readings r ON r.id = u.reading_id WHERE r.root_code = 'H44'"
check "a reading of H44: every unit's total and rank equal to one database holding both" \
    "$(q fed_both -c "$reading")" "$(q fed_coord -c "$reading")"
check "a national reading on the coordinator ranks the provinces from data" "H44 1/2 74.54;H74 2/2 73.22" \
    "$(q fed_coord -c "SELECT string_agg(u.unit_code || ' ' || u.rank || '/' || u.rank_of || ' ' || round(100 * u.total / u.max_points, 2), ';' ORDER BY u.rank)
                         FROM govindex.index766_reading_units u JOIN govindex.index766_readings r ON r.id = u.reading_id
                        WHERE r.root_code = 'VN' AND u.level = 'province'")"
sentence="SELECT govindex.index766_sentence('H44.21', '2024-01-05', 'en')"
check "the sentence of H44.21 equal to one database holding both" "$(q fed_both -c "$sentence")" "$(q fed_coord -c "$sentence")"

# petitions cross as per-unit rates too: the remote SQL is the per-unit aggregate
plan=$(q fed_coord -c "SET client_min_messages = warning" -c "LOAD 'auto_explain'" -c "SET auto_explain.log_min_duration = 0" \
           -c "SET auto_explain.log_nested_statements = on" -c "SET auto_explain.log_verbose = on" -c "SET auto_explain.log_analyze = on" \
           -c "SET auto_explain.log_level = notice" -c "SET client_min_messages = notice" \
           -c "SELECT count(*) FROM govindex.federated_petition_rates($W766)" 2>&1)
check "petitions: the remote SQL groups by unit" "2" "$(echo "$plan" | grep -c 'Remote SQL: SELECT unit_code, govindex.rate_agg(.*GROUP BY 1')"
check "petitions: rows fetched = units with petitions" \
    "$(( $(q fed_h74 -c "SELECT count(DISTINCT unit_id) FROM govindex.petitions") + $(q fed_h44 -c "SELECT count(DISTINCT unit_id) FROM govindex.petitions") ))" \
    "$(echo "$plan" | grep 'Foreign Scan  (cost' | sed 's/.*actual time=[^ ]* rows=\([0-9]*\).*/\1/' | paste -sd+ | bc)"

# mirrored units are read-only on the coordinator
err=$(q fed_coord -v VERBOSITY=verbose -c "UPDATE govindex.units SET name_vi = 'x' WHERE code = 'H74.07'" 2>&1)
check "a mirrored unit refuses an update (55000, names unit and shard)" \
    "ERROR:  55000: the unit H74.07 is mirrored from shard h74: read-only on the coordinator|HINT:  Change it on the shard, then SELECT govindex.refresh_shard('h74')." \
    "$(echo "$err" | grep -E '^(ERROR|HINT)' | paste -sd '|')"
err=$(q fed_coord -c "DELETE FROM govindex.units WHERE code = 'H44.21.01'" 2>&1)
check "a mirrored unit refuses a delete" "ERROR:  the unit H44.21.01 is mirrored from shard h44: read-only on the coordinator" "$(echo "$err" | head -n 1)"
err=$(q fed_coord -c "INSERT INTO govindex.units (code, name_vi, level, parent_id) SELECT 'H74.99', 'x', 'department', id FROM govindex.units WHERE code = 'H74'" 2>&1)
check "no unit under a mirrored one" "ERROR:  the parent unit H74 is mirrored from shard h74: read-only on the coordinator" "$(echo "$err" | head -n 1)"
err=$(q fed_coord -c "INSERT INTO govindex.petitions (code, unit_id, kind, received_at) SELECT 'P-1', id, 'staff', '2023-05-01 10:00+07' FROM govindex.units WHERE code = 'H74.21'" 2>&1)
check "no petition of a mirrored unit" "ERROR:  a petition of unit H74.21 is mirrored from shard h74: read-only on the coordinator" "$(echo "$err" | head -n 1)"
err=$(q fed_coord -c "SELECT govindex.create_dossier_partitions('2023-05-01', '2023-05-01')" \
                  -c "INSERT INTO govindex.dossiers (code, unit_id, procedure_id, channel, received_at)
                      SELECT 'D-1', u.id, 1, 'direct', '2023-05-02 09:00+07' FROM govindex.units u WHERE u.code = 'H44.21.01'" 2>&1)
check "the guard is not left open after an attach or refresh" "ERROR:  the unit H74.07 is mirrored from shard h74: read-only on the coordinator" \
    "$(q fed_coord -c "BEGIN" -c "SELECT govindex.refresh_shard('h74')" -c "UPDATE govindex.units SET name_vi = 'x' WHERE code = 'H74.07'" 2>&1 | grep '^ERROR')"
check "no dossier of a mirrored unit" "ERROR:  a dossier of unit H44.21.01 is mirrored from shard h44: read-only on the coordinator" "$(echo "$err" | grep '^ERROR')"

# the shard's tree changes: refresh_shard mirrors it again (a unit renamed, one added,
# then removed again)
q fed_h74 -c "UPDATE govindex.units SET name_vi = 'Sở Tư pháp (mới)' WHERE code = 'H74.07'" \
          -c "INSERT INTO govindex.units (code, name_vi, level, parent_id) SELECT 'H74.20', 'Sở Ngoại vụ', 'department', id FROM govindex.units WHERE code = 'H74'"
q fed_coord -c "SELECT govindex.refresh_shard('h74')" >/dev/null
mirror_state="SELECT concat_ws('|', (SELECT count(*) FROM govindex.shard_units WHERE server = 'h74'),
                                 (SELECT name_vi FROM govindex.units WHERE code = 'H74.07'),
                                 (SELECT coalesce(max(p.code), '-') FROM govindex.units u JOIN govindex.units p ON p.id = u.parent_id WHERE u.code = 'H74.20'))"
check "refresh: a unit renamed, one added under its parent" "121|Sở Tư pháp (mới)|H74" "$(q fed_coord -c "$mirror_state")"
q fed_h74 -c "DELETE FROM govindex.units WHERE code = 'H74.20'"
q fed_coord -c "SELECT govindex.refresh_shard('h74')" >/dev/null
check "refresh: a unit removed" "120|Sở Tư pháp (mới)|-" "$(q fed_coord -c "$mirror_state")"

# a shard of another version, then one that is down: an error naming it, no rows
q fed_h44 -c "UPDATE pg_catalog.pg_extension SET extversion = '0.3.9' WHERE extname = 'govindex'"
err=$(q fed_coord -c "SELECT count(*) FROM govindex.shard_unit_states($W)" 2>&1)
check "version mismatch names the shard" "ERROR:  shard h44 runs govindex 0.3.9, the coordinator 0.4.0" "$(echo "$err" | head -n 1)"
err=$(q fed_coord -c "SELECT count(*) FROM govindex.index766_totals($W)" 2>&1)
check "version mismatch: no ranking" "ERROR:  shard h44 runs govindex 0.3.9, the coordinator 0.4.0" "$(echo "$err" | head -n 1)"
q fed_h44 -c "UPDATE pg_catalog.pg_extension SET extversion = '0.4.0' WHERE extname = 'govindex'"
q fed_coord -c "ALTER SERVER h44 OPTIONS (SET port '1')"
err=$(q fed_coord -v VERBOSITY=verbose -c "SELECT count(*) FROM govindex.shard_unit_states($W)" 2>&1)
check "a shard down names it (08001)" "ERROR:  08001: shard h44 cannot be reached: no report over the federation without it" "$(echo "$err" | head -n 1)"
check "a shard down: no partial result" "0" "$(echo "$err" | grep -c '^[0-9]')"
err=$(q fed_coord -c "SELECT t.unit_code, t.rank FROM govindex.index766_totals($W) t" 2>&1)
check "a shard down: no partial ranking" "ERROR:  shard h44 cannot be reached: no report over the federation without it" "$(echo "$err" | head -n 1)"
q fed_coord -c "SET client_min_messages = warning" -c "SELECT govindex.detach_shard('h44')" >/dev/null
check "detached: the other shard alone" "h74" "$(q fed_coord -c "SELECT string_agg(DISTINCT shard, ',') FROM govindex.shard_unit_states($W)")"
check "detached: its foreign tables are gone" "0" "$(q fed_coord -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'govindex_shard_h44'")"
check "detached: its mirrored units are gone" "0|0" \
    "$(q fed_coord -c "SELECT (SELECT count(*) FROM govindex.units WHERE code LIKE 'H44%') || '|' || (SELECT count(*) FROM govindex.shard_units WHERE server = 'h44')")"
check "detached: the province ranks alone" "H74 1/1" \
    "$(q fed_coord -c "SELECT string_agg(t.unit_code || ' ' || t.rank || '/' || t.rank_of, ';') FROM govindex.index766_totals($W) t WHERE t.level = 'province'")"

echo "federation: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
