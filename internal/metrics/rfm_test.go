package metrics

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/queries"
)

// Ten customers with orders, as_of 2024-06-30 (c11 has none and is not scored).
// Each customer's orders are k = 0..n−1, k·7 days before the last one; order 0
// carries the rest of the monetary value, the others 10 each. c1's last order
// has a second line (same order id); an order after as_of is ignored.
//
//	cust region recency n(orders) monetary   R F M  segment
//	c1   A        0      10        1500      5 5 5  Champions
//	c2   A        3       1          50      5 1 1  New customers
//	c3   A       10       2         150      4 2 2  Potential loyalists
//	c4   A       10       1          80      4 1 1  Promising
//	c5   A       20       5         500      3 4 4  Loyal
//	c6   B       30       3         260      3 3 3  Need attention
//	c7   B       45       8         900      2 5 5  Can't lose them
//	c8   B       60       4         300      2 4 4  At risk
//	c9   B       90       2         200      1 2 3  Lost
//	c10  B      200       1         100      1 1 2  Lost
//
// quantile_cont over 10 values: position q·(n−1) = 1.8, 3.6, 5.4, 7.2 in the
// sorted list (0-based), value = v[lo] + frac·(v[lo+1] − v[lo]).
//
//	recency  [0 3 10 10 20 30 45 60 90 200]: p20 = 3+0.8·7 = 8.6, p40 = 10+0.6·10 = 16,
//	         p60 = 30+0.4·15 = 36, p80 = 60+0.2·30 = 66 → R 5 5 4 4 3 3 2 2 1 1
//	orders   [1 1 1 2 2 3 4 5 8 10]: p20 = 1, p40 = 2, p60 = 3+0.4·1 = 3.4, p80 = 5+0.2·3 = 5.6
//	         → 1 stays F1 and 2 stays F2 (≤ includes the cut), 3 → 3, 4 and 5 → 4, 8 and 10 → 5
//	monetary [50 80 100 150 200 260 300 500 900 1500]: p20 = 80+0.8·20 = 96,
//	         p40 = 150+0.6·50 = 180, p60 = 260+0.4·40 = 276, p80 = 500+0.2·400 = 580
//	         → 80 is M1, 100 is M2, 300 and 500 are M4
//
// (A cut always lies between two neighbouring values of the list, so scores of
// the customers themselves agree with a lower nearest-rank cut; the ties on the
// cuts — orders 1 and 2, region A's recency 10 below — check that ≤ includes it.)
const rfmFixture = `
INSERT INTO customers (customer_id, region) VALUES ('c1','A'),('c2','A'),('c3','A'),('c4','A'),('c5','A'),
 ('c6','B'),('c7','B'),('c8','B'),('c9','B'),('c10','B'),('c11','B');
INSERT INTO orders (order_id, customer_id, ordered_at, amount)
SELECT c || '-' || k, c, TIMESTAMP '2024-06-30 12:00:00' - to_days(CAST(rec + 7 * k AS INTEGER)),
       CASE WHEN k = 0 THEN m - 10 * (n - 1) ELSE 10 END
FROM (SELECT *, unnest(range(n)) AS k FROM (VALUES
 ('c1', 0, 10, 1400), ('c2', 3, 1, 50), ('c3', 10, 2, 150), ('c4', 10, 1, 80), ('c5', 20, 5, 500),
 ('c6', 30, 3, 260), ('c7', 45, 8, 900), ('c8', 60, 4, 300), ('c9', 90, 2, 200), ('c10', 200, 1, 100)
) v(c, rec, n, m));
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES
 ('c1-0', 'c1', '2024-06-30 18:00:00', 100), ('late', 'c2', '2024-07-01 09:00:00', 999);`

