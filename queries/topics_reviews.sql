-- Topics of review texts (SPEC §6 topics, issue 12 "the same for review
-- ratings"): every review with its group, rating (1–5) and text.
-- internal/topics finds the topics and per topic: mentions,
-- avg_rating_mentioners, impact = average rating(all) − average rating(all
-- without the mentioners) and impact_moe95 = (n_m/n)·1.96·√(Var_m/n_m +
-- Var_rest/n_rest), Var the population variance of the ratings.
SELECT kz_group AS "group", rating AS score, coalesce(text, '') AS comment
FROM reviews_f
ORDER BY kz_group, reviewed_at, customer_id, comment
