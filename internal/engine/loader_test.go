package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// ordersHead is n plain order rows C1..Cn (lines 2..n+1): enough that the
// sniffer's sample (500 rows) is clean and the reader reads the columns
// typed, so the bad rows after it go through DuckDB's reject path.
func ordersHead(n int) string {
	var b strings.Builder
	b.WriteString("customer_id,ordered_at,amount,note\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "C%d,2024-01-%02d,%d.5,ok\n", i, i%28+1, i)
	}
	return b.String()
}

// rejectedOf lists "line|reason" of file's rejected rows.
func rejectedOf(e *Engine, file string) []string {
	var out []string
	for _, r := range e.Schema.Rejected {
		if r.File == file {
			out = append(out, fmt.Sprintf("%d|%s", r.Line, r.Reason))
		}
	}
	return out
}

// TestTypedReadRejects: values after the sniffed sample that do not fit
// the typed columns, NaN and infinite amounts, dates out of range, too
// many fields and an unterminated quote that runs to the end of the file
// are each rejected with the physical line (after a blank line and a
// quoted line break) and a reason; accepted + rejected = data rows.
func TestTypedReadRejects(t *testing.T) {
	body := ordersHead(600) + `X1,2024-13-01,11,bad date
X2,2024-01-03,abc,bad amount

X3,2024-01-04,12,"two
lines"
X4,2024-01-05,NaN,nan
X5,2024-01-06,-Infinity,inf
X6,2024-01-07,13,x,extra
X7,9999-12-31,5,far
X8,0001-01-01,5,early
X9,2024-01-08,14,ok
X10,2024-01-09,14,"unbalanced
X11,2024-01-10,15,swallowed
X12,2024-01-10,15,swallowed
`
	path := write(t, t.TempDir(), "orders.csv", body)
	e := openPaths(t, "", path)
	want := []string{
		`602|ordered_at: unparsable or impossible date "2024-13-01"`,
		`603|amount: not a number "abc"`,
		`607|amount: not a finite number "nan"`,
		`608|amount: not a finite number "-inf"`,
		`609|too many fields (expected number of columns: 4 found: 5)`,
		`610|ordered_at: date out of range "9999-12-31 00:00:00"`,
		`611|ordered_at: date out of range "0001-01-01 00:00:00"`,
		`613|unterminated quote (lines 613–615 cannot be read)`,
		`614|inside the unterminated quote opened on line 613`,
		`615|inside the unterminated quote opened on line 613`,
	}
	sortedEqual(t, "rejected", rejectedOf(e, path), want)
	// 600 + X3 + X9 accepted; 14 data lines (X3 spans two) less the blank one.
	wantRows(t, e, "orders", 602, int64(len(want)))
	if got := count(t, e, `SELECT count(*) FROM orders WHERE customer_id IN ('X3', 'X9')`); got != 2 {
		t.Errorf("X3 and X9: %d rows, want 2", got)
	}
	if got := one(t, e, `SELECT note FROM orders WHERE customer_id = 'X3'`); got != "two\nlines" {
		t.Errorf("quoted line break: %q", got)
	}
	// The default order_id is the physical line: X9 is on line 612.
	if got := one(t, e, `SELECT order_id FROM orders WHERE customer_id = 'X9'`); got != "orders.csv:612" {
		t.Errorf("order_id of X9 = %v, want orders.csv:612", got)
	}
	// Revenue is exactly the accepted rows' sum: Σ(i+0.5) for i ≤ 600, + 12 + 14.
	if got := one(t, e, `SELECT sum(amount) FROM orders`); !near(got, 600*601/2+300+26) {
		t.Errorf("revenue %v", got)
	}
}

// TestUnbalancedQuoteMidFile: a quote opened on line 3 and closed by a
// stray quote two lines later spoils those three lines only.
func TestUnbalancedQuoteMidFile(t *testing.T) {
	path := write(t, t.TempDir(), "orders.csv", `customer_id,ordered_at,amount,note
A1,2024-01-01,10,ok
A2,2024-01-02,11,"open
A3,2024-01-03,12,fine
A4,2024-01-04,13,a 5" screen
A5,2024-01-05,14,after
A6,2024-01-06,,after
`)
	e := openPaths(t, "", path)
	sortedEqual(t, "rejected", rejectedOf(e, path), []string{
		`3|unterminated quote (lines 3–5 cannot be read)`,
		`4|inside the unterminated quote opened on line 3`,
		`5|inside the unterminated quote opened on line 3`,
		`7|missing amount`,
	})
	wantRows(t, e, "orders", 2, 4)
	sortedEqual(t, "kept", strs(t, e, `SELECT customer_id FROM orders`), []string{"A1", "A5"})
}

