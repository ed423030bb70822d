package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// DefaultQueryTimeout bounds one query of the SQL console.
const DefaultQueryTimeout = 5 * time.Minute

// seal closes the database to the outside once the tables are loaded:
// no file, network or extension access and no configuration change, for
// every connection (DuckDB's settings are database-wide). The metrics
// need neither; Parquet exports go through FileDB. --allow-files skips it.
func (e *Engine) seal(ctx context.Context, opts Options) error {
	if opts.AllowFiles {
		return nil
	}
	// The same cache file opened twice in one process is one DuckDB
	// instance: it may be sealed already.
	var external, locked bool
	if err := e.DB.QueryRowContext(ctx, `SELECT current_setting('enable_external_access'), current_setting('lock_configuration')`).
		Scan(&external, &locked); err == nil && !external && locked {
		return nil
	}
	for _, q := range []string{`SET enable_external_access = false`, `SET lock_configuration = true`} {
		if _, err := e.DB.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sealing the database: %w", err)
		}
	}
	return nil
}

// sandbox is the engine's part that runs the analyst's SQL.
type sandbox struct {
	opts      Options
	consoleMu sync.Mutex
	console   *Console
	files     *sql.DB // FileDB's database
}

func (s *sandbox) closeSandbox() {
	s.consoleMu.Lock()
	defer s.consoleMu.Unlock()
	if s.console != nil {
		s.console.close()
		s.console = nil
	}
	if s.files != nil {
		s.files.Close()
		s.files = nil
	}
}

// Refused is a statement the SQL console does not run; Reason is one line.
type Refused struct{ Reason string }

func (r *Refused) Error() string { return r.Reason }

// Console runs the analyst's SQL (kizuna sql, the SQL pane) on a
// connection of its own: one statement per input; the loaded tables are
// read-only; scratch objects are TEMP, seen by this connection only, and
// cannot take a loaded table's name; statements that reach beyond the data
// (ATTACH, COPY, EXPORT, INSTALL, LOAD, SET, PRAGMA, CALL) are refused,
// and each query ends after a time limit.
type Console struct {
	conn       *sql.Conn
	sem        chan struct{} // one statement at a time on conn
	allowFiles bool
	timeout    time.Duration
	loaded     map[string]bool // lower-case names of main's tables and views
}

// Console returns the engine's SQL console, opening it on first use.
func (e *Engine) Console(ctx context.Context) (*Console, error) {
	e.consoleMu.Lock()
	defer e.consoleMu.Unlock()
	if e.console != nil {
		return e.console, nil
	}
	conn, err := e.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	c := &Console{conn: conn, sem: make(chan struct{}, 1), allowFiles: e.opts.AllowFiles,
		timeout: e.opts.QueryTimeout, loaded: map[string]bool{}}
	if c.timeout == 0 {
		c.timeout = DefaultQueryTimeout
	}
	for _, r := range model.Roles {
		c.loaded[r.Name] = true
	}
	rows, err := conn.QueryContext(ctx, `SELECT table_name FROM duckdb_tables() WHERE NOT temporary
		UNION SELECT view_name FROM duckdb_views() WHERE NOT temporary AND NOT internal`)
	if err != nil {
		conn.Close()
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			conn.Close()
			return nil, err
		}
		c.loaded[strings.ToLower(n)] = true
	}
	e.console = c
	return c, rows.Err()
}

func (c *Console) close() error { return c.conn.Close() }

// Query checks q and runs it, within the time limit; ctx's cancellation
// interrupts it.
func (c *Console) Query(ctx context.Context, q string, args ...any) (*model.Table, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.sem }()
	if err := c.check(ctx, q); err != nil {
		return nil, err
	}
	qctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	t, err := metrics.Query(qctx, c.conn, q, args...)
	if err != nil && ctx.Err() == nil && errors.Is(qctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("query stopped after %v (the limit is --query-timeout)", c.timeout)
	}
	return t, c.explain(err)
}

