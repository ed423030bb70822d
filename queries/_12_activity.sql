-- activity(customer_id, day): the calendar days on which a customer was
-- active for retention cohorts: order days, or event days when
-- $activity = 'events'. Whole history up to as_of (R_all), after --where.
-- Returns (kz_return) are not orders: a return day is no activity.
-- Exactly one branch has rows, so UNION ALL keeps the days distinct.
SELECT DISTINCT customer_id, CAST(ordered_at AS DATE) AS day
FROM orders_all
WHERE customer_id IS NOT NULL AND NOT kz_return AND coalesce($activity, '') <> 'events'
UNION ALL
SELECT DISTINCT customer_id, CAST(occurred_at AS DATE) AS day
FROM events_all
WHERE customer_id IS NOT NULL AND $activity = 'events'
