// Package rows shows rows of a query: Grid is a scrolling, sortable,
// searchable table (double-width aware) that the SQL and Data panes reuse,
// and Model is the drill-down view the root opens for a pane's DrillMsg.
package rows

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

const maxColWidth = 32

// Grid is a table of plain values with a row cursor, column sort and a
// search that keeps the rows containing the text.
type Grid struct {
	keys *keys.Map
	th   *theme.Theme

	table   *model.Table
	cells   [][]string // formatted, one line each
	numeric []bool
	widths  []int
	order   []int // rows shown: filtered by the search, sorted

	sortCol   int // -1: as the query returned them
	desc      bool
	cursor    int // index into order
	offset    int // first row shown
	colOffset int // first column shown

	search    textinput.Model
	searching bool

	width, height int
}

// NewGrid returns an empty grid.
func NewGrid(k *keys.Map, th *theme.Theme) Grid {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "search"
	return Grid{keys: k, th: th, sortCol: -1, search: ti}
}

// SetTable shows t; the search and sort stay, the cursor goes to the top.
func (g *Grid) SetTable(t *model.Table) {
	g.table = t
	g.cells, g.numeric, g.widths = nil, nil, nil
	g.cursor, g.offset, g.colOffset = 0, 0, 0
	if t == nil {
		g.order = nil
		return
	}
	if g.sortCol >= len(t.Columns) {
		g.sortCol = -1
	}
	g.numeric = make([]bool, len(t.Columns))
	g.widths = make([]int, len(t.Columns))
	for j, c := range t.Columns {
		g.widths[j] = lipgloss.Width(c) + 2 // room for the sort arrow
		g.numeric[j] = len(t.Rows) > 0
	}
	g.cells = make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		g.cells[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			var v any
			if j < len(r) {
				v = r[j]
			}
			s := Format(v)
			g.cells[i][j] = s
			g.widths[j] = max(g.widths[j], min(lipgloss.Width(s), maxColWidth))
			switch v.(type) {
			case nil, int64, float64:
			default:
				g.numeric[j] = false
			}
		}
	}
	g.refresh()
}

// Table is the table shown (all rows, unsorted).
func (g *Grid) Table() *model.Table { return g.table }

// Visible returns the rows on screen: searched and sorted.
func (g *Grid) Visible() *model.Table {
	if g.table == nil {
		return nil
	}
	out := &model.Table{Columns: g.table.Columns}
	for _, i := range g.order {
		out.Rows = append(out.Rows, g.table.Rows[i])
	}
	return out
}

// Cursor is the position of the selected row among the rows shown.
func (g *Grid) Cursor() int { return g.cursor }

// Selected returns the selected row, or nil.
func (g *Grid) Selected() []any {
	if g.cursor < len(g.order) {
		return g.table.Rows[g.order[g.cursor]]
	}
	return nil
}

// Len is the number of rows shown.
func (g *Grid) Len() int { return len(g.order) }

// SetSize sets the grid's size, footer included.
func (g *Grid) SetSize(w, h int) {
	g.width, g.height = w, h
	g.search.Width = max(10, w-20)
	g.clamp()
}

// Capturing reports whether the search box is taking text.
func (g *Grid) Capturing() bool { return g.searching }

// Query is the search text.
func (g *Grid) Query() string { return g.search.Value() }

func (g *Grid) bodyHeight() int { return max(1, g.height-2) }

