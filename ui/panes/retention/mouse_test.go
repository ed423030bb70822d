package retention

import (
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

func TestClickSelectsCellAndDrills(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 100, 30)
	x, y := uitest.LineOf(t, p.View(), "100.0~") // 2024-02 +1
	p, msgs := uitest.Send(t, p, uitest.Click(x, y))
	if len(msgs) != 0 {
		t.Fatalf("msgs %v", msgs)
	}
	uitest.Contains(t, p.View(), "[100.0~]", "2024-02 +1: 1 of 1 active, retention 100.0%")
	// A click on the 2024-01 label keeps the offset.
	_, y0 := uitest.LineOf(t, p.View(), "2024-01  ")
	p, _ = uitest.Send(t, p, uitest.Click(3, y0))
	uitest.Contains(t, p.View(), "2024-01 +1: 1 of 2 active, retention 50.0%")
	p, msgs = uitest.Send(t, p, uitest.Click(3, y0)) // again: drill
	if len(msgs) != 1 {
		t.Fatalf("second click: msgs %v", msgs)
	}
	d := msgs[0].(pane.DrillMsg)
	if uitest.Arg(t, d, "kz_cohort") != "2024-01" || uitest.Arg(t, d, "kz_offset") != int64(1) {
		t.Errorf("drill args = %v", d.Args)
	}
	// The churn flow: a click selects a period.
	p, _ = uitest.Press(t, p, "v")
	_, y = uitest.LineOf(t, p.View(), "2024-02 ")
	p, _ = uitest.Send(t, p, uitest.Click(10, y))
	if !uitest.Selected(t, p.View(), "2024-02 ") || uitest.Selected(t, p.View(), "2024-01 ") {
		t.Errorf("click on February's flow:\n%s", p.View())
	}
}
