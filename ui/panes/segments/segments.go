// Package segments is the Segments pane: pick a customer dimension, see the
// segments metric per value as a table and as bars of one measure, and
// drill into a segment's customers.
package segments

import (
	"context"
	"fmt"
	"slices"
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

// NoData is shown when no customers are loaded.
var NoData = rows.NoData("customers")

// NoDims is shown above the single segment when customers have no dimension.
const NoDims = "No customer dimensions — give a customers file with columns such as region or plan."

// Measures are the segments metric's columns, in SPEC order.
var Measures = []string{"customers", "active_customers", "orders", "revenue", "aov",
	"repeat_rate", "nps", "churned_share", "historical_ltv"}

var (
	dimKey     = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "next dimension"))
	measureKey = key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "next measure"))
	prevKey    = key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "previous measure"))
)

// Pane is the Segments pane.
type Pane struct {
	kit.Kit
	by      string
	chosen  bool
	measure int
	data    *data
	cursor  int
	col     int // table columns scrolled past (shift+→)
	out     string
	hits    kit.Targets // table rows and bars → segment row
	cmp     compare     // c: the selected segment against the rest or the marked one
}

type data struct {
	empty bool
	by    string
	dims  []string
	table *model.Table
	all   *model.Table // the same measures for every customer (one row)
	query kit.Query
	drill kit.Query
}

// New returns the Segments pane.
func New(env pane.Env) pane.Pane {
	p := &Pane{Kit: kit.New(env)}
	p.MinW, p.MinH = 20, 6
	return p
}

func (p *Pane) Title() string { return "Segments" }

func (p *Pane) Init() tea.Cmd { return p.load() }

// SetFilter reloads with the filter bar's parameters.
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd { p.P = params; return p.load() }

func (p *Pane) SetSize(w, h int) { p.W, p.H = w, h; p.render() }

// key is the cache key of the pane's state.
func (p *Pane) key() string { return kit.Key(p.P, p.by, p.chosen) }

func (p *Pane) load() tea.Cmd {
	db, params, by, chosen := p.Env.DB, p.P, p.by, p.chosen
	v, cmd := p.Fetch(p.key(), func(ctx context.Context) (any, error) {
		// The breakdown: the one chosen with d while it exists, else the
		// filter bar's, else the first dimension.
		pick := func(dims []string) string {
			if chosen && (by == "" || slices.Contains(dims, by)) {
				return by
			}
			if params.By != "" && slices.Contains(dims, params.By) {
				return params.By
			}
			if len(dims) > 0 {
				return dims[0]
			}
			return ""
		}
		v, err := metrics.LoadView(ctx, db, metrics.ViewSpec{Metric: "segments", Role: "customers", Pick: pick,
			Drills: []string{"drill_segment"}, Total: true}, params)
		if err != nil || v.Empty {
			return &data{empty: v != nil && v.Empty}, err
		}
		d := &data{by: v.By, dims: v.Dimensions, table: v.Groups, all: v.Total,
			query: kit.Query(v.Query), drill: kit.Query(v.Drills["drill_segment"])}
		return d, err
	})
	if v != nil {
		p.show(v)
	}
	return cmd
}

func (p *Pane) rows() int {
	if p.data == nil || p.data.table == nil {
		return 0
	}
	return len(p.data.table.Rows)
}

// show puts a result (or the error) on screen.
func (p *Pane) show(v any) {
	if kit.Keep(v, &p.data) {
		p.by, p.chosen, p.cursor = p.data.by, true, chart.Clamp(p.cursor, p.rows())
		p.Remember(p.key(), p.data) // also under the state its defaults settled
	}
	p.render()
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	if cmd, ok := p.compareMsg(msg); ok {
		return p, cmd
	}
	k, cmd, done := p.List(msg, &p.cursor, p.rows(), &p.hits, p.show, p.render, p.load)
	if done {
		return p, tea.Batch(cmd, p.compareLoad())
	}
	switch {
	case key.Matches(k, kit.ScrollRight):
		p.col++
	case key.Matches(k, kit.ScrollLeft):
		p.col = max(0, p.col-1)
	case key.Matches(k, measureKey), key.Matches(k, kit.Right):
		p.measure = (p.measure + 1) % len(Measures)
	case key.Matches(k, prevKey), key.Matches(k, kit.Left):
		p.measure = (p.measure + len(Measures) - 1) % len(Measures)
	case key.Matches(k, dimKey):
		if p.data != nil && len(p.data.dims) > 1 {
			i := 0
			for j, d := range p.data.dims {
				if d == p.by {
					i = j
				}
			}
			p.by, p.chosen, p.cursor = p.data.dims[(i+1)%len(p.data.dims)], true, 0
			return p, p.load()
		}
	case key.Matches(k, kit.Enter):
		if p.rows() > 0 {
			return p, kit.DrillGroup("Customers", p.data.by, chart.Str(chart.Get(p.data.table, p.cursor, "group")), p.data.drill)
		}
	}
	p.render()
	return p, nil
}

