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
	data := make([]barchart.BarData, len(bars))
	for i, b := range bars {
		vals := make([]barchart.BarValue, len(b.Parts))
		for j, p := range b.Parts {
			v := p.Value
			if v < 0 {
				v = 0
			}
			vals[j] = barchart.BarValue{Name: p.Name, Value: v,
				Style: lipgloss.NewStyle().Foreground(p.Color)}
		}
		data[i] = barchart.BarData{Label: b.Label, Values: vals}
	}
	bc := barchart.New(barW, len(bars),
		barchart.WithHorizontalBars(), barchart.WithNoAxis(), barchart.WithBarGap(0),
		barchart.WithMaxValue(max), barchart.WithNoAutoMaxValue(), barchart.WithDataSet(data))
	bc.Draw()
	canvas := strings.Split(bc.View(), "\n")
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

// Legend renders coloured swatches with names, e.g. "█ promoters █ passives".
func Legend(parts ...Part) string {
	var s []string
	for _, p := range parts {
		s = append(s, lipgloss.NewStyle().Foreground(p.Color).Render("█")+" "+p.Name)
	}
	return strings.Join(s, "  ")
}
