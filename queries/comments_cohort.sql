-- Comments by retention cohort (compare in the Retention pane): every survey
-- answer with a non-empty comment from a customer with a cohort (fragment
-- cohorts), labelled as the retention metric labels cohorts.
SELECT
    CASE WHEN $period = 'month' THEN strftime(m.cohort_p, '%Y-%m')
         ELSE strftime(m.cohort_p, '%Y-%m-%d') END AS "group",
    r.comment
FROM responses_f r
JOIN cohorts m ON m.customer_id = r.customer_id
WHERE nullif(trim(r.comment), '') IS NOT NULL
ORDER BY 1, r.responded_at, r.customer_id, r.comment