func (p *Pane) View() string {
	by := p.by
	if by == "" {
		by = "(none)"
	}
	head := p.Th.Title.Render("Segments") + " by " + p.Th.Focused.Render(by) +
		p.Th.Muted.Render(" · d: dimension  m/←→: measure  enter: customers  c: compare (again: the period before)  space: mark")
	return chart.Fit(kit.Lines(head, p.Status(), p.out), p.W, p.H)
}

func cell(col string, v any) string {
	switch col {
	case "repeat_rate", "churned_share":
		return chart.Pct(v)
	case "nps":
		return chart.Score(v)
	}
	return chart.Cell(v)
}

func (p *Pane) render() {
	d := p.data
	if !p.Begin(&p.out, &p.hits, d != nil, d != nil && d.empty, NoData) {
		return
	}
	var out []string
	if len(d.dims) == 0 {
		out = append(out, p.Th.Warn.Render(NoDims))
	}
	t := d.table
	cols := []chart.Column{{Title: "segment", Max: 18}}
	for _, m := range Measures {
		cols = append(cols, chart.Column{Title: m, Right: true})
	}
	rows := make([][]string, len(t.Rows))
	for i := range t.Rows {
		r := []string{chart.Str(chart.Get(t, i, "group"))}
		for _, m := range Measures {
			r = append(r, cell(m, chart.Get(t, i, m)))
		}
		rows[i] = r
	}
	out = append(out, p.headline())
	out = append(out, p.compareLines()...)
	avail := p.H - 2 - len(out)
	tableH := avail / 2
	if tableH > len(rows)+1 {
		tableH = len(rows) + 1
	}
	y := len(out)
	first, last := chart.TableWindow(p.cursor, len(rows), tableH)
	p.hits.Rows(y+1, first, last-first)
	table, col := chart.TableScroll(p.Th, cols, rows, p.cursor, p.Focused, p.W, tableH, p.col)
	p.col = col
	out = append(out, table)
	y += 1 + last - first

	m := Measures[p.measure]
	out = append(out, "", p.Th.Bold.Render("▾ "+m)+p.Th.Muted.Render(fmt.Sprintf("  (%d/%d)  everyone: %s",
		p.measure+1, len(Measures), p.everyone(m))))
	bars := make([]chart.Bar, len(t.Rows))
	for i := range t.Rows {
		v, _ := chart.Float(chart.Get(t, i, m))
		bars[i] = chart.Bar{Label: rows[i][0], Text: cell(m, chart.Get(t, i, m)),
			Parts: []chart.Part{{Name: m, Value: v, Color: p.Th.Accent}}}
	}
	room := avail - tableH - 2
	start := 0
	if p.cursor >= room && room > 0 {
		start = p.cursor - room + 1
	}
	end := start + room
	if end > len(bars) {
		end = len(bars)
	}
	if room > 0 && start < end {
		labelW := chart.LabelWidth(bars, 18)
		barW := p.W - 4 - labelW - chart.TextWidth(bars)
		p.hits.Rows(y+2, start, end-start) // below the blank line and the measure's title
		out = append(out, chart.HBars(p.Th, bars[start:end], labelW, barW, chart.MaxOf(bars), p.cursor-start)...)
	}
	p.out = strings.Join(out, "\n")
}

// everyone is measure m over every customer (`kizuna report segments`
// without --by).
func (p *Pane) everyone(m string) string {
	a := p.data.all
	if a == nil || len(a.Rows) == 0 {
		return "–"
	}
	return cell(m, chart.Get(a, 0, m))
}

// headline lists the measures of every customer above the breakdown.
func (p *Pane) headline() string {
	parts := make([]string, 0, len(Measures))
	for _, m := range Measures {
		parts = append(parts, m+" "+p.everyone(m))
	}
	return chart.Trunc(p.Th.Title.Render("Everyone: ")+strings.Join(parts, " · "), p.W-1)
}

// Screen is the segments table and its SQL.
func (p *Pane) Screen() pane.Screen {
	s := pane.Screen{Name: "segments"}
	if p.data != nil && p.data.table != nil {
		s.Table, s.SQL = p.data.table, p.data.query.Bound()
		if p.data.by != "" {
			s.Name = "segments-by-" + p.data.by
		}
	}
	return s
}

func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{kit.Up, kit.Down, dimKey, measureKey, kit.CompareKey, kit.Enter}
}

func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{kit.Up, kit.Down, kit.Enter}, {dimKey, measureKey, prevKey}, {kit.CompareKey, kit.MarkKey}, {kit.ScrollLeft, kit.ScrollRight, kit.Reload, kit.Esc}}
}
