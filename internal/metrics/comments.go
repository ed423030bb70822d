package metrics

import (
	"context"
	"fmt"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/topics"
	"github.com/kizuna-dev/kizuna/queries"
)

// Comments returns the non-empty comments of every survey answer under p
// (queries/comments.sql) as group → comments, the group being p.By's value
// ("all" without one; a period label when p.By is month, week or quarter).
// With cohorts set, the groups are the retention cohorts of the answering
// customers instead (queries/comments_cohort.sql; p.By is ignored).
func Comments(ctx context.Context, q Querier, p Params, cohorts bool) (map[string][]string, error) {
	name, role := "comments", "responses"
	if cohorts {
		name, role, p.By = "comments_cohort", "customers", ""
	}
	return comments(ctx, q, p, name, role)
}

// ReviewTexts are the non-empty review texts under p by group
// (queries/comments_reviews.sql), as Comments.
func ReviewTexts(ctx context.Context, q Querier, p Params) (map[string][]string, error) {
	return comments(ctx, q, p, "comments_reviews", "reviews")
}

func comments(ctx context.Context, q Querier, p Params, name, role string) (map[string][]string, error) {
	body, err := queries.Get(name)
	if err != nil {
		return nil, err
	}
	text, args, _, err := BuildSQL(ctx, q, role, body, p)
	if err != nil {
		return nil, err
	}
	t, err := Query(ctx, q, text, args...)
	if err != nil {
		return nil, fmt.Errorf("comments: %w", err)
	}
	out := map[string][]string{}
	for _, r := range t.Rows {
		g, _ := r[0].(string)
		c, _ := r[1].(string)
		out[g] = append(out[g], c)
	}
	return out, nil
}

// TopicOptions are the topic settings of p (kizuna.toml's [topics] and
// [synonyms], --min-mentions).
func TopicOptions(p Params) topics.Options {
	return topics.Options{Named: p.Topics, Synonyms: p.Synonyms, MinMentions: p.MinMentions}
}

// MaxShifts is how many moved topics compare lists.
const MaxShifts = 10

// shiftRows are compare's rows of the topics that moved most between the
// sides' comments (the review texts when the metric is reviews): metric
// "topic_share", value = the share of the side's comments mentioning the
// topic, n = the side's comments.
func shiftRows(ctx context.Context, q Querier, metric string, p Params, a, b Side) ([][]any, error) {
	var texts [2][]string
	for i, s := range []Side{a, b} {
		load := func(ctx context.Context, q Querier, p Params) (map[string][]string, error) {
			return Comments(ctx, q, p, false)
		}
		if metric == "reviews" {
			load = ReviewTexts
		}
		c, err := load(ctx, q, sideParams(p, s))
		if err != nil {
			return nil, err
		}
		texts[i] = c["all"]
	}
	var rows [][]any
	for i, s := range topics.Shifts(texts[0], texts[1], TopicOptions(p)) {
		if i == MaxShifts {
			break
		}
		rows = append(rows, []any{"topic_share", a.Label, b.Label, s.ShareA, s.ShareB, int64(s.NA), int64(s.NB),
			s.Diff, s.MOE95, s.Significant(), s.Topic})
	}
	return rows, nil
}

// summary turns the rows of retention (per cohort and offset) or churn (per
// period) into the one value compare compares:
//   - retention: retention at offset +1 pooled over the complete cohorts,
//     100·Σ active/Σ size (the Retention pane's headline);
//   - churn: churn pooled over the periods reported,
//     100·Σ churned/Σ active_start.
func summary(metric string, t *model.Table) map[string]any {
	sum := func(col string, keep func(i int) bool) int64 {
		var n int64
		for i, r := range t.Rows {
			if !keep(i) {
				continue
			}
			switch v := r[t.Col(col)].(type) {
			case int64:
				n += v
			case int32:
				n += int64(v)
			case float64:
				n += int64(v)
			}
		}
		return n
	}
	rate := func(k, n int64) any {
		if n == 0 {
			return nil
		}
		return 100 * float64(k) / float64(n)
	}
	switch metric {
	case "retention":
		cell := func(i int) bool {
			o, _ := t.Rows[i][t.Col("offset")].(int64)
			return o == 1 && t.Rows[i][t.Col("partial")] != true
		}
		a, n := sum("active", cell), sum("size", cell)
		return map[string]any{"retention": rate(a, n), "active": a, "size": n}
	case "churn":
		all := func(int) bool { return true }
		c, n := sum("churned", all), sum("active_start", all)
		return map[string]any{"churn_rate": rate(c, n), "churned": c, "active_start": n}
	}
	return nil
}

// sideParams are p with side s's filters and range on top.
func sideParams(p Params, s Side) Params {
	ps := p
	ps.Where = append(append([]Filter(nil), p.Where...), s.Where...)
	if s.From != "" {
		ps.From = s.From
	}
	if s.To != "" {
		ps.To = s.To
	}
	return ps
}
