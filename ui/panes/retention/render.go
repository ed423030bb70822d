package retention

import (
	"fmt"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/ui/chart"
)

const cellW = 8 // "[ 45.0~]": brackets mark the cursor, ~ a partial period

// render redraws the screen; called when data, size or the cursor change.
func (p *Pane) render() {
	d := p.data
	if !p.Begin(&p.out, &p.hits, d != nil, d != nil && d.empty, NoData) {
		return
	}
	if p.flow {
		p.out = p.renderFlow()
		return
	}
	p.out = p.renderCohorts()
}

func (p *Pane) renderCohorts() string {
	d := p.data
	if len(d.cohorts) == 0 {
		return "No cohorts in range."
	}
	labelW := 0
	for _, c := range d.cohorts {
		if w := chart.Width(c); w > labelW {
			labelW = w
		}
	}
	sizeW := 6
	left := 2 + labelW + 1 + sizeW
	fit := (p.W - left) / cellW
	if fit < 1 {
		fit = 1
	}
	first := 0 // horizontal scroll keeps the selected offset visible
	if p.col >= fit {
		first = p.col - fit + 1
	}
	cmp := p.cohortCompare()
	avail := p.H - 4 - len(cmp) // title, status, headline, legend, comparison
	heatH := len(d.cohorts) + 1
	curveH := 0
	if avail-heatH-1 >= 7 {
		curveH = avail - heatH - 1
	} else if avail >= 16 {
		heatH, curveH = avail-9, 8
	} else {
		heatH = avail
	}
	rows := heatH - 1
	top := 0
	if p.row >= rows {
		top = p.row - rows + 1
	}

	out := []string{p.headline()}
	head := strings.Repeat(" ", 2+labelW+1) + chart.PadLeft("size", sizeW)
	for o := first; o <= d.maxOffset && o < first+fit; o++ {
		head += chart.PadLeft(fmt.Sprintf("+%d", o), cellW-1) + " "
	}
	out = append(out, p.Th.Bold.Render(head))
	for ri := top; ri < len(d.cohorts) && ri < top+rows; ri++ {
		c := d.cohorts[ri]
		y := len(out)
		p.hits.Cells(y, 0, left, cellID(ri, anyCol))
		line := chart.Marker(ri == p.row) + chart.Pad(c, labelW) + " " + chart.PadLeft(chart.Cell(d.size[c]), sizeW)
		for o := first; o <= d.maxOffset && o < first+fit; o++ {
			i, ok := d.cells[c][o]
			if !ok {
				line += strings.Repeat(" ", cellW)
				continue
			}
			x := left + (o-first)*cellW
			p.hits.Cells(y, x, x+cellW, cellID(ri, o))
			r := d.grid[i]
			mark := " "
			if r.Partial {
				mark = "~"
			}
			f := 0.0
			if r.Retention != nil {
				f = *r.Retention
			}
			text := chart.HeatCell(p.Th, chart.PadLeft(chart.Score(chart.Opt(r.Retention)), 5)+mark, f, 0, 100)
			if ri == p.row && o == p.col {
				line += p.Th.Selected.Render("[") + text + p.Th.Selected.Render("]")
			} else {
				line += " " + text + " "
			}
		}
		out = append(out, line)
	}
	out = append(out, p.Th.Muted.Render("retention % ")+chart.HeatLegend(p.Th, 0, 100, "%")+p.Th.Muted.Render("   ~ partial period (as of)"))
	if i, ok := d.cells[d.cohorts[p.row]][p.col]; ok {
		out = append(out, fmt.Sprintf("%s +%d: %s of %s active, retention %s",
			d.cohorts[p.row], p.col, chart.Cell(d.grid[i].Active),
			chart.Cell(d.grid[i].Size), chart.Wilson(d.grid[i].Active, d.grid[i].Size)))
	}
	out = append(out, cmp...)
	if curveH > 0 {
		out = append(out, p.Th.Bold.Render("Average retention by offset (cohorts' mean, partial periods left out)"))
		if c := chart.XYLine(p.Th, p.W-2, curveH-1, 0, 100, p.curve(), p.Th.Accent); c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, "\n")
}

