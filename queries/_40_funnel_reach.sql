-- Ordered journey funnel (relation funnel_reach): one row per customer and
-- stage reached. Events match a stage when lower(event) LIKE a pattern of
-- journey_stages; orders are purchase (stage 3) events. A customer reaches
-- stage 1 at their first stage-1 event and stage s at their first stage-s
-- event at or after reaching stage s−1, no later than $window days after it
-- when $window > 0. kz_group is the group of the event that reached stage 1.
WITH hits AS (
    SELECT e.customer_id, e.kz_group, e.occurred_at AS ts, j.stage
    FROM events_f e
    JOIN journey_stages j ON lower(e.event) LIKE j.pattern
    WHERE e.customer_id IS NOT NULL AND e.occurred_at IS NOT NULL
    UNION ALL
    SELECT customer_id, kz_group, ordered_at, 3
    FROM orders_f
    WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL
), s1 AS (
    SELECT customer_id, arg_min(kz_group, (ts, kz_group)) AS kz_group, min(ts) AS reached_at
    FROM hits WHERE stage = 1
    GROUP BY customer_id
), s2 AS (
    SELECT p.customer_id, p.kz_group, min(h.ts) AS reached_at
    FROM s1 p JOIN hits h ON h.customer_id = p.customer_id AND h.stage = 2 AND h.ts >= p.reached_at
        AND ($window = 0 OR h.ts <= p.reached_at + to_days(CAST($window AS INTEGER)))
    GROUP BY p.customer_id, p.kz_group
), s3 AS (
    SELECT p.customer_id, p.kz_group, min(h.ts) AS reached_at
    FROM s2 p JOIN hits h ON h.customer_id = p.customer_id AND h.stage = 3 AND h.ts >= p.reached_at
        AND ($window = 0 OR h.ts <= p.reached_at + to_days(CAST($window AS INTEGER)))
    GROUP BY p.customer_id, p.kz_group
), s4 AS (
    SELECT p.customer_id, p.kz_group, min(h.ts) AS reached_at
    FROM s3 p JOIN hits h ON h.customer_id = p.customer_id AND h.stage = 4 AND h.ts >= p.reached_at
        AND ($window = 0 OR h.ts <= p.reached_at + to_days(CAST($window AS INTEGER)))
    GROUP BY p.customer_id, p.kz_group
), s5 AS (
    SELECT p.customer_id, p.kz_group, min(h.ts) AS reached_at
    FROM s4 p JOIN hits h ON h.customer_id = p.customer_id AND h.stage = 5 AND h.ts >= p.reached_at
        AND ($window = 0 OR h.ts <= p.reached_at + to_days(CAST($window AS INTEGER)))
    GROUP BY p.customer_id, p.kz_group
)
SELECT customer_id, kz_group, 1 AS stage, reached_at FROM s1
UNION ALL SELECT customer_id, kz_group, 2, reached_at FROM s2
UNION ALL SELECT customer_id, kz_group, 3, reached_at FROM s3
UNION ALL SELECT customer_id, kz_group, 4, reached_at FROM s4
UNION ALL SELECT customer_id, kz_group, 5, reached_at FROM s5
