package e2e

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeOverSSHInTmux: kizuna serve on a free local port, a real
// OpenSSH client in tmux logs in with a key, switches pane, drills into a
// segment and comes back, and quits.
func TestServeOverSSHInTmux(t *testing.T) {
	needTmux(t)
	for _, tool := range []string{"ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (.ci/run installs openssh-client)", tool)
		}
	}
	dir := t.TempDir()
	bin := build(t, dir)
	key := filepath.Join(dir, "id")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, _ := os.ReadFile(key + ".pub")
	ak := filepath.Join(dir, "authorized_keys")
	os.WriteFile(ak, pub, 0o600)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	srv := exec.Command(bin, "serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--authorized-keys", ak,
		"--host-key", filepath.Join(dir, "host_ed25519"))
	srv.Env = append(os.Environ(), "XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	logf, _ := os.Create(filepath.Join(dir, "serve.log"))
	srv.Stdout, srv.Stderr = logf, logf
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Process.Kill()
		srv.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "serve.log"))
			t.Logf("serve.log:\n%s", b)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(dir, "serve.log"))
		if strings.Contains(string(b), "listening on") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("kizuna serve did not start:\n%s", b)
		}
		time.Sleep(200 * time.Millisecond)
	}
	client := fmt.Sprintf("ssh -tt -p %d -i %q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o IdentitiesOnly=yes localhost", port, key)
	tm := newTerm(t, "kizuna-ssh", 120, 40, "env TERM=xterm-256color "+client, "")

	tm.wait("overview over ssh", "[1 Overview]", "Revenue")
	tm.send("2")
	tm.wait("segments over ssh", "[2 Segments]", "▾ customers")
	tm.send("Enter")
	tm.wait("drill over ssh", "Rows ·", "rows · esc back")
	tm.send("Escape")
	tm.waitGone("back from drill", "Rows ·")
	tm.send("q")
	tm.waitClosed("q over ssh")
}
