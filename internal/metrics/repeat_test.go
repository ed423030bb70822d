package metrics

import (
	"context"
	"sort"
	"testing"
)

// Seven orders (o1 has two rows: 10 + 20 = 30) by four customers; c5 never orders.
// c1 (A): o1 Jan web 30, o2 Feb store 50
// c2 (A): o3 Jan web 40
// c3 (B): o4 Feb web 15, o5 Feb web 25, o6 Mar store 60
// c4 (no region): o7 Mar store 100
const repeatFixture = `
INSERT INTO customers (customer_id, region) VALUES ('c1','A'),('c2','A'),('c3','B'),('c4',NULL),('c5','B');
INSERT INTO orders (order_id, customer_id, ordered_at, amount, channel) VALUES
 ('o1','c1','2024-01-05 09:00:00',10,'web'),('o1','c1','2024-01-05 09:05:00',20,'web'),
 ('o2','c1','2024-02-10',50,'store'),('o3','c2','2024-01-20',40,'web'),
 ('o4','c3','2024-02-01',15,'web'),('o5','c3','2024-02-15',25,'web'),
 ('o6','c3','2024-03-03',60,'store'),('o7','c4','2024-03-10',100,'store');`

type repeatRow struct {
	group        string
	customers    int
	repeat, opc  float64
	aov, revenue float64
	orders       int
}

func checkRepeat(t *testing.T, r *Result, want []repeatRow) {
	t.Helper()
	if len(r.Rows) != len(want) {
		t.Fatalf("rows = %v", r.Rows)
	}
	for i, w := range want {
		m := rowMap(r, i)
		g := w.group
		mustEqual(t, "group", m["group"], g)
		mustEqual(t, g+" customers", m["customers"], w.customers)
		mustEqual(t, g+" repeat_rate", m["repeat_rate"], w.repeat)
		mustEqual(t, g+" orders_per_customer", m["orders_per_customer"], w.opc)
		mustEqual(t, g+" aov", m["aov"], w.aov)
		mustEqual(t, g+" revenue", m["revenue"], w.revenue)
		mustEqual(t, g+" orders", m["orders"], w.orders)
	}
}

func TestRepeatOverall(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}, "orders": {"channel"}}, repeatFixture)
	r := run(t, db, "repeat", Params{})
	for i, c := range []string{"group", "customers", "repeat_rate", "orders_per_customer", "aov", "revenue", "orders"} {
		mustEqual(t, "column", r.Columns[i], c)
	}
	// Ordering customers c1..c4 = 4; orders o1..o7 = 7 (o1's two rows are one);
	// ≥ 2 orders: c1 (2), c3 (3) → 100·2/4 = 50; 7/4 orders per customer;
	// revenue 30+50+40+15+25+60+100 = 320; aov 320/7.
	checkRepeat(t, r, []repeatRow{{"all", 4, 50, 1.75, 320.0 / 7, 320, 7}})
	mustEqual(t, "as_of", r.AsOf, "2024-03-10")
}

func TestRepeatByAndFilters(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}, "orders": {"channel"}}, repeatFixture)
	// By region (customer dimension, each customer in one group):
	// (unknown) c4: 1 order 100. A c1 (2 orders), c2 (1): 3 orders 120 → aov 40.
	// B c3: 3 orders 100 → aov 100/3 (c5 has no order and does not count).
	checkRepeat(t, run(t, db, "repeat", Params{By: "region"}), []repeatRow{
		{"(unknown)", 1, 0, 1, 100, 100, 1},
		{"A", 2, 50, 1.5, 40, 120, 3},
		{"B", 1, 100, 3, 100.0 / 3, 100, 3},
	})
	// By channel (order column, counted per group):
	// store o2 c1, o6 c3, o7 c4 → 3 customers, none twice; 210 → aov 70.
	// web o1 c1, o3 c2, o4 o5 c3 → 3 customers, c3 twice → 100/3; 110 over 4.
	checkRepeat(t, run(t, db, "repeat", Params{By: "channel"}), []repeatRow{
		{"store", 3, 0, 1, 70, 210, 3},
		{"web", 3, 100.0 / 3, 4.0 / 3, 27.5, 110, 4},
	})
	// By month: Jan o1 c1, o3 c2 → 70/2; Feb o2 c1, o4 o5 c3 → c3 repeats,
	// 90/3; Mar o6 c3, o7 c4 → 160/2.
	checkRepeat(t, run(t, db, "repeat", Params{By: "month"}), []repeatRow{
		{"2024-01", 2, 0, 1, 35, 70, 2},
		{"2024-02", 2, 50, 1.5, 30, 90, 3},
		{"2024-03", 2, 0, 1, 80, 160, 2},
	})
	// --from 2024-02-01 --to 2024-02-29: February as above.
	checkRepeat(t, run(t, db, "repeat", Params{From: "2024-02-01", To: "2024-02-29"}),
		[]repeatRow{{"all", 2, 50, 1.5, 30, 90, 3}})
	// --where region=A --to 2024-01-31: o1 c1, o3 c2 → 2 customers, 70.
	checkRepeat(t, run(t, db, "repeat", Params{Where: []Filter{{"region", "A"}}, To: "2024-01-31"}),
		[]repeatRow{{"all", 2, 0, 1, 35, 70, 2}})
	// --where channel=web --by region: A c1 o1, c2 o3 → 70; B c3 o4 o5 → 40.
	checkRepeat(t, run(t, db, "repeat", Params{By: "region", Where: []Filter{{"channel", "web"}}}), []repeatRow{
		{"A", 2, 0, 1, 35, 70, 2},
		{"B", 1, 100, 2, 20, 40, 2},
	})
}

// TestRepeatMatchesGo recomputes repeat by channel, region and overall in Go
// from the raw order lines of a generated data set.
func TestRepeatMatchesGo(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}, "orders": {"channel"}}, genEngagement(11))
	raw, err := Query(context.Background(), db, `SELECT o.order_id, o.customer_id, o.amount, o.channel,
		coalesce(nullif(c.region, ''), '(unknown)') FROM orders o JOIN customers c USING (customer_id)`)
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range []string{"", "channel", "region"} {
		type cust struct {
			orders map[string]bool
			spent  float64
		}
		groups := map[string]map[string]*cust{} // group → customer
		for _, l := range raw.Rows {
			g := "all"
			switch by {
			case "channel":
				g = l[3].(string)
			case "region":
				g = l[4].(string)
			}
			if groups[g] == nil {
				groups[g] = map[string]*cust{}
			}
			c := groups[g][l[1].(string)]
			if c == nil {
				c = &cust{orders: map[string]bool{}}
				groups[g][l[1].(string)] = c
			}
			c.orders[l[0].(string)] = true
			c.spent += l[2].(float64)
		}
		var want []repeatRow
		for g, cs := range groups {
			w := repeatRow{group: g, customers: len(cs)}
			repeaters := 0
			for _, c := range cs {
				w.orders += len(c.orders)
				w.revenue += c.spent
				if len(c.orders) >= 2 {
					repeaters++
				}
			}
			w.repeat = 100 * float64(repeaters) / float64(len(cs))
			w.opc = float64(w.orders) / float64(len(cs))
			w.aov = w.revenue / float64(w.orders)
			want = append(want, w)
		}
		sort.Slice(want, func(i, j int) bool { return want[i].group < want[j].group })
		checkRepeat(t, run(t, db, "repeat", Params{By: by}), want)
	}
}
