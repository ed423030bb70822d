package engine

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// The cache keeps each loaded data set as a DuckDB file KEY.duckdb in
// CacheDir/db, beside KEY.json (its checksum, size and sources). Files are
// 0600 in 0700 folders.
const (
	// DefaultCacheMax caps the cache folder: older entries go first.
	DefaultCacheMax = 10 << 30
	// cacheMaxAge: entries unused this long are removed.
	cacheMaxAge = 30 * 24 * time.Hour
	// hashWhole: files up to this size are hashed whole for the key, larger
	// ones by their first and last hashEnds bytes.
	hashWhole = 8 << 20
	hashEnds  = 1 << 20
)

// CacheDir is where the cache lives: $XDG_CACHE_HOME/kizuna (or the
// platform's user cache folder).
func CacheDir(opts Options) string {
	if opts.CacheDir != "" {
		return opts.CacheDir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "kizuna")
}

// ClearCache removes every cached database.
func ClearCache(opts Options) (string, error) {
	dir := filepath.Join(CacheDir(opts), "db")
	return dir, os.RemoveAll(dir)
}

var tmpDirRe = regexp.MustCompile(`^kizuna-([0-9]+)-[0-9]+$`)

var memLimitRe = regexp.MustCompile(`(?i)^\s*[0-9]+(\.[0-9]+)?\s*(b|bytes?|kb|mb|gb|tb|kib|mib|gib|tib|k|m|g|t)?\s*$`)

// CheckOptions reports bad DuckDB settings before anything is opened.
func CheckOptions(opts Options) error {
	if opts.MemoryLimit != "" && !memLimitRe.MatchString(opts.MemoryLimit) {
		return fmt.Errorf("--memory-limit %q: want a size such as 8GB, 512MB or 4GiB", opts.MemoryLimit)
	}
	if opts.Threads < 0 {
		return fmt.Errorf("--threads %d: want a number > 0", opts.Threads)
	}
	if opts.QueryTimeout < 0 {
		return fmt.Errorf("--query-timeout %v: want a duration > 0", opts.QueryTimeout)
	}
	if opts.CacheMaxBytes < 0 {
		return fmt.Errorf("--cache-max: want a size > 0")
	}
	return nil
}

// dsn opens path ("" = in memory) with DuckDB tuned to the box: threads,
// a memory limit (default 60% of RAM) and a folder of this process to
// spill to; extensions are never downloaded or loaded behind one's back.
func dsn(path string, opts Options) string {
	v := url.Values{}
	threads := opts.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	v.Set("threads", strconv.Itoa(threads))
	if lim := opts.MemoryLimit; lim != "" {
		v.Set("memory_limit", strings.ReplaceAll(lim, " ", ""))
	} else if kb := memTotalKB(); kb > 0 {
		v.Set("memory_limit", fmt.Sprintf("%dMB", kb*6/10/1024))
	}
	// Never DuckDB's default (.tmp in the current folder): the cache's
	// spill folder, else one in /tmp that tidy knows (kizuna-PID-0).
	tmp := filepath.Join(CacheDir(opts), "spill", strconv.Itoa(os.Getpid()))
	if os.MkdirAll(tmp, 0o700) != nil {
		tmp = filepath.Join(os.TempDir(), fmt.Sprintf("kizuna-%d-0", os.Getpid()))
		os.MkdirAll(tmp, 0o700)
	}
	v.Set("temp_directory", tmp)
	v.Set("autoinstall_known_extensions", "false")
	v.Set("autoload_known_extensions", "false")
	v.Set("allow_community_extensions", "false")
	return path + "?" + v.Encode()
}

