package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/kizuna-dev/kizuna/internal/engine"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// keyPair is a client key: its signer and authorized_keys line.
func keyPair(t *testing.T) (gossh.Signer, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return signer, string(gossh.MarshalAuthorizedKey(sp))
}

// start serves the bundled sample on 127.0.0.1 with a new host key; the
// authorized_keys file holds allowed.
func start(t *testing.T, allowed string) (addr string, srv *Server, stateDir string) {
	t.Helper()
	dir := t.TempDir()
	e, err := engine.Open(context.Background(), engine.Options{Paths: []string{"../../sample-data"}, CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	ak := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(ak, []byte(allowed), 0o600); err != nil {
		t.Fatal(err)
	}
	schema := e.Schema
	srv, err = New(Options{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "host_ed25519"), AuthorizedKeys: ak,
		MaxSessions: 3, StateDir: filepath.Join(dir, "state"), Env: pane.Env{DB: e.DB, Schema: &schema, Files: e.FileDB()}, Params: e.Params(), Log: log.New(io.Discard, "", 0),
		NewConsole: func(ctx context.Context) (pane.Console, func(), error) {
			c, err := e.NewConsole(ctx)
			if err != nil {
				return nil, nil, err
			}
			return c, func() { c.Close() }, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	if fi, err := os.Stat(filepath.Join(dir, "host_ed25519")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("host key %v %v: want a 0600 file", fi, err)
	}
	return a.String(), srv, filepath.Join(dir, "state")
}

func dial(addr string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "analyst", Auth: auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
}

// screen collects a session's output as plain text (escape codes gone).
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

var ansiRe = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]`)

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansiRe.ReplaceAllString(s.buf.String(), "")
}

func (s *screen) waitFor(t *testing.T, what string, want ...string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		txt := s.text()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(txt, w)
		}
		if ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	txt := s.text()
	t.Fatalf("%s: %q not on screen; last 2000 bytes:\n%s", what, want, txt[max(0, len(txt)-2000):])
}

// session opens a PTY session of w×h running the workbench.
func session(t *testing.T, c *gossh.Client, w, h int) (*gossh.Session, io.Writer, *screen) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := &screen{}
	s.Stdout, s.Stderr = out, out
	in, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	// A terminal answers the server's questions about its background
	// (OSC 11) and attributes (DA1); so does this one: dark, VT220.
	fmt.Fprint(in, "\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\\x1b[?62;22c")
	t.Cleanup(func() { s.Close() })
	return s, in, out
}

// TestServeKeysOnly: an allowed key gets the Overview; a key not in
// authorized_keys and a password are refused; without a PTY there is no
// session; two sessions at once keep their own state and size.
func TestServeKeysOnly(t *testing.T) {
	good, line := keyPair(t)
	other, _ := keyPair(t)
	addr, srv, stateDir := start(t, "# the analysts\n"+line)

	if c, err := dial(addr, gossh.PublicKeys(other)); err == nil {
		c.Close()
		t.Fatal("a key not in authorized_keys logged in")
	}
	if c, err := dial(addr, gossh.Password("secret"), gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return []string{"secret"}, nil
	})); err == nil {
		c.Close()
		t.Fatal("a password logged in")
	}

	c, err := dial(addr, gossh.PublicKeys(good))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// No PTY: refused with a message, no workbench.
	np, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, _ := np.CombinedOutput("")
	if !strings.Contains(string(out), "PTY") || strings.Contains(string(out), "Overview") {
		t.Errorf("no PTY: %q", out)
	}

	// Two sessions at once, of different sizes.
	_, inA, a := session(t, c, 120, 40)
	_, inB, b := session(t, c, 90, 30)
	a.waitFor(t, "session A", "[1 Overview]", "Revenue")
	b.waitFor(t, "session B", "[1 Over", "Orders")
	if n := srv.Sessions(); n != 2 {
		t.Errorf("%d sessions open, want 2", n)
	}
	// A third, small session gets its own size; a fourth is over --max-sessions.
	_, inC, cs := session(t, c, 70, 20)
	cs.waitFor(t, "session C", "this terminal is 70×20")
	d, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	d.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
	if out, _ := d.CombinedOutput(""); !strings.Contains(string(out), "3 sessions are open") {
		t.Errorf("fourth session: %q", out)
	}
	fmt.Fprint(inC, "\x03")
	// A goes to NPS; B stays where it is, then goes to Data on its own.
	fmt.Fprint(inA, "3")
	a.waitFor(t, "A on NPS", "[3 NPS]")
	time.Sleep(500 * time.Millisecond)
	if strings.Contains(b.text(), "[3 NPS]") {
		t.Error("A's key moved B's workbench")
	}
	// A filters by region; B's screen says nothing of it.
	fmt.Fprint(inA, "f")
	a.waitFor(t, "A's filter bar", "dimension:")
	fmt.Fprint(inA, "\t")
	time.Sleep(200 * time.Millisecond)
	fmt.Fprint(inA, " ")
	time.Sleep(200 * time.Millisecond)
	fmt.Fprint(inA, "\r")
	a.waitFor(t, "A filtered", "Filter: region=")
	fmt.Fprint(inB, "0")
	b.waitFor(t, "B on Data", "[0 Data]", "Loaded tables")
	if strings.Contains(b.text(), "Filter: region=") || strings.Contains(b.text(), "dimension:") {
		t.Error("A's filter reached B's screen")
	}
	// Export writes nothing on the server without --export-dir.
	fmt.Fprint(inA, "e")
	time.Sleep(300 * time.Millisecond)
	fmt.Fprint(inA, "c")
	a.waitFor(t, "export refused", "export is off here")
	// The SQL pane of a session is the sandboxed console of its own.
	fmt.Fprint(inB, "9")
	b.waitFor(t, "B on SQL", "[9 SQL]")
	fmt.Fprint(inB, "\r") // enter: the editor takes the keys
	fmt.Fprint(inB, "SELECT * FROM read_text('/etc/passwd')")
	fmt.Fprint(inB, "\x12") // ctrl+r
	b.waitFor(t, "file access refused", "out of reach")
	if strings.Contains(b.text(), "root:x:0:0") {
		t.Fatal("/etc/passwd reached a session")
	}
	// The query is in this key's own history, nowhere else.
	hist, _ := filepath.Glob(filepath.Join(stateDir, "history-*"))
	if len(hist) != 1 {
		t.Errorf("history files %v, want one for the key", hist)
	} else if h, _ := os.ReadFile(hist[0]); !strings.Contains(string(h), "read_text") {
		t.Errorf("history %q", h)
	}
	fmt.Fprint(inA, "\x03") // ctrl+c quits
	fmt.Fprint(inB, "\x03")
}
