package nps

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/chart"
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
	sel := chart.Str(chart.Get(d.groups, p.cursor, "group"))
	var rest []string
	for i := range d.groups.Rows {
		if g := chart.Str(chart.Get(d.groups, i, "group")); g != sel {
			rest = append(rest, g)
		}
	}
	params := p.P
	params.By = d.by
	return p.topics.Topics(p.Env.Ctx, kit.Key(params), sel, []string{sel}, rest,
		metrics.TopicOptions(p.P), kit.CommentsBy(p.Env.DB, params, false))
}

// topicsLine is the topics that moved, under the comparison.
func (p *Pane) topicsLine() string { return p.topics.TopicsLine(p.Th, p.Spin.View(), p.W-1) }
