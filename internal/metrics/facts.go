package metrics

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/queries"
)

// Facts are what every metric query needs to know about the loaded data,
// and what changes only when the data does: the tables' columns, the
// default as-of date, whether events stand in for orders and whether churn
// is the snapshot rate.
type Facts struct {
	Catalog       Catalog
	AsOf          string // "" with NoDates
	NoDates       bool   // no dated activity: AsOf cannot be chosen
	EventsOnly    bool
	SnapshotChurn bool
	Rows          map[string]int64 // rows of each canonical table
	// Kept are the fragments the loader kept as tables (keptFragments),
	// with the parameters they were built for.
	Kept map[string]KeptKey
}

// Count is the rows of the given canonical tables together.
func (f *Facts) Count(tables ...string) int64 {
	var n int64
	for _, t := range tables {
		n += f.Rows[t]
	}
	return n
}

// Dimensions are the customer dimensions: the columns of customers that
// are not canonical, in table order.
func (f *Facts) Dimensions() []string {
	canon := map[string]bool{}
	for _, c := range model.Roles[0].Columns {
		canon[c.Name] = true
	}
	var out []string
	for _, c := range f.Catalog["customers"] {
		if !canon[c] {
			out = append(out, c)
		}
	}
	return out
}

// LoadFacts reads the facts of q's data.
func LoadFacts(ctx context.Context, q Querier) (*Facts, error) {
	f := &Facts{}
	var err error
	if f.Catalog, err = LoadCatalog(ctx, q); err != nil {
		return nil, err
	}
	// One query: the as-of date, the rows of each table, the kind of
	// activity and, when the loader wrote episodes, what for.
	var counts []string
	for _, r := range model.Roles {
		counts = append(counts, "(SELECT count(*) FROM "+r.Name+")")
	}
	kept := "NULL"
	if len(f.Catalog[KeptTable]) > 0 {
		kept = "(SELECT list({'f': fragment, 'a': as_of, 'd': inactive_days, 'w': window_days}) FROM " + KeptTable + ")"
	}
	t, err := Query(ctx, q, `SELECT
			(`+asOfSQL()+`),
			`+strings.Join(counts, ", ")+`,
			NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM subscriptions) AND EXISTS (SELECT 1 FROM events),
			NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM subscriptions)
				AND NOT EXISTS (SELECT 1 FROM events) AND EXISTS (SELECT 1 FROM customers WHERE churned IS NOT NULL),
			`+kept)
	if err != nil {
		return nil, err
	}
	if len(t.Rows) != 1 {
		return nil, fmt.Errorf("facts: %d rows", len(t.Rows))
	}
	r, n := t.Rows[0], len(model.Roles)
	if a, ok := r[0].(string); ok {
		f.AsOf = a
	} else {
		f.NoDates = true
	}
	f.Rows = map[string]int64{}
	for i, role := range model.Roles {
		f.Rows[role.Name], _ = r[1+i].(int64)
	}
	f.EventsOnly = r[1+n] == true
	f.SnapshotChurn = r[2+n] == true
	f.Kept = keptKeys(r[3+n])
	return f, nil
}

// Memo is a Querier that remembers the Facts of its data, so a workbench
// screen or a report runs its own queries only. Wrap a database whose data
// does not change (kizuna's are sealed after loading).
type Memo struct {
	Querier
	mu      sync.Mutex
	facts   *Facts
	journey *journeyFacts
}

// Remember wraps q (a Memo is returned as it is).
func Remember(q Querier) *Memo {
	if m, ok := q.(*Memo); ok {
		return m
	}
	return &Memo{Querier: q}
}

// Facts returns the facts, reading them on first use (an error, such as a
// cancelled context, is not remembered).
func (m *Memo) Facts(ctx context.Context) (*Facts, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.facts != nil {
		return m.facts, nil
	}
	f, err := LoadFacts(ctx, m.Querier)
	if err != nil {
		return nil, err
	}
	m.facts = f
	return f, nil
}

// FactsOf returns q's facts: remembered when q is a Memo, read otherwise.
func FactsOf(ctx context.Context, q Querier) (*Facts, error) {
	if m, ok := q.(*Memo); ok {
		return m.Facts(ctx)
	}
	return LoadFacts(ctx, q)
}

// journeyOf reads the journey facts, remembered when q is a Memo.
func journeyOf(ctx context.Context, q Querier) (*journeyFacts, error) {
	m, ok := q.(*Memo)
	if !ok {
		return readJourney(ctx, q)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.journey == nil {
		j, err := readJourney(ctx, m.Querier)
		if err != nil {
			return nil, err
		}
		m.journey = j
	}
	return m.journey, nil
}

// queryRoles are the roles whose breakdown (kz_group) the queries of
// queries/ that are not metrics group by: the drills and the panes' extras.
var queryRoles = map[string]string{
	"drill_nps": "responses", "topics": "responses",
	"drill_posts": "posts", "drill_top_posts": "posts",
	"drill_journey": "customers", "drill_retention": "customers", "drill_segment": "customers",
	"drill_rfm_cell": "customers", "drill_rfm_segment": "customers", "rfm_grid": "customers",
	"drill_topic": "responses", "segments_counts": "customers", "voice_list": "responses",
}

// BuildQuery is Build for a query of queries/ that is not a metric (a
// drill, the RFM grid, the topics' answers): its full SQL for p and the
// bound arguments.
func BuildQuery(ctx context.Context, q Querier, name string, p Params) (string, []any, error) {
	if _, ok := Lookup(name); ok {
		text, args, _, err := Build(ctx, q, name, p)
		return text, args, err
	}
	role, ok := queryRoles[name]
	if !ok {
		return "", nil, fmt.Errorf("no query %q", name)
	}
	body, err := queries.Get(name)
	if err != nil {
		return "", nil, err
	}
	text, args, _, err := BuildSQL(ctx, q, role, body, p)
	return text, args, err
}

// DimensionValues lists, for each customer dimension (Facts.Dimensions),
// its distinct values in order ("(unknown)" for no value), at most max of
// each: the filter bar's choices, in one query.
func DimensionValues(ctx context.Context, q Querier, max int) (dims []string, values map[string][]string, err error) {
	f, err := FactsOf(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	dims, values = f.Dimensions(), map[string][]string{}
	if len(dims) == 0 {
		return dims, values, nil
	}
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = fmt.Sprintf(`SELECT * FROM (SELECT DISTINCT %d AS dim, %s AS v FROM customers ORDER BY v LIMIT %d)`,
			i, unknownOr(Ident(d)), max)
	}
	t, err := Query(ctx, q, "SELECT dim, v FROM ("+strings.Join(parts, "\nUNION ALL\n")+") ORDER BY dim, v")
	if err != nil {
		return nil, nil, err
	}
	for _, r := range t.Rows {
		i, _ := r[0].(int64)
		values[dims[i]] = append(values[dims[i]], fmt.Sprint(r[1]))
	}
	return dims, values, nil
}

// RejectedSQL reads the rows the loader rejected: role, file, line, reason.
const RejectedSQL = `SELECT role, file, line, reason FROM rejected ORDER BY role, file, line`

// Rejected runs RejectedSQL.
func Rejected(ctx context.Context, q Querier) (*model.Table, error) {
	return Query(ctx, q, RejectedSQL)
}
