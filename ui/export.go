package ui

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/internal/output"
	"github.com/kizuna-dev/kizuna/ui/rows"
	"github.com/kizuna-dev/kizuna/ui/task"
)

type exported struct {
	path string
	rows int
}

// ExportDir is where exports go: $KIZUNA_EXPORT_DIR, else the current directory.
func ExportDir() string {
	if d := os.Getenv("KIZUNA_EXPORT_DIR"); d != "" {
		return d
	}
	return "."
}

// ExportPath is the deterministic file name of a screen's export.
func ExportPath(screen, format string) string {
	return exportPath(ExportDir(), screen, format)
}

func exportPath(dir, screen, format string) string {
	return filepath.Join(dir, "kizuna-"+rows.Slug(screen)+"."+format)
}

func (m *Model) answerExport(msg tea.KeyMsg) tea.Cmd {
	m.asking = false
	var format string
	switch {
	case key.Matches(msg, m.keys.CSV):
		format = "csv"
	case key.Matches(msg, m.keys.Parquet):
		format = "parquet"
	case key.Matches(msg, m.keys.JSON):
		format = "json"
	default:
		m.status = "export cancelled"
		return nil
	}
	if m.exportDir == "" {
		m.status = "export is off here: this kizuna serves over SSH and writes no file on the server (start it with --export-dir)"
		return nil
	}
	s := m.screen()
	path := exportPath(m.exportDir, s.Name, format)
	db, t := m.env.DB, s.Table
	if m.env.Files != nil {
		db = m.env.Files
	}
	m.status = ""
	return m.export.Start(m.env.Ctx, func(ctx context.Context) (any, error) {
		err := Export(ctx, db, t, format, path)
		return exported{path, len(t.Rows)}, err
	})
}

func exportStatus(d task.Done) string {
	e, _ := d.Value.(exported)
	if d.Err != nil {
		return "export failed: " + d.Err.Error()
	}
	p := e.path
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return "wrote " + numfmt.Count(int64(e.rows)) + " rows to " + p
}

// Export writes t to path as csv, json or parquet (through DuckDB).
func Export(ctx context.Context, db metrics.Querier, t *model.Table, format, path string) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	switch format {
	case "csv":
		return writeFile(path, func(w *bufio.Writer) error { return WriteCSV(w, t) })
	case "json":
		return writeFile(path, func(w *bufio.Writer) error { return WriteJSON(w, t) })
	case "parquet":
		return writeParquet(ctx, db, t, path)
	}
	return fmt.Errorf("unknown export format %q", format)
}

func writeFile(path string, f func(*bufio.Writer) error) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	if err := f(w); err != nil {
		out.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// WriteCSV writes a header and the rows at full precision (the CSV of
// `kizuna report --format csv`).
func WriteCSV(w *bufio.Writer, t *model.Table) error { return output.CSV(w, t) }

// WriteJSON writes the rows as newline-delimited objects keyed by column,
// columns in table order, numbers at full precision.
func WriteJSON(w *bufio.Writer, t *model.Table) error { return output.NDJSON(w, t) }

// sqlType is the DuckDB type that holds every value of column j.
func sqlType(t *model.Table, j int) string {
	kind := ""
	for _, r := range t.Rows {
		var k string
		switch r[j].(type) {
		case nil:
			continue
		case int64:
			k = "BIGINT"
		case float64:
			k = "DOUBLE"
		case bool:
			k = "BOOLEAN"
		case time.Time:
			k = "TIMESTAMP"
		default:
			return "VARCHAR"
		}
		switch {
		case kind == "" || kind == k:
			kind = k
		case (kind == "BIGINT" && k == "DOUBLE") || (kind == "DOUBLE" && k == "BIGINT"):
			kind = "DOUBLE"
		default:
			return "VARCHAR"
		}
	}
	if kind == "" {
		return "VARCHAR"
	}
	return kind
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// writeParquet stages the rows as NDJSON and has DuckDB copy them to Parquet
// with the column types of the values.
func writeParquet(ctx context.Context, db metrics.Querier, t *model.Table, path string) error {
	tmp, err := os.CreateTemp("", "kizuna-export-*.ndjson")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	tmp.Close()
	if err := writeFile(tmp.Name(), func(w *bufio.Writer) error { return WriteJSON(w, t) }); err != nil {
		return err
	}
	cols := make([]string, len(t.Columns))
	sel := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		cols[j] = quote(c) + ": " + quote(sqlType(t, j))
		sel[j] = metrics.Ident(c)
	}
	q := fmt.Sprintf("COPY (SELECT %s FROM read_json(%s, format = 'newline_delimited', columns = {%s})) TO %s (FORMAT parquet)",
		strings.Join(sel, ", "), quote(tmp.Name()), strings.Join(cols, ", "), quote(path))
	rs, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	for rs.Next() {
	}
	rs.Close()
	return rs.Err()
}
