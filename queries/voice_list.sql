-- The Voice pane's list: the newest $kz_limit comments (survey comments and review texts) whose
-- source, kind, topic, group, customer and text hold every word of
-- $kz_search ('' keeps all), case-insensitive. kz_* are the counts of every
-- comment in range (the pane's headline) and kz_matches the comments that
-- match the search, over all of them, not only the rows returned.
SELECT *, count(*) OVER () AS kz_matches
FROM (
    SELECT source, written_at, score, kind, about, "group", customer_id, text,
        count(*) OVER () AS kz_total,
        count(*) FILTER (WHERE source = 'survey') OVER () AS kz_survey,
        count(*) FILTER (WHERE source = 'survey' AND kind = 'nps' AND score IS NOT NULL) OVER () AS kz_nps,
        count(*) FILTER (WHERE source = 'survey' AND kind = 'nps' AND score <= 6) OVER () AS kz_detractors,
        count(*) FILTER (WHERE source = 'review') OVER () AS kz_reviews,
        avg(score) FILTER (WHERE source = 'review') OVER () AS kz_avg_rating
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
) kz_c
WHERE len(list_filter(string_split(lower($kz_search), ' '),
    w -> w <> '' AND NOT contains(lower(concat_ws(' ', source, kind, about, "group", customer_id, text)), w))) = 0
ORDER BY written_at DESC, source, customer_id, text
LIMIT $kz_limit
