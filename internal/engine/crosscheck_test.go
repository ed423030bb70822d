package engine

import (
	"context"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// The cross-checks load the bundled sample data through Open and compare
// each metric with a plain-Go computation from the CSV files (encoding/csv,
// loops, no SQL).

const sampleDir = "../../sample-data"

var (
	sampleOnce sync.Once
	sampleEng  *Engine
	sampleErr  error
)

// TestMain closes the shared sample engine (and its temporary folder).
func TestMain(m *testing.M) {
	code := m.Run()
	if sampleEng != nil {
		sampleEng.Close()
	}
	os.Exit(code)
}

// sample returns the engine over sample-data, loaded once for all cross-checks.
func sample(t *testing.T) *Engine {
	t.Helper()
	sampleOnce.Do(func() {
		sampleEng, sampleErr = Open(context.Background(), Options{Paths: []string{sampleDir}})
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleEng
}

// sampleCSV reads sample-data/name as rows of column → value.
func sampleCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	h, recs := readCSV(t, sampleDir+"/"+name, ',')
	out := make([]map[string]string, len(recs))
	for i, r := range recs {
		m := map[string]string{}
		for j, c := range h {
			m[c] = r[j]
		}
		out[i] = m
	}
	return out
}

func ts(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func day(v time.Time) time.Time { return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC) }

func month(v time.Time) time.Time { return time.Date(v.Year(), v.Month(), 1, 0, 0, 0, 0, time.UTC) }

// run computes metric name on the sample engine.
func runMetric(t *testing.T, e *Engine, name string, p metrics.Params) *metrics.Result {
	t.Helper()
	r, err := metrics.Run(context.Background(), e.DB, name, p)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// sampleAsOf is the latest activity date of the sample files (SPEC §3).
func sampleAsOf(t *testing.T) time.Time {
	t.Helper()
	var last time.Time
	for file, cols := range map[string][]string{"orders.csv": {"ordered_at"}, "responses.csv": {"responded_at"},
		"events.csv": {"occurred_at"}, "subscriptions.csv": {"started_at", "ended_at"}, "reviews.csv": {"reviewed_at"},
		"posts.csv": {"posted_at"}} {
		for _, r := range sampleCSV(t, file) {
			for _, c := range cols {
				if r[c] != "" && ts(t, r[c]).After(last) {
					last = ts(t, r[c])
				}
			}
		}
	}
	return day(last)
}

func TestSampleLoadsClean(t *testing.T) {
	e := sample(t)
	for _, f := range []struct {
		role, file string
	}{{"customers", "customers.csv"}, {"orders", "orders.csv"}, {"responses", "responses.csv"}, {"events", "events.csv"},
		{"subscriptions", "subscriptions.csv"}, {"reviews", "reviews.csv"}, {"posts", "posts.csv"}} {
		wantRows(t, e, f.role, int64(len(sampleCSV(t, f.file))), 0)
	}
	if len(e.Schema.Ignored) != 0 {
		t.Errorf("ignored files %v", e.Schema.Ignored)
	}
}

func TestCrossCheckNPS(t *testing.T) {
	e := sample(t)
	region := map[string]string{}
	for _, c := range sampleCSV(t, "customers.csv") {
		region[c["customer_id"]] = c["region"]
	}
	type tally struct{ n, p, d int }
	all, by := tally{}, map[string]*tally{}
	for _, r := range sampleCSV(t, "responses.csv") {
		if s := strings.ToLower(r["survey"]); s != "" && s != "nps" {
			continue
		}
		score, err := strconv.Atoi(r["score"])
		if err != nil {
			t.Fatal(err)
		}
		g := region[r["customer_id"]]
		if g == "" {
			g = "(unknown)"
		}
		if by[g] == nil {
			by[g] = &tally{}
		}
		for _, x := range []*tally{&all, by[g]} {
			x.n++
			if score >= 9 {
				x.p++
			} else if score <= 6 {
				x.d++
			}
		}
	}
	check := func(res *metrics.Result, want map[string]*tally) {
		t.Helper()
		if len(res.Rows) != len(want) {
			t.Errorf("%d groups, want %d", len(res.Rows), len(want))
		}
		for _, r := range res.Rows {
			g := r[res.Col("group")].(string)
			x := want[g]
			if x == nil {
				t.Errorf("unexpected group %q", g)
				continue
			}
			n := float64(x.n)
			pP, pD := float64(x.p)/n, float64(x.d)/n
			nps := 100 * (pP - pD)
			moe := 100 * 1.96 * math.Sqrt((pP+pD-(pP-pD)*(pP-pD))/n)
			if r[res.Col("responses")] != int64(x.n) || r[res.Col("promoters")] != int64(x.p) ||
				r[res.Col("detractors")] != int64(x.d) || r[res.Col("passives")] != int64(x.n-x.p-x.d) ||
				!near(r[res.Col("nps")], nps) || !near(r[res.Col("moe95")], moe) || r[res.Col("low_sample")] != (x.n < 30) {
				t.Errorf("group %s: %v, want N %d P %d D %d nps %v moe95 %v", g, r, x.n, x.p, x.d, nps, moe)
			}
		}
	}
	check(runMetric(t, e, "nps", metrics.Params{}), map[string]*tally{"all": &all})
	check(runMetric(t, e, "nps", metrics.Params{By: "region"}), by)
	if len(by) < 3 {
		t.Errorf("only %d regions", len(by))
	}
}

func TestCrossCheckRetention(t *testing.T) {
	e := sample(t)
	asOf := sampleAsOf(t)
	res := runMetric(t, e, "retention", metrics.Params{})
	if res.AsOf != asOf.Format("2006-01-02") {
		t.Fatalf("as_of %s, want %s", res.AsOf, asOf.Format("2006-01-02"))
	}
	cohort := map[string]time.Time{} // customer → signup month
	size := map[time.Time]int{}
	for _, c := range sampleCSV(t, "customers.csv") {
		m := month(ts(t, c["signup_at"]))
		cohort[c["customer_id"]] = m
		size[m]++
	}
	// active[cohort][k] = members with an order in month cohort+k (≤ as_of).
	seen := map[string]bool{}
	active := map[time.Time]map[int]int{}
	for _, o := range sampleCSV(t, "orders.csv") {
		at := ts(t, o["ordered_at"])
		c, ok := cohort[o["customer_id"]]
		if !ok || day(at).After(asOf) || at.Before(c) {
			continue
		}
		m := month(at)
		k := (m.Year()-c.Year())*12 + int(m.Month()-c.Month())
		key := o["customer_id"] + "|" + strconv.Itoa(k)
		if seen[key] {
			continue
		}
		seen[key] = true
		if active[c] == nil {
			active[c] = map[int]int{}
		}
		active[c][k]++
	}
	got := map[string][]any{}
	for _, r := range res.Rows {
		got[r[res.Col("cohort")].(string)+"|"+strconv.FormatInt(r[res.Col("offset")].(int64), 10)] = r
	}
	cells := 0
	for c, n := range size {
		for k := 0; k <= 3; k++ {
			cell := c.AddDate(0, k, 0)
			key := c.Format("2006-01") + "|" + strconv.Itoa(k)
			r, ok := got[key]
			if cell.After(month(asOf)) {
				if ok {
					t.Errorf("cell %s after as_of's month: %v", key, r)
				}
				continue
			}
			cells++
			a := active[c][k]
			if !ok || r[res.Col("size")] != int64(n) || r[res.Col("active")] != int64(a) ||
				!near(r[res.Col("retention")], 100*float64(a)/float64(n)) || r[res.Col("partial")] != cell.Equal(month(asOf)) {
				t.Errorf("cell %s: %v, want size %d active %d partial %v", key, r, n, a, cell.Equal(month(asOf)))
			}
		}
	}
	if cells < 40 {
		t.Errorf("only %d cells checked", cells)
	}
}
