-- RFM per customer (relation rfm_scores): customers with ≥ 1 order in range up
-- to as_of. recency_days = days from the last order date to as_of, frequency =
-- distinct orders, monetary = revenue. Quintile cuts p20/p40/p60/p80 by linear
-- interpolation (quantile_cont) over all these customers; F and M score 1 if
-- ≤ p20 … 5 if > p80, R the reverse (5 if ≤ p20 of recency). Cuts get a 1e-9
-- relative tolerance so that rounding in the interpolation (6.3999… for 6.4)
-- cannot move a customer who sits exactly on a cut.
-- kz_group is the group of the customer's first order in range.
-- Returns (kz_return: a line with a negative amount or quantity) are not
-- orders: they set no recency, count in no frequency and make no customer
-- scored; their amounts are in monetary, which is net.
WITH per_customer AS (
    SELECT
        customer_id,
        arg_min(kz_group, (ordered_at, kz_group)) FILTER (WHERE NOT kz_return) AS kz_group,
        date_diff('day', CAST(max(ordered_at) FILTER (WHERE NOT kz_return) AS DATE), CAST($as_of AS DATE)) AS recency_days,
        count(DISTINCT order_id) FILTER (WHERE NOT kz_return) AS frequency,
        coalesce(sum(amount), 0) AS monetary
    FROM orders_f
    WHERE customer_id IS NOT NULL
    GROUP BY customer_id
    HAVING bool_or(NOT kz_return)
), cuts AS (
    SELECT
        quantile_cont(recency_days, [0.2, 0.4, 0.6, 0.8]) AS rc,
        quantile_cont(frequency, [0.2, 0.4, 0.6, 0.8]) AS fc,
        quantile_cont(monetary, [0.2, 0.4, 0.6, 0.8]) AS mc
    FROM per_customer
), tolerant AS (
    SELECT
        [q + 1e-9 * (1 + abs(q)) FOR q IN rc] AS rc,
        [q + 1e-9 * (1 + abs(q)) FOR q IN fc] AS fc,
        [q + 1e-9 * (1 + abs(q)) FOR q IN mc] AS mc
    FROM cuts
), scored AS (
    SELECT
        p.*,
        CASE WHEN recency_days <= rc[1] THEN 5 WHEN recency_days <= rc[2] THEN 4
             WHEN recency_days <= rc[3] THEN 3 WHEN recency_days <= rc[4] THEN 2 ELSE 1 END AS r,
        CASE WHEN frequency <= fc[1] THEN 1 WHEN frequency <= fc[2] THEN 2
             WHEN frequency <= fc[3] THEN 3 WHEN frequency <= fc[4] THEN 4 ELSE 5 END AS f,
        CASE WHEN monetary <= mc[1] THEN 1 WHEN monetary <= mc[2] THEN 2
             WHEN monetary <= mc[3] THEN 3 WHEN monetary <= mc[4] THEN 4 ELSE 5 END AS m
    FROM per_customer p, tolerant
)
SELECT
    customer_id, kz_group, recency_days, frequency, monetary, r, f, m,
    CASE
        WHEN r >= 4 AND f >= 4 THEN 'Champions'
        WHEN r = 3 AND f >= 4 THEN 'Loyal'
        WHEN r >= 4 AND f IN (2, 3) THEN 'Potential loyalists'
        WHEN r = 5 AND f = 1 THEN 'New customers'
        WHEN r = 4 AND f = 1 THEN 'Promising'
        WHEN r = 3 AND f IN (2, 3) THEN 'Need attention'
        WHEN r = 3 AND f = 1 THEN 'About to sleep'
        WHEN r <= 2 AND f IN (3, 4) THEN 'At risk'
        WHEN r <= 2 AND f = 5 THEN 'Can''t lose them'
        WHEN r = 2 AND f <= 2 THEN 'Hibernating'
        WHEN r = 1 AND f <= 2 THEN 'Lost'
    END AS segment
FROM scored
