// Command rawduck is the baseline of the kizuna benchmark: raw DuckDB, in
// memory, through the same driver, doing the work kizuna does. It loads each
// CSV of a `kizuna sample` folder with DuckDB's own sniffing
// (CREATE TABLE role AS SELECT * FROM read_csv(file)), adds the canonical
// columns the files lack and the derived tables (metrics.WriteDerived), then runs metric SQL built by kizuna's own
// metrics.Build against these tables, or replays SQL recorded from a
// workbench pane. It prints its timings as one JSON object.
//
//	rawduck -data DIR [-metrics nps,churn] [-replay a.json,b.json]
package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/output"
)

var verbose bool

func exec(ctx context.Context, db *sql.DB, q string) error {
	t := time.Now()
	_, err := db.ExecContext(ctx, q)
	if verbose {
		fmt.Fprintf(os.Stderr, "%8.1f ms  %s\n", since(t), firstLine(q))
	}
	return err
}

// Step is the outcome of one metric or one replayed pane.
type Step struct {
	MS      float64 `json:"ms"`
	Rows    int     `json:"rows"`
	Queries int     `json:"queries,omitempty"`
	SHA     string  `json:"sha,omitempty"` // sha256 of the result as kizuna report --format json prints it
	Err     string  `json:"err,omitempty"`
}

// Out is what rawduck prints.
type Out struct {
	DuckDB  string           `json:"duckdb"`
	LoadMS  float64          `json:"load_ms"`
	Tables  map[string]int64 `json:"tables"`
	Metrics map[string]Step  `json:"metrics,omitempty"`
	Replay  map[string]Step  `json:"replay,omitempty"`
}

// Recorded is one query a pane ran (written by the bench's pane worker).
type Recorded struct {
	SQL  string `json:"sql"`
	Args []Arg  `json:"args,omitempty"`
}

// Arg is a bound argument: Name is "" for a positional one.
type Arg struct {
	Name  string          `json:"name,omitempty"`
	Kind  string          `json:"kind"` // null string int float bool time
	Value json.RawMessage `json:"value,omitempty"`
}

