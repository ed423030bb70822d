package metrics

import "testing"

// Six CSAT responses (scale 1–5) plus nps and ces rows that CSAT ignores.
// c1 A web 5 (Jan), c2 A web 4 (Jan), c3 B store 3 (Feb), c4 B store 2 (Feb),
// c5 (unknown) web 5 (Mar), c1 A store 1 (Mar).
const csatFixture = `
INSERT INTO customers (customer_id, region) VALUES ('c1','A'),('c2','A'),('c3','B'),('c4','B'),('c5','');
INSERT INTO responses (customer_id, responded_at, score, survey, touchpoint) VALUES
 ('c1','2024-01-10',5,'csat','web'),('c2','2024-01-20',4,'csat','web'),
 ('c3','2024-02-05',3,'csat','store'),('c4','2024-02-15',2,'csat','store'),
 ('c5','2024-03-01',5,'csat','web'),('c1','2024-03-10 18:30:00',1,'csat','store'),
 ('c2','2024-03-12',9,NULL,'web'),('c3','2024-03-15',10,'nps','web'),('c4','2024-03-20',5,'ces','web');`

func TestCSATOverall(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, csatFixture)
	r := run(t, db, "csat", Params{})
	if len(r.Rows) != 1 {
		t.Fatalf("rows = %v", r.Rows)
	}
	wantCols := []string{"group", "responses", "satisfied", "csat"}
	for i, c := range wantCols {
		mustEqual(t, "column", r.Columns[i], c)
	}
	m := rowMap(r, 0)
	// N = 6; score ≥ 4: 5, 4, 5 → 3; csat = 100·3/6 = 50.
	mustEqual(t, "group", m["group"], "all")
	mustEqual(t, "responses", m["responses"], 6)
	mustEqual(t, "satisfied", m["satisfied"], 3)
	mustEqual(t, "csat", m["csat"], 50.0)
	mustEqual(t, "as_of", r.AsOf, "2024-03-20")
}

func TestCSATByAndFilters(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, csatFixture)
	type row struct {
		group  string
		n, sat int
		csat   float64
	}
	check := func(r *Result, want []row) {
		t.Helper()
		if len(r.Rows) != len(want) {
			t.Fatalf("rows = %v", r.Rows)
		}
		for i, w := range want {
			m := rowMap(r, i)
			mustEqual(t, "group", m["group"], w.group)
			mustEqual(t, w.group+" responses", m["responses"], w.n)
			mustEqual(t, w.group+" satisfied", m["satisfied"], w.sat)
			mustEqual(t, w.group+" csat", m["csat"], w.csat)
		}
	}
	// By region (customer dimension): (unknown) c5 5 → 1/1 = 100;
	// A: 5, 4, 1 → 2/3; B: 3, 2 → 0/2 = 0.
	check(run(t, db, "csat", Params{By: "region"}),
		[]row{{"(unknown)", 1, 1, 100}, {"A", 3, 2, 200.0 / 3}, {"B", 2, 0, 0}})
	// By touchpoint (own column): store 3, 2, 1 → 0/3; web 5, 4, 5 → 3/3.
	check(run(t, db, "csat", Params{By: "touchpoint"}),
		[]row{{"store", 3, 0, 0}, {"web", 3, 3, 100}})
	// By month: Jan 5, 4 → 100; Feb 3, 2 → 0; Mar 5, 1 → 50.
	check(run(t, db, "csat", Params{By: "month"}),
		[]row{{"2024-01", 2, 2, 100}, {"2024-02", 2, 0, 0}, {"2024-03", 2, 1, 50}})
	// --where region=A: 5, 4, 1 → 2/3.
	check(run(t, db, "csat", Params{Where: []Filter{{"region", "A"}}}),
		[]row{{"all", 3, 2, 200.0 / 3}})
	// --from 2024-02-01 --to 2024-03-10 (inclusive, time of day ignored):
	// 3, 2, 5, 1 → 1/4 = 25.
	check(run(t, db, "csat", Params{From: "2024-02-01", To: "2024-03-10"}),
		[]row{{"all", 4, 1, 25}})
	// --as-of 2024-01-31: only January → 2/2.
	check(run(t, db, "csat", Params{AsOf: "2024-01-31"}), []row{{"all", 2, 2, 100}})
	// A range with no CSAT responses still has the one "all" row (SPEC §4):
	// 0 responses, 0 satisfied, csat null.
	r := run(t, db, "csat", Params{From: "2024-03-11"})
	if len(r.Rows) != 1 {
		t.Fatalf("rows = %v", r.Rows)
	}
	m := rowMap(r, 0)
	mustEqual(t, "group", m["group"], "all")
	mustEqual(t, "responses", m["responses"], 0)
	mustEqual(t, "satisfied", m["satisfied"], 0)
	if m["csat"] != nil {
		t.Errorf("csat over no responses = %v, want null", m["csat"])
	}
}
