// Package rfm is the RFM pane: the 5×5 recency × frequency grid with its
// customer counts on a heat scale, the segment table, and the customers
// behind a cell or a segment.
package rfm

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// NoData is shown when no orders are loaded.
var NoData = rows.NoData("orders")

var toggleKey = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "grid / segments"))

// Pane is the RFM pane.
type Pane struct {
	kit.Kit
	data    *data
	inTable bool // the cursor is in the segment table
	r, f    int  // selected cell, 1..5
	seg     int  // selected segment row
	col     int  // table columns scrolled past (shift+→), when below the grid
	out     string
	hits    kit.Targets // grid cells (10·R + F) and table rows (tableID + row)
}

const tableID = 100

type data struct {
	empty     bool
	segs      *model.Table // for export and `s`
	rows      []metrics.RFMSegmentRow
	grid      *model.Table
	count     map[[2]int]any // (r, f) → customers
	max       float64
	segQ      kit.Query
	gridQ     kit.Query
	cellDrill kit.Query
	segDrill  kit.Query
}

// New returns the RFM pane.
func New(env pane.Env) pane.Pane { return &Pane{Kit: kit.New(env), r: 5, f: 5} }

func (p *Pane) Title() string { return "RFM" }

func (p *Pane) Init() tea.Cmd { return p.load() }

// SetFilter reloads with the filter bar's parameters.
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd { p.P = params; return p.load() }

func (p *Pane) SetSize(w, h int) { p.W, p.H = w, h; p.render() }

func (p *Pane) load() tea.Cmd {
	db, params := p.Env.DB, p.P
	params.By = ""
	v, cmd := p.Fetch(kit.Key(params), func(ctx context.Context) (any, error) {
		v, err := metrics.LoadView(ctx, db, metrics.ViewSpec{Metric: "rfm", Role: "orders",
			Extras: []string{"rfm_grid"}, Drills: []string{"drill_rfm_cell", "drill_rfm_segment"}}, params)
		if err != nil || v.Empty {
			return &data{empty: v != nil && v.Empty}, err
		}
		d := &data{count: map[[2]int]any{}, segs: v.Groups, grid: v.Extras["rfm_grid"], segQ: kit.Query(v.Query),
			gridQ: kit.Query(v.ExtraQuery["rfm_grid"]), cellDrill: kit.Query(v.Drills["drill_rfm_cell"]),
			segDrill: kit.Query(v.Drills["drill_rfm_segment"])}
		if d.rows, err = metrics.Rows[metrics.RFMSegmentRow](v.Groups); err != nil {
			return nil, err
		}
		cells, err := metrics.Rows[metrics.RFMCell](d.grid)
		if err != nil {
			return nil, err
		}
		for _, c := range cells {
			d.count[[2]int{int(c.R), int(c.F)}] = c.Customers
			d.max = max(d.max, float64(c.Customers))
		}
		return d, nil
	})
	if v != nil {
		p.show(v)
	}
	return cmd
}

func (p *Pane) segRows() int {
	if p.data == nil {
		return 0
	}
	return len(p.data.rows)
}

func clamp5(v int) int {
	if v < 1 {
		return 1
	}
	if v > 5 {
		return 5
	}
	return v
}

// show puts a result (or the error) on screen.
func (p *Pane) show(v any) {
	if kit.Keep(v, &p.data) {
		p.seg = chart.Clamp(p.seg, p.segRows())
	}
	p.render()
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	k, cmd, done := p.Route(msg, kit.On{Show: p.show, Render: p.render, Load: p.load, Hits: &p.hits, Click: p.click})
	if done {
		return p, cmd
	}
	switch {
	case key.Matches(k, toggleKey):
		p.inTable = !p.inTable
	case key.Matches(k, kit.ScrollRight):
		p.col++
	case key.Matches(k, kit.ScrollLeft):
		p.col = max(0, p.col-1)
	case key.Matches(k, kit.Up):
		if p.inTable {
			p.seg = chart.Clamp(p.seg-1, p.segRows())
		} else {
			p.r = clamp5(p.r + 1) // R 5 is the top row
		}
	case key.Matches(k, kit.Down):
		if p.inTable {
			p.seg = chart.Clamp(p.seg+1, p.segRows())
		} else {
			p.r = clamp5(p.r - 1)
		}
	case key.Matches(k, kit.Left):
		p.f = clamp5(p.f - 1)
	case key.Matches(k, kit.Right):
		p.f = clamp5(p.f + 1)
	case key.Matches(k, kit.Enter):
		if p.data == nil || p.data.empty {
			break
		}
		if p.inTable {
			if p.segRows() > 0 {
				s := p.data.rows[p.seg].Segment
				return p, kit.Drill("RFM segment — "+s, p.data.segDrill, kit.Named("kz_seg", s))
			}
		} else {
			return p, kit.Drill(fmt.Sprintf("RFM cell R%d F%d", p.r, p.f), p.data.cellDrill,
				kit.Named("kz_r", int64(p.r)), kit.Named("kz_f", int64(p.f)))
		}
	}
	p.render()
	return p, nil
}

