package metrics

import (
	"context"
	"fmt"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// LoadView is Run and Build for the breakdown, everyone and the trend, in
// one call; a view over a table without rows is empty.
func TestLoadView(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, overviewFixture)
	p := Params{AsOf: "2024-06-30"}
	v, err := LoadView(context.Background(), db, ViewSpec{Metric: "nps", Role: "responses", By: "region",
		Drills: []string{"drill_nps"}, Trend: true, Total: true}, p)
	if err != nil {
		t.Fatal(err)
	}
	same := func(what string, got *model.Table, want Params) {
		t.Helper()
		r := run(t, db, "nps", want)
		if g, w := fmt.Sprint(got.Columns, got.Rows), fmt.Sprint(r.Columns, r.Rows); g != w {
			t.Errorf("%s:\n%s\nwant\n%s", what, g, w)
		}
	}
	same("groups", v.Groups, Params{AsOf: "2024-06-30", By: "region"})
	same("total", v.Total, Params{AsOf: "2024-06-30"})
	same("trend", v.Trend, Params{AsOf: "2024-06-30", By: "month"})
	mustEqual(t, "dimensions", fmt.Sprint(v.Dimensions), "[region]")
	if text, _, _ := BuildQuery(context.Background(), db, "drill_nps", Params{AsOf: "2024-06-30", By: "region"}); v.Drills["drill_nps"].Text != text {
		t.Error("drill_nps is not the drill built for the breakdown")
	}
	// No events: a view over them is empty.
	if e, err := LoadView(context.Background(), db, ViewSpec{Metric: "funnel", Role: "events"}, p); err != nil || !e.Empty {
		t.Errorf("view over no events: %+v, %v", e, err)
	}
	// Several tables: empty only when all are; extras are run for the
	// same parameters (a metric as Run gives it, a query of queries/ as
	// its built SQL gives it).
	if e, err := LoadView(context.Background(), db, ViewSpec{Metric: "repeat", Role: "events,orders"}, p); err != nil || e.Empty {
		t.Errorf("view over events or orders (orders loaded) is empty: %v", err)
	}
	x, err := LoadView(context.Background(), db, ViewSpec{Metric: "rfm", Role: "orders", Extras: []string{"rfm_grid", "repeat"}}, p)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, db, "repeat", p)
	mustEqual(t, "repeat extra", fmt.Sprint(x.Extras["repeat"].Rows), fmt.Sprint(r.Rows))
	text, args, _ := BuildQuery(context.Background(), db, "rfm_grid", p)
	grid, err := Query(context.Background(), db, text, args...)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "rfm_grid extra", fmt.Sprint(x.Extras["rfm_grid"].Rows), fmt.Sprint(grid.Rows))
	mustEqual(t, "rfm_grid cells", int64(len(grid.Rows)), 25)
	mustEqual(t, "rfm_grid SQL", x.ExtraQuery["rfm_grid"].Text, text)
}
