// Package stub is a placeholder pane that shows its title and "loading…".
package stub

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// Pane is a placeholder.
type Pane struct{ title string }

// New returns a placeholder pane called title.
func New(title string) pane.Pane { return &Pane{title: title} }

func (p *Pane) Title() string                       { return p.title }
func (p *Pane) Init() tea.Cmd                       { return nil }
func (p *Pane) Update(tea.Msg) (pane.Pane, tea.Cmd) { return p, nil }
func (p *Pane) View() string                        { return p.title + "\nloading…" }
func (p *Pane) SetSize(int, int)                    {}
func (p *Pane) Focus() tea.Cmd                      { return nil }
func (p *Pane) Blur()                               {}
func (p *Pane) Capturing() bool                     { return false }
func (p *Pane) SetFilter(metrics.Params) tea.Cmd    { return nil }
func (p *Pane) Screen() pane.Screen                 { return pane.Screen{Name: p.title} }
func (p *Pane) ShortHelp() []key.Binding            { return nil }
func (p *Pane) FullHelp() [][]key.Binding           { return nil }
