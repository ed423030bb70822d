package metrics

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// eventsOnlyFixture: an app's event log with names no default journey
// stage knows, and no orders.
const eventsOnlyFixture = `
INSERT INTO customers (customer_id) VALUES ('u1'), ('u2'), ('u3');
INSERT INTO events (customer_id, occurred_at, event) VALUES
 ('u1', '2024-01-03', 'viewed_listing'), ('u1', '2024-01-04', 'saved_item'), ('u1', '2024-02-10', 'checkout_completed'),
 ('u2', '2024-01-20', 'viewed_listing'), ('u2', '2024-03-01', 'opened_app'),
 ('u3', '2024-02-02', 'viewed_listing'), ('u3', '2024-02-03', 'left_review'), ('u3', '2024-02-04', 'xq_ping');`

// TestEventsOnly: retention counts events as activity when nothing else is
// loaded, and says so; the funnel lists the event names no stage matches
// and proposes a [journey] section.
func TestEventsOnly(t *testing.T) {
	db := fixture(t, nil, model.JourneyTableSQL, `INSERT INTO journey_stages VALUES (1, 'awareness', 'page_view'), (3, 'purchase', 'purchase')`, eventsOnlyFixture)
	auto := run(t, db, "retention", Params{})
	explicit := run(t, db, "retention", Params{Activity: "events"})
	if len(auto.Rows) == 0 || !reflect.DeepEqual(auto.Rows, explicit.Rows) {
		t.Errorf("retention without orders = %v, want the events' %v", auto.Rows, explicit.Rows)
	}
	// Cohort 2024-01 (u1, u2): month 0 both, month 1 u1, month 2 u2.
	want := map[int64]int64{0: 2, 1: 1, 2: 1}
	for i := range auto.Rows {
		m := rowMap(auto, i)
		if m["cohort"] == "2024-01" && m["active"] != want[m["offset"].(int64)] {
			t.Errorf("cohort 2024-01 offset %v: active %v, want %d", m["offset"], m["active"], want[m["offset"].(int64)])
		}
	}
	if len(auto.Notes) != 1 || !strings.Contains(auto.Notes[0], "retention counts events as activity") {
		t.Errorf("retention notes %q", auto.Notes)
	}
	if len(explicit.Notes) != 0 {
		t.Errorf("--activity events needs no note: %q", explicit.Notes)
	}
	f := run(t, db, "funnel", Params{})
	if len(f.Notes) != 1 || !strings.Contains(f.Notes[0], "viewed_listing (3)") {
		t.Fatalf("funnel notes %q", f.Notes)
	}
	proposal := `[journey]
awareness = ["viewed_listing"]
consideration = ["saved_item"]
purchase = ["checkout_completed"]
usage = ["opened_app"]
loyalty = ["left_review"]
# not placed: xq_ping
`
	if !strings.HasSuffix(f.Notes[0], proposal) {
		t.Errorf("funnel note does not end with the proposal:\n%s", f.Notes[0])
	}
	// Once a name matches a stage, there is nothing to say.
	db2 := fixture(t, nil, model.JourneyTableSQL, `INSERT INTO journey_stages VALUES (1, 'awareness', 'viewed_%')`, eventsOnlyFixture)
	if f := run(t, db2, "funnel", Params{}); len(f.Notes) != 0 {
		t.Errorf("journey matches, notes %q", f.Notes)
	}
}

// Leads and won deals only (the olist marketing funnel's shape): no event
// is a consideration event, so the ordered funnel stops at awareness. The
// funnel says so and how to map one; with a consideration event it does
// not.
func TestFunnelSaysWhichStageHasNoEvents(t *testing.T) {
	setup := model.JourneyTableSQL + `;
INSERT INTO journey_stages VALUES (1,'awareness','lead'),(2,'consideration','demo'),(3,'purchase','won');
INSERT INTO events (customer_id, occurred_at, event) VALUES
 ('a','2024-01-01','lead'),('b','2024-01-02','lead'),('c','2024-01-03','lead'),
 ('a','2024-02-01','won'),('b','2024-02-03','won');`
	db := fixture(t, nil, setup)
	r := run(t, db, "funnel", Params{AsOf: "2024-03-01"})
	rowsOf := rowMap(r, 1)
	mustEqual(t, "consideration customers", rowsOf["customers"], int64(0))
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "no event is a consideration (検討) event") ||
		!strings.Contains(r.Notes[0], "2 purchase events") || !strings.Contains(r.Notes[0], "[journey] consideration") {
		t.Errorf("notes: %q", r.Notes)
	}
	if _, err := db.Exec(`INSERT INTO events VALUES ('a','2024-01-15','demo', NULL, NULL)`); err != nil {
		t.Fatal(err)
	}
	if r := run(t, db, "funnel", Params{AsOf: "2024-03-01"}); len(r.Notes) != 0 {
		t.Errorf("with a consideration event: notes %q", r.Notes)
	}
}
