// Package theme builds the workbench's styles once from adaptive colours.
// Styles are passed down, never kept in package globals, so that each SSH
// session can get its own later. lipgloss honours NO_COLOR by itself; focus
// and selection also carry a cue that is not colour (bold, reverse, ▸).
package theme

import "github.com/charmbracelet/lipgloss"

// Theme holds the styles every pane uses.
type Theme struct {
	Title, Muted, Bold, Selected, Focused, Border, Error, Warn lipgloss.Style
	// Series colours for charts: promoters/passives/detractors, good/bad.
	Good, Neutral, Bad, Accent lipgloss.Color
	Heat                       []lipgloss.Color // low → high, for heat maps

	r *lipgloss.Renderer // the output these styles are for (an SSH session has its own)
}

// Style is a new style for this theme's output: charts colour through it,
// so that each SSH session gets its own colour profile.
func (t *Theme) Style() lipgloss.Style {
	if t == nil || t.r == nil {
		return lipgloss.NewStyle()
	}
	return t.r.NewStyle()
}

// New builds the theme for the terminal kizuna runs in.
func New() *Theme { return NewFor(lipgloss.DefaultRenderer()) }

// NewFor builds the theme for one output: its colour profile and
// background (an SSH session has its own renderer).
func NewFor(r *lipgloss.Renderer) *Theme {
	ad := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	t := &Theme{
		r:       r,
		Good:    lipgloss.Color("34"),
		Neutral: lipgloss.Color("244"),
		Bad:     lipgloss.Color("160"),
		Accent:  lipgloss.Color("33"),
		Heat:    []lipgloss.Color{"52", "88", "124", "166", "178", "142", "71", "35"},
	}
	t.Title = r.NewStyle().Bold(true).Foreground(ad("#1a1a1a", "#f0f0f0"))
	t.Muted = r.NewStyle().Foreground(ad("#707070", "#8a8a8a"))
	t.Bold = r.NewStyle().Bold(true)
	t.Selected = r.NewStyle().Reverse(true).Bold(true)
	t.Focused = r.NewStyle().Bold(true).Underline(true).Foreground(ad("#005fd7", "#5fafff"))
	t.Border = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(ad("#b0b0b0", "#505050"))
	t.Error = r.NewStyle().Bold(true).Foreground(ad("#c00000", "#ff5f5f"))
	t.Warn = r.NewStyle().Foreground(ad("#9a6700", "#d7af00"))
	return t
}
