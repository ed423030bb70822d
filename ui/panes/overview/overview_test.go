package overview

import (
	"math"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// Orders: c1 buys on 2024-03-01 (10) and 2024-03-20 (30), c2 on 2024-03-10
// (20); c3 on 2024-01-05 (50). as_of = 2024-03-20 (latest activity): the
// range is the 90 days 2023-12-22 … 2024-03-20, so every order is in range:
// customers 3, orders 4, revenue 110, aov 27.5, repeat rate 100·1/3 = 33.3%.
// Previous range is empty: customers 0 → change +3.
func fixture(t *testing.T) pane.Env {
	db := uitest.Open(t, "duckdb", nil,
		`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2'), ('c3')`,
		`INSERT INTO orders VALUES ('o1','c1','2024-03-01',10,1), ('o2','c1','2024-03-20',30,1),
			('o3','c2','2024-03-10',20,1), ('o4','c3','2024-01-05',50,1)`)
	env := uitest.Env(db)
	env.Schema = &model.Schema{Tables: []model.TableInfo{{Role: "customers", Rows: 3}, {Role: "orders", Rows: 4}}}
	return env
}

func TestTilesValuesAndJump(t *testing.T) {
	p := uitest.Start(t, New(fixture(t)), 120, 36).(*Pane)
	d := p.Data()
	if d == nil || d.Err != nil {
		t.Fatalf("data %+v", d)
	}
	want := map[string]float64{"customers": 3, "orders": 4, "revenue": 110, "aov": 27.5}
	for k, w := range want {
		if v, _ := toFloat(d.Values[k].Value); v != w {
			t.Errorf("%s = %v, want %v", k, d.Values[k].Value, w)
		}
	}
	// Monthly series of orders: 2024-01 → 1 order, 2024-03 → 3 orders.
	if s := d.Series["orders"]; len(s) != 2 || s[0] != 1 || s[1] != 3 {
		t.Errorf("orders series %v (periods %v)", s, d.Periods["orders"])
	}
	v := p.View()
	uitest.Contains(t, v, "as of 2024-03-20", "▸ Customers", "110", "33.3%", "▲ +3 vs 0",
		"No survey responses loaded", "0–10 score column", "No reviews loaded")
	// right, right, down: revenue (2) → aov? no: 0 → 1 → 2, down → 5 (NPS).
	p2, msgs := uitest.Press(t, p, "right", "right", "down", "enter")
	if p2.(*Pane).Selected() != 5 {
		t.Fatalf("selected %d, want 5", p2.(*Pane).Selected())
	}
	if len(msgs) != 1 || msgs[0] != (pane.JumpMsg{Index: 2}) {
		t.Fatalf("enter on NPS sent %v, want JumpMsg{2}", msgs)
	}
	p2, msgs = uitest.Press(t, p2, "down", "left", "enter") // 5 → 8 → 7: avg rating → Voice (6)
	if len(msgs) != 1 || msgs[0] != (pane.JumpMsg{Index: 6}) {
		t.Fatalf("enter on avg rating sent %v", msgs)
	}
	if !strings.Contains(p2.Screen().SQL, "'2024-03-20'") {
		t.Errorf("screen SQL lacks the bound as-of date")
	}
}

func TestNoDataSaysWhichFile(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil)
	env := uitest.Env(db)
	env.Schema = &model.Schema{}
	p := uitest.Start(t, New(env), 120, 36)
	uitest.Contains(t, p.View(), "No orders loaded — give a file with customer_id, ordered_at and amount columns",
		"No survey responses loaded")
}

// The intervals of the current range, worked by hand. as_of 2024-03-20, so
// the range is 2023-12-22 … 2024-03-20; the response of 2023-12-01 is
// before it. NPS answers 10, 9, 7, 3 → P 2, Pa 1, D 1, n 4: nps 25,
// p .5, d .25, moe = 100·1.96·√((.5 + .25 − .0625)/4) = 81.25… CSAT answers
// 5, 2 → 1 of 2 satisfied: Wilson (z = 1.96) 9.45%–90.55%. Repeat: 1 of 3
// customers: Wilson 6.15%–79.23%.
func TestTileIntervals(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil,
		`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2'), ('c3')`,
		`INSERT INTO orders VALUES ('o1','c1','2024-03-01',10,1), ('o2','c1','2024-03-20',30,1),
			('o3','c2','2024-03-10',20,1), ('o4','c3','2024-01-05',50,1)`,
		`INSERT INTO responses (customer_id, responded_at, score, survey) VALUES
			('c1','2024-03-01',10,NULL), ('c2','2024-03-02',9,'nps'), ('c3','2024-03-03',7,NULL), ('c1','2024-03-04',3,NULL),
			('c2','2023-12-01',0,NULL), ('c1','2024-03-05',5,'csat'), ('c2','2024-03-06',2,'csat')`)
	env := uitest.Env(db)
	env.Schema = &model.Schema{Tables: []model.TableInfo{{Role: "customers", Rows: 3}, {Role: "orders", Rows: 4}, {Role: "responses", Rows: 7}}}
	p := uitest.Start(t, New(env), 120, 36).(*Pane)
	d := p.Data()
	if d == nil || d.Err != nil {
		t.Fatalf("data %+v", d)
	}
	near := func(a, b float64) bool { return a-b < 0.005 && b-a < 0.005 }
	moe := 100 * 1.96 * math.Sqrt((0.5+0.25-0.0625)/4)
	n := d.Margins["nps"]
	if !n.NPS || n.N != 4 || !near(n.Lo, 25-moe) || !near(n.Hi, 25+moe) {
		t.Errorf("nps margin %+v, want 25 ± %.2f over 4", n, moe)
	}
	if c := d.Margins["csat"]; c.N != 2 || !near(c.Lo, 9.45) || !near(c.Hi, 90.55) {
		t.Errorf("csat interval %+v, want 9.45–90.55 over 2", c)
	}
	if r := d.Margins["repeat_rate"]; r.N != 3 || !near(r.Lo, 6.15) || !near(r.Hi, 79.23) {
		t.Errorf("repeat interval %+v, want 6.15–79.23 over 3", r)
	}
	if !strings.Contains(p.View(), "25.0  ±81.3 · n=4") {
		t.Errorf("NPS tile lacks its margin:\n%s", p.View())
	}
}
