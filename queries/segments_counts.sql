-- The counts behind the segments metric's rates, per value of the --by
-- dimension (compare in the Segments pane, issue 12), computed as
-- segments.sql computes the rates:
--   promoters, passives, detractors, responses — NPS answers (survey NULL or 'nps')
--   repeaters of buyers                        — repeat_rate = 100·repeaters/buyers
--   churned of had                             — churned_share = 100·churned/had:
--       customers with an episode but none open at as_of, of those with an
--       episode; without episodes (a customer snapshot, SPEC §6) the
--       customers flagged churned of those with a flag.
-- kizuna:dateless — without dated rows it runs with as_of NULL (no episodes).
SELECT "group", responses, promoters, passives, detractors, buyers, repeaters, had, churned
FROM (
    WITH cust AS (
        SELECT coalesce(kz_group, '(unknown)') AS kz_group,
            count(*) FILTER (WHERE churned) AS flagged, count(churned) AS with_flag
        FROM customers_f GROUP BY 1
    ),
    eps AS (
        SELECT kz_group,
            count(DISTINCT customer_id) FILTER (WHERE end_date IS NULL) AS active,
            count(DISTINCT customer_id) AS had
        FROM episodes GROUP BY kz_group
    ),
    per_buyer AS (
        SELECT coalesce(kz_group, '(unknown)') AS kz_group, customer_id,
            count(DISTINCT order_id) FILTER (WHERE NOT kz_return) AS n
        FROM orders_f GROUP BY 1, 2
    ),
    rep AS (
        SELECT kz_group, count(*) FILTER (WHERE n >= 2) AS repeaters, count(*) FILTER (WHERE n >= 1) AS buyers
        FROM per_buyer GROUP BY kz_group
    ),
    resp AS (
        SELECT coalesce(kz_group, '(unknown)') AS kz_group, count(*) AS responses,
            count(*) FILTER (WHERE score >= 9) AS promoters,
            count(*) FILTER (WHERE score BETWEEN 7 AND 8) AS passives,
            count(*) FILTER (WHERE score <= 6) AS detractors
        FROM responses_f
        WHERE coalesce(survey, 'nps') = 'nps'
        GROUP BY 1
    ),
    groups AS (
        SELECT kz_group FROM cust UNION SELECT kz_group FROM rep UNION SELECT kz_group FROM resp
    )
    SELECT g.kz_group AS "group",
        coalesce(s.responses, 0) AS responses, coalesce(s.promoters, 0) AS promoters,
        coalesce(s.passives, 0) AS passives, coalesce(s.detractors, 0) AS detractors,
        coalesce(r.buyers, 0) AS buyers, coalesce(r.repeaters, 0) AS repeaters,
        CASE WHEN EXISTS (SELECT 1 FROM eps) THEN coalesce(e.had, 0) ELSE coalesce(c.with_flag, 0) END AS had,
        CASE WHEN EXISTS (SELECT 1 FROM eps) THEN coalesce(e.had - e.active, 0) ELSE coalesce(c.flagged, 0) END AS churned
    FROM groups g
    LEFT JOIN cust c ON c.kz_group = g.kz_group
    LEFT JOIN eps e ON e.kz_group = g.kz_group
    LEFT JOIN rep r ON r.kz_group = g.kz_group
    LEFT JOIN resp s ON s.kz_group = g.kz_group
)
ORDER BY "group"
