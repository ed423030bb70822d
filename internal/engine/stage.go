package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/detect"
	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// interactionParts are summed into posts.interactions when it is not mapped.
var interactionParts = []string{"likes", "comments", "shares", "clicks", "saves"}

// staged is one source read into its own table: the canonical columns
// (typed), the file's other columns as text dimensions, and __reason (NULL
// when the row is usable).
type staged struct {
	src    *source
	table  string
	extras []string
	lines  bool // the table holds __line; else row i is on line src.firstLine()+i
}

// lineExpr is the SQL of a staged row's line in its file.
func (x *staged) lineExpr() string {
	if x.lines {
		return x.table + ".__line"
	}
	return fmt.Sprintf("(%s.rowid + %d)", x.table, x.src.firstLine())
}

// loadRole validates every source of role into the canonical table; rows
// that cannot be used go to rejected with file, line and reason. A source
// that cannot be read is reported in Schema.Failed and the others load.
//
// One source (the common case) is read once: the validated table becomes
// the canonical table (its unusable rows deleted, its helper columns
// dropped), so no second copy of the data is made.
func (e *Engine) loadRole(ctx context.Context, r model.Role, srcs []*source) (*model.TableInfo, error) {
	var st []*staged
	for i, s := range srcs {
		if e.onFile != nil {
			e.onFile(s, 0)
		}
		x := &staged{src: s, table: fmt.Sprintf("kz_stage_%s_%d", r.Name, i)}
		err := e.stage(ctx, r, x)
		if err != nil && (s.layout.Format == "json" || s.layout.Format == "ndjson") && !s.jsonFull {
			// A value of another type after DuckDB's sample: type the
			// columns from every record and read again.
			e.exec(ctx, "DROP TABLE IF EXISTS "+x.table)
			s.jsonFull = true
			if err = s.describe(ctx, e.q()); err == nil {
				x = &staged{src: s, table: x.table}
				err = e.stage(ctx, r, x)
			}
		}
		if err != nil {
			e.exec(ctx, fmt.Sprintf("DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS kz_rej_%d; DROP TABLE IF EXISTS kz_rejscan_%d", x.table, s.rejects, s.rejects))
			if e.failed(s.file, &fileFailure{s.file, err}, e.opts) {
				continue
			}
			return nil, err
		}
		st = append(st, x)
	}
	if err := e.crossFileDuplicates(ctx, r, st); err != nil {
		return nil, err
	}
	var extras []string
	seen := map[string]bool{}
	for _, c := range r.Columns {
		seen[c.Name] = true
	}
	for _, x := range st {
		if err := e.exec(ctx, fmt.Sprintf(`INSERT INTO rejected SELECT $role, $file, %s, __reason FROM %s WHERE __reason IS NOT NULL ORDER BY 3`,
			x.lineExpr(), x.table), named("role", r.Name), named("file", x.src.file)); err != nil {
			return nil, err
		}
		for _, ex := range x.extras {
			if !seen[ex] {
				seen[ex] = true
				extras = append(extras, ex)
			}
		}
	}
	if err := e.canonical(ctx, r, st, extras); err != nil {
		return nil, err
	}
	if len(st) == 0 {
		return nil, nil
	}
	return e.tableInfo(ctx, r, st)
}

