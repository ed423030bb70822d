package overview

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// KPI is one tile: the overview row it shows, the role that feeds it, the
// metric (grouped by period) whose column gives its sparkline, and the pane
// enter jumps to (0-based, SPEC order).
type KPI struct {
	Name, Label, Role string
	Series, Column    string
	Jump              int
	Kind              string // count | money | rate | score
}

// KPIs are the tiles in order, three per row.
var KPIs = []KPI{
	{"customers", "Customers", "orders", "repeat", "customers", 1, "count"},
	{"orders", "Orders", "orders", "repeat", "orders", 1, "count"},
	{"revenue", "Revenue", "orders", "repeat", "revenue", 1, "money"},
	{"aov", "Avg order value", "orders", "repeat", "aov", 1, "money"},
	{"repeat_rate", "Repeat rate", "orders", "repeat", "repeat_rate", 1, "rate"},
	{"nps", "NPS", "responses", "nps", "nps", 2, "score"},
	{"csat", "CSAT", "responses", "csat", "csat", 2, "rate"},
	{"avg_rating", "Avg rating", "reviews", "reviews", "avg_rating", 6, "rating"},
	{"engagement_rate", "Engagement rate", "posts", "engagement", "engagement_rate", 7, "rate"},
}

// Value is one KPI's numbers (nil when they do not exist).
type Value struct {
	Value, Previous, Change any
}

// Data is what one load of the pane brings back.
type Data struct {
	AsOf      string
	Values    map[string]Value
	Table     *model.Table
	SQL       string
	Err       error                // the overview query's error
	Series    map[string][]float64 // KPI name → values per period, oldest first
	Periods   map[string][]string  // KPI name → period labels
	SeriesErr map[string]error     // metric name → error
}

// Load runs the overview and, grouped by p.Period, the metrics behind the
// sparklines. A failing series does not hide the others.
func Load(ctx context.Context, db metrics.Querier, p metrics.Params) (*Data, error) {
	d := &Data{Values: map[string]Value{}, Series: map[string][]float64{},
		Periods: map[string][]string{}, SeriesErr: map[string]error{}}
	p.By = ""
	text, args, asOf, err := metrics.Build(ctx, db, "overview", p)
	if err == nil {
		d.AsOf, d.SQL = asOf, rows.BoundSQL(text, args)
		d.Table, err = metrics.Query(ctx, db, text, args...)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		d.Err = err
	} else {
		k, v, pr, ch := d.Table.Col("kpi"), d.Table.Col("value"), d.Table.Col("previous"), d.Table.Col("change")
		for _, r := range d.Table.Rows {
			if k < 0 || v < 0 {
				break
			}
			val := Value{Value: r[v]}
			if pr >= 0 {
				val.Previous = r[pr]
			}
			if ch >= 0 {
				val.Change = r[ch]
			}
			d.Values[fmt.Sprint(r[k])] = val
		}
	}
	sp := p
	if sp.Period == "" {
		sp.Period = "month"
	}
	sp.By = sp.Period
	done := map[string]*metrics.Result{}
	for _, kpi := range KPIs {
		res, ok := done[kpi.Series]
		if !ok {
			if _, failed := d.SeriesErr[kpi.Series]; failed {
				continue
			}
			res, err = metrics.Run(ctx, db, kpi.Series, sp)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				d.SeriesErr[kpi.Series] = err
				continue
			}
			done[kpi.Series] = res
		}
		g, c := res.Col("group"), res.Col(kpi.Column)
		if g < 0 || c < 0 {
			continue
		}
		for _, r := range res.Rows {
			f, ok := toFloat(r[c])
			if !ok {
				continue
			}
			d.Series[kpi.Name] = append(d.Series[kpi.Name], f)
			d.Periods[kpi.Name] = append(d.Periods[kpi.Name], fmt.Sprint(r[g]))
		}
	}
	return d, nil
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x)
	}
	return 0, false
}

// FormatValue writes a KPI's value for a tile.
func FormatValue(kind string, v any) string {
	f, ok := toFloat(v)
	if !ok {
		return "—"
	}
	if kind == "rate" {
		return numfmt.Screen.Fixed(f, 1) + "%"
	}
	return numfmt.Screen.Fixed(f, decimals(kind, f))
}

// decimals is how many decimals a KPI of kind shows.
func decimals(kind string, f float64) int {
	switch kind {
	case "count":
		return 0
	case "money":
		if math.Abs(f) >= 1000 {
			return 0
		}
		return 2
	case "rate", "score":
		return 1
	}
	return 2
}

// FormatChange writes value − previous with an arrow: ▲ up, ▼ down, = same.
func FormatChange(kind string, change any) (string, int) {
	f, ok := toFloat(change)
	if !ok {
		return "no previous range", 0
	}
	arrow, sign := "=", 0
	switch {
	case f > 0:
		arrow, sign = "▲", 1
	case f < 0:
		arrow, sign = "▼", -1
	}
	n := numfmt.Screen.Fixed(f, decimals(kind, f))
	if !strings.HasPrefix(n, "-") {
		n = "+" + n
	}
	if kind == "rate" || kind == "score" {
		n += " pts"
	}
	return arrow + " " + n, sign
}
