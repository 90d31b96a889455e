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
