-- Topics (SPEC §6): every NPS answer (survey empty or 'nps', score 0–10)
-- with its group and comment. internal/topics finds the topics of the
-- comments (named by [topics] in kizuna.toml, else the top key phrases by
-- TF-IDF) and per topic: mentions, promoters/passives/detractors among the
-- mentioners, nps_mentioners, impact = NPS(all) − NPS(all without the
-- mentioners) and impact_moe95 = (n_m/n)·1.96·√(Var_m/n_m + Var_rest/n_rest),
-- Var = 100²·(p + d − (p − d)²) of each side.
SELECT kz_group AS "group", score, coalesce(comment, '') AS comment
FROM responses_f
WHERE coalesce(survey, 'nps') = 'nps'
ORDER BY kz_group, responded_at, customer_id, comment
