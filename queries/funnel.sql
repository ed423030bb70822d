-- Journey funnel over funnel_reach (built from events_f, orders_f and
-- journey_stages). Per group: the five stage rows in order — customers,
-- conversion from the previous and from the first stage (%), median days
-- from reaching the previous stage — then the current-stage distribution:
-- five rows with current_stage set, counting customers whose highest stage
-- reached is that one. Without any customer in the funnel, group 'all' shows
-- the zeros.
-- A customer reaching stage s reached every stage before it, in the same
-- group, so the customers whose highest stage is s are those reaching s less
-- those reaching s + 1.
SELECT "group", stage, customers, conversion_from_previous, conversion_from_first,
    median_days_from_previous, current_stage
FROM (
    WITH per_stage AS (
        SELECT kz_group, stage, count(*) AS customers,
            median((epoch(reached_at) - epoch(prev_reached_at)) / 86400) AS median_days
        FROM funnel_reach
        GROUP BY kz_group, stage
    ),
    counts AS (
        SELECT g.kz_group, n.no, n.name, coalesce(s.customers, 0) AS customers, s.median_days
        FROM (SELECT DISTINCT kz_group FROM per_stage
              UNION SELECT 'all' WHERE NOT EXISTS (SELECT 1 FROM per_stage)) g
        CROSS JOIN (VALUES (1, 'awareness'), (2, 'consideration'), (3, 'purchase'),
                           (4, 'usage'), (5, 'loyalty')) n(no, name)
        LEFT JOIN per_stage s ON s.kz_group IS NOT DISTINCT FROM g.kz_group AND s.stage = n.no
    )
    SELECT
        kz_group AS "group", 1 AS part, no, name AS stage, customers,
        100.0 * customers / nullif(lag(customers) OVER w, 0) AS conversion_from_previous,
        100.0 * customers / nullif(first_value(customers) OVER w, 0) AS conversion_from_first,
        median_days AS median_days_from_previous,
        CAST(NULL AS VARCHAR) AS current_stage
    FROM counts
    WINDOW w AS (PARTITION BY kz_group ORDER BY no)
    UNION ALL
    SELECT kz_group, 2, no, NULL, customers - coalesce(lead(customers) OVER w2, 0), NULL, NULL, NULL, name
    FROM counts
    WINDOW w2 AS (PARTITION BY kz_group ORDER BY no)
)
ORDER BY "group", part, no
