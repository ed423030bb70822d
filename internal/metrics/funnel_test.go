package metrics

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// Journey of seven customers in January 2024 (as_of 2024-01-31). Stage patterns
// include the LIKE pattern 'page_%'; orders count as purchase events.
//
//	u1 A  page_view 1st, product_view 2nd, purchase 4th, login 5th, review_posted 10th
//	      → stages 1–5, days from previous 1, 2, 1, 5
//	u2 A  Product_View Dec 31 (before awareness: does not count), ad_click 3rd,
//	      order 6th (no consideration yet: does not count) → stage 1
//	u3 A  ad_click 1st 12:00, add_to_cart 2nd (0.5 d), login 3rd (before purchase:
//	      does not count), order 5th (3 d) → stage 3
//	u4 B  page_landing 1st, product_view 1st 06:00 (0.25 d), purchase 20th (18.75 d),
//	      login 21st (1 d) → stage 4
//	u5 B  visit (no stage), product_view → never aware, not in the funnel
//	u6 –  ad_click and add_to_cart at the same instant 2nd (0 d) → stage 2
//	u7 B  product_view Dec 30 (too early), ad_click 1st, product_view 4th (3 d),
//	      order 5th (1 d) → stage 3
const funnelFixture = model.JourneyTableSQL + `;
INSERT INTO journey_stages VALUES (1,'awareness','ad_click'),(1,'awareness','page_%'),
 (2,'consideration','product_view'),(2,'consideration','add_to_cart'),(3,'purchase','purchase'),
 (4,'usage','login'),(5,'loyalty','review_posted');
INSERT INTO customers (customer_id, region) VALUES
 ('u1','A'),('u2','A'),('u3','A'),('u4','B'),('u5','B'),('u6',NULL),('u7','B');
INSERT INTO events (customer_id, occurred_at, event) VALUES
 ('u1','2024-01-01','page_view'),('u1','2024-01-02','product_view'),('u1','2024-01-04','purchase'),
 ('u1','2024-01-05','login'),('u1','2024-01-10','review_posted'),
 ('u2','2023-12-31','Product_View'),('u2','2024-01-03','ad_click'),
 ('u3','2024-01-01 12:00:00','AD_CLICK'),('u3','2024-01-02','add_to_cart'),('u3','2024-01-03','login'),
 ('u4','2024-01-01','page_landing'),('u4','2024-01-01 06:00:00','product_view'),
 ('u4','2024-01-20','purchase'),('u4','2024-01-21','login'),
 ('u5','2024-01-01','visit'),('u5','2024-01-02','product_view'),
 ('u6','2024-01-02','ad_click'),('u6','2024-01-02','add_to_cart'),
 ('u7','2023-12-30','product_view'),('u7','2024-01-01','ad_click'),('u7','2024-01-04','product_view');
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES
 ('o1','u2','2024-01-06',10),('o2','u3','2024-01-05',20),('o3','u7','2024-01-05',30);`

var funnelStages = []string{"awareness", "consideration", "purchase", "usage", "loyalty"}

// funnelGroup is what one group's ten rows should say; conversions and
// medians use null (−1) for NULL.
type funnelGroup struct {
	group     string
	customers [5]int
	median    [5]float64
	current   [5]int
}

const null = -1.0 // an expected NULL

