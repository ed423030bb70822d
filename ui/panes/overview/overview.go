// Package overview is the Overview pane (1): one tile per headline KPI with
// its value, the change against the previous range of equal length, and a
// sparkline of the KPI per period. Arrows move between tiles; enter (or a
// click on the selected tile) jumps to the pane behind the KPI.
package overview

import (
	"context"
	"strings"

	"github.com/NimbleMarkets/ntcharts/sparkline"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
	"github.com/kizuna-dev/kizuna/ui/rows"
	"github.com/kizuna-dev/kizuna/ui/task"
)

const cols = 3

// Pane is the Overview pane.
type Pane struct {
	env    pane.Env
	keys   *keys.Map
	params metrics.Params
	run    *task.Runner
	spin   spinner.Model
	data   *Data
	err    error
	sel    int
	sparks map[string]string // drawn sparklines, redrawn on data or size change
	open   key.Binding

	width, height int
}

// New returns the Overview pane.
func New(env pane.Env) pane.Pane {
	k := env.KeyMap()
	p := &Pane{env: env, keys: k, run: task.New(), sparks: map[string]string{},
		open: key.NewBinding(key.WithKeys(k.Enter.Keys()...), key.WithHelp("enter", "open the KPI's pane"))}
	p.spin = spinner.New(spinner.WithSpinner(spinner.Dot))
	return p
}

func (p *Pane) Title() string { return "Overview" }

// Init loads the KPIs.
func (p *Pane) Init() tea.Cmd { return p.load() }

func (p *Pane) load() tea.Cmd {
	db, params := p.env.DB, p.params
	run := p.run.Start(p.env.Ctx, func(ctx context.Context) (any, error) { return Load(ctx, db, params) })
	return tea.Batch(run, p.spin.Tick)
}

// SetFilter reloads with the filter bar's parameters.
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd {
	p.params = params
	return p.load()
}

// Selected is the index of the selected tile.
func (p *Pane) Selected() int { return p.sel }

// Data is the last loaded data (nil before the first load).
func (p *Pane) Data() *Data { return p.data }

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case task.Done:
		if p.run.Accept(msg) {
			p.err = msg.Err
			if msg.Err == nil {
				p.data = msg.Value.(*Data)
				p.draw()
			}
		}
	case spinner.TickMsg:
		if p.run.Running() {
			var cmd tea.Cmd
			p.spin, cmd = p.spin.Update(msg)
			return p, cmd
		}
	case tea.KeyMsg:
		return p, p.key(msg)
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
			return p, nil
		}
		w, h := p.tileSize()
		i := (msg.Y-1)/h*cols + msg.X/w
		if msg.Y < 1 || msg.X/w >= cols || i < 0 || i >= len(KPIs) {
			return p, nil
		}
		if i == p.sel {
			return p, p.jump()
		}
		p.sel = i
	}
	return p, nil
}

func (p *Pane) key(msg tea.KeyMsg) tea.Cmd {
	k := p.keys
	switch {
	case key.Matches(msg, k.Left):
		if p.sel%cols > 0 {
			p.sel--
		}
	case key.Matches(msg, k.Right):
		if p.sel%cols < cols-1 && p.sel+1 < len(KPIs) {
			p.sel++
		}
	case key.Matches(msg, k.Up):
		if p.sel >= cols {
			p.sel -= cols
		}
	case key.Matches(msg, k.Down):
		if p.sel+cols < len(KPIs) {
			p.sel += cols
		}
	case key.Matches(msg, p.open):
		return p.jump()
	case key.Matches(msg, k.Back):
		p.run.Cancel()
	}
	return nil
}

func (p *Pane) jump() tea.Cmd {
	i := KPIs[p.sel].Jump
	return func() tea.Msg { return pane.JumpMsg{Index: i} }
}

func (p *Pane) SetSize(w, h int) {
	if w == p.width && h == p.height {
		return
	}
	p.width, p.height = w, h
	p.draw()
}

func (p *Pane) Focus() tea.Cmd  { return nil }
func (p *Pane) Blur()           {}
func (p *Pane) Capturing() bool { return false }

func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Left, p.keys.Right, p.open}
}

func (p *Pane) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{{k.Up, k.Down, k.Left, k.Right, p.open}}
}

func (p *Pane) Screen() pane.Screen {
	s := pane.Screen{Name: "overview"}
	if p.data != nil {
		s.Table, s.SQL = p.data.Table, p.data.SQL
	}
	return s
}

// tileSize is the outer size of a tile; one line above the grid is the heading.
func (p *Pane) tileSize() (int, int) {
	rowsN := (len(KPIs) + cols - 1) / cols
	return max(10, p.width/cols), max(5, (p.height-1)/rowsN)
}

// sparkHeight is the sparkline's height inside a tile: border (2) and three
// text lines leave the rest.
func (p *Pane) sparkHeight() int {
	_, h := p.tileSize()
	return max(0, h-5)
}

