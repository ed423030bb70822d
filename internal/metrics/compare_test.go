package metrics

import (
	"context"
	"math"
	"testing"
)

// Orders only, cohorts by first order month; as_of = 2024-04-01 (c8's
// order), so April is partial.
//
//	東: 2024-01 cohort c1 c2 c3, active in February c1 c3 → +1: 2 of 3;
//	    2024-02 cohort c4, active in March → +1: 1 of 1.  Pooled 3 of 4 = 75%.
//	西: 2024-01 cohort c5 c6 c7, active in February c7 → +1: 1 of 3;
//	    2024-04 cohort c8 has no +1 yet.                 Pooled 1 of 3 = 33.3%.
//
// difference 75 − 33.333 = 41.667 points;
// moe = 196·√(.75·.25/4 + (1/3)(2/3)/3) = 196·√(.046875 + .074074) = 68.165;
// not significant.
var compareFixture = []string{
	`INSERT INTO customers (customer_id, region) VALUES ('c1','東'), ('c2','東'), ('c3','東'), ('c4','東'),
		('c5','西'), ('c6','西'), ('c7','西'), ('c8','西')`,
	`INSERT INTO orders (customer_id, ordered_at, amount) VALUES
		('c1','2024-01-05',10), ('c1','2024-02-05',10), ('c2','2024-01-06',10), ('c3','2024-01-07',10), ('c3','2024-02-07',10),
		('c4','2024-02-10',10), ('c4','2024-03-05',10),
		('c5','2024-01-08',10), ('c6','2024-01-09',10), ('c7','2024-01-10',10), ('c7','2024-02-11',10),
		('c8','2024-04-01',10)`,
	// Comments: 東 delivery 2 of 3, app 1 of 3; 西 delivery 1 of 3, app 2 of 3.
	`INSERT INTO responses (customer_id, responded_at, score, comment) VALUES
		('c1','2024-02-01',9,'delivery late'), ('c2','2024-02-01',5,'Delivery was late'), ('c3','2024-02-01',7,'app slow'),
		('c5','2024-02-01',3,'the app is slow'), ('c6','2024-02-01',6,'app crashed'), ('c7','2024-02-01',9,'delivery ok'),
		('c8','2024-04-01',9,'')`,
}

func TestCompareRetentionByHand(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, compareFixture...)
	a, _ := ParseSide("region=東")
	b, _ := ParseSide("region=西")
	p := Params{Topics: map[string][]string{"delivery": {"delivery"}, "app": {"app"}}, MinMentions: 1}
	r, err := Compare(context.Background(), db, "retention", p, a, b)
	if err != nil {
		t.Fatal(err)
	}
	m := rowMap(r, 0)
	moe := 196 * math.Sqrt(.75*.25/4+(1.0/3)*(2.0/3)/3)
	mustEqual(t, "value_a", m["value_a"], 75.0)
	mustEqual(t, "value_b", m["value_b"], 100.0/3)
	mustEqual(t, "n_a", m["n_a"], 4)
	mustEqual(t, "n_b", m["n_b"], 3)
	mustEqual(t, "difference", m["difference"], 75-100.0/3)
	mustEqual(t, "moe95", m["moe95"], moe)
	mustEqual(t, "significant", m["significant"], false)
	if math.Abs(moe-68.165) > 1e-3 {
		t.Errorf("hand-worked moe %v", moe)
	}
	// Topics: both moved by 33.3 points (app first by name): app 1 of 3 vs
	// 2 of 3 → −33.3, delivery 2 of 3 vs 1 of 3 → +33.3; moe =
	// 196·√(2·(2/9)/3) = 75.44.
	if len(r.Rows) != 3 {
		t.Fatalf("rows = %v", r.Rows)
	}
	app, del := rowMap(r, 1), rowMap(r, 2)
	mustEqual(t, "app metric", app["metric"], "topic_share")
	mustEqual(t, "app topic", app["topic"], "app")
	mustEqual(t, "app share a", app["value_a"], 100.0/3)
	mustEqual(t, "app share b", app["value_b"], 200.0/3)
	mustEqual(t, "app n_a", app["n_a"], 3)
	mustEqual(t, "app difference", app["difference"], -100.0/3)
	mustEqual(t, "app moe", app["moe95"], 196*math.Sqrt(2*(2.0/9)/3))
	mustEqual(t, "delivery topic", del["topic"], "delivery")
	mustEqual(t, "delivery difference", del["difference"], 100.0/3)
}

