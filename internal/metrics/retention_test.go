package metrics

import "testing"

// as_of 2024-04-15 (April is partial).
// r1 (A) signup 01-15, orders 01-20 and 03-05                → cohort 2024-01
// r2 (A) no signup, orders 01-03, 02-03                      → cohort 2024-01 (first order)
// r3 (B) signup 02-02, orders 01-25 (before: ignored), 04-10 → cohort 2024-02
// r4 (B) no signup, no order, events 02-10 and 02-12        → no cohort (events: week of 02-05)
// r5 (no region) signup 02-20, no order                     → cohort 2024-02
// r6 (A) signup 05-05, after as_of                          → a cohort with no cell
const retentionFixture = `
INSERT INTO customers (customer_id, signup_at, region) VALUES
 ('r1','2024-01-15 10:00','A'),('r2',NULL,'A'),('r3','2024-02-02','B'),('r4',NULL,'B'),
 ('r5','2024-02-20',NULL),('r6','2024-05-05','A');
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES
 ('o1','r1','2024-01-20',10),('o2','r1','2024-03-05',10),('o3','r2','2024-01-03',10),
 ('o4','r2','2024-02-03',10),('o5','r3','2024-01-25',10),('o6','r3','2024-04-10',10);
INSERT INTO events (customer_id, occurred_at, event) VALUES
 ('r4','2024-02-10','login'),('r4','2024-02-12 23:00','login');`

var retentionCols = []string{"group", "cohort", "offset", "size", "active", "retention", "partial"}

func TestRetentionTriangle(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, retentionFixture)
	// 2024-01 {r1, r2}: Jan both; Feb r2; Mar r1; Apr nobody (partial).
	// 2024-02 {r3, r5}: Feb, Mar nobody; Apr r3 (partial).
	r := run(t, db, "retention", Params{AsOf: "2024-04-15"})
	wantRows(t, r, retentionCols, [][]any{
		{"all", "2024-01", 0, 2, 2, 100.0, false},
		{"all", "2024-01", 1, 2, 1, 50.0, false},
		{"all", "2024-01", 2, 2, 1, 50.0, false},
		{"all", "2024-01", 3, 2, 0, 0.0, true},
		{"all", "2024-02", 0, 2, 0, 0.0, false},
		{"all", "2024-02", 1, 2, 0, 0.0, false},
		{"all", "2024-02", 2, 2, 1, 50.0, true},
	})
	// By region; --from picks the cohorts whose period overlaps the range.
	r = run(t, db, "retention", Params{AsOf: "2024-04-15", By: "region", From: "2024-02-29"})
	wantRows(t, r, retentionCols, [][]any{
		{"(unknown)", "2024-02", 0, 1, 0, 0.0, false},
		{"(unknown)", "2024-02", 1, 1, 0, 0.0, false},
		{"(unknown)", "2024-02", 2, 1, 0, 0.0, true},
		{"B", "2024-02", 0, 1, 0, 0.0, false},
		{"B", "2024-02", 1, 1, 0, 0.0, false},
		{"B", "2024-02", 2, 1, 1, 100.0, true},
	})
}

func TestRetentionOnOrAfter(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, retentionFixture)
	// Active in period cohort+k or later: 2024-01: k0 r1 r2; k1 r1 (Mar) r2
	// (Feb); k2 r1; k3 nobody. 2024-02: r3's April order counts for k0..k2.
	r := run(t, db, "retention", Params{AsOf: "2024-04-15", Mode: "on-or-after"})
	wantRows(t, r, retentionCols, [][]any{
		{"all", "2024-01", 0, 2, 2, 100.0, false},
		{"all", "2024-01", 1, 2, 2, 100.0, false},
		{"all", "2024-01", 2, 2, 1, 50.0, false},
		{"all", "2024-01", 3, 2, 0, 0.0, true},
		{"all", "2024-02", 0, 2, 1, 50.0, false},
		{"all", "2024-02", 1, 2, 1, 50.0, false},
		{"all", "2024-02", 2, 2, 1, 50.0, true},
	})
}

func TestRetentionWeeklyEvents(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, retentionFixture)
	// With events, r4's cohort is the week of its first event (Mon 02-05);
	// it is the only cohort overlapping 02-05..02-11. Cells: weeks 02-05 (k0)
	// to 04-15 (as_of's week, k10, partial); events in k0 and k1 only.
	r := run(t, db, "retention", Params{AsOf: "2024-04-15", Period: "week", Activity: "events",
		From: "2024-02-05", To: "2024-02-11"})
	if len(r.Rows) != 11 {
		t.Fatalf("rows = %v", r.Rows)
	}
	r.Rows = append(r.Rows[:2], r.Rows[9:]...)
	wantRows(t, r, retentionCols, [][]any{
		{"all", "2024-02-05", 0, 1, 1, 100.0, false},
		{"all", "2024-02-05", 1, 1, 1, 100.0, false},
		{"all", "2024-02-05", 9, 1, 0, 0.0, false},
		{"all", "2024-02-05", 10, 1, 0, 0.0, true},
	})
}
