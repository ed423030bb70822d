package rfm

import (
	"fmt"

	"github.com/kizuna-dev/kizuna/ui/chart"
)

// headline sums the segments table (what `kizuna report rfm` prints): the
// customers scored, then the share of customers and of revenue of the
// Champions and of the customers at risk (At risk + Can't lose them).
func (p *Pane) headline() string {
	var n int64
	share := map[string][2]float64{}
	for _, r := range p.data.rows {
		n += r.Customers
		rev := 0.0
		if r.RevenueShare != nil {
			rev = *r.RevenueShare
		}
		share[r.Segment] = [2]float64{r.Share, rev}
	}
	ch := share["Champions"]
	risk := [2]float64{share["At risk"][0] + share["Can't lose them"][0], share["At risk"][1] + share["Can't lose them"][1]}
	return p.Th.Bold.Render(chart.Cell(n)+" customers scored") + p.Th.Muted.Render(fmt.Sprintf(
		"  Champions %s (%s of revenue) · At risk + Can't lose them %s (%s of revenue)",
		chart.Pct(ch[0]), chart.Pct(ch[1]), chart.Pct(risk[0]), chart.Pct(risk[1])))
}
