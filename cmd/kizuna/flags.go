package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/output"
)

// common are the flags of report and the workbench.
type common struct {
	load                                                       loadFlags
	config, by, from, to, asOf, period, format, mode, activity string
	window                                                     int
	where                                                      whereFlag
}

type whereFlag []metrics.Filter

func (w *whereFlag) String() string { return fmt.Sprint(*w) }
func (w *whereFlag) Set(v string) error {
	dim, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(dim) == "" {
		return fmt.Errorf("want DIM=VALUE, got %q", v)
	}
	*w = append(*w, metrics.Filter{Dim: strings.TrimSpace(dim), Value: val})
	return nil
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// loadFlags say how to run DuckDB and whether to use the cache.
type loadFlags struct {
	noCache     bool
	threads     int
	memoryLimit string
}

func (l *loadFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&l.noCache, "no-cache", false, "load the files again and do not use or write the cache")
	fs.IntVar(&l.threads, "threads", 0, "DuckDB threads (default: all cores)")
	fs.StringVar(&l.memoryLimit, "memory-limit", "", "DuckDB memory limit, e.g. 8GB (default: 60% of RAM; larger loads spill to disk)")
}

func (c *common) register(fs *flag.FlagSet, metricFlags bool) {
	c.load.register(fs)
	fs.StringVar(&c.config, "config", "", "mapping file (default: kizuna.toml beside the data)")
	fs.StringVar(&c.asOf, "as-of", "", "analysis date YYYY-MM-DD (default: latest activity date in the data)")
	fs.StringVar(&c.from, "from", "", "first date YYYY-MM-DD of the range")
	fs.StringVar(&c.to, "to", "", "last date YYYY-MM-DD of the range")
	fs.StringVar(&c.period, "period", "month", "period: month, week or quarter")
	fs.Var(&c.where, "where", "keep rows whose DIM equals VALUE: DIM=VALUE (repeatable)")
	if metricFlags {
		fs.StringVar(&c.by, "by", "", "break down by a customer dimension, a column of the table, or month/week/quarter")
		fs.StringVar(&c.format, "format", "table", "output: table, csv or json")
		fs.StringVar(&c.mode, "mode", "", "retention: period (default) or on-or-after")
		fs.IntVar(&c.window, "window", 0, "funnel: days allowed between stages (0: no limit)")
		fs.StringVar(&c.activity, "activity", "", "retention: orders (default) or events")
	}
}

// params merges the flags over the mapping file's settings.
func (c *common) params(base metrics.Params) metrics.Params {
	p := base
	p.By, p.Where, p.From, p.To, p.Period = c.by, c.where, c.from, c.to, c.period
	p.Mode, p.Window, p.Activity = c.mode, c.window, c.activity
	if c.asOf != "" {
		p.AsOf = c.asOf
	}
	return p
}

func (c *common) check() error {
	if c.format != "" && !output.Valid(c.format) {
		return usageErr("--format %q: want table, csv or json", c.format)
	}
	for _, d := range []struct{ flag, v string }{{"--from", c.from}, {"--to", c.to}, {"--as-of", c.asOf}} {
		if _, err := time.Parse("2006-01-02", d.v); d.v != "" && err != nil {
			return usageErr("%s %q: not a date; want YYYY-MM-DD, e.g. 2025-03-31", d.flag, d.v)
		}
	}
	p := c.params(metrics.Params{})
	return p.Validate()
}

// parse parses flags and positionals in any order ("report nps DIR --by region").
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, errHelp
			}
			return nil, usageErr("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
