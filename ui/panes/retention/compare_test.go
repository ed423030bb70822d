package retention

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

// Cohorts by first order; as_of 2024-04-02 (c9), so April is partial.
//
//	2024-01: c1 c2 c3 c4, active in February c1 c2 c3 → +1: 3 of 4
//	2024-02: c5 c6 c7 c8, active in March c5       → +1: 1 of 4
//	2024-04: c9 (no +1 yet)
//
// c on 2024-01 +1 against the other complete cohorts at +1 (2024-02 only):
// difference 75 − 25 = +50 pp; se = √(.75·.25/4 + .25·.75/4) = √.09375 =
// .306186; moe = 196·.306186 = 60.0; two-proportion z with the pooled p =
// 4/8 = .5: se = √(.5·.5·(1/4 + 1/4)) = .353553, z = .5/.353553 = 1.41:
// not significant.
//
// Comments (named topics): 2024-01's members: delivery 2 of 3, app 1 of 3;
// the other cohorts' (c5, c6, c9): app 2 of 3, delivery 1 of 3 → both
// moved 33.3 pp; app first by name.
var compareFixture = []string{
	`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2'), ('c3'), ('c4'), ('c5'), ('c6'), ('c7'), ('c8'), ('c9')`,
	`INSERT INTO orders (order_id, customer_id, ordered_at, amount, quantity) VALUES
		('o1','c1','2024-01-05',10,1), ('o2','c2','2024-01-06',10,1), ('o3','c3','2024-01-07',10,1), ('o4','c4','2024-01-08',10,1),
		('o5','c1','2024-02-05',10,1), ('o6','c2','2024-02-06',10,1), ('o7','c3','2024-02-07',10,1),
		('o8','c5','2024-02-10',10,1), ('o9','c6','2024-02-11',10,1), ('o10','c7','2024-02-12',10,1), ('o11','c8','2024-02-13',10,1),
		('o12','c5','2024-03-10',10,1), ('o13','c9','2024-04-02',10,1)`,
	`INSERT INTO responses (customer_id, responded_at, score, comment) VALUES
		('c1','2024-02-01',3,'delivery late'), ('c2','2024-02-02',5,'late delivery again'), ('c3','2024-02-03',9,'app ok'),
		('c5','2024-03-01',4,'app slow'), ('c6','2024-03-02',6,'the app crashed'), ('c9','2024-04-01',9,'delivery fine')`,
}

func TestCompareCohortWithTheRest(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, compareFixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 160, 40)
	params := metrics.Params{Topics: map[string][]string{"delivery": {"delivery"}, "app": {"app"}}, MinMentions: 1}
	p, _ = uitest.Run(t, p, p.SetFilter(params))
	if strings.Contains(p.View(), "c: retention") {
		t.Fatal("the comparison shows before c")
	}
	p, _ = uitest.Press(t, p, "right") // 2024-01 +1
	uitest.Contains(t, p.View(), "2024-01 +1: 3 of 4 active")
	p, _ = uitest.Press(t, p, "c")
	uitest.Contains(t, p.View(),
		"c: retention 2024-01 +1 − other complete cohorts at +1 = +50.0 ±60.0 pp",
		"not significant (two-proportion z = 1.41, |z| ≤ 1.96)",
		"topics moved: app -33.3 pp (33% vs 67%) · delivery +33.3 pp (67% vs 33%)")
	d, m, z, _ := interval.Props(3, 4, 1, 4)
	if fmt.Sprintf("%.1f %.1f %.2f", d, m, z) != "50.0 60.0 1.41" {
		t.Errorf("by hand: %v ±%v z %v", d, m, z)
	}
	p, _ = uitest.Press(t, p, "c")
	if strings.Contains(p.View(), "c: retention") {
		t.Error("c again did not hide the comparison")
	}
}

// In the churn flow, c compares the selected period with the one before;
// space marks another period to compare with instead.
func TestCompareChurnPeriods(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, compareFixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 160, 40)
	p, _ = uitest.Press(t, p, "v")
	tb := p.Screen().Table
	if len(tb.Rows) < 3 {
		t.Fatalf("churn rows %v", tb.Rows)
	}
	p, _ = uitest.Press(t, p, "down", "down", "c") // the third period against the second
	per := func(i int) string { return chart.Str(chart.Get(tb, i, "period")) }
	n := func(i int, c string) int64 { v, _ := chart.Float(chart.Get(tb, i, c)); return int64(v) }
	d, m, _, _ := interval.Props(n(2, "churned"), n(2, "active_start"), n(1, "churned"), n(1, "active_start"))
	uitest.Contains(t, p.View(), fmt.Sprintf("c: churn %s − %s = %+.1f ±%.1f pp", per(2), per(1), d, m))
	// Mark the second period, down to the fourth: the fourth against the
	// second (0 of 8 against 0 of 4: +0.0 ±0.0).
	p, _ = uitest.Press(t, p, "up", " ", "down", "down")
	d, m, _, _ = interval.Props(n(3, "churned"), n(3, "active_start"), n(1, "churned"), n(1, "active_start"))
	uitest.Contains(t, p.View(), fmt.Sprintf("c: churn %s − %s = %+.1f ±%.1f pp", per(3), per(1), d, m))
	if !p.(*Pane).Comparing() {
		t.Error("the comparison hidden")
	}
	// The first period had no one active: no comparison with the one before.
	p, _ = uitest.Press(t, p, "up", "up", " ", "up") // space on the marked period unmarks it
	uitest.Contains(t, p.View(), "c: no period before this one")
}