// rfmBody runs a non-metric body (a drill-down or chart query) behind the filters.
func rfmBody(t *testing.T, db Querier, body string, p Params) *Result {
	t.Helper()
	text, args, asOf, err := BuildSQL(context.Background(), db, "customers", body, p)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Query(context.Background(), db, text, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	return &Result{AsOf: asOf, Table: *tab}
}

// rfmByCustomer reads rfm_scores keyed by customer_id.
func rfmByCustomer(t *testing.T, db Querier, p Params) map[string]map[string]any {
	t.Helper()
	r := rfmBody(t, db, "SELECT * FROM rfm_scores", p)
	out := map[string]map[string]any{}
	for i := range r.Rows {
		m := rowMap(r, i)
		out[m["customer_id"].(string)] = m
	}
	return out
}

func TestRFMScores(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, rfmFixture)
	got := rfmByCustomer(t, db, Params{AsOf: "2024-06-30"})
	want := []struct {
		id      string
		rec, n  int
		mon     float64
		r, f, m int
		segment string
	}{
		{"c1", 0, 10, 1500, 5, 5, 5, "Champions"},
		{"c2", 3, 1, 50, 5, 1, 1, "New customers"},
		{"c3", 10, 2, 150, 4, 2, 2, "Potential loyalists"},
		{"c4", 10, 1, 80, 4, 1, 1, "Promising"},
		{"c5", 20, 5, 500, 3, 4, 4, "Loyal"},
		{"c6", 30, 3, 260, 3, 3, 3, "Need attention"},
		{"c7", 45, 8, 900, 2, 5, 5, "Can't lose them"},
		{"c8", 60, 4, 300, 2, 4, 4, "At risk"},
		{"c9", 90, 2, 200, 1, 2, 3, "Lost"},
		{"c10", 200, 1, 100, 1, 1, 2, "Lost"},
	}
	if len(got) != len(want) {
		t.Fatalf("scored %d customers, want %d: %v", len(got), len(want), got)
	}
	for _, w := range want {
		m := got[w.id]
		if m == nil {
			t.Errorf("%s not scored", w.id)
			continue
		}
		mustEqual(t, w.id+" kz_group", m["kz_group"], "all")
		mustEqual(t, w.id+" recency_days", m["recency_days"], w.rec)
		mustEqual(t, w.id+" frequency", m["frequency"], w.n)
		mustEqual(t, w.id+" monetary", m["monetary"], w.mon)
		mustEqual(t, w.id+" r", m["r"], w.r)
		mustEqual(t, w.id+" f", m["f"], w.f)
		mustEqual(t, w.id+" m", m["m"], w.m)
		mustEqual(t, w.id+" segment", m["segment"], w.segment)
	}
}

func TestRFMSegmentsMetric(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, rfmFixture)
	r := run(t, db, "rfm", Params{AsOf: "2024-06-30"})
	wantCols := []string{"segment", "customers", "share", "avg_recency_days", "avg_frequency", "avg_monetary", "revenue_share"}
	if fmt.Sprint(r.Columns) != fmt.Sprint(wantCols) {
		t.Fatalf("columns = %v, want %v", r.Columns, wantCols)
	}
	// Revenue of all scored customers: 1500+50+150+80+500+260+900+300+200+100 = 4040.
	// About to sleep and Hibernating have nobody and are left out.
	want := []struct {
		seg           string
		n             int
		rec, freq, mo float64
	}{
		{"Champions", 1, 0, 10, 1500},
		{"Loyal", 1, 20, 5, 500},
		{"Potential loyalists", 1, 10, 2, 150},
		{"New customers", 1, 3, 1, 50},
		{"Promising", 1, 10, 1, 80},
		{"Need attention", 1, 30, 3, 260},
		{"At risk", 1, 60, 4, 300},
		{"Can't lose them", 1, 45, 8, 900},
		{"Lost", 2, (90 + 200) / 2.0, (2 + 1) / 2.0, (200 + 100) / 2.0},
	}
	if len(r.Rows) != len(want) {
		t.Fatalf("rows = %v", r.Rows)
	}
	for i, w := range want {
		m := rowMap(r, i)
		mustEqual(t, "segment", m["segment"], w.seg)
		mustEqual(t, w.seg+" customers", m["customers"], w.n)
		mustEqual(t, w.seg+" share", m["share"], 100*float64(w.n)/10)
		mustEqual(t, w.seg+" avg_recency_days", m["avg_recency_days"], w.rec)
		mustEqual(t, w.seg+" avg_frequency", m["avg_frequency"], w.freq)
		mustEqual(t, w.seg+" avg_monetary", m["avg_monetary"], w.mo)
		mustEqual(t, w.seg+" revenue_share", m["revenue_share"], 100*w.mo*float64(w.n)/4040)
	}
}

