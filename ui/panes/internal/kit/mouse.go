package kit

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kizuna-dev/kizuna/ui/chart"
)

// Targets remembers what a pane drew where, so that a click can select it:
// each target is a line of the pane's content (counted from the first line
// below the title and status) and a span of cells on it, with the id of
// the item drawn there. A pane fills it while it renders.
type Targets struct{ list []target }

type target struct{ y, x0, x1, id int }

// Shift moves every target down dy lines (a line was put above them).
func (t *Targets) Shift(dy int) {
	for i := range t.list {
		t.list[i].y += dy
	}
}

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

// Wheel turns the mouse wheel into the up and down keys (one row a notch),
// so that lists scroll under the wheel as under j and k; other messages
// come back as they are.
func Wheel(msg tea.Msg) tea.Msg {
	m, ok := msg.(tea.MouseMsg)
	if !ok || m.Action != tea.MouseActionPress {
		return msg
	}
	switch m.Button {
	case tea.MouseButtonWheelUp:
		return tea.KeyMsg{Type: tea.KeyUp}
	case tea.MouseButtonWheelDown:
		return tea.KeyMsg{Type: tea.KeyDown}
	}
	return msg
}

// EnterKey is the enter key, for a click on what is already selected.
var EnterKey = tea.KeyMsg{Type: tea.KeyEnter}

// Arrive is what every pane does first with a message: the mouse wheel
// turns into up and down keys, a finished load goes to show, the spinner
// ticks. It returns done with the command when it dealt with msg;
// otherwise msg for the pane.
func (k *Kit) Arrive(msg tea.Msg, show func(any)) (tea.Msg, tea.Cmd, bool) {
	msg = Wheel(msg)
	if v, ok := k.Take(msg); ok {
		show(v)
		return msg, nil, true
	}
	if cmd := k.Tick(msg); cmd != nil {
		return msg, cmd, true
	}
	return msg, nil, false
}

// On is what a pane hands Route: how it shows a result, redraws, loads,
// and what a click on one of its targets does.
type On struct {
	Show   func(any)
	Render func()
	Load   func() tea.Cmd
	Hits   *Targets
	Click  func(id int) tea.Cmd
}

// Route is Arrive, then what every analysis pane does alike: a click on a
// target goes to on.Click, esc cancels the load, r reloads without the
// cache (the data may have changed in the SQL pane). It returns done with
// the command when it dealt with msg; otherwise the key for the pane's
// own bindings.
func (k *Kit) Route(msg tea.Msg, on On) (km tea.KeyMsg, cmd tea.Cmd, done bool) {
	msg, cmd, done = k.Arrive(msg, on.Show)
	if done {
		return km, cmd, true
	}
	if id, ok := k.Hit(msg, on.Hits); ok {
		return km, on.Click(id), true
	}
	km, ok := msg.(tea.KeyMsg)
	switch {
	case !ok:
		return km, nil, true
	case key.Matches(km, Esc):
		k.Cancel()
		on.Render()
		return km, nil, true
	case key.Matches(km, Reload):
		k.Forget()
		return km, on.Load(), true
	}
	return km, nil, false
}

// List is Route for a pane with one list of items (rows, bars, stages): a
// click selects an item (a click on the selected one is enter), up and
// down move the cursor over n items. It returns done with the command when
// it dealt with msg; otherwise the key for the pane's own bindings.
func (k *Kit) List(msg tea.Msg, cursor *int, n int, hits *Targets,
	show func(any), render func(), load func() tea.Cmd) (tea.KeyMsg, tea.Cmd, bool) {
	enter := false
	click := func(i int) tea.Cmd {
		if i == *cursor {
			enter = true
		}
		*cursor = i
		render()
		return nil
	}
	km, cmd, done := k.Route(msg, On{Show: show, Render: render, Load: load, Hits: hits, Click: click})
	switch {
	case enter:
		return EnterKey, nil, false
	case done:
		return km, cmd, true
	case key.Matches(km, Up):
		*cursor = chart.Clamp(*cursor-1, n)
	case key.Matches(km, Down):
		*cursor = chart.Clamp(*cursor+1, n)
	default:
		return km, nil, false
	}
	render()
	return km, nil, true
}

// Keep stores a load's result v in *dst when it is a *T (after an error v
// is nil and *dst keeps what was shown) and reports whether it did.
func Keep[T any](v any, dst **T) bool {
	d, ok := v.(*T)
	if ok {
		*dst = d
	}
	return ok
}
