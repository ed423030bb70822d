// Package serve serves the workbench over SSH (kizuna serve): one loaded
// engine, a Bubble Tea program per session with its own filters, drills and
// colours, public keys only.
package serve

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log"
	"net"
	"path/filepath"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/logging"
	"github.com/charmbracelet/wish/ratelimiter"
	"github.com/muesli/termenv"
	"golang.org/x/time/rate"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Options configure the server.
type Options struct {
	Listen         string // address, e.g. ":2222" or "127.0.0.1:0"
	HostKey        string // the host key file; created (ed25519, 0600) when missing
	AuthorizedKeys string // authorized_keys of the analysts (read at every login)
	TrustedUserCA  string // optional: user certificates signed by these CAs are accepted too
	MaxSessions    int    // sessions at once (default 8)
	IdleTimeout    time.Duration
	MaxSessionTime time.Duration
	ExportDir      string // "" refuses exports: nothing is written on the server
	StateDir       string // per-key SQL history goes here
	// Env is the loaded data every session reads (read-only); each session
	// gets its own theme and context.
	Env    pane.Env
	Params metrics.Params
	// NewConsole opens a session's own SQL console (sandboxed: no files,
	// no ATTACH or settings, one statement, a time limit); close ends it.
	NewConsole func(ctx context.Context) (console pane.Console, close func(), err error)
	Log        *log.Logger // nil: log.Default()
}

// Server is a running kizuna serve.
type Server struct {
	srv      *ssh.Server
	ln       net.Listener
	sessions atomic.Int64
	opts     Options
}

// New prepares the server: host key, authentication and middlewares.
func New(o Options) (*Server, error) {
	if o.AuthorizedKeys == "" && o.TrustedUserCA == "" {
		return nil, errors.New("serve: give --authorized-keys FILE (public keys only: no passwords)")
	}
	if o.HostKey == "" {
		return nil, errors.New("serve: give --host-key FILE (created once when missing)")
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 8
	}
	if o.Log == nil {
		o.Log = log.Default()
	}
	s := &Server{opts: o}
	opts := []ssh.Option{
		wish.WithAddress(o.Listen),
		wish.WithHostKeyPath(o.HostKey),
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii), // the client's own profile (never forced up)
			s.limitSessions,
			activeterm.Middleware(), // no PTY, no session
			ratelimiter.Middleware(ratelimiter.NewRateLimiter(rate.Every(time.Second), 5, 1024)),
			logging.MiddlewareWithLogger(o.Log),
		),
	}
	if o.AuthorizedKeys != "" {
		opts = append(opts, wish.WithAuthorizedKeys(o.AuthorizedKeys))
	}
	if o.TrustedUserCA != "" {
		opts = append(opts, wish.WithTrustedUserCAKeys(o.TrustedUserCA))
	}
	if o.IdleTimeout > 0 {
		opts = append(opts, wish.WithIdleTimeout(o.IdleTimeout))
	}
	if o.MaxSessionTime > 0 {
		opts = append(opts, wish.WithMaxTimeout(o.MaxSessionTime))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	// Keys only: no password or keyboard-interactive login, ever.
	srv.PasswordHandler = nil
	srv.KeyboardInteractiveHandler = nil
	s.srv = srv
	return s, nil
}

// Listen binds the address (so that a test can ask for port 0).
func (s *Server) Listen() (net.Addr, error) {
	ln, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.ln = ln
	return ln.Addr(), nil
}

// Serve accepts sessions until Shutdown.
func (s *Server) Serve() error {
	if s.ln == nil {
		if _, err := s.Listen(); err != nil {
			return err
		}
	}
	err := s.srv.Serve(s.ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown ends every session and stops the server.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// Sessions is the number of sessions open now.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

// fingerprint names a key in file names (SHA-256, URL-safe base64).
func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return "unknown"
	}
	sum := sha256.Sum256(k.Marshal())
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// limitSessions refuses a session beyond MaxSessions, with a reason.
func (s *Server) limitSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if n := s.sessions.Add(1); n > int64(s.opts.MaxSessions) {
			s.sessions.Add(-1)
			fmt.Fprintf(sess.Stderr(), "kizuna: %d sessions are open, the most this server takes (--max-sessions); try again later\n", s.opts.MaxSessions)
			sess.Exit(1)
			return
		}
		defer s.sessions.Add(-1)
		next(sess)
	}
}

// program builds one session's workbench: its own model (filters, drills,
// SQL history kept per key), its own renderer (colour profile and
// background of the client's terminal), sized from the PTY.
func (s *Server) program(sess ssh.Session) *tea.Program {
	r := bm.MakeRenderer(sess)
	env := s.opts.Env
	env.Ctx = sess.Context()
	env.Theme = theme.NewFor(r)
	// Each analyst's SQL history is their own, kept by key fingerprint.
	if s.opts.StateDir != "" {
		env.History = filepath.Join(s.opts.StateDir, "history-"+fingerprint(sess.PublicKey()))
		env.Segments = filepath.Join(s.opts.StateDir, "segments-"+fingerprint(sess.PublicKey())+".json")
	}
	if s.opts.NewConsole != nil {
		c, closeConsole, err := s.opts.NewConsole(sess.Context())
		if err != nil {
			// Never a session whose SQL pane would reach the database unchecked.
			s.opts.Log.Printf("session %s: no SQL console: %v", sess.RemoteAddr(), err)
			fmt.Fprintf(sess.Stderr(), "kizuna: cannot open a session now (%v)\n", err)
			return nil
		}
		env.SQL = c
		go func() { <-sess.Context().Done(); closeConsole() }()
	}
	m := ui.New(env, s.opts.Params)
	m.SetExportDir(s.opts.ExportDir)
	opts := append(bm.MakeOptions(sess), tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(sess.Context()))
	return tea.NewProgram(m, opts...)
}
