package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	gensample "github.com/kizuna-dev/kizuna/internal/sample"
)

func hasTable(t *testing.T, e *Engine, name string) bool {
	t.Helper()
	return count(t, e, "SELECT count(*) FROM duckdb_tables() WHERE table_name = $1", name) == 1
}

// The loader writes one row per order when every order has one customer
// and one time, and the episodes for the default parameters; the metrics
// then read them, with the numbers worked out by hand.
func TestDerivedTablesWritten(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "orders.csv", `order_id,customer_id,ordered_at,amount
o1,a,2024-01-05,10
o1,a,2024-01-05,5
o2,a,2024-03-01,20
o3,b,2024-02-10,-7
o4,b,2024-02-11,30
`)
	cache := t.TempDir()
	open := func() *Engine {
		e, err := Open(context.Background(), Options{Paths: []string{path}, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	e := open() // loads, writes the cache, works from memory
	if hasTable(t, e, "kz_funnel_reach") {
		t.Error("kz_funnel_reach written at load: only the cache file keeps it")
	}
	warm := open()
	if !warm.Cached {
		t.Fatal("second open not from the cache")
	}
	for _, n := range metrics.DerivedTables() {
		if !hasTable(t, warm, n) {
			t.Errorf("%s not in the cache file", n)
		}
	}
	if n := count(t, warm, "SELECT count(*) FROM kz_kept"); n != 2 {
		t.Errorf("kz_kept has %d rows, want 2 (episodes, funnel)", n)
	}
	// The funnel from the kept stages equals the funnel from the orders.
	kept, err := metrics.Run(context.Background(), warm.DB, "funnel", warm.Params())
	if err != nil {
		t.Fatal(err)
	}
	built, err := metrics.Run(context.Background(), e.DB, "funnel", e.Params())
	if err != nil {
		t.Fatal(err)
	}
	if a, b := fmt.Sprint(kept.Table.Rows), fmt.Sprint(built.Table.Rows); a != b {
		t.Errorf("funnel from the cache's stages:\n%s\nfrom the orders:\n%s", a, b)
	}
	if text, _, _, _ := metrics.Build(context.Background(), warm.DB, "funnel", warm.Params()); !strings.Contains(text, "FROM kz_funnel_reach") {
		t.Error("the warm funnel does not read kz_funnel_reach")
	}
	// o1 is one order of 15; o3 is a return (no order, revenue −7).
	mustRows(t, e, "SELECT order_id, amount, kz_return FROM "+metrics.OrderHeads+" ORDER BY order_id",
		"[[o1 15 false] [o2 20 false] [o3 -7 true] [o4 30 false]]")
	text, _, _, err := metrics.Build(context.Background(), e.DB, "repeat", e.Params())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "FROM "+metrics.OrderHeads+" t") {
		t.Errorf("repeat does not read %s:\n%.400s", metrics.OrderHeads, text)
	}
	res, err := metrics.Run(context.Background(), e.DB, "repeat", e.Params())
	if err != nil {
		t.Fatal(err)
	}
	// a: 2 orders (35), b: 1 order (30 − 7): 2 customers, 1 repeater, 3 orders, revenue 58.
	if got, want := fmt.Sprint(res.Table.Columns, res.Table.Rows),
		"[group customers repeat_rate orders_per_customer aov revenue orders] [[all 2 50 1.5 19.333333333333332 58 3]]"; got != want {
		t.Errorf("repeat:\n got %s\nwant %s", got, want)
	}
	// Episodes (90 days): a from 2024-01-05 (orders 56 days apart: one
	// episode), b from 2024-02-11; as_of 2024-03-01 keeps both open.
	mustRows(t, e, "SELECT customer_id, start_date, end_date, island FROM "+metrics.EpisodesTable+" ORDER BY 1",
		"[[a 2024-01-05 00:00:00 +0000 UTC 2024-05-30 00:00:00 +0000 UTC 1] [b 2024-02-11 00:00:00 +0000 UTC 2024-05-11 00:00:00 +0000 UTC 1]]")
}

// An order whose lines name two customers (or two times) would be counted
// differently per order than per line: then the table is not written and
// the metrics read the lines.
func TestDerivedOrdersNotWrittenForMixedOrders(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "orders.csv", `order_id,customer_id,ordered_at,amount
o1,a,2024-01-05,10
o1,b,2024-01-05,5
o2,a,2024-03-01,20
`)
	e := openPaths(t, "", path)
	if hasTable(t, e, metrics.OrderHeads) {
		t.Errorf("%s written for an order with two customers", metrics.OrderHeads)
	}
	res, err := metrics.Run(context.Background(), e.DB, "segments", e.Params())
	if err != nil {
		t.Fatal(err)
	}
	// Per customer: a has o1 and o2 (2 orders), b has o1; 2 distinct orders.
	got := fmt.Sprint(res.Table.Rows[0][1:8])
	if got != "[2 2 2 35 17.5 50 <nil>]" {
		t.Errorf("segments over mixed orders: %s", got)
	}
}

// mustRows compares the rows of text with want (fmt.Sprint).
func mustRows(t *testing.T, e *Engine, text, want string) {
	t.Helper()
	if got := fmt.Sprint(query(t, e, text).Rows); got != want {
		t.Errorf("%s:\n got %s\nwant %s", text, got, want)
	}
}

// The memory limit lowered while the derived tables and the cache are
// written is put back: queries afterwards have the limit of a database
// opened with the engine's settings.
func TestMemoryLimitRestoredAfterLoad(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "orders.csv", "order_id,customer_id,ordered_at,amount\no1,a,2024-01-05,10\n")
	e := openPaths(t, "", path)
	db, err := sql.Open("duckdb", dsn("", e.opts))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var want string
	if err := db.QueryRow("SELECT current_setting('memory_limit')").Scan(&want); err != nil {
		t.Fatal(err)
	}
	if got := one(t, e, "SELECT current_setting('memory_limit')"); got != want {
		t.Errorf("memory_limit after loading = %v, want %v", got, want)
	}
}

// On the sample (orders with category and channel columns, subscriptions,
// events) every metric that reads orders reads one row per order, and the
// ones that build episodes read the kept ones: nothing in a query turns
// the faster path off (comments naming an order column do not count).
func TestSampleMetricsReadDerivedTables(t *testing.T) {
	dir := t.TempDir()
	if err := gensample.Write(dir, gensample.Options{Customers: 500, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	e := openPaths(t, "", dir)
	for _, name := range metrics.Names() {
		text, _, _, err := metrics.Build(context.Background(), e.DB, name, e.Params())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(text, "FROM orders t") {
			t.Errorf("%s reads the order lines", name)
		}
		if strings.Contains(text, "sub_episodes AS") {
			t.Errorf("%s builds the episodes", name)
		}
	}
}
