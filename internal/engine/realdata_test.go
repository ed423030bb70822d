package engine

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// cdnowRows is an independent reading of a CDNOW file (strings.Fields, header
// skipped): one "id|YYYY-MM-DD|cds|value" key per line, ids as written.
func cdnowRows(t *testing.T, path string, idCol, dateCol int) (keys []string, ids map[string]int, zero int, sum float64) {
	t.Helper()
	ids = map[string]int{}
	for _, f := range fields(t, path) {
		if f[0] == "customer_id" {
			continue
		}
		d, err := time.Parse("20060102", f[dateCol])
		if err != nil {
			t.Fatal(err)
		}
		v, err := strconv.ParseFloat(f[dateCol+2], 64)
		if err != nil {
			t.Fatal(err)
		}
		cds, _ := strconv.Atoi(f[dateCol+1])
		ids[f[idCol]]++
		if v == 0 {
			zero++
		}
		sum += v
		keys = append(keys, fmt.Sprintf("%s|%s|%d|%.2f", f[idCol], d.Format("2006-01-02"), cds, v))
	}
	return keys, ids, zero, sum
}

const cdnowKeySQL = `SELECT customer_id || '|' || strftime(ordered_at, '%Y-%m-%d') || '|' ||
	CAST(quantity AS BIGINT) || '|' || printf('%.2f', amount) FROM orders`

func TestRealCDNOWMaster(t *testing.T) {
	needData(t)
	path := data + "cdnow/CDNOW_master.txt"
	keys, ids, zero, sum := cdnowRows(t, path, 0, 1)
	if len(keys) != 69659 || len(ids) != 23570 {
		t.Fatalf("independent reading: %d rows, %d customers; the README says 69659 and 23570", len(keys), len(ids))
	}
	e := openPaths(t, "", path)
	wantRows(t, e, "orders", 69659, 0)
	wantRows(t, e, "customers", 23570, 0)

	// Every line is a row with its id as written, its YYYYMMDD date, CDs and value.
	sortedEqual(t, "orders", strs(t, e, cdnowKeySQL), keys)
	if n := count(t, e, `SELECT count(*) FROM customers WHERE customer_id = '00001'`); n != 1 {
		t.Errorf("customer 00001: %d rows, want 1 (zero-padded ids stay text)", n)
	}
	if got := one(t, e, `SELECT min(customer_id) FROM orders`); got != "00001" {
		t.Errorf("min customer_id %v, want 00001", got)
	}
	// $0.00 purchases are accepted rows.
	if n := count(t, e, `SELECT count(*) FROM orders WHERE amount = 0`); n != int64(zero) || zero == 0 {
		t.Errorf("$0.00 orders: %d, want %d (> 0)", n, zero)
	}
	if got := one(t, e, `SELECT sum(amount) FROM orders`); !near(got, sum) {
		t.Errorf("revenue %v, want %v", got, sum)
	}
	// Same-day duplicate lines are separate orders: one order_id per line,
	// file:line with the header as line 1. Line 3 and 4 are customer 00002's
	// two purchases of 1997-01-12.
	if n := count(t, e, `SELECT count(DISTINCT order_id) FROM orders`); n != 69659 {
		t.Errorf("distinct order ids %d, want one per line", n)
	}
	dup := 0
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
	}
	for _, n := range seen {
		if n > 1 {
			dup += n
		}
	}
	got := count(t, e, `SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM orders
		GROUP BY customer_id, ordered_at, quantity, amount HAVING count(*) > 1)`)
	if got != int64(dup) || dup == 0 {
		t.Errorf("rows in identical same-day groups %d, want %d (> 0)", got, dup)
	}
	tb := query(t, e, `SELECT order_id, customer_id, strftime(ordered_at, '%Y-%m-%d %H:%M:%S'), amount
		FROM orders WHERE order_id IN ('CDNOW_master.txt:2', 'CDNOW_master.txt:4') ORDER BY order_id`)
	want := [][]any{{"CDNOW_master.txt:2", "00001", "1997-01-01 00:00:00", 11.77}, {"CDNOW_master.txt:4", "00002", "1997-01-12 00:00:00", 77.0}}
	if fmt.Sprint(tb.Rows) != fmt.Sprint(want) {
		t.Errorf("lines 2 and 4: %v, want %v", tb.Rows, want)
	}
}

