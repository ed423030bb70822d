package metrics

import (
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/queries"
)

// scope turns Params into the WITH prefix every metric query reads from.
//
// For each role R it defines
//
//	R_all  rows of R up to as_of that pass the --where filters, with kz_group
//	R_f    R_all restricted to --from/--to on R's time column
//
// and customers_f, the customers passing the filters, with kz_group.
// orders_all and orders_f also carry kz_return: the line is a return
// (ReturnRule); order_rows_f is orders_f with one row per order. When the
// loader wrote OrderHeads (every order one customer, one time) and nothing
// asks for an order column, orders_all reads it: one row per order, which
// gives every metric the same numbers from fewer rows.
// kz_group is the --by value: a column of R, else the customer's dimension,
// else a period bucket of R's time column; "(unknown)" when empty.
type scope struct {
	cat       Catalog
	p         Params
	groupRole string
	body      string
	args      map[string]any
	ctes      []string
	perOrder  bool            // orders_all reads OrderHeads: one row per order
	kept      map[string]bool // fragments read from their kept table (keptFragments)
}

// LinesMark in a query says it needs the order lines themselves (a line
// count, a line's column), so orders_all must not be one row per order.
const LinesMark = "kizuna:order-lines"

// countOrdersRe matches the distinct order count, which over one row per
// order is a plain count (no distinct hash table per group: at 1M
// customers, 0.7 s less for Segments).
var countOrdersRe = regexp.MustCompile(`(?i)count\(\s*DISTINCT\s+order_id\s*\)`)

// sqlComment is a -- comment to the end of its line.
var sqlComment = regexp.MustCompile(`--[^\n]*`)

// orderRowColumns are the columns of orders_all when it is one row per
// order.
var orderRowColumns = []string{"order_id", "customer_id", "ordered_at", "amount", "quantity"}

// usePerOrder tells whether orders_all can be OrderHeads: the table was
// written, the query does not ask for lines, and no filter, breakdown or
// text of the query names an order column that OrderHeads lacks (channel,
// category, …).
func (s *scope) usePerOrder(dims []string) bool {
	if len(s.cat[OrderHeads]) == 0 {
		return false
	}
	text := s.readText()
	if strings.Contains(text, LinesMark) {
		return false
	}
	if s.p.By != "" && !buckets[s.p.By] && s.cat.Has("orders", s.p.By) {
		return false
	}
	for _, d := range dims {
		if s.cat.Has("orders", d) {
			return false
		}
	}
	code := sqlComment.ReplaceAllString(text, "") // a comment naming a column reads nothing
	for _, c := range s.cat["orders"] {
		if !slices.Contains(orderRowColumns, c) && regexp.MustCompile(`\b`+regexp.QuoteMeta(c)+`\b`).MatchString(code) {
			return false
		}
	}
	return true
}

// ReturnRule is the SQL condition, over a row of orders, of a return (SPEC
// §6): a negative amount or a negative quantity. Returns are not orders —
// they count in no order count, frequency, recency, repeat rate, cohort,
// episode or funnel — but their amounts are summed into revenue, so AOV,
// LTV and RFM monetary are net of them.
const ReturnRule = "(coalesce(amount < 0, false) OR coalesce(quantity < 0, false))"

// TenureBand is the --by value that groups customers by tenure_months in
// bands of a year: 0–11, 12–23, 24–35, 36–47, 48–59, 60+ (months).
const TenureBand = "tenure_band"

func tenureBandExpr(col string) string {
	return fmt.Sprintf(`CASE WHEN %[1]s IS NULL THEN '(unknown)' WHEN %[1]s < 12 THEN '0–11' WHEN %[1]s < 24 THEN '12–23'
		WHEN %[1]s < 36 THEN '24–35' WHEN %[1]s < 48 THEN '36–47' WHEN %[1]s < 60 THEN '48–59' ELSE '60+' END`, col)
}

func roleColumn(role, name string) (model.Column, bool) {
	r, _ := model.RoleByName(role)
	for _, c := range r.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return model.Column{}, false
}

var buckets = map[string]bool{"month": true, "week": true, "quarter": true}

// BucketExpr is the SQL label of the period holding ts: YYYY-MM for months,
// the first day (YYYY-MM-DD) for weeks and quarters.
func BucketExpr(period, ts string) string {
	if period == "month" {
		return fmt.Sprintf("strftime(%s, '%%Y-%%m')", ts)
	}
	return fmt.Sprintf("strftime(date_trunc('%s', %s), '%%Y-%%m-%%d')", period, ts)
}

func unknownOr(expr string) string {
	return fmt.Sprintf("coalesce(nullif(trim(CAST(%s AS VARCHAR)), ''), '(unknown)')", expr)
}