func checkFunnel(t *testing.T, r *Result, want []funnelGroup) {
	t.Helper()
	wantCols := "[group stage customers conversion_from_previous conversion_from_first median_days_from_previous current_stage]"
	if fmt.Sprint(r.Columns) != wantCols {
		t.Fatalf("columns = %v", r.Columns)
	}
	if len(r.Rows) != 10*len(want) {
		t.Fatalf("%d rows, want %d: %v", len(r.Rows), 10*len(want), r.Rows)
	}
	for gi, w := range want {
		for s := 0; s < 5; s++ {
			m := rowMap(r, gi*10+s)
			what := fmt.Sprintf("%s %s", w.group, funnelStages[s])
			mustEqual(t, what+" group", m["group"], w.group)
			mustEqual(t, what+" stage", m["stage"], funnelStages[s])
			mustEqual(t, what+" customers", m["customers"], w.customers[s])
			mustEqual(t, what+" current_stage", m["current_stage"], nil)
			// conversions: 100·n/previous (NULL at stage 1 or over 0), 100·n/first.
			var prev, first any
			if s > 0 && w.customers[s-1] > 0 {
				prev = 100 * float64(w.customers[s]) / float64(w.customers[s-1])
			}
			if w.customers[0] > 0 {
				first = 100 * float64(w.customers[s]) / float64(w.customers[0])
			}
			mustEqual(t, what+" conversion_from_previous", m["conversion_from_previous"], prev)
			mustEqual(t, what+" conversion_from_first", m["conversion_from_first"], first)
			var med any
			if w.median[s] != null {
				med = w.median[s]
			}
			mustEqual(t, what+" median_days_from_previous", m["median_days_from_previous"], med)
		}
		for s := 0; s < 5; s++ {
			m := rowMap(r, gi*10+5+s)
			what := fmt.Sprintf("%s current %s", w.group, funnelStages[s])
			mustEqual(t, what+" group", m["group"], w.group)
			mustEqual(t, what+" current_stage", m["current_stage"], funnelStages[s])
			mustEqual(t, what+" customers", m["customers"], w.current[s])
			for _, k := range []string{"stage", "conversion_from_previous", "conversion_from_first", "median_days_from_previous"} {
				mustEqual(t, what+" "+k, m[k], nil)
			}
		}
	}
}

func TestFunnelOrdered(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, funnelFixture)
	r := run(t, db, "funnel", Params{AsOf: "2024-01-31"})
	// Stage 1: u1 u2 u3 u4 u6 u7 = 6; stage 2: u1 u3 u4 u6 u7 = 5; stage 3: u1 u3 u4 u7 = 4;
	// stage 4: u1 u4 = 2; stage 5: u1 = 1.
	// Days from previous — stage 2: 1, 0.5, 0.25, 0, 3 → median 0.5;
	// stage 3: 2, 3, 18.75, 1 → (2+3)/2 = 2.5; stage 4: 1, 1 → 1; stage 5: 5.
	// Highest stage: u2 → 1; u6 → 2; u3, u7 → 3; u4 → 4; u1 → 5.
	checkFunnel(t, r, []funnelGroup{{"all",
		[5]int{6, 5, 4, 2, 1}, [5]float64{null, 0.5, 2.5, 1, 5}, [5]int{1, 1, 2, 1, 1}}})
	// --by month groups customers by the month they reached awareness: all in
	// January, although u2 and u7 have earlier (December) events.
	r = run(t, db, "funnel", Params{AsOf: "2024-01-31", By: "month"})
	checkFunnel(t, r, []funnelGroup{{"2024-01",
		[5]int{6, 5, 4, 2, 1}, [5]float64{null, 0.5, 2.5, 1, 5}, [5]int{1, 1, 2, 1, 1}}})
}

func TestFunnelReachRelation(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, funnelFixture)
	r := rfmBody(t, db, `SELECT customer_id, stage, strftime(reached_at, '%m-%d %H:%M') AS at
		FROM funnel_reach ORDER BY customer_id, stage`, Params{AsOf: "2024-01-31"})
	var got []string
	for _, row := range r.Rows {
		got = append(got, fmt.Sprintf("%v/%v@%v", row[0], row[1], row[2]))
	}
	want := []string{
		"u1/1@01-01 00:00", "u1/2@01-02 00:00", "u1/3@01-04 00:00", "u1/4@01-05 00:00", "u1/5@01-10 00:00",
		"u2/1@01-03 00:00",
		"u3/1@01-01 12:00", "u3/2@01-02 00:00", "u3/3@01-05 00:00", // purchase = the order
		"u4/1@01-01 00:00", "u4/2@01-01 06:00", "u4/3@01-20 00:00", "u4/4@01-21 00:00",
		"u6/1@01-02 00:00", "u6/2@01-02 00:00",
		"u7/1@01-01 00:00", "u7/2@01-04 00:00", "u7/3@01-05 00:00", // not Dec 30
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("funnel_reach =\n%v\nwant\n%v", got, want)
	}
}

