package topics

import (
	"math"
	"testing"
)

// TestValuesByHand: the impact of a topic on CSAT and on the average
// rating, worked by hand.
//
// CSAT (100 satisfied, 0 not) of six answers, delivery mentioned by
// three (scores 2, 1, 4 → 1 satisfied of 3: 33.3); all 3 of 6 = 50; the
// rest (5, 5, 3 → 2 of 3) 66.7; impact 50 − 66.7 = −16.7; margin
// (3/6)·1.96·√(100²·(2/9)/3 + 100²·(2/9)/3) = .5·1.96·38.49 = 37.72.
//
// Ratings 1, 2, 4 (delivery) and 5, 5: all 17/5 = 3.4, mentioners 7/3 =
// 2.333, rest 5; impact 3.4 − 5 = −1.6; Var_m = (1 + 4 + 16)/3 − (7/3)² =
// 1.5556, Var_rest = 0; margin (3/5)·1.96·√(1.5556/3) = .6·1.96·.72008 = 0.8468.
func TestValuesByHand(t *testing.T) {
	del := Options{Named: map[string][]string{"delivery": {"delivery", "配送"}}, MinMentions: 1}
	sat := func(score int) float64 {
		if score >= 4 {
			return 100
		}
		return 0
	}
	csat := []Scored{{"all", sat(2), "Delivery late"}, {"all", sat(1), "配送が遅い"}, {"all", sat(5), "great app"},
		{"all", sat(4), "delivery ok"}, {"all", sat(5), "nice staff"}, {"all", sat(3), "app crash"}}
	rows := AnalyzeValues(csat, del)
	if len(rows) != 1 {
		t.Fatalf("rows = %+v", rows)
	}
	r := rows[0]
	if r.Topic != "delivery" || r.Mentions != 3 || math.Abs(r.MeanMentioners-100.0/3) > 1e-9 ||
		math.Abs(r.Impact-(50-200.0/3)) > 1e-9 || math.Abs(r.ImpactMOE95-37.72) > 0.01 {
		t.Errorf("csat delivery = %+v", r)
	}
	ratings := []Scored{{"all", 1, "delivery late"}, {"all", 2, "broken in delivery"}, {"all", 5, "love it"},
		{"all", 4, "good delivery"}, {"all", 5, "great"}}
	r = AnalyzeValues(ratings, del)[0]
	if r.Mentions != 3 || math.Abs(r.MeanMentioners-7.0/3) > 1e-9 || math.Abs(r.Impact+1.6) > 1e-9 ||
		math.Abs(r.ImpactMOE95-0.8468) > 1e-4 {
		t.Errorf("rating delivery = %+v", r)
	}
}