// Scratch lists the console's TEMP tables and views.
func (c *Console) Scratch(ctx context.Context) ([]string, error) {
	t, err := c.Query(ctx, `SELECT table_name FROM duckdb_tables() WHERE temporary
		UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = fmt.Sprint(r[0])
	}
	return out, nil
}

// explain makes DuckDB's refusals one line that names the way out.
func (c *Console) explain(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "file system operations are disabled"),
		strings.Contains(msg, "external extensions is disabled"),
		strings.Contains(msg, "enable_external_access"):
		return &Refused{"files, the network and extensions are out of reach of the SQL console (start kizuna with --allow-files for local use)"}
	case strings.Contains(msg, "configuration has been locked"):
		return &Refused{"settings cannot be changed from the SQL console"}
	case strings.Contains(msg, "Out of Memory"):
		return fmt.Errorf("%s (raise --memory-limit, or lower --threads)", firstLine(msg))
	}
	return err
}

// refusedTypes name the statements the console never runs (without
// --allow-files, also the ones in fileTypes).
var refusedTypes = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_PREPARE:      "PREPARE",
	duckdb.STATEMENT_TYPE_EXECUTE:      "EXECUTE",
	duckdb.STATEMENT_TYPE_ALTER:        "ALTER (the loaded tables are read-only)",
	duckdb.STATEMENT_TYPE_TRANSACTION:  "transactions",
	duckdb.STATEMENT_TYPE_ANALYZE:      "ANALYZE",
	duckdb.STATEMENT_TYPE_VACUUM:       "VACUUM",
	duckdb.STATEMENT_TYPE_RELATION:     "this statement",
	duckdb.STATEMENT_TYPE_LOGICAL_PLAN: "this statement",
	duckdb.STATEMENT_TYPE_INVALID:      "this statement",
	duckdb.STATEMENT_TYPE_MULTI:        "several statements",
}

var fileTypes = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_COPY:         "COPY",
	duckdb.STATEMENT_TYPE_EXPORT:       "EXPORT",
	duckdb.STATEMENT_TYPE_ATTACH:       "ATTACH",
	duckdb.STATEMENT_TYPE_DETACH:       "DETACH",
	duckdb.STATEMENT_TYPE_LOAD:         "INSTALL and LOAD",
	duckdb.STATEMENT_TYPE_EXTENSION:    "INSTALL and LOAD",
	duckdb.STATEMENT_TYPE_SET:          "SET",
	duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET",
	duckdb.STATEMENT_TYPE_PRAGMA:       "PRAGMA (SELECT * FROM pragma_table_info('orders') and DESCRIBE work)",
	duckdb.STATEMENT_TYPE_CALL:         "CALL (SELECT * FROM the function works)",
}

// stateFunctions change the database's state (or run SQL text the checks
// cannot see) from inside a SELECT.
var stateFunctions = map[string]bool{
	"checkpoint": true, "force_checkpoint": true, "enable_logging": true, "disable_logging": true,
	"truncate_duckdb_logs": true, "enable_profiling": true, "disable_profiling": true,
	"enable_peg_parser": true, "disable_peg_parser": true, "check_peg_parser": true,
	"query": true, "query_table": true, "json_execute_serialized_sql": true,
}

// check refuses what the console does not run; DuckDB's parser decides
// the number and the type of the statements.
func (c *Console) check(ctx context.Context, q string) error {
	toks := tokens(q)
	for i, t := range toks {
		if t.word && stateFunctions[t.text] && i+1 < len(toks) && toks[i+1].text == "(" {
			return &Refused{t.text + "() changes the database's state: not available in the SQL console"}
		}
	}
	var typ duckdb.StmtType
	err := c.conn.Raw(func(dc any) error {
		st, err := dc.(*duckdb.Conn).Prepare(q)
		if err != nil {
			return err
		}
		defer st.Close()
		typ, err = st.(*duckdb.Stmt).StatementType()
		return err
	})
	if err != nil {
		if strings.Contains(err.Error(), "multi-statement") {
			return &Refused{"one statement at a time (a PIVOT needs its IN list: PIVOT t ON c IN ('a', 'b'))"}
		}
		return c.explain(err)
	}
	if what, ok := refusedTypes[typ]; ok {
		return &Refused{what + " is not available in the SQL console"}
	}
	if what, ok := fileTypes[typ]; ok && !c.allowFiles {
		return &Refused{what + " is not available in the SQL console (--allow-files allows it for local use)"}
	}
	switch typ {
	case duckdb.STATEMENT_TYPE_SELECT:
		return nil
	case duckdb.STATEMENT_TYPE_EXPLAIN:
		return checkExplain(toks)
	case duckdb.STATEMENT_TYPE_CREATE, duckdb.STATEMENT_TYPE_CREATE_FUNC:
		return c.checkCreate(toks)
	case duckdb.STATEMENT_TYPE_INSERT, duckdb.STATEMENT_TYPE_UPDATE, duckdb.STATEMENT_TYPE_DELETE, duckdb.STATEMENT_TYPE_DROP:
		return c.checkScratchWrite(ctx, toks)
	}
	if _, ok := fileTypes[typ]; ok && c.allowFiles {
		return nil
	}
	return &Refused{"this statement is not available in the SQL console"}
}

// selectLike are the words a query starts with.
var selectLike = map[string]bool{"select": true, "with": true, "from": true, "values": true, "table": true,
	"(": true, "pivot": true, "unpivot": true, "describe": true, "show": true, "summarize": true}

// checkExplain allows EXPLAIN [ANALYZE] of a query only: EXPLAIN ANALYZE
// runs what it explains.
func checkExplain(toks []token) error {
	i := 1
	for {
		switch {
		case at(toks, i, "analyze"):
			i++
			continue
		case at(toks, i, "(") && i+1 < len(toks) && toks[i+1].word: // EXPLAIN (FORMAT json, ANALYZE)
			for i < len(toks) && toks[i].text != ")" {
				i++
			}
			i++
			continue
		}
		break
	}
	if i < len(toks) && selectLike[toks[i].text] {
		return nil
	}
	return &Refused{"EXPLAIN of a query only (SELECT …) in the SQL console"}
}

// objectKinds are the scratch objects the console creates and drops.
var objectKinds = map[string]bool{"table": true, "view": true, "macro": true, "function": true, "sequence": true}

// skipIfExists moves past IF [NOT] EXISTS.
func skipIfExists(toks []token, i int) int {
	if at(toks, i, "if") {
		i++
		if at(toks, i, "not") {
			i++
		}
		if at(toks, i, "exists") {
			i++
		}
	}
	return i
}

const scratchHint = "scratch objects are TEMP: CREATE TEMP TABLE name AS SELECT …"

// checkCreate allows CREATE [OR REPLACE] TEMP|TEMPORARY … of a name that
// is not a loaded table's.
func (c *Console) checkCreate(toks []token) error {
	i := 1
	if at(toks, 1, "or") && at(toks, 2, "replace") {
		i = 3
	}
	if !at(toks, i, "temp") && !at(toks, i, "temporary") {
		return &Refused{"the loaded tables are read-only; " + scratchHint}
	}
	i++
	if i >= len(toks) || !objectKinds[toks[i].text] {
		return &Refused{"the SQL console creates TEMP tables, views, macros and sequences only"}
	}
	name, _ := qualifiedName(toks, skipIfExists(toks, i+1))
	if name == "" {
		return &Refused{"cannot tell what this CREATE names; " + scratchHint}
	}
	if c.loaded[name] {
		return &Refused{fmt.Sprintf("%q is a loaded table: give the scratch object another name", name)}
	}
	return nil
}

// checkScratchWrite allows INSERT INTO, UPDATE, DELETE FROM and DROP of
// the console's own TEMP objects only.
func (c *Console) checkScratchWrite(ctx context.Context, toks []token) error {
	i := 1
	switch {
	case at(toks, 0, "insert"):
		if at(toks, 1, "or") {
			i = 3
		}
		if !at(toks, i, "into") {
			return &Refused{"write as INSERT INTO scratch_table …; the loaded tables are read-only"}
		}
		i++
	case at(toks, 0, "delete"):
		if !at(toks, 1, "from") {
			return &Refused{"write as DELETE FROM scratch_table …; the loaded tables are read-only"}
		}
		i = 2
	case at(toks, 0, "drop"):
		if !at(toks, 1, "table") && !at(toks, 1, "view") && !at(toks, 1, "macro") && !at(toks, 1, "function") && !at(toks, 1, "sequence") {
			return &Refused{"the SQL console drops its own TEMP tables, views, macros and sequences only"}
		}
		i = skipIfExists(toks, 2)
		if at(toks, i, "table") { // DROP MACRO TABLE name
			i++
		}
	case at(toks, 0, "update"):
	default:
		return &Refused{"only the console's TEMP objects can be changed (the loaded tables are read-only)"}
	}
	name, qualified := qualifiedName(toks, i)
	if name == "" || c.loaded[name] || (qualified != "" && qualified != "temp" && qualified != "temp.main") {
		return &Refused{"the loaded tables are read-only; " + scratchHint}
	}
	var n int
	err := c.conn.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT table_name AS n FROM duckdb_tables() WHERE temporary
		UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary
		UNION ALL SELECT function_name FROM duckdb_functions() WHERE database_name = 'temp'
		UNION ALL SELECT sequence_name FROM duckdb_sequences() WHERE temporary) WHERE lower(n) = $1`, name).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return &Refused{fmt.Sprintf("%q is not a scratch (TEMP) object of this console; the loaded tables are read-only", name)}
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// FileDB is a DuckDB of its own that may write files, opened on first use:
// Parquet exports run there (kizuna's own SQL only), since the loaded
// database is sealed. It lives as long as the engine.
func (e *Engine) FileDB() metrics.Querier { return &fileDB{e: e} }

type fileDB struct{ e *Engine }

func (f *fileDB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	e := f.e
	e.consoleMu.Lock()
	if e.files == nil {
		o := e.opts
		o.Threads, o.MemoryLimit = 1, "512MB"
		db, err := sql.Open("duckdb", dsn("", o))
		if err != nil {
			e.consoleMu.Unlock()
			return nil, err
		}
		e.files = db
	}
	db := e.files
	e.consoleMu.Unlock()
	return db.QueryContext(ctx, q, args...)
}
