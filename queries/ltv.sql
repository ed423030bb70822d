-- LTV (SPEC §3) per group (the customer's group, customers_f).
--   customers      = customers with ≥ 1 order in the range (orders_f)
--   historical_ltv = revenue / customers, over the range
-- Over the 12 months ending at as_of, i.e. order days in
-- (as_of − 12 months, as_of] (orders_all, whatever --from/--to say):
--   aov        = revenue / orders (orders = distinct order_id)
--   frequency  = orders / ordering customers, per year. When the data (all
--                orders, before filters, so --where X equals the X row of
--                --by) start after the window's first day, only d days of the
--                W-day window hold data and frequency is multiplied by W/d
--                (m = 12·d/W months of data: frequency × 12/m).
--   annual_churn (percent, 0–100) = 100·(1 − Π(1 − r/100)^(12/m)) where r
--                are the monthly churn rates (churn_flow, calendar months
--                whatever $period) of the 12 complete calendar months ending
--                on or before as_of (as_of's month counts only when as_of is
--                its last day), skipping months nobody was active at the
--                start of (no rate); m = number of months with a rate, so
--                m < 12 compounds the observed months to a year. No month
--                with a rate → NULL.
--   lifespan   = 1 / annual churn (fraction), in years, capped at 20;
--                lifespan_capped = true when capped or annual churn is 0.
--   ltv        = aov × frequency × lifespan
-- Returns (kz_return: a line with a negative amount or quantity) are not
-- orders: they make no customer, order or buyer, but their amounts are in
-- revenue (net), so historical_ltv, aov and ltv are net of them.
-- Also reads subscriptions_all through the episodes fragment.
SELECT "group", customers, historical_ltv, aov, frequency, annual_churn, lifespan, ltv, lifespan_capped
FROM (
    WITH params AS (
        SELECT CAST($as_of AS DATE) AS a,
               CAST(CAST($as_of AS DATE) - INTERVAL 12 MONTH + INTERVAL 1 DAY AS DATE) AS ws,
               CAST(date_trunc('month', CAST($as_of AS DATE) + 1) AS DATE) AS months_end
    ),
    span AS (
        -- W = days in the window, d = days of it holding data.
        -- (the first order day is read with as_of as a constant, so that
        -- the scan of orders filters by it rather than a join with params)
        SELECT a - ws + 1 AS w,
               a - greatest(ws, coalesce((SELECT min(CAST(ordered_at AS DATE)) FROM orders
                                          WHERE ordered_at < CAST($as_of AS DATE) + 1), ws)) + 1 AS d
        FROM params
    ),
    groups AS (
        -- customer_id is unique in customers (the loader rejects duplicates).
        SELECT coalesce(kz_group, '(unknown)') AS kz_group, customer_id FROM customers_f
    ),
    orders_g AS (
        -- The orders of customers_f with the customer's group; in_range =
        -- the rows of orders_f (orders_all is read once, for the window too).
        SELECT g.kz_group, o.customer_id, o.order_id, o.amount, o.kz_return,
            ($from IS NULL OR o.ordered_at >= CAST($from AS DATE))
                AND ($to IS NULL OR o.ordered_at < CAST($to AS DATE) + 1) AS in_range,
            o.ordered_at >= params.ws AS is_recent
        FROM orders_all o JOIN groups g ON g.customer_id = o.customer_id, params
    ),
    per_customer AS (
        -- One pass per customer for both the range (hist) and the window's
        -- buyers and revenue (recent).
        SELECT kz_group, customer_id, bool_or(in_range AND NOT kz_return) AS in_range,
            sum(amount) FILTER (WHERE in_range) AS revenue,
            bool_or(is_recent AND NOT kz_return) AS recent_buyer,
            sum(amount) FILTER (WHERE is_recent) AS recent_revenue,
            bool_or(is_recent) AS is_recent
        FROM orders_g GROUP BY kz_group, customer_id
    ),
    hist AS (
        SELECT kz_group, count(*) FILTER (WHERE in_range) AS customers, sum(revenue) AS revenue
        FROM per_customer
        GROUP BY kz_group
    ),
    recent AS (
        SELECT b.kz_group, b.revenue, coalesce(o.orders, 0) AS orders, b.buyers
        FROM (SELECT kz_group, sum(recent_revenue) AS revenue, count(*) FILTER (WHERE recent_buyer) AS buyers
              FROM per_customer WHERE is_recent GROUP BY kz_group) b
        LEFT JOIN (SELECT kz_group, count(DISTINCT order_id) AS orders
                   FROM orders_g WHERE is_recent AND NOT kz_return GROUP BY kz_group) o
            ON o.kz_group = b.kz_group
    ),
    churn AS (
        SELECT kz_group, 1 - power(product(1 - churned / active_start), 12.0 / count(*)) AS annual
        FROM churn_flow, params
        WHERE kind = 'month' AND active_start > 0
          AND p >= CAST(params.months_end - INTERVAL 12 MONTH AS DATE) AND np <= params.months_end
        GROUP BY kz_group
    ),
    parts AS (
        SELECT g.kz_group,
            coalesce(h.customers, 0) AS customers,
            h.revenue / h.customers AS historical_ltv,
            r.revenue / r.orders AS aov,
            r.orders / r.buyers * span.w / span.d AS frequency,
            c.annual,
            c.annual = 0 OR 1 / c.annual > 20 AS capped
        FROM (SELECT DISTINCT kz_group FROM groups) g
        CROSS JOIN span
        LEFT JOIN hist h ON h.kz_group = g.kz_group
        LEFT JOIN recent r ON r.kz_group = g.kz_group
        LEFT JOIN churn c ON c.kz_group = g.kz_group
    )
    SELECT kz_group AS "group", customers, historical_ltv, aov, frequency,
        100 * annual AS annual_churn,
        CASE WHEN capped THEN 20.0 ELSE 1 / annual END AS lifespan,
        aov * frequency * CASE WHEN capped THEN 20.0 ELSE 1 / annual END AS ltv,
        capped AS lifespan_capped
    FROM parts
)
ORDER BY "group"
