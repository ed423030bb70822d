package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// rejection is one expected rejected row: line (1-based, header = line 1) and reason.
type rejection struct {
	line   int64
	reason string
}

// TestRejectedRows writes one small file per reason; each rejected row must
// be in the schema and the rejected table with its file, line and reason,
// and accepted + rejected must be every data row of the file.
func TestRejectedRows(t *testing.T) {
	cases := []struct {
		name, file, role, content string
		want                      []rejection
	}{
		{"unparsable date", "responses.csv", "responses", `customer_id,responded_at,score
C1,2023-02-01,9
C2,yesterday,8
C3,2023-02-03,0
`, []rejection{{3, `responded_at: unparsable or impossible date "yesterday"`}}},
		{"impossible ISO date", "responses.csv", "responses", `customer_id,responded_at,score
C1,2023-02-28,9
C2,2023-02-30,8
C3,2024-02-29,7
`, []rejection{{3, `responded_at: unparsable or impossible date "2023-02-30"`}}},
		// One impossible YYYYMMDD date out of three: the other two keep the
		// format (they were all rejected as unparsable before BestTime).
		{"impossible YYYYMMDD date", "orders.csv", "orders", `customer_id,ordered_at,amount
A1,20230101,10
A2,20230230,20
A3,20230105,5
`, []rejection{{3, `ordered_at: unparsable or impossible date "20230230"`}}},
		{"impossible DD-MM-YYYY date", "orders.csv", "orders", `customer_id,ordered_at,amount
A1,31-01-2023,10
A2,30-02-2023,20
A3,13-03-2023,5
`, []rejection{{3, `ordered_at: unparsable or impossible date "30-02-2023"`}}},
		{"score not an integer", "responses.csv", "responses", `customer_id,responded_at,score
C1,2023-02-01,7.5
C2,2023-02-02,8
C3,2023-02-03,10
`, []rejection{{2, `score: not an integer "7.5"`}}},
		// Empty survey counts as NPS; csat is 1–5 (6 and 0 out), nps 0–10.
		{"score outside scale", "responses.csv", "responses", `customer_id,responded_at,survey,score
C1,2023-02-01,nps,11
C2,2023-02-02,csat,6
C3,2023-02-03,,10
C4,2023-02-04,NPS,0
C5,2023-02-05,csat,0
C6,2023-02-06,csat,5
C7,2023-02-07,,-1
`, []rejection{
			{2, `score: 11 is outside the NPS scale 0–10`},
			{3, `score: 6 is outside the CSAT scale 1–5`},
			{6, `score: 0 is outside the CSAT scale 1–5`},
			{8, `score: -1 is outside the NPS scale 0–10`},
		}},
		{"rating 0", "reviews.csv", "reviews", `customer_id,reviewed_at,rating,text
C1,2023-03-01,0,bad
C2,2023-03-02,5,good
C3,2023-03-03,1,meh
`, []rejection{{2, `rating: 0 is outside 1–5`}}},
		{"missing customer_id", "orders.csv", "orders", `order_id,customer_id,ordered_at,amount
O1,C1,2023-01-01,100
O2,,2023-01-02,200
O3, ,2023-01-03,300
`, []rejection{{3, `missing customer_id`}, {4, `missing customer_id`}}},
		{"missing amount", "orders.csv", "orders", `order_id,customer_id,ordered_at,amount
O1,C1,2023-01-01,100
O2,C2,2023-01-02,
`, []rejection{{3, `missing amount`}}},
		// "1,200" and "¥3,400" are numbers with separators; "abc" is not.
		{"amount not a number", "orders.csv", "orders", `order_id,customer_id,ordered_at,amount
O1,C1,2023-01-01,"1,200"
O2,C2,2023-01-02,abc
O3,C3,2023-01-03,"¥3,400"
`, []rejection{{3, `amount: not a number "abc"`}}},
		{"duplicate customer", "customers.csv", "customers", `customer_id,signup_at,region
C1,2022-01-01,north
C2,2022-01-02,south
C1,2022-01-03,east
C2,2022-01-04,west
`, []rejection{{4, `duplicate customer_id "C1" (first at line 2)`}, {5, `duplicate customer_id "C2" (first at line 3)`}}},
		// A blank line is no data row; the line after it keeps its physical number.
		{"line numbers after a blank line", "orders.csv", "orders", `customer_id,ordered_at,amount
A1,2023-01-01,10

A2,2023-01-02,x
`, []rejection{{4, `amount: not a number "x"`}}},
		{"line numbers after a quoted line break", "orders.csv", "orders", "customer_id,ordered_at,amount,note\r\n" +
			"A1,2023-01-01,10,\"two\r\nlines\"\r\nA2,2023-01-02,x,\r\n\r\nA3,2023-01-03,,\r\n",
			[]rejection{{4, `amount: not a number "x"`}, {6, `missing amount`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, t.TempDir(), c.file, c.content)
			e := openPaths(t, "", path)
			dataRows := int64(0)
			for _, l := range strings.Split(strings.TrimSpace(c.content), "\n")[1:] {
				if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "lines") {
					dataRows++
				}
			}
			wantRows(t, e, c.role, dataRows-int64(len(c.want)), int64(len(c.want)))
			var want []string
			for _, r := range c.want {
				want = append(want, fmt.Sprintf("%s|%s|%d|%s", c.role, path, r.line, r.reason))
			}
			var fromSchema []string
			for _, r := range e.Schema.Rejected {
				fromSchema = append(fromSchema, fmt.Sprintf("%s|%s|%d|%s", c.role, r.File, r.Line, r.Reason))
			}
			sortedEqual(t, "schema rejections", fromSchema, want)
			sortedEqual(t, "rejected table", strs(t, e, `SELECT role || '|' || file || '|' || line || '|' || reason FROM rejected`), want)
		})
	}
}

