package engagement

import (
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// x: 80 of 2000 = 4.0%; instagram: 50 of 500 = 10.0%; no platform: 2 of 200 = 1.0%.
// January 100/1500 = 6.7%, February 32/1200 = 2.7%.
var fixture = []string{
	`INSERT INTO posts (post_id, posted_at, platform, impressions, interactions) VALUES
		('p1','2024-01-10','x',1000,50), ('p2','2024-02-10','x',1000,30),
		('p3','2024-01-15','instagram',500,50), ('p4','2024-02-20',NULL,200,2)`,
}

func TestPlatformsTrendAndTopPosts(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 110, 40)
	uitest.Contains(t, p.View(),
		"▸ (unknown)",
		"1.0%  posts 1  impressions 200  interactions 2",
		"10.0%  posts 1  impressions 500  interactions 50",
		"4.0%  posts 2  impressions 2,000  interactions 80",
		"By month — latest 2024-02: 2.7%",
		"Top posts by engagement rate",
		"  p3    2024-01-15  instagram          500            50  10.0%",
	)
}

func TestPlatformDrill(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 110, 40)
	p, _ = uitest.Press(t, p, "down", "down", "down", "up") // (unknown), instagram, x → back to instagram
	p, msgs := uitest.Press(t, p, "enter")
	d := msgs[0].(pane.DrillMsg)
	if d.Title != "Posts — platform = instagram" || uitest.Arg(t, d, "kz_sel") != "instagram" {
		t.Errorf("drill = %q %v", d.Title, d.Args)
	}
	rows := uitest.Drill(t, db, d)
	if len(rows) != 1 || rows[0]["post_id"] != "p3" {
		t.Errorf("rows = %v", rows)
	}
}

func TestNoPostsMessage(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil))), 100, 20)
	uitest.Contains(t, uitest.Flat(p.View()), NoData)
}

// A customer dimension filter on posts (which have no customers) is said in
// the workbench's words: the table, the dimension, the value, what to do —
// not the command line's "--where" or the engine's text.
func TestDimensionFilterThatDoesNotApplyIsSaid(t *testing.T) {
	db := uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 110, 40)
	p, _ = uitest.Run(t, p, p.SetFilter(metrics.Params{Where: []metrics.Filter{{Dim: "region", Value: "九州"}}}))
	v := uitest.Flat(p.View())
	uitest.Contains(t, v, "posts have no region; the region filter (九州) does not apply here (f, ctrl+x clears)")
	t.Log(p.View())
	for _, bad := range []string{"--where", "has no column", "Error:"} {
		if strings.Contains(v, bad) {
			t.Errorf("view says %q:\n%s", bad, v)
		}
	}
}
