// Package uitest helps the panes' Update/View tests: it fills a database
// (opened by the test, which imports the DuckDB driver) with every
// canonical table and fixtures, and runs a pane's commands to completion.
package uitest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/task"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// Setup creates every canonical table (with extra dimension columns per
// role) and journey_stages (the default journey) in db, then runs stmts.
func Setup(t *testing.T, db *sql.DB, extra map[string][]string, stmts ...string) {
	t.Helper()
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	all := []string{model.JourneyTableSQL}
	for _, r := range model.Roles {
		all = append(all, model.CreateTableSQL(r, extra[r.Name]...))
	}
	for i, st := range model.Stages {
		for _, pat := range model.DefaultJourney[st] {
			all = append(all, fmt.Sprintf("INSERT INTO journey_stages VALUES (%d, '%s', '%s')", i+1, st, pat))
		}
	}
	for _, s := range append(all, stmts...) {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// Env is a pane environment over db.
func Env(db *sql.DB) pane.Env {
	return pane.Env{DB: db, Ctx: context.Background(), Theme: theme.New()}
}

// Run executes cmd and everything it batches, feeding task results back
// into p until none are left. Spinner ticks are dropped. It returns the
// pane and every other message produced (e.g. pane.DrillMsg).
func Run(t *testing.T, p pane.Pane, cmd tea.Cmd) (pane.Pane, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
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
		msg := exec(c)
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, m...)
		case task.Done:
			var next tea.Cmd
			p, next = p.Update(m)
			queue = append(queue, next)
		default:
			out = append(out, m)
		}
	}
	return p, out
}

// exec runs c, giving up on commands that only wait (spinner ticks).
func exec(c tea.Cmd) tea.Msg {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case m := <-ch:
		if isTick(m) {
			return nil
		}
		return m
	case <-time.After(30 * time.Second):
		return nil
	}
}

// Start runs Init (or SetFilter) and waits for the data.
func Start(t *testing.T, p pane.Pane, w, h int) pane.Pane {
	t.Helper()
	p.SetSize(w, h)
	p.Focus()
	p, _ = Run(t, p, p.Init())
	return p
}

// keyTypes are the named keys Key knows.
var keyTypes = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"shift+left": tea.KeyShiftLeft, "shift+right": tea.KeyShiftRight, "backspace": tea.KeyBackspace,
	"ctrl+r": tea.KeyCtrlR, "ctrl+c": tea.KeyCtrlC, "ctrl+p": tea.KeyCtrlP,
}

// Key is a key press message for s ("enter", "down", "ctrl+r", " ", "x", …).
func Key(s string) tea.KeyMsg {
	if s == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	if t, ok := keyTypes[s]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// Press sends keys to p and runs what they start.
func Press(t *testing.T, p pane.Pane, keys ...string) (pane.Pane, []tea.Msg) {
	t.Helper()
	var all []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		p, cmd = p.Update(Key(k))
		var out []tea.Msg
		p, out = Run(t, p, cmd)
		all = append(all, out...)
	}
	return p, all
}

// Open opens db with driver (the test imports it) and sets it up.
func Open(t *testing.T, driver string, extra map[string][]string, stmts ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, "")
	if err != nil {
		t.Fatal(err)
	}
	Setup(t, db, extra, stmts...)
	return db
}

// Drill runs d's SQL and returns its rows, each as column → value.
func Drill(t *testing.T, db *sql.DB, d any) []map[string]any {
	t.Helper()
	dm, ok := d.(pane.DrillMsg)
	if !ok {
		t.Fatalf("not a DrillMsg: %#v", d)
	}
	rows, err := db.QueryContext(context.Background(), dm.SQL, dm.Args...)
	if err != nil {
		t.Fatalf("drill %q: %v", dm.Title, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	return out
}

// Arg returns the named argument name of a drill message.
func Arg(t *testing.T, d pane.DrillMsg, name string) any {
	t.Helper()
	for _, a := range d.Args {
		if n, ok := a.(sql.NamedArg); ok && n.Name == name {
			return n.Value
		}
	}
	t.Fatalf("drill %q has no argument %s: %v", d.Title, name, d.Args)
	return nil
}

// Contains fails for each want missing from view.
func Contains(t *testing.T, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}

// Flat is view with every run of white space made one space (for wrapped text).
func Flat(view string) string { return strings.Join(strings.Fields(view), " ") }

// Click is a left-button press at cell x of line y of a pane (the root
// passes mouse messages on with Y relative to the pane's top).
func Click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}

// Send sends msg to p and runs what it starts.
func Send(t *testing.T, p pane.Pane, msg tea.Msg) (pane.Pane, []tea.Msg) {
	t.Helper()
	p, cmd := p.Update(msg)
	return Run(t, p, cmd)
}

// LineOf is the y of the first line of view containing s, and the x of s
// in cells.
func LineOf(t *testing.T, view, s string) (x, y int) {
	t.Helper()
	for i, l := range strings.Split(view, "\n") {
		if j := strings.Index(l, s); j >= 0 {
			return lipgloss.Width(l[:j]), i
		}
	}
	t.Fatalf("no line with %q in:\n%s", s, view)
	return 0, 0
}

// Selected reports whether the line of view containing s has the cursor
// marker.
func Selected(t *testing.T, view, s string) bool {
	t.Helper()
	_, y := LineOf(t, view, s)
	return strings.HasPrefix(strings.Split(view, "\n")[y], "▸ ")
}
