package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// What `s` shows (rows.Readable of the bound query) has no unset filter
// and no relation the query does not read, and returns the same rows.
func TestReadableSQLRunsTheSame(t *testing.T) {
	db := testDB(t)
	ctx := context.Background()
	for _, name := range []string{"repeat", "rfm", "churn", "retention", "segments", "ltv"} {
		for _, p := range []metrics.Params{{}, {From: "2024-02-01", By: "region"}} {
			text, args, _, err := metrics.Build(ctx, db, name, p)
			if err != nil {
				t.Fatal(name, err)
			}
			bound := rows.BoundSQL(text, args)
			short := rows.Readable(bound)
			if strings.Contains(short, "NULL IS NULL") || len(short) >= len(bound) {
				t.Errorf("%s %+v: not shortened:\n%s", name, p, short)
			}
			if p.From != "" && !strings.Contains(short, "'2024-02-01'") {
				t.Errorf("%s: the set filter is gone:\n%s", name, short)
			}
			a, err := metrics.Query(ctx, db, bound)
			if err != nil {
				t.Fatal(name, err)
			}
			b, err := metrics.Query(ctx, db, short)
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, short)
			}
			if fmt.Sprint(a.Rows) != fmt.Sprint(b.Rows) {
				t.Errorf("%s %+v: %v, readable %v", name, p, a.Rows, b.Rows)
			}
		}
	}
}
