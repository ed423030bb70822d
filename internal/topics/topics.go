// Package topics finds what customers talk about in free-text comments
// (Japanese and English, offline) and how much each topic moves NPS: the
// mentions, the promoters, passives and detractors among the mentioners,
// their NPS, and the impact NPS(all) − NPS(all without the mentioners)
// with its 95% interval.
package topics

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Response is one NPS survey answer: its group (the --by value, "all"
// without one), score 0–10 and comment ("" when none).
type Response struct {
	Group   string
	Score   int
	Comment string
}

// Options steer the analysis.
type Options struct {
	// Named topics: name → keywords. A comment mentions a named topic when
	// its normalised text contains one of the keywords. Without them the
	// top key phrases (by TF-IDF over all comments) are the topics.
	Named map[string][]string
	// Synonyms: word → the words it stands for; a phrase found as one of
	// them counts as the word ("配送" = ["配送", "配達"]).
	Synonyms map[string][]string
	// MinMentions leaves out topics mentioned by fewer comments (default 5).
	MinMentions int
	// Top is how many key phrases become topics without named topics
	// (default 40).
	Top int
	// Ctx, when set, stops the analysis halfway once it is done (a newer
	// request took its place): the result is then empty.
	Ctx context.Context
}

// stopped tells whether o.Ctx is done; it is asked every 1,024 texts.
func (o Options) stopped() bool { return o.Ctx != nil && o.Ctx.Err() != nil }

// Row is one topic in one group.
type Row struct {
	Group         string
	Topic         string
	Mentions      int
	Promoters     int
	Passives      int
	Detractors    int
	NPSMentioners float64
	Impact        float64 // NPS(all) − NPS(all without the mentioners)
	ImpactMOE95   float64 // NaN when it does not exist (every response mentions the topic)
	Mentioners    []int   // indexes into the responses
}

// Columns are the output columns of Rows (SPEC §6).
var Columns = []string{"group", "topic", "mentions", "promoters", "passives", "detractors", "nps_mentioners", "impact", "impact_moe95"}

// Analyze finds the topics of resps and their impact on NPS, per group;
// rows are sorted by group, then impact (most negative first).
func Analyze(resps []Response, o Options) []Row {
	o = o.withDefaults()
	mentions, groups, names := prepare(len(resps), func(i int) (string, string) { return resps[i].Comment, resps[i].Group }, o)
	var out []Row
	for _, g := range names {
		var tot count
		for _, i := range groups[g] {
			tot.add(resps[i].Score)
		}
		var rows []Row
		for topic, idx := range mentions {
			var m []int
			for _, i := range idx {
				if resps[i].Group == g {
					m = append(m, i)
				}
			}
			if len(m) < o.MinMentions {
				continue
			}
			rows = append(rows, impact(g, topic, resps, tot, m))
		}
		sort.Slice(rows, func(a, b int) bool {
			if rows[a].Impact != rows[b].Impact {
				return rows[a].Impact < rows[b].Impact
			}
			return rows[a].Topic < rows[b].Topic
		})
		out = append(out, rows...)
	}
	return out
}

// count is promoters, passives and detractors.
type count struct{ n, p, pa, d int }

func (c *count) add(score int) {
	c.n++
	switch {
	case score >= 9:
		c.p++
	case score >= 7:
		c.pa++
	default:
		c.d++
	}
}

// nps is 100·(P−D)/N.
func (c count) nps() float64 { return 100 * float64(c.p-c.d) / float64(c.n) }

// variance is the variance of one answer's +100/0/−100 score.
func (c count) variance() float64 {
	p, d := float64(c.p)/float64(c.n), float64(c.d)/float64(c.n)
	return 100 * 100 * (p + d - (p-d)*(p-d))
}

// NPSStdErr is the standard error of an NPS (points) from P promoters and
// D detractors among n answers: 100·√((p + d − (p − d)²)/n).
func NPSStdErr(promoters, detractors, n int) float64 {
	c := count{n: n, p: promoters, d: detractors}
	return math.Sqrt(c.variance() / float64(n))
}

// DiffMOE95 is the 95% margin of NPS₁ − NPS₂ of two independent groups:
// 1.96·√(Var₁/n₁ + Var₂/n₂) (SPEC §6).
func DiffMOE95(p1, d1, n1, p2, d2, n2 int) float64 {
	a, b := count{n: n1, p: p1, d: d1}, count{n: n2, p: p2, d: d2}
	return 1.96 * math.Sqrt(a.variance()/float64(n1)+b.variance()/float64(n2))
}

// impact of the mentioners among tot (the group's counts): NPS(all) −
// NPS(rest) = (n_m/n)·(NPS_m − NPS_rest), whose 95%
// margin is (n_m/n)·1.96·√(Var_m/n_m + Var_rest/n_rest).
func impact(group, topic string, resps []Response, tot count, mentioners []int) Row {
	var m count
	for _, i := range mentioners {
		m.add(resps[i].Score)
	}
	rest := count{n: tot.n - m.n, p: tot.p - m.p, pa: tot.pa - m.pa, d: tot.d - m.d}
	r := Row{Group: group, Topic: topic, Mentions: m.n, Promoters: m.p, Passives: m.pa, Detractors: m.d,
		NPSMentioners: m.nps(), Impact: math.NaN(), ImpactMOE95: math.NaN(), Mentioners: mentioners}
	if rest.n == 0 {
		return r
	}
	r.Impact = tot.nps() - rest.nps()
	share := float64(m.n) / float64(tot.n)
	r.ImpactMOE95 = share * DiffMOE95(m.p, m.d, m.n, rest.p, rest.d, rest.n)
	return r
}

// Normalize folds width (ＡＢＣ → ABC, ｱｲｳ → アイウ) and case.
func Normalize(s string) string {
	return strings.ToLower(norm.NFKC.String(s))
}

// named: the responses whose text contains a keyword of each topic.
func named(texts []string, topics map[string][]string, syn map[string][]string, stop func() bool) map[string][]int {
	out := map[string][]int{}
	for name, words := range topics {
		var kw []string
		for _, w := range words {
			kw = append(kw, Normalize(w))
			kw = append(kw, normalizeAll(syn[w])...)
		}
		for i, t := range texts {
			if i%1024 == 0 && stop() {
				return nil
			}
			for _, w := range kw {
				if w != "" && strings.Contains(t, w) {
					out[name] = append(out[name], i)
					break
				}
			}
		}
	}
	return out
}

func normalizeAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = Normalize(w)
	}
	return out
}

