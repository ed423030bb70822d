package task

import (
	"context"
	"errors"
	"testing"
)

func TestStaleResultsAreDropped(t *testing.T) {
	r := New()
	first := r.Start(context.Background(), func(ctx context.Context) (any, error) { return 1, nil })
	second := r.Start(context.Background(), func(ctx context.Context) (any, error) { return 2, nil })
	if r.Accept(first().(Done)) {
		t.Fatal("first (stale) result accepted")
	}
	if !r.Running() {
		t.Fatal("runner idle before its current task returned")
	}
	d := second().(Done)
	if !r.Accept(d) || d.Value != 2 || r.Running() {
		t.Fatalf("current result not accepted: %+v running=%v", d, r.Running())
	}
}

func TestCancelInterruptsAndDrops(t *testing.T) {
	r := New()
	cmd := r.Start(context.Background(), func(ctx context.Context) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	r.Cancel()
	d := cmd().(Done)
	if !errors.Is(d.Err, context.Canceled) {
		t.Fatalf("task not cancelled: %v", d.Err)
	}
	if r.Accept(d) || r.Running() {
		t.Fatal("cancelled result accepted")
	}
	other := New()
	if other.Accept(Done{ID: r.id, Gen: r.gen}) {
		t.Fatal("foreign result accepted")
	}
}

// DuckDB's out-of-memory error is one line that names the flags.
func TestOutOfMemoryNamesTheFlag(t *testing.T) {
	r := New()
	cause := errors.New("Out of Memory Error: could not allocate block of size 256.0 KiB (1.1 GiB/1.1 GiB used)\n\nPossible solutions: …")
	d := r.Start(context.Background(), func(context.Context) (any, error) { return nil, cause })().(Done)
	if d.Err.Error() != "Out of Memory Error: could not allocate block of size 256.0 KiB (1.1 GiB/1.1 GiB used) (raise --memory-limit, or lower --threads)" || !errors.Is(d.Err, cause) {
		t.Fatalf("err = %q", d.Err)
	}
	other := errors.New("Binder Error: x")
	if d := r.Start(context.Background(), func(context.Context) (any, error) { return nil, other })().(Done); d.Err != other {
		t.Fatalf("other errors changed: %v", d.Err)
	}
}
