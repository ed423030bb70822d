package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// newTestLoader is a loader over load whose panes are the fakes and whose
// clock stands at *clock.
func newTestLoader(load LoadFunc, clock *time.Time) *loader {
	l := newLoader(context.Background(), pane.Env{Theme: theme.New()}, load,
		func(env pane.Env, p metrics.Params) *Model { return NewWith(env, p, fakes()) })
	l.now = func() time.Time { return *clock }
	return l
}

// initCmds runs Init and returns its commands: run, next, tick.
func initCmds(t *testing.T, l *loader) (run, next, tick tea.Cmd) {
	t.Helper()
	b, ok := l.Init()().(tea.BatchMsg)
	if !ok || len(b) != 3 {
		t.Fatalf("Init: want a batch of 3 commands, got %#v", b)
	}
	return b[0], b[1], b[2]
}

// async runs cmd on a goroutine; the channel gets its message.
func async(cmd tea.Cmd) chan tea.Msg {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	return ch
}

func recv(t *testing.T, ch chan tea.Msg) tea.Msg {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("the load did not return")
		return nil
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func mustShow(t *testing.T, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}

func TestLoadingProgressThenPanes(t *testing.T) {
	clock := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	release := make(chan struct{})
	closed := 0
	load := func(ctx context.Context, progress func(LoadProgress)) (Loaded, error) {
		progress(LoadProgress{File: "data/orders.csv", Role: "orders", Done: 2, Total: 4, Rows: 1500, Bytes: 3_000_000})
		<-release
		return Loaded{Params: metrics.Params{AsOf: "2024-12-31"}, Close: func() error { closed++; return nil }}, nil
	}
	l := newTestLoader(load, &clock)
	l.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	run, next, tick := initCmds(t, l)
	mustShow(t, l.View(), "kizuna · loading", "finding files…", "esc cancel")
	done := async(run)

	clock = clock.Add(1500 * time.Millisecond)
	_, cmd := l.Update(next())
	if cmd == nil {
		t.Fatal("a progress report must wait for the next one")
	}
	// The bar is min(72, 100-4) = 72 cells: "  25%" takes 5, so 67 cells of
	// bar, round(67 × 1/4) = 17 full (file 2 of 4 is still being read).
	// 1,500 rows / 1.5 s = 1,000 rows/s; 3 MB / 1.5 s = 2.0 MB/s.
	v := l.View()
	mustShow(t, v, strings.Repeat("█", 17)+strings.Repeat("░", 50)+"  25%",
		"file 2 of 4", "data/orders.csv (orders)",
		"1,500 rows · 1,000 rows/s", "3.0 MB · 2.0 MB/s", "elapsed      1.5s")
	if tick == nil {
		t.Fatal("no clock")
	}

	// The clock moves the elapsed time and the rates: 3 s → 500 rows/s, 1.0 MB/s.
	clock = clock.Add(1500 * time.Millisecond)
	if _, cmd := l.Update(loadTickMsg(clock)); cmd == nil {
		t.Error("the clock must keep ticking while loading")
	}
	mustShow(t, l.View(), "1,500 rows · 500 rows/s", "3.0 MB · 1.0 MB/s", "elapsed      3.0s")

	// Done: the panes appear at the terminal's size with the loaded params.
	close(release)
	msg := recv(t, done)
	_, cmd = l.Update(msg)
	drive(t, l.root, cmd)
	mustShow(t, l.View(), "[1 Overview]", "Overview cursor=0")
	f := l.root.Pane(0).(*fakePane)
	if f.w != 100 || len(f.filters) != 1 || f.filters[0].AsOf != "2024-12-31" {
		t.Errorf("pane: width %d, filters %+v; want 100 and as-of 2024-12-31", f.w, f.filters)
	}
	// Keys now go to the workbench: j moves the fake pane's cursor.
	l.Update(keyMsg("j"))
	mustShow(t, l.View(), "Overview cursor=1")
	// A late tick does nothing on the workbench.
	if _, cmd := l.Update(loadTickMsg(clock)); cmd != nil && isQuit(cmd) {
		t.Error("a tick quit the workbench")
	}
	if l.Err() != nil {
		t.Errorf("Err = %v", l.Err())
	}
	// The program has ended: stop closes the database once.
	l.stop(time.Second)
	if closed != 1 {
		t.Errorf("Close called %d times, want 1", closed)
	}
}

func TestLoadingError(t *testing.T) {
	clock := time.Now()
	bad := errors.New("bad/orders.csv: column ordered_at: CSV Error on Line: 3")
	l := newTestLoader(func(context.Context, func(LoadProgress)) (Loaded, error) { return Loaded{}, bad }, &clock)
	l.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	run, _, _ := initCmds(t, l)
	if _, cmd := l.Update(run()); cmd != nil {
		t.Error("a failed load must wait for q, not quit")
	}
	mustShow(t, l.View(), "kizuna · loading failed", "bad/orders.csv: column ordered_at: CSV Error on Line: 3", "q quit")
	if _, cmd := l.Update(keyMsg("j")); cmd != nil {
		t.Error("j must do nothing on the error screen")
	}
	if _, cmd := l.Update(keyMsg("q")); !isQuit(cmd) {
		t.Error("q must quit")
	}
	if !errors.Is(l.Err(), bad) {
		t.Errorf("Err = %v, want %v", l.Err(), bad)
	}
}

func TestLoadingLongErrorFits(t *testing.T) {
	clock := time.Now()
	long := errors.New("line 1" + strings.Repeat("\nmore", 40))
	l := newTestLoader(func(context.Context, func(LoadProgress)) (Loaded, error) { return Loaded{}, long }, &clock)
	l.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	run, _, _ := initCmds(t, l)
	l.Update(run())
	v := l.View()
	// The message is 41 lines; 24-6 = 18 fit: "line 1", 16 × "more" and the
	// "…" line. With title, blanks and "q quit": 22 lines, centred in 24.
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("view has %d lines, want 24", n)
	}
	mustShow(t, v, "line 1", "… (the whole message is printed on quitting)", "q quit")
	if c := strings.Count(v, "more"); c != 16 {
		t.Errorf("%d message lines after the first, want 16", c)
	}
}

