package ui

import (
	"context"
	"fmt"
	"log"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// LoadProgress is how far loading got: file Done of Total is being read.
// It copies the engine's progress so that ui does not link the engine.
type LoadProgress struct {
	File, Role  string
	Done, Total int
	Rows        int64 // rows loaded so far, all files (counted after each role)
	Bytes       int64 // size of the files read before File
}

// Loaded is what a LoadFunc hands the workbench.
type Loaded struct {
	Env    pane.Env       // DB and Schema; Ctx and Theme are filled in by Run
	Params metrics.Params // the panes' starting parameters
	Close  func() error   // releases the database once the workbench ends; may be nil
}

// LoadFunc loads the data while the loading screen shows. It calls
// progress on its own goroutine and returns when done or when ctx is
// cancelled (esc, ctrl+c or q on the loading screen).
type LoadFunc func(ctx context.Context, progress func(LoadProgress)) (Loaded, error)

type (
	progressMsg LoadProgress
	loadedMsg   struct {
		res Loaded
		err error
	}
	loadTickMsg time.Time
)

// loader is the program's model while the data loads: a progress bar with
// the current file, rows, throughput and elapsed time. When loading is
// done it builds the root model and hands it every message.
type loader struct {
	env   pane.Env // Ctx and Theme for the root model
	keys  *keys.Map
	build func(pane.Env, metrics.Params) *Model
	load  LoadFunc

	ctx    context.Context
	cancel context.CancelFunc
	ch     chan LoadProgress
	done   chan Loaded // the load's result, for stop to close
	now    func() time.Time

	mu               sync.Mutex
	running, stopped bool

	bar        progress.Model
	start, at  time.Time // start and the time shown
	last       LoadProgress
	err        error // a failed load; shown until q
	cancelling bool
	cancelled  bool // the user cancelled and the load has stopped

	root          *Model
	width, height int
}

func newLoader(ctx context.Context, env pane.Env, load LoadFunc, build func(pane.Env, metrics.Params) *Model) *loader {
	l := &loader{env: env, keys: env.KeyMap(), build: build, load: load,
		ch: make(chan LoadProgress), done: make(chan Loaded, 1), now: time.Now,
		bar: progress.New(progress.WithSolidFill(string(env.Theme.Accent)),
			progress.WithColorProfile(lipgloss.ColorProfile()))}
	l.ctx, l.cancel = context.WithCancel(ctx)
	return l
}

// Init starts loading on a goroutine of its own and the clock.
func (l *loader) Init() tea.Cmd {
	l.start = l.now()
	l.at = l.start
	return tea.Batch(l.run, l.next, l.tick())
}

func (l *loader) run() tea.Msg {
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return nil
	}
	l.running = true
	l.mu.Unlock()
	res, err := l.load(l.ctx, func(p LoadProgress) {
		select {
		case l.ch <- p:
		case <-l.ctx.Done():
		}
	})
	l.done <- res
	return loadedMsg{res, err}
}

// stop ends loading once the program has ended: it cancels a load still
// running, waits for it (at most wait) and closes what it loaded.
func (l *loader) stop(wait time.Duration) {
	l.mu.Lock()
	l.stopped = true
	running := l.running
	l.mu.Unlock()
	l.cancel()
	if !running {
		return
	}
	select {
	case res := <-l.done:
		if res.Close != nil {
			if err := res.Close(); err != nil {
				log.Printf("closing the database: %v", err)
			}
		}
	case <-time.After(wait):
		log.Printf("loading did not stop within %v", wait)
	}
}

// next waits for the next progress report.
func (l *loader) next() tea.Msg {
	select {
	case p := <-l.ch:
		return progressMsg(p)
	case <-l.ctx.Done():
		return nil
	}
}

func (l *loader) tick() tea.Cmd {
	return tea.Tick(100*time.Millisecond, func(t time.Time) tea.Msg { return loadTickMsg(t) })
}

func (l *loader) loading() bool { return l.root == nil && l.err == nil && !l.cancelled }

// Update handles the loading screen, then hands everything to the root.
func (l *loader) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if l.root != nil {
		_, cmd := l.root.Update(msg)
		return l, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		l.width, l.height = msg.Width, msg.Height
	case progressMsg:
		if l.loading() {
			l.last = LoadProgress(msg)
			l.at = l.now()
			return l, l.next
		}
	case loadTickMsg:
		if l.loading() {
			l.at = l.now()
			return l, l.tick()
		}
	case loadedMsg:
		return l, l.finish(msg)
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	return l, nil
}