// canonical turns the staged tables into role's table.
func (e *Engine) canonical(ctx context.Context, r model.Role, st []*staged, extras []string) error {
	if len(st) == 1 {
		x := st[0]
		stmts := []string{fmt.Sprintf("DELETE FROM %s WHERE __reason IS NOT NULL", x.table),
			fmt.Sprintf("ALTER TABLE %s DROP COLUMN __reason", x.table)}
		if x.lines {
			stmts = append(stmts, fmt.Sprintf("ALTER TABLE %s DROP COLUMN __line", x.table))
		}
		stmts = append(stmts, fmt.Sprintf("ALTER TABLE %s RENAME TO %s", x.table, r.Name))
		for _, q := range stmts {
			if err := e.exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}
	if err := e.exec(ctx, model.CreateTableSQL(r, extras...)); err != nil {
		return err
	}
	for _, x := range st {
		cols := make([]string, 0, len(r.Columns)+len(x.extras))
		for _, c := range r.Columns {
			cols = append(cols, c.Name)
		}
		for _, ex := range x.extras {
			cols = append(cols, metrics.Ident(ex))
		}
		if err := e.exec(ctx, fmt.Sprintf(`INSERT INTO %s BY NAME SELECT %s FROM %s WHERE __reason IS NULL`,
			r.Name, strings.Join(cols, ", "), x.table)); err != nil {
			return dataErr("%s: %v", x.src.file, err)
		}
		if err := e.exec(ctx, "DROP TABLE "+x.table); err != nil {
			return err
		}
	}
	return nil
}

// tableInfo describes the loaded role for schema.
func (e *Engine) tableInfo(ctx context.Context, r model.Role, st []*staged) (*model.TableInfo, error) {
	info := &model.TableInfo{Role: r.Name, Columns: map[string]string{}}
	for _, x := range st {
		info.Files = append(info.Files, x.src.file)
		info.Filtered += x.src.filtered
		info.Why = append(info.Why, x.src.file+": "+x.src.whyText())
		for k, v := range x.src.mapping {
			if plainIdent.MatchString(v) {
				v = unquote(v) // a column name, as the file writes it
			}
			if old, ok := info.Columns[k]; ok && old != v {
				v = old + " | " + v
			}
			info.Columns[k] = v
		}
	}
	for _, c := range r.Columns {
		if _, ok := info.Columns[c.Name]; ok {
			info.Order = append(info.Order, c.Name)
		}
	}
	if r.Name == "orders" {
		if _, ok := info.Columns["order_id"]; !ok {
			info.Columns["order_id"] = "file:line (one order per row)"
			info.Order = append([]string{"order_id"}, info.Order...)
		}
	}
	if r.Name == "posts" {
		if _, ok := info.Columns["interactions"]; !ok {
			info.Columns["interactions"] = "likes + comments + shares + clicks + saves"
			info.Order = append(info.Order, "interactions")
		}
	}
	row := e.q().QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM rejected WHERE role = $1)`, r.Name), r.Name)
	if err := row.Scan(&info.Rows, &info.Rejected); err != nil {
		return nil, err
	}
	return info, nil
}

// stage reads x.src into x.table: one column per canonical column of the
// role, parsed (NULL when not mapped), the source's other columns as text
// dimensions and __reason (NULL when the row is usable). Records the reader
// itself cannot use (a value that does not fit a typed column, too many
// fields, an unterminated quote) go to rejected straight away.
func (e *Engine) stage(ctx context.Context, r model.Role, x *staged) error {
	s := x.src
	rel, args := s.relation(true)
	base := "(" + rel + ") src"
	if s.needsTyped() {
		base = "(" + s.typed(rel) + ") src"
	}
	// Three layers, so that each value is trimmed and parsed once:
	// raw values (kz_raw_COL) → parsed columns → the reason a row is unusable.
	var raws, parsed, reasons []string
	interactions := ""
	used := map[string]bool{}
	for _, c := range r.Columns {
		expr := s.mapping[c.Name]
		if expr == "" {
			if r.Name == "posts" && c.Name == "interactions" {
				var sum []string
				for _, p := range interactionParts {
					if s.mapping[p] != "" {
						sum = append(sum, fmt.Sprintf("coalesce(%s, 0)", p))
					}
				}
				// Summed over the parsed parts, in the outer layer.
				interactions = "(" + strings.Join(sum, " + ") + ") AS interactions"
				continue
			}
			parsed = append(parsed, fmt.Sprintf("CAST(NULL AS %s) AS %s", c.Kind.SQLType(), c.Name))
			continue
		}
		if plainIdent.MatchString(expr) {
			used[unquote(expr)] = true
		}
		v, err := e.column(ctx, s, c, expr, args)
		if err != nil {
			return err
		}
		raws = append(raws, v.raw+" AS kz_raw_"+c.Name)
		parsed = append(parsed, v.parsed+" AS "+c.Name)
		reasons = append(reasons, v.reasons...)
		if extra := scaleCheck(r.Name, c.Name, c.Name, s.mapping["survey"] != ""); extra != "" {
			reasons = append(reasons, extra)
		}
	}
	var extraSel []string
	for _, c := range s.columns {
		if used[c] {
			continue
		}
		name := c
		if _, isCanon := roleColumn(r, c); isCanon {
			name = "src_" + c
		}
		x.extras = append(x.extras, name)
		raw := fmt.Sprintf("nullif(trim(CAST(%s AS VARCHAR)), '')", metrics.Ident(c))
		if i := index(s.columns, c); i >= 0 && s.layout.Format == "csv" && !s.needsTyped() && !s.padded(i) {
			raw = fmt.Sprintf("nullif(%s, '')", metrics.Ident(c))
		} else if t := s.dbTypes[c]; t != "" && t != "VARCHAR" {
			raw = asText(metrics.Ident(c), t)
		}
		raws = append(raws, fmt.Sprintf("%s AS %s", raw, metrics.Ident(name)))
		extraSel = append(extraSel, metrics.Ident(name))
	}
	reason := "CAST(NULL AS VARCHAR)"
	if len(reasons) > 0 {
		reason = "CASE " + strings.Join(reasons, " ") + " END"
	}
	names := make([]string, 0, len(r.Columns)+len(extraSel)+3)
	for _, c := range r.Columns {
		if c.Name == "interactions" && interactions != "" {
			names = append(names, interactions)
			continue
		}
		names = append(names, c.Name)
	}
	names = append(names, extraSel...)
	names = append(names, reason+" AS __reason")
	inner := []string{"__line"}
	if s.where != "" {
		inner = append(inner, "coalesce(("+s.where+"), false) AS __keep")
		names = append(names, "__keep")
	}
	if s.layout.Delimiter == "whitespace" && s.layout.Format == "csv" {
		names = append(names, "__line")
		x.lines = true
	}
	q := fmt.Sprintf(`CREATE TABLE %s AS
		SELECT %s FROM (
			SELECT %s, kz_raw.* FROM (
				SELECT %s, %s FROM %s) kz_raw) kz_parsed`,
		x.table, strings.Join(names, ", "), strings.Join(parsed, ", "), strings.Join(inner, ", "), strings.Join(raws, ", "), base)
	if err := e.exec(ctx, q, args...); err != nil {
		return err
	}
	if err := e.readerRejects(ctx, r, x); err != nil {
		return err
	}
	if s.where != "" {
		var n int64
		if err := e.q().QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE NOT __keep", x.table)).Scan(&n); err != nil {
			return err
		}
		s.filtered = n
		if err := e.exec(ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN IF NOT EXISTS __line BIGINT", x.table)); err != nil {
			return err
		}
		if !x.lines {
			// Deleting rows would shift the row order: keep each row's line first.
			if err := e.exec(ctx, fmt.Sprintf("UPDATE %s SET __line = rowid + %d", x.table, s.firstLine())); err != nil {
				return err
			}
			x.lines = true
		}
		if err := e.exec(ctx, fmt.Sprintf("DELETE FROM %s WHERE NOT __keep", x.table)); err != nil {
			return err
		}
		if err := e.exec(ctx, fmt.Sprintf("ALTER TABLE %s DROP COLUMN __keep", x.table)); err != nil {
			return err
		}
	}
	if r.Name == "orders" && s.mapping["order_id"] == "" {
		if err := e.exec(ctx, fmt.Sprintf(`UPDATE %s SET order_id = %s || ':' || %s`,
			x.table, quoteLit(filepath.Base(s.file)), x.lineExpr())); err != nil {
			return err
		}
	}
	if r.Name == "customers" {
		// The first row of a customer wins; later ones are rejected.
		if err := e.exec(ctx, fmt.Sprintf(`UPDATE %[1]s SET __reason = 'duplicate customer_id "' || customer_id || '" (first at line ' || d.first || ')'
			FROM (SELECT customer_id AS cid, min(%[2]s) AS first FROM %[1]s WHERE __reason IS NULL GROUP BY 1) d
			WHERE %[1]s.__reason IS NULL AND %[1]s.customer_id = d.cid AND %[2]s > d.first`, x.table, x.lineExpr())); err != nil {
			return err
		}
	}
	return nil
}

// col is the SQL of one mapped canonical column in the three layers.
type colSQL struct {
	raw     string   // the value as read: typed, or trimmed text (NULL when empty)
	parsed  string   // over kz_raw_NAME: the canonical type, NULL when unusable
	reasons []string // CASE branches giving the reason a row is unusable
}

// column builds the layers of canonical column c mapped to expr.
func (e *Engine) column(ctx context.Context, s *source, c model.Column, expr string, args []any) (colSQL, error) {
	raw := "kz_raw_" + c.Name
	var v colSQL
	typ := s.typeOf(expr)
	v.raw = fmt.Sprintf("nullif(trim(CAST((%s) AS VARCHAR)), '')", expr)
	if typ != "" {
		v.raw = expr
	} else if i := index(s.columns, s.plainColumn(expr)); i >= 0 && !s.padded(i) {
		v.raw = fmt.Sprintf("nullif(%s, '')", expr)
	}
	text := raw
	if typ != "" {
		text = "CAST(" + raw + " AS VARCHAR)"
	}
	show := func(why string) string {
		return fmt.Sprintf(`'%s: %s "' || %s || '"'`, c.Name, why, text)
	}
	if c.Required {
		v.reasons = append(v.reasons, fmt.Sprintf("WHEN %s IS NULL THEN 'missing %s'", raw, c.Name))
	}
	failed := func(why string) {
		v.reasons = append(v.reasons, fmt.Sprintf("WHEN %s IS NOT NULL AND %s IS NULL THEN %s", raw, c.Name, show(why)))
	}
	switch c.Kind {
	case model.Timestamp:
		switch {
		case strings.HasPrefix(typ, "TIMESTAMP WITH TIME ZONE"):
			v.parsed = "timezone('UTC', " + raw + ")"
		case strings.HasPrefix(typ, "TIMESTAMP"), typ == "DATE":
			v.parsed = "CAST(" + raw + " AS TIMESTAMP)"
		default:
			if typ != "" {
				v.raw = asText(expr, typ)
				text = raw
			}
			f, err := e.timeFormat(ctx, s, expr, args)
			if err != nil {
				return v, dataErr("%s: column %s: %v", s.file, c.Name, err)
			}
			v.parsed = f.SQL(raw)
			if f.Kind == "iso" { // fast path: "2024-03-05" … "2024-03-05 14:22:10"
				v.parsed = fmt.Sprintf("coalesce(CASE WHEN length(%s) <= 19 THEN TRY_CAST(%s AS TIMESTAMP) END, %s)", raw, raw, v.parsed)
			}
		}
		v.reasons = append(v.reasons, fmt.Sprintf("WHEN %s IS NOT NULL AND (%s) IS NULL THEN %s", raw, v.parsed, show("unparsable or impossible date")))
		// Dates before 1900 or more than a year past the analysis date are
		// typos or placeholders; an end date far ahead means "still active".
		low, high := "TIMESTAMP '1900-01-01'", fmt.Sprintf("TIMESTAMP '%s'", e.maxDate)
		if c.Name == "ended_at" {
			v.parsed = fmt.Sprintf("CASE WHEN %[1]s > %[2]s THEN NULL ELSE %[1]s END", v.parsed, high)
			v.reasons = append(v.reasons, fmt.Sprintf("WHEN %s < %s THEN %s", c.Name, low, show("date out of range")))
		} else {
			v.reasons = append(v.reasons, fmt.Sprintf("WHEN %[1]s < %[2]s OR %[1]s > %[3]s THEN %[4]s", c.Name, low, high, show("date out of range")))
		}
	case model.Number:
		if typ != "" && isNumericType(typ) {
			v.parsed = "CAST(" + raw + " AS DOUBLE)"
		} else {
			if typ != "" {
				v.raw = asText(expr, typ)
				text = raw
			}
			// Currency signs and spaces go; "1,234,567.5" has thousands
			// commas; "12,50" is a decimal comma. Anything else is not a number.
			n := fmt.Sprintf(`regexp_replace(%s, '[¥$€£円\s]', '', 'g')`, raw)
			v.parsed = fmt.Sprintf(`coalesce(TRY_CAST(%[2]s AS DOUBLE), CASE WHEN regexp_full_match(%[1]s, '-?\d{1,3}(,\d{3})+(\.\d+)?') THEN TRY_CAST(replace(%[1]s, ',', '') AS DOUBLE)
			WHEN regexp_full_match(%[1]s, '-?\d+,\d+') THEN TRY_CAST(replace(%[1]s, ',', '.') AS DOUBLE)
			ELSE TRY_CAST(%[1]s AS DOUBLE) END)`, n, raw)
		}
		failed("not a number")
		v.reasons = append(v.reasons, fmt.Sprintf("WHEN isnan(%[1]s) OR isinf(%[1]s) THEN %[2]s", c.Name, show("not a finite number")))
	case model.Boolean:
		if typ != "" {
			v.raw = asText(expr, typ)
			text = raw
		}
		v.parsed = detect.BoolSQL(raw)
		failed("not a yes/no flag")
	case model.Integer:
		if typ != "" && !isNumericType(typ) {
			v.raw = asText(expr, typ)
			text = raw
		}
		d := fmt.Sprintf("TRY_CAST(%s AS DOUBLE)", raw)
		v.parsed = fmt.Sprintf("CASE WHEN NOT isnan(%[1]s) AND %[1]s = floor(%[1]s) AND abs(%[1]s) < 1e9 THEN CAST(%[1]s AS INTEGER) END", d)
		v.reasons = append(v.reasons, fmt.Sprintf("WHEN %s IS NOT NULL AND %s IS NULL AND abs(%s) >= 1e9 AND NOT isinf(%s) AND NOT isnan(%s) THEN %s",
			raw, c.Name, d, d, d, fmt.Sprintf(`'%s: ' || %s || ' is out of range'`, c.Name, text)))
		failed("not an integer")
	default:
		if typ != "" {
			v.raw = asText(expr, typ)
		}
		v.parsed = raw
		if c.Name == "survey" {
			v.parsed = "lower(" + raw + ")"
		}
	}
	return v, nil
}

// asText is a typed column's value as trimmed text (NULL when empty); a
// JSON value that is a string loses its quotes.
func asText(expr, typ string) string {
	if typ == "JSON" {
		return fmt.Sprintf("nullif(trim(coalesce(json_extract_string(%s, '$'), CAST(%s AS VARCHAR))), '')", expr, expr)
	}
	return fmt.Sprintf("nullif(trim(CAST((%s) AS VARCHAR)), '')", expr)
}

// typeOf is the type DuckDB reads a plainly mapped column with, "" for text.
func (s *source) typeOf(expr string) string {
	if !plainIdent.MatchString(expr) {
		return ""
	}
	c := unquote(expr)
	if t := s.types[c]; t != "" {
		return t
	}
	if t := s.dbTypes[c]; t != "" && t != "VARCHAR" {
		return t
	}
	return ""
}

func isNumericType(t string) bool {
	switch {
	case strings.HasPrefix(t, "DECIMAL"):
		return true
	}
	switch t {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE":
		return true
	}
	return false
}

// timeFormat picks the date format of a text column from its values: the
// sniffed sample for a plain column, else up to 1000 values of the file.
func (e *Engine) timeFormat(ctx context.Context, s *source, expr string, args []any) (detect.TimeFormat, error) {
	var vals []string
	if i := index(s.columns, s.plainColumn(expr)); i >= 0 && len(s.sample) > 0 {
		for _, r := range s.sample {
			if i < len(r) && strings.TrimSpace(r[i]) != "" {
				vals = append(vals, strings.TrimSpace(r[i]))
			}
		}
	} else {
		sampleRel, _ := s.relation(false)
		b := "(" + sampleRel + ") src"
		if s.needsTyped() {
			b = "(" + s.typed(sampleRel) + ") src"
		}
		v := fmt.Sprintf("nullif(trim(CAST((%s) AS VARCHAR)), '')", expr)
		t, err := metrics.Query(ctx, e.q(), fmt.Sprintf("SELECT DISTINCT %s AS v FROM (SELECT * FROM %s LIMIT 20000) WHERE %s IS NOT NULL LIMIT 1000", v, b, v), args...)
		if err != nil {
			return detect.TimeFormat{}, err
		}
		for _, r := range t.Rows {
			vals = append(vals, fmt.Sprint(r[0]))
		}
	}
	// The column is a timestamp by its mapping: take the format most
	// values fit, even when many do not (they are rejected with a reason).
	f, ok := detect.BestTime(vals)
	if !ok {
		f = detect.TimeFormat{Kind: "iso"}
	}
	return f, nil
}

func roleColumn(r model.Role, name string) (model.Column, bool) {
	for _, c := range r.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return model.Column{}, false
}

// plainColumn returns the text column a mapping names, else "" (an
// expression, or columns retyped for expressions).
func (s *source) plainColumn(expr string) string {
	if plainIdent.MatchString(expr) && !s.needsTyped() {
		return unquote(expr)
	}
	return ""
}

func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func unquote(id string) string {
	return strings.ReplaceAll(id[1:len(id)-1], `""`, `"`)
}

