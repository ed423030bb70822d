package nps

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
)

// compareTopics starts finding the comment topics that moved most between
// the selected group and every other response (c), nil when hidden,
// known, or without a breakdown.
func (p *Pane) compareTopics() tea.Cmd {
	d := p.data
	if !p.cmp || d == nil || d.empty || d.by == "" || p.cursor >= p.rows() {
		return nil
	}
	sel := d.rows[p.cursor].Group
	var rest []string
	m, marked := p.marked()
	if marked {
		rest = []string{d.rows[m].Group}
	}
	for i := 0; !marked && i < len(d.rows); i++ {
		if g := d.rows[i].Group; g != sel {
			rest = append(rest, g)
		}
	}
	params := p.P
	params.By = d.by
	return p.topics.Topics(p.Env.Ctx, kit.Key(params), sel+"\x00"+strings.Join(rest, "\x00"), []string{sel}, rest,
		metrics.TopicOptions(p.P), kit.CommentsBy(p.Env.DB, params, false))
}

// topicsLine is the topics that moved, under the comparison.
func (p *Pane) topicsLine() string { return p.topics.TopicsLine(p.Th, p.Spin.View(), p.W-1) }

// mark marks the selected group (space) as the other side of c, or
// unmarks it; c shows.
func (p *Pane) mark() tea.Cmd {
	if p.rows() == 0 {
		return nil
	}
	if p.markBy != p.by {
		p.topics.Reset()
	}
	p.markBy = p.by
	p.topics.Toggle(p.cursor)
	p.cmp = true
	p.render()
	return p.compareTopics()
}

// marked is the marked group's row when one other than the selected is
// marked under the current dimension.
func (p *Pane) marked() (int, bool) {
	m, ok := p.topics.Other(p.cursor)
	return m, ok && p.markBy == p.by && p.data != nil && p.data.by != "" && m < p.rows()
}

// markedComparison is the selected group against the marked one:
// difference of NPS over the root of the summed variances (interval.Diff).
func (p *Pane) markedComparison() (string, bool) {
	m, ok := p.marked()
	if !p.cmp || !ok || p.cursor >= p.rows() {
		return "", false
	}
	g := p.data.rows
	return kit.NPSLine(p.Th, g[p.cursor].Group, g[m].Group, counts(g[p.cursor]), counts(g[m])), true
}
