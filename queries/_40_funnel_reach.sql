-- Ordered journey funnel (relation funnel_reach): one row per customer and
-- stage reached. Events match a stage when lower(event) LIKE a pattern of
-- journey_stages; orders are purchase (stage 3) events (returns, kz_return,
-- are not). A customer reaches stage 1 at their first stage-1 event and stage s at their first stage-s
-- event at or after reaching stage s−1, no later than $window days after it
-- when $window > 0. kz_group is the group of the event that reached stage 1.
-- prev_reached_at is when the customer reached stage s−1 (NULL for stage 1).
--
-- One pass over events_f and orders_f: LIKE runs once per distinct event
-- name (names, stage_of), each row finds its stages by the name's position;
-- per customer, the first stage-1 time and the times of stages 2–5 as lists,
-- from which each stage's time follows from the previous one's.
WITH names AS (
    SELECT list(event ORDER BY event) AS ev
    FROM (SELECT DISTINCT event FROM events WHERE event IS NOT NULL)
), stage_of AS (
    -- i = position of the name in names.ev; one row per matching pattern.
    SELECT r.i, j.stage
    FROM names, unnest(range(1, len(names.ev) + 1)) AS r(i)
    JOIN journey_stages j ON lower(names.ev[r.i]) LIKE j.pattern
), hits AS (
    SELECT e.customer_id, e.kz_group, e.ts, m.stage
    FROM (SELECT customer_id, kz_group, occurred_at AS ts, list_position(names.ev, event) AS i
          FROM events_f, names
          WHERE customer_id IS NOT NULL AND occurred_at IS NOT NULL) e
    JOIN stage_of m ON m.i = e.i
    UNION ALL
    SELECT customer_id, kz_group, ordered_at, 3
    FROM orders_f
    WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL AND NOT kz_return
), per AS (
    SELECT customer_id,
        arg_min(kz_group, (ts, kz_group)) FILTER (WHERE stage = 1) AS kz_group,
        min(ts) FILTER (WHERE stage = 1) AS r1,
        list(ts) FILTER (WHERE stage = 2) AS l2,
        list(ts) FILTER (WHERE stage = 3) AS l3,
        list(ts) FILTER (WHERE stage = 4) AS l4,
        list(ts) FILTER (WHERE stage = 5) AS l5
    FROM hits
    GROUP BY customer_id
    HAVING min(ts) FILTER (WHERE stage = 1) IS NOT NULL
), w AS (
    SELECT CASE WHEN $window = 0 THEN NULL ELSE to_days(CAST($window AS INTEGER)) END AS w
), p2 AS (
    SELECT per.*, w.w, list_min(list_filter(l2, x -> x >= r1 AND (w IS NULL OR x <= r1 + w))) AS r2
    FROM per, w
), p3 AS (
    SELECT p2.*, list_min(list_filter(l3, x -> x >= r2 AND (w IS NULL OR x <= r2 + w))) AS r3 FROM p2
), p4 AS (
    SELECT p3.*, list_min(list_filter(l4, x -> x >= r3 AND (w IS NULL OR x <= r3 + w))) AS r4 FROM p3
), wide AS (
    SELECT customer_id, kz_group, r1, r2, r3, r4,
        list_min(list_filter(l5, x -> x >= r4 AND (w IS NULL OR x <= r4 + w))) AS r5
    FROM p4
)
SELECT customer_id, kz_group, stage, reached_at, prev_reached_at
FROM (SELECT customer_id, kz_group,
          unnest([1, 2, 3, 4, 5]) AS stage,
          unnest([r1, r2, r3, r4, r5]) AS reached_at,
          unnest([NULL, r1, r2, r3, r4]) AS prev_reached_at
      FROM wide)
WHERE reached_at IS NOT NULL