// click selects the grid cell or segment under the mouse; a click on the
// selected one drills like enter.
func (p *Pane) click(id int) tea.Cmd {
	if id >= tableID {
		if p.inTable && id-tableID == p.seg {
			_, cmd := p.Update(kit.EnterKey)
			return cmd
		}
		p.inTable, p.seg = true, id-tableID
	} else {
		r, f := id/10, id%10
		if !p.inTable && r == p.r && f == p.f {
			_, cmd := p.Update(kit.EnterKey)
			return cmd
		}
		p.inTable, p.r, p.f = false, r, f
	}
	p.render()
	return nil
}

func (p *Pane) View() string {
	head := p.Th.Title.Render("RFM") + p.Th.Muted.Render(" · t: grid/segments  enter: customers")
	return chart.Fit(kit.Lines(head, p.Status(), p.out), p.W, p.H)
}

const cw = 8 // grid cell width: "[ 1234 ]"

func (p *Pane) render() {
	d := p.data
	if !p.Begin(&p.out, &p.hits, d != nil, d != nil && d.empty, NoData) {
		return
	}
	gridW := 6 + 5*cw
	grid := []string{p.Th.Bold.Render("      " + centre("frequency score F →", 5*cw))}
	h := p.H - 1 // the headline
	head := "      "
	for f := 1; f <= 5; f++ {
		head += chart.PadLeft(fmt.Sprintf("F%d", f), cw-2) + "  "
	}
	grid = append(grid, head)
	for r := 5; r >= 1; r-- {
		line := chart.Marker(!p.inTable && r == p.r) + fmt.Sprintf("R%d  ", r)
		for f := 1; f <= 5; f++ {
			x0 := 6 + (f-1)*cw
			p.hits.Cells(len(grid), x0, x0+cw, 10*r+f)
			v := d.count[[2]int{r, f}]
			x, _ := chart.Float(v)
			text := chart.HeatCell(p.Th, chart.PadLeft(chart.Cell(v), cw-2), x, 0, d.max)
			if !p.inTable && r == p.r && f == p.f {
				line += p.Th.Selected.Render("[") + text + p.Th.Selected.Render("]")
			} else {
				line += " " + text + " "
			}
		}
		grid = append(grid, line)
	}
	grid = append(grid, p.Th.Muted.Render("customers ")+chart.HeatLegend(p.Th, 0, d.max, ""))
	if note := tieNote(d.count); note != "" {
		grid = append(grid, p.Th.Muted.Render(chart.Wrap(note, min(p.W-1, gridW+30))))
	}
	if !p.inTable {
		grid = append(grid, fmt.Sprintf("R%d F%d: %s customers — %s", p.r, p.f, chart.Cell(d.count[[2]int{p.r, p.f}]), segmentOf(p.r, p.f)))
	}

	t := d.rows
	cols := []chart.Column{{Title: "segment", Max: 20}, {Title: "customers", Right: true}, {Title: "share", Right: true},
		{Title: "recency d", Right: true}, {Title: "frequency", Right: true}, {Title: "monetary", Right: true},
		{Title: "revenue share", Right: true}}
	rows := make([][]string, len(t))
	for i, r := range t {
		rows[i] = []string{r.Segment, chart.Cell(r.Customers), chart.Pct(r.Share), chart.Score(chart.Opt(r.AvgRecencyDays)),
			chart.Score(chart.Opt(r.AvgFrequency)), chart.Cell(chart.Opt(r.AvgMonetary)), chart.Pct(chart.Opt(r.RevenueShare))}
	}
	sel := -1
	if p.inTable {
		sel = p.seg
	}
	// Beside the grid when the whole table fits there, else below it.
	if p.W >= gridW+2+chart.TableWidth(cols, rows) {
		first, last := chart.TableWindow(sel, len(rows), h-2)
		for i := first; i < last; i++ {
			p.hits.Cells(1+i-first, gridW+2, p.W, tableID+i)
		}
		table := chart.Table(p.Th, cols, rows, sel, p.Focused, p.W-gridW-2, h-2)
		p.out = joinSide(grid, strings.Split(table, "\n"), gridW+2)
		p.above(p.headline())
		return
	}
	first, last := chart.TableWindow(sel, len(rows), h-3-len(grid))
	p.hits.Rows(len(grid)+1, tableID+first, last-first)
	table, col := chart.TableScroll(p.Th, cols, rows, sel, p.Focused, p.W, h-3-len(grid), p.col)
	p.col = col
	p.out = strings.Join(grid, "\n") + "\n" + table
	p.above(p.headline())
}

