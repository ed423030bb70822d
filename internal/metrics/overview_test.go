package metrics

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// With --as-of 2024-06-30 and no range the current range is the last 90 days
// [2024-04-02, 2024-06-30] (Apr 29 + May 31 + Jun 30 days) and the previous
// one the 90 days before it, [2024-01-03, 2024-04-01] (Jan 29 + Feb 29 + Mar 31 + 1).
//
// orders: o1 c1 Jan 2 100 (in neither range), o2 c1 Jan 3 40 (prev),
// o3 c2 Feb 10 20+40 (prev, two rows), o4 c1 Apr 1 23:00 50 (prev),
// o5 c1 Apr 2 30, o6 c2 May 5 70, o7 c2 Jun 30 20, o8 c3 Jun 15 80 (cur),
// o9 c4 Jul 1 999 (after as_of).
// responses: prev nps 8 (Feb 1), 0 (Mar 1); cur nps 10 (Apr 10), 9 (May 1),
// 3 (Jun 1), csat 5 (Apr 20), 2 (Jun 20), ces 7 (May 10, ignored).
// reviews: prev 2 (Mar 15); cur 4 (May 15), 5 (Jun 10).
// posts: prev 0 impressions (Mar 20); cur 1000 impressions, 40 interactions (Jun 5).
const overviewFixture = `
INSERT INTO customers (customer_id, region) VALUES ('c1','A'),('c2','A'),('c3','B'),('c4','B');
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES
 ('o1','c1','2024-01-02',100),('o2','c1','2024-01-03',40),('o3','c2','2024-02-10',20),
 ('o3','c2','2024-02-10',40),('o4','c1','2024-04-01 23:00:00',50),('o5','c1','2024-04-02',30),
 ('o6','c2','2024-05-05',70),('o7','c2','2024-06-30 18:00:00',20),('o8','c3','2024-06-15',80),
 ('o9','c4','2024-07-01',999);
INSERT INTO responses (customer_id, responded_at, score, survey) VALUES
 ('c1','2024-02-01',8,NULL),('c2','2024-03-01',0,'nps'),('c1','2024-04-10',10,NULL),
 ('c2','2024-05-01',9,'nps'),('c3','2024-06-01',3,NULL),('c1','2024-04-20',5,'csat'),
 ('c2','2024-06-20',2,'csat'),('c3','2024-05-10',7,'ces');
INSERT INTO reviews (customer_id, reviewed_at, rating) VALUES
 ('c1','2024-03-15',2),('c2','2024-05-15',4),('c3','2024-06-10',5);
INSERT INTO posts (post_id, posted_at, impressions, interactions) VALUES
 ('p1','2024-03-20',0,0),('p2','2024-06-05',1000,40);`

var overviewKPIs = []string{"customers", "orders", "revenue", "aov", "repeat_rate", "nps", "csat", "avg_rating", "engagement_rate"}

// checkOverview compares the rows with want[kpi] = {value, previous, change};
// nil stands for a null.
func checkOverview(t *testing.T, r *Result, want map[string][3]any) {
	t.Helper()
	for i, c := range []string{"kpi", "value", "previous", "change"} {
		mustEqual(t, "column", r.Columns[i], c)
	}
	if len(r.Rows) != len(overviewKPIs) {
		t.Fatalf("rows = %v", r.Rows)
	}
	for i, k := range overviewKPIs {
		m := rowMap(r, i)
		mustEqual(t, "kpi", m["kpi"], k)
		w := want[k]
		mustEqual(t, k+" value", m["value"], w[0])
		mustEqual(t, k+" previous", m["previous"], w[1])
		mustEqual(t, k+" change", m["change"], w[2])
	}
}

