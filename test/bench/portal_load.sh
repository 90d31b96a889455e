#!/usr/bin/env bash
# The portal file loading benchmark (a report, not a test): N generated dossiers exported
# as portal sync records (test/sync_export.sql, one file), then, in one run, the floor,
# \copy of the file into a bare jsonb table (CSV with a quote and a delimiter JSON cannot
# hold, as the loader does), and the end-to-end load with scripts/load-portal-records
# into the emptied dossiers; prints both times, their ratio (target <= 2.5), records per
# second and the peak memory of the loading backend (RssAnon and VmHWM of /proc/PID/status, polled),
# at N and at N/4, to show that memory does not grow with the file.
#
#   test/bench/portal_load.sh [dossiers]     default 313000: a file of about 1,000,000 lines
#
# Environment:
#   GOVINDEX_BENCH_DB=1      use the server of the PG* environment (govindex installed
#                            there): no build, no throwaway cluster; a database
#                            govindex_bench_portal is made and dropped
#   GOVINDEX_BENCH_BUILD=0   use the govindex already installed (skip scripts/setup and build)
# Exits 0 whether or not the target is met; non-zero only when something fails.
set -euo pipefail
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$self")/../.."
dossiers=${1:-313000}
case $dossiers in '' | *[!0-9]*) echo "usage: $0 [dossiers]" >&2; exit 2 ;; esac
db=govindex_bench_portal

now() { date +%s.%N; }
# peak VmHWM and peak RssAnon (kB) of the backend of the first client of $db other than
# ours, while $1 runs: VmHWM counts the shared buffers the backend touched, RssAnon its
# own memory
peak_of() {  # peak_of PIDFILE: polls until the process in PIDFILE ends
    local pid backend= hwm anon peak=0 peak_anon=0
    pid=$(cat "$1")
    while kill -0 "$pid" 2>/dev/null; do
        [ -n "$backend" ] || backend=$(psql -X -At -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND backend_type = 'client backend' AND pid <> pg_backend_pid() LIMIT 1" 2>/dev/null || true)
        if [ -n "$backend" ]; then
            hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$backend/status" 2>/dev/null || echo 0)
            [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
            anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$backend/status" 2>/dev/null || echo 0)
            [ "${anon:-0}" -gt "$peak_anon" ] && peak_anon=$anon
        fi
        sleep 0.1
    done
    echo "$peak $peak_anon"
}

one_size() {  # one_size DOSSIERS
    local n=$1 work t0 t1 floor load lines peak
    work=$(mktemp -d)
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" </dev/null
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION govindex' </dev/null
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v seed=2023 -v dossiers="$n" -f test/generate.sql </dev/null
    t0=$(now)
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v out="$work/records.jsonl" -v identifiers="$work/ids.sql" -f test/sync_export.sql </dev/null
    t1=$(now)
    lines=$(wc -l < "$work/records.jsonl")
    echo "== $n dossiers: $lines lines, $(( $(stat -c %s "$work/records.jsonl") / 1048576 )) MB, exported in $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s"
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'TRUNCATE govindex.dossiers' -c 'CHECKPOINT' -f "$work/ids.sql" </dev/null
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE TABLE bench_floor (record jsonb)' </dev/null
    t0=$(now)
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" \
         -c "\\copy bench_floor (record) FROM '$work/records.jsonl' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')" </dev/null
    t1=$(now)
    floor=$(echo "$t1 - $t0" | bc)
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'DROP TABLE bench_floor' -c 'CHECKPOINT' </dev/null
    t0=$(now)
    scripts/load-portal-records "$work/records.jsonl" -d "$db" > "$work/load.out" 2>&1 &
    echo $! > "$work/pid"
    peak=$(peak_of "$work/pid")
    wait "$(cat "$work/pid")" || { cat "$work/load.out"; return 1; }
    t1=$(now)
    load=$(echo "$t1 - $t0" | bc)
    tail -n 3 "$work/load.out" | head -n 1
    printf '   floor (\\copy into a jsonb table) %8.1f s  %9.0f lines/s\n' "$floor" "$(echo "$lines / $floor" | bc -l)"
    printf '   load-portal-records               %8.1f s  %9.0f lines/s\n' "$load" "$(echo "$lines / $load" | bc -l)"
    printf '   ratio %.2f (target <= 2.5); peak memory of the loading backend: own %d MB (RssAnon), with the shared buffers it touched %d MB (VmHWM)\n' \
           "$(echo "$load / $floor" | bc -l)" "$((${peak#* } / 1024))" "$((${peak% *} / 1024))"
    rm -rf "$work"
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" </dev/null
}

run_bench() {
    echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM"
    one_size "$dossiers"
    one_size $((dossiers / 4))
}

if [ "${GOVINDEX_BENCH_DB:-0}" = 1 ] || [ "${GOVINDEX_BENCH_IN_CLUSTER:-0}" = 1 ]; then
    run_bench
    exit 0
fi
if [ "${GOVINDEX_BENCH_BUILD:-1}" != 0 ]; then
    scripts/setup
    scripts/build
fi
export GOVINDEX_BENCH_IN_CLUSTER=1
pg_virtualenv -t -o shared_buffers=1GB -o work_mem=64MB -o maintenance_work_mem=512MB -o max_wal_size=8GB \
    -o jit=off -o TimeZone=Asia/Ho_Chi_Minh bash "$self" "$dossiers" </dev/null
