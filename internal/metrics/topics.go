package metrics

import (
	"math"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/topics"
)

// topicTable turns the NPS answers of queries/topics.sql (group, score,
// comment) into the topics table of SPEC §6.
func topicTable(t *model.Table, p Params) *model.Table {
	g, s, c := t.Col("group"), t.Col("score"), t.Col("comment")
	resps := make([]topics.Response, 0, len(t.Rows))
	for _, r := range t.Rows {
		score, _ := r[s].(int64)
		if v, ok := r[s].(int32); ok {
			score = int64(v)
		}
		group, _ := r[g].(string)
		comment, _ := r[c].(string)
		resps = append(resps, topics.Response{Group: group, Score: int(score), Comment: comment})
	}
	rows := topics.Analyze(resps, topics.Options{Named: p.Topics, Synonyms: p.Synonyms, MinMentions: p.MinMentions})
	out := &model.Table{Columns: topics.Columns}
	for _, r := range rows {
		out.Rows = append(out.Rows, []any{r.Group, r.Topic, int64(r.Mentions), int64(r.Promoters), int64(r.Passives),
			int64(r.Detractors), r.NPSMentioners, orNil(r.Impact), orNil(r.ImpactMOE95)})
	}
	return out
}

// orNil is nil for a value that does not exist (NaN).
func orNil(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}
