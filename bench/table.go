package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Targets of issue 7 (the loader) and issue 10 (panes), measured as
// ratios in one run.
const (
	coldRatio  = 1.3               // cold kizuna ≤ 1.3 × raw DuckDB (load + query)
	cacheRatio = 1.2               // building the cache ≤ 1.2 × a --no-cache load
	warmRatio  = 0.3               // warm kizuna ≤ 0.3 × raw DuckDB
	warmWall   = time.Second       // every metric and pane's first screen at 1M customers, warm
	maxRSSKB   = 2 * 1024 * 1024   // peak RSS ≤ 2 GB at 1M customers
	noTarget   = -1.0              //
	wallAny    = time.Duration(-1) //
)

// row is one line of the results table.
type row struct {
	Kind    string // load, report, pane, workbench
	Step    string
	N       int
	Mode    string // cold, warm, first run …
	Kizuna  time.Duration
	KRSS    int64 // KiB
	Raw     time.Duration
	RawRSS  int64 // KiB
	Ratio   float64
	Target  float64       // ratio target, noTarget when none
	MaxWall time.Duration // wall target, wallAny when none
	Note    string
	Err     string
	NA      bool // not measurable yet (e.g. no cache)
}

// verdict checks a row against its targets.
func (r *row) verdict() string {
	if r.NA {
		return "n/a"
	}
	if r.Err != "" {
		return "error"
	}
	var fails []string
	if r.Target != noTarget && r.Ratio > r.Target {
		fails = append(fails, "ratio")
	}
	if r.MaxWall != wallAny && r.Kizuna > r.MaxWall {
		fails = append(fails, "time")
	}
	if r.KRSS > maxRSSKB {
		fails = append(fails, "RSS")
	}
	if len(fails) > 0 {
		return "**FAIL** (" + strings.Join(fails, ", ") + ")"
	}
	if r.Target == noTarget && r.MaxWall == wallAny {
		return "—"
	}
	return "pass"
}

func (r *row) target() string {
	var t []string
	if r.Target != noTarget {
		t = append(t, fmt.Sprintf("≤ %.1f×", r.Target))
	}
	if r.MaxWall != wallAny {
		t = append(t, fmt.Sprintf("≤ %s", secs(r.MaxWall)))
	}
	t = append(t, "≤ 4 GB")
	return strings.Join(t, ", ")
}

