package topics

import (
	"math"
	"sort"

	"github.com/kizuna-dev/kizuna/internal/interval"
)

// Shift is how much one topic's share of the comments moved between two
// groups of comments a and b (two groups of customers, or two periods).
type Shift struct {
	Topic                string
	MentionsA, NA        int     // comments of a mentioning the topic, of NA
	MentionsB, NB        int     //
	ShareA, ShareB, Diff float64 // 100·mentions/n of each side; Diff = ShareA − ShareB
	MOE95                float64 // 100·1.96·√(p_a(1−p_a)/n_a + p_b(1−p_b)/n_b)
	Z                    float64 // the two-proportion z-test (pooled; interval.Props)
}

// Significant tells whether the share moved significantly at 95% (|z| > 1.96).
func (s Shift) Significant() bool { return interval.SignificantZ(s.Z) }

// Shifts finds the topics of the comments of a and b together (named by
// o.Named, else the top key phrases, as Analyze does; o.MinMentions counts
// both sides) and returns each topic's mention share on both sides, most
// moved first (largest |ShareA − ShareB|, then by name). Empty comments
// count in neither n. Nil when a side has no comment.
func Shifts(a, b []string, o Options) []Shift {
	o = o.withDefaults()
	var texts []string
	na, nb := 0, 0
	for _, t := range a {
		if n := Normalize(t); n != "" {
			texts = append(texts, n)
			na++
		}
	}
	for _, t := range b {
		if n := Normalize(t); n != "" {
			texts = append(texts, n)
			nb++
		}
	}
	if na == 0 || nb == 0 {
		return nil
	}
	var out []Shift
	for topic, idx := range o.mentions(texts) {
		if len(idx) < o.MinMentions {
			continue
		}
		s := Shift{Topic: topic, NA: na, NB: nb}
		for _, i := range idx {
			if i < na {
				s.MentionsA++
			} else {
				s.MentionsB++
			}
		}
		pa, pb := float64(s.MentionsA)/float64(na), float64(s.MentionsB)/float64(nb)
		s.ShareA, s.ShareB = 100*pa, 100*pb
		s.Diff, s.MOE95, s.Z, _ = interval.Props(int64(s.MentionsA), int64(na), int64(s.MentionsB), int64(nb))
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := math.Abs(out[i].Diff), math.Abs(out[j].Diff)
		if di != dj {
			return di > dj
		}
		return out[i].Topic < out[j].Topic
	})
	return out
}
