package metrics

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/topics"
)

// Side is one group of a comparison: its own filters and date range on
// top of the shared parameters.
type Side struct {
	Label    string
	Where    []Filter
	From, To string
}

// ParseSide reads "region=九州,plan=premium" or "from=2025-01-01,to=2025-03-31"
// (keys from and to give the side's date range; other keys are filters).
func ParseSide(spec string) (Side, error) {
	s := Side{Label: spec}
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return s, usagef("compare: %q: want DIM=VALUE[,DIM=VALUE…] (from=DATE and to=DATE for a period)", spec)
		}
		switch k {
		case "from":
			s.From = strings.TrimSpace(v)
		case "to":
			s.To = strings.TrimSpace(v)
		default:
			s.Where = append(s.Where, Filter{Dim: k, Value: v})
		}
	}
	return s, nil
}

// compared says, per metric that compare supports, which column holds
// the value, the count behind it and how its interval is found.
var compared = map[string]struct{ value, n, hits string }{
	"nps":     {"nps", "responses", ""},
	"csat":    {"csat", "responses", "satisfied"},
	"repeat":  {"repeat_rate", "customers", ""},
	"reviews": {"positive_share", "reviews", ""},
	// One value out of many rows (summary): retention at +1 of the
	// complete cohorts, churn over the periods reported.
	"retention": {"retention", "size", "active"},
	"churn":     {"churn_rate", "active_start", "churned"},
}

// ComparedMetrics lists the metrics compare supports.
func ComparedMetrics() []string {
	return []string{"nps", "csat", "repeat", "reviews", "retention", "churn"}
}

// CompareColumns are the columns of Compare's one row.
// Rows after the first (metric "topic_share") are the comment topics whose
// share moved most between the sides, named in topic (null in the first).
var CompareColumns = []string{"metric", "a", "b", "value_a", "value_b", "n_a", "n_b", "difference", "moe95", "significant", "topic"}

// Compare runs metric for sides a and b (each on top of p) and returns
// both values, the difference a − b, its 95% margin and whether the
// interval excludes 0. NPS: 1.96·√(Var_a/n_a + Var_b/n_b) with Var the
// variance of the +100/0/−100 score; rates (CSAT, repeat rate, positive
// share, retention at +1, churn): the two-proportion interval
// 100·1.96·√(p_a(1−p_a)/n_a + p_b(1−p_b)/n_b), significant when the
// two-proportion z-test's z = (p_a − p_b)/√(p(1−p)(1/n_a + 1/n_b)), p
// pooled, is beyond ±1.96 (interval.Props); NPS: when the interval
// leaves out 0.
// Retention and churn are first pooled into one rate (summary). When both
// sides have comments, the rows after the first are the topics whose share
// of the comments moved most (shiftRows).
func Compare(ctx context.Context, q Querier, metric string, p Params, a, b Side) (*Result, error) {
	spec, ok := compared[metric]
	if !ok {
		return nil, usagef("compare: %q is not comparable: want one of %s", metric, strings.Join(ComparedMetrics(), " "))
	}
	if p.By != "" {
		return nil, usagef("compare: --by does not apply (the sides are the groups)")
	}
	var vals [2]map[string]any
	asOf := ""
	for i, s := range []Side{a, b} {
		r, err := Run(ctx, q, metric, sideParams(p, s))
		if err != nil {
			return nil, fmt.Errorf("compare %s: %w", s.Label, err)
		}
		if vals[i] = summary(metric, &r.Table); vals[i] == nil {
			if len(r.Rows) != 1 {
				return nil, fmt.Errorf("compare %s: %d rows", s.Label, len(r.Rows))
			}
			vals[i] = map[string]any{}
			for j, c := range r.Columns {
				vals[i][c] = r.Rows[0][j]
			}
		}
		asOf = r.AsOf
	}
	num := func(v any) float64 {
		if f, ok := toF(v); ok {
			return f
		}
		return math.NaN()
	}
	va, vb := num(vals[0][spec.value]), num(vals[1][spec.value])
	na, nb := num(vals[0][spec.n]), num(vals[1][spec.n])
	moe, z := math.NaN(), math.NaN()
	switch {
	case na <= 0 || nb <= 0 || math.IsNaN(na) || math.IsNaN(nb):
		// a side without answers has no interval
	case metric == "nps":
		moe = topics.DiffMOE95(int(num(vals[0]["promoters"])), int(num(vals[0]["detractors"])), int(na),
			int(num(vals[1]["promoters"])), int(num(vals[1]["detractors"])), int(nb))
	default:
		pa, pb := va/100, vb/100
		moe = 100 * 1.96 * math.Sqrt(pa*(1-pa)/na+pb*(1-pb)/nb)
		_, _, z, _ = interval.Props(int64(math.Round(pa*na)), int64(na), int64(math.Round(pb*nb)), int64(nb))
	}
	if math.IsNaN(na) {
		na = 0
	}
	if math.IsNaN(nb) {
		nb = 0
	}
	row := []any{metric, a.Label, b.Label, orNil(va), orNil(vb), int64(na), int64(nb), orNil(va - vb), orNil(moe), nil, nil}
	switch {
	case !math.IsNaN(z): // a rate: the two-proportion z-test
		row[9] = interval.SignificantZ(z)
	case !math.IsNaN(va-vb) && !math.IsNaN(moe):
		row[9] = math.Abs(va-vb) > moe
	}
	rows := [][]any{row}
	shifts, err := shiftRows(ctx, q, metric, p, a, b)
	if err != nil {
		return nil, err
	}
	rows = append(rows, shifts...)
	return &Result{Metric: "compare", AsOf: asOf, Table: model.Table{Columns: CompareColumns, Rows: rows}}, nil
}
