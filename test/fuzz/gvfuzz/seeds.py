"""Valid values to mutate: the literals of the regression tests (sql/, expected/) and
values computed from the generated province in the fuzz database."""

import glob
import os
import re

from .db import OK
from .sqltext import TYPES, cast

# A literal cast to one of the types in sql/*.sql: '...'::[govindex.]type
LITERAL_RE = re.compile(r"'((?:[^']|'')*)'::(?:govindex\.)?(rate|dossier_stats|workcal|score_total)\b")
# Values as the expected outputs print them (one table cell, up to "|" or the line's end).
PRINTED_RE = {
    "dossier_stats": re.compile(r"(?:window|part)=\[\"[^|\n]*"),
    "workcal": re.compile(r"\[\d{4}-\d\d-\d\d,\d{4}-\d\d-\d\d\) weekend=\{[^}]*\} hours=\S* off=\{[^}]*\} on=\{[^}]*\}"),
    "rate": re.compile(r"(?<![\d.:/-])-?\d+/-?\d+(?![\d/.])"),
    "score_total": re.compile(r"(?<![\d:/-])\d+(?:\.\d+)?/\d+(?:\.\d+)?(?: deducted \S+)?(?: weight \S+)?(?![\d/])"),
}

# Values computed from the generated data (dossiers of 2023, daily parts).
COMPUTED = {
    "dossier_stats": [
        "SELECT stats::text FROM govindex.unit_stats(tstzrange('2023-01-01 00:00+07', '2023-04-01 00:00+07')) ORDER BY unit_id LIMIT 12",
        "SELECT stats::text FROM govindex.unit_stats(tstzrange('2023-06-01 00:00+07', '2023-06-08 00:00+07')) ORDER BY unit_id LIMIT 4",
        "SELECT parts::text FROM govindex.dossier_days ORDER BY day, unit_id LIMIT 12",
        "SELECT govindex.empty_dossier_stats(tstzrange('2024-01-01 00:00+07', '2024-02-01 00:00+07'))::text",
    ],
    "workcal": [
        "SELECT govindex.default_calendar()::text",
        "SELECT govindex.workcal(2024, 2024, '{7}', '08:00-12:00')::text",
        "SELECT govindex.workcal(2023, 2025)::text",
    ],
    "rate": [
        "SELECT DISTINCT govindex.metric(s.stats, m.code)::text FROM govindex.metrics m,"
        " govindex.unit_stats(tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07')) s"
        " WHERE s.unit_id % 40 = 1 LIMIT 20",
    ],
    "score_total": [
        "SELECT govindex.make_score_total(n * 1.25, n % 3, 100, n % 4)::text FROM generate_series(0, 8) n",
    ],
}


def literals_from_tests(root):
    """Every candidate text of each type found in the regression tests' files."""
    found = {t: [] for t in TYPES}
    for path in sorted(glob.glob(os.path.join(root, "sql", "*.sql"))):
        with open(path, encoding="utf-8") as f:
            for m in LITERAL_RE.finditer(f.read()):
                found[m.group(2)].append(m.group(1).replace("''", "'"))
    for path in sorted(glob.glob(os.path.join(root, "expected", "*.out"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for typ, pattern in PRINTED_RE.items():
            found[typ].extend(m.group(0).rstrip() for m in pattern.finditer(text))
    return found


def collect(session, root, per_type=60):
    """Valid values per type, as their canonical text: read back by the server, in a
    stable order, without duplicates."""
    candidates = literals_from_tests(root)
    for typ, queries in COMPUTED.items():
        for sql in queries:
            out = session.run([sql])
            if out.kind == OK:
                candidates[typ].extend(r[0] for r in out.rows if r[0] is not None)
    seeds = {}
    for typ in TYPES:
        valid = []
        for text in dict.fromkeys(candidates[typ]):
            if len(valid) >= per_type:
                break
            out = session.run([f"SELECT {cast(text, typ)}::text"])
            if out.kind == OK and out.rows[0][0] not in valid:
                valid.append(out.rows[0][0])
        seeds[typ] = valid
    return seeds
