package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// fixture opens an in-memory DuckDB holding every canonical table (empty),
// with extra dimension columns per role ("customers": {"region"}), then runs stmts.
func fixture(t *testing.T, extra map[string][]string, stmts ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, r := range model.Roles {
		if _, err := db.Exec(model.CreateTableSQL(r, extra[r.Name]...)); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return db
}

// run runs metric name over the loaded tables and again with the tables
// the loader derives from them (OrderHeads when usable, EpisodesTable for
// p): both must give the same table (floats to 1e-9 relative), so every
// hand-worked value of this package also checks the faster paths.
func run(t *testing.T, db *sql.DB, name string, p Params) *Result {
	t.Helper()
	ctx := context.Background()
	r, err := Run(ctx, db, name, p)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	derived := derive(t, db, p)
	defer func() {
		for _, d := range derived {
			db.Exec("DROP TABLE " + d)
		}
	}()
	if len(derived) == 0 {
		return r
	}
	text, _, _, err := Build(ctx, db, name, p)
	if err != nil {
		t.Fatalf("%s derived: %v", name, err)
	}
	if slices.Contains(derived, OrderHeads) && strings.Contains(text, "FROM orders t") && p.By == "" && len(p.Where) == 0 {
		t.Errorf("%s: OrderHeads is written but the query reads the lines", name)
	}
	if slices.Contains(derived, EpisodesTable) && strings.Contains(text, "sub_episodes AS") && len(p.Where) == 0 && p.SegmentSQL == "" {
		t.Errorf("%s: %s is written for these parameters but the query builds the episodes", name, EpisodesTable)
	}
	if slices.Contains(derived, "kz_funnel_reach") && strings.Contains(text, "stage_of AS") && len(p.Where) == 0 && p.By == "" && p.From == "" && p.To == "" {
		t.Errorf("%s: kz_funnel_reach is written for these parameters but the query builds the stages", name)
	}
	r2, err := Run(ctx, db, name, p)
	if err != nil {
		t.Fatalf("%s derived: %v", name, err)
	}
	if d := sameTable(r.Columns, r2.Columns, r.Rows, r2.Rows); d != "" {
		t.Errorf("%s: the derived tables (%v) change the result: %s", name, derived, d)
	}
	return r
}

// derive writes the tables the loader derives (with p's as-of date and
// inactive_days for the episodes) and returns their names.
func derive(t *testing.T, db *sql.DB, p Params) []string {
	t.Helper()
	written, err := WriteDerived(context.Background(), db, p)
	var u *UsageError
	if errors.As(err, &u) {
		// An invalid p: Run reports it. What was written before stays.
		written = nil
		for _, n := range []string{OrderHeads, KeptTable, "kz_episodes", "kz_funnel_reach"} {
			var ok bool
			db.QueryRow("SELECT EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = $1)", n).Scan(&ok)
			if ok {
				written = append(written, n)
			}
		}
		return written
	}
	if err != nil {
		t.Fatalf("derived tables: %v", err)
	}
	// What the cache file keeps besides, written here beside them.
	stmts, err := CacheDerivedSQL(context.Background(), db, p, "main")
	if err != nil {
		t.Fatalf("cache's derived tables: %v", err)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s.Text, s.Args...); err != nil {
			t.Fatalf("%s: %v", s.Text, err)
		}
		if n, ok := strings.CutPrefix(s.Text, "CREATE TABLE main."); ok {
			written = append(written, strings.Fields(n)[0])
		}
	}
	return written
}

// sameTable describes the first difference of two tables ("" if none).
func sameTable(ca, cb []string, a, b [][]any) string {
	if strings.Join(ca, ",") != strings.Join(cb, ",") {
		return fmt.Sprintf("columns %v vs %v", ca, cb)
	}
	if len(a) != len(b) {
		return fmt.Sprintf("%d rows vs %d", len(a), len(b))
	}
	for i := range a {
		for j := range a[i] {
			x, y := a[i][j], b[i][j]
			fx, okx := x.(float64)
			fy, oky := y.(float64)
			if okx && oky {
				if math.Abs(fx-fy) <= 1e-9*math.Max(1, math.Abs(fx)) {
					continue
				}
			} else if fmt.Sprint(x) == fmt.Sprint(y) {
				continue
			}
			return fmt.Sprintf("row %d %s: %v vs %v", i, ca[j], x, y)
		}
	}
	return ""
}

// rowMap returns row i as column → value.
func rowMap(r *Result, i int) map[string]any {
	m := map[string]any{}
	for j, c := range r.Columns {
		m[c] = r.Rows[i][j]
	}
	return m
}

// near compares floats to 1e-9.
func near(a any, want float64) bool {
	f, ok := a.(float64)
	if !ok {
		return false
	}
	d := f - want
	return d < 1e-9 && d > -1e-9
}

func mustEqual(t *testing.T, what string, got any, want any) {
	t.Helper()
	switch w := want.(type) {
	case float64:
		if !near(got, w) {
			t.Errorf("%s = %v (%T), want %v", what, got, got, w)
		}
	case int:
		if g, ok := got.(int64); !ok || g != int64(w) {
			t.Errorf("%s = %v (%T), want %v", what, got, got, w)
		}
	default:
		if got != want {
			t.Errorf("%s = %v (%T), want %v (%T)", what, got, got, want, want)
		}
	}
}

var _ = strings.Join
