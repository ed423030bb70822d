package rfm

import (
	"fmt"

	"github.com/kizuna-dev/kizuna/ui/chart"
)

// headline sums the segments table (what `kizuna report rfm` prints): the
// customers scored, then the share of customers and of revenue of the
// Champions and of the customers at risk (At risk + Can't lose them).
func (p *Pane) headline() string {
	t := p.data.segs
	var n float64
	share := map[string][2]float64{}
	for i := range t.Rows {
		c, _ := chart.Float(chart.Get(t, i, "customers"))
		s, _ := chart.Float(chart.Get(t, i, "share"))
		r, _ := chart.Float(chart.Get(t, i, "revenue_share"))
		n += c
		share[chart.Str(chart.Get(t, i, "segment"))] = [2]float64{s, r}
	}
	ch := share["Champions"]
	risk := [2]float64{share["At risk"][0] + share["Can't lose them"][0], share["At risk"][1] + share["Can't lose them"][1]}
	return p.Th.Bold.Render(chart.Cell(int64(n))+" customers scored") + p.Th.Muted.Render(fmt.Sprintf(
		"  Champions %s (%s of revenue) · At risk + Can't lose them %s (%s of revenue)",
		chart.Pct(ch[0]), chart.Pct(ch[1]), chart.Pct(risk[0]), chart.Pct(risk[1])))
}
