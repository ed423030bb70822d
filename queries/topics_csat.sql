-- Topics of CSAT comments (SPEC §6 topics, issue 12 "the same for CSAT"):
-- every CSAT answer (survey = 'csat', score 1–5) with its group and
-- comment. internal/topics finds the topics and per topic: mentions,
-- satisfied (score ≥ 4) among the mentioners, csat_mentioners, impact =
-- CSAT(all) − CSAT(all without the mentioners) and impact_moe95 =
-- (n_m/n)·1.96·√(Var_m/n_m + Var_rest/n_rest), Var = 100²·p(1 − p).
SELECT kz_group AS "group", score, coalesce(comment, '') AS comment
FROM responses_f
WHERE survey = 'csat'
ORDER BY kz_group, responded_at, customer_id, comment
