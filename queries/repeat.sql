-- Repeat rate over the orders in range. An order is a distinct order_id
-- (its rows' amounts summed). Per group: customers with ≥ 1 order,
-- repeat_rate = 100·count(customers with ≥ 2 orders)/customers,
-- orders_per_customer = orders/customers, aov = revenue/orders.
-- Returns: an order_id all of whose lines are returns (kz_return: negative
-- amount or quantity) is no order and makes no customer; revenue is the sum
-- of every line in range, returns included (net), so aov is net too.
-- Orders are grouped by their rows' kz_group: a customer dimension puts each
-- customer in one group; an order column or a period counts a customer in
-- every group they ordered in, with the orders of that group only.
SELECT
    kz_group AS "group",
    count(*) FILTER (WHERE n_orders >= 1) AS customers,
    100.0 * count(*) FILTER (WHERE n_orders >= 2) / NULLIF(customers, 0) AS repeat_rate,
    sum(n_orders) / NULLIF(customers, 0) AS orders_per_customer,
    sum(spent) / NULLIF(sum(n_orders), 0) AS aov,
    sum(spent) AS revenue,
    CAST(sum(n_orders) AS BIGINT) AS orders
FROM (
    SELECT kz_group, customer_id, count(*) FILTER (WHERE NOT is_return) AS n_orders, sum(amount) AS spent
    FROM (SELECT kz_group, order_id, customer_id, amount, kz_return AS is_return FROM order_rows_f)
    GROUP BY kz_group, customer_id
)
GROUP BY kz_group
ORDER BY kz_group
