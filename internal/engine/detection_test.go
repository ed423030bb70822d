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

// metricRows runs a metric and returns its rows keyed by the first column.
func metricRows(t *testing.T, e *Engine, name string, p metrics.Params) (*metrics.Result, map[string]map[string]any) {
	t.Helper()
	r, err := metrics.Run(context.Background(), e.DB, name, p)
	if err != nil {
		t.Fatalf("%s %+v: %v", name, p, err)
	}
	out := map[string]map[string]any{}
	for _, row := range r.Rows {
		m := map[string]any{}
		for i, c := range r.Columns {
			m[c] = row[i]
		}
		out[fmt.Sprint(row[0])] = m
	}
	return r, out
}

// TestTelcoSnapshotChurn: the IBM telco file has a Churn Yes/No flag and
// tenure in months but no dates. It loads as a customer snapshot and churn
// is the snapshot churn rate by any dimension and by tenure band, with no
// as-of date; metrics that need dates say what to map.
func TestTelcoSnapshotChurn(t *testing.T) {
	needData(t)
	path := data + "telco-churn-ibm/Telco-Customer-Churn.csv"
	head, recs := readCSV(t, path, ',')
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	type tally struct{ n, churned int }
	byContract, byBand := map[string]*tally{}, map[string]*tally{}
	add := func(m map[string]*tally, k string, churned bool) {
		if m[k] == nil {
			m[k] = &tally{}
		}
		m[k].n++
		if churned {
			m[k].churned++
		}
	}
	for _, r := range recs {
		yes := r[col["Churn"]] == "Yes"
		add(byContract, r[col["Contract"]], yes)
		add(byContract, "all", yes)
		var months int
		fmt.Sscan(r[col["tenure"]], &months)
		band := "60+"
		for i, b := range []string{"0–11", "12–23", "24–35", "36–47", "48–59"} {
			if months < 12*(i+1) {
				band = b
				break
			}
		}
		add(byBand, band, yes)
	}
	e := openPaths(t, "", data+"telco-churn-ibm")
	ti := info(t, e, "customers")
	if ti.Columns["churned"] != "Churn" || ti.Columns["tenure_months"] != "tenure" {
		t.Fatalf("customers mapping %v, want churned ← Churn, tenure_months ← tenure", ti.Columns)
	}
	for _, c := range []struct {
		by   string
		want map[string]*tally
	}{{"", byContract}, {"Contract", byContract}, {"tenure_band", byBand}} {
		r, got := metricRows(t, e, "churn", metrics.Params{By: c.by})
		if r.AsOf != "" {
			t.Errorf("snapshot churn as_of %q, want none", r.AsOf)
		}
		want := len(c.want)
		if c.by == "Contract" {
			want-- // no "all" row
		}
		if c.by == "" {
			want = 1
		}
		if len(got) != want {
			t.Errorf("--by %q: %d groups %v, want %d", c.by, len(got), r.Rows, want)
		}
		for g, row := range got {
			w := c.want[g]
			if w == nil {
				t.Errorf("--by %q: unexpected group %q", c.by, g)
				continue
			}
			if row["customers"] != int64(w.n) || row["churned"] != int64(w.churned) {
				t.Errorf("--by %q %s: customers %v churned %v, want %d and %d", c.by, g, row["customers"], row["churned"], w.n, w.churned)
			}
			if rate := row["churn_rate"].(float64); math.Abs(rate-100*float64(w.churned)/float64(w.n)) > 1e-9 {
				t.Errorf("--by %q %s: churn_rate %v", c.by, g, rate)
			}
			if lo, hi := row["churn_rate_low"].(float64), row["churn_rate_high"].(float64); !(lo < row["churn_rate"].(float64) && row["churn_rate"].(float64) < hi) {
				t.Errorf("--by %q %s: interval [%v, %v] does not hold the rate", c.by, g, lo, hi)
			}
		}
	}
	// Segments work without dates: churned_share is the flagged share.
	_, seg := metricRows(t, e, "segments", metrics.Params{By: "Contract"})
	for g, row := range seg {
		w := byContract[g]
		if w == nil {
			t.Errorf("segments: unexpected group %q", g)
			continue
		}
		if row["customers"] != int64(w.n) || math.Abs(row["churned_share"].(float64)-100*float64(w.churned)/float64(w.n)) > 1e-9 {
			t.Errorf("segments %s: %v, want %d customers, churned share %v", g, row, w.n, 100*float64(w.churned)/float64(w.n))
		}
	}
	// Metrics over time say what is missing.
	for name, want := range map[string]string{"retention": "map ordered_at or occurred_at", "rfm": "--as-of"} {
		_, err := metrics.Run(context.Background(), e.DB, name, metrics.Params{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s on a snapshot: error %v, want one naming %q", name, err, want)
		}
	}
}

// TestBankChurnSnapshot: the classic bank churn export (Exited 0/1,
// Tenure, Geography, a CreditScore that is no survey score).
func TestBankChurnSnapshot(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("RowNumber,CustomerId,Surname,CreditScore,Geography,Gender,Age,Tenure,Balance,NumOfProducts,HasCrCard,IsActiveMember,EstimatedSalary,Exited\n")
	n, exited := map[string]int{}, map[string]int{}
	for i := 0; i < 200; i++ {
		geo := []string{"France", "Spain", "Germany"}[i%3]
		ex := 0
		if (i*7)%10 < 2+i%3 {
			ex = 1
		}
		n[geo]++
		exited[geo] += ex
		fmt.Fprintf(&b, "%d,%d,Name%d,%d,%s,Female,%d,%d,%.2f,1,1,0,%.2f,%d\n",
			i+1, 15634602+i, i, 350+(i*13)%500, geo, 20+i%50, i%11, float64(i)*311.5, 1000+float64(i)*17.25, ex)
	}
	write(t, dir, "Churn_Modelling.csv", b.String())
	e := openPaths(t, "", dir)
	wantRows(t, e, "customers", 200, 0)
	if tables := len(e.Schema.Tables); tables != 1 {
		t.Errorf("%d tables loaded, want the customers only: %+v", tables, e.Schema.Tables)
	}
	_, got := metricRows(t, e, "churn", metrics.Params{By: "Geography"})
	for geo, k := range n {
		if got[geo]["customers"] != int64(k) || got[geo]["churned"] != int64(exited[geo]) {
			t.Errorf("%s: %v, want %d customers, %d churned", geo, got[geo], k, exited[geo])
		}
	}
}

// TestSurveyByValuesWithoutDate: a survey export with Likert text columns
// (one named Recommend), the 0–10 LikelyToRecommend, a free-text comment
// and no date loads: score ← LikelyToRecommend, NPS against Go, the trend
// by month says there is no date.
func TestSurveyByValuesWithoutDate(t *testing.T) {
	likert := []string{"Strongly Disagree", "Disagree", "Neutral", "Agree", "Strongly Agree"}
	var b strings.Builder
	b.WriteString("RespondentID,Region,EaseOfUse,Recommend,Feedback,LikelyToRecommend,Comments\n")
	p, d, total := 0, 0, 967
	for i := 0; i < total; i++ {
		s := (i*37 + i/7) % 11
		switch {
		case s >= 9:
			p++
		case s <= 6:
			d++
		}
		comment := ""
		if i%3 == 0 {
			comment = fmt.Sprintf("respondent %d: the app %s", i, []string{"is slow on login", "helped a lot", "crashed twice", "needs a dark mode"}[i%4])
		}
		fmt.Fprintf(&b, "R%04d,%s,%s,%s,%s,%d,%s\n", i, []string{"North", "South"}[i%2], likert[i%5], likert[(i+2)%5], likert[(i+1)%5], s, comment)
	}
	dir := t.TempDir()
	write(t, dir, "survey_export.csv", b.String())
	e := openPaths(t, "", dir)
	ti := info(t, e, "responses")
	if ti.Columns["score"] != "LikelyToRecommend" || ti.Columns["comment"] != "Comments" || ti.Columns["responded_at"] != "" {
		t.Errorf("responses mapping %v, want score ← LikelyToRecommend, comment ← Comments, no date", ti.Columns)
	}
	wantRows(t, e, "responses", int64(total), 0)
	if len(ti.Why) != 1 || !strings.Contains(ti.Why[0], "Recommend not taken for score") {
		t.Errorf("why = %q", ti.Why)
	}
	if p < 50 || d < 50 || total-p-d < 50 {
		t.Fatalf("fixture: %d promoters, %d detractors of %d; want a real mix", p, d, total)
	}
	r, got := metricRows(t, e, "nps", metrics.Params{})
	if want := 100 * float64(p-d) / float64(total); got["all"]["responses"] != int64(total) || math.Abs(got["all"]["nps"].(float64)-want) > 1e-9 {
		t.Errorf("nps %v, want %d responses, nps %v", got["all"], total, want)
	}
	if r.AsOf != "" {
		t.Errorf("as_of %q without dates", r.AsOf)
	}
	_, got = metricRows(t, e, "nps", metrics.Params{By: "month"})
	if len(got) != 1 || got["(no date)"]["responses"] != int64(total) {
		t.Errorf("nps by month without dates: %v, want one group (no date)", got)
	}
}