func memTotalKB() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// cacheFiles are the files the loaded tables depend on: the mapping
// file's [sources] and tables, and opts.Paths, expanded.
func (e *Engine) cacheFiles(opts Options) ([]string, error) {
	var files []string
	if e.Config != nil {
		files = append(files, e.Config.File)
		for _, name := range sourceNames(e.Config) {
			p := e.Config.Sources[name]
			if !filepath.IsAbs(p) {
				p = filepath.Join(e.Config.Dir, p)
			}
			files = append(files, p)
		}
		for _, ts := range e.Config.Tables {
			for _, t := range ts {
				if t.Path == "" {
					continue
				}
				p := t.Path
				if !filepath.IsAbs(p) {
					p = filepath.Join(e.Config.Dir, p)
				}
				fs, err := expand(p)
				if err != nil {
					return nil, err
				}
				files = append(files, fs...)
			}
		}
	}
	for _, p := range opts.Paths {
		fs, err := expand(p)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	return files, nil
}

// cacheKey hashes what the loaded tables depend on: each input file's
// absolute path, size, modification and change times, inode, and a hash of
// its bytes (whole up to 8 MiB, else the first and last MiB), and the kizuna
// binary itself (a new build may load differently).
func (e *Engine) cacheKey(files []string) (string, error) {
	h := sha256.New()
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		st, err := os.Stat(abs)
		if err != nil {
			return "", err
		}
		ino, ctime := statID(st)
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%d\x00%d\x00", abs, st.Size(), st.ModTime().UnixNano(), ino, ctime)
		if err := hashContent(h, abs, st.Size()); err != nil {
			return "", err
		}
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			ino, ctime := statID(st)
			fmt.Fprintf(h, "exe\x00%s\x00%d\x00%d\x00%d\x00%d\n", exe, st.Size(), st.ModTime().UnixNano(), ino, ctime)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

func hashContent(w io.Writer, path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if size <= hashWhole {
		_, err = io.Copy(w, f)
		return err
	}
	if _, err := io.Copy(w, io.NewSectionReader(f, 0, hashEnds)); err != nil {
		return err
	}
	_, err = io.Copy(w, io.NewSectionReader(f, size-hashEnds, hashEnds))
	return err
}

// entry is KEY.json: what `kizuna cache list` shows and the checksum the
// cache file is verified against before use.
type entry struct {
	Key     string    `json:"key"`
	Size    int64     `json:"size"`
	CRC32C  uint32    `json:"crc32c"`
	Created time.Time `json:"created"`
	Sources []string  `json:"sources"`
	Rows    int64     `json:"rows"`
	Dir     string    `json:"cwd"` // the folder of the run that built it
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func fileCRC(path string) (uint32, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	h := crc32.New(castagnoli)
	n, err := io.Copy(h, bufio.NewReaderSize(f, 1<<20))
	return h.Sum32(), n, err
}

// errCorrupt: the cache file does not match its checksum.
var errCorrupt = errors.New("checksum mismatch")

// openCached opens the cache for opts, building it when it is missing or
// stale. It returns false (and no error) when the cache cannot be used:
// the caller then loads into memory. Data errors are returned.
func (e *Engine) openCached(ctx context.Context, opts Options) (bool, error) {
	files, err := e.cacheFiles(opts)
	if err != nil {
		return false, nil // the load reports missing files properly
	}
	key, err := e.cacheKey(files)
	if err != nil {
		return false, nil
	}
	root := CacheDir(opts)
	dir := filepath.Join(root, "db")
	if err := mkPrivate(root, dir); err != nil {
		opts.Warn(fmt.Sprintf("no cache (%v): loading into memory", err))
		return false, nil
	}
	tidy(root, key, opts.CacheMaxBytes, opts.Warn)
	path := filepath.Join(dir, key+".duckdb")
	if _, err := os.Stat(path); err == nil {
		err := e.openWarm(ctx, path, opts)
		if err == nil {
			e.Cached = true
			now := time.Now()
			os.Chtimes(path, now, now) // last used, for tidy
			return true, e.seal(ctx, opts)
		}
		if IsUsage(err) {
			return false, err
		}
		opts.Warn(fmt.Sprintf("cache %s is corrupt or unusable (%v): rebuilding it (kizuna cache clear removes the cache)", path, firstLine(err.Error())))
		removeEntry(path)
	}
	if err := e.build(ctx, path, files, opts); err != nil {
		return false, err
	}
	return true, e.seal(ctx, opts)
}

// build loads into memory, then copies the tables to a new cache file
// (written whole, then renamed into place). A cache that cannot be written
// leaves the run in memory, with a message.
func (e *Engine) build(ctx context.Context, path string, files []string, opts Options) error {
	db, err := sql.Open("duckdb", dsn("", opts))
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		return usageIfConfig(err)
	}
	e.DB = db
	if err := e.load(ctx, opts); err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.tmp-%d", path, os.Getpid())
	restore := e.capMemory(ctx)
	err = e.writeCache(ctx, tmp, path, files)
	if restore != nil {
		restore()
	}
	if err != nil {
		removeEntry(tmp)
		opts.Warn(fmt.Sprintf("cache not written (%v): this run works from memory", firstLine(err.Error())))
		return nil
	}
	e.CachePath = path
	return nil
}

func (e *Engine) writeCache(ctx context.Context, tmp, path string, files []string) error {
	removeEntry(tmp)
	meta, err := json.Marshal(e.Schema)
	if err != nil {
		return err
	}
	// Without insertion order DuckDB writes the tables' row groups to the
	// file in parallel and DETACH has little left to checkpoint (200k
	// customers: 4.7 s instead of 14 s). SQL promises no row order anyway.
	steps := []string{
		"SET preserve_insertion_order = false",
		"ATTACH " + sqlLit(tmp) + " AS kz_cache",
		"COPY FROM DATABASE memory TO kz_cache",
		"CREATE TABLE kz_cache.kz_meta (schema_json VARCHAR)",
		"DETACH kz_cache",
	}
	for i, q := range steps {
		var err error
		if i == len(steps)-1 {
			err = e.exec(ctx, "INSERT INTO kz_cache.kz_meta VALUES ($1)", string(meta))
			if err == nil {
				err = e.cacheDerived(ctx)
			}
		}
		if err == nil {
			err = e.exec(ctx, q)
		}
		if err != nil {
			e.exec(context.Background(), "DETACH DATABASE IF EXISTS kz_cache")
			e.exec(context.Background(), "RESET preserve_insertion_order")
			return err
		}
	}
	if err := e.exec(ctx, "RESET preserve_insertion_order"); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	sum, size, err := fileCRC(tmp)
	if err != nil {
		return err
	}
	cwd, _ := os.Getwd()
	var rows int64
	for _, t := range e.Schema.Tables {
		rows += t.Rows
	}
	abs := make([]string, len(files))
	for i, f := range files {
		abs[i], _ = filepath.Abs(f)
	}
	info, _ := json.MarshalIndent(entry{Key: strings.TrimSuffix(filepath.Base(path), ".duckdb"), Size: size, CRC32C: sum,
		Created: time.Now().UTC(), Sources: abs, Rows: rows, Dir: cwd}, "", "  ")
	jsonPath := strings.TrimSuffix(path, ".duckdb") + ".json"
	if err := writePrivate(jsonPath+".tmp-"+strconv.Itoa(os.Getpid()), info); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if err := os.Rename(jsonPath+".tmp-"+strconv.Itoa(os.Getpid()), jsonPath); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// cacheDerived writes into the attached cache file the derived tables that
// only the cache keeps (metrics.CacheDerivedSQL: the funnel's stages, 1.5 s
// at 1M customers, which make the Journey pane 0.2 s instead of 1.1 s).
// They only make queries faster: when one cannot be written the cache is
// written without it, with a warning.
func (e *Engine) cacheDerived(ctx context.Context) error {
	stmts, err := metrics.CacheDerivedSQL(ctx, e.q(), e.Params(), "kz_cache")
	for _, s := range stmts {
		if err != nil {
			break
		}
		err = e.exec(ctx, s.Text, s.Args...)
	}
	if err != nil && ctx.Err() == nil {
		e.opts.Warn(fmt.Sprintf("the cache keeps no funnel stages (%v): the Journey pane computes them", firstLine(err.Error())))
		return nil
	}
	return err
}

// openWarm verifies path against its checksum and opens it read-only.
func (e *Engine) openWarm(ctx context.Context, path string, opts Options) error {
	b, err := os.ReadFile(strings.TrimSuffix(path, ".duckdb") + ".json")
	if err != nil {
		return err
	}
	var ent entry
	if err := json.Unmarshal(b, &ent); err != nil {
		return err
	}
	sum, size, err := fileCRC(path)
	if err != nil {
		return err
	}
	if sum != ent.CRC32C || size != ent.Size {
		return errCorrupt
	}
	db, err := sql.Open("duckdb", dsn(path, opts)+"&access_mode=READ_ONLY")
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		return usageIfConfig(err)
	}
	var meta string
	if err := db.QueryRowContext(ctx, "SELECT schema_json FROM kz_meta").Scan(&meta); err != nil {
		db.Close()
		return err
	}
	if err := json.Unmarshal([]byte(meta), &e.Schema); err != nil {
		db.Close()
		return err
	}
	for i := range e.Schema.Tables {
		t := &e.Schema.Tables[i]
		if r, ok := model.RoleByName(t.Role); ok {
			t.Order = nil
			for _, c := range r.Columns {
				if _, ok := t.Columns[c.Name]; ok {
					t.Order = append(t.Order, c.Name)
				}
			}
		}
	}
	e.relocate(ent.Dir)
	e.DB, e.CachePath = db, path
	return nil
}

// relocate rewrites the relative file names of the run that built the
// cache (in folder from) as seen from this run's folder.
func (e *Engine) relocate(from string) {
	cwd, err := os.Getwd()
	if from == "" || err != nil || from == cwd {
		return
	}
	fix := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		if rel, err := filepath.Rel(cwd, filepath.Join(from, p)); err == nil {
			return rel
		}
		return filepath.Join(from, p)
	}
	for i := range e.Schema.Tables {
		for j, f := range e.Schema.Tables[i].Files {
			e.Schema.Tables[i].Files[j] = fix(f)
		}
	}
	for i := range e.Schema.Rejected {
		e.Schema.Rejected[i].File = fix(e.Schema.Rejected[i].File)
	}
	for i := range e.Schema.Ignored {
		e.Schema.Ignored[i].File = fix(e.Schema.Ignored[i].File)
	}
}

// usageIfConfig turns DuckDB's refusal of a setting (a bad --memory-limit
// that slipped through) into a usage error.
func usageIfConfig(err error) error {
	if err != nil && (strings.Contains(err.Error(), "memory_limit") || strings.Contains(err.Error(), "Invalid Input Error") && strings.Contains(err.Error(), "threads")) {
		return &metrics.UsageError{Msg: firstLine(err.Error())}
	}
	return err
}

// IsUsage reports whether err is a bad setting (exit status 2).
func IsUsage(err error) bool {
	var u *metrics.UsageError
	return errors.As(err, &u)
}

func sqlLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// mkPrivate creates the folders 0700 and narrows existing ones to it.
func mkPrivate(dirs ...string) error {
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if st, err := os.Stat(d); err == nil && st.Mode().Perm() != 0o700 {
			if err := os.Chmod(d, 0o700); err != nil {
				return err
			}
		}
	}
	return nil
}

