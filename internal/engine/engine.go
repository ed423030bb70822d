// Package engine loads the analyst's files into an embedded DuckDB and maps
// them onto the canonical tables of the engagement model. It is the only
// package that links the DuckDB driver.
package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // registers "duckdb"

	"github.com/kizuna-dev/kizuna/internal/config"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// Options say what to load and how to run DuckDB.
type Options struct {
	Paths  []string // files, globs or folders
	Config string   // --config; "" = kizuna.toml beside the data, if any
	// Warn receives notes about files that were not used and about the
	// cache (never silently).
	Warn func(string)
	// Progress, when set, is told about each file as it loads.
	Progress func(Progress)
	// NoCache loads into memory and neither reads nor writes the cache.
	NoCache bool
	// CacheDir holds the cache; "" = $XDG_CACHE_HOME/kizuna.
	CacheDir string
	// Threads and MemoryLimit tune DuckDB; 0 / "" = all cores and 60% of RAM.
	Threads     int
	MemoryLimit string
	// AllowFiles leaves file, network and extension access open after the
	// load and lets the SQL console run COPY, ATTACH, SET… (local use only).
	AllowFiles bool
	// QueryTimeout bounds one query of the SQL console; 0 = 5 minutes.
	QueryTimeout time.Duration
	// CacheMaxBytes caps the cache folder; 0 = 10 GB.
	CacheMaxBytes int64
}

// Progress reports loading: file Done of Total is being read.
type Progress struct {
	File        string
	Role        string
	Done, Total int
	Rows        int64 // rows loaded so far, all files
}

// Engine is a loaded database.
type Engine struct {
	DB     *sql.DB
	Schema model.Schema
	Config *config.Config // nil without a mapping file
	// Cached is true when the tables came from the cache without loading.
	Cached bool
	// CachePath is the cache database in use ("" without a cache).
	CachePath string
	tmp       string
	onFile    func(s *source, rows int64) // progress; s == nil adds loaded rows
	sandbox                               // the SQL console and the file DuckDB (sandbox.go)
	conn      *sql.Conn                   // while loading: one connection (the readers' reject tables are TEMP)
	readers   int                         // CSV reads so far (names their reject tables)
	maxDate   string                      // dates after this (as_of or today, plus a year) are out of range
}

// q is what loading statements run on: the pinned connection while
// loading, else the pool.
func (e *Engine) q() interface {
	metrics.Querier
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
} {
	if e.conn != nil {
		return e.conn
	}
	return e.DB
}

// DataError is a problem with the data (exit status 1).
type DataError struct{ Err error }

func (e *DataError) Error() string { return e.Err.Error() }
func (e *DataError) Unwrap() error { return e.Err }

func dataErr(format string, a ...any) error { return &DataError{fmt.Errorf(format, a...)} }

