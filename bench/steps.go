package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// cacheMode is the mode of the load that builds the cache.
const cacheMode = "first run, writes cache"

// rawOut is rawduck's output (see bench/rawduck).
type rawOut struct {
	DuckDB  string             `json:"duckdb"`
	LoadMS  float64            `json:"load_ms"`
	Tables  map[string]int64   `json:"tables"`
	Metrics map[string]rawStep `json:"metrics"`
	Replay  map[string]rawStep `json:"replay"`
}

type rawStep struct {
	MS      float64 `json:"ms"`
	Rows    int     `json:"rows"`
	Queries int     `json:"queries"`
	SHA     string  `json:"sha"`
	Err     string  `json:"err"`
}

func msDur(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// rawduck runs the baseline and decodes its output.
func (b bins) raw(args ...string) (measure, rawOut) {
	m := best(b.repeat, func() measure { return runProc(nil, b.rawduck, args...) })
	var out rawOut
	if m.Err == nil {
		if err := json.Unmarshal(m.Stdout, &out); err != nil {
			m.Err = fmt.Errorf("rawduck output: %w", err)
		}
	}
	return m, out
}

// cold runs kizuna with an empty cache folder (and --no-cache when kizuna
// has it), so nothing is read from a cache.
func (b bins) cold(work string, args ...string) measure {
	xdg, err := os.MkdirTemp(work, "cold-")
	if err != nil {
		return measure{Err: err}
	}
	defer os.RemoveAll(xdg)
	if b.noCacheFlag {
		args = append([]string{args[0], "--no-cache"}, args[1:]...)
	}
	return best(b.repeat, func() measure {
		defer os.RemoveAll(filepath.Join(xdg, "kizuna"))
		return runProc([]string{"XDG_CACHE_HOME=" + xdg, "XDG_STATE_HOME=" + xdg}, b.kizuna, args...)
	})
}

// warm runs kizuna with the cache folder of env.
func (b bins) warm(env []string, args ...string) measure {
	return best(b.repeat, func() measure { return runProc(env, b.kizuna, args...) })
}

// best runs f n times and keeps the fastest run, with the highest peak RSS
// of all runs (so a memory target is never met by luck).
func best(n int, f func() measure) measure {
	var out measure
	var rss int64
	for i := 0; i < max(n, 1); i++ {
		m := f()
		rss = max(rss, m.RSSKB)
		if i == 0 || m.Err != nil || (out.Err == nil && m.Wall < out.Wall) {
			out = m
		}
		if m.Err != nil {
			break
		}
	}
	out.RSSKB = rss
	return out
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// runN runs every step for n customers.
func runN(o options, root string, b bins, n int, orders map[int]int64) ([]row, string, string, error) {
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return nil, "", "", err
	}
	logf("N=%d: sample data…", n)
	dir, gen, err := sampleData(root, o.work, b.kizuna, n)
	if err != nil {
		return nil, "", "", err
	}
	orders[n] = countLines(filepath.Join(dir, "orders.csv"))
	var sizes []string
	for _, r := range []string{"customers", "orders", "events", "responses", "subscriptions", "reviews", "posts"} {
		sizes = append(sizes, fmt.Sprintf("%s %s", r, count(int(countLines(filepath.Join(dir, r+".csv"))))))
	}
	note := fmt.Sprintf("N=%s: rows %s", count(n), strings.Join(sizes, ", "))
	if gen > 0 {
		note += fmt.Sprintf(" (generated in %s)", secs(gen))
	}
	var rows []row
	add := func(r row) {
		r.N = n
		rows = append(rows, r)
		logf("N=%d %s %s: kizuna %s %s, raw %s, %.2f× %s %s", n, r.Step, r.Mode, secs(r.Kizuna), mem(r.KRSS), secs(r.Raw), r.Ratio, r.verdict(), r.Err)
	}
	ratio := func(k, raw time.Duration) float64 {
		if raw <= 0 {
			return 0
		}
		return k.Seconds() / raw.Seconds()
	}
	warmEnv := filepath.Join(o.work, fmt.Sprintf("warm-%d", n))
	os.RemoveAll(warmEnv)
	defer os.RemoveAll(warmEnv)
	warm := []string{"XDG_CACHE_HOME=" + warmEnv, "XDG_STATE_HOME=" + warmEnv}

	// Loading.
	logf("N=%d: loading…", n)
	rawLoad, ro := b.raw("-data", dir)
	if rawLoad.Err != nil {
		return nil, "", "", rawLoad.Err
	}
	k := b.cold(o.work, "schema", "--format", "json", dir)
	add(row{Kind: "load", Step: "load (`kizuna schema`)", Mode: "cold", Kizuna: k.Wall, KRSS: k.RSSKB, Raw: rawLoad.Wall, RawRSS: rawLoad.RSSKB,
		Ratio: ratio(k.Wall, rawLoad.Wall), Target: coldRatio, MaxWall: wallAny, Err: errText(k.Err)})
	coldLoad := k.Wall
	k = runProc(warm, b.kizuna, "schema", "--format", "json", dir)
	add(row{Kind: "load", Step: "load (`kizuna schema`)", Mode: cacheMode, Kizuna: k.Wall, KRSS: k.RSSKB, Raw: coldLoad, RawRSS: rawLoad.RSSKB,
		Ratio: ratio(k.Wall, coldLoad), Target: cacheRatio, MaxWall: wallAny, Err: errText(k.Err),
		Note: "ratio against kizuna's own --no-cache load (the raw column holds that load)"})
	dbs, _ := filepath.Glob(filepath.Join(warmEnv, "kizuna", "db", "*.duckdb"))
	cached := len(dbs) > 0
	k = b.warm(warm, "schema", "--format", "json", dir)
	add(row{Kind: "load", Step: "load (`kizuna schema`)", Mode: "warm", Kizuna: k.Wall, KRSS: k.RSSKB, Raw: rawLoad.Wall, RawRSS: rawLoad.RSSKB,
		Ratio: ratio(k.Wall, rawLoad.Wall), Target: warmRatio, MaxWall: wallAt(n), Err: errText(k.Err), NA: !cached})

	// Metrics: raw (load + query) in its own process, then kizuna cold and warm.
	for _, m := range o.metrics {
		logf("N=%d: %s…", n, m)
		rm, rout := b.raw("-data", dir, "-metrics", m)
		rs := rout.Metrics[m]
		rerr := errText(rm.Err)
		if rerr == "" && rs.Err != "" {
			rerr = "raw: " + rs.Err
		}
		kc := b.cold(o.work, "report", m, "--format", "json", dir)
		note := fmt.Sprintf("raw: load %s + query %s", secs(msDur(rout.LoadMS)), secs(msDur(rs.MS)))
		if kc.Err == nil && rs.SHA != "" && sha(kc.Stdout) != rs.SHA {
			note += "; JSON differs from raw (raw CSV types, e.g. BIGINT amounts)"
		}
		add(row{Kind: "report", Step: "`report " + m + "`", Mode: "cold", Kizuna: kc.Wall, KRSS: kc.RSSKB, Raw: rm.Wall, RawRSS: rm.RSSKB,
			Ratio: ratio(kc.Wall, rm.Wall), Target: coldRatio, MaxWall: wallAny, Note: note, Err: joinErr(kc.Err, rerr)})
		kw := b.warm(warm, "report", m, "--format", "json", dir)
		add(row{Kind: "report", Step: "`report " + m + "`", Mode: "warm", Kizuna: kw.Wall, KRSS: kw.RSSKB, Raw: rm.Wall, RawRSS: rm.RSSKB,
			Ratio: ratio(kw.Wall, rm.Wall), Target: warmRatio, MaxWall: wallAt(n), Err: joinErr(kw.Err, rerr), NA: !cached})
	}

	prows, err := runPanes(o, b, dir, n)
	if err != nil {
		return nil, "", "", err
	}
	for _, r := range prows {
		add(r)
	}
	return rows, note, ro.DuckDB, nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func joinErr(err error, raw string) string {
	s := errText(err)
	if raw != "" {
		s = strings.TrimSpace(s + " " + raw)
	}
	return s
}

// runPanes times the first screen of each pane (in a worker process each)
// and replays the queries each pane ran in one rawduck process.
func runPanes(o options, b bins, dir string, n int) ([]row, error) {
	if len(o.panes) == 0 && !o.allPanes {
		return nil, nil
	}
	cache := filepath.Join(o.work, fmt.Sprintf("panecache-%d", n))
	recDir := filepath.Join(o.work, fmt.Sprintf("rec-%d", n))
	os.RemoveAll(cache)
	os.RemoveAll(recDir)
	defer os.RemoveAll(cache)
	defer os.RemoveAll(recDir)
	if err := os.MkdirAll(recDir, 0o755); err != nil {
		return nil, err
	}
	env := []string{"XDG_CACHE_HOME=" + cache, "XDG_STATE_HOME=" + cache, "KIZUNA_LOG=" + filepath.Join(cache, "log")}
	call := func(idx int, noCache bool, record string) (measure, workerOut) {
		args := []string{"-worker", "-w-data", dir, "-w-cache", filepath.Join(cache, "kizuna"), "-w-pane", strconv.Itoa(idx), "-w-record", record}
		if noCache {
			args = append(args, "-w-nocache")
		}
		var bm measure
		var bo workerOut
		for i := 0; i < max(b.repeat, 1); i++ {
			m := runProc(env, b.self, args...)
			var out workerOut
			if m.Err == nil {
				if err := json.Unmarshal(m.Stdout, &out); err != nil {
					m.Err = fmt.Errorf("worker output: %w", err)
				}
			}
			rss := max(bm.RSSKB, m.RSSKB)
			if i == 0 || m.Err != nil || out.OpenMS+out.ScreenMS < bo.OpenMS+bo.ScreenMS {
				bm, bo = m, out
			}
			bm.RSSKB = rss
			if m.Err != nil || idx == -2 {
				break
			}
		}
		return bm, bo
	}
	logf("N=%d: panes: priming the cache…", n)
	pm, prime := call(-2, false, "")
	if pm.Err != nil || prime.Err != "" {
		return nil, fmt.Errorf("priming the pane cache: %v %s", pm.Err, prime.Err)
	}
	type done struct {
		m    measure
		out  workerOut
		file string
		mode string
	}
	var runs []done
	idxs := append([]int(nil), o.panes...)
	if o.allPanes {
		idxs = append(idxs, -1)
	}
	for _, idx := range idxs {
		modes := []bool{false}
		if o.paneCold {
			modes = append(modes, true)
		}
		for _, noCache := range modes {
			file := filepath.Join(recDir, fmt.Sprintf("pane%d.json", idx+1))
			mode := "warm"
			if noCache {
				mode, file = "cold", "" // the warm run records the queries
			}
			logf("N=%d: pane %d %s… (0: every pane at once)", n, idx+1, mode)
			m, out := call(idx, noCache, file)
			runs = append(runs, done{m, out, file, mode})
		}
	}
	var files []string
	for _, r := range runs {
		if r.file != "" && r.m.Err == nil {
			files = append(files, r.file)
		}
	}
	logf("N=%d: panes: raw replay…", n)
	rm, rout := b.raw("-data", dir, "-replay", strings.Join(files, ","))
	var rows []row
	for _, r := range runs {
		rec := r.file
		if rec == "" { // cold: compare with the same pane's warm replay
			for _, x := range runs {
				if x.out.Title == r.out.Title && x.file != "" {
					rec = x.file
				}
			}
		}
		rs := rout.Replay[filepath.Base(rec)]
		raw := msDur(rout.LoadMS + rs.MS)
		k := msDur(r.out.OpenMS + r.out.ScreenMS)
		rw := row{Kind: "pane", Step: "pane " + r.out.Title + " first screen", Mode: r.mode, Kizuna: k, KRSS: r.m.RSSKB, Raw: raw, RawRSS: rm.RSSKB,
			Target: noTarget, MaxWall: wallAny,
			Note: fmt.Sprintf("open %s (with %d facts queries, once per load) + screen %s, %d queries; raw: load %s + same queries %s",
				secs(msDur(r.out.OpenMS)), r.out.Facts, secs(msDur(r.out.ScreenMS)), r.out.Queries, secs(msDur(rout.LoadMS)), secs(msDur(rs.MS)))}
		switch r.out.Title {
		case "":
			rw.Step = "pane (failed)"
		case "all panes":
			rw.Kind, rw.Step = "workbench", "workbench start: every pane's first screen at once"
		}
		if raw > 0 {
			rw.Ratio = k.Seconds() / raw.Seconds()
		}
		switch r.mode {
		case "warm":
			rw.MaxWall = wallAt(n)
			if !r.out.Cached {
				rw.Note = "NOT from the cache; " + rw.Note
			}
		}
		rw.Err = joinErr(r.m.Err, r.out.Err)
		if r.out.Loading {
			rw.Err = strings.TrimSpace(rw.Err + " still loading at the end")
		}
		if rs.Err != "" {
			rw.Err = strings.TrimSpace(rw.Err + " raw: " + rs.Err)
		}
		if rm.Err != nil {
			rw.Err = strings.TrimSpace(rw.Err + " " + rm.Err.Error())
		}
		rows = append(rows, rw)
	}
	return rows, nil
}