func TestLoadingCancel(t *testing.T) {
	for _, k := range []string{"esc", "q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			clock := time.Now()
			var seen error
			load := func(ctx context.Context, _ func(LoadProgress)) (Loaded, error) {
				<-ctx.Done() // as DuckDB does when interrupted
				seen = ctx.Err()
				return Loaded{}, ctx.Err()
			}
			l := newTestLoader(load, &clock)
			l.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			run, _, _ := initCmds(t, l)
			done := async(run)
			if _, cmd := l.Update(keyMsg(k)); cmd != nil {
				t.Error("the first key cancels and waits for the load to stop")
			}
			mustShow(t, l.View(), "kizuna · cancelling…")
			msg := recv(t, done)
			if !errors.Is(seen, context.Canceled) {
				t.Errorf("the load's context: %v, want cancelled", seen)
			}
			if _, cmd := l.Update(msg); !isQuit(cmd) {
				t.Error("the stopped load must quit")
			}
			if l.Err() != nil || l.View() != "" {
				t.Errorf("cancelled: Err = %v, view %q; want nil and empty", l.Err(), l.View())
			}
		})
	}
}

// A load that does not stop: a second ctrl+c leaves anyway, and what it
// loads later is closed.
func TestLoadingForceQuit(t *testing.T) {
	clock := time.Now()
	release := make(chan struct{})
	closed := 0
	load := func(ctx context.Context, _ func(LoadProgress)) (Loaded, error) {
		<-release
		return Loaded{Close: func() error { closed++; return nil }}, nil
	}
	l := newTestLoader(load, &clock)
	run, _, _ := initCmds(t, l)
	done := async(run)
	l.Update(keyMsg("esc"))
	if _, cmd := l.Update(keyMsg("q")); cmd != nil {
		t.Error("q while cancelling must keep waiting")
	}
	if _, cmd := l.Update(keyMsg("ctrl+c")); !isQuit(cmd) {
		t.Fatal("a second ctrl+c must quit")
	}
	if l.Err() != nil {
		t.Errorf("Err = %v", l.Err())
	}
	start := time.Now()
	l.stop(50 * time.Millisecond) // gives up waiting
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stop waited %v", d)
	}
	close(release)
	recv(t, done)
	if closed != 0 {
		t.Errorf("closed %d times by the late result's stop; want 0 (it gave up)", closed)
	}
}

// A load never started (the program ended first) is not waited for.
func TestLoadingStopBeforeRun(t *testing.T) {
	clock := time.Now()
	called := false
	l := newTestLoader(func(context.Context, func(LoadProgress)) (Loaded, error) { called = true; return Loaded{}, nil }, &clock)
	run, _, _ := initCmds(t, l)
	l.stop(10 * time.Second)
	if msg := run(); msg != nil || called {
		t.Errorf("run after stop: %v, load called %v; want nil, false", msg, called)
	}
}

func TestTail(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want string
	}{
		{"data/orders.csv (orders)", 30, "data/orders.csv (orders)"},
		{"data/orders.csv (orders)", 10, "… (orders)"}, // … and " (orders)": 1 + 9 cells
		{"データ/注文.csv", 8, "…文.csv"},                    // 注文.csv is 8 cells: 文.csv (6) is the most that fits beside …
	} {
		if got := tail(c.s, c.w); got != c.want {
			t.Errorf("tail(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

// syncBuffer is the program's output, read while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runLoad starts Run with opts.Load = load and returns a writer for keys,
// the output and Run's result.
func runLoad(t *testing.T, load LoadFunc) (io.Writer, *syncBuffer, chan error) {
	t.Helper()
	in, keys := io.Pipe()
	out := &syncBuffer{}
	res := make(chan error, 1)
	go func() {
		res <- Run(context.Background(), pane.Env{}, Options{Load: load, Input: in, Output: out,
			LogPath: filepath.Join(t.TempDir(), "kizuna.log")})
	}()
	t.Cleanup(func() { keys.Close() })
	return keys, out, res
}

func waitOutput(t *testing.T, out *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRunLoadErrorIsReturned(t *testing.T) {
	bad := errors.New("orders.csv:17: amount is not a number")
	keys, out, res := runLoad(t, func(context.Context, func(LoadProgress)) (Loaded, error) { return Loaded{}, bad })
	waitOutput(t, out, "loading failed")
	keys.Write([]byte("q"))
	select {
	case err := <-res:
		if !errors.Is(err, bad) {
			t.Errorf("Run = %v, want %v", err, bad)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not quit")
	}
}

func TestRunLoadCancelled(t *testing.T) {
	var seen error
	keys, out, res := runLoad(t, func(ctx context.Context, progress func(LoadProgress)) (Loaded, error) {
		progress(LoadProgress{File: "big/events.csv", Role: "events", Done: 1, Total: 1})
		<-ctx.Done()
		seen = ctx.Err()
		return Loaded{}, ctx.Err()
	})
	waitOutput(t, out, "big/events.csv (events)")
	keys.Write([]byte("q"))
	select {
	case err := <-res:
		if err != nil || !errors.Is(seen, context.Canceled) {
			t.Errorf("Run = %v, load saw %v; want nil and cancelled", err, seen)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not cancel")
	}
}
