-- Review texts (compare reviews: "which topics moved"): every review with a
-- non-empty text, with its group (the --by value).
SELECT kz_group AS "group", text AS comment
FROM reviews_f
WHERE nullif(trim(text), '') IS NOT NULL
ORDER BY kz_group, reviewed_at, customer_id, text
