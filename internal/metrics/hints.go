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
	j, err := readJourney(ctx, q)
	if err != nil {
		return nil, err
	}
	return j.unmatched, nil
}

// journeyFacts are what the funnel's notes need of the events: the names
// when none matches a stage (UnmatchedEvents), and the events whose name
// matches each stage, stage 1 first (an event matching two stages counts
// in both).
type journeyFacts struct {
	unmatched []EventCount
	stages    [5]int64
}

// readJourney reads the journey facts in one pass over the events: each
// name, its rows and the stages it matches.
func readJourney(ctx context.Context, q Querier) (*journeyFacts, error) {
	t, err := Query(ctx, q, `SELECT e.event, e.n, list(DISTINCT j.stage) FILTER (WHERE j.stage IS NOT NULL) AS stages
		FROM (SELECT event, count(*) AS n FROM events WHERE event IS NOT NULL GROUP BY event) e
		LEFT JOIN journey_stages j ON lower(e.event) LIKE j.pattern
		GROUP BY e.event, e.n
		ORDER BY e.n DESC, e.event`)
	if err != nil {
		return nil, err
	}
	j := &journeyFacts{}
	var names []EventCount
	matched := false
	for _, r := range t.Rows {
		n := int64(toInt(r[1]))
		stages, _ := r[2].([]any)
		for _, s := range stages {
			if i := toInt(s); i >= 1 && i <= len(j.stages) {
				j.stages[i-1] += n
				matched = true
			}
		}
		if len(names) < 50 {
			names = append(names, EventCount{Event: fmt.Sprint(r[0]), Rows: n})
		}
	}
	if !matched {
		j.unmatched = names
	}
	return j, nil
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