func TestRealCDNOWSampleNoHeader(t *testing.T) {
	needData(t)
	path := data + "cdnow/CDNOW_sample.txt"
	// Five columns: customer id, id in the full set, date, CDs, value.
	keys, ids, _, sum := cdnowRows(t, path, 0, 2)
	e := openPaths(t, "", path)
	wantRows(t, e, "orders", int64(len(keys)), 0)
	wantRows(t, e, "customers", int64(len(ids)), 0)
	if len(keys) != 6919 {
		t.Errorf("independent reading: %d rows, want 6919", len(keys))
	}
	sortedEqual(t, "orders", strs(t, e, cdnowKeySQL), keys)
	if got := one(t, e, `SELECT sum(amount) FROM orders`); !near(got, sum) {
		t.Errorf("revenue %v, want %v", got, sum)
	}
	// The second id column is kept as a text dimension with its zeros.
	if got := one(t, e, `SELECT column1 FROM orders WHERE order_id = 'CDNOW_sample.txt:1'`); got != "0001" {
		t.Errorf("line 1 column1 = %v, want 0001", got)
	}
}

func TestRealTelco(t *testing.T) {
	needData(t)
	path := data + "telco-churn-ibm/Telco-Customer-Churn.csv"
	h, recs := readCSV(t, path, ',')
	id, total, churn := col(t, h, "customerID"), col(t, h, "TotalCharges"), col(t, h, "Churn")
	blank, yes := 0, 0
	var want []string
	for _, r := range recs {
		if r[total] == " " || r[total] == "" {
			blank++
		}
		if r[churn] == "Yes" {
			yes++
		}
		want = append(want, r[id]+"|"+r[total])
	}
	e := openPaths(t, "", path)
	if len(recs) != 7043 || blank == 0 {
		t.Fatalf("independent reading: %d customers, %d blank TotalCharges", len(recs), blank)
	}
	wantRows(t, e, "customers", 7043, 0)
	// TotalCharges is a text dimension; blank cells are NULL, not rejections.
	if n := count(t, e, `SELECT count(*) FROM customers WHERE "TotalCharges" IS NULL`); n != int64(blank) {
		t.Errorf("NULL TotalCharges %d, want %d", n, blank)
	}
	got := strs(t, e, `SELECT customer_id || '|' || coalesce("TotalCharges", ' ') FROM customers`)
	sortedEqual(t, "customer_id|TotalCharges", got, want)
	// Churn (Yes/No) is the snapshot's churn flag (SPEC §6).
	if n := count(t, e, `SELECT count(*) FROM customers WHERE churned`); n != int64(yes) {
		t.Errorf("Churn = Yes: %d, want %d", n, yes)
	}
	if got := info(t, e, "customers").Columns["customer_id"]; got != "customerID" {
		t.Errorf("customer_id from %s, want \"customerID\"", got)
	}
}

