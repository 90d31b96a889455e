-- govindex 0.3.0: generated from src/*.sql by make; do not edit.
\echo Use "CREATE EXTENSION govindex" to load this file. \quit

-- ---- src/rate.sql
-- rate: an exact share numerator/denominator (int8 each), 0 <= numerator <= denominator;
-- 0/0 is the empty rate.  C code in rate.c.

CREATE TYPE govindex.rate;

CREATE FUNCTION govindex.rate_in(cstring) RETURNS govindex.rate
    AS 'MODULE_PATHNAME', 'rate_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.rate_out(govindex.rate) RETURNS cstring
    AS 'MODULE_PATHNAME', 'rate_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.rate_recv(internal) RETURNS govindex.rate
    AS 'MODULE_PATHNAME', 'rate_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.rate_send(govindex.rate) RETURNS bytea
    AS 'MODULE_PATHNAME', 'rate_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE govindex.rate (
    INTERNALLENGTH = 16,
    INPUT = govindex.rate_in,
    OUTPUT = govindex.rate_out,
    RECEIVE = govindex.rate_recv,
    SEND = govindex.rate_send,
    ALIGNMENT = double,
    STORAGE = plain
);

COMMENT ON TYPE govindex.rate IS
    'Exact share numerator/denominator — Tỷ lệ chính xác tử số/mẫu số';
COMMENT ON FUNCTION govindex.rate_in(cstring) IS
    'Reads a rate written numerator/denominator, e.g. 967020/1925307';
COMMENT ON FUNCTION govindex.rate_out(govindex.rate) IS
    'Writes a rate as numerator/denominator';
COMMENT ON FUNCTION govindex.rate_recv(internal) IS
    'Reads the binary form of a rate (version byte, numerator, denominator)';
COMMENT ON FUNCTION govindex.rate_send(govindex.rate) IS
    'Binary form of a rate: version byte 1, then numerator and denominator as big-endian int8';

-- Construction and accessors

CREATE FUNCTION govindex.rate(numerator int8, denominator int8) RETURNS govindex.rate
    AS 'MODULE_PATHNAME', 'rate_construct' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate(int8, int8) IS
    'The rate numerator/denominator; requires 0 <= numerator <= denominator';

CREATE FUNCTION govindex.numerator(govindex.rate) RETURNS int8
    AS 'MODULE_PATHNAME', 'rate_numerator' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.numerator(govindex.rate) IS 'Numerator of a rate';

CREATE FUNCTION govindex.denominator(govindex.rate) RETURNS int8
    AS 'MODULE_PATHNAME', 'rate_denominator' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.denominator(govindex.rate) IS 'Denominator of a rate';

CREATE FUNCTION govindex.ratio(govindex.rate) RETURNS float8
    AS 'MODULE_PATHNAME', 'rate_ratio' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.ratio(govindex.rate) IS
    'numerator / denominator as float8; NULL for the empty rate 0/0';

CREATE FUNCTION govindex.percent(govindex.rate, digits int4 DEFAULT 2) RETURNS numeric
    AS 'MODULE_PATHNAME', 'rate_percent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.percent(govindex.rate, int4) IS
    'Percent rounded to digits (0..15) decimals as the national portal rounds: 100 * n / d in double, then half up on the exact double (JavaScript toFixed); NULL for 0/0';

CREATE FUNCTION govindex.rate_to_numeric(govindex.rate) RETURNS numeric
    AS 'MODULE_PATHNAME', 'rate_to_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_to_numeric(govindex.rate) IS
    'numerator::numeric / denominator::numeric; NULL for the empty rate 0/0';

CREATE CAST (govindex.rate AS float8) WITH FUNCTION govindex.ratio(govindex.rate);
CREATE CAST (govindex.rate AS numeric) WITH FUNCTION govindex.rate_to_numeric(govindex.rate);

-- Addition: numerators and denominators add, so rates of sub-units roll up exactly.

CREATE FUNCTION govindex.rate_add(govindex.rate, govindex.rate) RETURNS govindex.rate
    AS 'MODULE_PATHNAME', 'rate_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_add(govindex.rate, govindex.rate) IS
    'Sum of two rates, part by part: a/b + c/d = (a+c)/(b+d)';

CREATE OPERATOR govindex.+ (
    LEFTARG = govindex.rate,
    RIGHTARG = govindex.rate,
    FUNCTION = govindex.rate_add,
    COMMUTATOR = OPERATOR(govindex.+)
);
COMMENT ON OPERATOR govindex.+ (govindex.rate, govindex.rate) IS
    'Sum of two rates, part by part';

-- Aggregates.  The state is a rate (not internal) so that parallel plans and
-- distributed shards can ship partial states and combine them.

CREATE FUNCTION govindex.rate_agg_transfn(govindex.rate, boolean) RETURNS govindex.rate
    AS 'MODULE_PATHNAME', 'rate_agg_transfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_agg_transfn(govindex.rate, boolean) IS
    'Transition function of rate_agg(boolean): counts one row, and one true';

CREATE FUNCTION govindex.rate_combine(govindex.rate, govindex.rate) RETURNS govindex.rate
    AS 'MODULE_PATHNAME', 'rate_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_combine(govindex.rate, govindex.rate) IS
    'Transition function of sum(rate) and combine function of rate_agg and sum: adds the second rate into the first';

CREATE AGGREGATE govindex.rate_agg(boolean) (
    SFUNC = govindex.rate_agg_transfn,
    STYPE = govindex.rate,
    COMBINEFUNC = govindex.rate_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.rate_agg(boolean) IS
    'Share of true among non-null values: count of true / count of non-null; 0/0 when there are none';

CREATE AGGREGATE govindex.sum(govindex.rate) (
    SFUNC = govindex.rate_combine,
    STYPE = govindex.rate,
    COMBINEFUNC = govindex.rate_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.sum(govindex.rate) IS
    'Sum of rates, part by part (NULLs ignored); 0/0 when there are none';

-- Comparison: by value, equal values by denominator (1/2 < 2/4), 0/0 first.
-- Equal means equal parts, so 1/2 and 2/4 are distinct in DISTINCT and GROUP BY.

CREATE FUNCTION govindex.rate_cmp(govindex.rate, govindex.rate) RETURNS int4
    AS 'MODULE_PATHNAME', 'rate_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_cmp(govindex.rate, govindex.rate) IS
    'Orders rates: 0/0 first, then by value, equal values by denominator; -1, 0 or 1';

CREATE FUNCTION govindex.rate_eq(govindex.rate, govindex.rate) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rate_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_eq(govindex.rate, govindex.rate) IS
    'Whether two rates have equal numerators and equal denominators';
CREATE FUNCTION govindex.rate_ne(govindex.rate, govindex.rate) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rate_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_ne(govindex.rate, govindex.rate) IS
    'Whether two rates differ in numerator or denominator';
CREATE FUNCTION govindex.rate_lt(govindex.rate, govindex.rate) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rate_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_lt(govindex.rate, govindex.rate) IS
    'Whether the first rate sorts before the second';
CREATE FUNCTION govindex.rate_le(govindex.rate, govindex.rate) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rate_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_le(govindex.rate, govindex.rate) IS
    'Whether the first rate sorts before or equals the second';
CREATE FUNCTION govindex.rate_gt(govindex.rate, govindex.rate) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rate_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_gt(govindex.rate, govindex.rate) IS
    'Whether the first rate sorts after the second';
CREATE FUNCTION govindex.rate_ge(govindex.rate, govindex.rate) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rate_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_ge(govindex.rate, govindex.rate) IS
    'Whether the first rate sorts after or equals the second';

CREATE OPERATOR govindex.= (
    LEFTARG = govindex.rate, RIGHTARG = govindex.rate, FUNCTION = govindex.rate_eq,
    COMMUTATOR = OPERATOR(govindex.=), NEGATOR = OPERATOR(govindex.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR govindex.<> (
    LEFTARG = govindex.rate, RIGHTARG = govindex.rate, FUNCTION = govindex.rate_ne,
    COMMUTATOR = OPERATOR(govindex.<>), NEGATOR = OPERATOR(govindex.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR govindex.< (
    LEFTARG = govindex.rate, RIGHTARG = govindex.rate, FUNCTION = govindex.rate_lt,
    COMMUTATOR = OPERATOR(govindex.>), NEGATOR = OPERATOR(govindex.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR govindex.<= (
    LEFTARG = govindex.rate, RIGHTARG = govindex.rate, FUNCTION = govindex.rate_le,
    COMMUTATOR = OPERATOR(govindex.>=), NEGATOR = OPERATOR(govindex.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR govindex.> (
    LEFTARG = govindex.rate, RIGHTARG = govindex.rate, FUNCTION = govindex.rate_gt,
    COMMUTATOR = OPERATOR(govindex.<), NEGATOR = OPERATOR(govindex.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR govindex.>= (
    LEFTARG = govindex.rate, RIGHTARG = govindex.rate, FUNCTION = govindex.rate_ge,
    COMMUTATOR = OPERATOR(govindex.<=), NEGATOR = OPERATOR(govindex.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR govindex.= (govindex.rate, govindex.rate) IS 'equal parts';
COMMENT ON OPERATOR govindex.<> (govindex.rate, govindex.rate) IS 'different parts';
COMMENT ON OPERATOR govindex.< (govindex.rate, govindex.rate) IS 'sorts before';
COMMENT ON OPERATOR govindex.<= (govindex.rate, govindex.rate) IS 'sorts before or equal';
COMMENT ON OPERATOR govindex.> (govindex.rate, govindex.rate) IS 'sorts after';
COMMENT ON OPERATOR govindex.>= (govindex.rate, govindex.rate) IS 'sorts after or equal';

CREATE FUNCTION govindex.rate_hash(govindex.rate) RETURNS int4
    AS 'MODULE_PATHNAME', 'rate_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_hash(govindex.rate) IS
    'Hash of a rate, consistent with =';
CREATE FUNCTION govindex.rate_hash_extended(govindex.rate, int8) RETURNS int8
    AS 'MODULE_PATHNAME', 'rate_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.rate_hash_extended(govindex.rate, int8) IS
    '64-bit seeded hash of a rate, consistent with =';

CREATE OPERATOR CLASS govindex.rate_ops
    DEFAULT FOR TYPE govindex.rate USING btree AS
        OPERATOR 1 govindex.<,
        OPERATOR 2 govindex.<=,
        OPERATOR 3 govindex.=,
        OPERATOR 4 govindex.>=,
        OPERATOR 5 govindex.>,
        FUNCTION 1 govindex.rate_cmp(govindex.rate, govindex.rate);

CREATE OPERATOR CLASS govindex.rate_hash_ops
    DEFAULT FOR TYPE govindex.rate USING hash AS
        OPERATOR 1 govindex.=,
        FUNCTION 1 govindex.rate_hash(govindex.rate),
        FUNCTION 2 govindex.rate_hash_extended(govindex.rate, int8);

-- ---- src/arguments.sql
-- arguments.sql — the checks of the reports' arguments.  A report asked for an
-- infinite or absurd window, a moment in year 294276, a range of days that would make
-- thousands of weeks, or a million procedure codes gets an error at once, naming the
-- argument, instead of a loop, a bare "timestamp out of range" or minutes of work.
--
-- Reports are inlined SQL (unit_stats.sql), which cannot raise an error itself: each
-- check returns its argument (or true) when it is sound and raises otherwise, and the
-- reports call it where its result is needed before any work starts (a one-time filter,
-- or the bound of a series).  IMMUTABLE, so a constant argument is checked once, when
-- the query is planned.

-- Moments and days that a report may name: the years 1900 to 2200.
CREATE FUNCTION govindex.checked_moment(t timestamptz, argument text)
RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF t IS NULL THEN
        RAISE EXCEPTION 'argument "%" must not be null', argument
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(t) OR t < '1900-01-01 00:00+07' OR t >= '2201-01-01 00:00+07' THEN
        RAISE EXCEPTION 'argument "%" is %, outside the years 1900 to 2200 that govindex reports on', argument, t
            USING ERRCODE = 'datetime_field_overflow',
                  HINT = 'Give a moment with its year, e.g. ''2023-12-31 17:00+07''.';
    END IF;
    RETURN t;
END $$;
COMMENT ON FUNCTION govindex.checked_moment(timestamptz, text) IS
    'The moment, checked: not NULL, finite, in the years 1900 to 2200; else an error naming the argument — Kiểm tra thời điểm';

CREATE FUNCTION govindex.checked_day(d date, argument text)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF d IS NULL THEN
        RAISE EXCEPTION 'argument "%" must not be null', argument
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(d) OR d < '1900-01-01' OR d >= '2201-01-01' THEN
        RAISE EXCEPTION 'argument "%" is %, outside the years 1900 to 2200 that govindex reports on', argument, d
            USING ERRCODE = 'datetime_field_overflow',
                  HINT = 'Give a day with its year, e.g. ''2023-12-31''.';
    END IF;
    RETURN d;
END $$;
COMMENT ON FUNCTION govindex.checked_day(date, text) IS
    'The day, checked: not NULL, finite, in the years 1900 to 2200; else an error naming the argument — Kiểm tra ngày';

-- A report's window: not NULL, not empty, both bounds given and in the years 1900 to 2200.
CREATE FUNCTION govindex.checked_window(w tstzrange, argument text)
RETURNS tstzrange
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF w IS NULL THEN
        RAISE EXCEPTION 'argument "%" must not be null', argument
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give a window such as tstzrange(''2023-01-01 00:00+07'', ''2024-01-01 00:00+07'').';
    END IF;
    IF isempty(w) THEN
        RAISE EXCEPTION 'argument "%" is an empty window', argument
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a window such as tstzrange(''2023-01-01 00:00+07'', ''2024-01-01 00:00+07'').';
    END IF;
    IF lower_inf(w) OR upper_inf(w) OR NOT isfinite(lower(w)) OR NOT isfinite(upper(w)) THEN
        RAISE EXCEPTION 'argument "%" is %, a window without an end', argument, w
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a window such as tstzrange(''2023-01-01 00:00+07'', ''2024-01-01 00:00+07'').';
    END IF;
    IF lower(w) < '1900-01-01 00:00+07' OR upper(w) > '2201-01-01 00:00+07' THEN
        RAISE EXCEPTION 'argument "%" is %, outside the years 1900 to 2200 that govindex reports on', argument, w
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    RETURN w;
END $$;
COMMENT ON FUNCTION govindex.checked_window(tstzrange, text) IS
    'The window, checked: not NULL, not empty, both bounds finite and in the years 1900 to 2200; else an error naming the argument — Kiểm tra kỳ đánh giá';

-- A range of days split into ISO weeks: the first not after the last, at most 20 years.
CREATE FUNCTION govindex.checked_days(first_day date, last_day date)
RETURNS daterange
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.checked_day(first_day, 'first_day'), govindex.checked_day(last_day, 'last_day');
    IF last_day < first_day THEN
        RAISE EXCEPTION 'argument "last_day" (%) is before argument "first_day" (%)', last_day, first_day
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF last_day - first_day > 7305 THEN
        RAISE EXCEPTION 'days % to % span more than 20 years', first_day, last_day
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for at most 20 years (1,044 weeks) at a time.';
    END IF;
    RETURN daterange(first_day, last_day, '[]');
END $$;
COMMENT ON FUNCTION govindex.checked_days(date, date) IS
    'The days first_day to last_day, checked: each a sound day, the first not after the last, at most 20 years; else an error — Kiểm tra khoảng ngày';

-- Array arguments are bounded: a million procedure codes passed to a report would make
-- it build and search a huge array for each row.  Functions taking an array call this
-- first (it returns true, so that an SQL function can call it in a WHERE clause).
CREATE FUNCTION govindex.check_array_argument(arr anyarray, argument text, max_elements int DEFAULT 10000)
RETURNS bool
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF cardinality(arr) > max_elements THEN
        RAISE EXCEPTION 'argument "%" has % elements, more than the % allowed', argument, cardinality(arr), max_elements
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN true;
END $$;
COMMENT ON FUNCTION govindex.check_array_argument(anyarray, text, int) IS
    'Refuses (22023) an array argument with more than max_elements elements (10,000 by default), naming the argument; returns true — Giới hạn số phần tử của tham số mảng';

-- Filters of a report: at most 10,000 procedure codes.
CREATE FUNCTION govindex.checked_codes(codes text[], argument text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.check_array_argument(codes, argument);
    RETURN codes;
END $$;
COMMENT ON FUNCTION govindex.checked_codes(text[], text) IS
    'The codes, checked: at most 10,000 of them (NULL stays NULL: no filter); else an error naming the argument — Kiểm tra danh sách mã';

-- The arguments of a report over a window, all at once: true, or an error.
CREATE FUNCTION govindex.report_arguments_sound("window" tstzrange, procedure_codes text[] DEFAULT NULL)
RETURNS bool
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT govindex.checked_window("window", 'window') IS NOT NULL
       AND (procedure_codes IS NULL OR govindex.checked_codes(procedure_codes, 'procedure_codes') IS NOT NULL);
END;
COMMENT ON FUNCTION govindex.report_arguments_sound(tstzrange, text[]) IS
    'True when a report''s window and procedure codes are sound (checked_window, checked_codes); an error otherwise — Kiểm tra tham số báo cáo';

-- ---- src/units.sql
-- units.sql — the tree of evaluated units (province, departments, districts, communes).
-- Levels are data, not an enum: provinces change their structure (districts were
-- abolished on 1 July 2025), and a province may evaluate levels of its own.

CREATE TABLE govindex.unit_levels (
    level     text PRIMARY KEY CHECK (level ~ '^[a-z][a-z0-9_]*$'),
    depth     int  NOT NULL CHECK (depth >= 0),
    name_vi   text NOT NULL,
    name_en   text NOT NULL
);
COMMENT ON TABLE govindex.unit_levels IS
    'Levels of evaluated units (province, department, district, commune, ...) — Cấp đơn vị được đánh giá';
COMMENT ON COLUMN govindex.unit_levels.level IS 'Level code, lower case — Mã cấp';
COMMENT ON COLUMN govindex.unit_levels.depth IS
    'Usual depth in the tree, 0 for the province; for ordering reports — Độ sâu thông thường trong cây (tỉnh = 0)';
COMMENT ON COLUMN govindex.unit_levels.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.unit_levels.name_en IS 'English name — Tên tiếng Anh';

INSERT INTO govindex.unit_levels (level, depth, name_vi, name_en) VALUES
    ('province',   0, 'Cấp tỉnh',               'Province'),
    ('department', 1, 'Sở, ban, ngành',         'Provincial department'),
    ('district',   1, 'Cấp huyện',              'District'),
    ('commune',    2, 'Cấp xã',                 'Commune, ward or town');

CREATE TABLE govindex.units (
    id            int  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code          text NOT NULL UNIQUE CHECK (code <> ''),
    name_vi       text NOT NULL CHECK (name_vi <> ''),
    name_en       text,
    level         text NOT NULL REFERENCES govindex.unit_levels (level) ON UPDATE CASCADE,
    parent_id     int  REFERENCES govindex.units (id),
    valid_from    date NOT NULL DEFAULT '-infinity',
    valid_to      date,
    successor_id  int  REFERENCES govindex.units (id),
    CONSTRAINT units_not_own_parent CHECK (parent_id <> id),
    CONSTRAINT units_not_own_successor CHECK (successor_id <> id),
    CONSTRAINT units_valid_period CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT units_successor_after_end CHECK (successor_id IS NULL OR valid_to IS NOT NULL)
);
CREATE INDEX units_parent_idx ON govindex.units (parent_id);
COMMENT ON TABLE govindex.units IS
    'Evaluated units as a tree of any depth; merged units point to their successor — Đơn vị được đánh giá (cây nhiều cấp; đơn vị sáp nhập trỏ tới đơn vị kế thừa)';
COMMENT ON COLUMN govindex.units.id IS 'Surrogate key — Khóa nội bộ';
COMMENT ON COLUMN govindex.units.code IS
    'Unit code as the national portal uses it, e.g. H44 or H44.07 — Mã đơn vị theo Cổng DVCQG';
COMMENT ON COLUMN govindex.units.name_vi IS 'Vietnamese name — Tên đơn vị';
COMMENT ON COLUMN govindex.units.name_en IS 'English name, optional — Tên tiếng Anh (không bắt buộc)';
COMMENT ON COLUMN govindex.units.level IS 'Level, from unit_levels — Cấp đơn vị';
COMMENT ON COLUMN govindex.units.parent_id IS 'Parent unit; NULL for a root (province) — Đơn vị cấp trên';
COMMENT ON COLUMN govindex.units.valid_from IS 'First day the unit exists — Ngày bắt đầu hiệu lực';
COMMENT ON COLUMN govindex.units.valid_to IS
    'First day the unit no longer exists (exclusive); NULL while it exists — Ngày hết hiệu lực (không bao gồm)';
COMMENT ON COLUMN govindex.units.successor_id IS
    'Unit that took over after a merger, whose reports include this unit''s history — Đơn vị kế thừa sau sáp nhập';

-- Tree changes take one lock, a table lock on unit_levels in SHARE ROW EXCLUSIVE mode:
-- it conflicts with itself, not with the locks writing units takes (its key checks take
-- ROW SHARE on unit_levels), and only a role that may change unit_levels can take it.
-- (An advisory lock can be taken by anyone, who could then hold every tree change back.)
CREATE FUNCTION govindex.lock_unit_tree() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, govindex, pg_temp AS $$
    LOCK TABLE govindex.unit_levels IN SHARE ROW EXCLUSIVE MODE;
$$;
COMMENT ON FUNCTION govindex.lock_unit_tree() IS
    'Takes the lock that serializes changes of the unit tree (units_check_tree, merge_unit) until the end of the transaction';

-- A unit may not be its own ancestor, the tree is at most 32 levels deep (the province
-- is level 1), and successors may not form a cycle.  Tree changes take one lock, so
-- that two moves that each leave the tree sound cannot commit a cycle together: the
-- second waits for the first and, in READ COMMITTED, reads it (each query of the check
-- takes a new snapshot); under REPEATABLE READ or SERIALIZABLE, whose snapshot
-- predates the lock, the check locks the rows it reads, which fails (40001) on a row a
-- concurrent move changed.  Walks are
-- bounded by the depth, so a check reads at most 32 rows up and one subtree down.
CREATE FUNCTION govindex.units_max_depth() RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp
RETURN 32;
COMMENT ON FUNCTION govindex.units_max_depth() IS
    'The deepest a unit tree (parents) or a chain of successors may be: 32 levels — Số cấp tối đa của cây đơn vị';

CREATE FUNCTION govindex.units_check_tree() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    max_depth  constant int := govindex.units_max_depth();
    locking    constant bool := current_setting('transaction_isolation') IN ('repeatable read', 'serializable');
    cur        int;
    next       int;
    cur_code   text;
    chain      text[] := ARRAY[NEW.code];
    height     int;
BEGIN
    PERFORM govindex.lock_unit_tree();
    IF NEW.parent_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.parent_id IS DISTINCT FROM OLD.parent_id) THEN
        cur := NEW.parent_id;
        LOOP
            IF locking THEN
                SELECT u.code, u.parent_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur FOR SHARE;
            ELSE
                SELECT u.code, u.parent_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur;
            END IF;
            EXIT WHEN NOT FOUND;
            chain := chain || cur_code;
            IF cur = NEW.id THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: the tree would have a cycle',
                        NEW.code, chain[2]
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Parents upwards from %s: %s.', NEW.code, array_to_string(chain, ' → ')),
                          HINT = 'A unit''s parent must not be the unit itself or one of its descendants.';
            END IF;
            IF cardinality(chain) > max_depth THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: the tree would be deeper than % levels',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Parents upwards from %s: %s → ….', NEW.code, array_to_string(chain, ' → '));
            END IF;
            EXIT WHEN next IS NULL;
            cur := next;
        END LOOP;
        -- a unit moved with its subtree: the deepest descendant must fit too
        IF TG_OP = 'UPDATE' THEN
            WITH RECURSIVE down (id, depth) AS (
                SELECT NEW.id, 0
                UNION ALL
                SELECT u.id, d.depth + 1 FROM down d JOIN govindex.units u ON u.parent_id = d.id
                 WHERE d.depth < max_depth AND u.id <> NEW.id
            )
            SELECT max(depth) INTO height FROM down;
            IF cardinality(chain) + height > max_depth THEN
                RAISE EXCEPTION 'unit % cannot be placed under unit %: with its descendants the tree would be deeper than % levels',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('%s is at level %s and has descendants %s levels below it.',
                                          NEW.code, cardinality(chain), height);
            END IF;
        END IF;
    END IF;
    IF NEW.successor_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.successor_id IS DISTINCT FROM OLD.successor_id) THEN
        chain := ARRAY[NEW.code];
        cur := NEW.successor_id;
        LOOP
            IF locking THEN
                SELECT u.code, u.successor_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur FOR SHARE;
            ELSE
                SELECT u.code, u.successor_id INTO cur_code, next FROM govindex.units u WHERE u.id = cur;
            END IF;
            EXIT WHEN NOT FOUND;
            chain := chain || cur_code;
            IF cur = NEW.id THEN
                RAISE EXCEPTION 'unit % cannot have % as its successor: the successors would form a cycle', NEW.code, chain[2]
                    USING ERRCODE = 'integrity_constraint_violation',
                          DETAIL = format('Successors from %s: %s.', NEW.code, array_to_string(chain, ' → '));
            END IF;
            IF cardinality(chain) > max_depth THEN
                RAISE EXCEPTION 'unit % cannot have % as its successor: the chain of successors would be longer than % units',
                        NEW.code, chain[2], max_depth
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            EXIT WHEN next IS NULL;
            cur := next;
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.units_check_tree() IS
    'Constraint trigger: no cycle of parents or of successors, at most units_max_depth() levels; tree changes are serialized by a lock';

CREATE CONSTRAINT TRIGGER units_tree_has_no_cycle
    AFTER INSERT OR UPDATE OF parent_id, successor_id ON govindex.units
    FOR EACH ROW EXECUTE FUNCTION govindex.units_check_tree();

-- Every unit of a subtree, with its depth below the root; history of merged units is
-- followed through successor links so that today's unit reports what its
-- predecessors did.
CREATE FUNCTION govindex.unit_subtree(root_code text, include_predecessors bool DEFAULT true)
RETURNS TABLE (unit_id int, code text, depth int)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    WITH RECURSIVE tree (unit_id, code, depth, path) AS (
        SELECT u.id, u.code, 0, ARRAY[u.id] FROM govindex.units u WHERE u.code = root_code
        UNION ALL
        SELECT c.id, c.code, t.depth + CASE WHEN c.successor_id = t.unit_id THEN 0 ELSE 1 END,
               t.path || c.id
          FROM tree t
          JOIN govindex.units c
            ON c.parent_id = t.unit_id
            OR (include_predecessors AND c.successor_id = t.unit_id)
         WHERE NOT c.id = ANY (t.path)
    )
    SELECT DISTINCT ON (unit_id) unit_id, code, depth FROM tree ORDER BY unit_id, depth;
$$;
COMMENT ON FUNCTION govindex.unit_subtree(text, bool) IS
    'Units of the subtree rooted at a unit code (the root included, depth 0), with merged predecessors when asked — Các đơn vị thuộc cây con';

-- Merge one unit into another: history rolls up into the successor from then on.
CREATE FUNCTION govindex.merge_unit(merged_code text, successor_code text, effective date)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    merged  govindex.units;
    succ_id int;
    chain   text;
BEGIN
    -- the same lock as the tree check: the checks below read what concurrent changes committed
    PERFORM govindex.lock_unit_tree();
    SELECT * INTO merged FROM govindex.units WHERE code = merged_code FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown unit %', merged_code USING ERRCODE = 'no_data_found';
    END IF;
    SELECT id INTO succ_id FROM govindex.units WHERE code = successor_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown unit %', successor_code USING ERRCODE = 'no_data_found';
    END IF;
    IF effective IS NULL OR effective <= merged.valid_from THEN
        RAISE EXCEPTION 'unit % cannot end on %: it starts on %', merged_code, effective, merged.valid_from
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF succ_id = merged.id THEN
        RAISE EXCEPTION 'unit % cannot be merged into itself', merged_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the successor must not be one of the merged unit's descendants (a province into its commune)
    WITH RECURSIVE up (id, code, parent_id, n) AS (
        SELECT u.id, u.code, u.parent_id, 1 FROM govindex.units u WHERE u.id = succ_id
        UNION ALL
        SELECT u.id, u.code, u.parent_id, up.n + 1 FROM up JOIN govindex.units u ON u.id = up.parent_id
         WHERE up.id <> merged.id AND up.n <= govindex.units_max_depth()
    )
    SELECT string_agg(code, ' → ' ORDER BY n) INTO chain FROM up WHERE EXISTS (SELECT FROM up WHERE id = merged.id);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'unit % cannot be merged into unit %, one of its own descendants', merged_code, successor_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Parents upwards from %s: %s.', successor_code, chain);
    END IF;
    -- nor one that, through its own successors, ends in the merged unit
    WITH RECURSIVE later (id, code, successor_id, n) AS (
        SELECT u.id, u.code, u.successor_id, 1 FROM govindex.units u WHERE u.id = succ_id
        UNION ALL
        SELECT u.id, u.code, u.successor_id, l.n + 1 FROM later l JOIN govindex.units u ON u.id = l.successor_id
         WHERE l.id <> merged.id AND l.n <= govindex.units_max_depth()
    )
    SELECT string_agg(code, ' → ' ORDER BY n) INTO chain FROM later WHERE EXISTS (SELECT FROM later WHERE id = merged.id);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'unit % cannot be merged into unit %: the successors would form a cycle', merged_code, successor_code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Successors from %s: %s.', successor_code, chain);
    END IF;
    UPDATE govindex.units SET valid_to = effective, successor_id = succ_id WHERE id = merged.id;
END $$;
COMMENT ON FUNCTION govindex.merge_unit(text, text, date) IS
    'Ends a unit on a date and names its successor, whose reports then include its history; refuses a successor that is the unit, one of its descendants, or ends in it through its own successors (22023) — Sáp nhập đơn vị';

SELECT pg_catalog.pg_extension_config_dump('govindex.unit_levels', $$WHERE level NOT IN ('province', 'department', 'district', 'commune')$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.units', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.units_id_seq', '');

-- ---- src/procedures.sql
-- procedures.sql — the catalogue of administrative procedures (thủ tục hành chính).

CREATE TYPE govindex.service_level AS ENUM ('full_online', 'partial_online', 'information');
COMMENT ON TYPE govindex.service_level IS
    'Online service level: full-process online, partial online, information only — Mức độ DVC: toàn trình, một phần, chỉ cung cấp thông tin';

CREATE TYPE govindex.procedure_subject AS ENUM ('citizen', 'organization', 'both');
COMMENT ON TYPE govindex.procedure_subject IS
    'Who files the procedure: citizens, organizations or both — Đối tượng thực hiện: cá nhân, tổ chức, cả hai';

CREATE TYPE govindex.time_unit AS ENUM ('working_day', 'working_hour');
COMMENT ON TYPE govindex.time_unit IS
    'Unit of a legal time limit: working days or working hours — Đơn vị thời hạn giải quyết: ngày làm việc, giờ làm việc';

CREATE TABLE govindex.procedures (
    id                     int  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code                   text NOT NULL UNIQUE CHECK (code <> ''),
    name_vi                text NOT NULL CHECK (name_vi <> ''),
    field                  text,
    authority_level        text REFERENCES govindex.unit_levels (level) ON UPDATE CASCADE,
    service_level          govindex.service_level NOT NULL DEFAULT 'information',
    paper_result_required  bool NOT NULL DEFAULT false,
    full_process_eligible  bool NOT NULL DEFAULT false,
    fee_bearing            bool NOT NULL DEFAULT false,
    subject                govindex.procedure_subject NOT NULL DEFAULT 'both',
    project06              bool NOT NULL DEFAULT false,
    time_limit             numeric(8,2) CHECK (time_limit >= 0),
    time_limit_unit        govindex.time_unit NOT NULL DEFAULT 'working_day'
);
COMMENT ON TABLE govindex.procedures IS
    'Catalogue of administrative procedures — Danh mục thủ tục hành chính';
COMMENT ON COLUMN govindex.procedures.id IS 'Surrogate key — Khóa nội bộ';
COMMENT ON COLUMN govindex.procedures.code IS
    'Procedure code in the national database, e.g. 2.000815 — Mã thủ tục trên CSDL quốc gia';
COMMENT ON COLUMN govindex.procedures.name_vi IS 'Vietnamese name — Tên thủ tục';
COMMENT ON COLUMN govindex.procedures.field IS 'Field (lĩnh vực), e.g. Hộ tịch — Lĩnh vực';
COMMENT ON COLUMN govindex.procedures.authority_level IS
    'Level of the unit that resolves it — Cấp có thẩm quyền giải quyết';
COMMENT ON COLUMN govindex.procedures.service_level IS
    'Online service level offered — Mức độ cung cấp dịch vụ công trực tuyến';
COMMENT ON COLUMN govindex.procedures.paper_result_required IS
    'The result is a paper document (so an electronic result counts for metric MDSH) — Kết quả là giấy tờ';
COMMENT ON COLUMN govindex.procedures.full_process_eligible IS
    'Eligible to be offered full-process online — Đủ điều kiện cung cấp DVC trực tuyến toàn trình';
COMMENT ON COLUMN govindex.procedures.fee_bearing IS 'Carries a fee or charge — Có phí, lệ phí';
COMMENT ON COLUMN govindex.procedures.subject IS 'Citizens, organizations or both — Đối tượng thực hiện';
COMMENT ON COLUMN govindex.procedures.project06 IS
    'One of the 25 essential public services of Project 06 — Thuộc 25 DVC thiết yếu của Đề án 06';
COMMENT ON COLUMN govindex.procedures.time_limit IS
    'Legal time limit, in time_limit_unit; NULL when the law sets none — Thời hạn giải quyết theo quy định';
COMMENT ON COLUMN govindex.procedures.time_limit_unit IS
    'Unit of the legal time limit — Đơn vị của thời hạn giải quyết';

CREATE INDEX procedures_field_idx ON govindex.procedures (field);

SELECT pg_catalog.pg_extension_config_dump('govindex.procedures', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.procedures_id_seq', '');

-- Which procedures each unit handles.  A unit without rows here handles the
-- procedures whose authority level is its own level.
CREATE TABLE govindex.unit_procedures (
    unit_id       int NOT NULL REFERENCES govindex.units (id) ON DELETE CASCADE,
    procedure_id  int NOT NULL REFERENCES govindex.procedures (id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, procedure_id)
);
CREATE INDEX unit_procedures_procedure_idx ON govindex.unit_procedures (procedure_id);
COMMENT ON TABLE govindex.unit_procedures IS
    'Procedures each unit handles; a unit with no rows handles those of its own authority level — Thủ tục thuộc thẩm quyền từng đơn vị';
COMMENT ON COLUMN govindex.unit_procedures.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.unit_procedures.procedure_id IS 'Procedure it handles — Thủ tục thuộc thẩm quyền';

SELECT pg_catalog.pg_extension_config_dump('govindex.unit_procedures', '');

-- ---- src/publications.sql
-- publications.sql — publication of procedures (công bố, công khai TTHC): the inputs of
-- the transparency metrics 1.1–1.3.

CREATE TABLE govindex.procedure_publications (
    id                bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit_id           int     NOT NULL REFERENCES govindex.units (id),
    procedure_id      int     NOT NULL REFERENCES govindex.procedures (id),
    decided_on        date    NOT NULL,
    publish_due       date,
    published_on      date,
    public_due        date,
    made_public_on    date,
    content_complete  bool    NOT NULL DEFAULT false,
    CONSTRAINT procedure_publications_due_after_decision CHECK (publish_due >= decided_on),
    CONSTRAINT procedure_publications_published_after_decision CHECK (published_on >= decided_on),
    CONSTRAINT procedure_publications_public_after_decision CHECK (made_public_on >= decided_on)
);
CREATE INDEX procedure_publications_unit_idx ON govindex.procedure_publications (unit_id);
COMMENT ON TABLE govindex.procedure_publications IS
    'Publication of procedures by a unit: decision, deadlines, publication on the portal and on the national database — Công bố, công khai thủ tục hành chính';
COMMENT ON COLUMN govindex.procedure_publications.id IS 'Surrogate key — Khóa nội bộ';
COMMENT ON COLUMN govindex.procedure_publications.unit_id IS 'Publishing unit (usually the province) — Đơn vị công bố';
COMMENT ON COLUMN govindex.procedure_publications.procedure_id IS 'Procedure — Thủ tục hành chính';
COMMENT ON COLUMN govindex.procedure_publications.decided_on IS
    'Date of the decision the publication follows (ministry''s announcement) — Ngày quyết định công bố của bộ, ngành';
COMMENT ON COLUMN govindex.procedure_publications.publish_due IS
    'Deadline to publish it (metric 1.1); NULL: the publication rule of deadline_rules after the decision — Hạn công bố';
COMMENT ON COLUMN govindex.procedure_publications.published_on IS
    'Published by the unit; NULL until it is — Ngày công bố';
COMMENT ON COLUMN govindex.procedure_publications.public_due IS
    'Deadline to make it public on the national database (metric 1.2); NULL: the public_disclosure rule of deadline_rules after publication (or after the publication deadline while unpublished) — Hạn công khai trên CSDL quốc gia';
COMMENT ON COLUMN govindex.procedure_publications.made_public_on IS
    'Made public or updated on the national database; NULL until it is — Ngày công khai, cập nhật trên CSDL quốc gia';
COMMENT ON COLUMN govindex.procedure_publications.content_complete IS
    'Every mandatory field is public (metric 1.3) — Công khai đầy đủ nội dung bắt buộc';

SELECT pg_catalog.pg_extension_config_dump('govindex.procedure_publications', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.procedure_publications_id_seq', '');

-- ---- src/dossiers.sql
-- dossiers.sql — dossiers (hồ sơ TTHC), partitioned by month of receipt, and the
-- batch loader that inserts new dossiers and updates known ones.

CREATE TYPE govindex.channel AS ENUM ('direct', 'online', 'postal');
COMMENT ON TYPE govindex.channel IS
    'How a dossier was filed (portal KenhThucHien 1, 2, 3) — Kênh thực hiện: trực tiếp, trực tuyến, bưu chính';

CREATE TYPE govindex.end_status AS ENUM ('finished', 'returned', 'stopped', 'withdrawn');
COMMENT ON TYPE govindex.end_status IS
    'How processing ended: finished, result returned, stopped or rejected, withdrawn by the citizen — Trạng thái kết thúc: đã giải quyết, đã trả kết quả, dừng/từ chối, rút hồ sơ';

CREATE TYPE govindex.payment_channel AS ENUM ('portal', 'local_gateway');
COMMENT ON TYPE govindex.payment_channel IS
    'Where a fee was paid online (portal DuocThanhToanTrucTuyen 1, 2) — Thanh toán trực tuyến qua Cổng DVCQG hoặc cổng của bộ, tỉnh';

CREATE TYPE govindex.citizen_rating AS ENUM ('like', 'dislike');
COMMENT ON TYPE govindex.citizen_rating IS 'A citizen''s rating of a dossier — Đánh giá của người dân';

CREATE TABLE govindex.dossiers (
    code                 text        NOT NULL,
    unit_id              int         NOT NULL,
    procedure_id         int         NOT NULL,
    channel              govindex.channel NOT NULL,
    submitted_at         timestamptz,
    received_at          timestamptz NOT NULL,
    due_at               timestamptz,
    ended_at             timestamptz,
    end_status           govindex.end_status,
    supplement_requests  smallint    NOT NULL DEFAULT 0,
    supplement_periods   tstzmultirange NOT NULL DEFAULT '{}',
    synced               bool        NOT NULL DEFAULT false,
    electronic_result    bool        NOT NULL DEFAULT false,
    digitized            bool        NOT NULL DEFAULT false,
    reused_data          bool        NOT NULL DEFAULT false,
    personal_store       bool        NOT NULL DEFAULT false,
    population_data      bool        NOT NULL DEFAULT false,
    paid_online          govindex.payment_channel,
    fee_amount           bigint,
    rating               govindex.citizen_rating,
    CONSTRAINT dossiers_code_not_empty CHECK (code <> ''),
    CONSTRAINT dossiers_received_after_submitted CHECK (received_at >= submitted_at),
    CONSTRAINT dossiers_ended_after_received CHECK (ended_at >= received_at),
    CONSTRAINT dossiers_due_after_received CHECK (due_at >= received_at),
    CONSTRAINT dossiers_end_status_with_end_time CHECK ((end_status IS NULL) = (ended_at IS NULL)),
    CONSTRAINT dossiers_supplement_requests_not_negative CHECK (supplement_requests >= 0),
    CONSTRAINT dossiers_supplement_periods_need_request
        CHECK (isempty(supplement_periods) OR supplement_requests > 0),
    CONSTRAINT dossiers_supplement_after_received
        CHECK (isempty(supplement_periods) OR lower(supplement_periods) >= received_at),
    CONSTRAINT dossiers_fee_not_negative CHECK (fee_amount >= 0)
) PARTITION BY RANGE (received_at);

-- The foreign keys to units and procedures and the indexes are declared on each
-- month's partition (create_dossier_partitions), not on this parent: the parent
-- belongs to the extension and the partitions do not, and pg_dump restores a
-- partition's own keys and indexes after its rows, but would attach the parent's
-- before (duplicate indexes, and keys checked before units and procedures are in).

COMMENT ON TABLE govindex.dossiers IS
    'Administrative-procedure dossiers, one row per dossier code, partitioned by month of receipt (Asia/Ho_Chi_Minh) — Hồ sơ thủ tục hành chính, phân vùng theo tháng tiếp nhận';
COMMENT ON COLUMN govindex.dossiers.code IS 'Dossier code, unique across all months — Mã hồ sơ (duy nhất)';
COMMENT ON COLUMN govindex.dossiers.unit_id IS 'Unit that received and resolves it — Đơn vị tiếp nhận, giải quyết';
COMMENT ON COLUMN govindex.dossiers.procedure_id IS 'Procedure — Thủ tục hành chính';
COMMENT ON COLUMN govindex.dossiers.channel IS 'Channel (KenhThucHien) — Kênh thực hiện';
COMMENT ON COLUMN govindex.dossiers.submitted_at IS 'Submitted (NgayNopHoSo) — Ngày nộp hồ sơ';
COMMENT ON COLUMN govindex.dossiers.received_at IS 'Received (NgayTiepNhan) — Ngày tiếp nhận';
COMMENT ON COLUMN govindex.dossiers.due_at IS 'Due for the result (NgayHenTra) — Ngày hẹn trả';
COMMENT ON COLUMN govindex.dossiers.ended_at IS
    'End of processing (NgayKetThucXuLy): finished, returned, stopped or withdrawn — Ngày kết thúc xử lý';
COMMENT ON COLUMN govindex.dossiers.end_status IS 'How processing ended; NULL while pending — Trạng thái kết thúc';
COMMENT ON COLUMN govindex.dossiers.supplement_requests IS
    'Number of supplement requests (more than one makes the dossier overdue) — Số lần yêu cầu bổ sung';
COMMENT ON COLUMN govindex.dossiers.supplement_periods IS
    'Intervals spent waiting for supplements, excluded from elapsed time; an open upper bound means still waiting — Các khoảng thời gian chờ bổ sung';
COMMENT ON COLUMN govindex.dossiers.synced IS 'Synchronised to the national portal — Đã đồng bộ lên Cổng DVCQG';
COMMENT ON COLUMN govindex.dossiers.electronic_result IS
    'An electronic result was issued (MaKetQua, DuongDanTepTinKetQua) — Có kết quả điện tử';
COMMENT ON COLUMN govindex.dossiers.digitized IS 'Dossier components digitized — Hồ sơ được số hóa';
COMMENT ON COLUMN govindex.dossiers.reused_data IS
    'Digitized data or results reused instead of asking again — Tái sử dụng dữ liệu số hóa';
COMMENT ON COLUMN govindex.dossiers.personal_store IS
    'Data taken from the citizen''s personal data store on the portal — Lấy từ kho dữ liệu cá nhân';
COMMENT ON COLUMN govindex.dossiers.population_data IS
    'Population database or VNeID used — Khai thác CSDL quốc gia về dân cư, VNeID';
COMMENT ON COLUMN govindex.dossiers.paid_online IS
    'Where the fee was paid online; NULL if not paid online — Thanh toán trực tuyến (kênh)';
COMMENT ON COLUMN govindex.dossiers.fee_amount IS 'Fee and charges in VND; NULL if no fee data — Phí, lệ phí (đồng)';
COMMENT ON COLUMN govindex.dossiers.rating IS 'Citizen''s rating; NULL if none — Đánh giá của người dân';

-- Dossier codes must be unique across partitions, which no index on a partitioned
-- table can enforce (a unique index must contain the partition key).  This table of
-- codes, kept by statement-level triggers, enforces it at one index insert per row.
CREATE TABLE govindex.dossier_codes (
    code text PRIMARY KEY
);
COMMENT ON TABLE govindex.dossier_codes IS
    'Every dossier code in govindex.dossiers, kept by triggers so that codes are unique across months — Danh mục mã hồ sơ';
COMMENT ON COLUMN govindex.dossier_codes.code IS 'Dossier code — Mã hồ sơ';

CREATE FUNCTION govindex.dossier_codes_add() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    duplicate text;
BEGIN
    INSERT INTO govindex.dossier_codes (code) SELECT code FROM new_rows;
    RETURN NULL;
EXCEPTION WHEN unique_violation THEN
    SELECT n.code INTO duplicate FROM new_rows n
     WHERE EXISTS (SELECT 1 FROM govindex.dossier_codes c WHERE c.code = n.code)
        OR (SELECT count(*) FROM new_rows m WHERE m.code = n.code) > 1
     LIMIT 1;
    RAISE EXCEPTION 'dossier % already exists', duplicate
        USING ERRCODE = 'unique_violation',
              HINT = 'Load dossiers with govindex.load_dossiers() to update existing ones.';
END $$;

CREATE FUNCTION govindex.dossier_codes_remove() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    DELETE FROM govindex.dossier_codes c USING old_rows o WHERE c.code = o.code;
    RETURN NULL;
END $$;

CREATE FUNCTION govindex.dossier_codes_clear() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    TRUNCATE govindex.dossier_codes;
    -- the partitions' truncate triggers may run again in this transaction
    PERFORM set_config('govindex.truncating_dossiers', '', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_codes_clear() IS
    'Trigger: forgets every dossier code when govindex.dossiers is truncated';

-- A TRUNCATE of the whole table is kept by the parent's AFTER TRUNCATE triggers (the
-- registry and the daily summaries are cleared): this flag tells the partitions'
-- triggers, which PostgreSQL fires too, to leave it to them.
CREATE FUNCTION govindex.dossiers_truncate_begin() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM set_config('govindex.truncating_dossiers', 'on', true);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossiers_truncate_begin() IS
    'Trigger: before govindex.dossiers is truncated, tells its partitions'' truncate triggers that the parent''s keep the books';

-- A partition truncated on its own (directly, or by TRUNCATE units/procedures CASCADE,
-- whose keys are on the partitions) first deletes its rows, so that its statement
-- triggers remove exactly its codes from the registry and mark exactly its days stale.
CREATE FUNCTION govindex.dossier_partition_truncate() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF current_setting('govindex.truncating_dossiers', true) IS DISTINCT FROM 'on' THEN
        EXECUTE format('DELETE FROM ONLY %s', TG_RELID::regclass);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_partition_truncate() IS
    'Trigger: before a dossier partition is truncated on its own, deletes its rows so that the code registry and the daily summaries follow';

CREATE FUNCTION govindex.dossier_code_is_fixed() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF NEW.code IS DISTINCT FROM OLD.code THEN
        RAISE EXCEPTION 'dossier % cannot be renamed to %', OLD.code, NEW.code
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'A dossier''s code is its identity: delete it and load it under the new code.';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER dossiers_codes_insert AFTER INSERT ON govindex.dossiers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_add();
CREATE TRIGGER dossiers_codes_delete AFTER DELETE ON govindex.dossiers
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_remove();
CREATE TRIGGER dossiers_codes_truncate AFTER TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_clear();
CREATE TRIGGER dossiers_truncate_begin BEFORE TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossiers_truncate_begin();
CREATE TRIGGER dossiers_code_fixed BEFORE UPDATE OF code ON govindex.dossiers
    FOR EACH ROW EXECUTE FUNCTION govindex.dossier_code_is_fixed();

-- Statement-level triggers fire only on the table a statement names: a write to a
-- partition itself skips the parent's.  Each partition gets the same bookkeeping
-- (code registry, stale days of the daily summaries) by the same trigger functions.
-- The list of (name, definition) is the one place that says which.
CREATE FUNCTION govindex.dossier_partition_triggers()
RETURNS TABLE (name text, definition text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    VALUES ('dossiers_codes_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_add()'),
           ('dossiers_codes_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_codes_remove()'),
           ('dossiers_days_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_days_update', 'AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_days_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written()'),
           ('dossiers_partition_truncate', 'BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_partition_truncate()');
$$;
COMMENT ON FUNCTION govindex.dossier_partition_triggers() IS
    'The bookkeeping triggers every partition of govindex.dossiers carries (name, definition with %s for the table) — Trigger của mỗi phân vùng hồ sơ';

-- Gives a partition the bookkeeping triggers it lacks; returns how many it created.
CREATE FUNCTION govindex.dossier_partition_add_triggers(part regclass)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    t record;
    created int := 0;
BEGIN
    IF part IS NULL THEN
        RAISE EXCEPTION 'part must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- on a table outside the dossiers, the triggers would register codes of no dossier
    IF NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = part AND i.inhparent = 'govindex.dossiers'::regclass) THEN
        RAISE EXCEPTION 'table % is not a partition of govindex.dossiers', part
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR t IN SELECT * FROM govindex.dossier_partition_triggers() x
              WHERE NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = part AND g.tgname = x.name)
    LOOP
        EXECUTE format('CREATE TRIGGER %I ', t.name) || format(t.definition, part);
        created := created + 1;
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.dossier_partition_add_triggers(regclass) IS
    'Creates on a partition of govindex.dossiers the bookkeeping triggers it lacks; returns how many — Tạo trigger cho phân vùng hồ sơ';

-- Partitions attached, detached or dropped by hand: PostgreSQL copies no statement
-- trigger and runs none on ATTACH, DETACH or DROP.  A partition (or a detached table)
-- with rows that the books do not have is refused; an empty one is fine: a partition
-- created with CREATE TABLE ... PARTITION OF gets the triggers at once, an empty table
-- attached gets them at the next create_dossier_partitions (a restore attaches empty
-- tables and creates their dumped triggers after their rows), a detached empty table
-- loses them.
CREATE FUNCTION govindex.dossier_partitions_guard() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    c record;
    part regclass;
BEGIN
    IF to_regclass('govindex.dossiers') IS NULL THEN
        RETURN;
    END IF;
    FOR c IN SELECT DISTINCT x.command_tag, x.objid FROM pg_event_trigger_ddl_commands() x
              WHERE x.classid = 'pg_class'::regclass AND x.command_tag IN ('CREATE TABLE', 'ALTER TABLE')
    LOOP
        IF c.command_tag = 'CREATE TABLE'
           AND EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.objid AND i.inhparent = 'govindex.dossiers'::regclass) THEN
            PERFORM govindex.dossier_partition_add_triggers(c.objid::regclass);
        ELSIF c.command_tag = 'ALTER TABLE' AND c.objid = 'govindex.dossiers'::regclass THEN
            -- attached: a partition without the triggers must be empty
            FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i
                         WHERE i.inhparent = 'govindex.dossiers'::regclass
                           AND NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = i.inhrelid
                                              AND g.tgfoid = 'govindex.dossier_codes_add()'::regprocedure)
            LOOP
                IF govindex.dossier_table_has_rows(part) THEN
                    RAISE EXCEPTION 'table % cannot become a partition of govindex.dossiers: it has rows', part
                        USING ERRCODE = 'object_not_in_prerequisite_state',
                              DETAIL = 'Its dossiers would be missing from the dossier code registry and the daily summaries.',
                              HINT = 'Attach an empty table (or use govindex.create_dossier_partitions) and load the rows with govindex.load_dossiers().';
                END IF;
            END LOOP;
            -- detached: a table that kept the triggers must be empty; it loses them
            FOR part IN SELECT DISTINCT g.tgrelid::regclass FROM pg_trigger g
                         WHERE g.tgfoid = 'govindex.dossier_codes_add()'::regprocedure
                           AND g.tgrelid <> 'govindex.dossiers'::regclass
                           AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = g.tgrelid
                                              AND i.inhparent = 'govindex.dossiers'::regclass)
            LOOP
                IF govindex.dossier_table_has_rows(part) THEN
                    RAISE EXCEPTION 'partition % cannot be detached from govindex.dossiers: it has rows', part
                        USING ERRCODE = 'object_not_in_prerequisite_state',
                              DETAIL = 'Its codes would stay in the dossier code registry and its days in the daily summaries.',
                              HINT = 'Copy its rows elsewhere and TRUNCATE the partition before detaching it.';
                END IF;
                EXECUTE (SELECT string_agg(format('DROP TRIGGER IF EXISTS %I ON %s;', x.name, part), ' ')
                           FROM govindex.dossier_partition_triggers() x);
            END LOOP;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION govindex.dossier_partitions_guard() IS
    'Event trigger: a partition of govindex.dossiers created by hand gets the bookkeeping triggers; attaching or detaching a partition with rows is refused';
CREATE EVENT TRIGGER govindex_dossier_partitions_guard ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION govindex.dossier_partitions_guard();

-- A dropped partition's rows leave no transition table: refuse the drop unless the
-- registry still holds exactly the codes of the remaining rows (each dossier's code
-- is registered once, so equal counts mean the dropped partition was empty).
CREATE FUNCTION govindex.dossier_partitions_drop_guard() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    dropped text;
BEGIN
    IF to_regclass('govindex.dossiers') IS NULL OR to_regclass('govindex.dossier_codes') IS NULL THEN
        RETURN;
    END IF;
    SELECT string_agg(DISTINCT split_part(o.object_identity, ' on ', 2), ', ') INTO dropped
      FROM pg_event_trigger_dropped_objects() o
     WHERE o.object_type = 'trigger' AND o.object_identity LIKE 'dossiers_codes_delete on %';
    IF dropped IS NOT NULL
       AND (SELECT count(*) FROM govindex.dossier_codes) <> (SELECT count(*) FROM govindex.dossiers) THEN
        RAISE EXCEPTION 'partition % of govindex.dossiers cannot be dropped: it has rows', dropped
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Its codes would stay in the dossier code registry and its days in the daily summaries.',
                  HINT = 'TRUNCATE the partition before dropping it.';
    END IF;
END $$;
COMMENT ON FUNCTION govindex.dossier_partitions_drop_guard() IS
    'Event trigger: dropping a partition of govindex.dossiers that has rows is refused';
CREATE EVENT TRIGGER govindex_dossier_partitions_drop_guard ON sql_drop
    WHEN TAG IN ('DROP TABLE')
    EXECUTE FUNCTION govindex.dossier_partitions_drop_guard();

CREATE FUNCTION govindex.dossier_table_has_rows(t regclass) RETURNS bool
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    found bool;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT FROM ONLY %s)', t) INTO found;
    RETURN found;
END $$;
COMMENT ON FUNCTION govindex.dossier_table_has_rows(regclass) IS
    'Whether a table has a row (for the partition guards)';

-- Monthly partitions, bounded at midnight in the province's time zone.
CREATE FUNCTION govindex.create_dossier_partitions(first_month date, last_month date)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    month   date;
    created int := 0;
    name    text;
    months  int;
    part    regclass;
BEGIN
    IF first_month IS NULL OR last_month IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', CASE WHEN first_month IS NULL THEN 'first_month' ELSE 'last_month' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(first_month) OR NOT isfinite(last_month) THEN
        RAISE EXCEPTION '% must be a finite date, not %',
                CASE WHEN NOT isfinite(first_month) THEN 'first_month' ELSE 'last_month' END,
                CASE WHEN NOT isfinite(first_month) THEN first_month ELSE last_month END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    IF last_month < first_month THEN
        RAISE EXCEPTION 'invalid month range % to %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month < '1900-01-01' OR last_month >= '9999-01-01' THEN
        RAISE EXCEPTION '% % is outside the years 1900 to 9998',
                CASE WHEN first_month < '1900-01-01' THEN 'first_month' ELSE 'last_month' END,
                CASE WHEN first_month < '1900-01-01' THEN first_month ELSE last_month END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    months := (extract(year FROM last_month) * 12 + extract(month FROM last_month))
            - (extract(year FROM first_month) * 12 + extract(month FROM first_month)) + 1;
    IF months > 240 THEN
        RAISE EXCEPTION 'month range % to % spans % months, more than the 240 one call may create',
                first_month, last_month, months
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Create the partitions a few years at a time; govindex.load_dossiers() creates the months its batch needs.';
    END IF;
    FOR month IN SELECT generate_series(date_trunc('month', first_month), last_month, interval '1 month')::date
    LOOP
        name := format('dossiers_%s', to_char(month, 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('govindex.%I', name)) IS NOT NULL;
        EXECUTE format('CREATE TABLE govindex.%I PARTITION OF govindex.dossiers FOR VALUES FROM (%L) TO (%L)',
                       name,
                       month::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                       (month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh');
        EXECUTE format('ALTER TABLE govindex.%1$I
                            ADD CONSTRAINT %2$I FOREIGN KEY (unit_id) REFERENCES govindex.units (id),
                            ADD CONSTRAINT %3$I FOREIGN KEY (procedure_id) REFERENCES govindex.procedures (id)',
                       name, name || '_unit_fkey', name || '_procedure_fkey');
        EXECUTE format('CREATE INDEX %I ON govindex.%I (code)', name || '_code_idx', name);
        EXECUTE format('CREATE INDEX %I ON govindex.%I (unit_id, received_at)', name || '_unit_received_idx', name);
        -- finds the dossiers still pending at a moment (NULL or a later end) among millions
        EXECUTE format('CREATE INDEX %I ON govindex.%I (ended_at)', name || '_ended_idx', name);
        EXECUTE format('COMMENT ON TABLE govindex.%I IS %L', name,
                       format('Dossiers received in %s — Hồ sơ tiếp nhận tháng %s', to_char(month, 'YYYY-MM'), to_char(month, 'MM/YYYY')));
        created := created + 1;
    END LOOP;
    -- every partition keeps the books, those just created and any attached by hand
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = 'govindex.dossiers'::regclass
    LOOP
        PERFORM govindex.dossier_partition_add_triggers(part);
    END LOOP;
    RETURN created;
END $$;
COMMENT ON FUNCTION govindex.create_dossier_partitions(date, date) IS
    'Creates the missing monthly partitions of govindex.dossiers (with their keys to units and procedures, their indexes and bookkeeping triggers) for the months from first_month to last_month, at most 240 months per call; returns how many it created — Tạo phân vùng theo tháng';

-- Receipt dates a batch may carry: from 1 January 2000 (before any one-door system) to
-- the end of the day one year after today (appointments booked ahead); a date outside
-- is a typo, and would create partitions for it.  SET govindex.receipt_horizon (an
-- interval from 0 to 10 years) moves the upper end.
CREATE FUNCTION govindex.plausible_receipt_range() RETURNS tstzrange
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    setting text := nullif(current_setting('govindex.receipt_horizon', true), '');
    horizon interval;
BEGIN
    BEGIN
        horizon := coalesce(setting, '1 year')::interval;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
        horizon := NULL;
    END;
    IF horizon IS NULL OR horizon < interval '0' OR horizon > interval '10 years' THEN
        RAISE EXCEPTION 'govindex.receipt_horizon must be an interval from 0 to 10 years, not "%"', setting
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN tstzrange('2000-01-01 00:00+07',
                     (((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 1) + horizon) AT TIME ZONE 'Asia/Ho_Chi_Minh');
END $$;
COMMENT ON FUNCTION govindex.plausible_receipt_range() IS
    'Receipt dates govindex.load_dossiers() accepts: from 2000-01-01 to the end of the day govindex.receipt_horizon (1 year by default) after today (Asia/Ho_Chi_Minh) — Khoảng ngày tiếp nhận hợp lệ';

-- The shape of a batch to load: codes instead of surrogate keys.
CREATE TYPE govindex.dossier_input AS (
    code                 text,
    unit_code            text,
    procedure_code       text,
    channel              govindex.channel,
    submitted_at         timestamptz,
    received_at          timestamptz,
    due_at               timestamptz,
    ended_at             timestamptz,
    end_status           govindex.end_status,
    supplement_requests  smallint,
    supplement_periods   tstzmultirange,
    synced               bool,
    electronic_result    bool,
    digitized            bool,
    reused_data          bool,
    personal_store       bool,
    population_data      bool,
    paid_online          govindex.payment_channel,
    fee_amount           bigint,
    rating               govindex.citizen_rating
);
COMMENT ON TYPE govindex.dossier_input IS
    'Columns of a batch for govindex.load_dossiers(): CREATE TEMP TABLE batch (LIKE govindex.dossier_input) — Cấu trúc lô hồ sơ cần nạp';

-- A batch argument of the loaders: not NULL, and with every column of its shape (a
-- composite type) under the same name and of a type that assigns to it.  Checked
-- first, so that a wrong table is named instead of failing inside a generated query.
CREATE FUNCTION govindex.check_batch(batch regclass, shape regtype, argument text DEFAULT 'batch')
RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    missing text;
    wrong   record;
BEGIN
    IF batch IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', coalesce(argument, 'batch')
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = format('Pass a table or view shaped like %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
    SELECT string_agg(e.attname, ', ' ORDER BY e.attnum) INTO missing
      FROM pg_attribute e
     WHERE e.attrelid = (SELECT typrelid FROM pg_type WHERE oid = shape) AND e.attnum > 0 AND NOT e.attisdropped
       AND NOT EXISTS (SELECT FROM pg_attribute b WHERE b.attrelid = batch AND b.attname = e.attname
                          AND b.attnum > 0 AND NOT b.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% % lacks column(s) % of %', coalesce(argument, 'batch'), batch, missing, shape
            USING ERRCODE = 'undefined_column',
                  HINT = format('A batch has the columns of %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
    SELECT b.attname, b.atttypid::regtype AS has, e.atttypid::regtype AS wants INTO wrong
      FROM pg_attribute e
      JOIN pg_attribute b ON b.attrelid = batch AND b.attname = e.attname AND b.attnum > 0 AND NOT b.attisdropped
     WHERE e.attrelid = (SELECT typrelid FROM pg_type WHERE oid = shape) AND e.attnum > 0 AND NOT e.attisdropped
       AND b.atttypid <> e.atttypid
       AND NOT EXISTS (SELECT FROM pg_cast c WHERE c.castsource = b.atttypid AND c.casttarget = e.atttypid
                          AND c.castcontext IN ('i', 'a'))
     ORDER BY e.attnum LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'column % of % % is of type %, not %', wrong.attname, coalesce(argument, 'batch'), batch,
                wrong.has, wrong.wants
            USING ERRCODE = 'datatype_mismatch',
                  HINT = format('A batch has the columns of %s: CREATE TEMP TABLE batch (LIKE %s).', shape, shape);
    END IF;
END $$;
COMMENT ON FUNCTION govindex.check_batch(regclass, regtype, text) IS
    'Checks a batch argument of a loader: not NULL (22004), every column of the shape present (42703) and of a type that assigns to it (42804) — Kiểm tra cấu trúc lô dữ liệu';

-- The first problem of a batch, or none; every check names the dossier.
CREATE FUNCTION govindex.dossier_batch_problems(batch regclass)
RETURNS TABLE (batch_row bigint, code text, sqlstate text, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    receipts tstzrange;
BEGIN
    PERFORM govindex.check_batch(batch, 'govindex.dossier_input', 'batch');
    receipts := govindex.plausible_receipt_range();   -- once, not for every row
    RETURN QUERY EXECUTE format($q$
        WITH b AS (SELECT row_number() OVER () AS batch_row, s.* FROM %s s),
        checked AS (
            SELECT b.batch_row, b.code,
                   CASE
                   WHEN b.code IS NULL OR b.code = '' THEN
                       ARRAY['23502', format('row %%s of the batch has no dossier code', b.batch_row)]
                   WHEN count(*) OVER (PARTITION BY b.code) > 1 THEN
                       ARRAY['23505', format('dossier %%s appears %%s times in the batch', b.code, count(*) OVER (PARTITION BY b.code))]
                   WHEN u.id IS NULL THEN
                       ARRAY['23503', format('dossier %%s: unknown unit %%s', b.code, coalesce(quote_literal(b.unit_code), 'NULL'))]
                   WHEN p.id IS NULL THEN
                       ARRAY['23503', format('dossier %%s: unknown procedure %%s', b.code, coalesce(quote_literal(b.procedure_code), 'NULL'))]
                   WHEN b.channel IS NULL THEN
                       ARRAY['23502', format('dossier %%s: channel is missing', b.code)]
                   WHEN b.received_at IS NULL THEN
                       ARRAY['23502', format('dossier %%s: received_at is missing', b.code)]
                   WHEN NOT b.received_at::timestamptz <@ $1 THEN
                       ARRAY['22008', format('dossier %%s: received at %%s, outside the plausible receipt dates %%s to %%s', b.code, b.received_at,
                                             to_char(lower($1) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'),
                                             to_char(upper($1) AT TIME ZONE 'Asia/Ho_Chi_Minh' - interval '1 day', 'YYYY-MM-DD'))]
                   WHEN b.received_at < b.submitted_at THEN
                       ARRAY['23514', format('dossier %%s: received at %%s, before it was submitted at %%s', b.code, b.received_at, b.submitted_at)]
                   WHEN b.ended_at < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: ended at %%s, before it was received at %%s', b.code, b.ended_at, b.received_at)]
                   WHEN b.due_at < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: due at %%s, before it was received at %%s', b.code, b.due_at, b.received_at)]
                   WHEN b.end_status IS NOT NULL AND b.ended_at IS NULL THEN
                       ARRAY['23514', format('dossier %%s: end status %%s without an end time', b.code, b.end_status)]
                   WHEN b.end_status IS NULL AND b.ended_at IS NOT NULL THEN
                       ARRAY['23514', format('dossier %%s: end time %%s without an end status', b.code, b.ended_at)]
                   WHEN b.supplement_requests < 0 THEN
                       ARRAY['23514', format('dossier %%s: negative supplement request count %%s', b.code, b.supplement_requests)]
                   WHEN NOT isempty(coalesce(b.supplement_periods, '{}')) AND coalesce(b.supplement_requests, 0) = 0 THEN
                       ARRAY['23514', format('dossier %%s: supplement periods without a supplement request', b.code)]
                   WHEN lower(b.supplement_periods) < b.received_at THEN
                       ARRAY['23514', format('dossier %%s: supplement period starts at %%s, before the dossier was received', b.code, lower(b.supplement_periods))]
                   WHEN b.fee_amount < 0 THEN
                       ARRAY['23514', format('dossier %%s: negative fee %%s', b.code, b.fee_amount)]
                   END AS verdict
              FROM b
              LEFT JOIN govindex.units u ON u.code = b.unit_code
              LEFT JOIN govindex.procedures p ON p.code = b.procedure_code
        )
        SELECT batch_row, code::text, verdict[1], verdict[2] FROM checked
         WHERE verdict IS NOT NULL ORDER BY batch_row$q$, batch) USING receipts;
END $$;
COMMENT ON FUNCTION govindex.dossier_batch_problems(regclass) IS
    'Lists every row of a batch that govindex.load_dossiers() would reject, with the reason — Kiểm tra lô hồ sơ trước khi nạp';

CREATE FUNCTION govindex.load_dossiers(batch regclass, OUT inserted bigint, OUT updated bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
    month         date;
BEGIN
    -- dossier_batch_problems checks the batch's shape first (check_batch)
    SELECT * INTO first_problem FROM govindex.dossier_batch_problems(batch) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.dossier_batch_problems(batch);
        RAISE EXCEPTION '%', first_problem.problem
            USING ERRCODE = first_problem.sqlstate,
                  DETAIL = format('Row %s of batch %s; %s row(s) of the batch have problems; nothing was loaded.',
                                  first_problem.batch_row, batch, problems),
                  HINT = format('SELECT * FROM govindex.dossier_batch_problems(%L) lists them all.', batch);
    END IF;

    -- the missing months that have dossiers, not every month between the first and the last
    FOR month IN EXECUTE format($q$SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                     FROM %s ORDER BY 1$q$, batch)
    LOOP
        CONTINUE WHEN to_regclass(format('govindex.dossiers_%s', to_char(month, 'YYYY_MM'))) IS NOT NULL;
        PERFORM govindex.create_dossier_partitions(month, month);
    END LOOP;

    EXECUTE format('DELETE FROM govindex.dossiers d USING %s b WHERE d.code = b.code', batch);
    GET DIAGNOSTICS updated = ROW_COUNT;

    EXECUTE format($q$
        INSERT INTO govindex.dossiers
        SELECT b.code, u.id, p.id, b.channel, b.submitted_at, b.received_at, b.due_at, b.ended_at,
               b.end_status, coalesce(b.supplement_requests, 0), coalesce(b.supplement_periods, '{}'),
               coalesce(b.synced, false), coalesce(b.electronic_result, false), coalesce(b.digitized, false),
               coalesce(b.reused_data, false), coalesce(b.personal_store, false),
               coalesce(b.population_data, false), b.paid_online, b.fee_amount, b.rating
          FROM %s b
          JOIN govindex.units u ON u.code = b.unit_code
          JOIN govindex.procedures p ON p.code = b.procedure_code$q$, batch);
    GET DIAGNOSTICS inserted = ROW_COUNT;
    inserted := inserted - updated;
END $$;
COMMENT ON FUNCTION govindex.load_dossiers(regclass) IS
    'Loads a batch (a table or view shaped like govindex.dossier_input): new codes are inserted, known codes updated; a bad row fails the whole batch naming the dossier — Nạp lô hồ sơ (thêm mới hoặc cập nhật)';

SELECT pg_catalog.pg_extension_config_dump('govindex.dossier_codes', '');

-- ---- src/petitions.sql
-- petitions.sql — citizens' petitions and feedback (phản ánh, kiến nghị: PAKN).

CREATE TYPE govindex.petition_kind AS ENUM ('procedure', 'staff');
COMMENT ON TYPE govindex.petition_kind IS
    'What a petition is about: regulations and procedures, or staff behaviour — Loại PAKN: quy định, TTHC hoặc hành vi cán bộ';

CREATE TABLE govindex.petitions (
    id                   bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    code                 text        NOT NULL UNIQUE CHECK (code <> ''),
    unit_id              int         NOT NULL REFERENCES govindex.units (id),
    kind                 govindex.petition_kind NOT NULL,
    received_at          timestamptz NOT NULL,
    due_at               timestamptz,
    ended_at             timestamptz,
    likes                int         NOT NULL DEFAULT 0,
    dislikes             int         NOT NULL DEFAULT 0,
    follow_up_complaint  bool        NOT NULL DEFAULT false,
    CONSTRAINT petitions_ended_after_received CHECK (ended_at >= received_at),
    CONSTRAINT petitions_due_after_received CHECK (due_at >= received_at),
    CONSTRAINT petitions_votes_not_negative CHECK (likes >= 0 AND dislikes >= 0)
);
CREATE INDEX petitions_unit_received_idx ON govindex.petitions (unit_id, received_at);

COMMENT ON TABLE govindex.petitions IS
    'Petitions and feedback on procedures or staff (PAKN) — Phản ánh, kiến nghị của người dân, doanh nghiệp';
COMMENT ON COLUMN govindex.petitions.id IS 'Surrogate key — Khóa nội bộ';
COMMENT ON COLUMN govindex.petitions.code IS 'Petition code — Mã PAKN';
COMMENT ON COLUMN govindex.petitions.unit_id IS 'Unit that handles it — Đơn vị xử lý';
COMMENT ON COLUMN govindex.petitions.kind IS 'About procedures or about staff — Loại PAKN';
COMMENT ON COLUMN govindex.petitions.received_at IS 'Received — Ngày tiếp nhận';
COMMENT ON COLUMN govindex.petitions.due_at IS 'Due for an answer — Hạn xử lý';
COMMENT ON COLUMN govindex.petitions.ended_at IS 'Answered; NULL while open — Ngày xử lý xong';
COMMENT ON COLUMN govindex.petitions.likes IS 'Citizens satisfied with the answer — Số lượt hài lòng';
COMMENT ON COLUMN govindex.petitions.dislikes IS 'Citizens dissatisfied with the answer — Số lượt không hài lòng';
COMMENT ON COLUMN govindex.petitions.follow_up_complaint IS
    'A complaint followed the answer — Có khiếu nại tiếp sau khi trả lời';

SELECT pg_catalog.pg_extension_config_dump('govindex.petitions', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.petitions_id_seq', '');

-- ---- src/holidays.sql
-- holidays.sql — days that differ from the Monday–Friday working week.

CREATE TYPE govindex.holiday_kind AS ENUM ('holiday', 'swapped_workday');
COMMENT ON TYPE govindex.holiday_kind IS
    'A day off on a weekday, or a weekend day worked to bridge a holiday — Ngày nghỉ lễ, hoặc ngày cuối tuần làm bù';

CREATE TABLE govindex.holidays (
    day      date NOT NULL PRIMARY KEY,
    kind     govindex.holiday_kind NOT NULL,
    name_vi  text NOT NULL CHECK (name_vi <> ''),
    name_en  text,
    CONSTRAINT holidays_swapped_workday_on_weekend
        CHECK (kind <> 'swapped_workday' OR extract(isodow FROM day) IN (6, 7)),
    -- a calendar spans at most 100 years (workcal): a typo such as 2204 would make every
    -- calendar built from the holidays, and every report, fail
    CONSTRAINT holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01')
);
COMMENT ON TABLE govindex.holidays IS
    'Public holidays and swapped working days that change the Monday–Friday week — Ngày nghỉ lễ, Tết và ngày làm bù';
COMMENT ON COLUMN govindex.holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';
COMMENT ON COLUMN govindex.holidays.kind IS
    'holiday: no work on this day; swapped_workday: a Saturday or Sunday worked — Loại ngày';
COMMENT ON COLUMN govindex.holidays.name_vi IS 'Vietnamese name, e.g. Tết Nguyên đán — Tên ngày lễ';
COMMENT ON COLUMN govindex.holidays.name_en IS 'English name — Tên tiếng Anh';

SELECT pg_catalog.pg_extension_config_dump('govindex.holidays', '');

-- The national calendar as shipped: the weekdays off and the weekend days worked for
-- civil servants, 2022–2027, as announced each year (Labour Code 2019, Art. 112: 1
-- January; Tết Nguyên đán 5 days; Hùng Kings' day 10/3 lunar; 30 April; 1 May;
-- 2 September plus an adjacent day; a holiday on a weekend is taken on the next working
-- day).  Kept apart from govindex.holidays, which holds the province's own rows (they
-- override a national row of the same day): this table belongs to the extension and is
-- recreated by CREATE EXTENSION, so pg_dump does not dump it and a restore does not
-- collide with it.  Rows marked provisional follow the Labour Code's rules before any
-- announcement; correct them with rows in govindex.holidays once it is published.
CREATE TABLE govindex.national_holidays (
    day          date NOT NULL PRIMARY KEY,
    kind         govindex.holiday_kind NOT NULL,
    name_vi      text NOT NULL CHECK (name_vi <> ''),
    name_en      text NOT NULL,
    provisional  bool NOT NULL DEFAULT false,
    source       text NOT NULL,
    CONSTRAINT national_holidays_swapped_workday_on_weekend
        CHECK (kind <> 'swapped_workday' OR extract(isodow FROM day) IN (6, 7)),
    CONSTRAINT national_holidays_holiday_on_weekday
        CHECK (kind <> 'holiday' OR extract(isodow FROM day) BETWEEN 1 AND 5),
    CONSTRAINT national_holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01')
);
COMMENT ON TABLE govindex.national_holidays IS
    'Shipped national calendar 2022–2027 for civil servants: weekdays off and swapped working days; override with rows in govindex.holidays — Lịch nghỉ lễ, Tết toàn quốc';
COMMENT ON COLUMN govindex.national_holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';
COMMENT ON COLUMN govindex.national_holidays.kind IS
    'holiday: a weekday off; swapped_workday: a Saturday or Sunday worked — Loại ngày';
COMMENT ON COLUMN govindex.national_holidays.name_vi IS 'Vietnamese name — Tên ngày lễ';
COMMENT ON COLUMN govindex.national_holidays.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.national_holidays.provisional IS
    'Derived from the Labour Code before the year''s official announcement — Dự kiến, chưa có thông báo chính thức';
COMMENT ON COLUMN govindex.national_holidays.source IS 'Where the date comes from — Nguồn';

INSERT INTO govindex.national_holidays (day, kind, name_vi, name_en, provisional, source) VALUES
-- 2022 (Nhâm Dần): 1/1 on Saturday; Tết 29/1–6/2; Hùng Kings' day Sunday 10/4;
-- 30/4 and 1/5 on Saturday and Sunday; 2/9 Friday with Thursday 1/9
('2022-01-03', 'holiday', 'Nghỉ bù Tết Dương lịch', 'New Year''s Day (in lieu)', false, 'Labour Code 2019 art. 111(3); MoLISA notice on 2022 holidays'),
('2022-01-31', 'holiday', 'Tết Nguyên đán Nhâm Dần (29 tháng Chạp)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-01', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 1)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-02', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 2)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-03', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 3)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-04', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 4)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-04-11', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (in lieu)', false, 'Labour Code 2019 art. 111(3): 10/3 lunar = Sunday 10/4/2022'),
('2022-05-02', 'holiday', 'Nghỉ bù Ngày Giải phóng miền Nam 30/4', 'Reunification Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 30/4/2022 was a Saturday'),
('2022-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế Lao động 1/5', 'Labour Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 1/5/2022 was a Sunday'),
('2022-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Prime Minister''s decision on National Day 2022: 1/9–4/9/2022'),
('2022-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'Labour Code 2019 art. 112'),
-- 2023 (Quý Mão): 1/1 on Sunday; Tết 20/1–26/1; Hùng Kings' day Saturday 29/4, 30/4
-- Sunday, 1/5 Monday: off 29/4–3/5; 2/9 Saturday: off 1/9–4/9
('2023-01-02', 'holiday', 'Nghỉ bù Tết Dương lịch', 'New Year''s Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 1/1/2023 was a Sunday'),
('2023-01-20', 'holiday', 'Tết Nguyên đán Quý Mão (29 tháng Chạp)', 'Lunar New Year', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-23', 'holiday', 'Tết Nguyên đán Quý Mão (mùng 2)', 'Lunar New Year', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-24', 'holiday', 'Tết Nguyên đán Quý Mão (mùng 3)', 'Lunar New Year', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-25', 'holiday', 'Nghỉ bù Tết Nguyên đán Quý Mão', 'Lunar New Year (in lieu)', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-26', 'holiday', 'Nghỉ bù Tết Nguyên đán Quý Mão', 'Lunar New Year (in lieu)', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2023-05-02', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (in lieu)', false, 'Labour Code 2019 art. 111(3): 10/3 lunar = Saturday 29/4/2023'),
('2023-05-03', 'holiday', 'Nghỉ bù Ngày Giải phóng miền Nam 30/4', 'Reunification Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 30/4/2023 was a Sunday'),
('2023-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Government Office notice of 1/12/2022: 1/9–4/9/2023'),
('2023-09-04', 'holiday', 'Nghỉ bù Quốc khánh', 'National Day (in lieu)', false, 'Government Office notice of 1/12/2022: 1/9–4/9/2023'),
-- 2024 (Giáp Thìn): Tết 8/2–14/2 (Thursday to Wednesday, no make-up day); Hùng Kings'
-- day Thursday 18/4; 29/4 off, worked on Saturday 4/5; 2/9 Monday with Tuesday 3/9
('2024-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', false, 'Labour Code 2019 art. 112'),
('2024-02-08', 'holiday', 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', 'Lunar New Year', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-09', 'holiday', 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)', 'Lunar New Year', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-12', 'holiday', 'Tết Nguyên đán Giáp Thìn (mùng 3)', 'Lunar New Year', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-13', 'holiday', 'Nghỉ bù Tết Nguyên đán Giáp Thìn', 'Lunar New Year (in lieu)', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-14', 'holiday', 'Nghỉ bù Tết Nguyên đán Giáp Thìn', 'Lunar New Year (in lieu)', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings'' Commemoration', false, 'Labour Code 2019 art. 112'),
('2024-04-29', 'holiday', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 4/5)', 'Swapped day off (worked on Saturday 4 May)', false, 'MoLISA notice on the 30/4–1/5/2024 swap: off 27/4–1/5, make-up Saturday 4/5/2024'),
('2024-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', false, 'Labour Code 2019 art. 112'),
('2024-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2024-05-04', 'swapped_workday', 'Làm bù cho ngày 29/4', 'Worked to make up for 29 April', false, 'MoLISA notice on the 30/4–1/5/2024 swap: make-up Saturday 4/5/2024'),
('2024-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'Labour Code 2019 art. 112; holiday 31/8–3/9/2024'),
('2024-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Prime Minister''s decision on National Day 2024: 31/8–3/9/2024'),
-- 2025 (Ất Tỵ): Tết 25/1–2/2 (weekdays 27/1–31/1); Hùng Kings' day Monday 7/4; 2/5
-- off, worked on Saturday 26/4; National Day Saturday 30/8 to Tuesday 2/9
('2025-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', false, 'Labour Code 2019 art. 112'),
('2025-01-27', 'holiday', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-28', 'holiday', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-29', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 1)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-30', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 2)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-31', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 3)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings'' Commemoration', false, 'Labour Code 2019 art. 112'),
('2025-04-26', 'swapped_workday', 'Làm bù cho ngày 2/5', 'Worked to make up for 2 May', false, 'Swap for 30/4–1/5/2025: off 30/4–4/5, make-up Saturday 26/4/2025'),
('2025-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', false, 'Labour Code 2019 art. 112'),
('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2025-05-02', 'holiday', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4)', 'Swapped day off (worked on Saturday 26 April)', false, 'Swap for 30/4–1/5/2025: off 30/4–4/5, make-up Saturday 26/4/2025'),
('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: National Day 30/8–2/9/2025'),
('2025-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: National Day 30/8–2/9/2025'),
-- 2026 (Bính Ngọ): 1/1 Thursday, 2/1 off, worked on Saturday 10/1; Tết 14/2–22/2
-- (weekdays 16/2–20/2); Hùng Kings' day Sunday 26/4; 2/9 Wednesday with Tuesday 1/9
('2026-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', false, 'Labour Code 2019 art. 112'),
('2026-01-02', 'holiday', 'Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/1)', 'Swapped day off (worked on Saturday 10 January)', false, 'Deputy Prime Minister''s approval of 25/12/2025: off 1/1–4/1/2026, make-up Saturday 10/1/2026'),
('2026-01-10', 'swapped_workday', 'Làm bù cho ngày 2/1', 'Worked to make up for 2 January', false, 'Deputy Prime Minister''s approval of 25/12/2025: make-up Saturday 10/1/2026'),
('2026-02-16', 'holiday', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-17', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 1)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-18', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 2)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-19', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 3)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-20', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 4)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (in lieu)', false, 'Labour Code 2019 art. 111(3): 10/3 lunar = Sunday 26/4/2026'),
('2026-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', false, 'Labour Code 2019 art. 112'),
('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Ministry of Home Affairs plan for 2026: 2/9 and the day before'),
('2026-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'Labour Code 2019 art. 112'),
-- 2027 (Đinh Mùi): not announced; the Labour Code's rules with estimated lunar dates
-- (Tết, mùng 1 = Saturday 6/2; Hùng Kings' day estimated Friday 16/4)
('2027-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', true, 'Labour Code 2019 art. 112 (provisional)'),
('2027-02-05', 'holiday', 'Tết Nguyên đán Đinh Mùi (29 tháng Chạp, dự kiến)', 'Lunar New Year (provisional)', true, 'Labour Code 2019 art. 112; no announcement yet'),
('2027-02-08', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 3, dự kiến)', 'Lunar New Year (provisional)', true, 'Labour Code 2019 art. 112; no announcement yet'),
('2027-02-09', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 4, dự kiến)', 'Lunar New Year (provisional)', true, 'Labour Code 2019 art. 112; no announcement yet'),
('2027-02-10', 'holiday', 'Nghỉ bù Tết Nguyên đán Đinh Mùi (dự kiến)', 'Lunar New Year in lieu (provisional)', true, 'Labour Code 2019 art. 111(3); no announcement yet'),
('2027-02-11', 'holiday', 'Nghỉ bù Tết Nguyên đán Đinh Mùi (dự kiến)', 'Lunar New Year in lieu (provisional)', true, 'Labour Code 2019 art. 111(3); no announcement yet'),
('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, dự kiến)', 'Hung Kings'' Commemoration (provisional)', true, 'Labour Code 2019 art. 112; lunar date estimated'),
('2027-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', true, 'Labour Code 2019 art. 112 (provisional)'),
('2027-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế Lao động 1/5 (dự kiến)', 'Labour Day in lieu (provisional)', true, 'Labour Code 2019 art. 111(3): 1/5/2027 is a Saturday'),
('2027-09-02', 'holiday', 'Quốc khánh', 'National Day', true, 'Labour Code 2019 art. 112 (provisional)'),
('2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề, dự kiến)', 'National Day adjacent day (provisional)', true, 'Labour Code 2019 art. 112; adjacent day not announced');

-- ---- src/workcal.sql
-- workcal.sql — the working-day calendar: type workcal (C code in workcal.c), its
-- builders from the holiday tables, and working-day arithmetic for legal time limits.
--
-- All dates and times of day are Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving
-- time): a timestamptz's local day is that of its UTC instant plus 7 hours, whatever the
-- session's TimeZone.
--
-- Per-row use: build the calendar once per query and pass it in, e.g.
--   SELECT govindex.add_workdays(d.received_at, 5, cal.c)
--     FROM dossiers d, (SELECT govindex.default_calendar() AS c) cal;
-- or add_workdays(..., (SELECT govindex.default_calendar())).  Called bare per row,
-- default_calendar() (STABLE, reads the holiday tables) would be rebuilt for every row.

CREATE TYPE govindex.workcal;

CREATE FUNCTION govindex.workcal_in(cstring) RETURNS govindex.workcal
    AS 'MODULE_PATHNAME', 'workcal_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.workcal_out(govindex.workcal) RETURNS cstring
    AS 'MODULE_PATHNAME', 'workcal_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.workcal_recv(internal) RETURNS govindex.workcal
    AS 'MODULE_PATHNAME', 'workcal_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.workcal_send(govindex.workcal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'workcal_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE govindex.workcal (
    INTERNALLENGTH = VARIABLE,
    INPUT = govindex.workcal_in,
    OUTPUT = govindex.workcal_out,
    RECEIVE = govindex.workcal_recv,
    SEND = govindex.workcal_send,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE govindex.workcal IS
    'Working-day calendar over a span of days: weekend, office hours, days off and swapped working days — Lịch ngày làm việc';
COMMENT ON FUNCTION govindex.workcal_in(cstring) IS
    'Reads a workcal written [first,end) weekend={6,7} hours=07:30-11:30,13:00-17:00 off={...} on={...} — Đọc lịch làm việc dạng văn bản';
COMMENT ON FUNCTION govindex.workcal_out(govindex.workcal) IS
    'Writes a workcal, listing only the exceptions to its weekend rule — Ghi lịch làm việc dạng văn bản';
COMMENT ON FUNCTION govindex.workcal_recv(internal) IS
    'Reads the binary form of a workcal, checking it again — Đọc lịch làm việc dạng nhị phân';
COMMENT ON FUNCTION govindex.workcal_send(govindex.workcal) IS
    'Binary form: version byte 1, first day and day count (int4), weekend mask and interval count (byte), office hours (int2 minutes), bitmap (big-endian int8 words) — Dạng nhị phân của lịch làm việc';

-- Accessors and arithmetic

CREATE FUNCTION govindex.workcal_span(cal govindex.workcal) RETURNS daterange
    AS 'MODULE_PATHNAME', 'workcal_span' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workcal_span(govindex.workcal) IS
    'The days a calendar covers, [first, end) — Khoảng ngày của lịch';

CREATE FUNCTION govindex.workday_hours(cal govindex.workcal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'workcal_day_hours' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workday_hours(govindex.workcal) IS
    'Office hours in one working day (8 for 07:30-11:30,13:00-17:00) — Số giờ làm việc trong ngày';

CREATE FUNCTION govindex.is_workday(day date, cal govindex.workcal) RETURNS bool
    AS 'MODULE_PATHNAME', 'is_workday' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.is_workday(date, govindex.workcal) IS
    'Whether a day is a working day; 22008 outside the calendar''s span — Có phải ngày làm việc';

CREATE FUNCTION govindex.workdays_between(a date, b date, cal govindex.workcal) RETURNS int
    AS 'MODULE_PATHNAME', 'workdays_between' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workdays_between(date, date, govindex.workcal) IS
    'Working days in [a, b), negative when b < a — Số ngày làm việc giữa hai ngày';

CREATE FUNCTION govindex.add_workdays(t timestamptz, n numeric, cal govindex.workcal) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'add_workdays' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.add_workdays(timestamptz, numeric, govindex.workcal) IS
    'The same time of day n working days later (the n-th working day after t''s date); a fraction of a day adds that share of a working day''s office hours (0.5 = 4 hours) — Cộng n ngày làm việc';

CREATE FUNCTION govindex.add_workhours(t timestamptz, h numeric, cal govindex.workcal) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'add_workhours' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.add_workhours(timestamptz, numeric, govindex.workcal) IS
    'The moment h office hours after t: the clock runs only in office hours of working days — Cộng h giờ làm việc';

CREATE FUNCTION govindex.workhours_between(a timestamptz, b timestamptz, cal govindex.workcal) RETURNS numeric
    AS 'MODULE_PATHNAME', 'workhours_between' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workhours_between(timestamptz, timestamptz, govindex.workcal) IS
    'Office hours of working days within [a, b), negative when b < a — Số giờ làm việc giữa hai thời điểm';

CREATE FUNCTION govindex.workcal_due_at(
    received_at timestamptz, time_limit numeric, in_hours bool,
    supplement_periods tstzmultirange, cal govindex.workcal, null_outside bool)
RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'workcal_due_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.workcal_due_at(timestamptz, numeric, bool, tstzmultirange, govindex.workcal, bool) IS
    'The C side of legal_due_at, the time unit given as in_hours — Hạn giải quyết theo luật (hàm C)';

-- received + the legal time limit, extended by the office time spent waiting for
-- supplements.  A plain SQL expression, so that it inlines into the reports.
CREATE FUNCTION govindex.legal_due_at(
    received_at timestamptz, time_limit numeric, time_limit_unit govindex.time_unit,
    supplement_periods tstzmultirange, cal govindex.workcal, null_outside bool DEFAULT false)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN govindex.workcal_due_at(received_at, time_limit, time_limit_unit = 'working_hour',
                               coalesce(supplement_periods, '{}'), cal, null_outside);
COMMENT ON FUNCTION govindex.legal_due_at(timestamptz, numeric, govindex.time_unit, tstzmultirange, govindex.workcal, bool) IS
    'Due date by law: received + time limit in working days or hours, extended by the office time of each closed supplement period that began before it; open periods are left to the clock-stop rule; with null_outside a date past the calendar is NULL instead of an error — Hạn giải quyết theo thời hạn luật định';

-- Builders

CREATE FUNCTION govindex.workcal(
    first_year int, last_year int,
    weekend int[] DEFAULT '{6,7}',
    office_hours text DEFAULT '07:30-11:30,13:00-17:00')
RETURNS govindex.workcal
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_day date;
    end_day date;
    result govindex.workcal;
BEGIN
    IF first_year IS NULL OR last_year IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', CASE WHEN first_year IS NULL THEN 'first_year' ELSE 'last_year' END
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF first_year > last_year THEN
        RAISE EXCEPTION 'the first year % is after the last year %', first_year, last_year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_year < 1 OR last_year > 9998 THEN
        RAISE EXCEPTION '% % is outside the years 1 to 9998',
                CASE WHEN first_year < 1 THEN 'first_year' ELSE 'last_year' END,
                CASE WHEN first_year < 1 THEN first_year ELSE last_year END
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    PERFORM govindex.check_array_argument(weekend, 'weekend', 7);
    -- any 100 consecutive years have at most 36525 days, the longest span of a workcal
    IF last_year - first_year >= 100 THEN
        RAISE EXCEPTION 'a calendar spans at most 100 years, not % (first_year %, last_year %)',
                last_year - first_year + 1, first_year, last_year
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    first_day := make_date(first_year, 1, 1);
    end_day := make_date(last_year + 1, 1, 1);
    -- the province's rows (holidays) override the national ones for the same day
    WITH days AS (
        SELECT h.day, h.kind FROM govindex.holidays h
        UNION ALL
        SELECT n.day, n.kind FROM govindex.national_holidays n
         WHERE NOT EXISTS (SELECT 1 FROM govindex.holidays h WHERE h.day = n.day)
    )
    SELECT format('[%s,%s) weekend={%s} hours=%s off={%s} on={%s}',
                  to_char(first_day, 'YYYY-MM-DD'), to_char(end_day, 'YYYY-MM-DD'),
                  (SELECT string_agg(w::text, ',' ORDER BY w) FROM unnest(weekend) w),
                  office_hours,
                  coalesce(string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                      FILTER (WHERE d.kind = 'holiday' AND NOT extract(isodow FROM d.day)::int = ANY (weekend)), ''),
                  coalesce(string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                      FILTER (WHERE d.kind = 'swapped_workday' AND extract(isodow FROM d.day)::int = ANY (weekend)), ''))::govindex.workcal
      INTO result
      FROM days d
     WHERE d.day >= first_day AND d.day < end_day;
    RETURN result;
END $$;
COMMENT ON FUNCTION govindex.workcal(int, int, int[], text) IS
    'The working-day calendar of whole years (at most 100) from national_holidays and the province''s holidays (its rows win on the same day), with a weekend (ISO days) and office hours — Lập lịch ngày làm việc theo năm';

CREATE FUNCTION govindex.default_calendar()
RETURNS govindex.workcal
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT govindex.workcal(min(y), max(y))
      FROM (SELECT extract(year FROM day)::int AS y FROM govindex.national_holidays
            UNION ALL
            SELECT extract(year FROM day)::int FROM govindex.holidays) years;
$$;
COMMENT ON FUNCTION govindex.default_calendar() IS
    'The calendar of the years from the first to the last that has holiday rows (national or the province''s; holidays lie in 2000 to 2099, so it spans at most 100 years), Saturday and Sunday off, 07:30-11:30 and 13:00-17:00; NULL when there are none. Call it once per query: (SELECT govindex.default_calendar()) — Lịch làm việc mặc định';

-- ---- src/deadlines.sql
-- deadlines.sql — legal deadlines counted in working days, as data: what a deadline is
-- when a record does not carry its own (a petition's answer, a procedure's publication
-- and its disclosure on the national database).  A province changes a rule by adding
-- a newer row; the newest row of a rule wins.  Shipped rows date from -infinity, so a
-- dump keeps the province's own rows and restores them over the shipped ones.

CREATE TABLE govindex.deadline_rules (
    rule          text        NOT NULL
                  CONSTRAINT deadline_rules_known CHECK (rule IN ('petition', 'publication', 'public_disclosure')),
    since         timestamptz NOT NULL DEFAULT now(),
    working_days  numeric     NOT NULL CONSTRAINT deadline_rules_positive CHECK (working_days > 0),
    counted_from  text        NOT NULL,
    name_vi       text        NOT NULL,
    name_en       text        NOT NULL,
    PRIMARY KEY (rule, since)
);
COMMENT ON TABLE govindex.deadline_rules IS
    'Legal deadlines in working days, used when a record carries no deadline of its own — Thời hạn theo quy định (ngày làm việc), dùng khi bản ghi không có hạn riêng';
COMMENT ON COLUMN govindex.deadline_rules.rule IS
    'petition (answer), publication (of a procedure), public_disclosure (on the national database) — Loại thời hạn';
COMMENT ON COLUMN govindex.deadline_rules.since IS
    'When the row was added; the newest row of a rule applies — Thời điểm áp dụng (dòng mới nhất được dùng)';
COMMENT ON COLUMN govindex.deadline_rules.working_days IS 'Working days allowed — Số ngày làm việc';
COMMENT ON COLUMN govindex.deadline_rules.counted_from IS 'The date the deadline counts from — Mốc tính hạn';
COMMENT ON COLUMN govindex.deadline_rules.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.deadline_rules.name_en IS 'English name — Tên tiếng Anh';

-- Defaults (METHODOLOGY.md §5 and the PAKN rules): edit them to the province's rules.
INSERT INTO govindex.deadline_rules (rule, since, working_days, counted_from, name_vi, name_en) VALUES
    ('petition', '-infinity', 15, 'received_at', 'Thời hạn xử lý phản ánh, kiến nghị', 'Answering a petition'),
    ('publication', '-infinity', 5, 'decided_on', 'Thời hạn công bố thủ tục hành chính', 'Publishing a procedure after the decision'),
    ('public_disclosure', '-infinity', 5, 'published_on', 'Thời hạn công khai trên Cơ sở dữ liệu quốc gia', 'Making a published procedure public on the national database');

-- The deadline of a rule after a date (midnight, Asia/Ho_Chi_Minh), in the calendar
-- given; NULL when the calendar does not reach it.
CREATE FUNCTION govindex.deadline_after(rule text, start date, cal govindex.workcal)
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (govindex.legal_due_at(start::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                              (SELECT r.working_days FROM govindex.deadline_rules r
                                WHERE r.rule = deadline_after.rule ORDER BY r.since DESC LIMIT 1),
                              'working_day', '{}', cal, true) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
COMMENT ON FUNCTION govindex.deadline_after(text, date, govindex.workcal) IS
    'The date a deadline rule gives after a date, in working days of the calendar; NULL past the calendar — Hạn theo quy định tính từ một ngày';

SELECT pg_catalog.pg_extension_config_dump('govindex.deadline_rules', $$WHERE since > '-infinity'$$);

-- ---- src/methodology.sql
-- methodology.sql — scoring methodologies as data: which metrics make up an index,
-- their groups, maximum points and scoring rules.  The rules themselves (linear,
-- threshold, ...) are applied by C code in scoring.c; every number lives here.
--
-- Two methodologies ship with govindex (METHODOLOGY.md §1): 'portal-2026', the
-- national portal's current Index 766 set (the default), and 'decision-766-2022',
-- the same metrics in the five groups of Decision 766/QĐ-TTg.  They are part of
-- the extension and are not dumped by pg_dump; rows a user adds are.  To change a
-- shipped methodology, copy it under a new code and edit the copy.

CREATE TABLE govindex.methodologies (
    code        text PRIMARY KEY
                CONSTRAINT methodologies_code_format CHECK (code ~ '^[a-z0-9][a-z0-9_.-]*$'),
    name_vi     text NOT NULL CONSTRAINT methodologies_name_vi_not_empty CHECK (name_vi <> ''),
    name_en     text NOT NULL CONSTRAINT methodologies_name_en_not_empty CHECK (name_en <> ''),
    valid_from  date NOT NULL,
    note        text,
    is_default  bool NOT NULL DEFAULT false
);
-- At most one default (this index); at least one (methodologies_keep_default below).
CREATE UNIQUE INDEX methodologies_one_default ON govindex.methodologies (is_default) WHERE is_default;

COMMENT ON TABLE govindex.methodologies IS
    'Versions of a scoring methodology (set of metrics, groups, points and rules) — Các phiên bản phương pháp tính điểm (bộ chỉ số, nhóm, điểm tối đa, quy tắc)';
COMMENT ON COLUMN govindex.methodologies.code IS
    'Methodology code, lower case, e.g. portal-2026 — Mã phương pháp, chữ thường';
COMMENT ON COLUMN govindex.methodologies.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.methodologies.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.methodologies.valid_from IS
    'First day the methodology applies (or the earliest day it is known to apply) — Ngày bắt đầu áp dụng (hoặc ngày sớm nhất đã biết)';
COMMENT ON COLUMN govindex.methodologies.note IS
    'Source and caveats of the methodology — Nguồn và lưu ý';
COMMENT ON COLUMN govindex.methodologies.is_default IS
    'The methodology used when none is named; exactly one is; making one the default takes the flag from the previous default — Phương pháp mặc định (đúng một); đặt mặc định cho một phương pháp sẽ bỏ mặc định của phương pháp cũ';

-- Making a methodology the default takes the flag from the previous default, so
-- that switching is one statement (and a dump of a user's own default restores).
CREATE FUNCTION govindex.methodologies_take_default() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    UPDATE govindex.methodologies m SET is_default = false
     WHERE m.is_default AND m.code <> NEW.code AND (TG_OP = 'INSERT' OR m.code <> OLD.code);
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.methodologies_take_default() IS
    'Trigger: a methodology that becomes the default takes the flag from the previous one — Trigger: chuyển cờ mặc định sang phương pháp mới';
CREATE TRIGGER methodologies_take_default
    BEFORE INSERT OR UPDATE OF is_default ON govindex.methodologies
    FOR EACH ROW WHEN (NEW.is_default) EXECUTE FUNCTION govindex.methodologies_take_default();

-- At the end of the transaction, some methodology must still be the default.
CREATE FUNCTION govindex.methodologies_keep_default() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM govindex.methodologies)
       AND NOT EXISTS (SELECT FROM govindex.methodologies WHERE is_default) THEN
        RAISE EXCEPTION 'no methodology is the default'
            USING ERRCODE = 'integrity_constraint_violation',
                  DETAIL = format('Methodology %s was the default.', OLD.code),
                  HINT = 'Make another methodology the default: UPDATE govindex.methodologies SET is_default = true WHERE code = ...';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.methodologies_keep_default() IS
    'Constraint trigger: some methodology remains the default at commit — Trigger ràng buộc: luôn còn một phương pháp mặc định';
CREATE CONSTRAINT TRIGGER methodologies_keep_default
    AFTER UPDATE OF is_default OR DELETE ON govindex.methodologies
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.is_default) EXECUTE FUNCTION govindex.methodologies_keep_default();

CREATE TABLE govindex.metric_groups (
    methodology  text NOT NULL REFERENCES govindex.methodologies (code)
                 ON UPDATE CASCADE ON DELETE CASCADE,
    code         text NOT NULL
                 CONSTRAINT metric_groups_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name_vi      text NOT NULL CONSTRAINT metric_groups_name_vi_not_empty CHECK (name_vi <> ''),
    name_en      text NOT NULL CONSTRAINT metric_groups_name_en_not_empty CHECK (name_en <> ''),
    max_points   numeric NOT NULL
                 CONSTRAINT metric_groups_max_points_range
                 CHECK (max_points >= 0 AND max_points <= 1000000 AND max_points = round(max_points, 2)),
    position     int NOT NULL CONSTRAINT metric_groups_position_positive CHECK (position > 0),
    PRIMARY KEY (methodology, code),
    CONSTRAINT metric_groups_position_unique UNIQUE (methodology, position) DEFERRABLE
);
COMMENT ON TABLE govindex.metric_groups IS
    'Groups of metrics in a methodology (Index 766: CKMB, TDGQ, CLGQ, TTTT, MDHL, MDSH) — Nhóm chỉ số của một phương pháp';
COMMENT ON COLUMN govindex.metric_groups.methodology IS 'Methodology the group belongs to — Phương pháp';
COMMENT ON COLUMN govindex.metric_groups.code IS
    'Group code, upper case; the portal''s code where it has one, e.g. CKMB — Mã nhóm (theo Cổng DVCQG nếu có)';
COMMENT ON COLUMN govindex.metric_groups.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.metric_groups.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.metric_groups.max_points IS
    'Maximum points of the group, the sum of its metrics'' maxima; at most 2 decimals — Điểm tối đa của nhóm';
COMMENT ON COLUMN govindex.metric_groups.position IS
    'Order of the group in reports, from 1 — Thứ tự hiển thị';

CREATE TABLE govindex.metrics (
    methodology  text NOT NULL,
    code         text NOT NULL
                 CONSTRAINT metrics_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    group_code   text NOT NULL,
    name_vi      text NOT NULL CONSTRAINT metrics_name_vi_not_empty CHECK (name_vi <> ''),
    name_en      text NOT NULL CONSTRAINT metrics_name_en_not_empty CHECK (name_en <> ''),
    max_points   numeric NOT NULL
                 CONSTRAINT metrics_max_points_range
                 CHECK (max_points >= 0 AND max_points <= 1000000 AND max_points = round(max_points, 2)),
    basis        text NOT NULL DEFAULT 'fraction'
                 CONSTRAINT metrics_basis_known CHECK (basis IN ('fraction', 'percent')),
    rule         text NOT NULL
                 CONSTRAINT metrics_rule_known CHECK (rule IN ('linear', 'threshold', 'full', 'informational')),
    threshold    numeric
                 CONSTRAINT metrics_threshold_range CHECK (threshold > 0 AND threshold <= 1),
    empty_value  text NOT NULL
                 CONSTRAINT metrics_empty_value_known CHECK (empty_value IN ('null', 'zero', 'full')),
    unit_levels  text[]
                 CONSTRAINT metrics_unit_levels_not_empty
                 CHECK (cardinality(unit_levels) > 0 AND array_position(unit_levels, NULL) IS NULL),
    position     int NOT NULL CONSTRAINT metrics_position_positive CHECK (position > 0),
    portal_code  text
                 CONSTRAINT metrics_portal_code_format CHECK (portal_code ~ '^[A-Z][A-Z0-9_]*$'),
    source       text NOT NULL
                 CONSTRAINT metrics_source_known
                 CHECK (source IN ('dossiers', 'catalogue', 'petitions', 'publication', 'constant')),
    procedure_scoped bool NOT NULL DEFAULT true,
    PRIMARY KEY (methodology, code),
    CONSTRAINT metrics_group_known FOREIGN KEY (methodology, group_code)
        REFERENCES govindex.metric_groups (methodology, code) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT metrics_position_unique UNIQUE (methodology, group_code, position) DEFERRABLE,
    CONSTRAINT metrics_portal_code_unique UNIQUE (methodology, portal_code),
    -- combinations that would make a rule meaningless
    CONSTRAINT metrics_threshold_rule_needs_threshold CHECK (rule <> 'threshold' OR threshold IS NOT NULL),
    CONSTRAINT metrics_threshold_only_for_threshold_rule CHECK (rule = 'threshold' OR threshold IS NULL),
    CONSTRAINT metrics_full_rule_full_when_empty CHECK (rule <> 'full' OR empty_value = 'full'),
    CONSTRAINT metrics_informational_scores_nothing
        CHECK (rule <> 'informational' OR (max_points = 0 AND empty_value = 'null')),
    CONSTRAINT metrics_constant_source_full_rule CHECK (source <> 'constant' OR rule = 'full')
);
COMMENT ON TABLE govindex.metrics IS
    'Metrics of a methodology with their maximum points and scoring rule; score_rate() applies the rule, metric_score() looks it up — Chỉ số của một phương pháp với điểm tối đa và quy tắc tính điểm';
COMMENT ON COLUMN govindex.metrics.methodology IS 'Methodology the metric belongs to — Phương pháp';
COMMENT ON COLUMN govindex.metrics.code IS
    'Metric code, upper case; the portal''s code where it publishes one, e.g. PUBLISH_ON_TIME — Mã chỉ số (theo Cổng DVCQG nếu có)';
COMMENT ON COLUMN govindex.metrics.group_code IS 'Group of the metric, in metric_groups — Nhóm chỉ số';
COMMENT ON COLUMN govindex.metrics.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.metrics.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.metrics.max_points IS
    'Maximum points; 0 for an informational metric; at most 2 decimals — Điểm tối đa (0 với chỉ số chỉ để theo dõi)';
COMMENT ON COLUMN govindex.metrics.basis IS
    'fraction: the rule applies to numerator / denominator; percent: to the percent rounded to 2 decimals first, as the portal shows it — Cơ sở tính: tỷ lệ thô, hoặc phần trăm đã làm tròn 2 chữ số';
COMMENT ON COLUMN govindex.metrics.rule IS
    'linear: max × rate; threshold: max × min(1, rate / threshold); full: always max; informational: no score (NULL) — Quy tắc: tuyến tính, ngưỡng, luôn đủ điểm, chỉ theo dõi';
COMMENT ON COLUMN govindex.metrics.threshold IS
    'Rate (0 < threshold <= 1) from which a threshold metric scores its maximum, e.g. 0.8; NULL for other rules — Ngưỡng đạt điểm tối đa (ví dụ 0,8), chỉ với quy tắc ngưỡng';
COMMENT ON COLUMN govindex.metrics.empty_value IS
    'Score when the denominator is 0 (nothing to count): null (no score, counts 0), zero, or full (max) — Điểm khi mẫu số bằng 0: không tính, 0 điểm, hoặc đủ điểm';
COMMENT ON COLUMN govindex.metrics.unit_levels IS
    'Unit levels (unit_levels.level) the metric applies to; NULL for all — Cấp đơn vị áp dụng; NULL là mọi cấp';
COMMENT ON COLUMN govindex.metrics.position IS
    'Order of the metric within its group, from 1 — Thứ tự trong nhóm';
COMMENT ON COLUMN govindex.metrics.portal_code IS
    'Code the national portal publishes the metric under; NULL where the portal publishes only a group score — Mã chỉ số trên Cổng DVCQG; NULL nếu Cổng chỉ công bố điểm nhóm';
COMMENT ON COLUMN govindex.metrics.source IS
    'Where the rate comes from: dossiers, catalogue (procedures), petitions, publication (of procedures), constant (no data: full points) — Nguồn số liệu: hồ sơ, danh mục thủ tục, phản ánh kiến nghị, công bố thủ tục, hằng số';
COMMENT ON COLUMN govindex.metrics.procedure_scoped IS
    'Still reported when a report is filtered to some procedures (the portal drops petitions and procedures connected to population data) — Vẫn tính khi lọc theo thủ tục';

-- The metric codes some source produces a rate for, with that source: the one list
-- that a methodology's metrics are checked against (metrics_have_a_source below) and
-- that index766_rates (index766.sql) produces, which test/tap/bounds.sql compares.
-- The dossiers' codes are those metric() of dossier_stats reads (dossier_stats.c).
-- A metric whose code no source produces would silently score its empty value.
CREATE FUNCTION govindex.metric_codes_produced()
RETURNS TABLE (code text, source text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, govindex, pg_temp AS $$
    VALUES ('PUBLISH_ON_TIME', 'publication'),
           ('PUBLIC_UPDATE_ON_TIME', 'publication'),
           ('PUBLIC_CONTENT_FULL', 'catalogue'),
           ('DOSSIER_SYNC', 'dossiers'),
           ('DVC_PROGRESS_ON_TIME', 'dossiers'),
           ('ONLINE_PROCEDURES_OFFERED', 'catalogue'),
           ('ONLINE_DOSSIER_SERVICES', 'dossiers'),
           ('ONLINE_PAYMENT_DOSSIERS', 'dossiers'),
           ('ONLINE_PAYMENT_PROCEDURES', 'dossiers'),
           ('FEE_DATA_PROCEDURES', 'dossiers'),
           ('PETITION_CLASSIFICATION_TTHC', 'petitions'),
           ('PETITION_CLASSIFICATION_STAFF', 'petitions'),
           ('PETITION_PROCESSING_ON_TIME', 'petitions'),
           ('PETITION_HANDLING_SATISFACTION', 'petitions'),
           ('DOSSIER_RECEIVING_SATISFACTION', 'dossiers'),
           ('ORIGINAL_RESULT_AVAILABLE', 'dossiers'),
           ('SO_HOA_GIAY_TO_GIAI_QUYET', 'dossiers'),
           ('REUSED_DIGITIZED_DATA', 'dossiers'),
           ('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'dossiers'),
           ('CITIZEN_DATA_CONNECTED_DOSSIER', 'dossiers'),
           ('CITIZEN_DATA_CONNECTED_FORMALITY', 'catalogue'),
           ('ONLINE_SUBMISSION', 'dossiers'),
           ('ONLINE_ON_TIME', 'dossiers');
$$;
COMMENT ON FUNCTION govindex.metric_codes_produced() IS
    'The metric codes a source produces a rate for (index766_rates), with the source; a methodology''s metrics must use these, or the constant source — Các mã chỉ số có nguồn số liệu';

CREATE FUNCTION govindex.metrics_have_a_source() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    produced_by text;
BEGIN
    IF NEW.source = 'constant' THEN
        RETURN NULL;
    END IF;
    SELECT p.source INTO produced_by FROM govindex.metric_codes_produced() p WHERE p.code = NEW.code;
    IF produced_by IS NULL THEN
        RAISE EXCEPTION 'metric % of methodology %: no source produces it', NEW.code, NEW.methodology
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'Its rate would always be empty and score its empty value.',
                  HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes; a metric without data has source constant.';
    ELSIF produced_by <> NEW.source THEN
        RAISE EXCEPTION 'metric % of methodology %: its source is %, not %', NEW.code, NEW.methodology, produced_by, NEW.source
            USING ERRCODE = 'check_violation',
                  HINT = 'SELECT * FROM govindex.metric_codes_produced() lists the codes with their sources.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.metrics_have_a_source() IS
    'Trigger: a metric''s code is produced by its source (metric_codes_produced), unless its source is constant — Trigger: chỉ số phải có nguồn số liệu';
-- after the row's own constraints, whose messages say more about a malformed row
CREATE TRIGGER metrics_have_a_source
    AFTER INSERT OR UPDATE OF code, source ON govindex.metrics
    FOR EACH ROW EXECUTE FUNCTION govindex.metrics_have_a_source();

-- The portal's current set (METHODOLOGY.md §1.3), established from its published
-- figures of August 2026 (test/fixtures/portal/).
INSERT INTO govindex.methodologies (code, name_vi, name_en, valid_from, note, is_default) VALUES
    ('portal-2026',
     'Bộ chỉ số 766 theo Cổng Dịch vụ công quốc gia (2026)',
     'Index 766 as the National Public Service Portal computes it (2026)',
     '2026-08-01',
     'Established from the portal''s published figures (Phú Thọ, month 8 of 2026), which it reproduces; valid_from is the earliest month checked, the portal may have used it before. The 6 remaining points of CLGQ are not identifiable from the data and are scored full.',
     true),
    ('decision-766-2022',
     'Bộ chỉ số theo Quyết định 766/QĐ-TTg ngày 23/6/2022',
     'Index 766 as grouped by Decision 766/QĐ-TTg of 23 June 2022',
     '2022-06-23',
     'The decision''s five groups (online services and online payment together) over the portal''s metrics and rules; the decision''s own thresholds that published figures do not confirm (50% online submission, 80% digitization) are not applied.',
     false);

INSERT INTO govindex.metric_groups (methodology, code, name_vi, name_en, max_points, position) VALUES
    ('portal-2026', 'CKMB', 'Công khai, minh bạch',          'Transparency',               18, 1),
    ('portal-2026', 'TDGQ', 'Tiến độ, kết quả giải quyết',   'Progress of resolution',     20, 2),
    ('portal-2026', 'CLGQ', 'Cung cấp dịch vụ trực tuyến',   'Online public services',     12, 3),
    ('portal-2026', 'TTTT', 'Thanh toán trực tuyến',         'Online payment',             10, 4),
    ('portal-2026', 'MDHL', 'Mức độ hài lòng',               'Satisfaction',               18, 5),
    ('portal-2026', 'MDSH', 'Số hóa hồ sơ',                  'Digitization of dossiers',   22, 6),
    ('decision-766-2022', 'CKMB',  'Công khai, minh bạch',   'Transparency',               18, 1),
    ('decision-766-2022', 'TDGQ',  'Tiến độ giải quyết',     'Progress of resolution',     20, 2),
    ('decision-766-2022', 'DVCTT', 'Cung cấp dịch vụ công trực tuyến và thanh toán trực tuyến',
                                   'Online public services and online payment',            22, 3),
    ('decision-766-2022', 'MDHL',  'Mức độ hài lòng',        'Satisfaction',               18, 4),
    ('decision-766-2022', 'MDSH',  'Số hóa hồ sơ',           'Digitization of dossiers',   22, 5);

INSERT INTO govindex.metrics
    (methodology, group_code, position, code, portal_code, max_points, basis, rule, threshold,
     empty_value, source, name_vi, name_en)
VALUES
    -- CKMB: transparency, 18
    ('portal-2026', 'CKMB', 1, 'PUBLISH_ON_TIME', 'PUBLISH_ON_TIME',
     6, 'fraction', 'linear', NULL, 'null', 'publication',
     'Thủ tục hành chính được công bố đúng hạn',
     'Procedures published on time'),
    ('portal-2026', 'CKMB', 2, 'PUBLIC_UPDATE_ON_TIME', 'PUBLIC_UPDATE_ON_TIME',
     4, 'fraction', 'linear', NULL, 'null', 'publication',
     'Thủ tục hành chính được công khai, cập nhật đúng hạn trên Cơ sở dữ liệu quốc gia',
     'Procedures made public on the national database on time'),
    ('portal-2026', 'CKMB', 3, 'PUBLIC_CONTENT_FULL', 'PUBLIC_CONTENT_FULL',
     2, 'fraction', 'linear', NULL, 'null', 'catalogue',
     'Thủ tục hành chính công khai đầy đủ các nội dung bắt buộc',
     'Procedures with every mandatory field made public'),
    ('portal-2026', 'CKMB', 4, 'DOSSIER_SYNC', 'DOSSIER_SYNC',
     6, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia',
     'Dossiers synchronised to the national portal'),
    -- TDGQ: progress, 20 (the portal publishes the group as a tree, without a metric code)
    ('portal-2026', 'TDGQ', 1, 'DVC_PROGRESS_ON_TIME', NULL,
     20, 'fraction', 'linear', NULL, 'zero', 'dossiers',
     'Hồ sơ giải quyết đúng hạn (đúng hạn và đang giải quyết trong hạn)',
     'Dossiers resolved on time (on time, and pending within the deadline)'),
    -- CLGQ: online services, 12 (group score only on the portal)
    ('portal-2026', 'CLGQ', 1, 'ONLINE_PROCEDURES_OFFERED', NULL,
     2, 'percent', 'threshold', 0.8, 'zero', 'catalogue',
     'Thủ tục hành chính cung cấp dịch vụ công trực tuyến (toàn trình và một phần) trên tổng số thủ tục thuộc thẩm quyền',
     'Procedures offered online (full-process or partial) among those under the unit''s authority'),
    ('portal-2026', 'CLGQ', 2, 'ONLINE_DOSSIER_SERVICES', NULL,
     4, 'percent', 'linear', NULL, 'zero', 'dossiers',
     'Dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến',
     'Online services that received online dossiers'),
    ('portal-2026', 'CLGQ', 3, 'ONLINE_OTHER_POINTS', NULL,
     6, 'fraction', 'full', NULL, 'full', 'constant',
     'Điểm còn lại của nhóm (chưa xác định được từ số liệu công bố; tính đủ điểm)',
     'Remaining points of the group (not identifiable from published figures; scored full)'),
    -- TTTT: online payment, 10 (group score only on the portal)
    ('portal-2026', 'TTTT', 1, 'ONLINE_PAYMENT_DOSSIERS', NULL,
     6, 'percent', 'linear', NULL, 'zero', 'dossiers',
     'Hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến',
     'Dossiers with fees or charges paid online'),
    ('portal-2026', 'TTTT', 2, 'ONLINE_PAYMENT_PROCEDURES', NULL,
     2, 'percent', 'threshold', 0.8, 'zero', 'dossiers',
     'Thủ tục có phí, lệ phí phát sinh thanh toán trực tuyến',
     'Fee-bearing procedures with at least one online payment'),
    ('portal-2026', 'TTTT', 3, 'FEE_DATA_PROCEDURES', NULL,
     2, 'percent', 'threshold', 0.8, 'zero', 'dossiers',
     'Thủ tục có phí, lệ phí có hồ sơ mang dữ liệu phí, lệ phí',
     'Fee-bearing procedures whose dossiers carry fee data'),
    -- MDHL: satisfaction, 18
    ('portal-2026', 'MDHL', 1, 'PETITION_CLASSIFICATION_TTHC', 'PETITION_CLASSIFICATION_TTHC',
     0, 'fraction', 'informational', NULL, 'null', 'petitions',
     'Phản ánh, kiến nghị về thủ tục hành chính (phân loại, không tính điểm)',
     'Petitions about procedures (classification, not scored)'),
    ('portal-2026', 'MDHL', 2, 'PETITION_CLASSIFICATION_STAFF', 'PETITION_CLASSIFICATION_STAFF',
     0, 'fraction', 'informational', NULL, 'null', 'petitions',
     'Phản ánh, kiến nghị về cán bộ, công chức (phân loại, không tính điểm)',
     'Petitions about civil servants (classification, not scored)'),
    ('portal-2026', 'MDHL', 3, 'PETITION_PROCESSING_ON_TIME', 'PETITION_PROCESSING_ON_TIME',
     6, 'fraction', 'linear', NULL, 'full', 'petitions',
     'Phản ánh, kiến nghị được xử lý đúng hạn',
     'Petitions handled on time'),
    ('portal-2026', 'MDHL', 4, 'PETITION_HANDLING_SATISFACTION', 'PETITION_HANDLING_SATISFACTION',
     6, 'fraction', 'linear', NULL, 'full', 'petitions',
     'Mức độ hài lòng về kết quả xử lý phản ánh, kiến nghị',
     'Satisfaction with the handling of petitions'),
    ('portal-2026', 'MDHL', 5, 'DOSSIER_RECEIVING_SATISFACTION', 'DOSSIER_RECEIVING_SATISFACTION',
     6, 'fraction', 'threshold', 0.9, 'zero', 'dossiers',
     'Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ (100% trừ tỷ lệ trễ hạn và tỷ lệ bị phản ánh, không hài lòng)',
     'Satisfaction with receiving and resolving dossiers (100% minus the overdue rate and the rate of complaints or dislikes)'),
    -- MDSH: digitization, 22
    ('portal-2026', 'MDSH', 1, 'ORIGINAL_RESULT_AVAILABLE', 'ORIGINAL_RESULT_AVAILABLE',
     6, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ được cấp kết quả giải quyết điện tử',
     'Dossiers whose result was issued electronically'),
    ('portal-2026', 'MDSH', 2, 'SO_HOA_GIAY_TO_GIAI_QUYET', 'SO_HOA_GIAY_TO_GIAI_QUYET',
     4, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ được số hóa thành phần hồ sơ',
     'Dossiers digitized'),
    ('portal-2026', 'MDSH', 3, 'REUSED_DIGITIZED_DATA', 'REUSED_DIGITIZED_DATA',
     2, 'fraction', 'threshold', 0.8, 'null', 'dossiers',
     'Hồ sơ tái sử dụng dữ liệu đã số hóa',
     'Dossiers reusing digitized data'),
    ('portal-2026', 'MDSH', 4, 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE',
     4, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ đồng bộ với kho dữ liệu cá nhân trên Cổng Dịch vụ công quốc gia',
     'Dossiers synchronised with the personal data store of the national portal'),
    ('portal-2026', 'MDSH', 5, 'CITIZEN_DATA_CONNECTED_DOSSIER', 'CITIZEN_DATA_CONNECTED_DOSSIER',
     2, 'fraction', 'linear', NULL, 'null', 'dossiers',
     'Hồ sơ khai thác dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư',
     'Dossiers using data from the national population database'),
    ('portal-2026', 'MDSH', 6, 'CITIZEN_DATA_CONNECTED_FORMALITY', 'CITIZEN_DATA_CONNECTED_FORMALITY',
     2, 'fraction', 'linear', NULL, 'null', 'catalogue',
     'Thủ tục hành chính kết nối Cơ sở dữ liệu quốc gia về dân cư (đếm thủ tục khác nhau)',
     'Procedures connected to the national population database (distinct procedures)'),
    ('portal-2026', 'MDSH', 7, 'ELECTRONIC_CERTIFIED_COPY', 'ELECTRONIC_CERTIFIED_COPY',
     2, 'fraction', 'full', NULL, 'full', 'constant',
     'Chứng thực bản sao điện tử (đủ điểm trong mọi số liệu đã công bố)',
     'Electronic certified copies (full points in every published figure)');

-- Filtered to one procedure, the portal drops these (METHODOLOGY.md §1.3: the
-- digitization maximum falls to 20, satisfaction is not published).
UPDATE govindex.metrics SET procedure_scoped = false
 WHERE methodology = 'portal-2026'
   AND (source = 'petitions' OR code = 'CITIZEN_DATA_CONNECTED_FORMALITY');

-- The 2022 decision: the same metrics and rules, online services and online payment
-- in one group of 22 points (payment metrics numbered after the service metrics).
INSERT INTO govindex.metrics
    (methodology, group_code, position, code, portal_code, max_points, basis, rule, threshold,
     empty_value, unit_levels, source, procedure_scoped, name_vi, name_en)
SELECT 'decision-766-2022',
       CASE WHEN group_code IN ('CLGQ', 'TTTT') THEN 'DVCTT' ELSE group_code END,
       position + CASE WHEN group_code = 'TTTT' THEN 3 ELSE 0 END,
       code, portal_code, max_points, basis, rule, threshold, empty_value, unit_levels, source,
       procedure_scoped, name_vi, name_en
FROM govindex.metrics
WHERE methodology = 'portal-2026';

-- Shipped methodologies come with the extension; pg_dump saves only the user's own.
SELECT pg_catalog.pg_extension_config_dump('govindex.methodologies',
    $$WHERE code NOT IN ('portal-2026', 'decision-766-2022')$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.metric_groups',
    $$WHERE methodology NOT IN ('portal-2026', 'decision-766-2022')$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.metrics',
    $$WHERE methodology NOT IN ('portal-2026', 'decision-766-2022')$$);

-- ---- src/scoring.sql
-- scoring.sql — scores from rates: score_rate() applies one rule (C code in
-- scoring.c), metric_score() looks the rule up in a methodology (methodology.sql),
-- and the group functions add the components of the two groups that the portal
-- publishes as one score.
--
-- Each metric's score is rounded to 2 decimals; a group's score is the sum of its
-- rounded metric scores (a NULL score counts 0), and a unit's total the sum of its
-- groups:
--
--   -- my_rates(metric text, r rate): one unit's rates
--   SELECT g.code, coalesce(sum(govindex.metric_score(m.code, x.r, m.methodology)), 0) AS score
--   FROM my_rates AS x
--   JOIN govindex.metrics AS m ON m.code = x.metric AND m.methodology = 'portal-2026'
--   JOIN govindex.metric_groups AS g ON (g.methodology, g.code) = (m.methodology, m.group_code)
--   GROUP BY g.code;                 -- and the total: sum(score) over these groups

CREATE FUNCTION govindex.score_rate(r govindex.rate, max_points numeric, basis text, rule text,
                                    threshold numeric DEFAULT NULL, empty_value text DEFAULT 'null')
RETURNS numeric
AS 'MODULE_PATHNAME', 'score_rate' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_rate(govindex.rate, numeric, text, text, numeric, text) IS
    'Score of a rate under one rule, rounded to 2 decimals half up on the exact double as the portal does: basis fraction (x = n/d) or percent (x = percent rounded to 2 decimals); rule linear (max × x), threshold (min(max, max × x / threshold), threshold in 0..1), full (max) or informational (NULL); empty_value null, zero or full when the denominator is 0 — Điểm của một tỷ lệ theo một quy tắc, làm tròn 2 chữ số như Cổng DVCQG';

CREATE FUNCTION govindex.metric_score(code text, r govindex.rate, methodology text DEFAULT NULL)
RETURNS numeric
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    chosen  text := metric_score.methodology;
    m       record;
BEGIN
    IF metric_score.code IS NULL THEN
        RAISE EXCEPTION 'metric code must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF metric_score.r IS NULL THEN
        RAISE EXCEPTION 'rate of metric % must not be null', metric_score.code
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Use ''0/0'', the empty rate, when nothing was counted: the metric''s empty_value then decides.';
    END IF;

    IF chosen IS NULL THEN
        SELECT d.code INTO chosen FROM govindex.methodologies AS d WHERE d.is_default;
        IF chosen IS NULL THEN
            RAISE EXCEPTION 'no methodology is the default'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Name a methodology, or make one the default: UPDATE govindex.methodologies SET is_default = true WHERE code = ...';
        END IF;
    END IF;

    SELECT x.max_points, x.basis, x.rule, x.threshold, x.empty_value INTO m
      FROM govindex.metrics AS x
     WHERE x.methodology = chosen AND x.code = metric_score.code;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT FROM govindex.methodologies AS d WHERE d.code = chosen) THEN
            RAISE EXCEPTION 'unknown methodology "%"', chosen
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'SELECT code FROM govindex.methodologies lists the methodologies.';
        END IF;
        RAISE EXCEPTION 'unknown metric "%" in methodology "%"', metric_score.code, chosen
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('SELECT code FROM govindex.metrics WHERE methodology = %L lists its metrics.', chosen);
    END IF;

    RETURN govindex.score_rate(metric_score.r, m.max_points, m.basis, m.rule, m.threshold, m.empty_value);
END $$;
COMMENT ON FUNCTION govindex.metric_score(text, govindex.rate, text) IS
    'Score of a rate for a metric, by the rule of the metrics table in the given methodology (NULL: the default one); 2 decimals, NULL where the rule gives none — Điểm của một chỉ số theo phương pháp (mặc định nếu không nêu)';

CREATE FUNCTION govindex.online_services_score(offered govindex.rate,
                                               services_with_online_dossiers govindex.rate,
                                               methodology text DEFAULT NULL)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(govindex.metric_score('ONLINE_PROCEDURES_OFFERED', offered, methodology), 0)
     + coalesce(govindex.metric_score('ONLINE_DOSSIER_SERVICES', services_with_online_dossiers, methodology), 0)
     + coalesce(govindex.metric_score('ONLINE_OTHER_POINTS', '0/0'::govindex.rate, methodology), 0);
COMMENT ON FUNCTION govindex.online_services_score(govindex.rate, govindex.rate, text) IS
    'Online services group (portal CLGQ): sum of the rounded scores of ONLINE_PROCEDURES_OFFERED (procedures offered online full-process or partial / procedures under authority), ONLINE_DOSSIER_SERVICES (services with online dossiers / services) and ONLINE_OTHER_POINTS — Điểm nhóm cung cấp dịch vụ trực tuyến';

CREATE FUNCTION govindex.online_payment_score(paid_online govindex.rate,
                                              procedures_with_online_payment govindex.rate,
                                              procedures_with_fee_data govindex.rate,
                                              methodology text DEFAULT NULL)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(govindex.metric_score('ONLINE_PAYMENT_DOSSIERS', paid_online, methodology), 0)
     + coalesce(govindex.metric_score('ONLINE_PAYMENT_PROCEDURES', procedures_with_online_payment, methodology), 0)
     + coalesce(govindex.metric_score('FEE_DATA_PROCEDURES', procedures_with_fee_data, methodology), 0);
COMMENT ON FUNCTION govindex.online_payment_score(govindex.rate, govindex.rate, govindex.rate, text) IS
    'Online payment group (portal TTTT): sum of the rounded scores of ONLINE_PAYMENT_DOSSIERS (fee-bearing dossiers paid online), ONLINE_PAYMENT_PROCEDURES and FEE_DATA_PROCEDURES (fee-bearing procedures with an online payment, with fee data) — Điểm nhóm thanh toán trực tuyến';

-- ---- src/dossier_stats.sql
-- dossier_stats.sql — the dossier_stats type and aggregate (two-step aggregation):
-- dossier_stats(...) summarises dossiers for one window; rollup() and + merge states
-- of the same window; metric(), counter() and procedure_count() read them.

CREATE TYPE govindex.dossier_stats;

CREATE FUNCTION govindex.dossier_stats_in(cstring) RETURNS govindex.dossier_stats
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.dossier_stats_out(govindex.dossier_stats) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.dossier_stats_recv(internal) RETURNS govindex.dossier_stats
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.dossier_stats_send(govindex.dossier_stats) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE govindex.dossier_stats (
    INPUT = govindex.dossier_stats_in,
    OUTPUT = govindex.dossier_stats_out,
    RECEIVE = govindex.dossier_stats_recv,
    SEND = govindex.dossier_stats_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE govindex.dossier_stats IS
    'Summary of dossiers for one evaluation window, or a part of one that adds up across days: every counter of the dossier-based Index 766 metrics and exact procedure sets; mergeable — Tổng hợp hồ sơ trong một kỳ đánh giá';

COMMENT ON FUNCTION govindex.dossier_stats_in(cstring) IS
    'Reads the text form: window=[from,to) (or part=[from,to)) name=count ... NAME_procedures={ids}';
COMMENT ON FUNCTION govindex.dossier_stats_out(govindex.dossier_stats) IS
    'Writes the text form: window=[from,to) (or part=[from,to)) name=count ... NAME_procedures={ids}';
COMMENT ON FUNCTION govindex.dossier_stats_recv(internal) IS
    'Reads the binary form (version byte 1 or 2, big-endian), checking every invariant';
COMMENT ON FUNCTION govindex.dossier_stats_send(govindex.dossier_stats) IS
    'Binary form: version byte 2, kind, window, counters, procedure sets (big-endian)';

CREATE FUNCTION govindex.dossier_stats_trans(
    state govindex.dossier_stats,
    received_at timestamptz,
    due_at timestamptz,
    ended_at timestamptz,
    end_status govindex.end_status,
    supplement_requests smallint,
    supplement_periods tstzmultirange,
    channel govindex.channel,
    procedure_id int,
    paper_result_required bool,
    fee_bearing bool,
    synced bool,
    electronic_result bool,
    digitized bool,
    reused_data bool,
    personal_store bool,
    population_data bool,
    paid_online govindex.payment_channel,
    fee_amount bigint,
    rating govindex.citizen_rating,
    "window" tstzrange)
RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_trans(govindex.dossier_stats, timestamptz, timestamptz, timestamptz,
    govindex.end_status, smallint, tstzmultirange, govindex.channel, int, bool, bool, bool, bool, bool, bool,
    bool, bool, govindex.payment_channel, bigint, govindex.citizen_rating, tstzrange) IS
    'Transition function of the dossier_stats aggregate; updates the state in place';

CREATE FUNCTION govindex.dossier_stats_combine(govindex.dossier_stats, govindex.dossier_stats)
RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_combine(govindex.dossier_stats, govindex.dossier_stats) IS
    'Merges two states of the same window (counters add, procedure sets unite)';

CREATE FUNCTION govindex.dossier_stats_final(govindex.dossier_stats) RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_final(govindex.dossier_stats) IS
    'Final function of the dossier_stats aggregates: drops the room kept for in-place updates';

CREATE AGGREGATE govindex.dossier_stats(
    received_at timestamptz,
    due_at timestamptz,
    ended_at timestamptz,
    end_status govindex.end_status,
    supplement_requests smallint,
    supplement_periods tstzmultirange,
    channel govindex.channel,
    procedure_id int,
    paper_result_required bool,
    fee_bearing bool,
    synced bool,
    electronic_result bool,
    digitized bool,
    reused_data bool,
    personal_store bool,
    population_data bool,
    paid_online govindex.payment_channel,
    fee_amount bigint,
    rating govindex.citizen_rating,
    "window" tstzrange) (
    SFUNC = govindex.dossier_stats_trans,
    STYPE = govindex.dossier_stats,
    COMBINEFUNC = govindex.dossier_stats_combine,
    FINALFUNC = govindex.dossier_stats_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.dossier_stats(timestamptz, timestamptz, timestamptz, govindex.end_status, smallint,
    tstzmultirange, govindex.channel, int, bool, bool, bool, bool, bool, bool, bool, bool,
    govindex.payment_channel, bigint, govindex.citizen_rating, tstzrange) IS
    'Summarises dossiers for a half-open window [from, to) in one pass — Tổng hợp hồ sơ theo kỳ đánh giá';

CREATE AGGREGATE govindex.rollup(govindex.dossier_stats) (
    SFUNC = govindex.dossier_stats_combine,
    STYPE = govindex.dossier_stats,
    COMBINEFUNC = govindex.dossier_stats_combine,
    FINALFUNC = govindex.dossier_stats_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.rollup(govindex.dossier_stats) IS
    'Merges dossier_stats of the same window, e.g. units into their parent — Cộng dồn số liệu các đơn vị';

CREATE FUNCTION govindex.dossier_stats_add(govindex.dossier_stats, govindex.dossier_stats)
RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_add(govindex.dossier_stats, govindex.dossier_stats) IS
    'Merges two states of the same window';
CREATE OPERATOR govindex.+ (
    LEFTARG = govindex.dossier_stats,
    RIGHTARG = govindex.dossier_stats,
    FUNCTION = govindex.dossier_stats_add,
    COMMUTATOR = OPERATOR(govindex.+)
);

CREATE FUNCTION govindex.empty_dossier_stats("window" tstzrange) RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME', 'dossier_stats_empty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.empty_dossier_stats(tstzrange) IS
    'A state with no dossiers for a window (for units that had none)';

CREATE FUNCTION govindex.stats_window(govindex.dossier_stats) RETURNS tstzrange
AS 'MODULE_PATHNAME', 'dossier_stats_window' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.stats_window(govindex.dossier_stats) IS 'The evaluation window [from, to) of a state';

CREATE FUNCTION govindex.counter(govindex.dossier_stats, name text) RETURNS bigint
AS 'MODULE_PATHNAME', 'dossier_stats_counter' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.counter(govindex.dossier_stats, text) IS 'One counter of a state, by name';

CREATE FUNCTION govindex.dossier_stats_counter_names() RETURNS text[]
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_counter_names() IS 'Names of the counters of dossier_stats, in stored order';

CREATE FUNCTION govindex.dossier_stats_counters(stats govindex.dossier_stats)
RETURNS TABLE (counter text, value bigint)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT n, govindex.counter(stats, n) FROM unnest(govindex.dossier_stats_counter_names()) n;
$$;
COMMENT ON FUNCTION govindex.dossier_stats_counters(govindex.dossier_stats) IS
    'Every counter of a state, one row each (the data-quality counters included)';

CREATE FUNCTION govindex.metric(govindex.dossier_stats, code text) RETURNS govindex.rate
AS 'MODULE_PATHNAME', 'dossier_stats_metric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.metric(govindex.dossier_stats, text) IS
    'A dossier-based metric as a rate, by its portal code (e.g. DVC_PROGRESS_ON_TIME) — Chỉ số theo mã';

CREATE FUNCTION govindex.procedure_ids(govindex.dossier_stats, set text) RETURNS int[]
AS 'MODULE_PATHNAME', 'dossier_stats_procedure_ids' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.procedure_ids(govindex.dossier_stats, text) IS
    'Procedure ids of a set: online, paid_online, fee_data or population_data';

CREATE FUNCTION govindex.procedure_count(govindex.dossier_stats, set text) RETURNS bigint
AS 'MODULE_PATHNAME', 'dossier_stats_procedure_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.procedure_count(govindex.dossier_stats, text) IS
    'Number of distinct procedures in a set: online, paid_online, fee_data or population_data';

CREATE FUNCTION govindex.avg_processing_days(govindex.dossier_stats) RETURNS float8
AS 'MODULE_PATHNAME', 'dossier_stats_avg_processing_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.avg_processing_days(govindex.dossier_stats) IS
    'Average calendar days from reception to result, supplement waits excluded; NULL without resolved dossiers';

-- ---- src/dossier_parts.sql
-- dossier_parts.sql — parts of dossier_stats, which add up across days.  A window's
-- statistics split into three disjoint parts: what depends on each dossier's receipt
-- (counted on the day it was received), how each dossier ended (on the day it
-- ended), and how the dossiers still pending at the close stand then (the window's
-- own).  The first two add up over the days of any window; the daily summaries
-- (dossier_days.sql) keep them, and assemble() makes the window's statistics of
-- their sum and its pending part, equal to what dossier_stats() counts from the rows.

CREATE FUNCTION govindex.dossier_stats_part_trans(
    state govindex.dossier_stats,
    received_at timestamptz,
    due_at timestamptz,
    ended_at timestamptz,
    end_status govindex.end_status,
    supplement_requests smallint,
    supplement_periods tstzmultirange,
    channel govindex.channel,
    procedure_id int,
    paper_result_required bool,
    fee_bearing bool,
    synced bool,
    electronic_result bool,
    digitized bool,
    reused_data bool,
    personal_store bool,
    population_data bool,
    paid_online govindex.payment_channel,
    fee_amount bigint,
    rating govindex.citizen_rating,
    "window" tstzrange,
    part text)
RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME', 'dossier_stats_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_part_trans(govindex.dossier_stats, timestamptz, timestamptz, timestamptz,
    govindex.end_status, smallint, tstzmultirange, govindex.channel, int, bool, bool, bool, bool, bool, bool,
    bool, bool, govindex.payment_channel, bigint, govindex.citizen_rating, tstzrange, text) IS
    'Transition function of the dossier_stats_part aggregate; updates the state in place';

CREATE AGGREGATE govindex.dossier_stats_part(
    received_at timestamptz,
    due_at timestamptz,
    ended_at timestamptz,
    end_status govindex.end_status,
    supplement_requests smallint,
    supplement_periods tstzmultirange,
    channel govindex.channel,
    procedure_id int,
    paper_result_required bool,
    fee_bearing bool,
    synced bool,
    electronic_result bool,
    digitized bool,
    reused_data bool,
    personal_store bool,
    population_data bool,
    paid_online govindex.payment_channel,
    fee_amount bigint,
    rating govindex.citizen_rating,
    "window" tstzrange,
    part text) (
    SFUNC = govindex.dossier_stats_part_trans,
    STYPE = govindex.dossier_stats,
    COMBINEFUNC = govindex.dossier_stats_combine,
    FINALFUNC = govindex.dossier_stats_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.dossier_stats_part(timestamptz, timestamptz, timestamptz, govindex.end_status, smallint,
    tstzmultirange, govindex.channel, int, bool, bool, bool, bool, bool, bool, bool, bool,
    govindex.payment_channel, bigint, govindex.citizen_rating, tstzrange, text) IS
    'One part of dossier_stats for a window: received (counts over the dossiers received in it), ended (how the dossiers that ended in it ended) or pending (how those pending at its close stand); parts add up across windows — Một phần số liệu hồ sơ của kỳ';

CREATE FUNCTION govindex.assemble(parts govindex.dossier_stats, "window" tstzrange) RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME', 'dossier_stats_assemble' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.assemble(govindex.dossier_stats, tstzrange) IS
    'The statistics of a window made of the sum of its parts: the received and ended parts of each of its days and its pending part — Ghép các phần thành số liệu của kỳ';

-- ---- src/due_dates.sql
-- due_dates.sql — the due date every report uses: the dossier's own (NgayHenTra), or,
-- when it has none, the legal one: received + the procedure's time limit in working
-- days or hours, extended by its closed supplement waits (legal_due_at), when the
-- working-day calendar reaches it.  SET govindex.legal_due_dates = off leaves dossiers
-- without a due date without one (dossier_stats then counts them as not assessable).
--
-- A view, so that it inlines into the reports: the calendar, a scalar subquery, is
-- built once per query and only when a dossier needs it.
CREATE VIEW govindex.dossier_due_dates AS
SELECT d.code, d.unit_id, d.procedure_id, d.channel, d.submitted_at, d.received_at,
       d.due_at AS given_due_at,
       CASE WHEN d.due_at IS NULL AND coalesce(current_setting('govindex.legal_due_dates', true), '') <> 'off'
            THEN govindex.legal_due_at(d.received_at, p.time_limit, p.time_limit_unit, d.supplement_periods,
                                       (SELECT govindex.default_calendar()), true)
            ELSE d.due_at END AS due_at,
       d.ended_at, d.end_status, d.supplement_requests, d.supplement_periods, d.synced,
       d.electronic_result, d.digitized, d.reused_data, d.personal_store, d.population_data,
       d.paid_online, d.fee_amount, d.rating,
       p.code AS procedure_code, p.name_vi AS procedure_name, p.field, p.project06,
       p.paper_result_required, p.fee_bearing
  FROM govindex.dossiers d
  JOIN govindex.procedures p ON p.id = d.procedure_id;
COMMENT ON VIEW govindex.dossier_due_dates IS
    'Dossiers with the due date the reports use (their own, else the legal one in working days) and the procedure attributes the metrics need — Hồ sơ kèm hạn giải quyết được dùng (hạn hẹn trả, hoặc hạn luật định)';
COMMENT ON COLUMN govindex.dossier_due_dates.given_due_at IS 'Due date as loaded (NgayHenTra) — Ngày hẹn trả';
COMMENT ON COLUMN govindex.dossier_due_dates.due_at IS
    'Due date used: the given one, else the legal one; NULL when neither is known — Hạn giải quyết được dùng';
COMMENT ON COLUMN govindex.dossier_due_dates.procedure_code IS 'Procedure code — Mã thủ tục';
COMMENT ON COLUMN govindex.dossier_due_dates.procedure_name IS 'Procedure name — Tên thủ tục';
COMMENT ON COLUMN govindex.dossier_due_dates.field IS 'Procedure field — Lĩnh vực';
COMMENT ON COLUMN govindex.dossier_due_dates.project06 IS 'Project 06 essential service — Dịch vụ công thiết yếu Đề án 06';
COMMENT ON COLUMN govindex.dossier_due_dates.paper_result_required IS 'The procedure''s result is a paper document — Kết quả là giấy tờ';
COMMENT ON COLUMN govindex.dossier_due_dates.fee_bearing IS 'The procedure carries fees — Có phí, lệ phí';
-- the other columns are the dossiers' own: the same comments as on govindex.dossiers
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT v.attname, col_description('govindex.dossiers'::regclass, t.attnum) AS comment
               FROM pg_attribute v
               JOIN pg_attribute t ON t.attrelid = 'govindex.dossiers'::regclass AND t.attname = v.attname
              WHERE v.attrelid = 'govindex.dossier_due_dates'::regclass AND v.attnum > 0
                AND col_description(v.attrelid, v.attnum) IS NULL
    LOOP
        EXECUTE format('COMMENT ON COLUMN govindex.dossier_due_dates.%I IS %L', c.attname, c.comment);
    END LOOP;
END $$;


-- ---- src/dossier_days.sql
-- dossier_days.sql — daily summaries of the dossiers, so that a report over a year
-- reads a few thousand states instead of millions of rows.  For each day (in the
-- province's time zone) and unit, dossier_days keeps the received part of the
-- dossiers received that day plus the ended part of those that ended that day
-- (dossier_parts.sql).  A report over whole days sums the parts of its days, counts
-- the dossiers still pending at its close from the rows (few, found by index), and
-- assembles them: the same statistics, counter for counter, as the rows give.
--
-- A day's summary is used only while it is current: writing a dossier marks the day
-- it was received and the day it ended stale (in the writing transaction), and so
-- does a change to a procedure's time limit, fee or paper result, or to the
-- holidays (legal due dates), for every day.  A mark is a row of its own for each
-- writing transaction and day, never shared: a refresh deletes only the marks its
-- snapshot read, so a write it did not read keeps its own mark, whenever it commits.  refresh_dossier_days() brings the
-- stale days, and the days up to today, up to date; until then the reports read
-- those windows from the rows, exactly and more slowly.  SET govindex.dossier_days
-- = off makes them always read the rows.

-- The province's calendar day of a moment, and the moments a day spans.  Asia/Ho_Chi_Minh
-- has been UTC+07:00 since 13 June 1975: from then on a fixed offset gives the same
-- answer as the zone's rules without looking the zone up by name for every row (which
-- took two thirds of a refresh); earlier moments go through the rules.  Not STRICT, so
-- that they inline (a CASE is not strict); NULL gives NULL all the same.
CREATE FUNCTION govindex.province_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN t >= '1975-06-13 00:00:00+07' THEN (t AT TIME ZONE INTERVAL '+07:00')::date
                ELSE (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END;
END;
COMMENT ON FUNCTION govindex.province_day(timestamptz) IS
    'The calendar day of a moment in the province''s time zone (Asia/Ho_Chi_Minh) — Ngày theo giờ Việt Nam';

CREATE FUNCTION govindex.day_window(day date) RETURNS tstzrange
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN day >= '1975-06-14' THEN tstzrange(day::timestamp AT TIME ZONE INTERVAL '+07:00',
                                                       (day + 1)::timestamp AT TIME ZONE INTERVAL '+07:00')
                WHEN day IS NOT NULL THEN tstzrange(day::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                                                    (day + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') END;
END;
COMMENT ON FUNCTION govindex.day_window(date) IS
    'The half-open window of one day, midnight to midnight in Asia/Ho_Chi_Minh — Khoảng thời gian của một ngày';

CREATE TABLE govindex.dossier_days (
    day      date NOT NULL,
    unit_id  int  NOT NULL,
    parts    govindex.dossier_stats NOT NULL,
    PRIMARY KEY (day, unit_id)
);
COMMENT ON TABLE govindex.dossier_days IS
    'Daily summaries: per day and unit, the received part of the dossiers received that day plus the ended part of those that ended that day; derived (refresh_dossier_days), not dumped — Tổng hợp hồ sơ theo ngày';
COMMENT ON COLUMN govindex.dossier_days.day IS 'Day, in Asia/Ho_Chi_Minh — Ngày';
COMMENT ON COLUMN govindex.dossier_days.unit_id IS 'Unit that received the dossiers (not its subtree) — Đơn vị';
COMMENT ON COLUMN govindex.dossier_days.parts IS
    'Sum of the day''s received and ended parts (a dossier_stats part) — Phần số liệu của ngày';

CREATE TABLE govindex.dossier_days_current (
    day           date PRIMARY KEY,
    refreshed_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE govindex.dossier_days_current IS
    'Days whose summary was computed (current unless also in dossier_days_stale) — Ngày đã tổng hợp';
COMMENT ON COLUMN govindex.dossier_days_current.day IS 'Day — Ngày';
COMMENT ON COLUMN govindex.dossier_days_current.refreshed_at IS 'When its summary was computed — Thời điểm tổng hợp';

CREATE TABLE govindex.dossier_days_stale (
    mark       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day        date NOT NULL,
    marked_at  timestamptz NOT NULL DEFAULT now(),
    writer     xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX dossier_days_stale_day_idx ON govindex.dossier_days_stale (day, writer);
COMMENT ON TABLE govindex.dossier_days_stale IS
    'Days whose dossiers changed since their summary was computed: one mark per writing transaction and day — Ngày có hồ sơ thay đổi, cần tổng hợp lại';
COMMENT ON COLUMN govindex.dossier_days_stale.mark IS
    'The mark''s own identity: a refresh removes only the marks it read — Số hiệu đánh dấu';
COMMENT ON COLUMN govindex.dossier_days_stale.day IS 'Day — Ngày';
COMMENT ON COLUMN govindex.dossier_days_stale.marked_at IS 'When the writing transaction started — Thời điểm thay đổi';
COMMENT ON COLUMN govindex.dossier_days_stale.writer IS
    'The writing transaction (one mark per transaction and day) — Giao dịch ghi';

-- Written dossiers make the days they were received and ended stale, each with a mark
-- of the writing transaction's own.  A refresh that already read the old rows cannot
-- miss the write: it removes only the marks it saw, and this one it could not see.
-- Reusing another transaction's mark would be wrong (a refresh may have read it and be
-- about to remove it); reusing this transaction's own is safe, so a transaction of many
-- statements leaves one mark per day.  Plain inserts: a writer never waits here.
CREATE FUNCTION govindex.dossier_days_mark_written() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM new_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                            WHERE s.day = d.day AND s.writer = pg_current_xact_id());
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO govindex.dossier_days_stale (day)
        SELECT DISTINCT d.day
          FROM old_rows r
         CROSS JOIN LATERAL (VALUES (govindex.province_day(r.received_at)),
                                    (govindex.province_day(r.ended_at))) d (day)
         WHERE d.day IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                            WHERE s.day = d.day AND s.writer = pg_current_xact_id());
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_written() IS
    'Trigger: marks the days written dossiers were received and ended as stale';

CREATE TRIGGER dossiers_days_insert AFTER INSERT ON govindex.dossiers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written();
CREATE TRIGGER dossiers_days_update AFTER UPDATE ON govindex.dossiers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written();
CREATE TRIGGER dossiers_days_delete AFTER DELETE ON govindex.dossiers
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_written();

-- Every summarised day stale: what a dossier counts as depends on its procedure and,
-- for legal due dates, on the holidays.  Waits for a running refresh, whose snapshot
-- may predate the change, and marks the days it made current too.  The refresh lock
-- is a table lock on dossier_days_current in SHARE ROW EXCLUSIVE mode: it conflicts
-- with itself, and only a role that may change that table can take it (an advisory
-- lock can be taken by anyone, who could then hold every refresh back).
CREATE FUNCTION govindex.dossier_days_mark_every_day() RETURNS void
LANGUAGE sql SET search_path = pg_catalog, govindex, pg_temp AS $$
    LOCK TABLE govindex.dossier_days_current IN SHARE ROW EXCLUSIVE MODE;
    INSERT INTO govindex.dossier_days_stale (day)
    SELECT c.day FROM govindex.dossier_days_current c
     WHERE NOT EXISTS (SELECT FROM govindex.dossier_days_stale s
                        WHERE s.day = c.day AND s.writer = pg_current_xact_id());
$$;
COMMENT ON FUNCTION govindex.dossier_days_mark_every_day() IS
    'Marks every summarised day as stale (after a change to the holidays or to what the summaries read of a procedure)';

CREATE FUNCTION govindex.dossier_days_mark_all() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.dossier_days_mark_every_day();
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_all() IS
    'Trigger: marks every summarised day as stale when the holidays change';

-- A catalogue synchronised every night rewrites its rows unchanged: only a change to
-- what the summaries read of a procedure makes the days stale.
CREATE FUNCTION govindex.dossier_days_mark_procedures() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.time_limit, o.time_limit_unit, o.fee_bearing, o.paper_result_required)
                      IS DISTINCT FROM (n.time_limit, n.time_limit_unit, n.fee_bearing, n.paper_result_required))
    THEN
        PERFORM govindex.dossier_days_mark_every_day();
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_mark_procedures() IS
    'Trigger: marks every summarised day as stale when a procedure''s time limit, fee or paper result changed';

CREATE TRIGGER procedures_days_update AFTER UPDATE ON govindex.procedures
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_procedures();
CREATE TRIGGER holidays_days_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON govindex.holidays
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_all();
CREATE TRIGGER national_holidays_days_change
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON govindex.national_holidays
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_mark_all();

CREATE FUNCTION govindex.dossier_days_clear() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    TRUNCATE govindex.dossier_days, govindex.dossier_days_current, govindex.dossier_days_stale;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.dossier_days_clear() IS 'Trigger: forgets every daily summary when the dossiers are truncated';
CREATE TRIGGER dossiers_days_truncate AFTER TRUNCATE ON govindex.dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.dossier_days_clear();

-- Recomputes the stale days and the days not yet summarised up to today (with
-- rebuild, every day of the dossiers); returns how many days it computed.
-- The legal due dates are on, as the reports that read the summaries have them.
CREATE FUNCTION govindex.refresh_dossier_days(rebuild bool DEFAULT false)
RETURNS int
LANGUAGE plpgsql
SET search_path = pg_catalog, govindex, pg_temp
SET govindex.legal_due_dates = 'on' AS $$
DECLARE
    first_new date;
    today date := govindex.province_day(now());
    done int;
BEGIN
    -- one refresh at a time: a later one must not be overwritten by an earlier snapshot
    -- (the lock of dossier_days_mark_every_day, which no reader can take)
    LOCK TABLE govindex.dossier_days_current IN SHARE ROW EXCLUSIVE MODE;
    IF rebuild THEN
        DELETE FROM govindex.dossier_days;
        DELETE FROM govindex.dossier_days_current;
    END IF;
    -- after the last current day; on a first refresh, from the first partition's first
    -- day (a year's report starts before its first dossier), or the first dossier's
    first_new := coalesce(
        (SELECT max(day) + 1 FROM govindex.dossier_days_current),
        (SELECT least(min(govindex.province_day(b.opens)), (SELECT govindex.province_day(min(received_at))
                                                               FROM govindex.dossiers))
           FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid
          CROSS JOIN LATERAL (
                SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz
                ) b (opens)
          WHERE i.inhparent = 'govindex.dossiers'::regclass));

    -- one statement, one snapshot: the stale marks removed are those read with the rows,
    -- by their identity; a mark written after the snapshot stays, and its day stale
    WITH seen AS MATERIALIZED (
        SELECT s.mark, s.day FROM govindex.dossier_days_stale s
    ),
    todo AS (
        SELECT day FROM seen
        UNION
        SELECT g::date FROM generate_series(first_new, today, interval '1 day') g
    ),
    span AS (
        SELECT lower(govindex.day_window(min(day))) AS opens, upper(govindex.day_window(max(day))) AS closes
          FROM todo
    ),
    fresh AS (
        SELECT p.day, p.unit_id, govindex.rollup(p.parts) AS parts
          FROM (
            SELECT govindex.province_day(d.received_at) AS day, d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating,
                       govindex.day_window(govindex.province_day(d.received_at)), 'received') AS parts
              FROM govindex.dossier_due_dates d, span
             WHERE d.received_at >= span.opens AND d.received_at < span.closes
               AND govindex.province_day(d.received_at) IN (SELECT day FROM todo)
             GROUP BY 1, 2
            UNION ALL
            SELECT govindex.province_day(d.ended_at), d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating,
                       govindex.day_window(govindex.province_day(d.ended_at)), 'ended')
              FROM govindex.dossier_due_dates d, span
             WHERE d.ended_at >= span.opens AND d.ended_at < span.closes
               AND d.received_at < span.closes
               AND govindex.province_day(d.ended_at) IN (SELECT day FROM todo)
             GROUP BY 1, 2
          ) p
         GROUP BY p.day, p.unit_id
    ),
    upserted AS (
        INSERT INTO govindex.dossier_days AS s (day, unit_id, parts)
        SELECT day, unit_id, parts FROM fresh
        ON CONFLICT (day, unit_id) DO UPDATE SET parts = excluded.parts
        RETURNING s.day
    ),
    emptied AS (
        DELETE FROM govindex.dossier_days s
         WHERE s.day IN (SELECT day FROM todo)
           AND NOT EXISTS (SELECT FROM fresh f WHERE f.day = s.day AND f.unit_id = s.unit_id)
        RETURNING s.day
    ),
    unmarked AS (
        DELETE FROM govindex.dossier_days_stale s WHERE s.mark IN (SELECT seen.mark FROM seen)
        RETURNING s.day
    ),
    marked AS (
        INSERT INTO govindex.dossier_days_current AS c (day)
        SELECT day FROM todo
        ON CONFLICT (day) DO UPDATE SET refreshed_at = now()
        RETURNING c.day
    )
    SELECT count(*) INTO done FROM marked;   -- the other statements run to completion all the same
    RETURN done;
END $$;
COMMENT ON FUNCTION govindex.refresh_dossier_days(bool) IS
    'Computes the daily summaries of the stale days and of the days not yet summarised up to today (rebuild: of every day); returns how many days. Run it after loading dossiers, e.g. nightly — Tổng hợp lại hồ sơ theo ngày';

-- Whether the daily summaries can serve a window: whole days, all current, for the
-- same due dates (legal ones on) and the same dossiers (no procedure filter).
CREATE FUNCTION govindex.dossier_days_cover("window" tstzrange, filtered bool DEFAULT false)
RETURNS bool
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    SELECT CASE WHEN filtered
                  OR coalesce(current_setting('govindex.dossier_days', true), '') = 'off'
                  OR coalesce(current_setting('govindex.legal_due_dates', true), '') = 'off'
                  OR isempty("window") OR lower_inf("window") OR upper_inf("window")
                  OR NOT lower_inc("window") OR upper_inc("window")
                  OR NOT isfinite(lower("window")) OR NOT isfinite(upper("window"))
                THEN false
                -- bounds at midnight, and then every day current
                WHEN lower("window") <> lower(govindex.day_window(govindex.province_day(lower("window"))))
                  OR upper("window") <> lower(govindex.day_window(govindex.province_day(upper("window"))))
                THEN false
                ELSE (SELECT count(*) FROM govindex.dossier_days_current c
                       WHERE c.day >= govindex.province_day(lower("window"))
                         AND c.day < govindex.province_day(upper("window"))
                         AND NOT EXISTS (SELECT FROM govindex.dossier_days_stale s WHERE s.day = c.day))
                     = govindex.province_day(upper("window")) - govindex.province_day(lower("window"))
           END;
$$;
COMMENT ON FUNCTION govindex.dossier_days_cover(tstzrange, bool) IS
    'Whether the reports can read a window from the daily summaries: whole days in Asia/Ho_Chi_Minh, every one current, no procedure filter, legal due dates and govindex.dossier_days not off — Có dùng được số liệu tổng hợp theo ngày';

-- ---- src/unit_stats.sql
-- unit_stats.sql — dossier_stats for every unit of a tree, each over its whole subtree.
-- A parent is never an average of its children: its state is the merge (rollup) of
-- the per-unit states of every unit below it, so distinct-procedure sets stay exact.
--
-- The report functions here (but unit_closure) and in index766.sql and
-- late_dossiers.sql have SQL-standard bodies (BEGIN ATOMIC) instead of SET
-- search_path: a set-returning SQL function with a SET clause cannot be inlined into
-- the calling query, and one that is not inlined runs row by row, without parallel
-- workers (twice as slow on 10M dossiers).  A standard body is parsed once, when the
-- function is created, so every function and operator in it is bound to the one it
-- meant then, whatever the caller's search_path: a reader's public.upper(tstzrange)
-- cannot take the place of pg_catalog's.  It still inlines.

-- Every (ancestor, descendant) pair of the tree under a root (or of every tree), the
-- unit itself included at distance 0; merged units count under their successor.
-- Not inlined on purpose (SET clauses, ROWS): inlined, its recursive CTE's estimate
-- swells the cost of every report to the point where JIT compiles it, which costs
-- seconds on a province of a few hundred units; its own small query never pays
-- for compiling either.
CREATE FUNCTION govindex.unit_closure(root_code text DEFAULT NULL)
RETURNS TABLE (ancestor_id int, descendant_id int, distance int)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
SET search_path = pg_catalog, govindex, pg_temp
SET jit = off AS $$
    WITH RECURSIVE roots AS (
        SELECT s.unit_id AS id FROM govindex.unit_subtree(root_code) s WHERE root_code IS NOT NULL
        UNION ALL
        SELECT u.id FROM govindex.units u WHERE root_code IS NULL
    ),
    closure (ancestor_id, descendant_id, distance, path) AS (
        SELECT r.id, r.id, 0, ARRAY[r.id] FROM roots r
        UNION ALL
        SELECT c.ancestor_id, u.id, c.distance + 1, c.path || u.id
          FROM closure c
          JOIN govindex.units u ON u.parent_id = c.descendant_id OR u.successor_id = c.descendant_id
         WHERE NOT u.id = ANY (c.path)
    )
    SELECT DISTINCT ON (ancestor_id, descendant_id) ancestor_id, descendant_id, distance
      FROM closure ORDER BY ancestor_id, descendant_id, distance;
$$;
COMMENT ON FUNCTION govindex.unit_closure(text) IS
    'Every (ancestor, descendant) pair under a root unit code, or of all units when NULL; distance 0 is the unit itself — Quan hệ đơn vị cấp trên, cấp dưới';

-- Dossier filters shared by the reports: procedure codes, a field, Project 06 only.
CREATE FUNCTION govindex.unit_stats(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, stats govindex.dossier_stats)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    -- each unit's own dossiers, from the rows or, when they cover the window, from the
    -- daily summaries (dossier_days.sql); one of the two branches runs
    own AS (
        -- (OFFSET 0 keeps the test above the parallel plan: a skipped branch starts no workers)
        SELECT r.unit_id, r.stats
          FROM (
            -- dossier_due_dates: the given due date, else the legal one (due_dates.sql)
            SELECT d.unit_id,
                   govindex.dossier_stats(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating, "window") AS stats
              FROM govindex.dossier_due_dates d
             WHERE d.received_at < upper("window")
               AND (d.ended_at IS NULL OR d.ended_at >= lower("window"))
               AND (procedure_codes IS NULL OR d.procedure_code = ANY (procedure_codes))
               AND (procedure_field IS NULL OR d.field = procedure_field)
               AND (NOT project06_only OR d.project06)
             GROUP BY d.unit_id
            OFFSET 0
          ) r
         -- the arguments are checked first (a CASE evaluates in order), whichever branch runs
         WHERE CASE WHEN govindex.report_arguments_sound("window", procedure_codes)
                    THEN NOT govindex.dossier_days_cover("window",
                             procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only) END
        UNION ALL
        SELECT p.unit_id, govindex.assemble(govindex.rollup(p.parts), "window")
          FROM (
            -- the received and ended parts of every day of the window
            SELECT s.unit_id, s.parts
              FROM govindex.dossier_days s
             WHERE s.day >= govindex.province_day(lower("window"))
               AND s.day < govindex.province_day(upper("window"))
            UNION ALL
            -- and the dossiers pending at the close, from the rows (by the index on ended_at)
            SELECT d.unit_id,
                   govindex.dossier_stats_part(d.received_at, d.due_at, d.ended_at, d.end_status,
                       d.supplement_requests, d.supplement_periods, d.channel, d.procedure_id,
                       d.paper_result_required, d.fee_bearing, d.synced, d.electronic_result,
                       d.digitized, d.reused_data, d.personal_store, d.population_data,
                       d.paid_online, d.fee_amount, d.rating, "window", 'pending')
              FROM govindex.dossier_due_dates d
             WHERE d.received_at < upper("window")
               AND (d.ended_at IS NULL OR d.ended_at >= upper("window"))
             GROUP BY d.unit_id
          ) p
         WHERE CASE WHEN govindex.report_arguments_sound("window", procedure_codes)
                    THEN govindex.dossier_days_cover("window",
                             procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only) END
         GROUP BY p.unit_id
    )
    SELECT c.ancestor_id,
           coalesce(govindex.rollup(o.stats), govindex.empty_dossier_stats(govindex.checked_window("window", 'window')))
      FROM closure c
      LEFT JOIN own o ON o.unit_id = c.descendant_id
     GROUP BY c.ancestor_id;
END;
COMMENT ON FUNCTION govindex.unit_stats(tstzrange, text, text[], text, bool) IS
    'dossier_stats of every unit under a root (all units when NULL), each over its whole subtree, for a window and optional procedure filters — Số liệu hồ sơ của từng đơn vị (gồm cấp dưới)';

-- ---- src/late_dossiers.sql
-- late_dossiers.sql — overdue dossiers at a moment, and the weekly movement of late
-- dossiers that steering committees read out ("processed 712 of 4,060 late dossiers;
-- 8 more; 2,631 still late").

-- The same rule as dossier_stats' "pending overdue" at a window's close t: received
-- before t, not ended by t, and past its due date, unless the clock stopped at a
-- supplement request made on or before the due date that is still open at t; more
-- than one supplement request makes a dossier overdue whatever its due date.  A plain
-- SQL expression, so the planner inlines it.
CREATE FUNCTION govindex.overdue_at(
    received_at timestamptz, ended_at timestamptz, due_at timestamptz,
    supplement_requests smallint, supplement_periods tstzmultirange, at timestamptz)
RETURNS bool
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN received_at < at
   AND (ended_at IS NULL OR ended_at > at)
   AND (supplement_requests > 1
        OR (due_at < at AND NOT coalesce(supplement_periods @> tstzrange(due_at, at, '[]'), false)));
COMMENT ON FUNCTION govindex.overdue_at(timestamptz, timestamptz, timestamptz, smallint, tstzmultirange, timestamptz) IS
    'Whether a dossier is pending and overdue at a moment (the rule dossier_stats applies at a window''s close) — Hồ sơ quá hạn tại một thời điểm';

CREATE FUNCTION govindex.late_dossiers_at("at" timestamptz, root_code text DEFAULT NULL)
RETURNS TABLE (
    unit_code text, unit_name text, dossier_code text, procedure_code text, procedure_name text,
    channel govindex.channel, received_at timestamptz, due_at timestamptz,
    days_overdue int, supplement_requests smallint, workdays_overdue int)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.code, u.name_vi, d.code, d.procedure_code, d.procedure_name, d.channel, d.received_at, d.due_at,
           CASE WHEN d.due_at IS NOT NULL
                THEN ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
           END,
           d.supplement_requests,
           -- working days in [due date, date of "at"), when the calendar covers both
           CASE WHEN d.due_at IS NOT NULL
                 AND (d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= lower(cal.span)
                 AND ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= upper(cal.span)
                THEN govindex.workdays_between((d.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                                               ("at" AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, cal.c)
           END
      FROM govindex.dossier_due_dates d
     CROSS JOIN (SELECT c, govindex.workcal_span(c) AS span
                   FROM (SELECT govindex.default_calendar() AS c) built) cal
      JOIN govindex.units u ON u.id = d.unit_id
     WHERE govindex.checked_moment("at", 'at') IS NOT NULL
       AND d.received_at < "at"
       AND govindex.overdue_at(d.received_at, d.ended_at, d.due_at, d.supplement_requests,
                               d.supplement_periods, "at")
       AND (root_code IS NULL OR d.unit_id IN (SELECT s.unit_id FROM govindex.unit_subtree(root_code) s));
END;
COMMENT ON FUNCTION govindex.late_dossiers_at(timestamptz, text) IS
    'Dossiers overdue at a moment (by the due date of dossier_due_dates), under a root unit (all when NULL), with calendar and working days past the due date — Danh sách hồ sơ quá hạn tại một thời điểm';

CREATE VIEW govindex.late_dossiers AS
SELECT * FROM govindex.late_dossiers_at(now());
COMMENT ON VIEW govindex.late_dossiers IS
    'Dossiers overdue now — Hồ sơ đang quá hạn';
COMMENT ON COLUMN govindex.late_dossiers.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.late_dossiers.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.late_dossiers.dossier_code IS 'Dossier code — Mã hồ sơ';
COMMENT ON COLUMN govindex.late_dossiers.procedure_code IS 'Procedure code — Mã thủ tục';
COMMENT ON COLUMN govindex.late_dossiers.procedure_name IS 'Procedure name — Tên thủ tục';
COMMENT ON COLUMN govindex.late_dossiers.channel IS 'Channel — Kênh nộp';
COMMENT ON COLUMN govindex.late_dossiers.received_at IS 'Received — Ngày tiếp nhận';
COMMENT ON COLUMN govindex.late_dossiers.due_at IS 'Due — Ngày hẹn trả';
COMMENT ON COLUMN govindex.late_dossiers.days_overdue IS
    'Calendar days past the due date (Asia/Ho_Chi_Minh dates); NULL when overdue for repeated supplement requests without a due date — Số ngày quá hạn';
COMMENT ON COLUMN govindex.late_dossiers.supplement_requests IS 'Supplement requests — Số lần yêu cầu bổ sung';
COMMENT ON COLUMN govindex.late_dossiers.workdays_overdue IS
    'Working days from the due date to the moment, [due date, date of the moment) by the default calendar; NULL without a due date or outside the calendar — Số ngày làm việc quá hạn';

-- Per unit (over its subtree) and ISO week: late at the week's start, of those the ones
-- that ended during the week, dossiers that became late during the week, and late at
-- its end.  still_late = late_at_start - processed + new_late.
CREATE FUNCTION govindex.late_dossier_weeks(first_day date, last_day date, root_code text DEFAULT NULL)
RETURNS TABLE (
    unit_code text, unit_name text, level text, week_start date, iso_week text,
    late_at_start bigint, processed bigint, new_late bigint, still_late bigint)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- the days are checked before the series is made (at most 20 years of weeks)
    WITH days AS (
        SELECT govindex.checked_days(first_day, last_day) AS r
    ),
    weeks AS (
        SELECT w::date AS week_start,
               (w::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS opens,
               ((w + interval '7 days')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS closes
          FROM days,
               generate_series(date_trunc('week', lower(days.r)::timestamp), (upper(days.r) - 1)::timestamp,
                               interval '7 days') w
    ),
    closure AS MATERIALIZED (SELECT * FROM govindex.unit_closure(root_code)),
    candidates AS (
        -- only dossiers that can be late in the range: past due before its end, or
        -- asked for supplements more than once
        SELECT d.unit_id, d.received_at, d.ended_at, d.due_at, d.supplement_requests, d.supplement_periods
          FROM govindex.dossier_due_dates d
         WHERE d.received_at < (SELECT max(closes) FROM weeks)
           AND (d.ended_at IS NULL OR d.ended_at > (SELECT min(opens) FROM weeks))
           AND (d.supplement_requests > 1 OR d.due_at < (SELECT max(closes) FROM weeks))
    ),
    per_unit AS (
        SELECT c.unit_id, w.week_start,
               count(*) FILTER (WHERE late_open) AS late_at_start,
               count(*) FILTER (WHERE late_open AND c.ended_at <= w.closes) AS processed,
               count(*) FILTER (WHERE NOT late_open AND late_close) AS new_late,
               count(*) FILTER (WHERE late_close) AS still_late
          FROM candidates c
          JOIN weeks w ON c.received_at < w.closes AND (c.ended_at IS NULL OR c.ended_at > w.opens)
         CROSS JOIN LATERAL (SELECT
               govindex.overdue_at(c.received_at, c.ended_at, c.due_at, c.supplement_requests, c.supplement_periods, w.opens) AS late_open,
               govindex.overdue_at(c.received_at, c.ended_at, c.due_at, c.supplement_requests, c.supplement_periods, w.closes) AS late_close) l
         GROUP BY c.unit_id, w.week_start
    )
    SELECT u.code, u.name_vi, u.level, w.week_start, to_char(w.week_start, 'IYYY-"W"IW'),
           coalesce(sum(p.late_at_start), 0)::bigint, coalesce(sum(p.processed), 0)::bigint,
           coalesce(sum(p.new_late), 0)::bigint, coalesce(sum(p.still_late), 0)::bigint
      FROM closure cl
      JOIN govindex.units u ON u.id = cl.ancestor_id
     CROSS JOIN weeks w
      LEFT JOIN per_unit p ON p.unit_id = cl.descendant_id AND p.week_start = w.week_start
     GROUP BY u.code, u.name_vi, u.level, w.week_start;
END;
COMMENT ON FUNCTION govindex.late_dossier_weeks(date, date, text) IS
    'Weekly movement of late dossiers per unit (its subtree included): late at the start, processed, newly late, still late — Biến động hồ sơ trễ hạn theo tuần';

-- ---- src/index766.sql
-- index766.sql — the Index 766 report: for a window and every unit of a tree, each
-- metric's rate (numerator/denominator), its score under a methodology, the groups,
-- the total and the rank among sibling units of the same level.  A parent's rates come
-- from all dossiers, petitions and procedures of its subtree, never from averaging.

-- The methodology to use: the one named, else the default; an unknown one is an error.
CREATE FUNCTION govindex.methodology_or_default(methodology text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    chosen text;
BEGIN
    SELECT m.code INTO chosen FROM govindex.methodologies m
     WHERE (methodology IS NULL AND m.is_default) OR m.code = methodology;
    IF chosen IS NULL THEN
        RAISE EXCEPTION 'unknown methodology "%"', methodology
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'SELECT code FROM govindex.methodologies lists the methodologies.';
    END IF;
    RETURN chosen;
END $$;
COMMENT ON FUNCTION govindex.methodology_or_default(text) IS
    'The methodology code to use: the one named (checked), or the default when NULL — Phương pháp được dùng';

-- Every metric's rate for every unit under a root, each over its subtree.
CREATE FUNCTION govindex.index766_rates(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (unit_id int, metric_code text, value govindex.rate)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH bounds AS (
        SELECT lower(c.w) AS opens, upper(c.w) AS closes,
               (lower(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS first_day,
               (upper(c.w) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS end_day
          FROM (SELECT govindex.checked_window("window", 'window') AS w) c
    ),
    closure AS MATERIALIZED (
        SELECT * FROM govindex.unit_closure(root_code)
    ),
    chosen AS MATERIALIZED (
        SELECT p.* FROM govindex.procedures p
         WHERE (procedure_codes IS NULL OR p.code = ANY (procedure_codes))
           AND (procedure_field IS NULL OR p.field = procedure_field)
           AND (NOT project06_only OR p.project06)
    ),
    stats AS MATERIALIZED (
        SELECT * FROM govindex.unit_stats("window", root_code, procedure_codes, procedure_field, project06_only)
    ),
    -- procedures handled in each unit's subtree: listed in unit_procedures, or of its level
    authority AS MATERIALIZED (
        SELECT DISTINCT c.ancestor_id AS unit_id, p.id AS procedure_id, p.service_level, p.fee_bearing, p.subject
          FROM closure c
          JOIN govindex.units u ON u.id = c.descendant_id
          JOIN chosen p ON p.authority_level = u.level
         WHERE NOT EXISTS (SELECT 1 FROM govindex.unit_procedures up WHERE up.unit_id = u.id)
        UNION
        SELECT c.ancestor_id, p.id, p.service_level, p.fee_bearing, p.subject
          FROM closure c
          JOIN govindex.unit_procedures up ON up.unit_id = c.descendant_id
          JOIN chosen p ON p.id = up.procedure_id
    ),
    -- the exact procedure sets of the states, as rows
    used AS (
        SELECT s.unit_id, k.set_name, unnest(govindex.procedure_ids(s.stats, k.set_name)) AS procedure_id
          FROM stats s
         CROSS JOIN (VALUES ('online'), ('paid_online'), ('fee_data'), ('population_data')) k (set_name)
    ),
    catalogue AS (
        SELECT a.unit_id,
               govindex.rate_agg(a.service_level <> 'information') AS offered,
               govindex.rate_agg(o.procedure_id IS NOT NULL) FILTER (WHERE a.service_level <> 'information') AS online_services,
               govindex.rate_agg(po.procedure_id IS NOT NULL) FILTER (WHERE a.fee_bearing) AS paid_procedures,
               govindex.rate_agg(fd.procedure_id IS NOT NULL) FILTER (WHERE a.fee_bearing) AS fee_data_procedures,
               govindex.rate_agg(pd.procedure_id IS NOT NULL) FILTER (WHERE a.subject <> 'organization') AS population_procedures
          FROM authority a
          LEFT JOIN used o ON o.unit_id = a.unit_id AND o.set_name = 'online' AND o.procedure_id = a.procedure_id
          LEFT JOIN used po ON po.unit_id = a.unit_id AND po.set_name = 'paid_online' AND po.procedure_id = a.procedure_id
          LEFT JOIN used fd ON fd.unit_id = a.unit_id AND fd.set_name = 'fee_data' AND fd.procedure_id = a.procedure_id
          LEFT JOIN used pd ON pd.unit_id = a.unit_id AND pd.set_name = 'population_data' AND pd.procedure_id = a.procedure_id
         GROUP BY a.unit_id
    ),
    -- deadlines a publication does not carry come from deadline_rules, in working days
    publication AS (
        SELECT c.ancestor_id AS unit_id,
               govindex.rate_agg(coalesce(pp.published_on <= d.publish_due, false))
                   FILTER (WHERE d.publish_due >= b.first_day AND d.publish_due < b.end_day) AS published_on_time,
               govindex.rate_agg(coalesce(pp.made_public_on <= d.public_due, false))
                   FILTER (WHERE d.public_due >= b.first_day AND d.public_due < b.end_day) AS public_on_time,
               govindex.rate_agg(pp.content_complete) FILTER (WHERE pp.made_public_on < b.end_day) AS content_full
          FROM closure c
          JOIN govindex.procedure_publications pp ON pp.unit_id = c.descendant_id
          JOIN chosen p ON p.id = pp.procedure_id
         CROSS JOIN bounds b
         CROSS JOIN LATERAL (SELECT coalesce(pp.publish_due,
                                             govindex.deadline_after('publication', pp.decided_on,
                                                                     (SELECT govindex.default_calendar()))) AS publish_due) d0
         CROSS JOIN LATERAL (SELECT d0.publish_due,
                                    coalesce(pp.public_due,
                                             govindex.deadline_after('public_disclosure', coalesce(pp.published_on, d0.publish_due),
                                                                     (SELECT govindex.default_calendar()))) AS public_due) d
         GROUP BY c.ancestor_id
    ),
    -- petitions received in the window: on time if answered by the due date, or still
    -- open and not yet due at the close; satisfied if answered in the window without
    -- more dislikes than likes and without a follow-up complaint
    petition AS (
        SELECT c.ancestor_id AS unit_id,
               govindex.rate_agg(pt.kind = 'procedure') FILTER (WHERE received) AS about_procedures,
               govindex.rate_agg(pt.kind = 'staff') FILTER (WHERE received) AS about_staff,
               govindex.rate_agg(CASE WHEN r.due_at IS NULL THEN NULL
                                      WHEN pt.ended_at < b.closes THEN pt.ended_at <= r.due_at
                                      ELSE r.due_at >= b.closes END) FILTER (WHERE received) AS on_time,
               govindex.rate_agg(NOT pt.follow_up_complaint AND pt.likes >= pt.dislikes)
                   FILTER (WHERE pt.ended_at >= b.opens AND pt.ended_at < b.closes) AS satisfied
          FROM closure c
          JOIN govindex.petitions pt ON pt.unit_id = c.descendant_id
         CROSS JOIN bounds b
         -- a petition without a due date is due by the petition rule of deadline_rules
         -- (15 working days after receipt; NULL when the calendar does not reach it)
         CROSS JOIN LATERAL (SELECT pt.received_at >= b.opens AND pt.received_at < b.closes AS received,
                                    coalesce(pt.due_at,
                                             govindex.legal_due_at(pt.received_at,
                                                 (SELECT r.working_days FROM govindex.deadline_rules r
                                                   WHERE r.rule = 'petition' ORDER BY r.since DESC LIMIT 1),
                                                 'working_day', '{}', (SELECT govindex.default_calendar()), true)) AS due_at) r
         GROUP BY c.ancestor_id
    )
    SELECT s.unit_id, m.code, coalesce(m.value, '0/0'::govindex.rate)
      FROM stats s
      LEFT JOIN catalogue ca ON ca.unit_id = s.unit_id
      LEFT JOIN publication pb ON pb.unit_id = s.unit_id
      LEFT JOIN petition pe ON pe.unit_id = s.unit_id
     CROSS JOIN LATERAL (VALUES
        ('PUBLISH_ON_TIME', pb.published_on_time),
        ('PUBLIC_UPDATE_ON_TIME', pb.public_on_time),
        ('PUBLIC_CONTENT_FULL', pb.content_full),
        ('DOSSIER_SYNC', govindex.metric(s.stats, 'DOSSIER_SYNC')),
        ('DVC_PROGRESS_ON_TIME', govindex.metric(s.stats, 'DVC_PROGRESS_ON_TIME')),
        ('ONLINE_PROCEDURES_OFFERED', ca.offered),
        ('ONLINE_DOSSIER_SERVICES', ca.online_services),
        ('ONLINE_PAYMENT_DOSSIERS', govindex.metric(s.stats, 'ONLINE_PAYMENT_DOSSIERS')),
        ('ONLINE_PAYMENT_PROCEDURES', ca.paid_procedures),
        ('FEE_DATA_PROCEDURES', ca.fee_data_procedures),
        ('PETITION_CLASSIFICATION_TTHC', pe.about_procedures),
        ('PETITION_CLASSIFICATION_STAFF', pe.about_staff),
        ('PETITION_PROCESSING_ON_TIME', pe.on_time),
        ('PETITION_HANDLING_SATISFACTION', pe.satisfied),
        ('DOSSIER_RECEIVING_SATISFACTION', govindex.metric(s.stats, 'DOSSIER_RECEIVING_SATISFACTION')),
        ('ORIGINAL_RESULT_AVAILABLE', govindex.metric(s.stats, 'ORIGINAL_RESULT_AVAILABLE')),
        ('SO_HOA_GIAY_TO_GIAI_QUYET', govindex.metric(s.stats, 'SO_HOA_GIAY_TO_GIAI_QUYET')),
        ('REUSED_DIGITIZED_DATA', govindex.metric(s.stats, 'REUSED_DIGITIZED_DATA')),
        ('SYNCED_WITH_DVCQG_PERSONAL_STORAGE', govindex.metric(s.stats, 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE')),
        ('CITIZEN_DATA_CONNECTED_DOSSIER', govindex.metric(s.stats, 'CITIZEN_DATA_CONNECTED_DOSSIER')),
        ('CITIZEN_DATA_CONNECTED_FORMALITY', ca.population_procedures),
        ('ONLINE_SUBMISSION', govindex.metric(s.stats, 'ONLINE_SUBMISSION')),
        ('ONLINE_ON_TIME', govindex.metric(s.stats, 'ONLINE_ON_TIME'))
     ) m (code, value);
END;
COMMENT ON FUNCTION govindex.index766_rates(tstzrange, text, text[], text, bool) IS
    'The rate of every Index 766 metric for every unit under a root, each over its whole subtree — Tỷ lệ các chỉ số Bộ chỉ số 766 của từng đơn vị';

CREATE FUNCTION govindex.index766(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (
    unit_code text, unit_name text, level text, parent_code text,
    group_code text, metric_code text, numerator bigint, denominator bigint,
    percent numeric, score numeric, max_points numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH chosen AS (SELECT govindex.methodology_or_default(index766.methodology) AS code),
    filtered AS (
        SELECT procedure_codes IS NOT NULL OR procedure_field IS NOT NULL OR project06_only AS yes
    ),
    rates AS MATERIALIZED (
        SELECT * FROM govindex.index766_rates("window", root_code, procedure_codes, procedure_field, project06_only)
    )
    SELECT u.code, u.name_vi, u.level, parent.code,
           m.group_code, m.code, govindex.numerator(r.value), govindex.denominator(r.value),
           govindex.percent(r.value),
           govindex.score_rate(coalesce(r.value, '0/0'), m.max_points, m.basis, m.rule, m.threshold, m.empty_value),
           m.max_points
      FROM (SELECT DISTINCT rates.unit_id FROM rates) ru
      JOIN govindex.units u ON u.id = ru.unit_id
      LEFT JOIN govindex.units parent ON parent.id = u.parent_id
     CROSS JOIN chosen
     CROSS JOIN filtered
      JOIN govindex.metrics m ON m.methodology = chosen.code
                             AND (m.unit_levels IS NULL OR u.level = ANY (m.unit_levels))
                             AND (m.procedure_scoped OR NOT filtered.yes)
      JOIN govindex.metric_groups g ON g.methodology = m.methodology AND g.code = m.group_code
      LEFT JOIN rates r ON r.unit_id = u.id AND r.metric_code = m.code
     ORDER BY u.code, g.position, m.position;
END;
COMMENT ON FUNCTION govindex.index766(tstzrange, text, text, text[], text, bool) IS
    'Index 766 for a window: one row per unit and metric with its rate, percent, score and maximum, each unit over its whole subtree; filters by procedure codes, field or Project 06 services — Bộ chỉ số 766 theo từng đơn vị và chỉ số';

CREATE FUNCTION govindex.index766_groups(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (
    unit_code text, unit_name text, level text, parent_code text,
    group_code text, group_name_vi text, group_name_en text, score numeric, max_points numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT i.unit_code, i.unit_name, i.level, i.parent_code, g.code, g.name_vi, g.name_en,
           coalesce(sum(i.score), 0), sum(i.max_points)
      FROM govindex.index766("window", root_code, methodology, procedure_codes, procedure_field, project06_only) i
      JOIN govindex.metric_groups g
        ON g.methodology = govindex.methodology_or_default(index766_groups.methodology) AND g.code = i.group_code
     GROUP BY i.unit_code, i.unit_name, i.level, i.parent_code, g.code, g.name_vi, g.name_en, g.position
     ORDER BY i.unit_code, g.position;
END;
COMMENT ON FUNCTION govindex.index766_groups(tstzrange, text, text, text[], text, bool) IS
    'Index 766 group scores per unit: the sum of its metrics'' rounded scores, and the group''s maximum — Điểm từng nhóm chỉ số của từng đơn vị';

CREATE FUNCTION govindex.index766_totals(
    "window" tstzrange,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    procedure_codes text[] DEFAULT NULL,
    procedure_field text DEFAULT NULL,
    project06_only bool DEFAULT false)
RETURNS TABLE (
    unit_code text, unit_name text, level text, parent_code text,
    total numeric, max_points numeric, percent numeric, rank int, rank_of int)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH totals AS (
        SELECT i.unit_code, i.unit_name, i.level, i.parent_code,
               coalesce(sum(i.score), 0) AS total, sum(i.max_points) AS max_points
          FROM govindex.index766("window", root_code, methodology, procedure_codes, procedure_field, project06_only) i
         GROUP BY i.unit_code, i.unit_name, i.level, i.parent_code
    )
    SELECT t.unit_code, t.unit_name, t.level, t.parent_code, t.total, t.max_points,
           round(100 * t.total / nullif(t.max_points, 0), 2),
           -- competition ranking (1, 2, 2, 4) among the units of the same parent and level
           (rank() OVER (siblings ORDER BY t.total DESC))::int, (count(*) OVER siblings)::int
      FROM totals t
    WINDOW siblings AS (PARTITION BY t.parent_code, t.level)
     ORDER BY t.parent_code NULLS FIRST, t.level, t.total DESC, t.unit_code;
END;
COMMENT ON FUNCTION govindex.index766_totals(tstzrange, text, text, text[], text, bool) IS
    'Index 766 total per unit (the sum of its groups), its percent of the maximum, and its competition rank among units of the same parent and level — Tổng điểm và xếp hạng của từng đơn vị';

-- ---- src/readings.sql
-- readings.sql — weekly Index 766 readings: a record of every unit's total, groups and
-- rank, taken at a date (by default over the year to date), kept append-only so that
-- each week compares with the last ("77.9 points, ranked 11/63, down 5.2 points and 5
-- ranks compared to 11/12/2023").

CREATE TABLE govindex.index766_readings (
    id            bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    taken_on      date        NOT NULL,
    root_code     text        NOT NULL,
    methodology   text        NOT NULL REFERENCES govindex.methodologies (code) ON UPDATE CASCADE,
    window_from   timestamptz NOT NULL,
    window_to     timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT index766_readings_window CHECK (window_from < window_to),
    CONSTRAINT index766_readings_one_per_day UNIQUE (root_code, methodology, taken_on)
);
COMMENT ON TABLE govindex.index766_readings IS
    'Index 766 readings, one per root unit, methodology and date; append-only — Các lần ghi nhận kết quả Bộ chỉ số 766 (chỉ thêm, không sửa)';
COMMENT ON COLUMN govindex.index766_readings.id IS 'Reading number — Số thứ tự lần ghi nhận';
COMMENT ON COLUMN govindex.index766_readings.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex.index766_readings.root_code IS 'Root unit read with its whole tree — Đơn vị gốc';
COMMENT ON COLUMN govindex.index766_readings.methodology IS 'Methodology used — Phương pháp tính điểm';
COMMENT ON COLUMN govindex.index766_readings.window_from IS 'Start of the window read (inclusive) — Đầu kỳ';
COMMENT ON COLUMN govindex.index766_readings.window_to IS 'End of the window read (exclusive) — Cuối kỳ (không bao gồm)';
COMMENT ON COLUMN govindex.index766_readings.recorded_at IS 'When it was recorded — Thời điểm ghi';

CREATE TABLE govindex.index766_reading_units (
    reading_id    bigint  NOT NULL REFERENCES govindex.index766_readings (id),
    unit_code     text    NOT NULL,
    unit_name     text    NOT NULL,
    level         text    NOT NULL,
    parent_code   text,
    total         numeric NOT NULL,
    max_points    numeric NOT NULL,
    rank          int     NOT NULL,
    rank_of       int     NOT NULL,
    PRIMARY KEY (reading_id, unit_code),
    CONSTRAINT index766_reading_units_rank CHECK (rank BETWEEN 1 AND rank_of)
);
COMMENT ON TABLE govindex.index766_reading_units IS
    'Each unit''s total and rank in a reading — Tổng điểm và thứ hạng của từng đơn vị trong một lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_units.reading_id IS 'Reading — Lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_units.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.index766_reading_units.unit_name IS 'Unit name at the time — Tên đơn vị khi ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_units.level IS 'Level — Cấp';
COMMENT ON COLUMN govindex.index766_reading_units.parent_code IS 'Parent unit code — Mã đơn vị cấp trên';
COMMENT ON COLUMN govindex.index766_reading_units.total IS 'Total points — Tổng điểm';
COMMENT ON COLUMN govindex.index766_reading_units.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.index766_reading_units.rank IS
    'Rank among units of the same parent and level, or the national rank given for the root — Thứ hạng';
COMMENT ON COLUMN govindex.index766_reading_units.rank_of IS 'Number of units ranked — Số đơn vị được xếp hạng';

CREATE TABLE govindex.index766_reading_groups (
    reading_id    bigint  NOT NULL,
    unit_code     text    NOT NULL,
    group_code    text    NOT NULL,
    score         numeric NOT NULL,
    max_points    numeric NOT NULL,
    PRIMARY KEY (reading_id, unit_code, group_code),
    FOREIGN KEY (reading_id, unit_code) REFERENCES govindex.index766_reading_units (reading_id, unit_code)
);
COMMENT ON TABLE govindex.index766_reading_groups IS
    'Each unit''s group scores in a reading — Điểm từng nhóm chỉ số của từng đơn vị trong một lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_groups.reading_id IS 'Reading — Lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_groups.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.index766_reading_groups.group_code IS 'Group code — Mã nhóm chỉ số';
COMMENT ON COLUMN govindex.index766_reading_groups.score IS 'Group score — Điểm nhóm';
COMMENT ON COLUMN govindex.index766_reading_groups.max_points IS 'Group maximum — Điểm tối đa của nhóm';

-- Readings are history: they are added, never changed.
CREATE FUNCTION govindex.readings_are_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'Index 766 readings cannot be changed or deleted (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Record a new reading instead; a reading is the history of what was reported.';
END $$;
CREATE TRIGGER index766_readings_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON govindex.index766_readings
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.readings_are_append_only();
CREATE TRIGGER index766_reading_units_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON govindex.index766_reading_units
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.readings_are_append_only();
CREATE TRIGGER index766_reading_groups_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON govindex.index766_reading_groups
    FOR EACH STATEMENT EXECUTE FUNCTION govindex.readings_are_append_only();

CREATE FUNCTION govindex.record_index766_reading(
    taken_on date DEFAULT current_date,
    root_code text DEFAULT NULL,
    methodology text DEFAULT NULL,
    "window" tstzrange DEFAULT NULL,
    national_rank int DEFAULT NULL,
    national_rank_of int DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    root       text := record_index766_reading.root_code;
    chosen     text := govindex.methodology_or_default(record_index766_reading.methodology);
    read_over  tstzrange := record_index766_reading."window";
    reading    bigint;
BEGIN
    IF taken_on IS NULL THEN
        RAISE EXCEPTION 'a reading needs a date' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM govindex.checked_day(taken_on, 'taken_on');
    IF read_over IS NOT NULL THEN
        PERFORM govindex.checked_window(read_over, 'window');
    END IF;
    IF root IS NULL THEN
        SELECT min(u.code), count(*) INTO root, reading FROM govindex.units u
         WHERE u.parent_id IS NULL AND u.valid_to IS NULL;
        IF reading <> 1 THEN
            RAISE EXCEPTION 'name the root unit: there are % current root units', reading
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF NOT EXISTS (SELECT FROM govindex.units u WHERE u.code = root) THEN
        RAISE EXCEPTION 'unknown unit %', root USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (national_rank IS NULL) <> (national_rank_of IS NULL) OR national_rank NOT BETWEEN 1 AND national_rank_of THEN
        RAISE EXCEPTION 'national rank %/% is not a rank', national_rank, national_rank_of
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give both, with 1 <= national_rank <= national_rank_of, e.g. 11 and 63.';
    END IF;
    -- the year to date, the day of the reading included, in the province's time zone
    read_over := coalesce(read_over, tstzrange(
        date_trunc('year', taken_on)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
        (taken_on + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'));

    INSERT INTO govindex.index766_readings (taken_on, root_code, methodology, window_from, window_to)
    VALUES (taken_on, root, chosen, lower(read_over), upper(read_over))
    RETURNING id INTO reading;

    -- One statement, so that the report is computed once for both tables: the units'
    -- totals are the sums of their groups, ranked as index766_totals ranks them (the
    -- key from groups to units is checked at the statement's end).
    WITH groups AS MATERIALIZED (
        SELECT * FROM govindex.index766_groups(read_over, root, chosen)
    ),
    totals AS (
        SELECT g.unit_code, g.unit_name, g.level, g.parent_code,
               sum(g.score) AS total, sum(g.max_points) AS max_points
          FROM groups g
         GROUP BY g.unit_code, g.unit_name, g.level, g.parent_code
    ),
    units AS (
        INSERT INTO govindex.index766_reading_units
        SELECT reading, t.unit_code, t.unit_name, t.level, t.parent_code, t.total, t.max_points,
               CASE WHEN t.unit_code = root THEN coalesce(national_rank, t.rank) ELSE t.rank END,
               CASE WHEN t.unit_code = root THEN coalesce(national_rank_of, t.rank_of) ELSE t.rank_of END
          FROM (SELECT t.*, (rank() OVER (siblings ORDER BY t.total DESC))::int AS rank,
                       (count(*) OVER siblings)::int AS rank_of
                  FROM totals t
                WINDOW siblings AS (PARTITION BY t.parent_code, t.level)) t
    )
    INSERT INTO govindex.index766_reading_groups
    SELECT reading, g.unit_code, g.group_code, g.score, g.max_points FROM groups g;
    RETURN reading;
END $$;
COMMENT ON FUNCTION govindex.record_index766_reading(date, text, text, tstzrange, int, int) IS
    'Records a reading of every unit under a root (the only root when NULL): totals, groups and ranks over the year to date (or the window given); the root''s national rank may be given from the portal; returns the reading id — Ghi nhận kết quả Bộ chỉ số 766';

CREATE VIEW govindex.index766_reading_changes AS
SELECT r.id AS reading_id, r.taken_on, r.root_code, r.methodology,
       u.unit_code, u.unit_name, u.level, u.parent_code,
       u.total, u.max_points, u.rank, u.rank_of,
       prev.taken_on AS previous_taken_on,
       prev.total AS previous_total, prev.rank AS previous_rank,
       u.total - prev.total AS points_change,
       -- ranks out of different counts (a national rank given once, a merger) do not compare
       CASE WHEN prev.rank_of = u.rank_of THEN prev.rank - u.rank END AS places_up
  FROM govindex.index766_readings r
  JOIN govindex.index766_reading_units u ON u.reading_id = r.id
  LEFT JOIN LATERAL (
        SELECT pr.taken_on, pu.total, pu.rank, pu.rank_of
          FROM govindex.index766_readings pr
          JOIN govindex.index766_reading_units pu ON pu.reading_id = pr.id AND pu.unit_code = u.unit_code
         WHERE pr.root_code = r.root_code AND pr.methodology = r.methodology AND pr.taken_on < r.taken_on
         ORDER BY pr.taken_on DESC
         LIMIT 1) prev ON true;
COMMENT ON VIEW govindex.index766_reading_changes IS
    'Each unit in each reading with the change against the previous reading of the same root and methodology — Biến động điểm và thứ hạng so với lần ghi nhận trước';
COMMENT ON COLUMN govindex.index766_reading_changes.reading_id IS 'Reading — Lần ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_changes.taken_on IS 'Date of the reading — Ngày ghi nhận';
COMMENT ON COLUMN govindex.index766_reading_changes.root_code IS 'Root unit — Đơn vị gốc';
COMMENT ON COLUMN govindex.index766_reading_changes.methodology IS 'Methodology — Phương pháp';
COMMENT ON COLUMN govindex.index766_reading_changes.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.index766_reading_changes.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.index766_reading_changes.level IS 'Level — Cấp';
COMMENT ON COLUMN govindex.index766_reading_changes.parent_code IS 'Parent unit — Đơn vị cấp trên';
COMMENT ON COLUMN govindex.index766_reading_changes.total IS 'Total points — Tổng điểm';
COMMENT ON COLUMN govindex.index766_reading_changes.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.index766_reading_changes.rank IS 'Rank — Thứ hạng';
COMMENT ON COLUMN govindex.index766_reading_changes.rank_of IS 'Units ranked — Số đơn vị xếp hạng';
COMMENT ON COLUMN govindex.index766_reading_changes.previous_taken_on IS 'Date of the previous reading — Ngày ghi nhận trước';
COMMENT ON COLUMN govindex.index766_reading_changes.previous_total IS 'Total at the previous reading — Tổng điểm lần trước';
COMMENT ON COLUMN govindex.index766_reading_changes.previous_rank IS 'Rank at the previous reading — Thứ hạng lần trước';
COMMENT ON COLUMN govindex.index766_reading_changes.points_change IS 'Points gained (negative: lost) — Điểm tăng (âm: giảm)';
COMMENT ON COLUMN govindex.index766_reading_changes.places_up IS
    'Places gained (negative: lost); NULL when the two ranks are out of different counts — Số bậc tăng (âm: giảm)';

-- A number as a steering-committee report writes it: at most 2 decimals, no trailing
-- zeros, a decimal comma in Vietnamese.
CREATE FUNCTION govindex.spoken_number(x numeric, lang text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN lang = 'vi' THEN replace(trim_scale(round(x, 2))::text, '.', ',')
            ELSE trim_scale(round(x, 2))::text END;
COMMENT ON FUNCTION govindex.spoken_number(numeric, text) IS
    'A number with at most 2 decimals and no trailing zeros; decimal comma for vi — Số viết như trong báo cáo';

CREATE FUNCTION govindex.index766_sentence(unit_code text, taken_on date DEFAULT NULL, lang text DEFAULT 'vi')
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    c        govindex.index766_reading_changes;
    points   text;
    places   text;
    vi       bool;
BEGIN
    IF lang NOT IN ('vi', 'en') THEN
        RAISE EXCEPTION 'unsupported language "%"', lang
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use ''vi'' or ''en''.';
    END IF;
    vi := lang = 'vi';
    SELECT * INTO c FROM govindex.index766_reading_changes x
     WHERE x.unit_code = index766_sentence.unit_code
       AND (index766_sentence.taken_on IS NULL OR x.taken_on = index766_sentence.taken_on)
     ORDER BY x.taken_on DESC, x.methodology = govindex.methodology_or_default(NULL) DESC
     LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no reading of unit % on %', unit_code, coalesce(taken_on::text, 'any date')
            USING ERRCODE = 'no_data_found',
                  HINT = 'Record one with govindex.record_index766_reading().';
    END IF;

    IF c.previous_taken_on IS NULL THEN
        RETURN CASE WHEN vi
            THEN format('%s đạt %s điểm, xếp hạng %s/%s.', c.unit_name, spoken_number(c.total, lang), c.rank, c.rank_of)
            ELSE format('%s reached %s points, ranked %s/%s.', c.unit_name, spoken_number(c.total, lang), c.rank, c.rank_of)
        END;
    END IF;

    points := CASE
        WHEN c.points_change > 0 THEN format(CASE WHEN vi THEN 'tăng %s điểm' ELSE 'increased by %s points' END, spoken_number(c.points_change, lang))
        WHEN c.points_change < 0 THEN format(CASE WHEN vi THEN 'giảm %s điểm' ELSE 'decreased by %s points' END, spoken_number(-c.points_change, lang))
        ELSE CASE WHEN vi THEN 'giữ nguyên số điểm' ELSE 'kept the same points' END END;
    places := CASE
        WHEN c.places_up IS NULL THEN NULL
        -- the same direction reads as one phrase: "decreased by 5.2 points and 5 ranks"
        WHEN sign(c.places_up) = sign(c.points_change) AND c.places_up <> 0 THEN
            format(CASE WHEN vi THEN '%s bậc' ELSE '%s %s' END, abs(c.places_up),
                   CASE WHEN abs(c.places_up) = 1 THEN 'rank' ELSE 'ranks' END)
        WHEN c.places_up > 0 THEN
            format(CASE WHEN vi THEN 'tăng %s bậc' ELSE 'rose %s %s' END, c.places_up,
                   CASE WHEN c.places_up = 1 THEN 'rank' ELSE 'ranks' END)
        WHEN c.places_up < 0 THEN
            format(CASE WHEN vi THEN 'giảm %s bậc' ELSE 'fell %s %s' END, -c.places_up,
                   CASE WHEN c.places_up = -1 THEN 'rank' ELSE 'ranks' END)
        ELSE CASE WHEN vi THEN 'giữ nguyên thứ hạng' ELSE 'kept its rank' END END;

    RETURN CASE WHEN vi
        THEN format('%s đạt %s điểm, xếp hạng %s/%s, %s%s so với ngày %s.',
                    c.unit_name, spoken_number(c.total, lang), c.rank, c.rank_of, points,
                    ' và ' || places, to_char(c.previous_taken_on, 'DD/MM/YYYY'))
        ELSE format('%s reached %s points, ranked %s/%s, %s%s compared to %s.',
                    c.unit_name, spoken_number(c.total, lang), c.rank, c.rank_of, points,
                    ' and ' || places, to_char(c.previous_taken_on, 'DD/MM/YYYY'))
    END;
END $$;
COMMENT ON FUNCTION govindex.index766_sentence(text, date, text) IS
    'The meeting sentence for a unit''s reading (the latest when no date), in Vietnamese (vi) or English (en): points, rank and the change since the previous reading — Câu báo cáo kết quả Bộ chỉ số 766';

SELECT pg_catalog.pg_extension_config_dump('govindex.index766_readings', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.index766_readings_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.index766_reading_units', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.index766_reading_groups', '');

-- ---- src/composite.sql
-- composite.sql — composite indices (PAR Index, PCI, DTI and a province's own
-- internal indices) as data: an index and its tree of criteria, versioned by year
-- and applicable by unit level; per unit and year the assessments (self, appraised,
-- survey, or taken from Index 766), deductions, results published by others, bands
-- and targets.  The scoring state is the score_total type (C code in composite.c);
-- the results are read through the views of composite_views.sql.
--
-- Shipped definitions (the provincial PAR Index of Decision 876/QĐ-BNV, a
-- department-level and a district/commune-level internal PAR template, PCI, DTI and
-- the default bands) come with the extension and are not dumped by pg_dump; rows a
-- user adds are.  To change a shipped index, copy it under a new code or version
-- with copy_composite_index() and edit the copy.

-- ---------------------------------------------------------------------------------
-- score_total: points achieved out of a maximum, deductions and weights; the state
-- of every composite index.  Every field is exact, in ten-thousandths of a point.
-- ---------------------------------------------------------------------------------

CREATE TYPE govindex.score_total;

CREATE FUNCTION govindex.score_total_in(cstring) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.score_total_out(govindex.score_total) RETURNS cstring
    AS 'MODULE_PATHNAME', 'score_total_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.score_total_recv(internal) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION govindex.score_total_send(govindex.score_total) RETURNS bytea
    AS 'MODULE_PATHNAME', 'score_total_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE govindex.score_total (
    INTERNALLENGTH = 32,
    INPUT = govindex.score_total_in,
    OUTPUT = govindex.score_total_out,
    RECEIVE = govindex.score_total_recv,
    SEND = govindex.score_total_send,
    ALIGNMENT = double,
    STORAGE = plain
);

COMMENT ON TYPE govindex.score_total IS
    'Points achieved out of a maximum, with deductions and weights, exact to 4 decimals; the state of composite indices — Điểm đạt trên điểm tối đa (kèm điểm trừ, trọng số)';
COMMENT ON FUNCTION govindex.score_total_in(cstring) IS
    'Reads a score_total written achieved/maximum[ deducted=D][ weight=W], e.g. 85.41/100';
COMMENT ON FUNCTION govindex.score_total_out(govindex.score_total) IS
    'Writes a score_total as achieved/maximum, then deducted=D and weight=W when not 0';
COMMENT ON FUNCTION govindex.score_total_recv(internal) IS
    'Reads the binary form of a score_total (version byte, achieved, deducted, maximum, weight)';
COMMENT ON FUNCTION govindex.score_total_send(govindex.score_total) IS
    'Binary form of a score_total: version byte 1, then achieved, deducted, maximum and weight in ten-thousandths as big-endian int8';

CREATE FUNCTION govindex.make_score_total(achieved numeric, maximum numeric,
                                          deducted numeric DEFAULT 0, weight numeric DEFAULT 0)
RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'make_score_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.make_score_total(numeric, numeric, numeric, numeric) IS
    'A score_total from its parts (rounded half up to 4 decimals): 0 <= achieved <= maximum, deducted >= 0, weight >= 0 — Tạo giá trị điểm';

CREATE FUNCTION govindex.achieved(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_achieved' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.achieved(govindex.score_total) IS
    'Points achieved after deductions, never below 0 — Điểm đạt (sau điểm trừ)';
CREATE FUNCTION govindex.deducted(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_deducted' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.deducted(govindex.score_total) IS 'Points deducted — Điểm trừ';
CREATE FUNCTION govindex.maximum(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_maximum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.maximum(govindex.score_total) IS
    'Maximum points of the applicable criteria — Điểm tối đa của các tiêu chí được đánh giá';
CREATE FUNCTION govindex.weight(govindex.score_total) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_weight' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.weight(govindex.score_total) IS
    'Sum of the weights of weighted_score() rows; 0 for plain scores — Tổng trọng số';

CREATE FUNCTION govindex.score_percent(govindex.score_total, digits int4 DEFAULT 2) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_percent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_percent(govindex.score_total, int4) IS
    '100 × achieved / maximum, exact, rounded half up to digits (0..15) decimals; NULL when the maximum is 0 — Tỷ lệ phần trăm điểm đạt';

CREATE FUNCTION govindex.score_value(govindex.score_total, scale numeric, digits int4 DEFAULT 2) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_value(govindex.score_total, numeric, int4) IS
    'scale × achieved / maximum, exact, rounded half up to digits decimals: the score on an index''s scale (1000 for DTI); NULL when the maximum is 0 — Điểm quy đổi theo thang điểm';

CREATE FUNCTION govindex.weighted_mean(govindex.score_total, digits int4 DEFAULT 2) RETURNS numeric
    AS 'MODULE_PATHNAME', 'score_total_weighted_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.weighted_mean(govindex.score_total, int4) IS
    'achieved / weight: the weighted mean of the values given to weighted_score(), rounded half up to digits decimals; NULL when the weight is 0 — Trung bình có trọng số';

CREATE FUNCTION govindex.score_total_add(govindex.score_total, govindex.score_total) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_total_add(govindex.score_total, govindex.score_total) IS
    'Sum of two score_totals, field by field';
CREATE OPERATOR govindex.+ (
    LEFTARG = govindex.score_total,
    RIGHTARG = govindex.score_total,
    FUNCTION = govindex.score_total_add,
    COMMUTATOR = OPERATOR(govindex.+)
);
COMMENT ON OPERATOR govindex.+ (govindex.score_total, govindex.score_total) IS
    'Sum of two score_totals, field by field';

-- Aggregates.  The state is a score_total (not internal) so that parallel plans and
-- distributed shards can ship partial states and combine them.

CREATE FUNCTION govindex.score_total_transfn(govindex.score_total, numeric, numeric) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_transfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_total_transfn(govindex.score_total, numeric, numeric) IS
    'Transition function of score_total(numeric, numeric): adds min(achieved, maximum) and maximum';
CREATE FUNCTION govindex.weighted_score_transfn(govindex.score_total, numeric, numeric, numeric) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'weighted_score_transfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.weighted_score_transfn(govindex.score_total, numeric, numeric, numeric) IS
    'Transition function of weighted_score(): adds weight × min(value, maximum), weight × maximum and weight';
CREATE FUNCTION govindex.score_total_combine(govindex.score_total, govindex.score_total) RETURNS govindex.score_total
    AS 'MODULE_PATHNAME', 'score_total_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.score_total_combine(govindex.score_total, govindex.score_total) IS
    'Transition function of sum(score_total) and combine function of the score aggregates: adds the second state into the first';

CREATE AGGREGATE govindex.score_total(achieved numeric, maximum numeric) (
    SFUNC = govindex.score_total_transfn,
    STYPE = govindex.score_total,
    COMBINEFUNC = govindex.score_total_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.score_total(numeric, numeric) IS
    'Sum of points over criteria: each row adds min(achieved, maximum) and maximum; rows with a NULL are skipped; a negative value is an error; 0/0 on no rows — Tổng điểm đạt và điểm tối đa';

CREATE AGGREGATE govindex.weighted_score(value numeric, maximum numeric, weight numeric) (
    SFUNC = govindex.weighted_score_transfn,
    STYPE = govindex.score_total,
    COMBINEFUNC = govindex.score_total_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.weighted_score(numeric, numeric, numeric) IS
    'Weighted score (PCI): each row adds weight × min(value, maximum), weight × maximum and its weight, each rounded half up to 4 decimals; score_percent() is then the weighted mean as a percent — Điểm có trọng số';

CREATE AGGREGATE govindex.sum(govindex.score_total) (
    SFUNC = govindex.score_total_combine,
    STYPE = govindex.score_total,
    COMBINEFUNC = govindex.score_total_combine,
    INITCOND = '0/0',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.sum(govindex.score_total) IS
    'Sum of score_totals (criteria into their field, fields into the index, units into a group); NULLs ignored; 0/0 on no rows — Cộng dồn điểm';

-- ---------------------------------------------------------------------------------
-- Definitions: indices and their criteria trees.
-- ---------------------------------------------------------------------------------

CREATE TABLE govindex.composite_indices (
    code             text NOT NULL
                     CONSTRAINT composite_indices_code_format CHECK (code ~ '^[a-z0-9][a-z0-9_.-]*$'),
    version          int  NOT NULL
                     CONSTRAINT composite_indices_version_year CHECK (version BETWEEN 1990 AND 2200),
    last_year        int,
    name_vi          text NOT NULL CONSTRAINT composite_indices_name_vi_not_empty CHECK (name_vi <> ''),
    name_en          text NOT NULL CONSTRAINT composite_indices_name_en_not_empty CHECK (name_en <> ''),
    scale            text NOT NULL
                     CONSTRAINT composite_indices_scale_known CHECK (scale IN ('points', 'percent')),
    max_points       numeric NOT NULL
                     CONSTRAINT composite_indices_max_points_range
                     CHECK (max_points > 0 AND max_points <= 100000 AND max_points = round(max_points, 4)),
    aggregation      text NOT NULL DEFAULT 'sum'
                     CONSTRAINT composite_indices_aggregation_known CHECK (aggregation IN ('sum', 'weighted_mean')),
    survey_optional  bool NOT NULL DEFAULT false,
    unit_levels      text[] NOT NULL
                     CONSTRAINT composite_indices_unit_levels_not_empty
                     CHECK (cardinality(unit_levels) > 0 AND array_position(unit_levels, NULL) IS NULL),
    source_note      text,
    PRIMARY KEY (code, version),
    CONSTRAINT composite_indices_years CHECK (last_year >= version),
    CONSTRAINT composite_indices_percent_scale CHECK (scale <> 'percent' OR max_points = 100)
);
COMMENT ON TABLE govindex.composite_indices IS
    'Composite indices (PAR Index, PCI, DTI, internal indices), one row per version; a year uses the latest version that starts on or before it — Các chỉ số tổng hợp (Chỉ số CCHC, PCI, DTI, chỉ số nội bộ) theo phiên bản';
COMMENT ON COLUMN govindex.composite_indices.code IS
    'Index code, lower case, e.g. par-province — Mã chỉ số, chữ thường';
COMMENT ON COLUMN govindex.composite_indices.version IS
    'Version: the first year it applies, e.g. 2022 — Phiên bản: năm đầu tiên áp dụng';
COMMENT ON COLUMN govindex.composite_indices.last_year IS
    'Last year it applies when retired without a successor; NULL while current (a later version takes over from its own first year) — Năm cuối áp dụng (nếu có)';
COMMENT ON COLUMN govindex.composite_indices.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_indices.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_indices.scale IS
    'points: the result is points out of max_points (PCI 100, DTI 1000); percent: the result is a percent (max_points 100) — Thang điểm: điểm hoặc phần trăm';
COMMENT ON COLUMN govindex.composite_indices.max_points IS
    'Maximum of the index; for a sum index, what its top-level criteria add up to at every unit level — Điểm tối đa của chỉ số';
COMMENT ON COLUMN govindex.composite_indices.aggregation IS
    'sum: points add up the tree; weighted_mean: the result is max_points × Σ weight × score / Σ weight × maximum over the leaves (PCI) — Cách tổng hợp: cộng điểm hoặc trung bình có trọng số';
COMMENT ON COLUMN govindex.composite_indices.survey_optional IS
    'Whether the sociological survey may be missing: a survey criterion without a survey score then leaves the maximum (appraised / maximum appraisable × 100); otherwise it counts 0 — Cho phép không có điều tra xã hội học';
COMMENT ON COLUMN govindex.composite_indices.unit_levels IS
    'Unit levels (unit_levels.level) the index assesses — Cấp đơn vị được đánh giá';
COMMENT ON COLUMN govindex.composite_indices.source_note IS
    'Legal source and caveats — Căn cứ và lưu ý';

CREATE TABLE govindex.composite_criteria (
    index_code       text NOT NULL,
    index_version    int  NOT NULL,
    code             text NOT NULL
                     CONSTRAINT composite_criteria_code_format CHECK (code ~ '^[0-9A-Za-z]+([.][0-9A-Za-z]+)*$'),
    parent_code      text,
    position         int  NOT NULL CONSTRAINT composite_criteria_position_positive CHECK (position > 0),
    name_vi          text NOT NULL CONSTRAINT composite_criteria_name_vi_not_empty CHECK (name_vi <> ''),
    name_en          text NOT NULL CONSTRAINT composite_criteria_name_en_not_empty CHECK (name_en <> ''),
    max_points       numeric NOT NULL
                     CONSTRAINT composite_criteria_max_points_range
                     CHECK (max_points >= 0 AND max_points <= 100000 AND max_points = round(max_points, 4)),
    weight           numeric
                     CONSTRAINT composite_criteria_weight_range
                     CHECK (weight >= 0 AND weight <= 100000 AND weight = round(weight, 4)),
    unit_levels      text[]
                     CONSTRAINT composite_criteria_unit_levels_not_empty
                     CHECK (cardinality(unit_levels) > 0 AND array_position(unit_levels, NULL) IS NULL),
    source           text NOT NULL DEFAULT 'appraisal'
                     CONSTRAINT composite_criteria_source_known
                     CHECK (source IN ('self', 'appraisal', 'survey', 'index766', 'entered')),
    index766_metric  text,
    PRIMARY KEY (index_code, index_version, code),
    CONSTRAINT composite_criteria_index_known FOREIGN KEY (index_code, index_version)
        REFERENCES govindex.composite_indices (code, version) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT composite_criteria_parent_known FOREIGN KEY (index_code, index_version, parent_code)
        REFERENCES govindex.composite_criteria (index_code, index_version, code) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT composite_criteria_position_unique
        UNIQUE NULLS NOT DISTINCT (index_code, index_version, parent_code, position) DEFERRABLE,
    CONSTRAINT composite_criteria_not_own_parent CHECK (parent_code <> code),
    CONSTRAINT composite_criteria_index766_metric
        CHECK ((source = 'index766') = (index766_metric IS NOT NULL))
);
CREATE INDEX composite_criteria_parent_idx ON govindex.composite_criteria (index_code, index_version, parent_code);
COMMENT ON TABLE govindex.composite_criteria IS
    'Criteria of a composite index as a tree of any depth (field → criterion → sub-criterion); only leaves are assessed, a node''s points are its leaves'' — Cây tiêu chí của chỉ số (lĩnh vực → tiêu chí → tiêu chí thành phần)';
COMMENT ON COLUMN govindex.composite_criteria.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_criteria.index_version IS 'Index version — Phiên bản chỉ số';
COMMENT ON COLUMN govindex.composite_criteria.code IS
    'Criterion code within the version, e.g. 1, 1.2, 1.2.3 — Mã tiêu chí, ví dụ 1, 1.2, 1.2.3';
COMMENT ON COLUMN govindex.composite_criteria.parent_code IS
    'Parent criterion; NULL for a top-level criterion (a field, whose result is a component index) — Tiêu chí cha; NULL với lĩnh vực (chỉ số thành phần)';
COMMENT ON COLUMN govindex.composite_criteria.position IS 'Order among its siblings, from 1 — Thứ tự';
COMMENT ON COLUMN govindex.composite_criteria.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_criteria.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_criteria.max_points IS
    'Maximum points; in a sum index a node''s maximum equals its applicable children''s at every unit level — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_criteria.weight IS
    'Weight in a weighted_mean index (a leaf''s weight is multiplied by its ancestors'', NULL counting 1); NULL in a sum index — Trọng số (chỉ với chỉ số trung bình có trọng số)';
COMMENT ON COLUMN govindex.composite_criteria.unit_levels IS
    'Unit levels it applies to, within its parent''s; NULL: the same as its parent (or the index) — Cấp đơn vị áp dụng; NULL: như tiêu chí cha';
COMMENT ON COLUMN govindex.composite_criteria.source IS
    'Where a leaf''s score comes from: self (self-assessment, then appraisal), appraisal, survey (sociological survey), index766 (an Index 766 metric of the same unit and year × max_points), entered (a value entered as published, e.g. a PCI sub-index) — Nguồn điểm: tự chấm, thẩm định, điều tra xã hội học, Bộ chỉ số 766, nhập trực tiếp';
COMMENT ON COLUMN govindex.composite_criteria.index766_metric IS
    'For source index766: the metric code (govindex.metrics.code, e.g. DVC_PROGRESS_ON_TIME); its rate over the calendar year × max_points is the score — Mã chỉ số Bộ chỉ số 766 (với nguồn index766)';

-- The version of an index in force in a year: the latest starting on or before it.
CREATE FUNCTION govindex.composite_version(index_code text, year int) RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (SELECT max(i.version) FROM govindex.composite_indices i
         WHERE i.code = composite_version.index_code AND i.version <= composite_version.year
           AND (i.last_year IS NULL OR composite_version.year <= i.last_year)
           AND NOT EXISTS (SELECT FROM govindex.composite_indices later
                            WHERE later.code = i.code AND later.version > i.version
                              AND later.version <= composite_version.year));
COMMENT ON FUNCTION govindex.composite_version(text, int) IS
    'The version of an index in force in a year (the latest starting on or before it, unless retired); NULL if none — Phiên bản chỉ số áp dụng cho một năm';

-- Unit levels a criterion applies to: its own, else its parent's, else the index's.
CREATE FUNCTION govindex.composite_criterion_levels(index_code text, index_version int, code text)
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    WITH RECURSIVE up (code, parent_code, unit_levels, depth) AS (
        SELECT c.code, c.parent_code, c.unit_levels, 0 FROM govindex.composite_criteria c
         WHERE (c.index_code, c.index_version, c.code) = ($1, $2, $3)
        UNION ALL
        SELECT c.code, c.parent_code, c.unit_levels, up.depth + 1
          FROM up JOIN govindex.composite_criteria c
            ON (c.index_code, c.index_version, c.code) = ($1, $2, up.parent_code)
         WHERE up.unit_levels IS NULL AND up.depth < 100
    )
    SELECT coalesce((SELECT up.unit_levels FROM up WHERE up.unit_levels IS NOT NULL ORDER BY up.depth LIMIT 1),
                    (SELECT i.unit_levels FROM govindex.composite_indices i WHERE (i.code, i.version) = ($1, $2)))
     WHERE EXISTS (SELECT FROM up);
$$;
COMMENT ON FUNCTION govindex.composite_criterion_levels(text, int, text) IS
    'Unit levels a criterion applies to: its own, else its nearest ancestor''s, else the index''s; NULL for an unknown criterion — Cấp đơn vị áp dụng của một tiêu chí';

-- A criterion may not be its own ancestor: walk up from the new parent.
CREATE FUNCTION govindex.composite_criteria_check_tree() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    chain text;
BEGIN
    IF NEW.parent_code IS NULL THEN
        RETURN NULL;
    END IF;
    WITH RECURSIVE up (code, parent_code, seen) AS (
        SELECT c.code, c.parent_code, ARRAY[c.code] FROM govindex.composite_criteria c
         WHERE (c.index_code, c.index_version, c.code) = (NEW.index_code, NEW.index_version, NEW.parent_code)
        UNION ALL
        SELECT c.code, c.parent_code, up.seen || c.code
          FROM up JOIN govindex.composite_criteria c
            ON (c.index_code, c.index_version, c.code) = (NEW.index_code, NEW.index_version, up.parent_code)
         WHERE up.code <> NEW.code AND NOT c.code = ANY (up.seen)
    )
    SELECT string_agg(code, ' → ' ORDER BY cardinality(seen)) INTO chain FROM up
     WHERE EXISTS (SELECT 1 FROM up WHERE code = NEW.code);
    IF chain IS NOT NULL THEN
        RAISE EXCEPTION 'criterion % of index % version % cannot be placed under criterion %: the tree would have a cycle',
                NEW.code, NEW.index_code, NEW.index_version, NEW.parent_code
            USING ERRCODE = 'integrity_constraint_violation',
                  DETAIL = format('Parents upwards from %s: %s.', NEW.code, chain),
                  HINT = 'A criterion''s parent must not be the criterion itself or one of its descendants.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.composite_criteria_check_tree() IS
    'Constraint trigger: the criteria of an index version form a tree without cycles — Trigger: cây tiêu chí không có vòng';
CREATE CONSTRAINT TRIGGER composite_criteria_tree_has_no_cycle
    AFTER INSERT OR UPDATE OF parent_code, code ON govindex.composite_criteria
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_criteria_check_tree();

-- ---------------------------------------------------------------------------------
-- Per unit and year: assessments, deductions, published results, targets; bands.
-- ---------------------------------------------------------------------------------

CREATE TABLE govindex.composite_assessments (
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    index_version    int  NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_assessments_year_range CHECK (year BETWEEN 1990 AND 2200),
    criterion_code   text NOT NULL,
    self_score       numeric CONSTRAINT composite_assessments_self_score_not_negative CHECK (self_score >= 0),
    appraised_score  numeric CONSTRAINT composite_assessments_appraised_score_not_negative CHECK (appraised_score >= 0),
    survey_score     numeric CONSTRAINT composite_assessments_survey_score_not_negative CHECK (survey_score >= 0),
    not_applicable   bool NOT NULL DEFAULT false,
    evidence         text,
    PRIMARY KEY (unit_id, index_code, year, criterion_code),
    CONSTRAINT composite_assessments_criterion_known FOREIGN KEY (index_code, index_version, criterion_code)
        REFERENCES govindex.composite_criteria (index_code, index_version, code) ON UPDATE CASCADE,
    CONSTRAINT composite_assessments_not_applicable_has_no_score
        CHECK (NOT not_applicable OR (self_score IS NULL AND appraised_score IS NULL AND survey_score IS NULL))
);
CREATE INDEX composite_assessments_criterion_idx
    ON govindex.composite_assessments (index_code, index_version, criterion_code);
COMMENT ON TABLE govindex.composite_assessments IS
    'Assessment of one leaf criterion for one unit and year: self score, appraised score (which wins), survey score, evidence, or not applicable — Kết quả tự chấm, thẩm định, điều tra của từng tiêu chí theo đơn vị và năm';
COMMENT ON COLUMN govindex.composite_assessments.unit_id IS 'Unit assessed — Đơn vị được đánh giá';
COMMENT ON COLUMN govindex.composite_assessments.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_assessments.index_version IS
    'Index version; filled in from the year when NULL, and must be the one in force that year — Phiên bản chỉ số (tự điền theo năm)';
COMMENT ON COLUMN govindex.composite_assessments.year IS 'Year assessed — Năm đánh giá';
COMMENT ON COLUMN govindex.composite_assessments.criterion_code IS 'Leaf criterion — Tiêu chí (cấp cuối)';
COMMENT ON COLUMN govindex.composite_assessments.self_score IS
    'Self-assessed points (tự chấm), 0 to the criterion''s maximum — Điểm tự chấm';
COMMENT ON COLUMN govindex.composite_assessments.appraised_score IS
    'Appraised points (thẩm định), 0 to the maximum; wins over the self score, and over the value of an Index 766 criterion — Điểm thẩm định (được ưu tiên)';
COMMENT ON COLUMN govindex.composite_assessments.survey_score IS
    'Points from the sociological survey, for survey criteria only — Điểm điều tra xã hội học';
COMMENT ON COLUMN govindex.composite_assessments.not_applicable IS
    'Not applicable to this unit this year: the criterion leaves the maximum — Không áp dụng (không tính vào điểm tối đa)';
COMMENT ON COLUMN govindex.composite_assessments.evidence IS
    'Evidence or note (document numbers, links) — Tài liệu kiểm chứng, ghi chú';

CREATE TABLE govindex.composite_deductions (
    id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    index_version    int  NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_deductions_year_range CHECK (year BETWEEN 1990 AND 2200),
    criterion_code   text,
    points           numeric NOT NULL
                     CONSTRAINT composite_deductions_points_positive
                     CHECK (points > 0 AND points <= 100000 AND points = round(points, 4)),
    reason           text NOT NULL CONSTRAINT composite_deductions_reason_not_empty CHECK (reason <> ''),
    CONSTRAINT composite_deductions_index_known FOREIGN KEY (index_code, index_version)
        REFERENCES govindex.composite_indices (code, version) ON UPDATE CASCADE,
    CONSTRAINT composite_deductions_criterion_known FOREIGN KEY (index_code, index_version, criterion_code)
        REFERENCES govindex.composite_criteria (index_code, index_version, code) ON UPDATE CASCADE
);
CREATE INDEX composite_deductions_unit_idx ON govindex.composite_deductions (unit_id, index_code, year);
COMMENT ON TABLE govindex.composite_deductions IS
    'Deductions (điểm trừ) from a unit''s result for a year, on the whole index or on one criterion (and so on its ancestors); points never go below 0 — Điểm trừ của đơn vị';
COMMENT ON COLUMN govindex.composite_deductions.id IS 'Deduction number — Số thứ tự';
COMMENT ON COLUMN govindex.composite_deductions.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_deductions.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_deductions.index_version IS
    'Index version; filled in from the year when NULL — Phiên bản chỉ số (tự điền theo năm)';
COMMENT ON COLUMN govindex.composite_deductions.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_deductions.criterion_code IS
    'Criterion the deduction applies to; NULL for the index as a whole — Tiêu chí bị trừ điểm; NULL: toàn chỉ số';
COMMENT ON COLUMN govindex.composite_deductions.points IS 'Points deducted, > 0 — Số điểm trừ';
COMMENT ON COLUMN govindex.composite_deductions.reason IS 'Reason — Lý do';

CREATE TABLE govindex.composite_bands (
    index_code       text NOT NULL,
    code             text NOT NULL CONSTRAINT composite_bands_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    min_percent      numeric NOT NULL CONSTRAINT composite_bands_min_percent_range CHECK (min_percent BETWEEN 0 AND 100),
    name_vi          text NOT NULL CONSTRAINT composite_bands_name_vi_not_empty CHECK (name_vi <> ''),
    name_en          text NOT NULL CONSTRAINT composite_bands_name_en_not_empty CHECK (name_en <> ''),
    PRIMARY KEY (index_code, code),
    CONSTRAINT composite_bands_min_percent_unique UNIQUE (index_code, min_percent)
);
COMMENT ON TABLE govindex.composite_bands IS
    'Bands (xếp loại) by percent: a result is in the band with the highest min_percent at or below it; index_code * holds the defaults, used by every index without bands of its own — Xếp loại theo tỷ lệ điểm; mã * là mặc định';
COMMENT ON COLUMN govindex.composite_bands.index_code IS
    'Index code, or * for the defaults — Mã chỉ số, hoặc * (mặc định)';
COMMENT ON COLUMN govindex.composite_bands.code IS 'Band code, e.g. excellent — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_bands.min_percent IS
    'Lowest percent of the band (inclusive) — Tỷ lệ thấp nhất của loại (bao gồm)';
COMMENT ON COLUMN govindex.composite_bands.name_vi IS 'Vietnamese name, e.g. Xuất sắc — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_bands.name_en IS 'English name, e.g. Excellent — Tên tiếng Anh';

CREATE TABLE govindex.composite_targets (
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_targets_year_range CHECK (year BETWEEN 1990 AND 2200),
    target_points    numeric CONSTRAINT composite_targets_points_not_negative CHECK (target_points >= 0),
    target_rank      int CONSTRAINT composite_targets_rank_positive CHECK (target_rank >= 1),
    note             text,
    PRIMARY KEY (unit_id, index_code, year),
    CONSTRAINT composite_targets_something CHECK (target_points IS NOT NULL OR target_rank IS NOT NULL)
);
COMMENT ON TABLE govindex.composite_targets IS
    'A unit''s targets for an index and year: points (on the index''s scale) and rank — Mục tiêu của đơn vị: điểm và thứ hạng';
COMMENT ON COLUMN govindex.composite_targets.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_targets.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_targets.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_targets.target_points IS
    'Target value on the index''s scale (percent for the PAR Index, points for PCI and DTI) — Điểm mục tiêu';
COMMENT ON COLUMN govindex.composite_targets.target_rank IS 'Target rank (at most) — Thứ hạng mục tiêu';
COMMENT ON COLUMN govindex.composite_targets.note IS 'Source of the target (resolution, plan) — Căn cứ mục tiêu';

CREATE TABLE govindex.composite_published (
    unit_id          int  NOT NULL REFERENCES govindex.units (id),
    index_code       text NOT NULL,
    year             int  NOT NULL CONSTRAINT composite_published_year_range CHECK (year BETWEEN 1990 AND 2200),
    value            numeric NOT NULL CONSTRAINT composite_published_value_not_negative CHECK (value >= 0),
    rank             int,
    rank_of          int,
    publisher        text,
    PRIMARY KEY (unit_id, index_code, year),
    CONSTRAINT composite_published_rank
        CHECK ((rank IS NULL) = (rank_of IS NULL) AND rank BETWEEN 1 AND rank_of)
);
COMMENT ON TABLE govindex.composite_published IS
    'Results published by others (the Ministry of Home Affairs'' PAR Index, VCCI''s PCI, the DTI): the official value and rank, which win over computed ones — Kết quả do cơ quan khác công bố (được ưu tiên)';
COMMENT ON COLUMN govindex.composite_published.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_published.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_published.year IS 'Year of the result — Năm';
COMMENT ON COLUMN govindex.composite_published.value IS
    'Published value on the index''s scale, e.g. 87.64 — Giá trị công bố';
COMMENT ON COLUMN govindex.composite_published.rank IS 'Published rank, e.g. 24 — Thứ hạng công bố';
COMMENT ON COLUMN govindex.composite_published.rank_of IS 'Out of how many, e.g. 63 — Trên tổng số';
COMMENT ON COLUMN govindex.composite_published.publisher IS
    'Who published it, and where — Cơ quan công bố, nguồn';

-- ---------------------------------------------------------------------------------
-- Checks with messages that name the unit and the criterion.
-- ---------------------------------------------------------------------------------

-- Every problem of the definitions of one index version (or all when NULL).
CREATE FUNCTION govindex.composite_definition_problems(code text DEFAULT NULL, version int DEFAULT NULL)
RETURNS TABLE (index_code text, index_version int, criterion_code text, problem text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, govindex, pg_temp AS $$
    WITH RECURSIVE chosen AS (
        SELECT i.* FROM govindex.composite_indices i
         WHERE ($1 IS NULL OR i.code = $1) AND ($2 IS NULL OR i.version = $2)
    ),
    tree (index_code, index_version, code, parent_code, levels, path) AS (
        SELECT c.index_code, c.index_version, c.code, c.parent_code, coalesce(c.unit_levels, i.unit_levels), ARRAY[c.code]
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE c.parent_code IS NULL
        UNION ALL
        SELECT c.index_code, c.index_version, c.code, c.parent_code, coalesce(c.unit_levels, t.levels), t.path || c.code
          FROM tree t JOIN govindex.composite_criteria c
            ON (c.index_code, c.index_version, c.parent_code) = (t.index_code, t.index_version, t.code)
         WHERE NOT c.code = ANY (t.path)
    ),
    nodes AS (   -- the index itself (code NULL) and every criterion, with their levels and maxima
        SELECT i.code AS index_code, i.version AS index_version, NULL::text AS code, i.unit_levels AS levels,
               i.max_points, i.aggregation
          FROM chosen i
        UNION ALL
        SELECT t.index_code, t.index_version, t.code, t.levels, c.max_points, i.aggregation
          FROM tree t
          JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code)
          JOIN chosen i ON (i.code, i.version) = (t.index_code, t.index_version)
    ),
    problems (index_code, index_version, criterion_code, problem) AS (
        SELECT i.code, i.version, NULL::text, format('unknown unit level %s', l)
          FROM chosen i CROSS JOIN unnest(i.unit_levels) l
         WHERE NOT EXISTS (SELECT FROM govindex.unit_levels ul WHERE ul.level = l)
        UNION ALL
        SELECT i.code, i.version, NULL, 'the index has no criteria'
          FROM chosen i
         WHERE NOT EXISTS (SELECT FROM govindex.composite_criteria c WHERE (c.index_code, c.index_version) = (i.code, i.version))
        UNION ALL
        -- criteria unreachable from the top (a cycle)
        SELECT c.index_code, c.index_version, c.code, 'the criterion is not reachable from a top-level criterion'
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE NOT EXISTS (SELECT FROM tree t WHERE (t.index_code, t.index_version, t.code) = (c.index_code, c.index_version, c.code))
        UNION ALL
        SELECT t.index_code, t.index_version, t.code,
               format('applies to unit level %s, which its %s does not', l,
                      CASE WHEN c.parent_code IS NULL THEN 'index' ELSE 'parent ' || c.parent_code END)
          FROM tree t
          JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code)
          JOIN chosen i ON (i.code, i.version) = (t.index_code, t.index_version)
          LEFT JOIN tree p ON (p.index_code, p.index_version, p.code) = (t.index_code, t.index_version, c.parent_code)
         CROSS JOIN unnest(c.unit_levels) l
         WHERE NOT l = ANY (coalesce(p.levels, i.unit_levels))
        UNION ALL
        -- a sum index adds up: at every level, a node's maximum is its applicable children's
        SELECT n.index_code, n.index_version, n.code,
               format('maximum %s differs from the sum of its %s at unit level %s (%s)',
                      trim_scale(n.max_points), CASE WHEN n.code IS NULL THEN 'top-level criteria' ELSE 'sub-criteria' END,
                      l, trim_scale(coalesce(sum(c.max_points), 0)))
          FROM nodes n
         CROSS JOIN unnest(n.levels) l
          LEFT JOIN tree t ON (t.index_code, t.index_version) = (n.index_code, n.index_version)
                          AND t.parent_code IS NOT DISTINCT FROM n.code AND l = ANY (t.levels)
          LEFT JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code)
         WHERE n.aggregation = 'sum'
           AND (n.code IS NULL OR EXISTS (SELECT FROM govindex.composite_criteria k
                                           WHERE (k.index_code, k.index_version, k.parent_code) = (n.index_code, n.index_version, n.code)))
         GROUP BY n.index_code, n.index_version, n.code, n.max_points, l
        HAVING coalesce(sum(c.max_points), 0) <> n.max_points
        UNION ALL
        SELECT c.index_code, c.index_version, c.code,
               CASE WHEN i.aggregation = 'sum' THEN 'a weight is only used by a weighted_mean index'
                    ELSE 'a leaf of a weighted_mean index needs a weight' END
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE (i.aggregation = 'sum' AND c.weight IS NOT NULL)
            OR (i.aggregation = 'weighted_mean' AND c.weight IS NULL
                AND NOT EXISTS (SELECT FROM govindex.composite_criteria k
                                 WHERE (k.index_code, k.index_version, k.parent_code) = (c.index_code, c.index_version, c.code)))
        UNION ALL
        SELECT c.index_code, c.index_version, c.code, format('unknown Index 766 metric %s', c.index766_metric)
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE c.index766_metric IS NOT NULL
           AND NOT EXISTS (SELECT FROM govindex.metrics m WHERE m.code = c.index766_metric)
        UNION ALL
        SELECT c.index_code, c.index_version, c.code,
               format('has sub-criteria but is assessed (%s assessment(s)); only leaves are assessed',
                      (SELECT count(*) FROM govindex.composite_assessments a
                        WHERE (a.index_code, a.index_version, a.criterion_code) = (c.index_code, c.index_version, c.code)))
          FROM govindex.composite_criteria c JOIN chosen i ON (i.code, i.version) = (c.index_code, c.index_version)
         WHERE EXISTS (SELECT FROM govindex.composite_criteria k
                        WHERE (k.index_code, k.index_version, k.parent_code) = (c.index_code, c.index_version, c.code))
           AND EXISTS (SELECT FROM govindex.composite_assessments a
                        WHERE (a.index_code, a.index_version, a.criterion_code) = (c.index_code, c.index_version, c.code))
    )
    SELECT * FROM problems ORDER BY 1, 2, 3 NULLS LAST, 4;
$$;
COMMENT ON FUNCTION govindex.composite_definition_problems(text, int) IS
    'Every problem of an index version''s definition (all when NULL): unknown levels, maxima that do not add up at some unit level, missing or misplaced weights, unknown Index 766 metrics, assessed nodes — Kiểm tra định nghĩa chỉ số';

-- At commit, every index version touched must be consistent (so maxima can be edited
-- over several statements of one transaction).
CREATE FUNCTION govindex.composite_check_definition() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    code     text;
    version  int;
    first    record;
    problems bigint;
BEGIN
    IF TG_TABLE_NAME = 'composite_indices' THEN
        code := NEW.code;
        version := NEW.version;
    ELSIF TG_OP = 'DELETE' THEN
        code := OLD.index_code;
        version := OLD.index_version;
    ELSE
        code := NEW.index_code;
        version := NEW.index_version;
    END IF;
    SELECT * INTO first FROM govindex.composite_definition_problems(code, version) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.composite_definition_problems(code, version);
        RAISE EXCEPTION 'index % version %: %', first.index_code,
                first.index_version || coalesce(', criterion ' || first.criterion_code, ''), first.problem
            USING ERRCODE = 'check_violation',
                  DETAIL = format('%s problem(s) in the definition of index %s version %s.', problems, code, version),
                  HINT = format('SELECT * FROM govindex.composite_definition_problems(%L, %s) lists them all.', code, version);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION govindex.composite_check_definition() IS
    'Deferred constraint trigger: an index version''s definition is consistent at commit — Trigger ràng buộc: định nghĩa chỉ số nhất quán';
CREATE CONSTRAINT TRIGGER composite_indices_consistent
    AFTER INSERT OR UPDATE ON govindex.composite_indices
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_check_definition();
CREATE CONSTRAINT TRIGGER composite_criteria_consistent
    AFTER INSERT OR UPDATE OR DELETE ON govindex.composite_criteria
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_check_definition();

-- The unit, index version and criterion of an assessment, a deduction, a published
-- result or a target: fills in the version, raises 23503 for what does not exist and
-- 23514 for what does not apply.  Returns the unit code.
CREATE FUNCTION govindex.composite_check_reference(
    unit_id int, index_code text, year int, INOUT index_version int, criterion_code text,
    OUT unit_code text, OUT what text, OUT criterion_max numeric, OUT criterion_source text,
    OUT criterion_metric text, OUT index_max numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    unit      govindex.units;
    in_force  int;
    levels    text[];
BEGIN
    SELECT * INTO unit FROM govindex.units u WHERE u.id = composite_check_reference.unit_id;
    -- what the messages are about: "unit H74.01, criterion 1.2 of index par-department (2023)"
    what := format('unit %s, %sindex %s (%s)', coalesce(unit.code, 'id ' || unit_id),
                   'criterion ' || criterion_code || ' of ', index_code, year);
    IF unit.id IS NULL THEN
        RAISE EXCEPTION '%: unknown unit', what USING ERRCODE = 'foreign_key_violation';
    END IF;
    unit_code := unit.code;
    in_force := govindex.composite_version(index_code, year);
    IF in_force IS NULL THEN
        IF NOT EXISTS (SELECT FROM govindex.composite_indices i WHERE i.code = composite_check_reference.index_code) THEN
            RAISE EXCEPTION '%: unknown index %', what, index_code USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE EXCEPTION '%: index % has no version for %', what, index_code, year
            USING ERRCODE = 'foreign_key_violation',
                  HINT = format('Versions: %s.', (SELECT string_agg(i.version || coalesce('–' || i.last_year, '–'), ', ' ORDER BY i.version)
                                                    FROM govindex.composite_indices i WHERE i.code = composite_check_reference.index_code));
    END IF;
    IF index_version IS NULL THEN
        index_version := in_force;
    ELSIF index_version <> in_force THEN
        RAISE EXCEPTION '%: version % of index % does not apply to %', what, index_version, index_code, year
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Assessments of %s use version %s.', year, in_force);
    END IF;
    SELECT i.max_points, i.unit_levels INTO index_max, levels FROM govindex.composite_indices i
     WHERE (i.code, i.version) = (composite_check_reference.index_code, in_force);
    IF criterion_code IS NOT NULL THEN
        SELECT c.max_points, c.source, c.index766_metric INTO criterion_max, criterion_source, criterion_metric
          FROM govindex.composite_criteria c
         WHERE (c.index_code, c.index_version, c.code) = (composite_check_reference.index_code, in_force, composite_check_reference.criterion_code);
        IF NOT FOUND THEN
            RAISE EXCEPTION '%: no criterion % in index % version %', what, criterion_code, index_code, in_force
                USING ERRCODE = 'foreign_key_violation',
                      HINT = format('SELECT code, name_vi FROM govindex.composite_criteria WHERE index_code = %L AND index_version = %s lists them.',
                                    index_code, in_force);
        END IF;
        levels := govindex.composite_criterion_levels(index_code, in_force, criterion_code);
    END IF;
    IF NOT unit.level = ANY (levels) THEN
        RAISE EXCEPTION '%: does not apply to % units', what, unit.level
            USING ERRCODE = 'check_violation',
                  DETAIL = format('It applies to: %s.', array_to_string(levels, ', '));
    END IF;
END $$;
COMMENT ON FUNCTION govindex.composite_check_reference(int, text, int, int, text) IS
    'Checks a unit, index, year and criterion (NULL: the whole index): 23503 for what does not exist, 23514 for what does not apply; returns the version in force and the criterion''s maximum and source — Kiểm tra đơn vị, chỉ số, năm và tiêu chí';

CREATE FUNCTION govindex.composite_assessments_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    ref    record;
    what   text;
    score  record;
BEGIN
    ref := govindex.composite_check_reference(NEW.unit_id, NEW.index_code, NEW.year, NEW.index_version, NEW.criterion_code);
    NEW.index_version := ref.index_version;
    what := ref.what;

    IF EXISTS (SELECT FROM govindex.composite_criteria k
                WHERE (k.index_code, k.index_version, k.parent_code) = (NEW.index_code, NEW.index_version, NEW.criterion_code)) THEN
        RAISE EXCEPTION '%: the criterion has sub-criteria; assess its sub-criteria', what
            USING ERRCODE = 'check_violation';
    END IF;
    IF (TG_OP = 'INSERT' OR (NEW.unit_id, NEW.index_code, NEW.year, NEW.criterion_code)
                            IS DISTINCT FROM (OLD.unit_id, OLD.index_code, OLD.year, OLD.criterion_code))
       AND EXISTS (SELECT FROM govindex.composite_assessments a
                    WHERE (a.unit_id, a.index_code, a.year, a.criterion_code)
                        = (NEW.unit_id, NEW.index_code, NEW.year, NEW.criterion_code)) THEN
        RAISE EXCEPTION '%: already assessed', what
            USING ERRCODE = 'unique_violation',
                  HINT = 'Update the existing assessment, or load with replace => true.';
    END IF;
    IF NEW.not_applicable AND num_nonnulls(NEW.self_score, NEW.appraised_score, NEW.survey_score) > 0 THEN
        RAISE EXCEPTION '%: marked not applicable but scored', what
            USING ERRCODE = 'check_violation';
    END IF;
    IF ref.criterion_source = 'survey' AND num_nonnulls(NEW.self_score, NEW.appraised_score) > 0 THEN
        RAISE EXCEPTION '%: the criterion is scored by the sociological survey; enter survey_score only', what
            USING ERRCODE = 'check_violation';
    END IF;
    IF ref.criterion_source <> 'survey' AND NEW.survey_score IS NOT NULL THEN
        RAISE EXCEPTION '%: survey_score is for survey criteria; this one''s source is %', what, ref.criterion_source
            USING ERRCODE = 'check_violation';
    END IF;
    IF ref.criterion_source = 'index766' AND NEW.self_score IS NOT NULL THEN
        RAISE EXCEPTION '%: the criterion takes its score from Index 766 metric %; enter appraised_score to override it',
                what, ref.criterion_metric
            USING ERRCODE = 'check_violation';
    END IF;
    FOR score IN SELECT * FROM (VALUES ('self score', NEW.self_score), ('appraised score', NEW.appraised_score),
                                       ('survey score', NEW.survey_score)) v (name, value)
                  WHERE v.value IS NOT NULL
    LOOP
        IF score.value < 0 THEN
            RAISE EXCEPTION '%: negative % %', what, score.name, score.value
                USING ERRCODE = 'check_violation';
        ELSIF score.value > ref.criterion_max THEN
            RAISE EXCEPTION '%: % % exceeds the criterion''s maximum %', what, score.name, score.value, trim_scale(ref.criterion_max)
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_assessments_check() IS
    'Trigger: an assessment names a known unit and a leaf criterion of the version in force, applicable to the unit''s level, once, with scores from 0 to the criterion''s maximum in the columns its source takes — Trigger kiểm tra kết quả chấm điểm';
CREATE TRIGGER composite_assessments_check
    BEFORE INSERT OR UPDATE ON govindex.composite_assessments
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_assessments_check();

CREATE FUNCTION govindex.composite_deductions_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    ref  record;
BEGIN
    ref := govindex.composite_check_reference(NEW.unit_id, NEW.index_code, NEW.year, NEW.index_version, NEW.criterion_code);
    NEW.index_version := ref.index_version;
    IF NEW.points <= 0 THEN
        RAISE EXCEPTION '%: a deduction is a positive number of points, not %', ref.what, NEW.points
            USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(trim(NEW.reason), '') = '' THEN
        RAISE EXCEPTION '%: a deduction needs a reason', ref.what
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.points > coalesce(ref.criterion_max, ref.index_max) THEN
        RAISE EXCEPTION '%: deduction of % points exceeds the maximum %', ref.what,
                NEW.points, trim_scale(coalesce(ref.criterion_max, ref.index_max))
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_deductions_check() IS
    'Trigger: a deduction names a known unit, index version in force and criterion, applicable to the unit, and deducts at most the maximum — Trigger kiểm tra điểm trừ';
CREATE TRIGGER composite_deductions_check
    BEFORE INSERT OR UPDATE ON govindex.composite_deductions
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_deductions_check();

CREATE FUNCTION govindex.composite_results_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    ref    record;
    value  numeric;
BEGIN
    ref := govindex.composite_check_reference(NEW.unit_id, NEW.index_code, NEW.year, NULL, NULL);
    -- one statement per table: NEW has the columns of the table that fired
    IF TG_TABLE_NAME = 'composite_published' THEN
        value := NEW.value;
        IF (NEW.rank IS NULL) <> (NEW.rank_of IS NULL) OR NEW.rank NOT BETWEEN 1 AND NEW.rank_of THEN
            RAISE EXCEPTION '%: rank %/% is not a rank', ref.what,
                    coalesce(NEW.rank::text, '?'), coalesce(NEW.rank_of::text, '?')
                USING ERRCODE = 'check_violation',
                      HINT = 'Give both, with 1 <= rank <= rank_of, e.g. 24 and 63.';
        END IF;
    ELSE
        value := NEW.target_points;
    END IF;
    IF value > ref.index_max THEN
        RAISE EXCEPTION '%: % % exceeds the index''s maximum %', ref.what,
                CASE TG_TABLE_NAME WHEN 'composite_published' THEN 'published value' ELSE 'target' END,
                value, trim_scale(ref.index_max)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_results_check() IS
    'Trigger: a published result or a target names a known unit and an index in force that year, applicable to the unit, within the index''s maximum — Trigger kiểm tra kết quả công bố và mục tiêu';
CREATE TRIGGER composite_published_check
    BEFORE INSERT OR UPDATE ON govindex.composite_published
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_results_check();
CREATE TRIGGER composite_targets_check
    BEFORE INSERT OR UPDATE ON govindex.composite_targets
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_results_check();

CREATE FUNCTION govindex.composite_bands_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    IF NEW.index_code <> '*' AND NOT EXISTS (SELECT FROM govindex.composite_indices i WHERE i.code = NEW.index_code) THEN
        RAISE EXCEPTION 'band %: unknown index %', NEW.code, NEW.index_code
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Use * for the default bands of every index.';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION govindex.composite_bands_check() IS
    'Trigger: bands belong to a known index, or to * (the defaults) — Trigger kiểm tra xếp loại';
CREATE TRIGGER composite_bands_check
    BEFORE INSERT OR UPDATE ON govindex.composite_bands
    FOR EACH ROW EXECUTE FUNCTION govindex.composite_bands_check();

-- ---------------------------------------------------------------------------------
-- Loading assessments in batches: all or nothing, every bad row named.
-- ---------------------------------------------------------------------------------

CREATE TYPE govindex.composite_assessment_input AS (
    unit_code        text,
    index_code       text,
    year             int,
    criterion_code   text,
    self_score       numeric,
    appraised_score  numeric,
    survey_score     numeric,
    not_applicable   bool,
    evidence         text
);
COMMENT ON TYPE govindex.composite_assessment_input IS
    'Columns of a batch for govindex.load_composite_assessments(): CREATE TEMP TABLE batch (LIKE govindex.composite_assessment_input) — Cấu trúc lô kết quả chấm điểm cần nạp';

CREATE FUNCTION govindex.composite_assessment_problems(batch regclass, replace bool DEFAULT false)
RETURNS TABLE (batch_row bigint, unit_code text, criterion_code text, sqlstate text, problem text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, govindex, pg_temp AS $$
BEGIN
    PERFORM govindex.check_batch(batch, 'govindex.composite_assessment_input', 'batch');
    RETURN QUERY EXECUTE format($q$
        WITH b AS (SELECT row_number() OVER () AS batch_row, s.* FROM %s s),
        resolved AS (
            SELECT b.*, u.id AS unit_id, u.level AS unit_level,
                   govindex.composite_version(b.index_code, b.year) AS version,
                   format('unit %%s, criterion %%s of index %%s (%%s)', coalesce(b.unit_code, '?'),
                          coalesce(b.criterion_code, '?'), coalesce(b.index_code, '?'), coalesce(b.year::text, '?')) AS what
              FROM b LEFT JOIN govindex.units u ON u.code = b.unit_code
        ),
        looked_up AS (
            SELECT r.*, c.max_points, c.source, c.index766_metric,
                   EXISTS (SELECT FROM govindex.composite_criteria k
                            WHERE (k.index_code, k.index_version, k.parent_code) = (r.index_code, r.version, r.criterion_code)) AS has_children,
                   CASE WHEN c.code IS NOT NULL
                        THEN govindex.composite_criterion_levels(r.index_code, r.version, r.criterion_code) END AS levels,
                   EXISTS (SELECT FROM govindex.composite_assessments a
                            WHERE (a.unit_id, a.index_code, a.year, a.criterion_code) = (r.unit_id, r.index_code, r.year, r.criterion_code)) AS exists_already,
                   count(*) OVER (PARTITION BY r.unit_code, r.index_code, r.year, r.criterion_code) AS copies
              FROM resolved r
              LEFT JOIN govindex.composite_criteria c
                ON (c.index_code, c.index_version, c.code) = (r.index_code, r.version, r.criterion_code)
        ),
        checked AS (
            SELECT l.batch_row, l.unit_code, l.criterion_code,
                   CASE
                   WHEN l.unit_code IS NULL OR l.index_code IS NULL OR l.year IS NULL OR l.criterion_code IS NULL THEN
                       ARRAY['23502', format('row %%s of the batch: unit_code, index_code, year and criterion_code are required (%%s)', l.batch_row, l.what)]
                   WHEN l.unit_id IS NULL THEN
                       ARRAY['23503', format('%%s: unknown unit %%s', l.what, quote_literal(l.unit_code))]
                   WHEN NOT EXISTS (SELECT FROM govindex.composite_indices i WHERE i.code = l.index_code) THEN
                       ARRAY['23503', format('%%s: unknown index %%s', l.what, quote_literal(l.index_code))]
                   WHEN l.version IS NULL THEN
                       ARRAY['23503', format('%%s: index %%s has no version for %%s', l.what, l.index_code, l.year)]
                   WHEN l.max_points IS NULL THEN
                       ARRAY['23503', format('%%s: no criterion %%s in index %%s version %%s', l.what, l.criterion_code, l.index_code, l.version)]
                   WHEN l.copies > 1 THEN
                       ARRAY['23505', format('%%s: appears %%s times in the batch', l.what, l.copies)]
                   WHEN l.exists_already AND NOT %L THEN
                       ARRAY['23505', format('%%s: already assessed', l.what)]
                   WHEN l.has_children THEN
                       ARRAY['23514', format('%%s: the criterion has sub-criteria; assess its sub-criteria', l.what)]
                   WHEN NOT l.unit_level = ANY (l.levels) THEN
                       ARRAY['23514', format('%%s: does not apply to %%s units', l.what, l.unit_level)]
                   WHEN coalesce(l.not_applicable, false) AND num_nonnulls(l.self_score, l.appraised_score, l.survey_score) > 0 THEN
                       ARRAY['23514', format('%%s: marked not applicable but scored', l.what)]
                   WHEN l.source = 'survey' AND num_nonnulls(l.self_score, l.appraised_score) > 0 THEN
                       ARRAY['23514', format('%%s: the criterion is scored by the sociological survey; enter survey_score only', l.what)]
                   WHEN l.source <> 'survey' AND l.survey_score IS NOT NULL THEN
                       ARRAY['23514', format('%%s: survey_score is for survey criteria; this one''s source is %%s', l.what, l.source)]
                   WHEN l.source = 'index766' AND l.self_score IS NOT NULL THEN
                       ARRAY['23514', format('%%s: the criterion takes its score from Index 766 metric %%s; enter appraised_score to override it', l.what, l.index766_metric)]
                   WHEN l.self_score < 0 THEN
                       ARRAY['23514', format('%%s: negative self score %%s', l.what, l.self_score)]
                   WHEN l.appraised_score < 0 THEN
                       ARRAY['23514', format('%%s: negative appraised score %%s', l.what, l.appraised_score)]
                   WHEN l.survey_score < 0 THEN
                       ARRAY['23514', format('%%s: negative survey score %%s', l.what, l.survey_score)]
                   WHEN l.self_score > l.max_points THEN
                       ARRAY['23514', format('%%s: self score %%s exceeds the criterion''s maximum %%s', l.what, l.self_score, trim_scale(l.max_points))]
                   WHEN l.appraised_score > l.max_points THEN
                       ARRAY['23514', format('%%s: appraised score %%s exceeds the criterion''s maximum %%s', l.what, l.appraised_score, trim_scale(l.max_points))]
                   WHEN l.survey_score > l.max_points THEN
                       ARRAY['23514', format('%%s: survey score %%s exceeds the criterion''s maximum %%s', l.what, l.survey_score, trim_scale(l.max_points))]
                   END AS verdict
              FROM looked_up l
        )
        SELECT batch_row, unit_code, criterion_code, verdict[1], verdict[2] FROM checked
         WHERE verdict IS NOT NULL ORDER BY batch_row$q$, batch, replace);
END $$;
COMMENT ON FUNCTION govindex.composite_assessment_problems(regclass, bool) IS
    'Lists every row of a batch that govindex.load_composite_assessments() would reject, naming the unit and criterion, with its SQLSTATE — Kiểm tra lô kết quả chấm điểm trước khi nạp';

CREATE FUNCTION govindex.load_composite_assessments(batch regclass, replace bool DEFAULT false,
                                                    OUT inserted bigint, OUT replaced bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    first_problem record;
    problems      bigint;
BEGIN
    SELECT * INTO first_problem FROM govindex.composite_assessment_problems(batch, replace) LIMIT 1;
    IF FOUND THEN
        SELECT count(*) INTO problems FROM govindex.composite_assessment_problems(batch, replace);
        RAISE EXCEPTION '%', first_problem.problem
            USING ERRCODE = first_problem.sqlstate,
                  DETAIL = format('Row %s of batch %s; %s row(s) of the batch have problems; nothing was loaded.',
                                  first_problem.batch_row, batch, problems),
                  HINT = format('SELECT * FROM govindex.composite_assessment_problems(%L%s) lists them all.',
                                batch, CASE WHEN replace THEN ', replace => true' ELSE '' END);
    END IF;

    replaced := 0;
    IF replace THEN
        EXECUTE format($q$
            DELETE FROM govindex.composite_assessments a USING %s b, govindex.units u
             WHERE u.code = b.unit_code
               AND (a.unit_id, a.index_code, a.year, a.criterion_code) = (u.id, b.index_code, b.year, b.criterion_code)$q$, batch);
        GET DIAGNOSTICS replaced = ROW_COUNT;
    END IF;

    EXECUTE format($q$
        INSERT INTO govindex.composite_assessments
            (unit_id, index_code, index_version, year, criterion_code, self_score, appraised_score, survey_score,
             not_applicable, evidence)
        SELECT u.id, b.index_code, govindex.composite_version(b.index_code, b.year), b.year, b.criterion_code,
               b.self_score, b.appraised_score, b.survey_score, coalesce(b.not_applicable, false), b.evidence
          FROM %s b JOIN govindex.units u ON u.code = b.unit_code$q$, batch);
    GET DIAGNOSTICS inserted = ROW_COUNT;
    inserted := inserted - replaced;
END $$;
COMMENT ON FUNCTION govindex.load_composite_assessments(regclass, bool) IS
    'Loads a batch of assessments (a table or view shaped like govindex.composite_assessment_input) in one go: a bad row fails the whole batch, naming the unit and criterion (23502, 23503, 23505, 23514); with replace, existing assessments of the same unit, index, year and criterion are replaced — Nạp lô kết quả chấm điểm';

-- Copy an index version (definition and bands) under another code or version, to edit it.
CREATE FUNCTION govindex.copy_composite_index(from_code text, from_version int, to_code text, to_version int)
RETURNS int
LANGUAGE plpgsql SET search_path = pg_catalog, govindex, pg_temp AS $$
DECLARE
    copied int;
BEGIN
    INSERT INTO govindex.composite_indices
        (code, version, last_year, name_vi, name_en, scale, max_points, aggregation, survey_optional, unit_levels, source_note)
    SELECT to_code, to_version, CASE WHEN i.last_year >= to_version THEN i.last_year END, i.name_vi, i.name_en, i.scale,
           i.max_points, i.aggregation, i.survey_optional, i.unit_levels,
           format('Copy of %s version %s. %s', from_code, from_version, i.source_note)
      FROM govindex.composite_indices i WHERE (i.code, i.version) = (from_code, from_version);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown index % version %', from_code, from_version USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO govindex.composite_criteria
        (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, weight, unit_levels,
         source, index766_metric)
    SELECT to_code, to_version, c.code, c.parent_code, c.position, c.name_vi, c.name_en, c.max_points, c.weight,
           c.unit_levels, c.source, c.index766_metric
      FROM govindex.composite_criteria c WHERE (c.index_code, c.index_version) = (from_code, from_version)
     ORDER BY c.parent_code NULLS FIRST;
    GET DIAGNOSTICS copied = ROW_COUNT;
    IF to_code <> from_code THEN
        INSERT INTO govindex.composite_bands (index_code, code, min_percent, name_vi, name_en)
        SELECT to_code, b.code, b.min_percent, b.name_vi, b.name_en FROM govindex.composite_bands b
         WHERE b.index_code = from_code
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN copied;
END $$;
COMMENT ON FUNCTION govindex.copy_composite_index(text, int, text, int) IS
    'Copies an index version''s definition (and its own bands, for a new code) under another code or version, to edit it; returns the number of criteria copied — Sao chép định nghĩa chỉ số để chỉnh sửa';

-- ---------------------------------------------------------------------------------
-- Shipped definitions.
-- ---------------------------------------------------------------------------------

INSERT INTO govindex.composite_bands (index_code, code, min_percent, name_vi, name_en) VALUES
    ('*', 'excellent', 90, 'Xuất sắc',   'Excellent'),
    ('*', 'good',      80, 'Tốt',        'Good'),
    ('*', 'fair',      70, 'Khá',        'Fair'),
    ('*', 'average',   50, 'Trung bình', 'Average'),
    ('*', 'weak',       0, 'Yếu',        'Weak');

INSERT INTO govindex.composite_indices
    (code, version, name_vi, name_en, scale, max_points, aggregation, survey_optional, unit_levels, source_note)
VALUES
    ('par-province', 2022,
     'Chỉ số cải cách hành chính của tỉnh (PAR Index, Quyết định 876/QĐ-BNV)',
     'Provincial Public Administration Reform Index (PAR Index, Decision 876/QĐ-BNV)',
     'percent', 100, 'sum', false, '{province}',
     'Decision 876/QĐ-BNV of 10 November 2022 (methodology 2022–2030): 8 fields; index = (appraised points + survey points) / 100. The per-field maxima and their split between appraised and surveyed points are illustrative, not verified against the decision: edit them (copy_composite_index) to the decision''s values; finer criteria may be added below each part.'),
    ('par-department', 2018,
     'Chỉ số cải cách hành chính các sở, ban, ngành (mẫu)',
     'PAR Index of provincial departments (template)',
     'percent', 100, 'sum', true, '{department}',
     'Template after the provincial index (fields of Decision 876/QĐ-BNV) and provincial decisions such as Binh Duong''s 2071/QĐ-UBND of 2018; criteria and maxima are illustrative. The survey is optional: without it the result is appraised / maximum appraisable × 100. Criteria 3.2 and 7.2 follow Index 766 live.'),
    ('par-local', 2018,
     'Chỉ số cải cách hành chính UBND cấp huyện, cấp xã (mẫu)',
     'PAR Index of district and commune People''s Committees (template)',
     'percent', 100, 'sum', true, '{district,commune}',
     'Template for districts and communes: criterion 1.3 applies to districts only, 1.4 to communes only, so that both levels are out of 100; criteria and maxima are illustrative. The survey is optional. Criteria 3.2 and 7.2 follow Index 766 live.'),
    ('pci', 2016,
     'Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)',
     'Provincial Competitiveness Index (PCI)',
     'points', 100, 'weighted_mean', false, '{province}',
     'VCCI: 10 sub-indices on a 10-point scale, PCI = weighted sum × 10; weights of the 2016 handbook. Sub-indices are entered as VCCI publishes them.'),
    ('dti', 2022,
     'Chỉ số chuyển đổi số cấp tỉnh (DTI, Quyết định 922/QĐ-BTTTT)',
     'Provincial Digital Transformation Index (DTI, Decision 922/QĐ-BTTTT)',
     'points', 1000, 'sum', false, '{province}',
     'Decision 922/QĐ-BTTTT of 2022: foundation 500 points (6 main indices, smart city 0) and activities 500 (digital government, economy and society, the 3 pillars); main indices are entered as published.');

-- One level per statement: a parent must exist before its children.
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points) VALUES
    ('par-province', 2022, '1', NULL, 1, 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 9.5),
    ('par-province', 2022, '2', NULL, 2, 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh', 'Institutions: legal documents of the province', 9.5),
    ('par-province', 2022, '3', NULL, 3, 'Cải cách thủ tục hành chính', 'Administrative procedures', 12.5),
    ('par-province', 2022, '4', NULL, 4, 'Cải cách tổ chức bộ máy hành chính nhà nước', 'Organisational structure', 9.5),
    ('par-province', 2022, '5', NULL, 5, 'Cải cách chế độ công vụ', 'Civil service', 15),
    ('par-province', 2022, '6', NULL, 6, 'Cải cách tài chính công', 'Public finance', 12),
    ('par-province', 2022, '7', NULL, 7, 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số', 'E-government and digital government', 12),
    ('par-province', 2022, '8', NULL, 8, 'Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội', 'Impact on citizens, organisations and socio-economic development', 20);
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, source)
SELECT 'par-province', 2022, f.code || '.' || p.part, f.code, p.part,
       p.name_vi || ' — ' || lower(left(f.name_vi, 1)) || substr(f.name_vi, 2), p.name_en || ' — ' || lower(left(f.name_en, 1)) || substr(f.name_en, 2),
       CASE p.part WHEN 1 THEN f.appraised ELSE f.surveyed END, p.source
  FROM (VALUES ('1', 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 7.5, 2),
               ('2', 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật tại tỉnh', 'Institutions: legal documents of the province', 6.5, 3),
               ('3', 'Cải cách thủ tục hành chính', 'Administrative procedures', 8.5, 4),
               ('4', 'Cải cách tổ chức bộ máy hành chính nhà nước', 'Organisational structure', 6, 3.5),
               ('5', 'Cải cách chế độ công vụ', 'Civil service', 10.5, 4.5),
               ('6', 'Cải cách tài chính công', 'Public finance', 7.5, 4.5),
               ('7', 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số', 'E-government and digital government', 9, 3),
               ('8', 'Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội', 'Impact on citizens, organisations and socio-economic development', 6.5, 13.5)
       ) f (code, name_vi, name_en, appraised, surveyed)
 CROSS JOIN (VALUES (1, 'Điểm thẩm định', 'Appraised points', 'appraisal'),
                    (2, 'Điểm điều tra xã hội học', 'Survey points', 'survey')) p (part, name_vi, name_en, source);

-- The internal templates: fields, then their criteria.
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points)
SELECT t.index_code, 2018, f.code, NULL, f.code::int, f.name_vi, f.name_en,
       CASE t.index_code WHEN 'par-department' THEN f.department_max ELSE f.local_max END
  FROM (VALUES ('par-department'), ('par-local')) t (index_code)
 CROSS JOIN (VALUES
    ('1', 'Công tác chỉ đạo, điều hành cải cách hành chính', 'Direction and management of administrative reform', 12, 12),
    ('2', 'Cải cách thể chế', 'Institutional reform', 8, 8),
    ('3', 'Cải cách thủ tục hành chính', 'Administrative procedures', 20, 22),
    ('4', 'Cải cách tổ chức bộ máy', 'Organisational structure', 10, 8),
    ('5', 'Cải cách chế độ công vụ', 'Civil service', 10, 10),
    ('6', 'Cải cách tài chính công', 'Public finance', 8, 8),
    ('7', 'Xây dựng chính quyền điện tử, chính quyền số', 'E-government and digital government', 12, 12),
    ('8', 'Mức độ hài lòng của người dân, tổ chức', 'Satisfaction of citizens and organisations', 20, 20)
 ) f (code, name_vi, name_en, department_max, local_max);
INSERT INTO govindex.composite_criteria
    (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, unit_levels, source, index766_metric)
SELECT c.index_code, 2018, c.code, split_part(c.code, '.', 1), split_part(c.code, '.', 2)::int, c.name_vi, c.name_en,
       c.max_points, c.unit_levels, c.source, c.metric
  FROM (VALUES
    ('par-department', '1.1', 'Ban hành kế hoạch cải cách hành chính năm', 'Yearly administrative reform plan', 3, NULL::text[], 'self', NULL),
    ('par-department', '1.2', 'Báo cáo cải cách hành chính đầy đủ, đúng hạn', 'Complete and timely reform reports', 3, NULL, 'self', NULL),
    ('par-department', '1.3', 'Kiểm tra, theo dõi việc thực hiện cải cách hành chính', 'Inspection and follow-up of reform tasks', 3, NULL, 'self', NULL),
    ('par-department', '1.4', 'Tuyên truyền cải cách hành chính', 'Communication on administrative reform', 3, NULL, 'self', NULL),
    ('par-department', '2.1', 'Tham mưu ban hành văn bản quy phạm pháp luật đúng kế hoạch', 'Legal documents drafted on schedule', 4, NULL, 'self', NULL),
    ('par-department', '2.2', 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật', 'Review of legal documents', 4, NULL, 'self', NULL),
    ('par-department', '3.1', 'Công bố, công khai thủ tục hành chính đúng hạn', 'Procedures published and made public on time', 5, NULL, 'self', NULL),
    ('par-department', '3.2', 'Tỷ lệ hồ sơ giải quyết đúng hạn (Bộ chỉ số 766)', 'Dossiers resolved on time (Index 766)', 10, NULL, 'index766', 'DVC_PROGRESS_ON_TIME'),
    ('par-department', '3.3', 'Tiếp nhận, xử lý phản ánh, kiến nghị đúng hạn', 'Petitions handled on time', 5, NULL, 'self', NULL),
    ('par-department', '4.1', 'Sắp xếp, kiện toàn tổ chức bộ máy', 'Reorganisation of the apparatus', 5, NULL, 'self', NULL),
    ('par-department', '4.2', 'Thực hiện phân cấp, ủy quyền', 'Decentralisation and delegation', 5, NULL, 'self', NULL),
    ('par-department', '5.1', 'Vị trí việc làm và cơ cấu ngạch công chức', 'Job positions and civil-service grades', 5, NULL, 'self', NULL),
    ('par-department', '5.2', 'Kỷ luật, kỷ cương hành chính', 'Administrative discipline', 5, NULL, 'self', NULL),
    ('par-department', '6.1', 'Thực hiện cơ chế tự chủ tài chính', 'Financial autonomy', 4, NULL, 'self', NULL),
    ('par-department', '6.2', 'Thực hành tiết kiệm, chống lãng phí', 'Thrift and waste prevention', 4, NULL, 'self', NULL),
    ('par-department', '7.1', 'Ứng dụng công nghệ thông tin trong quản lý, điều hành', 'IT in management and operations', 4, NULL, 'self', NULL),
    ('par-department', '7.2', 'Tỷ lệ hồ sơ được số hóa (Bộ chỉ số 766)', 'Dossiers digitized (Index 766)', 4, NULL, 'index766', 'SO_HOA_GIAY_TO_GIAI_QUYET'),
    ('par-department', '7.3', 'Cung cấp dịch vụ công trực tuyến', 'Online public services', 4, NULL, 'self', NULL),
    ('par-department', '8.1', 'Khảo sát sự hài lòng của người dân, tổ chức', 'Satisfaction survey of citizens and organisations', 20, NULL, 'survey', NULL),
    ('par-local', '1.1', 'Ban hành kế hoạch cải cách hành chính năm', 'Yearly administrative reform plan', 4, NULL, 'self', NULL),
    ('par-local', '1.2', 'Báo cáo cải cách hành chính đầy đủ, đúng hạn', 'Complete and timely reform reports', 4, NULL, 'self', NULL),
    ('par-local', '1.3', 'Kiểm tra cải cách hành chính tại các đơn vị cấp xã', 'Inspection of reform in the communes', 4, '{district}', 'self', NULL),
    ('par-local', '1.4', 'Niêm yết, tuyên truyền cải cách hành chính tại trụ sở', 'Reform notices and communication at the office', 4, '{commune}', 'self', NULL),
    ('par-local', '2.1', 'Ban hành văn bản quy phạm pháp luật đúng thẩm quyền', 'Legal documents within competence', 4, NULL, 'self', NULL),
    ('par-local', '2.2', 'Rà soát, kiểm tra văn bản', 'Review of documents', 4, NULL, 'self', NULL),
    ('par-local', '3.1', 'Công khai thủ tục hành chính', 'Procedures made public', 6, NULL, 'self', NULL),
    ('par-local', '3.2', 'Tỷ lệ hồ sơ giải quyết đúng hạn (Bộ chỉ số 766)', 'Dossiers resolved on time (Index 766)', 10, NULL, 'index766', 'DVC_PROGRESS_ON_TIME'),
    ('par-local', '3.3', 'Hoạt động của bộ phận một cửa', 'One-stop desk', 6, NULL, 'self', NULL),
    ('par-local', '4.1', 'Thực hiện quy định về tổ chức bộ máy', 'Organisational rules', 4, NULL, 'self', NULL),
    ('par-local', '4.2', 'Thực hiện phân cấp, ủy quyền', 'Decentralisation and delegation', 4, NULL, 'self', NULL),
    ('par-local', '5.1', 'Quản lý cán bộ, công chức', 'Management of civil servants', 5, NULL, 'self', NULL),
    ('par-local', '5.2', 'Kỷ luật, kỷ cương hành chính', 'Administrative discipline', 5, NULL, 'self', NULL),
    ('par-local', '6.1', 'Quản lý, sử dụng ngân sách', 'Budget management', 4, NULL, 'self', NULL),
    ('par-local', '6.2', 'Thực hành tiết kiệm, chống lãng phí', 'Thrift and waste prevention', 4, NULL, 'self', NULL),
    ('par-local', '7.1', 'Ứng dụng công nghệ thông tin, dịch vụ công trực tuyến', 'IT and online public services', 6, NULL, 'self', NULL),
    ('par-local', '7.2', 'Tỷ lệ hồ sơ thanh toán trực tuyến (Bộ chỉ số 766)', 'Dossiers paid online (Index 766)', 6, NULL, 'index766', 'ONLINE_PAYMENT_DOSSIERS'),
    ('par-local', '8.1', 'Khảo sát sự hài lòng của người dân, tổ chức', 'Satisfaction survey of citizens and organisations', 20, NULL, 'survey', NULL)
 ) c (index_code, code, name_vi, name_en, max_points, unit_levels, source, metric);

INSERT INTO govindex.composite_criteria
    (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, weight, source)
SELECT 'pci', 2016, s.position::text, NULL, s.position, s.name_vi, s.name_en, 10, s.weight, 'entered'
  FROM (VALUES
    (1, 'Gia nhập thị trường', 'Entry costs', 0.05),
    (2, 'Tiếp cận đất đai', 'Land access', 0.05),
    (3, 'Tính minh bạch', 'Transparency', 0.20),
    (4, 'Chi phí thời gian', 'Time costs', 0.05),
    (5, 'Chi phí không chính thức', 'Informal charges', 0.10),
    (6, 'Cạnh tranh bình đẳng', 'Equal competition', 0.05),
    (7, 'Tính năng động của chính quyền tỉnh', 'Proactivity of the provincial government', 0.05),
    (8, 'Dịch vụ hỗ trợ doanh nghiệp', 'Business support services', 0.20),
    (9, 'Đào tạo lao động', 'Labour training', 0.20),
    (10, 'Thiết chế pháp lý và an ninh trật tự', 'Legal institutions, law and order', 0.05)
 ) s (position, name_vi, name_en, weight);

INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points) VALUES
    ('dti', 2022, '1', NULL, 1, 'Nền tảng chung', 'Foundation', 500),
    ('dti', 2022, '2', NULL, 2, 'Hoạt động chuyển đổi số', 'Digital transformation activities', 500);
INSERT INTO govindex.composite_criteria (index_code, index_version, code, parent_code, position, name_vi, name_en, max_points, source)
SELECT 'dti', 2022, m.code, split_part(m.code, '.', 1), split_part(m.code, '.', 2)::int, m.name_vi, m.name_en, m.max_points, 'entered'
  FROM (VALUES
    ('1.1', 'Nhận thức số', 'Digital awareness', 100),
    ('1.2', 'Thể chế số', 'Digital institutions', 100),
    ('1.3', 'Hạ tầng số', 'Digital infrastructure', 100),
    ('1.4', 'Nhân lực số', 'Digital workforce', 100),
    ('1.5', 'An toàn thông tin mạng', 'Cybersecurity', 100),
    ('1.6', 'Đô thị thông minh', 'Smart city', 0),
    ('2.1', 'Chính quyền số', 'Digital government', 200),
    ('2.2', 'Kinh tế số', 'Digital economy', 150),
    ('2.3', 'Xã hội số', 'Digital society', 150)
 ) m (code, name_vi, name_en, max_points);

-- Shipped definitions come with the extension; pg_dump saves only the user's own.
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_indices',
    $$WHERE (code, version) NOT IN (('par-province', 2022), ('par-department', 2018), ('par-local', 2018), ('pci', 2016), ('dti', 2022))$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_criteria',
    $$WHERE (index_code, index_version) NOT IN (('par-province', 2022), ('par-department', 2018), ('par-local', 2018), ('pci', 2016), ('dti', 2022))$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_bands', $$WHERE index_code <> '*'$$);
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_assessments', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_deductions', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_deductions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_targets', '');
SELECT pg_catalog.pg_extension_config_dump('govindex.composite_published', '');

-- ---- src/composite_views.sql
-- composite_views.sql — composite index results, as plain views for SQL and BI tools:
-- the criteria trees, every leaf's score per unit and year, every criterion's total,
-- the component (field) indexes with their change, each unit's result with its band,
-- rank and year-on-year change, per-level summaries and band counts, target gaps.
--
-- How a result is computed (the scoring state is score_total, composite.c):
--   leaf score   not applicable: leaves the maximum; survey criterion: its survey
--                score, or, without one, leaves the maximum when the index's survey is
--                optional (appraised / maximum appraisable × 100) and counts 0
--                otherwise; else the appraised score, else the Index 766 value
--                (rate of the metric over the calendar year × max, rounded to 2
--                decimals as the portal rounds) or the self score; else 0 (unscored)
--   criterion    score_total(score, max) over its leaves (weighted_score(score, max,
--                weight) in a weighted_mean index) + the deductions on it and below
--   unit         the sum of its fields' states + deductions on the whole index;
--                value = score_value(state, index max); a published value and rank win
--   rank         competition rank (1, 2, 2, 4) by value among the units of the same
--                level with a result for the index and year
--   averages     plain means of the units' percents (each rounded to 2 decimals),
--                rounded half up to 2 decimals
-- Names are schema-qualified (no SET search_path) so that queries on the views plan
-- as one query.

CREATE VIEW govindex.composite_criteria_tree AS
WITH RECURSIVE tree AS (
    SELECT c.index_code, c.index_version, c.code, c.parent_code, 1 AS depth,
           ARRAY[c.code] AS path, ARRAY[c.position] AS sort_key,
           coalesce(c.unit_levels, i.unit_levels) AS unit_levels,
           coalesce(c.weight, 1) AS path_weight
      FROM govindex.composite_criteria c
      JOIN govindex.composite_indices i ON (i.code, i.version) = (c.index_code, c.index_version)
     WHERE c.parent_code IS NULL
    UNION ALL
    SELECT c.index_code, c.index_version, c.code, c.parent_code, t.depth + 1,
           t.path || c.code, t.sort_key || c.position,
           coalesce(c.unit_levels, t.unit_levels),
           t.path_weight * coalesce(c.weight, 1)
      FROM tree t
      JOIN govindex.composite_criteria c
        ON (c.index_code, c.index_version, c.parent_code) = (t.index_code, t.index_version, t.code)
     WHERE NOT c.code = ANY (t.path)
)
SELECT t.index_code, t.index_version, t.code, t.parent_code, t.depth, t.path, t.sort_key,
       t.path[1] AS component_code,
       NOT EXISTS (SELECT FROM govindex.composite_criteria k
                    WHERE (k.index_code, k.index_version, k.parent_code) = (t.index_code, t.index_version, t.code)) AS is_leaf,
       c.name_vi, c.name_en, c.max_points, c.weight, t.path_weight, t.unit_levels, c.source, c.index766_metric
  FROM tree t
  JOIN govindex.composite_criteria c ON (c.index_code, c.index_version, c.code) = (t.index_code, t.index_version, t.code);
COMMENT ON VIEW govindex.composite_criteria_tree IS
    'Every criterion of every index version with its depth, path, component (field), whether it is a leaf, and the unit levels and weight it takes from its ancestors — Cây tiêu chí của các chỉ số';
COMMENT ON COLUMN govindex.composite_criteria_tree.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_criteria_tree.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_criteria_tree.code IS 'Criterion code — Mã tiêu chí';
COMMENT ON COLUMN govindex.composite_criteria_tree.parent_code IS 'Parent criterion — Tiêu chí cha';
COMMENT ON COLUMN govindex.composite_criteria_tree.depth IS 'Depth: 1 for a field (component) — Cấp: 1 là lĩnh vực';
COMMENT ON COLUMN govindex.composite_criteria_tree.path IS 'Codes from the field down to the criterion — Đường dẫn mã tiêu chí';
COMMENT ON COLUMN govindex.composite_criteria_tree.sort_key IS 'Positions along the path, to sort criteria in order — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_criteria_tree.component_code IS 'The field (top-level criterion) it belongs to — Lĩnh vực (chỉ số thành phần)';
COMMENT ON COLUMN govindex.composite_criteria_tree.is_leaf IS 'Whether it is assessed directly (has no sub-criteria) — Tiêu chí cấp cuối (được chấm trực tiếp)';
COMMENT ON COLUMN govindex.composite_criteria_tree.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_criteria_tree.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_criteria_tree.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_criteria_tree.weight IS 'Own weight — Trọng số';
COMMENT ON COLUMN govindex.composite_criteria_tree.path_weight IS 'Weight times its ancestors'' weights (NULL counting 1) — Trọng số tích lũy';
COMMENT ON COLUMN govindex.composite_criteria_tree.unit_levels IS 'Unit levels it applies to — Cấp đơn vị áp dụng';
COMMENT ON COLUMN govindex.composite_criteria_tree.source IS 'Source of a leaf''s score — Nguồn điểm';
COMMENT ON COLUMN govindex.composite_criteria_tree.index766_metric IS 'Index 766 metric, for source index766 — Chỉ số 766 liên kết';

CREATE VIEW govindex.composite_index_bands AS
SELECT i.code AS index_code, b.code AS band,
       (row_number() OVER w)::int AS position,
       b.name_vi, b.name_en, b.min_percent,
       lag(b.min_percent) OVER w AS below_percent,
       b.index_code = '*' AS is_default
  FROM (SELECT DISTINCT x.code FROM govindex.composite_indices x) i
  JOIN govindex.composite_bands b
    ON b.index_code = CASE WHEN EXISTS (SELECT FROM govindex.composite_bands o WHERE o.index_code = i.code)
                           THEN i.code ELSE '*' END
WINDOW w AS (PARTITION BY i.code ORDER BY b.min_percent DESC);
COMMENT ON VIEW govindex.composite_index_bands IS
    'The bands each index uses (its own, else the defaults *), best first, with the percent range of each: [min_percent, below_percent) — Các mức xếp loại áp dụng cho từng chỉ số';
COMMENT ON COLUMN govindex.composite_index_bands.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_index_bands.band IS 'Band code — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_index_bands.position IS 'Order, 1 for the best band — Thứ tự (1 là cao nhất)';
COMMENT ON COLUMN govindex.composite_index_bands.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_index_bands.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_index_bands.min_percent IS 'Lowest percent of the band (inclusive) — Tỷ lệ thấp nhất (bao gồm)';
COMMENT ON COLUMN govindex.composite_index_bands.below_percent IS 'Percent the band stays below (the next band''s minimum); NULL for the best — Cận trên (không bao gồm)';
COMMENT ON COLUMN govindex.composite_index_bands.is_default IS 'Whether these are the default bands * — Là mức mặc định';

CREATE VIEW govindex.composite_leaf_scores AS
WITH sets AS (   -- the units, index versions and years with something entered
    SELECT DISTINCT a.unit_id, a.index_code, a.index_version, a.year FROM govindex.composite_assessments a
    UNION
    SELECT d.unit_id, d.index_code, d.index_version, d.year FROM govindex.composite_deductions d
),
linked_years AS (   -- the years whose Index 766 rates are needed
    SELECT DISTINCT s.year FROM sets s
     WHERE EXISTS (SELECT FROM govindex.composite_criteria c
                    WHERE (c.index_code, c.index_version) = (s.index_code, s.index_version) AND c.source = 'index766')
),
rates AS MATERIALIZED (   -- every unit's Index 766 rates over each such calendar year, in the province's time zone
    SELECT y.year, r.unit_id, r.metric_code, r.value
      FROM linked_years y
     CROSS JOIN LATERAL govindex.index766_rates(
            tstzrange(make_date(y.year, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh',
                      make_date(y.year + 1, 1, 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')) r
)
SELECT s.unit_id, u.code AS unit_code, u.name_vi AS unit_name, u.level, s.index_code, s.index_version, s.year,
       t.code AS criterion_code, t.component_code, t.path, t.sort_key, t.source, t.max_points,
       t.path_weight AS weight, i.aggregation = 'weighted_mean' AS weighted,
       a.self_score, a.appraised_score, a.survey_score, coalesce(a.not_applicable, false) AS not_applicable, a.evidence,
       r.value AS index766_rate, m.index766_score, f.score_from,
       CASE f.score_from
           WHEN 'survey' THEN a.survey_score
           WHEN 'appraised' THEN a.appraised_score
           WHEN 'index766' THEN m.index766_score
           WHEN 'self' THEN a.self_score
           WHEN 'unscored' THEN 0
       END AS score,
       f.score_from NOT IN ('not_applicable', 'no_survey') AS counted
  FROM sets s
  JOIN govindex.units u ON u.id = s.unit_id
  JOIN govindex.composite_indices i ON (i.code, i.version) = (s.index_code, s.index_version)
  JOIN govindex.composite_criteria_tree t
    ON (t.index_code, t.index_version) = (s.index_code, s.index_version) AND t.is_leaf AND u.level = ANY (t.unit_levels)
  LEFT JOIN govindex.composite_assessments a
    ON (a.unit_id, a.index_code, a.year, a.criterion_code) = (s.unit_id, s.index_code, s.year, t.code)
  LEFT JOIN rates r ON t.source = 'index766' AND (r.year, r.unit_id, r.metric_code) = (s.year, s.unit_id, t.index766_metric)
 CROSS JOIN LATERAL (
        SELECT CASE WHEN r.value IS NOT NULL
                    THEN govindex.score_rate(r.value, t.max_points, 'fraction', 'linear', NULL, 'null') END AS index766_score
       ) m
 CROSS JOIN LATERAL (
        SELECT CASE
               WHEN a.not_applicable THEN 'not_applicable'
               WHEN t.source = 'survey' THEN
                   CASE WHEN a.survey_score IS NOT NULL THEN 'survey'
                        WHEN i.survey_optional THEN 'no_survey'
                        ELSE 'unscored' END
               WHEN a.appraised_score IS NOT NULL THEN 'appraised'
               WHEN t.source = 'index766' THEN CASE WHEN m.index766_score IS NOT NULL THEN 'index766' ELSE 'unscored' END
               WHEN a.self_score IS NOT NULL THEN 'self'
               ELSE 'unscored'
               END AS score_from
       ) f;
COMMENT ON VIEW govindex.composite_leaf_scores IS
    'Every applicable leaf criterion of every unit, index version and year with an assessment or deduction: the score used and where it came from (appraised over self; survey; Index 766 live; unscored counts 0; not applicable and a missing optional survey leave the maximum) — Điểm từng tiêu chí cấp cuối của từng đơn vị, năm';
COMMENT ON COLUMN govindex.composite_leaf_scores.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_leaf_scores.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_leaf_scores.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_leaf_scores.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_leaf_scores.criterion_code IS 'Leaf criterion — Tiêu chí cấp cuối';
COMMENT ON COLUMN govindex.composite_leaf_scores.component_code IS 'Its field — Lĩnh vực';
COMMENT ON COLUMN govindex.composite_leaf_scores.path IS 'Codes from the field down — Đường dẫn mã';
COMMENT ON COLUMN govindex.composite_leaf_scores.sort_key IS 'Sort key — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_leaf_scores.source IS 'Source of the score — Nguồn điểm';
COMMENT ON COLUMN govindex.composite_leaf_scores.max_points IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_leaf_scores.weight IS 'Weight (weighted indices) — Trọng số';
COMMENT ON COLUMN govindex.composite_leaf_scores.weighted IS 'Whether the index is a weighted mean — Chỉ số trung bình có trọng số';
COMMENT ON COLUMN govindex.composite_leaf_scores.self_score IS 'Self-assessed points — Điểm tự chấm';
COMMENT ON COLUMN govindex.composite_leaf_scores.appraised_score IS 'Appraised points — Điểm thẩm định';
COMMENT ON COLUMN govindex.composite_leaf_scores.survey_score IS 'Survey points — Điểm điều tra xã hội học';
COMMENT ON COLUMN govindex.composite_leaf_scores.not_applicable IS 'Marked not applicable — Không áp dụng';
COMMENT ON COLUMN govindex.composite_leaf_scores.evidence IS 'Evidence — Tài liệu kiểm chứng';
COMMENT ON COLUMN govindex.composite_leaf_scores.index766_rate IS 'Rate of the linked Index 766 metric over the year — Tỷ lệ chỉ số 766 liên kết trong năm';
COMMENT ON COLUMN govindex.composite_leaf_scores.index766_score IS 'That rate × the maximum, rounded to 2 decimals; NULL when nothing was counted — Điểm quy đổi từ chỉ số 766';
COMMENT ON COLUMN govindex.composite_leaf_scores.score_from IS
    'Where the score comes from: appraised, self, survey, index766, unscored (0), not_applicable or no_survey (both out of the maximum) — Nguồn điểm được dùng';
COMMENT ON COLUMN govindex.composite_leaf_scores.score IS 'Points used; NULL when not counted — Điểm được tính';
COMMENT ON COLUMN govindex.composite_leaf_scores.counted IS 'Whether the criterion counts in the maximum — Có tính vào điểm tối đa';

CREATE VIEW govindex.composite_criterion_results AS
WITH leaf_totals AS (
    SELECT l.unit_id, l.index_code, l.index_version, l.year, p.code AS criterion_code,
           govindex.score_total(l.score, l.max_points) FILTER (WHERE l.counted AND NOT l.weighted)
           + govindex.weighted_score(l.score, l.max_points, l.weight) FILTER (WHERE l.counted AND l.weighted) AS total,
           count(*) FILTER (WHERE l.counted) AS criteria_counted,
           count(*) FILTER (WHERE l.score_from = 'unscored') AS criteria_unscored
      FROM govindex.composite_leaf_scores l
     CROSS JOIN LATERAL unnest(l.path) p (code)
     GROUP BY l.unit_id, l.index_code, l.index_version, l.year, p.code
),
deductions AS (   -- a deduction on a criterion counts on it and on every ancestor
    SELECT d.unit_id, d.index_code, d.index_version, d.year, p.code AS criterion_code, sum(d.points) AS points
      FROM govindex.composite_deductions d
      JOIN govindex.composite_criteria_tree t
        ON (t.index_code, t.index_version, t.code) = (d.index_code, d.index_version, d.criterion_code)
     CROSS JOIN LATERAL unnest(t.path) p (code)
     GROUP BY d.unit_id, d.index_code, d.index_version, d.year, p.code
)
SELECT lt.unit_id, u.code AS unit_code, u.name_vi AS unit_name, u.level,
       lt.index_code, lt.index_version, lt.year,
       t.code AS criterion_code, t.parent_code, t.depth, t.sort_key, t.name_vi, t.name_en, t.is_leaf,
       x.total,
       govindex.achieved(x.total) AS achieved, govindex.deducted(x.total) AS deducted,
       govindex.maximum(x.total) AS maximum, govindex.score_percent(x.total) AS percent,
       lt.criteria_counted, lt.criteria_unscored
  FROM leaf_totals lt
  LEFT JOIN deductions d
    ON (d.unit_id, d.index_code, d.index_version, d.year, d.criterion_code)
     = (lt.unit_id, lt.index_code, lt.index_version, lt.year, lt.criterion_code)
  JOIN govindex.units u ON u.id = lt.unit_id
  JOIN govindex.composite_criteria_tree t
    ON (t.index_code, t.index_version, t.code) = (lt.index_code, lt.index_version, lt.criterion_code)
 CROSS JOIN LATERAL (SELECT lt.total + govindex.make_score_total(0, 0, coalesce(d.points, 0)) AS total) x;
COMMENT ON VIEW govindex.composite_criterion_results IS
    'Every criterion (field, criterion, sub-criterion) of every unit and year: the sum of its applicable leaves and the deductions on it and below, as achieved / maximum and percent — Kết quả từng lĩnh vực, tiêu chí của từng đơn vị, năm';
COMMENT ON COLUMN govindex.composite_criterion_results.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_criterion_results.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_criterion_results.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_criterion_results.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_criterion_results.criterion_code IS 'Criterion — Tiêu chí';
COMMENT ON COLUMN govindex.composite_criterion_results.parent_code IS 'Parent criterion — Tiêu chí cha';
COMMENT ON COLUMN govindex.composite_criterion_results.depth IS 'Depth, 1 for a field — Cấp, 1 là lĩnh vực';
COMMENT ON COLUMN govindex.composite_criterion_results.sort_key IS 'Sort key — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_criterion_results.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_criterion_results.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_criterion_results.is_leaf IS 'Whether it is a leaf — Tiêu chí cấp cuối';
COMMENT ON COLUMN govindex.composite_criterion_results.total IS 'The score_total state — Trạng thái điểm (score_total)';
COMMENT ON COLUMN govindex.composite_criterion_results.achieved IS 'Points achieved after deductions — Điểm đạt';
COMMENT ON COLUMN govindex.composite_criterion_results.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex.composite_criterion_results.maximum IS 'Maximum of the applicable criteria — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_criterion_results.percent IS 'achieved / maximum in percent, 2 decimals — Tỷ lệ đạt (%)';
COMMENT ON COLUMN govindex.composite_criterion_results.criteria_counted IS 'Leaves counted in the maximum — Số tiêu chí được tính';
COMMENT ON COLUMN govindex.composite_criterion_results.criteria_unscored IS 'Leaves counted without a score (0 points) — Số tiêu chí chưa có điểm';

CREATE VIEW govindex.composite_component_changes AS
SELECT c.unit_id, c.unit_code, c.unit_name, c.level, c.index_code, c.index_version, c.year,
       c.criterion_code, c.sort_key, c.name_vi, c.name_en, c.total, c.achieved, c.deducted, c.maximum, c.percent,
       c.previous_percent, c.percent - c.previous_percent AS change
  FROM (SELECT r.*,
               first_value(r.percent) OVER (PARTITION BY r.unit_id, r.index_code, r.criterion_code ORDER BY r.year
                                            RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING) AS previous_percent
          FROM govindex.composite_criterion_results r
         WHERE r.depth = 1) c;
COMMENT ON VIEW govindex.composite_component_changes IS
    'Component indexes (the fields) of every unit and year with their percent the year before and the change — Chỉ số thành phần (lĩnh vực) và biến động so với năm trước';
COMMENT ON COLUMN govindex.composite_component_changes.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_component_changes.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_component_changes.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_component_changes.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_component_changes.criterion_code IS 'Field (component) — Lĩnh vực';
COMMENT ON COLUMN govindex.composite_component_changes.sort_key IS 'Sort key — Khóa sắp xếp';
COMMENT ON COLUMN govindex.composite_component_changes.name_vi IS 'Vietnamese name — Tên tiếng Việt';
COMMENT ON COLUMN govindex.composite_component_changes.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.composite_component_changes.total IS 'The score_total state — Trạng thái điểm';
COMMENT ON COLUMN govindex.composite_component_changes.achieved IS 'Points achieved — Điểm đạt';
COMMENT ON COLUMN govindex.composite_component_changes.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex.composite_component_changes.maximum IS 'Maximum points — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_component_changes.percent IS 'Component index (%) — Chỉ số thành phần (%)';
COMMENT ON COLUMN govindex.composite_component_changes.previous_percent IS 'The same the year before — Năm trước';
COMMENT ON COLUMN govindex.composite_component_changes.change IS 'Change in percentage points (negative: fell) — Tăng/giảm (điểm phần trăm)';

CREATE VIEW govindex.composite_unit_results AS
WITH assessed AS (
    SELECT c.unit_id, c.index_code, c.index_version, c.year,
           govindex.sum(c.total) AS total,
           count(*) AS components,
           count(*) FILTER (WHERE c.change > 0) AS components_rose,
           count(*) FILTER (WHERE c.change < 0) AS components_fell
      FROM govindex.composite_component_changes c
     GROUP BY c.unit_id, c.index_code, c.index_version, c.year
),
whole AS (   -- deductions on the index as a whole
    SELECT d.unit_id, d.index_code, d.year, sum(d.points) AS points
      FROM govindex.composite_deductions d
     WHERE d.criterion_code IS NULL
     GROUP BY d.unit_id, d.index_code, d.year
),
results AS (   -- assessed, published, or both
    SELECT coalesce(a.unit_id, p.unit_id) AS unit_id, coalesce(a.index_code, p.index_code) AS index_code,
           coalesce(a.year, p.year) AS year,
           coalesce(a.index_version, govindex.composite_version(p.index_code, p.year)) AS index_version,
           a.total + govindex.make_score_total(0, 0, coalesce(w.points, 0)) AS total,
           a.components, a.components_rose, a.components_fell,
           p.value AS published_value, p.rank AS published_rank, p.rank_of AS published_rank_of
      FROM assessed a
      LEFT JOIN whole w ON (w.unit_id, w.index_code, w.year) = (a.unit_id, a.index_code, a.year)
      FULL JOIN govindex.composite_published p ON (p.unit_id, p.index_code, p.year) = (a.unit_id, a.index_code, a.year)
),
valued AS (
    SELECT r.*, u.code AS unit_code, u.name_vi AS unit_name, u.level,
           i.name_vi AS index_name_vi, i.name_en AS index_name_en, i.scale, i.max_points AS index_max_points,
           govindex.score_value(r.total, i.max_points) AS computed_value,
           coalesce(r.published_value, govindex.score_value(r.total, i.max_points)) AS value
      FROM results r
      JOIN govindex.units u ON u.id = r.unit_id
      JOIN govindex.composite_indices i ON (i.code, i.version) = (r.index_code, r.index_version)
),
ranked AS (
    SELECT v.*, round(100 * v.value / v.index_max_points, 2) AS percent,
           coalesce(v.published_rank,
                    (rank() OVER (PARTITION BY v.index_code, v.year, v.level ORDER BY v.value DESC NULLS LAST))::int) AS rank,
           coalesce(v.published_rank_of,
                    (count(*) OVER (PARTITION BY v.index_code, v.year, v.level))::int) AS rank_of
      FROM valued v
),
compared AS (
    SELECT r.*,
           first_value(r.value) OVER previous_year AS previous_value,
           first_value(r.rank) OVER previous_year AS previous_rank,
           first_value(r.rank_of) OVER previous_year AS previous_rank_of
      FROM ranked r
    WINDOW previous_year AS (PARTITION BY r.unit_id, r.index_code ORDER BY r.year RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING)
)
SELECT c.unit_id, c.unit_code, c.unit_name, c.level, c.index_code, c.index_version,
       c.index_name_vi, c.index_name_en, c.scale, c.year,
       govindex.achieved(c.total) AS achieved, govindex.deducted(c.total) AS deducted,
       govindex.maximum(c.total) AS maximum, govindex.score_percent(c.total) AS computed_percent,
       c.computed_value, c.published_value, c.value, c.percent,
       b.band, b.name_vi AS band_vi, b.name_en AS band_en,
       c.rank, c.rank_of,
       c.previous_value, c.previous_rank, c.previous_rank_of,
       c.value - c.previous_value AS points_change,
       -- ranks out of different counts do not compare
       CASE WHEN c.previous_rank_of = c.rank_of THEN c.previous_rank - c.rank END AS places_up,
       c.components, c.components_rose, c.components_fell,
       CASE WHEN c.published_value IS NOT NULL THEN 'published' ELSE 'assessed' END AS source,
       c.total
  FROM compared c
  LEFT JOIN govindex.composite_index_bands b
    ON b.index_code = c.index_code AND c.percent >= b.min_percent
   AND (b.below_percent IS NULL OR c.percent < b.below_percent);
COMMENT ON VIEW govindex.composite_unit_results IS
    'Each unit''s result per index and year: points, percent, band, rank within its level (or the published rank), change against the previous year in points and places, and how many component indexes rose or fell — Kết quả chỉ số của từng đơn vị theo năm: điểm, xếp loại, thứ hạng, biến động';
COMMENT ON COLUMN govindex.composite_unit_results.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_unit_results.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_unit_results.index_version IS 'Index version — Phiên bản';
COMMENT ON COLUMN govindex.composite_unit_results.index_name_vi IS 'Index name, Vietnamese — Tên chỉ số';
COMMENT ON COLUMN govindex.composite_unit_results.index_name_en IS 'Index name, English — Tên chỉ số tiếng Anh';
COMMENT ON COLUMN govindex.composite_unit_results.scale IS 'points or percent — Thang điểm';
COMMENT ON COLUMN govindex.composite_unit_results.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_unit_results.achieved IS 'Points achieved from the assessments, after deductions — Điểm đạt (theo chấm điểm)';
COMMENT ON COLUMN govindex.composite_unit_results.deducted IS 'Points deducted — Điểm trừ';
COMMENT ON COLUMN govindex.composite_unit_results.maximum IS 'Maximum of the applicable criteria — Điểm tối đa';
COMMENT ON COLUMN govindex.composite_unit_results.computed_percent IS 'achieved / maximum in percent — Tỷ lệ đạt theo chấm điểm (%)';
COMMENT ON COLUMN govindex.composite_unit_results.computed_value IS 'The computed result on the index''s scale — Kết quả tính được theo thang điểm';
COMMENT ON COLUMN govindex.composite_unit_results.published_value IS 'The published result, if any — Kết quả công bố';
COMMENT ON COLUMN govindex.composite_unit_results.value IS 'The result: published, else computed — Kết quả (ưu tiên kết quả công bố)';
COMMENT ON COLUMN govindex.composite_unit_results.percent IS 'The result as a percent of the index''s maximum — Kết quả (%)';
COMMENT ON COLUMN govindex.composite_unit_results.band IS 'Band code — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_unit_results.band_vi IS 'Band, Vietnamese — Xếp loại';
COMMENT ON COLUMN govindex.composite_unit_results.band_en IS 'Band, English — Xếp loại (tiếng Anh)';
COMMENT ON COLUMN govindex.composite_unit_results.rank IS 'Rank within the level (competition ranking), or the published rank — Thứ hạng trong cấp, hoặc thứ hạng công bố';
COMMENT ON COLUMN govindex.composite_unit_results.rank_of IS 'Out of how many — Trên tổng số';
COMMENT ON COLUMN govindex.composite_unit_results.previous_value IS 'Result of the previous year — Kết quả năm trước';
COMMENT ON COLUMN govindex.composite_unit_results.previous_rank IS 'Rank of the previous year — Thứ hạng năm trước';
COMMENT ON COLUMN govindex.composite_unit_results.previous_rank_of IS 'Out of how many, the previous year — Trên tổng số, năm trước';
COMMENT ON COLUMN govindex.composite_unit_results.points_change IS 'Change in points (negative: fell) — Tăng/giảm điểm';
COMMENT ON COLUMN govindex.composite_unit_results.places_up IS
    'Places gained (negative: lost); NULL when the two ranks are out of different counts — Số bậc tăng (âm: giảm)';
COMMENT ON COLUMN govindex.composite_unit_results.components IS 'Component indexes (fields) assessed — Số chỉ số thành phần';
COMMENT ON COLUMN govindex.composite_unit_results.components_rose IS 'Component indexes that rose against the previous year — Số chỉ số thành phần tăng';
COMMENT ON COLUMN govindex.composite_unit_results.components_fell IS 'Component indexes that fell — Số chỉ số thành phần giảm';
COMMENT ON COLUMN govindex.composite_unit_results.source IS 'published or assessed — Nguồn kết quả: công bố hoặc chấm điểm';
COMMENT ON COLUMN govindex.composite_unit_results.total IS 'The score_total state of the assessments — Trạng thái điểm';

CREATE VIEW govindex.composite_level_summary AS
WITH per_year AS (
    SELECT r.index_code, r.year, r.level, count(*) AS units,
           round(avg(r.percent), 2) AS average_percent,
           min(r.percent) AS lowest_percent,
           (array_agg(r.unit_code ORDER BY r.value DESC NULLS LAST, r.unit_code))[1] AS leader_code,
           (array_agg(r.unit_name ORDER BY r.value DESC NULLS LAST, r.unit_code))[1] AS leader_name,
           max(r.value) AS leader_value
      FROM govindex.composite_unit_results r
     GROUP BY r.index_code, r.year, r.level
)
SELECT p.index_code, p.year, p.level, p.units, p.average_percent,
       first_value(p.average_percent) OVER previous_year AS previous_average,
       p.average_percent - first_value(p.average_percent) OVER previous_year AS average_change,
       p.lowest_percent, p.leader_code, p.leader_name, p.leader_value
  FROM per_year p
WINDOW previous_year AS (PARTITION BY p.index_code, p.level ORDER BY p.year RANGE BETWEEN 1 PRECEDING AND 1 PRECEDING);
COMMENT ON VIEW govindex.composite_level_summary IS
    'Per index, year and unit level: units, the average percent (a plain mean of the units'' percents, rounded to 2 decimals), its change against the previous year, the lowest percent and the leader — Tổng hợp theo cấp: số đơn vị, bình quân, biến động, đơn vị dẫn đầu';
COMMENT ON COLUMN govindex.composite_level_summary.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_level_summary.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_level_summary.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_level_summary.units IS 'Units with a result — Số đơn vị';
COMMENT ON COLUMN govindex.composite_level_summary.average_percent IS 'Average percent — Giá trị trung bình (%)';
COMMENT ON COLUMN govindex.composite_level_summary.previous_average IS 'Average percent of the previous year — Trung bình năm trước';
COMMENT ON COLUMN govindex.composite_level_summary.average_change IS 'Change of the average (percentage points) — Tăng/giảm so với năm trước';
COMMENT ON COLUMN govindex.composite_level_summary.lowest_percent IS 'Lowest percent — Tỷ lệ thấp nhất';
COMMENT ON COLUMN govindex.composite_level_summary.leader_code IS 'Leader''s unit code (ties: the first code) — Mã đơn vị dẫn đầu';
COMMENT ON COLUMN govindex.composite_level_summary.leader_name IS 'Leader''s name — Đơn vị dẫn đầu';
COMMENT ON COLUMN govindex.composite_level_summary.leader_value IS 'Leader''s result — Kết quả của đơn vị dẫn đầu';

CREATE VIEW govindex.composite_band_counts AS
WITH results AS (
    SELECT r.index_code, r.year, r.level, r.unit_id, r.percent, r.band FROM govindex.composite_unit_results r
),
levels AS (
    SELECT r.index_code, r.year, r.level, count(*) AS units FROM results r GROUP BY r.index_code, r.year, r.level
)
SELECT l.index_code, l.year, l.level, b.band, b.position, b.name_vi AS band_vi, b.name_en AS band_en, b.min_percent,
       count(r.unit_id) FILTER (WHERE r.band = b.band) AS units,
       count(r.unit_id) FILTER (WHERE r.percent >= b.min_percent) AS at_or_above,
       l.units AS level_units
  FROM levels l
  JOIN govindex.composite_index_bands b ON b.index_code = l.index_code
  LEFT JOIN results r ON (r.index_code, r.year, r.level) = (l.index_code, l.year, l.level)
 GROUP BY l.index_code, l.year, l.level, b.band, b.position, b.name_vi, b.name_en, b.min_percent, l.units;
COMMENT ON VIEW govindex.composite_band_counts IS
    'Per index, year, unit level and band: how many units are in the band, and how many at or above its minimum ("07/19 units ≥ 90%") — Số đơn vị theo từng mức xếp loại';
COMMENT ON COLUMN govindex.composite_band_counts.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_band_counts.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_band_counts.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_band_counts.band IS 'Band code — Mã xếp loại';
COMMENT ON COLUMN govindex.composite_band_counts.position IS 'Order, 1 for the best band — Thứ tự';
COMMENT ON COLUMN govindex.composite_band_counts.band_vi IS 'Band, Vietnamese — Xếp loại';
COMMENT ON COLUMN govindex.composite_band_counts.band_en IS 'Band, English — Xếp loại (tiếng Anh)';
COMMENT ON COLUMN govindex.composite_band_counts.min_percent IS 'Lowest percent of the band — Tỷ lệ thấp nhất của loại';
COMMENT ON COLUMN govindex.composite_band_counts.units IS 'Units in the band — Số đơn vị đạt loại này';
COMMENT ON COLUMN govindex.composite_band_counts.at_or_above IS 'Units at or above the band''s minimum — Số đơn vị đạt từ mức này trở lên';
COMMENT ON COLUMN govindex.composite_band_counts.level_units IS 'Units of the level with a result — Tổng số đơn vị của cấp';

CREATE VIEW govindex.composite_target_gaps AS
SELECT t.unit_id, u.code AS unit_code, u.name_vi AS unit_name, u.level, t.index_code, t.year,
       t.target_points, t.target_rank, r.value, r.rank, r.rank_of,
       r.value - t.target_points AS points_gap,
       t.target_rank - r.rank AS places_gap,
       r.value >= t.target_points AS points_met,
       r.rank <= t.target_rank AS rank_met,
       t.note
  FROM govindex.composite_targets t
  JOIN govindex.units u ON u.id = t.unit_id
  LEFT JOIN govindex.composite_unit_results r ON (r.unit_id, r.index_code, r.year) = (t.unit_id, t.index_code, t.year);
COMMENT ON VIEW govindex.composite_target_gaps IS
    'Each target against the result: the gap in points and in places (negative: still short), and whether each was met; NULL while there is no result — Khoảng cách giữa kết quả và mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.unit_id IS 'Unit — Đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.unit_code IS 'Unit code — Mã đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.unit_name IS 'Unit name — Tên đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.level IS 'Unit level — Cấp đơn vị';
COMMENT ON COLUMN govindex.composite_target_gaps.index_code IS 'Index — Chỉ số';
COMMENT ON COLUMN govindex.composite_target_gaps.year IS 'Year — Năm';
COMMENT ON COLUMN govindex.composite_target_gaps.target_points IS 'Target value — Điểm mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.target_rank IS 'Target rank — Thứ hạng mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.value IS 'Result — Kết quả';
COMMENT ON COLUMN govindex.composite_target_gaps.rank IS 'Rank — Thứ hạng';
COMMENT ON COLUMN govindex.composite_target_gaps.rank_of IS 'Out of how many — Trên tổng số';
COMMENT ON COLUMN govindex.composite_target_gaps.points_gap IS 'Result minus target (negative: short of it) — Chênh lệch điểm so với mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.places_gap IS 'Target rank minus rank (negative: places still to climb) — Chênh lệch bậc so với mục tiêu';
COMMENT ON COLUMN govindex.composite_target_gaps.points_met IS 'Whether the target points were reached — Đạt mục tiêu điểm';
COMMENT ON COLUMN govindex.composite_target_gaps.rank_met IS 'Whether the target rank was reached — Đạt mục tiêu thứ hạng';
COMMENT ON COLUMN govindex.composite_target_gaps.note IS 'Source of the target — Căn cứ mục tiêu';
