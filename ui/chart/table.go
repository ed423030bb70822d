package chart

import (
	"strings"

	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Column of a Table: numbers are right-aligned.
type Column struct {
	Title string
	Right bool
	Max   int // widest the column may be (0: 30 cells)
}

// Table renders a header and the rows that fit in h lines (header
// included), scrolled so that row sel stays visible. The selected row has
// a ▸ marker and, when focused, reverse video. Widths are measured in cells.
func Table(th *theme.Theme, cols []Column, rows [][]string, sel int, focused bool, w, h int) string {
	widths := make([]int, len(cols))
	for j, c := range cols {
		widths[j] = Width(c.Title)
		max := c.Max
		if max == 0 {
			max = 30
		}
		for _, r := range rows {
			if j < len(r) && Width(r[j]) > widths[j] {
				widths[j] = Width(r[j])
			}
		}
		if widths[j] > max {
			widths[j] = max
		}
	}
	line := func(cells []string) string {
		parts := make([]string, len(cols))
		for j, c := range cols {
			v := ""
			if j < len(cells) {
				v = cells[j]
			}
			if c.Right {
				parts[j] = PadLeft(v, widths[j])
			} else {
				parts[j] = Pad(v, widths[j])
			}
		}
		return Trunc(strings.TrimRight(strings.Join(parts, "  "), " "), w-2)
	}
	head := make([]string, len(cols))
	for j, c := range cols {
		head[j] = c.Title
	}
	out := []string{"  " + th.Bold.Render(line(head))}
	start, end := TableWindow(sel, len(rows), h)
	for i := start; i < end; i++ {
		l := line(rows[i])
		if i == sel {
			if focused {
				l = th.Selected.Render(l)
			} else {
				l = th.Bold.Render(l)
			}
		}
		out = append(out, Marker(i == sel)+l)
	}
	return strings.Join(out, "\n")
}

// TableWindow is the rows start ≤ i < end that Table shows below its
// header in h lines with row sel selected (for mouse clicks).
func TableWindow(sel, n, h int) (start, end int) {
	room := h - 1
	if room < 1 {
		room = 1
	}
	if sel >= room {
		start = sel - room + 1
	}
	return start, min(n, start+room)
}

// Clamp keeps i within 0..n-1 (0 when n is 0).
func Clamp(i, n int) int {
	if i >= n {
		i = n - 1
	}
	if i < 0 {
		i = 0
	}
	return i
}
