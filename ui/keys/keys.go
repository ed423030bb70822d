// Package keys is the workbench's one keymap. Every key the root model, the
// filter bar, the rows view and the panes of this repository react to is a
// key.Binding here, so that help (bubbles/help) is generated from the same
// bindings that Update matches.
package keys

import "github.com/charmbracelet/bubbles/key"

// Map holds every binding, grouped by where it applies.
type Map struct {
	// Global: handled by the root unless something is capturing text.
	Panes                         [10]key.Binding // index i jumps to pane i (keys 1…9, 0)
	Next, Prev                    key.Binding
	Filter, Help, Quit, ForceQuit key.Binding
	ShowSQL, Export, Back         key.Binding

	// Movement, shared by panes, tables and lists.
	Up, Down, Left, Right key.Binding
	PageUp, PageDown      key.Binding
	Home, End             key.Binding
	Enter                 key.Binding

	// Analysis panes (2–8): drill into a number, reload, cancel the
	// running query, scroll a wide table's columns (its first one stays).
	Drill, Reload, Cancel   key.Binding
	ScrollLeft, ScrollRight key.Binding

	// Tables (drill-down rows, SQL results, rejected rows).
	SortPrev, SortNext, SortOrder, Search key.Binding

	// Filter bar.
	FilterNext, FilterPrev, FilterToggle, FilterClear key.Binding

	// SQL pane.
	Run, HistPrev, HistNext, Complete, Edit key.Binding

	// Export prompt.
	CSV, Parquet, JSON key.Binding
}

// Default returns the keymap.
func Default() *Map {
	b := key.NewBinding
	k, h := key.WithKeys, key.WithHelp
	m := &Map{
		Next:      b(k("tab"), h("tab", "next pane")),
		Prev:      b(k("shift+tab"), h("shift+tab", "previous pane")),
		Filter:    b(k("f"), h("f", "filter")),
		Help:      b(k("?"), h("?", "help")),
		Quit:      b(k("q"), h("q", "quit")),
		ForceQuit: b(k("ctrl+c"), h("ctrl+c", "quit")),
		ShowSQL:   b(k("s"), h("s", "show SQL")),
		Export:    b(k("e"), h("e", "export")),
		Back:      b(k("esc"), h("esc", "back/cancel")),

		Up:       b(k("up", "k"), h("↑/k", "up")),
		Down:     b(k("down", "j"), h("↓/j", "down")),
		Left:     b(k("left", "h"), h("←/h", "left")),
		Right:    b(k("right", "l"), h("→/l", "right")),
		PageUp:   b(k("pgup", "ctrl+u"), h("pgup", "page up")),
		PageDown: b(k("pgdown", "ctrl+d"), h("pgdn", "page down")),
		Home:     b(k("home", "g"), h("g/home", "top")),
		End:      b(k("end", "G"), h("G/end", "bottom")),
		Enter:    b(k("enter"), h("enter", "drill/open")),

		Drill:       b(k("enter"), h("enter", "drill down")),
		Reload:      b(k("r"), h("r", "reload")),
		Cancel:      b(k("esc"), h("esc", "cancel query")),
		ScrollLeft:  b(k("shift+left", "["), h("shift+←/[", "columns left")),
		ScrollRight: b(k("shift+right", "]"), h("shift+→/]", "columns right")),

		SortPrev:  b(k("<"), h("<", "sort column left")),
		SortNext:  b(k(">"), h(">", "sort column right")),
		SortOrder: b(k("o"), h("o", "sort order")),
		Search:    b(k("/"), h("/", "search")),

		FilterNext:   b(k("tab"), h("tab", "next field")),
		FilterPrev:   b(k("shift+tab"), h("shift+tab", "previous field")),
		FilterToggle: b(k(" "), h("space", "toggle value")),
		FilterClear:  b(k("ctrl+x"), h("ctrl+x", "clear filters")),

		Run:      b(k("ctrl+r"), h("ctrl+r", "run query")),
		HistPrev: b(k("ctrl+p", "alt+up"), h("ctrl+p", "older query")),
		HistNext: b(k("ctrl+n", "alt+down"), h("ctrl+n", "newer query")),
		Complete: b(k("tab"), h("tab", "complete")),
		Edit:     b(k("enter", "i"), h("enter/i", "edit query")),

		CSV:     b(k("c"), h("c", "CSV")),
		Parquet: b(k("p"), h("p", "Parquet")),
		JSON:    b(k("j"), h("j", "JSON")),
	}
	digits := "1234567890"
	for i := range m.Panes {
		d := digits[i : i+1]
		m.Panes[i] = b(k(d), h(d, "pane "+d))
	}
	m.Panes[0].SetHelp("1-9,0", "switch pane")
	return m
}

// Global is the short help of the root: shown whatever pane has focus.
func (m *Map) Global() []key.Binding {
	return []key.Binding{m.Panes[0], m.Next, m.Filter, m.ShowSQL, m.Export, m.Help, m.Quit}
}

// GlobalFull is the root's part of the full help.
func (m *Map) GlobalFull() [][]key.Binding {
	return [][]key.Binding{
		{m.Panes[0], m.Next, m.Prev, m.Back},
		{m.Filter, m.ShowSQL, m.Export, m.Help, m.Quit, m.ForceQuit},
		{m.Up, m.Down, m.Left, m.Right, m.Enter},
	}
}

// Table lists the bindings of a scrolling table.
func (m *Map) Table() []key.Binding {
	return []key.Binding{m.Up, m.Down, m.PageUp, m.PageDown, m.Home, m.End, m.Left, m.Right,
		m.SortPrev, m.SortNext, m.SortOrder, m.Search}
}
