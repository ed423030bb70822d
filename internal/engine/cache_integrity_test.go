package engine

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	gensample "github.com/kizuna-dev/kizuna/internal/sample"
)

const ordersCSV = "customer_id,ordered_at,amount\nc1,2024-01-01,10\nc2,2024-01-02,20\n"

// opener opens dir with the cache in cache, collecting warnings.
type opener struct {
	t        *testing.T
	opts     Options
	warnings []string
}

func newOpener(t *testing.T, dir, cache string) *opener {
	o := &opener{t: t}
	o.opts = Options{Paths: []string{dir}, CacheDir: cache, Warn: func(s string) { o.warnings = append(o.warnings, s) }}
	return o
}

func (o *opener) open() *Engine {
	o.t.Helper()
	e, err := Open(context.Background(), o.opts)
	if err != nil {
		o.t.Fatal(err)
	}
	o.t.Cleanup(func() { e.Close() })
	return e
}

func sumOf(t *testing.T, e *Engine) float64 {
	t.Helper()
	v, _ := one(t, e, "SELECT sum(amount) FROM orders").(float64)
	return v
}

// A corrected export with the same size and modification time (cp -p,
// rsync -a) is loaded again: the key hashes the content, inode and ctime.
func TestCacheKeySameSizeAndTime(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	f := write(t, dir, "orders.csv", ordersCSV)
	st, _ := os.Stat(f)
	o := newOpener(t, dir, cache)
	if e := o.open(); sumOf(t, e) != 30 {
		t.Fatal("first load")
	}
	fixed := strings.Replace(ordersCSV, ",20\n", ",90\n", 1) // same length
	tmp := write(t, t.TempDir(), "orders.csv", fixed)
	os.Chtimes(tmp, st.ModTime(), st.ModTime())
	if err := os.Rename(tmp, f); err != nil { // what rsync -a does
		t.Fatal(err)
	}
	st2, _ := os.Stat(f)
	if st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
		t.Fatal("test setup: size or time differ")
	}
	e := o.open()
	if e.Cached || sumOf(t, e) != 100 {
		t.Fatalf("stale numbers served: cached=%v sum=%v", e.Cached, sumOf(t, e))
	}
	// In place, same inode (cp -p onto the file): ctime and content differ.
	e.Close()
	os.WriteFile(f, []byte(strings.Replace(fixed, ",90\n", ",70\n", 1)), 0o644)
	os.Chtimes(f, st.ModTime(), st.ModTime())
	if e := o.open(); e.Cached || sumOf(t, e) != 80 {
		t.Fatalf("stale numbers served (in place): cached=%v sum=%v", e.Cached, sumOf(t, e))
	}
}

// A bad --memory-limit is a usage error and leaves the cache alone.
func TestCacheBadSettingKeepsCache(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	write(t, dir, "orders.csv", ordersCSV)
	o := newOpener(t, dir, cache)
	path := o.open().CachePath
	if err := CheckOptions(Options{MemoryLimit: "8GiBs"}); err == nil || !strings.Contains(err.Error(), "--memory-limit") {
		t.Fatalf("CheckOptions(8GiBs) = %v", err)
	}
	for _, ok := range []string{"8GB", "512MB", "4GiB", "1.5 GB", "100000"} {
		if err := CheckOptions(Options{MemoryLimit: ok}); err != nil {
			t.Errorf("CheckOptions(%q) = %v", ok, err)
		}
	}
	o.opts.MemoryLimit = "8GiBs"
	_, err := Open(context.Background(), o.opts)
	if err == nil || !IsUsage(err) {
		t.Fatalf("Open with a bad memory limit: %v (usage=%v)", err, IsUsage(err))
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the cache was removed: %v", err)
	}
}

