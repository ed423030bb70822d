// Package interval computes the 95% intervals the workbench shows beside
// its rates: the NPS margin of error from the variance of the +1/0/−1
// score, Wilson intervals for proportions, and whether a group differs from
// the rest (SPEC §6 "Intervals").
package interval

import "math"

// Z95 is the normal quantile of a two-sided 95% interval.
const Z95 = 1.959963984540054

// NPS is the net promoter score (−100…100) of promoters, passives and
// detractors and its 95% margin of error:
// moe = 100·1.96·√((p + d − (p − d)²)/n) with p, d the promoter and
// detractor shares. ok is false when there are no responses.
func NPS(promoters, passives, detractors int64) (nps, moe float64, ok bool) {
	n := float64(promoters + passives + detractors)
	if n <= 0 {
		return 0, 0, false
	}
	p, d := float64(promoters)/n, float64(detractors)/n
	v := p + d - (p-d)*(p-d)
	if v < 0 {
		v = 0
	}
	return 100 * (p - d), 100 * 1.96 * math.Sqrt(v/n), true
}

// Wilson is the Wilson score 95% interval of k successes out of n, as
// fractions in [0, 1]. ok is false when n is 0.
func Wilson(k, n int64) (lo, hi float64, ok bool) {
	if n <= 0 {
		return 0, 0, false
	}
	const z = 1.96
	nn, p := float64(n), float64(k)/float64(n)
	den := 1 + z*z/nn
	mid := (p + z*z/(2*nn)) / den
	half := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / den
	return math.Max(0, mid-half), math.Min(1, mid+half), true
}

// Counts are one group's promoters, passives and detractors.
type Counts struct{ Promoters, Passives, Detractors int64 }

// Add is the sum of two groups' counts.
func (c Counts) Add(o Counts) Counts {
	return Counts{c.Promoters + o.Promoters, c.Passives + o.Passives, c.Detractors + o.Detractors}
}

// Sub is c without o.
func (c Counts) Sub(o Counts) Counts {
	return Counts{c.Promoters - o.Promoters, c.Passives - o.Passives, c.Detractors - o.Detractors}
}

// NPS is NPS of the counts (see the function NPS).
func (c Counts) NPS() (nps, moe float64, ok bool) { return NPS(c.Promoters, c.Passives, c.Detractors) }

// MinN is the smallest group whose interval is trusted (below it the
// normal approximation fails: one promoter gives 100 ±0).
const MinN = 30

// Apart tells whether group stands apart from the rest of all: +1 when the
// group has at least MinN responses and its NPS interval lies wholly above
// the NPS of every other response, −1 when wholly below, 0 otherwise (or
// when the rest is empty).
func Apart(group, all Counts) int {
	if group.Promoters+group.Passives+group.Detractors < MinN {
		return 0
	}
	g, m, ok := group.NPS()
	r, _, okr := all.Sub(group).NPS()
	if !ok || !okr {
		return 0
	}
	switch {
	case g-m > r:
		return 1
	case g+m < r:
		return -1
	}
	return 0
}

// Diff is NPS(a) − NPS(b) of two independent groups and its 95% margin,
// 1.96·√(Var_a/n_a + Var_b/n_b) with Var = 100²·(p + d − (p − d)²) the
// variance of one answer's +100/0/−100 (SPEC §6); ok is false when a
// side has no answers.
func Diff(a, b Counts) (diff, moe float64, ok bool) {
	va, na, oka := variance(a)
	vb, nb, okb := variance(b)
	if !oka || !okb {
		return 0, 0, false
	}
	x, _, _ := a.NPS()
	y, _, _ := b.NPS()
	return x - y, 1.96 * math.Sqrt(va/na+vb/nb), true
}

func variance(c Counts) (v, n float64, ok bool) {
	n = float64(c.Promoters + c.Passives + c.Detractors)
	if n == 0 {
		return 0, 0, false
	}
	p, d := float64(c.Promoters)/n, float64(c.Detractors)/n
	return 100 * 100 * (p + d - (p-d)*(p-d)), n, true
}

// Props compares two proportions, ka of na against kb of nb (two
// independent groups): the difference p_a − p_b in points, its 95% margin
// 100·1.96·√(p_a(1−p_a)/n_a + p_b(1−p_b)/n_b), and the statistic of the
// two-proportion z-test, z = (p_a − p_b)/√(p(1−p)(1/n_a + 1/n_b)) with p =
// (k_a + k_b)/(n_a + n_b) the pooled proportion; the difference is
// significant at 95% when |z| > 1.96 (SignificantZ). The pooled test stays
// honest when one side is 0% or 100% (where the margin's own standard error
// shrinks). ok is false when a side is empty; z is 0 when both sides are
// 0% or both 100%.
func Props(ka, na, kb, nb int64) (diff, moe, z float64, ok bool) {
	if na <= 0 || nb <= 0 {
		return 0, 0, 0, false
	}
	pa, pb := float64(ka)/float64(na), float64(kb)/float64(nb)
	p := float64(ka+kb) / float64(na+nb)
	if se := math.Sqrt(p * (1 - p) * (1/float64(na) + 1/float64(nb))); se > 0 {
		z = (pa - pb) / se
	}
	return 100 * (pa - pb), 100 * 1.96 * math.Sqrt(pa*(1-pa)/float64(na)+pb*(1-pb)/float64(nb)), z, true
}

// SignificantZ tells whether a two-proportion z is beyond ±1.96.
func SignificantZ(z float64) bool { return math.Abs(z) > 1.96 }

// Significant tells whether a difference with 95% margin moe leaves out 0.
func Significant(diff, moe float64) bool { return math.Abs(diff) > moe }
