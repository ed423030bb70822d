package retention

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
)

// The comparison (c) of the Retention pane, issue 12:
//   - cohorts: the selected cell's retention against the marked cell's
//     (space), else against the other cohorts' complete cells at the same
//     offset pooled; the topics compared are the comments of the cohorts'
//     members;
//   - churn flow: the selected period's churn against the marked period's,
//     else against the period before; the topics are the comments answered
//     in each period.
//
// Both are two-proportion tests (interval.Props).

// compareKeys handles c and space; handled is false for other keys.
func (p *Pane) compareKeys(k tea.KeyMsg) (handled bool) {
	c := &p.cmp
	cur := cellID(p.row, p.col)
	if p.flow {
		c, cur = &p.cmpFlow, p.flowRow
	}
	switch {
	case key.Matches(k, kit.CompareKey):
		c.On = !c.On
	case key.Matches(k, kit.MarkKey):
		c.Toggle(cur)
		c.On = true
	default:
		return false
	}
	return true
}

// compareTopics starts finding the topics that moved between the two sides
// on screen (nil when the comparison is hidden or known).
func (p *Pane) compareTopics() tea.Cmd {
	d := p.data
	if d == nil || d.empty {
		return nil
	}
	params := p.P
	params.By = ""
	state := kit.Key(params)
	if p.flow {
		a, b, ok := p.flowSides()
		if !p.cmpFlow.On || !ok {
			return nil
		}
		pa, pb := d.flows[a].Period, d.flows[b].Period
		params.By = params.Period
		if params.By == "" {
			params.By = "month"
		}
		return p.cmpFlow.Topics(p.Env.Ctx, state, pa+"|"+pb, []string{pa}, []string{pb},
			metrics.TopicOptions(p.P), kit.CommentsBy(p.Env.DB, params, false))
	}
	if !p.cmp.On || len(d.cohorts) == 0 {
		return nil
	}
	sel := d.cohorts[p.row]
	var others []string
	if m, ok := p.cmp.Other(cellID(p.row, p.col)); ok {
		if r := m >> 20; r < len(d.cohorts) && d.cohorts[r] != sel {
			others = []string{d.cohorts[r]}
		}
	} else {
		for _, c := range d.cohorts {
			if c != sel {
				others = append(others, c)
			}
		}
	}
	if len(others) == 0 {
		return nil
	}
	return p.cmp.Topics(p.Env.Ctx, state, fmt.Sprint(sel, others), []string{sel}, others,
		metrics.TopicOptions(p.P), kit.CommentsBy(p.Env.DB, params, true))
}

// flowSides are the churn rows compared: the selected period and the
// marked one, else the one before it in the same group.
func (p *Pane) flowSides() (a, b int, ok bool) {
	t := p.data.flows
	if p.flowRow >= len(t) {
		return 0, 0, false
	}
	a = p.flowRow
	if m, ok := p.cmpFlow.Other(a); ok && m < len(t) {
		return a, m, true
	}
	if a == 0 || t[a-1].Group != t[a].Group {
		return a, 0, false
	}
	return a, a - 1, true
}

// flowCompare are the lines of the churn comparison (none when hidden).
func (p *Pane) flowCompare() []string {
	if !p.cmpFlow.On {
		return nil
	}
	t := p.data.flows
	a, b, ok := p.flowSides()
	if !ok {
		return []string{p.Th.Muted.Render("c: no period before this one — mark another with space")}
	}
	return []string{
		kit.RateLine(p.Th, "churn", t[a].Period, t[b].Period, t[a].Churned, t[a].ActiveStart, t[b].Churned, t[b].ActiveStart),
		p.cmpFlow.TopicsLine(p.Th, p.Spin.View(), p.W-1),
	}
}

// cohortCompare are the lines of the cohort comparison (none when hidden).
func (p *Pane) cohortCompare() []string {
	d := p.data
	if !p.cmp.On || len(d.cohorts) == 0 {
		return nil
	}
	sel := d.cohorts[p.row]
	i, ok := d.cells[sel][p.col]
	if !ok {
		return nil
	}
	a := fmt.Sprintf("%s +%d", sel, p.col)
	var line string
	if m, ok := p.cmp.Other(cellID(p.row, p.col)); ok && m>>20 < len(d.cohorts) {
		oc, oo := d.cohorts[m>>20], m&anyCol
		j, ok := d.cells[oc][oo]
		if !ok {
			return []string{p.Th.Muted.Render("c: the marked cell is gone — mark another with space")}
		}
		line = kit.RateLine(p.Th, "retention", a, fmt.Sprintf("%s +%d", oc, oo),
			d.grid[i].Active, d.grid[i].Size, d.grid[j].Active, d.grid[j].Size)
	} else {
		var act, size int64
		for _, c := range d.cohorts {
			j, ok := d.cells[c][p.col]
			if c == sel || !ok || d.grid[j].Partial {
				continue
			}
			act += d.grid[j].Active
			size += d.grid[j].Size
		}
		line = kit.RateLine(p.Th, "retention", a, fmt.Sprintf("other complete cohorts at +%d", p.col),
			d.grid[i].Active, d.grid[i].Size, act, size)
	}
	return []string{line, p.cmp.TopicsLine(p.Th, p.Spin.View(), p.W-1)}
}

// Comparing reports whether the comparison on screen is shown (tests).
func (p *Pane) Comparing() bool {
	if p.flow {
		return p.cmpFlow.On
	}
	return p.cmp.On
}