func TestOverviewLast90Days(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, overviewFixture)
	r := run(t, db, "overview", Params{AsOf: "2024-06-30"})
	mustEqual(t, "as_of", r.AsOf, "2024-06-30")
	// cur: o5 o6 o7 o8 by c1, c2 (2 orders), c3 → 3 customers, 4 orders,
	// revenue 30+70+20+80 = 200, aov 50, repeat 1/3.
	// prev: o2 o3 o4 by c1 (2 orders), c2 → 2 customers, 3 orders,
	// revenue 40+60+50 = 150, aov 50, repeat 1/2.
	// nps cur 10, 9, 3 → (2−1)/3; prev 8, 0 → (0−1)/2. csat cur 5, 2 → 50;
	// prev none → null. rating cur (4+5)/2; prev 2. engagement cur 100·40/1000;
	// prev 0 impressions → null.
	checkOverview(t, r, map[string][3]any{
		"customers":       {3.0, 2.0, 1.0},
		"orders":          {4.0, 3.0, 1.0},
		"revenue":         {200.0, 150.0, 50.0},
		"aov":             {50.0, 50.0, 0.0},
		"repeat_rate":     {100.0 / 3, 50.0, 100.0/3 - 50},
		"nps":             {100.0 / 3, -50.0, 100.0/3 + 50},
		"csat":            {50.0, nil, nil},
		"avg_rating":      {4.5, 2.0, 2.5},
		"engagement_rate": {4.0, nil, nil},
	})
	// --by is ignored: the same single set of rows.
	checkOverview(t, run(t, db, "overview", Params{AsOf: "2024-06-30", By: "region"}), map[string][3]any{
		"customers": {3.0, 2.0, 1.0}, "orders": {4.0, 3.0, 1.0}, "revenue": {200.0, 150.0, 50.0},
		"aov": {50.0, 50.0, 0.0}, "repeat_rate": {100.0 / 3, 50.0, 100.0/3 - 50},
		"nps": {100.0 / 3, -50.0, 100.0/3 + 50}, "csat": {50.0, nil, nil},
		"avg_rating": {4.5, 2.0, 2.5}, "engagement_rate": {4.0, nil, nil},
	})
}

func TestOverviewRange(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, overviewFixture)
	// --from 2024-06-01 --to 2024-06-30: 30 days; previous [2024-05-02, 2024-05-31].
	// cur: o7 c2 20, o8 c3 80 → 2 customers, 2 orders, 100, aov 50, repeat 0;
	// nps 3 → −100; csat 2 → 0; rating 5; engagement 4.
	// prev: o6 c2 70 → 1, 1, 70, aov 70, repeat 0; no nps (May 1 is before
	// May 2), no csat; rating 4; no posts.
	r := run(t, db, "overview", Params{From: "2024-06-01", To: "2024-06-30"})
	mustEqual(t, "as_of", r.AsOf, "2024-07-01")
	checkOverview(t, r, map[string][3]any{
		"customers":       {2.0, 1.0, 1.0},
		"orders":          {2.0, 1.0, 1.0},
		"revenue":         {100.0, 70.0, 30.0},
		"aov":             {50.0, 70.0, -20.0},
		"repeat_rate":     {0.0, 0.0, 0.0},
		"nps":             {-100.0, nil, nil},
		"csat":            {0.0, nil, nil},
		"avg_rating":      {5.0, 4.0, 1.0},
		"engagement_rate": {4.0, nil, nil},
	})
	// --to 2024-01-31 alone: from = Jan 31 − 89 days = 2023-11-03; previous
	// [2023-08-05, 2023-11-02] holds nothing: counts 0, rates null.
	// cur: o1 c1 100, o2 c1 40 → 1 customer with 2 orders, 140, aov 70, repeat 100.
	r = run(t, db, "overview", Params{To: "2024-01-31"})
	checkOverview(t, r, map[string][3]any{
		"customers":       {1.0, 0.0, 1.0},
		"orders":          {2.0, 0.0, 2.0},
		"revenue":         {140.0, 0.0, 140.0},
		"aov":             {70.0, nil, nil},
		"repeat_rate":     {100.0, nil, nil},
		"nps":             {nil, nil, nil},
		"csat":            {nil, nil, nil},
		"avg_rating":      {nil, nil, nil},
		"engagement_rate": {nil, nil, nil},
	})
}

