package metrics

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// The nps metric's result decodes into NPSRow with the values the SQL
// computed; a missing column or a value of another kind is an error.
func TestRowsNPS(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, overviewFixture)
	res := run(t, db, "nps", Params{AsOf: "2024-06-30", By: "region"})
	rows, err := Rows[NPSRow](&res.Table)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(res.Rows) || len(rows) == 0 {
		t.Fatalf("%d rows for %d", len(rows), len(res.Rows))
	}
	for i, r := range rows {
		m := rowMap(res, i)
		mustEqual(t, "group", r.Group, m["group"].(string))
		mustEqual(t, "responses", r.Responses, m["responses"].(int64))
		if r.Promoters+r.Passives+r.Detractors != r.Responses {
			t.Errorf("%s: P+p+D = %d, n = %d", r.Group, r.Promoters+r.Passives+r.Detractors, r.Responses)
		}
		if r.NPS == nil || *r.NPS != m["nps"].(float64) {
			t.Errorf("%s: nps %v, want %v", r.Group, r.NPS, m["nps"])
		}
		want := 100 * float64(r.Promoters-r.Detractors) / float64(r.Responses)
		if !near(*r.NPS, want) {
			t.Errorf("%s: nps %v, from the counts %v", r.Group, *r.NPS, want)
		}
		mustEqual(t, "low_sample", r.LowSample, r.Responses < 30)
	}

	_, err = Rows[NPSRow](&model.Table{Columns: []string{"group", "responses"}, Rows: [][]any{{"a", int64(1)}}})
	if err == nil || !strings.Contains(err.Error(), `no column "promoters"`) {
		t.Errorf("missing column: %v", err)
	}
	cols := []string{"group", "responses", "promoters", "passives", "detractors", "nps", "moe95", "low_sample"}
	_, err = Rows[NPSRow](&model.Table{Columns: cols, Rows: [][]any{{"a", "many", int64(0), int64(0), int64(0), nil, nil, false}}})
	if err == nil || !strings.Contains(err.Error(), `column "responses"`) {
		t.Errorf("a string for an int64: %v", err)
	}
	rs, err := Rows[NPSRow](&model.Table{Columns: cols, Rows: [][]any{{"a", int64(0), int64(0), int64(0), int64(0), nil, nil, true}}})
	if err != nil || rs[0].NPS != nil || !rs[0].LowSample {
		t.Errorf("NULL nps: %+v, %v", rs, err)
	}
}

// The rfm metric and the R×F grid decode into their rows: ten scored
// customers (rfmFixture), the grid's 25 cells hold them all.
func TestRowsRFM(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, rfmFixture)
	p := Params{AsOf: "2024-06-30"}
	res := run(t, db, "rfm", p)
	segs, err := Rows[RFMSegmentRow](&res.Table)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	var share float64
	for _, s := range segs {
		n += s.Customers
		share += s.Share
		if s.AvgMonetary == nil || s.RevenueShare == nil {
			t.Errorf("%s: averages %v %v", s.Segment, s.AvgMonetary, s.RevenueShare)
		}
	}
	mustEqual(t, "scored", n, int64(10))
	mustEqual(t, "shares", share, 100.0)
	text, args, err := BuildQuery(context.Background(), db, "rfm_grid", p)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Query(context.Background(), db, text, args...)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := Rows[RFMCell](g)
	if err != nil {
		t.Fatal(err)
	}
	var inGrid int64
	for i, c := range cells {
		inGrid += c.Customers
		if c.R != int64(i/5+1) || c.F != int64(i%5+1) {
			t.Errorf("cell %d is R%d F%d", i, c.R, c.F)
		}
	}
	mustEqual(t, "cells", int64(len(cells)), int64(25))
	mustEqual(t, "in the grid", inGrid, int64(10))
}

// The funnel decodes into its five stages and the current-stage lines,
// whose customers add up to the customers at the first stage.
func TestRowsFunnel(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, funnelFixture)
	res := run(t, db, "funnel", Params{AsOf: "2024-01-31"})
	rows, err := Rows[FunnelRow](&res.Table)
	if err != nil {
		t.Fatal(err)
	}
	var stages []string
	var first, current int64
	for _, r := range rows {
		switch {
		case r.Stage != "":
			stages = append(stages, r.Stage)
			if r.Stage == "awareness" {
				first = r.Customers
			}
		case r.CurrentStage != "":
			current += r.Customers
		}
	}
	mustEqual(t, "stages", strings.Join(stages, ","), "awareness,consideration,purchase,usage,loyalty")
	mustEqual(t, "awareness", first, int64(6)) // u1 u2 u3 u4 u6 u7 (TestFunnelOrdered)
	if current != first {
		t.Errorf("current-stage lines add up to %d, awareness %d", current, first)
	}
}

// Retention cells and churn periods decode into their rows with the
// values of the hand-worked tests (TestChurnMonthly, retention by hand:
// retention = 100·active/size, only as_of's period is partial).
func TestRowsRetentionAndChurn(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, churnFixture)
	p := Params{InactiveDays: 30, AsOf: "2024-04-30"}
	churn, err := Rows[ChurnRow](&run(t, db, "churn", p).Table)
	if err != nil {
		t.Fatal(err)
	}
	if len(churn) < 2 {
		t.Fatalf("%d churn rows", len(churn))
	}
	// Feb: 3 active on 02-01, 1 churned, 1 new (TestChurnMonthly).
	f := churn[1]
	mustEqual(t, "feb", fmt.Sprintf("%s %d %d %d %d", f.Period, f.ActiveStart, f.Churned, f.New, f.Reactivated), "2024-02 3 1 1 0")
	if f.ChurnRate == nil || !near(*f.ChurnRate, 100.0/3) {
		t.Errorf("feb churn rate %v", f.ChurnRate)
	}

	db = fixture(t, map[string][]string{"customers": {"region"}}, retentionFixture)
	cells, err := Rows[RetentionCell](&run(t, db, "retention", Params{AsOf: "2024-04-15"}).Table)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cells {
		if c.Retention == nil || !near(*c.Retention, 100*float64(c.Active)/float64(c.Size)) {
			t.Errorf("%s +%d: retention %v of %d/%d", c.Cohort, c.Offset, c.Retention, c.Active, c.Size)
		}
		month := c.Cohort[:7] // YYYY-MM + offset months is April 2024 for the partial cells only
		y, m := 0, 0
		fmt.Sscanf(month, "%d-%d", &y, &m)
		if partial := (y*12 + m - 1 + int(c.Offset)) == 2024*12+3; c.Partial != partial {
			t.Errorf("%s +%d: partial %v", c.Cohort, c.Offset, c.Partial)
		}
	}
}

// Engagement by platform decodes into its rows: tiktok has no impressions
// (rate nil), instagram 80/1600 = 5 %.
func TestRowsEngagement(t *testing.T) {
	db := fixture(t, nil, engagementFixture)
	rows, err := Rows[EngagementRow](&run(t, db, "engagement", Params{By: "platform"}).Table)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]EngagementRow{}
	for _, r := range rows {
		got[r.Group] = r
	}
	ig := got["instagram"]
	if ig.Posts != 2 || ig.Impressions == nil || *ig.Impressions != 1600 || ig.EngagementRate == nil || !near(*ig.EngagementRate, 5) {
		t.Errorf("instagram: %+v", ig)
	}
	if tt, ok := got["tiktok"]; !ok || tt.EngagementRate != nil || tt.Posts != 1 {
		t.Errorf("tiktok: %+v (%v)", tt, ok)
	}
}
