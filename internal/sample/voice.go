package sample

import (
	"math"
	"slices"
)

// Touchpoints of survey responses.
const (
	tPurchase = iota
	tDelivery
	tSupport
	tApp
)

var touchpoints = []string{"purchase", "delivery", "support", "app"}

type response struct {
	at      int64
	csat    bool
	score   int
	touch   int
	comment string
}

type review struct {
	at      int64
	rating  int
	product string
	text    string
}

// voice draws the customer's survey responses and reviews, which follow
// their behaviour: satisfaction is a trait, lowered for 九州's deliveries and
// for customers about to churn.
func (g *gen) voice() {
	r, c, cal := g.r, &g.c, &g.cal
	c.responses, c.reviews = c.responses[:0], c.reviews[:0]
	for _, o := range c.orders {
		if r.Float64() < 0.2 {
			touch, at := tPurchase, o.at+int64((1+r.Float64()*71)*3600)
			if o.ch != cStore && r.Float64() < 0.55 {
				touch, at = tDelivery, o.at+int64((1+r.Float64()*9)*dayS)
			}
			csat := r.Float64() < 0.4
			if touch == tDelivery {
				csat = r.Float64() < 0.65
			}
			g.respond(at, touch, csat)
		}
		pReview := 0.06
		if c.seg == segLoyal {
			pReview = 0.09
		}
		if r.Float64() < pReview {
			g.review(o.at+int64((3+r.Float64()*18)*dayS), o.cat)
		}
	}
	for _, e := range c.eps {
		end := e.end
		if end == 0 {
			end = cal.end
		}
		pSupport := 0.12
		if c.region == rKyushu {
			pSupport += 0.12 // "where is my parcel?"
		}
		if r.Float64() < pSupport {
			g.respond(e.start+int64(r.Float64()*float64(end-e.start)), tSupport, true)
		}
		if c.evCh == cApp {
			for k := int64(0); k <= (end-e.start)/(180*dayS); k++ {
				if r.Float64() < 0.3 {
					g.respond(e.start+int64(r.Float64()*float64(end-e.start)), tApp, false)
				}
			}
		}
	}
	slices.SortStableFunc(c.responses, func(a, b response) int { return cmp64(a.at, b.at) })
	for _, x := range c.responses {
		g.resp.start()
		g.resp.raw(c.id)
		g.resp.ts(x.at)
		if x.csat {
			g.resp.str("csat")
		} else {
			g.resp.str("nps")
		}
		g.resp.int(int64(x.score))
		g.resp.str(touchpoints[x.touch])
		g.resp.str(x.comment)
		g.resp.end()
	}
	slices.SortStableFunc(c.reviews, func(a, b review) int { return cmp64(a.at, b.at) })
	for _, x := range c.reviews {
		g.rev.start()
		g.rev.raw(c.id)
		g.rev.ts(x.at)
		g.rev.int(int64(x.rating))
		g.rev.str(x.product)
		g.rev.str(x.text)
		g.rev.end()
	}
}

// satisfaction is the customer's mood at t about a touchpoint (-1: review).
func (g *gen) satisfaction(t int64, touch int) float64 {
	c := &g.c
	s := c.mood + 0.35*g.r.NormFloat64()
	if touch == tDelivery {
		switch c.region {
		case rKyushu:
			s -= 0.9
		case rKanto:
			s += 0.2
		}
	}
	if touch == tApp {
		s += 0.15
	}
	if c.churning(t) {
		s -= 1.1
	}
	return s
}

func (g *gen) respond(at int64, touch int, csat bool) {
	if at >= g.cal.end {
		return
	}
	r, c := g.r, &g.c
	s := g.satisfaction(at, touch)
	x := response{at: at, csat: csat, touch: touch}
	var sentiment int // 0 negative, 1 neutral, 2 positive
	var pComment float64
	if csat {
		x.score = clamp(int(math.Round(4.0+0.85*s+0.5*r.NormFloat64())), 1, 5)
		sentiment = []int{0, 0, 0, 1, 2, 2}[x.score]
	} else {
		x.score = clamp(int(math.Round(7.6+1.9*s+r.NormFloat64())), 0, 10)
		sentiment = []int{0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2}[x.score]
	}
	pComment = []float64{0.55, 0.28, 0.40}[sentiment]
	if r.Float64() < pComment {
		topic := touch
		if sentiment == 0 && c.region == rKyushu && touch != tSupport && r.Float64() < 0.6 {
			topic = tDelivery
		}
		x.comment = g.phrase(comments[topic][sentiment])
	}
	c.responses = append(c.responses, x)
}

func (g *gen) review(at int64, cat int) {
	if at >= g.cal.end {
		return
	}
	r, c := g.r, &g.c
	k := r.IntN(len(products[cat]))
	product := products[cat][k]
	s := g.satisfaction(at, -1)
	effect := 0.0
	if cat == 4 && k == 0 {
		effect = -1.3 // ワイヤレスイヤホン K2 breaks
	}
	x := review{at: at, product: product}
	x.rating = clamp(int(math.Round(3.9+1.0*s+effect+0.7*r.NormFloat64())), 1, 5)
	if r.Float64() < 0.88 {
		pool := reviewTexts[x.rating-1]
		switch {
		case effect < 0 && x.rating <= 3 && r.Float64() < 0.65:
			pool = k2Texts
		case c.region == rKyushu && x.rating <= 3 && r.Float64() < 0.35:
			pool = comments[tDelivery][0]
		}
		x.text = g.phrase(pool)
	}
	c.reviews = append(c.reviews, x)
}

// phrase picks a Japanese phrase, or an English one three times in ten; a
// pool's lead complaints leadShare of the time. The lead draw is g.tr's, so
// g.r is drawn from as much whatever the pool.
func (g *gen) phrase(p phrases) string {
	pool := p.ja
	if g.r.Float64() < 0.3 {
		pool = p.en
	}
	i := g.r.IntN(len(pool))
	if p.lead > 0 && g.tr.Float64() < leadShare {
		i = g.tr.IntN(p.lead)
	}
	return pool[i]
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }
