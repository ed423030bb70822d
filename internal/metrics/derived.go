package metrics

import (
	"context"
	"database/sql"
	"strings"
)

// Execer runs statements (a *sql.DB, *sql.Conn or *sql.Tx).
type Execer interface {
	Querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// WriteDerived writes the tables the metrics read instead of the loaded
// ones when that changes no number: OrderHeads when every order has one
// customer and one time, and the kept fragments written at load (the
// episodes) for p's as-of date and inactive_days (the loader passes the
// mapping file's), with KeptTable. It returns the tables written. Run it
// once, after loading and before any metric.
func WriteDerived(ctx context.Context, db Execer, p Params) ([]string, error) {
	var written []string
	var lines, usable bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM orders)").Scan(&lines); err != nil {
		return nil, err
	}
	if lines {
		if _, err := db.ExecContext(ctx, OrderHeadsSQL); err != nil {
			return nil, err
		}
		if err := db.QueryRowContext(ctx, OrderHeadsUsableSQL).Scan(&usable); err != nil {
			return nil, err
		}
		if usable {
			written = append(written, OrderHeads)
		} else if _, err := db.ExecContext(ctx, "DROP TABLE "+OrderHeads); err != nil {
			return nil, err
		}
	}
	stmts, err := keptSQL(ctx, db, p, false, "")
	if err != nil {
		return nil, err
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s.Text, s.Args...); err != nil {
			return nil, err
		}
		if t, ok := strings.CutPrefix(s.Text, "CREATE TABLE "); ok {
			written = append(written, strings.Fields(t)[0])
		}
	}
	return written, nil
}

// OrderHeads is the table the loader writes beside orders when every order
// has one customer and one ordered_at: one row per order_id with the sum of
// its lines' amounts and kz_return when every line is a return.
const OrderHeads = "kz_orders"

// OrderHeadsSQL writes OrderHeads from orders: one row per order_id, its
// lines' amounts summed, ordered_at and customer_id of its lines, and
// kz_return when every line is a return (ReturnRule), so that "a line that
// is no return" and "an order that is one" select the same orders.
const OrderHeadsSQL = `CREATE TABLE ` + OrderHeads + ` AS
	SELECT order_id, min(customer_id) AS customer_id, min(ordered_at) AS ordered_at, sum(amount) AS amount,
		bool_and(` + ReturnRule + `) AS kz_return,
		(count(customer_id) = 0 OR (count(customer_id) = count(*) AND min(customer_id) = max(customer_id)))
			AND count(ordered_at) = count(*) AND min(ordered_at) = max(ordered_at) AS kz_uniform
	FROM orders
	GROUP BY order_id`

// OrderHeadsUsableSQL tells whether OrderHeads changes no number: every
// order_id is set and all the lines of an order have the same customer and
// the same ordered_at, as in most exports (one invoice, one customer, one
// time). When it is false the loader drops the table and the metrics read
// the lines.
const OrderHeadsUsableSQL = `SELECT NOT EXISTS (SELECT 1 FROM ` + OrderHeads + ` WHERE order_id IS NULL OR NOT kz_uniform)`

// KeptTable lists the fragments kept as tables (keptFragments) and the
// parameters each was built for: fragment, as_of, inactive_days,
// window_days.
const KeptTable = "kz_kept"

// KeptKey is what a kept fragment was built for.
type KeptKey struct {
	AsOf         string
	InactiveDays int
	Window       int
}

// A keptFragment is a fragment of queries/ the loader writes as a table
// for the default parameters, and that a query reads instead of building
// it again when its parameters give the same rows (fits).
type keptFragment struct {
	fragment, table, columns string
	needs                    string // a table it reads besides the roles'
	// cacheOnly: written into the cache file only (CacheDerivedSQL), not
	// at every load: it costs more than it saves a cold run.
	cacheOnly bool
	fits      func(p Params, filtered bool, k KeptKey) bool
}