func TestRFMGrid(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, rfmFixture)
	body, err := queries.Get("rfm_grid")
	if err != nil {
		t.Fatal(err)
	}
	r := rfmBody(t, db, body, Params{AsOf: "2024-06-30"})
	if fmt.Sprint(r.Columns) != "[r f customers]" {
		t.Fatalf("columns = %v", r.Columns)
	}
	if len(r.Rows) != 25 {
		t.Fatalf("%d cells, want 25: %v", len(r.Rows), r.Rows)
	}
	// (R,F) of c1..c10 from the table above; every other cell is 0.
	occupied := map[[2]int]int{{5, 5}: 1, {5, 1}: 1, {4, 2}: 1, {4, 1}: 1, {3, 4}: 1,
		{3, 3}: 1, {2, 5}: 1, {2, 4}: 1, {1, 2}: 1, {1, 1}: 1}
	total := 0
	for i := range r.Rows {
		m := rowMap(r, i)
		rr, f := 1+i/5, 1+i%5 // ordered by r, then f
		mustEqual(t, "r", m["r"], rr)
		mustEqual(t, "f", m["f"], f)
		mustEqual(t, fmt.Sprintf("cell r%d f%d", rr, f), m["customers"], occupied[[2]int{rr, f}])
		if n, ok := m["customers"].(int64); ok {
			total += int(n)
		}
	}
	if total != 10 {
		t.Errorf("grid holds %d customers, want 10", total)
	}
}

// Region A alone (--where region=A): c1..c5 are scored among themselves.
// Five values: positions q·4 = 0.8, 1.6, 2.4, 3.2.
//
//	recency [0 3 10 10 20]: p20 = 0+0.8·3 = 2.4, p40 = 3+0.6·7 = 7.2, p60 = 10, p80 = 10+0.2·10 = 12
//	        → c1 0 → R5, c2 3 → R4, c3 and c4 10 → R3 (on the cut), c5 20 → R1
//	orders  [1 1 2 5 10]: p20 = 1, p40 = 1+0.6·1 = 1.6, p60 = 2+0.4·3 = 3.2, p80 = 5+0.2·5 = 6
//	        → c1 10 → F5, c2 1 → F1, c3 2 → F3, c4 1 → F1, c5 5 → F4
func TestRFMWhereAndBy(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, rfmFixture)
	got := rfmByCustomer(t, db, Params{AsOf: "2024-06-30", By: "region", Where: []Filter{{"region", "A"}}})
	want := map[string]struct {
		r, f int
		seg  string
	}{
		"c1": {5, 5, "Champions"}, "c2": {4, 1, "Promising"}, "c3": {3, 3, "Need attention"},
		"c4": {3, 1, "About to sleep"}, "c5": {1, 4, "At risk"},
	}
	if len(got) != len(want) {
		t.Fatalf("scored %v", got)
	}
	for id, w := range want {
		m := got[id]
		mustEqual(t, id+" kz_group", m["kz_group"], "A")
		mustEqual(t, id+" r", m["r"], w.r)
		mustEqual(t, id+" f", m["f"], w.f)
		mustEqual(t, id+" segment", m["segment"], w.seg)
	}
	// --by month: a customer's group is the month of their first order in range:
	// c1 Jun 30 − 9·7 − 0 days = Apr 28, c7 Jun 30 − 45 − 7·7 = Mar 28, c10 Jun 30 − 200 = 2023-12-13.
	got = rfmByCustomer(t, db, Params{AsOf: "2024-06-30", By: "month"})
	mustEqual(t, "c1 kz_group", got["c1"]["kz_group"], "2024-04")
	mustEqual(t, "c7 kz_group", got["c7"]["kz_group"], "2024-03")
	mustEqual(t, "c10 kz_group", got["c10"]["kz_group"], "2023-12")
	// --from 2024-06-01 keeps June orders only: c1 k = 0..4 (Jun 30 … Jun 2) → 5 orders,
	// 1410 + 4·10 = 1450; c5 (Jun 10, Jun 3) → 2 orders, 460 + 10 = 470.
	got = rfmByCustomer(t, db, Params{AsOf: "2024-06-30", From: "2024-06-01", Where: []Filter{{"region", "A"}}})
	mustEqual(t, "c1 frequency", got["c1"]["frequency"], 5)
	mustEqual(t, "c1 monetary", got["c1"]["monetary"], 1450.0)
	mustEqual(t, "c5 frequency", got["c5"]["frequency"], 2)
	mustEqual(t, "c5 monetary", got["c5"]["monetary"], 470.0)
}

