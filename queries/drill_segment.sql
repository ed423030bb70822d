-- Drill-down behind a segment: its customers (all their columns) with
-- their orders and revenue in range. $kz_sel is the segment (kz_group).
-- Returns (kz_return) are no orders; revenue is net of them.
SELECT c.* EXCLUDE (kz_group), coalesce(o.orders, 0) AS orders, coalesce(o.revenue, 0) AS revenue,
    o.last_order_at
FROM customers_f c
LEFT JOIN (
    SELECT customer_id, count(DISTINCT order_id) FILTER (WHERE NOT kz_return) AS orders, sum(amount) AS revenue,
        max(ordered_at) FILTER (WHERE NOT kz_return) AS last_order_at
    FROM orders_f
    GROUP BY customer_id
) o ON o.customer_id = c.customer_id
WHERE c.kz_group = $kz_sel
ORDER BY revenue DESC, c.customer_id
