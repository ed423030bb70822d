package chart

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/kizuna-dev/kizuna/ui/theme"
)

// HeatColor maps v in lo..hi onto the theme's heat scale, as ntcharts'
// heatmap does (linear, clamped).
func HeatColor(th *theme.Theme, v, lo, hi float64) lipgloss.Color {
	n := len(th.Heat)
	if n == 0 {
		return ""
	}
	if hi <= lo {
		return th.Heat[n-1]
	}
	i := int((v - lo) / (hi - lo) * float64(n))
	if i < 0 {
		i = 0
	}
	if i > n-1 {
		i = n - 1
	}
	return th.Heat[i]
}

// HeatCell renders text on the heat colour of v.
func HeatCell(th *theme.Theme, text string, v, lo, hi float64) string {
	return th.Style().Background(HeatColor(th, v, lo, hi)).Foreground(lipgloss.Color("15")).Render(text)
}

// HeatLegend shows the heat scale with its bounds, e.g. "0 ██████ 100".
func HeatLegend(th *theme.Theme, lo, hi float64, unit string) string {
	var b strings.Builder
	for _, c := range th.Heat {
		b.WriteString(th.Style().Foreground(c).Render("█"))
	}
	return fmt.Sprintf("%.0f%s %s %.0f%s", lo, unit, b.String(), hi, unit)
}
