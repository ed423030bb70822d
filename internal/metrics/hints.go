package metrics

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/detect"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// EventCount is one event name of the events table and its rows.
type EventCount struct {
	Event string `json:"event"`
	Rows  int64  `json:"rows"`
}

// UnmatchedEvents returns the event names found (most frequent first, at
// most 50) when none of them matches a journey stage (journey_stages), and
// nil when some do or there are no events.
func UnmatchedEvents(ctx context.Context, q Querier) ([]EventCount, error) {
	t, err := Query(ctx, q, `SELECT event, count(*) AS n,
			bool_or(EXISTS (SELECT 1 FROM journey_stages j WHERE lower(e.event) LIKE j.pattern)) OVER () AS any_match
		FROM events e WHERE event IS NOT NULL GROUP BY event ORDER BY n DESC, event LIMIT 50`)
	if err != nil {
		return nil, err
	}
	var out []EventCount
	for _, r := range t.Rows {
		if r[2] == true {
			return nil, nil
		}
		out = append(out, EventCount{Event: fmt.Sprint(r[0]), Rows: r[1].(int64)})
	}
	return out, nil
}

// StageEvents counts the events whose name matches each journey stage
// (journey_stages), stage 1 first; an event matching two stages counts in
// both.
func StageEvents(ctx context.Context, q Querier) ([5]int64, error) {
	var out [5]int64
	t, err := Query(ctx, q, `SELECT j.stage, sum(e.n) FROM
			(SELECT event, count(*) AS n FROM events WHERE event IS NOT NULL GROUP BY event) e
			JOIN journey_stages j ON lower(e.event) LIKE j.pattern
		GROUP BY j.stage`)
	if err != nil {
		return out, err
	}
	for _, r := range t.Rows {
		s, n := toInt(r[0]), toInt(r[1])
		if s >= 1 && s <= len(out) {
			out[s-1] = int64(n)
		}
	}
	return out, nil
}

// stageGap is the note for a stage no event (nor order, for purchase)
// stands for while a later one has some: the ordered funnel stops before
// it, so the later stages read 0 although the data has them. "" when
// there is no such gap.
func stageGap(stages [5]int64, orders int64) string {
	have := stages
	have[2] += orders // orders are purchase events
	for s := 1; s < len(have); s++ {
		if have[s] > 0 || have[0] == 0 {
			continue
		}
		for t := s + 1; t < len(have); t++ {
			if have[t] > 0 {
				return fmt.Sprintf("no event is a %s (%s) event, so the ordered funnel stops at %s: nobody reaches %s or later, "+
					"although the data has %d %s events. Map the events that stand for %s in kizuna.toml ([journey] %s = [\"…\"])",
					model.Stages[s], model.StageLabelsJA[s], model.Stages[s-1], model.Stages[s], have[t], model.Stages[t],
					model.Stages[s], model.Stages[s])
			}
		}
		return ""
	}
	return ""
}

// stageWords place an event name in a journey stage by a word of it that
// starts with one of them ("viewed_listing" → view → awareness; "review" is
// no view).
var stageWords = [][]string{
	{"view", "visit", "impression", "land", "ad", "pv", "seen", "browse", "display", "lead", "contact", "page"},
	{"cart", "fav", "wish", "save", "search", "compare", "trial", "detail", "signup", "register", "click", "add"},
	{"buy", "purchase", "order", "checkout", "pay", "won", "convert", "subscribe", "transaction"},
	{"login", "logged", "open", "use", "usage", "session", "play", "watch", "active", "feature", "start"},
	{"review", "share", "refer", "renew", "upgrade", "rate", "rating", "recommend", "invite", "repeat"},
}

// ProposeJourney writes a [journey] section placing each event name in the
// stage one of its words suggests; names no word places are listed in a
// comment for the analyst to place.
func ProposeJourney(events []EventCount) string {
	placed := make([][]string, len(model.Stages))
	var left []string
	for _, e := range events {
		stage := -1
	find:
		for _, tok := range detect.Words(e.Event) {
			for s, words := range stageWords {
				for _, w := range words {
					if strings.HasPrefix(tok, w) {
						stage = s
						break find
					}
				}
			}
		}
		if stage < 0 {
			left = append(left, e.Event)
			continue
		}
		placed[stage] = append(placed[stage], e.Event)
	}
	var b strings.Builder
	b.WriteString("[journey]\n")
	for s, names := range placed {
		sort.Strings(names)
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = fmt.Sprintf("%q", n)
		}
		fmt.Fprintf(&b, "%s = [%s]\n", model.Stages[s], strings.Join(q, ", "))
	}
	if len(left) > 0 {
		fmt.Fprintf(&b, "# not placed: %s\n", strings.Join(left, ", "))
	}
	return b.String()
}

// notes are what a metric's reader should know about how it was computed
// (printed by `kizuna report` on standard error).
func notes(ctx context.Context, q Querier, name string, p Params) ([]string, error) {
	var out []string
	switch name {
	case "retention":
		if p.Activity != "" {
			break
		}
		f, err := FactsOf(ctx, q)
		if err != nil {
			return nil, err
		}
		if f.EventsOnly {
			out = append(out, "no orders or subscriptions loaded: retention counts events as activity (as --activity events does)")
		}
	case "funnel":
		j, err := journeyOf(ctx, q)
		if err != nil {
			return nil, err
		}
		f, err := FactsOf(ctx, q)
		if err != nil {
			return nil, err
		}
		if gap := stageGap(j.stages, f.Count("orders")); gap != "" {
			out = append(out, gap)
		}
		if ev := j.unmatched; len(ev) > 0 {
			names := make([]string, len(ev))
			for i, e := range ev {
				names[i] = fmt.Sprintf("%s (%d)", e.Event, e.Rows)
			}
			out = append(out, fmt.Sprintf("no event name matches a journey stage, so only orders reach the funnel; events found: %s. "+
				"Place them in kizuna.toml, e.g.:\n%s", strings.Join(names, ", "), ProposeJourney(ev)))
		}
	}
	return out, nil
}
