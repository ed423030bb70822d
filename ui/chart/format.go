// Package chart holds the drawing helpers the workbench panes share: number
// formatting through numfmt, width-aware padding (Japanese
// text is double width), horizontal bars and line charts drawn with
// ntcharts, heat colours and a scrolling table with a visible cursor.
package chart

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
)

// Cell formats a value for the screen (numfmt.Screen: thousands
// separators, one decimal for fractions, whole numbers without ".0"); a
// value that does not exist shows as "–".
func Cell(v any) string {
	if v == nil {
		return "–"
	}
	return numfmt.Screen.Value(v)
}

// Pct formats a percentage value with one decimal and a % sign.
func Pct(v any) string {
	if s := Score(v); s != "–" {
		return s + "%"
	}
	return "–"
}

// Score formats a rate or score (NPS, its margin, a mean) with one
// decimal always, so that a column of them lines up: 25.0, -23.8.
func Score(v any) string {
	f, ok := Float(v)
	if !ok {
		return "–"
	}
	return numfmt.Screen.Fixed(f, 1)
}

// Float reads a numeric value; nil and non-numbers give 0, false.
func Float(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

// Get returns row i's value of column col, or nil when there is no such column.
func Get(t *model.Table, i int, col string) any {
	j := t.Col(col)
	if t == nil || j < 0 || i < 0 || i >= len(t.Rows) {
		return nil
	}
	return t.Rows[i][j]
}

// Str is a value as a label ("" for nil; numbers without separators).
func Str(v any) string { return numfmt.Table.Value(v) }

// Truth reads a boolean column (true, or a non-zero number).
func Truth(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	}
	return false
}

// Width is the display width of s (double-width runes count 2).
func Width(s string) int { return lipgloss.Width(s) }

// Trunc cuts s to at most w cells, ending with "…" when cut.
func Trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// Pad cuts or pads s on the right to exactly w cells.
func Pad(s string, w int) string {
	s = Trunc(s, w)
	if d := w - Width(s); d > 0 {
		s += strings.Repeat(" ", d)
	}
	return s
}

// PadLeft cuts or pads s on the left to exactly w cells.
func PadLeft(s string, w int) string {
	s = Trunc(s, w)
	if d := w - Width(s); d > 0 {
		s = strings.Repeat(" ", d) + s
	}
	return s
}

// Fit cuts every line of block to w cells and keeps at most h lines.
func Fit(block string, w, h int) string {
	lines := strings.Split(block, "\n")
	if h >= 0 && len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// Marker is the cursor cue that needs no colour.
func Marker(selected bool) string {
	if selected {
		return "▸ "
	}
	return "  "
}

// Wrap breaks text into lines of at most w cells.
func Wrap(s string, w int) string {
	if w < 10 {
		return s
	}
	return ansi.Wrap(s, w, "")
}

// Opt is a nullable number as the formatters take it: nil or the float64.
func Opt(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
