package voice

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/topics"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
)

var topicsKey = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "topics ↔ comments"))

// topicView is the Voice pane's second screen: the topics of the NPS
// comments sorted by their impact on NPS (most negative first); enter
// lists the comments of one topic with its words highlighted.
type topicView struct {
	on     bool
	data   *topicData
	cursor int
	open   bool // listing the comments of the selected topic
	line   int  // cursor in that list
}

type topicData struct {
	answers *model.Table // group, score, comment of every NPS answer
	rows    []topics.Row
	table   *model.Table // rows as `kizuna report topics` prints them
	query   kit.Query
}

// loadTopics analyses the comments in the background (the Japanese
// dictionary loads on the first Japanese comment, not at start-up).
func (p *Pane) loadTopics() tea.Cmd {
	db, params := p.Env.DB, p.P
	params.By = ""
	v, cmd := p.Fetch(kit.Key(params, "topics"), func(ctx context.Context) (any, error) {
		d := &topicData{}
		var err error
		if d.query, err = kit.BuildQuery(ctx, db, "topics", params); err != nil {
			return nil, err
		}
		if d.answers, err = metrics.Query(ctx, db, d.query.Text, d.query.Args...); err != nil {
			return nil, err
		}
		resps := make([]topics.Response, len(d.answers.Rows))
		for i := range d.answers.Rows {
			score, _ := chart.Get(d.answers, i, "score").(int64)
			if s, ok := chart.Get(d.answers, i, "score").(int32); ok {
				score = int64(s)
			}
			resps[i] = topics.Response{Group: "all", Score: int(score), Comment: chart.Str(chart.Get(d.answers, i, "comment"))}
		}
		d.rows = topics.Analyze(resps, topics.Options{Named: params.Topics, Synonyms: params.Synonyms, MinMentions: params.MinMentions})
		d.table = &model.Table{Columns: topics.Columns}
		for _, r := range d.rows {
			d.table.Rows = append(d.table.Rows, []any{r.Group, r.Topic, int64(r.Mentions), int64(r.Promoters), int64(r.Passives),
				int64(r.Detractors), r.NPSMentioners, r.Impact, r.ImpactMOE95})
		}
		return d, nil
	})
	if v != nil {
		p.show(v)
	}
	return cmd
}

// topicKey handles a key in the topics view; ok is false for keys it
// leaves to the comments list's handling.
func (p *Pane) topicKey(k tea.KeyMsg) (tea.Cmd, bool) {
	tv := &p.topics
	n := 0
	if tv.data != nil {
		n = len(tv.data.rows)
	}
	if n > 0 && key.Matches(k, saveKey) {
		return p.saveMentioners(), true
	}
	if tv.open {
		m := len(tv.data.rows[tv.cursor].Mentioners)
		switch {
		case key.Matches(k, kit.Esc), key.Matches(k, kit.Left), key.Matches(k, kit.Enter):
			tv.open = false
		case key.Matches(k, kit.Up):
			tv.line = chart.Clamp(tv.line-1, m)
		case key.Matches(k, kit.Down):
			tv.line = chart.Clamp(tv.line+1, m)
		}
		return nil, true
	}
	switch {
	case key.Matches(k, topicsKey):
		tv.on = false
		if p.data == nil { // t pressed while the comments were loading
			return p.load(), true
		}
	case key.Matches(k, kit.Esc):
		if !p.Cancel() {
			tv.on = false
			if p.data == nil {
				return p.load(), true
			}
		}
	case key.Matches(k, kit.Reload):
		p.Forget()
		tv.data = nil
		return p.loadTopics(), true
	case key.Matches(k, kit.Up):
		tv.cursor = chart.Clamp(tv.cursor-1, n)
	case key.Matches(k, kit.Down):
		tv.cursor = chart.Clamp(tv.cursor+1, n)
	case key.Matches(k, kit.Enter):
		tv.open, tv.line = n > 0, 0
	}
	return nil, true
}

// renderTopics draws the topics table or one topic's comments.
func (p *Pane) renderTopics() string {
	tv := &p.topics
	d := tv.data
	if d == nil {
		return ""
	}
	if len(d.rows) == 0 {
		return chart.Wrap("No topic is mentioned by enough NPS comments (5 by default; kizuna report topics --min-mentions N).", p.W-1)
	}
	if tv.open {
		r := d.rows[tv.cursor]
		head := p.Th.Bold.Render(fmt.Sprintf("%s · %d mentions · NPS of mentioners %s · impact %s ±%s", r.Topic, r.Mentions,
			chart.Score(r.NPSMentioners), signed(r.Impact), chart.Score(r.ImpactMOE95)))
		cols := []chart.Column{{Title: "score", Right: true}, {Title: "comment", Max: 200}}
		rows := make([][]string, len(r.Mentioners))
		for j, i := range r.Mentioners {
			rows[j] = []string{chart.Cell(chart.Get(d.answers, i, "score")),
				p.highlight(oneLine(chart.Str(chart.Get(d.answers, i, "comment"))), r.Topic)}
		}
		return kit.Lines(head, chart.Table(p.Th, cols, rows, tv.line, p.Focused, p.W, p.H-4),
			p.Th.Muted.Render("esc: back to the topics"))
	}
	cols := []chart.Column{{Title: "topic", Max: 30}, {Title: "mentions", Right: true}, {Title: "P", Right: true},
		{Title: "Pa", Right: true}, {Title: "D", Right: true}, {Title: "NPS", Right: true}, {Title: "impact", Right: true}, {Title: "±95%", Right: true}}
	rows := make([][]string, len(d.rows))
	for j, r := range d.rows {
		rows[j] = []string{r.Topic, chart.Cell(int64(r.Mentions)), chart.Cell(int64(r.Promoters)), chart.Cell(int64(r.Passives)),
			chart.Cell(int64(r.Detractors)), chart.Score(r.NPSMentioners), signed(r.Impact), chart.Score(r.ImpactMOE95)}
	}
	note := p.Th.Muted.Render("impact = NPS(all) − NPS(all without the mentioners), NPS answers only; enter: the comments")
	return kit.Lines(note, chart.Table(p.Th, cols, rows, tv.cursor, p.Focused, p.W, p.H-3))
}

func signed(v float64) string {
	s := chart.Score(v)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// highlight marks the words of topic in text (a Japanese phrase by its
// parts: 配送が遅い → 配送, 遅).
func (p *Pane) highlight(text, topic string) string {
	parts := strings.Fields(strings.ReplaceAll(topic, "が", " "))
	lower := topics.Normalize(text)
	if len([]rune(lower)) != len([]rune(text)) {
		lower = text // width folding changed the length: match as written
	}
	var b strings.Builder
	rs, ls := []rune(text), []rune(lower)
	for i := 0; i < len(rs); {
		hit := 0
		for _, w := range parts {
			w = strings.TrimSuffix(strings.TrimSuffix(w, "い"), "る") // 遅い matches 遅く
			wr := []rune(w)
			if len(wr) > 0 && i+len(wr) <= len(ls) && string(ls[i:i+len(wr)]) == w {
				hit = max(hit, len(wr))
			}
		}
		if hit > 0 {
			b.WriteString(p.Th.Selected.Render(string(rs[i : i+hit])))
			i += hit
			continue
		}
		b.WriteRune(rs[i])
		i++
	}
	return b.String()
}
