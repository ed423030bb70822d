// Package engagement is the Engagement pane: SNS engagement rate by
// platform (bars) and by period (line), the top posts, and a platform's
// posts behind its bar.
package engagement

import (
	"context"
	"fmt"
	"strings"

	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// NoData is shown when no posts are loaded.
var NoData = rows.NoData("posts")

// Pane is the Engagement pane.
type Pane struct {
	kit.Kit
	data   *data
	cursor int
	out    string
	hits   kit.Targets // platform bars → platform row
}

type data struct {
	empty         bool
	platforms     *model.Table // for export and `s`
	byPlatform    []metrics.EngagementRow
	periods       []metrics.EngagementRow
	top           *model.Table
	query, drill  kit.Query
	periodQ, topQ kit.Query
}

// New returns the Engagement pane.
func New(env pane.Env) pane.Pane { return &Pane{Kit: kit.New(env)} }

func (p *Pane) Title() string { return "Engagement" }

func (p *Pane) Init() tea.Cmd { return p.load() }

// SetFilter reloads with the filter bar's parameters.
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd { p.P = params; return p.load() }

func (p *Pane) SetSize(w, h int) { p.W, p.H = w, h; p.render() }

func (p *Pane) load() tea.Cmd {
	db, params := p.Env.DB, p.P
	state := params
	state.By = "" // the pane groups by platform and by period itself
	v, cmd := p.Fetch(kit.Key(state), func(ctx context.Context) (any, error) {
		v, err := metrics.LoadView(ctx, db, metrics.ViewSpec{Metric: "engagement", Role: "posts", By: "platform",
			Drills: []string{"drill_posts", "drill_top_posts"}, Trend: true}, params)
		if err != nil || v.Empty {
			return &data{empty: v != nil && v.Empty}, err
		}
		d := &data{platforms: v.Groups, query: kit.Query(v.Query), periodQ: kit.Query(v.TrendQuery),
			drill: kit.Query(v.Drills["drill_posts"]), topQ: kit.Query(v.Drills["drill_top_posts"])}
		if d.byPlatform, err = metrics.Rows[metrics.EngagementRow](v.Groups); err != nil {
			return nil, err
		}
		if d.periods, err = metrics.Rows[metrics.EngagementRow](v.Trend); err != nil {
			return nil, err
		}
		d.top, err = metrics.Query(ctx, db, d.topQ.Text, d.topQ.Args...)
		return d, err
	})
	if v != nil {
		p.show(v)
	}
	return cmd
}

// platforms are the rows by platform on screen (none before the first).
func (p *Pane) platforms() []metrics.EngagementRow {
	if p.data == nil {
		return nil
	}
	return p.data.byPlatform
}

// show puts a result (or the error) on screen.
func (p *Pane) show(v any) {
	if kit.Keep(v, &p.data) {
		p.cursor = chart.Clamp(p.cursor, len(p.platforms()))
	}
	p.render()
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	k, cmd, done := p.List(msg, &p.cursor, len(p.platforms()), &p.hits, p.show, p.render, p.load)
	if !done && key.Matches(k, kit.Enter) && len(p.platforms()) > 0 {
		g := p.platforms()[p.cursor].Group
		return p, kit.Drill("Posts — platform = "+g, p.data.drill, kit.Named("kz_sel", g))
	}
	return p, cmd
}

func (p *Pane) View() string {
	head := p.Th.Title.Render("Engagement") + p.Th.Muted.Render(" · engagement rate = interactions / impressions  enter: posts")
	return chart.Fit(kit.Lines(head, p.Status(), p.out), p.W, p.H)
}

func (p *Pane) render() {
	d := p.data
	if !p.Begin(&p.out, &p.hits, d != nil, d != nil && d.empty, NoData) {
		return
	}
	bars := make([]chart.Bar, len(d.byPlatform))
	for i, r := range d.byPlatform {
		v := 0.0
		if r.EngagementRate != nil {
			v = *r.EngagementRate
		}
		bars[i] = chart.Bar{Label: r.Group,
			Text: fmt.Sprintf("%s  posts %s  impressions %s  interactions %s", chart.Pct(chart.Opt(r.EngagementRate)),
				chart.Cell(r.Posts), chart.Cell(chart.Opt(r.Impressions)), chart.Cell(chart.Opt(r.Interactions))),
			Parts: []chart.Part{{Name: "engagement rate", Value: v, Color: p.Th.Accent}}}
	}
	labelW := chart.LabelWidth(bars, 16)
	barW := p.W - 4 - labelW - chart.TextWidth(bars)
	if barW > 30 {
		barW = 30
	}
	avail := p.H - 2
	out := []string{p.headline(), p.Th.Bold.Render("By platform")}
	room := avail / 3
	if room < 2 {
		room = 2
	}
	start := 0
	if p.cursor >= room {
		start = p.cursor - room + 1
	}
	end := start + room
	if end > len(bars) {
		end = len(bars)
	}
	p.hits.Rows(len(out), start, end-start)
	out = append(out, chart.HBars(p.Th, bars[start:end], labelW, barW, chart.MaxOf(bars), p.cursor-start)...)

	rest := avail - len(out)
	topH := rest / 2
	lineH := rest - topH
	if line := p.trend(lineH); len(line) > 0 {
		out = append(out, line...)
	} else {
		topH = rest
	}
	if d.top != nil && len(d.top.Rows) > 0 && topH >= 3 {
		cols := []chart.Column{{Title: "post", Max: 16}, {Title: "date"}, {Title: "platform", Max: 12},
			{Title: "impressions", Right: true}, {Title: "interactions", Right: true}, {Title: "rate", Right: true}}
		rows := make([][]string, len(d.top.Rows))
		for i := range d.top.Rows {
			g := func(c string) any { return chart.Get(d.top, i, c) }
			date := chart.Cell(g("posted_at"))
			if len(date) > 10 {
				date = date[:10]
			}
			rows[i] = []string{chart.Str(g("post_id")), date, chart.Str(g("platform")), chart.Cell(g("impressions")),
				chart.Cell(g("interactions")), chart.Pct(g("engagement_rate"))}
		}
		out = append(out, p.Th.Bold.Render("Top posts by engagement rate"), chart.Table(p.Th, cols, rows, -1, false, p.W, topH-1))
	}
	p.out = strings.Join(out, "\n")
}

func (p *Pane) trend(h int) []string {
	t := p.data.periods
	if len(t) == 0 || h < 6 {
		return nil
	}
	var pts []timeserieslinechart.TimePoint
	for _, r := range t {
		if at, ok := chart.PeriodTime(r.Group); ok && r.EngagementRate != nil {
			pts = append(pts, timeserieslinechart.TimePoint{Time: at, Value: *r.EngagementRate})
		}
	}
	last := t[len(t)-1]
	period := p.P.Period
	if period == "" {
		period = "month"
	}
	head := fmt.Sprintf("By %s — latest %s: %s", period, last.Group, chart.Pct(chart.Opt(last.EngagementRate)))
	c := chart.TimeLines(p.Th, p.W-2, h-1, 0, 0, chart.Series{Name: "rate", Points: pts, Color: p.Th.Accent})
	if c == "" {
		return []string{p.Th.Bold.Render(head)}
	}
	return append([]string{p.Th.Bold.Render(head)}, strings.Split(c, "\n")...)
}

// Screen is the by-platform table and its SQL.
func (p *Pane) Screen() pane.Screen {
	s := pane.Screen{Name: "engagement-by-platform"}
	if p.data != nil && p.data.platforms != nil {
		s.Table, s.SQL = p.data.platforms, p.data.query.Bound()
	}
	return s
}

func (p *Pane) ShortHelp() []key.Binding { return []key.Binding{kit.Up, kit.Down, kit.Enter} }

func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{kit.Up, kit.Down, kit.Enter}, {kit.Reload, kit.Esc}}
}
