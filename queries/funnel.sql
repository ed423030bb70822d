-- Journey funnel over funnel_reach (built from events_f, orders_f and
-- journey_stages). Per group: the five stage rows in order — customers,
-- conversion from the previous and from the first stage (%), median days
-- from reaching the previous stage — then the current-stage distribution:
-- five rows with current_stage set, counting customers whose highest stage
-- reached is that one. Without any customer in the funnel, group 'all' shows
-- the zeros.
SELECT "group", stage, customers, conversion_from_previous, conversion_from_first,
    median_days_from_previous, current_stage
FROM (
    SELECT
        kz_group AS "group", 1 AS part, no, name AS stage, customers,
        100.0 * customers / nullif(lag(customers) OVER w, 0) AS conversion_from_previous,
        100.0 * customers / nullif(first_value(customers) OVER w, 0) AS conversion_from_first,
        median_days AS median_days_from_previous,
        CAST(NULL AS VARCHAR) AS current_stage
    FROM (
        SELECT g.kz_group, n.no, n.name, count(r.customer_id) AS customers,
            median((epoch(r.reached_at) - epoch(p.reached_at)) / 86400) AS median_days
        FROM (SELECT DISTINCT kz_group FROM funnel_reach
              UNION SELECT 'all' WHERE NOT EXISTS (SELECT 1 FROM funnel_reach)) g
        CROSS JOIN (VALUES (1, 'awareness'), (2, 'consideration'), (3, 'purchase'),
                           (4, 'usage'), (5, 'loyalty')) n(no, name)
        LEFT JOIN funnel_reach r ON r.kz_group IS NOT DISTINCT FROM g.kz_group AND r.stage = n.no
        LEFT JOIN funnel_reach p ON p.customer_id = r.customer_id AND p.stage = n.no - 1
        GROUP BY g.kz_group, n.no, n.name
    )
    WINDOW w AS (PARTITION BY kz_group ORDER BY no)
    UNION ALL
    SELECT g.kz_group, 2, n.no, NULL, count(c.customer_id), NULL, NULL, NULL, n.name
    FROM (SELECT DISTINCT kz_group FROM funnel_reach
          UNION SELECT 'all' WHERE NOT EXISTS (SELECT 1 FROM funnel_reach)) g
    CROSS JOIN (VALUES (1, 'awareness'), (2, 'consideration'), (3, 'purchase'),
                       (4, 'usage'), (5, 'loyalty')) n(no, name)
    LEFT JOIN (SELECT customer_id, kz_group, max(stage) AS top FROM funnel_reach GROUP BY ALL) c
        ON c.kz_group IS NOT DISTINCT FROM g.kz_group AND c.top = n.no
    GROUP BY g.kz_group, n.no, n.name
)
ORDER BY "group", part, no
