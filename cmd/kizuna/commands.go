package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/engine"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/output"
	"github.com/kizuna-dev/kizuna/internal/sample"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", "kizuna report METRIC [flags] [PATH...]\n\nMETRIC: "+strings.Join(metrics.Names(), " "), stderr)
	var c common
	c.register(fs, true)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr("report: name a METRIC (%s)", strings.Join(metrics.Names(), " "))
	}
	name := pos[0]
	if name == "compare" {
		return cmdCompare(ctx, pos[1:], &c, stdout, stderr)
	}
	if _, ok := metrics.Lookup(name); !ok {
		return usageErr("report: unknown metric %q: want one of %s", name, strings.Join(metrics.Names(), " "))
	}
	if err := c.check(); err != nil {
		return err
	}
	return printResult(ctx, pos[1:], &c, stdout, stderr, func(e *engine.Engine) (*metrics.Result, error) {
		return metrics.Run(ctx, e.DB, name, c.params(e.Params()))
	})
}

// printResult loads paths, computes a result with f and prints it in the
// chosen format, then its notes on stderr; some files that could not be
// loaded make the exit status 1 after the output.
func printResult(ctx context.Context, paths []string, c *common, stdout, stderr io.Writer, f func(*engine.Engine) (*metrics.Result, error)) error {
	var res *metrics.Result
	var failed []model.Rejection
	err := withEngine(ctx, paths, c.config, c.load, stderr, func(e *engine.Engine) (err error) {
		failed = e.Schema.Failed
		res, err = f(e)
		return err
	})
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stderr, "note: "+n)
	}
	if err := output.Write(stdout, c.format, res.Metric, res.AsOf, &res.Table); err != nil {
		return err
	}
	return partial(failed)
}

// partial is the error (exit status 1) of a command that printed what it
// could while some files could not be loaded; nil when every file loaded.
func partial(failed []model.Rejection) error {
	if len(failed) == 0 {
		return nil
	}
	var names []string
	for _, f := range failed {
		names = append(names, f.File)
	}
	return &engine.DataError{Err: fmt.Errorf("%d file(s) could not be loaded: %s", len(names), strings.Join(names, ", "))}
}

// cmdCompare is `kizuna report compare METRIC --a WHERE --b WHERE [PATH...]`.
func cmdCompare(ctx context.Context, pos []string, c *common, stdout, stderr io.Writer) error {
	if len(pos) == 0 {
		return usageErr("report compare: name a METRIC (%s)", strings.Join(metrics.ComparedMetrics(), " "))
	}
	if c.a == "" || c.b == "" {
		return usageErr("report compare: give both groups, e.g. --a region=九州 --b region=関東")
	}
	a, err := metrics.ParseSide(c.a)
	if err != nil {
		return err
	}
	b, err := metrics.ParseSide(c.b)
	if err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	return printResult(ctx, pos[1:], c, stdout, stderr, func(e *engine.Engine) (*metrics.Result, error) {
		return metrics.Compare(ctx, e.DB, pos[0], c.params(e.Params()), a, b)
	})
}

func cmdSchema(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schema", "kizuna schema [--format table|json] [--config FILE] [PATH...]", stderr)
	var cfg, format string
	var l loadFlags
	l.register(fs)
	fs.StringVar(&cfg, "config", "", "mapping file (default: kizuna.toml beside the data)")
	fs.StringVar(&format, "format", "table", "output: table or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := l.check(); err != nil {
		return err
	}
	if format != "table" && format != "json" {
		return usageErr("--format %q: want table or json", format)
	}
	e, err := open(ctx, pos, cfg, l, stderr)
	if err != nil {
		return err
	}
	defer e.Close()
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(e.Schema); err != nil {
			return err
		}
		return partial(e.Schema.Failed)
	}
	if err := writeSchema(stdout, &e.Schema); err != nil {
		return err
	}
	return partial(e.Schema.Failed)
}

func writeSchema(w io.Writer, s *model.Schema) error {
	t := &model.Table{Columns: []string{"role", "rows", "rejected", "filtered", "column", "source"}}
	for _, ti := range s.Tables {
		first := true
		for _, c := range ti.Order {
			row := []any{"", nil, nil, nil, c, ti.Columns[c]}
			if first {
				row[0], row[1], row[2], row[3] = ti.Role, ti.Rows, ti.Rejected, ti.Filtered
				first = false
			}
			t.Rows = append(t.Rows, row)
		}
	}
	if err := output.Text(w, t); err != nil {
		return err
	}
	for _, ti := range s.Tables {
		fmt.Fprintf(w, "\n%s: %s", ti.Role, strings.Join(ti.Files, ", "))
	}
	fmt.Fprintln(w)
	for _, ig := range s.Ignored {
		fmt.Fprintf(w, "\nnot loaded: %s: %s", ig.File, ig.Reason)
	}
	for _, f := range s.Failed {
		fmt.Fprintf(w, "\ncannot be loaded: %s: %s", f.File, f.Reason)
	}
	if len(s.Ignored)+len(s.Failed) > 0 {
		fmt.Fprintln(w)
	}
	writeQuality(w, s)
	writeJourneyHint(w, s)
	return nil
}

