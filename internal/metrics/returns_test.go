package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// retLine is one order line of the returns fixture.
type retLine struct {
	order, customer, region string
	at                      time.Time
	qty, amount             float64
}

func (l retLine) isReturn() bool { return l.qty < 0 || l.amount < 0 }

// genReturns writes order lines shaped like a retail export: invoices of
// one to three lines (quantity × unit price), some with a returned line
// inside (negative quantity), cancellation invoices "C…" holding returns
// only (negative quantity and amount), a credit note with a negative
// amount and a positive quantity, and one customer who only ever returned.
func genReturns(seed uint64) []retLine {
	rng := rand.New(rand.NewPCG(seed, 7))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []retLine
	inv := 500000
	for c := 1; c <= 40; c++ {
		cust := fmt.Sprintf("c%d", c)
		region := []string{"A", "B", "C"}[c%3]
		for k := rng.IntN(6); k >= 0; k-- {
			inv++
			at := start.AddDate(0, 0, rng.IntN(330)).Add(time.Duration(rng.IntN(600)) * time.Minute)
			for l := rng.IntN(3); l >= 0; l-- {
				q := float64(1 + rng.IntN(12))
				price := float64(50+rng.IntN(2000)) / 100
				if rng.IntN(8) == 0 {
					q = -q // a line returned inside the invoice
				}
				out = append(out, retLine{fmt.Sprint(inv), cust, region, at, q, q * price})
			}
			switch rng.IntN(5) {
			case 0: // cancelled later: a "C" invoice of returns only
				q := float64(1 + rng.IntN(3))
				out = append(out, retLine{fmt.Sprintf("C%d", inv), cust, region, at.AddDate(0, 0, 1+rng.IntN(20)), -q, -q * 4.25})
			case 1: // a credit note: negative amount, positive quantity
				out = append(out, retLine{fmt.Sprintf("CN%d", inv), cust, region, at.AddDate(0, 0, 3), 1, -7.5})
			}
		}
	}
	out = append(out, retLine{"C999999", "c99", "A", start.AddDate(0, 5, 0), -2, -19})
	return out
}

