package detect

import (
	"regexp"
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
	}
	return true
}
