package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// abs returns the absolute path of a file under the real data folder.
func abs(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(data + rel)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// atof reads a number cell; a blank cell is 0.
func atof(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestMappingFacebookPosts maps the UCI posts (month, no date) through a
// kizuna.toml with an SQL expression for posted_at.
func TestMappingFacebookPosts(t *testing.T) {
	needData(t)
	path := abs(t, "facebook-metrics-uci/dataset_Facebook.csv")
	cfg := write(t, t.TempDir(), "kizuna.toml", fmt.Sprintf(`[tables.posts]
path = %q
posted_at = "make_date(2014, \"Post Month\", 1)"
`, path))
	h, recs := readCSV(t, path, ',')
	month, imp := col(t, h, "Post Month"), col(t, h, "Lifetime Post Total Impressions")
	like, comment, share := col(t, h, "like"), col(t, h, "comment"), col(t, h, "share")
	var want []string
	var sumInter, sumImp float64
	blanks := 0
	for _, r := range recs {
		m, err := strconv.Atoi(r[month])
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []int{like, comment, share} {
			if r[c] == "" {
				blanks++
			}
		}
		inter := atof(t, r[like]) + atof(t, r[comment]) + atof(t, r[share])
		sumInter += inter
		sumImp += atof(t, r[imp])
		want = append(want, fmt.Sprintf("2014-%02d-01|%.0f|%.0f", m, atof(t, r[imp]), inter))
	}
	if len(recs) != 500 || blanks == 0 {
		t.Fatalf("independent reading: %d posts, %d blank like/comment/share cells", len(recs), blanks)
	}

	e := openPaths(t, cfg)
	wantRows(t, e, "posts", 500, 0)
	got := strs(t, e, `SELECT strftime(posted_at, '%Y-%m-%d') || '|' || printf('%.0f', impressions) || '|' ||
		printf('%.0f', interactions) FROM posts`)
	sortedEqual(t, "posted_at|impressions|interactions (= like+comment+share, blanks 0)", got, want)

	res, err := metrics.Run(context.Background(), e.DB, "engagement", metrics.Params{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Rows[0]
	if len(res.Rows) != 1 || r[res.Col("posts")] != int64(500) || !near(r[res.Col("engagement_rate")], 100*sumInter/sumImp) {
		t.Errorf("engagement %v %v, want 500 posts and rate 100·%v/%v", res.Columns, r, sumInter, sumImp)
	}
}

// olistTOML maps both files to events, two [[tables.events]] tables: the
// leads are events "lead" and the closed deals events "won". Both files join
// by mql_id. "lead" counts as awareness and consideration so that a won
// deal can follow it in the ordered funnel.
const olistTOML = `[[tables.events]]
path = %q
customer_id = "mql_id"
occurred_at = "first_contact_date"
event = "'lead'"

[[tables.events]]
path = %q
customer_id = "mql_id"
occurred_at = "won_date"
event = "'won'"

[journey]
awareness = ["lead"]
consideration = ["lead"]
purchase = ["won"]
`

func TestMappingOlistLeadsAndDeals(t *testing.T) {
	needData(t)
	leads := abs(t, "olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv")
	deals := abs(t, "olist-marketing-funnel/olist_closed_deals_dataset.csv")
	cfg := write(t, t.TempDir(), "kizuna.toml", fmt.Sprintf(olistTOML, leads, deals))

	lh, lrecs := readCSV(t, leads, ',')
	dh, drecs := readCSV(t, deals, ',')
	var evs []funnelEvent
	var wantLeads []string
	ids := map[string]bool{}
	for _, r := range lrecs {
		d, err := time.Parse("02-01-2006", r[col(t, lh, "first_contact_date")])
		if err != nil {
			t.Fatal(err)
		}
		id := r[col(t, lh, "mql_id")]
		ids[id] = true
		wantLeads = append(wantLeads, id+"|"+d.Format("2006-01-02"))
		evs = append(evs, funnelEvent{id, d.Unix(), 1}, funnelEvent{id, d.Unix(), 2})
	}
	for _, r := range drecs {
		w, err := time.Parse("2006-01-02 15:04:05", r[col(t, dh, "won_date")])
		if err != nil {
			t.Fatal(err)
		}
		id := r[col(t, dh, "mql_id")]
		ids[id] = true
		evs = append(evs, funnelEvent{id, w.Unix(), 3})
	}
	if len(lrecs) != 8000 || len(drecs) != 842 {
		t.Fatalf("independent reading: %d leads, %d deals", len(lrecs), len(drecs))
	}

	e := openPaths(t, cfg)
	wantRows(t, e, "events", 8842, 0)
	if n := count(t, e, `SELECT count(*) FROM orders`); n != 0 {
		t.Errorf("orders = %d, want none", n)
	}
	wantRows(t, e, "customers", int64(len(ids)), 0)
	// DD-MM-YYYY dates ("01-02-2018" is 1 February) and the literal event.
	got := strs(t, e, `SELECT customer_id || '|' || strftime(occurred_at, '%Y-%m-%d') FROM events WHERE event = 'lead'`)
	sortedEqual(t, "leads", got, wantLeads)
	if n := count(t, e, `SELECT count(*) FROM events w JOIN events l USING (customer_id) WHERE w.event = 'won' AND l.event = 'lead'`); n != 842 {
		t.Errorf("deals joined to a lead: %d, want 842", n)
	}

	reached := orderedFunnel(evs)
	res, err := metrics.Run(context.Background(), e.DB, "funnel", metrics.Params{})
	if err != nil {
		t.Fatal(err)
	}
	checkFunnel(t, res, reached)
	for _, r := range res.Rows {
		if r[res.Col("stage")] == "purchase" && !near(r[res.Col("conversion_from_first")], 100*float64(reached[2])/float64(reached[0])) {
			t.Errorf("lead→won conversion %v, want 100·%d/%d", r[res.Col("conversion_from_first")], reached[2], reached[0])
		}
	}
	if reached[0] != 8000 || reached[2] == 0 {
		t.Errorf("independent funnel %v: want 8000 leads and some won", reached)
	}
}

// TestMappingDealsAsWonEvents maps the closed deals alone to events with a
// literal event name and ISO timestamps.
func TestMappingDealsAsWonEvents(t *testing.T) {
	needData(t)
	deals := abs(t, "olist-marketing-funnel/olist_closed_deals_dataset.csv")
	cfg := write(t, t.TempDir(), "kizuna.toml", fmt.Sprintf(`[tables.events]
path = %q
customer_id = "mql_id"
occurred_at = "won_date"
event = "'won'"
`, deals))
	h, recs := readCSV(t, deals, ',')
	var want []string
	for _, r := range recs {
		want = append(want, r[col(t, h, "mql_id")]+"|won|"+r[col(t, h, "won_date")])
	}
	e := openPaths(t, cfg)
	wantRows(t, e, "events", 842, 0)
	got := strs(t, e, `SELECT customer_id || '|' || event || '|' || strftime(occurred_at, '%Y-%m-%d %H:%M:%S') FROM events`)
	sortedEqual(t, "deals", got, want)
}

// TestMappingExpressionAndWhere: amount as an SQL expression over the file's
// columns and a where filter, counted in the schema.
func TestMappingExpressionAndWhere(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "retail.csv", `Invoice,StockCode,Quantity,Price,Customer ID,InvoiceDate
489434,85048,12,6.95,13085,2009-12-01 07:45:00
489434,79323P,12,6.75,13085,2009-12-01 07:45:00
489435,22350,-3,2.55,,2009-12-01 07:46:00
489436,48173C,10,5.95,13078,2009-12-01 09:06:00
489437,22143,6,2.1,,2009-12-01 09:08:00
`)
	cfg := write(t, dir, "kizuna.toml", `[tables.orders]
path = "retail.csv"
customer_id = "\"Customer ID\""
ordered_at = "InvoiceDate"
amount = "Quantity * Price"
order_id = "Invoice"
where = "\"Customer ID\" IS NOT NULL"
`)
	e := openPaths(t, cfg)
	ti := info(t, e, "orders")
	// 5 data rows, 2 without a customer: filtered, not rejected.
	if ti.Rows != 3 || ti.Rejected != 0 || ti.Filtered != 2 {
		t.Errorf("orders rows %d rejected %d filtered %d, want 3, 0, 2", ti.Rows, ti.Rejected, ti.Filtered)
	}
	if ti.Columns["amount"] != "Quantity * Price" {
		t.Errorf("amount from %q", ti.Columns["amount"])
	}
	// 12·6.95 = 83.4, 12·6.75 = 81, 10·5.95 = 59.5; ids stay text.
	got := strs(t, e, `SELECT order_id || '|' || customer_id || '|' || printf('%.2f', amount) FROM orders`)
	sortedEqual(t, "orders", got, []string{"489434|13085|83.40", "489434|13085|81.00", "489436|13078|59.50"})
	if n := count(t, e, `SELECT count(*) FROM rejected`); n != 0 {
		t.Errorf("%d rejected rows, want 0", n)
	}
}

// TestMappingExpressionKeepsOtherColumnsText: with an expression mapped, the
// columns it does not name keep their text even when a value after the first
// 500 rows is not a number (a cancelled invoice "C490100", a stock code
// "79323P"); they used to be cast to numbers and such values became NULL.
func TestMappingExpressionKeepsOtherColumnsText(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("Invoice,StockCode,Quantity,Price,Customer ID,InvoiceDate\n")
	for i := 0; i < 600; i++ {
		fmt.Fprintf(&b, "%d,%d,2,3.5,%d,2024-01-01\n", 489434+i, 85048+i, 13000+i%50)
	}
	b.WriteString("C490100,79323P,-2,3.5,13001,2024-01-02\n") // line 602
	write(t, dir, "retail.csv", b.String())
	cfg := write(t, dir, "kizuna.toml", `[tables.orders]
path = "retail.csv"
customer_id = "\"Customer ID\""
ordered_at = "InvoiceDate"
amount = "Quantity * Price"
order_id = "Invoice"
`)
	e := openPaths(t, cfg)
	wantRows(t, e, "orders", 601, 0)
	// -2 · 3.5 = -7; the only negative amount.
	got := strs(t, e, `SELECT order_id || '|' || "StockCode" || '|' || customer_id || '|' || amount FROM orders WHERE amount < 0`)
	sortedEqual(t, "cancelled invoice", got, []string{"C490100|79323P|13001|-7.0"})
	if n := count(t, e, `SELECT count(*) FROM orders WHERE order_id IS NULL OR "StockCode" IS NULL`); n != 0 {
		t.Errorf("%d rows lost their order_id or StockCode", n)
	}
}
