package uitest

import (
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

func isTick(m tea.Msg) bool {
	_, ok := m.(spinner.TickMsg)
	return ok
}
