// Package sqlpane is the SQL pane (9): a multi-line editor over the
// canonical tables with history and DuckDB's own completion, and the result
// in a scrolling table. The query runs in the background (ctrl+r); esc
// cancels it, or leaves the editor so that q quits again.
package sqlpane

import (
	"context"
	"errors"
	"log"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/rows"
	"github.com/kizuna-dev/kizuna/ui/task"
)

// CompleteSQL asks DuckDB for completions of the text before the cursor.
const CompleteSQL = `SELECT suggestion, suggestion_start FROM sql_auto_complete(?)`

// Pane is the SQL pane.
type Pane struct {
	env     pane.Env
	keys    *keys.Map
	editor  textarea.Model
	editing bool

	run  *task.Runner
	spin spinner.Model
	grid rows.Grid
	err  error
	ran  string // the query whose result is shown
	// scratch are the analyst's TEMP tables (shown in the status line).
	scratch []string

	hist     []string
	histPath string
	histIdx  int    // == len(hist): the draft
	draft    string // what was typed before browsing history

	comp *completion

	width, height int
}

// New returns the SQL pane; its history is read from HistoryPath.
func New(env pane.Env) pane.Pane {
	if env.History != "" {
		return NewWithHistory(env, env.History)
	}
	return NewWithHistory(env, HistoryPath())
}

// NewWithHistory returns the SQL pane keeping its history in path.
func NewWithHistory(env pane.Env, path string) *Pane {
	k := env.KeyMap()
	ed := textarea.New()
	ed.Placeholder = "SELECT * FROM orders LIMIT 10   — ctrl+r runs, tab completes, esc leaves the editor"
	ed.ShowLineNumbers = true
	ed.CharLimit = 0
	ed.MaxHeight = 0
	p := &Pane{env: env, keys: k, editor: ed, run: task.New(), grid: rows.NewGrid(k, env.Theme),
		histPath: path, hist: loadHistory(path)}
	p.histIdx = len(p.hist)
	p.spin = spinner.New(spinner.WithSpinner(spinner.Dot))
	p.comp = newCompletion()
	return p
}

func (p *Pane) Title() string { return "SQL" }
func (p *Pane) Init() tea.Cmd { return nil }

// Focus shows the pane; the editor takes keys only after enter (or i),
// so that digits and tab still switch panes (SQL typed into the editor
// never starts by surprise).
func (p *Pane) Focus() tea.Cmd { return nil }

// edit puts the cursor in the editor: from now on it takes every key
// until esc.
func (p *Pane) edit() tea.Cmd {
	p.editing = true
	return p.editor.Focus()
}

// leave is esc while editing: the keys go back to the workbench.
var leave = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the editor"))

func (p *Pane) Blur() {
	p.editing = false
	p.editor.Blur()
}

// Capturing is true while the editor or the result search takes text.
func (p *Pane) Capturing() bool { return p.editing || p.grid.Capturing() }

// Editing reports whether the editor has the cursor.
func (p *Pane) Editing() bool { return p.editing }

// Value is the editor's text.
func (p *Pane) Value() string { return p.editor.Value() }

// SetValue replaces the editor's text.
func (p *Pane) SetValue(s string) { p.editor.SetValue(s) }

// Result is the table shown, Err the last error.
func (p *Pane) Result() *model.Table { return p.grid.Table() }
func (p *Pane) Err() error           { return p.err }
func (p *Pane) Running() bool        { return p.run.Running() }

// SetFilter does nothing: the SQL pane runs the analyst's query as written.
func (p *Pane) SetFilter(metrics.Params) tea.Cmd { return nil }

func (p *Pane) ShortHelp() []key.Binding {
	if p.editing {
		return []key.Binding{p.keys.Run, p.keys.Complete, p.keys.HistPrev, leave}
	}
	return []key.Binding{p.keys.Edit, p.keys.Run, p.keys.Down, p.keys.SortNext, p.keys.Search}
}

func (p *Pane) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{{k.Run, k.Complete, k.HistPrev, k.HistNext, k.Edit, k.Back}, k.Table()}
}

func (p *Pane) Screen() pane.Screen {
	return pane.Screen{Name: "sql", Table: p.grid.Visible(), SQL: p.ran}
}

func (p *Pane) editorHeight() int { return max(3, min(10, p.height/3)) }

func (p *Pane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.editor.SetWidth(w)
	p.editor.SetHeight(p.editorHeight())
	// editor, status line, completion line, then the table.
	p.grid.SetSize(w, max(3, h-p.editorHeight()-2))
}

// Start runs the editor's query in the background.
func (p *Pane) Start() tea.Cmd {
	q := strings.TrimSpace(p.editor.Value())
	if q == "" {
		return nil
	}
	if len(p.hist) == 0 || p.hist[len(p.hist)-1] != q {
		p.hist = append(p.hist, q)
		if err := appendHistory(p.histPath, q); err != nil {
			log.Printf("sql history: %v", err)
		}
	}
	p.histIdx = len(p.hist)
	p.err = nil
	sql := p.console()
	run := p.run.Start(p.env.Ctx, func(ctx context.Context) (any, error) {
		t, err := sql.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		r := &result{sql: q, table: t}
		if s, ok := sql.(scratchLister); ok {
			r.scratch, _ = s.Scratch(ctx)
		}
		return r, nil
	})
	return tea.Batch(run, p.spin.Tick)
}

