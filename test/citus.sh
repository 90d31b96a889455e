#!/usr/bin/env bash
# test/citus.sh — govindex on a Citus cluster: a coordinator and two workers started
# here on loopback (three clusters in a temporary directory, trust on localhost only),
# the same generated province in a distributed database (govindex.distribute()) and in
# a plain single-node database beside it, and every report compared counter for
# counter: each must equal the single node's figures, or refuse with govindex's error.
# Prints "citus: N passed, M failed", or "citus: skipped (...)" when Citus is not
# installed (Citus is not a Debian package; users install it from Citus's own packages).
#
#   test/citus.sh            (PG_CONFIG picks the installation, as for make)
#   KEEP=1 test/citus.sh     leaves the clusters running and prints how to reach them
set -uo pipefail
cd "$(dirname "$0")/.."
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bin=$("$pg_config" --bindir)
pkglib=$("$pg_config" --pkglibdir)
if [ ! -f "$pkglib/citus.so" ]; then
    echo "citus: skipped (Citus is not installed: no citus.so in $pkglib)"
    exit 0
fi
dossiers=${DOSSIERS:-5000}
W="tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')"

# ---- three clusters -------------------------------------------------------------------
tmp=$(mktemp -d /tmp/govindex-citus.XXXXXX)
chmod 755 "$tmp"
# initdb and postgres refuse root: as root, the servers run as postgres
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp"
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && { echo $p; return; }; done; }
declare -A port
stop_all() {
    for n in coord w1 w2; do
        [ -f "$tmp/$n/postmaster.pid" ] && as_server "$bin/pg_ctl" -D "$tmp/$n" -m immediate stop >/dev/null 2>&1
    done
    rm -rf "$tmp"
}
[ -n "${KEEP:-}" ] || trap stop_all EXIT
for n in coord w1 w2; do
    port[$n]=$(free_port)
    as_server "$bin/initdb" -D "$tmp/$n" -U postgres --auth=trust >/dev/null || { echo "citus: initdb failed"; echo "citus: 0 passed, 1 failed"; exit 1; }
    cat >> "$tmp/$n/postgresql.conf" <<CONF
port = ${port[$n]}
listen_addresses = 'localhost'
unix_socket_directories = '$tmp'
shared_preload_libraries = 'citus'
TimeZone = 'Asia/Ho_Chi_Minh'
max_connections = 100
max_worker_processes = 16
fsync = off
CONF
    as_server "$bin/pg_ctl" -D "$tmp/$n" -l "$tmp/$n.log" -w start >/dev/null \
        || { cat "$tmp/$n.log"; echo "citus: 0 passed, 1 failed"; exit 1; }
done
# psql on a node: on NODE DB ARGS...
on() { local n=$1 db=$2; shift 2; PGPASSWORD= psql -XAtq -v ON_ERROR_STOP=1 -h localhost -p "${port[$n]}" -U postgres -d "$db" "$@"; }
for n in coord w1 w2; do
    on $n postgres -c "CREATE DATABASE govindex" -c "CREATE DATABASE single" >/dev/null
    on $n govindex -c "SET client_min_messages = warning" -c "CREATE EXTENSION citus" >/dev/null
done
on coord govindex -c "SELECT citus_set_coordinator_host('localhost', ${port[coord]})" \
                  -c "SELECT citus_add_node('localhost', ${port[w1]})" \
                  -c "SELECT citus_add_node('localhost', ${port[w2]})" >/dev/null
if [ -n "${KEEP:-}" ]; then
    echo "clusters in $tmp: coordinator ${port[coord]}, workers ${port[w1]} ${port[w2]}"
    echo "stop: for n in coord w1 w2; do $bin/pg_ctl -D $tmp/\$n stop; done"
fi
[ -n "${SETUP_ONLY:-}" ] && exit 0

# ---- the same province, single node and on Citus ---------------------------------------
passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1"
    else failed=$((failed + 1)); echo "not ok - $1"; echo "#   expected: $2"; echo "#   got:      $3"; fi
}
# the single node's database has no citus extension; govindex's has it, on every node
for db in single govindex; do
    on coord $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION govindex" >/dev/null
    on coord $db -v seed=2023 -v dossiers=$dossiers -f test/generate.sql >/dev/null 2>&1 \
        || { echo "not ok - generating $db"; failed=$((failed + 1)); }
done
check "govindex is on the workers too (Citus propagates CREATE EXTENSION)" "govindex govindex" \
    "$(on w1 govindex -c "SELECT extname FROM pg_extension WHERE extname = 'govindex'") $(on w2 govindex -c "SELECT extname FROM pg_extension WHERE extname = 'govindex'")"

