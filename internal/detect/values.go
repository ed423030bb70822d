package detect

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// colProfile summarises the sample values of one column.
type colProfile struct {
	n          int        // non-empty values
	numeric    int        // values that are numbers
	integers   int        // values that are whole numbers
	fractional int        // numbers written with a decimal point
	zeroPadded int        // digit strings with a leading zero ("00001")
	ids        int        // tokens that look like identifiers (digits, hex, codes)
	words      int        // short words without digits ("pv", "add_to_cart", "購入")
	journey    int        // values that are known journey event names
	min, max   float64    // over the numbers
	distinct   int        // distinct non-empty values
	time       TimeFormat // Kind "" when the values are not timestamps
	in010      int        // whole numbers 0–10 (the NPS scale)
	in15       int        // whole numbers 1–5 (CSAT, star ratings)
	odd010     string     // the first value that is not a whole number 0–10
	odd15      string     // the first value that is not a whole number 1–5
	flags      int        // yes/no, true/false, 0/1 values
	chars      int        // total characters (runes) of the values
}

var (
	reID   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_\-:.#/]{0,63}$`)
	reWord = regexp.MustCompile(`^\pL[\pL_\- ]{0,39}$`)
)

// journeyNames are the default journey's event names (without LIKE patterns).
var journeyNames = func() map[string]bool {
	m := map[string]bool{}
	for _, names := range model.DefaultJourney {
		for _, n := range names {
			if !strings.Contains(n, "%") {
				m[strings.ToLower(n)] = true
			}
		}
	}
	return m
}()

func profile(values []string) colProfile {
	var p colProfile
	seen := map[string]bool{}
	var nonEmpty []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		p.n++
		nonEmpty = append(nonEmpty, v)
		if !seen[v] {
			seen[v] = true
			p.distinct++
		}
		p.chars += len([]rune(v))
		if boolWords[strings.ToLower(v)] != "" {
			p.flags++
		}
		whole, isNum := parseNumber(v)
		switch {
		case isNum && whole == float64(int(whole)) && whole >= 1 && whole <= 5:
			p.in15++
			p.in010++
		case isNum && whole == float64(int(whole)) && whole >= 0 && whole <= 10:
			p.in010++
			if p.odd15 == "" {
				p.odd15 = v
			}
		default:
			if p.odd010 == "" {
				p.odd010 = v
			}
			if p.odd15 == "" {
				p.odd15 = v
			}
		}
		if f, ok := parseNumber(v); ok {
			if p.numeric == 0 {
				p.min, p.max = f, f
			}
			p.min, p.max = min(p.min, f), max(p.max, f)
			p.numeric++
			if strings.Contains(v, ".") {
				p.fractional++
			} else {
				p.integers++
			}
		}
		digits := strings.TrimLeft(v, "0123456789") == ""
		if digits && len(v) > 1 && v[0] == '0' {
			p.zeroPadded++
		}
		if reID.MatchString(v) && strings.ContainsAny(v, "0123456789") && !strings.Contains(v, ".") {
			p.ids++
		}
		if reWord.MatchString(v) {
			p.words++
			if journeyNames[strings.ToLower(v)] {
				p.journey++
			}
		}
	}
	if f, ok := DetectTime(nonEmpty); ok {
		p.time = f
	}
	return p
}

