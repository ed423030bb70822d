package sample

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The headers as the brief states them, written out independently of Headers.
var wantHeader = map[string]string{
	"customers.csv":     "customer_id,signup_at,region,prefecture,plan,channel,age_band,gender",
	"orders.csv":        "order_id,customer_id,ordered_at,amount,quantity,category,channel",
	"subscriptions.csv": "customer_id,started_at,ended_at,plan,mrr",
	"responses.csv":     "customer_id,responded_at,survey,score,touchpoint,comment",
	"events.csv":        "customer_id,occurred_at,event,channel,session_id",
	"reviews.csv":       "customer_id,reviewed_at,rating,product,text",
	"posts.csv":         "post_id,posted_at,platform,impressions,likes,comments,shares,clicks,saves",
}

// dataset is a generated folder parsed with encoding/csv: rows as maps.
type dataset struct {
	rows map[string][]map[string]string
	cust map[string]map[string]string // customer_id → customers row
}

func load(t *testing.T, dir string) *dataset {
	t.Helper()
	d := &dataset{rows: map[string][]map[string]string{}, cust: map[string]map[string]string{}}
	if len(Files) != len(wantHeader) {
		t.Fatalf("Files lists %d files, want %d", len(Files), len(wantHeader))
	}
	for name, header := range wantHeader {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := strings.Join(recs[0], ","); got != header {
			t.Fatalf("%s header %q, want %q", name, got, header)
		}
		for _, rec := range recs[1:] {
			m := map[string]string{}
			for i, col := range recs[0] {
				m[col] = rec[i]
			}
			d.rows[name] = append(d.rows[name], m)
		}
	}
	for _, c := range d.rows["customers.csv"] {
		d.cust[c["customer_id"]] = c
	}
	return d
}

func parseTS(t *testing.T, what, v string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.DateTime, v)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return ts
}

// timeCols is the time column of each file.
var timeCols = map[string]string{
	"customers.csv": "signup_at", "orders.csv": "ordered_at", "subscriptions.csv": "started_at",
	"responses.csv": "responded_at", "events.csv": "occurred_at", "reviews.csv": "reviewed_at",
	"posts.csv": "posted_at",
}

// checkTimes asserts every timestamp parses and lies in [from, to).
func (d *dataset) checkTimes(t *testing.T, from, to time.Time) {
	t.Helper()
	for name, col := range timeCols {
		for i, row := range d.rows[name] {
			for _, c := range []string{col, "ended_at"} {
				v, ok := row[c]
				if !ok || v == "" {
					continue
				}
				ts := parseTS(t, name+"."+c, v)
				if ts.Before(from) || !ts.Before(to) {
					t.Fatalf("%s row %d: %s %s outside [%s, %s)", name, i+2, c, v, from, to)
				}
			}
		}
	}
}

func oneOf(t *testing.T, what, v string, set ...string) {
	t.Helper()
	if !slices.Contains(set, v) {
		t.Fatalf("%s: %q not one of %q", what, v, set)
	}
}

func num(t *testing.T, what, v string, lo, hi int64) int64 {
	t.Helper()
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		t.Fatalf("%s: %q not an integer in [%d, %d]", what, v, lo, hi)
	}
	return n
}

