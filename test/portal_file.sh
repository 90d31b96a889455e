#!/usr/bin/env bash
# The portal files round trip (scripts/test-in-cluster's "portal files" section; alone:
# test/portal_file.sh [dossiers] against the server of the PG* environment, as a
# superuser).  In a database of its own: generate the demo province, export its
# dossiers as portal sync records (test/sync_export.sql: the synced and the other ones
# apart, units whose id is a multiple of 7 under an alias), fingerprint every column the
# loader maps, empty the dossiers (TRUNCATE govindex.dossiers, which keeps the books),
# load the files with scripts/load-portal-records and compare exactly; load them again
# (nothing changes); and list the problems of a corrupted copy (a bad date, an unknown
# unit) with their line numbers, loading nothing.
# Prints "ok - ..." / "not ok - ..." lines, then "portal files: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
dossiers=${1:-3000}
db=govindex_portal_file
work=$(mktemp -d)
trap '[ -n "${PORTAL_FILE_KEEP:-}" ] || rm -rf "$work"' EXIT
[ -z "${PORTAL_FILE_KEEP:-}" ] || echo "# files kept in $work"
passed=0
failed=0
check() {  # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@" > "$work/check.out" 2>&1; then
        echo "ok - $what"; passed=$((passed + 1))
    else
        echo "not ok - $what"; sed 's/^/    /' "$work/check.out" | head -n 30; failed=$((failed + 1))
    fi
}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
load() { scripts/load-portal-records "$@" -d "$db"; }

# Every column the loader maps, one line per dossier in code order; rating is not in
# the records.  A dossier taken from the citizen's store used population data as the
# format counts it (portal-sync.md: personal_store is one way of population_data): the
# generator sets the two apart, the records cannot.
fingerprint() {
    sql -c "SELECT concat_ws('|', d.code, u.code, p.code, d.channel, d.submitted_at, d.received_at, d.due_at,
                             d.ended_at, d.end_status, d.supplement_requests, d.supplement_periods, d.synced,
                             d.electronic_result, d.digitized, d.reused_data, d.personal_store,
                             d.population_data OR d.personal_store, d.paid_online, d.fee_amount)
              FROM govindex.dossiers d
              JOIN govindex.units u ON u.id = d.unit_id
              JOIN govindex.procedures p ON p.id = d.procedure_id
             ORDER BY d.code COLLATE \"C\"" > "$1"
}
same() { diff "$1" "$2" > "$work/diff" || { echo "$(grep -c '^<' "$work/diff") dossiers differ, e.g.:"; head -n 6 "$work/diff"; return 1; }; }

echo "== portal files (test/portal_file.sh, $dossiers dossiers)"
setup() {
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" \
    && sql -c 'CREATE EXTENSION govindex' \
    && sql -v seed=2023 -v dossiers="$dossiers" -f test/generate.sql >/dev/null \
    && sql -v out="$work/synced.jsonl" -v synced=true -v identifiers="$work/identifiers.sql" -f test/sync_export.sql \
    && sql -v out="$work/own.jsonl" -v synced=false -f test/sync_export.sql \
    && fingerprint "$work/generated"
}
check "database $db: $dossiers generated dossiers exported as sync records (test/sync_export.sql)" setup
lines=$(cat "$work/synced.jsonl" "$work/own.jsonl" | wc -l)
check "the files hold every dossier's record ($dossiers) and its steps ($lines lines in all)" \
    test "$(cat "$work/synced.jsonl" "$work/own.jsonl" | grep -c '"kind" : "dossier"')" -eq "$dossiers"
check "the quirks are in the files: aliases, JSON numbers, steps before their record, supplements only in the timeline, a step sent twice" \
    sh -c 'f=$1
           grep -q "\"DonViXuLy\" : \"000.00.H74" "$f" && grep -q "\"TrangThaiHoSo\" : [0-9]" "$f" \
           && [ "$(grep -c "\"TrangThai\" : \"*5" "$f")" -gt 0 ] \
           && [ "$(sort "$f" | uniq -d | wc -l)" -gt 0 ] \
           && awk "/\"kind\" : \"step\"/ { s[\$6] = 1 } /\"kind\" : \"dossier\"/ && s[\$6] { found = 1 } END { exit !found }" "$f"' \
        sh "$work/synced.jsonl"