# Each report as one md5 of its rows, or its error's first line.  Every report of the
# list runs on both databases: equal, or refused with govindex's error (0A000).
declare -A report=(
    [unit_stats]="SELECT u.code || '=' || s.stats::text FROM govindex.unit_stats($W, 'H74') s JOIN govindex.units u ON u.id = s.unit_id ORDER BY u.code"
    [index766]="SELECT i::text FROM govindex.index766($W, 'H74') i"
    [index766_totals]="SELECT t::text FROM govindex.index766_totals($W, 'H74') t"
    [index766_groups]="SELECT g::text FROM govindex.index766_groups($W, 'H74') g"
    [late_dossiers_at]="SELECT l::text FROM govindex.late_dossiers_at('2023-10-01 00:00+07', 'H74') l ORDER BY l.dossier_code"
    [late_dossier_weeks]="SELECT l::text FROM govindex.late_dossier_weeks('2023-09-01', '2023-10-01', 'H74') l ORDER BY 1"
    [reading]="SELECT concat_ws(' ', u.unit_code, u.total, u.rank, u.rank_of) FROM govindex.index766_reading_units u ORDER BY u.unit_code"
    [sentence]="SELECT govindex.index766_sentence('H74', '2023-10-02')"
    [refresh_dossier_days]="SELECT (govindex.refresh_dossier_days() > 0)::text"
    [summaries]="SELECT t::text FROM govindex.index766_totals(tstzrange('2023-01-01 00:00+07', '2023-07-01 00:00+07'), 'H74') t"
)
order="unit_stats index766 index766_totals index766_groups late_dossiers_at late_dossier_weeks reading sentence refresh_dossier_days summaries"
# what a report does first (a reading is recorded, then read)
declare -A before=([reading]="SELECT govindex.record_index766_reading('2023-10-02', 'H74')")
run_report() {  # run_report DB NAME: md5 of the rows, or "ERROR: SQLSTATE message"
    local out
    if out=$(on coord "$1" -v VERBOSITY=verbose -c "${before[$2]:-SELECT}" -c "SELECT md5(coalesce(string_agg(x, ',' ORDER BY n), '')) || ' ' || count(*) || ' rows'
                                                    FROM (SELECT x, row_number() OVER () AS n FROM (${report[$2]}) r (x)) q" 2>&1); then
        echo "$out" | tail -n 1
    else
        echo "$out" | sed -n 's/^\(psql:[^ ]* \)\{0,1\}ERROR:  \([0-9A-Z]*\): \(.*\)$/ERROR \2: \3/p' | head -n 1
    fi
}
declare -A single_result
for r in $order; do single_result[$r]=$(run_report single $r); done
echo "# single node: ${single_result[index766_totals]} of index766_totals"
refused="ERROR 0A000: govindex reports cannot run over tables distributed by Citus"
# compare_or_refused NAME RESULT: equal to the single node's, or govindex's refusal
compare_or_refused() {
    case "$2" in
        "${single_result[$1]}") echo "#   $1: $2"; check "$1: equals the single node" "${single_result[$1]}" "$2" ;;
        "$refused"*) check "$1: refuses (0A000), no figure over the coordinator's shells" "$refused" "${2%% (*}" ;;
        *) check "$1: equals the single node or refuses" "${single_result[$1]}" "$2" ;;
    esac
}

# 1. Citus installed, govindex's tables local on the coordinator: the reports are the
#    single node's, exactly (refresh_dossier_days, then the half year read from the
#    summaries; the reading is recorded on the distributed tables below)
for r in $order; do
    [ "$r" = reading ] || [ "$r" = sentence ] && continue
    check "local tables on a Citus coordinator: $r equals the single node" "${single_result[$r]}" "$(run_report govindex $r)"
done

check "local tables on a Citus coordinator: the half year was read from the summaries" "t" \
    "$(on coord govindex -c "SELECT govindex.dossier_days_cover(tstzrange('2023-01-01 00:00+07', '2023-07-01 00:00+07'))")"

# 2. distribute() refuses as a whole, naming what stands in its way; nothing moves
err=$(on coord govindex -v VERBOSITY=verbose -c "SELECT govindex.distribute()" 2>&1)
check "distribute() refuses (0A000)" "ERROR:  0A000: govindex cannot distribute its tables with Citus yet" "$(echo "$err" | grep -m1 '^ERROR')"
check "distribute() names the policies, triggers and partition keys" "3" \
    "$(echo "$err" | grep -m1 '^DETAIL' | grep -o 'row-level security policy\|triggers (code registry\|foreign keys declared on its partitions' | sort -u | wc -l)"
