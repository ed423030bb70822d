-- Snapshot churn (SPEC §6): for customer files that carry a churn flag
-- (customers.churned: 0/1, yes/no, true/false) but no dated activity — no
-- orders, subscriptions or events — churn is the share of customers flagged
-- as churned, per group of --by (any customer dimension, or tenure_band:
-- tenure_months in bands of a year). No as-of date is needed.
--   customers  = customers with a churn flag
--   churned    = of those, flagged churned
--   churn_rate = 100·churned/customers
--   churn_rate_low, churn_rate_high = Wilson 95 % interval of churn_rate
--   avg_tenure_months = mean tenure_months (NULL without a tenure column)
-- Customers without a flag (implied by other files, or an empty cell) are
-- left out.
SELECT "group", n AS customers, k AS churned, 100.0 * k / n AS churn_rate,
    100.0 * (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n) AS churn_rate_low,
    100.0 * (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n) AS churn_rate_high,
    avg_tenure_months
FROM (
    SELECT *, k / n AS p, 1.96 AS z
    FROM (
        SELECT
            coalesce(kz_group, '(unknown)') AS "group",
            count(*) AS n,
            count(*) FILTER (WHERE churned) AS k,
            avg(tenure_months) AS avg_tenure_months
        FROM customers_f
        WHERE churned IS NOT NULL
        GROUP BY 1
    )
)
ORDER BY "group"
