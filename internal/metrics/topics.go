package metrics

import (
	"math"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/topics"
)

// topicTable turns the NPS answers of queries/topics.sql (group, score,
// comment) into the topics table of SPEC §6.
func topicTable(t *model.Table, p Params) *model.Table {
	if p.TopicMetric == "csat" || p.TopicMetric == "reviews" {
		return valueTopicTable(t, p)
	}
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

// CSATTopicColumns and ReviewTopicColumns are the topics table's columns
// for --metric csat and --metric reviews.
var (
	CSATTopicColumns   = []string{"group", "topic", "mentions", "satisfied", "csat_mentioners", "impact", "impact_moe95"}
	ReviewTopicColumns = []string{"group", "topic", "mentions", "avg_rating_mentioners", "impact", "impact_moe95"}
)

// valueTopicTable is the topics table of CSAT answers (value 100 when
// score ≥ 4, else 0: their mean is CSAT) or of reviews (value = rating).
func valueTopicTable(t *model.Table, p Params) *model.Table {
	g, s, c := t.Col("group"), t.Col("score"), t.Col("comment")
	csat := p.TopicMetric == "csat"
	ans := make([]topics.Scored, 0, len(t.Rows))
	for _, r := range t.Rows {
		var score float64
		switch v := r[s].(type) {
		case int64:
			score = float64(v)
		case int32:
			score = float64(v)
		case float64:
			score = v
		}
		if csat {
			if score >= 4 {
				score = 100
			} else {
				score = 0
			}
		}
		group, _ := r[g].(string)
		comment, _ := r[c].(string)
		ans = append(ans, topics.Scored{Group: group, Value: score, Comment: comment})
	}
	rows := topics.AnalyzeValues(ans, topics.Options{Named: p.Topics, Synonyms: p.Synonyms, MinMentions: p.MinMentions})
	out := &model.Table{Columns: ReviewTopicColumns}
	if csat {
		out.Columns = CSATTopicColumns
	}
	for _, r := range rows {
		row := []any{r.Group, r.Topic, int64(r.Mentions)}
		if csat {
			row = append(row, int64(math.Round(r.MeanMentioners*float64(r.Mentions)/100)))
		}
		out.Rows = append(out.Rows, append(row, r.MeanMentioners, orNil(r.Impact), orNil(r.ImpactMOE95)))
	}
	return out
}
