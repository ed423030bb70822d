package engagement

import (
	"fmt"

	"github.com/kizuna-dev/kizuna/ui/chart"
)

// headline is the engagement rate of every post on screen's filter: the
// platforms partition the posts, so it is Σ interactions / Σ impressions of
// their rows (what `kizuna report engagement` prints without --by).
func (p *Pane) headline() string {
	var posts int64
	var imp, inter float64
	for _, r := range p.data.byPlatform {
		posts += r.Posts
		if r.Impressions != nil {
			imp += *r.Impressions
		}
		if r.Interactions != nil {
			inter += *r.Interactions
		}
	}
	rate := any(nil)
	if imp > 0 {
		rate = 100 * inter / imp
	}
	return p.Th.Bold.Render("Engagement rate "+chart.Pct(rate)) + p.Th.Muted.Render(fmt.Sprintf("  all platforms · %s posts · %s impressions · %s interactions",
		chart.Cell(posts), chart.Cell(int64(imp)), chart.Cell(int64(inter))))
}
