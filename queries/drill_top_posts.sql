-- The Engagement pane's top posts: engagement_rate = 100·interactions/impressions
-- per post, highest first (posts without impressions left out).
SELECT post_id, posted_at, platform, impressions, interactions,
    100.0 * interactions / impressions AS engagement_rate
FROM posts_f
WHERE impressions > 0
ORDER BY engagement_rate DESC, posted_at DESC, post_id
LIMIT 20
