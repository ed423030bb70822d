package topics

import (
	"regexp"
	"sort"
	"strings"
)

// Pattern is a regular expression (RE2, case-insensitive) that finds the
// comments mentioning topic in SQL (regexp_matches), so that a topic's
// mentioners can be saved as a segment — a predicate, evaluated again on
// new comments — rather than as a list of ids. It follows the analysis:
// a named topic is any of its keywords (and their synonyms); an English
// phrase is its words in order with up to three words between them ("delivery
// was late" mentions "delivery late"), each with an optional plural s; a
// Japanese phrase is its text or a synonym's. It reads the comment as
// written, so width folding (ＡＰＰ = app) is not applied: the SQL may miss
// a full-width mention the analysis counted.
func Pattern(topic string, named, synonyms map[string][]string) string {
	var alts []string
	if words, ok := named[topic]; ok {
		for _, w := range words {
			alts = append(alts, Normalize(w))
			alts = append(alts, normalizeAll(synonyms[w])...)
		}
	} else {
		alts = append(alts, topic)
		for w, syn := range synonyms {
			if Normalize(w) == topic {
				alts = append(alts, normalizeAll(syn)...)
			}
		}
	}
	seen := map[string]bool{}
	var parts []string
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if a == "" || seen[a] {
			continue
		}
		seen[a] = true
		parts = append(parts, phrasePattern(a))
	}
	sort.Strings(parts)
	return "(?i)(?:" + strings.Join(parts, "|") + ")"
}

// phrasePattern: an English phrase's words with up to three words between
// them, a plural s allowed (singular drops it); other text literally.
func phrasePattern(p string) string {
	words := strings.Fields(p)
	ascii := true
	for _, r := range p {
		if r > 127 {
			ascii = false
		}
	}
	if !ascii {
		// "配送が遅い" (a noun and the adjective it is the subject of) is
		// counted in any form of the adjective (遅すぎる, 遅かった): its stem.
		if strings.Contains(p, "が") && strings.HasSuffix(p, "い") && len([]rune(p)) > 3 {
			return regexp.QuoteMeta(strings.TrimSuffix(p, "い"))
		}
		return regexp.QuoteMeta(p)
	}
	for i, w := range words {
		words[i] = `\b` + regexp.QuoteMeta(w) + `s?\b`
	}
	return strings.Join(words, `(?:\W+[\w']+){0,3}?\W+`)
}
