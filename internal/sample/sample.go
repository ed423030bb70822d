// Package sample writes kizuna's synthetic demo data set: customers of a
// Japanese online shop with orders, subscriptions, survey responses, journey
// events, reviews and SNS posts, as CSV files with canonical column names.
//
// The data is deterministic for a seed (math/rand/v2 PCG streams, no map
// iteration, no wall clock) and is streamed customer by customer, so a
// million customers need no more memory than three thousand.
package sample

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

// Options control the size and time range of the data set.
// Zero values take the defaults.
type Options struct {
	Customers int       // default 3000
	Seed      int64     // default 1 (so 0 means 1)
	Start     time.Time // first sign-up day, default 2024-01-01
	End       time.Time // last day with activity (inclusive), default 2025-12-31
}

// Files are the files Write creates, in the order it creates them.
var Files = []string{
	"customers.csv", "orders.csv", "subscriptions.csv", "responses.csv",
	"events.csv", "reviews.csv", "posts.csv",
}

// Headers are the header lines of Files.
var Headers = map[string]string{
	"customers.csv":     "customer_id,signup_at,region,prefecture,plan,channel,age_band,gender",
	"orders.csv":        "order_id,customer_id,ordered_at,amount,quantity,category,channel",
	"subscriptions.csv": "customer_id,started_at,ended_at,plan,mrr",
	"responses.csv":     "customer_id,responded_at,survey,score,touchpoint,comment",
	"events.csv":        "customer_id,occurred_at,event,channel,session_id",
	"reviews.csv":       "customer_id,reviewed_at,rating,product,text",
	"posts.csv":         "post_id,posted_at,platform,impressions,likes,comments,shares,clicks,saves",
}

// WithDefaults returns o with its zero fields set to the defaults.
func (o Options) WithDefaults() Options {
	if o.Customers == 0 {
		o.Customers = 3000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.End.IsZero() {
		o.End = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return o
}

// Write generates the data set into dir (created if missing), one CSV file
// per role, UTF-8 with a header line.
func Write(dir string, o Options) error {
	o = o.WithDefaults()
	if o.Customers < 0 {
		return fmt.Errorf("sample: customers must be positive, got %d", o.Customers)
	}
	cal, err := newCalendar(o.Start, o.End)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sinks := make([]*sink, len(Files))
	for i, name := range Files {
		if sinks[i], err = create(dir, name, Headers[name]); err != nil {
			for _, s := range sinks[:i] {
				s.close()
			}
			return err
		}
	}
	pcg, tpcg := rand.NewPCG(0, 0), rand.NewPCG(0, 0)
	g := &gen{
		o: o, cal: cal, pcg: pcg, r: rand.New(pcg), tpcg: tpcg, tr: rand.New(tpcg),
		cust: sinks[0], ord: sinks[1], sub: sinks[2], resp: sinks[3],
		ev: sinks[4], rev: sinks[5], post: sinks[6],
		width: max(6, len(fmt.Sprint(o.Customers))),
	}
	for i := 1; i <= o.Customers; i++ {
		g.customer(i)
	}
	g.posts()
	var errs []error
	for _, s := range sinks {
		errs = append(errs, s.close())
	}
	return errors.Join(errs...)
}

// calendar holds the per-day tables of the time range.
type calendar struct {
	start, end int64 // seconds; end is exclusive (midnight after End)
	days       int
	month      []int8    // 1..12 per day
	year       []int16   // per day
	weekday    []int8    // 0 = Sunday
	signupCDF  []float64 // cumulative sign-up weight, normalised to 1
	campaign   []bool    // days of the November 2024 app campaign
	orderRate  []float64 // order seasonality × weekday
	orderMax   float64
}

// Dated stories, in wall-clock seconds.
var (
	campaignFrom = day(2024, 11, 8)
	campaignTo   = day(2024, 12, 1) // exclusive
	priceRise    = day(2025, 4, 1)  // standard plan 980 → 1,280 JPY
)

const campaignBoost = 2.6 // sign-ups during the campaign, relative to normal

func day(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
}

func wall(t time.Time) int64 {
	y, m, d := t.Date()
	return day(y, m, d)
}

func newCalendar(from, to time.Time) (calendar, error) {
	c := calendar{start: wall(from), end: wall(to) + 86400}
	if c.end <= c.start {
		return c, fmt.Errorf("sample: end %s is before start %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	c.days = int((c.end - c.start) / 86400)
	c.month = make([]int8, c.days)
	c.year = make([]int16, c.days)
	c.weekday = make([]int8, c.days)
	c.signupCDF = make([]float64, c.days)
	c.campaign = make([]bool, c.days)
	c.orderRate = make([]float64, c.days)
	sum := 0.0
	for d := 0; d < c.days; d++ {
		sec := c.start + int64(d)*86400
		y, m, _ := civil(sec / 86400)
		wd := int8((sec/86400 + 4) % 7) // 1970-01-01 was a Thursday
		c.month[d], c.year[d], c.weekday[d] = int8(m), int16(y), wd
		growth := 1 + 1.3*float64(d)/float64(c.days)
		w := growth * signupSeason[m]
		if wd == 0 || wd == 6 {
			w *= 1.2
		}
		if sec >= campaignFrom && sec < campaignTo {
			c.campaign[d] = true
			w *= campaignBoost
		}
		sum += w
		c.signupCDF[d] = sum
		rate := orderSeason[m]
		if wd == 0 || wd == 6 {
			rate *= 1.15
		}
		c.orderRate[d] = rate
		c.orderMax = max(c.orderMax, rate)
	}
	for d := range c.signupCDF {
		c.signupCDF[d] /= sum
	}
	return c, nil
}

// dayOf is the day index of sec, clamped to the range.
func (c *calendar) dayOf(sec int64) int {
	d := int((sec - c.start) / 86400)
	return min(max(d, 0), c.days-1)
}

// signupDay is the day where the sign-up CDF reaches u.
func (c *calendar) signupDay(u float64) int {
	lo, hi := 0, c.days-1
	for lo < hi {
		mid := (lo + hi) / 2
		if c.signupCDF[mid] < u {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
