package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/kizuna-dev/kizuna/internal/engine"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/serve"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// cmdServe is `kizuna serve`: the workbench for a team over SSH, on data
// loaded once (from the cache), public keys only.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "kizuna serve [--listen ADDR] [--authorized-keys FILE] [--host-key FILE] [--max-sessions N] [PATH...]", stderr)
	var c common
	c.register(fs, false)
	var o serve.Options
	home, _ := os.UserHomeDir()
	fs.StringVar(&o.Listen, "listen", ":2222", "address to listen on")
	fs.StringVar(&o.AuthorizedKeys, "authorized-keys", filepath.Join(home, ".ssh", "authorized_keys"), "public keys allowed in (read at every login; no passwords)")
	fs.StringVar(&o.TrustedUserCA, "trusted-user-ca", "", "also accept user certificates signed by these CA keys")
	fs.StringVar(&o.HostKey, "host-key", filepath.Join(stateDir(), "ssh_host_ed25519"), "host key file (created once, 0600)")
	fs.IntVar(&o.MaxSessions, "max-sessions", 8, "sessions at once")
	fs.DurationVar(&o.IdleTimeout, "idle-timeout", 30*time.Minute, "close a session idle this long (0: never)")
	fs.DurationVar(&o.MaxSessionTime, "max-session-time", 12*time.Hour, "close a session after this long (0: never)")
	fs.StringVar(&o.ExportDir, "export-dir", "", "folder on the server that e (export) writes to; empty: exports are refused")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	if o.MaxSessions <= 0 {
		return usageErr("--max-sessions %d: want a number > 0", o.MaxSessions)
	}
	if _, err := os.Stat(o.AuthorizedKeys); err != nil && o.TrustedUserCA == "" {
		return usageErr("--authorized-keys %s: %v (kizuna serve takes public keys only)", o.AuthorizedKeys, err)
	}
	if err := os.MkdirAll(filepath.Dir(o.HostKey), 0o700); err != nil {
		return err
	}
	opts, err := cliOptions(pos, c.config, c.load, stderr)
	if err != nil {
		return err
	}
	e, err := engine.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer e.Close()
	schema := e.Schema
	o.Env = pane.Env{DB: metrics.Remember(e.DB), Schema: &schema, Files: e.FileDB()}
	o.NewConsole = func(ctx context.Context) (pane.Console, func(), error) {
		c, err := e.NewConsole(ctx)
		if err != nil {
			return nil, nil, err
		}
		return c, func() { c.Close() }, nil
	}
	o.Params = c.params(e.Params())
	o.StateDir = stateDir()
	o.Log = log.New(stderr, "kizuna serve: ", log.LstdFlags)
	srv, err := serve.New(o)
	if err != nil {
		return usageErr("%v", err)
	}
	addr, err := srv.Listen()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "kizuna serve: listening on %s (ssh -p PORT HOST); ctrl+c stops\n", addr)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	return srv.Serve()
}

// stateDir is $XDG_STATE_HOME/kizuna (~/.local/state/kizuna).
func stateDir() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "kizuna")
}
