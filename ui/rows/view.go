package rows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/task"
)

// Model is the drill-down view: the rows behind a number, fetched in the
// background. esc cancels a running query; esc when the rows are shown
// closes the view (the root then shows the pane again, untouched).
type Model struct {
	env   pane.Env
	keys  *keys.Map
	title string
	sql   string
	args  []any

	run     *task.Runner
	spin    spinner.Model
	grid    Grid
	err     error
	elapsed time.Duration
	started time.Time

	width, height int
	name          naming // S: the segment name input
	saveOnLoad    bool   // open the name input when the rows arrive
}

// New opens the view for d and returns the command that runs its query.
func New(env pane.Env, k *keys.Map, d pane.DrillMsg) (*Model, tea.Cmd) {
	m := &Model{env: env, keys: k, title: d.Title, sql: d.SQL, args: d.Args,
		run: task.New(), grid: NewGrid(k, env.Theme), saveOnLoad: d.Save}
	m.spin = spinner.New(spinner.WithSpinner(spinner.Dot))
	return m, m.start()
}

func (m *Model) start() tea.Cmd {
	db, text, args := m.env.DB, m.sql, m.args
	m.err, m.started = nil, time.Now()
	run := m.run.Start(m.env.Ctx, func(ctx context.Context) (any, error) {
		return metrics.Query(ctx, db, text, args...)
	})
	return tea.Batch(run, m.spin.Tick)
}

// Title is the view's heading.
func (m *Model) Title() string { return m.title }

// Running reports whether the query is under way.
func (m *Model) Running() bool { return m.run.Running() }

// Capturing reports whether the search box or the segment name input is
// taking text.
func (m *Model) Capturing() bool { return m.grid.Capturing() || m.name.open }

// Grid gives access to the table (tests, export).
func (m *Model) Grid() *Grid { return &m.grid }

// Err is the query's error, if it failed.
func (m *Model) Err() error { return m.err }

// SetSize sets the view's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.grid.SetSize(w, h-1)
}

// Close cancels a running query.
func (m *Model) Close() { m.run.Cancel() }

// Update handles a message; done reports that the user left the view.
func (m *Model) Update(msg tea.Msg) (done bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case task.Done:
		if !m.run.Accept(msg) {
			return false, nil
		}
		m.elapsed = time.Since(m.started)
		if msg.Err != nil {
			m.err = msg.Err
			return false, nil
		}
		m.grid.SetTable(msg.Value.(*model.Table))
		if m.saveOnLoad {
			m.saveOnLoad = false
			return false, m.startNaming()
		}
		return false, nil
	case spinner.TickMsg:
		if !m.run.Running() {
			return false, nil
		}
		m.spin, cmd = m.spin.Update(msg)
		return false, cmd
	case SavedMsg:
		m.saved(msg)
		return false, nil
	case tea.KeyMsg:
		if m.name.open {
			return false, m.nameKey(msg)
		}
		if m.grid.Capturing() {
			return false, m.grid.Update(msg)
		}
		if key.Matches(msg, SaveKey) {
			return false, m.startNaming()
		}
		if key.Matches(msg, m.keys.Back) {
			if m.run.Running() {
				m.run.Cancel()
				m.err = errors.New("query cancelled")
				return false, nil
			}
			return true, nil
		}
		return false, m.grid.Update(msg)
	case tea.MouseMsg:
		return false, m.grid.Update(msg)
	}
	return false, nil
}

// View renders a heading line and the table (or the spinner / error).
func (m *Model) View() string {
	head := m.env.Theme.Title.Render("Rows · " + m.title)
	switch {
	case m.run.Running():
		head += "  " + m.spin.View() + " running… (esc cancels)"
	case m.err != nil:
		head += "  " + m.env.Theme.Muted.Render("esc back")
	default:
		head += m.env.Theme.Muted.Render(fmt.Sprintf("  %d rows · esc back", m.grid.Len()))
		if t := m.grid.Table(); t != nil && t.Col("customer_id") >= 0 && m.name.msg == "" {
			head += m.env.Theme.Muted.Render(" · S save the customers as a segment")
		}
	}
	switch {
	case m.name.open:
		head = m.env.Theme.Title.Render("Rows · "+m.title) + "  " + m.name.input.View() +
			m.env.Theme.Muted.Render("  enter save · esc leave")
	case m.name.msg != "":
		head += "  " + m.env.Theme.Bold.Render(m.name.msg)
	}
	head = Pad(head, m.width, false)
	var body string
	switch {
	case m.err != nil:
		body = m.env.Theme.Error.Render(Wrap(m.err.Error(), m.width))
	case m.grid.Table() == nil:
		body = ""
	case len(m.grid.Table().Rows) == 0:
		body = m.env.Theme.Muted.Render("No rows behind this number.")
	default:
		body = m.grid.View()
	}
	return head + "\n" + body
}

// Screen is what `s` and `e` act on: the rows shown and their SQL.
func (m *Model) Screen() pane.Screen {
	return pane.Screen{Name: "rows-" + Slug(m.title), Table: m.grid.Visible(), SQL: BoundSQL(m.sql, m.args) + SearchNote(m.grid.Query())}
}

// Slug makes a file-name friendly name: lower-case ASCII letters and digits,
// letters and digits of other scripts (九州 stays), single '-' between words;
// no spaces, punctuation or dashes such as —.
// Slug makes a file-name friendly name: lower case letters, digits and '-'.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		return "screen"
	}
	return out
}

// Wrap breaks s into lines of at most w cells, at spaces when it can.
func Wrap(s string, w int) string {
	if w <= 0 {
		return s
	}
	return ansi.Wrap(s, w, "")
}
