package engine

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// normalizedExport writes an Olist-shaped normalized export: orders without
// an amount, their items with prices, payments (some orders paid in two
// parts), and customers whose customer_id is per order while the person is
// customer_unique_id. It returns the folder and, per person, the orders and
// the sum paid.
func normalizedExport(t *testing.T) (string, map[string][]string, map[string]float64) {
	dir := t.TempDir()
	var o, it, p, c strings.Builder
	o.WriteString("order_id,customer_id,order_status,order_purchase_timestamp\n")
	it.WriteString("order_id,order_item_id,product_id,price,freight_value\n")
	p.WriteString("order_id,payment_sequential,payment_type,payment_installments,payment_value\n")
	c.WriteString("customer_id,customer_unique_id,customer_zip_code_prefix,customer_city\n")
	orders, paid := map[string][]string{}, map[string]float64{}
	for n := 0; n < 60; n++ {
		order := fmt.Sprintf("ord%03d", n)
		cust := fmt.Sprintf("cust%03d", n) // one customer_id per order, as Olist does
		person := fmt.Sprintf("person%02d", n%23)
		fmt.Fprintf(&o, "%s,%s,delivered,2018-%02d-%02d 10:%02d:00\n", order, cust, 1+n%9, 1+n%27, n%60)
		fmt.Fprintf(&c, "%s,%s,%05d,%s\n", cust, person, 1000+n%23, []string{"sao paulo", "rio de janeiro", "curitiba"}[n%23%3])
		total := 0.0
		for k := 1; k <= 1+n%3; k++ {
			price := float64(1000+(n*37+k*11)%9000) / 100
			fmt.Fprintf(&it, "%s,%d,prod%d,%.2f,%.2f\n", order, k, (n+k)%17, price, 7.5)
			total += price + 7.5
		}
		total = math.Round(total*100) / 100
		if n%4 == 0 { // two payments: a voucher and a card
			fmt.Fprintf(&p, "%s,1,voucher,1,%.2f\n%s,2,credit_card,3,%.2f\n", order, 10.0, order, total-10)
		} else {
			fmt.Fprintf(&p, "%s,1,credit_card,1,%.2f\n", order, total)
		}
		orders[person] = append(orders[person], order)
		paid[person] += total
	}
	write(t, dir, "olist_orders_dataset.csv", o.String())
	write(t, dir, "olist_order_items_dataset.csv", it.String())
	write(t, dir, "olist_order_payments_dataset.csv", p.String())
	write(t, dir, "olist_customers_dataset.csv", c.String())
	write(t, dir, "kizuna.toml", `[sources]
o = "olist_orders_dataset.csv"
i = "olist_order_items_dataset.csv"
p = "olist_order_payments_dataset.csv"
c = "olist_customers_dataset.csv"

[tables.orders]
sql = """
SELECT o.order_id, c.customer_unique_id AS customer_id, o.order_purchase_timestamp AS ordered_at,
       pay.amount, it.items AS quantity
FROM o
JOIN c USING (customer_id)
JOIN (SELECT order_id, sum(payment_value) AS amount FROM p GROUP BY order_id) pay USING (order_id)
LEFT JOIN (SELECT order_id, count(*) AS items FROM i GROUP BY order_id) it USING (order_id)
"""

[tables.customers]
sql = "SELECT customer_unique_id AS customer_id, any_value(customer_city) AS city FROM c GROUP BY 1"
`)
	return dir, orders, paid
}