// Update handles keys and the mouse wheel.
func (g *Grid) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(tea.MouseMsg); ok && m.Action == tea.MouseActionPress {
		switch m.Button {
		case tea.MouseButtonWheelUp:
			g.move(-3)
		case tea.MouseButtonWheelDown:
			g.move(3)
		}
		return nil
	}
	msg2, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := g.keys
	if g.searching {
		switch msg2.String() {
		case "enter":
			g.searching = false
			g.search.Blur()
			return nil
		case "esc":
			g.searching = false
			g.search.Blur()
			g.search.SetValue("")
			g.refresh()
			return nil
		}
		var cmd tea.Cmd
		before := g.search.Value()
		g.search, cmd = g.search.Update(msg)
		if g.search.Value() != before {
			g.refresh()
		}
		return cmd
	}
	switch {
	case key.Matches(msg2, k.Up):
		g.move(-1)
	case key.Matches(msg2, k.Down):
		g.move(1)
	case key.Matches(msg2, k.PageUp):
		g.move(-g.bodyHeight())
	case key.Matches(msg2, k.PageDown):
		g.move(g.bodyHeight())
	case key.Matches(msg2, k.Home):
		g.move(-len(g.order))
	case key.Matches(msg2, k.End):
		g.move(len(g.order))
	case key.Matches(msg2, k.Left):
		g.colOffset = max(0, g.colOffset-1)
	case key.Matches(msg2, k.Right):
		if g.table != nil && g.colOffset < len(g.table.Columns)-1 {
			g.colOffset++
		}
	case key.Matches(msg2, k.SortNext), key.Matches(msg2, k.SortPrev):
		if g.table == nil || len(g.table.Columns) == 0 {
			return nil
		}
		n := len(g.table.Columns)
		if key.Matches(msg2, k.SortNext) {
			g.sortCol = (g.sortCol + 1) % n
		} else if g.sortCol <= 0 {
			g.sortCol = n - 1
		} else {
			g.sortCol--
		}
		g.desc = false
		g.showColumn(g.sortCol)
		g.refresh()
	case key.Matches(msg2, k.SortOrder):
		if g.sortCol >= 0 {
			g.desc = !g.desc
			g.refresh()
		}
	case key.Matches(msg2, k.Search):
		g.searching = true
		return g.search.Focus()
	}
	return nil
}

// Sort sorts by column col (-1: query order).
func (g *Grid) Sort(col int, desc bool) {
	g.sortCol, g.desc = col, desc
	g.refresh()
}

func (g *Grid) move(d int) {
	g.cursor += d
	g.clamp()
}

func (g *Grid) clamp() {
	g.cursor = max(0, min(g.cursor, len(g.order)-1))
	h := g.bodyHeight()
	if g.cursor < g.offset {
		g.offset = g.cursor
	}
	if g.cursor >= g.offset+h {
		g.offset = g.cursor - h + 1
	}
	g.offset = max(0, min(g.offset, len(g.order)-h))
}

func (g *Grid) showColumn(c int) {
	if c < g.colOffset {
		g.colOffset = c
	}
	for g.colOffset < c && !g.fits(g.colOffset, c) {
		g.colOffset++
	}
}

// fits reports whether columns from..to fit in the width.
func (g *Grid) fits(from, to int) bool {
	w := 2
	for j := from; j <= to; j++ {
		w += g.widths[j] + 2
	}
	return w <= g.width
}

// refresh recomputes the rows shown from the search and the sort.
func (g *Grid) refresh() {
	g.order = g.order[:0]
	q := strings.ToLower(g.search.Value())
	for i, row := range g.cells {
		if q == "" || rowContains(row, q) {
			g.order = append(g.order, i)
		}
	}
	if g.sortCol >= 0 && g.table != nil {
		c := g.sortCol
		sort.SliceStable(g.order, func(a, b int) bool {
			va, vb := g.table.Rows[g.order[a]][c], g.table.Rows[g.order[b]][c]
			if va == nil || vb == nil {
				return va != nil // nil last, whatever the order
			}
			if g.desc {
				return Less(vb, va)
			}
			return Less(va, vb)
		})
	}
	g.clamp()
}

func rowContains(row []string, q string) bool {
	for _, c := range row {
		if strings.Contains(strings.ToLower(c), q) {
			return true
		}
	}
	return false
}

// Less orders two non-nil values: numbers numerically, times by time,
// anything else by its text.
func Less(a, b any) bool {
	fa, oka := num(a)
	fb, okb := num(b)
	if oka && okb {
		return fa < fb
	}
	ta, oka := a.(time.Time)
	tb, okb := b.(time.Time)
	if oka && okb {
		return ta.Before(tb)
	}
	return Format(a) < Format(b)
}

func num(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// Format renders a value on one line (numfmt.Data): numbers with
// thousands separators and at most two decimals, timestamps as dates when
// at midnight.
func Format(v any) string {
	if x, ok := v.(string); ok {
		return oneLine(x)
	}
	return oneLine(numfmt.Data.Value(v))
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
}

// Pad fits s in exactly w cells: truncated with … or padded with spaces,
// right-aligned when right is set. Widths are display widths.
func Pad(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	gap := w - lipgloss.Width(s)
	if right {
		return strings.Repeat(" ", gap) + s
	}
	return s + strings.Repeat(" ", gap)
}

// View renders the header, the rows and a footer line.
func (g *Grid) View() string {
	if g.table == nil {
		return ""
	}
	var b strings.Builder
	// Columns that fit from colOffset.
	last, used := g.colOffset-1, 2
	for j := g.colOffset; j < len(g.table.Columns); j++ {
		if used+g.widths[j] > g.width && j > g.colOffset {
			break
		}
		used += g.widths[j] + 2
		last = j
	}
	line := func(marker string, cell func(j int) string) string {
		var l strings.Builder
		l.WriteString(marker)
		for j := g.colOffset; j <= last; j++ {
			if j > g.colOffset {
				l.WriteString("  ")
			}
			l.WriteString(cell(j))
		}
		return Pad(l.String(), g.width, false)
	}
	head := line("  ", func(j int) string {
		name := g.table.Columns[j]
		if j == g.sortCol {
			name += map[bool]string{false: " ▲", true: " ▼"}[g.desc]
		}
		return Pad(name, g.widths[j], g.numeric[j])
	})
	b.WriteString(g.th.Bold.Render(head))
	h := g.bodyHeight()
	for i := g.offset; i < g.offset+h; i++ {
		b.WriteByte('\n')
		if i >= len(g.order) {
			continue
		}
		row := g.cells[g.order[i]]
		marker := "  "
		if i == g.cursor {
			marker = "▸ "
		}
		l := line(marker, func(j int) string { return Pad(row[j], g.widths[j], g.numeric[j]) })
		if i == g.cursor {
			l = g.th.Selected.Render(l)
		}
		b.WriteString(l)
	}
	b.WriteByte('\n')
	b.WriteString(g.footer())
	return b.String()
}

func (g *Grid) footer() string {
	if g.searching {
		return Pad(g.search.View(), g.width, false)
	}
	parts := []string{fmt.Sprintf("row %d/%d", min(g.cursor+1, len(g.order)), len(g.order))}
	if len(g.order) != len(g.cells) {
		parts[0] += fmt.Sprintf(" (of %d)", len(g.cells))
	}
	if g.table != nil && len(g.table.Columns) > 0 {
		parts = append(parts, fmt.Sprintf("cols %d-%d/%d", g.colOffset+1, g.lastShown()+1, len(g.table.Columns)))
	}
	if g.sortCol >= 0 {
		dir := "ascending"
		if g.desc {
			dir = "descending"
		}
		parts = append(parts, "sorted by "+g.table.Columns[g.sortCol]+" "+dir)
	}
	if q := g.search.Value(); q != "" {
		parts = append(parts, fmt.Sprintf("search %q", q))
	}
	return g.th.Muted.Render(Pad(strings.Join(parts, " · "), g.width, false))
}

func (g *Grid) lastShown() int {
	last, used := g.colOffset, 2
	for j := g.colOffset; j < len(g.table.Columns); j++ {
		if used+g.widths[j] > g.width && j > g.colOffset {
			break
		}
		used += g.widths[j] + 2
		last = j
	}
	return last
}
