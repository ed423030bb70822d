package sample

import (
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The stories an analyst should find in the default data set, each computed
// here in plain Go from the CSV files.

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// nps is 100·(promoters − detractors)/N over scores 0–10.
func nps(scores []int) float64 {
	p, d := 0, 0
	for _, s := range scores {
		switch {
		case s >= 9:
			p++
		case s <= 6:
			d++
		}
	}
	return 100 * float64(p-d) / float64(len(scores))
}

func (d *dataset) npsBy(dim string) map[string]float64 {
	scores := map[string][]int{}
	for _, r := range d.rows["responses.csv"] {
		if r["survey"] == "nps" {
			k := d.cust[r["customer_id"]][dim]
			scores[k] = append(scores[k], atoi(r["score"]))
		}
	}
	out := map[string]float64{}
	for k, s := range scores {
		out[k] = nps(s)
	}
	return out
}

func TestStoryKyushuDelivery(t *testing.T) {
	d := load(t, defaultDir)
	byRegion := d.npsBy("region")
	if byRegion["九州"] > byRegion["関東"]-15 {
		t.Errorf("NPS 九州 %.1f, 関東 %.1f: want 九州 at least 15 points lower", byRegion["九州"], byRegion["関東"])
	}
	// Delivery complaints make up more of 九州's comments than of 関東's.
	words := []string{"配送が遅い", "届くまで", "届かない", "配送日時", "潰れ", "送料が高い",
		"late", "damaged", "took a week", "shipping fee"}
	share := func(region string) float64 {
		n, hit := 0, 0
		for _, r := range d.rows["responses.csv"] {
			if r["comment"] == "" || d.cust[r["customer_id"]]["region"] != region {
				continue
			}
			n++
			for _, w := range words {
				if strings.Contains(r["comment"], w) {
					hit++
					break
				}
			}
		}
		return float64(hit) / float64(n)
	}
	if k, q := share("九州"), share("関東"); k < 2*q {
		t.Errorf("delivery comments: 九州 %.2f, 関東 %.2f of comments; want 九州 at least twice", k, q)
	}
	// Plans: premium customers are happiest, free ones least.
	byPlan := d.npsBy("plan")
	if !(byPlan["premium"] > byPlan["standard"]+10 && byPlan["standard"] > byPlan["free"]+10) {
		t.Errorf("NPS by plan %v: want premium > standard > free by 10+ points", byPlan)
	}
}

func TestStoryCommentsAndChurners(t *testing.T) {
	d := load(t, defaultDir)
	rs := d.rows["responses.csv"]
	with := 0
	for _, r := range rs {
		if r["comment"] != "" {
			with++
		}
	}
	if s := float64(with) / float64(len(rs)); s < 0.3 || s > 0.5 {
		t.Errorf("%.2f of responses carry a comment, want about 0.4", s)
	}
	// Customers answering within 75 days before their subscription ends
	// are less satisfied than those answering while staying.
	ends := map[string][]string{}
	for _, s := range d.rows["subscriptions.csv"] {
		if s["ended_at"] != "" {
			ends[s["customer_id"]] = append(ends[s["customer_id"]], s["ended_at"])
		}
	}
	var leaving, staying []int
	for _, r := range rs {
		if r["survey"] != "nps" {
			continue
		}
		left := false
		at := parseTS(t, "responded_at", r["responded_at"])
		for _, e := range ends[r["customer_id"]] {
			end := parseTS(t, "ended_at", e)
			if at.Before(end) && end.Sub(at).Hours() <= 75*24 {
				left = true
			}
		}
		if d.cust[r["customer_id"]]["plan"] == "free" {
			continue
		}
		if left {
			leaving = append(leaving, atoi(r["score"]))
		} else {
			staying = append(staying, atoi(r["score"]))
		}
	}
	if len(leaving) < 30 || nps(leaving) > nps(staying)-30 {
		t.Errorf("NPS before cancelling %.1f (n=%d), otherwise %.1f: want 30+ points lower",
			nps(leaving), len(leaving), nps(staying))
	}
}

func TestStoryOrders(t *testing.T) {
	d := load(t, defaultDir)
	perCust := map[string]map[string]bool{}
	revenue := map[string]float64{}
	lines := map[string]int{}
	month := map[string]int{}
	for _, o := range d.rows["orders.csv"] {
		id := o["order_id"]
		if lines[id] == 0 {
			month[o["ordered_at"][:7]]++
		}
		lines[id]++
		if perCust[o["customer_id"]] == nil {
			perCust[o["customer_id"]] = map[string]bool{}
		}
		perCust[o["customer_id"]][id] = true
		revenue[o["customer_id"]] += float64(atoi(o["amount"]))
	}
	once := 0
	for _, ids := range perCust {
		if len(ids) == 1 {
			once++
		}
	}
	if s := float64(once) / float64(len(perCust)); s < 0.35 || s > 0.6 {
		t.Errorf("one-time buyers are %.2f of buyers, want 0.35..0.6", s)
	}
	var rev []float64
	total := 0.0
	for _, v := range revenue {
		rev = append(rev, v)
		total += v
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(rev)))
	top := 0.0
	for _, v := range rev[:len(rev)/5] {
		top += v
	}
	if top/total < 0.55 {
		t.Errorf("top 20%% of buyers bring %.2f of revenue, want a loyal core above 0.55", top/total)
	}
	multi := 0
	for _, n := range lines {
		if n > 1 {
			multi++
		}
	}
	if s := float64(multi) / float64(len(lines)); s < 0.1 || s > 0.35 {
		t.Errorf("%.2f of orders have several lines, want 0.1..0.35", s)
	}
	// December and summer peaks over the neighbouring months.
	for _, c := range [][3]string{
		{"2024-12", "2024-11", "2025-02"}, {"2025-12", "2025-11", "2025-10"},
		{"2025-07", "2025-06", "2025-05"}, {"2024-08", "2024-06", "2024-05"},
	} {
		if month[c[0]] < month[c[1]]*11/10 || month[c[0]] < month[c[2]]*11/10 {
			t.Errorf("orders %s %d, %s %d, %s %d: want a peak in %s", c[0], month[c[0]], c[1], month[c[1]], c[2], month[c[2]], c[0])
		}
	}
}

