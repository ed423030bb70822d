package rows

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/segments"
)

// Saving a drill-down as a named segment (S, issue 12): the view asks for a
// name in a text input (which then has every key: enter saves, esc leaves)
// and keeps the SQL that defines the rows' customers — the drill's own
// query with its selection written in, never a list of ids — through
// internal/segments, so the segment is evaluated again on every run.

var (
	// SaveKey asks for a name and saves the rows' customers as a segment.
	SaveKey   = key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "segment"))
	nameSave  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save segment"))
	nameLeave = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave"))
)

// SavedMsg says a segment was saved (Err nil) or why not.
type SavedMsg struct {
	Name, Path string
	Customers  int // customers in the rows when saved
	Err        error
}

// naming is the name input while S is open.
type naming struct {
	open  bool
	input textinput.Model
	msg   string // the last save's outcome, shown in the heading
}

// Naming reports whether the name input has the keys.
func (m *Model) Naming() bool { return m.name.open }

// store is where segments are kept: env.Segments, else the user's own.
func (m *Model) store() segments.Store {
	return segments.At(m.env.Segments)
}

// startNaming opens the name input when the rows are customers' rows.
func (m *Model) startNaming() tea.Cmd {
	t := m.grid.Table()
	switch {
	case m.run.Running() || t == nil:
		m.name.msg = "S: wait for the rows"
		return nil
	case t.Col("customer_id") < 0:
		m.name.msg = "S: these rows have no customer_id — only customers' rows make a segment"
		return nil
	}
	ti := textinput.New()
	ti.Prompt = "segment name: "
	ti.Placeholder = "e.g. kyushu detractors"
	ti.CharLimit = 64
	ti.Width = 40
	m.name = naming{open: true, input: ti}
	return m.name.input.Focus()
}

// nameKey handles a key while the name input is open.
func (m *Model) nameKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, nameLeave):
		m.name.open = false
		m.name.msg = ""
		return nil
	case key.Matches(msg, nameSave):
		name := strings.TrimSpace(m.name.input.Value())
		g := segments.Segment{Name: name, SQL: SegmentSQL(m.sql, m.args, m.grid.Table().Col("active") >= 0), From: m.title}
		st, n := m.store(), m.customers()
		m.name.open = false
		m.name.msg = "saving…"
		return func() tea.Msg {
			err := st.Save(g)
			return SavedMsg{Name: name, Path: st.Path, Customers: n, Err: err}
		}
	}
	var cmd tea.Cmd
	m.name.input, cmd = m.name.input.Update(msg)
	return cmd
}

// saved shows the outcome of a save.
func (m *Model) saved(s SavedMsg) {
	if s.Err != nil {
		m.name.msg = "not saved: " + s.Err.Error()
		return
	}
	m.name.msg = fmt.Sprintf("saved segment %q (%d customers now) — f: the filter bar's segment field applies it", s.Name, s.Customers)
}

// customers counts the distinct customers of the rows (of the active
// ones when the rows say who was active).
func (m *Model) customers() int {
	t := m.grid.Table()
	c, a := t.Col("customer_id"), t.Col("active")
	seen := map[any]bool{}
	for _, r := range t.Rows {
		if r[c] == nil || (a >= 0 && r[a] != true) {
			continue
		}
		seen[fmt.Sprint(r[c])] = true
	}
	return len(seen)
}

// SegmentSQL is the segment that a drill-down's query defines: the
// distinct customer_ids of its rows (those marked active when the rows
// have an active column, as behind a retention cell), with every argument
// written in as a literal except $as_of, which stays a parameter so that
// the segment is evaluated as of the data it runs on (metrics binds it).
func SegmentSQL(text string, args []any, active bool) string {
	var kept []any
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); ok && n.Name == "as_of" {
			continue
		}
		kept = append(kept, a)
	}
	body := strings.TrimRight(strings.TrimSpace(BoundSQL(text, kept)), ";")
	where := "customer_id IS NOT NULL"
	if active {
		where += " AND active"
	}
	return "SELECT DISTINCT customer_id FROM (\n" + body + "\n) kz_drill WHERE " + where
}

// Keys are the bindings the view answers now, for the help line: the name
// input's own while it is open.
func (m *Model) Keys(back, sortNext, sortOrder, search key.Binding, table []key.Binding) ([]key.Binding, [][]key.Binding) {
	if m.name.open {
		return []key.Binding{nameSave, nameLeave}, [][]key.Binding{{nameSave, nameLeave}}
	}
	return []key.Binding{back, sortNext, sortOrder, search, SaveKey}, [][]key.Binding{{back, SaveKey}, table}
}
