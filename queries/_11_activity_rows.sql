-- activity_rows(customer_id, day): the rows behind fragment activity, one per
-- order line (or event) rather than per distinct day, for readers that only
-- take a minimum, a maximum or distinct periods of the days (cohorts,
-- retention): skipping the per-day DISTINCT saves a pass over the largest
-- table. Same rules as activity: whole history up to as_of (R_all), after
-- --where; returns (kz_return) are no activity; exactly one branch has rows.
SELECT customer_id, CAST(ordered_at AS DATE) AS day
FROM orders_all
WHERE customer_id IS NOT NULL AND NOT kz_return AND coalesce($activity, '') <> 'events'
UNION ALL
SELECT customer_id, CAST(occurred_at AS DATE) AS day
FROM events_all
WHERE customer_id IS NOT NULL AND $activity = 'events'
