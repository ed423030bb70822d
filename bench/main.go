// Command bench measures kizuna against raw DuckDB on generated data (issue 4).
//
//	go run ./bench -customers 100000,1000000 [-metrics all] [-panes all] [-out bench/results.md]
//
// For each N it writes `kizuna sample --customers N` (reused when present),
// then times, as separate processes with their peak RSS: loading
// (`kizuna schema`), every metric (`kizuna report METRIC --format json`)
// cold and warm (from the cache), and the first screen of every workbench
// pane; each against raw DuckDB (bench/rawduck) doing the same loads and
// running the same SQL in the same run. See README.md, "Benchmark".
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

type options struct {
	customers []int
	metrics   []string
	panes     []int // indexes into ui.Constructors
	paneCold  bool
	repeat    int
	allPanes  bool
	out, work string
}

func main() {
	var o options
	var cs, ms, ps string
	var isWorker bool
	var renderFiles string
	var wData, wCache, wRecord string
	var wPane int
	var wNoCache bool
	flag.StringVar(&cs, "customers", "100000", "comma-separated customer counts")
	flag.StringVar(&ms, "metrics", "all", "comma-separated metrics, all or none")
	flag.StringVar(&ps, "panes", "all", "comma-separated pane titles (Overview, NPS, …), all or none")
	flag.BoolVar(&o.paneCold, "pane-cold", false, "also time each pane's first screen cold (loading the files each time)")
	flag.BoolVar(&o.allPanes, "workbench", true, "also time the whole workbench (every pane loading at once, as at start); -workbench=false skips it")
	flag.IntVar(&o.repeat, "repeat", 1, "run each measurement this many times and keep the fastest (peak RSS: the highest)")
	flag.StringVar(&o.out, "out", "", "also write the results (markdown) to this file")
	flag.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "kizuna-bench"), "folder for binaries, data and caches (data is reused)")
	flag.StringVar(&renderFiles, "render", "", "print the tables of saved results (the .json beside -out; comma-separated files are merged) and exit")
	flag.BoolVar(&isWorker, "worker", false, "internal: run one pane in this process")
	flag.StringVar(&wData, "w-data", "", "internal")
	flag.StringVar(&wCache, "w-cache", "", "internal")
	flag.StringVar(&wRecord, "w-record", "", "internal")
	flag.IntVar(&wPane, "w-pane", 0, "internal")
	flag.BoolVar(&wNoCache, "w-nocache", false, "internal")
	flag.Parse()
	if isWorker {
		json.NewEncoder(os.Stdout).Encode(worker(wData, wCache, wNoCache, wPane, wRecord))
		return
	}
	if renderFiles != "" {
		if err := render(strings.Split(renderFiles, ",")); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := o.parse(cs, ms, ps); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func (o *options) parse(cs, ms, ps string) error {
	for _, s := range strings.Split(cs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-customers %q: want numbers > 0", cs)
		}
		o.customers = append(o.customers, n)
	}
	switch ms {
	case "all":
		o.metrics = metrics.Names()
	case "none", "":
	default:
		for _, m := range strings.Split(ms, ",") {
			if _, ok := metrics.Lookup(m); !ok {
				return fmt.Errorf("-metrics: unknown metric %q", m)
			}
			o.metrics = append(o.metrics, m)
		}
	}
	titles := paneTitles()
	switch ps {
	case "all":
		for i := range titles {
			o.panes = append(o.panes, i)
		}
	case "none", "":
	default:
		for _, p := range strings.Split(ps, ",") {
			found := false
			for i, t := range titles {
				if strings.EqualFold(t, p) {
					o.panes, found = append(o.panes, i), true
				}
			}
			if !found {
				return fmt.Errorf("-panes: unknown pane %q (panes: %s)", p, strings.Join(titles, ", "))
			}
		}
	}
	return nil
}

// bins are the programs a run uses.
type bins struct {
	kizuna, rawduck, self string
	noCacheFlag           bool // kizuna has --no-cache
	repeat                int  // runs per measurement; the fastest counts
}

func run(o options) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	binDir := filepath.Join(o.work, "bin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return err
	}
	b := bins{kizuna: filepath.Join(binDir, "kizuna"), rawduck: filepath.Join(binDir, "rawduck"), repeat: o.repeat}
	logf("building kizuna and rawduck…")
	if err := build(root, "./cmd/kizuna", b.kizuna); err != nil {
		return fmt.Errorf("building kizuna: %w", err)
	}
	if err := build(root, "./bench/rawduck", b.rawduck); err != nil {
		return fmt.Errorf("building rawduck: %w", err)
	}
	if b.self, err = os.Executable(); err != nil {
		return err
	}
	help := runProc(nil, b.kizuna, "report", "--help")
	b.noCacheFlag = strings.Contains(string(help.Stdout)+string(help.Stderr), "-no-cache")

	var all []row
	var notes []string
	duck := ""
	orders := map[int]int64{}
	for _, n := range o.customers {
		rows, note, d, err := runN(o, root, b, n, orders)
		if err != nil {
			return fmt.Errorf("N=%d: %w", n, err)
		}
		all, notes = append(all, rows...), append(notes, note)
		if d != "" {
			duck = d
		}
	}
	res := results{Machine: machine(duck, commit(root)), Notes: notes, Rows: all, Orders: orders}
	if o.repeat > 1 {
		res.Notes = append(res.Notes, fmt.Sprintf("Each step ran %d times; the table shows the fastest run and the highest peak RSS.", o.repeat))
	}
	if !b.noCacheFlag {
		res.Notes = append(res.Notes, "kizuna has no --no-cache yet: cold runs use an empty cache folder, so they also write the cache.")
	}
	text := res.render()
	io.WriteString(os.Stdout, text)
	if o.out != "" {
		j, _ := json.MarshalIndent(res, "", " ")
		if err := os.WriteFile(strings.TrimSuffix(o.out, ".md")+".json", j, 0o644); err != nil {
			return err
		}
		return os.WriteFile(o.out, []byte(text), 0o644)
	}
	return nil
}

// results are what a run found; -out writes them as markdown and JSON.
type results struct {
	Machine string
	Notes   []string
	Rows    []row
	Orders  map[int]int64 // order rows per N
}

func (res *results) render() string {
	var w strings.Builder
	fmt.Fprintf(&w, "Machine: %s.  \n", res.Machine)
	for _, n := range res.Notes {
		fmt.Fprintf(&w, "%s  \n", n)
	}
	fmt.Fprintln(&w)
	writeCompact(&w, res.Rows)
	fmt.Fprint(&w, "\n✗: misses its target (ratio, 2 s or 4 GB). Every step:\n\n")
	writeTable(&w, res.Rows)
	fmt.Fprintf(&w, "\n%s.\n\nTargets (issue 4):\n\n%s\n", summary(res.Rows), strings.Join(targets(res.Rows, res.Orders), "\n"))
	return w.String()
}

// render prints the results saved in files (JSON written by -out), merged.
func render(files []string) error {
	var all results
	all.Orders = map[int]int64{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var r results
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if all.Machine == "" {
			all.Machine = r.Machine
		} else if !strings.Contains(all.Machine, r.Machine) {
			all.Machine += "; then " + r.Machine
		}
		all.Notes = append(all.Notes, r.Notes...)
		all.Rows = append(all.Rows, r.Rows...)
		for n, o := range r.Orders {
			all.Orders[n] = o
		}
	}
	io.WriteString(os.Stdout, all.render())
	return nil
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench %s: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
}
