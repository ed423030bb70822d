-- Drill-down behind an RFM grid cell: customers with recency score $kz_r and
-- frequency score $kz_f, with recency, frequency and monetary.
SELECT customer_id, segment, recency_days, frequency, monetary, r, f, m
FROM rfm_scores
WHERE r = CAST($kz_r AS INTEGER) AND f = CAST($kz_f AS INTEGER)
ORDER BY monetary DESC, customer_id