emptied() {
    sql -c 'TRUNCATE govindex.dossiers' \
    && test "$(sql -c 'SELECT (SELECT count(*) FROM govindex.dossiers) + (SELECT count(*) FROM govindex.dossier_codes)
                         + (SELECT count(*) FROM govindex.portal_dossier_records) + (SELECT count(*) FROM govindex.dossier_steps)')" -eq 0
}
check "TRUNCATE govindex.dossiers empties the dossiers and their code registry" emptied
loaded() {
    sql -f "$work/identifiers.sql" \
    && load "$work/synced.jsonl" > "$work/load1.out" 2>&1 \
    && load --not-synced "$work/own.jsonl" >> "$work/load1.out" 2>&1 \
    && fingerprint "$work/loaded"
}
check "scripts/load-portal-records loads both files (the own export --not-synced)" loaded
check "the loaded dossiers are the generated ones, column for column" same "$work/generated" "$work/loaded"
check "the load showed its progress and summary" \
    sh -c 'grep -q "NOTICE:  read lines 1 to" "$1" && grep -q "NOTICE:  loaded 1 of 1 chunks" "$1" && grep -q "dossiers_inserted" "$1"' sh "$work/load1.out"

sql -c 'SELECT count(*) FROM govindex.dossier_steps' > "$work/steps1"
again() {
    load "$work/synced.jsonl" > "$work/load2.out" 2>&1 \
    && load --not-synced "$work/own.jsonl" >> "$work/load2.out" 2>&1 \
    && fingerprint "$work/again" && same "$work/loaded" "$work/again" \
    && sql -c 'SELECT count(*) FROM govindex.dossier_steps' | diff "$work/steps1" - \
    && ! grep -E '^ *[0-9]+ \| +[1-9]' "$work/load2.out"   # no dossier inserted, no step new
}
check "loading the files again changes nothing (no dossier inserted, no step added, the same dossiers)" again

# A corrupted copy: a dossier record's NgayTiepNhan not a portal time, another one's
# DonViXuLy a unit nobody knows.
corrupt() {
    awk '/"kind" : "dossier"/ && ++d == 2 { sub(/"NgayTiepNhan" : [^,]*/, "\"NgayTiepNhan\" : \"2023-12-45\""); bad = NR }
         /"kind" : "dossier"/ && d == 5 && !unit { sub(/"DonViXuLy" : [^,]*/, "\"DonViXuLy\" : \"000.00.99.X99\""); unit = NR }
         { print > out }
         END { print bad, unit }' out="$work/bad.jsonl" "$work/synced.jsonl" > "$work/bad_lines"
    read -r bad_date bad_unit < "$work/bad_lines"
    sql -c 'TRUNCATE govindex.dossiers, govindex.portal_dossier_records, govindex.dossier_steps'
    load --problems "$work/bad.jsonl" > "$work/problems.out" 2>/dev/null || return 1
    grep -E "^ *$bad_date \| .* \| NgayTiepNhan +\| 22007 +\| dossier .*: NgayTiepNhan \"2023-12-45\" is not a portal time" "$work/problems.out" \
    && grep -E "^ *$bad_unit \| .* \| DonViXuLy +\| 23503 +\| dossier .*: unknown unit '000.00.99.X99'" "$work/problems.out" \
    && grep -qx '(2 rows)' "$work/problems.out" \
    && test "$(sql -c 'SELECT (SELECT count(*) FROM govindex.dossiers) + (SELECT count(*) FROM govindex.dossier_steps)')" -eq 0
}
check "--problems on a corrupted copy lists the bad date and the unknown unit with their line numbers, loading nothing" corrupt
refused() {
    ! load "$work/bad.jsonl" > "$work/refused.out" 2>&1 \
    && grep -q "NgayTiepNhan \"2023-12-45\" is not a portal time" "$work/refused.out" \
    && test "$(sql -c 'SELECT (SELECT count(*) FROM govindex.dossiers) + (SELECT count(*) FROM govindex.dossier_steps)')" -eq 0
}
check "loading the corrupted copy fails on its first problem and loads nothing" refused

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
echo "portal files: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
