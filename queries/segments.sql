-- Segments (SPEC §3): one row per value of the --by dimension ('all' without).
--   customers        = customers in customers_f of the group
--   active_customers = of those, customers with an open episode at as_of
--   orders, revenue  = distinct order_id and Σ amount in the range (orders_f)
--   aov              = revenue / orders
--   repeat_rate      = 100·count(customers with ≥ 2 orders)/count(≥ 1 order)
--   nps              = 100·(P−D)/N over responses_f with survey NULL or 'nps'
--   churned_share    = 100·(customers with an episode but none open at as_of)
--                      / (customers with an episode); episodes use the whole
--                      history up to as_of. A customer snapshot without
--                      dated activity (SPEC §6) has no episodes: then it is
--                      100·(customers flagged churned)/(customers with a flag).
--   historical_ltv   = revenue / ordering customers
-- Returns (kz_return: a line with a negative amount or quantity) are no
-- orders and make no ordering customer; their amounts are in revenue (net).
-- Orders and responses are grouped by their own kz_group (as in the repeat
-- and nps metrics, so the numbers agree; responses without a customer land
-- in 'all' or '(unknown)'); customers and episodes by the customer's group.
-- A group present in one source only gets 0 counts and NULL ratios.
-- Also reads orders_all and subscriptions_all through the episodes fragment.
-- kizuna:dateless — without dated rows it runs with as_of NULL (no episodes).
SELECT "group", customers, active_customers, orders, revenue, aov, repeat_rate, nps, churned_share, historical_ltv
FROM (
    WITH cust AS (
        -- customer_id is unique in customers (the loader rejects
        -- duplicates): count(customer_id) counts distinct customers.
        SELECT coalesce(kz_group, '(unknown)') AS kz_group, count(customer_id) AS customers,
            count(*) FILTER (WHERE churned) AS flagged, count(churned) AS with_flag
        FROM customers_f GROUP BY 1
    ),
    eps AS (
        SELECT kz_group,
            count(DISTINCT customer_id) FILTER (WHERE end_date IS NULL) AS active,
            count(DISTINCT customer_id) AS had
        FROM episodes GROUP BY kz_group
    ),
    in_range AS MATERIALIZED (
        -- The rows of orders_f, read straight from orders_all.
        SELECT coalesce(kz_group, '(unknown)') AS kz_group, customer_id, order_id, amount, kz_return
        FROM orders_all
        WHERE ($from IS NULL OR ordered_at >= CAST($from AS DATE))
          AND ($to IS NULL OR ordered_at < CAST($to AS DATE) + 1)
    ),
    per_buyer AS (
        SELECT kz_group, customer_id, count(DISTINCT order_id) FILTER (WHERE NOT kz_return) AS n, sum(amount) AS revenue
        FROM in_range GROUP BY 1, 2
    ),
    ord AS (
        SELECT kz_group, count(DISTINCT order_id) FILTER (WHERE NOT kz_return) AS orders
        FROM in_range GROUP BY 1
    ),
    rep AS (
        -- buyers_all counts the rows without a customer as one buyer (as
        -- repeat_rate always did); buyers (for historical_ltv) does not.
        SELECT kz_group, count(*) FILTER (WHERE n >= 2) AS repeaters, count(*) FILTER (WHERE n >= 1) AS buyers_all,
            count(customer_id) FILTER (WHERE n >= 1) AS buyers, sum(revenue) AS revenue
        FROM per_buyer GROUP BY kz_group
    ),
    resp AS (
        SELECT coalesce(kz_group, '(unknown)') AS kz_group,
            100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) AS nps
        FROM responses_f
        WHERE coalesce(survey, 'nps') = 'nps'
        GROUP BY 1
    ),
    groups AS (
        SELECT kz_group FROM cust UNION SELECT kz_group FROM ord UNION SELECT kz_group FROM resp
    )
    SELECT g.kz_group AS "group",
        coalesce(c.customers, 0) AS customers,
        coalesce(e.active, 0) AS active_customers,
        coalesce(o.orders, 0) AS orders,
        coalesce(r.revenue, 0) AS revenue,
        r.revenue / nullif(o.orders, 0) AS aov,
        100.0 * r.repeaters / nullif(r.buyers_all, 0) AS repeat_rate,
        s.nps,
        CASE WHEN EXISTS (SELECT 1 FROM eps) THEN 100.0 * (e.had - e.active) / nullif(e.had, 0)
             ELSE 100.0 * c.flagged / nullif(c.with_flag, 0) END AS churned_share,
        r.revenue / nullif(r.buyers, 0) AS historical_ltv
    FROM groups g
    LEFT JOIN cust c ON c.kz_group = g.kz_group
    LEFT JOIN eps e ON e.kz_group = g.kz_group
    LEFT JOIN ord o ON o.kz_group = g.kz_group
    LEFT JOIN rep r ON r.kz_group = g.kz_group
    LEFT JOIN resp s ON s.kz_group = g.kz_group
)
ORDER BY "group"