func newScope(f *Facts, p Params, groupRole, body string) (*scope, error) {
	cat := f.Catalog
	s := &scope{cat: cat, p: p, groupRole: groupRole, body: body, args: map[string]any{
		"as_of": p.AsOf, "from": nullIfEmpty(p.From), "to": nullIfEmpty(p.To),
		"period": p.Period, "window": p.Window, "mode": p.Mode,
		"inactive_days": p.InactiveDays, "activity": p.Activity,
	}}
	if p.By != "" && groupRole != "" && !buckets[p.By] && !cat.Has(groupRole, p.By) && !cat.Has("customers", p.By) &&
		!(p.By == TenureBand && cat.Has("customers", "tenure_months")) {
		return nil, usagef("--by %s: not a column of %s or customers, nor month, week or quarter (dimensions: %s)",
			p.By, groupRole, strings.Join(s.dimensions(groupRole), ", "))
	}
	// Filters grouped by dimension, in a stable order.
	byDim := map[string][]string{}
	var dims []string
	for i, f := range p.Where {
		if _, ok := byDim[f.Dim]; !ok {
			dims = append(dims, f.Dim)
		}
		name := fmt.Sprintf("w%d", i+1)
		s.args[name] = f.Value
		byDim[f.Dim] = append(byDim[f.Dim], "$"+name)
	}
	sort.Strings(dims)
	s.perOrder = s.usePerOrder(dims)
	s.kept = map[string]bool{}
	for _, k := range keptFragments {
		if key, ok := f.Kept[k.fragment]; ok && k.fits(p, len(dims) > 0 || p.SegmentSQL != "", key) {
			s.kept[k.fragment] = true
			s.ctes = append(s.ctes, k.fragment+" AS (SELECT "+k.columns+" FROM "+k.table+")")
		}
	}
	for _, d := range dims {
		if !s.anyTableHas(d) {
			return nil, usagef("--where %s: no loaded table has a column %s (dimensions: %s)", d, d, strings.Join(s.dimensions(groupRole), ", "))
		}
	}

	for _, r := range model.Roles {
		// A filter that cannot apply to the metric's own role is an error;
		// another role the query reads (overview reads them all) is empty.
		if err := s.addRole(r.Name, dims, byDim); err != nil && r.Name == groupRole && refersTo(s.readText(), r.Name) {
			return nil, err
		}
	}
	return s, nil
}

func (s *scope) anyTableHas(col string) bool {
	for _, r := range model.Roles {
		if s.cat.Has(r.Name, col) {
			return true
		}
	}
	return false
}

func refersTo(body, role string) bool {
	if role == "orders" && regexp.MustCompile(`\border_rows_f\b`).MatchString(body) {
		return true
	}
	return regexp.MustCompile(`\b` + role + `_(f|all)\b`).MatchString(body)
}

