package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// sandboxed opens a small data set (cached when cached is true) and its
// console.
func sandboxed(t *testing.T, cached bool, opts Options) (*Engine, *Console, string) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "orders.csv", "customer_id,ordered_at,amount\nc1,2024-01-01,10\nc2,2024-01-02,20\nc1,2024-02-01,5\n")
	write(t, dir, "responses.csv", "customer_id,responded_at,score\nc1,2024-01-05,10\nc2,2024-01-06,3\n")
	opts.Paths, opts.CacheDir, opts.NoCache = []string{dir}, t.TempDir(), !cached
	if cached { // the second open reads the cache
		e, err := Open(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		e.Close()
	}
	e, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if e.Cached != cached {
		t.Fatalf("cached = %v, want %v", e.Cached, cached)
	}
	c, err := e.Console(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return e, c, dir
}

// Every way out of the data that issue 9 measured is refused with one
// line, in the cached and the in-memory mode, and nothing outside changes.
func TestConsoleRefuses(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, cached := range []bool{false, true} {
		e, c, dir := sandboxed(t, cached, Options{})
		out := filepath.Join(t.TempDir(), "out")
		other := filepath.Join(t.TempDir(), "other.duckdb")
		srcBefore, _ := os.ReadFile(filepath.Join(dir, "orders.csv"))
		cases := []struct{ sql, want string }{
			{`SELECT * FROM read_text('/etc/passwd')`, "out of reach"},
			{`SELECT * FROM read_csv('/etc/passwd')`, "out of reach"},
			{`SELECT * FROM glob('/root/**')`, "out of reach"},
			{`SELECT * FROM read_csv('https://example.invalid/x.csv')`, "out of reach"},
			{`SELECT * FROM read_parquet('` + dir + `/x.parquet')`, "out of reach"},
			{`COPY orders TO '` + out + `.csv'`, "out of reach"},
			{`COPY orders TO '` + filepath.Join(dir, "orders.csv") + `'`, "out of reach"},
			{`COPY (SELECT 1) TO '` + out + `.parquet' (FORMAT parquet)`, "out of reach"},
			{`EXPORT DATABASE '` + out + `'`, "out of reach"},
			{`SELECT 1; SELECT 2`, "one statement at a time"},
			{`SELECT 'a;b'; DROP TABLE orders`, "one statement at a time"},
			{`ATTACH '` + other + `' AS o (READ_WRITE)`, "ATTACH is not available"},
			{`ATTACH ':memory:' AS m`, "ATTACH is not available"},
			{`DETACH memory`, "DETACH is not available"},
			{`CREATE TEMP TABLE orders AS SELECT 'x' AS customer_id`, `"orders" is a loaded table`},
			{`CREATE OR REPLACE TEMPORARY VIEW "Responses" AS SELECT 1`, `"responses" is a loaded table`},
			{`CREATE TABLE t AS SELECT 1`, "read-only"},
			{`CREATE VIEW v AS SELECT 1`, "read-only"},
			{`INSTALL httpfs`, "INSTALL and LOAD is not available"},
			{`LOAD httpfs`, "INSTALL and LOAD is not available"},
			{`SET threads = 1`, "SET is not available"},
			{`SET enable_external_access = true`, "SET is not available"},
			{`RESET lock_configuration`, "SET is not available"},
			{`PRAGMA enable_profiling`, "PRAGMA"},
			{`PRAGMA threads = 1`, "SET is not available"},
			{`CALL pragma_version()`, "CALL"},
			{`SELECT * FROM enable_logging()`, "enable_logging() changes"},
			{`SELECT * FROM query('SELECT 1')`, "query() changes"},
			{`CHECKPOINT`, "not available"},
			{`DROP TABLE orders`, "read-only"},
			{`DELETE FROM orders`, "read-only"},
			{`UPDATE orders SET amount = 0`, "read-only"},
			{`INSERT INTO orders (customer_id) VALUES ('x')`, "read-only"},
			{`WITH x AS (SELECT 1) INSERT INTO orders (customer_id) SELECT 'x'`, "read-only"},
			{`ALTER TABLE orders ADD COLUMN y INT`, "ALTER"},
			{`BEGIN`, "transactions"},
			{`USE temp`, "SET is not available"},
			{`EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1`, "EXPLAIN of a query only"},
			{`EXPLAIN ANALYZE INSERT INTO orders (customer_id) VALUES ('x')`, "EXPLAIN of a query only"},
			{`CREATE TEMP TYPE mood AS ENUM ('a')`, "TEMP tables, views, macros and sequences only"},
			{`DROP SCHEMA main CASCADE`, "drops its own TEMP"},
			{`COPY FROM DATABASE memory TO memory`, "one statement at a time"},
			{`DEALLOCATE p`, "only the console's TEMP objects"},
			{`SET VARIABLE x = 1`, "SET is not available"},
		}
		for _, tc := range cases {
			_, err := c.Query(context.Background(), tc.sql)
			var r *Refused
			if !errors.As(err, &r) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("cached=%v %s: err = %v, want a one-line refusal containing %q", cached, tc.sql, err, tc.want)
			}
		}
		// Nothing was written, the source is intact, and the metrics see
		// the loaded numbers.
		if left, _ := filepath.Glob(out + "*"); len(left) != 0 {
			t.Errorf("files written: %v", left)
		}
		if _, err := os.Stat(other); err == nil {
			t.Errorf("ATTACH created %s", other)
		}
		if after, _ := os.ReadFile(filepath.Join(dir, "orders.csv")); string(after) != string(srcBefore) {
			t.Error("orders.csv changed")
		}
		if _, err := os.Stat(filepath.Join(home, ".duckdb")); err == nil {
			t.Errorf("an extension folder was created in $HOME")
		}
		if n := count(t, e, "SELECT count(*) FROM orders"); n != 3 {
			t.Errorf("cached=%v: orders = %d rows after the attempts", cached, n)
		}
		if !near(one(t, e, "SELECT sum(amount) FROM orders"), 35) {
			t.Errorf("cached=%v: sum changed", cached)
		}
	}
}

