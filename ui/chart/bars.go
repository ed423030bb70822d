package chart

import (
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/charmbracelet/lipgloss"

	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Part is one stacked segment of a bar.
type Part struct {
	Name  string
	Value float64
	Color lipgloss.Color
}

// Bar is one row of a horizontal bar chart: a label on the left, the bar,
// and Text (its numbers) on the right, so it reads without colour.
type Bar struct {
	Label string
	Parts []Part
	Text  string
}

// HBars draws one bar per line with ntcharts: a ▸ marker and reverse video
// on the selected label (selected < 0: none), the label padded to labelW
// cells, the bar scaled to max across barW cells, then the text.
func HBars(th *theme.Theme, bars []Bar, labelW, barW int, max float64, selected int) []string {
	if len(bars) == 0 {
		return nil
	}
	if barW < 1 {
		barW = 1
	}
	if max <= 0 {
		max = 1
	}
	stacked := false
	for _, b := range bars {
		stacked = stacked || len(b.Parts) > 1
	}
	var canvas []string
	if stacked {
		for _, b := range bars {
			canvas = append(canvas, Stack(th, b.Parts, max, barW))
		}
	} else {
		canvas = single(th, bars, barW, max)
	}
	out := make([]string, len(bars))
	for i, b := range bars {
		label := Pad(b.Label, labelW)
		if i == selected {
			label = th.Selected.Render(label)
		}
		line := ""
		if i < len(canvas) {
			line = canvas[i]
		}
		out[i] = Marker(i == selected) + label + " " + line + " " + b.Text
	}
	return out
}

// single draws bars of one part each with ntcharts.
func single(th *theme.Theme, bars []Bar, barW int, max float64) []string {
	data := make([]barchart.BarData, len(bars))
	for i, b := range bars {
		vals := make([]barchart.BarValue, len(b.Parts))
		for j, p := range b.Parts {
			v := p.Value
			if v < 0 {
				v = 0
			}
			vals[j] = barchart.BarValue{Name: p.Name, Value: v,
				Style: th.Style().Foreground(p.Color)}
		}
		data[i] = barchart.BarData{Label: b.Label, Values: vals}
	}
	bc := barchart.New(barW, len(bars),
		barchart.WithHorizontalBars(), barchart.WithNoAxis(), barchart.WithBarGap(0),
		barchart.WithMaxValue(max), barchart.WithNoAutoMaxValue(), barchart.WithDataSet(data))
	bc.Draw()
	return strings.Split(bc.View(), "\n")
}

// Patterns tell the parts of a stacked bar apart without colour (NO_COLOR,
// TERM=vt100): part j of every stacked bar and of its legend is drawn with
// Patterns[j % len(Patterns)].
var Patterns = []string{"█", "▒", "░", "▓"}

// Stack draws one stacked bar of width cells scaled to max: each part
// takes its share of the cells (largest remainders, so the parts add up to
// the bar's rounded length) in its pattern and colour; the rest is blank.
func Stack(th *theme.Theme, parts []Part, max float64, width int) string {
	if max <= 0 {
		max = 1
	}
	var b strings.Builder
	used, sum := 0, 0.0
	for j, p := range parts {
		if p.Value > 0 {
			sum += p.Value
		}
		end := int(sum/max*float64(width) + 0.5) // cumulative rounding
		if end > width {
			end = width
		}
		if n := end - used; n > 0 {
			b.WriteString(th.Style().Foreground(p.Color).Render(strings.Repeat(pattern(j), n)))
			used = end
		}
	}
	b.WriteString(strings.Repeat(" ", width-used))
	return b.String()
}

func pattern(j int) string { return Patterns[j%len(Patterns)] }

// MaxOf is the largest sum of parts among bars.
func MaxOf(bars []Bar) float64 {
	m := 0.0
	for _, b := range bars {
		s := 0.0
		for _, p := range b.Parts {
			if p.Value > 0 {
				s += p.Value
			}
		}
		if s > m {
			m = s
		}
	}
	return m
}

// LabelWidth is the widest label, capped at max cells.
func LabelWidth(bars []Bar, max int) int {
	w := 1
	for _, b := range bars {
		if x := Width(b.Label); x > w {
			w = x
		}
	}
	if w > max {
		w = max
	}
	return w
}

// TextWidth is the widest Text among bars.
func TextWidth(bars []Bar) int {
	w := 0
	for _, b := range bars {
		if x := Width(b.Text); x > w {
			w = x
		}
	}
	return w
}

// Legend renders swatches with names in the patterns and colours of a
// stacked bar's parts, e.g. "█ promoters  ▒ passives  ░ detractors".
func Legend(th *theme.Theme, parts ...Part) string {
	var s []string
	for j, p := range parts {
		s = append(s, th.Style().Foreground(p.Color).Render(pattern(j))+" "+p.Name)
	}
	return strings.Join(s, "  ")
}