// Open loads opts.Paths (and the mapping file's tables). With the cache on,
// unchanged files are not loaded again: the validated tables are read from
// a DuckDB file keyed by each file's path, size and modification time, the
// mapping file and the kizuna binary.
func Open(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Warn == nil {
		opts.Warn = func(string) {}
	}
	cfgPath, err := config.Find(opts.Config, opts.Paths)
	if err != nil {
		return nil, &metrics.UsageError{Msg: err.Error()}
	}
	e := &Engine{sandbox: sandbox{opts: opts}}
	e.maxDate = maxDate(nil)
	if cfgPath != "" {
		if e.Config, err = config.Load(cfgPath); err != nil {
			return nil, &DataError{err}
		}
	}
	if e.tmp, err = os.MkdirTemp("", fmt.Sprintf("kizuna-%d-", os.Getpid())); err != nil {
		return nil, err
	}
	if !opts.NoCache {
		ok, err := e.openCached(ctx, opts)
		if ok || err != nil {
			if err != nil {
				e.Close()
			}
			return e, err
		}
	}
	if e.DB, err = sql.Open("duckdb", dsn("", opts)); err != nil {
		e.Close()
		return nil, err
	}
	if err := e.load(ctx, opts); err != nil {
		e.Close()
		return nil, err
	}
	if err := e.seal(ctx, opts); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// Close releases the database and temporary files.
func (e *Engine) Close() error {
	if e.tmp != "" {
		os.RemoveAll(e.tmp)
	}
	e.closeSandbox()
	if e.DB != nil {
		return e.DB.Close()
	}
	return nil
}

// Params are the metric parameters the mapping file sets (as_of, inactive_days).
func (e *Engine) Params() metrics.Params {
	var p metrics.Params
	if e.Config != nil {
		p.AsOf = e.Config.AsOf
		p.InactiveDays = e.Config.InactiveDays
		p.Topics, p.Synonyms = e.Config.Topics, e.Config.Synonyms
	}
	return p
}

func (e *Engine) exec(ctx context.Context, q string, args ...any) error {
	start := time.Now()
	_, err := e.q().ExecContext(ctx, q, args...)
	if trace != nil {
		fmt.Fprintf(trace, "%8.3fs  %s\n", time.Since(start).Seconds(), oneLine(q))
	}
	return err
}

// trace, when KIZUNA_TRACE names a file, receives every loading statement
// with its duration (for profiling loads; never the terminal).
var trace = func() *os.File {
	p := os.Getenv("KIZUNA_TRACE")
	if p == "" {
		return nil
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil
	}
	return f
}()

func oneLine(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 160 && os.Getenv("KIZUNA_TRACE_FULL") == "" {
		q = q[:160] + "…"
	}
	return q
}

func (e *Engine) load(ctx context.Context, opts Options) error {
	conn, err := e.DB.Conn(ctx)
	if err != nil {
		return err
	}
	e.conn, e.opts = conn, opts
	defer func() { conn.Close(); e.conn = nil }()
	e.maxDate = maxDate(e.Config)
	srcs, err := e.plan(ctx, opts)
	if err != nil {
		return err
	}
	if err := e.exec(ctx, `CREATE TABLE rejected (role VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR)`); err != nil {
		return err
	}
	byRole := map[string][]*source{}
	for _, s := range srcs {
		byRole[s.role] = append(byRole[s.role], s)
	}
	if opts.Progress != nil {
		done, rows := 0, int64(0)
		e.onFile = func(s *source, loaded int64) {
			if s == nil {
				rows += loaded
				return
			}
			done++
			opts.Progress(Progress{File: s.file, Role: s.role, Done: done, Total: len(srcs), Rows: rows})
		}
	}
	for _, r := range model.Roles {
		info, err := e.loadRole(ctx, r, byRole[r.Name])
		if err != nil {
			return err
		}
		if info != nil {
			e.Schema.Tables = append(e.Schema.Tables, *info)
			if e.onFile != nil {
				e.onFile(nil, info.Rows)
			}
		}
	}
	if err := e.dropSources(ctx); err != nil { // [sources] tables
		return err
	}
	if len(e.Schema.Tables) == 0 && len(e.Schema.Failed) > 0 {
		var msgs []string
		for _, f := range e.Schema.Failed {
			msgs = append(msgs, f.File+": "+f.Reason)
		}
		return dataErr("%s", strings.Join(msgs, "; "))
	}
	if err := e.addImpliedCustomers(ctx); err != nil {
		return err
	}
	if err := e.loadJourney(ctx); err != nil {
		return err
	}
	if err := e.buildDerived(ctx); err != nil {
		return err
	}
	if err := e.readRejected(ctx); err != nil {
		return err
	}
	return e.summarize(ctx)
}

// maxDate is the last date a row may carry: a year after the mapping
// file's as_of, or after today when it sets none (as_of itself comes from
// the data, so it cannot bound the data). Later dates are typos or
// placeholders such as 9999-12-31.
func maxDate(c *config.Config) string {
	t := time.Now().UTC()
	if c != nil && c.AsOf != "" {
		if a, err := time.Parse("2006-01-02", c.AsOf); err == nil {
			t = a
		}
	}
	return t.AddDate(1, 0, 0).Format("2006-01-02")
}

// addImpliedCustomers puts every customer_id of the other roles into
// customers, so that customers are all ids when no customers file is given.
func (e *Engine) addImpliedCustomers(ctx context.Context) error {
	var parts []string
	for _, r := range model.Roles {
		for _, c := range r.Columns {
			if c.Name == "customer_id" && r.Name != "customers" {
				parts = append(parts, "SELECT customer_id FROM "+r.Name)
			}
		}
	}
	q := `INSERT INTO customers (customer_id)
		SELECT DISTINCT customer_id FROM (` + join(parts, " UNION ALL ") + `) ids
		WHERE customer_id IS NOT NULL AND customer_id NOT IN (SELECT customer_id FROM customers)`
	if err := e.exec(ctx, q); err != nil {
		return err
	}
	var n int64
	if err := e.q().QueryRowContext(ctx, `SELECT count(*) FROM customers`).Scan(&n); err != nil {
		return err
	}
	for i := range e.Schema.Tables {
		if e.Schema.Tables[i].Role == "customers" {
			e.Schema.Tables[i].Rows = n
			return nil
		}
	}
	if n > 0 {
		e.Schema.Tables = append([]model.TableInfo{{Role: "customers", Files: []string{}, Rows: n,
			Columns: map[string]string{"customer_id": "distinct customer_id of the other tables"}, Order: []string{"customer_id"}}},
			e.Schema.Tables...)
	}
	return nil
}

func (e *Engine) loadJourney(ctx context.Context) error {
	if err := e.exec(ctx, model.JourneyTableSQL); err != nil {
		return err
	}
	j := model.DefaultJourney
	if e.Config != nil && len(e.Config.Journey) > 0 {
		j = e.Config.Journey
	}
	for i, stage := range model.Stages {
		pats := append([]string(nil), j[stage]...)
		sort.Strings(pats)
		for _, p := range pats {
			if err := e.exec(ctx, `INSERT INTO journey_stages VALUES ($1, $2, lower($3))`, i+1, stage, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *Engine) readRejected(ctx context.Context) error {
	rows, err := e.q().QueryContext(ctx, `SELECT file, line, reason FROM rejected ORDER BY file, line`)
	if err != nil {
		return err
	}
	defer rows.Close()
	e.Schema.Rejected = []model.Rejection{}
	for rows.Next() {
		var r model.Rejection
		if err := rows.Scan(&r.File, &r.Line, &r.Reason); err != nil {
			return err
		}
		e.Schema.Rejected = append(e.Schema.Rejected, r)
	}
	return rows.Err()
}

// IsData reports whether err is a data error (exit 1) rather than a usage error.
func IsData(err error) bool {
	var d *DataError
	return errors.As(err, &d)
}

func named(name string, v any) sql.NamedArg { return sql.Named(name, v) }

func join(parts []string, sep string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += sep
		}
		out += p
	}
	return out
}
