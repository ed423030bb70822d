package segments

import (
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// TestClickSelectsRowOrBarAndDrills: the table lists north then 関東 (byte
// order), the bars below the "▾ customers" line the same.
func TestClickSelectsRowOrBarAndDrills(t *testing.T) {
	db := uitest.Open(t, "duckdb", dims, fixture...)
	p := uitest.Start(t, New(uitest.Env(db)), 140, 30)
	_, y := uitest.LineOf(t, p.View(), "関東") // the table row
	p, msgs := uitest.Send(t, p, uitest.Click(4, y))
	v := p.View()
	if len(msgs) != 0 || !uitest.Selected(t, v, "関東") || uitest.Selected(t, v, "north") {
		t.Fatalf("click on the 関東 row: msgs %v\n%s", msgs, v)
	}
	_, bars := uitest.LineOf(t, v, "▾ customers")
	lines := strings.Split(v, "\n")
	if !strings.Contains(lines[bars+1], "north") || !strings.HasPrefix(lines[bars+2], "▸ 関東") {
		t.Fatalf("bars:\n%s", v)
	}
	p, _ = uitest.Send(t, p, uitest.Click(20, bars+1)) // north's bar
	if !uitest.Selected(t, p.View(), "north") {
		t.Fatalf("click on north's bar:\n%s", p.View())
	}
	p, msgs = uitest.Send(t, p, uitest.Click(20, bars+1)) // again: drill
	if len(msgs) != 1 {
		t.Fatalf("second click: msgs %v", msgs)
	}
	if d := msgs[0].(pane.DrillMsg); uitest.Arg(t, d, "kz_sel") != "north" {
		t.Errorf("drill %q %v", d.Title, d.Args)
	}
	// A click on the title line selects nothing.
	p, msgs = uitest.Send(t, p, uitest.Click(4, 0))
	if len(msgs) != 0 || !uitest.Selected(t, p.View(), "north") {
		t.Errorf("click on the title changed the selection")
	}
}
