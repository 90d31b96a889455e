#!/usr/bin/env bash
# The federation benchmark (a report, not a test): the national reading over province
# shards (postgres_fdw, one database per province, a coordinator that attached them)
# against the same reading on one database holding every province's dossiers, with 2
# and then 4 generated provinces of N dossiers each.  Prints, in one run and for each
# size: both times (the best of 3), their ratio, the rows and bytes that crossed the
# network (one dossier_stats state per unit: the rows of shard_unit_states and their
# states' text, which postgres_fdw sends) against the rows and text of the dossiers a
# row-pulling plan would have moved, and how each grows from 2 to 4 provinces.
#
#   test/bench/federation.sh [dossiers per province]     default 20000
#
# The reading: index766_totals over the year 2023 (the weekly reading at the year's
# end covers the year to date), every unit's total and its rank among its siblings:
# the provinces ranked among each other, from data.
#
# Environment:
#   GOVINDEX_BENCH_DB=1      use the server of the PG* environment (govindex and
#                            postgres_fdw installed there, PGPASSWORD set for the loopback
#                            user mappings): no build, no throwaway cluster; databases
#                            govindex_bench_fed_* are made and dropped
#   GOVINDEX_BENCH_BUILD=0   use the govindex already installed (skip scripts/setup and build)
# Exits 0 whatever the ratios; non-zero only when something fails.
set -euo pipefail
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$self")/../.."
dossiers=${1:-20000}
case $dossiers in '' | *[!0-9]*) echo "usage: $0 [dossiers per province]" >&2; exit 2 ;; esac

# code, Vietnamese name, English name: the generator's own province first
provinces=("H74|Bình Dương|Binh Duong" "H44|Quảng Nam|Quang Nam" "H31|Hải Phòng|Hai Phong" "H48|Đà Nẵng|Da Nang")
W="tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')"
reading="SELECT count(*) FROM govindex.index766_totals($W) t"
q() { local db=$1; shift; psql -XAtq -v ON_ERROR_STOP=1 -d "$db" "$@" </dev/null; }
fresh() { psql -Xq -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" </dev/null; q "$1" -c 'CREATE EXTENSION govindex'; }
generate() {  # generate DB INDEX APPEND
    local code name name_en
    IFS='|' read -r code name name_en <<< "${provinces[$2]}"
    q "$1" -v seed=2023 -v dossiers="$dossiers" -v province="$code" -v province_name="$name" \
           -v province_name_en="$name_en" -v append="$3" -f test/generate.sql >/dev/null
}
# the best of 3 runs of the reading, in ms
best_ms() {
    local db=$1 best= t
    for _ in 1 2 3; do
        t=$(psql -XAtq -d "$db" -c '\timing on' -c "$reading" </dev/null | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}

declare -A result
one_size() {  # one_size PROVINCES
    local n=$1 i code one_ms fed_ms
    fresh govindex_bench_fed_one
    fresh govindex_bench_fed_coord
    q govindex_bench_fed_coord -c 'CREATE EXTENSION postgres_fdw' >/dev/null
    for ((i = 0; i < n; i++)); do
        generate govindex_bench_fed_one "$i" "$([ "$i" -eq 0 ] && echo 0 || echo 1)"
        fresh "govindex_bench_fed_s$i"
        generate "govindex_bench_fed_s$i" "$i" 0
    done
    pg_dump -a -t govindex.procedures govindex_bench_fed_s0 | psql -Xq -d govindex_bench_fed_coord >/dev/null
    for ((i = 0; i < n; i++)); do
        q govindex_bench_fed_coord \
          -c "CREATE SERVER s$i FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost', port '${PGPORT:-5432}', dbname 'govindex_bench_fed_s$i')" \
          -c "CREATE USER MAPPING FOR CURRENT_USER SERVER s$i OPTIONS (user '${PGUSER:-postgres}', password '${PGPASSWORD:-}')" \
          -c "SELECT govindex.attach_shard('s$i')" >/dev/null
    done
    # the same figures both ways first: a benchmark of a wrong answer is no benchmark
    local totals="SELECT md5(string_agg(concat_ws('|', t.unit_code, t.total, t.rank, t.rank_of), ',' ORDER BY t.unit_code)) FROM govindex.index766_totals($W) t"
    if [ "$(q govindex_bench_fed_one -c "$totals")" != "$(q govindex_bench_fed_coord -c "$totals WHERE t.unit_code <> 'VN'")" ]; then
        echo "the federation's totals and ranks differ from one database's" >&2
        exit 1
    fi
    one_ms=$(best_ms govindex_bench_fed_one)
    fed_ms=$(best_ms govindex_bench_fed_coord)
    result[$n,one]=$one_ms
    result[$n,fed]=$fed_ms
    result[$n,state_rows]=$(q govindex_bench_fed_coord -c "SELECT count(*) FROM govindex.shard_unit_states($W)")
    result[$n,state_bytes]=$(q govindex_bench_fed_coord -c "SELECT sum(octet_length(s.stats::text)) FROM govindex.shard_unit_states($W) s")
    result[$n,row_rows]=0
    result[$n,row_bytes]=0
    for ((i = 0; i < n; i++)); do
        read -r rows bytes < <(q "govindex_bench_fed_s$i" -F ' ' -c "SELECT count(*), sum(octet_length(d::text)) FROM govindex.federation_dossier_inputs d
                                                                    WHERE d.received_at < upper($W) AND (d.ended_at IS NULL OR d.ended_at >= lower($W))")
        result[$n,row_rows]=$((result[$n,row_rows] + rows))
        result[$n,row_bytes]=$((result[$n,row_bytes] + bytes))
    done
    printf '== %d provinces of %d dossiers: %d units\n' "$n" "$dossiers" "$(q govindex_bench_fed_one -c 'SELECT count(*) FROM govindex.units')"
    printf '   one database          %9.1f ms\n' "$one_ms"
    printf '   coordinator + shards  %9.1f ms   ratio %.2f\n' "$fed_ms" "$(echo "$fed_ms / $one_ms" | bc -l)"
    printf '   moved: %d states, %d kB (rows pulled would be %d dossiers, %d kB: %.0fx more)\n' \
           "${result[$n,state_rows]}" "$((result[$n,state_bytes] / 1024))" "${result[$n,row_rows]}" \
           "$((result[$n,row_bytes] / 1024))" "$(echo "${result[$n,row_bytes]} / ${result[$n,state_bytes]}" | bc -l)"
    for db in govindex_bench_fed_one govindex_bench_fed_coord $(for ((i = 0; i < n; i++)); do echo "govindex_bench_fed_s$i"; done); do
        psql -Xq -d postgres -c "DROP DATABASE IF EXISTS $db" </dev/null
    done
}

run_bench() {
    echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM"
    one_size 2
    one_size 4
    printf '== from 2 to 4 provinces: one database x%.2f, coordinator + shards x%.2f, bytes moved x%.2f\n' \
           "$(echo "${result[4,one]} / ${result[2,one]}" | bc -l)" "$(echo "${result[4,fed]} / ${result[2,fed]}" | bc -l)" \
           "$(echo "${result[4,state_bytes]} / ${result[2,state_bytes]}" | bc -l)"
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
pg_virtualenv -t -o shared_buffers=1GB -o work_mem=64MB -o jit=off -o TimeZone=Asia/Ho_Chi_Minh \
    bash "$self" "$dossiers" </dev/null
