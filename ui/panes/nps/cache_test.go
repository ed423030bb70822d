package nps

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

// TestBackToEarlierStateIsInstant: filter states and dimensions seen
// before come back from the cache — no command, no spinner — even after
// the responses are deleted (so no query could have produced them); r
// reloads from the database.
func TestBackToEarlierStateIsInstant(t *testing.T) {
	db := open(t, fixture...)
	p := start(t, db)
	kanto := fmt.Sprintf("NPS 25.0 ±%.1f  n=4", moe(2, 1, 4)) // see TestDataArrivesShowsExactNumbers
	all := fmt.Sprintf("NPS 14.3 ±%.1f  n=7", moe(3, 2, 7))   // see TestDimensionKeyRegroups
	uitest.Contains(t, p.View(), "by region", kanto)
	p, _ = uitest.Press(t, p, "d") // region → (none): queried
	uitest.Contains(t, p.View(), "by (none)", all)
	north := metrics.Params{Where: []metrics.Filter{{Dim: "region", Value: "north"}}}
	cmd := p.SetFilter(north)
	if cmd == nil {
		t.Fatal("a new filter state ran no query")
	}
	p, _ = uitest.Run(t, p, cmd)
	uitest.Contains(t, p.View(), "NPS -50.0") // c3: 8 and 0
	if _, err := db.Exec(`DELETE FROM responses`); err != nil {
		t.Fatal(err)
	}
	instant := func(what string, cmd tea.Cmd, want ...string) {
		t.Helper()
		v := p.View()
		if cmd != nil || strings.Contains(v, "loading") {
			t.Errorf("%s: command %v, view:\n%s", what, cmd, v)
		}
		uitest.Contains(t, v, want...)
	}
	instant("filter cleared", p.SetFilter(metrics.Params{}), "by (none)", all)
	p, cmd = p.Update(uitest.Key("d")) // (none) → region, first seen on the first load
	instant("back to region", cmd, "by region", kanto, "NPS -50.0 ±")
	p, cmd = p.Update(uitest.Key("r"))
	if cmd == nil {
		t.Fatal("r ran no query")
	}
	p, _ = uitest.Run(t, p, cmd)
	uitest.Contains(t, uitest.Flat(p.View()), NoData)
}