// draw redraws the sparklines for the current data and size.
func (p *Pane) draw() {
	p.sparks = map[string]string{}
	if p.data == nil || p.width == 0 {
		return
	}
	w, _ := p.tileSize()
	sw, sh := w-4, p.sparkHeight()
	if sh < 1 || sw < 4 {
		return
	}
	for _, kpi := range KPIs {
		vals := p.data.Series[kpi.Name]
		if len(vals) < 2 {
			continue
		}
		if len(vals) > sw {
			vals = vals[len(vals)-sw:]
		}
		// Sparklines start at zero: put the baseline a little under the
		// smallest value so that the variation shows (ratings near 4.0, NPS < 0).
		lo, hi := vals[0], vals[0]
		for _, v := range vals {
			lo, hi = min(lo, v), max(hi, v)
		}
		lo -= max((hi-lo)*0.1, 1e-9)
		sl := sparkline.New(sw, sh, sparkline.WithStyle(p.env.Theme.Style().Foreground(p.env.Theme.Accent)))
		for _, v := range vals {
			sl.Push(v - lo)
		}
		sl.Draw()
		p.sparks[kpi.Name] = sl.View()
	}
}

func (p *Pane) hasRole(role string) bool {
	s := p.env.Schema
	if s == nil {
		return true
	}
	for _, t := range s.Tables {
		if t.Role == role {
			return t.Rows > 0
		}
	}
	return false
}

func (p *Pane) View() string {
	th := p.env.Theme
	head := th.Title.Render("Overview")
	if p.data != nil && p.data.AsOf != "" {
		head += th.Muted.Render("  as of " + p.data.AsOf + rangeNote(p.params))
	}
	switch {
	case p.run.Running():
		head += "  " + p.spin.View() + " loading…"
	case p.err != nil:
		head += "  " + th.Error.Render(kit.Words(p.err, p.params).Error())
	case p.data != nil && p.data.Err != nil:
		head += "  " + th.Error.Render("overview: "+firstLine(kit.Words(p.data.Err, p.params).Error()))
	}
	if !p.hasRole("orders") && !p.hasRole("responses") && !p.hasRole("reviews") && !p.hasRole("posts") {
		return head + "\n\n" + th.Muted.Render(rows.Wrap(rows.NoData("orders")+"\n"+rows.NoData("responses"), p.width))
	}
	w, h := p.tileSize()
	var lines []string
	for r := 0; r*cols < len(KPIs); r++ {
		var tiles []string
		for c := 0; c < cols && r*cols+c < len(KPIs); c++ {
			tiles = append(tiles, p.tile(r*cols+c, w, h))
		}
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, tiles...))
	}
	return rows.Pad(head, p.width, false) + "\n" + strings.Join(lines, "\n")
}

func rangeNote(p metrics.Params) string {
	if p.From == "" && p.To == "" {
		return " · last 90 days vs the 90 before"
	}
	return " · " + orDots(p.From) + " → " + orDots(p.To) + " vs the range before"
}

func orDots(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// tile renders KPI i in a w×h box; the selected one has a thick border and
// a ▸ marker (visible without colour).
func (p *Pane) tile(i, w, h int) string {
	th := p.env.Theme
	kpi := KPIs[i]
	inner := w - 4
	title := "  " + kpi.Label
	style := th.Border
	if i == p.sel {
		title = "▸ " + kpi.Label
		style = style.BorderStyle(lipgloss.ThickBorder()).BorderForeground(p.env.Theme.Accent)
	}
	body := []string{th.Bold.Render(rows.Pad(title, inner, false))}
	switch {
	case !p.hasRole(kpi.Role):
		body = append(body, th.Muted.Render(rows.Wrap(rows.NoData(kpi.Role), inner)))
	case p.data == nil:
		body = append(body, th.Muted.Render("…"))
	default:
		v := p.data.Values[kpi.Name]
		val := th.Title.Render(FormatValue(kpi.Kind, v.Value))
		if m, ok := p.data.Margins[kpi.Name]; ok {
			val += th.Muted.Render("  " + FormatMargin(m))
		}
		body = append(body, val)
		ch, sign := FormatChange(kpi.Kind, v.Change)
		if sign != 0 {
			ch += " vs " + FormatValue(kpi.Kind, v.Previous)
		}
		cs := th.Muted
		switch sign {
		case 1:
			cs = th.Style().Foreground(th.Good)
		case -1:
			cs = th.Style().Foreground(th.Bad)
		}
		body = append(body, cs.Render(rows.Pad(ch, inner, false)))
		if s, ok := p.sparks[kpi.Name]; ok {
			body = append(body, s)
		} else if err := p.data.SeriesErr[kpi.Series]; err != nil {
			body = append(body, th.Muted.Render(rows.Pad("no trend: "+firstLine(kit.Words(err, p.params).Error()), inner, false)))
		}
	}
	content := fitLines(strings.Join(body, "\n"), inner, h-2)
	return style.Width(w-2).Padding(0, 1).Render(content)
}

// fitLines cuts s to h lines of at most w cells.
func fitLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = rows.Pad(l, w, false)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
