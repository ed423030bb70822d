// Command kizuna is a terminal workbench for customer-engagement analytics.
// main only parses flags and wires the engine, metrics, output and the
// workbench together; each subcommand is one small function.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/engine"
	"github.com/kizuna-dev/kizuna/internal/metrics"
)

const usage = `kizuna — customer-engagement analytics in the terminal

Usage:
  kizuna [flags] [PATH...]                 open the workbench; no PATH: the bundled sample data
  kizuna report METRIC [flags] [PATH...]   print one metric without the workbench
  kizuna schema [PATH...]                  detected roles, column mapping, row and rejected counts
  kizuna sql "SELECT ..." [PATH...]        run SQL over the canonical views
  kizuna sample --out DIR [--customers N]  write a synthetic data set (deterministic, --seed)
  kizuna serve [--listen :2222] [PATH...]  the workbench for a team over SSH (public keys only)
  kizuna cache list|clear                  show or remove the cache of loaded tables
  kizuna segment list | save NAME "SQL"    saved segments (customers a query returns), for --segment NAME

METRIC: overview nps csat churn retention repeat ltv rfm funnel reviews engagement segments topics
        kizuna report topics [--metric nps|csat|reviews] [--by DIM] [--min-mentions N]
        kizuna report compare nps|csat|repeat|reviews|retention|churn --a DIM=VALUE --b DIM=VALUE (or from=DATE,to=DATE)

PATH is a file, a glob or a folder (CSV/TSV, gzip, Parquet, JSON, NDJSON).
The SQL console (kizuna sql, the SQL pane) reads the loaded tables only: no
files, ATTACH, COPY, INSTALL, SET or several statements; --allow-files lifts
that for local use. The cache lives in $XDG_CACHE_HOME/kizuna (0700).
A kizuna.toml beside the data (or --config FILE) maps files and columns.
Run "kizuna COMMAND --help" for a command's flags.
`

// exit codes (SPEC §4)
const (
	exitOK    = 0
	exitData  = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 {
		cmd = args[0]
	}
	var err error
	switch cmd {
	case "report":
		err = cmdReport(ctx, args[1:], stdout, stderr)
	case "schema":
		err = cmdSchema(ctx, args[1:], stdout, stderr)
	case "sql":
		err = cmdSQL(ctx, args[1:], stdout, stderr)
	case "sample":
		err = cmdSample(args[1:], stdout, stderr)
	case "cache":
		err = cmdCache(args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "segment":
		err = cmdSegment(args[1:], stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = cmdWorkbench(ctx, args, stdout, stderr)
	}
	return exitCode(err, stderr)
}

var errHelp = errors.New("help shown")

func exitCode(err error, stderr io.Writer) int {
	var ue *metrics.UsageError
	var refused *engine.Refused
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue), errors.As(err, &refused):
		fmt.Fprintln(stderr, "kizuna:", err)
		return exitUsage
	case strings.Contains(err.Error(), "Out of Memory"):
		fmt.Fprintln(stderr, "kizuna:", firstLine(err.Error()), "(raise --memory-limit, or lower --threads)")
		return exitData
	default:
		fmt.Fprintln(stderr, "kizuna:", strings.TrimSpace(err.Error()))
		return exitData
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func usageErr(format string, a ...any) error {
	return &metrics.UsageError{Msg: fmt.Sprintf(format, a...)}
}

// open loads paths (the bundled sample data when none) and reports files
// it did not use on stderr; on a terminal it shows loading progress there.
func open(ctx context.Context, paths []string, cfg string, l loadFlags, stderr io.Writer) (*engine.Engine, error) {
	opts, err := cliOptions(paths, cfg, l, stderr)
	if err != nil {
		return nil, err
	}
	e, err := engine.Open(ctx, opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	return e, err
}

// withEngine opens paths like open and runs f; a cache file that DuckDB
// finds damaged during f is rebuilt once (with a message) and f runs again.
func withEngine(ctx context.Context, paths []string, cfg string, l loadFlags, stderr io.Writer, f func(*engine.Engine) error) error {
	opts, err := cliOptions(paths, cfg, l, stderr)
	if err != nil {
		return err
	}
	return engine.OpenAndRun(ctx, opts, func(e *engine.Engine) error {
		if opts.Progress != nil {
			fmt.Fprint(stderr, "\r\x1b[K")
		}
		return f(e)
	})
}

// cliOptions are the engine options of a command: warnings and, on a
// terminal, loading progress go to stderr.
func cliOptions(paths []string, cfg string, l loadFlags, stderr io.Writer) (engine.Options, error) {
	opts, err := engineOptions(paths, cfg, l, func(s string) { fmt.Fprintln(stderr, "kizuna:", s) })
	if err != nil {
		return opts, err
	}
	if isTerminal(stderr) {
		opts.Progress = func(p engine.Progress) {
			fmt.Fprintf(stderr, "\r\x1b[Kloading %d/%d %s (%s) — %d rows so far", p.Done, p.Total, p.File, p.Role, p.Rows)
		}
	}
	return opts, nil
}

// engineOptions are the loading options of every command: the bundled
// sample data when no PATH and no mapping file are given.
func engineOptions(paths []string, cfg string, l loadFlags, warn func(string)) (engine.Options, error) {
	if len(paths) == 0 && cfg == "" {
		dir, err := sampleDir()
		if err != nil {
			return engine.Options{}, err
		}
		paths = []string{dir}
	}
	opts, err := l.options()
	if err != nil {
		return opts, err
	}
	opts.Paths, opts.Config, opts.Warn = paths, cfg, warn
	return opts, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
