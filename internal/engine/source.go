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
	ignored  string            // why a detected file is not used
	why      string            // how the role and columns were chosen (schema)
	filtered int64             // rows the mapping's where left out
	scan     fileScan          // CSV: what one pass over the file learnt
	types    map[string]string // CSV: DuckDB type of a file column read typed (absent = VARCHAR)
	dbTypes  map[string]string // Parquet/JSON: DuckDB type of each column
	canonOf  map[string]string // file column → the canonical column it is mapped to as is
	rejects  int               // CSV: number of this source's reader-rejects table (kz_rej_N)
	jsonFull bool              // JSON: types from every record, not a sample (a late value of another type)
}

var plainIdent = regexp.MustCompile(`^"(?:[^"]|"")*"$`)

// newSource sniffs f. role and t come from the mapping file, or are empty
// for detection.
func (e *Engine) newSource(ctx context.Context, f, role string, t *config.Table) (*source, error) {
	lay, err := detect.Sniff(f)
	if err != nil {
		return nil, &DataError{err}
	}
	s := &source{role: role, file: f, layout: lay, read: f, rejects: e.readers}
	e.readers++
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
			return nil, &fileFailure{f, err}
		}
		s.layout.Compression = ""
	}
	if s.layout.Format == "csv" || s.layout.Compression == "gzip" {
		// One pass over the whole text: a torn gzip is an error here, and
		// the CSV reader learns whether records are plain lines (JSON
		// needs neither unless compressed).
		sc, err := scanText(s.read, s.layout.Compression == "gzip")
		if err != nil {
			return nil, &fileFailure{f, err}
		}
		s.scan = sc
	}
	if err := s.describe(ctx, e.q()); err != nil {
		return nil, err
	}
	if t != nil {
		s.mapAs(role, t)
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
	s.chooseTypes()
	return s, nil
}

// mapAs maps the columns for role as the mapping file's table t says,
// detecting the ones it leaves out (a unit price beside a quantity gives
// amount = quantity × unit price).
func (s *source) mapAs(role string, t *config.Table) {
	s.mapping = map[string]string{}
	auto := detect.MapColumns(role, s.columns, s.sample)
	for k, v := range auto {
		s.mapping[k] = metrics.Ident(v)
	}
	for k, v := range detect.Derived(role, auto) {
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

// relation is the SQL reading the file: the file's columns plus __line,
// the file's line (1-based, counting the header), or NULL where the line
// comes from the loaded table's row order (every format but
// space-aligned text). load is true for the read that loads the file: a
// CSV's unusable records then go to its rejects table; a sampling read
// skips them.
func (s *source) relation(load bool) (string, []any) {
	arg := sql.Named("path_"+strconv.Itoa(randomish(s.read)), s.read)
	p := "$path_" + strconv.Itoa(randomish(s.read))
	cols := make([]string, len(s.columns))
	for i, c := range s.columns {
		cols[i] = metrics.Ident(c)
	}
	switch s.layout.Format {
	case "sql": // a query over the [sources] tables (sqlSource): lines are result rows
		return fmt.Sprintf("SELECT CAST(NULL AS BIGINT) AS __line, * FROM (%s)", s.read), nil
	case "parquet":
		return fmt.Sprintf("SELECT CAST(NULL AS BIGINT) AS __line, * FROM read_parquet(%s)", p), []any{arg}
	case "json", "ndjson":
		full := ""
		if s.jsonFull {
			full = ", sample_size = -1"
		}
		return fmt.Sprintf("SELECT CAST(NULL AS BIGINT) AS __line, * FROM read_json_auto(%s%s)", p, full), []any{arg}
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
				escape = '', auto_detect = false, compression = %s, max_line_size = %d))
			WHERE __line > %d AND trim(line) <> ''`, strings.Join(parts, ", "), p, comp, s.maxLine(), s.layout.HeaderLines), []any{arg}
	}
	types := make([]string, len(cols))
	for i, c := range s.columns {
		t := s.types[c]
		if t == "" {
			t = "VARCHAR"
		}
		types[i] = quoteLit(c) + ": " + quoteLit(t)
	}
	opts := "ignore_errors = true"
	if load {
		opts = fmt.Sprintf("store_rejects = true, rejects_table = 'kz_rej_%d', rejects_scan = 'kz_rejscan_%d'", s.rejects, s.rejects)
	}
	if s.scan.openQuote {
		// Padding short rows would hide a quote left open to the end of
		// the file (the rest of the file silently in one field): read
		// strictly, and the reader rejects the record with its lines.
	} else if !s.scan.plain {
		// Quoted line breaks (or blank lines): DuckDB's parallel reader
		// cannot pad short rows then, so this file is read by one thread.
		opts += ", parallel = false"
	}
	if n := s.maxLine(); n > 0 {
		opts += fmt.Sprintf(", max_line_size = %d, buffer_size = %d", n, 2*n)
	}
	return fmt.Sprintf(`SELECT CAST(NULL AS BIGINT) AS __line, * FROM read_csv(%s, columns = {%s},
		delim = %s, header = %t, quote = '"', escape = '"', auto_detect = false, null_padding = %t,
		compression = %s, %s)`, p, strings.Join(types, ", "), quoteLit(s.layout.Delimiter), s.layout.Header,
		!s.scan.openQuote, comp, opts), []any{arg}
}

// maxLine is the reader's line limit when the file has a record longer
// than DuckDB's default (2 MB), else 0.
func (s *source) maxLine() int64 {
	const def = 2 << 20
	if s.scan.maxRecord < def-1024 {
		if s.layout.Delimiter == "whitespace" {
			return def
		}
		return 0
	}
	return s.scan.maxRecord + 1<<20
}

// firstLine is the line of the first row: rows keep the file's order, so
// row i (0-based) is on line firstLine+i unless the table holds __line.
func (s *source) firstLine() int {
	if s.layout.Format == "csv" {
		return s.layout.HeaderLines + 1
	}
	return 1 // Parquet and JSON: row numbers
}

var (
	plainNumber = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)
	plainTime   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$`)
)

