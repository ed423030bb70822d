-- cohorts(customer_id, kz_group, cohort_p): each customer's retention cohort,
-- the first day of the $period holding customers.signup_at, or, for a
-- customer without signup_at, holding their first activity day (fragment
-- activity_rows: first order, or first event with --activity events). Customers
-- with neither have no cohort. kz_group is the customer's (customers_f).
SELECT
    c.customer_id,
    coalesce(c.kz_group, '(unknown)') AS kz_group,
    CAST(date_trunc($period, coalesce(CAST(c.signup_at AS DATE), f.first_day)) AS DATE) AS cohort_p
FROM customers_f c
LEFT JOIN (SELECT customer_id, min(day) AS first_day FROM activity_rows GROUP BY customer_id) f
    ON f.customer_id = c.customer_id
WHERE c.signup_at IS NOT NULL OR f.first_day IS NOT NULL
