package chart

import (
	"fmt"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"

	"github.com/NimbleMarkets/ntcharts/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/charmbracelet/lipgloss"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Series is one named line of a time-series chart.
type Series struct {
	Name   string
	Points []timeserieslinechart.TimePoint
	Color  lipgloss.Color
	Thin   bool // drawn with thin runes (e.g. a margin-of-error band)
}

// TimeLines draws series on one ntcharts time-series chart of w×h cells.
// The y range covers every point (and lo..hi when given wider).
func TimeLines(th *theme.Theme, w, h int, lo, hi float64, series ...Series) string {
	if w < 10 || h < 3 {
		return ""
	}
	var tmin, tmax time.Time
	first := true
	for _, s := range series {
		for _, p := range s.Points {
			if first || p.Time.Before(tmin) {
				tmin = p.Time
			}
			if first || p.Time.After(tmax) {
				tmax = p.Time
			}
			if p.Value < lo {
				lo = p.Value
			}
			if p.Value > hi {
				hi = p.Value
			}
			first = false
		}
	}
	if first {
		return ""
	}
	if !tmax.After(tmin) {
		tmax = tmin.Add(24 * time.Hour)
	}
	if hi <= lo {
		hi = lo + 1
	}
	c := timeserieslinechart.New(w, h,
		timeserieslinechart.WithXLabelFormatter(func(_ int, v float64) string {
			return time.Unix(int64(v), 0).UTC().Format("2006-01")
		}),
		timeserieslinechart.WithYLabelFormatter(func(_ int, v float64) string { return fmt.Sprintf("%.0f", v) }),
		timeserieslinechart.WithXYSteps(2, 2))
	c.SetTimeRange(tmin, tmax)
	c.SetViewTimeRange(tmin, tmax)
	c.SetYRange(lo, hi)
	c.SetViewYRange(lo, hi)
	var names []string
	for _, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		for _, p := range s.Points {
			c.PushDataSet(s.Name, p)
		}
		c.SetDataSetStyle(s.Name, th.Style().Foreground(s.Color))
		if s.Thin {
			c.SetDataSetLineStyle(s.Name, runes.ThinLineStyle)
		}
		names = append(names, s.Name)
	}
	c.DrawDataSets(names)
	return c.View()
}

// XYLine draws one line through points (x ascending) on an ntcharts line
// chart of w×h cells with y from lo to hi.
func XYLine(th *theme.Theme, w, h int, lo, hi float64, pts []canvas.Float64Point, color lipgloss.Color) string {
	if w < 10 || h < 3 || len(pts) == 0 {
		return ""
	}
	maxX := pts[len(pts)-1].X
	if maxX <= pts[0].X {
		maxX = pts[0].X + 1
	}
	c := linechart.New(w, h, pts[0].X, maxX, lo, hi, linechart.WithXYSteps(2, 2))
	c.DrawXYAxisAndLabel()
	st := th.Style().Foreground(color)
	if len(pts) == 1 {
		c.DrawRuneWithStyle(pts[0], '•', st)
	}
	for i := 1; i < len(pts); i++ {
		c.DrawBrailleLineWithStyle(pts[i-1], pts[i], st)
	}
	return c.View()
}

// PeriodTime parses a period label (YYYY-MM or YYYY-MM-DD) as its first day.
func PeriodTime(label string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if t, err := time.Parse(layout, label); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