// keyPhrases ranks the phrases of all comments by TF-IDF (binary term
// frequency: df·log(N/df)) and keeps the top ones mentioned by at least
// min comments. A phrase is dropped when a higher-ranked one is mentioned
// by the same comments (90% of both), or holds it and is mentioned by
// nearly the same comments (80%: "fee" under "shipping fee").
func keyPhrases(texts []string, syn map[string][]string, top, min int, stop func() bool) map[string][]int {
	canon := map[string]string{}
	for w, alts := range syn {
		for _, a := range alts {
			canon[Normalize(a)] = Normalize(w)
		}
		canon[Normalize(w)] = Normalize(w)
	}
	docs := map[string][]int{}
	memo := map[string][]string{} // surveys repeat short comments: tokenise each text once
	n := 0
	for i, t := range texts {
		if i%1024 == 0 && stop() {
			return nil
		}
		if strings.TrimSpace(t) == "" {
			continue
		}
		n++
		ps, ok := memo[t]
		if !ok {
			ps = Phrases(t)
			memo[t] = ps
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if c, ok := canon[p]; ok {
				p = c
			}
			if !seen[p] {
				seen[p] = true
				docs[p] = append(docs[p], i)
			}
		}
	}
	type scored struct {
		p     string
		score float64
	}
	var all []scored
	for p, d := range docs {
		if len(d) < min || len(d) == n {
			continue
		}
		df := float64(len(d))
		all = append(all, scored{p, df * math.Log(float64(n)/df)})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].score != all[b].score {
			return all[a].score > all[b].score
		}
		// The same comments: the longer phrase says more (解約手続き, not 解約).
		if la, lb := len([]rune(all[a].p)), len([]rune(all[b].p)); la != lb {
			return la > lb
		}
		return all[a].p < all[b].p
	})
	out := map[string][]int{}
	var kept []string
	for _, s := range all {
		if len(kept) == top {
			break
		}
		covered := false
		for i, k := range kept {
			o := overlap(docs[k], docs[s.p])
			if strings.Contains(s.p, k) && o >= 0.8 {
				// "delivery late" says more than "late" for nearly the
				// same comments: the longer phrase takes its place.
				delete(out, k)
				kept[i], out[s.p] = s.p, docs[s.p]
				covered = true
				break
			}
			if o >= 0.9 || (strings.Contains(k, s.p) && o >= 0.8) {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		kept = append(kept, s.p)
		out[s.p] = docs[s.p]
	}
	return out
}

// overlap is |a ∩ b| / max(|a|, |b|) of two ascending index lists.
func overlap(a, b []int) float64 {
	i, j, both := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(max(len(a), len(b)))
}

// Phrases are the key phrases of one normalised comment: nouns and noun
// compounds of its Japanese parts, words and two-word phrases of the rest.
func Phrases(text string) []string {
	var out []string
	for _, run := range scriptRuns(text) {
		if run.ja {
			out = append(out, japanese(run.text)...)
		} else {
			out = append(out, english(run.text)...)
		}
	}
	return out
}

type run struct {
	text string
	ja   bool
}

// scriptRuns splits text into Japanese and other runs.
func scriptRuns(text string) []run {
	var out []run
	var b strings.Builder
	cur := false
	for _, r := range text {
		ja := isJapanese(r)
		if b.Len() > 0 && ja != cur && !(unicode.IsSpace(r) || unicode.IsPunct(r)) {
			out = append(out, run{b.String(), cur})
			b.Reset()
		}
		if b.Len() == 0 {
			cur = ja
		}
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, run{b.String(), cur})
	}
	return out
}

