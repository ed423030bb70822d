package kit

import (
	"context"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// Count is the number of rows in the given canonical tables together.
func Count(ctx context.Context, db metrics.Querier, tables ...string) (int64, error) {
	parts := make([]string, len(tables))
	for i, t := range tables {
		parts[i] = "(SELECT count(*) FROM " + metrics.Ident(t) + ")"
	}
	t, err := metrics.Query(ctx, db, "SELECT "+strings.Join(parts, " + "))
	if err != nil {
		return 0, err
	}
	if len(t.Rows) == 0 {
		return 0, nil
	}
	switch n := t.Rows[0][0].(type) {
	case int64:
		return n, nil
	case float64:
		return int64(n), nil
	}
	return 0, nil
}

// Dimensions lists the customer dimensions: the columns of customers that
// are not canonical, in table order.
func Dimensions(ctx context.Context, db metrics.Querier) ([]string, error) {
	t, err := metrics.Query(ctx, db, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = 'main' AND table_name = 'customers' ORDER BY ordinal_position`)
	if err != nil {
		return nil, err
	}
	canon := map[string]bool{}
	for _, c := range model.Roles[0].Columns {
		canon[c.Name] = true
	}
	var out []string
	for _, r := range t.Rows {
		if s, ok := r[0].(string); ok && !canon[s] {
			out = append(out, s)
		}
	}
	return out, nil
}

// Lines joins non-empty blocks with newlines.
func Lines(blocks ...string) string {
	var out []string
	for _, b := range blocks {
		if b != "" {
			out = append(out, b)
		}
	}
	return strings.Join(out, "\n")
}

// Breakdown is how a breakdown pane's load starts: whether role has no
// rows (empty) and, when it has, the customer dimensions to group by.
func Breakdown(ctx context.Context, db metrics.Querier, role string) (dims []string, empty bool, err error) {
	n, err := Count(ctx, db, role)
	if err != nil || n == 0 {
		return nil, err == nil, err
	}
	dims, err = Dimensions(ctx, db)
	return dims, false, err
}
