package detect

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// Guess is the role a file most likely plays and how its columns map.
type Guess struct {
	Role    string            // one of model.Roles' names, "" when nothing fits
	Columns map[string]string // canonical column → source column name
	Score   float64
	Why     string // human-readable reason, for `kizuna schema`
	// Constants: canonical column → a value for every row, when the file has
	// no such column but its name says it (olist's closed deals are "won"
	// events). Use it as a string literal.
	Constants map[string]string
	// Exprs: canonical column → an SQL expression over the file's columns
	// that replaces Columns' entry (amount = quantity × unit price).
	Exprs map[string]string
	// Notes say which columns were passed over for their values ("Recommend
	// not taken for score: 0 of 500 sampled values are whole numbers 0–10").
	Notes []string
}

// pick is one canonical column mapped to source column col.
type pick struct {
	canon string
	col   int
	conf  float64
	how   string     // "name" or what the values look like
	tf    TimeFormat // for timestamp columns
}

var reGenerated = regexp.MustCompile(`^column\d+$`)

// MapColumns maps role's canonical columns onto columns: by name (English
// and Japanese, any case or spacing), checked against the sample values'
// types; then, for files without a header, by what the values look like.
func MapColumns(role string, columns []string, sample [][]string) map[string]string {
	picks, _ := mapRole(role, columns, profiles(columns, sample))
	return toMap(picks, columns)
}

// MapNotes says which columns MapColumns passed over for their values.
func MapNotes(role string, columns []string, sample [][]string) []string {
	_, notes := mapRole(role, columns, profiles(columns, sample))
	return notes
}

func toMap(picks []pick, columns []string) map[string]string {
	m := map[string]string{}
	for _, p := range picks {
		m[p.canon] = columns[p.col]
	}
	return m
}

func profiles(columns []string, sample [][]string) []colProfile {
	out := make([]colProfile, len(columns))
	for j := range columns {
		out[j] = profile(column(sample, j))
	}
	return out
}

// mapRole picks a column per canonical column of role. notes say which
// columns were passed over for their values.
//
// Where values say more than names (valueFit: scores, ratings, comments,
// churn flags), a candidate is ranked by its name's confidence times the
// share of its values that fit, and one under which more than half the
// rows would be rejected is not taken, however exact its name.
func mapRole(role string, columns []string, profs []colProfile) (picks []pick, notes []string) {
	type note struct{ canon, text string }
	var passed []note
	r, ok := model.RoleByName(role)
	if !ok {
		return nil, nil
	}
	var cands []pick
	order := map[string]int{}
	for ci, c := range r.Columns {
		order[c.Name] = ci
		for j, name := range columns {
			conf := rules[role][c.Name].match(name)
			// An exact name ("amount", "responded_at") is taken whatever its
			// values: the ones that do not parse become rejected rows with a
			// reason, instead of the whole file going unused.
			if conf == 0 || (conf < 1 && !profs[j].fitsKind(c.Kind)) {
				continue
			}
			// Dates are no ids, unless the name says so exactly (sequential
			// ten-digit ids read like Unix seconds).
			if strings.HasSuffix(c.Name, "_id") && profs[j].time.Kind != "" && conf < 1 {
				continue
			}
			if fit, why := profs[j].valueFit(role, c.Name); fit < 1 {
				if fit < 0.5 {
					passed = append(passed, note{c.Name, fmt.Sprintf("%s not taken for %s: %s", quoteName(name), c.Name, why)})
					continue
				}
				conf *= fit
			}
			cands = append(cands, pick{canon: c.Name, col: j, conf: conf, how: "name"})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].conf != cands[b].conf {
			return cands[a].conf > cands[b].conf
		}
		return order[cands[a].canon] < order[cands[b].canon]
	})
	used, done := map[int]bool{}, map[string]bool{}
	for _, c := range cands {
		if !used[c.col] && !done[c.canon] {
			picks = append(picks, c)
			used[c.col], done[c.canon] = true, true
		}
	}
	byValue := func(canon string, conf float64, how string, fits func(colProfile) bool) {
		if _, ok := order[canon]; !ok || done[canon] {
			return
		}
		for j, p := range profs {
			// A column named for something else ("signup_at") is not taken
			// for its values alone.
			if !used[j] && fits(p) && !knownName(columns[j]) {
				picks = append(picks, pick{canon: canon, col: j, conf: conf, how: how})
				used[j], done[canon] = true, true
				return
			}
		}
	}
	isTime := func(p colProfile) bool { return p.time.Kind != "" }
	byValue(model.TimeColumn(role), 0.4, "values: timestamps", isTime)
	headerless := len(columns) > 0
	for _, c := range columns {
		headerless = headerless && reGenerated.MatchString(c)
	}
	if headerless {
		byValue("customer_id", 0.45, "values: ids", colProfile.isIDColumn)
		byValue("amount", 0.45, "values: decimal amounts", colProfile.isAmountColumn)
		byValue("mrr", 0.45, "values: decimal amounts", colProfile.isAmountColumn)
		byValue("quantity", 0.45, "values: small counts", colProfile.isCountColumn)
		byValue("ended_at", 0.4, "values: timestamps", isTime)
		byValue("event", 0.65, "values: journey events", func(q colProfile) bool { return q.journey > 0 && q.isEventColumn() })
		byValue("event", 0.45, "values: a few repeated words", colProfile.isEventColumn)
	}
	sort.SliceStable(picks, func(a, b int) bool { return order[picks[a].canon] < order[picks[b].canon] })
	for i, p := range picks {
		if r.Columns[order[p.canon]].Kind == model.Timestamp {
			picks[i].tf = profs[p.col].time
		}
	}
	for _, n := range passed {
		notes = append(notes, n.text)
	}
	return picks, notes
}

