package kit

import (
	"context"
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/task"
)

// first runs cmd (a load batched with the spinner's tick) and returns the
// load's result.
func first(cmd tea.Cmd) tea.Msg {
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if d, ok := c().(task.Done); ok {
				return d
			}
		}
	}
	return msg
}

func TestCacheKeepsTheLastSixteenStates(t *testing.T) {
	var c cache
	for i := 0; i < CacheSize; i++ {
		c.put(fmt.Sprint(i), i)
	}
	c.get("0")       // 0 is now the most recently used: 1 is the oldest
	c.put("new", -1) // 17 states: 1 goes
	c.put("3", 33)   // an update keeps the size
	if _, ok := c.get("1"); ok {
		t.Error("the least recently used state was kept")
	}
	for _, k := range []string{"0", "2", "15", "new"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("state %s was dropped", k)
		}
	}
	if v, _ := c.get("3"); v != 33 || len(c.keys) != CacheSize || len(c.vals) != CacheSize {
		t.Errorf("3 = %v, %d keys, %d values", v, len(c.keys), len(c.vals))
	}
}

func TestKeyOfState(t *testing.T) {
	a := Key(metrics.Params{From: "2024-01-01"}, "region")
	if a != Key(metrics.Params{From: "2024-01-01", Where: []metrics.Filter{}}, "region") {
		t.Error("an empty filter list is not the same state as none")
	}
	for _, b := range []string{
		Key(metrics.Params{From: "2024-01-01"}, "plan"),
		Key(metrics.Params{From: "2024-01-02"}, "region"),
		Key(metrics.Params{From: "2024-01-01", Where: []metrics.Filter{{Dim: "region", Value: "関東"}}}, "region"),
	} {
		if a == b {
			t.Errorf("%s and %s share a key", a, b)
		}
	}
}

// TestFetchServesCachedStateAtOnce: a result is cached when taken; fetching
// its state again runs nothing and stops the load of another state.
func TestFetchServesCachedStateAtOnce(t *testing.T) {
	k := New(pane.Env{})
	runs := 0
	f := func(v string) func(context.Context) (any, error) {
		return func(context.Context) (any, error) { runs++; return v, nil }
	}
	v, cmd := k.Fetch("A", f("a"))
	if v != nil || cmd == nil || !k.Runner.Running() {
		t.Fatalf("first fetch: %v %v", v, cmd)
	}
	if v, ok := k.Take(first(cmd)); !ok || v != "a" {
		t.Fatalf("take = %v %v", v, ok)
	}
	_, cmdB := k.Fetch("B", f("b")) // B starts…
	v, cmd = k.Fetch("A", f("a"))   // …and going back to A stops it
	if v != "a" || cmd != nil || k.Runner.Running() || k.Status() != "" {
		t.Fatalf("cached fetch: %v, cmd %v, running %v, status %q", v, cmd, k.Runner.Running(), k.Status())
	}
	if _, ok := k.Take(first(cmdB)); ok {
		t.Error("B's late result was taken")
	}
	if k.Cached("B") {
		t.Error("a dropped result was cached")
	}
	if runs != 2 { // A once, B once
		t.Errorf("loads run = %d, want 2", runs)
	}
	k.Forget()
	if _, cmd := k.Fetch("A", f("a")); cmd == nil {
		t.Error("Forget kept A")
	}
}
