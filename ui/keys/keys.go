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
	one := func(name, desc string) key.Binding { return b(k(name), h(name, desc)) } // the key is its own help
	m := &Map{
		Next:      one("tab", "next pane"),
		Prev:      one("shift+tab", "previous pane"),
		Filter:    one("f", "filter"),
		Help:      one("?", "help"),
		Quit:      one("q", "quit"),
		ForceQuit: one("ctrl+c", "quit"),
		ShowSQL:   one("s", "show SQL"),
		Export:    one("e", "export"),
		Back:      one("esc", "back/cancel"),

		Up:       b(k("up", "k"), h("↑/k", "up")),
		Down:     b(k("down", "j"), h("↓/j", "down")),
		Left:     b(k("left", "h"), h("←/h", "left")),
		Right:    b(k("right", "l"), h("→/l", "right")),
		PageUp:   b(k("pgup", "ctrl+u"), h("pgup", "page up")),
		PageDown: b(k("pgdown", "ctrl+d"), h("pgdn", "page down")),
		Home:     b(k("home", "g"), h("g/home", "top")),
		End:      b(k("end", "G"), h("G/end", "bottom")),
		Enter:    one("enter", "drill/open"),

		Drill:       one("enter", "drill down"),
		Reload:      one("r", "reload"),
		Cancel:      one("esc", "cancel query"),
		ScrollLeft:  b(k("shift+left", "["), h("shift+←/[", "columns left")),
		ScrollRight: b(k("shift+right", "]"), h("shift+→/]", "columns right")),

		SortPrev:  one("<", "sort column left"),
		SortNext:  one(">", "sort column right"),
		SortOrder: one("o", "sort order"),
		Search:    one("/", "search"),

		FilterNext:   one("tab", "next field"),
		FilterPrev:   one("shift+tab", "previous field"),
		FilterToggle: b(k(" "), h("space", "toggle value")),
		FilterClear:  one("ctrl+x", "clear filters"),

		Run:      one("ctrl+r", "run query"),
		HistPrev: b(k("ctrl+p", "alt+up"), h("ctrl+p", "older query")),
		HistNext: b(k("ctrl+n", "alt+down"), h("ctrl+n", "newer query")),
		Complete: one("tab", "complete"),
		Edit:     b(k("enter", "i"), h("enter/i", "edit query")),

		CSV:     one("c", "CSV"),
		Parquet: one("p", "Parquet"),
		JSON:    one("j", "JSON"),
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
