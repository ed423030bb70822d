package segments

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/queries"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
	"github.com/kizuna-dev/kizuna/ui/task"
)

// The comparison (c) of the Segments pane, issue 12: the selected segment
// against the segment marked with space, else against every other segment
// of the dimension together, on the measures that are rates or NPS — NPS
// (difference over the root of the summed variances), repeat rate and
// churned share (two-proportion tests) — from the counts behind them
// (queries/segments_counts.sql), and the comment topics that moved most
// between the two sides' customers.
type compare struct {
	kit.Compare
	by     string // the dimension the mark belongs to
	run    *task.Runner
	key    string       // the state the counts are for
	counts *model.Table // segments_counts by the dimension
	err    error
}

// compareMsg handles the comparison's results and keys; ok says msg was one.
func (p *Pane) compareMsg(msg tea.Msg) (tea.Cmd, bool) {
	if p.cmp.Take(msg) {
		p.render()
		return nil, true
	}
	if d, ok := msg.(task.Done); ok && p.cmp.run != nil && p.cmp.run.Accept(d) {
		p.cmp.err = d.Err
		if d.Err == nil {
			p.cmp.counts = d.Value.(*model.Table)
		}
		p.render()
		return p.compareLoad(), true
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok || p.rows() == 0 {
		return nil, false
	}
	switch {
	case key.Matches(k, kit.Reload): // the data may have changed: count again
		p.cmp.key = ""
		p.cmp.Forget()
		return nil, false
	case key.Matches(k, kit.CompareKey):
		p.cmp.On = !p.cmp.On
	case key.Matches(k, kit.MarkKey):
		if p.cmp.by != p.by {
			p.cmp.Reset()
		}
		p.cmp.by = p.by
		p.cmp.Toggle(p.cursor)
		p.cmp.On = true
	default:
		return nil, false
	}
	p.render()
	return p.compareLoad(), true
}

// compareLoad starts loading the counts of the current state, then the
// topics of the sides on screen; nil when hidden or known.
func (p *Pane) compareLoad() tea.Cmd {
	if !p.cmp.On || p.data == nil || p.data.table == nil || p.rows() == 0 {
		return nil
	}
	params := p.P
	params.By = p.data.by
	state := kit.Key(params)
	if p.cmp.key != state {
		if p.cmp.run == nil {
			p.cmp.run = task.New()
		}
		p.cmp.key, p.cmp.counts, p.cmp.err = state, nil, nil
		db := p.Env.DB
		return p.cmp.run.Start(p.Env.Ctx, func(ctx context.Context) (any, error) {
			body, err := queries.Get("segments_counts")
			if err != nil {
				return nil, err
			}
			q, err := kit.BuildBody(ctx, db, "customers", body, params)
			if err != nil {
				return nil, err
			}
			return q.Run(ctx, db)
		})
	}
	if p.cmp.counts == nil {
		return nil
	}
	a, b, _ := p.sides()
	return p.cmp.Topics(p.Env.Ctx, state, a[0]+"\x00"+joinNames(b), a, b,
		metrics.TopicOptions(p.P), kit.CommentsBy(p.Env.DB, params, false))
}

func joinNames(xs []string) string {
	out := ""
	for _, x := range xs {
		out += x + "\x00"
	}
	return out
}

// sides are the groups compared: the selected one, and the marked one
// (marked true) or every other.
func (p *Pane) sides() (a, b []string, marked bool) {
	t := p.data.table
	sel := chart.Str(chart.Get(t, p.cursor, "group"))
	if m, ok := p.cmp.Other(p.cursor); ok && p.cmp.by == p.by && m < len(t.Rows) {
		return []string{sel}, []string{chart.Str(chart.Get(t, m, "group"))}, true
	}
	for i := range t.Rows {
		if g := chart.Str(chart.Get(t, i, "group")); g != sel {
			b = append(b, g)
		}
	}
	return []string{sel}, b, false
}

// sum adds column col of the counts over groups gs.
func sum(t *model.Table, gs []string, col string) int64 {
	in := map[string]bool{}
	for _, g := range gs {
		in[g] = true
	}
	var n int64
	for i := range t.Rows {
		if in[chart.Str(chart.Get(t, i, "group"))] {
			v, _ := chart.Float(chart.Get(t, i, col))
			n += int64(v)
		}
	}
	return n
}

// compareLines are the comparison's lines (none when hidden).
func (p *Pane) compareLines() []string {
	if !p.cmp.On || p.rows() == 0 {
		return nil
	}
	switch {
	case p.cmp.err != nil:
		return []string{p.Th.Error.Render("compare: ") + p.cmp.err.Error()}
	case p.cmp.counts == nil:
		return []string{p.Spin.View() + p.Th.Muted.Render(" comparing…")}
	}
	a, b, marked := p.sides()
	la, lb := a[0], "the rest"
	if marked {
		lb = b[0]
	}
	t := p.cmp.counts
	c := func(gs []string) interval.Counts {
		return interval.Counts{Promoters: sum(t, gs, "promoters"), Passives: sum(t, gs, "passives"), Detractors: sum(t, gs, "detractors")}
	}
	return []string{
		kit.NPSLine(p.Th, la, lb, c(a), c(b)),
		kit.RateLine(p.Th, "repeat rate", la, lb, sum(t, a, "repeaters"), sum(t, a, "buyers"), sum(t, b, "repeaters"), sum(t, b, "buyers")),
		kit.RateLine(p.Th, "churned share", la, lb, sum(t, a, "churned"), sum(t, a, "had"), sum(t, b, "churned"), sum(t, b, "had")),
		p.cmp.TopicsLine(p.Th, p.Spin.View(), p.W-1),
	}
}
