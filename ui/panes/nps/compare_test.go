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
