"""Argument values for hostile calls, per SQL type: each list starts with an ordinary
value (what the shrinker puts back) and goes on to the edges: NULL, infinities,
absurd years, huge and negative numbers, empty and million-element arrays, empty and
huge strings, tables of the wrong shape."""

BIG_TEXT = "repeat('x', 1000000)"
MILLION_INTS = "(SELECT array_agg(n) FROM generate_series(1, 1000000) n)"
MANY_RANGES = ("(SELECT range_agg(tstzrange(t, t + interval '1 hour')) FROM generate_series("
               "timestamptz '2024-01-01', '2025-01-01', interval '2 hours') t)")

INTS = ["1", "0", "-1", "7", "2023", "2203", "9999", "10000", "-2147483648", "2147483647",
        "1000000"]
BIGINTS = INTS + ["-9223372036854775808", "9223372036854775807"]

DATES = ["'2024-01-01'", "'2023-06-15'", "'infinity'", "'-infinity'", "'0001-01-01'",
         "'9999-12-31'", "'2203-01-01'", "'4713-01-01 BC'", "'5874897-12-31'", "'2024-02-29'",
         "'2000-01-01'", "'1970-01-01'"]
TIMESTAMPS = ["'2024-01-02 09:00+07'", "'2023-06-15 00:00+07'", "'infinity'", "'-infinity'",
              "'0001-01-01 00:00+00'", "'9999-12-31 23:59:59.999999+00'", "'2203-01-01 00:00+07'",
              "'4713-01-01 00:00+00 BC'", "'294276-12-31 23:59:59+00'", "'2024-01-06 12:00+07'",
              "'2024-01-01 23:59:59.999999+07'"]
RANGES = ["'[2024-01-01 00:00+07,2024-02-01 00:00+07)'", "'[2023-01-01 00:00+07,2024-01-01 00:00+07)'",
          "'empty'", "'(,)'", "'[-infinity,infinity)'", "'[2024-01-01,)'", "'(,2024-01-01)'",
          "'[0001-01-01 00:00+00,9999-12-31 00:00+00)'", "'[2203-01-01,2204-01-01)'",
          "'[2024-01-01 00:00+07,2024-01-01 00:00:00.000001+07)'", "'[2024-01-01,infinity)'",
          "'[4713-01-01 00:00+00 BC,294276-12-31 00:00+00)'"]
MULTIRANGES = ["'{[2024-01-03 00:00+07,2024-01-05 00:00+07)}'", "'{}'",
               "'{[-infinity,infinity)}'", "'{(,)}'", "'{[2024-01-01,2024-01-02),[2024-01-01 12:00,2024-03-01)}'",
               "'{[0001-01-01 00:00+00,0002-01-01 00:00+00)}'", MANY_RANGES]
NUMERICS = ["2", "0", "-1", "0.5", "1.5", "15", "'NaN'", "'Infinity'", "'-Infinity'", "1e20",
            "-1e20", "1e-20", "9999.9999", "2147483648", "9223372036854775808", "1e131071"]
TEXTS = ["''", BIG_TEXT, "'x'", "E'\\t'", "' '", "'%s'", "'''; SELECT 1; --'",
         "'Đồng Nai'", "repeat('é', 100000)"]
INT_ARRAYS = ["'{6,7}'", "'{}'", "'{NULL}'", "'{0}'", "'{8}'", "'{-1}'", "'{2147483647}'",
              "'{1,2,3,4,5,6,7}'", "'{7,7,7}'", "'{{6},{7}}'", MILLION_INTS]
TEXT_ARRAYS = ["'{}'", "'{NULL}'", "'{\"\"}'", f"ARRAY[{BIG_TEXT}]",
               "(SELECT array_agg(n::text) FROM generate_series(1, 1000000) n)"]
BOOLS = ["false", "true"]
REGCLASSES = ["'fuzz.batch'", "'fuzz.no_columns'", "'fuzz.one_int'", "'fuzz.batch_as_text'",
              "'fuzz.assessments'", "'fuzz.assessments_as_text'", "'fuzz.a_view'", "'fuzz.a_sequence'",
              "'pg_class'", "'govindex.dossiers'", "'govindex.units'", "0", "'fuzz.batch_twice'"]

