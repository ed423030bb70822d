package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Options configure Run. The zero value runs on the terminal.
type Options struct {
	// Params are the parameters every pane starts from: AsOf and
	// InactiveDays from the command line or kizuna.toml (the filter bar
	// changes Where, From, To and Period on top of them).
	Params metrics.Params
	// LogPath is the log file; "" means $KIZUNA_LOG, else
	// $XDG_STATE_HOME/kizuna/kizuna.log (~/.local/state/kizuna/kizuna.log).
	// The workbench never writes logs to the terminal.
	LogPath string
	// Load, when set, loads the data behind a loading screen (progress
	// bar, rows, throughput; esc cancels) and Run's env only lends Ctx and
	// Theme; nil means env is already loaded.
	Load LoadFunc
	// Input and Output replace the terminal (tests); nil means the terminal.
	Input  io.Reader
	Output io.Writer
}

// Run opens the workbench full screen over env (or over what opts.Load
// loads) and returns when the user quits or ctx is cancelled. env.Ctx and
// env.Theme are filled in when nil. A failed load is returned after the
// user saw it; a cancelled one returns nil. The terminal is restored even
// after a panic, which is returned as an error.
func Run(ctx context.Context, env pane.Env, opts Options) (err error) {
	logf, lerr := openLog(opts.LogPath)
	if lerr == nil {
		defer logf.Close()
	} else {
		log.SetOutput(io.Discard) // never the terminal
	}
	if env.Ctx == nil {
		env.Ctx = ctx
	}
	if env.Theme == nil {
		var out io.Writer = os.Stdout
		if opts.Output != nil {
			out = opts.Output
		}
		// The theme's renderer asks the terminal for its background now,
		// before Bubble Tea owns stdin (no global lipgloss state: kizuna
		// serve builds one renderer per session).
		r := lipgloss.NewRenderer(out)
		r.SetHasDarkBackground(r.HasDarkBackground())
		env.Theme = theme.NewFor(r)
	}
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	var model tea.Model
	var l *loader
	if opts.Load != nil {
		l = newLoader(ctx, env, opts.Load, New)
		defer l.stop(5 * time.Second)
		model = l
	} else {
		model = New(env, opts.Params)
	}
	p := tea.NewProgram(model, popts...)
	defer func() {
		if r := recover(); r != nil {
			p.Kill()
			_ = p.ReleaseTerminal()
			log.Printf("panic: %v\n%s", r, debug.Stack())
			err = fmt.Errorf("kizuna: workbench crashed: %v", r)
		}
	}()
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		log.Printf("workbench: %v", err)
		return err
	}
	if l != nil {
		return l.Err()
	}
	return nil
}

func openLog(path string) (*os.File, error) {
	if path == "" {
		path = os.Getenv("KIZUNA_LOG")
	}
	if path == "" {
		path = filepath.Join(StateDir(), "kizuna.log")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return tea.LogToFile(path, "kizuna ")
}

// StateDir is $XDG_STATE_HOME/kizuna (default ~/.local/state/kizuna).
func StateDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "kizuna")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "kizuna")
	}
	return filepath.Join(home, ".local", "state", "kizuna")
}