// A damaged cache file (a flipped block, a truncated file, a missing
// checksum) is found before any query, rebuilt once with a message, and the
// numbers are right.
func TestCacheCorruptionRebuilt(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	write(t, dir, "orders.csv", ordersCSV)
	o := newOpener(t, dir, cache)
	path := o.open().CachePath
	damage := map[string]func(){
		"flipped block": func() {
			f, _ := os.OpenFile(path, os.O_RDWR, 0)
			st, _ := f.Stat()
			f.WriteAt([]byte("garbage!"), st.Size()/2)
			f.Close()
		},
		"truncated": func() {
			st, _ := os.Stat(path)
			os.Truncate(path, st.Size()/3)
		},
		"no checksum": func() { os.Remove(strings.TrimSuffix(path, ".duckdb") + ".json") },
	}
	for name, do := range damage {
		o.warnings = nil
		do()
		e := o.open()
		if e.Cached || sumOf(t, e) != 30 {
			t.Errorf("%s: cached=%v sum=%v", name, e.Cached, sumOf(t, e))
		}
		if len(o.warnings) != 1 || !strings.Contains(o.warnings[0], "rebuilding") || !strings.Contains(o.warnings[0], "kizuna cache clear") {
			t.Errorf("%s: warnings %q", name, o.warnings)
		}
		e.Close()
		o.warnings = nil
		if e := o.open(); !e.Cached || sumOf(t, e) != 30 || len(o.warnings) != 0 {
			t.Errorf("%s: not rebuilt once: cached=%v warnings=%q", name, e.Cached, o.warnings)
		}
	}
}

// Cache files are 0600 in 0700 folders, also when an older kizuna made
// the folders 0755.
func TestCachePermissions(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "kizuna")
	write(t, dir, "orders.csv", ordersCSV)
	os.MkdirAll(filepath.Join(cache, "db"), 0o755)
	os.Chmod(cache, 0o755)
	e := newOpener(t, dir, cache).open()
	for _, d := range []string{cache, filepath.Join(cache, "db")} {
		if st, _ := os.Stat(d); st.Mode().Perm() != 0o700 {
			t.Errorf("%s is %v", d, st.Mode().Perm())
		}
	}
	files, _ := filepath.Glob(filepath.Join(cache, "db", "*"))
	if len(files) != 2 {
		t.Fatalf("cache files %v", files)
	}
	for _, f := range files {
		if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v", f, st.Mode().Perm())
		}
	}
	_ = e
}

// deadPID is a process id that is not running.
func deadPID(t *testing.T) int {
	for pid := 4_000_000; pid > 3_000_000; pid -= 7919 {
		if !alive(pid) {
			return pid
		}
	}
	t.Skip("no free pid found")
	return 0
}

// What killed runs leave (temporary cache files and their WAL, spill and
// /tmp folders of dead processes) is removed on the next start; a live
// process's files stay.
func TestCacheLeftoversRemoved(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	write(t, dir, "orders.csv", ordersCSV)
	dead := deadPID(t)
	db := filepath.Join(cache, "db")
	os.MkdirAll(db, 0o700)
	leftovers := []string{
		filepath.Join(db, fmt.Sprintf("0123abcd.duckdb.tmp-%d", dead)),
		filepath.Join(db, fmt.Sprintf("0123abcd.duckdb.tmp-%d.wal", dead)),
		filepath.Join(db, fmt.Sprintf("0123abcd.json.tmp-%d", dead)),
		filepath.Join(cache, "spill", fmt.Sprint(dead), "duckdb_temp_storage-0.tmp"),
		filepath.Join(os.TempDir(), fmt.Sprintf("kizuna-%d-123", dead), "x"),
	}
	live := filepath.Join(db, fmt.Sprintf("0123abcd.duckdb.tmp-%d", os.Getppid()))
	for _, f := range append(leftovers, live) {
		os.MkdirAll(filepath.Dir(f), 0o700)
		os.WriteFile(f, []byte("x"), 0o600)
	}
	t.Cleanup(func() { os.Remove(live) })
	// Look-alikes that are not kizuna's stay.
	keep := []string{
		filepath.Join(os.TempDir(), fmt.Sprintf("kizuna-%d-report.csv", dead)),
		filepath.Join(os.TempDir(), fmt.Sprintf("kizuna-%d-%d", dead, dead)), // a file, not a folder
	}
	for _, f := range keep {
		os.WriteFile(f, []byte("x"), 0o600)
		t.Cleanup(func() { os.Remove(f) })
	}
	if e := newOpener(t, dir, cache).open(); sumOf(t, e) != 30 {
		t.Fatal("load")
	}
	for _, f := range leftovers {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("left over: %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(os.TempDir(), fmt.Sprintf("kizuna-%d-123", dead))); err == nil {
		t.Error("tmp folder of a dead process left over")
	}
	for _, f := range keep {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("not kizuna's, removed: %s", f)
		}
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a running process's file was removed: %v", err)
	}
}