// headline is retention at +1 of every customer in a complete cohort
// (active ÷ size pooled over cohorts) with its 95% Wilson interval.
func (p *Pane) headline() string {
	d := p.data
	var active, size int64
	for _, c := range d.cohorts {
		i, ok := d.cells[c][1]
		if !ok || d.grid[i].Partial {
			continue
		}
		active += d.grid[i].Active
		size += d.grid[i].Size
	}
	if size == 0 {
		return p.Th.Muted.Render("Retention at +1: no complete cohort yet")
	}
	return p.Th.Title.Render("Retention at +1: "+chart.Wilson(active, size)) +
		p.Th.Muted.Render(fmt.Sprintf("  %s of %s in complete cohorts", chart.Count(active), chart.Count(size)))
}

// curve is the mean retention per offset over cohorts with a complete cell.
func (p *Pane) curve() []canvas.Float64Point {
	d := p.data
	var pts []canvas.Float64Point
	for o := 0; o <= d.maxOffset; o++ {
		sum, n := 0.0, 0
		for _, c := range d.cohorts {
			i, ok := d.cells[c][o]
			if !ok || d.grid[i].Partial {
				continue
			}
			if v := d.grid[i].Retention; v != nil {
				sum += *v
				n++
			}
		}
		if n > 0 {
			pts = append(pts, canvas.Float64Point{X: float64(o), Y: sum / float64(n)})
		}
	}
	return pts
}

func (p *Pane) renderFlow() string {
	t := p.data.flows
	if len(t) == 0 {
		return "No churn periods in range."
	}
	bars := make([]chart.Bar, len(t))
	for i, r := range t {
		bars[i] = chart.Bar{
			Label: r.Period,
			Parts: []chart.Part{
				{Name: "new", Value: float64(r.New), Color: p.Th.Good},
				{Name: "reactivated", Value: float64(r.Reactivated), Color: p.Th.Accent},
				{Name: "churned", Value: float64(r.Churned), Color: p.Th.Bad},
			},
			Text: fmt.Sprintf("new %s  react %s  churned %s  active %s  churn %s",
				chart.Cell(r.New), chart.Cell(r.Reactivated), chart.Cell(r.Churned), chart.Cell(r.ActiveStart),
				churnRate(r.Churned, r.ActiveStart)),
		}
		if r.Group != "" && r.Group != "all" {
			bars[i].Label = r.Group + " " + bars[i].Label
		}
	}
	cmp := p.flowCompare()
	room := p.H - 3 - len(cmp)
	start := 0
	if p.flowRow >= room {
		start = p.flowRow - room + 1
	}
	end := start + room
	if end > len(bars) {
		end = len(bars)
	}
	labelW := chart.LabelWidth(bars, 20)
	barW := p.W - 4 - labelW - chart.TextWidth(bars)
	if barW > 40 {
		barW = 40
	}
	out := []string{chart.Legend(p.Th, chart.Part{Name: "new", Color: p.Th.Good},
		chart.Part{Name: "reactivated", Color: p.Th.Accent}, chart.Part{Name: "churned", Color: p.Th.Bad}) +
		p.Th.Muted.Render(fmt.Sprintf("   churn %% [95%% interval]; none below %d active", interval.MinN))}
	out = append(out, cmp...)
	p.hits.Rows(len(out), start, end-start)
	out = append(out, chart.HBars(p.Th, bars[start:end], labelW, barW, chart.MaxOf(bars), p.flowRow-start)...)
	return strings.Join(out, "\n")
}

// churnRate is churned of active as a rate with its interval, or a
// low-sample mark when fewer than interval.MinN customers were active (one
// customer's churn is not a 100% rate).
func churnRate(churned, active int64) string {
	if active < interval.MinN {
		return "– low sample"
	}
	return chart.WilsonShort(churned, active)
}
