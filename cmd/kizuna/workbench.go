package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sync"

	"github.com/kizuna-dev/kizuna/internal/engine"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

func cmdWorkbench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("kizuna", "kizuna [flags] [PATH...]   (no PATH: the bundled sample data)\n\n"+
		"Commands: report, schema, sql, sample, serve, cache, segment (kizuna COMMAND --help)", stderr)
	var c common
	c.register(fs, false)
	c.load.registerConsole(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	if len(pos) > 0 && len(args) > 0 && pos[0] == args[0] && !exists(pos[0]) {
		return usageErr("%q is neither a command nor a file, folder or glob; commands: report, schema, sql, sample, serve, cache, segment, help", pos[0])
	}
	// Warnings wait until the terminal is ours again: nothing may write to
	// it while the workbench runs.
	var mu sync.Mutex
	var warnings []string
	warn := func(s string) {
		log.Print(s)
		mu.Lock()
		warnings = append(warnings, s)
		mu.Unlock()
	}
	err = ui.Run(ctx, pane.Env{Ctx: ctx}, ui.Options{Load: loader(pos, &c, warn)})
	mu.Lock()
	for _, w := range warnings {
		fmt.Fprintln(stderr, "kizuna:", w)
	}
	mu.Unlock()
	return err
}

// exists reports whether path names a file or folder, or is a glob that
// matches something.
func exists(path string) bool {
	if _, err := os.Stat(path); err == nil {
		return true
	}
	m, _ := filepath.Glob(path)
	return len(m) > 0
}

// loader loads paths (the bundled sample data when none) behind the
// workbench's loading screen, telling it each file as it starts and the
// bytes of the files before it.
func loader(paths []string, c *common, warn func(string)) ui.LoadFunc {
	return func(ctx context.Context, progress func(ui.LoadProgress)) (ui.Loaded, error) {
		opts, err := engineOptions(paths, c.config, c.load, warn)
		if err != nil {
			return ui.Loaded{}, err
		}
		var read int64
		prev := ""
		opts.Progress = func(p engine.Progress) {
			if prev != "" {
				if st, err := os.Stat(prev); err == nil {
					read += st.Size()
				}
			}
			prev = p.File
			progress(ui.LoadProgress{File: p.File, Role: p.Role, Done: p.Done, Total: p.Total, Rows: p.Rows, Bytes: read})
		}
		e, err := engine.Open(ctx, opts)
		if err != nil {
			return ui.Loaded{}, err
		}
		console, err := e.Console(ctx)
		if err != nil {
			e.Close()
			return ui.Loaded{}, err
		}
		schema := e.Schema
		return ui.Loaded{Env: pane.Env{DB: metrics.Remember(e.DB), Schema: &schema, SQL: console, Files: e.FileDB()},
			Params: c.params(e.Params()), Close: e.Close}, nil
	}
}
