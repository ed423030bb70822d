package sample

import (
	"math"
	"math/rand/v2"
	"slices"
)

const (
	dayS   = 86400
	monthD = 30.44 // days in an average month
)

// Purchase segments: one-time buyers, regulars and a loyal core.
const (
	segNone = iota // never orders
	segOnce
	segRegular
	segLoyal
)

// gen carries the output files and the scratch state of the customer being
// generated; the slices are reused so memory does not grow with customers.
type gen struct {
	o   Options
	cal calendar
	pcg *rand.PCG
	r   *rand.Rand
	// tpcg and tr choose among a pool's lead complaints (phrase): a stream
	// of their own, so the numbers of the data do not depend on the texts.
	tpcg  *rand.PCG
	tr    *rand.Rand
	width int // digits of customer ids

	cust, ord, sub, resp, ev, rev, post *sink

	orderSeq int
	c        customer
}

// customer is one customer's traits and generated history.
type customer struct {
	num                                 int
	id, idBuf                           []byte
	signup                              int64
	region, pref, plan, ch, age, gender int
	evCh                                int // web or app: where they browse
	campaign                            bool
	seg                                 int
	lam                                 float64 // orders per month when new
	mood                                float64 // latent satisfaction
	hazard                              float64 // monthly churn hazard
	eps                                 []episode
	orders                              []order
	events                              []event
	responses                           []response
	reviews                             []review
	sessions                            int
	renum                               []int // session → number in time order
	firstOrder                          int64 // 0 when none
}

// episode is a stretch of activity: a subscription, or a run of orders.
type episode struct {
	start, end int64 // end == 0: still active at the end of the range
	plan       int
}

type order struct {
	at      int64
	ch, cat int
}

func (g *gen) customer(num int) {
	g.pcg.Seed(uint64(g.o.Seed), uint64(num))
	g.tpcg.Seed(uint64(g.o.Seed), uint64(num)|1<<61)
	r, cal := g.r, &g.cal
	c := &g.c
	c.num = num
	c.id = appendID(c.idBuf[:0], 'C', num, g.width)
	c.idBuf = c.id

	// Sign-up: stratified over the sign-up distribution so ids follow time.
	u := (float64(num-1) + r.Float64()) / float64(g.o.Customers)
	d := cal.signupDay(u)
	c.campaign = cal.campaign[d] && r.Float64() < (campaignBoost-1)/campaignBoost

	p := pick(r, prefWeights)
	c.pref, c.region = p, prefectures[p].region
	if c.campaign {
		c.plan = pick(r, wPlanCampaign)
		c.age = pick(r, wAgeCampaign)
		c.ch = pick(r, wChannelCampaign)
	} else {
		c.plan = pick(r, wPlan)
		c.age = pick(r, wAge)
		c.ch = pick(r, wChannelByAge[c.age])
	}
	c.gender = pick(r, wGender)
	c.evCh = c.ch
	if c.ch == cStore {
		c.evCh = cWeb
		if r.Float64() < 0.3 {
			c.evCh = cApp
		}
	}
	c.signup = cal.start + int64(d)*dayS + hourOf(r, c.ch)

	g.cust.start()
	g.cust.raw(c.id)
	g.cust.ts(c.signup)
	g.cust.str(regions[c.region])
	g.cust.str(prefectures[c.pref].name)
	g.cust.str(plans[c.plan])
	g.cust.str(channels[c.ch])
	g.cust.str(ageBands[c.age])
	g.cust.str(genders[c.gender])
	g.cust.end()

	g.traits()
	g.episodes()
	g.orders()
	g.subscriptions()
	g.voice()
	g.events()
}

