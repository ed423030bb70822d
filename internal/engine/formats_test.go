package engine

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"
)

// openFails loads paths and returns the error, failing when there is none.
func openFails(t *testing.T, paths ...string) error {
	t.Helper()
	e, err := Open(context.Background(), Options{Paths: paths})
	if err == nil {
		e.Close()
		t.Fatalf("Open(%v): no error", paths)
	}
	return err
}

// wantFileError checks that err is a data error naming path and saying why.
func wantFileError(t *testing.T, err error, path, why string) {
	t.Helper()
	if !IsData(err) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), why) {
		t.Errorf("error %q (data error: %v), want a data error naming %s and saying %q", err, IsData(err), path, why)
	}
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing file", func(t *testing.T) {
		p := filepath.Join(dir, "nope.csv")
		wantFileError(t, openFails(t, p), p, "no such file")
	})
	t.Run("empty file", func(t *testing.T) {
		p := write(t, dir, "empty_orders.csv", "")
		wantFileError(t, openFails(t, p), p, "empty file")
	})
	t.Run("UTF-16", func(t *testing.T) {
		// "customer_id\n" in UTF-16LE with a byte order mark.
		var b bytes.Buffer
		b.Write([]byte{0xff, 0xfe})
		for _, c := range "customer_id,ordered_at,amount\nA1,2024-01-01,10\n" {
			b.Write([]byte{byte(c), 0})
		}
		p := write(t, dir, "u16_orders.csv", b.String())
		wantFileError(t, openFails(t, p), p, "UTF-16")
	})
	t.Run("binary bytes", func(t *testing.T) {
		b := make([]byte, 4096)
		for i := range b {
			b[i] = byte(i * 7919 % 256) // includes NUL bytes
		}
		p := write(t, dir, "bin_orders.csv", string(b))
		wantFileError(t, openFails(t, p), p, "not a text file")
	})
	t.Run("neither UTF-8 nor Shift_JIS", func(t *testing.T) {
		// Latin-1 "Müller" between ASCII letters: no NUL, not UTF-8.
		p := write(t, dir, "latin1_customers.csv", "customer_id,name\nC1,M\xfcller\nC2,J\xfcrgen\n")
		wantFileError(t, openFails(t, p), p, "neither UTF-8")
	})
	t.Run("unreadable file", func(t *testing.T) {
		p := write(t, dir, "locked_orders.csv", "customer_id,ordered_at,amount\nA1,2024-01-01,10\n")
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(p, 0o644)
		if os.Getuid() == 0 {
			// root reads a mode-000 file: it loads like any other.
			t.Log("running as root: a chmod 000 file is still readable, so it loads")
			e := openPaths(t, "", p)
			wantRows(t, e, "orders", 1, 0)
			return
		}
		wantFileError(t, openFails(t, p), p, "permission denied")
	})
}

func TestHeaderOnlyFile(t *testing.T) {
	p := write(t, t.TempDir(), "orders.csv", "customer_id,ordered_at,amount\n")
	e := openPaths(t, "", p)
	wantRows(t, e, "orders", 0, 0)
	if n := count(t, e, `SELECT count(*) FROM orders`); n != 0 {
		t.Errorf("orders: %d rows, want 0", n)
	}
}

func TestShiftJIS(t *testing.T) {
	text := "顧客ID,購入日,金額,店舗\r\n00012,2024/01/05,1200,東京本店\r\n00013,2024/02/10,\"3,400\",大阪・梅田\r\n"
	sjis, err := japanese.ShiftJIS.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	if sjis == text {
		t.Fatal("encoding did nothing")
	}
	p := write(t, t.TempDir(), "購入履歴.csv", sjis)
	e := openPaths(t, "", p)
	wantRows(t, e, "orders", 2, 0)
	ti := info(t, e, "orders")
	if ti.Columns["customer_id"] != "顧客ID" || ti.Columns["ordered_at"] != "購入日" || ti.Columns["amount"] != "金額" {
		t.Errorf("columns %v", ti.Columns)
	}
	got := strs(t, e, `SELECT order_id || '|' || customer_id || '|' || strftime(ordered_at, '%Y-%m-%d') || '|' || amount || '|' || "店舗" FROM orders`)
	sortedEqual(t, "orders", got, []string{"購入履歴.csv:2|00012|2024-01-05|1200.0|東京本店", "購入履歴.csv:3|00013|2024-02-10|3400.0|大阪・梅田"})
}

func TestUTF8BOM(t *testing.T) {
	p := write(t, t.TempDir(), "customers.csv", "\ufeffcustomer_id,signup_at,region\nC1,2024-01-01,九州\nC2,2024-01-02,関東\n")
	e := openPaths(t, "", p)
	wantRows(t, e, "customers", 2, 0)
	got := strs(t, e, `SELECT customer_id || '|' || strftime(signup_at, '%Y-%m-%d') || '|' || region FROM customers`)
	sortedEqual(t, "customers", got, []string{"C1|2024-01-01|九州", "C2|2024-01-02|関東"})
}

func TestGzipCSV(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("customer_id,ordered_at,amount\nA1,2024-01-01,10\n\nA2,2024-01-02,20.5\nA3,2024-01-03,x\n"))
	zw.Close()
	p := write(t, t.TempDir(), "orders.csv.gz", b.String())
	e := openPaths(t, "", p)
	wantRows(t, e, "orders", 2, 1)
	got := strs(t, e, `SELECT customer_id || '|' || amount FROM orders`)
	sortedEqual(t, "orders", got, []string{"A1|10.0", "A2|20.5"})
	// Line 3 is blank: A3 is on line 5.
	if r := e.Schema.Rejected; len(r) != 1 || r[0].Line != 5 || r[0].Reason != `amount: not a number "x"` {
		t.Errorf("rejected %v", r)
	}
}

