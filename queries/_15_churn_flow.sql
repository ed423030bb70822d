-- churn_flow(kind, kz_group, p, np, active_start, churned, new, reactivated):
-- the churn counts of SPEC §3 over the episodes, per group and period, for
-- kind = $period and also kind = 'month' (LTV's monthly churn rates), from
-- each group's first period with activity to the period holding as_of.
-- p is the period's first day, np the next period's first day.
--   active_start = customers active on p
--   churned      = of those, customers not active on np
--   new          = customers whose first episode starts in [p, np)
--   reactivated  = customers starting a later episode in [p, np)
-- For the period holding as_of, np is after as_of: episodes still running at
-- as_of are open (active on np), so it counts churn to date.
WITH kinds AS (
    SELECT DISTINCT kind,
        CASE kind WHEN 'week' THEN INTERVAL 7 DAY
                  WHEN 'quarter' THEN INTERVAL 3 MONTH
                  ELSE INTERVAL 1 MONTH END AS step,
        CAST(date_trunc(kind, CAST($as_of AS DATE)) AS DATE) AS last_p
    FROM (VALUES (CAST($period AS VARCHAR)), ('month')) AS v(kind)
),
periods AS (
    SELECT k.kind, g.kz_group, CAST(s.p AS DATE) AS p, CAST(s.p + k.step AS DATE) AS np
    FROM kinds k
    CROSS JOIN (SELECT kz_group, min(start_date) AS first_day FROM episodes GROUP BY kz_group) g,
    LATERAL unnest(generate_series(
        CAST(date_trunc(k.kind, g.first_day) AS TIMESTAMP), CAST(k.last_p AS TIMESTAMP), k.step)) AS s(p)
),
per_customer AS (
    -- Each customer with an episode touching [p, np], and what it did then.
    SELECT pr.kind, pr.kz_group, pr.p, e.customer_id,
        bool_or(e.start_date <= pr.p AND (e.end_date IS NULL OR pr.p < e.end_date)) AS at_start,
        bool_or(e.start_date <= pr.np AND (e.end_date IS NULL OR pr.np < e.end_date)) AS at_next,
        bool_or(e.episode_no = 1 AND e.start_date >= pr.p AND e.start_date < pr.np) AS is_new,
        bool_or(e.episode_no > 1 AND e.start_date >= pr.p AND e.start_date < pr.np) AS is_back
    FROM periods pr
    JOIN episodes e ON e.kz_group = pr.kz_group
        AND e.start_date <= pr.np AND (e.end_date IS NULL OR e.end_date > pr.p)
    GROUP BY pr.kind, pr.kz_group, pr.p, e.customer_id
),
counts AS (
    SELECT kind, kz_group, p,
        count(*) FILTER (WHERE at_start) AS active_start,
        count(*) FILTER (WHERE at_start AND NOT at_next) AS churned,
        count(*) FILTER (WHERE is_new) AS new,
        count(*) FILTER (WHERE is_back) AS reactivated
    FROM per_customer
    GROUP BY kind, kz_group, p
)
SELECT pr.kind, pr.kz_group, pr.p, pr.np,
    coalesce(c.active_start, 0) AS active_start,
    coalesce(c.churned, 0) AS churned,
    coalesce(c.new, 0) AS new,
    coalesce(c.reactivated, 0) AS reactivated
FROM periods pr
LEFT JOIN counts c ON c.kind = pr.kind AND c.kz_group = pr.kz_group AND c.p = pr.p
