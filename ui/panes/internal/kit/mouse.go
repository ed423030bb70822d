package kit

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Targets remembers what a pane drew where, so that a click can select it:
// each target is a line of the pane's content (counted from the first line
// below the title and status) and a span of cells on it, with the id of
// the item drawn there. A pane fills it while it renders.
type Targets struct{ list []target }

type target struct{ y, x0, x1, id int }

// Reset forgets every target (at the start of a render).
func (t *Targets) Reset() { t.list = t.list[:0] }

// Line makes the whole of line y select id.
func (t *Targets) Line(y, id int) { t.list = append(t.list, target{y, 0, -1, id}) }

// Cells makes cells x0 ≤ x < x1 of line y select id.
func (t *Targets) Cells(y, x0, x1, id int) { t.list = append(t.list, target{y, x0, x1, id}) }

// Rows makes n lines from y select first, first+1, … (a list on screen).
func (t *Targets) Rows(y, first, n int) {
	for i := 0; i < n; i++ {
		t.Line(y+i, first+i)
	}
}

// At is the id of the item at (x, y); the last one added wins.
func (t *Targets) At(x, y int) (int, bool) {
	for i := len(t.list) - 1; i >= 0; i-- {
		g := t.list[i]
		if g.y == y && x >= g.x0 && (g.x1 < 0 || x < g.x1) {
			return g.id, true
		}
	}
	return 0, false
}

// Click reads a left-button press from msg (the root passes mouse messages
// on with Y relative to the pane's top) and returns where it fell relative
// to the content: below the pane's title line and its status line, if any.
func (k *Kit) Click(msg tea.Msg) (x, y int, ok bool) {
	m, isMouse := msg.(tea.MouseMsg)
	if !isMouse || m.Action != tea.MouseActionPress || m.Button != tea.MouseButtonLeft {
		return 0, 0, false
	}
	top := 1
	if s := k.Status(); s != "" {
		top += lipgloss.Height(s)
	}
	if m.Y < top {
		return 0, 0, false
	}
	return m.X, m.Y - top, true
}

// Hit is the id of the item under a click in msg, if msg is one.
func (k *Kit) Hit(msg tea.Msg, t *Targets) (int, bool) {
	x, y, ok := k.Click(msg)
	if !ok {
		return 0, false
	}
	return t.At(x, y)
}

// EnterKey is the enter key, for a click on what is already selected.
var EnterKey = tea.KeyMsg{Type: tea.KeyEnter}
