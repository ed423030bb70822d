// Package ui is the kizuna workbench: a root model that holds the panes in
// SPEC order with a focus index, a tab bar, the filter bar, the drill-down
// rows view and a status/help line, and routes keys between them.
package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/filterbar"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/data"
	"github.com/kizuna-dev/kizuna/ui/panes/engagement"
	"github.com/kizuna-dev/kizuna/ui/panes/journey"
	"github.com/kizuna-dev/kizuna/ui/panes/nps"
	"github.com/kizuna-dev/kizuna/ui/panes/overview"
	"github.com/kizuna-dev/kizuna/ui/panes/retention"
	"github.com/kizuna-dev/kizuna/ui/panes/rfm"
	"github.com/kizuna-dev/kizuna/ui/panes/segments"
	"github.com/kizuna-dev/kizuna/ui/panes/sqlpane"
	"github.com/kizuna-dev/kizuna/ui/panes/voice"
	"github.com/kizuna-dev/kizuna/ui/rows"
	"github.com/kizuna-dev/kizuna/ui/task"
)

// MinWidth and MinHeight are the smallest terminal the layout needs.
const MinWidth, MinHeight = 80, 24

// Constructor builds a pane.
type Constructor func(env pane.Env) pane.Pane

// Constructors lists the panes in SPEC order: 1 Overview … 9 SQL, 0 Data.
var Constructors = []Constructor{
	overview.New, segments.New, nps.New, retention.New, journey.New,
	rfm.New, voice.New, engagement.New, sqlpane.New, data.New,
}

// Model is the root model.
type Model struct {
	env   pane.Env
	keys  *keys.Map
	panes []pane.Pane
	focus int

	filter *filterbar.Model
	drill  *rows.Model // open drill-down view, nil when none
	help   help.Model

	sqlView  *viewport.Model // `s` overlay, nil when closed
	sqlTitle string
	asking   bool // `e` pressed: waiting for c / p / j
	export   *task.Runner
	status   string
	base     metrics.Params
	// Panes start loading when first shown, so that opening kizuna on a big
	// data set runs one pane's queries, not all ten at once. params is the
	// filter state a pane gets when it starts.
	started []bool
	params  metrics.Params

	width, height int
	// exportDir is where `e` writes; "" refuses exports (kizuna serve
	// without --export-dir writes nothing on the server).
	exportDir string
	quitting  bool
	// saveNext: S was pressed on a pane: the drill its enter asks for
	// opens with the segment name input (pane.DrillSaver).
	saveNext bool
}

// New builds the root model over env with the panes of Constructors;
// base holds the parameters from the command line (as-of, churn window).
func New(env pane.Env, base metrics.Params) *Model {
	return NewWith(env, base, Constructors)
}

// SetExportDir sets where `e` writes exports; "" refuses them with a reason.
func (m *Model) SetExportDir(dir string) { m.exportDir = dir }

// NewWith builds the root model with the given panes (tests).
func NewWith(env pane.Env, base metrics.Params, cs []Constructor) *Model {
	k := env.KeyMap()
	env.Keys = k
	m := &Model{env: env, keys: k, base: base, filter: filterbar.New(env, k, base),
		help: help.New(), export: task.New(), exportDir: ExportDir()}
	for _, c := range cs {
		m.panes = append(m.panes, c(env))
	}
	return m
}

// Focused is the index of the focused pane.
func (m *Model) Focused() int { return m.focus }

// Pane returns pane i.
func (m *Model) Pane(i int) pane.Pane { return m.panes[i] }

// Drill is the open rows view, or nil.
func (m *Model) Drill() *rows.Model { return m.drill }

// Filter is the filter bar.
func (m *Model) Filter() *filterbar.Model { return m.filter }

// Status is the status line's message.
func (m *Model) Status() string { return m.status }

// Init starts and focuses the first pane; the others start (their first
// queries run in the background) when they are first shown.
func (m *Model) Init() tea.Cmd {
	m.started = make([]bool, len(m.panes))
	m.params = m.base
	if len(m.panes) == 0 {
		return nil
	}
	return tea.Batch(m.start(0), m.panes[0].Focus())
}

// start starts pane i once, with the current filter state.
func (m *Model) start(i int) tea.Cmd {
	if m.started == nil {
		m.started = make([]bool, len(m.panes))
		m.params = m.base
	}
	if m.started[i] {
		return nil
	}
	m.started[i] = true
	cmds := []tea.Cmd{m.panes[i].Init()}
	if p := m.params; p.AsOf != "" || p.InactiveDays != 0 || p.Period != "" || p.From != "" || p.To != "" || len(p.Where) > 0 || p.By != "" || p.SegmentSQL != "" {
		cmds = append(cmds, m.panes[i].SetFilter(p))
	}
	return tea.Batch(cmds...)
}

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	case tea.MouseMsg:
		return m, m.mouse(msg)
	case pane.DrillMsg:
		if m.saveNext {
			msg.Save, m.saveNext = true, false
		}
		if m.drill != nil {
			m.drill.Close()
		}
		var cmd tea.Cmd
		m.drill, cmd = rows.New(m.env, m.keys, msg)
		m.layout()
		return m, cmd
	case pane.JumpMsg:
		return m, m.focusPane(msg.Index)
	case filterbar.ApplyMsg:
		var cmds []tea.Cmd
		m.params = msg.Params
		for i, p := range m.panes {
			if m.started != nil && m.started[i] {
				cmds = append(cmds, p.SetFilter(msg.Params))
			}
		}
		m.status = "filter applied"
		if s := filterbar.Summary(msg.Params); s != "" {
			m.status += ": " + s
		}
		m.layout()
		return m, tea.Batch(cmds...)
	case task.Done:
		if m.export.Accept(msg) {
			m.status = exportStatus(msg)
			return m, nil
		}
	}
	return m, m.broadcast(msg)
}

