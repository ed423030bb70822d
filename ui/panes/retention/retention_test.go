package retention

import (
	"context"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// Orders only (no signup_at): cohorts by first order month. as_of is the
// latest order, 2024-03-20, so March is partial.
//
//	2024-01: c1, c2 (size 2) — Jan both 100.0, Feb c1 50.0, Mar c1 50.0~
//	2024-02: c3 (size 1)     — Feb 100.0, Mar 100.0~
var fixture = []string{
	`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2'), ('c3')`,
	`INSERT INTO orders VALUES ('o1','c1','2024-01-05',10,1), ('o2','c1','2024-02-10',10,1),
		('o3','c1','2024-03-03',10,1), ('o4','c2','2024-01-20',10,1),
		('o5','c3','2024-02-15',10,1), ('o6','c3','2024-03-20',10,1)`,
}

func TestCohortsShowExactCells(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 100, 30)
	v := p.View()
	uitest.Contains(t, v,
		"▸ 2024-01      2[100.0 ]  50.0    50.0~",
		"  2024-02      1 100.0   100.0~",
		"2024-01 +0: 2 of 2 active, retention 100.0%",
		"~ partial period")
	// Every cell on screen is the metric's own number.
	res, err := metrics.Run(context.Background(), db, "retention", metrics.Params{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 5 {
		t.Errorf("metric rows = %v", res.Rows)
	}
	if s := p.Screen(); s.Name != "retention" || len(s.Table.Rows) != 5 || !strings.Contains(s.SQL, "'2024-03-20'") {
		t.Errorf("screen %q %v", s.Name, s.Table)
	}
}

func TestCursorMovesWithinTriangleAndDrills(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 100, 30)
	p, _ = uitest.Press(t, p, "right", "right", "right") // the 2024-01 row has 3 cells: stops at +2
	uitest.Contains(t, p.View(), "[ 50.0~]", "2024-01 +2: 1 of 2 active, retention 50.0%")
	p, _ = uitest.Press(t, p, "down") // 2024-02 has cells +0, +1: the cursor moves back to +1
	uitest.Contains(t, p.View(), "2024-02 +1: 1 of 1 active, retention 100.0%")
	p, _ = uitest.Press(t, p, "up") // back to 2024-01, still at +1
	p, msgs := uitest.Press(t, p, "enter")
	if len(msgs) != 1 {
		t.Fatalf("msgs = %v", msgs)
	}
	d := msgs[0].(pane.DrillMsg)
	if uitest.Arg(t, d, "kz_cohort") != "2024-01" || uitest.Arg(t, d, "kz_offset") != int64(1) {
		t.Errorf("drill args = %v", d.Args)
	}
	// Cohort 2024-01 in February: c1 ordered (active), c2 did not.
	rows := uitest.Drill(t, db, d)
	if len(rows) != 2 || rows[0]["customer_id"] != "c1" || rows[0]["active"] != true ||
		rows[1]["customer_id"] != "c2" || rows[1]["active"] != false {
		t.Errorf("drill rows = %v", rows)
	}
}

func TestChurnFlowMatchesMetric(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 110, 30)
	p, _ = uitest.Press(t, p, "v")
	res, err := metrics.Run(context.Background(), db, "churn", metrics.Params{})
	if err != nil {
		t.Fatal(err)
	}
	v := p.View()
	// January: c1 and c2 start their first episodes; nobody was active on Jan 1.
	uitest.Contains(t, v, "2024-01", "new 2  react 0  churned 0  active 0  churn –")
	for i := range res.Rows {
		row := res.Rows[i]
		want := "new " + cell(row[res.Col("new")]) + "  react " + cell(row[res.Col("reactivated")]) +
			"  churned " + cell(row[res.Col("churned")])
		uitest.Contains(t, v, want)
	}
	if p.Screen().Name != "churn" {
		t.Errorf("screen = %q", p.Screen().Name)
	}
}

func cell(v any) string {
	switch x := v.(type) {
	case int64:
		return strings.TrimSpace(strings.Repeat(" ", 0) + itoa(x))
	}
	return "?"
}

func itoa(x int64) string {
	if x == 0 {
		return "0"
	}
	s := ""
	neg := x < 0
	if neg {
		x = -x
	}
	for x > 0 {
		s = string(rune('0'+x%10)) + s
		x /= 10
	}
	if neg {
		s = "-" + s
	}
	return s
}

func TestNoOrdersMessage(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil)
	p := uitest.Start(t, New(uitest.Env(db)), 100, 30)
	uitest.Contains(t, uitest.Flat(p.View()), NoData)
}

// The pane leads with retention at +1 pooled over complete cohorts, with
// its 95% Wilson interval; a cell's detail and the churn rates carry theirs.
func TestHeadlineAndIntervals(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 100, 30)
	// +1 complete: 2024-01 only (1 of 2); 2024-02's +1 is March, partial.
	// Wilson(1, 2) = 9.5%…90.5% (by hand: mid 0.5, half 1.96·√(0.125+0.24)/2.92).
	lines := strings.Split(p.View(), "\n")
	if !strings.HasPrefix(lines[1], "Retention at +1: 50.0% (95% 9.5–90.5%)  1 of 2 in complete cohorts") {
		t.Errorf("headline %q", lines[1])
	}
	uitest.Contains(t, p.View(), "2024-01 +0: 2 of 2 active, retention 100.0% (95% 34.2–100.0%)")
	p, _ = uitest.Press(t, p, "v")
	res, err := metrics.Run(context.Background(), db, "churn", metrics.Params{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Rows {
		ch, act := res.Rows[i][res.Col("churned")].(int64), res.Rows[i][res.Col("active_start")].(int64)
		switch {
		case act >= interval.MinN:
			uitest.Contains(t, p.View(), "churn "+chart.WilsonShort(ch, act))
		case act > 0: // 1 or 2 customers make no rate: low sample, no "100.0%"
			uitest.Contains(t, p.View(), "churned "+cell(ch)+"  active "+cell(act)+"  churn – low sample")
		}
	}
	uitest.Contains(t, p.View(), "none below 30 active")
}

// TestEventsOnlyAreActivity: with events but no orders, the cohorts come
// from the events and the pane says so (the same cells as the orders
// fixture, as event days).
func TestEventsOnlyAreActivity(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil,
		`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2'), ('c3')`,
		`INSERT INTO events (customer_id, occurred_at, event) VALUES ('c1','2024-01-05','login'), ('c1','2024-02-10','login'),
			('c1','2024-03-03','login'), ('c2','2024-01-20','login'), ('c3','2024-02-15','login'), ('c3','2024-03-20','login')`)
	p := uitest.Start(t, New(uitest.Env(db)), 120, 30)
	uitest.Contains(t, p.View(),
		"activity: events (no orders loaded)",
		"▸ 2024-01      2[100.0 ]  50.0    50.0~",
		"  2024-02      1 100.0   100.0~")
}
