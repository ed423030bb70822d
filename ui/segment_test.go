package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/segments"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/retention"
	seg "github.com/kizuna-dev/kizuna/ui/panes/segments"
)

// customersOf sums the Segments pane's customers column and revenue.
func customersOf(m *Model) (customers, revenue float64, groups []string) {
	tb := m.Pane(0).Screen().Table
	for i := range tb.Rows {
		c, _ := chart.Float(chart.Get(tb, i, "customers"))
		r, _ := chart.Float(chart.Get(tb, i, "revenue"))
		customers += c
		revenue += r
		groups = append(groups, chart.Str(chart.Get(tb, i, "group")))
	}
	return
}

// TestSaveDrillAsSegment: S on the rows behind the Segments pane's "east"
// row saves the drill's SQL (not its ids) in the state folder; the filter
// bar offers it; choosing it leaves east's customers in the pane.
//
// testDB: c1 east (orders 10 + 30), c2 west (20), c3 no region, no orders:
// 3 customers and revenue 60 for everyone; the segment "east buyers" is c1
// alone: 1 customer, revenue 40. A new east customer c4 with an order of 5
// joins the segment on reload: 2 customers, revenue 45.
func TestSaveDrillAsSegment(t *testing.T) {
	db := testDB(t)
	env := uitest.Env(db)
	env.Segments = filepath.Join(t.TempDir(), "state", "segments.json")
	m := NewWith(env, metrics.Params{}, []Constructor{seg.New})
	start(t, m, 140, 40)
	if c, r, _ := customersOf(m); c != 3 || r != 60 {
		t.Fatalf("before: %v customers, revenue %v", c, r)
	}
	// Rows are (unknown), east, west: the second is east.
	press(t, m, "down", "enter")
	if m.Drill() == nil || m.Drill().Title() != "Customers — region = east" {
		t.Fatalf("drill = %v", m.Drill())
	}
	press(t, m, "S")
	if !m.Drill().Naming() {
		t.Fatal("S did not ask for a name")
	}
	v := m.View()
	mustContain(t, v, "segment name:", "enter save segment", "esc leave")
	if strings.Contains(v, "switch pane") {
		t.Error("the footer lists pane switches while the name input has the keys")
	}
	typeText(t, m, "east buyers")
	press(t, m, "enter")
	mustContain(t, m.View(), `saved segment "east buyers" (1 customers now)`)

	g, err := segments.At(env.Segments).Get("east buyers")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SELECT DISTINCT customer_id FROM (", "'east'", "$as_of", "customers_f", ") kz_drill WHERE customer_id IS NOT NULL"} {
		if !strings.Contains(g.SQL, want) {
			t.Errorf("saved SQL lacks %q:\n%s", want, g.SQL)
		}
	}
	if strings.Contains(g.SQL, "'c1'") || g.From != "Customers — region = east" {
		t.Errorf("saved %q from %q: an id list?", g.SQL, g.From)
	}

	press(t, m, "esc", "f", "tab", "tab", "tab", "tab", "tab")
	if got := m.Filter().Segments(); len(got) != 1 || got[0] != "east buyers" {
		t.Fatalf("filter bar segments = %v", got)
	}
	mustContain(t, m.View(), "▸segment: ‹none›")
	press(t, m, "right")
	mustContain(t, m.View(), "▸segment: ‹east buyers›")
	press(t, m, "enter")
	mustContain(t, m.View(), "Filter: segment=east buyers")
	if c, r, gs := customersOf(m); c != 1 || r != 40 || len(gs) != 1 || gs[0] != "east" {
		t.Fatalf("segment east buyers: %v customers, revenue %v, groups %v", c, r, gs)
	}
	// The predicate is evaluated again: a new east customer joins.
	for _, s := range []string{`INSERT INTO customers (customer_id, region) VALUES ('c4', 'east')`,
		`INSERT INTO orders VALUES ('o4','c4','2024-02-05',5,1)`} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	press(t, m, "r")
	if c, r, _ := customersOf(m); c != 2 || r != 45 {
		t.Fatalf("after new data: %v customers, revenue %v", c, r)
	}
}

// esc leaves the name input and keeps the rows.
func TestEscLeavesNameInput(t *testing.T) {
	m := fakeModel(t)
	m.env.Segments = filepath.Join(t.TempDir(), "segments.json")
	press(t, m, "enter") // the fake drill: customer_id, amount
	if m.Drill() == nil {
		t.Fatal("no drill")
	}
	press(t, m, "S", "esc")
	if m.Drill() == nil || m.Drill().Naming() {
		t.Fatal("esc did not leave the name input (or closed the rows)")
	}
}

// A drill sent with Save (S on a topic in the Voice pane) asks for the
// segment name as soon as its rows arrive.
func TestDrillWithSaveAsksForName(t *testing.T) {
	m := fakeModel(t)
	m.env.Segments = filepath.Join(t.TempDir(), "segments.json")
	drive(t, m, func() tea.Msg {
		return pane.DrillMsg{Title: "Mentioners", SQL: "SELECT customer_id FROM orders", Save: true}
	})
	if m.Drill() == nil || !m.Drill().Naming() {
		t.Fatal("the name input is not open")
	}
	typeText(t, m, "buyers")
	press(t, m, "enter")
	g, err := segments.At(m.env.Segments).Get("buyers")
	if err != nil || g.SQL != "SELECT DISTINCT customer_id FROM (\nSELECT customer_id FROM orders\n) kz_drill WHERE customer_id IS NOT NULL" {
		t.Fatalf("saved %+v, %v", g, err)
	}
}

// S on a pane (pane.DrillSaver) drills into the selection and asks for
// the name at once: the Segments pane's east row (c1), then the Retention
// pane's cell 2024-01 +0, whose active members are c1 alone (c2, in the
// same signup cohort, first ordered in February): the saved SQL keeps the
// active rows.
func TestSOnAPaneSavesItsSelection(t *testing.T) {
	db := testDB(t)
	env := uitest.Env(db)
	env.Segments = filepath.Join(t.TempDir(), "segments.json")
	m := NewWith(env, metrics.Params{}, []Constructor{seg.New, retention.New})
	start(t, m, 140, 40)
	press(t, m, "down", "S")
	if m.Drill() == nil || !m.Drill().Naming() || m.Drill().Title() != "Customers — region = east" {
		t.Fatalf("S on the east row: drill %v", m.Drill())
	}
	typeText(t, m, "east")
	press(t, m, "enter")
	mustContain(t, m.View(), `saved segment "east" (1 customers now)`)
	press(t, m, "esc", "2")
	press(t, m, "S")
	if m.Drill() == nil || !m.Drill().Naming() || m.Drill().Title() != "Cohort 2024-01 — active at offset 0" {
		t.Fatalf("S on a cohort cell: drill %v", m.Drill())
	}
	typeText(t, m, "jan active")
	press(t, m, "enter")
	mustContain(t, m.View(), `saved segment "jan active" (1 customers now)`)
	g, err := segments.At(env.Segments).Get("jan active")
	if err != nil || !strings.HasSuffix(g.SQL, "kz_drill WHERE customer_id IS NOT NULL AND active") {
		t.Fatalf("saved %+v %v", g, err)
	}
	// A key between S and nothing: no stray name input on a later drill.
	press(t, m, "esc", "enter")
	if m.Drill() == nil || m.Drill().Naming() {
		t.Fatal("enter after S's drill asked for a name again")
	}
}
