package kit

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/ui/pane"
)

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}

func TestTargetsAt(t *testing.T) {
	var tg Targets
	tg.Rows(2, 5, 3)        // lines 2, 3, 4 → 5, 6, 7
	tg.Cells(3, 10, 18, 99) // cells 10..17 of line 3 → 99 (added last: wins)
	tg.Cells(0, 0, 4, 42)   // cells 0..3 of line 0
	for _, c := range []struct{ x, y, id int }{{0, 2, 5}, {9, 3, 6}, {10, 3, 99}, {17, 3, 99}, {18, 3, 6}, {200, 4, 7}, {3, 0, 42}} {
		if id, ok := tg.At(c.x, c.y); !ok || id != c.id {
			t.Errorf("At(%d, %d) = %d %v, want %d", c.x, c.y, id, ok, c.id)
		}
	}
	for _, c := range [][2]int{{4, 0}, {0, 1}, {0, 5}} {
		if id, ok := tg.At(c[0], c[1]); ok {
			t.Errorf("At(%d, %d) = %d, want nothing", c[0], c[1], id)
		}
	}
	tg.Reset()
	if _, ok := tg.At(0, 2); ok {
		t.Error("Reset kept targets")
	}
}

// The content starts below the title line, and below the status line when
// one shows (here the spinner of a running load).
func TestClickIsRelativeToContent(t *testing.T) {
	k := New(pane.Env{Ctx: context.Background()})
	var tg Targets
	tg.Line(0, 1)
	tg.Line(1, 2)
	if id, ok := k.Hit(click(0, 1), &tg); !ok || id != 1 {
		t.Errorf("idle: y 1 → %d %v, want content line 0", id, ok)
	}
	if _, ok := k.Hit(click(0, 0), &tg); ok {
		t.Error("a click on the title hit content")
	}
	k.Load(func(ctx context.Context) (any, error) { return nil, nil }) // running until its result is taken
	if id, ok := k.Hit(click(0, 2), &tg); !ok || id != 1 {
		t.Errorf("loading: y 2 → %d %v, want content line 0", id, ok)
	}
	for _, m := range []tea.Msg{
		tea.MouseMsg{X: 0, Y: 2, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: 0, Y: 2, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown},
		tea.KeyMsg{Type: tea.KeyEnter},
	} {
		if _, ok := k.Hit(m, &tg); ok {
			t.Errorf("%v counted as a click", m)
		}
	}
}
