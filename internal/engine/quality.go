package engine

import (
	"context"
	"fmt"

	"regexp"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// whyText says how s got its role and columns, for the schema.
func (s *source) whyText() string {
	if s.why != "" {
		return s.why
	}
	if e := s.mapping["amount"]; e != "" && !plainIdent.MatchString(e) && s.role == "orders" {
		return "mapped in kizuna.toml (amount = " + e + ")"
	}
	return "mapped in kizuna.toml"
}

// summarize adds the data-quality counts to the schema: returns among the
// orders, and the rejected rows grouped by role and reason.
func (e *Engine) summarize(ctx context.Context) error {
	for i := range e.Schema.Tables {
		t := &e.Schema.Tables[i]
		if t.Role != "orders" {
			continue
		}
		if err := e.q().QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE `+metrics.ReturnRule).Scan(&t.Returns); err != nil {
			return err
		}
	}
	rows, err := e.q().QueryContext(ctx, `SELECT role, file, line, reason FROM rejected ORDER BY role, file, line`)
	if err != nil {
		return err
	}
	defer rows.Close()
	at := map[[2]string]int{}
	e.Schema.Reasons = nil
	for rows.Next() {
		var role string
		var r model.Rejection
		if err := rows.Scan(&role, &r.File, &r.Line, &r.Reason); err != nil {
			return err
		}
		k := [2]string{role, ReasonKind(r.Reason)}
		i, ok := at[k]
		if !ok {
			i = len(e.Schema.Reasons)
			at[k] = i
			e.Schema.Reasons = append(e.Schema.Reasons, model.ReasonCount{Role: role, Reason: k[1], Example: r})
		}
		e.Schema.Reasons[i].Rows++
	}
	sort.SliceStable(e.Schema.Reasons, func(a, b int) bool { return e.Schema.Reasons[a].Rows > e.Schema.Reasons[b].Rows })
	if err := rows.Err(); err != nil {
		return err
	}
	if err := e.doubts(ctx); err != nil {
		return err
	}
	ev, err := metrics.UnmatchedEvents(ctx, e.q())
	if err != nil {
		return err
	}
	if len(ev) > 0 {
		names := make([]string, len(ev))
		for i, x := range ev {
			names[i] = fmt.Sprintf("%s (%d)", x.Event, x.Rows)
		}
		e.Schema.Journey = fmt.Sprintf("no event name matches a journey stage; events found: %s. Place them in kizuna.toml, e.g.:\n%s",
			strings.Join(names, ", "), metrics.ProposeJourney(ev))
	}
	return nil
}

var (
	reQuoted  = regexp.MustCompile(`"(?:[^"]|"")*"`)
	reFirstAt = regexp.MustCompile(`\s*\(first at line \d+\)`)
	reValueIs = regexp.MustCompile(`^(\w+): -?[\d.]+ is `)
	reDupOf   = regexp.MustCompile(`^duplicate of .*$`)
)

// ReasonKind is a rejection reason without the row's own values, so that
// rows rejected for the same cause group together: `score: not an integer
// "Agree"` → `score: not an integer`, `score: 11 is outside the NPS scale
// 0–10` → `score: value is outside the NPS scale 0–10`.
func ReasonKind(reason string) string {
	k := reQuoted.ReplaceAllString(reason, "")
	k = reFirstAt.ReplaceAllString(k, "")
	k = reValueIs.ReplaceAllString(k, "$1: value is ")
	k = reDupOf.ReplaceAllString(k, "duplicate of a row of another file")
	return strings.Join(strings.Fields(k), " ")
}

// doubts notes what makes numbers doubtful: when nearly every ordering
// customer has exactly one order, the customer ids are likely per order
// (Olist's customer_id), and repeat rate, LTV and RFM are meaningless.
func (e *Engine) doubts(ctx context.Context) error {
	e.Schema.Doubts = nil
	var buyers, once int64
	// One order exactly: the smallest and largest order_id are the same
	// (as count(DISTINCT order_id) = 1, at a third of its cost).
	err := e.q().QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE first = last)
		FROM (SELECT customer_id, min(order_id) AS first, max(order_id) AS last FROM orders
		      WHERE customer_id IS NOT NULL AND NOT `+metrics.ReturnRule+` GROUP BY 1)`).Scan(&buyers, &once)
	if err != nil {
		return err
	}
	if buyers >= 50 && once*100 >= buyers*97 {
		e.Schema.Doubts = append(e.Schema.Doubts, fmt.Sprintf(
			"%d of %d ordering customers (%.1f%%) have exactly one order: if customer_id is per order (like Olist's customer_id), "+
				"map the person's id (customer_unique_id) — repeat rate, LTV, RFM and churn depend on it", once, buyers, 100*float64(once)/float64(buyers)))
	}
	return nil
}
