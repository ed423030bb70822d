package engagement

import (
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

// The pane groups by platform and period itself: a breakdown chosen in the
// filter bar is the same state, and needs no query.
func TestBreakdownAloneNeedsNoQuery(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 110, 40)
	if cmd := p.SetFilter(metrics.Params{By: "region"}); cmd != nil {
		t.Error("a breakdown the pane ignores ran a query")
	}
	if cmd := p.SetFilter(metrics.Params{From: "2024-02-01"}); cmd == nil {
		t.Error("a date filter ran no query")
	}
	uitest.Contains(t, p.View(), "4.0%  posts 2") // x, shown until the new result arrives
}