func (l *loader) finish(msg loadedMsg) tea.Cmd {
	l.at = l.now()
	switch {
	case l.cancelling:
		l.cancelled = true
		return tea.Quit
	case msg.err != nil:
		l.err = msg.err
		return nil
	}
	env := msg.res.Env
	env.Ctx, env.Theme, env.Keys = l.env.Ctx, l.env.Theme, l.keys
	l.root = l.build(env, msg.res.Params)
	cmd := l.root.Init()
	if l.width > 0 {
		l.root.Update(tea.WindowSizeMsg{Width: l.width, Height: l.height})
	}
	return cmd
}

func (l *loader) key(msg tea.KeyMsg) tea.Cmd {
	k := l.keys
	switch {
	case l.err != nil:
		if key.Matches(msg, k.Quit, k.Back, k.ForceQuit) {
			return tea.Quit
		}
	case l.cancelling:
		if key.Matches(msg, k.ForceQuit) { // the load does not stop: leave anyway
			l.cancelled = true
			return tea.Quit
		}
	case key.Matches(msg, k.Quit, k.Back, k.ForceQuit):
		l.cancelling = true
		l.cancel() // DuckDB is interrupted; loadedMsg follows
	}
	return nil
}

// Err is the reason loading failed, nil when it did not (or was cancelled).
func (l *loader) Err() error {
	if l.cancelled || l.root != nil {
		return nil
	}
	return l.err
}

// View draws the loading screen, then the workbench.
func (l *loader) View() string {
	if l.root != nil {
		return l.root.View()
	}
	if l.cancelled {
		return ""
	}
	th := l.env.Theme
	w := l.width
	if w == 0 {
		w = MinWidth
	}
	inner := max(20, min(72, w-4))
	var b strings.Builder
	switch {
	case l.err != nil:
		b.WriteString(th.Error.Render("kizuna · loading failed") + "\n\n")
		msg := strings.Split(rows.Wrap(strings.TrimSpace(l.err.Error()), inner), "\n")
		if avail := max(3, l.height-6); l.height > 0 && len(msg) > avail {
			msg = append(msg[:avail-1], th.Muted.Render("… (the whole message is printed on quitting)"))
		}
		b.WriteString(strings.Join(msg, "\n") + "\n\n")
		b.WriteString(th.Muted.Render("q quit"))
	default:
		title := "kizuna · loading"
		if l.cancelling {
			title = "kizuna · cancelling…"
		}
		b.WriteString(th.Title.Render(title) + "\n\n")
		l.bar.Width = inner
		b.WriteString(l.bar.ViewAs(l.fraction()) + "\n\n")
		b.WriteString(l.details(inner) + "\n\n")
		b.WriteString(th.Muted.Render("esc cancel"))
	}
	lines := strings.Split(b.String(), "\n")
	for i, ln := range lines { // left-aligned in a centred block
		lines[i] = ln + strings.Repeat(" ", max(0, inner-lipgloss.Width(ln)))
	}
	s := strings.Join(lines, "\n")
	if l.width == 0 || l.height == 0 {
		return s
	}
	return lipgloss.Place(l.width, l.height, lipgloss.Center, lipgloss.Center, s)
}

// fraction is the share of files done: file Done is still being read.
func (l *loader) fraction() float64 {
	if l.last.Total == 0 {
		return 0
	}
	return float64(l.last.Done-1) / float64(l.last.Total)
}

func (l *loader) details(width int) string {
	const labelW = 13
	p := l.last
	secs := l.at.Sub(l.start).Seconds()
	file := [2]string{"files", "finding files…"}
	if p.Total > 0 {
		file = [2]string{fmt.Sprintf("file %d of %d", p.Done, p.Total), tail(p.File+" ("+p.Role+")", width-labelW)}
	}
	loaded, read := numfmt.Count(p.Rows)+" rows", fmt.Sprintf("%.1f MB", float64(p.Bytes)/1e6)
	if secs > 0 {
		loaded += " · " + numfmt.Count(int64(float64(p.Rows)/secs)) + " rows/s"
		read += fmt.Sprintf(" · %.1f MB/s", float64(p.Bytes)/1e6/secs)
	}
	var out []string
	for _, ln := range [][2]string{file, {"loaded", loaded}, {"read", read}, {"elapsed", fmt.Sprintf("%.1fs", secs)}} {
		out = append(out, l.env.Theme.Muted.Render(rows.Pad(ln[0], labelW, false))+rows.Pad(ln[1], width-labelW, false))
	}
	return strings.Join(out, "\n")
}

// tail keeps the end of s in w cells: "…/data/orders.csv (orders)".
func tail(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > w {
		r = r[1:]
	}
	return "…" + string(r)
}