// Ordinary analysis works: CTEs, window functions, DESCRIBE, completion,
// and scratch TEMP tables that only the console sees.
func TestConsoleAnalysis(t *testing.T) {
	for _, cached := range []bool{false, true} {
		e, c, _ := sandboxed(t, cached, Options{})
		ctx := context.Background()
		run := func(q string) [][]any {
			t.Helper()
			tb, err := c.Query(ctx, q)
			if err != nil {
				t.Fatalf("cached=%v %s: %v", cached, q, err)
			}
			return tb.Rows
		}
		rows := run(`WITH s AS (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY ALL)
			SELECT customer_id, total, rank() OVER (ORDER BY total DESC) AS r FROM s ORDER BY r`)
		if len(rows) != 2 || rows[0][0] != "c2" || rows[0][2] != int64(1) {
			t.Errorf("CTE + window: %v", rows)
		}
		run(`DESCRIBE orders`)
		run(`SELECT * FROM pragma_table_info('orders')`)
		run(`SELECT 'semi;colon' AS s -- a comment; with a semicolon`)
		run(`CREATE TEMP TABLE big_spenders AS SELECT customer_id FROM orders WHERE amount > 8`)
		run(`INSERT INTO big_spenders VALUES ('c9')`)
		run(`UPDATE big_spenders SET customer_id = 'c8' WHERE customer_id = 'c9'`)
		run(`DELETE FROM big_spenders WHERE customer_id = 'c8'`)
		if r := run(`SELECT count(*) FROM big_spenders`); r[0][0] != int64(2) {
			t.Errorf("scratch table: %v", r)
		}
		run(`CREATE TEMP MACRO twice(x) AS x * 2`)
		if r := run(`SELECT twice(21)`); r[0][0] != int64(42) {
			t.Errorf("macro: %v", r)
		}
		if s, err := c.Scratch(ctx); err != nil || strings.Join(s, ",") != "big_spenders" {
			t.Errorf("Scratch() = %v, %v", s, err)
		}
		// The metrics' connections do not see the console's scratch.
		if _, err := metrics.Query(ctx, e.DB, "SELECT * FROM big_spenders"); err == nil {
			t.Error("the console's TEMP table leaked to the metrics' connections")
		}
		run(`EXPLAIN SELECT count(*) FROM orders`)
		run(`EXPLAIN ANALYZE SELECT count(*) FROM orders`)
		run(`SUMMARIZE orders`)
		run(`CREATE TEMP SEQUENCE IF NOT EXISTS s1`)
		run(`DROP SEQUENCE s1`)
		run(`DROP MACRO twice`)
		run(`DROP TABLE IF EXISTS big_spenders`)
		rows = run(`SELECT suggestion FROM sql_auto_complete('SELECT * FROM ord')`)
		if len(rows) == 0 || rows[0][0] != "orders" {
			t.Errorf("sql_auto_complete: %v", rows)
		}
	}
}