func TestFunnelWindow(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, funnelFixture)
	// --window 5: u4's purchase comes 18.75 days after consideration and no longer
	// counts (u4 stays at stage 2); u1's loyalty, exactly 5 days after usage, still does.
	// Stage 3: u1 u3 u7 (2, 3, 1 days → median 2); stage 4: u1 (1); stage 5: u1 (5).
	r := run(t, db, "funnel", Params{AsOf: "2024-01-31", Window: 5})
	checkFunnel(t, r, []funnelGroup{{"all",
		[5]int{6, 5, 3, 1, 1}, [5]float64{null, 0.5, 2, 1, 5}, [5]int{1, 2, 2, 0, 1}}})
}

func TestFunnelByRegion(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, funnelFixture)
	r := run(t, db, "funnel", Params{AsOf: "2024-01-31", By: "region"})
	// (unknown): u6 → stages 1–2 (0 d); conversion to purchase 0, then 0/0 = NULL.
	// A: u1 u2 u3 → 3, 2, 2, 1, 1; stage 2 days 1, 0.5 → 0.75; stage 3: 2, 3 → 2.5.
	// B: u4 u7 (u5 never aware) → 2, 2, 2, 1, 0; stage 2: 0.25, 3 → 1.625;
	// stage 3: 18.75, 1 → 9.875; stage 4: 1.
	checkFunnel(t, r, []funnelGroup{
		{"(unknown)", [5]int{1, 1, 0, 0, 0}, [5]float64{null, 0, null, null, null}, [5]int{0, 1, 0, 0, 0}},
		{"A", [5]int{3, 2, 2, 1, 1}, [5]float64{null, 0.75, 2.5, 1, 5}, [5]int{1, 0, 1, 0, 1}},
		{"B", [5]int{2, 2, 2, 1, 0}, [5]float64{null, 1.625, 9.875, 1, null}, [5]int{0, 0, 1, 1, 0}},
	})
	// --where region=B keeps u4 and u7 alone.
	r = run(t, db, "funnel", Params{AsOf: "2024-01-31", Where: []Filter{{"region", "B"}}})
	checkFunnel(t, r, []funnelGroup{
		{"all", [5]int{2, 2, 2, 1, 0}, [5]float64{null, 1.625, 9.875, 1, null}, [5]int{0, 0, 1, 1, 0}},
	})
}

func TestFunnelEmpty(t *testing.T) {
	// No event matches a stage: group "all" still shows five stages of zeros.
	db := fixture(t, nil, model.JourneyTableSQL, `INSERT INTO journey_stages VALUES (1,'awareness','ad_click');
		INSERT INTO customers (customer_id, signup_at) VALUES ('z1', NULL);
		INSERT INTO events (customer_id, occurred_at, event) VALUES ('z1','2024-01-01','visit');`)
	r := run(t, db, "funnel", Params{})
	checkFunnel(t, r, []funnelGroup{{"all", [5]int{}, [5]float64{null, null, null, null, null}, [5]int{}}})
}

// funnelEvents are the generated event names and the stage each matches
// under genFunnel's patterns (0: none).
var funnelEvents = map[string]int{"ad_click": 1, "page_view": 1, "Page_Landing": 1, "product_view": 2,
	"ADD_TO_CART": 2, "purchase": 3, "login": 4, "feature_used": 4, "review_posted": 5, "visit": 0, "logout": 0}