func main() {
	data := flag.String("data", "", "folder written by kizuna sample")
	ms := flag.String("metrics", "", "comma-separated metrics to run after loading")
	replay := flag.String("replay", "", "comma-separated files of recorded pane queries to replay")
	flag.BoolVar(&verbose, "v", false, "print each loading statement's time on stderr")
	flag.Parse()
	if *data == "" {
		fmt.Fprintln(os.Stderr, "rawduck: -data DIR is required")
		os.Exit(2)
	}
	out, err := run(context.Background(), *data, split(*ms), split(*replay))
	if err != nil {
		fmt.Fprintln(os.Stderr, "rawduck:", err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func run(ctx context.Context, dir string, names, replays []string) (*Out, error) {
	out := &Out{Tables: map[string]int64{}}
	start := time.Now()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := load(ctx, db, dir); err != nil {
		return nil, err
	}
	if len(replays) > 0 {
		// The panes were recorded over kizuna's cache file, which also
		// keeps what metrics.CacheDerivedSQL writes (the funnel's stages):
		// the raw load writes it too, with the same SQL.
		stmts, err := metrics.CacheDerivedSQL(ctx, db, metrics.Params{}, "main")
		if err != nil {
			return nil, err
		}
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s.Text, s.Args...); err != nil {
				return nil, err
			}
		}
	}
	out.LoadMS = since(start)
	db.QueryRowContext(ctx, "SELECT version()").Scan(&out.DuckDB)
	for _, r := range model.Roles {
		var n int64
		db.QueryRowContext(ctx, "SELECT count(*) FROM "+r.Name).Scan(&n)
		out.Tables[r.Name] = n
	}
	if len(names) > 0 {
		out.Metrics = map[string]Step{}
	}
	for _, name := range names {
		t := time.Now()
		res, err := metrics.Run(ctx, db, name, metrics.Params{})
		st := Step{MS: since(t)}
		if err != nil {
			st.Err = err.Error()
		} else {
			st.Rows = len(res.Rows)
			h := sha256.New()
			output.Write(h, "json", res.Metric, res.AsOf, &res.Table)
			st.SHA = hex.EncodeToString(h.Sum(nil))
		}
		out.Metrics[name] = st
	}
	if len(replays) > 0 {
		out.Replay = map[string]Step{}
	}
	for _, f := range replays {
		out.Replay[filepath.Base(f)] = replayFile(ctx, db, f)
	}
	return out, nil
}

func since(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

// load creates every canonical table from DIR/<role>.csv (empty when the
// file is missing), with the columns kizuna derives added, plus
// journey_stages (the default journey) and an empty rejected table.
func load(ctx context.Context, db *sql.DB, dir string) error {
	for _, r := range model.Roles {
		file := filepath.Join(dir, r.Name+".csv")
		if _, err := os.Stat(file); err != nil {
			if err := exec(ctx, db, model.CreateTableSQL(r)); err != nil {
				return err
			}
			continue
		}
		src := fmt.Sprintf("read_csv('%s')", strings.ReplaceAll(file, "'", "''"))
		if err := exec(ctx, db, fmt.Sprintf("CREATE TABLE %s AS SELECT * FROM %s", r.Name, src)); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if err := addMissing(ctx, db, r); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	stmts := []string{model.JourneyTableSQL,
		`CREATE TABLE rejected (role VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR)`}
	var vals []string
	for i, st := range model.Stages {
		for _, p := range model.DefaultJourney[st] {
			vals = append(vals, fmt.Sprintf("(%d, '%s', lower('%s'))", i+1, st, p))
		}
	}
	stmts = append(stmts, "INSERT INTO journey_stages VALUES "+strings.Join(vals, ", "))
	for _, s := range stmts {
		if err := exec(ctx, db, s); err != nil {
			return err
		}
	}
	// kizuna's load ends with the tables its metrics read instead of the
	// loaded ones; the same SQL writes them here, in the raw load's time.
	_, err := metrics.WriteDerived(ctx, db, metrics.Params{})
	return err
}

// addMissing adds the canonical columns of r that the file lacks, as kizuna
// derives them: posts.interactions = likes+comments+shares+clicks+saves,
// orders.order_id = file:line, else NULL.
func addMissing(ctx context.Context, db *sql.DB, r model.Role) error {
	t, err := metrics.Query(ctx, db, "SELECT column_name FROM information_schema.columns WHERE table_name = $1", r.Name)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, row := range t.Rows {
		have[row[0].(string)] = true
	}
	for _, c := range r.Columns {
		if have[c.Name] {
			continue
		}
		if err := exec(ctx, db, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", r.Name, c.Name, c.Kind.SQLType())); err != nil {
			return err
		}
		expr := ""
		switch {
		case r.Name == "posts" && c.Name == "interactions":
			var parts []string
			for _, p := range []string{"likes", "comments", "shares", "clicks", "saves"} {
				if have[p] {
					parts = append(parts, "coalesce("+p+", 0)")
				}
			}
			expr = strings.Join(parts, " + ")
		case r.Name == "orders" && c.Name == "order_id":
			expr = "'orders.csv:' || (rowid + 2)"
		}
		if expr != "" {
			if err := exec(ctx, db, fmt.Sprintf("UPDATE %s SET %s = %s", r.Name, c.Name, expr)); err != nil {
				return err
			}
		}
	}
	return nil
}

func replayFile(ctx context.Context, db *sql.DB, file string) Step {
	b, err := os.ReadFile(file)
	if err != nil {
		return Step{Err: err.Error()}
	}
	var qs []Recorded
	if err := json.Unmarshal(b, &qs); err != nil {
		return Step{Err: err.Error()}
	}
	t := time.Now()
	st := Step{Queries: len(qs)}
	for _, q := range qs {
		args, err := decodeArgs(q.Args)
		if err == nil {
			var res *model.Table
			if res, err = metrics.Query(ctx, db, q.SQL, args...); err == nil {
				st.Rows += len(res.Rows)
			}
		}
		if err != nil && st.Err == "" {
			st.Err = firstLine(err.Error())
		}
	}
	st.MS = since(t)
	return st
}

func decodeArgs(in []Arg) ([]any, error) {
	out := make([]any, len(in))
	for i, a := range in {
		var v any
		var err error
		switch a.Kind {
		case "null":
		case "string":
			var s string
			err = json.Unmarshal(a.Value, &s)
			v = s
		case "int":
			var n int64
			err = json.Unmarshal(a.Value, &n)
			v = n
		case "float":
			var f float64
			err = json.Unmarshal(a.Value, &f)
			v = f
		case "bool":
			var b bool
			err = json.Unmarshal(a.Value, &b)
			v = b
		case "time":
			var t time.Time
			err = json.Unmarshal(a.Value, &t)
			v = t
		default:
			err = fmt.Errorf("argument kind %q", a.Kind)
		}
		if err != nil {
			return nil, err
		}
		if a.Name != "" {
			v = sql.Named(a.Name, v)
		}
		out[i] = v
	}
	return out, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
