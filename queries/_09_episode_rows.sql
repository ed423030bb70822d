-- episode_rows(customer_id, start_date, end_date, island): the activity
-- episodes of fragment episodes before they meet customers_f and as_of: the
-- rules are there. end_date is the day the episode ends, also when that is
-- after as_of. The loader keeps these rows for the default as-of date and
-- inactive_days in kz_episodes (metrics.DerivedSQL); the metrics read that
-- table instead when the parameters match and no filter changes the rows.
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
)
SELECT customer_id, start_date, end_date, island FROM sub_episodes
UNION ALL
SELECT customer_id, start_date, end_date, island FROM order_episodes
