// Package e2e drives the real kizuna binary in tmux: start on the bundled
// sample data, switch panes, drill and come back, run SQL with ctrl+r,
// export, resize below and above 80×24, quit.
//
// It is slow (it builds the binary) and needs tmux, so it only runs with
// KIZUNA_E2E=1:  KIZUNA_E2E=1 go test ./e2e
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type term struct {
	t       *testing.T
	session string
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", args...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (tm *term) screen() string {
	return tm.tmux("capture-pane", "-p", "-t", tm.session)
}

// send types keys (tmux key names: "Tab", "Escape", "C-r", "Enter", or text).
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", tm.session}, keys...)...)
}

// typeText types s literally.
func (tm *term) typeText(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", tm.session, "-l", s)
}

// wait polls the screen until it shows every string.
func (tm *term) wait(what string, want ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		ok := true
		for _, w := range want {
			if !strings.Contains(s, w) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("%s: screen lacks %q:\n%s", what, want, s)
	return ""
}

// waitGone polls the screen until it no longer shows s.
func (tm *term) waitGone(what, s string) {
	tm.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if !strings.Contains(tm.screen(), s) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("%s: screen still shows %q:\n%s", what, s, tm.screen())
}

func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.tmux("resize-window", "-t", tm.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

func TestWorkbenchInTmux(t *testing.T) {
	if os.Getenv("KIZUNA_E2E") == "" {
		t.Skip("set KIZUNA_E2E=1 to run the tmux end-to-end test")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "kizuna")
	build := exec.Command("go", "build", "-o", bin, "./cmd/kizuna")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	tm := &term{t: t, session: fmt.Sprintf("kizuna-e2e-%d", os.Getpid())}
	shell := fmt.Sprintf("cd %q && env XDG_STATE_HOME=%q KIZUNA_EXPORT_DIR=%q KIZUNA_LOG=%q NO_COLOR=1 TERM=xterm-256color %q",
		dir, filepath.Join(dir, "state"), filepath.Join(dir, "export"), filepath.Join(dir, "kizuna.log"), bin)
	tm.tmux("new-session", "-d", "-s", tm.session, "-x", "120", "-y", "40", shell)
	tm.tmux("set-option", "-t", tm.session, "window-size", "manual")
	t.Cleanup(func() {
		_ = exec.Command("tmux", "kill-session", "-t", tm.session).Run()
		if t.Failed() {
			if b, err := os.ReadFile(filepath.Join(dir, "kizuna.log")); err == nil {
				t.Logf("kizuna.log:\n%s", b)
			}
		}
	})

	// Start on the sample data: the Overview with its tiles.
	tm.wait("start", "[1 Overview]", "as of", "Revenue", "Engagement rate")

	// Digits, tab and shift+tab switch panes.
	tm.send("3")
	tm.wait("digit 3", "[3 NPS]")
	tm.send("Tab")
	tm.wait("tab", "[4 Retention]")
	tm.send("BTab")
	tm.wait("shift+tab", "[3 NPS]")
	tm.send("0")
	tm.wait("data pane", "[0 Data]", "Loaded tables", "Rejected rows")

	// Drill into the rows behind the first segment, then come back.
	tm.send("2")
	tm.wait("segments", "[2 Segments]")
	time.Sleep(2 * time.Second) // let the segment table load
	tm.send("Enter")
	tm.wait("drill", "Rows ·", "esc back")
	tm.send("Escape")
	tm.waitGone("back from drill", "Rows ·")
	tm.wait("back from drill", "[2 Segments]")

	// SQL: q types into the editor, ctrl+r runs, esc leaves the editor.
	tm.send("9")
	tm.wait("sql pane", "[9 SQL]")
	tm.typeText("SELECT count(*) AS n_orders FROM orders")
	tm.send("C-r")
	tm.wait("sql run", "1 rows × 1 columns", "n_orders")
	tm.send("Escape")
	tm.wait("leave editor", "(enter edits)")

	// Export the result as CSV.
	tm.send("e")
	tm.wait("export prompt", "[c] CSV")
	tm.send("c")
	tm.wait("export", "wrote 1 rows to")
	if b, err := os.ReadFile(filepath.Join(dir, "export", "kizuna-sql.csv")); err != nil || !strings.HasPrefix(string(b), "n_orders\n") {
		t.Fatalf("export file: %q %v", b, err)
	}

	// Below 80×24: a clear message; back above: the layout again.
	tm.resize(70, 20)
	tm.wait("small", "kizuna needs at least 80×24; this terminal is 70×20")
	tm.resize(100, 30)
	tm.wait("resized", "[9 SQL]", "n_orders")

	// q quits.
	tm.send("q")
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "has-session", "-t", tm.session).Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit:\n%s", tm.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
