package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kizuna-dev/kizuna/internal/engine"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/output"
	"github.com/kizuna-dev/kizuna/internal/segments"
)

// common are the flags of report and the workbench.
type common struct {
	load                                                       loadFlags
	config, by, from, to, asOf, period, format, mode, activity string
	window                                                     int
	minMentions                                                int
	topicMetric                                                string
	a, b                                                       string
	segment, segmentSQL                                        string
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

// loadFlags say how to run DuckDB, whether to use the cache and, for the
// commands that take the analyst's SQL, how far it may reach.
type loadFlags struct {
	noCache      bool
	threads      int
	memoryLimit  string
	cacheMax     string
	allowFiles   bool
	queryTimeout time.Duration
}

func (l *loadFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&l.noCache, "no-cache", false, "load the files again and do not use or write the cache")
	fs.IntVar(&l.threads, "threads", 0, "DuckDB threads (default: all cores)")
	fs.StringVar(&l.memoryLimit, "memory-limit", "", "DuckDB memory limit, e.g. 8GB (default: 60% of RAM; larger loads spill to disk)")
	fs.StringVar(&l.cacheMax, "cache-max", "10GB", "size cap of the cache folder; the least recently used data sets go first")
}

// registerConsole adds the flags of the SQL console (kizuna sql, the workbench).
func (l *loadFlags) registerConsole(fs *flag.FlagSet) {
	fs.BoolVar(&l.allowFiles, "allow-files", false, "let the SQL console read and write files, ATTACH, COPY, INSTALL, SET… (local use only; by default it sees the loaded tables only)")
	fs.DurationVar(&l.queryTimeout, "query-timeout", engine.DefaultQueryTimeout, "time limit of one query typed in the SQL console")
}

// check reports bad values as usage errors, before the cache is touched.
func (l *loadFlags) check() error {
	o, err := l.options()
	if err != nil {
		return err
	}
	if err := engine.CheckOptions(o); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// options are the engine options the flags set.
func (l *loadFlags) options() (engine.Options, error) {
	max, err := parseSize(l.cacheMax)
	if err != nil {
		return engine.Options{}, usageErr("--cache-max %q: want a size such as 10GB or 500MB", l.cacheMax)
	}
	if l.queryTimeout < 0 {
		return engine.Options{}, usageErr("--query-timeout %v: want a duration > 0, e.g. 30s or 10m", l.queryTimeout)
	}
	return engine.Options{NoCache: l.noCache, Threads: l.threads, MemoryLimit: l.memoryLimit, CacheMaxBytes: max,
		AllowFiles: l.allowFiles, QueryTimeout: l.queryTimeout}, nil
}

// parseSize reads 10GB, 500MB, 2GiB, 1024 (bytes).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t == "" {
		return 0, nil
	}
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"TIB", 1 << 40}, {"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10},
		{"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int64(f * float64(mult)), nil
}

func (c *common) register(fs *flag.FlagSet, metricFlags bool) {
	c.load.register(fs)
	fs.StringVar(&c.config, "config", "", "mapping file (default: kizuna.toml beside the data)")
	fs.StringVar(&c.asOf, "as-of", "", "analysis date YYYY-MM-DD (default: latest activity date in the data)")
	fs.StringVar(&c.from, "from", "", "first date YYYY-MM-DD of the range")
	fs.StringVar(&c.to, "to", "", "last date YYYY-MM-DD of the range")
	fs.StringVar(&c.period, "period", "month", "period: month, week or quarter")
	fs.Var(&c.where, "where", "keep rows whose DIM equals VALUE: DIM=VALUE (repeatable)")
	fs.StringVar(&c.segment, "segment", "", "keep the customers of a saved segment (kizuna segment list)")
	if metricFlags {
		fs.StringVar(&c.by, "by", "", "break down by a customer dimension, a column of the table, or month/week/quarter")
		fs.StringVar(&c.format, "format", "table", "output: table, csv or json")
		fs.StringVar(&c.mode, "mode", "", "retention: period (default) or on-or-after")
		fs.IntVar(&c.window, "window", 0, "funnel: days allowed between stages (0: no limit)")
		fs.IntVar(&c.minMentions, "min-mentions", 0, "topics: comments a topic needs (default 5)")
		fs.StringVar(&c.topicMetric, "metric", "", "topics: the impact on nps (default), csat or reviews (average rating)")
		fs.StringVar(&c.a, "a", "", "compare: the first group, DIM=VALUE[,DIM=VALUE] or from=DATE,to=DATE")
		fs.StringVar(&c.b, "b", "", "compare: the second group, as --a")
		fs.StringVar(&c.activity, "activity", "", "retention: orders (default) or events")
	}
}

// params merges the flags over the mapping file's settings.
func (c *common) params(base metrics.Params) metrics.Params {
	p := base
	p.By, p.Where, p.From, p.To, p.Period = c.by, c.where, c.from, c.to, c.period
	p.Mode, p.Window, p.Activity, p.TopicMetric = c.mode, c.window, c.activity, c.topicMetric
	if c.minMentions > 0 {
		p.MinMentions = c.minMentions
	}
	if c.asOf != "" {
		p.AsOf = c.asOf
	}
	if c.segment != "" {
		p.Segment, p.SegmentSQL = c.segment, c.segmentSQL
	}
	return p
}

func (c *common) check() error {
	if err := c.load.check(); err != nil {
		return err
	}
	if c.format != "" && !output.Valid(c.format) {
		return usageErr("--format %q: want table, csv or json", c.format)
	}
	for _, d := range []struct{ flag, v string }{{"--from", c.from}, {"--to", c.to}, {"--as-of", c.asOf}} {
		if _, err := time.Parse("2006-01-02", d.v); d.v != "" && err != nil {
			return usageErr("%s %q: not a date; want YYYY-MM-DD, e.g. 2025-03-31", d.flag, d.v)
		}
	}
	if c.segment != "" {
		g, err := segments.DefaultStore().Get(c.segment)
		if err != nil {
			return usageErr("--segment: %v", err)
		}
		c.segmentSQL = g.SQL
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