// TestRejectedValuesAreExact checks the accepted rows of the amount case:
// separators and currency signs are dropped, ids kept as written.
func TestRejectedValuesAreExact(t *testing.T) {
	path := write(t, t.TempDir(), "orders.csv", `order_id,customer_id,ordered_at,amount
O1,007,2023-01-01,"1,200"
O2,008,2023-01-02,abc
O3,009,2023-01-03,"¥3,400"
O4,010,2023-01-04 10:30:00,$12.50
`)
	e := openPaths(t, "", path)
	got := strs(t, e, `SELECT order_id || '|' || customer_id || '|' || strftime(ordered_at, '%Y-%m-%d %H:%M') || '|' || amount FROM orders`)
	sortedEqual(t, "orders", got, []string{"O1|007|2023-01-01 00:00|1200.0", "O3|009|2023-01-03 00:00|3400.0", "O4|010|2023-01-04 10:30|12.5"})
	// Rejected rows' customers are not implied customers.
	sortedEqual(t, "customers", strs(t, e, `SELECT customer_id FROM customers`), []string{"007", "009", "010"})
}

// TestRejectedAcrossFiles: two files of one role keep their own line numbers.
func TestRejectedAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "orders_2023.csv", "customer_id,ordered_at,amount\nA1,2023-01-01,10\nA2,2023-01-02,\n")
	b := write(t, dir, "orders_2024.csv", "customer_id,ordered_at,amount\nB1,2024-01-01,x\nB2,2024-01-02,5\nB3,2024-01-03,6\n")
	e := openPaths(t, "", dir)
	wantRows(t, e, "orders", 3, 2)
	want := []model.Rejection{{File: a, Line: 3, Reason: "missing amount"}, {File: b, Line: 2, Reason: `amount: not a number "x"`}}
	if fmt.Sprint(e.Schema.Rejected) != fmt.Sprint(want) {
		t.Errorf("rejected %v, want %v", e.Schema.Rejected, want)
	}
	if got := info(t, e, "orders").Files; fmt.Sprint(got) != fmt.Sprint([]string{a, b}) {
		t.Errorf("files %v, want %v", got, []string{a, b})
	}
}
