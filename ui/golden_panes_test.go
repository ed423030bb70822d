package ui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
)

// The golden screens of panes 2–8 over the sample data at 120×40. Each one
// also checks that numbers on screen are those of metrics.Run (what
// `kizuna report` prints) for the same parameters, formatted here on their
// own: integers as they are, fractions with one decimal.

// panesModel is goldenModel with the real panes 2–8.
func panesModel(t *testing.T) (*Model, metrics.Querier) {
	m := goldenModel(t)
	for i := 1; i <= 7; i++ {
		m.panes[i] = Constructors[i](m.env)
	}
	return m, m.env.DB
}

// report runs a metric as `kizuna report` does.
func report(t *testing.T, db metrics.Querier, name string, p metrics.Params) *model.Table {
	t.Helper()
	res, err := metrics.Run(context.Background(), db, name, p)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &res.Table
}

// value is column col of the first row whose column key equals match.
func value(t *testing.T, tb *model.Table, key, match, col string) any {
	t.Helper()
	k, c := tb.Col(key), tb.Col(col)
	if k < 0 || c < 0 {
		t.Fatalf("no column %s or %s in %v", key, col, tb.Columns)
	}
	for _, r := range tb.Rows {
		if s, ok := r[k].(string); ok && s == match {
			return r[c]
		}
	}
	t.Fatalf("no row with %s = %s", key, match)
	return nil
}

// num formats a metric value: integers as they are, fractions with one decimal.
func num(t *testing.T, v any) string {
	t.Helper()
	switch v.(type) {
	case int64, float64:
		return numfmt.Screen.Value(v)
	}
	t.Fatalf("not a number: %#v", v)
	return ""
}

// rate is a rate or score as the panes write it: one decimal always.
func rate(t *testing.T, v any) string {
	t.Helper()
	x, ok := v.(float64)
	if !ok {
		t.Fatalf("not a rate: %#v", v)
	}
	return numfmt.Screen.Fixed(x, 1)
}

// lineWith is the first line of view containing label.
func lineWith(t *testing.T, view, label string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, label) {
			return l
		}
	}
	t.Fatalf("no line with %q in:\n%s", label, view)
	return ""
}

// showPane focuses pane key, waits for want and returns the final screen.
func showPane(t *testing.T, m *Model, key string, want ...string) string {
	t.Helper()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	tm.Type(key)
	waitFor(t, tm, want...)
	return string(finalView(t, tm))
}

func TestGoldenSegments(t *testing.T) {
	m, db := panesModel(t)
	seg := report(t, db, "segments", metrics.Params{By: "region"})
	// The 関東 row: customers, orders, revenue, nps in table order.
	var want []string
	for _, c := range []string{"customers", "orders", "revenue"} {
		want = append(want, num(t, value(t, seg, "group", "関東", c)))
	}
	want = append(want, rate(t, value(t, seg, "group", "関東", "nps")))
	out := showPane(t, m, "2", "historical_ltv", "▾ customers", want[2])
	golden.RequireEqual(t, []byte(out))
	row := lineWith(t, out, "関東")
	at := 0
	for _, w := range want {
		i := strings.Index(row[at:], " "+w+" ")
		if i < 0 {
			t.Fatalf("関東 row %q lacks %s after column %d", row, w, at)
		}
		at += i + len(w)
	}
}

func TestGoldenNPS(t *testing.T) {
	m, db := panesModel(t)
	g := report(t, db, "nps", metrics.Params{By: "region"})
	kyushu := "NPS " + rate(t, value(t, g, "group", "九州", "nps")) + " ±" + rate(t, value(t, g, "group", "九州", "moe95")) +
		"  n=" + num(t, value(t, g, "group", "九州", "responses"))
	tr := report(t, db, "nps", metrics.Params{By: "month"})
	last := tr.Rows[len(tr.Rows)-1]
	latest := "latest " + last[tr.Col("group")].(string) + ": NPS " + rate(t, last[tr.Col("nps")]) + " ±" + rate(t, last[tr.Col("moe95")])
	out := showPane(t, m, "3", "NPS by region", latest)
	golden.RequireEqual(t, []byte(out))
	mustContain(t, lineWith(t, out, "九州"), kyushu)
	mustContain(t, out, latest)
	// The headline is `kizuna report nps` without --by: 8.8 ±3.6 of 2,045.
	all := report(t, db, "nps", metrics.Params{})
	head := "Everyone: NPS " + rate(t, all.Rows[0][all.Col("nps")]) + " ±" + rate(t, all.Rows[0][all.Col("moe95")]) + "  n=2,045"
	if all.Rows[0][all.Col("responses")] != int64(2045) || head != "Everyone: NPS 8.8 ±3.6  n=2,045" {
		t.Fatalf("report nps: %v", all.Rows)
	}
	mustContain(t, lineWith(t, out, "Everyone"), head)
	// Without colour (these goldens use the Ascii profile) the segments
	// differ by pattern, as the legend says; 九州 is below the rest.
	mustContain(t, out, "█ promoters  ▒ passives  ░ detractors")
	mustContain(t, lineWith(t, out, "九州"), "█▒▒")
	mustContain(t, lineWith(t, out, "九州"), "▒░░")
	mustContain(t, lineWith(t, out, "九州"), "D 95 ▼")
}

