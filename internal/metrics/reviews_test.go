package metrics

import "testing"

// Seven reviews: rating, customer (region), product, date.
// 5 c1(A) mug Jan, 4 c2(A) mug Jan, 3 c3(B) tee Feb, 1 c4(B) tee Feb,
// 2 c1(A) tee Mar, 5 anonymous mug Mar, 4 c3(B) cap Mar.
const reviewsFixture = `
INSERT INTO customers (customer_id, region) VALUES ('c1','A'),('c2','A'),('c3','B'),('c4','B');
INSERT INTO reviews (customer_id, reviewed_at, rating, product) VALUES
 ('c1','2024-01-05',5,'mug'),('c2','2024-01-15',4,'mug'),('c3','2024-02-03',3,'tee'),
 ('c4','2024-02-20',1,'tee'),('c1','2024-03-02',2,'tee'),(NULL,'2024-03-08',5,'mug'),
 ('c3','2024-03-09 23:59:00',4,'cap');`

type reviewsRow struct {
	group              string
	n                  int
	avg                float64
	r1, r2, r3, r4, r5 int
	positive           float64
}

func checkReviews(t *testing.T, r *Result, want []reviewsRow) {
	t.Helper()
	if len(r.Rows) != len(want) {
		t.Fatalf("rows = %v", r.Rows)
	}
	for i, w := range want {
		m := rowMap(r, i)
		g := w.group
		mustEqual(t, "group", m["group"], g)
		mustEqual(t, g+" reviews", m["reviews"], w.n)
		mustEqual(t, g+" avg_rating", m["avg_rating"], w.avg)
		for j, c := range []int{w.r1, w.r2, w.r3, w.r4, w.r5} {
			k := "rating_" + string(rune('1'+j))
			mustEqual(t, g+" "+k, m[k], c)
		}
		mustEqual(t, g+" positive_share", m["positive_share"], w.positive)
	}
}

func TestReviewsOverall(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, reviewsFixture)
	r := run(t, db, "reviews", Params{})
	want := []string{"group", "reviews", "avg_rating", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5", "positive_share"}
	if len(r.Columns) != len(want) {
		t.Fatalf("columns = %v", r.Columns)
	}
	for i, c := range want {
		mustEqual(t, "column", r.Columns[i], c)
	}
	// Ratings 5 4 3 1 2 5 4: N = 7, sum 24 → avg 24/7; one each of 1, 2, 3,
	// two 4s and two 5s; positive (≥ 4) = 4 → 400/7.
	checkReviews(t, r, []reviewsRow{{"all", 7, 24.0 / 7, 1, 1, 1, 2, 2, 400.0 / 7}})
	mustEqual(t, "as_of", r.AsOf, "2024-03-09")
}

func TestReviewsByAndFilters(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, reviewsFixture)
	// By product (own column): cap 4; mug 5, 4, 5; tee 3, 1, 2.
	checkReviews(t, run(t, db, "reviews", Params{By: "product"}), []reviewsRow{
		{"cap", 1, 4, 0, 0, 0, 1, 0, 100},
		{"mug", 3, 14.0 / 3, 0, 0, 0, 1, 2, 100},
		{"tee", 3, 2, 1, 1, 1, 0, 0, 0},
	})
	// By region (customer dimension): the anonymous review is (unknown): 5;
	// A 5, 4, 2 → avg 11/3, 2 of 3 positive; B 3, 1, 4 → avg 8/3, 1 of 3.
	checkReviews(t, run(t, db, "reviews", Params{By: "region"}), []reviewsRow{
		{"(unknown)", 1, 5, 0, 0, 0, 0, 1, 100},
		{"A", 3, 11.0 / 3, 0, 1, 0, 1, 1, 200.0 / 3},
		{"B", 3, 8.0 / 3, 1, 0, 1, 1, 0, 100.0 / 3},
	})
	// By month: Jan 5, 4; Feb 3, 1; Mar 2, 5, 4.
	checkReviews(t, run(t, db, "reviews", Params{By: "month"}), []reviewsRow{
		{"2024-01", 2, 4.5, 0, 0, 0, 1, 1, 100},
		{"2024-02", 2, 2, 1, 0, 1, 0, 0, 0},
		{"2024-03", 3, 11.0 / 3, 0, 1, 0, 1, 1, 200.0 / 3},
	})
	// --where product=tee --from 2024-02-10: 1 (Feb 20), 2 (Mar 2) → avg 1.5.
	checkReviews(t, run(t, db, "reviews", Params{Where: []Filter{{"product", "tee"}}, From: "2024-02-10"}),
		[]reviewsRow{{"all", 2, 1.5, 1, 1, 0, 0, 0, 0}})
	// --where region=B --to 2024-03-09 keeps the 23:59 review: 3, 1, 4.
	checkReviews(t, run(t, db, "reviews", Params{Where: []Filter{{"region", "B"}}, To: "2024-03-09"}),
		[]reviewsRow{{"all", 3, 8.0 / 3, 1, 0, 1, 1, 0, 100.0 / 3}})
}
