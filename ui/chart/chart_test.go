package chart

import (
	"strings"
	"testing"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kizuna-dev/kizuna/ui/theme"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

func TestHBarsNumbersAndMarker(t *testing.T) {
	th := theme.New()
	bars := []Bar{
		{Label: "関東", Parts: []Part{{"a", 10, "1"}}, Text: "10"},
		{Label: "north", Parts: []Part{{"a", 5, "1"}}, Text: "5"},
	}
	lines := HBars(th, bars, 6, 10, 10, 1)
	t.Log("\n" + strings.Join(lines, "\n"))
	if len(lines) != 2 {
		t.Fatalf("lines = %d", len(lines))
	}
	// 関東 is 4 cells wide: padded to 6. The full bar fills 10 cells, the
	// half bar 5.
	if lines[0] != "  関東   ██████████ 10" {
		t.Errorf("line 0 = %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "▸ north  █████") || !strings.HasSuffix(lines[1], " 5") {
		t.Errorf("line 1 = %q", lines[1])
	}
	if Width(lines[0]) != Width(lines[1])+1 {
		t.Errorf("widths %d %d", Width(lines[0]), Width(lines[1]))
	}
}

func TestChartsDraw(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var pts []timeserieslinechart.TimePoint
	for i, v := range []float64{10, 30, 20, 40} {
		pts = append(pts, timeserieslinechart.TimePoint{Time: t0.AddDate(0, i, 0), Value: v})
	}
	s := TimeLines(nil, 40, 10, 0, 50, Series{Name: "nps", Points: pts})
	t.Log("\n" + s)
	if lipgloss.Height(s) != 10 || !strings.Contains(s, "2024-01") {
		t.Errorf("time chart:\n%s", s)
	}
	x := XYLine(nil, 40, 8, 0, 100, []canvas.Float64Point{{X: 0, Y: 100}, {X: 1, Y: 50}, {X: 2, Y: 25}}, "2")
	t.Log("\n" + x)
	if lipgloss.Height(x) != 8 {
		t.Errorf("xy chart:\n%s", x)
	}
}

func TestTableScrollsToSelection(t *testing.T) {
	th := theme.New()
	rows := [][]string{{"a", "1"}, {"b", "22"}, {"c", "333"}, {"d", "4"}}
	s := Table(th, []Column{{Title: "k"}, {Title: "v", Right: true}}, rows, 3, true, 40, 3)
	want := "  k    v\n  c  333\n▸ d    4"
	if s != want {
		t.Errorf("table:\n%s\nwant:\n%s", s, want)
	}
}

// Under NO_COLOR (the Ascii profile of this package's tests) the parts of
// a stacked bar differ by pattern, and the legend shows the same patterns.
func TestStackedPartsDifferWithoutColour(t *testing.T) {
	th := theme.New()
	parts := []Part{{"promoters", 5, "34"}, {"passives", 3, "244"}, {"detractors", 2, "160"}}
	lines := HBars(th, []Bar{{Label: "all", Parts: parts, Text: "x"}}, 3, 10, 10, -1)
	if lines[0] != "  all █████▒▒▒░░ x" {
		t.Errorf("bar = %q", lines[0])
	}
	if got := Legend(nil, parts...); got != "█ promoters  ▒ passives  ░ detractors" {
		t.Errorf("legend = %q", got)
	}
	// Rounding: the parts fill the bar's rounded length, no more.
	if got := Stack(nil, []Part{{"a", 1, ""}, {"b", 1, ""}, {"c", 1, ""}}, 3, 10); got != "███▒▒▒▒░░░" {
		t.Errorf("thirds = %q", got)
	}
	if got := Stack(nil, []Part{{"a", 1, ""}, {"b", 0, ""}}, 4, 8); got != "██      " {
		t.Errorf("quarter = %q", got)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 2045: "2,045", -1234567: "-1,234,567", 100000: "100,000"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// A table wider than the pane keeps its first column and scrolls the rest;
// the header marks hidden columns with ‹ and ›.
func TestTableScrollsColumns(t *testing.T) {
	th := theme.New()
	cols := []Column{{Title: "seg"}, {Title: "aaaa", Right: true}, {Title: "bbbb", Right: true}, {Title: "cccc", Right: true}, {Title: "dddd", Right: true}}
	rows := [][]string{{"x", "1", "2", "3", "4"}}
	// 2 + 3 + 4×(2+4) = 29 cells do not fit in 24: seg aaaa bbbb cccc fit (23 + › ).
	out, skip := TableScroll(th, cols, rows, 0, false, 24, 5, 0)
	lines := strings.Split(out, "\n")
	if skip != 0 || lines[0] != "  seg  aaaa  bbbb  cccc›" || lines[1] != "▸ x       1     2     3" {
		t.Errorf("skip 0:\n%s", out)
	}
	out, skip = TableScroll(th, cols, rows, 0, false, 24, 5, 5) // clamped: the last column in sight
	lines = strings.Split(out, "\n")
	if skip != 1 || lines[0] != "  seg ‹bbbb  cccc  dddd" || lines[1] != "▸ x       2     3     4" {
		t.Errorf("skip 5 → %d:\n%s", skip, out)
	}
	// Wide enough: no scrolling, no marks, as Table.
	out, skip = TableScroll(th, cols, rows, 0, false, 80, 5, 3)
	if skip != 0 || out != Table(th, cols, rows, 0, false, 80, 5) {
		t.Errorf("wide:\n%s", out)
	}
}

func TestWilsonText(t *testing.T) {
	if got := Wilson(8, 10); got != "80.0% (95% 49.0–94.3%)" {
		t.Errorf("Wilson(8,10) = %q", got)
	}
	if got := Wilson(1, 1); got != "100.0% (95% 20.7–100.0%)" {
		t.Errorf("Wilson(1,1) = %q", got)
	}
	if got := WilsonShort(8, 10); got != "80.0% [49.0–94.3]" {
		t.Errorf("WilsonShort(8,10) = %q", got)
	}
	if got := Wilson(0, 0); got != "–" {
		t.Errorf("Wilson(0,0) = %q", got)
	}
}

// The panes write numbers through numfmt: counts and sums with thousands
// separators and no ".0", rates and scores with one decimal always.
func TestCellPctScore(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Cell(5829680.0), "5,829,680"},
		{Cell(int64(29707820)), "29,707,820"},
		{Cell(8832.83), "8,832.8"},
		{Cell(0.04), "0.04"},
		{Cell(nil), "–"},
		{Pct(50.0), "50.0%"},
		{Pct(33.333), "33.3%"},
		{Pct(nil), "–"},
		{Score(0.0), "0.0"},
		{Score(-23.75), "-23.8"},
		{Score(int64(2045)), "2,045.0"},
		{Str(int64(2024)), "2024"},
		{Count(2045), "2,045"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
