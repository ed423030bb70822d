package topics

import (
	"math"
	"testing"
)

// TestShiftsByHand: named topics over two small groups of comments.
//
//	a: 4 comments (one empty, not counted): delivery 2 (50%), app 1 (25%)
//	b: 5 comments: delivery 1 (20%), app 2 (40%)
//	delivery: +30 points, moe = 196·√(.5·.5/4 + .2·.8/5) = 196·√.0945 = 60.25
//	app: −15 points, moe = 196·√(.25·.75/4 + .4·.6/5) = 196·√.094875 = 60.37
//
// delivery moved most, so it comes first; neither is significant.
func TestShiftsByHand(t *testing.T) {
	a := []string{"Delivery was late", "late ＤＥＬＩＶＥＲＹ again", "great app", "ok", ""}
	b := []string{"app is slow", "the app crashed", "delivery fine", "nice", "fine"}
	got := Shifts(a, b, Options{Named: map[string][]string{"delivery": {"delivery"}, "app": {"app"}}, MinMentions: 1})
	if len(got) != 2 {
		t.Fatalf("shifts = %+v", got)
	}
	d, ap := got[0], got[1]
	if d.Topic != "delivery" || d.MentionsA != 2 || d.NA != 4 || d.MentionsB != 1 || d.NB != 5 ||
		!near(d.ShareA, 50) || !near(d.ShareB, 20) || !near(d.Diff, 30) || math.Abs(d.MOE95-60.25) > 0.01 || d.Significant() {
		t.Errorf("delivery = %+v", d)
	}
	if ap.Topic != "app" || ap.MentionsA != 1 || ap.MentionsB != 2 || !near(ap.Diff, -15) || math.Abs(ap.MOE95-60.37) > 0.01 {
		t.Errorf("app = %+v", ap)
	}
	if Shifts(a, nil, Options{}) != nil {
		t.Error("a side without comments gave shifts")
	}
}
