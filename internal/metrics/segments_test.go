package metrics

import "testing"

var segmentsCols = []string{"group", "customers", "active_customers", "orders", "revenue", "aov",
	"repeat_rate", "nps", "churned_share", "historical_ltv"}

// as_of 2024-03-31, inactive_days 30.
// s1 (A): o1 01-05 30, o2 03-25 50 → [01-05, 02-04), [03-25, open); NPS 10
// s2 (A): o3 01-10 20              → [01-10, 02-09);                 NPS 6
// s3 (B): o4 03-01 10+5 (one order) → [03-01, 03-31): ends on as_of, not active; NPS 9
// s4 (B): no order;                  csat 8 (not NPS)
// s5 (empty region): o5 03-30 100 → open;                         NPS 7
// s6 (A): nothing. An anonymous NPS 0 on 03-10 falls in (unknown) by region.
const segmentsFixture = `
INSERT INTO customers (customer_id, region) VALUES ('s1','A'),('s2','A'),('s3','B'),('s4','B'),('s5',''),('s6','A');
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES
 ('o1','s1','2024-01-05',30),('o2','s1','2024-03-25',50),('o3','s2','2024-01-10',20),
 ('o4','s3','2024-03-01 09:00',10),('o4','s3','2024-03-01 09:01',5),('o5','s5','2024-03-30',100);
INSERT INTO responses (customer_id, responded_at, score, survey) VALUES
 ('s1','2024-01-15',10,NULL),('s2','2024-02-10',6,'nps'),('s3','2024-03-05',9,NULL),
 ('s4','2024-03-06',8,'csat'),(NULL,'2024-03-10',0,NULL),('s5','2024-03-30',7,NULL);`

func TestSegmentsByRegion(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, segmentsFixture)
	p := Params{AsOf: "2024-03-31", InactiveDays: 30, By: "region"}
	// (unknown): s5 active; 1 order 100; NPS 7 and the anonymous 0 → −50.
	// A: s1 s2 s6, s1 active; 3 orders 100, s1 repeats (1 of 2 buyers);
	//    NPS 10, 6 → 0; s2 churned of {s1, s2}; 100/2.
	// B: s3 s4, none active; 1 order 15; NPS 9 → 100; s3 churned of {s3}.
	r := run(t, db, "segments", p)
	wantRows(t, r, segmentsCols, [][]any{
		{"(unknown)", 1, 1, 1, 100.0, 100.0, 0.0, -50.0, 0.0, 100.0},
		{"A", 3, 1, 3, 100.0, 100.0 / 3, 50.0, 0.0, 50.0, 50.0},
		{"B", 2, 0, 1, 15.0, 15.0, 0.0, 100.0, 100.0, 15.0},
	})
	// --where region=A keeps A's numbers.
	r = run(t, db, "segments", Params{AsOf: "2024-03-31", InactiveDays: 30, Where: []Filter{{"region", "A"}}})
	wantRows(t, r, segmentsCols, [][]any{
		{"all", 3, 1, 3, 100.0, 100.0 / 3, 50.0, 0.0, 50.0, 50.0},
	})
}

func TestSegmentsAllAndRange(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, segmentsFixture)
	p := Params{AsOf: "2024-03-31", InactiveDays: 30}
	// 6 customers, active s1 s5; 5 orders 215 by 4 buyers (s1 repeats);
	// NPS 10 6 9 0 7: P 2, D 2 → 0; had an episode s1 s2 s3 s5, 2 not active.
	r := run(t, db, "segments", p)
	wantRows(t, r, segmentsCols, [][]any{
		{"all", 6, 2, 5, 215.0, 43.0, 25.0, 0.0, 50.0, 53.75},
	})
	// From 03-01: orders o2 50, o4 15, o5 100 (one each); NPS 9, 0, 7 → 0.
	// Customers, active and churned share use the whole history.
	p.From = "2024-03-01"
	r = run(t, db, "segments", p)
	wantRows(t, r, segmentsCols, [][]any{
		{"all", 6, 2, 3, 165.0, 55.0, 0.0, 0.0, 50.0, 55.0},
	})
}
