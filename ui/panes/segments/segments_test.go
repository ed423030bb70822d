package segments

import (
	"context"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// 関東 = c1 (gold, orders 100 + 50), c2 (silver, 30); north = c3 (gold, no orders).
var fixture = []string{
	`INSERT INTO customers (customer_id, region, plan) VALUES ('c1','関東','gold'), ('c2','関東','silver'), ('c3','north','gold')`,
	`INSERT INTO orders VALUES ('o1','c1','2024-01-05',100,1), ('o2','c1','2024-02-10',50,1), ('o3','c2','2024-01-20',30,1)`,
	`INSERT INTO responses (customer_id, responded_at, score) VALUES ('c1','2024-02-01',10), ('c3','2024-02-02',3)`,
}

var dims = map[string][]string{"customers": {"region", "plan"}}

func rowOf(t *testing.T, p pane.Pane, group string) int {
	t.Helper()
	tb := p.Screen().Table
	for i := range tb.Rows {
		if chart.Str(chart.Get(tb, i, "group")) == group {
			return i
		}
	}
	t.Fatalf("no group %s in %v", group, tb.Rows)
	return -1
}

func TestSegmentsTableAndBars(t *testing.T) {
	db := uitest.Open(t, "duckdb", dims, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 140, 30)
	v := p.View()
	// By region (the first dimension). 関東: 2 customers, 3 orders, revenue
	// 180, aov 60, repeat rate 50% (c1 of c1, c2), NPS 100 (c1's 10),
	// historical LTV 180/2 = 90.
	uitest.Contains(t, v, "by region", "関東", "north", " 180 ", " 60 ", "50.0%", " 90", "▾ customers")
	res, err := metrics.Run(context.Background(), db, "segments", metrics.Params{By: "region"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Rows {
		for _, m := range Measures {
			uitest.Contains(t, v, cell(m, res.Rows[i][res.Col(m)]))
		}
	}
	// m cycles the bars' measure; the bar texts are the metric's revenue.
	p, _ = uitest.Press(t, p, "m", "m", "m")
	uitest.Contains(t, p.View(), "▾ revenue", "(4/9)")
}

func TestDimensionKeyAndDrill(t *testing.T) {
	db := uitest.Open(t, "duckdb", dims, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 140, 30)
	p, _ = uitest.Press(t, p, "d")
	uitest.Contains(t, p.View(), "by plan", "gold", "silver")
	i := rowOf(t, p, "gold")
	for j := 0; j < i; j++ {
		p, _ = uitest.Press(t, p, "down")
	}
	p, msgs := uitest.Press(t, p, "enter")
	if len(msgs) != 1 {
		t.Fatalf("msgs = %v", msgs)
	}
	d := msgs[0].(pane.DrillMsg)
	if d.Title != "Customers — plan = gold" || uitest.Arg(t, d, "kz_sel") != "gold" {
		t.Errorf("drill = %q %v", d.Title, d.Args)
	}
	rows := uitest.Drill(t, db, d)
	// c1 (revenue 150) then c3 (0).
	if len(rows) != 2 || rows[0]["customer_id"] != "c1" || rows[1]["customer_id"] != "c3" {
		t.Errorf("drill rows = %v", rows)
	}
}

func TestNoDimensionsAndNoData(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, `INSERT INTO customers (customer_id) VALUES ('c1')`,
		`INSERT INTO orders VALUES ('o1','c1','2024-01-05',10,1)`)
	p := uitest.Start(t, New(uitest.Env(db)), 140, 30)
	uitest.Contains(t, p.View(), NoDims, "all")
	empty := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil))), 140, 30)
	uitest.Contains(t, uitest.Flat(empty.View()), NoData)
}

// At 80 columns the table cannot show every measure: shift+→ (or ]) scrolls
// the columns, the segment column stays, and the last measure comes into
// sight; shift+← scrolls back. ←/→ still change the bars' measure.
func TestTableScrollsHorizontally(t *testing.T) {
	db := uitest.Open(t, "duckdb", dims, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 80, 24)
	head := func() string {
		for _, l := range strings.Split(p.View(), "\n") {
			if strings.Contains(l, "segment") {
				return l
			}
		}
		t.Fatalf("no table header:\n%s", p.View())
		return ""
	}
	h := head()
	if strings.Contains(h, "historical_ltv") || !strings.HasSuffix(strings.TrimRight(h, " "), "›") {
		t.Fatalf("at 80 columns the header is %q", h)
	}
	for i := 0; i < 6; i++ {
		p, _ = uitest.Press(t, p, "shift+right")
	}
	h = head()
	if !strings.Contains(h, "historical_ltv") || !strings.Contains(h, "‹") || strings.Contains(h, " customers ") {
		t.Errorf("scrolled right: %q", h)
	}
	if !strings.Contains(uitest.Flat(p.View()), "関東") {
		t.Errorf("the segment column scrolled away:\n%s", p.View())
	}
	p, _ = uitest.Press(t, p, "[", "[", "[", "[", "[", "[", "[", "[")
	if h := head(); strings.Contains(h, "‹") || !strings.Contains(h, "customers") {
		t.Errorf("scrolled back: %q", h)
	}
	p, _ = uitest.Press(t, p, "right")
	uitest.Contains(t, p.View(), "▾ active_customers")
}

// The pane leads with every customer's measures, equal to `kizuna report
// segments` without --by; the bars' title repeats the chosen one.
func TestHeadlineIsEveryone(t *testing.T) {
	db := uitest.Open(t, "duckdb", dims, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 200, 30)
	res, err := metrics.Run(context.Background(), db, "segments", metrics.Params{})
	if err != nil || len(res.Rows) != 1 {
		t.Fatal(err, res)
	}
	// By hand: 3 customers, 3 orders, revenue 180.
	want := "Everyone: customers 3 · active_customers "
	for _, c := range []struct{ m, v string }{{"orders", "3"}, {"revenue", "180"}} {
		if got := cell(c.m, res.Rows[0][res.Col(c.m)]); got != c.v {
			t.Fatalf("report %s = %s, want %s", c.m, got, c.v)
		}
	}
	line := strings.Split(p.View(), "\n")[1]
	if !strings.HasPrefix(line, want) {
		t.Errorf("headline %q", line)
	}
	for _, m := range Measures {
		uitest.Contains(t, line, m+" "+cell(m, res.Rows[0][res.Col(m)]))
	}
	p, _ = uitest.Press(t, p, "m", "m", "m")
	uitest.Contains(t, p.View(), "(4/9)  everyone: 180")
}
