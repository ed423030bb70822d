-- episodes(customer_id, kz_group, start_date, end_date, episode_no): activity
-- episodes per customer on calendar dates (time of day ignored), SPEC §3.
-- Built from the whole history up to as_of (R_all): --from/--to never cut it.
--
-- Source: subscriptions when mapped (the canonical subscriptions table has
-- rows; decided on the table, not on the filtered rows, so every group uses
-- the same definition), else orders.
--   subscriptions: intervals [started_at, ended_at) merged where they overlap
--     or touch; ended_at NULL = open. An interval ending on or before its start
--     date holds no active day and is dropped.
--   orders: consecutive order dates less than $inactive_days apart are one
--     episode, which ends $inactive_days after its last order date. Returns
--     (kz_return: a line with a negative amount or quantity) are not orders
--     and make no activity.
-- An episode whose end is after as_of is open (end_date NULL). A customer is
-- active on day t when start_date <= t AND (end_date IS NULL OR t < end_date).
-- kz_group is the customer's (customers_f), so customer filters and --by apply.
-- episode_no is the island number: islands start at 1 and follow start_date.
WITH mapped AS (
    SELECT EXISTS (SELECT 1 FROM subscriptions) AS subs
),
sub AS (
    SELECT customer_id, CAST(started_at AS DATE) AS s, CAST(ended_at AS DATE) AS e
    FROM subscriptions_all
    WHERE customer_id IS NOT NULL
      AND (ended_at IS NULL OR CAST(ended_at AS DATE) > CAST(started_at AS DATE))
      AND (SELECT subs FROM mapped)
),
sub_marked AS (
    -- A new episode starts when the interval begins after every earlier one
    -- has ended (s = earlier end is touching: same episode).
    SELECT *, CASE WHEN s <= max(coalesce(e, DATE 'infinity')) OVER (
                  PARTITION BY customer_id ORDER BY s, e NULLS LAST
                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
              THEN 0 ELSE 1 END AS brk
    FROM sub
),
sub_episodes AS (
    SELECT customer_id, min(s) AS start_date,
           CASE WHEN bool_or(e IS NULL) THEN NULL ELSE max(e) END AS end_date, island
    FROM (SELECT *, sum(brk) OVER (PARTITION BY customer_id ORDER BY s, e NULLS LAST
                                   ROWS UNBOUNDED PRECEDING) AS island
          FROM sub_marked)
    GROUP BY customer_id, island
),
order_days AS (
    SELECT DISTINCT customer_id, CAST(ordered_at AS DATE) AS d
    FROM orders_all
    WHERE customer_id IS NOT NULL AND NOT kz_return AND NOT (SELECT subs FROM mapped)
),
order_marked AS (
    SELECT *, CASE WHEN d - lag(d) OVER (PARTITION BY customer_id ORDER BY d) < $inactive_days
              THEN 0 ELSE 1 END AS brk
    FROM order_days
),
order_episodes AS (
    SELECT customer_id, min(d) AS start_date, max(d) + CAST($inactive_days AS INTEGER) AS end_date, island
    FROM (SELECT *, sum(brk) OVER (PARTITION BY customer_id ORDER BY d ROWS UNBOUNDED PRECEDING) AS island
          FROM order_marked)
    GROUP BY customer_id, island
),
all_episodes AS (
    SELECT * FROM sub_episodes
    UNION ALL
    SELECT * FROM order_episodes
)
SELECT
    e.customer_id,
    coalesce(c.kz_group, '(unknown)') AS kz_group,
    e.start_date,
    CASE WHEN e.end_date > CAST($as_of AS DATE) THEN NULL ELSE e.end_date END AS end_date,
    CAST(e.island AS BIGINT) AS episode_no
FROM all_episodes e
JOIN customers_f c ON c.customer_id = e.customer_id
