-- Churn (SPEC §3): rows of churn_flow (fragment _15_churn_flow.sql) for
-- $period, per group, from the group's first period with activity to the
-- period holding as_of. churn_rate = 100·churned/active_start (NULL when no
-- one was active at the start). The period holding as_of is churn to date.
-- --from/--to only choose which periods are reported (those overlapping the
-- range); the episodes always use the whole history up to as_of.
-- Reads customers_f, orders_all and subscriptions_all through the fragments
-- (named here so that a --where they cannot take is reported as such).
SELECT
    kz_group AS "group",
    CASE WHEN $period = 'month' THEN strftime(p, '%Y-%m') ELSE strftime(p, '%Y-%m-%d') END AS period,
    active_start,
    churned,
    new,
    reactivated,
    100.0 * churned / nullif(active_start, 0) AS churn_rate
FROM churn_flow
WHERE kind = $period
  AND ($from IS NULL OR np > CAST($from AS DATE))
  AND ($to IS NULL OR p <= CAST($to AS DATE))
ORDER BY kz_group, p