// traits draws the behaviour behind the customer: segment, purchase rate,
// churn hazard and latent satisfaction.
func (g *gen) traits() {
	r, c := g.r, &g.c
	noBuy := planNoBuy[c.plan]
	if c.campaign {
		noBuy += 0.15
	}
	switch x := r.Float64(); {
	case x < noBuy:
		c.seg = segNone
	case x < noBuy+(1-noBuy)*onceShare(c.plan, c.campaign):
		c.seg = segOnce
	case x < noBuy+(1-noBuy)*(1-loyalShare(c.plan)):
		c.seg = segRegular
	default:
		c.seg = segLoyal
	}
	switch c.seg {
	case segRegular:
		c.lam = 0.85 * math.Exp(0.5*r.NormFloat64())
	case segLoyal:
		c.lam = 2.4 * math.Exp(0.4*r.NormFloat64())
	default:
		c.lam = 0
	}
	if c.campaign {
		c.lam *= 0.7
	}
	c.hazard = planChurn[c.plan] * regionChurn[c.region]
	if c.campaign {
		c.hazard *= 2.5
	}
	if c.ch == cApp {
		c.hazard *= 0.85
	}
	if c.seg == segLoyal {
		c.hazard *= 0.45
	}
	c.mood = 0.9*r.NormFloat64() + planMood[c.plan] + regionMood[c.region]
	if c.seg == segLoyal {
		c.mood += 0.35
	}
	if c.campaign {
		c.mood -= 0.15
	}
}

// onceShare is the share of buyers who order once; campaign sign-ups came
// for the coupon.
func onceShare(plan int, campaign bool) float64 {
	s := []float64{0.48, 0.34, 0.25}[plan]
	if campaign {
		s += 0.35
	}
	return s
}

func loyalShare(plan int) float64 { return []float64{0.10, 0.17, 0.30}[plan] }

// episodes draws when the customer is active: from sign-up until they
// churn, then possibly a win-back and a second or third stretch.
func (g *gen) episodes() {
	r, c, cal := g.r, &g.c, &g.cal
	c.eps = c.eps[:0]
	start, plan := c.signup, c.plan
	for n := 0; n < 3 && start < cal.end; n++ {
		h := c.hazard * (1 + 0.3*float64(n))
		end := start + int64(r.ExpFloat64()/h*monthD*dayS)
		// The standard plan's price rise on 2025-04-01 pushes some of its
		// subscribers out in April and May.
		if plan == pStandard && start < priceRise && end > priceRise && r.Float64() < 0.2 {
			end = priceRise + int64(r.Float64()*50*dayS)
		}
		end = max(end, start+dayS)
		if end >= cal.end {
			c.eps = append(c.eps, episode{start, 0, plan})
			break
		}
		c.eps = append(c.eps, episode{start, end, plan})
		if r.Float64() >= planBack[c.plan] {
			break
		}
		start = end + int64((14+r.ExpFloat64()*75)*dayS)
		if plan == pPremium && r.Float64() < 0.35 {
			plan = pStandard
		}
	}
}

// churning reports whether t falls in the last 75 days of an episode that
// ended (the customer is about to leave).
func (c *customer) churning(t int64) bool {
	for _, e := range c.eps {
		if e.end != 0 && t < e.end && t >= e.end-75*dayS {
			return true
		}
	}
	return false
}

// orders draws the order times in each episode with a decaying,
// seasonal rate (thinning) and writes one row per order line.
func (g *gen) orders() {
	r, c, cal := g.r, &g.c, &g.cal
	c.orders = c.orders[:0]
	c.firstOrder = 0
	if c.seg == segNone {
		return
	}
	for n, e := range c.eps {
		end := e.end
		if end == 0 {
			end = cal.end
		}
		var t int64
		if n == 0 && r.Float64() < 0.55 {
			t = c.signup + int64(900+r.Float64()*(3*3600-901))
		} else if n == 0 {
			t = e.start + int64(r.ExpFloat64()*12*dayS)
		} else {
			t = e.start + int64(r.ExpFloat64()*5*dayS)
		}
		bound := c.lam / monthD * cal.orderMax
		for t < end && len(c.orders) < 400 {
			g.addOrder(t, e.start, end)
			if c.seg == segOnce {
				break
			}
			for {
				t += int64(r.ExpFloat64() / bound * dayS)
				if t >= end {
					break
				}
				age := float64(t-c.signup) / dayS
				rate := c.lam / monthD * (0.45 + 0.55*math.Exp(-age/150)) * cal.orderRate[cal.dayOf(t)]
				if r.Float64()*bound < rate {
					break
				}
			}
		}
	}
	slices.SortStableFunc(c.orders, func(a, b order) int { return cmp64(a.at, b.at) })
	for i := range c.orders {
		g.writeOrder(&c.orders[i])
	}
	if len(c.orders) > 0 {
		c.firstOrder = c.orders[0].at
	}
}

