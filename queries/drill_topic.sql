-- Drill-down behind a topic of the Voice pane: the NPS answers (survey
-- empty or 'nps') whose comment mentions the topic, as the regular
-- expression $kz_pattern (topics.Pattern) finds them — a predicate, so
-- that S saves the mentioners as a segment evaluated again on new comments.
SELECT customer_id, responded_at, score, comment
FROM responses_f
WHERE coalesce(survey, 'nps') = 'nps'
  AND regexp_matches(coalesce(comment, ''), $kz_pattern)
ORDER BY score, responded_at, customer_id
