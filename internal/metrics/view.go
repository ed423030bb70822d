package metrics

import (
	"context"
	"fmt"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// SQL is a query's text with its bound arguments.
type SQL struct {
	Text string
	Args []any
}

// ViewSpec asks for what a workbench pane shows of one metric.
type ViewSpec struct {
	Metric string
	Role   string // the table(s) whose rows the metric counts, comma-separated: none in any, an empty view
	By     string // the breakdown ("" = the metric's own one row)
	// Pick, when set, chooses the breakdown from the customer dimensions
	// (a pane's default: region, the first dimension, …) instead of By.
	Pick   func(dims []string) string
	Drills []string // queries of queries/ behind the numbers (drill_nps, …), built for By
	Trend  bool     // also the metric by period (p.Period, month when unset)
	Total  bool     // also the metric over everyone (the headline), when By is set
	// Extras are more metrics or queries of queries/ the pane shows beside
	// the metric (rfm_grid, churn), run for the same parameters and By.
	Extras []string
}

// View is everything a pane shows of a metric, from one request: whether
// there is anything to show, the customer dimensions to break down by,
// the rows by the breakdown and their SQL, the drills, and the trend.
type View struct {
	Empty      bool
	Dimensions []string
	By         string // the breakdown used
	Groups     *model.Table
	Total      *model.Table // everyone's row (Groups itself without a breakdown)
	Query      SQL
	Drills     map[string]SQL
	Trend      *model.Table
	TrendQuery SQL
	Notes      []string
	Extras     map[string]*model.Table
	ExtraQuery map[string]SQL
}

// LoadView computes spec for p; the facts of the data are q's (remembered
// when q is a Memo).
func LoadView(ctx context.Context, q Querier, spec ViewSpec, p Params) (*View, error) {
	q = Remember(q)
	f, err := FactsOf(ctx, q)
	if err != nil {
		return nil, err
	}
	v := &View{Dimensions: f.Dimensions(), Drills: map[string]SQL{}, Extras: map[string]*model.Table{}, ExtraQuery: map[string]SQL{}}
	if spec.Role != "" && f.Count(strings.Split(spec.Role, ",")...) == 0 {
		v.Empty = true
		return v, nil
	}
	if spec.Pick != nil {
		spec.By = spec.Pick(v.Dimensions)
	}
	v.By = spec.By
	gp := p
	gp.By = spec.By
	res, err := Run(ctx, q, spec.Metric, gp)
	if err != nil {
		return nil, err
	}
	v.Groups, v.Total, v.Notes = &res.Table, &res.Table, res.Notes
	if spec.Total && spec.By != "" {
		tp := p
		tp.By = ""
		all, err := Run(ctx, q, spec.Metric, tp)
		if err != nil {
			return nil, err
		}
		v.Total = &all.Table
	}
	if v.Query.Text, v.Query.Args, _, err = Build(ctx, q, spec.Metric, gp); err != nil {
		return nil, err
	}
	for _, d := range spec.Drills {
		var s SQL
		if s.Text, s.Args, err = BuildQuery(ctx, q, d, gp); err != nil {
			return nil, err
		}
		v.Drills[d] = s
	}
	for _, x := range spec.Extras {
		var s SQL
		if s.Text, s.Args, err = BuildQuery(ctx, q, x, gp); err != nil {
			return nil, err
		}
		var t *model.Table
		if _, metric := Lookup(x); metric {
			res, err := Run(ctx, q, x, gp)
			if err != nil {
				return nil, err
			}
			t = &res.Table
		} else if t, err = Query(ctx, q, s.Text, s.Args...); err != nil {
			return nil, fmt.Errorf("%s: %w", x, err)
		}
		v.Extras[x], v.ExtraQuery[x] = t, s
	}
	if spec.Trend {
		tp := p
		tp.By = p.Period
		if tp.By == "" {
			tp.By = "month"
		}
		tr, err := Run(ctx, q, spec.Metric, tp)
		if err != nil {
			return nil, err
		}
		v.Trend = &tr.Table
		if v.TrendQuery.Text, v.TrendQuery.Args, _, err = Build(ctx, q, spec.Metric, tp); err != nil {
			return nil, err
		}
	}
	return v, nil
}