func nullIfEmpty(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// dimensions lists what --by and --where accept for role.
func (s *scope) dimensions(role string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range []string{role, "customers"} {
		for _, c := range s.cat[t] {
			if !seen[c] && c != "customer_id" {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

func (s *scope) addRole(role string, dims []string, byDim map[string][]string) error {
	ts := model.TimeColumn(role)
	hasCustomer := s.cat.Has(role, "customer_id")
	join := false
	var conds []string
	for _, d := range dims {
		var col string
		switch {
		case s.cat.Has(role, d):
			col = "t." + Ident(d)
		case role != "customers" && hasCustomer && s.cat.Has("customers", d):
			col, join = "c."+Ident(d), true
		default:
			empty := fmt.Sprintf("SELECT t.*, CAST(NULL AS VARCHAR) AS kz_group FROM %s t WHERE false", role)
			if role == "customers" {
				s.ctes = append(s.ctes, "customers_f AS ("+empty+")")
			} else {
				s.ctes = append(s.ctes, role+"_all AS ("+empty+")", role+"_f AS ("+empty+")")
			}
			if role == "orders" {
				s.ctes = append(s.ctes, "order_rows_f AS (SELECT CAST(NULL AS VARCHAR) AS kz_group, order_id, customer_id, "+
					"ordered_at, amount, false AS kz_return FROM orders WHERE false)")
			}
			return usagef("--where %s: %s has no column %s and its rows are not tied to a customer dimension of that name", d, role, d)
		}
		conds = append(conds, fmt.Sprintf("%s IN (%s)", unknownOr(col), strings.Join(byDim[d], ", ")))
	}

	if s.p.SegmentSQL != "" && (role == "customers" || hasCustomer) {
		conds = append(conds, fmt.Sprintf("t.customer_id IN (SELECT CAST(customer_id AS VARCHAR) FROM (%s) kz_segment)",
			strings.TrimRight(strings.TrimSpace(s.p.SegmentSQL), ";")))
	}

	group := "'all'"
	cgroup := "" // the group when it is the customer's: an expression over customers c
	switch by := s.p.By; {
	case by == "":
	case buckets[by]:
		// Undated rows (responses may have no date) form "(no date)".
		group = fmt.Sprintf("coalesce(%s, '(no date)')", BucketExpr(by, "t."+ts))
	case by == TenureBand && role == "customers":
		group = tenureBandExpr("t.tenure_months")
	case by == TenureBand && hasCustomer && s.cat.Has("customers", "tenure_months"):
		group, join, cgroup = "coalesce(c.kz_cgroup, '(unknown)')", true, tenureBandExpr("c.tenure_months")
	case s.cat.Has(role, by):
		group = unknownOr("t." + Ident(by))
	case role != "customers" && hasCustomer && s.cat.Has("customers", by):
		group, join, cgroup = "coalesce(c.kz_cgroup, '(unknown)')", true, unknownOr("c."+Ident(by))
	default:
		// This role cannot be grouped by the dimension; it keeps one group.
		group = "NULL"
	}

	if role != "customers" {
		cond := fmt.Sprintf("t.%s < CAST($as_of AS DATE) + 1", ts)
		if c, _ := roleColumn(role, ts); !c.Required {
			// An optional date (responses): undated rows are kept, and
			// without any dated row as_of is NULL.
			cond = fmt.Sprintf("(t.%[1]s IS NULL OR $as_of IS NULL OR t.%[1]s < CAST($as_of AS DATE) + 1)", ts)
		}
		conds = append([]string{cond}, conds...)
	}
	from := role + " t"
	if role == "orders" && s.perOrder {
		from = OrderHeads + " t"
	}
	if join {
		// The customer's group is worked out once per customer, not once
		// per row of role (1M against 4.6M orders at 1M customers).
		cust := "customers"
		if cgroup != "" {
			cust = "(SELECT c.*, " + cgroup + " AS kz_cgroup FROM customers c)"
		}
		from += " LEFT JOIN " + cust + " c ON c.customer_id = t.customer_id"
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	rng := fmt.Sprintf("($from IS NULL OR %[1]s >= CAST($from AS DATE)) AND ($to IS NULL OR %[1]s < CAST($to AS DATE) + 1)", ts)
	if role == "customers" {
		s.ctes = append(s.ctes,
			fmt.Sprintf("customers_f AS NOT MATERIALIZED (SELECT t.*, %s AS kz_group FROM %s%s)", group, from, where))
		return nil
	}
	cols := "t.*, " + group + " AS kz_group"
	if role == "orders" && s.perOrder {
		cols = "t.order_id, t.customer_id, t.ordered_at, t.amount, CAST(NULL AS DOUBLE) AS quantity, " + group + " AS kz_group, t.kz_return"
	} else if role == "orders" {
		cols += ", " + strings.NewReplacer("amount", "t.amount", "quantity", "t.quantity").Replace(ReturnRule) + " AS kz_return"
	}
	s.ctes = append(s.ctes,
		fmt.Sprintf("%s_all AS NOT MATERIALIZED (SELECT %s FROM %s%s)", role, cols, from, where),
		fmt.Sprintf("%s_f AS NOT MATERIALIZED (SELECT * FROM %s_all WHERE %s)", role, role, rng))
	if role == "orders" {
		// order_rows_f: one row per order (and kz_group) of orders_f, with
		// the customer and time of its first line, its lines' amounts
		// summed and kz_return when every line in range is a return.
		rows := "SELECT kz_group, order_id, min(customer_id) AS customer_id, min(ordered_at) AS ordered_at, " +
			"sum(amount) AS amount, bool_and(kz_return) AS kz_return FROM orders_f GROUP BY kz_group, order_id"
		if s.perOrder {
			rows = "SELECT kz_group, order_id, customer_id, ordered_at, amount, kz_return FROM orders_f"
		}
		s.ctes = append(s.ctes, "order_rows_f AS NOT MATERIALIZED ("+rows+")")
	}
	return nil
}

// prefix is the WITH clause: the role relations, then the shared fragments
// of queries/ (files _NN_name.sql define the relation name, in NN order).
func (s *scope) prefix() string {
	ctes := append([]string(nil), s.ctes...)
	for _, f := range s.fragments() {
		ctes = append(ctes, f.Name+" AS (\n"+f.SQL+"\n)")
	}
	return "WITH\n" + strings.Join(ctes, ",\n") + "\n"
}

// fragments are the shared relations the body reads, directly or through
// another fragment, in file order.
func (s *scope) fragments() []queries.Fragment {
	all := queries.Fragments()
	need := make([]bool, len(all))
	text := s.body
	for i := len(all) - 1; i >= 0; i-- {
		if s.kept[all[i].Name] {
			continue // a CTE of the scope
		}
		if regexp.MustCompile(`\b` + all[i].Name + `\b`).MatchString(text) {
			need[i] = true
			text += "\n" + all[i].SQL
		}
	}
	var out []queries.Fragment
	for i, f := range all {
		if need[i] {
			out = append(out, f)
		}
	}
	return out
}

// readText is the body with the fragments it reads.
func (s *scope) readText() string {
	text := s.body
	for _, f := range s.fragments() {
		text += "\n" + f.SQL
	}
	return text
}

// bind returns the named arguments that text uses.
func (s *scope) bind(text string) []any {
	var out []any
	for _, name := range UsedParams(text) {
		if v, ok := s.args[name]; ok {
			out = append(out, sql.Named(name, v))
		}
	}
	return out
}
