package engine

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// TestRetailUnitPriceAndReturns: an Online Retail export (Quantity,
// UnitPrice, cancellation invoices "C…" with negative quantities) loads
// without a mapping file with amount = Quantity × UnitPrice; the
// cancellations are returns: counted in the schema, no orders, netted into
// revenue. Rows without a customer are rejected and grouped by reason.
func TestRetailUnitPriceAndReturns(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n")
	revenue, returns, noCustomer := 0.0, 0, 0
	orders, buyers := map[string]bool{}, map[string]bool{}
	for i := 0; i < 300; i++ {
		inv := fmt.Sprint(536365 + i/3)
		cust := fmt.Sprint(17850 + (i/3)%23)
		qty := 1 + i%7
		price := float64(100+(i*37)%900) / 100
		switch {
		case i%17 == 5: // a cancellation
			inv, qty = "C"+inv, -qty
		case i%29 == 3:
			cust = ""
		}
		fmt.Fprintf(&b, "%s,%d,ITEM %d,%d,12/%d/2010 %d:%02d,%.2f,%s,United Kingdom\n",
			inv, 85000+i, i, qty, 1+i%28, 8+i%10, i%60, price, cust)
		if cust == "" {
			noCustomer++
			continue
		}
		revenue += float64(qty) * math.Round(price*100) / 100
		if qty < 0 {
			returns++
		} else {
			orders[inv] = true
			buyers[cust] = true
		}
	}
	write(t, dir, "Online Retail.csv", b.String())
	e := openPaths(t, "", dir)
	ti := info(t, e, "orders")
	if want := `TRY_CAST("Quantity" AS DOUBLE) * TRY_CAST("UnitPrice" AS DOUBLE)`; ti.Columns["amount"] != want {
		t.Errorf("amount from %q, want %q", ti.Columns["amount"], want)
	}
	if ti.Returns != int64(returns) || ti.Rejected != int64(noCustomer) {
		t.Errorf("returns %d rejected %d, want %d and %d", ti.Returns, ti.Rejected, returns, noCustomer)
	}
	if len(ti.Why) != 1 || !strings.Contains(ti.Why[0], "UnitPrice is a unit price beside the quantity Quantity") {
		t.Errorf("why = %q", ti.Why)
	}
	if len(e.Schema.Reasons) != 1 || e.Schema.Reasons[0].Reason != "missing customer_id" || e.Schema.Reasons[0].Rows != int64(noCustomer) {
		t.Errorf("rejected by reason = %+v, want %d × missing customer_id", e.Schema.Reasons, noCustomer)
	}
	r, err := metrics.Run(context.Background(), e.DB, "repeat", metrics.Params{})
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]any{}
	for i, c := range r.Columns {
		row[c] = r.Rows[0][i]
	}
	if row["orders"] != int64(len(orders)) || row["customers"] != int64(len(buyers)) {
		t.Errorf("orders %v customers %v, want %d and %d", row["orders"], row["customers"], len(orders), len(buyers))
	}
	if got := row["revenue"].(float64); math.Abs(got-revenue) > 1e-6 {
		t.Errorf("revenue %v, want net %v", got, revenue)
	}
}

// TestReasonKind: rejected rows group by their reason without the values.
func TestReasonKind(t *testing.T) {
	for in, want := range map[string]string{
		`score: not an integer "Strongly Agree"`:       "score: not an integer",
		`score: 11 is outside the NPS scale 0–10`:      "score: value is outside the NPS scale 0–10",
		`duplicate customer_id "c1" (first at line 3)`: "duplicate customer_id",
		`missing score`: "missing score",
		`ordered_at: unparsable or impossible date "31/02/x"`: "ordered_at: unparsable or impossible date",
	} {
		if got := ReasonKind(in); got != want {
			t.Errorf("ReasonKind(%q) = %q, want %q", in, got, want)
		}
	}
}
