-- RFM segments: customers of rfm_scores (built from orders_f) per segment, in
-- the order of SPEC §3; share and revenue_share are percentages of all scored
-- customers and of their revenue. Segments without customers are left out.
SELECT
    segment,
    count(*) AS customers,
    100.0 * count(*) / sum(count(*)) OVER () AS share,
    avg(recency_days) AS avg_recency_days,
    avg(frequency) AS avg_frequency,
    avg(monetary) AS avg_monetary,
    100.0 * sum(monetary) / nullif(sum(sum(monetary)) OVER (), 0) AS revenue_share
FROM rfm_scores
GROUP BY segment
ORDER BY list_position(['Champions', 'Loyal', 'Potential loyalists', 'New customers', 'Promising',
    'Need attention', 'About to sleep', 'At risk', 'Can''t lose them', 'Hibernating', 'Lost'], segment)
