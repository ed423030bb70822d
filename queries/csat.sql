-- CSAT: responses whose survey is 'csat', scale 1–5.
-- satisfied = count(score ≥ 4); csat = 100·satisfied/N.
SELECT
    kz_group AS "group",
    count(*) AS responses,
    count(*) FILTER (WHERE score >= 4) AS satisfied,
    100.0 * satisfied / NULLIF(responses, 0) AS csat
FROM responses_f
WHERE survey = 'csat'
GROUP BY kz_group
ORDER BY kz_group