// roleFit is how well one role fits a file.
type roleFit struct {
	role      string
	picks     []pick
	score     float64
	missing   []string // required canonical columns with no source
	fileWord  string   // the file-name word that suggests the role
	constants map[string]string
	byName    int // required columns mapped by name
	required  int
	notes     []string // columns passed over for their values
}

// GuessRole picks the role that fileName, columns and sample values fit
// best: each required canonical column found counts its confidence (1 for
// an exact name, less for a partial name or a guess from the values), each
// optional one 0.3 of that, each required one missing −1, and a file name
// that names the role 1.5. Nothing scoring under 1 is guessed.
func GuessRole(fileName string, columns []string, sample [][]string) Guess {
	profs := profiles(columns, sample)
	base := filepath.Base(fileName)
	for ext := filepath.Ext(base); ext != "" && len(ext) <= 8; ext = filepath.Ext(base) {
		base = strings.TrimSuffix(base, ext)
	}
	ftoks, fnorm := tokens(base), normName(base)
	var fits []roleFit
	for _, r := range model.Roles {
		fits = append(fits, fitRole(r, columns, profs, ftoks, fnorm))
	}
	best := 0
	for i, f := range fits {
		if f.score > fits[best].score {
			best = i
		}
	}
	f := fits[best]
	if f.score < 1 {
		return Guess{Score: f.score, Why: noRoleWhy(fits)}
	}
	m := toMap(f.picks, columns)
	return Guess{
		Role:      f.role,
		Columns:   m,
		Exprs:     Derived(f.role, m),
		Notes:     f.notes,
		Score:     f.score,
		Why:       why(f, fits, columns),
		Constants: f.constants,
	}
}

func fitRole(r model.Role, columns []string, profs []colProfile, ftoks []string, fnorm string) roleFit {
	f := roleFit{role: r.Name}
	f.picks, f.notes = mapRole(r.Name, columns, profs)
	got := map[string]pick{}
	for _, p := range f.picks {
		got[p.canon] = p
	}
	for _, c := range r.Columns {
		p, ok := got[c.Name]
		switch {
		case ok && (c.Required || c.Name == model.TimeColumn(r.Name)):
			// An optional time column (responded_at) counts as much as a
			// required one when found; missing, it costs nothing.
			f.score += p.conf
			f.required++
			if p.how == "name" {
				f.byName++
			}
		case ok:
			f.score += 0.3 * p.conf
		case c.Required && !derivable(r.Name, c.Name, got):
			f.score--
			f.missing = append(f.missing, c.Name)
			f.required++
		}
	}
	for _, w := range fileWords[r.Name] {
		if hasWord(ftoks, fnorm, w) {
			f.fileWord = w
			f.score += 1.5
			break
		}
	}
	if i := index(f.missing, "event"); r.Name == "events" && i >= 0 {
		for _, t := range ftoks {
			if ev, ok := eventNouns[t]; ok {
				// Worth a column found by a partial name, instead of missing.
				f.constants = map[string]string{"event": ev}
				f.missing = append(f.missing[:i], f.missing[i+1:]...)
				f.score += 1.8
				break
			}
		}
	}
	return f
}

// derivable: interactions are the sum of likes, comments, shares, clicks
// and saves when the file has those.
func derivable(role, canon string, got map[string]pick) bool {
	if role != "posts" || canon != "interactions" {
		return false
	}
	for _, c := range []string{"likes", "comments", "shares", "clicks", "saves"} {
		if _, ok := got[c]; ok {
			return true
		}
	}
	return false
}

func index(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