// TestMultiLineReviews: a review export whose text has quoted line breaks
// and short rows (DuckDB's parallel reader refuses that mix) loads, with
// physical line numbers.
func TestMultiLineReviews(t *testing.T) {
	path := write(t, t.TempDir(), "reviews.csv", "customer_id,reviewed_at,rating,text\n"+
		"C1,2024-01-01,5,\"Great.\nWould buy again.\"\n"+
		"C2,2024-01-02,4\n"+
		"C3,2024-01-03,9,\"Too\n\nlong\"\n"+
		"C4,2024-01-04,2,\"配送が遅い\"\n")
	e := openPaths(t, "", path)
	wantRows(t, e, "reviews", 3, 1)
	sortedEqual(t, "rejected", rejectedOf(e, path), []string{`5|rating: 9 is outside 1–5`})
	if got := one(t, e, `SELECT text FROM reviews WHERE customer_id = 'C1'`); got != "Great.\nWould buy again." {
		t.Errorf("text %q", got)
	}
}

// TestLongField: one 5 MB field (DuckDB's default line limit is 2 MB).
func TestLongField(t *testing.T) {
	big := strings.Repeat("x", 5<<20)
	path := write(t, t.TempDir(), "reviews.csv", "customer_id,reviewed_at,rating,text\nC1,2024-01-01,5,ok\nC2,2024-01-02,4,\""+big+"\"\nC3,2024-01-03,3,ok\n")
	e := openPaths(t, "", path)
	wantRows(t, e, "reviews", 3, 0)
	if got := count(t, e, `SELECT length(text) FROM reviews WHERE customer_id = 'C2'`); got != 5<<20 {
		t.Errorf("long text: %d chars", got)
	}
}

// TestScoresNotFinite: NaN, infinite and huge scores are rejected per row,
// and the load goes on (an INTEGER cast used to abort it).
func TestScoresNotFinite(t *testing.T) {
	path := write(t, t.TempDir(), "responses.csv", `customer_id,responded_at,score
C1,2024-01-01,9
C2,2024-01-02,NaN
C3,2024-01-03,inf
C4,2024-01-04,99999999999
C5,2024-01-05,7
`)
	e := openPaths(t, "", path)
	sortedEqual(t, "rejected", rejectedOf(e, path), []string{
		`3|score: not an integer "NaN"`,
		`4|score: not an integer "inf"`,
		`5|score: 99999999999 is out of range`,
	})
	wantRows(t, e, "responses", 2, 3)
}

// TestDateRange: dates before 1900 or over a year past as_of are
// rejected; an ended_at of 9999-12-31 means the subscription is active.
func TestDateRange(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "kizuna.toml", "as_of = \"2024-06-30\"\n")
	subs := write(t, dir, "subscriptions.csv", `customer_id,started_at,ended_at
C1,2024-01-01,9999-12-31
C2,2024-01-01,2024-03-01
C3,1899-12-31,2024-03-01
C4,2025-07-01,
C5,2025-06-29,
`)
	e := openPaths(t, "", dir)
	sortedEqual(t, "rejected", rejectedOf(e, subs), []string{
		`4|started_at: date out of range "1899-12-31 00:00:00"`,
		`5|started_at: date out of range "2025-07-01 00:00:00"`,
	})
	if got := one(t, e, `SELECT ended_at IS NULL FROM subscriptions WHERE customer_id = 'C1'`); got != true {
		t.Errorf("C1 ended_at 9999-12-31 should be open (NULL), got %v", got)
	}
	wantRows(t, e, "subscriptions", 3, 2)
}

// TestRepeatedHeaderNames: a header naming a column twice loads, the
// second renamed amount_2.
func TestRepeatedHeaderNames(t *testing.T) {
	path := write(t, t.TempDir(), "orders.csv", `customer_id,ordered_at,amount,amount
C1,2024-01-01,10,99
C2,2024-01-02,20,98
`)
	e := openPaths(t, "", path)
	wantRows(t, e, "orders", 2, 0)
	if got := one(t, e, `SELECT sum(amount) FROM orders`); !near(got, 30) {
		t.Errorf("amount %v, want 30 (the first column)", got)
	}
	if got := one(t, e, `SELECT string_agg(amount_2, ',' ORDER BY amount_2) FROM orders`); got != "98,99" {
		t.Errorf("amount_2 %v", got)
	}
}