func writePrivate(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// removeEntry removes a cache file and what goes with it.
func removeEntry(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
	if strings.HasSuffix(path, ".duckdb") {
		os.Remove(strings.TrimSuffix(path, ".duckdb") + ".json")
	}
}

// CacheEntry is one cached data set, for `kizuna cache list`.
type CacheEntry struct {
	Key      string
	Path     string
	Size     int64
	LastUsed time.Time
	Created  time.Time
	Sources  []string
	Rows     int64
}

// ListCache lists the cached data sets, most recently used first.
func ListCache(opts Options) ([]CacheEntry, error) {
	dir := filepath.Join(CacheDir(opts), "db")
	paths, err := filepath.Glob(filepath.Join(dir, "*.duckdb"))
	if err != nil {
		return nil, err
	}
	var out []CacheEntry
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		c := CacheEntry{Key: strings.TrimSuffix(filepath.Base(p), ".duckdb"), Path: p, Size: st.Size(), LastUsed: st.ModTime()}
		if b, err := os.ReadFile(strings.TrimSuffix(p, ".duckdb") + ".json"); err == nil {
			var ent entry
			if json.Unmarshal(b, &ent) == nil {
				c.Created, c.Sources, c.Rows = ent.Created, ent.Sources, ent.Rows
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].LastUsed.After(out[j].LastUsed) })
	return out, nil
}

