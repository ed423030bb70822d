// Package metrics computes the engagement metrics of SPEC §3 by running the
// SQL of queries/ behind a prefix of filtered relations built from Params.
// It talks to DuckDB through Querier only, so it never links the driver.
package metrics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/queries"
)

// Querier is what metrics need of a database: *sql.DB and *sql.Conn fit.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Filter keeps rows whose dimension Dim equals Value ("(unknown)" matches
// rows without a value). Filters on one Dim are OR-ed, on different Dims AND-ed.
type Filter struct {
	Dim, Value string
}

// Params are the analyst's choices for one metric run.
type Params struct {
	By       string   // dimension, own column of the role, or month|week|quarter
	Where    []Filter //
	From, To string   // YYYY-MM-DD, inclusive; "" = open
	AsOf     string   // YYYY-MM-DD; "" = latest activity date in the data
	Period   string   // month (default) | week | quarter
	Mode     string   // retention: "" / "period" or "on-or-after"
	Window   int      // funnel: days allowed between stages; 0 = unbounded
	Activity string   // retention: "orders" (default) or "events"
	// InactiveDays is the churn window for order-only data (default 90).
	InactiveDays int
	// Topics: comments mentioned by fewer are no topic (default 5); named
	// topics and synonyms come from kizuna.toml's [topics] and [synonyms].
	MinMentions int
	// TopicMetric is what topics measure their impact on: "" or "nps",
	// "csat" (CSAT answers' comments) or "reviews" (the review texts and
	// the average rating).
	TopicMetric string
	Topics      map[string][]string
	Synonyms    map[string][]string
	// Segment keeps the customers that SegmentSQL (a saved segment: a
	// query with a customer_id column) returns, evaluated on every run.
	Segment, SegmentSQL string
}

// Result is one metric's output.
type Result struct {
	Metric string
	AsOf   string
	model.Table
	// Notes say how the metric was computed where the reader could not
	// guess it (events as activity, event names no journey stage matches).
	Notes []string
}

// Def describes one metric.
type Def struct {
	Name  string
	Role  string // the role whose rows are grouped by --by
	Title string
}

// Defs lists the metrics in SPEC order.
var Defs = []Def{
	{"overview", "", "Overview"}, // --by does not apply
	{"nps", "responses", "NPS"},
	{"csat", "responses", "CSAT"},
	{"churn", "customers", "Churn"},
	{"retention", "customers", "Retention cohorts"},
	{"repeat", "orders", "Repeat rate"},
	{"ltv", "customers", "LTV"},
	{"rfm", "customers", "RFM segments"},
	{"funnel", "customers", "Journey funnel"},
	{"reviews", "reviews", "Reviews"},
	{"engagement", "posts", "SNS engagement"},
	{"segments", "customers", "Segments"},
	{"topics", "responses", "Topics"},
}

// Names lists the metric names.
func Names() []string {
	out := make([]string, len(Defs))
	for i, d := range Defs {
		out[i] = d.Name
	}
	return out
}

// Lookup finds a metric definition.
func Lookup(name string) (Def, bool) {
	for _, d := range Defs {
		if d.Name == name {
			return d, true
		}
	}
	return Def{}, false
}

// UsageError is a mistake in the analyst's request (exit status 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// Catalog lists the columns of every canonical table.
type Catalog map[string][]string

// Has reports whether table has column col.
func (c Catalog) Has(table, col string) bool {
	for _, x := range c[table] {
		if x == col {
			return true
		}
	}
	return false
}

// LoadCatalog reads the canonical tables' columns from the database.
func LoadCatalog(ctx context.Context, q Querier) (Catalog, error) {
	t, err := Query(ctx, q, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, err
	}
	cat := Catalog{}
	for _, r := range t.Rows {
		cat[r[0].(string)] = append(cat[r[0].(string)], r[1].(string))
	}
	return cat, nil
}

// DefaultAsOf is the latest activity date in the data (never the wall clock).
func DefaultAsOf(ctx context.Context, q Querier) (string, error) {
	t, err := Query(ctx, q, asOfSQL())
	if err != nil {
		return "", err
	}
	if len(t.Rows) == 0 || t.Rows[0][0] == nil {
		return "", ErrNoDates
	}
	return t.Rows[0][0].(string), nil
}

