// Package task runs a pane's query off the UI thread. Each Runner tags its
// results with its id and a generation number: starting a new task cancels
// the one before (the DuckDB driver interrupts the engine when the context
// is cancelled) and results of older generations are dropped.
package task

import (
	"context"
	"strings"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
)

var ids atomic.Int64

// Done is the message a finished task sends.
type Done struct {
	ID, Gen int64
	Value   any
	Err     error
}

// Runner runs at most one task at a time for its owner.
type Runner struct {
	id      int64
	gen     int64
	cancel  context.CancelFunc
	running bool
}

// New returns a runner with a unique id.
func New() *Runner { return &Runner{id: ids.Add(1)} }

// Start cancels any running task and returns the command running f.
// f must only use what it captured: the command runs on another goroutine.
func (r *Runner) Start(parent context.Context, f func(ctx context.Context) (any, error)) tea.Cmd {
	r.Cancel()
	r.gen++
	ctx, cancel := context.WithCancel(parent)
	r.cancel, r.running = cancel, true
	id, gen := r.id, r.gen
	return func() tea.Msg {
		defer cancel()
		v, err := f(ctx)
		return Done{ID: id, Gen: gen, Value: v, Err: outOfMemory(err)}
	}
}

// outOfMemory names what helps when DuckDB runs out of memory (the flags)
// or finds the cache file damaged.
func outOfMemory(err error) error {
	if err == nil {
		return err
	}
	m := err.Error()
	msg, _, _ := strings.Cut(strings.TrimSpace(m), "\n")
	switch {
	case strings.Contains(m, "Out of Memory") && !strings.Contains(m, "--memory-limit"):
		return &oomError{msg + " (raise --memory-limit, or lower --threads)", err}
	case strings.Contains(m, "Corrupt database file"):
		return &oomError{msg + " (the cache is damaged: quit, run kizuna cache clear and start again)", err}
	}
	return err
}

type oomError struct {
	msg string
	err error
}

func (e *oomError) Error() string { return e.msg }
func (e *oomError) Unwrap() error { return e.err }

// Accept reports whether msg is this runner's current result, and marks the
// runner idle when it is. Stale or foreign results return false.
func (r *Runner) Accept(msg Done) bool {
	if msg.ID != r.id || msg.Gen != r.gen {
		return false
	}
	r.running = false
	r.cancel = nil
	return true
}

// Cancel stops the running task; its result will be dropped.
func (r *Runner) Cancel() {
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	if r.running {
		r.running = false
		r.gen++ // whatever the cancelled task returns is now stale
	}
}

// Running reports whether a task is under way.
func (r *Runner) Running() bool { return r.running }
