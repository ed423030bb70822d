package voice

import (
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

func TestClickSelectsCommentAndOpensIt(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, fixture...))), 100, 20)
	_, y := uitest.LineOf(t, p.View(), "late again")
	p, _ = uitest.Send(t, p, uitest.Click(50, y))
	if !uitest.Selected(t, p.View(), "late again") || uitest.Selected(t, p.View(), "great product") {
		t.Fatalf("click on the second comment:\n%s", p.View())
	}
	p, _ = uitest.Send(t, p, uitest.Click(50, y)) // again: the full text
	uitest.Contains(t, p.View(), "survey · 2024-02-01 · score 3", "esc/enter: back")
	p, _ = uitest.Press(t, p, "esc")
	// While searching, a click changes nothing.
	p, _ = uitest.Press(t, p, "/")
	_, y = uitest.LineOf(t, p.View(), "great product")
	p, _ = uitest.Send(t, p, uitest.Click(50, y))
	if !p.Capturing() || !uitest.Selected(t, p.View(), "late again") {
		t.Errorf("click while searching:\n%s", p.View())
	}
}