func TestValues(t *testing.T) {
	d := load(t, defaultDir)
	d.checkTimes(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))

	idRe := regexp.MustCompile(`^C\d{6}$`)
	prefRegion := map[string]string{}
	prevDay := ""
	for i, c := range d.rows["customers.csv"] {
		if want := "C" + strconv.FormatInt(int64(100000000+i+1), 10)[3:]; c["customer_id"] != want || !idRe.MatchString(want) {
			t.Fatalf("customer %d: id %q, want %q", i, c["customer_id"], want)
		}
		day := c["signup_at"][:10]
		if day < prevDay {
			t.Fatalf("%s signs up %s, before the previous customer (%s)", c["customer_id"], day, prevDay)
		}
		prevDay = day
		oneOf(t, "region", c["region"], "北海道", "東北", "関東", "中部", "近畿", "中国", "四国", "九州")
		if r, ok := prefRegion[c["prefecture"]]; ok && r != c["region"] {
			t.Fatalf("prefecture %s in regions %s and %s", c["prefecture"], r, c["region"])
		}
		prefRegion[c["prefecture"]] = c["region"]
		oneOf(t, "plan", c["plan"], "free", "standard", "premium")
		oneOf(t, "channel", c["channel"], "web", "app", "store")
		oneOf(t, "age_band", c["age_band"], "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
		oneOf(t, "gender", c["gender"], "female", "male", "other", "")
	}
	if len(d.cust) != 3000 {
		t.Fatalf("%d distinct customers, want 3000", len(d.cust))
	}
	for p, r := range map[string]string{"東京都": "関東", "福岡県": "九州", "沖縄県": "九州", "大阪府": "近畿", "北海道": "北海道", "愛知県": "中部", "広島県": "中国", "香川県": "四国", "宮城県": "東北"} {
		if prefRegion[p] != r {
			t.Errorf("prefecture %s in region %q, want %s", p, prefRegion[p], r)
		}
	}
	if len(prefRegion) < 40 || len(prefRegion) > 47 {
		t.Errorf("%d prefectures, want 40..47", len(prefRegion))
	}

	known := func(name string, row map[string]string) map[string]string {
		c, ok := d.cust[row["customer_id"]]
		if !ok {
			t.Fatalf("%s: customer_id %q not in customers.csv", name, row["customer_id"])
		}
		return c
	}
	orderRe := regexp.MustCompile(`^O\d{7}$`)
	seen := map[string]bool{}
	var prev map[string]string
	for _, o := range d.rows["orders.csv"] {
		c := known("orders", o)
		if !orderRe.MatchString(o["order_id"]) {
			t.Fatalf("order_id %q", o["order_id"])
		}
		if prev != nil && o["order_id"] == prev["order_id"] {
			if o["customer_id"] != prev["customer_id"] || o["ordered_at"] != prev["ordered_at"] || o["channel"] != prev["channel"] {
				t.Fatalf("lines of order %s disagree: %v vs %v", o["order_id"], prev, o)
			}
		} else if seen[o["order_id"]] {
			t.Fatalf("order %s is split over non-adjacent rows", o["order_id"])
		}
		seen[o["order_id"]] = true
		prev = o
		if o["ordered_at"] < c["signup_at"] {
			t.Fatalf("order %s at %s before sign-up %s", o["order_id"], o["ordered_at"], c["signup_at"])
		}
		qty := num(t, "quantity", o["quantity"], 1, 10)
		amount := num(t, "amount", o["amount"], 280, 5_000_000)
		if amount%qty != 0 || amount/qty%10 != 0 {
			t.Fatalf("order %s: amount %d is not quantity %d × a price in tens of yen", o["order_id"], amount, qty)
		}
		oneOf(t, "category", o["category"], "fashion", "beauty", "food", "home", "electronics", "outdoor")
		oneOf(t, "order channel", o["channel"], "web", "app", "store")
	}

	lastEnd := map[string]string{}
	for _, s := range d.rows["subscriptions.csv"] {
		c := known("subscriptions", s)
		if c["plan"] == "free" {
			t.Fatalf("free customer %s has a subscription", c["customer_id"])
		}
		parseTS(t, "started_at", s["started_at"])
		if e := s["ended_at"]; e != "" && e < s["started_at"] {
			t.Fatalf("subscription of %s ends %s before it starts %s", s["customer_id"], e, s["started_at"])
		}
		if le, ok := lastEnd[s["customer_id"]]; ok && (le == "" || le > s["started_at"]) {
			t.Fatalf("subscriptions of %s overlap", s["customer_id"])
		}
		lastEnd[s["customer_id"]] = s["ended_at"]
		oneOf(t, "subscription plan", s["plan"], "standard", "premium")
		oneOf(t, "mrr", s["mrr"], "980", "1280", "1980")
	}

	for _, r := range d.rows["responses.csv"] {
		known("responses", r)
		oneOf(t, "survey", r["survey"], "nps", "csat")
		if r["survey"] == "nps" {
			num(t, "nps score", r["score"], 0, 10)
		} else {
			num(t, "csat score", r["score"], 1, 5)
		}
		oneOf(t, "touchpoint", r["touchpoint"], "purchase", "delivery", "support", "app")
	}

	sessRe := regexp.MustCompile(`^S(\d{6})-(\d{2,})$`)
	lastAt, lastSess := map[string]string{}, map[string]int{}
	for _, e := range d.rows["events.csv"] {
		known("events", e)
		oneOf(t, "event", e["event"], "ad_click", "page_view", "product_view", "add_to_cart", "purchase", "login", "feature_used", "review_posted", "referral")
		oneOf(t, "event channel", e["channel"], "web", "app")
		m := sessRe.FindStringSubmatch(e["session_id"])
		if m == nil || "C"+m[1] != e["customer_id"] {
			t.Fatalf("session_id %q of %s", e["session_id"], e["customer_id"])
		}
		// A customer's events are in time order, sessions numbered as they start.
		id := e["customer_id"]
		if e["occurred_at"] < lastAt[id] {
			t.Fatalf("events of %s out of time order at %s", id, e["occurred_at"])
		}
		lastAt[id] = e["occurred_at"]
		if n := atoi(m[2]); n > lastSess[id]+1 {
			t.Fatalf("session %s of %s starts before session %d", e["session_id"], id, lastSess[id]+1)
		} else {
			lastSess[id] = max(lastSess[id], n)
		}
	}

	for _, r := range d.rows["reviews.csv"] {
		known("reviews", r)
		num(t, "rating", r["rating"], 1, 5)
		if r["product"] == "" {
			t.Fatal("review without product")
		}
	}

	posts := d.rows["posts.csv"]
	if len(posts) != 300 {
		t.Fatalf("%d posts, want 300", len(posts))
	}
	for i, p := range posts {
		if want := "P" + strconv.Itoa(10001 + i)[1:]; p["post_id"] != want {
			t.Fatalf("post_id %q, want %q", p["post_id"], want)
		}
		oneOf(t, "platform", p["platform"], "instagram", "x", "facebook", "tiktok", "line")
		imp := num(t, "impressions", p["impressions"], 1, 1e9)
		var sum int64
		for _, k := range []string{"likes", "comments", "shares", "clicks", "saves"} {
			sum += num(t, k, p[k], 0, imp)
		}
		if sum > imp {
			t.Fatalf("post %s: %d interactions > %d impressions", p["post_id"], sum, imp)
		}
	}
}
