package engine

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/config"
	"github.com/kizuna-dev/kizuna/internal/detect"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// source is one file feeding one role.
type source struct {
	role     string
	file     string // as found (for messages and the rejected table)
	layout   detect.Layout
	read     string            // the path DuckDB reads (a UTF-8 copy for Shift_JIS)
	columns  []string          // the file's columns
	sample   [][]string        // first rows, as text
	mapping  map[string]string // canonical column → source column or SQL expression
	where    string
	ignored  string // why a detected file is not used
	why      string // how the role and columns were chosen (schema)
	filtered int64  // rows the mapping's where left out
	byRowid  bool   // lines come from the staged rows' order (lineExpr)
	lineMap  string // CSV of (record, physical line) when they differ; "" = record i is on line HeaderLines+i
}

var plainIdent = regexp.MustCompile(`^"(?:[^"]|"")*"$`)

// newSource sniffs f. role and t come from the mapping file, or are empty
// for detection.
func (e *Engine) newSource(ctx context.Context, f, role string, t *config.Table) (*source, error) {
	lay, err := detect.Sniff(f)
	if err != nil {
		return nil, &DataError{err}
	}
	s := &source{role: role, file: f, layout: lay, read: f}
	if t != nil {
		if t.Delimiter != "" && lay.Format == "csv" {
			s.layout.Delimiter = t.Delimiter
		}
		if t.Header != nil && lay.Format == "csv" && *t.Header != lay.Header {
			s.layout.Header = *t.Header
			s.layout.HeaderLines = 0
			if *t.Header {
				s.layout.HeaderLines = 1
			}
		}
		if len(t.Names) > 0 {
			s.layout.Columns = t.Names
		}
		s.where = t.Where
	}
	if lay.Encoding == "shift_jis" {
		s.read = filepath.Join(e.tmp, fmt.Sprintf("%d-%s.csv", len(e.Schema.Ignored)+randomish(f), filepath.Base(f)))
		if err := detect.Transcode(f, s.read); err != nil {
			return nil, dataErr("%s: %v", f, err)
		}
		s.layout.Compression = ""
	}
	if s.layout.Format == "csv" && s.layout.Delimiter != "whitespace" {
		lines, err := recordLines(s.read, s.layout.Compression == "gzip", s.layout.Delimiter, s.layout.HeaderLines)
		if err != nil {
			return nil, dataErr("%s: %v", f, err)
		}
		if lines != nil {
			if s.lineMap, err = writeLineMap(e.tmp, lines); err != nil {
				return nil, err
			}
		}
	}
	if err := s.describe(ctx, e.DB); err != nil {
		return nil, err
	}
	if t != nil {
		s.mapping = map[string]string{}
		auto := detect.MapColumns(role, s.columns, s.sample)
		for k, v := range auto {
			s.mapping[k] = metrics.Ident(v)
		}
		for k, v := range detect.Derived(role, auto) { // amount = quantity × unit price
			s.mapping[k] = v
		}
		for k, v := range t.Columns {
			if v == "" {
				delete(s.mapping, k)
				continue
			}
			if contains(s.columns, v) {
				v = metrics.Ident(v)
			}
			s.mapping[k] = v
		}
	} else {
		g := detect.GuessRole(filepath.Base(f), s.columns, s.sample)
		if g.Role == "" {
			s.ignored = "no role recognised (" + g.Why + "); map it in kizuna.toml"
			return s, nil
		}
		s.role, s.why = g.Role, g.Why
		s.mapping = map[string]string{}
		for k, v := range g.Columns {
			s.mapping[k] = metrics.Ident(v)
		}
		for k, v := range g.Constants { // e.g. event = 'won' for a file of closed deals
			s.mapping[k] = quoteLit(v)
		}
		for k, v := range g.Exprs { // amount = quantity × unit price
			s.mapping[k] = v
		}
	}
	if miss := s.missing(); miss != "" {
		if t != nil {
			return nil, dataErr("%s: tables.%s in %s: no column for %s", f, role, e.Config.File, miss)
		}
		s.ignored = fmt.Sprintf("looks like %s but has no column for %s; map it in kizuna.toml", s.role, miss)
		if n := detect.MapNotes(s.role, s.columns, s.sample); len(n) > 0 { // columns passed over for their values
			s.ignored += " (" + strings.Join(n, "; ") + ")"
		}
	}
	return s, nil
}

