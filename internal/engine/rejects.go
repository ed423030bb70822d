package engine

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// readerReject is one record DuckDB's CSV reader could not use.
type readerReject struct {
	offset  int64 // byte offset (0-based) where the record starts
	lines   int   // physical lines the record spans
	reasons []string
}

var castValue = regexp.MustCompile(`Could not convert string "((?s).*)" to`)

// readerRejects turns the records DuckDB's CSV reader rejected for x (a
// value that does not fit a typed column, too many fields, an unterminated
// quote, a line over the size limit) into rows of rejected, with the
// physical line and a reason in kizuna's words. When records were
// rejected, or the file has blank lines or quoted line breaks, the staged
// rows get their physical lines in __line.
func (e *Engine) readerRejects(ctx context.Context, r model.Role, x *staged) error {
	s := x.src
	if s.layout.Format != "csv" || s.layout.Delimiter == "whitespace" {
		return nil
	}
	t, err := metrics.Query(ctx, e.q(), fmt.Sprintf(`SELECT line_byte_position, column_name, error_type, csv_line, error_message
		FROM kz_rej_%d ORDER BY line_byte_position, column_idx`, s.rejects))
	if err != nil {
		return err
	}
	// The reject tables are TEMP tables of the loading connection: gone
	// once read, so that no scratch object of the analyst's is ours.
	if err := e.exec(ctx, fmt.Sprintf("DROP TABLE IF EXISTS kz_rej_%d; DROP TABLE IF EXISTS kz_rejscan_%d", s.rejects, s.rejects)); err != nil {
		return err
	}
	var recs []*readerReject
	for _, row := range t.Rows {
		pos, _ := row[0].(int64)
		colName, _ := row[1].(string)
		kind, _ := row[2].(string)
		line, _ := row[3].(string)
		msg, _ := row[4].(string)
		if n := len(recs); n == 0 || recs[n-1].offset != pos-1 {
			recs = append(recs, &readerReject{offset: pos - 1, lines: 1})
		}
		rec := recs[len(recs)-1]
		why := s.readerReason(colName, kind, msg)
		if kind == "UNQUOTED VALUE" || strings.Contains(strings.ToLower(msg), "unterminated quote") {
			rec.lines = max(rec.lines, strings.Count(strings.TrimRight(line, "\r\n"), "\n")+1)
		}
		if !contains(rec.reasons, why) {
			rec.reasons = append(rec.reasons, why)
		}
	}
	gz := s.layout.Compression == "gzip"
	if len(recs) > 0 {
		offsets := make([]int64, len(recs))
		for i, rec := range recs {
			offsets[i] = rec.offset
		}
		starts, err := linesAt(s.read, gz, offsets)
		if err != nil {
			return err
		}
		var out [][]string
		for i, rec := range recs {
			first := starts[i]
			reason := strings.Join(rec.reasons, "; ")
			if rec.lines > 1 {
				reason = fmt.Sprintf("%s (lines %d–%d cannot be read)", reason, first, first+int64(rec.lines)-1)
			}
			out = append(out, []string{strconv.FormatInt(first, 10), reason})
			for l := first + 1; l < first+int64(rec.lines); l++ {
				out = append(out, []string{strconv.FormatInt(l, 10), fmt.Sprintf("inside the unterminated quote opened on line %d", first)})
			}
		}
		if err := e.insertRejected(ctx, r.Name, s.file, out); err != nil {
			return err
		}
		var spans [][2]int64
		for i, rec := range recs {
			spans = append(spans, [2]int64{starts[i], starts[i] + int64(rec.lines) - 1})
		}
		return e.lineMap(ctx, x, spans)
	}
	if !s.scan.plain {
		return e.lineMap(ctx, x, nil)
	}
	return nil
}

// readerReason says in kizuna's words why the reader rejected a value.
func (s *source) readerReason(colName, kind, msg string) string {
	switch kind {
	case "CAST":
		canon := s.canonOf[colName]
		val := ""
		if m := castValue.FindStringSubmatch(msg); m != nil {
			val = m[1]
		}
		r, _ := model.RoleByName(s.role)
		c, _ := roleColumn(r, canon)
		switch c.Kind {
		case model.Timestamp:
			return fmt.Sprintf("%s: unparsable or impossible date %q", canon, val)
		case model.Number, model.Integer:
			return fmt.Sprintf("%s: not a number %q", canon, val)
		}
		return fmt.Sprintf("%s: cannot read %q", colName, val)
	case "TOO MANY COLUMNS":
		return "too many fields (" + strings.ToLower(msg) + ")"
	case "MISSING COLUMNS":
		return "too few fields (" + strings.ToLower(msg) + ")"
	case "UNQUOTED VALUE":
		return "unterminated quote"
	case "LINE SIZE OVER MAXIMUM":
		return "line too long to read"
	case "INVALID ENCODING", "INVALID UNICODE":
		return "invalid UTF-8 text"
	}
	if strings.Contains(strings.ToLower(msg), "unterminated quote") {
		return "unterminated quote"
	}
	return strings.ToLower(kind) + ": " + msg
}

