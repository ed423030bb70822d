package rfm

import (
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// The grid's cells are 8 cells wide from x = 6 ("▸ R5  "); F3 covers 22–29.
func TestClickSelectsCellOrSegmentAndDrills(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil, fixture...))), 140, 30)
	_, y := uitest.LineOf(t, p.View(), "R3  ")
	p, msgs := uitest.Send(t, p, uitest.Click(22, y))
	if len(msgs) != 0 {
		t.Fatalf("msgs %v", msgs)
	}
	uitest.Contains(t, p.View(), "▸ R3        0       0 [     1]", "R3 F3: 1 customers — Need attention")
	p, msgs = uitest.Send(t, p, uitest.Click(22, y)) // again: drill the cell
	if len(msgs) != 1 {
		t.Fatalf("second click: msgs %v", msgs)
	}
	if d := msgs[0].(pane.DrillMsg); uitest.Arg(t, d, "kz_r") != int64(3) || uitest.Arg(t, d, "kz_f") != int64(3) {
		t.Errorf("drill %q %v", d.Title, d.Args)
	}
	// The segment table is to the right of the grid at this width.
	x, y := uitest.LineOf(t, p.View(), "Hibernating")
	p, _ = uitest.Send(t, p, uitest.Click(x+2, y))
	if s := p.Screen(); s.Name != "rfm" {
		t.Fatalf("click on a segment left the cursor in the grid (%s)", s.Name)
	}
	p, msgs = uitest.Send(t, p, uitest.Click(x+2, y))
	if len(msgs) != 1 {
		t.Fatalf("click on the selected segment: msgs %v", msgs)
	}
	if d := msgs[0].(pane.DrillMsg); uitest.Arg(t, d, "kz_seg") != "Hibernating" {
		t.Errorf("drill %q %v", d.Title, d.Args)
	}
}
