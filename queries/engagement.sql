-- SNS engagement rate: engagement_rate = 100·Σ interactions/Σ impressions.
-- interactions is already likes+comments+shares+clicks+saves when no
-- interactions column was mapped. No impressions → NULL rate.
SELECT
    kz_group AS "group",
    count(*) AS posts,
    sum(impressions) AS impressions,
    sum(interactions) AS interactions,
    100.0 * sum(interactions) / NULLIF(sum(impressions), 0) AS engagement_rate
FROM posts_f
GROUP BY kz_group
ORDER BY kz_group
