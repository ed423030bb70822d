package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"
)

// wantRows compares every cell of r with want (int, float64 to 1e-9, string,
// bool or nil), after checking the column names.
func wantRows(t *testing.T, r *Result, cols []string, want [][]any) {
	t.Helper()
	if fmt.Sprint(r.Columns) != fmt.Sprint(cols) {
		t.Fatalf("columns = %v, want %v", r.Columns, cols)
	}
	if len(r.Rows) != len(want) {
		t.Fatalf("%d rows, want %d: %v", len(r.Rows), len(want), r.Rows)
	}
	for i, w := range want {
		for j, v := range w {
			what := fmt.Sprintf("row %d (%v) %s", i, r.Rows[i][0:2], cols[j])
			if v == nil {
				if r.Rows[i][j] != nil {
					t.Errorf("%s = %v, want NULL", what, r.Rows[i][j])
				}
				continue
			}
			mustEqual(t, what, r.Rows[i][j], v)
		}
	}
}

// episodeRows lists the episodes fragment as "customer start end no" strings.
func episodeRows(t *testing.T, db *sql.DB, p Params) []string {
	t.Helper()
	body := `SELECT customer_id, kz_group, strftime(start_date, '%Y-%m-%d'),
		coalesce(strftime(end_date, '%Y-%m-%d'), 'open'), episode_no
		FROM episodes ORDER BY customer_id, start_date`
	text, args, _, err := BuildSQL(context.Background(), db, "customers", body, p)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := Query(context.Background(), db, text, args...)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range tb.Rows {
		out = append(out, strings.TrimSuffix(fmt.Sprintln(r...), "\n"))
	}
	return out
}

func mustLines(t *testing.T, got, want []string) {
	t.Helper()
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// Orders with inactive_days = 30 (order dates, time of day ignored):
// c1 (A): 01-01, 01-10 twice, 02-08 (29 days later: same episode), 03-20 (41
// days later: new episode) → [01-01, 02-08+30 = 03-09), [03-20, 04-19)
// c2 (A): 04-05 → [04-05, 05-05): ends after as_of 04-30 → open
// c3 (B): 01-31 → [01-31, 03-01)
// c4 (B): 03-31 → [03-31, 04-30): ends on as_of, not after → closed
// c5 (no region): 02-01, 02-20 → [02-01, 03-21)
const churnFixture = `
INSERT INTO customers (customer_id, region) VALUES ('c1','A'),('c2','A'),('c3','B'),('c4','B'),('c5',NULL);
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES
 ('o1','c1','2024-01-01 08:00',10),('o2','c1','2024-01-10 10:30',10),('o3','c1','2024-01-10 18:00',10),
 ('o4','c1','2024-02-08',10),('o5','c1','2024-03-20 23:59',10),('o6','c2','2024-04-05',10),
 ('o7','c3','2024-01-31',10),('o8','c4','2024-03-31',10),('o9','c5','2024-02-01',10),('o10','c5','2024-02-20',10);`

var churnCols = []string{"group", "period", "active_start", "churned", "new", "reactivated", "churn_rate"}

func TestEpisodesFromOrders(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, churnFixture)
	got := episodeRows(t, db, Params{InactiveDays: 30, AsOf: "2024-04-30", By: "region"})
	mustLines(t, got, []string{
		"c1 A 2024-01-01 2024-03-09 1", "c1 A 2024-03-20 2024-04-19 2",
		"c2 A 2024-04-05 open 1", "c3 B 2024-01-31 2024-03-01 1",
		"c4 B 2024-03-31 2024-04-30 1", "c5 (unknown) 2024-02-01 2024-03-21 1",
	})
	// The gap rule is "less than": 02-08 → 03-09 is exactly 30 days, a new
	// episode that starts the day the first one ends. --from/--to never cut
	// episodes; --where region=B keeps B's customers.
	db = fixture(t, map[string][]string{"customers": {"region"}}, churnFixture,
		`INSERT INTO orders VALUES ('o11','c3','2024-03-01',5,NULL)`)
	got = episodeRows(t, db, Params{InactiveDays: 30, AsOf: "2024-04-30", From: "2024-04-01",
		Where: []Filter{{"region", "B"}}})
	mustLines(t, got, []string{
		"c3 all 2024-01-31 2024-03-01 1", "c3 all 2024-03-01 2024-03-31 2", "c4 all 2024-03-31 2024-04-30 1",
	})
}

