// Package e2e drives the real kizuna binary in tmux: start on the bundled
// sample data, switch panes, drill and come back, run SQL with ctrl+r,
// export, resize below and above 80×24, quit; and cancel the loading of a
// bigger data set with q.
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

// newTerm starts a w×h tmux session running shell; it is killed at the
// end of the test, and log (when not "") is shown if the test failed.
func newTerm(t *testing.T, name string, w, h int, shell, log string) *term {
	t.Helper()
	tm := &term{t: t, session: fmt.Sprintf("%s-%d", name, os.Getpid())}
	tm.tmux("new-session", "-d", "-s", tm.session, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), shell)
	t.Cleanup(func() {
		_ = exec.Command("tmux", "kill-session", "-t", tm.session).Run()
		if log != "" && t.Failed() {
			if b, err := os.ReadFile(log); err == nil {
				t.Logf("%s:\n%s", filepath.Base(log), b)
			}
		}
	})
	return tm
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

// needTmux skips unless KIZUNA_E2E is set and tmux is installed.
func needTmux(t *testing.T) {
	if os.Getenv("KIZUNA_E2E") == "" {
		t.Skip("set KIZUNA_E2E=1 to run the tmux end-to-end test")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
}

// build builds the kizuna binary into dir.
func build(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "kizuna")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/kizuna")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// waitAny polls the screen until it shows one of want and returns it.
func (tm *term) waitAny(what string, want ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		for _, w := range want {
			if strings.Contains(s, w) {
				return w
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("%s: screen shows none of %q:\n%s", what, want, s)
	return ""
}

func TestWorkbenchInTmux(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	bin := build(t, dir)
	shell := fmt.Sprintf("cd %q && env XDG_STATE_HOME=%q KIZUNA_EXPORT_DIR=%q KIZUNA_LOG=%q NO_COLOR=1 TERM=xterm-256color %q",
		dir, filepath.Join(dir, "state"), filepath.Join(dir, "export"), filepath.Join(dir, "kizuna.log"), bin)
	tm := newTerm(t, "kizuna-e2e", 120, 40, shell, filepath.Join(dir, "kizuna.log"))
	tm.tmux("set-option", "-t", tm.session, "window-size", "manual")

	// Start on the sample data: the loading screen (a cache hit may flash
	// by too fast to see), then the Overview with its tiles.
	tm.waitAny("open", "kizuna · loading", "[1 Overview]")
	tm.wait("start", "[1 Overview]", "as of", "Revenue", "Engagement rate")

	// Digits, tab and shift+tab switch panes.
	tm.send("3")
	tm.wait("digit 3", "[3 NPS]")
	// Keys that arrive together (typed fast, or over a slow SSH link) each
	// count: "jjjj" in one send-keys moves the selection four rows, from
	// the first region (中国) to the fifth (四国).
	tm.wait("nps bars", "▸ 中国")
	tm.typeText("jjjj")
	tm.wait("key burst", "▸ 四国")
	tm.send("Tab")
	tm.wait("tab", "[4 Retention]")
	tm.send("BTab")
	tm.wait("shift+tab", "[3 NPS]")
	tm.send("0")
	tm.wait("data pane", "[0 Data]", "Loaded tables", "Rejected rows")

	// Drill into the rows behind the first segment, then come back.
	tm.send("2")
	// Panes load when first shown: wait for the segment table and its bars.
	tm.wait("segments", "[2 Segments]", "▾ customers")
	tm.send("Enter")
	// Wait for the rows themselves: esc while the query runs cancels it
	// (SPEC §5) rather than going back.
	tm.wait("drill", "Rows ·", "rows · esc back")
	tm.send("Escape")
	tm.waitGone("back from drill", "Rows ·")
	tm.wait("back from drill", "[2 Segments]")

	// Voice: t shows the comments' topics by impact, enter a topic's comments.
	tm.send("7")
	tm.wait("voice", "[7 Voice]", "t: topics")
	tm.send("t")
	tm.wait("topics", "Voice · topics", "impact", "アプリが重い")
	tm.send("Enter")
	tm.wait("topic comments", "mentions · NPS of mentioners", "esc: back to the topics")
	tm.send("Escape")
	tm.send("t")
	tm.wait("back to comments", "Voice · /: search")

	// SQL: q types into the editor, ctrl+r runs, esc leaves the editor.
	tm.send("9")
	tm.wait("sql pane", "[9 SQL]", "(enter edits)")
	tm.send("Enter")
	tm.wait("editing", "esc leave the editor")
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
	tm.waitClosed("q")
}

// waitClosed waits for the session to end (its program exited).
func (tm *term) waitClosed(what string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "has-session", "-t", tm.session).Run() == nil {
		if time.Now().After(deadline) {
			tm.t.Fatalf("%s did not end the session:\n%s", what, tm.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestCancelLoadingInTmux loads a generated data set of 200,000 customers
// without the cache from a shell, presses q on the loading screen and
// expects the shell back at once: exit status 0, the screen restored and
// the engine's temporary files gone.
func TestCancelLoadingInTmux(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	bin := build(t, dir)
	data, tmp := filepath.Join(dir, "big"), filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "sample", "--out", data, "--customers", "200000").CombinedOutput(); err != nil {
		t.Fatalf("sample: %v\n%s", err, out)
	}
	shell := fmt.Sprintf("cd %q && env -i PATH=/usr/bin:/bin HOME=%q HISTFILE=/dev/null PS1='kz-prompt$ ' TERM=xterm-256color bash --norc --noprofile", dir, dir)
	tm := newTerm(t, "kizuna-e2e-cancel", 100, 30, shell, filepath.Join(dir, "kizuna.log"))
	tm.wait("shell", "kz-prompt$")
	tm.typeText(fmt.Sprintf("TMPDIR=%q KIZUNA_LOG=%q NO_COLOR=1 %q --no-cache %q; echo \"exit=$?\"",
		tmp, filepath.Join(dir, "kizuna.log"), bin, data))
	tm.send("Enter")
	tm.wait("loading screen", "kizuna · loading", "of 7", "rows/s", "MB/s", "elapsed", "esc cancel")
	start := time.Now()
	tm.send("q")
	s := tm.wait("shell back", "exit=0")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("q took %v to give the shell back", d)
	}
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "kz-prompt$") {
		t.Errorf("last line %q, want the prompt:\n%s", last, s)
	}
	if strings.Contains(s, "kizuna · loading") {
		t.Errorf("the loading screen is still on the terminal:\n%s", s)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	tm.typeText("exit")
	tm.send("Enter")
	tm.waitClosed("exit")
}