func TestStoryChurn(t *testing.T) {
	d := load(t, defaultDir)
	// Buyers who signed up in 2024 and have not ordered since 2025-09:
	// lapsed most on the free plan, least on premium; more in 九州 than 関東.
	last := map[string]string{}
	for _, o := range d.rows["orders.csv"] {
		last[o["customer_id"]] = max(last[o["customer_id"]], o["ordered_at"])
	}
	lapsed := func(dim, val string) float64 {
		n, l := 0, 0
		for id, at := range last {
			c := d.cust[id]
			if c[dim] == val && c["signup_at"] < "2025" {
				n++
				if at < "2025-09" {
					l++
				}
			}
		}
		return float64(l) / float64(n)
	}
	if f, s, p := lapsed("plan", "free"), lapsed("plan", "standard"), lapsed("plan", "premium"); !(f > s+0.05 && s > p+0.05) {
		t.Errorf("lapsed share free %.2f, standard %.2f, premium %.2f: want free > standard > premium", f, s, p)
	}
	if k, q := lapsed("region", "九州"), lapsed("region", "関東"); k < q+0.05 {
		t.Errorf("lapsed share 九州 %.2f, 関東 %.2f: want 九州 higher", k, q)
	}
	// The standard plan's price rise (2025-04-01, 980 → 1,280) brings a
	// wave of cancellations in April and May.
	cancels := map[string]int{}
	for _, s := range d.rows["subscriptions.csv"] {
		if s["plan"] == "standard" && s["ended_at"] != "" {
			cancels[s["ended_at"][:7]]++
		}
	}
	wave, before := cancels["2025-04"]+cancels["2025-05"], cancels["2025-02"]+cancels["2025-03"]
	if wave < 2*before {
		t.Errorf("standard cancellations Apr+May 2025 %d, Feb+Mar %d: want at least double", wave, before)
	}
}

func TestStoryCampaignCohort(t *testing.T) {
	d := load(t, defaultDir)
	signups := map[string][]string{}
	for _, c := range d.rows["customers.csv"] {
		signups[c["signup_at"][:7]] = append(signups[c["signup_at"][:7]], c["customer_id"])
	}
	if n, o := len(signups["2024-11"]), len(signups["2024-10"]); n < 2*o {
		t.Errorf("sign-ups Nov 2024 %d, Oct 2024 %d: want the campaign to double them", n, o)
	}
	if a, b := len(signups["2024-01"])+len(signups["2024-02"]), len(signups["2025-01"])+len(signups["2025-02"]); b < a*6/5 {
		t.Errorf("sign-ups Jan+Feb 2024 %d, 2025 %d: want growth", a, b)
	}
	// Retention in months 2..5 after sign-up: the campaign cohort keeps
	// fewer customers than its neighbours.
	ordered := map[string]bool{} // customer|YYYY-MM
	for _, o := range d.rows["orders.csv"] {
		ordered[o["customer_id"]+"|"+o["ordered_at"][:7]] = true
	}
	months := []string{"2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04"}
	retention := func(k int) float64 {
		hits, n := 0, 0
		for _, id := range signups[months[k]] {
			for off := 2; off <= 5; off++ {
				n++
				if ordered[id+"|"+months[k+off-1]] {
					hits++
				}
			}
		}
		return float64(hits) / float64(n)
	}
	nov, oct, sep := retention(2), retention(1), retention(0)
	if nov > 0.85*oct || nov > 0.85*sep {
		t.Errorf("months 2-5 retention: Nov 2024 %.3f, Oct %.3f, Sep %.3f: want the campaign cohort lower", nov, oct, sep)
	}
}

