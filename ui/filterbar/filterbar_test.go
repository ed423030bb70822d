package filterbar

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// bar is an open filter bar (its catalog load is never run: dates do not
// need it).
func bar() *Model {
	m := New(pane.Env{Ctx: context.Background(), Theme: theme.New()}, keys.Default(), metrics.Params{})
	m.SetWidth(120)
	m.Show()
	return m
}

func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		cmd = m.Update(msg)
	}
	return cmd
}

// Each date field refuses what is not a calendar date with a message that
// names the field and the value and says what to write; nothing is applied
// and the cursor goes to the field.
func TestDateFieldsSayWhatIsWrong(t *testing.T) {
	for _, c := range []struct {
		name      string
		from, to  string
		want      string
		wantField int
	}{
		{"to month 13", "", "2025-13-45", "to: 2025-13-45 is not a date — write YYYY-MM-DD", fieldTo},
		{"from Feb 30", "2025-02-30", "", "from: 2025-02-30 is not a date — write YYYY-MM-DD", fieldFrom},
		{"from not padded", "2025-1-5", "", "from: 2025-1-5 is not a date", fieldFrom},
		{"from after to", "2025-03-01", "2025-02-01", "from: 2025-03-01 is after to: 2025-02-01 — swap them or clear one", fieldTo},
	} {
		m := bar()
		press(m, "tab", "tab") // dimension → values → from
		press(m, c.from)
		press(m, "tab")
		press(m, c.to)
		if cmd := press(m, "enter"); cmd != nil {
			t.Errorf("%s: applied %v", c.name, cmd())
			continue
		}
		v := m.View()
		if !m.Open() || !strings.Contains(v, c.want) {
			t.Errorf("%s: view lacks %q:\n%s", c.name, c.want, v)
		}
		if c.name != "from after to" && m.field != c.wantField {
			t.Errorf("%s: cursor on field %d, want %d", c.name, m.field, c.wantField)
		}
		if strings.Contains(v, "Conversion Error") || strings.Contains(v, "CAST(") {
			t.Errorf("%s: engine words:\n%s", c.name, v)
		}
	}
}

func TestValidDatesApply(t *testing.T) {
	m := bar()
	press(m, "tab", "tab", "2024-02-29", "tab", "2025-12-31")
	cmd := press(m, "enter")
	if cmd == nil {
		t.Fatalf("not applied:\n%s", m.View())
	}
	p := cmd().(ApplyMsg).Params
	if p.From != "2024-02-29" || p.To != "2025-12-31" || m.Open() {
		t.Errorf("applied %+v, open %v", p, m.Open())
	}
}