// asOfSQL is DefaultAsOf's query: one row, the date or NULL.
func asOfSQL() string {
	var parts []string
	for _, r := range model.Roles {
		if r.Name == "customers" {
			continue
		}
		parts = append(parts, fmt.Sprintf("SELECT max(%s) AS d FROM %s", model.TimeColumn(r.Name), r.Name))
		if r.Name == "subscriptions" {
			parts = append(parts, "SELECT max(ended_at) FROM subscriptions")
		}
	}
	return "SELECT strftime(max(d), '%Y-%m-%d') FROM (" + strings.Join(parts, " UNION ALL ") + ")"
}

// DatelessMark in a query says it is valid with $as_of NULL (data without
// dated rows), though it reads as_of.
const DatelessMark = "kizuna:dateless"

// ErrNoDates: the data has no dated activity, so no as-of date can be
// chosen. Metrics that need no date (NPS, CSAT, snapshot churn) run without.
var ErrNoDates = errors.New("no dated rows in the data: cannot choose an as-of date; give --as-of YYYY-MM-DD, " +
	"or map a date column in kizuna.toml (ordered_at, occurred_at, started_at, responded_at, signup_at)")

// needsDate names what a metric without a date lacks (ErrNoDates' advice
// is about the as-of date; this one says which dates the metric reads).
func needsDate(name string) error {
	what := map[string]string{
		"churn":     "churn over time needs order, subscription or event dates (map ordered_at or started_at), or a churn flag on customers for the snapshot churn rate (map churned)",
		"retention": "retention needs order or event dates (map ordered_at or occurred_at)",
		"ltv":       "LTV needs order dates (map ordered_at)",
		"rfm":       "RFM needs order dates (map ordered_at)",
		"overview":  "the overview compares date ranges: map a date column (ordered_at, responded_at, ...)",
		"segments":  "segments need order or subscription dates for activity (map ordered_at or started_at)",
	}[name]
	if what == "" {
		return ErrNoDates
	}
	// A data problem (exit status 1), like ErrNoDates.
	return fmt.Errorf("%s: the data has no dated rows; give --as-of YYYY-MM-DD or map a date column in kizuna.toml", what)
}

// Ident quotes an identifier that comes from a user's file.
func Ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Validate checks the parameters that do not need the data.
func (p *Params) Validate() error {
	for _, d := range []struct{ flag, v string }{{"--from", p.From}, {"--to", p.To}, {"--as-of", p.AsOf}} {
		if d.v != "" && !dateRe.MatchString(d.v) {
			return usagef("%s %q: want a date as YYYY-MM-DD", d.flag, d.v)
		}
	}
	switch p.Period {
	case "":
		p.Period = "month"
	case "month", "week", "quarter":
	default:
		return usagef("--period %q: want month, week or quarter", p.Period)
	}
	switch p.Mode {
	case "", "period", "on-or-after":
	default:
		return usagef("--mode %q: want period or on-or-after", p.Mode)
	}
	switch p.Activity {
	case "", "orders", "events":
	default:
		return usagef("--activity %q: want orders or events", p.Activity)
	}
	if p.InactiveDays == 0 {
		p.InactiveDays = 90
	}
	if p.InactiveDays < 0 {
		return usagef("inactive_days %d: want a number of days > 0", p.InactiveDays)
	}
	if p.Window < 0 {
		return usagef("--window %d: want a number of days ≥ 0", p.Window)
	}
	switch p.TopicMetric {
	case "", "nps", "csat", "reviews":
	default:
		return usagef("--metric %q: topics measure nps, csat or reviews", p.TopicMetric)
	}
	return nil
}

