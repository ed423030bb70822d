package main

import (
	"fmt"
	"io"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/output"
	"github.com/kizuna-dev/kizuna/internal/segments"
)

// cmdSegment is `kizuna segment list` and `kizuna segment save NAME "SQL"`:
// a segment is the SQL that returns its customers (a customer_id column),
// evaluated again on every run; --segment NAME applies it.
func cmdSegment(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("segment", `kizuna segment list | kizuna segment save NAME "SELECT customer_id FROM …"`, stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	st := segments.DefaultStore()
	switch {
	case len(pos) == 1 && pos[0] == "list":
		all, err := st.List()
		if err != nil {
			return err
		}
		t := &model.Table{Columns: []string{"name", "from", "sql"}}
		for _, g := range all {
			t.Rows = append(t.Rows, []any{g.Name, g.From, g.SQL})
		}
		return output.Text(stdout, t)
	case len(pos) == 3 && pos[0] == "save":
		if err := st.Save(segments.Segment{Name: pos[1], SQL: pos[2], From: "kizuna segment save"}); err != nil {
			return usageErr("segment save: %v", err)
		}
		fmt.Fprintf(stdout, "saved segment %q in %s\n", pos[1], st.Path)
		return nil
	}
	fs.Usage()
	return usageErr(`segment: want "list" or "save NAME SQL"`)
}
