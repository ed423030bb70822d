package ui

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// fakePane records what the root does to it: a cursor moved by j/k,
// enter asks to drill, SetFilter and Focus calls are counted; "/" starts
// capturing text until esc.
type fakePane struct {
	title     string
	cursor    int
	filters   []metrics.Params
	focused   bool
	capturing bool
	typed     string
	w, h      int
}

func newFake(title string) Constructor {
	return func(pane.Env) pane.Pane { return &fakePane{title: title} }
}

func (p *fakePane) Title() string { return p.title }
func (p *fakePane) Init() tea.Cmd { return nil }
func (p *fakePane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.capturing {
		if k.Type == tea.KeyEsc {
			p.capturing = false
		} else {
			p.typed += k.String()
		}
		return p, nil
	}
	switch k.String() {
	case "j":
		p.cursor++
	case "k":
		p.cursor--
	case "/":
		p.capturing = true
	case "enter":
		return p, func() tea.Msg {
			return pane.DrillMsg{Title: p.title + " rows",
				SQL: "SELECT customer_id, amount FROM orders WHERE amount > $min ORDER BY order_id", Args: []any{sql.Named("min", 0)}}
		}
	}
	return p, nil
}
func (p *fakePane) View() string {
	return fmt.Sprintf("%s cursor=%d typed=%q", p.title, p.cursor, p.typed)
}
func (p *fakePane) SetSize(w, h int) { p.w, p.h = w, h }
func (p *fakePane) Focus() tea.Cmd   { p.focused = true; return nil }
func (p *fakePane) Blur()            { p.focused = false }
func (p *fakePane) Capturing() bool  { return p.capturing }
func (p *fakePane) SetFilter(params metrics.Params) tea.Cmd {
	p.filters = append(p.filters, params)
	return nil
}
func (p *fakePane) Screen() pane.Screen {
	return pane.Screen{Name: p.title, SQL: "SELECT 1", Table: &model.Table{Columns: []string{"x"}, Rows: [][]any{{int64(1)}}}}
}
func (p *fakePane) ShortHelp() []key.Binding  { return nil }
func (p *fakePane) FullHelp() [][]key.Binding { return nil }

func fakes() []Constructor {
	var cs []Constructor
	for _, t := range []string{"Overview", "Segments", "NPS", "Retention", "Journey", "RFM", "Voice", "Engagement", "SQL", "Data"} {
		cs = append(cs, newFake(t))
	}
	return cs
}

// testDB is an in-memory DuckDB with every canonical table and small orders.
func testDB(t *testing.T) *sql.DB {
	return uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}},
		`CREATE TABLE rejected (role VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR)`,
		`INSERT INTO customers (customer_id, signup_at, region) VALUES ('c1', '2024-01-01', 'east'), ('c2', '2024-01-05', 'west'), ('c3', '2024-02-01', NULL)`,
		`INSERT INTO orders VALUES ('o1','c1','2024-01-02',10,1), ('o2','c1','2024-02-03',30,1), ('o3','c2','2024-02-04',20,2)`,
	)
}

// sampleDB loads the bundled sample data into every canonical table.
func sampleDB(t *testing.T, dir string) *sql.DB {
	extra := map[string][]string{
		"customers": {"region", "prefecture", "plan", "channel", "age_band", "gender"},
		"orders":    {"category", "channel"},
	}
	stmts := []string{`CREATE TABLE rejected (role VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR)`,
		`INSERT INTO rejected VALUES ('orders', 'orders.csv', 17, 'amount "abc" is not a number'), ('responses', 'responses.csv', 4, 'score 11 outside 0–10')`}
	for _, r := range model.Roles {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO %s BY NAME SELECT * FROM read_csv('%s/%s.csv')`, r.Name, dir, r.Name))
	}
	stmts = append(stmts, `UPDATE posts SET interactions = likes + comments + shares + clicks + saves`)
	return uitest.Open(t, "duckdb", extra, stmts...)
}

// drive runs cmd and what it leads to through m, feeding every message back
// (spinner ticks excepted). It reports whether the program asked to quit.
func drive(t *testing.T, m *Model, cmd tea.Cmd) (quit bool) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	deadline := time.Now().Add(60 * time.Second)
	for len(queue) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("commands did not finish")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(20 * time.Second):
			continue // a command that only waits
		}
		switch x := msg.(type) {
		case nil, spinner.TickMsg:
		case tea.QuitMsg:
			quit = true
		case tea.BatchMsg:
			queue = append(queue, x...)
		default:
			if name := fmt.Sprintf("%T", msg); name == "tea.sequenceMsg" || strings.HasPrefix(name, "cursor.") {
				continue // cursor blinks never end
			}
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
	return quit
}

// press sends keys (uitest.Key names, or "tab", "shift+tab", "ctrl+r",
// "ctrl+c") to m and runs what they start.
func press(t *testing.T, m *Model, keys ...string) (quit bool) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		if drive(t, m, cmd) {
			quit = true
		}
	}
	return quit
}

func keyMsg(k string) tea.KeyMsg { return uitest.Key(k) }

// typeText sends s one rune at a time.
func typeText(t *testing.T, m *Model, s string) {
	t.Helper()
	for _, r := range s {
		press(t, m, string(r))
	}
}

func start(t *testing.T, m *Model, w, h int) {
	t.Helper()
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	drive(t, m, m.Init())
}

func mustContain(t *testing.T, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}
