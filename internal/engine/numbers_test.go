package engine

import (
	"fmt"
	"strings"
	"testing"
)

// Amounts as people write them: currency signs, thousands commas, a
// decimal comma. Each row's amount is worked out by hand; values that are
// not numbers are rejected with the line and the value.
func TestAmountForms(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "orders.csv", "customer_id;ordered_at;amount\n"+
		"c1;2024-01-01;¥1,200\n"+ // line 2: 1200
		"c2;2024-01-02;12,50\n"+ // line 3: decimal comma → 12.5
		"c3;2024-01-03;1,234,567.5\n"+ // line 4: thousands → 1234567.5
		"c4;2024-01-04;$12.00\n"+ // line 5: 12
		"c5;2024-01-05;-3\n"+ // line 6: a refund, -3
		"c6;2024-01-06;1 500 円\n"+ // line 7: spaces and 円 → 1500
		"c7;2024-01-07;abc\n"+ // line 8: rejected
		"c8;2024-01-08;1.2.3\n") // line 9: rejected
	e := openPaths(t, "", dir)
	wantRows(t, e, "orders", 6, 2)
	got := query(t, e, "SELECT customer_id, amount FROM orders ORDER BY customer_id")
	want := map[string]float64{"c1": 1200, "c2": 12.5, "c3": 1234567.5, "c4": 12, "c5": -3, "c6": 1500}
	for _, r := range got.Rows {
		if !near(r[1], want[r[0].(string)]) {
			t.Errorf("%s amount = %v, want %v", r[0], r[1], want[r[0].(string)])
		}
	}
	rej := query(t, e, "SELECT line, reason FROM rejected ORDER BY line")
	wantRej := [][2]any{{int64(8), `amount: not a number "abc"`}, {int64(9), `amount: not a number "1.2.3"`}}
	if len(rej.Rows) != 2 {
		t.Fatalf("rejected = %v", rej.Rows)
	}
	for i, w := range wantRej {
		if rej.Rows[i][0] != w[0] || rej.Rows[i][1] != w[1] {
			t.Errorf("rejected[%d] = %v, want %v", i, rej.Rows[i], w)
		}
	}
}

// Survey names are matched without case: "NPS" is nps, "CSAT" is csat, so
// the scale check and the metrics see them (3 nps, 2 csat responses).
func TestSurveyNamesAreLowerCased(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "responses.csv", "customer_id,responded_at,survey,score\n"+
		"c1,2024-01-01,NPS,10\n"+
		"c2,2024-01-02,nps,0\n"+
		"c3,2024-01-03,,9\n"+
		"c4,2024-01-04,CSAT,5\n"+
		"c5,2024-01-05,Csat,2\n"+
		"c6,2024-01-06,CSAT,9\n") // line 7: outside the CSAT scale
	e := openPaths(t, "", dir)
	wantRows(t, e, "responses", 5, 1)
	if got := strs(t, e, "SELECT DISTINCT coalesce(survey, '-') FROM responses ORDER BY 1"); len(got) != 3 || got[0] != "-" || got[1] != "csat" || got[2] != "nps" {
		t.Errorf("surveys = %v", got)
	}
	if r := one(t, e, "SELECT reason FROM rejected WHERE line = 7"); r != "score: 9 is outside the CSAT scale 1–5" {
		t.Errorf("reason = %v", r)
	}
}

// Lines come from the staged rows' order on big files too (DuckDB reads
// them in parallel): bad rows at known lines of a 300,000-row file keep
// their line, and order ids made from lines point at the right rows.
func TestLinesOfABigFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer_id,ordered_at,amount\n")
	bad := map[int]bool{2: true, 150001: true, 299999: true, 300001: true}
	for line := 2; line <= 300001; line++ {
		if bad[line] {
			fmt.Fprintf(&b, "c%d,not a date,1\n", line)
		} else {
			fmt.Fprintf(&b, "c%d,2024-01-01,%d\n", line, line)
		}
	}
	dir := t.TempDir()
	write(t, dir, "orders.csv", b.String())
	e := openPaths(t, "", dir)
	wantRows(t, e, "orders", 300000-4, 4)
	got := strs(t, e, "SELECT lpad(CAST(line AS VARCHAR), 6, '0') FROM rejected")
	if strings.Join(got, " ") != "000002 150001 299999 300001" {
		t.Errorf("rejected lines = %v", got)
	}
	// Row on line L has customer c<L> and amount L: its order id names L.
	if n := count(t, e, `SELECT count(*) FROM orders
		WHERE order_id <> 'orders.csv:' || CAST(amount AS BIGINT) OR customer_id <> 'c' || CAST(amount AS BIGINT)`); n != 0 {
		t.Errorf("%d order ids do not name their line", n)
	}
}
