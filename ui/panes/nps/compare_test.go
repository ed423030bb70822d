package nps

import (
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

// TestCompareTopicsMoved: under c, the comment topics that moved between
// the selected group and the rest. 関東's comments (every survey): great,
// slow delivery, csat is not nps → delivery 1 of 3 = 33.3%; the rest's:
// broken → 0 of 1; +33.3 pp.
func TestCompareTopicsMoved(t *testing.T) {
	p := start(t, open(t, fixture...))
	p, _ = uitest.Run(t, p, p.SetFilter(metrics.Params{Topics: map[string][]string{"delivery": {"delivery"}}, MinMentions: 1}))
	for i := 0; i < 5 && !strings.HasPrefix(strings.TrimSpace(lineOf(p.View(), "関東")), "▸"); i++ {
		p, _ = uitest.Press(t, p, "j")
	}
	p, _ = uitest.Press(t, p, "c")
	uitest.Contains(t, p.View(), "c: 関東 − the rest", "topics moved: delivery +33.3 pp (33% vs 0%)")
}

// TestCompareMarkedGroup: space marks north; on 関東, c compares the two.
// 関東 P 2 · Pa 1 · D 1 of 4: NPS 25, Var 100²·(.75 − .0625) = 6875;
// north (c3: 8, 0) Pa 1 · D 1 of 2: NPS −50, Var 100²·(.5 − .25) = 2500;
// difference 75 ± 1.96·√(6875/4 + 2500/2) = 1.96·54.486 = 106.8.
func TestCompareMarkedGroup(t *testing.T) {
	p := start(t, open(t, fixture...))
	for i := 0; i < 5 && !strings.HasPrefix(strings.TrimSpace(lineOf(p.View(), "north")), "▸"); i++ {
		p, _ = uitest.Press(t, p, "j")
	}
	p, _ = uitest.Press(t, p, " ", "j")
	uitest.Contains(t, p.View(), "c: NPS 関東 − north = +75.0 ±106.8 points  not significant (the 95% interval holds 0)")
	p, _ = uitest.Press(t, p, "k", " ", "j") // unmark: against the rest again
	uitest.Contains(t, p.View(), "c: 関東 − the rest")
}