func secs(d time.Duration) string {
	switch {
	case d < 0:
		return "—"
	case d < 10*time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func mem(kb int64) string {
	switch {
	case kb <= 0:
		return "—"
	case kb < 1024*1024:
		return fmt.Sprintf("%d MB", kb/1024)
	}
	return fmt.Sprintf("%.2f GB", float64(kb)/1024/1024)
}

func writeTable(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| step | N | mode | kizuna wall | kizuna peak RSS | raw DuckDB wall | raw peak RSS | ratio | target | result | note |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|---:|---:|---|---|---|")
	for i := range rows {
		r := &rows[i]
		kw, kr, ratio := secs(r.Kizuna), mem(r.KRSS), fmt.Sprintf("%.2f×", r.Ratio)
		if r.NA {
			kw, kr, ratio = "n/a", "n/a", "n/a"
		}
		if r.Raw <= 0 {
			ratio = "—"
		}
		note := r.Note
		if r.Err != "" {
			note = strings.TrimSpace(note + " " + r.Err)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Step, count(r.N), r.Mode, kw, kr, secs(r.Raw), mem(r.RawRSS), ratio, r.target(), r.verdict(),
			strings.ReplaceAll(note, "|", "\\|"))
	}
}

// count prints 100000 as 100k and 1000000 as 1M.
func count(n int) string {
	switch {
	case n >= 1000000 && n%100000 == 0:
		s := fmt.Sprintf("%.1f", float64(n)/1e6)
		return strings.TrimSuffix(s, ".0") + "M"
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// summary counts the verdicts.
func summary(rows []row) string {
	var pass, fail, na int
	for i := range rows {
		switch v := rows[i].verdict(); {
		case v == "pass":
			pass++
		case v == "n/a":
			na++
		case strings.Contains(v, "FAIL"), v == "error":
			fail++
		}
	}
	return fmt.Sprintf("%d pass, %d fail, %d not measurable yet", pass, fail, na)
}

// targets checks the targets of issue 7 (and issue 10's panes) over all
// rows; orders holds the order rows of each N.
func targets(rows []row, orders map[int]int64) []string {
	type check struct {
		name  string
		keep  func(r *row) bool
		value func(r *row) float64
		limit float64
		unit  string
	}
	wall := func(r *row) float64 { return r.Kizuna.Seconds() }
	big := func(r *row) bool { return r.N >= 1000000 }
	_ = orders
	checks := []check{
		{"cold `kizuna report` of any metric ≤ 1.3× raw DuckDB (same loads and query)",
			func(r *row) bool { return r.Kind == "report" && r.Mode == "cold" }, func(r *row) float64 { return r.Ratio }, coldRatio, "×"},
		{"building the cache ≤ 1.2× a `--no-cache` load",
			func(r *row) bool { return r.Kind == "load" && r.Mode == cacheMode }, func(r *row) float64 { return r.Ratio }, cacheRatio, "×"},
		{"warm `kizuna report` (from the cache) ≤ 0.3× raw DuckDB",
			func(r *row) bool { return r.Kind == "report" && r.Mode == "warm" }, func(r *row) float64 { return r.Ratio }, warmRatio, "×"},
		{"at 1M customers (and more): every metric ≤ 1 s warm",
			func(r *row) bool { return big(r) && r.Kind == "report" && r.Mode == "warm" }, wall, warmWall.Seconds(), " s"},
		{"at 1M customers (and more): the first screen of every pane ≤ 1 s warm (each pane alone; issue 10)",
			func(r *row) bool { return big(r) && r.Kind == "pane" && r.Mode == "warm" }, wall, warmWall.Seconds(), " s"},
		{"peak RSS ≤ 2 GB at 1M customers, cold and warm",
			func(r *row) bool { return big(r) && r.Kind != "pane" }, func(r *row) float64 { return float64(r.KRSS) / 1024 / 1024 }, 2, " GB"},
	}
	var out []string
	for _, c := range checks {
		var worst *row
		var wv float64
		n, bad, na := 0, 0, 0
		for i := range rows {
			r := &rows[i]
			if !c.keep(r) {
				continue
			}
			if r.NA || r.Err != "" {
				na++
				continue
			}
			n++
			v := c.value(r)
			if v > c.limit {
				bad++
			}
			if worst == nil || v > wv {
				worst, wv = r, v
			}
		}
		var line string
		switch {
		case n == 0 && na == 0:
			line = "not measured in this run"
		case n == 0:
			line = fmt.Sprintf("not measurable (%d steps n/a or failed)", na)
		default:
			verdict := "**pass**"
			if bad > 0 {
				verdict = fmt.Sprintf("**FAIL** (%d of %d steps over)", bad, n)
			}
			line = fmt.Sprintf("%s — worst: %s at N=%s, %.2f%s", verdict, worst.Step, count(worst.N), wv, c.unit)
			if na > 0 {
				line += fmt.Sprintf("; %d steps n/a or failed", na)
			}
		}
		out = append(out, fmt.Sprintf("- %s: %s", c.name, line))
	}
	return out
}

// writeCompact prints one line per step and N: cold and warm side by side.
func writeCompact(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| step | N | raw DuckDB | kizuna cold | ratio | kizuna warm | ratio | peak RSS (cold / warm) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	type key struct {
		step string
		n    int
	}
	var order []key
	byKey := map[key]map[string]*row{}
	for i := range rows {
		r := &rows[i]
		k := key{r.Step, r.N}
		if byKey[k] == nil {
			byKey[k] = map[string]*row{}
			order = append(order, k)
		}
		byKey[k][r.Mode] = r
	}
	cell := func(r *row) (string, string, string) {
		switch {
		case r == nil:
			return "—", "—", "—"
		case r.NA:
			return "n/a", "n/a", "n/a"
		case r.Err != "":
			return "error", "—", "—"
		}
		wall, ratio, rss := secs(r.Kizuna), fmt.Sprintf("%.2f×", r.Ratio), mem(r.KRSS)
		if r.Target != noTarget && r.Ratio > r.Target {
			ratio += " ✗"
		}
		if r.MaxWall != wallAny && r.Kizuna > r.MaxWall {
			wall += " ✗"
		}
		if r.KRSS > maxRSSKB {
			rss += " ✗"
		}
		return wall, ratio, rss
	}
	for _, k := range order {
		m := byKey[k]
		var raw time.Duration
		for _, r := range m {
			raw = r.Raw
		}
		cw, cr, cm := cell(m["cold"])
		ww, wr, wm := cell(m["warm"])
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n", k.step, count(k.n), secs(raw), cw, cr, ww, wr, cm, wm)
	}
}

// wallAt is the wall-time target of a warm step at n customers: 1 s from
// 1M customers on (issue 7), none below.
func wallAt(n int) time.Duration {
	if n >= 1000000 {
		return warmWall
	}
	return wallAny
}
