package metrics

import (
	"context"
	"fmt"
	"testing"
)

func TestFacts(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region", "plan"}}, `
INSERT INTO customers (customer_id, region, plan) VALUES ('a','east','pro'), ('b','west',NULL), ('c','',NULL), ('d','east','free');
INSERT INTO orders (order_id, customer_id, ordered_at, amount) VALUES ('o1','a','2024-03-01',10), ('o2','b','2024-05-02',20);
INSERT INTO responses (customer_id, responded_at, score) VALUES ('a','2024-06-01',9)`)
	c := &countQ{Querier: db}
	m := Remember(c)
	ctx := context.Background()
	f, err := m.Facts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := c.n
	if f2, _ := m.Facts(ctx); f2 != f || c.n != n {
		t.Errorf("facts read again: %d queries then %d", n, c.n)
	}
	mustEqual(t, "as_of", f.AsOf, "2024-06-01")
	mustEqual(t, "rows", fmt.Sprint(f.Count("customers"), f.Count("orders", "responses"), f.Count("events")), "4 3 0")
	mustEqual(t, "dimensions", fmt.Sprint(f.Dimensions()), "[region plan]")
	mustEqual(t, "events only", f.EventsOnly, false)
	c.n = 0
	dims, values, err := DimensionValues(ctx, m, 2)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, "queries", fmt.Sprint(c.n), "1")
	mustEqual(t, "dims", fmt.Sprint(dims), "[region plan]")
	// At most 2 values each, in order; '' and NULL are "(unknown)".
	mustEqual(t, "values", fmt.Sprint(values), "map[plan:[(unknown) free] region:[(unknown) east]]")
}
