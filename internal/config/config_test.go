package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTOML(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFull(t *testing.T) {
	p := writeTOML(t, `as_of = "2011-12-09"
inactive_days = 60

[tables.orders]
path = "online_retail_*.csv"
customer_id = "\"Customer ID\""
amount = "Quantity * Price"
where = "\"Customer ID\" IS NOT NULL"
header = false
names = ["a", "b"]

[[tables.events]]
path = "leads.csv"
event = "'lead'"

[[tables.events]]
path = "deals.csv"
event = "'won'"

[journey]
awareness = ["ad_click", "page_%"]
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.AsOf != "2011-12-09" || c.InactiveDays != 60 || c.Dir != filepath.Dir(p) {
		t.Errorf("settings: %+v", c)
	}
	o := c.Tables["orders"]
	if len(o) != 1 || o[0].Path != "online_retail_*.csv" || o[0].Columns["customer_id"] != `"Customer ID"` ||
		o[0].Columns["amount"] != "Quantity * Price" || o[0].Where != `"Customer ID" IS NOT NULL` ||
		o[0].Header == nil || *o[0].Header || strings.Join(o[0].Names, ",") != "a,b" {
		t.Errorf("orders: %+v", o)
	}
	ev := c.Tables["events"]
	if len(ev) != 2 || ev[0].Path != "leads.csv" || ev[1].Columns["event"] != "'won'" {
		t.Errorf("events: %+v", ev)
	}
	if strings.Join(c.Journey["awareness"], ",") != "ad_click,page_%" {
		t.Errorf("journey: %v", c.Journey)
	}
}

func TestLoadErrorsNameTheFileAndKey(t *testing.T) {
	for text, want := range map[string]string{
		`as_of = "9 Dec"`:                               `as_of = 9 Dec: want a date`,
		`inactive_days = -3`:                            `inactive_days = -3`,
		"[tables.order]\npath = \"x\"":                  `[tables.order]: unknown role`,
		"[tables.orders]\npath = \"x\"\nprice = \"p\"":  `tables.orders.price: orders has no column "price"`,
		"[tables.orders]\ncustomer_id = \"x\"":          `tables.orders: path is required`,
		"[[tables.events]]\npath = \"a\"\nevnt = \"e\"": `(table 1 of [[tables.events]])`,
		"[journey]\nfoo = [\"x\"]":                      `journey.foo: unknown stage`,
		"colour = 3":                                    `unknown key "colour"`,
		"[tables.orders\n":                              `line 2`,
	} {
		p := writeTOML(t, text)
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%q: err = %v, want it to name %s and say %q", text, err, p, want)
		}
	}
}

func TestFind(t *testing.T) {
	p := writeTOML(t, "")
	dir := filepath.Dir(p)
	if got, _ := Find("", []string{dir}); got != p {
		t.Errorf("folder: %q", got)
	}
	if got, _ := Find("", []string{filepath.Join(dir, "orders.csv")}); got != p {
		t.Errorf("file in folder: %q", got)
	}
	if got, _ := Find("", []string{t.TempDir()}); got != "" {
		t.Errorf("no mapping file: %q", got)
	}
	if _, err := Find("/nonexistent/kizuna.toml", nil); err == nil {
		t.Error("missing --config accepted")
	}
}

// TestLoadSources: [sources] names files as relations and a table may be
// sql over them instead of a path.
func TestLoadSources(t *testing.T) {
	c, err := Load(writeTOML(t, `[sources]
o = "orders.csv"
p = "payments.csv"

[tables.orders]
sql = "SELECT o.order_id, o.customer_id, o.purchased_at, sum(p.value) AS paid FROM o JOIN p USING (order_id) GROUP BY ALL"
ordered_at = "purchased_at"
amount = "paid"
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Sources["o"] != "orders.csv" || c.Sources["p"] != "payments.csv" || len(c.Sources) != 2 {
		t.Errorf("sources %v", c.Sources)
	}
	if ts := c.Tables["orders"]; len(ts) != 1 || !strings.HasPrefix(ts[0].SQL, "SELECT o.order_id") || ts[0].Path != "" || ts[0].Columns["amount"] != "paid" {
		t.Errorf("orders table %+v", ts)
	}
	for text, want := range map[string]string{
		"[sources]\norders = \"o.csv\"":                                                   "sources.orders: the name of a loaded table",
		"[sources]\n\"my file\" = \"o.csv\"":                                              "a source name is letters, digits and _",
		"[tables.orders]\nsql = \"SELECT 1\"":                                             "name the files it reads in [sources]",
		"[sources]\no = \"o.csv\"\n[tables.orders]\nsql = \"SELECT 1\"\npath = \"o.csv\"": "give path or sql, not both",
	} {
		_, err := Load(writeTOML(t, text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", text, err, want)
		}
	}
}
