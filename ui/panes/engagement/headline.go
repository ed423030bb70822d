package engagement

import (
	"fmt"

	"github.com/kizuna-dev/kizuna/ui/chart"
)

// headline is the engagement rate of every post on screen's filter: the
// platforms partition the posts, so it is Σ interactions / Σ impressions of
// their rows (what `kizuna report engagement` prints without --by).
func (p *Pane) headline() string {
	t := p.data.platforms
	var posts, imp, inter float64
	for i := range t.Rows {
		n, _ := chart.Float(chart.Get(t, i, "posts"))
		m, _ := chart.Float(chart.Get(t, i, "impressions"))
		k, _ := chart.Float(chart.Get(t, i, "interactions"))
		posts, imp, inter = posts+n, imp+m, inter+k
	}
	rate := any(nil)
	if imp > 0 {
		rate = 100 * inter / imp
	}
	return p.Th.Bold.Render("Engagement rate "+chart.Pct(rate)) + p.Th.Muted.Render(fmt.Sprintf("  all platforms · %s posts · %s impressions · %s interactions",
		chart.Cell(int64(posts)), chart.Cell(int64(imp)), chart.Cell(int64(inter))))
}
