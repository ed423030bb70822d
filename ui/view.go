package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// tab is one label of the tab bar and the cells it covers.
type tab struct {
	index  int
	label  string
	x0, x1 int
}

var digits = "1234567890"

// tabs lays the tab bar out in the width: full titles when they fit, else
// every title shortened alike, whichever pane has focus, so that the bar
// does not move when the focus does.
func (m *Model) tabs() []tab {
	for short := 40; short >= 0; short-- {
		var out []tab
		x := 0
		for i, p := range m.panes {
			title := p.Title()
			if lipgloss.Width(title) > short {
				title = truncRunes(title, short)
			}
			label := " " + digits[i:i+1] + " " + title + " "
			if short == 0 {
				label = " " + digits[i:i+1] + " "
			}
			w := lipgloss.Width(label)
			out = append(out, tab{index: i, label: label, x0: x, x1: x + w})
			x += w
		}
		if x <= m.width || short == 0 {
			return out
		}
	}
	return nil
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func (m *Model) tabBar() string {
	var b strings.Builder
	th := m.env.Theme
	for _, t := range m.tabs() {
		if t.index == m.focus {
			// Brackets keep the focus visible without colour (NO_COLOR).
			b.WriteString(th.Selected.Render("[" + t.label[1:len(t.label)-1] + "]"))
		} else {
			b.WriteString(th.Muted.Render(t.label))
		}
	}
	return rows.Pad(b.String(), m.width, false)
}

func (m *Model) topHeight() int {
	h := 1
	if f := m.filter.View(); f != "" {
		h += lipgloss.Height(f)
	}
	return h
}

func (m *Model) bottom() string {
	th := m.env.Theme
	var status string
	switch {
	case m.asking:
		status = th.Bold.Render("Export "+m.screen().Name+" as: ") + "[c] CSV  [p] Parquet  [j] JSON   (esc cancels)"
	case m.sqlView != nil:
		status = th.Muted.Render("SQL behind " + m.sqlTitle + " · ↑/↓ scroll · esc close")
	case m.export.Running():
		status = "exporting…"
	case m.status != "":
		status = m.status
	default:
		status = th.Muted.Render(m.hint())
	}
	m.help.Width = m.width
	// bubbles' help adds every remaining key when its "…" would not fit:
	// the line is cut here to the width.
	lines := strings.Split(m.help.View(helpMap{m}), "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return rows.Pad(status, m.width, false) + "\n" + strings.Join(lines, "\n")
}

func (m *Model) hint() string {
	if m.drill != nil {
		return "rows · " + m.drill.Title()
	}
	return fmt.Sprintf("%d %s", (m.focus+1)%10, m.panes[m.focus].Title())
}

func (m *Model) bodyHeight() int {
	return m.height - m.topHeight() - lipgloss.Height(m.bottom())
}

// layout hands every part its size, measured from the chrome around it.
func (m *Model) layout() {
	if m.width == 0 {
		return
	}
	m.filter.SetWidth(m.width)
	h := max(1, m.bodyHeight())
	for _, p := range m.panes {
		p.SetSize(m.width, h)
	}
	if m.drill != nil {
		m.drill.SetSize(m.width, h)
	}
	if m.sqlView != nil {
		m.sqlView.Width, m.sqlView.Height = m.width, max(1, h-1)
	}
}

// View draws the workbench, or a message when the terminal is too small.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.width == 0 {
		return "starting kizuna…"
	}
	if m.width < MinWidth || m.height < MinHeight {
		msg := fmt.Sprintf("kizuna needs at least %d×%d; this terminal is %d×%d", MinWidth, MinHeight, m.width, m.height)
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, rows.Wrap(msg, m.width))
	}
	top := m.tabBar()
	if f := m.filter.View(); f != "" {
		top += "\n" + f
	}
	bottom := m.bottom()
	h := max(1, m.height-lipgloss.Height(top)-lipgloss.Height(bottom))
	var body string
	switch {
	case m.sqlView != nil:
		body = m.env.Theme.Title.Render("SQL · "+m.sqlTitle) + "\n" + m.sqlView.View()
	case m.drill != nil:
		body = m.drill.View()
	default:
		body = m.panes[m.focus].View()
	}
	body = fit(body, m.width, h)
	return top + "\n" + body + "\n" + bottom
}

// fit cuts or pads s to exactly h lines of at most w cells.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = rows.Pad(l, w, false)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// helpMap joins the focused view's bindings with the global ones.
type helpMap struct{ m *Model }

func (h helpMap) local() (short []key.Binding, full [][]key.Binding) {
	m := h.m
	if m.drill != nil {
		k := m.keys
		return m.drill.Keys(k.Back, k.SortNext, k.SortOrder, k.Search, k.Table())
	}
	p := m.panes[m.focus]
	full = p.FullHelp()
	if _, ok := p.(pane.DrillSaver); ok && len(full) > 0 {
		// In the pane's last column (a column of its own would push the
		// global keys off a narrow help).
		full = append([][]key.Binding(nil), full...)
		last := len(full) - 1
		full[last] = append(append([]key.Binding(nil), full[last]...), paneSaveKey)
	}
	return p.ShortHelp(), full
}

// paneSaveKey is S on a pane (pane.DrillSaver), for the full help.
var paneSaveKey = key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "save as segment"))

func (h helpMap) ShortHelp() []key.Binding {
	s, _ := h.local()
	if h.capturing() {
		// An input has the keys: its own keys only (pane switches,
		// filter and quit do not apply while typing).
		return s
	}
	return append(append([]key.Binding(nil), s...), h.m.keys.Global()...)
}

// capturing reports whether the focused view takes text now.
func (h helpMap) capturing() bool {
	if h.m.drill != nil {
		return h.m.drill.Capturing()
	}
	return h.m.panes[h.m.focus].Capturing()
}

// FullHelp lists each key once: a global binding whose key the view
// already lists (movement, enter, tab completing in the SQL editor) is
// left out, whatever words the two use.
func (h helpMap) FullHelp() [][]key.Binding {
	_, f := h.local()
	seen := map[string]bool{}
	for _, col := range f {
		for _, b := range col {
			for _, k := range b.Keys() {
				seen[k] = true
			}
		}
	}
	out := append([][]key.Binding(nil), f...)
	for _, col := range h.m.keys.GlobalFull() {
		var keep []key.Binding
		for _, b := range col {
			if !anySeen(seen, b.Keys()) {
				for _, k := range b.Keys() {
					seen[k] = true
				}
				keep = append(keep, b)
			}
		}
		if len(keep) > 0 {
			out = append(out, keep)
		}
	}
	return out
}

func anySeen(seen map[string]bool, keys []string) bool {
	for _, k := range keys {
		if seen[k] {
			return true
		}
	}
	return false
}
