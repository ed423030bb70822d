package topics

import (
	"regexp"
	"testing"
)

// TestPatternFindsTheMentioners: the SQL pattern of a topic matches the
// comments the analysis counted as its mentioners, and no other.
func TestPatternFindsTheMentioners(t *testing.T) {
	comments := []string{
		"Delivery was late again", "late delivery", "the deliveries were late", "delivery late, twice",
		"delivery fine", "配送が遅いです", "配達が遅い", "app crashed", "The App is slow", "nothing",
		"配送が遅すぎる", "配送は早い",
	}
	resps := make([]Response, len(comments))
	for i, c := range comments {
		resps[i] = Response{Group: "all", Score: 5, Comment: c}
	}
	check := func(o Options, topic string, want []int) {
		t.Helper()
		var row *Row
		for _, r := range Analyze(resps, o) {
			if r.Topic == topic {
				r := r
				row = &r
			}
		}
		if row == nil {
			t.Fatalf("no topic %q in %+v", topic, Analyze(resps, o))
		}
		if len(row.Mentioners) != len(want) {
			t.Errorf("%s: mentioners %v, want %v", topic, row.Mentioners, want)
		}
		re := regexp.MustCompile(Pattern(topic, o.Named, o.Synonyms))
		in := map[int]bool{}
		for _, i := range row.Mentioners {
			in[i] = true
		}
		for i, c := range comments {
			if re.MatchString(c) != in[i] {
				t.Errorf("%s (%s): %q matches %v, mentioned %v", topic, re, c, re.MatchString(c), in[i])
			}
		}
	}
	// Key phrases: "delivery late" is 0 and 3 (not "late delivery", nor
	// "deliveries", whose singular is "deliverie" to the analysis).
	kp := Options{MinMentions: 2}
	check(kp, "delivery late", []int{0, 3})
	// 配送が遅い in any form of the adjective: 5 and 10 (配達 is another word).
	check(kp, "配送が遅い", []int{5, 10})
	// Named: app (7, 8).
	check(Options{MinMentions: 1, Named: map[string][]string{"app": {"app"}}}, "app", []int{7, 8})
}
