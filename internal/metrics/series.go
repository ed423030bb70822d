package metrics

import (
	"context"
	"fmt"
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
	if p.Period == "" {
		p.Period = "month"
	}
	p.By = p.Period
	t, errs, err := stacked(ctx, q, p, specs)
	if err != nil {
		return nil, nil, err
	}
	out = map[string]map[string][]Point{}
	for _, s := range specs {
		if errs[s.Metric] == nil {
			out[s.Metric] = map[string][]Point{}
		}
	}
	for _, r := range t {
		out[r.metric][r.col] = append(out[r.metric][r.col], Point{Period: r.group, Value: r.v})
	}
	return out, errs, nil
}

// Totals runs the metrics of specs over everyone (no --by) in one query and
// returns, per metric, the asked columns' values (a null value is absent).
// Errors are as Series'.
func Totals(ctx context.Context, q Querier, p Params, specs []SeriesSpec) (out map[string]map[string]float64, errs map[string]error, err error) {
	p.By = ""
	t, errs, err := stacked(ctx, q, p, specs)
	if err != nil {
		return nil, nil, err
	}
	out = map[string]map[string]float64{}
	for _, s := range specs {
		if errs[s.Metric] == nil {
			out[s.Metric] = map[string]float64{}
		}
	}
	for _, r := range t {
		out[r.metric][r.col] = r.v
	}
	return out, errs, nil
}

// cell is one value of a stacked run.
type cell struct {
	metric, group, col string
	v                  float64
}

// stacked runs the metrics of specs for p in one query: each metric's
// query is a subquery whose asked columns are unnested into (metric, group,
// column, value) rows, ordered by metric, column and group.
func stacked(ctx context.Context, q Querier, p Params, specs []SeriesSpec) ([]cell, map[string]error, error) {
	q = Remember(q)
	errs := map[string]error{}
	var parts, names []string
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
		cols := make([]string, len(s.Columns))
		vals := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			cols[i] = "'" + c + "'"
			vals[i] = "CAST(" + Ident(c) + " AS DOUBLE)"
		}
		parts = append(parts, fmt.Sprintf("SELECT '%s' AS metric, \"group\", unnest([%s]) AS col, unnest([%s]) AS v FROM (\n%s\n) kz_%d",
			s.Metric, strings.Join(cols, ", "), strings.Join(vals, ", "), body, len(parts)))
		names = append(names, s.Metric)
	}
	if len(parts) == 0 {
		return nil, errs, nil
	}
	body := "SELECT * FROM (\n" + strings.Join(parts, "\nUNION ALL\n") + "\n) ORDER BY metric, col, \"group\""
	text, args, _, err := BuildSQL(ctx, q, "", body, p)
	if err != nil {
		return nil, nil, err
	}
	t, err := Query(ctx, q, text, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", strings.Join(names, ", "), err)
	}
	var out []cell
	for _, r := range t.Rows {
		if v, ok := r[3].(float64); ok {
			out = append(out, cell{fmt.Sprint(r[0]), fmt.Sprint(r[1]), fmt.Sprint(r[2]), v})
		}
	}
	return out, errs, nil
}
