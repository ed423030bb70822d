package metrics

import "testing"

var ltvCols = []string{"group", "customers", "historical_ltv", "aov", "frequency", "annual_churn",
	"lifespan", "ltv", "lifespan_capped"}

// Four months of data, as_of 2024-06-30, inactive_days 30.
// L1 (A): 04-01 100, 04-15 50, 05-10 30, 06-20 20 → [04-01, 06-09), [06-20, open)
// L2 (A): 04-01 60                              → [04-01, 05-01)
// L3 (B): 04-10 40, 05-05 40, 06-01 40          → [04-10, 07-01 = open)
// L4 (B): 05-01 10                              → [05-01, 05-31)
const ltvShortFixture = `
INSERT INTO customers (customer_id, region) VALUES ('L1','A'),('L2','A'),('L3','B'),('L4','B');
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES
 ('o1','L1','2024-04-01',100),('o2','L1','2024-04-15',50),('o3','L1','2024-05-10',30),('o4','L1','2024-06-20',20),
 ('o5','L2','2024-04-01',60),('o6','L3','2024-04-10',40),('o7','L3','2024-05-05',40),('o8','L3','2024-06-01',40),
 ('o9','L4','2024-05-01',10);`

func TestLTVAnnualised(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, ltvShortFixture)
	p := Params{AsOf: "2024-06-30", InactiveDays: 30}
	// Window 2023-07-01..2024-06-30 = W 366 days; data from 04-01: d = 91 days,
	// so frequency × 366/91. Revenue 390 in 9 orders by 4 customers.
	// Monthly churn: Apr 1 of {L1, L2} (50%), May 1 of {L1, L3, L4} (1/3),
	// Jun 0 of {L1, L3}; m = 3 → annual = 1 − (½·⅔·1)^(12/3) = 1 − 1/81.
	const k = 366.0 / 91
	r := run(t, db, "ltv", p)
	wantRows(t, r, ltvCols, [][]any{
		{"all", 4, 97.5, 390.0 / 9, 9.0 / 4 * k, 100 * 80.0 / 81, 81.0 / 80, 390.0 / 9 * 9 / 4 * k * 81 / 80, false},
	})
	// --from 2024-05-01 only changes historical_ltv: L1 30+20, L3 80, L4 10 → 140/3.
	p.From = "2024-05-01"
	r = run(t, db, "ltv", p)
	wantRows(t, r, ltvCols, [][]any{
		{"all", 3, 140.0 / 3, 390.0 / 9, 9.0 / 4 * k, 100 * 80.0 / 81, 81.0 / 80, 390.0 / 9 * 9 / 4 * k * 81 / 80, false},
	})
	// By region (data span stays the whole data's):
	// A: Apr 1/2, May 0/1, Jun 0/1 → 1 − ½^4 = 15/16; 260 in 5 orders by 2.
	// B: Apr nobody active on 04-01 (no rate), May 1/2, Jun 0/1; m = 2 →
	//    1 − ½^6 = 63/64; 130 in 4 orders by 2.
	r = run(t, db, "ltv", Params{AsOf: "2024-06-30", InactiveDays: 30, By: "region"})
	wantRows(t, r, ltvCols, [][]any{
		{"A", 2, 130.0, 52.0, 2.5 * k, 100 * 15.0 / 16, 16.0 / 15, 52 * 2.5 * k * 16 / 15, false},
		{"B", 2, 65.0, 32.5, 2 * k, 100 * 63.0 / 64, 64.0 / 63, 32.5 * 2 * k * 64 / 63, false},
	})
}

// A full year: k01..k25 (K) order 10 on the 1st of every month 2023-06..2024-06
// (13 orders, one open episode with inactive_days 45); z (Z) orders once on
// 2023-06-01 → [06-01, 07-16); w (no region) never orders.
const ltvYearFixture = `
INSERT INTO customers (customer_id, region)
 SELECT 'k' || lpad(CAST(i AS VARCHAR), 2, '0'), 'K' FROM range(1, 26) a(i);
INSERT INTO customers (customer_id, region) VALUES ('z','Z'),('w',NULL);
INSERT INTO orders (order_id, customer_id, ordered_at, amount)
 SELECT 'k' || i || '-' || m, 'k' || lpad(CAST(i AS VARCHAR), 2, '0'), DATE '2023-06-01' + to_months(m), 10
 FROM range(1, 26) a(i), range(0, 13) b(m);
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES ('z1','z','2023-06-01',10);`

func TestLTVCapped(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, ltvYearFixture)
	p := Params{AsOf: "2024-06-30", InactiveDays: 45}
	// Data start before the window: no annualising. Window orders: 25 × 12
	// (07-01..06-01), 3000, by 25 → aov 10, frequency 12. Churn: July 1 of 26
	// (z), other months 0 of 25 → annual 1/26 → 1/annual = 26 > 20 → 20.
	// historical: 25·13·10 + 10 = 3260 over 26 customers.
	r := run(t, db, "ltv", p)
	wantRows(t, r, ltvCols, [][]any{
		{"all", 26, 3260.0 / 26, 10.0, 12.0, 100.0 / 26, 20.0, 10 * 12 * 20.0, true},
	})
	// K never churns: annual 0 → capped at 20. Z: July 1/1 → 100%, lifespan 1,
	// but no order in the window → no aov, frequency, ltv. w's group: nothing.
	p.By = "region"
	r = run(t, db, "ltv", p)
	wantRows(t, r, ltvCols, [][]any{
		{"(unknown)", 0, nil, nil, nil, nil, nil, nil, nil},
		{"K", 25, 130.0, 10.0, 12.0, 0.0, 20.0, 2400.0, true},
		{"Z", 1, 10.0, nil, nil, 100.0, 1.0, nil, false},
	})
}
