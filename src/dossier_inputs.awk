# dossier_inputs.awk — expands the input columns of the dossier_stats aggregates
# (src/dossier_inputs.h, the one list) into an SQL piece, for the Makefile:
#
#     awk -f src/dossier_inputs.awk src/dossier_inputs.h src/piece.sql
#
# Every other line passes through unchanged.  In a piece:
#   @dossier_inputs:parameters@   alone on its line (but for what follows it): one
#                                 "name type" a line, at the placeholder's indentation
#   @dossier_inputs:types@        the types, "timestamptz, timestamptz, ...", for a
#                                 signature in COMMENT ON
#   @dossier_inputs:columns d@    the columns of alias d, "d.received_at, ...", for a call
# Lists are wrapped before column 100, continuing 4 spaces deeper than their line.
# Anything else that starts with @dossier_inputs stops the build.

BEGIN { width = 100; n = 0 }

# The list: X(ID, name, type) \ lines of the DOSSIER_INPUTS macro.
FNR == NR {
    if ($0 ~ /^[ \t]*X\(/) {
        entry = $0
        sub(/^[ \t]*X\(/, "", entry)
        sub(/\)[ \t\\]*$/, "", entry)
        if (split(entry, field, ",") != 3) {
            printf "%s:%d: expected X(ID, name, type)\n", FILENAME, FNR > "/dev/stderr"
            failed = 1
            exit 1
        }
        n++
        name[n] = trim(field[2])
        type[n] = trim(field[3])
    }
    next
}

FNR == 1 && n == 0 {
    printf "%s: no X(ID, name, type) lines\n", ARGV[1] > "/dev/stderr"
    failed = 1
    exit 1
}

!/@dossier_inputs/ { print; next }

/^[ \t]*@dossier_inputs:parameters@/ {
    indent = $0
    sub(/[^ \t].*$/, "", indent)
    rest = $0
    sub(/^[ \t]*@dossier_inputs:parameters@/, "", rest)
    for (i = 1; i < n; i++)
        print indent name[i] " " type[i] ","
    print indent name[n] " " type[n] rest
    next
}

match($0, /@dossier_inputs:types@/) {
    wrap(substr($0, 1, RSTART - 1), "", substr($0, RSTART + RLENGTH))
    next
}

match($0, /@dossier_inputs:columns [A-Za-z_][A-Za-z_0-9]*@/) {
    alias = substr($0, RSTART + length("@dossier_inputs:columns "), RLENGTH - length("@dossier_inputs:columns ") - 1)
    wrap(substr($0, 1, RSTART - 1), alias ".", substr($0, RSTART + RLENGTH))
    next
}

{
    printf "%s:%d: unknown placeholder (@dossier_inputs:parameters@, :types@ or :columns ALIAS@): %s\n",
           FILENAME, FNR, $0 > "/dev/stderr"
    failed = 1
    exit 1
}

END { if (failed) exit 1 }

function trim(s) {
    gsub(/^[ \t]+|[ \t]+$/, "", s)
    return s
}

# Print before, then the list (the types, or the columns with their prefix), then
# after; a line is broken after an item's comma when the next item and its own
# comma would pass the width.
function wrap(before, prefix, after,    indent, line, i, item) {
    indent = before
    sub(/[^ \t].*$/, "", indent)
    indent = indent "    "
    line = before
    for (i = 1; i <= n; i++) {
        item = (prefix == "" ? type[i] : prefix name[i])
        if (i == 1)
            line = line item
        else if (length(line) + 2 + length(item) + (i < n ? 1 : 0) <= width)
            line = line ", " item
        else {
            print line ","
            line = indent item
        }
    }
    print line after
}
