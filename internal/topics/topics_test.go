package topics

import (
	"math"
	"sort"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// The worked example of issue 12: n = 1000, 250 promoters, 75 detractors
// give a standard error of 1.72 points (√(0.294375/1000)·100).
func TestNPSStdErr(t *testing.T) {
	if got := NPSStdErr(250, 75, 1000); math.Round(got*100)/100 != 1.72 || !near(got, 100*math.Sqrt(0.294375/1000)) {
		t.Errorf("NPSStdErr = %v, want 1.7157…", got)
	}
	// Two such groups: 1.96·√(2·0.294375·100²/1000).
	if got := DiffMOE95(250, 75, 1000, 250, 75, 1000); !near(got, 1.96*math.Sqrt(2*2943.75/1000)) {
		t.Errorf("DiffMOE95 = %v", got)
	}
}

// TestImpactByHand: ten answers, four mention delivery (named topic, in
// Japanese or English). Worked by hand: all P 4 · Pa 2 · D 4 → NPS 0;
// mentioners P 1 · D 3 of 4 → NPS −50; the rest P 3 · Pa 2 · D 1 of 6 →
// NPS 33.33…; impact = 0 − 33.33… = −33.33…; its margin is
// 0.4·1.96·√(7500/4 + 5555.5…/6).
func TestImpactByHand(t *testing.T) {
	resps := []Response{
		{"all", 2, "配送が遅い"}, {"all", 5, "配送が遅い！"}, {"all", 6, "Delivery was late"}, {"all", 10, "配送が早い"},
		{"all", 9, "great app"}, {"all", 10, "great app"}, {"all", 7, "ok"}, {"all", 8, ""}, {"all", 9, ""}, {"all", 3, ""},
	}
	rows := Analyze(resps, Options{Named: map[string][]string{"delivery": {"配送", "delivery"}}, MinMentions: 1})
	if len(rows) != 1 {
		t.Fatalf("rows %+v", rows)
	}
	r := rows[0]
	if r.Topic != "delivery" || r.Mentions != 4 || r.Promoters != 1 || r.Passives != 0 || r.Detractors != 3 {
		t.Errorf("counts %+v", r)
	}
	if !near(r.NPSMentioners, -50) || !near(r.Impact, -100.0/3) {
		t.Errorf("nps_mentioners %v impact %v, want -50 and -33.33…", r.NPSMentioners, r.Impact)
	}
	if want := 0.4 * 1.96 * math.Sqrt(7500.0/4+(10000*(0.5+1.0/6-1.0/9))/6); !near(r.ImpactMOE95, want) {
		t.Errorf("impact_moe95 %v, want %v", r.ImpactMOE95, want)
	}
}

// TestKeyPhrases: without named topics, the phrases of Japanese and
// English comments become topics; a phrase and the longer one of the same
// comments are one topic; per group the counts are the group's.
func TestKeyPhrases(t *testing.T) {
	var resps []Response
	add := func(g string, n, score int, c string) {
		for i := 0; i < n; i++ {
			resps = append(resps, Response{g, score, c})
		}
	}
	add("九州", 6, 2, "配送が遅い")
	add("九州", 5, 4, "shipping fee too high")
	add("関東", 6, 10, "アプリが使いやすい")
	add("関東", 8, 8, "")
	rows := Analyze(resps, Options{MinMentions: 5})
	got := map[string]Row{}
	for _, r := range rows {
		got[r.Group+"/"+r.Topic] = r
	}
	for _, k := range []string{"九州/配送が遅い", "九州/shipping fee", "関東/アプリ"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no topic %s in %v", k, keys(got))
		}
	}
	if r := got["九州/配送が遅い"]; r.Mentions != 6 || r.Detractors != 6 || !near(r.NPSMentioners, -100) {
		t.Errorf("配送が遅い: %+v", r)
	}
	// 九州: all 11 are detractors; without the 6 mentioners 5 detractors
	// remain: NPS −100 both ways, impact 0.
	if r := got["九州/配送が遅い"]; !near(r.Impact, 0) {
		t.Errorf("impact %v", r.Impact)
	}
	// 関東: 6 promoters of 14, mentioners all promoters; the rest 8 passives:
	// NPS(all) = 600/14, NPS(rest) = 0 → impact 42.857…
	if r := got["関東/アプリ"]; !near(r.Impact, 600.0/14) {
		t.Errorf("関東/アプリ impact %v", r.Impact)
	}
}

// TestSynonymsMergeTopics: 配送 and 配達 are separate words unless the
// synonym list joins them.
func TestSynonymsMergeTopics(t *testing.T) {
	var resps []Response
	for i := 0; i < 3; i++ {
		resps = append(resps, Response{"all", 1, "配送が遅い"}, Response{"all", 2, "配達が遅い"}, Response{"all", 10, "安い"})
	}
	without := Analyze(resps, Options{MinMentions: 5})
	for _, r := range without {
		if r.Topic == "配送" || r.Topic == "配達" {
			t.Errorf("without synonyms %s has %d mentions (want < 5, no topic)", r.Topic, r.Mentions)
		}
	}
	with := Analyze(resps, Options{MinMentions: 5, Synonyms: map[string][]string{"配送": {"配達"}}})
	found := false
	for _, r := range with {
		if r.Topic == "配送" {
			found = r.Mentions == 6 && r.Detractors == 6
		}
	}
	if !found {
		t.Errorf("with 配送 = [配達]: %+v", with)
	}
}

// TestNormalizeAndEnglish: width and case fold; plural s and stop words.
func TestNormalizeAndEnglish(t *testing.T) {
	if got := Normalize("ＡＰＰ　ｉｓ　ｓｌｏｗ ｱﾌﾟﾘ"); got != "app is slow アプリ" {
		t.Errorf("Normalize = %q", got)
	}
	got := strings.Join(english("too many notifications, item was out of stock"), "|")
	if got != "many|notification|many notification|item|notification item|stock|item stock" {
		t.Errorf("english = %q", got)
	}
}

func keys(m map[string]Row) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
