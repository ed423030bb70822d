package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompareAndSegmentInTmux: c compares in the Segments and Retention
// panes of the real binary; S in the rows behind a segment saves it under
// a name (the state folder's file holds the drill's SQL), and the filter
// bar's segment field applies it to every pane.
func TestCompareAndSegmentInTmux(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	bin := build(t, dir)
	shell := fmt.Sprintf("cd %q && env XDG_STATE_HOME=%q KIZUNA_LOG=%q NO_COLOR=1 TERM=xterm-256color %q",
		dir, filepath.Join(dir, "state"), filepath.Join(dir, "kizuna.log"), bin)
	tm := newTerm(t, "kizuna-e2e-cmp", 130, 40, shell, filepath.Join(dir, "kizuna.log"))
	tm.tmux("set-option", "-t", tm.session, "window-size", "manual")
	tm.wait("start", "[1 Overview]", "as of")

	tm.send("2")
	tm.wait("segments", "[2 Segments]", "▾ customers", "▸ 中国")
	tm.send("c")
	tm.wait("compare", "c: NPS 中国 − the rest", "c: repeat rate 中国 − the rest", "topics moved:")
	tm.send("Enter")
	tm.wait("drill", "Rows · Customers — region = 中国", "S save the customers as a segment")
	tm.send("S")
	tm.wait("name input", "segment name:", "enter save segment", "esc leave")
	tm.typeText("e2e chugoku")
	tm.send("Enter")
	tm.wait("saved", `saved segment "e2e chugoku" (184 customers now)`)
	b, err := os.ReadFile(filepath.Join(dir, "state", "kizuna", "segments.json"))
	if err != nil || !strings.Contains(string(b), `"name": "e2e chugoku"`) || !strings.Contains(string(b), "kz_drill") {
		t.Fatalf("segments file: %s %v", b, err)
	}
	tm.send("Escape")
	tm.waitGone("back from drill", "Rows ·")
	tm.send("f")
	tm.wait("filter bar", "segment: ‹none›")
	tm.send("Tab", "Tab", "Tab", "Tab", "Tab", "Right")
	tm.wait("segment chosen", "▸segment: ‹e2e chugoku›")
	tm.send("Enter")
	tm.wait("applied", "Filter: segment=e2e chugoku", "Everyone: customers 184")

	tm.send("4")
	tm.wait("retention", "[4 Retention]", "Retention at +1")
	tm.send("l", "c")
	tm.wait("retention compare", "c: retention", "other complete cohorts at +1")
	tm.send("q")
	tm.waitClosed("q")
}
