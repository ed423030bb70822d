-- The Voice pane's list: survey comments (responses.comment not empty) and
-- review texts, newest first, with their score, group and date.
SELECT source, written_at, score, kind, about, "group", customer_id, text
FROM (
    SELECT 'survey' AS source, responded_at AS written_at, score, coalesce(survey, 'nps') AS kind,
        touchpoint AS about, kz_group AS "group", customer_id, comment AS text
    FROM responses_f
    WHERE coalesce(trim(comment), '') <> ''
    UNION ALL
    SELECT 'review', reviewed_at, rating, 'review', product, kz_group, customer_id, text
    FROM reviews_f
    WHERE coalesce(trim(text), '') <> ''
)
ORDER BY written_at DESC, source, customer_id, text