func TestEpisodesFromSubscriptions(t *testing.T) {
	// c1: [01-01,02-01) and [02-01,03-01) touch → one episode; [03-02,04-01)
	// and [03-15, open) overlap → one open episode (a one-day gap separates it).
	// c2: [01-10,05-01) holds [01-15,02-01); ends after as_of 04-30 → open;
	// [04-10,04-10) holds no day and is dropped.
	// c3 has only orders: with subscriptions mapped, orders make no episodes.
	// c4's subscription starts after as_of.
	db := fixture(t, nil, `
INSERT INTO customers (customer_id) VALUES ('c1'),('c2'),('c3'),('c4');
INSERT INTO subscriptions (customer_id, started_at, ended_at) VALUES
 ('c1','2024-02-01 12:00','2024-03-01'),('c1','2024-01-01','2024-02-01 09:00'),
 ('c1','2024-03-02','2024-04-01'),('c1','2024-03-15',NULL),
 ('c2','2024-01-10','2024-05-01'),('c2','2024-01-15','2024-02-01'),('c2','2024-04-10','2024-04-10'),
 ('c4','2024-05-02',NULL);
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES ('o1','c3','2024-01-05',10);`)
	got := episodeRows(t, db, Params{AsOf: "2024-04-30"})
	mustLines(t, got, []string{
		"c1 all 2024-01-01 2024-03-01 1", "c1 all 2024-03-02 open 2", "c2 all 2024-01-10 open 1",
	})
	// A filter on a column only subscriptions have is a usage error, not a
	// binder error from inside the fragments.
	if _, err := Run(context.Background(), db, "churn", Params{AsOf: "2024-04-30",
		Where: []Filter{{"plan", "pro"}}}); err == nil || !errors.As(err, new(*UsageError)) {
		t.Errorf("--where plan=pro: err = %v, want a usage error", err)
	}
	// Months Jan..Apr: Jan 01-01 c1 active, c2 new on 01-10; Feb c1 & c2 active,
	// c1 gone on 03-01 → churned 1 (50%); Mar c2 only, c1 back on 03-02; Apr both.
	r := run(t, db, "churn", Params{AsOf: "2024-04-30"})
	wantRows(t, r, churnCols, [][]any{
		{"all", "2024-01", 1, 0, 2, 0, 0.0},
		{"all", "2024-02", 2, 1, 0, 0, 50.0},
		{"all", "2024-03", 1, 0, 0, 1, 0.0},
		{"all", "2024-04", 2, 0, 0, 0, 0.0},
	})
}

func TestChurnMonthly(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, churnFixture)
	p := Params{InactiveDays: 30, AsOf: "2024-04-30"}
	// Jan: on 01-01 only c1; all still active 02-01; new c1, c3.
	// Feb: on 02-01 c1, c3, c5 (starts that day); c3 ends 03-01 → churned 1; new c5.
	// Mar: on 03-01 c1, c5; 04-01: c1 back since 03-20, c5 gone → churned 1;
	//      new c4, reactivated c1.
	// Apr: on 04-01 c1, c4; both ended by as_of → churned 2; new c2 (open).
	r := run(t, db, "churn", p)
	wantRows(t, r, churnCols, [][]any{
		{"all", "2024-01", 1, 0, 2, 0, 0.0},
		{"all", "2024-02", 3, 1, 1, 0, 100.0 / 3},
		{"all", "2024-03", 2, 1, 1, 1, 50.0},
		{"all", "2024-04", 2, 2, 1, 0, 100.0},
	})
	// --from/--to pick the periods overlapping the range, history unchanged.
	p.From, p.To = "2024-02-15", "2024-03-10"
	r = run(t, db, "churn", p)
	wantRows(t, r, churnCols, [][]any{
		{"all", "2024-02", 3, 1, 1, 0, 100.0 / 3},
		{"all", "2024-03", 2, 1, 1, 1, 50.0},
	})
	// By region, each group from its own first period with activity.
	r = run(t, db, "churn", Params{InactiveDays: 30, AsOf: "2024-04-30", By: "region"})
	wantRows(t, r, churnCols, [][]any{
		{"(unknown)", "2024-02", 1, 0, 1, 0, 0.0},
		{"(unknown)", "2024-03", 1, 1, 0, 0, 100.0},
		{"(unknown)", "2024-04", 0, 0, 0, 0, nil},
		{"A", "2024-01", 1, 0, 1, 0, 0.0},
		{"A", "2024-02", 1, 0, 0, 0, 0.0},
		{"A", "2024-03", 1, 0, 0, 1, 0.0},
		{"A", "2024-04", 1, 1, 1, 0, 100.0},
		{"B", "2024-01", 0, 0, 1, 0, nil},
		{"B", "2024-02", 1, 1, 0, 0, 100.0},
		{"B", "2024-03", 0, 0, 1, 0, nil},
		{"B", "2024-04", 1, 1, 0, 0, 100.0},
	})
}

