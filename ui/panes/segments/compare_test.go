package segments

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
)

// 東 c1–c4, 西 c5–c8; as_of 2024-06-30 (c5's last order), inactive 90 days.
//
//	repeat:  東 c1 c2 of 4 buyers (2 orders each) = 2/4; 西 c5 = 1/4
//	churned: 東 c2 (last order Feb 6) c4 (Jan 8) of 4 = 2/4; 西 c6 c7 c8 = 3/4
//	NPS:     東 10 9 8 3 → P2 Pa1 D1, NPS 25; 西 10 5 4 7 → P1 Pa1 D2, NPS −25
//
// By hand, 東 against the rest (西):
//
//	NPS +50; Var = 100²·(.75 − .0625) = 6875 each side;
//	moe = 1.96·√(6875/4 + 6875/4) = 1.96·58.630 = 114.9
//	repeat +25 pp; margin 196·√(.5·.5/4 + .25·.75/4) = 196·√.109375 = 64.8;
//	two-proportion z: pooled p = 3/8, se = √(.375·.625·(1/4 + 1/4)) =
//	.342327, z = .25/.342327 = 0.73
//	churned −25 pp: margin 64.8; pooled p = 5/8, the same se: z = −0.73
//
// Comments (named topics): 東 delivery 2 of 3, app 1 of 3; 西 app 2 of 3,
// delivery 1 of 3.
var compareFixture = []string{
	`INSERT INTO customers (customer_id, region) VALUES ('c1','東'), ('c2','東'), ('c3','東'), ('c4','東'),
		('c5','西'), ('c6','西'), ('c7','西'), ('c8','西')`,
	`INSERT INTO orders (order_id, customer_id, ordered_at, amount, quantity) VALUES
		('o1','c1','2024-01-05',10,1), ('o2','c1','2024-06-20',10,1), ('o3','c2','2024-01-06',10,1), ('o4','c2','2024-02-06',10,1),
		('o5','c3','2024-06-25',10,1), ('o6','c4','2024-01-08',10,1),
		('o7','c5','2024-01-10',10,1), ('o8','c5','2024-06-30',10,1), ('o9','c6','2024-01-11',10,1),
		('o10','c7','2024-01-12',10,1), ('o11','c8','2024-01-13',10,1)`,
	`INSERT INTO responses (customer_id, responded_at, score, comment) VALUES
		('c1','2024-02-01',10,'delivery late'), ('c2','2024-02-01',9,'Delivery was late'), ('c3','2024-02-01',8,NULL),
		('c4','2024-02-01',3,'app slow'), ('c5','2024-02-01',10,'delivery fast'), ('c6','2024-02-01',5,'app slow'),
		('c7','2024-02-01',4,'the app crashed'), ('c8','2024-02-01',7,'')`,
}

func TestCompareSegmentWithTheRest(t *testing.T) {
	db := uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, compareFixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 160, 40)
	params := metrics.Params{Topics: map[string][]string{"delivery": {"delivery"}, "app": {"app"}}, MinMentions: 1}
	p, _ = uitest.Run(t, p, p.SetFilter(params))
	if strings.Contains(p.View(), "c: NPS") {
		t.Fatal("the comparison shows before c")
	}
	for i := 0; i < rowOf(t, p, "東"); i++ {
		p, _ = uitest.Press(t, p, "down")
	}
	p, _ = uitest.Press(t, p, "c")
	uitest.Contains(t, p.View(),
		"c: NPS 東 − the rest = +50.0 ±114.9 points  not significant (the 95% interval holds 0)",
		"c: repeat rate 東 − the rest = +25.0 ±64.8 pp  not significant (two-proportion z = 0.73, |z| ≤ 1.96)",
		"c: churned share 東 − the rest = -25.0 ±64.8 pp  not significant (two-proportion z = -0.73, |z| ≤ 1.96)",
		"topics moved: app -33.3 pp (33% vs 67%) · delivery +33.3 pp (67% vs 33%)")
	// space marks 西; back on 東 the comparison names it.
	w := rowOf(t, p, "西")
	e := rowOf(t, p, "東")
	move := "down"
	if w < e {
		move = "up"
	}
	p, _ = uitest.Press(t, p, move, " ", map[string]string{"up": "down", "down": "up"}[move])
	uitest.Contains(t, p.View(), "c: NPS 東 − 西 = +50.0 ±114.9 points")
	p, _ = uitest.Press(t, p, "c")
	if strings.Contains(p.View(), "c: NPS") {
		t.Error("c again did not hide the comparison")
	}
}

