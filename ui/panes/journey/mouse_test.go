package journey

import (
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

func TestClickSelectsStageAndDrills(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 120, 30)
	_, y := uitest.LineOf(t, p.View(), "3 purchase")
	p, msgs := uitest.Send(t, p, uitest.Click(10, y))
	if len(msgs) != 0 || !uitest.Selected(t, p.View(), "3 purchase") {
		t.Fatalf("click on stage 3: msgs %v\n%s", msgs, p.View())
	}
	p, msgs = uitest.Send(t, p, uitest.Click(10, y))
	if len(msgs) != 1 {
		t.Fatalf("second click: msgs %v", msgs)
	}
	if d := msgs[0].(pane.DrillMsg); uitest.Arg(t, d, "kz_stage") != int64(3) {
		t.Errorf("drill %q %v", d.Title, d.Args)
	}
	// The current-stage bars are not selectable.
	_, y = uitest.LineOf(t, p.View(), "  awareness 認知")
	p, msgs = uitest.Send(t, p, uitest.Click(10, y))
	if len(msgs) != 0 || !uitest.Selected(t, p.View(), "3 purchase") {
		t.Errorf("click on the distribution: msgs %v\n%s", msgs, p.View())
	}
}