func TestStoryFunnel(t *testing.T) {
	d := load(t, defaultDir)
	stage := map[string]int{"ad_click": 0, "page_view": 0, "product_view": 1, "add_to_cart": 1,
		"purchase": 2, "login": 3, "feature_used": 3, "review_posted": 4, "referral": 4}
	reached := [5]map[string]bool{{}, {}, {}, {}, {}}
	for _, e := range d.rows["events.csv"] {
		reached[stage[e["event"]]][e["customer_id"]] = true
	}
	for _, o := range d.rows["orders.csv"] {
		reached[2][o["customer_id"]] = true
	}
	for s := 1; s < 5; s++ {
		if len(reached[s]) >= len(reached[s-1]) {
			t.Errorf("stage %d has %d customers, stage %d %d: want drop-off", s+1, len(reached[s]), s, len(reached[s-1]))
		}
	}
	if len(reached[4]) > len(reached[0])/3 {
		t.Errorf("loyalty %d of %d customers: want a narrow top", len(reached[4]), len(reached[0]))
	}
}

func TestStoryReviewsAndPosts(t *testing.T) {
	d := load(t, defaultDir)
	// Ratings follow NPS: promoters rate higher than detractors.
	var sum, cnt [2]float64
	custNPS := map[string][]int{}
	for _, r := range d.rows["responses.csv"] {
		if r["survey"] == "nps" {
			custNPS[r["customer_id"]] = append(custNPS[r["customer_id"]], atoi(r["score"]))
		}
	}
	byProduct := map[string][]int{}
	all := 0.0
	for _, r := range d.rows["reviews.csv"] {
		rating := atoi(r["rating"])
		byProduct[r["product"]] = append(byProduct[r["product"]], rating)
		all += float64(rating)
		s := custNPS[r["customer_id"]]
		if len(s) == 0 {
			continue
		}
		mean := 0.0
		for _, x := range s {
			mean += float64(x) / float64(len(s))
		}
		switch {
		case mean >= 9:
			sum[1] += float64(rating)
			cnt[1]++
		case mean <= 6:
			sum[0] += float64(rating)
			cnt[0]++
		}
	}
	if det, pro := sum[0]/cnt[0], sum[1]/cnt[1]; pro < det+0.7 {
		t.Errorf("average rating from promoters %.2f, detractors %.2f: want 0.7+ higher", pro, det)
	}
	all /= float64(len(d.rows["reviews.csv"]))
	k2 := 0.0
	for _, x := range byProduct["ワイヤレスイヤホン K2"] {
		k2 += float64(x)
	}
	k2 /= float64(len(byProduct["ワイヤレスイヤホン K2"]))
	if k2 > all-0.8 {
		t.Errorf("ワイヤレスイヤホン K2 rated %.2f, all products %.2f: want the faulty one 0.8 lower", k2, all)
	}

	// Engagement rate per platform: TikTok > Instagram > X > Facebook.
	imp, inter := map[string]float64{}, map[string]float64{}
	for _, p := range d.rows["posts.csv"] {
		imp[p["platform"]] += float64(atoi(p["impressions"]))
		for _, k := range []string{"likes", "comments", "shares", "clicks", "saves"} {
			inter[p["platform"]] += float64(atoi(p[k]))
		}
	}
	rate := func(p string) float64 { return inter[p] / imp[p] }
	if !(rate("tiktok") > rate("instagram") && rate("instagram") > rate("x") && rate("x") > rate("facebook")) {
		t.Errorf("engagement rates tiktok %.3f instagram %.3f x %.3f facebook %.3f: want that order",
			rate("tiktok"), rate("instagram"), rate("x"), rate("facebook"))
	}
}
