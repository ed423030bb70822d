-- Drill-down behind a retention cell: the members of cohort $kz_cohort (its
-- label: YYYY-MM, or the week's or quarter's first day) and whether each was
-- active in period cohort + $kz_offset (or later, with --mode on-or-after).
-- Cohort = period of signup_at when customers have one, else of the first
-- activity (orders, or events with --activity events).
SELECT
    m.customer_id,
    m.start AS cohort_start,
    count(a.at) > 0 AS active,
    count(a.at) AS activities,
    min(a.at) AS first_activity_in_period,
    max(a.at) AS last_activity_in_period
FROM (
    SELECT x.customer_id, x.start
    FROM (
        SELECT c.customer_id,
            CASE WHEN (SELECT count(signup_at) FROM customers) > 0 THEN c.signup_at ELSE f.first_at END AS start
        FROM customers_f c
        LEFT JOIN (
            SELECT customer_id, min(at) AS first_at
            FROM (
                SELECT customer_id, ordered_at AS at FROM orders_f WHERE coalesce($activity, '') <> 'events'
                UNION ALL
                SELECT customer_id, occurred_at FROM events_f WHERE $activity = 'events'
            )
            GROUP BY customer_id
        ) f ON f.customer_id = c.customer_id
    ) x
    WHERE x.start IS NOT NULL
      AND CASE WHEN $period = 'month' THEN strftime(x.start, '%Y-%m')
               ELSE strftime(date_trunc($period, x.start), '%Y-%m-%d') END = $kz_cohort
) m
LEFT JOIN (
    SELECT customer_id, ordered_at AS at FROM orders_f WHERE coalesce($activity, '') <> 'events'
    UNION ALL
    SELECT customer_id, occurred_at FROM events_f WHERE $activity = 'events'
) a ON a.customer_id = m.customer_id
    AND a.at >= date_trunc($period, m.start) + CASE WHEN $period = 'week' THEN to_days(7 * CAST($kz_offset AS INTEGER))
        WHEN $period = 'quarter' THEN to_months(3 * CAST($kz_offset AS INTEGER))
        ELSE to_months(CAST($kz_offset AS INTEGER)) END
    AND ($mode = 'on-or-after'
        OR a.at < date_trunc($period, m.start) + CASE WHEN $period = 'week' THEN to_days(7 * (CAST($kz_offset AS INTEGER) + 1))
            WHEN $period = 'quarter' THEN to_months(3 * (CAST($kz_offset AS INTEGER) + 1))
            ELSE to_months(CAST($kz_offset AS INTEGER) + 1) END)
GROUP BY m.customer_id, m.start
ORDER BY active DESC, m.customer_id
