#!/usr/bin/env bash
# The add_workdays benchmark (a report, not a test): builds and installs govindex,
# starts a throwaway PostgreSQL 15 cluster and runs test/bench/workcal.sql, which times
# add_workdays (C) against the plain-SQL generate_series formulation and prints the
# per-call costs and their ratio (target: at least 20 times faster).
#
#   test/bench/workcal.sh [calls [plain_calls]]   default 10000000 and 100000
#
#   GOVINDEX_BENCH_BUILD=0   use the govindex already installed (skip the build)
# Exits 0 whether or not the target is met; non-zero only when something fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-10000000}
plain_calls=${2:-100000}
for n in "$calls" "$plain_calls"; do
    case $n in ''|*[!0-9]*) echo "usage: $0 [calls [plain_calls]]" >&2; exit 2 ;; esac
done
if [ "${GOVINDEX_BENCH_BUILD:-1}" != 0 ]; then
    scripts/build
fi
export PGOPTIONS="-c bench.calls=$calls -c bench.plain_calls=$plain_calls"
pg_virtualenv -t -o TimeZone=Asia/Ho_Chi_Minh sh -c \
    'psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION govindex" && psql -X -q -v ON_ERROR_STOP=1 -f test/bench/workcal.sql'
