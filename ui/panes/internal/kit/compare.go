package kit

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/topics"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/task"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Keys of the comparison (issue 12): c shows or hides it; space marks the
// selected row (cell, period) as the other side, space on it again unmarks.
var (
	CompareKey = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compare"))
	MarkKey    = key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "mark to compare"))
)

// MaxShownShifts is how many moved topics a pane lists.
const MaxShownShifts = 3

// Compare is a pane's comparison state: shown or not, the marked row and
// the comment topics that moved most between the two sides, found in the
// background. The zero value is ready to use.
type Compare struct {
	On     bool
	Mark   int  // the marked row (cell, period) when Marked
	Marked bool //

	run      *task.Runner
	comments map[string]map[string][]string // state key → group → comments
	sides    string                         // the sides the shifts are for
	shifts   []topics.Shift
	err      error
}

// Toggle marks row i, or unmarks it when it is the marked one.
func (c *Compare) Toggle(i int) {
	if c.Marked && c.Mark == i {
		c.Marked = false
	} else {
		c.Mark, c.Marked = i, true
	}
}

// Other is the marked row when one is marked and it is not cur.
func (c *Compare) Other(cur int) (int, bool) { return c.Mark, c.Marked && c.Mark != cur }

// Reset forgets the mark (another breakdown: the rows changed).
func (c *Compare) Reset() { c.Marked = false }

func (c *Compare) runner() *task.Runner {
	if c.run == nil {
		c.run = task.New()
	}
	return c.run
}

type shiftsDone struct {
	state    string
	comments map[string][]string
	sides    string
	shifts   []topics.Shift
}

// Topics starts finding the topics that moved between the comments of
// groups a and those of groups b (both lists of group names of the
// comments that load returns), unless they are known already. state names
// the pane's data (its filter); sides names the two sides.
func (c *Compare) Topics(ctx context.Context, state, sides string, a, b []string, opts topics.Options,
	load func(ctx context.Context) (map[string][]string, error)) tea.Cmd {
	if c.sides == state+"\x00"+sides {
		return nil
	}
	c.sides, c.shifts, c.err = state+"\x00"+sides, nil, nil
	cached := c.comments[state]
	return c.runner().Start(ctx, func(ctx context.Context) (any, error) {
		all := cached
		if all != nil {
			// The cursor may be moving on: wait a moment before the analysis
			// (a newer request cancels this one).
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(120 * time.Millisecond):
			}
		}
		if all == nil {
			var err error
			if all, err = load(ctx); err != nil {
				return nil, err
			}
		}
		pick := func(gs []string) []string {
			var out []string
			for _, g := range gs {
				out = append(out, all[g]...)
			}
			return out
		}
		opts.Ctx = ctx // a newer request stops this analysis halfway
		shifts := topics.Shifts(pick(a), pick(b), opts)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return shiftsDone{state, all, state + "\x00" + sides, shifts}, nil
	})
}

// Take accepts the topics' result; it reports whether msg was one.
func (c *Compare) Take(msg tea.Msg) bool {
	d, ok := msg.(task.Done)
	if !ok || !c.runner().Accept(d) {
		return false
	}
	if d.Err != nil {
		c.err = d.Err
		return true
	}
	v := d.Value.(shiftsDone)
	if c.comments == nil {
		c.comments = map[string]map[string][]string{}
	}
	c.comments[v.state] = v.comments
	if v.sides == c.sides {
		c.shifts = v.shifts
	}
	return true
}

// Line states one comparison: "c: A − B = +d ±m points  significant at
// 95%, z = …" or why there is none. unit is "points" (NPS) or "pp"; z is
// NaN when the test is not a two-proportion test.
func Line(th *theme.Theme, what, a, b, unit string, diff, moe, z float64, ok bool) string {
	if !ok {
		return th.Muted.Render(fmt.Sprintf("c: %s %s vs %s: one side is empty", what, a, b))
	}
	verdict := "not significant (the 95% interval holds 0)"
	if interval.Significant(diff, moe) {
		verdict = "significant at 95%"
	}
	if !math.IsNaN(z) { // a rate: the two-proportion z-test decides
		verdict = fmt.Sprintf("not significant (two-proportion z = %.2f, |z| ≤ 1.96)", z)
		if interval.SignificantZ(z) {
			verdict = fmt.Sprintf("significant at 95%% (two-proportion z = %.2f)", z)
		}
	}
	return th.Bold.Render(fmt.Sprintf("c: %s %s − %s = %+.1f ±%.1f %s", what, a, b, diff, moe, unit)) + th.Muted.Render("  "+verdict)
}

// RateLine compares ka of na (side a) with kb of nb (side b) by the
// two-proportion test (interval.Props).
func RateLine(th *theme.Theme, what, a, b string, ka, na, kb, nb int64) string {
	d, m, z, ok := interval.Props(ka, na, kb, nb)
	return Line(th, what, a, b, "pp", d, m, z, ok)
}

// NPSLine compares the NPS of two groups (interval.Diff: the difference
// over the root of the summed variances).
func NPSLine(th *theme.Theme, a, b string, ca, cb interval.Counts) string {
	d, m, ok := interval.Diff(ca, cb)
	return Line(th, "NPS", a, b, "points", d, m, math.NaN(), ok)
}

// TopicsLine lists the topics that moved most between the sides, within w
// cells: "topics moved: delivery +30.0 pp (50% vs 20%) · …", or where the
// search stands.
func (c *Compare) TopicsLine(th *theme.Theme, spin string, w int) string {
	switch {
	case c.err != nil:
		return th.Error.Render("topics: ") + c.err.Error()
	case c.runner().Running():
		return spin + th.Muted.Render(" finding the topics that moved…")
	case c.sides == "":
		return ""
	case len(c.shifts) == 0:
		return th.Muted.Render("topics moved: none (no comments on one side, or no topic mentioned often enough)")
	}
	var parts []string
	for i, s := range c.shifts {
		if i == MaxShownShifts {
			break
		}
		mark := ""
		if s.Significant() {
			mark = "*"
		}
		parts = append(parts, fmt.Sprintf("%s %+.1f pp%s (%.0f%% vs %.0f%%)", s.Topic, s.Diff, mark, s.ShareA, s.ShareB))
	}
	return chart.Trunc(th.Bold.Render("topics moved: ")+strings.Join(parts, " · ")+th.Muted.Render("  (* significant)"), w)
}

// Shifts are the topics found for the current sides (tests).
func (c *Compare) Shifts() []topics.Shift { return c.shifts }

// CommentsBy loads the comments under p grouped by p.By (or by retention
// cohort), for Compare.Topics.
func CommentsBy(db metrics.Querier, p metrics.Params, cohorts bool) func(ctx context.Context) (map[string][]string, error) {
	return func(ctx context.Context) (map[string][]string, error) { return metrics.Comments(ctx, db, p, cohorts) }
}

// Forget drops the comments loaded (reload: the data may have changed).
func (c *Compare) Forget() { c.comments, c.sides, c.shifts = nil, "", nil }
