-- Comments (compare's "which topics moved"): every survey answer with a
-- non-empty comment, with its group (the --by value: a column of the
-- responses, a customer dimension, or the period of responded_at).
SELECT kz_group AS "group", comment
FROM responses_f
WHERE nullif(trim(comment), '') IS NOT NULL
ORDER BY kz_group, responded_at, customer_id, comment