// tidy removes what killed runs left (temporary cache files, spill and
// /tmp folders of processes that are gone) and entries unused for 30 days
// or beyond the size cap, oldest first; keep is the entry in use.
func tidy(root, keep string, maxBytes int64, warn func(string)) {
	dir := filepath.Join(root, "db")
	names, _ := os.ReadDir(dir)
	for _, n := range names {
		name := n.Name()
		if i := strings.LastIndex(name, ".tmp-"); i >= 0 {
			pid, err := strconv.Atoi(strings.TrimSuffix(name[i+5:], ".wal"))
			if err == nil && !alive(pid) {
				os.Remove(filepath.Join(dir, name))
			}
		}
	}
	spills, _ := os.ReadDir(filepath.Join(root, "spill"))
	for _, s := range spills {
		if pid, err := strconv.Atoi(s.Name()); err == nil && !alive(pid) {
			os.RemoveAll(filepath.Join(root, "spill", s.Name()))
		}
	}
	// Only folders shaped exactly as Open names them (kizuna-PID-RANDOM).
	tmps, _ := filepath.Glob(filepath.Join(os.TempDir(), "kizuna-*-*"))
	for _, t := range tmps {
		m := tmpDirRe.FindStringSubmatch(filepath.Base(t))
		st, err := os.Lstat(t)
		if m == nil || err != nil || !st.IsDir() || !ownedByMe(st) {
			continue
		}
		if pid, err := strconv.Atoi(m[1]); err == nil && !alive(pid) {
			os.RemoveAll(t)
		}
	}
	if maxBytes <= 0 {
		maxBytes = DefaultCacheMax
	}
	entries, _ := ListCache(Options{CacheDir: root})
	var total int64
	for _, c := range entries {
		total += c.Size
	}
	for i := len(entries) - 1; i >= 0; i-- { // oldest first
		c := entries[i]
		if c.Key == keep {
			continue
		}
		old := time.Since(c.LastUsed) > cacheMaxAge
		if !old && total <= maxBytes {
			break
		}
		removeEntry(c.Path)
		total -= c.Size
		warn(fmt.Sprintf("removed the cache of %s (%s, last used %s)", entryName(c), human(c.Size), c.LastUsed.Format("2006-01-02")))
	}
}