// Subscriptions, as_of 2024-03-31, churn per month:
//
//	東: c1 Jan 1 – Feb 15, c2 Jan 1 – open, c3 Jan 1 – Mar 10
//	    Jan 3 active, 0 churned; Feb 3, 1 (c1); Mar 2, 1 (c3) → 2 of 8 = 25%
//	西: c5 Jan 1 – open, c6 Jan 1 – Jan 20, c7 Jan 1 – Feb 20
//	    Jan 3, 1 (c6); Feb 2, 1 (c7); Mar 1, 0              → 2 of 6 = 33.3%
//
// difference −8.333; moe = 196·√(.25·.75/8 + (1/3)(2/3)/6) = 196·√(.0234375 + .0370370) = 48.20.
func TestCompareChurnByHand(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}},
		`INSERT INTO customers (customer_id, region) VALUES ('c1','東'), ('c2','東'), ('c3','東'), ('c5','西'), ('c6','西'), ('c7','西')`,
		`INSERT INTO subscriptions (customer_id, started_at, ended_at) VALUES
			('c1','2024-01-01','2024-02-15'), ('c2','2024-01-01',NULL), ('c3','2024-01-01','2024-03-10'),
			('c5','2024-01-01',NULL), ('c6','2024-01-01','2024-01-20'), ('c7','2024-01-01','2024-02-20')`)
	a, _ := ParseSide("region=東")
	b, _ := ParseSide("region=西")
	r, err := Compare(context.Background(), db, "churn", Params{AsOf: "2024-03-31"}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 1 {
		t.Errorf("no comments, yet topic rows: %v", r.Rows)
	}
	m := rowMap(r, 0)
	moe := 196 * math.Sqrt(.25*.75/8+(1.0/3)*(2.0/3)/6)
	mustEqual(t, "value_a", m["value_a"], 25.0)
	mustEqual(t, "value_b", m["value_b"], 100.0/3)
	mustEqual(t, "n_a", m["n_a"], 8)
	mustEqual(t, "n_b", m["n_b"], 6)
	mustEqual(t, "difference", m["difference"], 25-100.0/3)
	mustEqual(t, "moe95", m["moe95"], moe)
	mustEqual(t, "significant", m["significant"], false)
	if math.Abs(moe-48.20) > 1e-2 {
		t.Errorf("hand-worked moe %v", moe)
	}
}

// TestCompareReviewsTopicsFromTexts: for reviews, the topics that moved
// come from the review texts. 東: 2 reviews, both about delivery (100%),
// none about the box; 西: delivery 1 of 2 (50%), box 1 of 2 (50%). Both
// moved 50 points; box first by name.
func TestCompareReviewsTopicsFromTexts(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}},
		`INSERT INTO customers (customer_id, region) VALUES ('c1','東'), ('c2','東'), ('c3','西'), ('c4','西')`,
		`INSERT INTO reviews (customer_id, reviewed_at, rating, text) VALUES ('c1','2024-01-01',5,'fast delivery'),
			('c2','2024-01-02',4,'Fast delivery!'), ('c3','2024-01-03',2,'broken box'), ('c4','2024-01-04',5,'delivery ok')`)
	a, _ := ParseSide("region=東")
	b, _ := ParseSide("region=西")
	p := Params{Topics: map[string][]string{"delivery": {"delivery"}, "box": {"box"}}, MinMentions: 1}
	r, err := Compare(context.Background(), db, "reviews", p, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 3 {
		t.Fatalf("rows = %v", r.Rows)
	}
	mustEqual(t, "positive share a", rowMap(r, 0)["value_a"], 100.0)
	mustEqual(t, "positive share b", rowMap(r, 0)["value_b"], 50.0)
	box, del := rowMap(r, 1), rowMap(r, 2)
	mustEqual(t, "box", box["topic"], "box")
	mustEqual(t, "box difference", box["difference"], -50.0)
	mustEqual(t, "box n_b", box["n_b"], 2)
	mustEqual(t, "delivery", del["topic"], "delivery")
	mustEqual(t, "delivery difference", del["difference"], 50.0)
}