// broadcast hands a message that is not input to everything that may own
// it: results and spinner ticks carry ids, so the others ignore them.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	if m.drill != nil {
		_, cmd := m.drill.Update(msg)
		cmds = append(cmds, cmd)
	}
	cmds = append(cmds, m.filter.Update(msg))
	for i, p := range m.panes {
		var cmd tea.Cmd
		m.panes[i], cmd = p.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		// Keys typed fast (or through a slow SSH link) arrive together as
		// one message ("jj"): each is a key press of its own.
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			cmds = append(cmds, m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
		}
		return tea.Batch(cmds...)
	}
	k := m.keys
	m.saveNext = false // only the drill that S itself asks for
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	// Modal overlays first.
	switch {
	case m.sqlView != nil:
		if key.Matches(msg, k.Back, k.ShowSQL, k.Quit) {
			m.sqlView = nil
			return nil
		}
		v, cmd := m.sqlView.Update(msg)
		m.sqlView = &v
		return cmd
	case m.asking:
		return m.answerExport(msg)
	case m.filter.Capturing():
		cmd := m.filter.Update(msg)
		m.layout() // the bar's height changes when it closes
		return cmd
	}
	capturing := m.panes[m.focus].Capturing()
	if m.drill != nil {
		capturing = m.drill.Capturing()
	}
	if capturing {
		return m.toFocused(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return nil
	case key.Matches(msg, k.Next):
		return m.focusPane((m.focus + 1) % len(m.panes))
	case key.Matches(msg, k.Prev):
		return m.focusPane((m.focus + len(m.panes) - 1) % len(m.panes))
	case key.Matches(msg, k.Filter):
		m.status = ""
		cmd := m.filter.Show()
		m.layout()
		return cmd
	case key.Matches(msg, k.ShowSQL):
		m.showSQL()
		return nil
	case key.Matches(msg, k.Export):
		s := m.screen()
		if s.Table == nil || len(s.Table.Columns) == 0 {
			m.status = "nothing to export on this screen"
			return nil
		}
		m.asking = true
		return nil
	}
	for i, b := range k.Panes {
		if i < len(m.panes) && key.Matches(msg, b) {
			return m.focusPane(i)
		}
	}
	if s, ok := m.panes[m.focus].(pane.DrillSaver); ok && m.drill == nil && key.Matches(msg, rows.SaveKey) && s.CanSaveDrill() {
		cmd := m.toFocused(tea.KeyMsg{Type: tea.KeyEnter})
		m.saveNext = true
		return cmd
	}
	return m.toFocused(msg)
}

// toFocused sends a key or mouse message to the rows view when it is open,
// else to the focused pane.
func (m *Model) toFocused(msg tea.Msg) tea.Cmd {
	if m.drill != nil {
		done, cmd := m.drill.Update(msg)
		if done {
			m.drill = nil
			m.layout()
		}
		return cmd
	}
	var cmd tea.Cmd
	m.panes[m.focus], cmd = m.panes[m.focus].Update(msg)
	return cmd
}

// focusPane moves the focus to pane i, closing the rows view.
func (m *Model) focusPane(i int) tea.Cmd {
	if i < 0 || i >= len(m.panes) {
		return nil
	}
	if m.drill != nil {
		m.drill.Close()
		m.drill = nil
		m.layout()
	}
	if i == m.focus {
		return nil
	}
	m.panes[m.focus].Blur()
	m.focus = i
	m.status = ""
	return tea.Batch(m.start(i), m.panes[i].Focus())
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	if m.drill != nil {
		m.drill.Close()
	}
	return tea.Quit
}

// screen is what `s` and `e` act on: the rows view when open, else the
// focused pane's screen.
func (m *Model) screen() pane.Screen {
	if m.drill != nil {
		return m.drill.Screen()
	}
	return m.panes[m.focus].Screen()
}

func (m *Model) showSQL() {
	s := m.screen()
	text := s.SQL
	if text == "" {
		m.status = "no SQL behind this screen"
		return
	}
	v := viewport.New(max(1, m.width), max(1, m.bodyHeight()-1))
	v.SetContent(rows.Wrap(rows.Readable(text), m.width))
	m.sqlView, m.sqlTitle = &v, s.Name
}

// mouse: a click on the tab bar focuses that pane; anything else goes to
// the focused pane, with Y relative to the pane's top.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	m.saveNext = false
	if m.width < MinWidth || m.height < MinHeight || m.sqlView != nil {
		return nil
	}
	if msg.Y == 0 {
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			for _, t := range m.tabs() {
				if msg.X >= t.x0 && msg.X < t.x1 {
					return m.focusPane(t.index)
				}
			}
		}
		return nil
	}
	msg.Y -= m.topHeight()
	if msg.Y < 0 {
		return nil
	}
	return m.toFocused(msg)
}