// Run computes metric name with params p.
func Run(ctx context.Context, q Querier, name string, p Params) (*Result, error) {
	q = Remember(q) // Build and notes read the same facts
	text, args, asOf, err := Build(ctx, q, name, p)
	if err != nil {
		return nil, err
	}
	t, err := Query(ctx, q, text, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if name == "topics" {
		t = topicTable(t, p)
	}
	if len(t.Rows) == 0 && p.By == "" && len(t.Columns) > 0 && t.Columns[0] == "group" && !perPeriod(t.Columns) {
		t.Rows = [][]any{emptyRow(t.Columns)}
	}
	n, err := notes(ctx, q, name, p)
	if err != nil {
		return nil, err
	}
	return &Result{Metric: name, AsOf: asOf, Table: *t, Notes: n}, nil
}

// perPeriod reports whether rows are keyed by more than the group (churn,
// retention, funnel): with no data those have no rows at all.
func perPeriod(cols []string) bool {
	return len(cols) > 1 && (cols[1] == "period" || cols[1] == "cohort" || cols[1] == "stage" || cols[1] == "topic")
}

// counts are the columns that are 0, not null, over no rows.
var counts = map[string]bool{"responses": true, "promoters": true, "passives": true, "detractors": true,
	"satisfied": true, "customers": true, "orders": true, "revenue": true, "reviews": true, "posts": true,
	"impressions": true, "interactions": true, "active_customers": true,
	"rating_1": true, "rating_2": true, "rating_3": true, "rating_4": true, "rating_5": true}

// emptyRow is the one "all" row of a metric over no data (SPEC §4: without
// --by there is one row): counts are 0, rates null, low_sample true.
func emptyRow(cols []string) []any {
	row := make([]any, len(cols))
	row[0] = "all"
	for i, c := range cols[1:] {
		switch {
		case counts[c]:
			row[i+1] = int64(0)
		case c == "low_sample":
			row[i+1] = true
		}
	}
	return row
}

// Build returns the full SQL of metric name for p, its bound arguments and
// the as-of date used. The same text is what `s` shows in the workbench.
func Build(ctx context.Context, q Querier, name string, p Params) (string, []any, string, error) {
	def, ok := Lookup(name)
	if !ok {
		return "", nil, "", usagef("unknown metric %q: want one of %s", name, strings.Join(Names(), " "))
	}
	qname, role := name, def.Role
	if name == "topics" {
		switch p.TopicMetric {
		case "csat":
			qname = "topics_csat"
		case "reviews":
			qname, role = "topics_reviews", "reviews"
		}
	}
	if name == "churn" {
		f, err := FactsOf(ctx, q)
		if err != nil {
			return "", nil, "", err
		}
		if f.SnapshotChurn {
			qname = "churn_snapshot"
		}
	}
	body, err := queries.Get(qname)
	if err != nil {
		return "", nil, "", fmt.Errorf("metric %s has no query: %w", name, err)
	}
	text, args, asOf, err := BuildSQL(ctx, q, role, body, p)
	if errors.Is(err, ErrNoDates) && p.AsOf == "" {
		return "", nil, "", needsDate(name)
	}
	return text, args, asOf, err
}

// BuildSQL puts the filtered relations in front of body (a query over
// customers_f, orders_f, orders_all, …) and binds the parameters it uses.
func BuildSQL(ctx context.Context, q Querier, groupRole, body string, p Params) (string, []any, string, error) {
	if err := p.Validate(); err != nil {
		return "", nil, "", err
	}
	f, err := FactsOf(ctx, q)
	if err != nil {
		return "", nil, "", err
	}
	if p.Activity == "" && f.EventsOnly {
		// Events-only data: events are the activity of retention cohorts.
		p.Activity = "events"
	}
	if p.AsOf == "" {
		p.AsOf = f.AsOf
		// Without dated rows, a query that never reads $as_of (NPS, CSAT,
		// snapshot churn) runs with as_of NULL; the others say what to map.
		if f.NoDates && strings.Contains((&scope{body: body}).readText(), "$as_of") && !strings.Contains(body, DatelessMark) {
			return "", nil, "", ErrNoDates
		}
	}
	s, err := newScope(f, p, groupRole, body)
	if err != nil {
		return "", nil, "", err
	}
	text := s.prefix() + body
	if s.perOrder {
		text = countOrdersRe.ReplaceAllString(text, "count(order_id)")
	}
	return text, s.bind(text), p.AsOf, nil
}

var paramRe = regexp.MustCompile(`\$([a-z_][a-z0-9_]*)`)

// Query runs text and returns its rows as plain values.
func Query(ctx context.Context, q Querier, text string, args ...any) (*model.Table, error) {
	rows, err := q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scan(rows)
}

// UsedParams lists the $names that text refers to, sorted.
func UsedParams(text string) []string {
	seen := map[string]bool{}
	for _, m := range paramRe.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
