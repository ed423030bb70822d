package journey

import (
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// c1: ad_click 01-01 → product_view 01-02 → purchase 01-05 (stage 3)
// c2: page_view 01-03 (stage 1)
// c3: ad_click 01-01 → add_to_cart 01-10 (stage 2)
var fixture = []string{
	`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2'), ('c3')`,
	`INSERT INTO events (customer_id, occurred_at, event) VALUES
		('c1','2024-01-01','ad_click'), ('c1','2024-01-02','product_view'), ('c1','2024-01-05','purchase'),
		('c2','2024-01-03','page_view'),
		('c3','2024-01-01','ad_click'), ('c3','2024-01-10','add_to_cart')`,
}

func TestFunnelShowsExactNumbers(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 120, 30)
	// Stage 2: c1, c3 of 3 = 66.7%; median of 1 and 9 days = 5.
	// Stage 3: c1 = 50% of stage 2, 33.3% of stage 1, 3 days after.
	// Stage 5 after 0 customers: no conversion (–).
	uitest.Contains(t, p.View(),
		"▸ 1 awareness 認知",
		"3  step –  overall 100.0%",
		"2  step 66.7%  overall 66.7%  median 5.0 d",
		"1  step 50.0%  overall 33.3%  median 3.0 d",
		"0  step 0.0%  overall 0.0%",
		"0  step –  overall 0.0%",
		"Current stage",
		"5 loyalty ロイヤリティ",
	)
}

func TestStageDrillListsWhoStopped(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 120, 30)
	p, _ = uitest.Press(t, p, "down", "down", "up")
	uitest.Contains(t, p.View(), "▸ 2 consideration 検討")
	p, msgs := uitest.Press(t, p, "enter")
	if len(msgs) != 1 {
		t.Fatalf("msgs = %v", msgs)
	}
	d := msgs[0].(pane.DrillMsg)
	if uitest.Arg(t, d, "kz_stage") != int64(2) {
		t.Errorf("args = %v", d.Args)
	}
	// c1 went on to purchase: only c3 stopped at consideration.
	rows := uitest.Drill(t, db, d)
	if len(rows) != 1 || rows[0]["customer_id"] != "c3" {
		t.Errorf("drill rows = %v", rows)
	}
}

func TestNoEventsMessage(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil))), 120, 30)
	uitest.Contains(t, uitest.Flat(p.View()), NoData)
}

// The pane leads with the overall conversion and its Wilson interval:
// 0 of the 3 customers at awareness reach loyalty.
func TestHeadlineOverallConversion(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 120, 30)
	line := strings.Split(p.View(), "\n")[1]
	if !strings.HasPrefix(line, "Everyone: 0 of 3 reach loyalty — 0.0% (95% 0.0–56.") {
		t.Errorf("headline %q", line)
	}
}

// TestUnmatchedEventsProposeJourney: events whose names no stage knows
// show the names found and a [journey] section to paste.
func TestUnmatchedEventsProposeJourney(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil,
		`INSERT INTO customers (customer_id) VALUES ('u1'), ('u2')`,
		`INSERT INTO events (customer_id, occurred_at, event) VALUES
			('u1','2024-01-01','viewed_listing'), ('u1','2024-01-02','checkout_completed'), ('u2','2024-01-03','viewed_listing')`))), 120, 30)
	uitest.Contains(t, p.View(),
		"events found: viewed_listing (2)",
		`awareness = ["viewed_listing"]`,
		`purchase = ["checkout_completed"]`,
	)
}
