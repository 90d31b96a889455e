#!/usr/bin/env python3
"""Run a docs page's SQL as a test.

    doc_page.py sql PAGE             print the page's ```sql blocks as one psql script,
                                     in BEGIN ... ROLLBACK, each block after a marker line
    doc_page.py check PAGE OUTPUT    compare OUTPUT (what psql -X -q printed on stdout for
                                     that script) with the page's ```output blocks
    doc_page.py names OBJECTS PAGE...
                                     check that every object of OBJECTS (one schema.name a
                                     line) is named in a reference table row of a page:
                                     in backticks in the row's first cell, as `name` or
                                     `name(...)`; print those that are not

An ```output block right after a ```sql block is what that block prints, as psql prints
it by default (aligned, with the row count); it is compared exactly.  A ```sql block
without one runs, and its output is not compared (a live view, a password).
"""
import re
import sys

MARKER = "@@ docs block {}"


def blocks(page):
    """(kind, first line number, lines) of every ```sql and ```output block, in order."""
    found, kind, start, lines = [], None, 0, []
    with open(page, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if kind is None:
                m = re.fullmatch(r"```(sql|output)\s*", line)
                if m:
                    kind, start, lines = m.group(1), number, []
            elif line.startswith("```"):
                found.append((kind, start, lines))
                kind = None
            else:
                lines.append(line)
    if kind is not None:
        sys.exit(f"{page}:{start}: the ```{kind} block is not closed")
    return found


def sql_blocks(page):
    """[(line number, sql lines, expected output lines or None)] of the page."""
    result, found = [], blocks(page)
    for i, (kind, start, lines) in enumerate(found):
        if kind == "sql":
            following = found[i + 1] if i + 1 < len(found) else None
            expected = following[2] if following and following[0] == "output" else None
            result.append((start, lines, expected))
        elif i == 0 or found[i - 1][0] != "sql":
            sys.exit(f"{page}:{start}: an ```output block must follow a ```sql block")
    return result


def emit_sql(page):
    print("BEGIN;")
    for i, (start, lines, _) in enumerate(sql_blocks(page)):
        print(f"\\echo '{MARKER.format(i)}'")
        print("\n".join(lines))
    print(f"\\echo '{MARKER.format('end')}'")
    print("ROLLBACK;")


def check(page, output):
    with open(output, encoding="utf-8") as f:
        text = f.read().split("\n")
    printed, current = {}, None
    for line in text:
        m = re.fullmatch(r"@@ docs block (\w+)", line)
        if m:
            current = m.group(1)
            printed[current] = []
        elif current is not None:
            printed[current].append(line)
    failures = 0
    for i, (start, _, expected) in enumerate(sql_blocks(page)):
        if expected is None:
            continue
        got = printed.get(str(i))
        # psql ends a result with a blank line; the page's block does not show it
        while got and got[-1] == "":
            got = got[:-1]
        if got != expected:
            failures += 1
            print(f"{page}:{start}: the block printed")
            print("\n".join("    " + line for line in (got or ["(nothing: it did not run)"])))
            print("  instead of")
            print("\n".join("    " + line for line in expected))
    return failures


def reference_names(page):
    """The names a page's reference table rows give in their first cell."""
    names = set()
    with open(page, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("|") or re.fullmatch(r"\|[-|: ]*\|?\s*", line.rstrip("\n")):
                continue
            first = line.split("|")[1]
            for span in re.findall(r"`([^`]*)`", first):
                m = re.match(r"([a-z_][a-z0-9_]*)(\(|$)", span)
                if m:
                    names.add(m.group(1))
    return names


def check_names(objects, pages):
    documented = set()
    for page in pages:
        documented |= reference_names(page)
    with open(objects, encoding="utf-8") as f:
        wanted = [line.strip() for line in f if line.strip()]
    missing = [o for o in wanted if o.split(".")[-1] not in documented]
    for o in missing:
        print(f"{o} has no reference row in docs/ (a table row whose first cell names it in backticks)")
    return len(missing)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "sql":
        emit_sql(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(1 if check(sys.argv[2], sys.argv[3]) else 0)
    elif len(sys.argv) >= 4 and sys.argv[1] == "names":
        sys.exit(1 if check_names(sys.argv[2], sys.argv[3:]) else 0)
    else:
        sys.exit(__doc__)
