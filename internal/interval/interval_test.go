package interval

import (
	"math"
	"testing"
)

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

// The sample's NPS of everyone: 788 promoters, 649 passives, 608 detractors
// (kizuna report nps prints 8.8 ±3.6).
func TestNPS(t *testing.T) {
	nps, moe, ok := NPS(788, 649, 608)
	// p = 788/2045, d = 608/2045; worked out by hand:
	// NPS = 100·180/2045 = 8.8020; var = (1396/2045) − (180/2045)² = 0.68264 − 0.00775 = 0.67489
	// moe = 196·√(0.67489/2045) = 196·0.018166 = 3.5606
	if !ok || !near(nps, 8.8020, 1e-3) || !near(moe, 3.5606, 1e-3) {
		t.Errorf("NPS = %v ±%v %v, want 8.802 ±3.561", nps, moe, ok)
	}
	if nps, moe, ok := NPS(10, 0, 0); !ok || nps != 100 || moe != 0 {
		t.Errorf("all promoters: %v ±%v", nps, moe)
	}
	if _, _, ok := NPS(0, 0, 0); ok {
		t.Error("no responses gave an NPS")
	}
}

func TestWilson(t *testing.T) {
	// 8 of 10: the Wilson interval is 0.4902 … 0.9433 (standard tables).
	lo, hi, ok := Wilson(8, 10)
	if !ok || !near(lo, 0.4902, 1e-4) || !near(hi, 0.9433, 1e-4) {
		t.Errorf("Wilson(8,10) = %v…%v", lo, hi)
	}
	// 0 of 20: 0 … 0.1611.
	lo, hi, _ = Wilson(0, 20)
	if lo != 0 || !near(hi, 0.1611, 1e-4) {
		t.Errorf("Wilson(0,20) = %v…%v", lo, hi)
	}
	if _, _, ok := Wilson(0, 0); ok {
		t.Error("n = 0 gave an interval")
	}
}

func TestApart(t *testing.T) {
	all := Counts{788, 649, 608}
	// 九州 on the sample: −23.8 ±10.6 against the others' 13.6: below.
	if got := Apart(Counts{45, 70, 95}, all); got != -1 {
		t.Errorf("九州 = %d, want -1", got)
	}
	// 関東: 17.3 ±6.1 against the others' 4.5: above.
	if got := Apart(Counts{299, 208, 180}, all); got != 1 {
		t.Errorf("関東 = %d, want 1", got)
	}
	// 北海道: 0.0 ±18.7 covers the others' 9.1.
	if got := Apart(Counts{25, 24, 25}, all); got != 0 {
		t.Errorf("北海道 = %d, want 0", got)
	}
	// One promoter: 100 ±0, but too few to mark.
	if got := Apart(Counts{1, 0, 0}, all); got != 0 {
		t.Errorf("one response = %d, want 0", got)
	}
	if got := Apart(all, all); got != 0 {
		t.Errorf("everyone against nobody = %d, want 0", got)
	}
}

// TestDiff: NPS differences. Two groups of the worked example
// (n = 1000, 250 promoters, 75 detractors: standard error 1.7157 points
// each) differ by 0 ± 1.96·√2·1.7157; a group of 400 P · 100 Pa · 500 D
// (NPS −10) against it: 17.5 − (−10) = 27.5.
func TestDiff(t *testing.T) {
	ex := Counts{250, 675, 75}
	d, m, ok := Diff(ex, ex)
	if !ok || d != 0 || math.Abs(m-1.96*math.Sqrt(2)*100*math.Sqrt(0.294375/1000)) > 1e-9 {
		t.Errorf("Diff(ex, ex) = %v ± %v", d, m)
	}
	b := Counts{400, 100, 500}
	d, m, _ = Diff(ex, b)
	// b: p .4, d .5 → .9 − .01 = .89 → Var 8900.
	if math.Abs(d-27.5) > 1e-9 || math.Abs(m-1.96*math.Sqrt(2943.75/1000+8900.0/1000)) > 1e-9 {
		t.Errorf("Diff(ex, b) = %v ± %v", d, m)
	}
	if _, _, ok := Diff(ex, Counts{}); ok {
		t.Error("an empty side has no difference")
	}
}

// TestProps: the two-proportion test on small counts, worked by hand.
//
//	45 of 100 vs 20 of 100: difference 25 points;
//	margin 196·√(.45·.55/100 + .20·.80/100) = 196·√.004075 = 12.512;
//	pooled p = 65/200 = .325, se = √(.325·.675·(1/100 + 1/100)) = √.0043875 = .066238;
//	z = .25/.066238 = 3.774 → significant.
//	3 of 10 vs 2 of 10: difference 10; margin 196·√(.021 + .016) = 37.70;
//	pooled p = .25, se = √(.25·.75·.2) = .193649, z = 0.516 → not significant.
//	0 of 5 vs 3 of 5: difference −60; margin 196·√(0 + .24/5) = 42.94;
//	pooled p = .3, se = √(.3·.7·.4) = .289828, z = −2.070 → significant.
func TestProps(t *testing.T) {
	d, m, z, ok := Props(45, 100, 20, 100)
	if !ok || !near(d, 25, 1e-9) || !near(m, 12.512, 1e-3) || !near(z, 3.774, 1e-3) || !SignificantZ(z) {
		t.Errorf("45/100 vs 20/100: %v ±%v z %v", d, m, z)
	}
	d, m, z, ok = Props(3, 10, 2, 10)
	if !ok || !near(d, 10, 1e-9) || !near(m, 37.70, 1e-2) || !near(z, 0.516, 1e-3) || SignificantZ(z) {
		t.Errorf("3/10 vs 2/10: %v ±%v z %v", d, m, z)
	}
	d, m, z, _ = Props(0, 5, 3, 5)
	if !near(d, -60, 1e-9) || !near(m, 42.94, 1e-2) || !near(z, -2.070, 1e-3) || !SignificantZ(z) {
		t.Errorf("0/5 vs 3/5: %v ±%v z %v", d, m, z)
	}
	if _, _, z, ok := Props(0, 5, 0, 7); !ok || z != 0 {
		t.Errorf("0%% vs 0%%: z %v", z)
	}
	if _, _, _, ok := Props(1, 0, 1, 2); ok {
		t.Error("an empty side gave a difference")
	}
}
