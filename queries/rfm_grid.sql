-- RFM grid (not a metric): customers of rfm_scores (built from orders_f) per
-- recency score r and frequency score f, all 25 cells, zeros included,
-- ordered by r then f.
SELECT g.r, g.f, count(s.customer_id) AS customers
FROM (SELECT CAST(r AS INTEGER) AS r, CAST(f AS INTEGER) AS f FROM range(1, 6) a(r), range(1, 6) b(f)) g
LEFT JOIN rfm_scores s ON s.r = g.r AND s.f = g.f
GROUP BY g.r, g.f
ORDER BY g.r, g.f