// console is where the analyst's SQL runs: the sandboxed console, or the
// database itself when none is given (tests).
func (p *Pane) console() pane.Console {
	if p.env.SQL != nil {
		return p.env.SQL
	}
	return unchecked{p.env.DB}
}

type unchecked struct{ db metrics.Querier }

func (u unchecked) Query(ctx context.Context, q string, args ...any) (*model.Table, error) {
	return metrics.Query(ctx, u.db, q, args...)
}

type result struct {
	sql     string
	table   *model.Table
	scratch []string // the console's TEMP tables and views after the query
}

// scratchLister is a console that can name its scratch (TEMP) objects.
type scratchLister interface {
	Scratch(ctx context.Context) ([]string, error)
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case task.Done:
		if p.run.Accept(msg) {
			if msg.Err != nil {
				p.err = msg.Err
			} else {
				r := msg.Value.(*result)
				p.ran, p.scratch = r.sql, r.scratch
				p.grid.SetTable(r.table)
			}
			return p, nil
		}
		p.comp.done(p, msg)
		return p, nil
	case spinner.TickMsg:
		if p.run.Running() {
			var cmd tea.Cmd
			p.spin, cmd = p.spin.Update(msg)
			return p, cmd
		}
		return p, nil
	case tea.KeyMsg:
		return p, p.key(msg)
	case tea.MouseMsg:
		return p, p.grid.Update(msg)
	}
	if p.editing {
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg)
		return p, cmd
	}
	return p, nil
}

func (p *Pane) key(msg tea.KeyMsg) tea.Cmd {
	k := p.keys
	if p.grid.Capturing() {
		return p.grid.Update(msg)
	}
	if !key.Matches(msg, k.Complete) {
		p.comp.reset()
	}
	switch {
	case key.Matches(msg, k.Run):
		return p.Start()
	case key.Matches(msg, k.Back) && p.run.Running():
		p.run.Cancel()
		p.err = errCancelled
		return nil
	}
	if !p.editing {
		if key.Matches(msg, k.Edit) {
			return p.edit()
		}
		return p.grid.Update(msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		p.editing = false
		p.editor.Blur()
		return nil
	case key.Matches(msg, k.HistPrev):
		p.browse(-1)
		return nil
	case key.Matches(msg, k.HistNext):
		p.browse(1)
		return nil
	case key.Matches(msg, k.Complete):
		return p.comp.tab(p)
	}
	var cmd tea.Cmd
	p.editor, cmd = p.editor.Update(msg)
	return cmd
}

// browse moves through the history; past the newest entry is the draft.
func (p *Pane) browse(d int) {
	i := p.histIdx + d
	if i < 0 || i > len(p.hist) {
		return
	}
	if p.histIdx == len(p.hist) {
		p.draft = p.editor.Value()
	}
	p.histIdx = i
	if i == len(p.hist) {
		p.editor.SetValue(p.draft)
	} else {
		p.editor.SetValue(p.hist[i])
	}
}

func (p *Pane) View() string {
	th := p.env.Theme
	var status string
	switch {
	case p.run.Running():
		status = p.spin.View() + " running… (esc cancels)"
	case p.err == errCancelled:
		status = th.Error.Render(p.err.Error()) + th.Muted.Render(" — ctrl+r runs it again")
	case p.err != nil: // the message itself is below, once
		status = th.Error.Render("the query failed") + th.Muted.Render(" (below) — fix it, ctrl+r runs it again")
	case p.grid.Table() != nil:
		t := p.grid.Table()
		status = th.Muted.Render(numfmt.Count(int64(len(t.Rows))) + " rows × " + numfmt.Count(int64(len(t.Columns))) + " columns")
		if len(p.scratch) > 0 {
			status += th.Muted.Render("   scratch (temp): " + strings.Join(p.scratch, ", "))
		}
	default:
		status = th.Muted.Render("ctrl+r runs the query over customers, orders, responses, events, subscriptions, reviews, posts, rejected")
	}
	if !p.editing {
		status += th.Muted.Render("   (enter edits)")
	}
	lines := []string{p.editor.View(), rows.Pad(status, p.width, false), rows.Pad(p.comp.view(th), p.width, false)}
	switch {
	case p.err != nil && p.err != errCancelled && !p.run.Running():
		lines = append(lines, th.Error.Render(rows.Wrap(p.err.Error(), p.width)))
	case p.grid.Table() != nil:
		lines = append(lines, p.grid.View())
	}
	return strings.Join(lines, "\n")
}

// errCancelled is the error of a query stopped with esc: said once, on the
// status line.
var errCancelled = errors.New("query cancelled")