func entryName(c CacheEntry) string {
	switch len(c.Sources) {
	case 0:
		return c.Key
	case 1:
		return c.Sources[0]
	}
	return fmt.Sprintf("%s and %d more files", c.Sources[0], len(c.Sources)-1)
}

// human is a byte count for people.
func human(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Human is a byte count for people (cache list).
func Human(n int64) string { return human(n) }

// IsCorrupt reports whether err is DuckDB finding a damaged database file.
func IsCorrupt(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "Corrupt database file") || strings.Contains(m, "does not match stored checksum") ||
		strings.Contains(m, "Could not read enough bytes")
}

// OpenAndRun opens opts and runs f. When f meets a cache file that DuckDB
// finds damaged (its blocks' checksums), the entry is removed and rebuilt
// once, with a message, and f runs again on the fresh load.
func OpenAndRun(ctx context.Context, opts Options, f func(*Engine) error) error {
	e, err := Open(ctx, opts)
	if err != nil {
		return err
	}
	err = f(e)
	path := e.CachePath
	e.Close()
	if !IsCorrupt(err) || path == "" {
		return err
	}
	if opts.Warn != nil {
		opts.Warn(fmt.Sprintf("cache %s is corrupt (%s): rebuilding it (kizuna cache clear removes the cache)", path, firstLine(err.Error())))
	}
	removeEntry(path)
	e, err = Open(ctx, opts)
	if err != nil {
		return err
	}
	defer e.Close()
	return f(e)
}
