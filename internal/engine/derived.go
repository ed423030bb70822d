package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// buildDerived writes the tables the metrics read instead of the loaded
// ones (metrics.WriteDerived): one row per order, and the episodes for the
// mapping file's as-of date and inactive_days. At 1M customers (6.3M order
// lines) it takes about 1 s once here instead of in every query.
func (e *Engine) buildDerived(ctx context.Context) error {
	start := time.Now()
	if restore := e.capMemory(ctx); restore != nil {
		defer restore()
	}
	written, err := metrics.WriteDerived(ctx, e.q(), e.Params())
	if trace != nil {
		fmt.Fprintf(trace, "%8.3fs  derived tables %v\n", time.Since(start).Seconds(), written)
	}
	if err != nil && ctx.Err() == nil {
		// They only make the metrics faster: without them the metrics read
		// the loaded tables, with the same numbers.
		for _, t := range metrics.DerivedTables() {
			if derr := e.exec(ctx, "DROP TABLE IF EXISTS "+t); derr != nil {
				return derr
			}
		}
		e.opts.Warn(fmt.Sprintf("the faster tables for the metrics were not written (%v): every metric reads the loaded tables", firstLine(err.Error())))
		return nil
	}
	return err
}

// capMemory lowers DuckDB's memory limit to what the loaded tables use
// plus a fifth (at least 256 MB) while the derived tables and the cache
// are written: grouping millions of order lines and copying the tables
// otherwise take 0.5–0.8 GB more at 1M customers (peak 2.45 GB instead of
// 1.99 GB), for about the same time, since what does not fit spills to the
// temp folder. It returns what puts the default limit back, nil when it
// left the limit alone (set by --memory-limit, already lower, or the usage
// is unknown).
func (e *Engine) capMemory(ctx context.Context) func() {
	kb := memTotalKB()
	if e.opts.MemoryLimit != "" || kb <= 0 {
		return nil
	}
	var used int64
	if err := e.q().QueryRowContext(ctx, `SELECT sum(memory_usage_bytes) FROM duckdb_memory()`).Scan(&used); err != nil || used <= 0 {
		return nil
	}
	defaultMB := kb * 6 / 10 / 1024 // as dsn sets it
	wantMB := (used + max(used/5, 256<<20)) >> 20
	if wantMB >= defaultMB || e.exec(ctx, fmt.Sprintf("SET memory_limit = '%dMB'", wantMB)) != nil {
		return nil
	}
	return func() { e.exec(context.Background(), fmt.Sprintf("SET memory_limit = '%dMB'", defaultMB)) }
}
