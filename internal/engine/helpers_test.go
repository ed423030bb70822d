package engine

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// data is the folder of real public files (SPEC: CI has it beside the checkout).
const data = "../../../shared/data/"

// openPaths loads paths (and cfg when not "") and fails the test on error.
func openPaths(t *testing.T, cfg string, paths ...string) *Engine {
	t.Helper()
	e, err := Open(context.Background(), Options{Paths: paths, Config: cfg, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatalf("Open(%v, config %q): %v", paths, cfg, err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// query runs text and returns its rows.
func query(t *testing.T, e *Engine, text string, args ...any) *model.Table {
	t.Helper()
	tb, err := metrics.Query(context.Background(), e.DB, text, args...)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return tb
}

// one returns the single value of text.
func one(t *testing.T, e *Engine, text string, args ...any) any {
	t.Helper()
	tb := query(t, e, text, args...)
	if len(tb.Rows) != 1 || len(tb.Rows[0]) != 1 {
		t.Fatalf("%s: want one value, got %v", text, tb.Rows)
	}
	return tb.Rows[0][0]
}

// count returns the single integer of text.
func count(t *testing.T, e *Engine, text string, args ...any) int64 {
	t.Helper()
	v := one(t, e, text, args...)
	n, ok := v.(int64)
	if !ok {
		t.Fatalf("%s: want an integer, got %T %v", text, v, v)
	}
	return n
}

// strs returns the first column of text as strings, sorted.
func strs(t *testing.T, e *Engine, text string, args ...any) []string {
	t.Helper()
	tb := query(t, e, text, args...)
	out := make([]string, len(tb.Rows))
	for i, r := range tb.Rows {
		out[i] = fmt.Sprint(r[0])
	}
	sort.Strings(out)
	return out
}

// info returns the schema entry of role.
func info(t *testing.T, e *Engine, role string) model.TableInfo {
	t.Helper()
	for _, ti := range e.Schema.Tables {
		if ti.Role == role {
			return ti
		}
	}
	t.Fatalf("no %s table in schema %+v", role, e.Schema.Tables)
	return model.TableInfo{}
}

// wantRows checks a role's accepted and rejected counts in the schema.
func wantRows(t *testing.T, e *Engine, role string, rows, rejected int64) {
	t.Helper()
	ti := info(t, e, role)
	if ti.Rows != rows || ti.Rejected != rejected {
		t.Errorf("%s: rows %d rejected %d, want %d and %d", role, ti.Rows, ti.Rejected, rows, rejected)
	}
}

// readCSV reads a comma (or other) separated file with encoding/csv: header and records.
func readCSV(t *testing.T, path string, comma rune) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for i := range recs {
		for j := range recs[i] {
			recs[i][j] = strings.TrimSuffix(recs[i][j], "\r")
		}
	}
	return recs[0], recs[1:]
}

// col returns the index of name in header.
func col(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// fields reads a whitespace-aligned file with strings.Fields, one slice per non-blank line.
func fields(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// write puts content in dir/name and returns the path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sortedEqual compares two multisets of strings.
func sortedEqual(t *testing.T, what string, got, want []string) {
	t.Helper()
	sort.Strings(got)
	sort.Strings(want)
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: first difference at %d: got %q, want %q", what, i, got[i], want[i])
		}
	}
}

// near compares floats to 1e-9 (relative for large values).
func near(got any, want float64) bool {
	f, ok := got.(float64)
	if !ok {
		return false
	}
	d := f - want
	tol := 1e-9
	if a := want; a > 1 || a < -1 {
		tol *= max(a, -a)
	}
	return d <= tol && d >= -tol
}

// needData skips a test of the real files of ../shared/data when they are
// not beside the checkout (CI has them; a bare clone may not).
func needData(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(data); err != nil {
		t.Skipf("%s not found (the real data files sit beside the checkout in CI): %v", data, err)
	}
}
