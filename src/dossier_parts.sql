-- dossier_parts.sql — parts of dossier_stats, which add up across days.  A window's
-- statistics split into three disjoint parts: what depends on each dossier's receipt
-- (counted on the day it was received), how each dossier ended (on the day it
-- ended), and how the dossiers still pending at the close stand then (the window's
-- own).  The first two add up over the days of any window; the daily summaries
-- (dossier_days.sql) keep them, and assemble() makes the window's statistics of
-- their sum and its pending part, equal to what dossier_stats() counts from the rows.

CREATE FUNCTION govindex.dossier_stats_part_trans(
    state govindex.dossier_stats,
    @dossier_inputs:parameters@,
    "window" tstzrange,
    part text)
RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME', 'dossier_stats_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION govindex.dossier_stats_part_trans(govindex.dossier_stats, @dossier_inputs:types@, tstzrange, text) IS
    'Transition function of the dossier_stats_part aggregate; updates the state in place';

CREATE AGGREGATE govindex.dossier_stats_part(
    @dossier_inputs:parameters@,
    "window" tstzrange,
    part text) (
    SFUNC = govindex.dossier_stats_part_trans,
    STYPE = govindex.dossier_stats,
    COMBINEFUNC = govindex.dossier_stats_combine,
    FINALFUNC = govindex.dossier_stats_final,
    FINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE govindex.dossier_stats_part(@dossier_inputs:types@, tstzrange, text) IS
    'One part of dossier_stats for a window: received (counts over the dossiers received in it), ended (how the dossiers that ended in it ended) or pending (how those pending at its close stand); parts add up across windows — Một phần số liệu hồ sơ của kỳ';

CREATE FUNCTION govindex.assemble(parts govindex.dossier_stats, "window" tstzrange) RETURNS govindex.dossier_stats
AS 'MODULE_PATHNAME', 'dossier_stats_assemble' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION govindex.assemble(govindex.dossier_stats, tstzrange) IS
    'The statistics of a window made of the sum of its parts: the received and ended parts of each of its days and its pending part — Ghép các phần thành số liệu của kỳ';
