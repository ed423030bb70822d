-- Drill-down behind an NPS bar: the group's NPS responses with their
-- comments, detractors first (then passives, promoters); within a category
-- the ones with a comment first. $kz_sel is the group (kz_group).
SELECT
    customer_id,
    responded_at,
    score,
    CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' ELSE 'detractor' END AS category,
    touchpoint,
    comment
FROM responses_f
WHERE coalesce(survey, 'nps') = 'nps' AND kz_group = $kz_sel
ORDER BY CASE WHEN score <= 6 THEN 0 WHEN score <= 8 THEN 1 ELSE 2 END,
    coalesce(trim(comment), '') = '', score, responded_at, customer_id