# portal sync batches: not arrays, mixed elements, a full batch of steps, one over the
# limit, impossible times, long lists inside a record, deep nesting
JSONBS = ["'[]'", "'{}'", "'1'", "'null'", "'\"x\"'", "'[1, \"a\", null, [], {}]'",
          "(SELECT jsonb_agg(jsonb_build_object('MaHoSo', 'F-' || n % 100, 'TrangThai', (n % 11)::text,"
          " 'ThoiDiemXuLy', '20240101080000')) FROM generate_series(1, 10000) n)",
          "(SELECT jsonb_agg(n) FROM generate_series(1, 10001) n)",
          "'[{\"MaHoSo\": \"F\", \"MaTTHC\": \"2.000815\", \"DonViXuLy\": \"H74\", \"TrangThaiHoSo\": \"10\","
          " \"NgayTiepNhan\": \"99991231235959\", \"NgayKetThucXuLy\": \"00010101000000\","
          " \"DanhSachLePhi\": [{\"Gia\": \"99999999999999999999\"}, {\"Gia\": 1e300}]}]'",
          "(SELECT jsonb_build_array(jsonb_build_object('MaHoSo', 'F', 'MaTTHC', '2.000815', 'DonViXuLy', 'H74',"
          " 'TrangThaiHoSo', '2', 'NgayTiepNhan', '20240101080000', 'TaiLieuNop',"
          " (SELECT jsonb_agg(jsonb_build_object('DuongDanTaiTepTin', n)) FROM generate_series(1, 100000) n),"
          " 'DanhSachHoSoBoSung', (SELECT jsonb_agg(jsonb_build_object('NgayBoSung', '20240102080000'))"
          " FROM generate_series(1, 40000) n))))",
          "(repeat('[', 5000) || repeat(']', 5000))::jsonb"]

BY_TYPE = {
    "jsonb": JSONBS,
    "integer": INTS, "smallint": ["1", "0", "-1", "-32768", "32767", "100"], "bigint": BIGINTS,
    "numeric": NUMERICS, "double precision": NUMERICS, "boolean": BOOLS, "text": TEXTS,
    "integer[]": INT_ARRAYS, "text[]": TEXT_ARRAYS, "date": DATES,
    "timestamp with time zone": TIMESTAMPS, "tstzrange": RANGES, "tstzmultirange": MULTIRANGES,
    "regclass": REGCLASSES,
}


class Argument:
    """One argument value: its SQL expression (cast to the parameter's type) and the
    statements it needs first (a value that only recv accepts is loaded by COPY)."""

    def __init__(self, expr, typ, setup=()):
        self.sql = "NULL::" + typ if expr is None else f"({expr})::{typ}"
        self.setup = list(setup)

    def __repr__(self):
        return self.sql


class Values:
    """Every argument value the calls draw from, per parameter type."""

    def __init__(self, enums, texts, pool):
        self.enums = enums        # enum type name -> labels
        self.texts = texts        # codes found in the fuzz database (units, metrics, ...)
        self.pool = pool          # govindex type -> [(expr, setup)]: the seeds' values
        self.mutated = {t: [] for t in pool}   # ... and the accepted mutations' values

    def choices(self, typ):
        if typ in self.pool_types():
            return [(expr, setup) for expr, setup in self.pool[typ.split(".")[-1]]]
        if typ in self.enums:
            return [(f"'{label}'", ()) for label in self.enums[typ]]
        if typ == "text":
            return [(f"'{t}'", ()) for t in self.texts] + [(v, ()) for v in TEXTS]
        return [(v, ()) for v in BY_TYPE.get(typ, ["NULL"])]

    def pool_types(self):
        return {f"govindex.{t}" for t in self.pool}

    def ordinary(self, typ):
        expr, setup = self.choices(typ)[0]
        return Argument(expr, typ, setup)

    def pick(self, rng, typ):
        """An edge value most of the time; NULL one time in ten; for a govindex type,
        an accepted mutation half the time (they hold the extreme counts)."""
        if rng.random() < 0.1:
            return Argument(None, typ)
        mutated = self.mutated.get(typ.split(".")[-1]) if typ in self.pool_types() else None
        expr, setup = rng.choice(mutated if mutated and rng.random() < 0.5 else self.choices(typ))
        return Argument(expr, typ, setup)
