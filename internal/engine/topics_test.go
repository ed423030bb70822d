package engine

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// TestTopicsOnSample: on the bundled sample, the four complaint themes
// (late delivery, shipping fee, slow app, out of stock) are the most
// negative topics, for all customers and for 九州 alone (delivery first
// there), and one topic's counts and impact equal an independent SQL count
// over the comments.
func TestTopicsOnSample(t *testing.T) {
	e := sample(t)
	run := func(p metrics.Params) []map[string]any {
		r, err := metrics.Run(context.Background(), e.DB, "topics", p)
		if err != nil {
			t.Fatal(err)
		}
		var out []map[string]any
		for _, row := range r.Rows {
			m := map[string]any{}
			for i, c := range r.Columns {
				m[c] = row[i]
			}
			out = append(out, m)
		}
		return out
	}
	// The sample's four complaint themes (internal/sample/doc.go), by the
	// words of their phrases in Japanese and English.
	themes := []struct{ name, words string }{
		{"late delivery", "配送|配達|届か|delivery|late|week"},
		{"shipping fee", "送料|shipping"},
		{"slow app", "アプリ|app|slow"},
		{"out of stock", "在庫|stock"},
	}
	themeOf := func(topic string) string {
		for _, th := range themes {
			for _, w := range strings.Split(th.words, "|") {
				if strings.Contains(topic, w) {
					return th.name
				}
			}
		}
		return ""
	}
	// check: the first n topics (most negative impact first) are all the
	// themes', and every theme is among them.
	check := func(who string, rows []map[string]any, n int) {
		t.Helper()
		var top []string
		seen := map[string]bool{}
		for _, r := range rows[:min(n, len(rows))] {
			topic := r["topic"].(string)
			top = append(top, topic)
			th := themeOf(topic)
			if th == "" {
				t.Errorf("%s: topic %q among the %d most negative is no complaint theme", who, topic, n)
			}
			seen[th] = true
		}
		for _, th := range themes {
			if !seen[th.name] {
				t.Errorf("%s: theme %q not among the %d most negative topics %v", who, th.name, n, top)
			}
		}
	}
	all := run(metrics.Params{})
	check("all customers", all, 10)
	// 九州 alone has 75 NPS comments: topics of 2 mentions count there.
	kyushu := run(metrics.Params{Where: []metrics.Filter{{Dim: "region", Value: "九州"}}, MinMentions: 2})
	check("九州", kyushu, 8)
	for _, r := range kyushu[:3] {
		if th := themeOf(r["topic"].(string)); th != "late delivery" && th != "shipping fee" {
			t.Errorf("九州: top topic %q is not about delivery (%v)", r["topic"], kyushu[:3])
		}
	}
	// アプリが重い by plain SQL: its mentioners are the NPS answers whose
	// comment holds the phrase.
	var row map[string]any
	for _, r := range all {
		if r["topic"] == "アプリが重い" {
			row = r
		}
	}
	q := `SELECT count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), count(*),
		count(*) FILTER (WHERE m AND score >= 9), count(*) FILTER (WHERE m AND score BETWEEN 7 AND 8),
		count(*) FILTER (WHERE m AND score <= 6), count(*) FILTER (WHERE m)
		FROM (SELECT score, coalesce(comment, '') LIKE '%アプリが重い%' AS m FROM responses WHERE coalesce(survey, 'nps') = 'nps')`
	tb := query(t, e, q)
	n := func(i int) float64 { return float64(tb.Rows[0][i].(int64)) }
	P, D, N, mP, mPa, mD, mN := n(0), n(1), n(2), n(3), n(4), n(5), n(6)
	if row["mentions"] != int64(mN) || row["promoters"] != int64(mP) || row["passives"] != int64(mPa) || row["detractors"] != int64(mD) {
		t.Fatalf("アプリが重い %v, SQL: mentions %v P %v Pa %v D %v", row, mN, mP, mPa, mD)
	}
	impact := 100*(P-D)/N - 100*((P-mP)-(D-mD))/(N-mN)
	if got := row["impact"].(float64); math.Abs(got-impact) > 1e-9 {
		t.Errorf("impact %v, SQL %v", got, impact)
	}
}

