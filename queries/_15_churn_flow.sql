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
--
-- A customer's episodes do not overlap, so a customer is active on a period
-- start through at most one episode. An episode is active on the period
-- starts from a (the first on or after start_date) to before b (the first on
-- or after end_date; NULL when open): active_start is a running count of the
-- a's less the b's, and the customer churns in the period before b unless
-- another of their episodes is active from b on (starts at b).
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
eps AS (
    -- sp = the period holding start_date; a, b as above.
    SELECT kind, kz_group, customer_id, episode_no, sp,
        CASE WHEN sp = start_date THEN sp ELSE CAST(sp + step AS DATE) END AS a,
        CASE WHEN ep = end_date THEN ep ELSE CAST(ep + step AS DATE) END AS b
    FROM (SELECT k.kind, k.step, e.*,
              CAST(date_trunc(k.kind, e.start_date) AS DATE) AS sp,
              CAST(date_trunc(k.kind, e.end_date) AS DATE) AS ep
          FROM episodes e, kinds k)
),
live AS (
    -- Episodes active on at least one period start.
    SELECT kind, kz_group, customer_id, a, b FROM eps WHERE b IS NULL OR a < b
),
moves AS (
    SELECT kind, kz_group, p,
        sum(n) OVER (PARTITION BY kind, kz_group ORDER BY p ROWS UNBOUNDED PRECEDING) AS active_start
    FROM (SELECT pr.kind, pr.kz_group, pr.p, coalesce(sum(d.n), 0) AS n
          FROM periods pr
          LEFT JOIN (SELECT kind, kz_group, a AS d, count(*) AS n FROM live GROUP BY ALL
                     UNION ALL
                     SELECT kind, kz_group, b, -count(*) FROM live WHERE b IS NOT NULL GROUP BY ALL) d
              ON d.kind = pr.kind AND d.kz_group = pr.kz_group AND d.d = pr.p
          GROUP BY pr.kind, pr.kz_group, pr.p)
),
churns AS (
    SELECT l.kind, l.kz_group, l.b AS np, count(*) AS churned
    FROM live l
    WHERE l.b IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM live x WHERE x.kind = l.kind AND x.customer_id = l.customer_id AND x.a = l.b)
    GROUP BY ALL
),
starts AS (
    -- A customer has one first episode (episode_no = 1), so counting its
    -- rows counts distinct customers.
    SELECT kind, kz_group, sp AS p,
        count(*) FILTER (WHERE episode_no = 1) AS new,
        count(DISTINCT customer_id) FILTER (WHERE episode_no > 1) AS reactivated
    FROM eps
    GROUP BY ALL
)
SELECT pr.kind, pr.kz_group, pr.p, pr.np,
    CAST(coalesce(m.active_start, 0) AS BIGINT) AS active_start,
    coalesce(c.churned, 0) AS churned,
    coalesce(s.new, 0) AS new,
    coalesce(s.reactivated, 0) AS reactivated
FROM periods pr
LEFT JOIN moves m ON m.kind = pr.kind AND m.kz_group = pr.kz_group AND m.p = pr.p
LEFT JOIN churns c ON c.kind = pr.kind AND c.kz_group = pr.kz_group AND c.np = pr.np
LEFT JOIN starts s ON s.kind = pr.kind AND s.kz_group = pr.kz_group AND s.p = pr.p