// --allow-files opens file access for local use; the loaded tables stay
// read-only.
func TestConsoleAllowFiles(t *testing.T) {
	_, c, _ := sandboxed(t, true, Options{AllowFiles: true})
	out := filepath.Join(t.TempDir(), "o.csv")
	if _, err := c.Query(context.Background(), `COPY orders TO '`+out+`'`); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Query(context.Background(), `SELECT * FROM read_csv('`+out+`')`); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Query(context.Background(), `CREATE TEMP TABLE orders AS SELECT 1`); err == nil {
		t.Fatal("shadowing allowed with --allow-files")
	}
}

// A query running past the time limit is stopped with a message naming
// the flag; cancelling the context ends it at once.
func TestConsoleTimeoutAndCancel(t *testing.T) {
	_, c, _ := sandboxed(t, false, Options{QueryTimeout: 300 * time.Millisecond})
	slow := `SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3`
	start := time.Now()
	_, err := c.Query(context.Background(), slow)
	if err == nil || !strings.Contains(err.Error(), "--query-timeout") || time.Since(start) > 10*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start = time.Now()
	c.timeout = time.Hour
	if _, err := c.Query(ctx, slow); err == nil || time.Since(start) > 10*time.Second {
		t.Fatalf("cancel: err = %v after %v", err, time.Since(start))
	}
	// The console still works afterwards.
	if _, err := c.Query(context.Background(), "SELECT 1"); err != nil {
		t.Fatal(err)
	}
}

// The tokenizer sees through strings, quoted names and comments.
func TestConsoleTokens(t *testing.T) {
	var got []string
	for _, tk := range tokens(`SELECT 'enable_logging()', E'it\'s', $x$ query() $x$, "Query" ( /* checkpoint( /* nested */ */ -- force_checkpoint(
	1`) {
		got = append(got, tk.text)
	}
	if strings.Join(got, " ") != "select , , , query (" {
		t.Fatalf("tokens = %q", got)
	}
}

// The sealed database writes no file, even for kizuna's own SQL; Parquet
// exports go through FileDB, a DuckDB of their own.
func TestFileDBWritesWhileSealed(t *testing.T) {
	e, _, _ := sandboxed(t, true, Options{})
	out := filepath.Join(t.TempDir(), "x.parquet")
	q := `COPY (SELECT 42 AS n) TO '` + out + `' (FORMAT parquet)`
	if _, err := metrics.Query(context.Background(), e.DB, q); err == nil {
		t.Fatal("the sealed database wrote a file")
	}
	if _, err := metrics.Query(context.Background(), e.FileDB(), q); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("parquet not written: %v", err)
	}
}
