package metrics

import (
	"math"
	"testing"
)

// TestTopicsCSATAndReviews: --metric csat and --metric reviews, worked by
// hand (see internal/topics TestValuesByHand for the arithmetic).
//
//	CSAT: six answers, delivery mentioned by three (2, 1, 4): satisfied 1,
//	csat_mentioners 33.3, impact 50 − 66.7 = −16.7 ±37.72. An NPS answer
//	about delivery is no CSAT answer and is left out.
//	Reviews: ratings 1, 2, 4 mention delivery, 5 and 5 do not:
//	avg_rating_mentioners 2.333, impact 3.4 − 5 = −1.6 ±0.8468.
func TestTopicsCSATAndReviews(t *testing.T) {
	db := fixture(t, nil,
		`INSERT INTO responses (responded_at, score, survey, comment) VALUES
			('2024-01-01', 2, 'csat', 'Delivery late'), ('2024-01-02', 1, 'csat', '配送が遅い'), ('2024-01-03', 5, 'csat', 'great app'),
			('2024-01-04', 4, 'csat', 'delivery ok'), ('2024-01-05', 5, 'csat', 'nice staff'), ('2024-01-06', 3, 'csat', 'app crash'),
			('2024-01-07', 0, 'nps', 'delivery never came')`,
		`INSERT INTO reviews (reviewed_at, rating, text) VALUES ('2024-01-01', 1, 'delivery late'),
			('2024-01-02', 2, 'broken in delivery'), ('2024-01-03', 5, 'love it'), ('2024-01-04', 4, 'good delivery'),
			('2024-01-05', 5, 'great')`)
	p := Params{Topics: map[string][]string{"delivery": {"delivery", "配送"}}, MinMentions: 1, TopicMetric: "csat"}
	r := run(t, db, "topics", p)
	wantRows(t, r, CSATTopicColumns, [][]any{{"all", "delivery", 3, 1, 100.0 / 3, 50 - 200.0/3}})
	if moe := r.Rows[0][r.Col("impact_moe95")].(float64); math.Abs(moe-37.72) > 0.01 {
		t.Errorf("csat impact_moe95 = %v, want 37.72", moe)
	}
	p.TopicMetric = "reviews"
	r = run(t, db, "topics", p)
	wantRows(t, r, ReviewTopicColumns, [][]any{{"all", "delivery", 3, 7.0 / 3, -1.6}})
	if moe := r.Rows[0][r.Col("impact_moe95")].(float64); math.Abs(moe-0.8468) > 1e-4 {
		t.Errorf("reviews impact_moe95 = %v, want 0.8468", moe)
	}
	p.TopicMetric = "ces"
	if err := p.Validate(); err == nil {
		t.Error("--metric ces: want a usage error")
	}
}