// rfmRules restates SPEC §3's segments as rectangles of (R, F), in order.
var rfmRules = []struct {
	name               string
	rLo, rHi, fLo, fHi int
}{
	{"Champions", 4, 5, 4, 5},
	{"Loyal", 3, 3, 4, 5},
	{"Potential loyalists", 4, 5, 2, 3},
	{"New customers", 5, 5, 1, 1},
	{"Promising", 4, 4, 1, 1},
	{"Need attention", 3, 3, 2, 3},
	{"About to sleep", 3, 3, 1, 1},
	{"At risk", 1, 2, 3, 4},
	{"Can't lose them", 1, 2, 5, 5},
	{"Hibernating", 2, 2, 1, 2},
	{"Lost", 1, 1, 1, 2},
}

// 25 customers xIJ, one per (R, F) cell: last order 10·I days before as_of and
// J+1 orders. Recency takes 0,10,20,30,40 five times each; positions q·24 =
// 4.8, 9.6, 14.4, 19.2 give cuts 0+0.8·10 = 8, 10+0.6·10 = 16, 20+0.4·10 = 24,
// 30+0.2·10 = 32, so R = 5−I; orders 1..5 give cuts 1.8, 2.6, 3.4, 4.2, so F = J+1.
const rfmCellsFixture = `
INSERT INTO customers (customer_id) SELECT 'x' || i || j FROM range(5) a(i), range(5) b(j);
INSERT INTO orders (order_id, customer_id, ordered_at, amount)
SELECT id || '-' || k, id, TIMESTAMP '2024-06-30 10:00:00' - to_days(CAST(10 * i + k AS INTEGER)), 10
FROM (SELECT 'x' || i || j AS id, i, unnest(range(j + 1)) AS k FROM range(5) a(i), range(5) b(j));`

