-- Reviews: count, average rating (1–5), count per rating and
-- positive_share = 100·count(rating ≥ 4)/N.
SELECT
    kz_group AS "group",
    count(*) AS reviews,
    avg(rating) AS avg_rating,
    count(*) FILTER (WHERE rating = 1) AS rating_1,
    count(*) FILTER (WHERE rating = 2) AS rating_2,
    count(*) FILTER (WHERE rating = 3) AS rating_3,
    count(*) FILTER (WHERE rating = 4) AS rating_4,
    count(*) FILTER (WHERE rating = 5) AS rating_5,
    100.0 * (rating_4 + rating_5) / NULLIF(reviews, 0) AS positive_share
FROM reviews_f
GROUP BY kz_group
ORDER BY kz_group