// Entries unused for 30 days, and the oldest beyond the size cap, are
// removed; the entry in use stays. cache list shows what is there.
func TestCacheTidyAgeAndSize(t *testing.T) {
	cache := t.TempDir()
	var dirs []string
	var paths []string
	for i := range 3 {
		dir := t.TempDir()
		write(t, dir, "orders.csv", ordersCSV+fmt.Sprintf("c%d,2024-01-03,1\n", i+3))
		dirs = append(dirs, dir)
		e := newOpener(t, dir, cache).open()
		paths = append(paths, e.CachePath)
		e.Close()
	}
	list, err := ListCache(Options{CacheDir: cache})
	if err != nil || len(list) != 3 || list[0].Rows == 0 || len(list[0].Sources) != 1 {
		t.Fatalf("list: %+v %v", list, err)
	}
	// The first unused for 31 days, the second for a day.
	os.Chtimes(paths[0], time.Now().Add(-31*24*time.Hour), time.Now().Add(-31*24*time.Hour))
	os.Chtimes(paths[1], time.Now().Add(-24*time.Hour), time.Now().Add(-24*time.Hour))
	o := newOpener(t, dirs[2], cache)
	o.open().Close()
	if _, err := os.Stat(paths[0]); err == nil {
		t.Error("entry unused for 31 days kept")
	}
	if _, err := os.Stat(paths[1]); err != nil {
		t.Error("recent entry removed")
	}
	if len(o.warnings) != 1 || !strings.Contains(o.warnings[0], "removed the cache of") {
		t.Errorf("warnings %q", o.warnings)
	}
	// A cap smaller than two entries removes the older one, never the one in use.
	st, _ := os.Stat(paths[2])
	o.opts.CacheMaxBytes = st.Size() + 1
	if e := o.open(); !e.Cached {
		t.Error("entry in use was rebuilt")
	}
	if _, err := os.Stat(paths[1]); err == nil {
		t.Error("size cap not applied")
	}
	if _, err := os.Stat(paths[2]); err != nil {
		t.Error("entry in use removed")
	}
}

// A warm run names the files as the cold run's user would from this folder.
func TestCacheWarmPathsRelative(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "a", "data"), 0o755)
	os.MkdirAll(filepath.Join(root, "b"), 0o755)
	write(t, filepath.Join(root, "a", "data"), "orders.csv", ordersCSV)
	cache := t.TempDir()
	t.Chdir(filepath.Join(root, "a"))
	newOpener(t, "data", cache).open().Close()
	t.Chdir(filepath.Join(root, "b"))
	e := newOpener(t, "../a/data", cache).open()
	if !e.Cached {
		t.Fatal("not served from the cache")
	}
	for _, ti := range e.Schema.Tables {
		if ti.Role == "orders" && (len(ti.Files) != 1 || ti.Files[0] != filepath.Join("..", "a", "data", "orders.csv")) {
			t.Errorf("files %q", ti.Files)
		}
	}
}

