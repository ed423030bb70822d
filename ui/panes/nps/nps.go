// Package nps is the NPS pane: promoter/passive/detractor stacked bars by
// a customer dimension with the numbers beside them, the NPS trend by
// period with its 95% margin of error, and the responses behind a bar.
package nps

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// NoData is shown when no survey responses are loaded.
var NoData = rows.NoData("responses")

var dimKey = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "next dimension"))

// compareKey compares the selected group with all the other responses.
var compareKey = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compare with the rest"))

// ApartRule is the rule behind the ▲/▼ marks, shown in `?` help.
const ApartRule = "95% CI clears the rest's NPS"

// apartHelp states the rule in the help; it matches no key anyone types.
var apartHelp = key.NewBinding(key.WithKeys("▲"), key.WithHelp("▲/▼", ApartRule))

// Pane is the NPS pane.
type Pane struct {
	kit.Kit
	by     string // the dimension the bars are grouped by ("" = none)
	chosen bool   // by was chosen (else the default is picked on load)
	data   *data
	cursor int
	out    string
	hits   kit.Targets // bars → group row
	cmp    bool        // c: the selected group against the rest, under the headline
	topics kit.Compare // the comment topics that moved between them, the row marked with space (compare.go)
	markBy string      // the dimension the mark belongs to
}

type data struct {
	empty  bool
	by     string
	dims   []string
	groups *model.Table     // nps by the dimension (export, the `s` key)
	rows   []metrics.NPSRow // the same, by column name
	trend  []metrics.NPSRow // nps by period
	query  kit.Query        // the groups' SQL
	drill  kit.Query        // responses of a group ($kz_sel)
}

// New returns the NPS pane.
func New(env pane.Env) pane.Pane {
	p := &Pane{Kit: kit.New(env)}
	p.MinW, p.MinH = 20, 4
	return p
}

func (p *Pane) Title() string { return "NPS" }

func (p *Pane) Init() tea.Cmd { return p.load() }

// SetFilter reloads with the filter bar's parameters.
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd {
	p.P = params
	return p.load()
}

func (p *Pane) SetSize(w, h int) { p.W, p.H = w, h; p.render() }

// key is the cache key of the pane's state.
func (p *Pane) key() string { return kit.Key(p.P, p.by, p.chosen) }

func (p *Pane) load() tea.Cmd {
	db, params, by, chosen := p.Env.DB, p.P, p.by, p.chosen
	v, cmd := p.Fetch(p.key(), func(ctx context.Context) (any, error) {
		pick := func(dims []string) string {
			if !chosen {
				by = params.By
				if by == "" && slices.Contains(dims, "region") {
					by = "region"
				}
			}
			return by
		}
		v, err := metrics.LoadView(ctx, db, metrics.ViewSpec{Metric: "nps", Role: "responses", Pick: pick,
			Drills: []string{"drill_nps"}, Trend: true}, params)
		if err != nil || v.Empty {
			return &data{empty: v != nil && v.Empty}, err
		}
		d := &data{by: v.By, dims: v.Dimensions, groups: v.Groups,
			query: kit.Query(v.Query), drill: kit.Query(v.Drills["drill_nps"])}
		if d.rows, err = metrics.Rows[metrics.NPSRow](v.Groups); err != nil {
			return nil, err
		}
		if d.trend, err = metrics.Rows[metrics.NPSRow](v.Trend); err != nil {
			return nil, err
		}
		return d, nil
	})
	if v != nil {
		p.show(v)
	}
	return cmd
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
	if p.topics.Take(msg) {
		p.render()
		return p, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, kit.Reload) {
		p.topics.Forget() // the comments may have changed too
	}
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, kit.MarkKey) {
		return p, p.mark()
	}
	k, cmd, done := p.List(msg, &p.cursor, p.rows(), &p.hits, p.show, p.render, p.load)
	if done {
		return p, tea.Batch(cmd, p.compareTopics())
	}
	switch {
	case key.Matches(k, dimKey):
		if p.data != nil && !p.data.empty {
			opts := append([]string{""}, p.data.dims...)
			i := 0
			for j, o := range opts {
				if o == p.by {
					i = j
				}
			}
			p.by, p.chosen, p.cursor = opts[(i+1)%len(opts)], true, 0
			return p, p.load()
		}
	case key.Matches(k, compareKey):
		p.cmp = !p.cmp
		p.render()
		return p, p.compareTopics()
	case key.Matches(k, kit.Enter):
		if p.rows() > 0 {
			return p, kit.DrillGroup("NPS responses", p.data.by, p.data.rows[p.cursor].Group, p.data.drill)
		}
	}
	p.render()
	return p, nil
}

