// Package journey is the Journey pane: funnel bars per stage with step and
// overall conversion and the median days between stages, the distribution
// of current stages, and the customers who stopped at a stage.
package journey

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
)

// NoData is shown when neither events nor orders are loaded.
const NoData = "No journey events loaded — give a file with customer_id, occurred_at and event columns."

// Pane is the Journey pane.
type Pane struct {
	kit.Kit
	data   *data
	cursor int
	out    string
	hits   kit.Targets // funnel bars → stage
}

type data struct {
	empty  bool
	table  *model.Table        // for export and `s`
	stages []metrics.FunnelRow // the stages, in funnel order
	dist   []metrics.FunnelRow // the current-stage distribution
	query  kit.Query
	drill  kit.Query
	notes  []string // event names no stage matches, with a [journey] to paste
}

// New returns the Journey pane.
func New(env pane.Env) pane.Pane { return &Pane{Kit: kit.New(env)} }

func (p *Pane) Title() string { return "Journey" }

func (p *Pane) Init() tea.Cmd { return p.load() }

// SetFilter reloads with the filter bar's parameters (one funnel: no breakdown).
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd { p.P = params; return p.load() }

func (p *Pane) SetSize(w, h int) { p.W, p.H = w, h; p.render() }

func (p *Pane) load() tea.Cmd {
	db, params := p.Env.DB, p.P
	params.By = ""
	v, cmd := p.Fetch(kit.Key(params), func(ctx context.Context) (any, error) {
		v, err := metrics.LoadView(ctx, db, metrics.ViewSpec{Metric: "funnel", Role: "events,orders",
			Drills: []string{"drill_journey"}}, params)
		if err != nil || v.Empty {
			return &data{empty: v != nil && v.Empty}, err
		}
		d := &data{table: v.Groups, notes: v.Notes, query: kit.Query(v.Query), drill: kit.Query(v.Drills["drill_journey"])}
		rows, err := metrics.Rows[metrics.FunnelRow](v.Groups)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.Stage != "" {
				d.stages = append(d.stages, r)
			} else if r.CurrentStage != "" {
				d.dist = append(d.dist, r)
			}
		}
		return d, nil
	})
	if v != nil {
		p.show(v)
	}
	return cmd
}

func (p *Pane) n() int {
	if p.data == nil {
		return 0
	}
	return len(p.data.stages)
}

// show puts a result (or the error) on screen.
func (p *Pane) show(v any) {
	if kit.Keep(v, &p.data) {
		p.cursor = chart.Clamp(p.cursor, p.n())
	}
	p.render()
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	k, cmd, done := p.List(msg, &p.cursor, p.n(), &p.hits, p.show, p.render, p.load)
	if done || !key.Matches(k, kit.Enter) || p.n() == 0 {
		return p, cmd
	}
	name := p.data.stages[p.cursor].Stage
	title := fmt.Sprintf("Customers who stopped at stage %d (%s)", p.cursor+1, name)
	return p, kit.Drill(title, p.data.drill, kit.Named("kz_stage", int64(p.cursor+1)))
}

func (p *Pane) View() string {
	head := p.Th.Title.Render("Journey") + p.Th.Muted.Render(" · funnel  enter: customers who stopped at the stage")
	return chart.Fit(kit.Lines(head, p.Status(), p.out), p.W, p.H)
}

// label is the stage name with its Japanese name (double width).
func label(name string) string {
	for i, s := range model.Stages {
		if s == name && i < len(model.StageLabelsJA) {
			return name + " " + model.StageLabelsJA[i]
		}
	}
	return name
}

func (p *Pane) render() {
	d := p.data
	if !p.Begin(&p.out, &p.hits, d != nil, d != nil && d.empty, NoData) {
		return
	}
	bars := make([]chart.Bar, len(d.stages))
	for j, r := range d.stages {
		text := fmt.Sprintf("%s  step %s  overall %s", chart.Cell(r.Customers),
			chart.Pct(chart.Opt(r.ConversionFromPrevious)), chart.Pct(chart.Opt(r.ConversionFromFirst)))
		if r.MedianDays != nil {
			text += "  median " + chart.Score(*r.MedianDays) + " d"
		}
		bars[j] = chart.Bar{Label: fmt.Sprintf("%d %s", j+1, label(r.Stage)), Text: text,
			Parts: []chart.Part{{Name: "customers", Value: float64(r.Customers), Color: p.Th.Accent}}}
	}
	dist := make([]chart.Bar, len(d.dist))
	for j, r := range d.dist {
		dist[j] = chart.Bar{Label: label(r.CurrentStage), Text: chart.Cell(r.Customers),
			Parts: []chart.Part{{Name: "customers", Value: float64(r.Customers), Color: p.Th.Neutral}}}
	}
	labelW := chart.LabelWidth(append(append([]chart.Bar(nil), bars...), dist...), 24)
	barW := p.W - 4 - labelW - chart.TextWidth(bars)
	if barW > 40 {
		barW = 40
	}
	out := []string{p.headline(), p.Th.Bold.Render("Funnel (customers reaching each stage in order)")}
	p.hits.Rows(len(out), 0, len(bars))
	out = append(out, chart.HBars(p.Th, bars, labelW, barW, chart.MaxOf(bars), p.cursor)...)
	if len(d.notes) > 0 { // the journey matches no event: what to paste
		out = append(out, "")
		for _, n := range d.notes {
			out = append(out, p.Th.Warn.Render(chart.Wrap(n, p.W-1)))
		}
	} else if len(dist) > 0 && p.H-2-len(out) > 2 {
		out = append(out, "", p.Th.Bold.Render("Current stage (highest reached)"))
		out = append(out, chart.HBars(p.Th, dist, labelW, barW, chart.MaxOf(dist), -1)...)
	}
	p.out = strings.Join(out, "\n")
}

// headline is the funnel's overall conversion: the customers reaching the
// last stage of those at the first, with its 95% Wilson interval.
func (p *Pane) headline() string {
	d := p.data
	if len(d.stages) < 2 {
		return p.Th.Muted.Render("Everyone: one stage, no conversion")
	}
	first, last := d.stages[0], d.stages[len(d.stages)-1]
	return p.Th.Title.Render(fmt.Sprintf("Everyone: %s of %s reach %s — %s", chart.Count(last.Customers), chart.Count(first.Customers),
		last.Stage, chart.Wilson(last.Customers, first.Customers)))
}

// Screen is the funnel table and its SQL.
func (p *Pane) Screen() pane.Screen {
	s := pane.Screen{Name: "funnel"}
	if p.data != nil && p.data.table != nil {
		s.Table, s.SQL = p.data.table, p.data.query.Bound()
	}
	return s
}

func (p *Pane) ShortHelp() []key.Binding { return []key.Binding{kit.Up, kit.Down, kit.Enter} }

func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{kit.Up, kit.Down, kit.Enter}, {kit.Reload, kit.Esc}}
}
