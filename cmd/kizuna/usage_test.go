package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A first argument that is neither a command nor a path is a usage error
// naming the commands; an impossible date is a usage error naming the flag.
// Both exit 2 before any data is loaded or the terminal is taken.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"reprot", "nps"}, []string{`"reprot" is neither a command nor a file`, "report, schema, sql, sample, serve, cache, segment, help"}},
		{[]string{t.TempDir() + "/nothing-*.csv"}, []string{"neither a command nor a file"}},
		{[]string{"--from", "2025-13-45"}, []string{`--from "2025-13-45": not a date`}},
		{[]string{"report", "nps", "--to", "2025-02-30"}, []string{`--to "2025-02-30": not a date`}},
		{[]string{"report", "nps", "--as-of", "2025-1-5"}, []string{`--as-of "2025-1-5": not a date`}},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), c.args, &out, &errb)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, exitUsage, errb.String())
		}
		for _, w := range c.want {
			if !strings.Contains(errb.String(), w) {
				t.Errorf("%v: stderr %q lacks %q", c.args, errb.String(), w)
			}
		}
	}
}
