package metrics

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/queries"
)

// Point is one period's value of a series.
type Point struct {
	Period string
	Value  float64
}

// SeriesSpec asks for columns of a metric grouped by period.
type SeriesSpec struct {
	Metric  string
	Columns []string
}

// Series runs the metrics of specs grouped by p.Period (month when empty)
// in one query and returns, per metric and column, the values of the
// periods oldest first (null values left out). Each value is the one
// `kizuna report METRIC --by PERIOD` prints. A metric that cannot run on
// this data (its build fails) is left out with its error in errs; the
// others still come back.
func Series(ctx context.Context, q Querier, p Params, specs []SeriesSpec) (out map[string]map[string][]Point, errs map[string]error, err error) {
	q = Remember(q)
	if p.Period == "" {
		p.Period = "month"
	}
	p.By = p.Period
	out, errs = map[string]map[string][]Point{}, map[string]error{}
	var parts []string
	for _, s := range specs {
		if _, _, _, err := Build(ctx, q, s.Metric, p); err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			errs[s.Metric] = err
			continue
		}
		body, err := queries.Get(s.Metric)
		if err != nil {
			return nil, nil, err
		}
		names := make([]string, len(s.Columns))
		vals := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			names[i] = "'" + c + "'"
			vals[i] = "CAST(" + Ident(c) + " AS DOUBLE)"
		}
		parts = append(parts, fmt.Sprintf("SELECT '%s' AS metric, \"group\", unnest([%s]) AS col, unnest([%s]) AS v FROM (\n%s\n) kz_%d",
			s.Metric, strings.Join(names, ", "), strings.Join(vals, ", "), body, len(parts)))
		out[s.Metric] = map[string][]Point{}
	}
	if len(parts) == 0 {
		return out, errs, nil
	}
	body := "SELECT * FROM (\n" + strings.Join(parts, "\nUNION ALL\n") + "\n) ORDER BY metric, col, \"group\""
	text, args, _, err := BuildSQL(ctx, q, "", body, p)
	if err != nil {
		return nil, nil, err
	}
	t, err := Query(ctx, q, text, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", strings.Join(sortedKeys(out), ", "), err)
	}
	for _, r := range t.Rows {
		v, ok := r[3].(float64)
		if !ok {
			continue
		}
		m, c := fmt.Sprint(r[0]), fmt.Sprint(r[2])
		out[m][c] = append(out[m][c], Point{Period: fmt.Sprint(r[1]), Value: v})
	}
	return out, errs, nil
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
