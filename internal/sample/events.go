package sample

import (
	"math"
	"math/rand/v2"
	"slices"
)

type event struct {
	at      int64
	name    string
	session int
}

// events writes the customer's journey: an awareness visit around sign-up,
// consideration before buying, a purchase event for online orders, usage
// sessions while active and loyalty acts (reviews, referrals). Each stage
// loses customers, so the funnel narrows.
func (g *gen) events() {
	r, c, cal := g.r, &g.c, &g.cal
	c.events, c.sessions = c.events[:0], 0
	buyer := len(c.orders) > 0

	// Some looked around days before; awareness, maybe consideration, in
	// the visit where they signed up.
	if r.Float64() < 0.3 {
		g.event(c.signup-secs(r, dayS, 14*dayS), "page_view", g.session())
	}
	t := max(c.signup-secs(r, 120, 1800), cal.start)
	s := g.session()
	pAd := 0.45
	if c.campaign {
		pAd = 0.9
	}
	if r.Float64() < pAd {
		g.event(t, "ad_click", s)
		t += secs(r, 5, 60)
	}
	g.event(t, "page_view", s)
	pView, pCart := 0.45, 0.35
	if buyer {
		pView, pCart = 0.8, 0.6
	}
	if r.Float64() < pView {
		t += secs(r, 30, 300)
		g.event(t, "product_view", s)
		if r.Float64() < pCart {
			t += secs(r, 30, 400)
			g.event(t, "add_to_cart", s)
		}
	}
	visit, visitEnd := s, t
	if !buyer && r.Float64() < 0.35 {
		t := c.signup + secs(r, dayS, 30*dayS)
		s := g.session()
		g.event(t, "page_view", s)
		if r.Float64() < 0.6 {
			g.event(t+secs(r, 20, 300), "product_view", s)
		}
	}
	if !buyer && c.evCh == cApp && r.Float64() < 0.2 {
		g.event(c.signup+secs(r, 3600, 20*dayS), "login", g.session())
	}

	// Online orders leave a purchase event; the first one a whole visit.
	for i, o := range c.orders {
		if o.ch == cStore {
			continue
		}
		switch {
		case i == 0 && o.at < c.signup+3*3600:
			// Bought in the visit that led to sign-up (orders come at
			// least 15 minutes after it, after the visit's last event).
			pv := max(o.at-secs(r, 120, 1200), visitEnd+20)
			g.event(pv, "product_view", visit)
			g.event(max(o.at-secs(r, 30, 110), pv+10), "add_to_cart", visit)
			g.event(o.at, "purchase", visit)
		case i == 0:
			s := g.session()
			g.event(o.at-secs(r, 120, 1200), "product_view", s)
			g.event(o.at-secs(r, 30, 110), "add_to_cart", s)
			g.event(o.at, "purchase", s)
		case r.Float64() < 0.25:
			s := g.session()
			if r.Float64() < 0.5 {
				g.event(o.at-secs(r, 60, 900), "product_view", s)
			}
			g.event(o.at, "purchase", s)
		}
	}

	// Usage while active after the first order.
	if buyer {
		rate, pFeature := 0.18, 0.3
		switch {
		case c.ch == cStore:
			rate = 0.1
		case c.evCh == cApp:
			rate, pFeature = 0.45, 0.6
		}
		for _, e := range c.eps {
			from, to := max(e.start, c.firstOrder), e.end
			if to == 0 {
				to = cal.end
			}
			if to <= from {
				continue
			}
			n := min(poisson(r, float64(to-from)/dayS/monthD*rate), 8)
			for k := 0; k < n; k++ {
				t := from + int64(r.Float64()*float64(to-from))
				s := g.session()
				g.event(t, "login", s)
				if r.Float64() < pFeature {
					t += secs(r, 30, 600)
					g.event(t, "feature_used", s)
					if r.Float64() < 0.2 {
						g.event(t+secs(r, 30, 600), "feature_used", s)
					}
				}
			}
		}
	}

	// Loyalty: every review is posted online; promoters refer friends.
	for _, x := range c.reviews {
		g.event(x.at, "review_posted", g.session())
	}
	for _, x := range c.responses {
		if !x.csat && x.score >= 9 && r.Float64() < 0.3 {
			g.event(x.at+secs(r, 600, 10*dayS), "referral", g.session())
		}
	}

	slices.SortStableFunc(c.events, func(a, b event) int { return cmp64(a.at, b.at) })
	// Number sessions in the order they start.
	c.renum = slices.Grow(c.renum[:0], c.sessions+1)[:c.sessions+1]
	clear(c.renum)
	next := 0
	var sid []byte
	for _, e := range c.events {
		if e.at >= cal.end {
			continue
		}
		if c.renum[e.session] == 0 {
			next++
			c.renum[e.session] = next
		}
		sid = append(sid[:0], 'S')
		sid = append(sid, c.id[1:]...)
		sid = append(sid, '-')
		sid = appendPad(sid, int64(c.renum[e.session]), 2)
		g.ev.start()
		g.ev.raw(c.id)
		g.ev.ts(e.at)
		g.ev.str(e.name)
		g.ev.str(channels[c.evCh])
		g.ev.raw(sid)
		g.ev.end()
	}
}

func (g *gen) session() int {
	g.c.sessions++
	return g.c.sessions
}

func (g *gen) event(at int64, name string, session int) {
	g.c.events = append(g.c.events, event{max(at, g.cal.start), name, session})
}

// secs is a uniform duration in [lo, hi) seconds.
func secs(r *rand.Rand, lo, hi int64) int64 { return lo + r.Int64N(hi-lo) }

// poisson draws from a Poisson distribution (Knuth; small means only).
func poisson(r *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