func TestRFMSegmentsCoverEveryCell(t *testing.T) {
	// Every cell of the grid falls in exactly one rule.
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			n := 0
			for _, s := range rfmRules {
				if r >= s.rLo && r <= s.rHi && f >= s.fLo && f <= s.fHi {
					n++
				}
			}
			if n != 1 {
				t.Errorf("cell R%d F%d is in %d segments", r, f, n)
			}
		}
	}
	db := fixture(t, nil, rfmCellsFixture)
	got := rfmByCustomer(t, db, Params{AsOf: "2024-06-30"})
	if len(got) != 25 {
		t.Fatalf("scored %d customers, want 25", len(got))
	}
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			id := fmt.Sprintf("x%d%d", i, j)
			m := got[id]
			mustEqual(t, id+" r", m["r"], 5-i)
			mustEqual(t, id+" f", m["f"], j+1)
			for _, s := range rfmRules {
				if 5-i >= s.rLo && 5-i <= s.rHi && j+1 >= s.fLo && j+1 <= s.fHi {
					mustEqual(t, id+" segment", m["segment"], s.name)
				}
			}
		}
	}
	// The metric lists all eleven segments in SPEC order, sized by their cells.
	r := run(t, db, "rfm", Params{AsOf: "2024-06-30"})
	if len(r.Rows) != len(rfmRules) {
		t.Fatalf("rows = %v", r.Rows)
	}
	for i, s := range rfmRules {
		m := rowMap(r, i)
		cells := (s.rHi - s.rLo + 1) * (s.fHi - s.fLo + 1)
		mustEqual(t, "segment", m["segment"], s.name)
		mustEqual(t, s.name+" customers", m["customers"], cells)
		mustEqual(t, s.name+" share", m["share"], 100*float64(cells)/25)
	}
	// And the grid has one customer in each of its 25 cells.
	body, err := queries.Get("rfm_grid")
	if err != nil {
		t.Fatal(err)
	}
	g := rfmBody(t, db, body, Params{AsOf: "2024-06-30"})
	if len(g.Rows) != 25 {
		t.Fatalf("grid = %v", g.Rows)
	}
	for i := range g.Rows {
		mustEqual(t, fmt.Sprint("cell ", g.Rows[i][:2]), g.Rows[i][2], 1)
	}
}

// genRFMOrders writes n customers' orders (1–4 orders of 1–2 lines each, amounts
// from a few prices such as 0.1, 0.2 and 0.3 so that equal revenues arise from
// sums in different orders) between 2024-01-01 and 2024-07-10, and returns the
// exact revenue in cents, last order day and orders of each customer as of
// 2024-06-30 (the days after it are ignored).
func genRFMOrders(seed uint64, n int) (string, map[string]*rfmExact) {
	rng := rand.New(rand.NewPCG(seed, 2))
	prices := []int64{10, 20, 30, 999, 1999, 555} // cents
	asOf := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	exact := map[string]*rfmExact{}
	var rows []string
	for c := 0; c < n; c++ {
		id := fmt.Sprintf("k%03d", c)
		for o := 0; o <= rng.IntN(4); o++ {
			day := time.Date(2024, 1, 1+rng.IntN(192), rng.IntN(24), 0, 0, 0, time.UTC)
			oid := fmt.Sprintf("%s-%d", id, o)
			for l := 0; l <= rng.IntN(2); l++ {
				cents := prices[rng.IntN(len(prices))]
				rows = append(rows, fmt.Sprintf("('%s','%s','%s',%d.%02d)", oid, id, day.Format(time.DateTime), cents/100, cents%100))
				if day.After(asOf.AddDate(0, 0, 1).Add(-time.Second)) {
					continue
				}
				e := exact[id]
				if e == nil {
					e = &rfmExact{orders: map[string]bool{}, recency: math.MaxInt64}
					exact[id] = e
				}
				e.cents += cents
				e.orders[oid] = true
				e.recency = min(e.recency, int64(asOf.Sub(day.Truncate(24*time.Hour)).Hours()/24))
			}
		}
	}
	return "INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES " + strings.Join(rows, ",") + ";", exact
}

type rfmExact struct {
	cents, recency int64
	orders         map[string]bool
}

// quintile scores x among all with quantile_cont computed in exact rationals:
// the number of cuts p20..p80 that x exceeds, plus one.
func quintile(x *big.Rat, all []*big.Rat) int {
	s := append([]*big.Rat(nil), all...)
	sort.Slice(s, func(i, j int) bool { return s[i].Cmp(s[j]) < 0 })
	score := 1
	for k := int64(1); k <= 4; k++ {
		pos := big.NewRat(k*int64(len(s)-1), 5) // q·(n−1)
		lo := new(big.Int).Quo(pos.Num(), pos.Denom()).Int64()
		cut := new(big.Rat).Set(s[lo])
		if frac := new(big.Rat).Sub(pos, new(big.Rat).SetInt64(lo)); frac.Sign() > 0 {
			cut.Add(cut, frac.Mul(frac, new(big.Rat).Sub(s[lo+1], s[lo])))
		}
		if x.Cmp(cut) > 0 {
			score++
		}
	}
	return score
}

