package engine

import (
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// episode is an activity episode on calendar days; open = no end.
type episode struct {
	start, end time.Time
	open       bool
}

// subscriptionEpisodes merges each customer's [started, ended) intervals
// that overlap or touch (SPEC §3); an episode ending after asOf is open.
func subscriptionEpisodes(t *testing.T, asOf time.Time) map[string][]episode {
	t.Helper()
	raw := map[string][]episode{}
	for _, s := range sampleCSV(t, "subscriptions.csv") {
		ep := episode{start: day(ts(t, s["started_at"])), open: s["ended_at"] == ""}
		if ep.start.After(asOf) {
			continue
		}
		if !ep.open {
			ep.end = day(ts(t, s["ended_at"]))
			if !ep.end.After(ep.start) {
				continue // no active day
			}
		}
		raw[s["customer_id"]] = append(raw[s["customer_id"]], ep)
	}
	out := map[string][]episode{}
	for c, list := range raw {
		sort.Slice(list, func(i, j int) bool { return list[i].start.Before(list[j].start) })
		var merged []episode
		for _, ep := range list {
			if n := len(merged); n > 0 && (merged[n-1].open || !ep.start.After(merged[n-1].end)) {
				last := &merged[n-1]
				last.open = last.open || ep.open
				if ep.end.After(last.end) {
					last.end = ep.end
				}
				continue
			}
			merged = append(merged, ep)
		}
		for i := range merged {
			if merged[i].end.After(asOf) {
				merged[i].open = true
			}
		}
		out[c] = merged
	}
	return out
}

func activeOn(eps []episode, d time.Time) bool {
	for _, ep := range eps {
		if !ep.start.After(d) && (ep.open || d.Before(ep.end)) {
			return true
		}
	}
	return false
}

func TestCrossCheckChurn(t *testing.T) {
	e := sample(t)
	asOf := sampleAsOf(t)
	eps := subscriptionEpisodes(t, asOf)
	first := asOf
	for _, list := range eps {
		if list[0].start.Before(first) {
			first = list[0].start
		}
	}
	res := runMetric(t, e, "churn", metrics.Params{})
	got := map[string][]any{}
	for _, r := range res.Rows {
		got[r[res.Col("period")].(string)] = r
	}
	periods := 0
	for p := month(first); !p.After(month(asOf)); p = p.AddDate(0, 1, 0) {
		np := p.AddDate(0, 1, 0)
		var active, churned, fresh, back int
		for _, list := range eps {
			if activeOn(list, p) {
				active++
				if !activeOn(list, np) {
					churned++
				}
			}
			for i, ep := range list {
				if !ep.start.Before(p) && ep.start.Before(np) {
					if i == 0 {
						fresh++
					} else {
						back++
					}
				}
			}
		}
		periods++
		r, ok := got[p.Format("2006-01")]
		var rate any
		if active > 0 {
			rate = 100 * float64(churned) / float64(active)
		}
		if !ok || r[res.Col("active_start")] != int64(active) || r[res.Col("churned")] != int64(churned) ||
			r[res.Col("new")] != int64(fresh) || r[res.Col("reactivated")] != int64(back) ||
			(rate == nil && r[res.Col("churn_rate")] != nil) || (rate != nil && !near(r[res.Col("churn_rate")], rate.(float64))) {
			t.Errorf("%s: %v, want active %d churned %d new %d reactivated %d rate %v", p.Format("2006-01"), r, active, churned, fresh, back, rate)
		}
	}
	if periods != len(res.Rows) || periods < 12 {
		t.Errorf("%d periods from the metric, %d computed", len(res.Rows), periods)
	}
}

// quantileCont is linear interpolation between the closest ranks (DuckDB quantile_cont).
func quantileCont(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[i]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}

// cuts returns p20..p80 of values, widened by 1e-9 relative so that a value
// sitting on a cut is not moved by rounding in the interpolation.
func cuts(values []float64) [4]float64 {
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	var out [4]float64
	for i, q := range []float64{0.2, 0.4, 0.6, 0.8} {
		c := quantileCont(s, q)
		out[i] = c + 1e-9*(1+math.Abs(c))
	}
	return out
}

// score is 1 + the number of cuts below v (1 if ≤ p20 … 5 if > p80).
func score(v float64, c [4]float64) int {
	s := 1
	for _, x := range c {
		if v > x {
			s++
		}
	}
	return s
}

func segment(r, f int) string {
	switch {
	case r >= 4 && f >= 4:
		return "Champions"
	case r == 3 && f >= 4:
		return "Loyal"
	case r >= 4 && (f == 2 || f == 3):
		return "Potential loyalists"
	case r == 5 && f == 1:
		return "New customers"
	case r == 4 && f == 1:
		return "Promising"
	case r == 3 && (f == 2 || f == 3):
		return "Need attention"
	case r == 3 && f == 1:
		return "About to sleep"
	case r <= 2 && (f == 3 || f == 4):
		return "At risk"
	case r <= 2 && f == 5:
		return "Can't lose them"
	case r == 2:
		return "Hibernating"
	}
	return "Lost"
}

func TestCrossCheckRFM(t *testing.T) {
	e := sample(t)
	asOf := sampleAsOf(t)
	type cust struct {
		last   time.Time
		orders map[string]bool
		spent  float64
	}
	per := map[string]*cust{}
	for _, o := range sampleCSV(t, "orders.csv") {
		at := ts(t, o["ordered_at"])
		if day(at).After(asOf) {
			continue
		}
		c := per[o["customer_id"]]
		if c == nil {
			c = &cust{orders: map[string]bool{}}
			per[o["customer_id"]] = c
		}
		if at.After(c.last) {
			c.last = at
		}
		c.orders[o["order_id"]] = true
		c.spent += atof(t, o["amount"])
	}
	var rec, freq, mon []float64
	var ids []string
	for id, c := range per {
		ids = append(ids, id)
		rec = append(rec, asOf.Sub(day(c.last)).Hours()/24)
		freq = append(freq, float64(len(c.orders)))
		mon = append(mon, c.spent)
	}
	rc, fc := cuts(rec), cuts(freq)
	want := map[string]int{}
	for i := range ids {
		r := 6 - score(rec[i], rc) // R is reversed: 5 if ≤ p20 of recency
		want[segment(r, score(freq[i], fc))]++
	}
	res := runMetric(t, e, "rfm", metrics.Params{})
	seen := 0
	for _, r := range res.Rows {
		s := r[res.Col("segment")].(string)
		seen++
		if r[res.Col("customers")] != int64(want[s]) || !near(r[res.Col("share")], 100*float64(want[s])/float64(len(ids))) {
			t.Errorf("%s: %v, want %d customers of %d", s, r, want[s], len(ids))
		}
	}
	if seen != len(want) || len(want) < 6 {
		t.Errorf("%d segments from the metric, want %d (%v)", seen, len(want), want)
	}
}

func TestCrossCheckFunnel(t *testing.T) {
	e := sample(t)
	asOf := sampleAsOf(t)
	stage := map[string]int{}
	for i, s := range model.Stages {
		for _, name := range model.DefaultJourney[s] {
			stage[strings.ToLower(name)] = i + 1
		}
	}
	var evs []funnelEvent
	for _, ev := range sampleCSV(t, "events.csv") {
		at := ts(t, ev["occurred_at"])
		if !day(at).After(asOf) {
			evs = append(evs, funnelEvent{ev["customer_id"], at.Unix(), stage[strings.ToLower(ev["event"])]})
		}
	}
	for _, o := range sampleCSV(t, "orders.csv") {
		at := ts(t, o["ordered_at"])
		if !day(at).After(asOf) {
			evs = append(evs, funnelEvent{o["customer_id"], at.Unix(), 3}) // orders are purchases
		}
	}
	reached := orderedFunnel(evs)
	checkFunnel(t, runMetric(t, e, "funnel", metrics.Params{}), reached)
	for i := 1; i < 5; i++ {
		if reached[i] == 0 || reached[i] > reached[i-1] {
			t.Errorf("independent funnel %v: want every stage reached, narrowing", reached)
		}
	}
}
