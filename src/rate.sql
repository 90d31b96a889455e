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
