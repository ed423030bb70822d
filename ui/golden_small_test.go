package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestGoldenNPS80x24 is the NPS pane at the smallest size, without colour:
// the headline, patterned bars, and the trend as a list of periods.
func TestGoldenNPS80x24(t *testing.T) {
	m, _ := panesModel(t)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	tm.Type("3")
	waitFor(t, tm, "newest first")
	out := string(finalView(t, tm))
	golden.RequireEqual(t, []byte(out))
	mustContain(t, out, "Everyone: NPS 8.8 ±3.6  n=2,045", "█ promoters  ▒ passives  ░ detractors", "2025-12 16.9 ±10.1")
}

// TestGoldenSegments80x24: the table scrolled to its last column with
// shift+→, the segment column kept.
func TestGoldenSegments80x24(t *testing.T) {
	m, _ := panesModel(t)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	tm.Type("2")
	waitFor(t, tm, "▾ customers")
	for i := 0; i < 8; i++ {
		tm.Type("]")
	}
	waitFor(t, tm, "historical_ltv")
	out := string(finalView(t, tm))
	golden.RequireEqual(t, []byte(out))
	mustContain(t, lineWith(t, out, "segment"), "‹", "historical_ltv")
	mustContain(t, out, "関東")
}

// TestGolden80x24 is every other pane at the smallest size, after its
// first screen arrived.
func TestGolden80x24(t *testing.T) {
	for _, c := range []struct{ name, key, wait string }{
		{"Overview", "1", "1,004"},
		{"Retention", "4", "Retention at +1"},
		{"Journey", "5", "Funnel"},
		{"RFM", "6", "customers scored"},
		{"Voice", "7", "comments  survey"},
		{"Engagement", "8", "Engagement rate "},
		{"SQL", "9", "[9 SQL]"},
		{"Data", "0", "rejected"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, _ := panesModel(t)
			tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
			tm.Type(c.key)
			waitFor(t, tm, c.wait)
			out := string(finalView(t, tm))
			golden.RequireEqual(t, []byte(out))
			for i, l := range strings.Split(out, "\n") {
				if w := lipgloss.Width(l); w > 80 {
					t.Errorf("line %d is %d cells wide: %q", i+1, w, l)
				}
			}
		})
	}
}