// addOrder records an order near t, at an hour typical of its channel.
func (g *gen) addOrder(t, from, to int64) {
	r, c := g.r, &g.c
	ch := c.ch
	if r.Float64() > 0.75 {
		ch = pick(r, []float64{50, 35, 15})
	}
	if len(c.orders) > 0 {
		at := t - (t-g.cal.start)%dayS + hourOf(r, ch)
		if at >= from && at < to && at > c.signup {
			t = at
		}
	}
	c.orders = append(c.orders, order{at: t, ch: ch})
}

func (g *gen) writeOrder(o *order) {
	r, c, cal := g.r, &g.c, &g.cal
	g.orderSeq++
	var idb [24]byte
	id := appendID(idb[:0], 'O', g.orderSeq, 7)
	lines := 1 + pick(r, []float64{80, 13, 5, 2})
	if c.seg == segLoyal && lines == 1 && r.Float64() < 0.2 {
		lines = 2
	}
	month := int(cal.month[cal.dayOf(o.at)])
	var w [6]float64
	for k := range w {
		w[k] = wCatByAge[c.age][k] * catSeason(k, month)
	}
	ageMult := []float64{0.75, 0.9, 1.0, 1.1, 1.15, 1.1}[c.age]
	if c.plan == pPremium {
		ageMult *= 1.15
	}
	for l := 0; l < lines; l++ {
		cat := pick(r, w[:])
		if l == 0 {
			o.cat = cat
		}
		p := catPrice[cat] * ageMult * math.Exp(catSigma[cat]*r.NormFloat64())
		unit := int64(math.Round(p/100)) * 100
		if unit < 300 {
			unit = 300
		}
		if r.Float64() < 0.5 {
			unit -= 20
		}
		qty := int64(1 + pick(r, []float64{80, 14, 6}))
		if cat == 2 && r.Float64() < 0.3 {
			qty++
		}
		g.ord.start()
		g.ord.raw(id)
		g.ord.raw(c.id)
		g.ord.ts(o.at)
		g.ord.int(unit * qty)
		g.ord.int(qty)
		g.ord.str(categories[cat])
		g.ord.str(channels[o.ch])
		g.ord.end()
	}
}

// subscriptions writes one row per episode of a paying customer.
func (g *gen) subscriptions() {
	c := &g.c
	if c.plan == pFree {
		return
	}
	for _, e := range c.eps {
		g.sub.start()
		g.sub.raw(c.id)
		g.sub.ts(e.start)
		if e.end == 0 {
			g.sub.empty()
		} else {
			g.sub.ts(e.end)
		}
		g.sub.str(plans[e.plan])
		g.sub.int(mrr(e.plan, e.start))
		g.sub.end()
	}
}

func mrr(plan int, start int64) int64 {
	switch {
	case plan == pPremium:
		return 1980
	case start >= priceRise:
		return 1280
	}
	return 980
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pick draws an index with probability proportional to w.
func pick(r *rand.Rand, w []float64) int {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	x := r.Float64() * sum
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

var prefWeights = func() []float64 {
	w := make([]float64, len(prefectures))
	for i, p := range prefectures {
		w[i] = p.pop
	}
	return w
}()

// hourOf is a time of day (seconds) typical of channel ch.
func hourOf(r *rand.Rand, ch int) int64 {
	return int64(pick(r, hourWeights[ch]))*3600 + r.Int64N(3600)
}