// keptFragments: the activity episodes (0.15–0.2 s at 1M customers in
// each query that reads them: Segments, churn, the churn flow) and the
// stages each customer reached (the funnel: 1.0 s at 1M from 13.4M stage
// times, 0.1 s from the kept table; writing it takes 1.5 s, so only the
// cache file keeps it). filtered: a --where filter or a saved segment
// applies.
var keptFragments = []keptFragment{
	{fragment: "episode_rows", table: EpisodesTable, columns: "customer_id, start_date, end_date, island",
		fits: func(p Params, filtered bool, k KeptKey) bool {
			// Episodes use the whole history up to as_of: --from/--to and
			// the breakdown do not change them.
			return !filtered && p.AsOf == k.AsOf && p.InactiveDays == k.InactiveDays
		}},
	{fragment: "funnel_reach", table: "kz_funnel_reach", columns: "customer_id, kz_group, stage, reached_at, prev_reached_at",
		needs: "journey_stages", cacheOnly: true,
		fits: func(p Params, filtered bool, k KeptKey) bool {
			return !filtered && p.By == "" && p.From == "" && p.To == "" && p.AsOf == k.AsOf && p.Window == k.Window
		}},
}

// EpisodesTable is the kept episode_rows.
const EpisodesTable = "kz_episodes"

// keptSQL returns the statements that write the kept fragments (those
// kept in the cache file only when cacheOnly, the others else) for p
// without its filters, range and breakdown, with KeptTable's rows; into
// prefixes the tables written ("kz_cache." writes into an attached cache
// file), and KeptTable is created unless cacheOnly (it is there already).
// Without dated data there is nothing to keep and it returns none.
func keptSQL(ctx context.Context, q Querier, p Params, cacheOnly bool, into string) ([]SQL, error) {
	p.Where, p.SegmentSQL, p.By, p.From, p.To = nil, "", "", "", ""
	f, err := FactsOf(ctx, q)
	if err != nil || f.NoDates && p.AsOf == "" || cacheOnly && len(f.Catalog[KeptTable]) == 0 {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var out []SQL
	if !cacheOnly {
		out = append(out, SQL{Text: "CREATE TABLE " + into + KeptTable + " (fragment VARCHAR, as_of VARCHAR, inactive_days INTEGER, window_days INTEGER)"})
	}
	for _, k := range keptFragments {
		if k.cacheOnly != cacheOnly || k.needs != "" && len(f.Catalog[k.needs]) == 0 {
			continue
		}
		text, args, asOf, err := BuildSQL(ctx, q, "customers", "SELECT "+k.columns+" FROM "+k.fragment, p)
		if err != nil {
			return nil, err
		}
		out = append(out, SQL{Text: "CREATE TABLE " + into + k.table + " AS " + text, Args: args},
			SQL{Text: "INSERT INTO " + into + KeptTable + " VALUES ($1, $2, $3, $4)", Args: []any{k.fragment, asOf, p.InactiveDays, p.Window}})
	}
	return out, nil
}

// CacheDerivedSQL returns the statements that write the kept fragments
// that only the cache file keeps into schema (the attached cache file,
// after the loaded tables and WriteDerived's were copied there), for the
// same p as WriteDerived.
func CacheDerivedSQL(ctx context.Context, q Querier, p Params, schema string) ([]SQL, error) {
	return keptSQL(ctx, q, p, true, schema+".")
}

// keptKeys reads KeptTable's rows as the facts query returns them (a list
// of structs).
func keptKeys(v any) map[string]KeptKey {
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := map[string]KeptKey{}
	for _, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			continue
		}
		f, _ := m["f"].(string)
		a, _ := m["a"].(string)
		out[f] = KeptKey{AsOf: a, InactiveDays: toInt(m["d"]), Window: toInt(m["w"])}
	}
	return out
}

func toInt(v any) int {
	f, _ := toF(v)
	return int(f)
}

// DerivedTables are the names of every table WriteDerived may write.
func DerivedTables() []string {
	out := []string{OrderHeads, KeptTable}
	for _, k := range keptFragments {
		out = append(out, k.table)
	}
	return out
}