func returnsFixture(lines []retLine, keepReturns bool) string {
	var b strings.Builder
	b.WriteString("INSERT INTO customers (customer_id, region) VALUES ")
	seen := map[string]bool{}
	first := true
	for _, l := range lines {
		if !seen[l.customer] {
			seen[l.customer] = true
			if !first {
				b.WriteString(",")
			}
			first = false
			fmt.Fprintf(&b, "('%s','%s')", l.customer, l.region)
		}
	}
	// Everyone saw an ad and a product on New Year's day: orders (purchase)
	// are the funnel's third stage.
	b.WriteString(";\n" + model.JourneyTableSQL + ";\nINSERT INTO journey_stages VALUES (1, 'awareness', 'ad_click'), (2, 'consideration', 'product_view')")
	b.WriteString(";\nINSERT INTO events (customer_id, occurred_at, event) SELECT customer_id, TIMESTAMP '2024-01-01', unnest(['ad_click', 'product_view']) FROM customers")
	b.WriteString(";\nINSERT INTO orders (order_id, customer_id, ordered_at, amount, quantity) VALUES ")
	first = true
	for _, l := range lines {
		if l.isReturn() && !keepReturns {
			continue
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		fmt.Fprintf(&b, "('%s','%s','%s',%v,%v)", l.order, l.customer, l.at.Format("2006-01-02 15:04:05"), l.amount, l.qty)
	}
	return b.String()
}

// TestReturnsAreNotOrders: order lines with a negative amount or quantity
// are returns (SPEC §6). Every count, recency, cohort, episode and funnel
// stage equals the one computed without them; revenue, AOV, LTV and RFM
// monetary are net of them, checked against sums in Go.
func TestReturnsAreNotOrders(t *testing.T) {
	lines := genReturns(8)
	extra := map[string][]string{"customers": {"region"}}
	with := fixture(t, extra, returnsFixture(lines, true))
	without := fixture(t, extra, returnsFixture(lines, false))
	asOf := "2024-12-31"
	nReturns := 0
	for _, l := range lines {
		if l.isReturn() {
			nReturns++
		}
	}
	if nReturns < 20 {
		t.Fatalf("fixture has %d return lines; want a real mix", nReturns)
	}

	// Metrics on activity only: identical with and without the returns.
	for _, m := range []struct {
		name string
		p    Params
	}{
		{"churn", Params{AsOf: asOf}},
		{"churn", Params{AsOf: asOf, By: "region", Period: "quarter"}},
		{"retention", Params{AsOf: asOf}},
		{"funnel", Params{AsOf: asOf}},
	} {
		a, b := run(t, with, m.name, m.p), run(t, without, m.name, m.p)
		if !reflect.DeepEqual(a.Rows, b.Rows) {
			t.Errorf("%s %+v: returns changed the result\nwith:    %v\nwithout: %v", m.name, m.p, a.Rows, b.Rows)
		}
	}

	// Independent sums in Go.
	type agg struct {
		orders  map[string]bool
		revenue float64
		last    time.Time
	}
	per := map[string]*agg{}
	orders := map[string]bool{}
	revenue := 0.0
	for _, l := range lines {
		a := per[l.customer]
		if a == nil {
			a = &agg{orders: map[string]bool{}}
			per[l.customer] = a
		}
		a.revenue += l.amount
		revenue += l.amount
		if !l.isReturn() {
			a.orders[l.order] = true
			orders[l.order] = true
			if l.at.After(a.last) {
				a.last = l.at
			}
		}
	}
	buyers, repeaters := 0, 0
	for _, a := range per {
		if len(a.orders) > 0 {
			buyers++
		}
		if len(a.orders) >= 2 {
			repeaters++
		}
	}

	r := run(t, with, "repeat", Params{AsOf: asOf})
	m := rowMap(r, 0)
	mustEqual(t, "repeat customers", m["customers"], buyers)
	mustEqual(t, "repeat orders", m["orders"], len(orders))
	mustEqual(t, "repeat revenue (net)", m["revenue"], revenue)
	mustEqual(t, "repeat aov (net)", m["aov"], revenue/float64(len(orders)))
	mustEqual(t, "repeat_rate", m["repeat_rate"], 100*float64(repeaters)/float64(buyers))

	h := rowMap(run(t, with, "ltv", Params{AsOf: asOf}), 0)
	mustEqual(t, "ltv customers", h["customers"], buyers)
	if got := h["historical_ltv"].(float64); math.Abs(got-revenue/float64(buyers)) > 1e-9 {
		t.Errorf("historical_ltv = %v, want net revenue / buyers = %v", got, revenue/float64(buyers))
	}
	// ltv's aov is over the 12 months ending at as_of: all of 2024 here.
	if got := h["aov"].(float64); math.Abs(got-revenue/float64(len(orders))) > 1e-9 {
		t.Errorf("ltv aov = %v, want %v", got, revenue/float64(len(orders)))
	}

	ov := run(t, with, "overview", Params{AsOf: asOf, From: "2024-01-01", To: asOf})
	for i := range ov.Rows {
		row := rowMap(ov, i)
		switch row["kpi"] {
		case "orders":
			mustEqual(t, "overview orders", row["value"], float64(len(orders)))
		case "customers":
			mustEqual(t, "overview customers", row["value"], float64(buyers))
		case "revenue":
			mustEqual(t, "overview revenue", row["value"], revenue)
		}
	}

	scores := rfmByCustomer(t, with, Params{AsOf: asOf})
	if _, ok := scores["c99"]; ok {
		t.Errorf("c99 only returned goods but is scored by RFM")
	}
	if len(scores) != buyers {
		t.Errorf("RFM scored %d customers, want %d", len(scores), buyers)
	}
	end := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	for c, s := range scores {
		a := per[c]
		last := time.Date(a.last.Year(), a.last.Month(), a.last.Day(), 0, 0, 0, 0, time.UTC)
		mustEqual(t, c+" frequency", s["frequency"], len(a.orders))
		mustEqual(t, c+" recency_days", s["recency_days"], int(end.Sub(last).Hours()/24))
		if got := s["monetary"].(float64); math.Abs(got-a.revenue) > 1e-9 {
			t.Errorf("%s monetary = %v, want net %v", c, got, a.revenue)
		}
	}

	seg := run(t, with, "segments", Params{AsOf: asOf, By: "region"})
	segB := run(t, without, "segments", Params{AsOf: asOf, By: "region"})
	for i := range seg.Rows {
		a, b := rowMap(seg, i), rowMap(segB, i)
		for _, k := range []string{"group", "customers", "active_customers", "orders", "repeat_rate", "churned_share"} {
			if !reflect.DeepEqual(a[k], b[k]) {
				t.Errorf("segments %v %s = %v with returns, %v without", a["group"], k, a[k], b[k])
			}
		}
		want := 0.0
		for _, l := range lines {
			if l.region == a["group"] {
				want += l.amount
			}
		}
		if got := a["revenue"].(float64); math.Abs(got-want) > 1e-9 {
			t.Errorf("segments %v revenue = %v, want net %v", a["group"], got, want)
		}
	}
}
