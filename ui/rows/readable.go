package rows

import (
	"fmt"
	"regexp"
	"strings"
)

// Readable is a bound query (BoundSQL) made short enough to read for the
// `s` key: the filter predicates of an unset filter — (NULL IS NULL OR …),
// always true — are dropped, and so are the relations of the WITH clause
// that the query does not read. What it returns runs as the original does.
func Readable(text string) string {
	out := dropUnusedCTEs(dropUnsetFilters(text))
	if out == text {
		return text
	}
	return "-- filters not set and relations not read are left out\n" + out
}

// SearchNote is the comment that says a search narrows the rows on screen
// after the query (the `/` search runs in the workbench, not in SQL).
func SearchNote(q string) string {
	if strings.TrimSpace(q) == "" {
		return ""
	}
	return fmt.Sprintf("\n-- then the / search %s, on screen: the rows holding every word of it in any column (case-insensitive)", Literal(q))
}

const always = "\x00" // stands for an always-true predicate while cleaning

var (
	nonNullIsNull = regexp.MustCompile(`'(?:[^']|'')*' IS NULL OR `)
	trueAnd       = regexp.MustCompile(always + `\s+AND\s+`)
	andTrue       = regexp.MustCompile(`\s+AND\s+` + always)
	whereTrue     = regexp.MustCompile(`\s+WHERE\s+` + always)
)

// dropUnsetFilters removes "(NULL IS NULL OR …)" groups (a filter bound to
// NULL) and "'literal' IS NULL OR" alternatives (never true), then the
// ANDs and WHEREs left with nothing to say.
func dropUnsetFilters(s string) string {
	const open = "(NULL IS NULL OR "
	for {
		i := strings.Index(s, open)
		if i < 0 {
			break
		}
		j := closing(s, i)
		if j < 0 {
			break
		}
		s = s[:i] + always + s[j+1:]
	}
	s = nonNullIsNull.ReplaceAllString(s, "")
	for _, re := range []*regexp.Regexp{trueAnd, andTrue, whereTrue} {
		s = re.ReplaceAllString(s, "")
	}
	return strings.ReplaceAll(s, always, "TRUE")
}

// closing is the index of the parenthesis closing the one at s[i], quotes
// respected; -1 when there is none.
func closing(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\'', '"':
			k := strings.IndexByte(s[j+1:], s[j])
			if k < 0 {
				return -1
			}
			j += k + 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

type cte struct {
	name, text string
}

var cteHead = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_]*)\s+AS\s+(?:NOT\s+MATERIALIZED\s+|MATERIALIZED\s+)?\(`)

// dropUnusedCTEs keeps the relations of a leading WITH that the query reads,
// directly or through another kept relation.
func dropUnusedCTEs(s string) string {
	lead := strings.TrimLeft(s, " \n")
	comments := ""
	for strings.HasPrefix(lead, "--") { // leading comment lines stay in front
		nl := strings.IndexByte(lead, '\n')
		if nl < 0 {
			return s
		}
		comments += lead[:nl+1]
		lead = strings.TrimLeft(lead[nl+1:], " \n")
	}
	if !strings.HasPrefix(lead, "WITH\n") && !strings.HasPrefix(lead, "WITH ") {
		return s
	}
	rest := lead[len("WITH"):]
	var ctes []cte
	for {
		m := cteHead.FindStringSubmatchIndex(rest)
		if m == nil {
			return s
		}
		end := closing(rest, m[1]-1)
		if end < 0 {
			return s
		}
		ctes = append(ctes, cte{rest[m[2]:m[3]], strings.TrimSpace(rest[:end+1])})
		rest = rest[end+1:]
		t := strings.TrimLeft(rest, " \n")
		if !strings.HasPrefix(t, ",") {
			break
		}
		rest = t[1:]
	}
	body := rest
	need := make([]bool, len(ctes))
	reads := body
	for i := len(ctes) - 1; i >= 0; i-- {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(ctes[i].name) + `\b`).MatchString(reads) {
			need[i] = true
			reads += "\n" + ctes[i].text
		}
	}
	var kept []string
	for i, c := range ctes {
		if need[i] {
			kept = append(kept, c.text)
		}
	}
	if len(kept) == len(ctes) {
		return s
	}
	out := comments
	if len(kept) > 0 {
		out += "WITH\n" + strings.Join(kept, ",\n")
	}
	return out + body
}