func TestGoldenRetention(t *testing.T) {
	m, db := panesModel(t)
	r := report(t, db, "retention", metrics.Params{})
	c := func(col string) any {
		for _, row := range r.Rows {
			if row[r.Col("cohort")] == "2024-01" && row[r.Col("offset")] == int64(1) {
				return row[r.Col(col)]
			}
		}
		t.Fatal("no cell 2024-01 +1")
		return nil
	}
	want := "2024-01 +1: " + num(t, c("active")) + " of " + num(t, c("size")) + " active, retention " + rate(t, c("retention")) + "%"
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	tm.Type("4")
	waitFor(t, tm, "Average retention by offset")
	tm.Type("l") // the cell 2024-01 +1
	waitFor(t, tm, want)
	out := string(finalView(t, tm))
	mustContain(t, out, want)
	golden.RequireEqual(t, []byte(out))
}

func TestGoldenJourney(t *testing.T) {
	m, db := panesModel(t)
	f := report(t, db, "funnel", metrics.Params{})
	usage := num(t, value(t, f, "stage", "usage", "customers")) + "  step " +
		rate(t, value(t, f, "stage", "usage", "conversion_from_previous")) + "%  overall " +
		rate(t, value(t, f, "stage", "usage", "conversion_from_first")) + "%  median " +
		rate(t, value(t, f, "stage", "usage", "median_days_from_previous")) + " d"
	out := showPane(t, m, "5", "Current stage (highest reached)", usage)
	golden.RequireEqual(t, []byte(out))
	mustContain(t, lineWith(t, out, "4 usage"), usage)
	loyal := num(t, value(t, f, "current_stage", "loyalty", "customers"))
	if l := lineWith(t, out, "  loyalty"); !strings.HasSuffix(strings.TrimRight(l, " "), " "+loyal) {
		t.Errorf("current stage loyalty line %q does not end with %s", l, loyal)
	}
}

func TestGoldenRFM(t *testing.T) {
	m, db := panesModel(t)
	r := report(t, db, "rfm", metrics.Params{})
	var want []string
	want = append(want, num(t, value(t, r, "segment", "Champions", "customers")))
	for _, c := range []string{"share", "avg_recency_days", "avg_frequency"} {
		want = append(want, rate(t, value(t, r, "segment", "Champions", c)))
	}
	want[1] += "%"
	out := showPane(t, m, "6", "frequency score F →", "Can't lose them")
	golden.RequireEqual(t, []byte(out))
	row := lineWith(t, out, "Champions  ")
	if got := strings.Fields(row[strings.Index(row, "Champions"):])[1:5]; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Champions row %v, report %v", got, want)
	}
	// The headline: the customers of every segment, the Champions' shares.
	var n int64
	for i := range r.Rows {
		n += r.Rows[i][r.Col("customers")].(int64)
	}
	mustContain(t, lineWith(t, out, "customers scored"), num(t, n)+" customers scored",
		"Champions "+want[1]+" ("+num(t, value(t, r, "segment", "Champions", "revenue_share"))+"% of revenue)")
}

// TestGoldenVoice searches for 配送 (delivery): the counts beside the box
// are the comments and reviews with text, counted here in plain SQL.
func TestGoldenVoice(t *testing.T) {
	m, db := panesModel(t)
	count := func(q string) int64 {
		tb, err := metrics.Query(context.Background(), db, q)
		if err != nil {
			t.Fatal(err)
		}
		return tb.Rows[0][0].(int64)
	}
	all := count(`SELECT (SELECT count(*) FROM responses WHERE trim(comment) <> '')
		+ (SELECT count(*) FROM reviews WHERE trim(text) <> '')`)
	hits := count(`SELECT (SELECT count(*) FROM responses WHERE comment LIKE '%配送%')
		+ (SELECT count(*) FROM reviews WHERE text LIKE '%配送%')`)
	want := "(" + numfmt.Count(hits) + " of " + numfmt.Count(all) + ")"
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	tm.Type("7")
	waitFor(t, tm, "source  score (scale)  region")
	tm.Type("/")
	for _, r := range "配送" { // Type sends bytes, not runes
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, want)
	out := string(finalView(t, tm))
	golden.RequireEqual(t, []byte(out))
	mustContain(t, lineWith(t, out, "/ 配送"), want)
	mustContain(t, out, numfmt.Count(all)+" comments  survey ")
}

func TestGoldenEngagement(t *testing.T) {
	m, db := panesModel(t)
	e := report(t, db, "engagement", metrics.Params{By: "platform"})
	g := func(c string) string { return num(t, value(t, e, "group", "tiktok", c)) }
	tiktok := rate(t, value(t, e, "group", "tiktok", "engagement_rate")) + "%  posts " + g("posts") + "  impressions " + g("impressions") + "  interactions " + g("interactions")
	tr := report(t, db, "engagement", metrics.Params{By: "month"})
	last := tr.Rows[len(tr.Rows)-1]
	latest := "latest " + last[tr.Col("group")].(string) + ": " + rate(t, last[tr.Col("engagement_rate")]) + "%"
	out := showPane(t, m, "8", "Top posts by engagement rate", latest)
	golden.RequireEqual(t, []byte(out))
	mustContain(t, lineWith(t, out, "tiktok "), tiktok)
	// The headline is the engagement rate of every post (no --by).
	a := report(t, db, "engagement", metrics.Params{})
	mustContain(t, lineWith(t, out, "Engagement rate "), "Engagement rate "+num(t, a.Rows[0][a.Col("engagement_rate")])+"%",
		num(t, a.Rows[0][a.Col("posts")])+" posts")
}
