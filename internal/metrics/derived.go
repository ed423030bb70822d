package metrics

import (
	"context"
	"database/sql"
)

// Execer runs statements (a *sql.DB, *sql.Conn or *sql.Tx).
type Execer interface {
	Querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// WriteDerived writes the tables the metrics read instead of the loaded
// ones when that changes no number: OrderHeads when every order has one
// customer and one time, and EpisodesTable for p's as-of date and
// inactive_days (the loader passes the mapping file's). It returns the
// tables written. Run it once, after loading and before any metric.
func WriteDerived(ctx context.Context, db Execer, p Params) ([]string, error) {
	var written []string
	var lines, usable bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM orders)").Scan(&lines); err != nil {
		return nil, err
	}
	if lines {
		if _, err := db.ExecContext(ctx, OrderHeadsSQL); err != nil {
			return nil, err
		}
		if err := db.QueryRowContext(ctx, OrderHeadsUsableSQL).Scan(&usable); err != nil {
			return nil, err
		}
		if usable {
			written = append(written, OrderHeads)
		} else if _, err := db.ExecContext(ctx, "DROP TABLE "+OrderHeads); err != nil {
			return nil, err
		}
	}
	stmts, err := EpisodesSQL(ctx, db, p)
	if err != nil {
		return nil, err
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s.Text, s.Args...); err != nil {
			return nil, err
		}
	}
	if len(stmts) > 0 {
		written = append(written, EpisodesTable, EpisodesKeyTable)
	}
	return written, nil
}
