// Package kit is what the analysis panes (2–8) share: the background
// runner with its spinner and error, the size and focus, the filter bar's
// parameters, common key bindings, SQL made readable for the `s` key, the
// results of recent states (cache.go) and what a click hits (mouse.go).
package kit

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/task"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Kit is embedded by every pane.
type Kit struct {
	Env     pane.Env
	Th      *theme.Theme
	W, H    int
	Focused bool
	P       metrics.Params
	Runner  *task.Runner
	Spin    spinner.Model
	Err     error
	Loaded  bool // a result arrived since the last filter change
	// MinW and MinH are the smallest size the pane draws in (Begin).
	MinW, MinH int

	cache   *cache // results by state key (Fetch)
	pending string // the state key of the running load, "" when not cached
}

// New prepares a kit for env.
func New(env pane.Env) Kit {
	if env.Theme == nil {
		env.Theme = theme.New()
	}
	if env.Ctx == nil {
		env.Ctx = context.Background()
	}
	return Kit{Env: env, Th: env.Theme, Runner: task.New(), Spin: spinner.New(spinner.WithSpinner(spinner.Dot)),
		MinW: 30, MinH: 6}
}

// Load starts f in the background (cancelling the previous load) and
// starts the spinner.
func (k *Kit) Load(f func(ctx context.Context) (any, error)) tea.Cmd {
	k.Err, k.pending = nil, ""
	return tea.Batch(k.Runner.Start(k.Env.Ctx, f), k.Spin.Tick)
}

// Take accepts msg if it is this pane's current result: it returns the
// value (nil with k.Err set on error). Stale and foreign results give false.
func (k *Kit) Take(msg tea.Msg) (any, bool) {
	d, ok := msg.(task.Done)
	if !ok || !k.Runner.Accept(d) {
		return nil, false
	}
	k.Err = Words(d.Err, k.P)
	if d.Err != nil {
		return nil, true
	}
	k.Loaded = true
	if k.pending != "" {
		k.store().put(k.pending, d.Value)
		k.pending = ""
	}
	return d.Value, true
}

// Tick advances the spinner while a load runs.
func (k *Kit) Tick(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(spinner.TickMsg); ok && k.Runner.Running() {
		var cmd tea.Cmd
		k.Spin, cmd = k.Spin.Update(msg)
		return cmd
	}
	return nil
}

// Cancel stops a running load (esc); it reports whether one was running.
func (k *Kit) Cancel() bool {
	if !k.Runner.Running() {
		return false
	}
	k.Runner.Cancel()
	k.Err = fmt.Errorf("cancelled — press r to run again")
	return true
}

// Status is the line shown above the content: the spinner while loading,
// the error when the last load failed, else "".
func (k *Kit) Status() string {
	switch {
	case k.Runner.Running():
		return k.Spin.View() + " loading…"
	case k.Err != nil:
		text := k.Th.Error.Render("error: ") + k.Err.Error()
		if k.W > 20 {
			text = chart.Wrap(text, k.W-1) // the whole message, on narrow screens too
		}
		return text
	}
	return ""
}

// Begin starts a pane's render: it clears the output and the click
// targets and reports whether there is something to draw. Before the
// first result, or in less than MinW×MinH cells, there is not; a result
// without data (empty) puts note in out instead.
func (k *Kit) Begin(out *string, hits *Targets, loaded, empty bool, note string) bool {
	*out = ""
	hits.Reset()
	if !loaded || k.W < k.MinW || k.H < k.MinH {
		return false
	}
	if empty {
		*out = chart.Wrap(note, k.W-1)
		return false
	}
	return true
}

// Focus and Blur are the default focus handling.
func (k *Kit) Focus() tea.Cmd { k.Focused = true; return nil }

// Blur marks the pane unfocused.
func (k *Kit) Blur() { k.Focused = false }

// Capturing is false by default.
func (k *Kit) Capturing() bool { return false }

// Keys shared by the panes: the bindings of the workbench's keymap.
var (
	km          = keys.Default()
	Up          = km.Up
	Down        = km.Down
	Left        = km.Left
	Right       = km.Right
	Enter       = km.Drill
	Reload      = km.Reload
	Esc         = km.Cancel
	ScrollLeft  = km.ScrollLeft
	ScrollRight = km.ScrollRight
)

// Query is SQL text with its bound arguments.
type Query struct {
	Text string
	Args []any
}

// Build builds a metric's query (for the `s` key).
func Build(ctx context.Context, db metrics.Querier, name string, p metrics.Params) (Query, error) {
	text, args, _, err := metrics.Build(ctx, db, name, p)
	return Query{text, args}, err
}

// BuildQuery builds a query of queries/ that is no metric (a drill, the
// RFM grid) for p.
func BuildQuery(ctx context.Context, db metrics.Querier, name string, p metrics.Params) (Query, error) {
	text, args, err := metrics.BuildQuery(ctx, db, name, p)
	return Query{text, args}, err
}

// Run runs q.
func (q Query) Run(ctx context.Context, db metrics.Querier) (*metricsTable, error) {
	return metrics.Query(ctx, db, q.Text, q.Args...)
}

// Drill returns the command asking the root to open q's rows, with extra
// named arguments (sql.Named) for the selection.
func Drill(title string, q Query, extra ...any) tea.Cmd {
	args := append(append([]any(nil), q.Args...), extra...)
	msg := pane.DrillMsg{Title: title, SQL: q.Text, Args: args}
	return func() tea.Msg { return msg }
}

// DrillGroup drills into the rows behind group g of a breakdown by by
// ("" for none): q takes the group as $kz_sel; the title names what the
// rows are ("NPS responses", "Customers") and the group.
func DrillGroup(what, by, g string, q Query) tea.Cmd {
	title := what + " — " + g
	if by != "" {
		title = fmt.Sprintf("%s — %s = %s", what, by, g)
	}
	return Drill(title, q, Named("kz_sel", g))
}

// DrillSave is Drill with the rows view asking at once for a segment name
// to save the rows' customers under (S).
func DrillSave(title string, q Query, extra ...any) tea.Cmd {
	args := append(append([]any(nil), q.Args...), extra...)
	msg := pane.DrillMsg{Title: title, SQL: q.Text, Args: args, Save: true}
	return func() tea.Msg { return msg }
}

var nameRe = regexp.MustCompile(`\$([a-z_][a-z0-9_]*)`)

// Bound is q's text with its named parameters written in as SQL literals,
// so that what `s` shows can be run as it is.
func (q Query) Bound() string {
	vals := map[string]string{}
	for _, a := range q.Args {
		if n, ok := a.(namedArg); ok {
			vals[n.Name] = literal(n.Value)
		}
	}
	return nameRe.ReplaceAllStringFunc(q.Text, func(m string) string {
		if v, ok := vals[m[1:]]; ok {
			return v
		}
		return m
	})
}

func literal(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case int, int64, float64:
		return fmt.Sprint(x)
	}
	return "'" + strings.ReplaceAll(fmt.Sprint(v), "'", "''") + "'"
}
