package metrics

import "testing"

// Six posts: platform, impressions, interactions.
// p1 Jan instagram 1000/50, p2 Jan x 400/10, p3 Feb instagram 600/30,
// p4 Feb x 0/0, p5 Mar tiktok 0/0, p6 Mar (no platform) 200/20.
const engagementFixture = `
INSERT INTO posts (post_id, posted_at, platform, impressions, interactions) VALUES
 ('p1','2024-01-03',  'instagram',1000,50),('p2','2024-01-20','x',400,10),
 ('p3','2024-02-02',  'instagram',600,30),('p4','2024-02-14','x',0,0),
 ('p5','2024-03-01',  'tiktok',0,0),('p6','2024-03-05 12:00:00','',200,20);`

type engagementRow struct {
	group      string
	posts      int
	imp, inter float64
	rate       any // float64, or nil when there were no impressions
}

func checkEngagement(t *testing.T, r *Result, want []engagementRow) {
	t.Helper()
	if len(r.Rows) != len(want) {
		t.Fatalf("rows = %v", r.Rows)
	}
	for i, w := range want {
		m := rowMap(r, i)
		g := w.group
		mustEqual(t, "group", m["group"], g)
		mustEqual(t, g+" posts", m["posts"], w.posts)
		mustEqual(t, g+" impressions", m["impressions"], w.imp)
		mustEqual(t, g+" interactions", m["interactions"], w.inter)
		mustEqual(t, g+" engagement_rate", m["engagement_rate"], w.rate)
	}
}

func TestEngagementOverall(t *testing.T) {
	db := fixture(t, nil, engagementFixture)
	r := run(t, db, "engagement", Params{})
	for i, c := range []string{"group", "posts", "impressions", "interactions", "engagement_rate"} {
		mustEqual(t, "column", r.Columns[i], c)
	}
	// Σ impressions = 1000+400+600+0+0+200 = 2200; Σ interactions =
	// 50+10+30+0+0+20 = 110; rate = 100·110/2200 = 5.
	checkEngagement(t, r, []engagementRow{{"all", 6, 2200, 110, 5.0}})
	mustEqual(t, "as_of", r.AsOf, "2024-03-05")
}

func TestEngagementByAndFilters(t *testing.T) {
	db := fixture(t, nil, engagementFixture)
	// By platform: (unknown) 200/20 → 10; instagram 1600/80 → 5;
	// tiktok 0/0 → no impressions, NULL rate; x 400/10 → 2.5.
	checkEngagement(t, run(t, db, "engagement", Params{By: "platform"}), []engagementRow{
		{"(unknown)", 1, 200, 20, 10.0},
		{"instagram", 2, 1600, 80, 5.0},
		{"tiktok", 1, 0, 0, nil},
		{"x", 2, 400, 10, 2.5},
	})
	// By month: Jan 1400/60 → 100·60/1400; Feb 600/30 → 5; Mar 200/20 → 10.
	checkEngagement(t, run(t, db, "engagement", Params{By: "month"}), []engagementRow{
		{"2024-01", 2, 1400, 60, 6000.0 / 1400},
		{"2024-02", 2, 600, 30, 5.0},
		{"2024-03", 2, 200, 20, 10.0},
	})
	// --where platform=x --from 2024-02-01: p4 only, zero impressions → NULL.
	checkEngagement(t, run(t, db, "engagement", Params{Where: []Filter{{"platform", "x"}}, From: "2024-02-01"}),
		[]engagementRow{{"all", 1, 0, 0, nil}})
	// --where platform=instagram --where platform=x (OR) --to 2024-01-31: p1, p2.
	checkEngagement(t, run(t, db, "engagement", Params{
		Where: []Filter{{"platform", "instagram"}, {"platform", "x"}}, To: "2024-01-31"}),
		[]engagementRow{{"all", 2, 1400, 60, 6000.0 / 1400}})
	// --by week: p6 (Tue 5 Mar) is in the week starting Monday 4 Mar.
	r := run(t, db, "engagement", Params{By: "week", From: "2024-03-02"})
	checkEngagement(t, r, []engagementRow{{"2024-03-04", 1, 200, 20, 10.0}})
}
