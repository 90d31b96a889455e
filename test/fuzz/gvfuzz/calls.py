"""Hostile calls of every SQL-visible govindex function, enumerated from pg_proc, and
of aggregates made from govindex's transition functions with other initial states."""

from .db import OK
from .failure import Failure
from .roundtrip import check_text_value
from .sqltext import literal

# A function touching several govindex types counts under the first (metric(): dossier_stats).
GROUP_ORDER = ["dossier_stats", "workcal", "score_total", "rate"]

# Every function of the extension that SQL can call (not triggers, not type I/O).
FUNCTIONS = """
SELECT p.oid::regprocedure::text, p.proname, p.prokind,
       p.proretset OR p.prorettype = 'record'::regtype,
       p.prorettype::regtype::text,
       coalesce((SELECT array_agg(t::regtype::text ORDER BY i)
                   FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, i)), '{}')
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'govindex'
 WHERE p.prorettype <> 'trigger'::regtype
   AND NOT p.proargtypes::oid[] && ARRAY['internal'::regtype, 'cstring'::regtype]::oid[]
 ORDER BY 1
"""

# The aggregates' parts, to build others from: same transition function, any initcond.
AGGREGATES = """
SELECT a.aggfnoid::regprocedure::text, f.oid::regproc::text, a.aggtranstype::regtype::text,
       (SELECT array_agg(t::regtype::text ORDER BY i)
          FROM unnest(f.proargtypes::oid[]) WITH ORDINALITY x(t, i) WHERE i > 1),
       nullif(a.aggfinalfn, 0)::regproc::text
  FROM pg_aggregate a JOIN pg_proc f ON f.oid IN (a.aggtransfn, a.aggcombinefn)
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = a.aggfnoid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'govindex'
 ORDER BY 1, 2
"""


class Function:
    def __init__(self, signature, name, kind, returns_rows, result, arg_types):
        self.signature, self.name, self.kind = signature, name, kind
        self.returns_rows, self.result, self.arg_types = returns_rows, result, arg_types

    def group(self):
        """The suite's line a function counts under: aggregates, then by govindex type."""
        if self.kind == "a":
            return "aggregates"
        for typ in GROUP_ORDER:
            if f"govindex.{typ}" in self.arg_types + [self.result]:
                return f"{typ} functions"
        return "report, loader and catalogue functions"

    def rows(self, rng):
        """How many rows of arguments an aggregate gets."""
        return rng.choice([1, 2, 3]) if self.kind == "a" else 1

    def statement(self, args):
        call = f"govindex.{self.name}"
        if self.kind == "a":
            return aggregate_call(call, self.arg_types, args)
        listed = ", ".join(a.sql for a in args)
        if self.returns_rows:
            return f"SELECT * FROM {call}({listed}) LIMIT 100"
        return f"SELECT {call}({listed})"


class MadeAggregate:
    """CREATE AGGREGATE over one of govindex's transition (or combine) functions, with
    an initial state other than the real aggregate's."""

    def __init__(self, aggregate, sfunc, stype, arg_types, final):
        self.signature = f"aggregate of {sfunc}({', '.join([stype] + (arg_types or [stype]))})"
        self.sfunc, self.stype, self.final = sfunc, stype, final
        self.arg_types = arg_types or [stype]
        self.kind = "a"

    def group(self):
        return "aggregates made of the transition functions"

    rows = Function.rows

    def statement(self, args):
        return aggregate_call("pg_temp.fuzz_agg", self.arg_types, args)

    def setup(self, initcond):
        final = f", FINALFUNC = {self.final}" if self.final and self.final != "-" else ""
        return [f"CREATE AGGREGATE pg_temp.fuzz_agg({', '.join(self.arg_types)}) "
                f"(SFUNC = {self.sfunc}, STYPE = {self.stype}, INITCOND = {literal(initcond)}{final})"]


def aggregate_call(call, arg_types, args):
    n = len(arg_types)
    rows = [args[i:i + n] for i in range(0, len(args), n)]
    columns = ", ".join(f"c{i}" for i in range(n))
    values = ", ".join("(" + ", ".join(a.sql for a in row) + ")" for row in rows)
    return f"SELECT {call}({columns}) FROM (VALUES {values}) v({columns})"


def functions(session):
    return [Function(*row) for row in session.run([FUNCTIONS], max_rows=10000).rows]


def made_aggregates(session):
    """One per transition function and argument list (a combine function serves many)."""
    made = {}
    for row in session.run([AGGREGATES], max_rows=1000).rows:
        made.setdefault((row[1], tuple(row[3] or ())), MadeAggregate(*row))
    return list(made.values())


def call_case(session, target, args, setup, type_oids):
    """Runs one call; a failure when it crashes, fails inside, hangs, or returns a
    govindex value whose text does not read back."""
    made_by = [s for a in args for s in a.setup]
    made_by = list(dict.fromkeys(setup + made_by)) + [target.statement(args)]
    out = session.run(made_by)
    if out.failed:
        return Failure(out.kind, made_by, out.describe(), target.signature)
    if out.kind != OK:
        return None
    for col, (name, oid) in enumerate(out.columns):
        typ = type_oids.get(oid) or BUILTIN_CHECKED.get(oid)
        for row in out.rows[:3] if typ else []:
            if row[col] is not None:
                failure = check_text_value(session, typ, row[col], made_by, target.signature)
                if failure:
                    return failure
    return None


# Results of these built-in types are read back too: a date or timestamptz computed
# past the type's range prints, but is no value (294277-01-08 cannot be read back).
BUILTIN_CHECKED = {1082: "pg_catalog.date", 1184: "pg_catalog.timestamptz"}


def pick_arguments(rng, values, target):
    """Hostile values; a govindex value is often repeated in a later argument or row,
    since x + x and rollup of equal states reach the merging code (and its sums)."""
    args = []
    for _ in range(target.rows(rng)):
        for typ in target.arg_types:
            earlier = [a for a, t in zip(args, target.arg_types * len(args)) if t == typ]
            if typ.startswith("govindex.") and earlier and rng.random() < 0.4:
                args.append(rng.choice(earlier))
            else:
                args.append(values.pick(rng, typ))
    return args


def ordinary_argument(values, target):
    return lambda i: values.ordinary(target.arg_types[i % len(target.arg_types)])

