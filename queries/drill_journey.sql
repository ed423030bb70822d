-- Drill-down behind a funnel stage: the customers who reached stage
-- $kz_stage (1..5) and went no further, with when they reached stage 1 and
-- this stage.
SELECT
    r.customer_id,
    r.kz_group AS "group",
    (SELECT min(s.reached_at) FROM funnel_reach s WHERE s.customer_id = r.customer_id AND s.stage = 1) AS first_reached_at,
    r.reached_at,
    date_diff('day', CAST(r.reached_at AS DATE), CAST($as_of AS DATE)) AS days_since
FROM funnel_reach r
WHERE r.stage = CAST($kz_stage AS INTEGER)
  AND NOT EXISTS (SELECT 1 FROM funnel_reach x WHERE x.customer_id = r.customer_id AND x.stage > r.stage)
ORDER BY r.reached_at, r.customer_id