// TestRFMMatchesExactComputation scores 300 generated customers in Go with
// exact arithmetic and compares every customer and the segment table.
func TestRFMMatchesExactComputation(t *testing.T) {
	ins, exact := genRFMOrders(11, 300)
	db := fixture(t, nil, ins)
	var ids []string
	var rec, freq, mon []*big.Rat
	for id, e := range exact {
		ids = append(ids, id)
		rec = append(rec, big.NewRat(e.recency, 1))
		freq = append(freq, big.NewRat(int64(len(e.orders)), 1))
		mon = append(mon, big.NewRat(e.cents, 100))
	}
	got := rfmByCustomer(t, db, Params{AsOf: "2024-06-30"})
	if len(got) != len(exact) {
		t.Fatalf("scored %d customers, want %d", len(got), len(exact))
	}
	type agg struct {
		n              int
		rec, freq, mon float64
	}
	segs := map[string]*agg{}
	var revenue float64
	for i, id := range ids {
		e, m := exact[id], got[id]
		r, f, mm := 6-quintile(rec[i], rec), quintile(freq[i], freq), quintile(mon[i], mon)
		mustEqual(t, id+" recency_days", m["recency_days"], int(e.recency))
		mustEqual(t, id+" frequency", m["frequency"], len(e.orders))
		if v, ok := m["monetary"].(float64); !ok || v-float64(e.cents)/100 > 1e-6 || float64(e.cents)/100-v > 1e-6 {
			t.Errorf("%s monetary = %v, want %v", id, m["monetary"], float64(e.cents)/100)
		}
		mustEqual(t, id+" r", m["r"], r)
		mustEqual(t, id+" f", m["f"], f)
		mustEqual(t, id+" m", m["m"], mm)
		seg := ""
		for _, s := range rfmRules {
			if r >= s.rLo && r <= s.rHi && f >= s.fLo && f <= s.fHi {
				seg = s.name
			}
		}
		mustEqual(t, id+" segment", m["segment"], seg)
		a := segs[seg]
		if a == nil {
			a = &agg{}
			segs[seg] = a
		}
		a.n++
		a.rec += float64(e.recency)
		a.freq += float64(len(e.orders))
		a.mon += float64(e.cents) / 100
		revenue += float64(e.cents) / 100
	}
	res := run(t, db, "rfm", Params{AsOf: "2024-06-30"})
	i := 0
	for _, s := range rfmRules {
		a := segs[s.name]
		if a == nil {
			continue
		}
		if i >= len(res.Rows) {
			t.Fatalf("missing segment %s", s.name)
		}
		m := rowMap(res, i)
		i++
		mustEqual(t, "segment", m["segment"], s.name)
		mustEqual(t, s.name+" customers", m["customers"], a.n)
		mustEqual(t, s.name+" share", m["share"], 100*float64(a.n)/float64(len(ids)))
		mustEqual(t, s.name+" avg_recency_days", m["avg_recency_days"], a.rec/float64(a.n))
		mustEqual(t, s.name+" avg_frequency", m["avg_frequency"], a.freq/float64(a.n))
		if v, ok := m["avg_monetary"].(float64); !ok || v-a.mon/float64(a.n) > 1e-6 || a.mon/float64(a.n)-v > 1e-6 {
			t.Errorf("%s avg_monetary = %v, want %v", s.name, m["avg_monetary"], a.mon/float64(a.n))
		}
		if v, ok := m["revenue_share"].(float64); !ok || v-100*a.mon/revenue > 1e-6 || 100*a.mon/revenue-v > 1e-6 {
			t.Errorf("%s revenue_share = %v, want %v", s.name, m["revenue_share"], 100*a.mon/revenue)
		}
	}
	if i != len(res.Rows) || len(segs) < 8 {
		t.Errorf("%d segment rows for %d segments", len(res.Rows), len(segs))
	}
}