func randomish(s string) int {
	h := 0
	for _, c := range s {
		h = h*31 + int(c)
	}
	if h < 0 {
		h = -h
	}
	return h % 1000003
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// missing names the required canonical columns without a mapping.
func (s *source) missing() string {
	r, _ := model.RoleByName(s.role)
	var out []string
	for _, c := range r.Columns {
		if !c.Required || s.mapping[c.Name] != "" {
			continue
		}
		if c.Name == "interactions" && s.hasAny("likes", "comments", "shares", "clicks", "saves") {
			continue
		}
		out = append(out, c.Name)
	}
	return strings.Join(out, ", ")
}

func (s *source) hasAny(cols ...string) bool {
	for _, c := range cols {
		if s.mapping[c] != "" {
			return true
		}
	}
	return false
}

// relation is the SQL reading the file: every column as text plus __line,
// the file's line (1-based, counting the header).
func (s *source) relation() (string, []any) {
	arg := sql.Named("path_"+strconv.Itoa(randomish(s.read)), s.read)
	p := "$path_" + strconv.Itoa(randomish(s.read))
	cols := make([]string, len(s.columns))
	for i, c := range s.columns {
		cols[i] = metrics.Ident(c)
	}
	switch s.layout.Format {
	case "sql": // a query over the [sources] tables (sqlSource): lines are result rows
		return fmt.Sprintf("SELECT row_number() OVER () AS __line, * FROM (%s)", s.read), nil
	case "parquet":
		return fmt.Sprintf("SELECT row_number() OVER () AS __line, * FROM read_parquet(%s)", p), []any{arg}
	case "json", "ndjson":
		return fmt.Sprintf("SELECT row_number() OVER () AS __line, * FROM read_json_auto(%s)", p), []any{arg}
	}
	comp := "'none'"
	if s.layout.Compression == "gzip" {
		comp = "'gzip'"
	}
	if s.layout.Delimiter == "whitespace" {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = fmt.Sprintf("kz_parts[%d] AS %s", i+1, c)
		}
		return fmt.Sprintf(`SELECT __line, %s FROM (
			SELECT row_number() OVER () AS __line, string_split_regex(trim(line), '\s+') AS kz_parts, line
			FROM read_csv(%s, columns = {'line': 'VARCHAR'}, delim = '\0', header = false, quote = '',
				escape = '', auto_detect = false, compression = %s))
			WHERE __line > %d AND trim(line) <> ''`, strings.Join(parts, ", "), p, comp, s.layout.HeaderLines), []any{arg}
	}
	types := make([]string, len(cols))
	for i, c := range s.columns {
		types[i] = quoteLit(c) + ": 'VARCHAR'"
	}
	read := fmt.Sprintf(`read_csv(%s, columns = {%s},
		delim = %s, header = %t, quote = '"', escape = '"', auto_detect = false, null_padding = true,
		compression = %s)`, p, strings.Join(types, ", "), quoteLit(s.layout.Delimiter), s.layout.Header, comp)
	if s.lineMap != "" {
		// Blank lines or quoted line breaks: the physical line of each record
		// comes from the map recordLines wrote.
		m := "$lines_" + strconv.Itoa(randomish(s.read))
		return fmt.Sprintf(`SELECT coalesce(m.line, r.__rn + %d) AS __line, r.* EXCLUDE (__rn)
			FROM (SELECT row_number() OVER () AS __rn, * FROM %s) r
			LEFT JOIN read_csv(%s, columns = {'rn': 'BIGINT', 'line': 'BIGINT'}, header = false, auto_detect = false) m
			ON m.rn = r.__rn`, s.layout.HeaderLines, read, m),
			[]any{arg, sql.Named("lines_"+strconv.Itoa(randomish(s.read)), s.lineMap)}
	}
	if s.where == "" {
		// The common case: record i is on line HeaderLines+i. Numbering rows
		// with a window over the whole file is costly (it gathers every row
		// in one thread), so the line is taken from the staged table's
		// rowid instead (see lineExpr); __line stays NULL here.
		s.byRowid = true
		return fmt.Sprintf(`SELECT CAST(NULL AS BIGINT) AS __line, * FROM %s`, read), []any{arg}
	}
	return fmt.Sprintf(`SELECT row_number() OVER () + %d AS __line, * FROM %s`, s.layout.HeaderLines, read), []any{arg}
}

// lineExpr is the SQL of a staged row's line in the file: __line, or the
// row's position (rowid keeps the file's order) after the header.
func (s *source) lineExpr() string {
	if s.byRowid {
		return fmt.Sprintf("(rowid + %d)", s.layout.HeaderLines+1)
	}
	return "__line"
}

// padded reports whether column i has values with spaces around them in
// the sampled rows: only those are trimmed (trimming every value of a big
// file costs as much as reading it).
func (s *source) padded(i int) bool {
	if s.layout.Format != "csv" || s.layout.Delimiter == "whitespace" {
		return s.layout.Format != "csv"
	}
	for _, r := range s.sample {
		if i < len(r) && r[i] != strings.TrimSpace(r[i]) {
			return true
		}
	}
	return false
}

// quoteLit quotes a string literal for the few places DuckDB wants a
// constant (read_csv options); values from users go through parameters.
func quoteLit(v string) string {
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// describe fills columns and sample: from the sniffed layout for CSV, from
// DuckDB for Parquet and JSON.
func (s *source) describe(ctx context.Context, db *sql.DB) error {
	if s.layout.Format == "csv" {
		s.columns = dedupe(s.layout.Columns)
		s.sample = s.layout.Sample
		return nil
	}
	rel, args := s.relation()
	t, err := metrics.Query(ctx, db, "SELECT CAST(COLUMNS(* EXCLUDE (__line)) AS VARCHAR) FROM ("+rel+") LIMIT 500", args...)
	if err != nil {
		return dataErr("%s: cannot read as %s: %v", s.file, s.layout.Format, err)
	}
	s.columns = t.Columns
	for _, r := range t.Rows {
		row := make([]string, len(r))
		for i, v := range r {
			if v != nil {
				row[i] = fmt.Sprint(v)
			}
		}
		s.sample = append(s.sample, row)
	}
	return nil
}

func dedupe(cols []string) []string {
	seen := map[string]int{}
	out := make([]string, len(cols))
	for i, c := range cols {
		if c == "" {
			c = fmt.Sprintf("column%d", i)
		}
		seen[c]++
		if seen[c] > 1 {
			c = fmt.Sprintf("%s_%d", c, seen[c])
		}
		out[i] = c
	}
	return out
}