// lineMap gives every staged row of x its physical line: the lines where
// the file's records start, less those inside the records the reader
// rejected (rejected: their first and last lines, ascending).
func (e *Engine) lineMap(ctx context.Context, x *staged, rejected [][2]int64) error {
	s := x.src
	all, err := recordStarts(s.read, s.layout.Compression == "gzip", s.layout.HeaderLines)
	if err != nil {
		return err
	}
	kept := all[:0:0]
	for _, l := range all {
		for len(rejected) > 0 && rejected[0][1] < l {
			rejected = rejected[1:]
		}
		if len(rejected) > 0 && rejected[0][0] <= l {
			continue
		}
		kept = append(kept, l)
	}
	var n int64
	if err := e.q().QueryRowContext(ctx, "SELECT count(*) FROM "+x.table).Scan(&n); err != nil {
		return err
	}
	if int64(len(kept)) != n {
		e.opts.Warn(fmt.Sprintf("%s: line numbers of rejected rows are approximate (the file's records could not be matched to lines)", s.file))
		return nil
	}
	rows := make([][]string, len(kept))
	for i, l := range kept {
		rows[i] = []string{strconv.Itoa(i), strconv.FormatInt(l, 10)}
	}
	path, err := e.tempCSV("lines-*.csv", rows)
	if err != nil {
		return err
	}
	if err := e.exec(ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN __line BIGINT", x.table)); err != nil {
		return err
	}
	x.lines = true
	return e.exec(ctx, fmt.Sprintf(`UPDATE %s SET __line = m.line FROM read_csv($map, columns = {'rn': 'BIGINT', 'line': 'BIGINT'}, header = false, auto_detect = false) m
		WHERE %s.rowid = m.rn`, x.table, x.table), named("map", path))
}

// insertRejected adds rows (line, reason) of file to the rejected table.
func (e *Engine) insertRejected(ctx context.Context, role, file string, rows [][]string) error {
	if len(rows) == 0 {
		return nil
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, _ := strconv.ParseInt(rows[i][0], 10, 64)
		b, _ := strconv.ParseInt(rows[j][0], 10, 64)
		return a < b
	})
	path, err := e.tempCSV("rejected-*.csv", rows)
	if err != nil {
		return err
	}
	return e.exec(ctx, `INSERT INTO rejected SELECT $role, $file, line, reason
		FROM read_csv($rej, columns = {'line': 'BIGINT', 'reason': 'VARCHAR'}, header = false, auto_detect = false, quote = '"', escape = '"')`,
		named("role", role), named("file", file), named("rej", path))
}

// tempCSV writes rows into a new CSV file in the engine's temporary
// folder (for DuckDB to read back in one statement) and returns its path.
func (e *Engine) tempCSV(pattern string, rows [][]string) (string, error) {
	f, err := os.CreateTemp(e.tmp, pattern)
	if err != nil {
		return "", err
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

// crossFileDuplicates rejects the rows of a later file of the role that
// repeat, column for column (the canonical columns both files map), a
// usable row of an earlier file: the same purchases exported twice must
// not count twice. Repeats inside one file stay (two equal items bought
// on one day are real). For customers, a customer_id already given by an
// earlier file is a duplicate customer.
func (e *Engine) crossFileDuplicates(ctx context.Context, r model.Role, st []*staged) error {
	for j := 1; j < len(st); j++ {
		b := st[j]
		var total, dups int64
		for i := 0; i < j; i++ {
			a := st[i]
			var keys []string
			if r.Name == "customers" {
				keys = []string{"customer_id"}
			} else {
				for _, c := range r.Columns {
					if a.src.mapping[c.Name] != "" && b.src.mapping[c.Name] != "" {
						keys = append(keys, c.Name)
					}
				}
			}
			if len(keys) == 0 {
				continue
			}
			var on []string
			for _, k := range keys {
				on = append(on, fmt.Sprintf("%s.%s IS NOT DISTINCT FROM d.%s", b.table, k, k))
			}
			why := "'duplicate of ' || $afile || ':' || d.first"
			if r.Name == "customers" {
				why = `'duplicate customer_id "' || customer_id || '" (first at ' || $afile || ':' || d.first || ')'`
			}
			if err := e.exec(ctx, fmt.Sprintf(`UPDATE %[1]s SET __reason = %[2]s
				FROM (SELECT %[3]s, min(%[4]s) AS first FROM %[5]s WHERE __reason IS NULL GROUP BY ALL) d
				WHERE %[1]s.__reason IS NULL AND %[6]s`, b.table, why, strings.Join(keys, ", "), a.lineExpr(), a.table,
				strings.Join(on, " AND ")), named("afile", a.src.file)); err != nil {
				return err
			}
		}
		row := e.q().QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*), count(*) FILTER (WHERE starts_with(__reason, 'duplicate of ')) FROM %s`, b.table))
		if err := row.Scan(&total, &dups); err != nil {
			return err
		}
		if total > 0 && dups == total {
			why := fmt.Sprintf("every row (%d) repeats a row of another %s file: all rejected as duplicates", total, r.Name)
			e.Schema.Ignored = append(e.Schema.Ignored, model.Rejection{File: b.src.file, Reason: why})
			e.opts.Warn(fmt.Sprintf("%s: %s", b.src.file, why))
		}
	}
	return nil
}
