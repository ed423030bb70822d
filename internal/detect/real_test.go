package detect

import (
	"encoding/csv"
	"os"
	"reflect"
	"strings"
	"testing"
)

// data is /work/shared/data seen from the package folder (CI keeps the
// shared folder beside the checkout).
const data = "../../../shared/data/"

// TestSniffRealFiles sniffs every real file. Expected values come from
// `head -3 FILE | cat -A` and `wc -l`: every file has at least 500 data
// rows, so Sample holds 500. Each sample row is then checked against an
// independent split of the same physical line.
func TestSniffRealFiles(t *testing.T) {
	needData(t)
	cases := []struct {
		file        string
		delim       string
		header      bool
		headerLines int
		columns     []string
		first       []string
	}{
		// " customer_id  date number_of_cds  dollar_value^M$" then " 00001 19970101  1   11.77^M$"
		{"cdnow/CDNOW_master.txt", "whitespace", true, 1,
			[]string{"customer_id", "date", "number_of_cds", "dollar_value"},
			[]string{"00001", "19970101", "1", "11.77"}},
		// no header: " 00004 0001 19970101  2   29.33^M$"
		{"cdnow/CDNOW_sample.txt", "whitespace", false, 0,
			[]string{"column0", "column1", "column2", "column3", "column4"},
			[]string{"00004", "0001", "19970101", "2", "29.33"}},
		{"facebook-metrics-uci/dataset_Facebook.csv", ",", true, 1,
			[]string{"Page total likes", "Type", "Category", "Post Month", "Post Weekday", "Post Hour", "Paid",
				"Lifetime Post Total Reach", "Lifetime Post Total Impressions", "Lifetime Engaged Users",
				"Lifetime Post Consumers", "Lifetime Post Consumptions",
				"Lifetime Post Impressions by people who have liked your Page",
				"Lifetime Post reach by people who like your Page",
				"Lifetime People who have liked your Page and engaged with your post",
				"comment", "like", "share", "Total Interactions"},
			strings.Split("139441,Photo,2,12,4,3,0,2752,5091,178,109,159,3078,1640,119,4,79,17,100", ",")},
		{"olist-marketing-funnel/olist_closed_deals_dataset.csv", ",", true, 1,
			[]string{"mql_id", "seller_id", "sdr_id", "sr_id", "won_date", "business_segment", "lead_type",
				"lead_behaviour_profile", "has_company", "has_gtin", "average_stock", "business_type",
				"declared_product_catalog_size", "declared_monthly_revenue"},
			[]string{"5420aad7fec3549a85876ba1c529bd84", "2c43fb513632d29b3b58df74816f1b06",
				"a8387c01a09e99ce014107505b92388c", "4ef15afb4b2723d8f3d81e51ec7afefe", "2018-02-26 19:58:54",
				"pet", "online_medium", "cat", "", "", "", "reseller", "", "0.0"}},
		{"olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv", ",", true, 1,
			[]string{"mql_id", "first_contact_date", "landing_page_id", "origin"},
			[]string{"dac32acd4db4c29c230538b72f8dd87d", "01-02-2018", "88740e65d5d6b056e0cda098e1ea6313", "social"}},
		{"taobao-userbehavior-sample/UserBehavior.csv", ",", false, 0,
			[]string{"column0", "column1", "column2", "column3", "column4"},
			[]string{"1", "2268318", "2520377", "pv", "1511544070"}},
		{"telco-churn-ibm/Telco-Customer-Churn.csv", ",", true, 1,
			strings.Split("customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,"+
				"InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,"+
				"Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn", ","),
			strings.Split("7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,"+
				"Month-to-month,Yes,Electronic check,29.85,29.85,No", ",")},
	}
	for _, c := range cases {
		path := data + c.file
		lay, err := Sniff(path)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if lay.Format != "csv" || lay.Compression != "" || lay.Encoding != "utf-8" {
			t.Errorf("%s: format %q compression %q encoding %q, want csv, none, utf-8", c.file, lay.Format, lay.Compression, lay.Encoding)
		}
		if lay.Delimiter != c.delim || lay.Header != c.header || lay.HeaderLines != c.headerLines {
			t.Errorf("%s: delimiter %q header %v headerLines %d, want %q %v %d", c.file,
				lay.Delimiter, lay.Header, lay.HeaderLines, c.delim, c.header, c.headerLines)
		}
		if !reflect.DeepEqual(lay.Columns, c.columns) {
			t.Errorf("%s: columns\n got %q\nwant %q", c.file, lay.Columns, c.columns)
		}
		if len(lay.Sample) != SampleRows {
			t.Errorf("%s: %d sample rows, want %d", c.file, len(lay.Sample), SampleRows)
			continue
		}
		if !reflect.DeepEqual(lay.Sample[0], c.first) {
			t.Errorf("%s: first row\n got %q\nwant %q", c.file, lay.Sample[0], c.first)
		}
		checkSampleAgainstLines(t, path, lay)
	}
}