func TestTSV(t *testing.T) {
	p := write(t, t.TempDir(), "orders.tsv", "customer_id\tordered_at\tamount\tnote\nA1\t2024-01-01\t10\thas, comma\nA2\t2024-01-02\t7\t\"quoted\"\n")
	e := openPaths(t, "", p)
	wantRows(t, e, "orders", 2, 0)
	got := strs(t, e, `SELECT customer_id || '|' || amount || '|' || note FROM orders`)
	sortedEqual(t, "orders", got, []string{"A1|10.0|has, comma", "A2|7.0|quoted"})
}

// TestParquetAndJSON writes the files with DuckDB's COPY and loads them.
func TestParquetAndJSON(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`COPY (SELECT * FROM (VALUES ('007', TIMESTAMP '2024-03-04 05:06:07', 12.5), ('008', TIMESTAMP '2024-03-05 00:00:00', 3.0),
			('009', NULL, 1.0)) v(customer_id, ordered_at, amount)) TO '` + filepath.Join(dir, "orders.parquet") + `' (FORMAT parquet)`,
		`COPY (SELECT * FROM (VALUES ('007', '2024-03-04 05:06:07', 'page_view'), ('008', '2024-03-05', 'purchase'))
			v(customer_id, occurred_at, event)) TO '` + filepath.Join(dir, "events.ndjson") + `' (FORMAT json)`,
		`COPY (SELECT * FROM (VALUES ('007', '2024-03-06', 9), ('010', '2024-03-07', 12)) v(customer_id, responded_at, score))
			TO '` + filepath.Join(dir, "responses.json") + `' (FORMAT json, ARRAY true)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	e := openPaths(t, "", dir)
	wantRows(t, e, "orders", 2, 1)
	wantRows(t, e, "events", 2, 0)
	wantRows(t, e, "responses", 1, 1)
	got := strs(t, e, `SELECT customer_id || '|' || strftime(ordered_at, '%Y-%m-%d %H:%M:%S') || '|' || amount FROM orders`)
	sortedEqual(t, "orders", got, []string{"007|2024-03-04 05:06:07|12.5", "008|2024-03-05 00:00:00|3.0"})
	got = strs(t, e, `SELECT customer_id || '|' || strftime(occurred_at, '%Y-%m-%d %H:%M:%S') || '|' || event FROM events`)
	sortedEqual(t, "events", got, []string{"007|2024-03-04 05:06:07|page_view", "008|2024-03-05 00:00:00|purchase"})
	// Lines of Parquet and JSON files are row numbers (1-based, no header).
	want := []string{
		filepath.Join(dir, "orders.parquet") + "|3|missing ordered_at",
		filepath.Join(dir, "responses.json") + "|2|score: 12 is outside the NPS scale 0–10",
	}
	sortedEqual(t, "rejected", strs(t, e, `SELECT file || '|' || line || '|' || reason FROM rejected`), want)
}

// TestSourcesNotModified loads a folder of files in every format with a
// mapping file and checks that no byte or modification time changed.
func TestSourcesNotModified(t *testing.T) {
	dir := t.TempDir()
	sjis, _ := japanese.ShiftJIS.NewEncoder().String("顧客ID,購入日,金額\n001,2024/01/05,1200\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("customer_id,occurred_at,event\nA1,2024-01-01,page_view\n"))
	zw.Close()
	write(t, dir, "orders.csv", sjis)
	write(t, dir, "events.csv.gz", gz.String())
	write(t, dir, "customers.csv", "\ufeffcustomer_id,region\n001,北海道\nA1,沖縄\n")
	write(t, dir, "responses.csv", "customer_id,responded_at,score\n001,2024-01-09,11\n")
	write(t, dir, "kizuna.toml", "as_of = \"2024-02-01\"\n[tables.reviews]\npath = \"r.tsv\"\nrating = \"stars\"\nreviewed_at = \"day\"\n")
	write(t, dir, "r.tsv", "stars\tday\n5\t2024-01-02\n")
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	type snap struct {
		data  []byte
		mtime time.Time
	}
	before := map[string]snap{}
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		p := filepath.Join(dir, en.Name())
		os.Chtimes(p, old, old)
		b, _ := os.ReadFile(p)
		st, _ := os.Stat(p)
		before[p] = snap{b, st.ModTime()}
	}
	e := openPaths(t, "", dir)
	wantRows(t, e, "orders", 1, 0)
	wantRows(t, e, "events", 1, 0)
	wantRows(t, e, "responses", 0, 1)
	wantRows(t, e, "reviews", 1, 0)
	e.Close()
	after, _ := os.ReadDir(dir)
	if len(after) != len(entries) {
		t.Errorf("%d files after loading, want %d", len(after), len(entries))
	}
	for p, s := range before {
		b, err := os.ReadFile(p)
		st, err2 := os.Stat(p)
		if err != nil || err2 != nil || !bytes.Equal(b, s.data) || !st.ModTime().Equal(s.mtime) {
			t.Errorf("%s changed by loading (err %v %v)", p, err, err2)
		}
	}
}
