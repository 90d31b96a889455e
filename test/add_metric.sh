#!/usr/bin/env bash
# test/add_metric.sh — adds a dossier-based metric the way docs/adding-a-metric.md says,
# so that the page cannot drift from the code: a scratch copy of the source tree gets the
# page's registry line (its ```c block) appended to DOSSIER_STATS_METRICS, is built and
# installed into a private copy of the PostgreSQL installation of $PG_CONFIG (never into
# that installation), and a server of its own runs the page's ```sql scratch blocks in
# order; each must print exactly the ```output scratch block after it.  Run it as root
# (the server then runs as postgres) or as a user who may run a server.  Prints one TAP
# line and exits non-zero when it fails.
set -uo pipefail
cd "$(dirname "$0")/.."
page=docs/adding-a-metric.md
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
work=$(mktemp -d /tmp/govindex-add-metric.XXXX)
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    [ -f "$work/data/postmaster.pid" ] && as_server "$root$bindir/pg_ctl" -s -D "$work/data" -m immediate stop
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "not ok - adding a metric as $page says: $1"; [ -f "${2:-}" ] && tail -n 30 "$2"; exit 1; }

# The page's blocks: the registry line, and the SQL with the output it must print.
python3 - "$page" "$work" <<'PY' || fail "the page's blocks cannot be read"
import re, sys
page, work = sys.argv[1:]
text = open(page, encoding="utf-8").read()
blocks = re.findall(r"^```([a-z ]+)\n(.*?)^```$", text, re.S | re.M)
c = [body for kind, body in blocks if kind == "c"]
if len(c) != 1:
    sys.exit("expected one ```c block")
open(f"{work}/registry_line", "w").write(c[0].rstrip("\n"))
script, expected = [], []
for i, (kind, body) in enumerate(blocks):
    if kind == "sql scratch":
        script.append(f"\\echo '@@ block {len(script)}'\n{body}")
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        expected.append(f"@@ block {len(expected)}\n" +
                        (following[1] if following and following[0] == "output scratch" else ""))
open(f"{work}/page.sql", "w").write("".join(script))
open(f"{work}/expected.out", "w").write("".join(expected))
PY

# A scratch copy of the source tree, the registry line appended to the list (the list
# ends at its first blank line; the line above the new one gets its backslash).
mkdir "$work/tree"
cp -a Makefile govindex.control META.json src upgrade "$work/tree/" || fail "cannot copy the source tree"
python3 - "$work/tree/src/dossier_stats.c" "$work/registry_line" <<'PY' || fail "cannot append the registry line"
import sys
source, line = sys.argv[1:]
text = open(source, encoding="utf-8").read()
start = text.index("#define DOSSIER_STATS_METRICS(X)")
end = text.index("\n\n", start)
open(source, "w", encoding="utf-8").write(text[:end] + " \\\n" + open(line, encoding="utf-8").read() + text[end:])
PY

# A private copy of the PostgreSQL installation (its directories keep their relative
# places, so the copied server finds its own share and lib), the scratch build in it.
bindir=$("$pg_config" --bindir)
sharedir=$("$pg_config" --sharedir)
pkglibdir=$("$pg_config" --pkglibdir)
root=$work/pg
pgdir=$(dirname "$bindir")
mkdir -p "$root$(dirname "$pgdir")" "$root$(dirname "$sharedir")" "$root$pkglibdir"
cp -a "$pgdir" "$root$(dirname "$pgdir")/" && cp -a "$sharedir" "$root$(dirname "$sharedir")/" \
    || fail "cannot copy the PostgreSQL installation"
case $pkglibdir in "$pgdir"/*) ;; *) cp -a "$pkglibdir/." "$root$pkglibdir/" || fail "cannot copy $pkglibdir" ;; esac
(cd "$work/tree" && make -s clean PG_CONFIG="$pg_config" >/dev/null 2>&1
 make -s -j2 PG_CONFIG="$pg_config" && make -s PG_CONFIG="$pg_config" DESTDIR="$root" install) > "$work/build.log" 2>&1 \
    || fail "the scratch tree does not build" "$work/build.log"

# A server of its own, from the copy.
[ "$(id -u)" = 0 ] && chown -R postgres: "$work"
port=$((40000 + ($$ + 5000) % 10000))
as_server "$root$bindir/initdb" -A trust -U postgres -D "$work/data" >/dev/null 2>&1 || fail "initdb fails"
as_server "$root$bindir/pg_ctl" -s -D "$work/data" -l "$work/server.log" -w \
    -o "-p $port -k $work -c listen_addresses=''" start || fail "the server does not start" "$work/server.log"
export PGHOST=$work PGPORT=$port PGUSER=postgres PGDATABASE=postgres
"$root$bindir/psql" -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION govindex' > "$work/run.out" 2>&1 \
    || fail "CREATE EXTENSION fails" "$work/run.out"
"$root$bindir/psql" -X -q -v ON_ERROR_STOP=1 -f "$work/page.sql" > "$work/page.out" 2> "$work/page.err" \
    || fail "the page's SQL fails" "$work/page.err"
diff -u "$work/expected.out" "$work/page.out" > "$work/page.diff" || fail "the page's SQL prints something else" "$work/page.diff"
echo "ok - a metric added as $page says is built, listed and scored"