// scaleCheck rejects scores outside their survey's scale and ratings outside 1–5.
func scaleCheck(role, col, parsed string, hasSurvey bool) string {
	switch {
	case role == "reviews" && col == "rating":
		return fmt.Sprintf(`WHEN %[1]s NOT BETWEEN 1 AND 5 THEN 'rating: ' || %[1]s || ' is outside 1–5'`, parsed)
	case role == "responses" && col == "score":
		sv := "NULL"
		if hasSurvey {
			sv = "survey" // already lower case
		}
		return fmt.Sprintf(`WHEN coalesce(%[2]s, 'nps') = 'csat' AND %[1]s NOT BETWEEN 1 AND 5 THEN 'score: ' || %[1]s || ' is outside the CSAT scale 1–5'
			WHEN coalesce(%[2]s, 'nps') = 'ces' AND %[1]s NOT BETWEEN 1 AND 7 THEN 'score: ' || %[1]s || ' is outside the CES scale 1–7'
			WHEN coalesce(%[2]s, 'nps') NOT IN ('csat', 'ces') AND %[1]s NOT BETWEEN 0 AND 10 THEN 'score: ' || %[1]s || ' is outside the NPS scale 0–10'`, parsed, sv)
	}
	return ""
}

// needsTyped reports whether a mapping expression or where clause is SQL
// over the columns (not a plain column), which then see numbers as numbers.
func (s *source) needsTyped() bool {
	if s.layout.Format != "csv" {
		return false
	}
	if s.where != "" {
		return true
	}
	for _, v := range s.mapping {
		if !plainIdent.MatchString(v) {
			return true
		}
	}
	return false
}

