package engagement

import (
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

func TestClickSelectsPlatformAndDrills(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 110, 40)
	_, y := uitest.LineOf(t, p.View(), "instagram ")
	p, msgs := uitest.Send(t, p, uitest.Click(40, y))
	if len(msgs) != 0 || !uitest.Selected(t, p.View(), "instagram ") || uitest.Selected(t, p.View(), "(unknown)") {
		t.Fatalf("click on instagram: msgs %v\n%s", msgs, p.View())
	}
	p, msgs = uitest.Send(t, p, uitest.Click(40, y))
	if len(msgs) != 1 {
		t.Fatalf("second click: msgs %v", msgs)
	}
	if d := msgs[0].(pane.DrillMsg); uitest.Arg(t, d, "kz_sel") != "instagram" {
		t.Errorf("drill %q %v", d.Title, d.Args)
	}
}
