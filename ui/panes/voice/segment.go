package voice

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/topics"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
)

// saveKey saves the selected topic's mentioners as a segment (issue 12).
var saveKey = key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "save mentioners as segment"))

// saveMentioners opens the rows of the NPS answers that mention the
// selected topic — found in SQL by the topic's pattern (topics.Pattern),
// so the segment is a predicate — with the segment name input open.
func (p *Pane) saveMentioners() tea.Cmd {
	tv := &p.topics
	if tv.data == nil || tv.cursor >= len(tv.data.rows) {
		return nil
	}
	topic := tv.data.rows[tv.cursor].Topic
	pattern := topics.Pattern(topic, p.P.Topics, p.P.Synonyms)
	db, params, ctx := p.Env.DB, p.P, p.Env.Ctx
	params.By = ""
	return func() tea.Msg {
		q, err := kit.BuildQuery(ctx, db, "drill_topic", params)
		if err != nil {
			return nil
		}
		return kit.DrillSave("Mentioners of the topic "+topic, q, kit.Named("kz_pattern", pattern))()
	}
}
