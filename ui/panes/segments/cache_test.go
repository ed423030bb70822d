package segments

import (
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

// TestBackToEarlierFilterIsInstant: after a date filter, clearing it shows
// the first result at once, from the cache (the orders are gone from the
// database by then).
func TestBackToEarlierFilterIsInstant(t *testing.T) {
	db := uitest.Open(t, "duckdb", dims, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 140, 30)
	uitest.Contains(t, p.View(), "180") // 関東's revenue: 100 + 50 + 30
	cmd := p.SetFilter(metrics.Params{From: "2024-02-01"})
	if cmd == nil {
		t.Fatal("a new filter ran no query")
	}
	p, _ = uitest.Run(t, p, cmd)
	if strings.Contains(p.View(), "180") {
		t.Fatalf("February on: 関東's revenue is o2's 50:\n%s", p.View())
	}
	if _, err := db.Exec(`DELETE FROM orders`); err != nil {
		t.Fatal(err)
	}
	if cmd := p.SetFilter(metrics.Params{}); cmd != nil {
		t.Error("the first state ran a query again")
	}
	if v := p.View(); !strings.Contains(v, "180") || strings.Contains(v, "loading") {
		t.Errorf("first state not shown at once:\n%s", v)
	}
}
