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
    @dossier_inputs:parameters@,
    "window" tstzrange)
RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_trans(govindex.dossier_stats, @dossier_inputs:types@, tstzrange) IS
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
    @dossier_inputs:parameters@,
    "window" tstzrange) (
    SFUNC = govindex.dossier_stats_trans,
    STYPE = govindex.dossier_stats,
    COMBINEFUNC = govindex.dossier_stats_combine,
    FINALFUNC = govindex.dossier_stats_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.dossier_stats(@dossier_inputs:types@, tstzrange) IS
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

CREATE FUNCTION govindex.procedure_count(govindex.dossier_stats, set text, ids int[]) RETURNS bigint
AS 'MODULE_PATHNAME', 'dossier_stats_procedure_count_among' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.procedure_count(govindex.dossier_stats, text, int[]) IS
    'How many of the given procedure ids a set holds (each element counted, NULLs not): a catalogue rate''s numerator, read from the state — Số thủ tục trong danh sách thuộc một tập';

CREATE FUNCTION govindex.avg_processing_days(govindex.dossier_stats) RETURNS float8
AS 'MODULE_PATHNAME', 'dossier_stats_avg_processing_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.avg_processing_days(govindex.dossier_stats) IS
    'Average calendar days from reception to result, supplement waits excluded; NULL without resolved dossiers';
