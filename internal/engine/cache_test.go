package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The cache: an unchanged file is not loaded again, a changed one is, a
// corrupt cache file is rebuilt with a warning, and NoCache touches nothing.
func TestCacheReuseReloadAndCorrupt(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	f := write(t, dir, "orders.csv", "customer_id,ordered_at,amount\nc1,2024-01-01,10\nc2,2024-01-02,20\n")
	var warnings []string
	open := func(noCache bool) *Engine {
		t.Helper()
		e, err := Open(context.Background(), Options{Paths: []string{dir}, CacheDir: cache, NoCache: noCache,
			Warn: func(s string) { warnings = append(warnings, s) }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	sum := func(e *Engine) any { return one(t, e, "SELECT sum(amount) FROM orders") }

	first := open(false)
	if first.Cached || first.CachePath == "" || !near(sum(first), 30) {
		t.Fatalf("first open: cached=%v path=%q sum=%v", first.Cached, first.CachePath, sum(first))
	}
	first.Close()
	second := open(false)
	if !second.Cached || second.CachePath != first.CachePath {
		t.Fatalf("unchanged file was loaded again: cached=%v %q vs %q", second.Cached, second.CachePath, first.CachePath)
	}
	if !near(sum(second), 30) || len(second.Schema.Tables) != 2 || second.Schema.Tables[1].Order[0] != "order_id" {
		t.Fatalf("cached schema/tables wrong: sum=%v schema=%+v", sum(second), second.Schema.Tables)
	}
	second.Close()

	// A changed file (new size and time) is loaded again.
	os.WriteFile(f, []byte("customer_id,ordered_at,amount\nc1,2024-01-01,10\nc2,2024-01-02,20\nc3,2024-01-03,5\n"), 0o644)
	os.Chtimes(f, time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	third := open(false)
	if third.Cached || !near(sum(third), 35) {
		t.Fatalf("changed file not reloaded: cached=%v sum=%v", third.Cached, sum(third))
	}
	path := third.CachePath
	third.Close()

	// A corrupt cache file is rebuilt, with a message.
	if err := os.WriteFile(path, []byte("not a duckdb file"), 0o644); err != nil {
		t.Fatal(err)
	}
	fourth := open(false)
	if fourth.Cached || !near(sum(fourth), 35) {
		t.Fatalf("corrupt cache not rebuilt: cached=%v sum=%v", fourth.Cached, sum(fourth))
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "unusable") {
		t.Fatalf("warnings = %q", warnings)
	}
	fourth.Close()

	// NoCache neither reads nor writes it.
	before, _ := filepath.Glob(filepath.Join(cache, "db", "*"))
	nc := open(true)
	after, _ := filepath.Glob(filepath.Join(cache, "db", "*"))
	if nc.Cached || nc.CachePath != "" || len(after) != len(before) || !near(sum(nc), 35) {
		t.Fatalf("no-cache: cached=%v path=%q files %d→%d", nc.Cached, nc.CachePath, len(before), len(after))
	}

	// ClearCache removes the databases.
	if _, err := ClearCache(Options{CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(cache, "db", "*")); len(left) != 0 {
		t.Fatalf("cache clear left %v", left)
	}
}

// A cache folder that cannot be written is bypassed with a message, not fatal.
func TestCacheUnwritableIsBypassed(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	write(t, dir, "orders.csv", "customer_id,ordered_at,amount\nc1,2024-01-01,10\n")
	e, err := Open(context.Background(), Options{Paths: []string{dir}, CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	// Make the cache directory unwritable for new files: a read-only folder
	// (as root this still works, so use a file where the folder should be).
	blocked := filepath.Join(t.TempDir(), "blocked")
	os.WriteFile(blocked, nil, 0o644)
	var warned []string
	e2, err := Open(context.Background(), Options{Paths: []string{dir}, CacheDir: blocked,
		Warn: func(s string) { warned = append(warned, s) }})
	if err != nil {
		t.Fatalf("an unusable cache folder must not be fatal: %v", err)
	}
	defer e2.Close()
	if e2.CachePath != "" || len(warned) == 0 || !strings.Contains(warned[0], "no cache") {
		t.Fatalf("path=%q warnings=%q", e2.CachePath, warned)
	}
	if !near(one(t, e2, "SELECT sum(amount) FROM orders"), 10) {
		t.Fatal("in-memory fallback lost the data")
	}
}
