-- Drill-down behind an RFM segment: its customers with recency, frequency
-- and monetary. $kz_seg is the segment name.
SELECT customer_id, segment, recency_days, frequency, monetary, r, f, m
FROM rfm_scores
WHERE segment = $kz_seg
ORDER BY monetary DESC, customer_id
