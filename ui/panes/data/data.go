// Package data is the Data pane (0): the files loaded for each role, the
// detected mapping (canonical column ← source expression), accepted,
// rejected and filtered counts, and the rejected rows in a scrolling table.
package data

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/rows"
	"github.com/kizuna-dev/kizuna/ui/task"
)

// Pane is the Data pane.
type Pane struct {
	env  pane.Env
	keys *keys.Map
	run  *task.Runner
	grid rows.Grid
	err  error

	width, height int
}

// New returns the Data pane.
func New(env pane.Env) pane.Pane {
	k := env.KeyMap()
	return &Pane{env: env, keys: k, run: task.New(), grid: rows.NewGrid(k, env.Theme)}
}

func (p *Pane) Title() string { return "Data" }

// Init loads the rejected rows.
func (p *Pane) Init() tea.Cmd {
	db := p.env.DB
	return p.run.Start(p.env.Ctx, func(ctx context.Context) (any, error) {
		return metrics.Rejected(ctx, db)
	})
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case task.Done:
		if p.run.Accept(msg) {
			p.err = msg.Err
			if msg.Err == nil {
				p.grid.SetTable(msg.Value.(*model.Table))
			}
			p.layout()
		}
	case tea.KeyMsg, tea.MouseMsg:
		return p, p.grid.Update(msg)
	}
	return p, nil
}

func (p *Pane) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

func (p *Pane) layout() {
	top := strings.Count(p.top(), "\n") + 1
	p.grid.SetSize(p.width, max(3, p.height-top-1))
}

func (p *Pane) Focus() tea.Cmd                   { return nil }
func (p *Pane) Blur()                            {}
func (p *Pane) Capturing() bool                  { return p.grid.Capturing() }
func (p *Pane) SetFilter(metrics.Params) tea.Cmd { return nil }
func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Down, p.keys.Search, p.keys.SortNext}
}
func (p *Pane) FullHelp() [][]key.Binding { return [][]key.Binding{p.keys.Table()} }
func (p *Pane) Screen() pane.Screen {
	return pane.Screen{Name: "rejected-rows", Table: p.grid.Visible(), SQL: metrics.RejectedSQL}
}

func (p *Pane) info(role string) *model.TableInfo {
	if p.env.Schema == nil {
		return nil
	}
	for i := range p.env.Schema.Tables {
		if p.env.Schema.Tables[i].Role == role {
			return &p.env.Schema.Tables[i]
		}
	}
	return nil
}

// top is everything above the rejected rows: tables, mapping, ignored files.
// The mapping is left out when the pane is too short for it.
func (p *Pane) top() string {
	th := p.env.Theme
	var b []string
	b = append(b, th.Title.Render("Loaded tables"))
	head := fmt.Sprintf("%-14s %9s %9s %9s  %s", "role", "rows", "rejected", "filtered", "files")
	b = append(b, th.Bold.Render(rows.Pad(head, p.width, false)))
	var mapping []string
	for _, r := range model.Roles {
		t := p.info(r.Name)
		if t == nil || (len(t.Files) == 0 && t.Rows == 0) {
			b = append(b, rows.Pad(fmt.Sprintf("%-14s ", r.Name)+th.Muted.Render(rows.NoData(r.Name)), p.width, false))
			continue
		}
		b = append(b, rows.Pad(fmt.Sprintf("%-14s %9s %9s %9s  %s", r.Name, numfmt.Count(t.Rows), numfmt.Count(t.Rejected), numfmt.Count(t.Filtered), strings.Join(t.Files, ", ")), p.width, false))
		mapping = append(mapping, rows.Pad(fmt.Sprintf("%-14s %s", r.Name, Mapping(t)), p.width, false))
	}
	if p.env.Schema != nil {
		for _, ig := range p.env.Schema.Ignored {
			b = append(b, th.Warn.Render(rows.Pad("ignored: "+ig.File+" — "+ig.Reason, p.width, false)))
		}
		for _, f := range p.env.Schema.Failed {
			b = append(b, th.Error.Render(rows.Pad("cannot be loaded: "+f.File+" — "+f.Reason, p.width, false)))
		}
		for _, t := range p.env.Schema.Tables {
			if t.Returns > 0 {
				b = append(b, rows.Pad(fmt.Sprintf("returns: %s order lines with a negative amount or quantity — not orders, netted into revenue", numfmt.Count(t.Returns)), p.width, false))
			}
		}
		for _, d := range p.env.Schema.Doubts {
			b = append(b, th.Warn.Render(rows.Pad("doubt: "+d, p.width, false)))
		}
	}
	if len(mapping) > 0 && p.height-len(b)-len(mapping)-2 >= 6 {
		b = append(b, th.Title.Render("Mapping (canonical ← source)"))
		b = append(b, mapping...)
	}
	title := "Rejected rows"
	switch {
	case p.err != nil:
		title += "  " + th.Error.Render(p.err.Error())
	case p.grid.Table() != nil:
		title += " (" + numfmt.Count(int64(len(p.grid.Table().Rows))) + ")"
		if s := p.env.Schema; s != nil && len(s.Reasons) > 0 {
			var by []string
			for _, r := range s.Reasons {
				by = append(by, fmt.Sprintf("%s %s: %s", numfmt.Count(r.Rows), r.Role, r.Reason))
			}
			title += " — " + strings.Join(by, " · ")
		}
	}
	b = append(b, th.Title.Render(title))
	return strings.Join(b, "\n")
}

// Mapping lists canonical ← source for one table, canonical columns in
// display order.
func Mapping(t *model.TableInfo) string {
	order := t.Order
	if len(order) == 0 {
		for c := range t.Columns {
			order = append(order, c)
		}
		sort.Strings(order)
	}
	var parts []string
	for _, c := range order {
		src, ok := t.Columns[c]
		if !ok {
			continue
		}
		if src == c {
			parts = append(parts, c)
		} else {
			parts = append(parts, c+" ← "+src)
		}
	}
	return strings.Join(parts, " · ")
}

func (p *Pane) View() string {
	out := p.top()
	if t := p.grid.Table(); t != nil && len(t.Rows) == 0 {
		return out + "\n" + p.env.Theme.Muted.Render("No rejected rows: every value was usable.")
	}
	return out + "\n" + p.grid.View()
}