// The counts behind the comparison give the segments metric's own rates.
func TestCountsAgreeWithTheMetric(t *testing.T) {
	db := uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, compareFixture...)
	ctx := context.Background()
	p := metrics.Params{By: "region"}
	seg, err := metrics.Run(ctx, db, "segments", p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := kit.BuildQuery(ctx, db, "segments_counts", p)
	if err != nil {
		t.Fatal(err)
	}
	cnt, err := q.Run(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for i := range seg.Rows {
		g := seg.Rows[i][seg.Col("group")]
		for j := range cnt.Rows {
			if cnt.Rows[j][cnt.Col("group")] != g {
				continue
			}
			n := func(c string) float64 { v, _ := chart.Float(chart.Get(cnt, j, c)); return v }
			v := func(c string) float64 { x, _ := chart.Float(seg.Rows[i][seg.Col(c)]); return x }
			if math.Abs(100*n("repeaters")/n("buyers")-v("repeat_rate")) > 1e-9 ||
				math.Abs(100*n("churned")/n("had")-v("churned_share")) > 1e-9 ||
				math.Abs(100*(n("promoters")-n("detractors"))/n("responses")-v("nps")) > 1e-9 {
				t.Errorf("%v: counts %v, metric %v", g, cnt.Rows[j], seg.Rows[i])
			}
		}
	}
}

// TestComparePeriods: c pressed again, with February in the filter bar,
// compares the selected segment in February with itself in the 29 days
// before (2024-01-03…2024-01-31), each as of its last day.
//
//	repeat: February c1 c2 of 3 buyers (c1 c2 c4); January c1 of 3 (c1 c2 c3):
//	  +33.3 pp, margin 196·√(2·(2/9)/3) = 75.4; pooled p = .5,
//	  se = √(.25·(1/3 + 1/3)) = .408248, z = .3333/.408248 = 0.82
//	NPS: February 10 9 8 → 66.7, Var = 100²·(2/3 − 4/9) = 2222.2; January
//	  3 4 → −100, Var 0; +166.7 ± 1.96·√(2222.2/3) = 53.3: significant
//	churned share: every episode still open at either end: 0 of 4, 0 of 3
//	topics: app 0 of 3 vs 2 of 2 → −100 pp, pooled p = .4, se = √(.24·(1/3 + 1/2))
//	  = .4472, z = −2.24 (significant); delivery 2 of 3 vs 0 of 2 → +66.7, z = 1.49
func TestComparePeriods(t *testing.T) {
	db := uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}},
		`INSERT INTO customers (customer_id, region) VALUES ('c1','東'), ('c2','東'), ('c3','東'), ('c4','東'), ('c9','西')`,
		`INSERT INTO orders (order_id, customer_id, ordered_at, amount, quantity) VALUES
			('o1','c1','2024-01-05',10,1), ('o2','c1','2024-01-20',10,1), ('o3','c2','2024-01-06',10,1), ('o4','c3','2024-01-07',10,1),
			('o5','c1','2024-02-05',10,1), ('o6','c1','2024-02-10',10,1), ('o7','c2','2024-02-06',10,1), ('o8','c2','2024-02-20',10,1),
			('o9','c4','2024-02-07',10,1), ('o10','c9','2024-03-01',10,1)`,
		`INSERT INTO responses (customer_id, responded_at, score, comment) VALUES
			('c1','2024-01-10',3,'app slow'), ('c2','2024-01-11',4,'app crash'),
			('c1','2024-02-10',10,'delivery late'), ('c2','2024-02-11',9,'delivery slow'), ('c3','2024-02-12',8,'fine')`)
	p := uitest.Start(t, New(uitest.Env(db)), 170, 40)
	params := metrics.Params{From: "2024-02-01", To: "2024-02-29", MinMentions: 1,
		Topics: map[string][]string{"delivery": {"delivery"}, "app": {"app"}}}
	p, _ = uitest.Run(t, p, p.SetFilter(params))
	for i := 0; i < rowOf(t, p, "東"); i++ {
		p, _ = uitest.Press(t, p, "down")
	}
	p, _ = uitest.Press(t, p, "c", "c")
	uitest.Contains(t, p.View(),
		"c: NPS 東 2024-02-01…2024-02-29 − 2024-01-03…2024-01-31 = +166.7 ±53.3 points  significant at 95%",
		"c: repeat rate 東 2024-02-01…2024-02-29 − 2024-01-03…2024-01-31 = +33.3 ±75.4 pp  not significant (two-proportion z = 0.82, |z| ≤ 1.96)",
		"c: churned share 東 2024-02-01…2024-02-29 − 2024-01-03…2024-01-31 = +0.0 ±0.0 pp  not significant (two-proportion z = 0.00",
		"topics moved: app -100.0 pp* (0% vs 100%) · delivery +66.7 pp (67% vs 0%)")
	p, _ = uitest.Press(t, p, "c")
	if strings.Contains(p.View(), "c: NPS") {
		t.Error("c a third time did not hide the comparison")
	}
	if f, to, ok := previousRange("2024-03-01", "2024-03-31"); !ok || f != "2024-01-30" || to != "2024-02-29" {
		t.Errorf("previous range of March 2024 = %s…%s", f, to)
	}
}
