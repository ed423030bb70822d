package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// Series gives, in one query, what each metric grouped by month gives on
// its own; a metric that cannot run is left out with its error.
func TestSeriesMatchesRun(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, overviewFixture)
	p := Params{AsOf: "2024-06-30"}
	specs := []SeriesSpec{{"repeat", []string{"customers", "revenue", "repeat_rate"}}, {"nps", []string{"nps"}},
		{"csat", []string{"csat"}}, {"reviews", []string{"avg_rating"}}, {"engagement", []string{"engagement_rate"}}}
	c := &countQ{Querier: db}
	memo := Remember(c)
	if _, err := memo.Facts(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.n = 0
	got, errs, err := Series(context.Background(), memo, p, specs)
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	if c.n != 1 {
		t.Errorf("Series ran %d queries, want 1", c.n)
	}
	// By hand: NPS responses Feb 8 (passive), Mar 0, Apr 10, May 9, Jun 3.
	mustEqual(t, "nps series", fmt.Sprint(got["nps"]["nps"]), "[{2024-02 0} {2024-03 -100} {2024-04 100} {2024-05 100} {2024-06 -100}]")
	for _, s := range specs {
		pm := p
		pm.By = "month"
		r := run(t, db, s.Metric, pm)
		for _, col := range s.Columns {
			var want []Point
			for i := range r.Rows {
				m := rowMap(r, i)
				switch v := m[col].(type) {
				case float64:
					want = append(want, Point{fmt.Sprint(m["group"]), v})
				case int64:
					want = append(want, Point{fmt.Sprint(m["group"]), float64(v)})
				}
			}
			mustEqual(t, s.Metric+" "+col, fmt.Sprint(got[s.Metric][col]), fmt.Sprint(want))
		}
	}
	// Undated responses only: retention needs dates and is left out
	// with its error; NPS still comes back, its responses in "(no date)".
	db2 := fixture(t, nil, `INSERT INTO responses (customer_id, score) VALUES ('a', 10), ('b', 0), ('c', 9)`)
	got, errs, err = Series(context.Background(), db2, Params{}, []SeriesSpec{{"retention", []string{"retention"}}, {"nps", []string{"nps"}}})
	if err != nil {
		t.Fatal(err)
	}
	if errs["retention"] == nil {
		t.Errorf("retention without dates: no error, series %v", got["retention"])
	}
	mustEqual(t, "undated nps", fmt.Sprint(got["nps"]["nps"]), fmt.Sprint([]Point{{"(no date)", 100.0 / 3}}))
}

type countQ struct {
	Querier
	n int
}

func (c *countQ) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Querier.QueryContext(ctx, q, args...)
}
