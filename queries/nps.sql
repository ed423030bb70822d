-- NPS: responses whose survey is empty or 'nps', integer score 0–10.
-- Promoters 9–10, passives 7–8, detractors 0–6; nps = 100·(P−D)/N;
-- moe95 = 100·1.96·sqrt((pP + pD − (pP−pD)²)/N); N < 30 is low-sample.
SELECT
    kz_group AS "group",
    count(*) AS responses,
    count(*) FILTER (WHERE score >= 9) AS promoters,
    count(*) FILTER (WHERE score BETWEEN 7 AND 8) AS passives,
    count(*) FILTER (WHERE score <= 6) AS detractors,
    100.0 * (promoters - detractors) / responses AS nps,
    100.0 * 1.96 * sqrt((promoters / responses + detractors / responses
        - power(promoters / responses - detractors / responses, 2)) / responses) AS moe95,
    responses < 30 AS low_sample
FROM responses_f
WHERE coalesce(survey, 'nps') = 'nps'
GROUP BY kz_group
ORDER BY kz_group
