package sample

import "math"

// Number of SNS posts over the range, whatever the number of customers.
const postCount = 300

var platforms = []string{"instagram", "x", "tiktok", "facebook", "line"}

var (
	wPlatform = []float64{30, 24, 16, 16, 14}
	// median impressions per post at the start of the range
	platformReach = []float64{8000, 5000, 18000, 3000, 12000}
	platformSigma = []float64{0.6, 0.7, 1.0, 0.5, 0.3}
	// rate per impression of likes, comments, shares, clicks, saves:
	// TikTok engages most, Facebook least, LINE messages are clicked,
	// Instagram posts are saved, X posts are reposted.
	platformRates = [][5]float64{
		{0.040, 0.003, 0.002, 0.005, 0.010},
		{0.012, 0.0015, 0.005, 0.008, 0.001},
		{0.070, 0.005, 0.008, 0.003, 0.006},
		{0.010, 0.0015, 0.0015, 0.004, 0.0005},
		{0.002, 0, 0.001, 0.035, 0},
	}
)

// posts writes the brand's SNS posts: more of them as the brand grows and
// during the November 2024 campaign, at lunch and in the evening.
func (g *gen) posts() {
	cal := &g.cal
	g.pcg.Seed(uint64(g.o.Seed), 1<<62)
	r := g.r
	cdf := make([]float64, cal.days)
	sum := 0.0
	for d := range cdf {
		w := 1 + 0.6*float64(d)/float64(cal.days)
		if cal.campaign[d] {
			w *= 3
		}
		sum += w
		cdf[d] = sum
	}
	var id []byte
	for i := 0; i < postCount; i++ {
		u := (float64(i) + r.Float64()) / postCount * sum
		d := 0
		for d < cal.days-1 && cdf[d] < u {
			d++
		}
		at := cal.start + int64(d)*dayS + int64(pick(r, postHours))*3600 + r.Int64N(3600)
		p := pick(r, wPlatform)
		growth := 1 + float64(d)/float64(cal.days)
		imp := platformReach[p] * growth * math.Exp(platformSigma[p]*r.NormFloat64())
		q := math.Exp(0.35 * r.NormFloat64())
		if cal.campaign[d] && p == 2 {
			imp *= 2.5
			q *= 1.4
		}
		id = appendID(id[:0], 'P', i+1, 4)
		g.post.start()
		g.post.raw(id)
		g.post.ts(at)
		g.post.str(platforms[p])
		g.post.int(int64(math.Round(imp)))
		for _, rate := range platformRates[p] {
			g.post.int(int64(math.Round(imp * rate * q * math.Exp(0.15*r.NormFloat64()))))
		}
		g.post.end()
	}
}

var postHours = []float64{
	0, 0, 0, 0, 0, 0, 0.2, 1, 1.5, 1, 1, 1.5, 3, 1.5, 0.8, 0.8, 1, 1.5, 3, 3.5, 3.5, 3, 1.5, 0.5,
}