// typed wraps rel so that columns whose sampled values are all integers
// (without leading zeros) are BIGINT and all numbers DOUBLE. Only columns
// that an expression or the where clause names are typed: the others are
// mapped as they are or kept as dimensions, and must keep their text (an id
// column "C489449" after 500 numeric ones would otherwise become NULL).
func (s *source) typed(rel string) string {
	var exprs []string
	for _, v := range s.mapping {
		if !plainIdent.MatchString(v) {
			exprs = append(exprs, v)
		}
	}
	refs := strings.ToLower(s.where + "\n" + strings.Join(exprs, "\n"))
	var cols []string
	for i, c := range s.columns {
		id := metrics.Ident(c)
		kind := ""
		if strings.Contains(refs, strings.ToLower(c)) {
			kind = numericKind(s.sample, i)
		}
		switch kind {
		case "int":
			cols = append(cols, fmt.Sprintf("TRY_CAST(%s AS BIGINT) AS %s", id, id))
		case "float":
			cols = append(cols, fmt.Sprintf("TRY_CAST(%s AS DOUBLE) AS %s", id, id))
		default:
			cols = append(cols, id)
		}
	}
	return fmt.Sprintf("SELECT __line, %s FROM (%s)", strings.Join(cols, ", "), rel)
}

func numericKind(sample [][]string, i int) string {
	kind, n := "int", 0
	for _, r := range sample {
		if i >= len(r) {
			continue
		}
		v := strings.TrimSpace(r[i])
		if v == "" {
			continue
		}
		n++
		if len(v) > 1 && v[0] == '0' && v[1] != '.' {
			return ""
		}
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			continue
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			kind = "float"
			continue
		}
		return ""
	}
	if n == 0 {
		return ""
	}
	return kind
}