func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー' || r == '々'
}

// english: lower-case words without stop words, and two-word phrases of
// neighbouring content words (stop words between them skipped).
func english(text string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	var out []string
	prev, gap := "", 0
	for _, w := range words {
		w = strings.Trim(w, "'")
		if len(w) < 3 || stop[w] {
			// "delivery was late" is the phrase "delivery late": a stop
			// word or three may stand between its words.
			if gap++; gap > 3 {
				prev = ""
			}
			continue
		}
		w = singular(w)
		out = append(out, w)
		if prev != "" {
			out = append(out, prev+" "+w)
		}
		prev, gap = w, 0
	}
	return out
}

// singular drops a plural s ("notifications" → "notification").
func singular(w string) string {
	if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") {
		return w[:len(w)-1]
	}
	return w
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are aren't as at be because been before
		being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
		few for from further get got had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'm
		if in into is isn't it it's its itself just let's me more most much my myself no nor not now of off on once only or other
		our ours ourselves out over own same she should shouldn't so some such than that that's the their theirs them themselves
		then there there's these they they're this those through to too under until up very was wasn't we were weren't what
		when where which while who whom why will with won't would wouldn't you your yours yourself yourselves one two three
		bit really still even ever never always again ok okay yes thing things lot`) {
		m[w] = true
	}
	return m
}()

// prepare is how both analyses start: the topics of n comments (comment
// and group of answer i from at) as topic → indexes of the answers
// mentioning it, and the answers' indexes per group, groups in order.
// o is withDefaults'.
func prepare(n int, at func(i int) (comment, group string), o Options) (mentions, groups map[string][]int, names []string) {
	texts := make([]string, n)
	groups = map[string][]int{}
	for i := range texts {
		c, g := at(i)
		texts[i] = Normalize(c)
		if _, ok := groups[g]; !ok {
			names = append(names, g)
		}
		groups[g] = append(groups[g], i)
	}
	sort.Strings(names)
	return o.mentions(texts), groups, names
}

// withDefaults fills the options left unset: 5 mentions, 40 topics.
func (o Options) withDefaults() Options {
	if o.MinMentions <= 0 {
		o.MinMentions = 5
	}
	if o.Top <= 0 {
		o.Top = 40
	}
	return o
}

// mentions are the topics of normalised texts (o.Named, else the top key
// phrases) as topic → indexes of the texts mentioning it.
func (o Options) mentions(texts []string) map[string][]int {
	if len(o.Named) > 0 {
		return named(texts, o.Named, o.Synonyms, o.stopped)
	}
	return keyPhrases(texts, o.Synonyms, o.Top, o.MinMentions, o.stopped)
}
