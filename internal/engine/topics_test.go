package engine

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// TestTopicsOnSample: on the bundled sample, the complaint themes come out
// as the most negative topics — the slow app and out-of-stock items for all
// customers, late delivery for 九州 alone — and one topic's counts and
// impact equal an independent SQL count over the comments.
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
	all := run(metrics.Params{})
	var worst []string
	for _, r := range all[:15] {
		worst = append(worst, r["topic"].(string))
	}
	joined := strings.Join(worst, "|")
	for _, theme := range []string{"アプリが重い", "app slow", "在庫切れ"} {
		if !strings.Contains(joined, theme) {
			t.Errorf("the 15 most negative topics %v lack %q", worst, theme)
		}
	}
	kyushu := run(metrics.Params{Where: []metrics.Filter{{Dim: "region", Value: "九州"}}})
	for _, r := range kyushu[:3] {
		topic := r["topic"].(string)
		if !strings.ContainsAny(topic, "配送達") && !strings.Contains(topic, "delivery") && !strings.Contains(topic, "shipping") {
			t.Errorf("九州: top topic %q is not about delivery (%v)", topic, kyushu[:3])
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