// checkSampleAgainstLines splits physical line HeaderLines+1+i of the file
// on its own (strings.Fields, strings.Split, or encoding/csv for a line
// with quotes) and compares it with Sample[i].
func checkSampleAgainstLines(t *testing.T, path string, lay Layout) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	for i, row := range lay.Sample {
		line := lines[lay.HeaderLines+i]
		var want []string
		switch {
		case lay.Delimiter == "whitespace":
			want = strings.Fields(line)
		case strings.Contains(line, `"`):
			r := csv.NewReader(strings.NewReader(line))
			r.Comma = []rune(lay.Delimiter)[0]
			want, err = r.Read()
			if err != nil {
				t.Fatal(err)
			}
		default:
			want = strings.Split(line, lay.Delimiter)
		}
		if !reflect.DeepEqual(row, want) {
			t.Errorf("%s: sample row %d\n got %q\nwant %q", path, i, row, want)
			return
		}
	}
}

// TestGuessRealFiles: the role and mapping chosen for each real file, and
// the reasons the brief asks to be spelled out.
func TestGuessRealFiles(t *testing.T) {
	needData(t)
	cases := []struct {
		file      string
		role      string
		columns   map[string]string
		constants map[string]string
		why       []string // substrings of Why
	}{
		{"cdnow/CDNOW_master.txt", "orders", map[string]string{
			"customer_id": "customer_id", "ordered_at": "date", "quantity": "number_of_cds", "amount": "dollar_value",
		}, nil, []string{"ordered_at ← date (name, YYYYMMDD dates)"}},
		{"cdnow/CDNOW_sample.txt", "orders", map[string]string{
			"customer_id": "column0", "ordered_at": "column2", "quantity": "column3", "amount": "column4",
		}, nil, []string{"customer_id ← column0 (values: ids)", "amount ← column4 (values: decimal amounts)"}},
		{"facebook-metrics-uci/dataset_Facebook.csv", "posts", map[string]string{
			"impressions":  "Lifetime Post Total Impressions",
			"interactions": "Total Interactions", // = like + comment + share on every row
			"likes":        "like", "comments": "comment", "shares": "share",
		}, nil, []string{`no date column for posted_at (only "Post Month", "Post Weekday", "Post Hour")`}},
		// Each lead is a first contact: an awareness event, with its origin as channel.
		{"olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv", "events", map[string]string{
			"customer_id": "mql_id", "occurred_at": "first_contact_date", "channel": "origin",
		}, map[string]string{"event": "lead"}, []string{"dates like %d-%m-%Y", `event = "lead" on every row`}},
		// A closed deal has no amount, so it is a "won" (purchase stage) event, not an order.
		{"olist-marketing-funnel/olist_closed_deals_dataset.csv", "events", map[string]string{
			"customer_id": "mql_id", "occurred_at": "won_date",
		}, map[string]string{"event": "won"}, []string{"not orders: no column for amount"}},
		{"taobao-userbehavior-sample/UserBehavior.csv", "events", map[string]string{
			"customer_id": "column0", "event": "column3", "occurred_at": "column4",
		}, nil, []string{"Unix seconds", "values: journey events"}},
		// A snapshot: churn flag (Yes/No) and tenure in months, no dates.
		{"telco-churn-ibm/Telco-Customer-Churn.csv", "customers", map[string]string{
			"customer_id": "customerID", "churned": "Churn", "tenure_months": "tenure",
		}, nil, []string{"no signup date column", "churned ← Churn (name)"}},
	}
	for _, c := range cases {
		lay, err := Sniff(data + c.file)
		if err != nil {
			t.Fatal(err)
		}
		g := GuessRole(c.file, lay.Columns, lay.Sample)
		if g.Role != c.role || !reflect.DeepEqual(g.Columns, c.columns) {
			t.Errorf("%s: %s %v, want %s %v\nwhy: %s", c.file, g.Role, g.Columns, c.role, c.columns, g.Why)
		}
		if len(g.Constants)+len(c.constants) > 0 && !reflect.DeepEqual(g.Constants, c.constants) {
			t.Errorf("%s: constants %v, want %v", c.file, g.Constants, c.constants)
		}
		for _, w := range c.why {
			if !strings.Contains(g.Why, w) {
				t.Errorf("%s: Why lacks %q:\n%s", c.file, w, g.Why)
			}
		}
		if m := MapColumns(c.role, lay.Columns, lay.Sample); !reflect.DeepEqual(m, c.columns) {
			t.Errorf("%s: MapColumns(%s) = %v, want %v", c.file, c.role, m, c.columns)
		}
	}
}

// TestRealTimeColumns: the time format of each real file's time column.
func TestRealTimeColumns(t *testing.T) {
	needData(t)
	cases := []struct {
		file string
		col  int
		want TimeFormat
	}{
		{"cdnow/CDNOW_master.txt", 1, TimeFormat{"yyyymmdd", "%Y%m%d"}},
		{"olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv", 1, TimeFormat{"strptime", "%d-%m-%Y"}},
		{"olist-marketing-funnel/olist_closed_deals_dataset.csv", 4, TimeFormat{"iso", ""}},
		{"taobao-userbehavior-sample/UserBehavior.csv", 4, TimeFormat{"epoch_s", ""}},
	}
	for _, c := range cases {
		lay, err := Sniff(data + c.file)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := DetectTime(column(lay.Sample, c.col)); !ok || got != c.want {
			t.Errorf("%s column %d: %+v %v, want %+v", c.file, c.col, got, ok, c.want)
		}
	}
}

// needData skips a test of the real files of ../shared/data when they are
// not beside the checkout (CI has them; a bare clone may not).
func needData(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(data); err != nil {
		t.Skipf("%s not found (the real data files sit beside the checkout in CI): %v", data, err)
	}
}
