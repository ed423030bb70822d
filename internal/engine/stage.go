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

// loadRole validates every source of role into the canonical table; rows
// that cannot be used go to rejected with file, line and reason.
func (e *Engine) loadRole(ctx context.Context, r model.Role, srcs []*source) (*model.TableInfo, error) {
	var extras []string
	seen := map[string]bool{}
	for _, c := range r.Columns {
		seen[c.Name] = true
	}
	type staged struct {
		src    *source
		table  string
		extras []string
	}
	var st []staged
	for i, s := range srcs {
		if e.onFile != nil {
			e.onFile(s, 0)
		}
		table := fmt.Sprintf("kz_stage_%s_%d", r.Name, i)
		ex, err := e.stage(ctx, r, s, table)
		if err != nil {
			return nil, err
		}
		for _, x := range ex {
			if !seen[x] {
				seen[x] = true
				extras = append(extras, x)
			}
		}
		st = append(st, staged{s, table, ex})
	}
	if err := e.exec(ctx, model.CreateTableSQL(r, extras...)); err != nil {
		return nil, err
	}
	if len(srcs) == 0 {
		return nil, nil
	}
	info := &model.TableInfo{Role: r.Name, Columns: map[string]string{}}
	for _, x := range st {
		info.Files = append(info.Files, x.src.file)
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
		cols := []string{"customer_id"}
		if r.Name != "customers" {
			cols = nil
		}
		for _, c := range r.Columns {
			if x.src.mapping[c.Name] != "" || (r.Name == "posts" && c.Name == "interactions") || (r.Name == "orders" && c.Name == "order_id") {
				if !contains(cols, c.Name) {
					cols = append(cols, c.Name)
				}
			}
		}
		if r.Name == "orders" && x.src.mapping["order_id"] == "" {
			for i, c := range cols {
				if c == "order_id" {
					cols[i] = fmt.Sprintf("%s || ':' || %s AS order_id", quoteLit(filepath.Base(x.src.file)), x.src.lineExpr())
				}
			}
		}
		for _, ex := range x.extras {
			cols = append(cols, metrics.Ident(ex))
		}
		ok := "__reason IS NULL"
		if r.Name == "customers" {
			// The first row of a customer wins; later ones are rejected.
			if err := e.exec(ctx, fmt.Sprintf(`UPDATE %[1]s SET __reason = 'duplicate customer_id "' || customer_id || '" (first at line ' || d.first || ')'
				FROM (SELECT customer_id AS cid, min(%[2]s) AS first FROM %[1]s WHERE __reason IS NULL GROUP BY 1) d
				WHERE %[1]s.__reason IS NULL AND %[1]s.customer_id = d.cid AND %[3]s > d.first`,
				x.table, x.src.lineExpr(), strings.Replace(x.src.lineExpr(), "rowid", x.table+".rowid", 1))); err != nil {
				return nil, err
			}
			ok += " AND customer_id NOT IN (SELECT customer_id FROM customers)"
		}
		if err := e.exec(ctx, fmt.Sprintf(`INSERT INTO %s BY NAME SELECT %s FROM %s WHERE %s`,
			r.Name, strings.Join(cols, ", "), x.table, ok)); err != nil {
			return nil, dataErr("%s: %v", x.src.file, err)
		}
		if err := e.exec(ctx, fmt.Sprintf(`INSERT INTO rejected SELECT $role, $file, %[2]s, __reason FROM %[1]s WHERE __reason IS NOT NULL ORDER BY 3`, x.table, x.src.lineExpr()),
			named("role", r.Name), named("file", x.src.file)); err != nil {
			return nil, err
		}
		if err := e.exec(ctx, "DROP TABLE "+x.table); err != nil {
			return nil, err
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
	row := e.DB.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM rejected WHERE role = $1)`, r.Name), r.Name)
	if err := row.Scan(&info.Rows, &info.Rejected); err != nil {
		return nil, err
	}
	for _, x := range st {
		info.Filtered += x.src.filtered
	}
	return info, nil
}

// stage reads s into table: one column per mapped canonical column, parsed,
// the source's other columns as text dimensions, __line and __reason (NULL
// when the row is usable). It returns the names of the dimension columns.
func (e *Engine) stage(ctx context.Context, r model.Role, s *source, table string) ([]string, error) {
	rel, args := s.relation()
	base := "(" + rel + ") src"
	if s.needsTyped() {
		base = "(" + s.typed(rel) + ") src"
	}
	// Three layers, so that each value is trimmed and parsed once:
	// raw text (kz_raw_COL) → parsed columns → the reason a row is unusable.
	var raws, parsed, reasons, extraSel []string
	used := map[string]bool{}
	for _, c := range r.Columns {
		expr := s.mapping[c.Name]
		if expr == "" {
			continue
		}
		if plainIdent.MatchString(expr) {
			used[unquote(expr)] = true
		}
		rawCol := "kz_raw_" + c.Name
		rawExpr := fmt.Sprintf("nullif(trim(CAST((%s) AS VARCHAR)), '')", expr)
		if i := index(s.columns, s.plainColumn(expr)); i >= 0 && !s.padded(i) {
			rawExpr = fmt.Sprintf("nullif(%s, '')", expr)
		}
		raws = append(raws, fmt.Sprintf("%s AS %s", rawExpr, rawCol))
		p, reason, err := e.parse(ctx, s, c, fmt.Sprintf("nullif(trim(CAST((%s) AS VARCHAR)), '')", expr), rawCol, base, args)
		if err != nil {
			return nil, err
		}
		if c.Name == "survey" {
			p = "lower(" + p + ")"
		}
		parsed = append(parsed, fmt.Sprintf("%s AS %s", p, c.Name))
		if c.Required {
			reasons = append(reasons, fmt.Sprintf("WHEN %s IS NULL THEN 'missing %s'", rawCol, c.Name))
		}
		if reason != "" {
			reasons = append(reasons, fmt.Sprintf("WHEN %s IS NOT NULL AND %s IS NULL THEN %s", rawCol, c.Name, reason))
		}
		if extra := scaleCheck(r.Name, c.Name, c.Name, s.mapping["survey"] != ""); extra != "" {
			reasons = append(reasons, extra)
		}
	}
	if r.Name == "posts" && s.mapping["interactions"] == "" {
		var sum []string
		for _, p := range interactionParts {
			if s.mapping[p] != "" {
				sum = append(sum, fmt.Sprintf("coalesce(%s, 0)", p))
			}
		}
		parsed = append(parsed, strings.Join(sum, " + ")+" AS interactions")
	}
	var extras []string
	for _, c := range s.columns {
		if used[c] {
			continue
		}
		name := c
		if _, isCanon := roleColumn(r, c); isCanon {
			name = "src_" + c
		}
		extras = append(extras, name)
		rawExpr := fmt.Sprintf("nullif(trim(CAST(%s AS VARCHAR)), '')", metrics.Ident(c))
		if i := index(s.columns, c); i >= 0 && !s.needsTyped() && !s.padded(i) {
			rawExpr = fmt.Sprintf("nullif(%s, '')", metrics.Ident(c))
		}
		raws = append(raws, fmt.Sprintf("%s AS %s", rawExpr, metrics.Ident(name)))
		extraSel = append(extraSel, metrics.Ident(name))
	}
	reason := "NULL"
	if len(reasons) > 0 {
		reason = "CASE " + strings.Join(reasons, " ") + " END"
	}
	where := ""
	if s.where != "" {
		where = " WHERE (" + s.where + ")"
	}
	names := []string{"__line"}
	for _, p := range parsed {
		names = append(names, p[strings.LastIndex(p, " AS ")+4:])
	}
	names = append(names, extraSel...)
	q := fmt.Sprintf(`CREATE TABLE %s AS
		SELECT %s, %s AS __reason FROM (
			SELECT %s, kz_raw.* FROM (
				SELECT __line, %s FROM %s%s) kz_raw) kz_parsed`,
		table, strings.Join(names, ", "), reason, strings.Join(parsed, ", "), strings.Join(raws, ", "), base, where)
	if err := e.exec(ctx, q, args...); err != nil {
		return nil, dataErr("%s: %v", s.file, err)
	}
	if s.where != "" {
		var total, kept int64
		row := e.DB.QueryRowContext(ctx, fmt.Sprintf("SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM %s)", base, table), args...)
		if err := row.Scan(&total, &kept); err != nil {
			return nil, dataErr("%s: %v", s.file, err)
		}
		s.filtered = total - kept
	}
	return extras, nil
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

// parse returns the SQL that turns raw (text) into column c's type and the
// SQL of the reason given when a non-empty value does not parse.
//
// sampleExpr is the raw text as an expression over the source (to sample
// values for the date format); raw is the column holding it.
func (e *Engine) parse(ctx context.Context, s *source, c model.Column, sampleExpr, raw, base string, args []any) (string, string, error) {
	show := fmt.Sprintf(`'%s: ' || '%%s "' || %s || '"'`, c.Name, raw)
	switch c.Kind {
	case model.Timestamp:
		vals, err := e.sampleValues(ctx, sampleExpr, base, args)
		if err != nil {
			return "", "", dataErr("%s: column %s: %v", s.file, c.Name, err)
		}
		// The column is a timestamp by its mapping: take the format most
		// values fit, even when many do not (they are rejected with a reason).
		f, ok := detect.BestTime(vals)
		if !ok {
			f = detect.TimeFormat{Kind: "iso"}
		}
		full := f.SQL(raw)
		if f.Kind == "iso" { // fast path: "2024-03-05" … "2024-03-05 14:22:10"
			full = fmt.Sprintf("coalesce(CASE WHEN length(%s) <= 19 THEN TRY_CAST(%s AS TIMESTAMP) END, %s)", raw, raw, full)
		}
		return full, strings.Replace(show, "%s", "unparsable or impossible date", 1), nil
	case model.Number:
		// Currency signs and spaces go; "1,234,567.5" has thousands commas;
		// "12,50" is a decimal comma. Anything else is not a number.
		v := fmt.Sprintf(`regexp_replace(%s, '[¥$€£円\s]', '', 'g')`, raw)
		return fmt.Sprintf(`coalesce(TRY_CAST(%[2]s AS DOUBLE), CASE WHEN regexp_full_match(%[1]s, '-?\d{1,3}(,\d{3})+(\.\d+)?') THEN TRY_CAST(replace(%[1]s, ',', '') AS DOUBLE)
			WHEN regexp_full_match(%[1]s, '-?\d+,\d+') THEN TRY_CAST(replace(%[1]s, ',', '.') AS DOUBLE)
			ELSE TRY_CAST(%[1]s AS DOUBLE) END)`, v, raw),
			strings.Replace(show, "%s", "not a number", 1), nil
	case model.Boolean:
		return detect.BoolSQL(raw), strings.Replace(show, "%s", "not a yes/no flag", 1), nil
	case model.Integer:
		num := fmt.Sprintf(`TRY_CAST(%s AS DOUBLE)`, raw)
		return fmt.Sprintf("CASE WHEN %[1]s = floor(%[1]s) THEN CAST(%[1]s AS INTEGER) END", num),
			strings.Replace(show, "%s", "not an integer", 1), nil
	}
	return raw, "", nil
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

// sampleValues returns up to 1000 distinct non-empty values of raw, for
// choosing a date format.
func (e *Engine) sampleValues(ctx context.Context, raw, base string, args []any) ([]string, error) {
	t, err := metrics.Query(ctx, e.DB, fmt.Sprintf("SELECT DISTINCT %s AS v FROM (SELECT * FROM %s LIMIT 20000) WHERE %s IS NOT NULL LIMIT 1000", raw, base, raw), args...)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(t.Rows))
	for _, r := range t.Rows {
		out = append(out, fmt.Sprint(r[0]))
	}
	return out, nil
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