// TestCompareNPSAndCSAT: compare's values equal the metric's own rows,
// and the intervals are the SPEC §6 formulas worked from those counts.
func TestCompareNPSAndCSAT(t *testing.T) {
	e := sample(t)
	ctx := context.Background()
	a, _ := metrics.ParseSide("region=九州")
	b, _ := metrics.ParseSide("region=関東")
	r, err := metrics.Compare(ctx, e.DB, "nps", metrics.Params{}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	by := runMetric(t, e, "nps", metrics.Params{By: "region"})
	get := func(group, col string) float64 {
		for _, row := range by.Rows {
			if row[by.Col("group")] == group {
				switch v := row[by.Col(col)].(type) {
				case int64:
					return float64(v)
				case float64:
					return v
				}
			}
		}
		t.Fatalf("no %s/%s", group, col)
		return 0
	}
	varOf := func(g string) float64 {
		p, d := get(g, "promoters")/get(g, "responses"), get(g, "detractors")/get(g, "responses")
		return 100 * 100 * (p + d - (p-d)*(p-d)) / get(g, "responses")
	}
	row := r.Rows[0]
	col := func(c string) any { return row[r.Col(c)] }
	wantDiff := get("九州", "nps") - get("関東", "nps")
	wantMOE := 1.96 * math.Sqrt(varOf("九州")+varOf("関東"))
	if math.Abs(col("difference").(float64)-wantDiff) > 1e-9 || math.Abs(col("moe95").(float64)-wantMOE) > 1e-9 {
		t.Errorf("nps compare %v, want difference %v ± %v", row, wantDiff, wantMOE)
	}
	if col("significant") != (math.Abs(wantDiff) > wantMOE) || col("n_a") != int64(get("九州", "responses")) {
		t.Errorf("nps compare %v", row)
	}
	// CSAT: two proportions.
	r, err = metrics.Compare(ctx, e.DB, "csat", metrics.Params{}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	cs := runMetric(t, e, "csat", metrics.Params{By: "region"})
	rate := func(g string) (float64, float64) {
		for _, row := range cs.Rows {
			if row[cs.Col("group")] == g {
				return row[cs.Col("csat")].(float64) / 100, float64(row[cs.Col("responses")].(int64))
			}
		}
		t.Fatalf("no csat for %s", g)
		return 0, 0
	}
	pa, na := rate("九州")
	pb, nb := rate("関東")
	row = r.Rows[0]
	if want := 100 * 1.96 * math.Sqrt(pa*(1-pa)/na+pb*(1-pb)/nb); math.Abs(row[r.Col("moe95")].(float64)-want) > 1e-9 {
		t.Errorf("csat moe95 %v, want %v", row[r.Col("moe95")], want)
	}
	if _, err := metrics.Compare(ctx, e.DB, "funnel", metrics.Params{}, a, b); err == nil {
		t.Error("compare funnel: want a usage error")
	}
}

// TestSegmentReevaluated: a saved segment is SQL, not a list of ids: when
// the file changes, the same segment holds other customers.
func TestSegmentReevaluated(t *testing.T) {
	dir := t.TempDir()
	seg := metrics.Params{Segment: "big", SegmentSQL: "SELECT customer_id FROM orders GROUP BY ALL HAVING sum(amount) > 100"}
	customers := func() int64 {
		e, err := Open(context.Background(), Options{Paths: []string{dir}, NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		r, err := metrics.Run(context.Background(), e.DB, "repeat", seg)
		if err != nil {
			t.Fatal(err)
		}
		return r.Rows[0][r.Col("customers")].(int64)
	}
	write(t, dir, "orders.csv", "customer_id,ordered_at,amount\nA,2024-01-01,150\nB,2024-01-02,50\nC,2024-01-03,60\nC,2024-01-04,70\n")
	if got := customers(); got != 2 { // A (150) and C (130)
		t.Fatalf("first data: %d customers in the segment, want 2", got)
	}
	write(t, dir, "orders.csv", "customer_id,ordered_at,amount\nA,2024-01-01,150\nB,2024-01-02,500\nC,2024-01-03,60\n")
	if got := customers(); got != 2 { // A and B now
		t.Fatalf("changed data: %d customers, want 2", got)
	}
	seg.SegmentSQL = "SELECT customer_id FROM orders WHERE amount >= 500"
	if got := customers(); got != 1 {
		t.Fatalf("B alone: %d", got)
	}
}
