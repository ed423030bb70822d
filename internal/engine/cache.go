package engine

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/model"
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

// dsn opens path ("" = in memory) with DuckDB tuned to the box: threads,
// a memory limit (default 60% of RAM) and a folder to spill to.
func dsn(path string, opts Options) string {
	v := url.Values{}
	threads := opts.Threads
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	v.Set("threads", strconv.Itoa(threads))
	if lim := opts.MemoryLimit; lim != "" {
		v.Set("memory_limit", lim)
	} else if kb := memTotalKB(); kb > 0 {
		v.Set("memory_limit", fmt.Sprintf("%dMB", kb*6/10/1024))
	}
	tmp := filepath.Join(CacheDir(opts), "spill")
	if os.MkdirAll(tmp, 0o755) == nil {
		v.Set("temp_directory", tmp)
	}
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

// cacheKey hashes what the loaded tables depend on: every input file's
// path, size and modification time, the mapping file's bytes, and the
// kizuna binary itself (a new build may load differently).
func (e *Engine) cacheKey(opts Options) (string, error) {
	h := sha256.New()
	var files []string
	if e.Config != nil {
		b, err := os.ReadFile(e.Config.File)
		if err != nil {
			return "", err
		}
		h.Write(b)
		for _, ts := range e.Config.Tables {
			for _, t := range ts {
				p := t.Path
				if !filepath.IsAbs(p) {
					p = filepath.Join(e.Config.Dir, p)
				}
				fs, err := expand(p)
				if err != nil {
					return "", err
				}
				files = append(files, fs...)
			}
		}
	}
	for _, p := range opts.Paths {
		fs, err := expand(p)
		if err != nil {
			return "", err
		}
		files = append(files, fs...)
	}
	if exe, err := os.Executable(); err == nil {
		files = append(files, exe)
	}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return "", err
		}
		abs, _ := filepath.Abs(f)
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", abs, st.Size(), st.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// openCached opens the cache for opts, building it when it is missing or
// stale. It returns false (and no error) when the cache cannot be used:
// the caller then loads into memory. Data errors are returned.
func (e *Engine) openCached(ctx context.Context, opts Options) (bool, error) {
	key, err := e.cacheKey(opts)
	if err != nil {
		return false, nil // the load reports missing files properly
	}
	dir := filepath.Join(CacheDir(opts), "db")
	path := filepath.Join(dir, key+".duckdb")
	if _, err := os.Stat(path); err == nil {
		if err := e.openReadOnly(ctx, path, opts); err == nil {
			e.Cached = true
			return true, nil
		} else {
			opts.Warn(fmt.Sprintf("cache %s is unusable (%v): loading again", path, err))
			os.Remove(path)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		opts.Warn(fmt.Sprintf("no cache (%v): loading into memory", err))
		return false, nil
	}
	tmp := fmt.Sprintf("%s.tmp-%d", path, os.Getpid())
	os.Remove(tmp)
	defer os.Remove(tmp)
	defer os.Remove(tmp + ".wal")
	db, err := sql.Open("duckdb", dsn(tmp, opts))
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		opts.Warn(fmt.Sprintf("no cache (%v): loading into memory", err))
		return false, nil
	}
	e.DB = db
	if err := e.load(ctx, opts); err != nil {
		return false, err
	}
	meta, _ := json.Marshal(e.Schema)
	if err := e.exec(ctx, `CREATE TABLE kz_meta (schema_json VARCHAR); INSERT INTO kz_meta VALUES ($1)`, string(meta)); err == nil {
		err = e.exec(ctx, "CHECKPOINT")
	}
	e.DB.Close()
	e.DB = nil
	if err := os.Rename(tmp, path); err != nil {
		opts.Warn(fmt.Sprintf("cache not written (%v)", err))
	}
	if err := e.openReadOnly(ctx, path, opts); err != nil {
		return false, fmt.Errorf("cache %s: %w", path, err)
	}
	e.CachePath = path
	return true, nil
}

func (e *Engine) openReadOnly(ctx context.Context, path string, opts Options) error {
	db, err := sql.Open("duckdb", dsn(path, opts)+"&access_mode=READ_ONLY")
	if err != nil {
		return err
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
	e.DB, e.CachePath = db, path
	return nil
}