// parseNumber reads 12, -3.5, 1e3, $12.00, ¥1200, 1200円; not "inf" or "nan".
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "$¥￥€£")
	s = strings.TrimSuffix(s, "円")
	if s == "" {
		return 0, false
	}
	c := s[0]
	if !(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func isNumber(s string) bool {
	_, ok := parseNumber(s)
	return ok
}

// most: at least 90% of the non-empty values.
func most(k, n int) bool { return n > 0 && k*10 >= n*9 }

// isIDColumn: identifiers (not timestamps, not decimals, not words).
func (p colProfile) isIDColumn() bool {
	return p.n > 0 && p.time.Kind == "" && p.fractional == 0 && most(p.ids, p.n)
}

// isAmountColumn: money-like numbers, some with a decimal point.
func (p colProfile) isAmountColumn() bool {
	return p.n > 0 && p.time.Kind == "" && most(p.numeric, p.n) && p.fractional > 0 && p.min >= 0
}

// isCountColumn: small non-negative whole numbers that are not ids.
func (p colProfile) isCountColumn() bool {
	return p.n > 0 && p.time.Kind == "" && most(p.integers, p.n) && p.fractional == 0 &&
		p.zeroPadded == 0 && p.min >= 0 && p.max <= 1000
}

// isEventColumn: a few distinct words, repeated.
func (p colProfile) isEventColumn() bool {
	return p.n > 0 && most(p.words, p.n) && p.distinct <= 50 && (p.n < 6 || p.distinct*3 <= p.n)
}

// isLabelColumn: a small set of labels repeated over many rows ("Strongly
// agree", "Yes"): not free text.
func (p colProfile) isLabelColumn() bool {
	return p.n >= 10 && p.distinct <= 20 && p.distinct*5 <= p.n
}

// valueFit is the share (0–1) of the sampled values that fit canonical
// column canon of role, for the columns whose values say more than their
// name: a score must be a whole number on its scale (0–10 for NPS, which
// holds CSAT's 1–5), a rating 1–5, a comment free text (not a small set of
// repeated labels). why says what does not fit. Other columns fit (1), and
// so does any column with fewer than 10 sampled values: too few to judge.
func (p colProfile) valueFit(role, canon string) (fit float64, why string) {
	if p.n < 10 {
		return 1, ""
	}
	share := func(k int) float64 { return float64(k) / float64(p.n) }
	switch {
	case role == "responses" && canon == "score":
		return share(p.in010), fmt.Sprintf("%d of %d sampled values are whole numbers 0–10 (e.g. %q)", p.in010, p.n, p.odd010)
	case role == "reviews" && canon == "rating":
		return share(p.in15), fmt.Sprintf("%d of %d sampled values are whole numbers 1–5 (e.g. %q)", p.in15, p.n, p.odd15)
	case (role == "responses" && canon == "comment") || (role == "reviews" && canon == "text"):
		if p.isLabelColumn() {
			return 0, fmt.Sprintf("%d distinct values repeated over %d sampled rows: labels, not free text", p.distinct, p.n)
		}
	case role == "customers" && canon == "churned":
		return share(p.flags), fmt.Sprintf("%d of %d sampled values are yes/no, true/false or 0/1", p.flags, p.n)
	}
	return 1, ""
}

// boolWords are the spellings of a churn flag: "t" for true, "f" for false.
var boolWords = map[string]string{
	"1": "t", "0": "f", "yes": "t", "no": "f", "y": "t", "n": "f", "true": "t", "false": "f",
	"t": "t", "f": "f", "churned": "t", "active": "f", "はい": "t", "いいえ": "f", "有": "t", "無": "f",
	"あり": "t", "なし": "f", "済": "t", "解約": "t", "継続": "f", "1.0": "t", "0.0": "f",
}

// BoolSQL is the SQL reading the text raw as a flag (BOOLEAN): the words of
// boolWords, any case; NULL for anything else.
func BoolSQL(raw string) string {
	var t, f []string
	for w, v := range boolWords {
		if v == "t" {
			t = append(t, "'"+w+"'")
		} else {
			f = append(f, "'"+w+"'")
		}
	}
	sort.Strings(t)
	sort.Strings(f)
	return fmt.Sprintf("CASE WHEN lower(%[1]s) IN (%[2]s) THEN true WHEN lower(%[1]s) IN (%[3]s) THEN false END",
		raw, strings.Join(t, ", "), strings.Join(f, ", "))
}

// fitsKind: the values can be read as the canonical kind (true without values).
func (p colProfile) fitsKind(k model.Kind) bool {
	if p.n == 0 {
		return true
	}
	switch k {
	case model.Timestamp:
		return p.time.Kind != ""
	case model.Number:
		return most(p.numeric, p.n)
	case model.Integer:
		return most(p.integers, p.n)
	case model.Boolean:
		return most(p.flags, p.n)
	}
	return true
}
