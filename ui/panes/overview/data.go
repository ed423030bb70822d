package overview

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/kizuna-dev/kizuna/internal/interval"
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
	// Margins are the 95% intervals of the current range's NPS, CSAT and
	// repeat rate (KPI name → interval); absent where there is no n.
	Margins map[string]Margin
}

// Margin is a KPI's 95% interval over N answers or customers.
type Margin struct {
	Lo, Hi float64
	N      int64
	NPS    bool // Lo/Hi are NPS ± its margin (else a Wilson interval, in %)
}

// Load runs the overview and, grouped by p.Period, the metrics behind the
// sparklines. A failing series does not hide the others.
func Load(ctx context.Context, db metrics.Querier, p metrics.Params) (*Data, error) {
	d := &Data{Values: map[string]Value{}, Series: map[string][]float64{},
		Periods: map[string][]string{}, SeriesErr: map[string]error{}, Margins: map[string]Margin{}}
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
	if d.Err == nil {
		if err := d.margins(ctx, db, p); err != nil {
			return nil, err
		}
	}
	// One query for every sparkline: the KPIs' metrics grouped by period.
	var specs []metrics.SeriesSpec
	at := map[string]int{}
	for _, kpi := range KPIs {
		if _, ok := at[kpi.Series]; !ok {
			at[kpi.Series] = len(specs)
			specs = append(specs, metrics.SeriesSpec{Metric: kpi.Series})
		}
		specs[at[kpi.Series]].Columns = append(specs[at[kpi.Series]].Columns, kpi.Column)
	}
	series, errs, err := metrics.Series(ctx, db, p, specs)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, s := range specs {
			d.SeriesErr[s.Metric] = err
		}
		return d, nil
	}
	for m, e := range errs {
		d.SeriesErr[m] = e
	}
	for _, kpi := range KPIs {
		for _, pt := range series[kpi.Series][kpi.Column] {
			d.Series[kpi.Name] = append(d.Series[kpi.Name], pt.Value)
			d.Periods[kpi.Name] = append(d.Periods[kpi.Name], pt.Period)
		}
	}
	return d, nil
}

// margins computes the 95% intervals of the current range: NPS and CSAT
// from their counts over the range (one query), the repeat rate from the
// overview's own customers and rate.
func (d *Data) margins(ctx context.Context, db metrics.Querier, p metrics.Params) error {
	lo, hi, ok := currentRange(d.AsOf, p)
	if !ok {
		return nil
	}
	p.From, p.To = lo, hi
	tot, _, err := metrics.Totals(ctx, db, p, []metrics.SeriesSpec{
		{Metric: "nps", Columns: []string{"promoters", "passives", "detractors"}},
		{Metric: "csat", Columns: []string{"satisfied", "responses"}}})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return nil // the tiles keep their values without intervals
	}
	if n := tot["nps"]; n != nil {
		c := interval.Counts{Promoters: int64(n["promoters"]), Passives: int64(n["passives"]), Detractors: int64(n["detractors"])}
		if v, moe, ok := c.NPS(); ok {
			d.Margins["nps"] = Margin{Lo: v - moe, Hi: v + moe, N: c.Promoters + c.Passives + c.Detractors, NPS: true}
		}
	}
	if c := tot["csat"]; c != nil {
		if m, ok := wilson(int64(c["satisfied"]), int64(c["responses"])); ok {
			d.Margins["csat"] = m
		}
	}
	n, okN := toFloat(d.Values["customers"].Value)
	r, okR := toFloat(d.Values["repeat_rate"].Value)
	if okN && okR {
		if m, ok := wilson(int64(math.Round(r*n/100)), int64(n)); ok {
			d.Margins["repeat_rate"] = m
		}
	}
	return nil
}

func wilson(k, n int64) (Margin, bool) {
	lo, hi, ok := interval.Wilson(k, n)
	return Margin{Lo: 100 * lo, Hi: 100 * hi, N: n}, ok
}

// currentRange is overview.sql's current range: --from (else 89 days
// before the end) to --to (else the as-of date), as YYYY-MM-DD.
func currentRange(asOf string, p metrics.Params) (lo, hi string, ok bool) {
	hi = p.To
	if hi == "" {
		hi = asOf
	}
	end, err := time.Parse("2006-01-02", hi)
	if err != nil {
		return "", "", false
	}
	lo = p.From
	if lo == "" {
		lo = end.AddDate(0, 0, -89).Format("2006-01-02")
	}
	return lo, hi, true
}

// FormatMargin writes a KPI's interval for its tile: NPS ± its margin, a
// rate's Wilson interval, and n.
func FormatMargin(m Margin) string {
	if m.NPS {
		return fmt.Sprintf("±%.1f · n=%s", (m.Hi-m.Lo)/2, numfmt.Count(m.N))
	}
	return fmt.Sprintf("95%% CI %.1f–%.1f%% · n=%s", m.Lo, m.Hi, numfmt.Count(m.N))
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
