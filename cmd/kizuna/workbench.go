package main

import (
	"context"
	"fmt"
	"io"

	"github.com/kizuna-dev/kizuna/ui"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

func cmdWorkbench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("kizuna", "kizuna [flags] [PATH...]   (no PATH: the bundled sample data)\n\n"+
		"Commands: report, schema, sql, sample (kizuna COMMAND --help)", stderr)
	var c common
	c.register(fs, false)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "kizuna: loading…")
	e, err := open(ctx, pos, c.config, c.load, stderr)
	if err != nil {
		return err
	}
	defer e.Close()
	schema := e.Schema
	return ui.Run(ctx, pane.Env{DB: e.DB, Schema: &schema, Ctx: ctx}, ui.Options{Params: c.params(e.Params())})
}