// mountTmpfs mounts a small tmpfs (root only), or skips saying why.
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// A cache on a full disk or a read-only one: the run works from memory
// with a message, the numbers are right, and nothing half-written stays.
func TestCacheFullOrReadOnlyDisk(t *testing.T) {
	dir := t.TempDir()
	if err := gensample.Write(dir, gensample.Options{Customers: 3000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	want := func(e *Engine) int64 { return count(t, e, "SELECT count(*) FROM orders") }
	ref := openPaths(t, "", dir)
	n := want(ref)

	full := mountTmpfs(t, "size=1m")
	o := newOpener(t, dir, full)
	e := o.open()
	if e.CachePath != "" || want(e) != n {
		t.Fatalf("full disk: path=%q orders=%d want %d", e.CachePath, want(e), n)
	}
	if len(o.warnings) != 1 || !strings.Contains(o.warnings[0], "cache not written") || !strings.Contains(o.warnings[0], "from memory") {
		t.Fatalf("full disk warnings %q", o.warnings)
	}
	if left, _ := filepath.Glob(filepath.Join(full, "db", "*")); len(left) != 0 {
		t.Errorf("half-written files left: %v", left)
	}

	ro := mountTmpfs(t, "size=1m,ro")
	o = newOpener(t, dir, ro)
	e = o.open()
	if v := fmt.Sprint(one(t, e, "SELECT current_setting('temp_directory')")); v != filepath.Join(os.TempDir(), fmt.Sprintf("kizuna-%d-0", os.Getpid())) {
		t.Errorf("spill folder with a read-only cache: %s", v)
	}
	if e.CachePath != "" || want(e) != n || len(o.warnings) != 1 || !strings.Contains(o.warnings[0], "no cache") {
		t.Fatalf("read-only disk: path=%q orders=%d warnings=%q", e.CachePath, want(e), o.warnings)
	}
}

// DuckDB gets --threads and --memory-limit in every mode, and an
// out-of-memory error names the flag.
func TestLimitsReachDuckDB(t *testing.T) {
	for _, cached := range []bool{false, true} {
		e, c, _ := sandboxed(t, cached, Options{Threads: 1, MemoryLimit: "300MB"})
		if v := one(t, e, "SELECT current_setting('threads')"); fmt.Sprint(v) != "1" {
			t.Errorf("cached=%v threads = %v", cached, v)
		}
		if v := one(t, e, "SELECT current_setting('memory_limit')"); !strings.HasPrefix(fmt.Sprint(v), "286") {
			t.Errorf("cached=%v memory_limit = %v", cached, v)
		}
		_, err := c.Query(context.Background(), "SELECT list(range) FROM range(200000000)")
		if err == nil || !strings.Contains(err.Error(), "--memory-limit") || strings.Contains(err.Error(), "\n") {
			t.Errorf("cached=%v out of memory: %v", cached, err)
		}
	}
}

// A cold load killed with SIGKILL while it writes the cache leaves files
// behind; the next start removes them, builds the cache and shows the
// right numbers.
func TestCacheKilledColdLoad(t *testing.T) {
	if d := os.Getenv("KIZUNA_TEST_CHILD_DATA"); d != "" { // the child
		e, err := Open(context.Background(), Options{Paths: []string{d}, CacheDir: os.Getenv("KIZUNA_TEST_CHILD_CACHE")})
		if err == nil {
			e.Close()
		}
		return
	}
	dir, cache := t.TempDir(), t.TempDir()
	if err := gensample.Write(dir, gensample.Options{Customers: 20000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^TestCacheKilledColdLoad$")
	child.Env = append(os.Environ(), "KIZUNA_TEST_CHILD_DATA="+dir, "KIZUNA_TEST_CHILD_CACHE="+cache)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	pid := child.Process.Pid
	tmpGlob := filepath.Join(cache, "db", fmt.Sprintf("*.tmp-%d", pid))
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(tmpGlob); len(m) > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if m, _ := filepath.Glob(tmpGlob); len(m) == 0 {
		t.Fatal("the child never started writing the cache")
	}
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()
	left := func() []string {
		var out []string
		for _, g := range []string{tmpGlob + "*", filepath.Join(cache, "spill", fmt.Sprint(pid)),
			filepath.Join(os.TempDir(), fmt.Sprintf("kizuna-%d-*", pid))} {
			m, _ := filepath.Glob(g)
			out = append(out, m...)
		}
		return out
	}
	if len(left()) == 0 {
		t.Fatal("test setup: the killed child left nothing behind")
	}
	o := newOpener(t, dir, cache)
	e := o.open()
	if l := left(); len(l) != 0 {
		t.Errorf("left over after the next start: %v", l)
	}
	ref := openPaths(t, "", dir)
	if got, want := count(t, e, "SELECT count(*) FROM orders"), count(t, ref, "SELECT count(*) FROM orders"); got != want || e.CachePath == "" {
		t.Errorf("orders %d, want %d; cache %q", got, want, e.CachePath)
	}
}

// Every metric reads the same numbers from the cache file as from a load
// into memory (the copy keeps every value; row order is not relied on).
func TestCacheSameNumbersAsMemory(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	if err := gensample.Write(dir, gensample.Options{Customers: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	mem := newOpener(t, dir, cache)
	mem.opts.NoCache = true
	o := newOpener(t, dir, cache)
	o.open().Close()
	engines := map[string]*Engine{"memory": mem.open(), "cache": o.open()}
	if !engines["cache"].Cached {
		t.Fatal("not from the cache")
	}
	for _, name := range metrics.Names() {
		var want string
		for _, mode := range []string{"memory", "cache"} {
			e := engines[mode]
			res, err := metrics.Run(context.Background(), e.DB, name, e.Params())
			if err != nil {
				t.Fatalf("%s (%s): %v", name, mode, err)
			}
			got := fmt.Sprint(res.AsOf, res.Table.Columns, roundFloats(res.Table.Rows))
			if mode == "memory" {
				want = got
			} else if got != want {
				t.Errorf("%s: the cache gives other numbers than memory:\n%.300s\n%.300s", name, got, want)
			}
		}
	}
}

// roundFloats writes floats to 12 significant digits: DuckDB sums in
// parallel, so the last bits of a float can change from run to run
// (45.409957145200906 vs 45.40995714520092), in memory or not.
func roundFloats(rows [][]any) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = make([]any, len(r))
		for j, v := range r {
			if f, ok := v.(float64); ok {
				v = strconv.FormatFloat(f, 'g', 12, 64)
			}
			out[i][j] = v
		}
	}
	return out
}

// A cache file damaged before its checksum was taken passes the check on
// open; DuckDB's block checksums catch it at the first query, and
// OpenAndRun rebuilds it once, with a message, and answers right.
func TestCacheCorruptAtFirstQuery(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	if err := gensample.Write(dir, gensample.Options{Customers: 3000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	o := newOpener(t, dir, cache)
	ref := o.open()
	path := ref.CachePath
	readAll := `SELECT (SELECT sum(hash(t)) FROM orders t) + (SELECT sum(hash(t)) FROM events t)
		+ (SELECT sum(hash(t)) FROM customers t) + (SELECT sum(hash(t)) FROM responses t)
		+ (SELECT sum(hash(t)) FROM subscriptions t) + (SELECT sum(hash(t)) FROM reviews t)
		+ (SELECT sum(hash(t)) FROM posts t) + (SELECT sum(hash(t)) FROM rejected t)`
	var want any
	if err := OpenAndRun(context.Background(), o.opts, func(e *Engine) error {
		want = one(t, e, readAll)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Damage data blocks the query reads (the blocks of orders, found
	// through DuckDB's storage info: where they land in the file varies
	// from run to run), then make the checksum agree. DuckDB files are 3
	// headers of 4 KiB, then blocks of 256 KiB.
	var blocks []int64
	db, err := sql.Open("duckdb", path+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT DISTINCT block_id FROM pragma_storage_info('orders') WHERE block_id >= 0 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var b int64
		rows.Scan(&b)
		blocks = append(blocks, b)
	}
	rows.Close()
	db.Close()
	if len(blocks) == 0 {
		t.Fatal("orders has no data block in the cache file")
	}
	// No engine may keep the file open: DuckDB shares one instance per path
	// in a process, and its buffers would answer without reading the disk.
	ref.Close()
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	for _, b := range blocks {
		if _, err := f.WriteAt(bytes.Repeat([]byte("garbage!"), 64), 3*4096+b*262144+4096); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	sum, size, _ := fileCRC(path)
	jp := strings.TrimSuffix(path, ".duckdb") + ".json"
	b, _ := os.ReadFile(jp)
	var ent entry
	json.Unmarshal(b, &ent)
	ent.CRC32C, ent.Size = sum, size
	b, _ = json.Marshal(ent)
	os.WriteFile(jp, b, 0o600)

	o.warnings = nil
	var got any
	calls := 0
	err = OpenAndRun(context.Background(), o.opts, func(e *Engine) error {
		calls++
		v, err := metrics.Query(context.Background(), e.DB, readAll)
		if err != nil {
			return err
		}
		got = v.Rows[0][0]
		return nil
	})
	if err != nil || calls != 2 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("err=%v calls=%d got=%v want=%v", err, calls, got, want)
	}
	if len(o.warnings) != 1 || !strings.Contains(o.warnings[0], "is corrupt") || !strings.Contains(o.warnings[0], "kizuna cache clear") {
		t.Fatalf("warnings %q", o.warnings)
	}
}
