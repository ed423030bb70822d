package rfm

import (
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// Five customers, as_of 2024-03-31 (the last order):
//
//	c1 5 orders, last 03-31 (recency 0)    c2 4, last 03-21 (10)
//	c3 3, last 03-11 (20)                  c4 2, last 03-01 (30)
//	c5 1, last 02-20 (40)
//
// Recency cuts 8/16/24/32 give R 5,4,3,2,1; frequency cuts 1.8/2.6/3.4/4.2
// give F 5,4,3,2,1: one customer on each diagonal cell. Segments: c1, c2
// Champions; c3 Need attention; c4 Hibernating; c5 Lost.
var fixture = []string{
	`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2'), ('c3'), ('c4'), ('c5')`,
	`INSERT INTO orders VALUES
		('a1','c1','2024-03-27',10,1), ('a2','c1','2024-03-28',10,1), ('a3','c1','2024-03-29',10,1),
		('a4','c1','2024-03-30',10,1), ('a5','c1','2024-03-31',10,1),
		('b1','c2','2024-03-18',10,1), ('b2','c2','2024-03-19',10,1), ('b3','c2','2024-03-20',10,1), ('b4','c2','2024-03-21',10,1),
		('d1','c3','2024-03-09',10,1), ('d2','c3','2024-03-10',10,1), ('d3','c3','2024-03-11',10,1),
		('e1','c4','2024-02-29',10,1), ('e2','c4','2024-03-01',10,1),
		('f1','c5','2024-02-20',10,1)`,
}

func TestGridAndSegments(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 140, 30)
	v := p.View()
	uitest.Contains(t, v,
		"▸ R5        0       0       0       0 [     1]",
		"  R3        0       0       1       0       0",
		"  R1        1       0       0       0       0",
		"R5 F5: 1 customers — Champions",
		"Champions", "40.0%", "Lost", "20.0%")
	if !strings.Contains(v, "Need attention") || !strings.Contains(v, "Hibernating") {
		t.Errorf("segments missing:\n%s", v)
	}
}

func TestCellAndSegmentDrill(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 140, 30)
	p, _ = uitest.Press(t, p, "down", "down", "left", "left") // R3 F3
	uitest.Contains(t, p.View(), "R3 F3: 1 customers — Need attention")
	p, msgs := uitest.Press(t, p, "enter")
	d := msgs[0].(pane.DrillMsg)
	if uitest.Arg(t, d, "kz_r") != int64(3) || uitest.Arg(t, d, "kz_f") != int64(3) {
		t.Errorf("args = %v", d.Args)
	}
	rows := uitest.Drill(t, db, d)
	if len(rows) != 1 || rows[0]["customer_id"] != "c3" || rows[0]["recency_days"] == nil {
		t.Errorf("cell rows = %v", rows)
	}
	p, _ = uitest.Press(t, p, "t")
	seg := p.Screen().Table
	i := -1
	for j, r := range seg.Rows {
		if r[seg.Col("segment")] == "Champions" {
			i = j
		}
	}
	for j := 0; j < i; j++ {
		p, _ = uitest.Press(t, p, "down")
	}
	_, msgs = uitest.Press(t, p, "enter")
	d = msgs[0].(pane.DrillMsg)
	if uitest.Arg(t, d, "kz_seg") != "Champions" {
		t.Errorf("args = %v", d.Args)
	}
	rows = uitest.Drill(t, db, d)
	if len(rows) != 2 || rows[0]["customer_id"] != "c1" || rows[1]["customer_id"] != "c2" {
		t.Errorf("segment rows = %v", rows)
	}
}

func TestNoOrdersMessage(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil))), 120, 30)
	uitest.Contains(t, uitest.Flat(p.View()), NoData)
}

// An empty F column between filled ones is explained on screen: 60 of 100
// customers share the lowest order count, so the p20 and p40 cuts tie.
func TestTieNote(t *testing.T) {
	count := map[[2]int]any{}
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			count[[2]int{r, f}] = int64(0)
		}
	}
	count[[2]int{5, 1}], count[[2]int{1, 1}] = int64(40), int64(20)
	count[[2]int{3, 3}], count[[2]int{4, 4}], count[[2]int{2, 5}] = int64(20), int64(10), int64(10)
	want := "F2 empty: the frequency quintile cuts tie — 60.0% of customers share the lowest order counts (most ordered once), so no one scores F2."
	if got := tieNote(count); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	count[[2]int{3, 2}] = int64(1)
	if got := tieNote(count); got != "" {
		t.Errorf("no empty column, got %q", got)
	}
}
