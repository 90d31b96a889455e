-- The demo province's report: its rates for the year, then each department and each
-- district (with its communes rolled up), computed in two steps: rate_agg() summarises
-- each unit's dossiers into rates, sum(rate) merges units up the tree.
SET search_path = govindex, public;
\pset footer off
\pset null '–'

\echo
\echo '==================================================================='
\echo ' govindex demo — UBND tỉnh Bình Dương (demo data), year 2023'
\echo '==================================================================='

CREATE TEMP TABLE unit_rates AS
SELECT d.unit_id,
       count(*)                                                            AS dossiers,
       rate_agg(d.channel = 'online')                                      AS online,
       rate_agg(d.ended_at <= d.due_at) FILTER (WHERE d.ended_at IS NOT NULL AND d.due_at IS NOT NULL)
                                                                           AS on_time,
       rate_agg(d.electronic_result) FILTER (WHERE p.paper_result_required AND d.ended_at IS NOT NULL)
                                                                           AS e_result,
       rate_agg(d.digitized)                                               AS digitized,
       rate_agg(d.reused_data)                                             AS reused,
       rate_agg(d.paid_online IS NOT NULL) FILTER (WHERE p.fee_bearing)    AS paid_online,
       rate_agg(d.synced)                                                  AS synced
  FROM dossiers d
  JOIN procedures p ON p.id = d.procedure_id
 WHERE d.received_at >= '2023-01-01 00:00+07' AND d.received_at < '2024-01-01 00:00+07'
 GROUP BY d.unit_id;

\echo
\echo 'Province rates (two-step: per-unit rates merged with sum(rate))'
SELECT indicator AS "Indicator — Chỉ tiêu", r AS "rate", percent(r) AS "%"
  FROM (SELECT sum(dossiers) AS dossiers, sum(online) AS online, sum(on_time) AS on_time,
               sum(e_result) AS e_result, sum(digitized) AS digitized, sum(reused) AS reused,
               sum(paid_online) AS paid_online, sum(synced) AS synced
          FROM unit_rates) t,
       LATERAL (VALUES
           (1, 'Online submission — Nộp hồ sơ trực tuyến', online),
           (2, 'Ended on time — Giải quyết đúng hạn', on_time),
           (3, 'Electronic results — Có kết quả điện tử', e_result),
           (4, 'Digitized dossiers — Hồ sơ được số hóa', digitized),
           (5, 'Reused digital data — Tái sử dụng dữ liệu số', reused),
           (6, 'Paid online (fee-bearing) — Thanh toán trực tuyến', paid_online),
           (7, 'Synced to the national portal — Đồng bộ lên Cổng DVCQG', synced),
           (8, 'Procedures offered online — TTHC cung cấp DVC trực tuyến',
               (SELECT rate_agg(service_level <> 'information') FROM procedures))
       ) v (ord, indicator, r)
 ORDER BY ord;

\echo 'Departments — Sở, ban, ngành'
SELECT u.code, u.name_vi AS "unit", r.dossiers,
       percent(r.online) AS "online %", percent(r.on_time) AS "on time %",
       percent(r.e_result) AS "e-result %", percent(r.paid_online) AS "paid online %"
  FROM units u JOIN unit_rates r ON r.unit_id = u.id
 WHERE u.level = 'department'
 ORDER BY percent(r.on_time) DESC NULLS LAST, u.code;

\echo 'Districts with their communes — Cấp huyện (gồm cấp xã)'
SELECT dist.code, dist.name_vi AS "unit", sum(r.dossiers) AS dossiers,
       count(*) - 1 AS communes,
       percent(sum(r.online)) AS "online %", percent(sum(r.on_time)) AS "on time %",
       percent(sum(r.e_result)) AS "e-result %", percent(sum(r.paid_online)) AS "paid online %"
  FROM units dist
  CROSS JOIN LATERAL unit_subtree(dist.code) s
  LEFT JOIN unit_rates r ON r.unit_id = s.unit_id
 WHERE dist.level = 'district'
 GROUP BY dist.code, dist.name_vi
 ORDER BY percent(sum(r.on_time)) DESC NULLS LAST, dist.code;