// above puts line above what is rendered, and the click targets with it.
func (p *Pane) above(line string) {
	p.out = line + "\n" + p.out
	p.hits.Shift(1)
}

// segmentOf names the SPEC segment of an (R, F) cell.
func segmentOf(r, f int) string {
	switch {
	case r >= 4 && f >= 4:
		return "Champions"
	case r == 3 && f >= 4:
		return "Loyal"
	case r >= 4 && f >= 2:
		return "Potential loyalists"
	case r == 5 && f == 1:
		return "New customers"
	case r == 4 && f == 1:
		return "Promising"
	case r == 3 && f >= 2:
		return "Need attention"
	case r == 3 && f == 1:
		return "About to sleep"
	case r <= 2 && f >= 3 && f <= 4:
		return "At risk"
	case r <= 2 && f == 5:
		return "Can't lose them"
	case r == 2:
		return "Hibernating"
	}
	return "Lost"
}

func centre(s string, w int) string {
	pad := (w - chart.Width(s)) / 2
	if pad < 0 {
		pad = 0
	}
	return strings.Repeat(" ", pad) + s
}

// joinSide puts b to the right of a (a padded to w cells).
func joinSide(a, b []string, w int) string {
	n := len(a)
	if len(b) > n {
		n = len(b)
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		l, r := "", ""
		if i < len(a) {
			l = a[i]
		}
		if i < len(b) {
			r = b[i]
		}
		out[i] = chart.Pad(l, w) + r
	}
	return strings.Join(out, "\n")
}

// Screen is the segment table (or the grid when the cursor is in it) and its SQL.
func (p *Pane) Screen() pane.Screen {
	if p.data == nil || p.data.empty {
		return pane.Screen{Name: "rfm"}
	}
	if p.inTable {
		return pane.Screen{Name: "rfm", Table: p.data.segs, SQL: p.data.segQ.Bound()}
	}
	return pane.Screen{Name: "rfm-grid", Table: p.data.grid, SQL: p.data.gridQ.Bound()}
}

func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{kit.Up, kit.Down, kit.Left, kit.Right, toggleKey, kit.Enter}
}

func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{kit.Up, kit.Down, kit.Left, kit.Right}, {toggleKey, kit.Enter}, {kit.ScrollLeft, kit.ScrollRight, kit.Reload, kit.Esc}}
}

// tieNote explains empty frequency columns of the grid: when many
// customers share the lowest order count (most ordered once), the
// quintile cuts p20, p40, … are equal and the scores between them hold no
// one. "" when no column is empty that way.
func tieNote(count map[[2]int]any) string {
	var byF [6]float64
	all := 0.0
	for k, v := range count {
		x, _ := chart.Float(v)
		byF[k[1]] += x
		all += x
	}
	filled := func(from, to int) bool { // any customer scored in from..to
		for g := from; g <= to; g++ {
			if byF[g] > 0 {
				return true
			}
		}
		return false
	}
	var empty []string
	low := 0.0 // customers scored below the first empty column
	for f := 2; f <= 4; f++ {
		if byF[f] > 0 || !filled(1, f-1) || !filled(f+1, 5) {
			continue
		}
		if len(empty) == 0 {
			for g := 1; g < f; g++ {
				low += byF[g]
			}
		}
		empty = append(empty, fmt.Sprintf("F%d", f))
	}
	if len(empty) == 0 || all == 0 {
		return ""
	}
	return fmt.Sprintf("%s empty: the frequency quintile cuts tie — %s of customers share the lowest order counts "+
		"(most ordered once), so no one scores %s.", strings.Join(empty, ", "), chart.Pct(100*low/all), strings.Join(empty, " or "))
}