// genEngagement writes a random but seeded data set over every role the
// overview reads: 40 customers in regions A, B or none; 150 orders of 1–3
// lines (one customer, channel and day per order, whole amounts so sums are
// exact); 200 responses; 100 reviews; 80 posts; dates from 2023-07-01 over
// 366 days.
func genEngagement(seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 1))
	day := func() string {
		return time.Date(2023, 7, 1+rng.IntN(366), rng.IntN(24), 0, 0, 0, time.UTC).Format("2006-01-02 15:04:05")
	}
	cust := func() string { return fmt.Sprintf("c%02d", rng.IntN(40)) }
	var b strings.Builder
	b.WriteString("INSERT INTO customers (customer_id, region) VALUES ")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "%s('c%02d','%s')", comma(i), i, []string{"A", "B", ""}[rng.IntN(3)])
	}
	b.WriteString(";\nINSERT INTO orders (order_id, customer_id, ordered_at, amount, channel) VALUES ")
	n := 0
	for o := 0; o < 150; o++ {
		c, d, ch := cust(), day(), []string{"web", "store"}[rng.IntN(2)]
		for l := 0; l <= rng.IntN(3); l++ {
			fmt.Fprintf(&b, "%s('o%d','%s','%s',%d,'%s')", comma(n), o, c, d, 1+rng.IntN(100), ch)
			n++
		}
	}
	b.WriteString(";\nINSERT INTO responses (customer_id, responded_at, score, survey) VALUES ")
	for i := 0; i < 200; i++ {
		switch s := []string{"NULL", "'nps'", "'csat'"}[rng.IntN(3)]; s {
		case "'csat'":
			fmt.Fprintf(&b, "%s('%s','%s',%d,%s)", comma(i), cust(), day(), 1+rng.IntN(5), s)
		default:
			fmt.Fprintf(&b, "%s('%s','%s',%d,%s)", comma(i), cust(), day(), rng.IntN(11), s)
		}
	}
	b.WriteString(";\nINSERT INTO reviews (customer_id, reviewed_at, rating) VALUES ")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, "%s('%s','%s',%d)", comma(i), cust(), day(), 1+rng.IntN(5))
	}
	b.WriteString(";\nINSERT INTO posts (post_id, posted_at, platform, impressions, interactions) VALUES ")
	for i := 0; i < 80; i++ {
		fmt.Fprintf(&b, "%s('p%d','%s','%s',%d,%d)", comma(i), i, day(), []string{"x", "instagram"}[rng.IntN(2)],
			rng.IntN(1001), rng.IntN(51))
	}
	return b.String() + ";"
}

func comma(i int) string {
	if i == 0 {
		return ""
	}
	return ","
}

// TestOverviewMatchesMetrics checks every KPI of both ranges against the
// metric of its own (repeat, nps, csat, reviews, engagement) run over that
// range, with the ranges worked out in Go.
func TestOverviewMatchesMetrics(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}, "orders": {"channel"}}, genEngagement(7))
	for _, p := range []Params{
		{AsOf: "2024-05-20"},
		{From: "2024-01-01", To: "2024-03-31"},
		{To: "2024-02-29", AsOf: "2024-06-30"},
	} {
		ov := run(t, db, "overview", p)
		to, _ := time.Parse("2006-01-02", p.To)
		if p.To == "" {
			to, _ = time.Parse("2006-01-02", ov.AsOf)
		}
		from := to.AddDate(0, 0, -89)
		if p.From != "" {
			from, _ = time.Parse("2006-01-02", p.From)
		}
		days := int(to.Sub(from).Hours()/24) + 1
		ranges := [2][2]time.Time{{from, to}, {from.AddDate(0, 0, -days), from.AddDate(0, 0, -1)}}
		for side, rg := range ranges {
			q := Params{AsOf: ov.AsOf, From: rg[0].Format("2006-01-02"), To: rg[1].Format("2006-01-02")}
			got := map[string]any{}
			for i := range ov.Rows {
				got[ov.Rows[i][0].(string)] = ov.Rows[i][1+side]
			}
			want := map[string]any{}
			for _, m := range []struct{ metric, field, kpi string }{
				{"repeat", "customers", "customers"}, {"repeat", "orders", "orders"},
				{"repeat", "revenue", "revenue"}, {"repeat", "aov", "aov"},
				{"repeat", "repeat_rate", "repeat_rate"}, {"nps", "nps", "nps"}, {"csat", "csat", "csat"},
				{"reviews", "avg_rating", "avg_rating"}, {"engagement", "engagement_rate", "engagement_rate"},
			} {
				r := run(t, db, m.metric, q)
				if len(r.Rows) != 1 {
					t.Fatalf("%s %v: rows = %v", m.metric, q, r.Rows)
				}
				v := rowMap(r, 0)[m.field]
				if i, ok := v.(int64); ok {
					v = float64(i)
				}
				want[m.kpi] = v
			}
			for _, k := range overviewKPIs {
				what := fmt.Sprintf("%+v side %d %s", p, side, k)
				if w, ok := want[k].(float64); ok {
					mustEqual(t, what, got[k], w)
				} else {
					mustEqual(t, what, got[k], want[k])
				}
			}
		}
	}
}
