package metrics

import (
	"context"
	"database/sql"
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

func run(t *testing.T, db *sql.DB, name string, p Params) *Result {
	t.Helper()
	r, err := Run(context.Background(), db, name, p)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
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
