package metrics

import (
	"fmt"
	"reflect"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// NPSRow is a row of the nps metric (queries/nps.sql), by name.
type NPSRow struct {
	Group      string   `col:"group"`
	Responses  int64    `col:"responses"`
	Promoters  int64    `col:"promoters"`
	Passives   int64    `col:"passives"`
	Detractors int64    `col:"detractors"`
	NPS        *float64 `col:"nps"`   // nil without responses
	MOE95      *float64 `col:"moe95"` // the 95% margin of error, points
	LowSample  bool     `col:"low_sample"`
}

// RFMSegmentRow is a row of the rfm metric (queries/rfm.sql).
type RFMSegmentRow struct {
	Segment        string   `col:"segment"`
	Customers      int64    `col:"customers"`
	Share          float64  `col:"share"` // % of the scored customers
	AvgRecencyDays *float64 `col:"avg_recency_days"`
	AvgFrequency   *float64 `col:"avg_frequency"`
	AvgMonetary    *float64 `col:"avg_monetary"`
	RevenueShare   *float64 `col:"revenue_share"` // nil when the scored revenue is 0
}

// RFMCell is a cell of the R×F grid (queries/rfm_grid.sql).
type RFMCell struct {
	R         int64 `col:"r"`
	F         int64 `col:"f"`
	Customers int64 `col:"customers"`
}

// FunnelRow is a row of the funnel metric (queries/funnel.sql): a stage,
// in funnel order (Stage set), or a line of the current-stage
// distribution (CurrentStage set).
type FunnelRow struct {
	Group                  string   `col:"group"`
	Stage                  string   `col:"stage"`
	Customers              int64    `col:"customers"`
	ConversionFromPrevious *float64 `col:"conversion_from_previous"`
	ConversionFromFirst    *float64 `col:"conversion_from_first"`
	MedianDays             *float64 `col:"median_days_from_previous"`
	CurrentStage           string   `col:"current_stage"`
}

// RetentionCell is a row of the retention metric (queries/retention.sql):
// a cohort's members active in period cohort+Offset.
type RetentionCell struct {
	Group     string   `col:"group"`
	Cohort    string   `col:"cohort"`
	Offset    int64    `col:"offset"`
	Size      int64    `col:"size"`
	Active    int64    `col:"active"`
	Retention *float64 `col:"retention"`
	Partial   bool     `col:"partial"` // the period of as_of
}

// ChurnRow is a row of the churn metric from activity (queries/churn.sql).
type ChurnRow struct {
	Group       string   `col:"group"`
	Period      string   `col:"period"`
	ActiveStart int64    `col:"active_start"`
	Churned     int64    `col:"churned"`
	New         int64    `col:"new"`
	Reactivated int64    `col:"reactivated"`
	ChurnRate   *float64 `col:"churn_rate"`
}

// EngagementRow is a row of the engagement metric (queries/engagement.sql).
type EngagementRow struct {
	Group          string   `col:"group"`
	Posts          int64    `col:"posts"`
	Impressions    *float64 `col:"impressions"`
	Interactions   *float64 `col:"interactions"`
	EngagementRate *float64 `col:"engagement_rate"` // nil without impressions
}

// Rows decodes t into T, a struct whose fields name their column with the
// tag `col:"name"`: string, int64, float64, bool, *float64 (NULL is nil)
// or any; a nil table has no rows. A column the struct names that t lacks, or a value of another
// kind, is an error naming the column, so a query and the pane that reads
// it cannot drift apart unnoticed.
func Rows[T any](t *model.Table) ([]T, error) {
	if t == nil {
		return nil, nil
	}
	var zero T
	rt := reflect.TypeOf(zero)
	if rt.Kind() != reflect.Struct {
		return nil, fmt.Errorf("rows: %s is not a struct", rt)
	}
	idx := map[string]int{}
	for i, c := range t.Columns {
		idx[c] = i
	}
	type field struct{ f, c int }
	var fields []field
	for i := 0; i < rt.NumField(); i++ {
		name := rt.Field(i).Tag.Get("col")
		if name == "" {
			continue
		}
		c, ok := idx[name]
		if !ok {
			return nil, fmt.Errorf("rows: the result has no column %q for %s.%s (columns: %v)", name, rt.Name(), rt.Field(i).Name, t.Columns)
		}
		fields = append(fields, field{i, c})
	}
	out := make([]T, len(t.Rows))
	for r, row := range t.Rows {
		v := reflect.ValueOf(&out[r]).Elem()
		for _, f := range fields {
			if err := set(v.Field(f.f), row[f.c]); err != nil {
				return nil, fmt.Errorf("rows: row %d column %q: %w", r, t.Columns[f.c], err)
			}
		}
	}
	return out, nil
}

func set(dst reflect.Value, x any) error {
	if x == nil {
		if dst.Kind() == reflect.Pointer || dst.Kind() == reflect.Interface {
			return nil // nil
		}
		if dst.Kind() == reflect.String || dst.Kind() == reflect.Bool || dst.Kind() == reflect.Int64 || dst.Kind() == reflect.Float64 {
			return nil // the zero value: "", false, 0
		}
	}
	switch dst.Kind() {
	case reflect.Interface:
		dst.Set(reflect.ValueOf(x))
		return nil
	case reflect.String:
		if s, ok := x.(string); ok {
			dst.SetString(s)
			return nil
		}
	case reflect.Bool:
		if b, ok := x.(bool); ok {
			dst.SetBool(b)
			return nil
		}
	case reflect.Int64:
		switch n := x.(type) {
		case int64:
			dst.SetInt(n)
			return nil
		case int:
			dst.SetInt(int64(n))
			return nil
		case int32:
			dst.SetInt(int64(n))
			return nil
		}
	case reflect.Float64:
		if f, ok := toF(x); ok {
			dst.SetFloat(f)
			return nil
		}
	case reflect.Pointer:
		if dst.Type().Elem().Kind() == reflect.Float64 {
			if f, ok := toF(x); ok {
				dst.Set(reflect.ValueOf(&f))
				return nil
			}
		}
	}
	return fmt.Errorf("%T %v does not fit %s", x, x, dst.Type())
}

func toF(x any) (float64, bool) {
	switch n := x.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	}
	return 0, false
}