// writeQuality is the data-quality part of `kizuna schema`: how each file's
// role and columns were chosen, returns, and the rejected rows by reason
// with counts and an example each.
func writeQuality(w io.Writer, s *model.Schema) {
	fmt.Fprintf(w, "\ndata quality:\n")
	for _, ti := range s.Tables {
		for _, why := range ti.Why {
			fmt.Fprintf(w, "  %s ← %s\n", ti.Role, why)
		}
		if ti.Role == "orders" {
			fmt.Fprintf(w, "  orders: %d return line(s) (negative amount or quantity): not orders, netted into revenue\n", ti.Returns)
		}
	}
	for _, d := range s.Doubts {
		fmt.Fprintf(w, "  doubt: %s\n", d)
	}
	if len(s.Rejected) == 0 {
		fmt.Fprintf(w, "  rejected rows: none\n")
		return
	}
	fmt.Fprintf(w, "  rejected rows: %d, by reason:\n", len(s.Rejected))
	for _, r := range s.Reasons {
		fmt.Fprintf(w, "  %8d  %s: %s  (e.g. %s:%d: %s)\n", r.Rows, r.Role, r.Reason, r.Example.File, r.Example.Line, r.Example.Reason)
	}
	fmt.Fprintf(w, "  (kizuna schema --format json lists every rejected row)\n")
}

func writeJourneyHint(w io.Writer, s *model.Schema) {
	if s.Journey != "" {
		fmt.Fprintf(w, "\njourney: %s", s.Journey)
	}
}

func cmdSQL(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sql", `kizuna sql "SELECT ..." [--format table|csv|json] [--config FILE] [PATH...]`+
		"\n\nTables: customers orders responses events subscriptions reviews posts journey_stages rejected"+
		"\n\nOne statement; the loaded tables are read-only (scratch: CREATE TEMP TABLE …); no files, ATTACH,"+
		"\nCOPY, EXPORT, INSTALL, LOAD, SET, PRAGMA or CALL unless --allow-files (local use only).", stderr)
	var cfg, format string
	var l loadFlags
	l.register(fs)
	l.registerConsole(fs)
	fs.StringVar(&cfg, "config", "", "mapping file (default: kizuna.toml beside the data)")
	fs.StringVar(&format, "format", "table", "output: table, csv or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := l.check(); err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr(`sql: give a query, e.g. kizuna sql "SELECT count(*) FROM orders"`)
	}
	if !output.Valid(format) {
		return usageErr("--format %q: want table, csv or json", format)
	}
	var t *model.Table
	err = withEngine(ctx, pos[1:], cfg, l, stderr, func(e *engine.Engine) error {
		console, err := e.Console(ctx)
		if err != nil {
			return err
		}
		t, err = console.Query(ctx, pos[0])
		return err
	})
	if err != nil {
		return fmt.Errorf("sql: %w", err)
	}
	return output.Write(stdout, format, "sql", "", t)
}

func cmdSample(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sample", "kizuna sample --out DIR [--customers N] [--seed N]", stderr)
	var o sample.Options
	var out string
	fs.StringVar(&out, "out", "", "folder to write the CSV files to (created if missing)")
	fs.IntVar(&o.Customers, "customers", 3000, "number of customers")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed: the same seed writes the same files")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if out == "" || len(pos) > 0 {
		fs.Usage()
		return usageErr("sample: --out DIR is required (and nothing else)")
	}
	if o.Customers <= 0 {
		return usageErr("sample: --customers %d: want a number > 0", o.Customers)
	}
	if err := sample.Write(out, o); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a sample of %d customers to %s\n", o.Customers, out)
	return nil
}

func cmdCache(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("cache", "kizuna cache list|clear   (the cache: $XDG_CACHE_HOME/kizuna)", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "clear" && pos[0] != "list") {
		fs.Usage()
		return usageErr("cache: want \"kizuna cache list\" or \"kizuna cache clear\"")
	}
	if pos[0] == "list" {
		return listCache(stdout)
	}
	dir, err := engine.ClearCache(engine.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "removed %s\n", dir)
	return nil
}

// listCache prints the cached data sets, most recently used first.
func listCache(w io.Writer) error {
	entries, err := engine.ListCache(engine.Options{})
	if err != nil {
		return err
	}
	t := &model.Table{Columns: []string{"key", "size", "last_used", "rows", "sources"}}
	var total int64
	for _, c := range entries {
		src := strings.Join(c.Sources, ", ")
		if len(c.Sources) > 3 {
			src = fmt.Sprintf("%s, … (%d files)", strings.Join(c.Sources[:3], ", "), len(c.Sources))
		}
		t.Rows = append(t.Rows, []any{c.Key, engine.Human(c.Size), c.LastUsed.Format("2006-01-02 15:04"), c.Rows, src})
		total += c.Size
	}
	if err := output.Text(w, t); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d data sets, %s in %s\n", len(entries), engine.Human(total), engine.CacheDir(engine.Options{}))
	return nil
}
