package topics

import (
	"math"
	"sort"
)

// Scored is one answer whose metric is a mean of a value per answer: a
// CSAT answer (100 when satisfied, else 0: the mean is CSAT) or a review
// (its rating: the mean is the average rating).
type Scored struct {
	Group   string
	Value   float64
	Comment string
}

// ValueRow is one topic in one group for a mean metric (CSAT, average
// rating): the mentions, the mean of the mentioners, and the impact
// mean(all) − mean(all without the mentioners) with its 95% margin
// (n_m/n)·1.96·√(Var_m/n_m + Var_rest/n_rest), Var the population
// variance of the values on each side — as Row does for NPS, whose
// +100/0/−100 answer is such a value too.
type ValueRow struct {
	Group          string
	Topic          string
	Mentions       int
	MeanMentioners float64
	Impact         float64 // NaN when every answer mentions the topic
	ImpactMOE95    float64 // NaN likewise
	Mentioners     []int
}

// AnalyzeValues finds the topics of the answers' comments (as Analyze
// does) and their impact on the mean value, per group; rows are sorted by
// group, then impact (most negative first).
func AnalyzeValues(ans []Scored, o Options) []ValueRow {
	o = o.withDefaults()
	mentions, groups, names := prepare(len(ans), func(i int) (string, string) { return ans[i].Comment, ans[i].Group }, o)
	var out []ValueRow
	for _, g := range names {
		var tot moments
		for _, i := range groups[g] {
			tot.add(ans[i].Value)
		}
		var rows []ValueRow
		for topic, idx := range mentions {
			var m []int
			var mm moments
			for _, i := range idx {
				if ans[i].Group == g {
					m = append(m, i)
					mm.add(ans[i].Value)
				}
			}
			if len(m) < o.MinMentions {
				continue
			}
			r := ValueRow{Group: g, Topic: topic, Mentions: len(m), MeanMentioners: mm.mean(),
				Impact: math.NaN(), ImpactMOE95: math.NaN(), Mentioners: m}
			rest := moments{n: tot.n - mm.n, sum: tot.sum - mm.sum, sq: tot.sq - mm.sq}
			if rest.n > 0 {
				r.Impact = tot.mean() - rest.mean()
				share := float64(mm.n) / float64(tot.n)
				r.ImpactMOE95 = share * 1.96 * math.Sqrt(mm.variance()/float64(mm.n)+rest.variance()/float64(rest.n))
			}
			rows = append(rows, r)
		}
		sort.Slice(rows, func(a, b int) bool {
			if rows[a].Impact != rows[b].Impact {
				return rows[a].Impact < rows[b].Impact
			}
			return rows[a].Topic < rows[b].Topic
		})
		out = append(out, rows...)
	}
	return out
}

// moments are the count, sum and sum of squares of values.
type moments struct {
	n       int
	sum, sq float64
}

func (m *moments) add(v float64) { m.n++; m.sum += v; m.sq += v * v }

func (m moments) mean() float64 { return m.sum / float64(m.n) }

// variance is the population variance Σ(v − mean)²/n, never below 0.
func (m moments) variance() float64 {
	mu := m.mean()
	return math.Max(0, m.sq/float64(m.n)-mu*mu)
}
