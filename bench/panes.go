package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kizuna-dev/kizuna/internal/engine"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// The pane worker is this program started again with -worker: it opens
// the engine in-process as `kizuna DIR` does, builds one pane (or the whole
// workbench), sizes it 120×40, runs its Init/Focus commands to completion
// the way Bubble Tea does (each command on its own goroutine, results fed
// back to Update, the view rendered after each) and prints a workerOut.
// Every query the pane runs is recorded for rawduck to replay.

// workerOut is what a worker prints.
type workerOut struct {
	Title    string  `json:"title"`
	OpenMS   float64 `json:"open_ms"`
	ScreenMS float64 `json:"screen_ms"` // Init until the last result is on screen
	Cached   bool    `json:"cached"`
	Queries  int     `json:"queries"`       // the pane's own, for its first screen
	Facts    int     `json:"facts_queries"` // reading the facts, once per load for every pane (in open)
	Loading  bool    `json:"loading"`       // the final view still says loading…
	Err      string  `json:"err,omitempty"`
}

// Recorded and Arg are rawduck's replay format.
type Recorded struct {
	SQL  string  `json:"sql"`
	Args []Arg   `json:"args,omitempty"`
	MS   float64 `json:"ms"` // time to the first row (DuckDB runs the query then)
}

type Arg struct {
	Name  string          `json:"name,omitempty"`
	Kind  string          `json:"kind"`
	Value json.RawMessage `json:"value,omitempty"`
}

const width, height = 120, 40

// paneTitles lists the workbench's panes in order.
func paneTitles() []string {
	env := pane.Env{Ctx: context.Background(), Theme: theme.New()}
	var out []string
	for _, c := range ui.Constructors {
		out = append(out, c(env).Title())
	}
	return out
}

// worker runs pane index idx (-1: the whole workbench) over data.
func worker(data, cacheDir string, noCache bool, idx int, record string) workerOut {
	lipgloss.SetColorProfile(termenv.TrueColor)
	lipgloss.SetHasDarkBackground(true)
	ctx := context.Background()
	var out workerOut
	start := time.Now()
	e, err := engine.Open(ctx, engine.Options{Paths: []string{data}, NoCache: noCache, CacheDir: cacheDir})
	if err != nil {
		out.Err = err.Error()
		return out
	}
	defer e.Close()
	out.OpenMS, out.Cached = ms(time.Since(start)), e.Cached
	if idx == -2 { // open only: prime the cache
		return out
	}
	rec := &recorder{q: e.DB}
	schema := e.Schema
	memo := metrics.Remember(rec)
	// The workbench reads the facts once per load for all its panes: they
	// count in open, not in the pane's first screen.
	if _, err := memo.Facts(ctx); err != nil {
		out.Err = err.Error()
		return out
	}
	out.Facts = len(rec.log)
	out.OpenMS = ms(time.Since(start))
	env := pane.Env{DB: memo, Schema: &schema, Ctx: ctx, Theme: theme.New()}
	base := e.Params()

	start = time.Now()
	var d driver
	var first tea.Cmd
	if idx < 0 {
		root := ui.New(env, base)
		root.Update(tea.WindowSizeMsg{Width: width, Height: height})
		out.Title = "all panes"
		d = driver{update: func(m tea.Msg) tea.Cmd { _, c := root.Update(m); return c }, view: root.View}
		first = root.Init()
	} else {
		p := ui.Constructors[idx](env)
		out.Title = p.Title()
		p.SetSize(width, height)
		cmds := []tea.Cmd{p.Init()}
		if base.AsOf != "" || base.InactiveDays != 0 || base.Period != "" {
			cmds = append(cmds, p.SetFilter(base))
		}
		cmds = append(cmds, p.Focus())
		d = driver{update: func(m tea.Msg) tea.Cmd { var c tea.Cmd; p, c = p.Update(m); return c },
			view: func() string { return p.View() }}
		first = tea.Batch(cmds...)
	}
	last, view, err := d.run(first, start, 15*time.Minute)
	out.ScreenMS = ms(last.Sub(start))
	out.Loading = strings.Contains(view, "loading…")
	if err != nil {
		out.Err = err.Error()
	} else if i := strings.Index(view, "error: "); i >= 0 {
		out.Err = firstLine(view[i:])
	}
	out.Queries = len(rec.log) - out.Facts
	if record != "" {
		b, _ := json.Marshal(rec.log)
		if err := os.WriteFile(record, b, 0o644); err != nil && out.Err == "" {
			out.Err = err.Error()
		}
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// driver runs a model's commands as Bubble Tea would, without a terminal.
type driver struct {
	update func(tea.Msg) tea.Cmd
	view   func() string
}

// run executes first and everything it leads to. Timers that only animate
// (spinner ticks, cursor blinks) are dropped. It returns when no command is
// left, with the time the last result was rendered and the final view.
func (d driver) run(first tea.Cmd, start time.Time, limit time.Duration) (time.Time, string, error) {
	ch := make(chan tea.Msg, 256)
	pending := 0
	var dispatch func(tea.Cmd)
	dispatch = func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { ch <- c() }()
	}
	dispatch(first)
	last := start
	view := d.view()
	timeout := time.After(limit)
	for pending > 0 {
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-timeout:
			return last, view, fmt.Errorf("not done after %v", limit)
		}
		pending--
		switch m := msg.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				dispatch(c)
			}
			continue
		}
		if animation(msg) {
			continue
		}
		dispatch(d.update(msg))
		view = d.view()
		last = time.Now()
	}
	return last, view, nil
}

func animation(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	p := t.PkgPath()
	return strings.HasSuffix(p, "bubbles/spinner") || strings.HasSuffix(p, "bubbles/cursor")
}

// recorder passes queries through and logs them with their arguments.
type recorder struct {
	q   metrics.Querier
	mu  sync.Mutex
	log []Recorded
}

func (r *recorder) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rec := Recorded{SQL: q}
	for _, a := range args {
		rec.Args = append(rec.Args, encodeArg(a))
	}
	start := time.Now()
	rows, err := r.q.QueryContext(ctx, q, args...)
	rec.MS = ms(time.Since(start))
	r.mu.Lock()
	r.log = append(r.log, rec)
	r.mu.Unlock()
	return rows, err
}

func encodeArg(a any) Arg {
	var out Arg
	if n, ok := a.(sql.NamedArg); ok {
		out.Name, a = n.Name, n.Value
	}
	switch v := a.(type) {
	case nil:
		out.Kind = "null"
		return out
	case string:
		out.Kind = "string"
	case int, int32, int64:
		out.Kind = "int"
	case float32, float64:
		out.Kind = "float"
	case bool:
		out.Kind = "bool"
	case time.Time:
		out.Kind = "time"
	default:
		out.Kind, a = "string", fmt.Sprint(v)
	}
	out.Value, _ = json.Marshal(a)
	return out
}
