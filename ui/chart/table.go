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
	widths := colWidths(cols, rows)
	head := make([]string, len(cols))
	for j, c := range cols {
		head[j] = c.Title
	}
	return tableBody(th, "  "+th.Bold.Render(tableLine(cols, widths, head, w)), cols, widths, rows, sel, focused, w, h)
}

// tableBody puts the rows that fit under the header line.
func tableBody(th *theme.Theme, header string, cols []Column, widths []int, rows [][]string, sel int, focused bool, w, h int) string {
	out := []string{header}
	start, end := TableWindow(sel, len(rows), h)
	for i := start; i < end; i++ {
		l := tableLine(cols, widths, rows[i], w)
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

// TableScroll is Table scrolled skip columns to the right: the first column
// (the row's name) stays, the next skip are left out, and as many of the
// rest as fit in w are shown. The header marks hidden columns with ‹ and ›.
// skip is clamped so that the last column is in sight when it scrolls at
// all; the clamped value comes back.
func TableScroll(th *theme.Theme, cols []Column, rows [][]string, sel int, focused bool, w, h, skip int) (string, int) {
	widths := colWidths(cols, rows)
	// fits reports whether column 0 and columns from..n-1 fit in w (with the
	// marker and a › at the end).
	fits := func(from int) bool {
		t := 2 + widths[0]
		for j := from; j < len(cols); j++ {
			t += 2 + widths[j]
		}
		return t <= w
	}
	maxSkip := 0
	for maxSkip < len(cols)-2 && !fits(1+maxSkip) {
		maxSkip++
	}
	skip = max(0, min(skip, maxSkip))
	vis := []int{0}
	used := 2 + widths[0]
	for j := 1 + skip; j < len(cols); j++ {
		more := 0 // room for the › when columns follow
		if j < len(cols)-1 {
			more = 1
		}
		if len(vis) > 1 && used+2+widths[j]+more > w {
			break
		}
		vis = append(vis, j)
		used += 2 + widths[j]
	}
	right := vis[len(vis)-1] < len(cols)-1
	sub := func(xs []int, cells []string) []string {
		out := make([]string, len(xs))
		for i, j := range xs {
			if j < len(cells) {
				out[i] = cells[j]
			}
		}
		return out
	}
	vcols := make([]Column, len(vis))
	vw := make([]int, len(vis))
	for i, j := range vis {
		vcols[i], vw[i] = cols[j], widths[j]
	}
	head := make([]string, len(cols))
	for j, c := range cols {
		head[j] = c.Title
	}
	h0 := tableLine(vcols, vw, sub(vis, head), w)
	if skip > 0 && len(vis) > 1 {
		// ‹ in the gap after the first column: columns hidden to the left.
		cut := Width(Pad(head[0], vw[0]))
		h0 = takeCells(h0, cut+1) + "‹" + trimCells(h0, cut+2)
	}
	if right {
		h0 = Pad(h0, used-2) + "›"
	}
	vrows := make([][]string, len(rows))
	for i, r := range rows {
		vrows[i] = sub(vis, r)
	}
	return tableBody(th, "  "+th.Bold.Render(h0), vcols, vw, vrows, sel, focused, w, h), skip
}

// takeCells keeps the first n cells of s (plain text).
func takeCells(s string, n int) string {
	w := 0
	for i, r := range s {
		if w+Width(string(r)) > n {
			return s[:i]
		}
		w += Width(string(r))
	}
	return s
}

// TableWidth is the cells Table needs to show every column in full.
func TableWidth(cols []Column, rows [][]string) int {
	w := 2
	for j, x := range colWidths(cols, rows) {
		if j > 0 {
			w += 2
		}
		w += x
	}
	return w
}

// trimCells drops the first n cells of s (plain text).
func trimCells(s string, n int) string {
	w := 0
	for i, r := range s {
		if w >= n {
			return s[i:]
		}
		w += Width(string(r))
	}
	return ""
}

func tableLine(cols []Column, widths []int, cells []string, w int) string {
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

func colWidths(cols []Column, rows [][]string) []int {
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
	return widths
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