// TestSourcesJoin: roles given as sql over [sources] join a normalized
// export; every order gets its own payments, customers are the persons,
// and the source files are not detected as roles of their own.
func TestSourcesJoin(t *testing.T) {
	dir, orders, paid := normalizedExport(t)
	e := openPaths(t, "", dir)
	wantRows(t, e, "orders", 60, 0)
	wantRows(t, e, "customers", int64(len(orders)), 0)
	for _, ti := range e.Schema.Tables {
		if len(ti.Files) != 1 || !strings.HasPrefix(ti.Files[0], "tables.") {
			t.Errorf("%s loaded from %v, want only the sql", ti.Role, ti.Files)
		}
		if len(ti.Why) != 1 || !strings.Contains(ti.Why[0], "line numbers are rows of the query's result") {
			t.Errorf("%s why %q", ti.Role, ti.Why)
		}
	}
	if len(e.Schema.Ignored) != 0 {
		t.Errorf("ignored %v", e.Schema.Ignored)
	}
	// The source tables are gone after loading.
	if n := count(t, e, `SELECT count(*) FROM information_schema.tables WHERE table_name IN ('o', 'i', 'p', 'c')`); n != 0 {
		t.Errorf("%d source tables left", n)
	}
	revenue, repeaters := 0.0, 0
	for person, os := range orders {
		revenue += paid[person]
		if len(os) >= 2 {
			repeaters++
		}
	}
	_, got := metricRows(t, e, "repeat", metrics.Params{})
	all := got["all"]
	if all["customers"] != int64(len(orders)) || all["orders"] != int64(60) {
		t.Errorf("repeat %v, want %d customers, 60 orders", all, len(orders))
	}
	if math.Abs(all["revenue"].(float64)-revenue) > 1e-6 {
		t.Errorf("revenue %v, want %v", all["revenue"], revenue)
	}
	if want := 100 * float64(repeaters) / float64(len(orders)); math.Abs(all["repeat_rate"].(float64)-want) > 1e-9 {
		t.Errorf("repeat_rate %v, want %v", all["repeat_rate"], want)
	}
	_, byCity := metricRows(t, e, "repeat", metrics.Params{By: "city"})
	if len(byCity) != 3 {
		t.Errorf("repeat by city: %v", byCity)
	}
}

// TestSourcesErrors: a bad query names the mapping file and the table.
func TestSourcesErrors(t *testing.T) {
	dir, _, _ := normalizedExport(t)
	write(t, dir, "kizuna.toml", `[sources]
o = "olist_orders_dataset.csv"

[tables.orders]
sql = "SELECT order_id, nosuch FROM o"
`)
	_, err := Open(t.Context(), Options{Paths: []string{dir}, NoCache: true})
	if err == nil || !strings.Contains(err.Error(), "kizuna.toml: tables.orders.sql") || !IsData(err) {
		t.Errorf("err = %v, want a data error naming kizuna.toml: tables.orders.sql", err)
	}
}

// TestDoubtPerOrderIDs: loaded without the mapping file, the orders'
// customer_id is per order (every customer has one order): the schema
// says so.
func TestDoubtPerOrderIDs(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_purchase_timestamp,payment_value\n")
	for n := 0; n < 80; n++ {
		fmt.Fprintf(&b, "ord%03d,cust%03d,2018-01-%02d,%d.50\n", n, n, 1+n%28, 10+n)
	}
	write(t, dir, "orders.csv", b.String())
	e := openPaths(t, "", dir)
	if len(e.Schema.Doubts) != 1 || !strings.Contains(e.Schema.Doubts[0], "80 of 80 ordering customers (100.0%) have exactly one order") {
		t.Errorf("doubts %q", e.Schema.Doubts)
	}
	// 60 customers with two orders each: no doubt.
	b.Reset()
	b.WriteString("order_id,customer_id,order_purchase_timestamp,payment_value\n")
	for n := 0; n < 120; n++ {
		fmt.Fprintf(&b, "ord%03d,cust%03d,2018-01-%02d,%d.50\n", n, n%60, 1+n%28, 10+n)
	}
	dir2 := t.TempDir()
	write(t, dir2, "orders.csv", b.String())
	if e := openPaths(t, "", dir2); len(e.Schema.Doubts) != 0 {
		t.Errorf("repeat buyers: doubts %q", e.Schema.Doubts)
	}
}
