-- Drill-down behind a retention cell: the members of cohort $kz_cohort (its
-- label: YYYY-MM, or the week's or quarter's first day; fragment cohorts)
-- and whether each was active (fragment activity) in period cohort +
-- $kz_offset — or in it or later with --mode on-or-after — as the
-- retention metric counts them.
SELECT
    m.customer_id,
    m.cohort_p AS cohort_start,
    count(a.day) > 0 AS active,
    count(a.day) AS active_days,
    min(a.day) AS first_active_day,
    max(a.day) AS last_active_day
FROM cohorts m
LEFT JOIN activity a ON a.customer_id = m.customer_id
    AND a.day >= m.cohort_p + CASE WHEN $period = 'week' THEN to_days(7 * CAST($kz_offset AS INTEGER))
        WHEN $period = 'quarter' THEN to_months(3 * CAST($kz_offset AS INTEGER))
        ELSE to_months(CAST($kz_offset AS INTEGER)) END
    AND ($mode = 'on-or-after'
        OR a.day < m.cohort_p + CASE WHEN $period = 'week' THEN to_days(7 * (CAST($kz_offset AS INTEGER) + 1))
            WHEN $period = 'quarter' THEN to_months(3 * (CAST($kz_offset AS INTEGER) + 1))
            ELSE to_months(CAST($kz_offset AS INTEGER) + 1) END)
WHERE CASE WHEN $period = 'month' THEN strftime(m.cohort_p, '%Y-%m')
           ELSE strftime(m.cohort_p, '%Y-%m-%d') END = $kz_cohort
GROUP BY m.customer_id, m.cohort_p
ORDER BY active DESC, m.customer_id
