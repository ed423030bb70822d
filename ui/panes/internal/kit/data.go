package kit

import (
	"context"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// Count is the number of rows in the given canonical tables together
// (remembered with the data's facts).
func Count(ctx context.Context, db metrics.Querier, tables ...string) (int64, error) {
	f, err := metrics.FactsOf(ctx, db)
	if err != nil {
		return 0, err
	}
	return f.Count(tables...), nil
}

// Dimensions lists the customer dimensions: the columns of customers that
// are not canonical, in table order.
func Dimensions(ctx context.Context, db metrics.Querier) ([]string, error) {
	f, err := metrics.FactsOf(ctx, db)
	if err != nil {
		return nil, err
	}
	return f.Dimensions(), nil
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
