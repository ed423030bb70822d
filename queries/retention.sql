-- Retention cohorts (SPEC §3) per group: cohort = $period of signup_at, else
-- of the first activity (fragment cohorts). For offset k ≥ 0 the cell is the
-- period cohort+k; active = members with ≥ 1 activity day (order, or event
-- with --activity events) in that period, or with --mode on-or-after in that
-- period or any later one up to as_of; retention = 100·active/size.
-- Cells after as_of's period are absent; the cell of as_of's period is
-- partial. Activity before a member's cohort period is ignored.
-- --from/--to only choose which cohorts are shown (cohort periods overlapping
-- the range); their cells use all activity up to as_of.
-- Reads customers_f, orders_all and events_all through the fragments
-- (named here so that a --where they cannot take is reported as such).
SELECT "group", cohort, "offset", size, active, retention, partial
FROM (
    WITH params AS (
        SELECT CAST(date_trunc($period, CAST($as_of AS DATE)) AS DATE) AS last_p,
               CASE $period WHEN 'week' THEN INTERVAL 7 DAY
                            WHEN 'quarter' THEN INTERVAL 3 MONTH
                            ELSE INTERVAL 1 MONTH END AS step
    ),
    sizes AS (
        SELECT kz_group, cohort_p, count(*) AS size
        FROM cohorts, params
        WHERE cohort_p <= last_p
          AND ($from IS NULL OR cohort_p + step > CAST($from AS DATE))
          AND ($to IS NULL OR cohort_p <= CAST($to AS DATE))
        GROUP BY kz_group, cohort_p
    ),
    cells AS (
        SELECT s.kz_group, s.cohort_p, s.size, CAST(c.p AS DATE) AS p,
               row_number() OVER (PARTITION BY s.kz_group, s.cohort_p ORDER BY c.p) - 1 AS k
        FROM sizes s, params,
        LATERAL unnest(generate_series(CAST(s.cohort_p AS TIMESTAMP), CAST(params.last_p AS TIMESTAMP), params.step)) AS c(p)
    ),
    counted AS (
        -- The periods a customer was active in, or with --mode on-or-after
        -- only the last one (active in p or later = last active period >= p).
        SELECT DISTINCT customer_id, CAST(date_trunc($period, day) AS DATE) AS p
        FROM activity_rows
        WHERE coalesce($mode, '') <> 'on-or-after'
        UNION ALL
        SELECT customer_id, max(CAST(date_trunc($period, day) AS DATE))
        FROM activity_rows
        WHERE $mode = 'on-or-after'
        GROUP BY customer_id
    ),
    member_counts AS (
        -- Members per cohort and counted period; activity before the cohort
        -- period is ignored (cohort_p is a period's first day).
        SELECT m.kz_group, m.cohort_p, a.p, count(*) AS n
        FROM cohorts m JOIN counted a ON a.customer_id = m.customer_id AND a.p >= m.cohort_p
        GROUP BY ALL
    ),
    actives AS (
        SELECT c.kz_group, c.cohort_p, c.p, CAST(sum(m.n) AS BIGINT) AS active
        FROM cells c
        JOIN member_counts m ON m.kz_group = c.kz_group AND m.cohort_p = c.cohort_p
            AND (m.p = c.p OR ($mode = 'on-or-after' AND m.p > c.p))
        GROUP BY c.kz_group, c.cohort_p, c.p
    )
    SELECT
        c.kz_group AS "group",
        CASE WHEN $period = 'month' THEN strftime(c.cohort_p, '%Y-%m')
             ELSE strftime(c.cohort_p, '%Y-%m-%d') END AS cohort,
        c.k AS "offset",
        c.size,
        coalesce(a.active, 0) AS active,
        100.0 * coalesce(a.active, 0) / c.size AS retention,
        c.p = params.last_p AS partial,
        c.cohort_p
    FROM cells c
    CROSS JOIN params
    LEFT JOIN actives a ON a.kz_group = c.kz_group AND a.cohort_p = c.cohort_p AND a.p = c.p
)
ORDER BY "group", cohort_p, "offset"