func TestRealTaobaoEpochEvents(t *testing.T) {
	needData(t)
	path := data + "taobao-userbehavior-sample/UserBehavior.csv"
	_, recs := readCSV(t, path, ',')
	recs = append([][]string{mustHeaderless(t, path)}, recs...) // no header: the first line is data
	var want []string
	users := map[string]bool{}
	for _, r := range recs {
		s, err := strconv.ParseInt(r[4], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		users[r[0]] = true
		want = append(want, r[0]+"|"+r[3]+"|"+time.Unix(s, 0).UTC().Format("2006-01-02 15:04:05"))
	}
	if len(recs) != 4321 || len(users) != 43 {
		t.Fatalf("independent reading: %d events, %d users", len(recs), len(users))
	}
	e := openPaths(t, "", path)
	wantRows(t, e, "events", 4321, 0)
	wantRows(t, e, "customers", 43, 0)
	// 1511544070 = 17497 days + 62470 s after 1970-01-01 = 2017-11-24 17:21:10 UTC.
	if got := one(t, e, `SELECT strftime(occurred_at, '%Y-%m-%d %H:%M:%S') FROM events
		WHERE customer_id = '1' ORDER BY occurred_at LIMIT 1`); got != "2017-11-24 17:21:10" {
		t.Errorf("first event at %v, want 2017-11-24 17:21:10", got)
	}
	sortedEqual(t, "events", strs(t, e, `SELECT customer_id || '|' || event || '|' ||
		strftime(occurred_at, '%Y-%m-%d %H:%M:%S') FROM events`), want)

	// Funnel with the default journey: pv awareness, fav/cart consideration, buy purchase.
	stageOf := map[string]int{"pv": 1, "fav": 2, "cart": 2, "buy": 3}
	var evs []funnelEvent
	for _, r := range recs {
		s, _ := strconv.ParseInt(r[4], 10, 64)
		evs = append(evs, funnelEvent{r[0], s, stageOf[r[3]]})
	}
	reached := orderedFunnel(evs)
	res, err := metrics.Run(context.Background(), e.DB, "funnel", metrics.Params{})
	if err != nil {
		t.Fatal(err)
	}
	checkFunnel(t, res, reached)
	if reached[0] != 43 || reached[2] == 0 {
		t.Errorf("independent funnel %v: want all 43 users aware and some buyers", reached)
	}
}

// mustHeaderless returns the first line of a header-less CSV as fields.
func mustHeaderless(t *testing.T, path string) []string {
	t.Helper()
	h, _ := readCSV(t, path, ',')
	return h
}

// funnelEvent is one stage hit: customer, time (any unit), stage 1–5 (0 = none).
type funnelEvent struct {
	customer string
	ts       int64
	stage    int
}

// orderedFunnel counts customers reaching each of the 5 stages (SPEC §3):
// stage 1 at the first stage-1 hit, stage s at the first stage-s hit at or
// after reaching stage s−1.
func orderedFunnel(evs []funnelEvent) [5]int {
	by := map[string][]funnelEvent{}
	for _, ev := range evs {
		if ev.stage > 0 {
			by[ev.customer] = append(by[ev.customer], ev)
		}
	}
	var reached [5]int
	for _, list := range by {
		sort.Slice(list, func(i, j int) bool { return list[i].ts < list[j].ts })
		at := int64(0)
		for s := 1; s <= 5; s++ {
			found := false
			for _, ev := range list {
				if ev.stage == s && (s == 1 || ev.ts >= at) {
					at, found = ev.ts, true
					break
				}
			}
			if !found {
				break
			}
			reached[s-1]++
		}
	}
	return reached
}

// checkFunnel compares the funnel metric's stage rows (group all) with reached
// and its current-stage rows with the differences of reached.
func checkFunnel(t *testing.T, res *metrics.Result, reached [5]int) {
	t.Helper()
	stages := []string{"awareness", "consideration", "purchase", "usage", "loyalty"}
	ci, si, cs := res.Col("customers"), res.Col("stage"), res.Col("current_stage")
	cp := res.Col("conversion_from_previous")
	var got, current [5]int64
	for _, r := range res.Rows {
		for i, s := range stages {
			if r[si] == s {
				got[i] = r[ci].(int64)
				if i > 0 && reached[i-1] > 0 && !near(r[cp], 100*float64(reached[i])/float64(reached[i-1])) {
					t.Errorf("%s conversion_from_previous %v, want 100·%d/%d", s, r[cp], reached[i], reached[i-1])
				}
			}
			if r[cs] == s {
				current[i] = r[ci].(int64)
			}
		}
	}
	for i := range stages {
		next := 0
		if i < 4 {
			next = reached[i+1]
		}
		if got[i] != int64(reached[i]) || current[i] != int64(reached[i]-next) {
			t.Errorf("%s: %d customers (current %d), want %d (current %d)", stages[i], got[i], current[i], reached[i], reached[i]-next)
		}
	}
}
