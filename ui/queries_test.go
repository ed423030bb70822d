package ui

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

// counting counts the statements run through it.
type counting struct {
	metrics.Querier
	mu   sync.Mutex
	seen []string
}

func (c *counting) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.mu.Lock()
	c.seen = append(c.seen, q)
	c.mu.Unlock()
	return c.Querier.QueryContext(ctx, q, args...)
}

func (c *counting) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.seen
	c.seen = nil
	return s
}

// Issue 10: no pane runs more than 4 queries for its first screen. The
// facts every query needs (catalog, as-of date, …) are read once per data
// version, before any pane, and not counted; the filter bar's value lists
// are the root's, not a pane's.
func TestFirstScreenQueries(t *testing.T) {
	db := sampleDB(t, "../sample-data")
	c := &counting{Querier: db}
	memo := metrics.Remember(c)
	if _, err := memo.Facts(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.take()
	for i, newPane := range Constructors {
		env := uitest.Env(db)
		env.DB = memo
		p := newPane(env)
		if p.Title() == "SQL" {
			continue // runs nothing until the analyst does
		}
		uitest.Start(t, p, 120, 40)
		got := c.take()
		t.Logf("pane %d %s: %d queries", i+1, p.Title(), len(got))
		if len(got) > 4 {
			t.Errorf("pane %d %s runs %d queries for its first screen, want ≤ 4:\n%s", i+1, p.Title(), len(got), strings.Join(short(got), "\n"))
		}
		if strings.Contains(p.View(), "rror") {
			t.Errorf("pane %s shows an error:\n%s", p.Title(), p.View())
		}
	}
}

// short is each query's first line that is not a filter prefix line.
func short(qs []string) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		lines := strings.Split(q, "\n")
		out[i] = lines[len(lines)-1]
		for j := len(lines) - 1; j >= 0; j-- {
			if strings.Contains(lines[j], "SELECT") {
				out[i] = strings.TrimSpace(lines[j])
				break
			}
		}
	}
	return out
}
