package sqlpane

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/task"
)

func newPane(t *testing.T) (*Pane, string) {
	db := uitest.Open(t, "duckdb", nil,
		`INSERT INTO orders VALUES ('o1','c1','2024-01-02',10,1), ('o2','c2','2024-02-03',30,1)`)
	hist := t.TempDir() + "/state/kizuna/history"
	p := NewWithHistory(uitest.Env(db), hist)
	p.SetSize(100, 30)
	p.Focus()
	p.Update(tea.KeyMsg{Type: tea.KeyEnter}) // enter: the editor takes the keys
	if !p.Editing() {
		t.Fatal("enter did not start the editor")
	}
	return p, hist
}

func ctrl(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }

func run(t *testing.T, p *Pane, msg tea.Msg) {
	t.Helper()
	var cmd tea.Cmd
	var pp pane.Pane
	pp, cmd = p.Update(msg)
	uitest.Run(t, pp, cmd)
}

func TestRunErrorAndHistory(t *testing.T) {
	p, hist := newPane(t)
	p.SetValue("SELECT sum(amount) AS s\nFROM orders")
	run(t, p, ctrl(tea.KeyCtrlR))
	if r := p.Result(); r == nil || r.Rows[0][0] != float64(40) {
		t.Fatalf("result %+v err %v", r, p.Err())
	}
	p.SetValue("SELECT nope FROM orders")
	run(t, p, ctrl(tea.KeyCtrlR))
	if p.Err() == nil || !strings.Contains(p.View(), "nope") {
		t.Fatalf("error not shown: %v\n%s", p.Err(), p.View())
	}
	// The earlier result stays, the error is in the pane.
	if p.Result() == nil {
		t.Fatal("result lost")
	}
	// History: file holds both queries, quoted one per line.
	b, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	want := "\"SELECT sum(amount) AS s\\nFROM orders\"\n\"SELECT nope FROM orders\"\n"
	if string(b) != want {
		t.Fatalf("history file %q, want %q", b, want)
	}
	p.SetValue("draft")
	run(t, p, ctrl(tea.KeyCtrlP))
	if p.Value() != "SELECT nope FROM orders" {
		t.Fatalf("ctrl+p: %q", p.Value())
	}
	run(t, p, tea.KeyMsg{Type: tea.KeyUp, Alt: true})
	if p.Value() != "SELECT sum(amount) AS s\nFROM orders" {
		t.Fatalf("alt+up: %q", p.Value())
	}
	run(t, p, ctrl(tea.KeyCtrlN))
	run(t, p, ctrl(tea.KeyCtrlN))
	if p.Value() != "draft" {
		t.Fatalf("back to the draft: %q", p.Value())
	}
	// A new pane reads the history back.
	q := NewWithHistory(p.env, hist)
	if len(q.hist) != 2 || q.hist[0] != "SELECT sum(amount) AS s\nFROM orders" {
		t.Fatalf("history read back: %q", q.hist)
	}
}

func TestStaleQueryResultDropped(t *testing.T) {
	p, _ := newPane(t)
	p.SetValue("SELECT 1 AS n")
	first := p.Start()
	p.SetValue("SELECT 2 AS n")
	second := p.Start()
	for _, c := range []tea.Cmd{first, second} {
		for _, m := range c().(tea.BatchMsg) {
			if m == nil {
				continue
			}
			if d, ok := m().(task.Done); ok {
				p.Update(d)
			}
		}
	}
	if r := p.Result(); r == nil || r.Rows[0][0] != int32(2) && r.Rows[0][0] != int64(2) {
		t.Fatalf("result %+v, want the second query's", r)
	}
}

func TestCompletionFromDuckDB(t *testing.T) {
	p, _ := newPane(t)
	for _, r := range "SELECT * FROM ord" {
		p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	run(t, p, tea.KeyMsg{Type: tea.KeyTab})
	if v := strings.TrimSpace(p.Value()); v != "SELECT * FROM orders" {
		t.Fatalf("completed to %q (suggestions %q)", v, p.comp.list)
	}
}

func TestEscLeavesEditorAndQTypes(t *testing.T) {
	p, _ := newPane(t)
	p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if p.Value() != "q" || !p.Capturing() {
		t.Fatalf("q in the editor: %q capturing=%v", p.Value(), p.Capturing())
	}
	p.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if p.Capturing() {
		t.Fatal("esc did not leave the editor")
	}
	p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !p.Editing() {
		t.Fatal("enter did not go back to the editor")
	}
}

// refuser stands for the engine's sandboxed console.
type refuser struct{ asked []string }

func (r *refuser) Query(_ context.Context, q string, _ ...any) (*model.Table, error) {
	r.asked = append(r.asked, q)
	return nil, errors.New("COPY is not available in the SQL console (--allow-files allows it for local use)")
}

// The pane runs the analyst's SQL through env.SQL (the sandbox), never the
// database directly, and shows a refusal in one line.
func TestRunsThroughTheConsole(t *testing.T) {
	p, _ := newPane(t)
	r := &refuser{}
	p.env.SQL = r
	p.SetValue("COPY orders TO '/tmp/x.csv'")
	run(t, p, ctrl(tea.KeyCtrlR))
	if len(r.asked) != 1 || r.asked[0] != "COPY orders TO '/tmp/x.csv'" {
		t.Fatalf("console asked %q", r.asked)
	}
	if p.Err() == nil || strings.Count(p.View(), "COPY is not available in the SQL console") != 1 {
		t.Fatalf("refusal not shown once: %v\n%s", p.Err(), p.View())
	}
	if !strings.Contains(p.View(), "the query failed (below) — fix it, ctrl+r runs it again") {
		t.Errorf("status line:\n%s", p.View())
	}
}

// blocker is a console whose queries run until they are cancelled.
type blocker struct{}

func (blocker) Query(ctx context.Context, _ string, _ ...any) (*model.Table, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// esc cancels a running query and says so once.
func TestCancelSaidOnce(t *testing.T) {
	p, _ := newPane(t)
	p.env.SQL = blocker{}
	p.SetValue("SELECT 1")
	p.Update(ctrl(tea.KeyCtrlR))
	p.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if n := strings.Count(p.View(), "query cancelled"); n != 1 {
		t.Errorf("query cancelled shown %d times:\n%s", n, p.View())
	}
	uitest.Contains(t, p.View(), "query cancelled — ctrl+r runs it again")
}

// lister is a console with scratch tables.
type lister struct{ refuser }

func (l *lister) Query(context.Context, string, ...any) (*model.Table, error) {
	return &model.Table{Columns: []string{"Count"}, Rows: [][]any{{int64(2)}}}, nil
}

func (l *lister) Scratch(context.Context) ([]string, error) { return []string{"big_spenders"}, nil }

// The console's scratch tables are named in the status line, as such.
func TestScratchShown(t *testing.T) {
	p, _ := newPane(t)
	p.env.SQL = &lister{}
	p.SetValue("CREATE TEMP TABLE big_spenders AS SELECT 1")
	run(t, p, ctrl(tea.KeyCtrlR))
	if !strings.Contains(p.View(), "scratch (temp): big_spenders") {
		t.Fatalf("scratch not shown:\n%s", p.View())
	}
}