// TestTruncatedGzip: a gzip stream cut at any offset (not only in the
// first MiB) makes the file fail by name, and the other files load.
func TestTruncatedGzip(t *testing.T) {
	dir := t.TempDir()
	var raw bytes.Buffer
	raw.WriteString("customer_id,ordered_at,amount\n")
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&raw, "C%d,2024-01-%02d,%d\n", i, i%28+1, i%977)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	if z.Len() < 300000 {
		t.Fatalf("gzip is %d bytes: want more than the sniffed head", z.Len())
	}
	gz := filepath.Join(dir, "orders.csv.gz")
	if err := os.WriteFile(gz, z.Bytes()[:z.Len()-5000], 0o644); err != nil {
		t.Fatal(err)
	}
	posts := write(t, dir, "posts.csv", "post_id,posted_at,impressions,likes\nP1,2024-01-01,100,5\n")
	e := openPaths(t, "", dir)
	if len(e.Schema.Failed) != 1 || e.Schema.Failed[0].File != gz || !strings.Contains(e.Schema.Failed[0].Reason, "gzip data is truncated or corrupt") {
		t.Fatalf("failed = %+v, want %s with a gzip reason", e.Schema.Failed, gz)
	}
	wantRows(t, e, "posts", 1, 0)
	if got := count(t, e, `SELECT count(*) FROM orders`); got != 0 {
		t.Errorf("%d orders from a torn file", got)
	}
	_ = posts
	// Alone, the torn file is an error naming it.
	_, err := Open(context.Background(), Options{Paths: []string{gz}, NoCache: true})
	if err == nil || !strings.Contains(err.Error(), gz) || !IsData(err) {
		t.Errorf("torn gzip alone: err = %v", err)
	}
}

// TestCorruptParquetDoesNotBlock: a file that DuckDB cannot read fails by
// name; the other files load.
func TestCorruptParquetDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "events.parquet")
	os.WriteFile(bad, append([]byte("PAR1"), bytes.Repeat([]byte{7}, 100)...), 0o644)
	write(t, dir, "orders.csv", "customer_id,ordered_at,amount\nC1,2024-01-01,10\n")
	e := openPaths(t, "", dir)
	if len(e.Schema.Failed) != 1 || e.Schema.Failed[0].File != bad {
		t.Fatalf("failed = %+v", e.Schema.Failed)
	}
	wantRows(t, e, "orders", 1, 0)
}

// TestFIFOSkipped: a named pipe in the data folder is skipped at once
// (reading it would hang).
func TestFIFOSkipped(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "stream.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	write(t, dir, "orders.csv", "customer_id,ordered_at,amount\nC1,2024-01-01,10\n")
	done := make(chan *Engine, 1)
	go func() { done <- openPaths(t, "", dir) }()
	select {
	case e := <-done:
		want := []model.Rejection{{File: fifo, Reason: "not a regular file (a named pipe): skipped"}}
		if fmt.Sprint(e.Schema.Ignored) != fmt.Sprint(want) {
			t.Errorf("ignored %v, want %v", e.Schema.Ignored, want)
		}
		wantRows(t, e, "orders", 1, 0)
	case <-time.After(60 * time.Second):
		t.Fatal("loading a folder with a FIFO hangs")
	}
}

// TestParquetTyped: Parquet columns keep their types (timestamps with a
// zone in UTC, decimals, NaN rejected) and rows are numbered from 1.
func TestParquetTyped(t *testing.T) {
	dir := t.TempDir()
	pq := filepath.Join(dir, "orders.parquet")
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf(`COPY (SELECT * FROM (VALUES
		('C1', TIMESTAMPTZ '2024-01-01 09:00:00+09', CAST(10.25 AS DECIMAL(9,2)), 1),
		('C2', TIMESTAMPTZ '2024-01-02 12:00:00+00', CAST(20.50 AS DECIMAL(9,2)), 2),
		('C3', NULL, CAST(5 AS DECIMAL(9,2)), 3),
		('C4', TIMESTAMPTZ '2024-01-04 00:00:00+00', NULL, 4)) v(customer_id, ordered_at, amount, quantity)) TO '%s' (FORMAT parquet)`, pq)); err != nil {
		t.Fatal(err)
	}
	e := openPaths(t, "", pq)
	sortedEqual(t, "rejected", rejectedOf(e, pq), []string{"3|missing ordered_at", "4|missing amount"})
	sortedEqual(t, "orders", strs(t, e, `SELECT customer_id || '|' || strftime(ordered_at, '%Y-%m-%d %H:%M') || '|' || amount || '|' || quantity FROM orders`),
		[]string{"C1|2024-01-01 00:00|10.25|1.0", "C2|2024-01-02 12:00|20.5|2.0"})
}

