-- Overview: the headline KPIs over the range and the range of equal length
-- just before it. Range = [--from, --to]; when open, to = as_of and
-- from = to − 89 days (the last 90 days). change = value − previous (points
-- for rates), NULL when either side is NULL. --by is ignored: every row of
-- the *_all relations counts whatever its kz_group. Returns (kz_return: a
-- line with a negative amount or quantity) are in revenue (net) but an
-- order_id of returns only is no order and makes no customer.
SELECT kpi, "value", previous, "value" - previous AS change
FROM (
    WITH span AS (
        SELECT coalesce(CAST($from AS DATE), hi - 89) AS lo, hi
        FROM (SELECT coalesce(CAST($to AS DATE), CAST($as_of AS DATE)) AS hi)
    ),
    ranges AS (
        SELECT 'cur' AS p, lo, hi FROM span
        UNION ALL
        SELECT 'prev', lo - CAST(hi - lo + 1 AS INTEGER), lo - 1 FROM span
    ),
    -- one row per order (distinct order_id, amounts summed) and range
    bought AS (
        SELECT r.p, o.order_id, min(o.customer_id) AS customer_id, sum(o.amount) AS amount,
            bool_and(o.kz_return) AS is_return
        FROM ranges r
        JOIN orders_all o ON o.ordered_at >= r.lo AND o.ordered_at < r.hi + 1
        GROUP BY r.p, o.order_id
    ),
    buyers AS (
        SELECT p, customer_id, count(*) FILTER (WHERE NOT is_return) AS n_orders, sum(amount) AS spent
        FROM bought
        GROUP BY p, customer_id
    ),
    sales AS (
        SELECT p,
            count(*) FILTER (WHERE n_orders >= 1) AS customers,
            sum(n_orders) AS orders,
            sum(spent) AS revenue,
            sum(spent) / NULLIF(sum(n_orders), 0) AS aov,
            100.0 * count(*) FILTER (WHERE n_orders >= 2) / NULLIF(count(*) FILTER (WHERE n_orders >= 1), 0) AS repeat_rate
        FROM buyers
        GROUP BY p
    ),
    surveys AS (
        SELECT r.p,
            100.0 * (count(*) FILTER (WHERE coalesce(x.survey, 'nps') = 'nps' AND x.score >= 9)
                - count(*) FILTER (WHERE coalesce(x.survey, 'nps') = 'nps' AND x.score <= 6))
                / NULLIF(count(*) FILTER (WHERE coalesce(x.survey, 'nps') = 'nps'), 0) AS nps,
            100.0 * count(*) FILTER (WHERE x.survey = 'csat' AND x.score >= 4)
                / NULLIF(count(*) FILTER (WHERE x.survey = 'csat'), 0) AS csat
        FROM ranges r
        JOIN responses_all x ON x.responded_at >= r.lo AND x.responded_at < r.hi + 1
        GROUP BY r.p
    ),
    rated AS (
        SELECT r.p, avg(v.rating) AS avg_rating
        FROM ranges r
        JOIN reviews_all v ON v.reviewed_at >= r.lo AND v.reviewed_at < r.hi + 1
        GROUP BY r.p
    ),
    engaged AS (
        SELECT r.p, 100.0 * sum(s.interactions) / NULLIF(sum(s.impressions), 0) AS engagement_rate
        FROM ranges r
        JOIN posts_all s ON s.posted_at >= r.lo AND s.posted_at < r.hi + 1
        GROUP BY r.p
    ),
    kpis AS (
        SELECT r.p,
            CAST(coalesce(sales.customers, 0) AS DOUBLE) AS customers,
            CAST(coalesce(sales.orders, 0) AS DOUBLE) AS orders,
            coalesce(sales.revenue, 0) AS revenue,
            sales.aov, sales.repeat_rate, surveys.nps, surveys.csat,
            rated.avg_rating, engaged.engagement_rate
        FROM ranges r
        LEFT JOIN sales USING (p)
        LEFT JOIN surveys USING (p)
        LEFT JOIN rated USING (p)
        LEFT JOIN engaged USING (p)
    )
    SELECT unnest([
        {ord: 1, kpi: 'customers', "value": c.customers, previous: b.customers},
        {ord: 2, kpi: 'orders', "value": c.orders, previous: b.orders},
        {ord: 3, kpi: 'revenue', "value": c.revenue, previous: b.revenue},
        {ord: 4, kpi: 'aov', "value": c.aov, previous: b.aov},
        {ord: 5, kpi: 'repeat_rate', "value": c.repeat_rate, previous: b.repeat_rate},
        {ord: 6, kpi: 'nps', "value": c.nps, previous: b.nps},
        {ord: 7, kpi: 'csat', "value": c.csat, previous: b.csat},
        {ord: 8, kpi: 'avg_rating', "value": c.avg_rating, previous: b.avg_rating},
        {ord: 9, kpi: 'engagement_rate', "value": c.engagement_rate, previous: b.engagement_rate}
    ], recursive := true)
    FROM kpis c, kpis b
    WHERE c.p = 'cur' AND b.p = 'prev'
)
ORDER BY ord