check "distribute() distributed nothing" "0" "$(on coord govindex -c "SELECT count(*) FROM govindex.citus_distributed_tables()")"
check "distribute() without Citus: 55000" "ERROR:  55000: Citus is not installed in database single" \
    "$(on coord single -v VERBOSITY=verbose -c "SELECT govindex.distribute()" 2>&1 | grep -m1 '^ERROR')"

# 3. Distributed by hand as the issue did (policies and partition keys dropped, unsafe
#    triggers, procedures a reference table, dossiers by unit): the per-unit aggregate
#    runs on the workers and equals the single node; every report equals or refuses.
on coord govindex > "$tmp/by_hand.out" 2>&1 <<'SQL'
SET client_min_messages = warning;
SET citus.enable_unsafe_triggers = on;
DROP POLICY IF EXISTS unit_subtrees ON govindex.dossiers;
DO $$
DECLARE k record;
BEGIN
    FOR k IN SELECT f.conrelid::regclass AS t, f.conname FROM pg_constraint f JOIN pg_inherits i ON i.inhrelid = f.conrelid
              WHERE i.inhparent = 'govindex.dossiers'::regclass AND f.contype = 'f'
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', k.t, k.conname);
    END LOOP;
    FOR k IN SELECT p.polname, c.oid::regclass AS t FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
              JOIN pg_inherits i ON i.inhrelid = c.oid WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        EXECUTE format('DROP POLICY %I ON %s', k.polname, k.t);
    END LOOP;
END $$;
-- Citus detaches and attaches the shards' partitions, which govindex's event trigger
-- refuses for a partition with rows: distributed empty, then loaded through the coordinator
TRUNCATE govindex.dossiers;
SELECT create_distributed_table('govindex.dossiers', 'unit_id');
SQL
on coord single -c "COPY (SELECT * FROM govindex.dossiers) TO STDOUT" | on coord govindex -c "SET citus.enable_unsafe_triggers = on" -c "COPY govindex.dossiers FROM STDIN" >> "$tmp/by_hand.out" 2>&1
grep -m3 ERROR "$tmp/by_hand.out" | sed "s/^/#   /"
check "dossiers distributed by unit_id" "govindex.dossiers" "$(on coord govindex -c "SELECT string_agg(t::text, ',') FROM govindex.citus_distributed_tables() t WHERE t::text NOT LIKE 'govindex_partitions.%'")"
check "the dossiers' shards are on the workers only (the coordinator keeps empty shells)" "0" \
    "$(on coord govindex -c "SELECT count(*) FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid) JOIN pg_dist_node n USING (groupid)
                              WHERE s.logicalrelid = 'govindex.dossiers'::regclass AND n.nodeport = ${port[coord]}")"
per_unit="SELECT md5(string_agg(d.unit_id || '=' || d.stats::text, ',' ORDER BY d.unit_id)) || ' ' || count(*)
            FROM (SELECT d.unit_id, govindex.dossier_stats(d.received_at, d.due_at, d.ended_at, d.end_status, d.supplement_requests,
                         d.supplement_periods, d.channel, d.procedure_id, p.paper_result_required, p.fee_bearing, d.synced,
                         d.electronic_result, d.digitized, d.reused_data, d.personal_store, d.population_data, d.paid_online,
                         d.fee_amount, d.rating, $W) AS stats
                    FROM govindex.dossiers d JOIN govindex.procedures p ON p.id = d.procedure_id
                   WHERE d.received_at < upper($W) AND (d.ended_at IS NULL OR d.ended_at >= lower($W))
                   GROUP BY d.unit_id) d"
check "per-unit dossier_stats (given due dates) over the workers equals the single node" \
    "$(on coord single -c "$per_unit")" "$(on coord govindex -c "$per_unit")"
plan=$(on coord govindex -c "EXPLAIN (COSTS OFF) SELECT d.unit_id, count(*) FROM govindex.dossiers d GROUP BY d.unit_id")
check "the per-unit aggregate is pushed to the workers (one task a shard)" "1" "$(echo "$plan" | grep -c 'Task Count: 32')"
for r in $order; do
    [ "$r" = sentence ] && continue
    compare_or_refused "$r" "$(run_report govindex $r)"
done
# a sentence reads a recorded reading: none could be recorded, so there is none to read
check "sentence: no reading to read (none was recorded over the shells)" \
    "ERROR P0002: no reading of unit H74 on 2023-10-02" "$(run_report govindex sentence)"
check "no reading was recorded over the shells" "0" "$(on coord govindex -c "SELECT count(*) FROM govindex.index766_readings")"

echo "citus: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
