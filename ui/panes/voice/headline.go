package voice

import (
	"fmt"

	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/ui/chart"
)

// headline counts every comment in range (not only the rows listed): by
// source, the share of NPS comments written by detractors (score 0–6) and
// the average rating of the review texts.
func (p *Pane) headline() string {
	d := p.data
	s := fmt.Sprintf("survey %s", numfmt.Count(d.survey))
	if d.nps > 0 {
		s += fmt.Sprintf(" (NPS answers %s, by detractors %s)", numfmt.Count(d.nps), chart.Pct(100*float64(d.detractors)/float64(d.nps)))
	}
	s += fmt.Sprintf(" · reviews %s", numfmt.Count(d.reviews))
	if r, ok := chart.Float(d.avgRating); ok && d.reviews > 0 {
		s += fmt.Sprintf(" (avg rating %.2f of 5)", r)
	}
	return p.Th.Bold.Render(numfmt.Count(d.total)+" comments") + p.Th.Muted.Render("  "+s)
}

// counted says how the list relates to what matches: the rows the search
// box keeps of those loaded, and whether enter would search further.
func (p *Pane) counted() string {
	d := p.data
	loaded := int64(len(d.table.Rows))
	switch {
	case d.search != "" && p.search.Value() == d.search:
		s := fmt.Sprintf(" (%s match in all comments", numfmt.Count(d.matches))
		if d.truncated() {
			s += fmt.Sprintf("; the newest %s listed", numfmt.Count(loaded))
		}
		return s + ")"
	case d.truncated():
		return fmt.Sprintf(" (%s of the newest %s; enter searches all %s)", numfmt.Count(int64(len(p.shown))), numfmt.Count(loaded), numfmt.Count(d.total))
	}
	return fmt.Sprintf(" (%s of %s)", numfmt.Count(int64(len(p.shown))), numfmt.Count(loaded))
}
