package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/config"
	"github.com/kizuna-dev/kizuna/internal/detect"
	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// loadSources reads each file of the mapping file's [sources] into a table
// of that name, for the roles given as sql over them (sqlSource). Columns
// whose every sampled value is a whole number or a number are BIGINT or
// DOUBLE (ids — names ending in id, key or code — stay text), the others
// text. The files are claimed: they are not detected as roles of their own.
// The tables are dropped once the roles are loaded (dropSources).
func (e *Engine) loadSources(ctx context.Context, claimed map[string]bool) error {
	if e.Config == nil || len(e.Config.Sources) == 0 {
		return nil
	}
	for _, name := range sourceNames(e.Config) {
		p := e.Config.Sources[name]
		if !filepath.IsAbs(p) {
			p = filepath.Join(e.Config.Dir, p)
		}
		claimed[mustAbs(p)] = true
		s, err := e.newSource(ctx, p, "", nil)
		if err != nil {
			return err
		}
		// Every column as text (no typed read: its reader would drop the
		// records that do not fit), then numbers cast below.
		s.types = nil
		rel, args := s.relation(false)
		cols := make([]string, len(s.columns))
		for i, c := range s.columns {
			id := metrics.Ident(c)
			cols[i] = id
			if s.layout.Format != "csv" || isIDName(c) {
				continue
			}
			switch numericKind(s.sample, i) {
			case "int":
				cols[i] = fmt.Sprintf("TRY_CAST(%s AS BIGINT) AS %s", id, id)
			case "float":
				cols[i] = fmt.Sprintf("TRY_CAST(%s AS DOUBLE) AS %s", id, id)
			}
		}
		q := fmt.Sprintf("CREATE TABLE %s AS SELECT %s FROM (%s)", metrics.Ident(name), strings.Join(cols, ", "), rel)
		if err := e.exec(ctx, q, args...); err != nil {
			return dataErr("%s: sources.%s = %s: %v", e.Config.File, name, p, err)
		}
	}
	return nil
}

// dropSources drops the tables of loadSources.
func (e *Engine) dropSources(ctx context.Context) error {
	if e.Config == nil {
		return nil
	}
	for _, name := range sourceNames(e.Config) {
		if err := e.exec(ctx, "DROP TABLE IF EXISTS "+metrics.Ident(name)); err != nil {
			return err
		}
	}
	return nil
}

func sourceNames(c *config.Config) []string {
	var out []string
	for n := range c.Sources {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func isIDName(col string) bool {
	n := strings.ToLower(strings.NewReplacer("_", "", " ", "", "-", "").Replace(col))
	return strings.HasSuffix(n, "id") || strings.HasSuffix(n, "key") || strings.HasSuffix(n, "code")
}

// sqlSource is a role given as sql over the [sources] tables: its rows are
// the query's result, numbered in result order (their "line"), and its
// columns map like a file's (detected, then the mapping file's).
func (e *Engine) sqlSource(ctx context.Context, role string, t *config.Table) (*source, error) {
	s := &source{role: role, file: "tables." + role + ".sql", layout: detect.Layout{Format: "sql"}, read: t.SQL, where: t.Where,
		why: "sql over [sources] in kizuna.toml; line numbers are rows of the query's result"}
	if err := s.describe(ctx, e.q()); err != nil {
		return nil, dataErr("%s: tables.%s.sql: %v", e.Config.File, role, err)
	}
	s.mapAs(role, t)
	if miss := s.missing(); miss != "" {
		return nil, dataErr("%s: tables.%s: no column for %s in the result of its sql (columns: %s)", e.Config.File, role, miss, strings.Join(s.columns, ", "))
	}
	return s, nil
}