// chooseTypes decides which CSV columns DuckDB reads typed: a column
// mapped as it is to a timestamp or number whose sampled values are all
// in DuckDB's own form (ISO dates, plain numbers). Every other column is
// read as text and parsed by kizuna's rules (¥1,234, YYYYMMDD, epoch, …).
// A later value that does not fit a typed column is a reader reject, with
// its line and reason, never a silent NULL.
func (s *source) chooseTypes() {
	s.canonOf = map[string]string{}
	for canon, expr := range s.mapping {
		if plainIdent.MatchString(expr) {
			s.canonOf[unquote(expr)] = canon
		}
	}
	if s.layout.Format != "csv" || s.layout.Delimiter == "whitespace" {
		return
	}
	s.types = map[string]string{}
	refs := strings.ToLower(s.where)
	for _, v := range s.mapping {
		if !plainIdent.MatchString(v) {
			refs += "\n" + strings.ToLower(v)
		}
	}
	r, _ := model.RoleByName(s.role)
	for i, c := range s.columns {
		canon, ok := s.canonOf[c]
		if !ok || strings.Contains(refs, strings.ToLower(c)) || s.padded(i) {
			continue
		}
		col, _ := roleColumn(r, canon)
		var re *regexp.Regexp
		switch col.Kind {
		case model.Timestamp:
			re = plainTime
		case model.Number:
			re = plainNumber
		default:
			continue
		}
		n, fit := 0, 0
		for _, row := range s.sample {
			if i >= len(row) || row[i] == "" {
				continue
			}
			n++
			if re.MatchString(row[i]) {
				fit++
			}
		}
		if n > 0 && fit == n {
			s.types[c] = col.Kind.SQLType()
		}
	}
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
func (s *source) describe(ctx context.Context, db metrics.Querier) error {
	if s.layout.Format == "csv" {
		s.columns = dedupe(s.layout.Columns)
		s.sample = s.layout.Sample
		return nil
	}
	rel, args := s.relation(false)
	t, err := metrics.Query(ctx, db, "SELECT CAST(COLUMNS(* EXCLUDE (__line)) AS VARCHAR) FROM ("+rel+") LIMIT 500", args...)
	if err != nil {
		return &fileFailure{s.file, fmt.Errorf("cannot read as %s: %v", s.layout.Format, err)}
	}
	ty, err := metrics.Query(ctx, db, "SELECT column_name, column_type FROM (DESCRIBE SELECT * EXCLUDE (__line) FROM ("+rel+"))", args...)
	if err != nil {
		return &fileFailure{s.file, fmt.Errorf("cannot read as %s: %v", s.layout.Format, err)}
	}
	s.dbTypes = map[string]string{}
	for _, r := range ty.Rows {
		s.dbTypes[fmt.Sprint(r[0])] = fmt.Sprint(r[1])
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
