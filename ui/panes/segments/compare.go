package segments

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
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
	// periods: c pressed again with a date range in the filter bar — the
	// selected segment in the range against itself in the range before;
	// prev are the counts of that range (counts those of the range).
	periods bool
	prev    *model.Table
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
			t := d.Value.([2]*model.Table)
			p.cmp.counts, p.cmp.prev = t[0], t[1]
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
		// off → groups → periods (with a date range) → off
		switch {
		case !p.cmp.On:
			p.cmp.On, p.cmp.periods = true, false
		case !p.cmp.periods:
			p.cmp.periods = true
			if _, _, ok := previousRange(p.P.From, p.P.To); !ok {
				p.cmp.On, p.cmp.periods = false, false
			}
		default:
			p.cmp.On, p.cmp.periods = false, false
		}
	case key.Matches(k, kit.MarkKey):
		p.cmp.periods = false
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
	cur, prev := params, params
	if p.cmp.periods {
		// Each range as of its last day (churned share at its end).
		cur.AsOf = cur.To
		prev.From, prev.To, _ = previousRange(params.From, params.To)
		prev.AsOf = prev.To
	}
	state := kit.Key(cur, prev)
	if p.cmp.key != state {
		if p.cmp.run == nil {
			p.cmp.run = task.New()
		}
		p.cmp.key, p.cmp.counts, p.cmp.prev, p.cmp.err = state, nil, nil, nil
		db, periods := p.Env.DB, p.cmp.periods
		return p.cmp.run.Start(p.Env.Ctx, func(ctx context.Context) (any, error) {
			var out [2]*model.Table
			for i, ps := range []metrics.Params{cur, prev} {
				if i == 1 && !periods {
					break
				}
				q, err := kit.BuildQuery(ctx, db, "segments_counts", ps)
				if err != nil {
					return nil, err
				}
				if out[i], err = q.Run(ctx, db); err != nil {
					return nil, err
				}
			}
			return out, nil
		})
	}
	if p.cmp.counts == nil {
		return nil
	}
	if p.cmp.periods {
		sel := chart.Str(chart.Get(p.data.table, p.cursor, "group"))
		db := p.Env.DB
		return p.cmp.Topics(p.Env.Ctx, state+"\x00"+sel, "periods", []string{"a"}, []string{"b"}, metrics.TopicOptions(p.P),
			func(ctx context.Context) (map[string][]string, error) {
				a, err := metrics.Comments(ctx, db, cur, false)
				if err != nil {
					return nil, err
				}
				b, err := metrics.Comments(ctx, db, prev, false)
				return map[string][]string{"a": a[sel], "b": b[sel]}, err
			})
	}
	a, b, _ := p.sides()
	return p.cmp.Topics(p.Env.Ctx, state, a[0]+"\x00"+joinNames(b), a, b,
		metrics.TopicOptions(p.P), kit.CommentsBy(p.Env.DB, params, false))
}

// previousRange is the range of equal length just before from…to (both
// YYYY-MM-DD, inclusive); ok is false unless both are dates, from ≤ to.
func previousRange(from, to string) (pfrom, pto string, ok bool) {
	f, err1 := time.Parse("2006-01-02", from)
	t, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return "", "", false
	}
	days := int(t.Sub(f).Hours()/24) + 1
	pt := f.AddDate(0, 0, -1)
	return pt.AddDate(0, 0, 1-days).Format("2006-01-02"), pt.Format("2006-01-02"), true
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
	ta, tb := p.cmp.counts, p.cmp.counts
	if p.cmp.periods && p.cmp.prev != nil {
		// The selected segment in the filter's range against the range before.
		pf, pt, _ := previousRange(p.P.From, p.P.To)
		b, tb = a, p.cmp.prev
		la, lb = fmt.Sprintf("%s %s…%s", a[0], p.P.From, p.P.To), fmt.Sprintf("%s…%s", pf, pt)
	}
	c := func(t *model.Table, gs []string) interval.Counts {
		return interval.Counts{Promoters: sum(t, gs, "promoters"), Passives: sum(t, gs, "passives"), Detractors: sum(t, gs, "detractors")}
	}
	return []string{
		kit.NPSLine(p.Th, la, lb, c(ta, a), c(tb, b)),
		kit.RateLine(p.Th, "repeat rate", la, lb, sum(ta, a, "repeaters"), sum(ta, a, "buyers"), sum(tb, b, "repeaters"), sum(tb, b, "buyers")),
		kit.RateLine(p.Th, "churned share", la, lb, sum(ta, a, "churned"), sum(ta, a, "had"), sum(tb, b, "churned"), sum(tb, b, "had")),
		p.cmp.TopicsLine(p.Th, p.Spin.View(), p.W-1),
	}
}