func (p *Pane) rows() int {
	if p.data == nil {
		return 0
	}
	return len(p.data.rows)
}

func (p *Pane) View() string {
	by := p.by
	if by == "" {
		by = "(none)"
	}
	head := p.Th.Title.Render("NPS") + p.Th.Muted.Render(" by "+by+"  ·  d: dimension  enter: responses")
	return chart.Fit(kit.Lines(head, p.Status(), p.out), p.W, p.H)
}

// render redraws the bars and the trend; called when data, size or the
// cursor change, never from View.
func (p *Pane) render() {
	d := p.data
	if !p.Begin(&p.out, &p.hits, d != nil, d != nil && d.empty, NoData) {
		return
	}
	g := d.rows
	all := total(g)
	bars := make([]chart.Bar, len(g))
	for i, r := range g {
		part := func(v int64) float64 {
			if r.Responses == 0 {
				return 0
			}
			return float64(v) / float64(r.Responses)
		}
		label := r.Group
		text := fmt.Sprintf("NPS %s ±%s  n=%s  P %s · %s · D %s",
			chart.Score(chart.Opt(r.NPS)), chart.Score(chart.Opt(r.MOE95)),
			chart.Cell(r.Responses), chart.Cell(r.Promoters), chart.Cell(r.Passives), chart.Cell(r.Detractors))
		if d.by != "" {
			switch interval.Apart(counts(r), all) {
			case 1:
				text += " ▲"
			case -1:
				text += " ▼"
			}
		}
		if r.LowSample {
			text += " low-sample"
		}
		bars[i] = chart.Bar{Label: label, Text: text, Parts: []chart.Part{
			{Name: "promoters", Value: part(r.Promoters), Color: p.Th.Good},
			{Name: "passives", Value: part(r.Passives), Color: p.Th.Neutral},
			{Name: "detractors", Value: part(r.Detractors), Color: p.Th.Bad},
		}}
	}
	labelW := chart.LabelWidth(bars, 16)
	barW := p.W - 2 - labelW - 2 - chart.TextWidth(bars)
	if barW > 30 {
		barW = 30
	}
	if barW < 5 {
		barW = 5
	}
	// The headline, then the bars (what they need, up to half the height),
	// then the trend in the rest.
	room := (p.H-2)/2 - 1
	start := 0
	if p.cursor >= room {
		start = p.cursor - room + 1
	}
	end := start + room
	if end > len(bars) {
		end = len(bars)
	}
	lines := chart.HBars(p.Th, bars[start:end], labelW, barW, 1, p.cursor-start)
	legend := chart.Legend(p.Th, chart.Part{Name: "promoters", Color: p.Th.Good},
		chart.Part{Name: "passives", Color: p.Th.Neutral}, chart.Part{Name: "detractors", Color: p.Th.Bad})
	if d.by != "" {
		mark := "  ▲/▼ n≥30, 95% interval above/below the NPS of all others"
		if chart.Width(legend+mark) >= p.W {
			mark = "  ▲/▼ apart from the rest (?)"
		}
		legend += p.Th.Muted.Render(mark)
	}
	out := []string{p.headline(all)}
	if line, ok := p.markedComparison(); ok {
		out = append(out, line, p.topicsLine())
	} else if p.cmp && d.by != "" && p.cursor < len(g) {
		out = append(out, p.comparison(g[p.cursor].Group, counts(g[p.cursor]), all), p.topicsLine())
	}
	out = append(out, legend)
	p.hits.Rows(len(out), start, end-start)
	out = append(out, lines...)
	out = append(out, p.trend(p.H-2-len(out)-1)...)
	p.out = strings.Join(out, "\n")
}