func TestChurnWeekAndQuarter(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, churnFixture)
	// 2024-01-01 is a Monday; the week of as_of 04-30 starts 04-29: 18 weeks.
	r := run(t, db, "churn", Params{InactiveDays: 30, AsOf: "2024-04-30", Period: "week"})
	if len(r.Rows) != 18 || r.Rows[0][1] != "2024-01-01" || r.Rows[17][1] != "2024-04-29" {
		t.Fatalf("weeks = %v", r.Rows)
	}
	// Week of 03-18 (to 03-25): on 03-18 only c5 (c1 between episodes); c5
	// ends 03-21 → churned; c1 back on 03-20. Week of 03-25: c1 active on
	// 03-25 and 04-01; c4 new on 03-31.
	r = run(t, db, "churn", Params{InactiveDays: 30, AsOf: "2024-04-30", Period: "week",
		From: "2024-03-20", To: "2024-03-25"})
	wantRows(t, r, churnCols, [][]any{
		{"all", "2024-03-18", 1, 1, 0, 1, 100.0},
		{"all", "2024-03-25", 1, 0, 1, 0, 0.0},
	})
	// Quarters: Q1 on 01-01 c1, still active 04-01; new c1 c3 c5 c4, c1 back.
	// Q2 on 04-01 c1, c4, both ended by as_of; new c2.
	r = run(t, db, "churn", Params{InactiveDays: 30, AsOf: "2024-04-30", Period: "quarter"})
	wantRows(t, r, churnCols, [][]any{
		{"all", "2024-01-01", 1, 0, 4, 1, 0.0},
		{"all", "2024-04-01", 2, 2, 1, 0, 100.0},
	})
}

// TestChurnMatchesGo recomputes episodes and churn in Go, straight from the
// SPEC's words, for random order days, by month and by week.
func TestChurnMatchesGo(t *testing.T) {
	const inactive = 45
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	asOf, first := day("2024-06-30"), day("2023-01-01")
	rng := rand.New(rand.NewSource(7))
	type ep struct{ start, end time.Time } // end zero: open
	eps := map[string][]ep{}
	var values []string
	for c := 0; c < 60; c++ {
		id := fmt.Sprintf("c%02d", c)
		days := map[int]bool{}
		for n := rng.Intn(9); n > 0; n-- {
			days[rng.Intn(int(asOf.Sub(first).Hours()/24)+1)] = true
		}
		var ds []int
		for d := range days {
			ds = append(ds, d)
			values = append(values, fmt.Sprintf("('%s-%d','%s','%s 13:00',1)", id, d, id, first.AddDate(0, 0, d).Format("2006-01-02")))
		}
		sort.Ints(ds)
		for i, d := range ds {
			if i == 0 || d-ds[i-1] >= inactive {
				eps[id] = append(eps[id], ep{start: first.AddDate(0, 0, d)})
			}
			e := &eps[id][len(eps[id])-1]
			e.end = first.AddDate(0, 0, d+inactive)
		}
		for i := range eps[id] {
			if eps[id][i].end.After(asOf) {
				eps[id][i].end = time.Time{}
			}
		}
	}
	db := fixture(t, nil, "INSERT INTO customers (customer_id, signup_at) SELECT DISTINCT customer_id, NULL FROM (VALUES "+
		strings.Join(values, ",")+") v(o, customer_id, d, a)",
		"INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES "+strings.Join(values, ","))
	activeAt := func(id string, t time.Time) bool {
		for _, e := range eps[id] {
			if !e.start.After(t) && (e.end.IsZero() || t.Before(e.end)) {
				return true
			}
		}
		return false
	}
	for _, period := range []string{"month", "week"} {
		start, next, label := func(d time.Time) time.Time { return d.AddDate(0, 0, 1-d.Day()) },
			func(d time.Time) time.Time { return d.AddDate(0, 1, 0) }, "2006-01"
		if period == "week" {
			start = func(d time.Time) time.Time { return d.AddDate(0, 0, -(int(d.Weekday())+6)%7) }
			next, label = func(d time.Time) time.Time { return d.AddDate(0, 0, 7) }, "2006-01-02"
		}
		p := start(asOf)
		for _, es := range eps {
			if s := start(es[0].start); s.Before(p) {
				p = s
			}
		}
		var want [][]any
		for ; !p.After(asOf); p = next(p) {
			var active, churned, nw, back int
			for id, es := range eps {
				if activeAt(id, p) {
					active++
					if !activeAt(id, next(p)) {
						churned++
					}
				}
				for i, e := range es {
					if !e.start.Before(p) && e.start.Before(next(p)) {
						if i == 0 {
							nw++
						} else {
							back++
						}
						break
					}
				}
			}
			var rate any
			if active > 0 {
				rate = 100 * float64(churned) / float64(active)
			}
			want = append(want, []any{"all", p.Format(label), active, churned, nw, back, rate})
		}
		r := run(t, db, "churn", Params{AsOf: "2024-06-30", InactiveDays: inactive, Period: period})
		wantRows(t, r, churnCols, want)
	}
}