// TestCrossFileDuplicates: rows of a second file repeating rows of the
// first are rejected naming the first file's line; repeats inside one file
// stay; a file that only repeats another is reported.
func TestCrossFileDuplicates(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a_orders.csv", "customer_id,ordered_at,amount\nC1,2024-01-01,10\nC1,2024-01-01,10\nC2,2024-01-02,20\n")
	b := write(t, dir, "b_orders.csv", "customer_id,ordered_at,amount\nC2,2024-01-02,20\nC3,2024-01-03,30\nC1,2024-01-01,10\n")
	c := write(t, dir, "c_orders.csv", "customer_id,ordered_at,amount\nC3,2024-01-03,30\n")
	e := openPaths(t, "", dir)
	sortedEqual(t, "b", rejectedOf(e, b), []string{"2|duplicate of " + a + ":4", "4|duplicate of " + a + ":2"})
	sortedEqual(t, "c", rejectedOf(e, c), []string{"2|duplicate of " + b + ":3"})
	if len(rejectedOf(e, a)) != 0 {
		t.Errorf("a: %v", rejectedOf(e, a))
	}
	wantRows(t, e, "orders", 4, 3) // a's three rows (the same-day pair stays) and C3 once
	if got := one(t, e, `SELECT sum(amount) FROM orders`); !near(got, 70) {
		t.Errorf("revenue %v, want 70", got)
	}
	found := false
	for _, ig := range e.Schema.Ignored {
		found = found || (ig.File == c && strings.Contains(ig.Reason, "every row (1) repeats"))
	}
	if !found {
		t.Errorf("ignored %v: want %s reported as all duplicates", e.Schema.Ignored, c)
	}
}

// TestCDNOWBothFiles: the master file and its published sample in one
// folder count each purchase once (69,659 orders, not 76,578).
func TestCDNOWBothFiles(t *testing.T) {
	dir := data + "cdnow"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s not found (../shared/data is beside the checkout in CI): %v", dir, err)
	}
	e := openPaths(t, "", dir)
	wantRows(t, e, "orders", 69659, 6919)
	master := fields(t, dir+"/CDNOW_master.txt")[1:]
	sum := 0.0
	for _, f := range master {
		var v float64
		fmt.Sscan(f[3], &v)
		sum += v
	}
	if got := one(t, e, `SELECT sum(amount) FROM orders`); !near(got, sum) {
		t.Errorf("revenue %v, want %v (the master file's)", got, sum)
	}
}

// TestJSONLateType: an NDJSON file whose amount turns from numbers to a
// "¥1,200" string after DuckDB's type sample loads (typed from every
// record), the string parsed by kizuna's rules, a bad date rejected.
func TestJSONLateType(t *testing.T) {
	var b strings.Builder
	want := 0.0
	for i := 1; i < 30000; i++ {
		fmt.Fprintf(&b, "{\"customer_id\": \"C%d\", \"ordered_at\": \"2024-01-%02d\", \"amount\": %d.5}\n", i, i%28+1, i)
		want += float64(i) + 0.5
	}
	b.WriteString("{\"customer_id\": \"Z\", \"ordered_at\": \"2024-01-05\", \"amount\": \"¥1,200\"}\n")
	b.WriteString("{\"customer_id\": \"Y\", \"ordered_at\": \"not a date\", \"amount\": 5}\n")
	path := write(t, t.TempDir(), "orders.ndjson", b.String())
	e := openPaths(t, "", path)
	sortedEqual(t, "rejected", rejectedOf(e, path), []string{`30001|ordered_at: unparsable or impossible date "not a date"`})
	wantRows(t, e, "orders", 30000, 1)
	if got := one(t, e, `SELECT sum(amount) FROM orders`); !near(got, want+1200) {
		t.Errorf("revenue %v, want %v", got, want+1200)
	}
}