// genFunnel writes 150 customers in regions A, B or none with 0–12 events and
// 0–2 orders each, at 0, 6, 12 or 18 h on 20 days of January 2024 (so that
// ties and hits exactly a window apart occur),
// and returns for each customer its region and its stage hits.
func genFunnel(seed uint64) (string, map[string]string, map[string][6][]time.Time) {
	rng := rand.New(rand.NewPCG(seed, 3))
	names := make([]string, 0, len(funnelEvents))
	for n := range funnelEvents {
		names = append(names, n)
	}
	sort.Strings(names)
	at := func() time.Time { return time.Date(2024, 1, 1+rng.IntN(20), 6*rng.IntN(4), 0, 0, 0, time.UTC) }
	region := map[string]string{}
	hits := map[string][6][]time.Time{}
	var cust, ev, ord []string
	for c := 0; c < 150; c++ {
		id := fmt.Sprintf("f%03d", c)
		region[id] = []string{"A", "B", ""}[rng.IntN(3)]
		cust = append(cust, fmt.Sprintf("('%s','%s')", id, region[id]))
		h := hits[id]
		for e := rng.IntN(13); e > 0; e-- {
			n, ts := names[rng.IntN(len(names))], at()
			ev = append(ev, fmt.Sprintf("('%s','%s','%s')", id, ts.Format(time.DateTime), n))
			h[funnelEvents[n]] = append(h[funnelEvents[n]], ts)
		}
		for o := rng.IntN(3); o > 0; o-- {
			ts := at()
			ord = append(ord, fmt.Sprintf("('%s-%d','%s','%s',1)", id, o, id, ts.Format(time.DateTime)))
			h[3] = append(h[3], ts)
		}
		hits[id] = h
	}
	return model.JourneyTableSQL + `;
INSERT INTO journey_stages VALUES (1,'awareness','ad_click'),(1,'awareness','page_%'),
 (2,'consideration','product_view'),(2,'consideration','add_to_cart'),(3,'purchase','purchase'),
 (4,'usage','login'),(4,'usage','feature_%'),(5,'loyalty','review_posted');
INSERT INTO customers (customer_id, region) VALUES ` + strings.Join(cust, ",") + `;
INSERT INTO events (customer_id, occurred_at, event) VALUES ` + strings.Join(ev, ",") + `;
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES ` + strings.Join(ord, ",") + ";", region, hits
}

// funnelInGo walks each customer through the stages: the first stage-s hit at
// or after reaching s−1 (and within window days of it when window > 0).
func funnelInGo(region map[string]string, hits map[string][6][]time.Time, window int, byRegion bool) []funnelGroup {
	type acc struct {
		n, top [5]int
		days   [5][]float64
	}
	groups := map[string]*acc{}
	for id, h := range hits {
		var reached []time.Time
		for s := 1; s <= 5; s++ {
			var best time.Time
			for _, ts := range h[s] {
				if s > 1 && (ts.Before(reached[s-2]) || window > 0 && ts.After(reached[s-2].AddDate(0, 0, window))) {
					continue
				}
				if best.IsZero() || ts.Before(best) {
					best = ts
				}
			}
			if best.IsZero() {
				break
			}
			reached = append(reached, best)
		}
		if len(reached) == 0 {
			continue
		}
		g := "all"
		if byRegion {
			g = region[id]
			if g == "" {
				g = "(unknown)"
			}
		}
		a := groups[g]
		if a == nil {
			a = &acc{}
			groups[g] = a
		}
		for s := range reached {
			a.n[s]++
			if s > 0 {
				a.days[s] = append(a.days[s], reached[s].Sub(reached[s-1]).Seconds()/86400)
			}
		}
		a.top[len(reached)-1]++
	}
	var out []funnelGroup
	for g, a := range groups {
		fg := funnelGroup{group: g, customers: a.n, current: a.top}
		for s, d := range a.days {
			fg.median[s] = null
			if len(d) > 0 {
				sort.Float64s(d)
				fg.median[s] = (d[(len(d)-1)/2] + d[len(d)/2]) / 2
			}
		}
		out = append(out, fg)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].group < out[j].group })
	return out
}

// TestFunnelMatchesGo compares the funnel on generated journeys with the walk
// done in Go, overall and by region, with and without a window.
func TestFunnelMatchesGo(t *testing.T) {
	ins, region, hits := genFunnel(5)
	db := fixture(t, map[string][]string{"customers": {"region"}}, ins)
	for _, p := range []Params{{AsOf: "2024-03-31"}, {AsOf: "2024-03-31", Window: 3}, {AsOf: "2024-03-31", By: "region"},
		{AsOf: "2024-03-31", By: "region", Window: 10}} {
		want := funnelInGo(region, hits, p.Window, p.By != "")
		loyal := 0
		for _, g := range want {
			loyal += g.customers[4]
		}
		if p.Window == 0 && loyal == 0 {
			t.Fatalf("generated data too thin: %+v", want)
		}
		checkFunnel(t, run(t, db, "funnel", p), want)
	}
}
