package nps

import (
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

func TestClickSelectsBarAndDrills(t *testing.T) {
	p := start(t, open(t, fixture...))
	if !uitest.Selected(t, p.View(), "(unknown)") {
		t.Fatalf("first bar not selected:\n%s", p.View())
	}
	_, y := uitest.LineOf(t, p.View(), "north")
	p, msgs := uitest.Send(t, p, uitest.Click(30, y))
	if len(msgs) != 0 || !uitest.Selected(t, p.View(), "north") || uitest.Selected(t, p.View(), "(unknown)") {
		t.Fatalf("click on north: msgs %v\n%s", msgs, p.View())
	}
	p, msgs = uitest.Send(t, p, uitest.Click(30, y))
	if len(msgs) != 1 {
		t.Fatalf("second click: msgs %v", msgs)
	}
	if d := msgs[0].(pane.DrillMsg); uitest.Arg(t, d, "kz_sel") != "north" {
		t.Errorf("drill %q %v", d.Title, d.Args)
	}
	// The legend above the bars is not a bar.
	_, legend := uitest.LineOf(t, p.View(), "promoters  ")
	p, _ = uitest.Send(t, p, uitest.Click(2, legend))
	if !uitest.Selected(t, p.View(), "north") {
		t.Errorf("click on the legend moved the cursor:\n%s", p.View())
	}
}
