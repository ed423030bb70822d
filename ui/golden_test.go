package ui

import (
	"bytes"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/data"
	"github.com/kizuna-dev/kizuna/ui/panes/overview"
	"github.com/kizuna-dev/kizuna/ui/panes/sqlpane"
)

// goldenModel is the workbench over the sample data with the real
// Overview, SQL and Data panes (2–8 are placeholders: their own tests
// cover them).
func goldenModel(t *testing.T) *Model {
	db := sampleDB(t, "../sample-data")
	env := uitest.Env(db)
	env.Schema = &model.Schema{Rejected: []model.Rejection{{File: "orders.csv", Line: 17, Reason: `amount "abc" is not a number`}}}
	for _, r := range model.Roles {
		var n int64
		if err := db.QueryRow("SELECT count(*) FROM " + r.Name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		info := model.TableInfo{Role: r.Name, Files: []string{"sample-data/" + r.Name + ".csv"}, Rows: n, Columns: map[string]string{}}
		for _, c := range r.Columns {
			info.Columns[c.Name] = c.Name
			info.Order = append(info.Order, c.Name)
		}
		if r.Name == "orders" {
			info.Rejected = 1
		}
		if r.Name == "posts" {
			info.Columns["interactions"] = "likes + comments + shares + clicks + saves"
		}
		env.Schema.Tables = append(env.Schema.Tables, info)
	}
	cs := fakes()
	cs[0] = overview.New
	hist := t.TempDir() + "/history"
	cs[8] = func(e pane.Env) pane.Pane { return sqlpane.NewWithHistory(e, hist) }
	cs[9] = data.New
	return NewWith(env, metrics.Params{}, cs)
}

// waitFor waits until the output shows every string (WaitFor consumes the
// output it reads, so one call checks them all).
func waitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, s := range want {
			if !bytes.Contains(b, []byte(s)) {
				return false
			}
		}
		return true
	},
		teatest.WithDuration(90*time.Second), teatest.WithCheckInterval(50*time.Millisecond))
}

func finalView(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return []byte(tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).View())
}

func TestGoldenOverview(t *testing.T) {
	tm := teatest.NewTestModel(t, goldenModel(t), teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "vs the 90 before", "Engagement rate")
	time.Sleep(300 * time.Millisecond)
	out := finalView(t, tm)
	golden.RequireEqual(t, out)
}

func TestGoldenSQL(t *testing.T) {
	tm := teatest.NewTestModel(t, goldenModel(t), teatest.WithInitialTermSize(120, 40))
	tm.Type("9")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // enter: the editor takes the keys
	tm.Type("SELECT region, count(*) AS customers FROM customers GROUP BY region ORDER BY customers DESC, region")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlR})
	waitFor(t, tm, "rows × 2 columns")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor(t, tm, "(enter edits)")
	golden.RequireEqual(t, finalView(t, tm))
}

func TestGoldenData(t *testing.T) {
	tm := teatest.NewTestModel(t, goldenModel(t), teatest.WithInitialTermSize(120, 40))
	tm.Type("0")
	waitFor(t, tm, "Rejected rows (2)")
	golden.RequireEqual(t, finalView(t, tm))
}

// TestGoldenRows drills from a placeholder pane (enter sends a DrillMsg over
// orders), sorts by amount descending and searches.
func TestGoldenRows(t *testing.T) {
	m := goldenModel(t)
	start(t, m, 120, 40)
	_, cmd := m.Update(pane.DrillMsg{Title: "Orders over 10000 yen", SQL: `SELECT o.order_id, o.customer_id, c.prefecture, o.ordered_at, o.amount
		FROM orders o JOIN customers c USING (customer_id) WHERE o.amount > $min ORDER BY o.order_id`,
		Args: []any{sql.Named("min", 10000)}})
	drive(t, m, cmd)
	press(t, m, ">", ">", ">", ">", ">", "o", "/")
	typeText(t, m, "東京")
	press(t, m, "enter")
	golden.RequireEqual(t, []byte(m.View()))
	if v := m.Drill().Grid().Visible(); len(v.Rows) == 0 || !strings.Contains(fmt.Sprint(v.Rows[0]), "東京") {
		t.Fatalf("search kept %v", v.Rows)
	}
}
