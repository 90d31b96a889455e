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

for db in fed_h74 fed_h44 fed_coord; do
    psql -Xq -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    q $db -c 'CREATE EXTENSION govindex'
done
# two provinces: the generator's Bình Dương, and a second one with its codes renamed
q fed_h74 -v seed=2023 -v dossiers=3000 -f test/generate.sql >/dev/null
q fed_h44 -v seed=2023 -v dossiers=5000 -f test/generate.sql >/dev/null
q fed_h44 -c "UPDATE govindex.units SET code = replace(code, 'H74', 'H44'), name_vi = replace(name_vi, 'Bình Dương', 'Quảng Nam')"
# the coordinator holds the national catalogue only (the same procedures)
q fed_coord -c "CREATE EXTENSION postgres_fdw" >/dev/null
pg_dump -a -t govindex.procedures fed_h74 | psql -Xq -d fed_coord >/dev/null
for shard in h74 h44; do
    q fed_coord -c "CREATE SERVER $shard FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost', port '$PGPORT', dbname 'fed_$shard')" \
                -c "CREATE USER MAPPING FOR CURRENT_USER SERVER $shard OPTIONS (user '$PGUSER', password '$PGPASSWORD')" \
                -c "SELECT govindex.attach_shard('$shard')" >/dev/null
done
check "two shards attached" "h44,h74" "$(q fed_coord -c "SELECT string_agg(server, ',' ORDER BY server) FROM govindex.shards")"

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

# a shard of another version, then one that is down: an error naming it, no rows
q fed_h44 -c "UPDATE pg_catalog.pg_extension SET extversion = '0.3.9' WHERE extname = 'govindex'"
err=$(q fed_coord -c "SELECT count(*) FROM govindex.shard_unit_states($W)" 2>&1)
check "version mismatch names the shard" "ERROR:  shard h44 runs govindex 0.3.9, the coordinator 0.4.0" "$(echo "$err" | head -n 1)"
q fed_h44 -c "UPDATE pg_catalog.pg_extension SET extversion = '0.4.0' WHERE extname = 'govindex'"
q fed_coord -c "ALTER SERVER h44 OPTIONS (SET port '1')"
err=$(q fed_coord -v VERBOSITY=verbose -c "SELECT count(*) FROM govindex.shard_unit_states($W)" 2>&1)
check "a shard down names it (08001)" "ERROR:  08001: shard h44 cannot be reached: no report over the federation without it" "$(echo "$err" | head -n 1)"
check "a shard down: no partial result" "0" "$(echo "$err" | grep -c '^[0-9]')"
q fed_coord -c "SET client_min_messages = warning" -c "SELECT govindex.detach_shard('h44')" >/dev/null
check "detached: the other shard alone" "h74" "$(q fed_coord -c "SELECT string_agg(DISTINCT shard, ',') FROM govindex.shard_unit_states($W)")"
check "detached: its foreign tables are gone" "0" "$(q fed_coord -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'govindex_shard_h44'")"

echo "federation: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
