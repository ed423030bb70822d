package topics

import (
	"context"
	"fmt"
	"testing"
)

// countingCtx is done from the (after+1)th time it is asked.
type countingCtx struct {
	context.Context
	asked, after int
}

func (c *countingCtx) Err() error {
	c.asked++
	if c.asked > c.after {
		return context.Canceled
	}
	return nil
}

// A comparison stops halfway when its context is done: the analysis asks
// every 1,024 comments and returns nothing once told to stop.
func TestShiftsStopHalfway(t *testing.T) {
	var a, b []string
	for i := 0; i < 20000; i++ {
		a = append(a, fmt.Sprintf("delivery was late again %d", i%7))
		b = append(b, fmt.Sprintf("great price and fast shipping %d", i%5))
	}
	if got := Shifts(a, b, Options{}); len(got) == 0 {
		t.Fatal("no topics moved without a context: the test data says nothing")
	}
	ctx := &countingCtx{Context: context.Background(), after: 2}
	if got := Shifts(a, b, Options{Ctx: ctx}); len(got) != 0 {
		t.Errorf("stopped analysis returned %d shifts", len(got))
	}
	// 40,000 comments are 40 checks; it stopped at the third.
	if ctx.asked != 3 {
		t.Errorf("asked %d times, want 3 (stop at the first check after done)", ctx.asked)
	}
	named := Options{Ctx: &countingCtx{Context: context.Background()}, Named: map[string][]string{"late": {"late"}}}
	if got := Shifts(a, b, named); len(got) != 0 {
		t.Errorf("stopped named analysis returned %d shifts", len(got))
	}
}
