-- Drill-down behind a platform's bar: its posts with their engagement rate.
-- $kz_sel is the platform (kz_group, grouped by platform).
SELECT post_id, posted_at, platform, impressions, interactions,
    100.0 * interactions / NULLIF(impressions, 0) AS engagement_rate,
    likes, comments, shares, clicks, saves
FROM posts_f
WHERE kz_group = $kz_sel
ORDER BY engagement_rate DESC NULLS LAST, posted_at DESC, post_id
