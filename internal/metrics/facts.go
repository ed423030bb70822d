package metrics

import (
	"context"
	"errors"
	"sync"
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
}

// LoadFacts reads the facts of q's data.
func LoadFacts(ctx context.Context, q Querier) (*Facts, error) {
	f := &Facts{}
	var err error
	if f.Catalog, err = LoadCatalog(ctx, q); err != nil {
		return nil, err
	}
	f.AsOf, err = DefaultAsOf(ctx, q)
	if errors.Is(err, ErrNoDates) {
		f.NoDates, err = true, nil
	}
	if err != nil {
		return nil, err
	}
	t, err := Query(ctx, q, `SELECT
			NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM subscriptions) AND EXISTS (SELECT 1 FROM events),
			NOT EXISTS (SELECT 1 FROM orders) AND NOT EXISTS (SELECT 1 FROM subscriptions)
				AND NOT EXISTS (SELECT 1 FROM events) AND EXISTS (SELECT 1 FROM customers WHERE churned IS NOT NULL)`)
	if err != nil {
		return nil, err
	}
	if len(t.Rows) == 1 {
		f.EventsOnly = t.Rows[0][0] == true
		f.SnapshotChurn = t.Rows[0][1] == true
	}
	return f, nil
}

// Memo is a Querier that remembers the Facts of its data, so a workbench
// screen or a report runs its own queries only. Wrap a database whose data
// does not change (kizuna's are sealed after loading).
type Memo struct {
	Querier
	mu        sync.Mutex
	facts     *Facts
	unmatched *[]EventCount
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

// unmatchedOf is UnmatchedEvents, remembered when q is a Memo.
func unmatchedOf(ctx context.Context, q Querier) ([]EventCount, error) {
	m, ok := q.(*Memo)
	if !ok {
		return UnmatchedEvents(ctx, q)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.unmatched == nil {
		ev, err := UnmatchedEvents(ctx, m.Querier)
		if err != nil {
			return nil, err
		}
		m.unmatched = &ev
	}
	return *m.unmatched, nil
}
