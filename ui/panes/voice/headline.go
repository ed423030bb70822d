package voice

import (
	"fmt"

	"github.com/kizuna-dev/kizuna/ui/chart"
)

// headline counts the comments of the list (before the search): by source,
// the share of NPS comments written by detractors (score 0–6) and the
// average rating of the review texts.
func (p *Pane) headline() string {
	t := p.data.table
	var survey, nps, detr, reviews int64
	var stars float64
	for i := range t.Rows {
		score, ok := chart.Float(chart.Get(t, i, "score"))
		switch chart.Str(chart.Get(t, i, "source")) {
		case "survey":
			survey++
			if chart.Str(chart.Get(t, i, "kind")) == "nps" && ok {
				nps++
				if score <= 6 {
					detr++
				}
			}
		case "review":
			reviews++
			stars += score
		}
	}
	s := fmt.Sprintf("survey %s", chart.Cell(survey))
	if nps > 0 {
		s += fmt.Sprintf(" (NPS answers %s, by detractors %s)", chart.Cell(nps), chart.Pct(100*float64(detr)/float64(nps)))
	}
	s += fmt.Sprintf(" · reviews %s", chart.Cell(reviews))
	if reviews > 0 {
		s += fmt.Sprintf(" (avg rating %.2f of 5)", stars/float64(reviews))
	}
	return p.Th.Bold.Render(chart.Cell(int64(len(t.Rows)))+" comments") + p.Th.Muted.Render("  "+s)
}