// counts are a row's promoters, passives and detractors.
func counts(r metrics.NPSRow) interval.Counts {
	return interval.Counts{Promoters: r.Promoters, Passives: r.Passives, Detractors: r.Detractors}
}

// total sums the groups: every response falls in one group (NULL too), so
// this is the NPS of everyone under the filter, as `kizuna report nps`.
func total(g []metrics.NPSRow) interval.Counts {
	var c interval.Counts
	for _, r := range g {
		c = c.Add(counts(r))
	}
	return c
}

// comparison is the selected group against every other response:
// NPS difference, its 95% interval (SPEC §6) and whether it is significant.
func (p *Pane) comparison(name string, group, all interval.Counts) string {
	d, m, ok := interval.Diff(group, all.Sub(group))
	if !ok {
		return p.Th.Muted.Render("c: " + name + " against the rest: one side has no responses")
	}
	verdict := "not significant (the interval holds 0)"
	if math.Abs(d) > m {
		verdict = "significant at 95%"
	}
	return p.Th.Bold.Render(fmt.Sprintf("c: %s − the rest = %+.1f ±%.1f points", name, d, m)) + p.Th.Muted.Render("  "+verdict)
}

// headline is the NPS of everyone with its 95% margin and n.
func (p *Pane) headline(c interval.Counts) string {
	nps, moe, ok := c.NPS()
	if !ok {
		return p.Th.Bold.Render("Everyone: no NPS responses under this filter")
	}
	n := c.Promoters + c.Passives + c.Detractors
	return p.Th.Title.Render(fmt.Sprintf("Everyone: NPS %.1f ±%.1f  n=%s", nps, moe, chart.Count(n))) +
		p.Th.Muted.Render(fmt.Sprintf("  P %s · %s · D %s  (±: 95%% interval)",
			chart.Count(c.Promoters), chart.Count(c.Passives), chart.Count(c.Detractors)))
}

// trend draws NPS by period with nps ± moe95 as thin lines.
func (p *Pane) trend(h int) []string {
	t := p.data.trend
	if len(t) == 0 || h < 2 {
		return nil
	}
	var mid, lo, hi []timeserieslinechart.TimePoint
	var low []string
	var trusted []bool // n >= 30: the interval sets the y range
	for _, r := range t {
		at, ok := chart.PeriodTime(r.Group)
		if !ok || r.NPS == nil {
			continue
		}
		v, m := *r.NPS, 0.0
		if r.MOE95 != nil {
			m = *r.MOE95
		}
		mid = append(mid, timeserieslinechart.TimePoint{Time: at, Value: v})
		// NPS lives in −100…100: so does its interval.
		lo = append(lo, timeserieslinechart.TimePoint{Time: at, Value: max(v-m, -100)})
		hi = append(hi, timeserieslinechart.TimePoint{Time: at, Value: min(v+m, 100)})
		if r.LowSample {
			low = append(low, r.Group)
		}
		trusted = append(trusted, !r.LowSample)
	}
	if len(mid) == 0 && t[0].Group == "(no date)" {
		return []string{p.Th.Bold.Render("Trend: no dates — the responses have no responded_at column; map one in kizuna.toml to see NPS over time")}
	}
	last := t[len(t)-1]
	head := fmt.Sprintf("Trend by %s — latest %s: NPS %s ±%s", periodOf(p.P), last.Group,
		chart.Score(chart.Opt(last.NPS)), chart.Score(chart.Opt(last.MOE95)))
	if h < MinChart {
		return append([]string{p.Th.Bold.Render(head) + p.Th.Muted.Render("  (newest first, * n<30)")}, p.recent(h-1)...)
	}
	out := []string{p.Th.Bold.Render(head)}
	if lbl := "   ╭─ NPS   ┌─ 95% interval (upper and lower line)"; chart.Width(head+lbl) < p.W {
		out[0] += p.Th.Muted.Render(lbl)
	} else {
		out = append(out, p.Th.Muted.Render(lbl[3:]))
		h--
	}
	foot := ""
	if len(low) > 0 {
		foot = p.Th.Warn.Render("low-sample (n<30), interval cut at the axis: " + strings.Join(low, " "))
	}
	ch := h - 1
	if foot != "" {
		ch--
	}
	ylo, yhi := roundSteps(axis(mid, lo, hi, trusted))(ch)
	for i := range lo { // a low sample's wide interval stops at the axis
		lo[i].Value, hi[i].Value = max(lo[i].Value, ylo), min(hi[i].Value, yhi)
	}
	c := chart.TimeLines(p.Th, p.W-2, ch, ylo, yhi,
		chart.Series{Name: "a-nps", Points: mid, Color: p.Th.Accent},
		chart.Series{Name: "b-hi", Points: hi, Color: p.Th.Neutral, Thin: true},
		chart.Series{Name: "c-lo", Points: lo, Color: p.Th.Neutral, Thin: true})
	if c != "" {
		out = append(out, strings.Split(c, "\n")...)
	}
	if foot != "" {
		out = append(out, foot)
	}
	return out
}

