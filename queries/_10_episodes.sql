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
-- The episodes themselves come from fragment episode_rows.
SELECT
    e.customer_id,
    coalesce(c.kz_group, '(unknown)') AS kz_group,
    e.start_date,
    CASE WHEN e.end_date > CAST($as_of AS DATE) THEN NULL ELSE e.end_date END AS end_date,
    CAST(e.island AS BIGINT) AS episode_no
FROM episode_rows e
JOIN customers_f c ON c.customer_id = e.customer_id