// MinChart is the fewest lines the trend is drawn as a chart in (title
// included); below it the recent periods are listed instead.
const MinChart = 9

// recent lists the latest periods as "2025-12 16.9 ±10.1" in up to h lines
// of the pane's width, newest first, low samples marked with *.
func (p *Pane) recent(h int) []string {
	t := p.data.trend
	var out []string
	line := ""
	for i := len(t) - 1; i >= 0 && len(out) < h; i-- {
		item := fmt.Sprintf("%s %s ±%s", t[i].Group, chart.Score(chart.Opt(t[i].NPS)), chart.Score(chart.Opt(t[i].MOE95)))
		if t[i].LowSample {
			item += "*"
		}
		switch {
		case line == "":
			line = item
		case chart.Width(line+"  ·  "+item) < p.W:
			line += "  ·  " + item
		default:
			out = append(out, line)
			line = item
		}
	}
	if line != "" && len(out) < h {
		out = append(out, line)
	}
	return out
}

// axis is the y range of the trend: the interval band with a margin of a
// tenth of its span (at least 5 points), kept within −100…100.
// axis is the y range of the trend: every NPS point and the intervals of
// the periods with n >= 30 (a low sample's interval would stretch the
// axis over nearly −100…100), widened to multiples of 10 within −100…100.
func axis(mid, lo, hi []timeserieslinechart.TimePoint, trusted []bool) (float64, float64) {
	a, b := 100.0, -100.0
	for i := range mid {
		a, b = min(a, mid[i].Value), max(b, mid[i].Value)
		if trusted[i] {
			a, b = min(a, lo[i].Value), max(b, hi[i].Value)
		}
	}
	a, b = 10*math.Floor(a/10), 10*math.Ceil(b/10)
	if b-a < 20 {
		a, b = a-10, b+10
	}
	return max(a, -100), min(b, 100)
}

// roundSteps widens lo…hi so that the y labels of a chart h lines high
// (a label every second line of its h−1 plot lines) fall on round numbers
// (steps of 5, 10, 20, 25 or 50) and stay within −100…100.
func roundSteps(lo, hi float64) func(h int) (float64, float64) {
	return func(h int) (float64, float64) {
		n := float64((h - 2) / 2) // label intervals
		if n < 1 {
			return lo, hi
		}
		for _, step := range []float64{5, 10, 20, 25, 50} {
			if step*n < hi-lo {
				continue
			}
			a := step * math.Floor(lo/step)
			b := a + step*n
			for b > 100 && a-step >= -100 {
				a, b = a-step, b-step
			}
			if a >= -100 && b <= 100 && a <= lo && b >= hi {
				return a, b
			}
		}
		return lo, hi
	}
}

func periodOf(p metrics.Params) string {
	if p.Period == "" {
		return "month"
	}
	return p.Period
}

// Screen is the table of groups and its SQL.
func (p *Pane) Screen() pane.Screen {
	s := pane.Screen{Name: "nps"}
	if p.data != nil && p.data.groups != nil {
		s.Table = p.data.groups
		s.SQL = p.data.query.Bound()
		if p.data.by != "" {
			s.Name = "nps-by-" + p.data.by
		}
	}
	return s
}

func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{kit.Up, kit.Down, dimKey, compareKey, kit.Enter}
}

func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{kit.Up, kit.Down, dimKey, kit.Enter}, {compareKey, kit.Reload, kit.Esc, apartHelp}}
}
