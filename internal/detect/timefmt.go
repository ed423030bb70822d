package detect

import (
	"regexp"
	"strconv"
	"strings"
)

// TimeFormat is how one column writes its timestamps.
//
//	Kind "iso":      2018-02-26, 2018-02-26 19:58:54, 2018-02-26T19:58:54.5Z, +09:00, " UTC"
//	Kind "yyyymmdd": 19970101 (Pattern "%Y%m%d")
//	Kind "epoch_s":  1511544070, seconds since 1970 UTC
//	Kind "epoch_ms": 1511544070123, milliseconds since 1970 UTC
//	Kind "strptime": Pattern is a DuckDB strptime format ("%d-%m-%Y", "%m/%d/%y %H:%M", "%Y年%m月%d日")
type TimeFormat struct{ Kind, Pattern string }

// Plausible ranges: epochs between 1980 and 2100 spanning at most 60 years
// (ids of the same width are spread over a century), dated years 1900–2100.
const (
	epochMin  = 315532800  // 1980-01-01
	epochMax  = 4102444800 // 2100-01-01
	epochSpan = 60 * 365 * 86400
)

var (
	reISO = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?` +
		`(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?(?:\s*UTC)?$`)
	reDMY = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
	reYMD = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
	reJA  = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
	reDig = regexp.MustCompile(`^\d+$`)
)

// DetectTime picks the one format that at least 90% of the non-empty values
// are written in (the rest will not parse and are rejected rows later). It
// reports false when no format fits or there is no value.
func DetectTime(values []string) (TimeFormat, bool) { return detectTime(values, 90) }

// BestTime picks the format that most of the non-empty values are written
// in, however few: for a column already known to hold timestamps, where the
// values that do not fit become rejected rows. It reports false when no
// value is a timestamp.
func BestTime(values []string) (TimeFormat, bool) { return detectTime(values, 0) }

// detectTime picks the format most values fit, when at least pct percent do.
func detectTime(values []string, pct int) (TimeFormat, bool) {
	var vals []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return TimeFormat{}, false
	}
	count := map[TimeFormat]int{}
	var order []TimeFormat
	add := func(f TimeFormat) {
		if count[f] == 0 {
			order = append(order, f)
		}
		count[f]++
	}
	var digits []int64
	var dmy []dmyValue
	for _, v := range vals {
		switch {
		case reDig.MatchString(v):
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				continue
			}
			digits = append(digits, n)
			switch len(v) {
			case 8:
				if validDate(int(n/10000), int(n/100%100), int(n%100)) {
					add(TimeFormat{"yyyymmdd", "%Y%m%d"})
				}
			case 9, 10:
				if n >= epochMin && n < epochMax {
					add(TimeFormat{"epoch_s", ""})
				}
			case 12, 13:
				if n >= epochMin*1000 && n < epochMax*1000 {
					add(TimeFormat{"epoch_ms", ""})
				}
			}
		case reISO.MatchString(v):
			m := reISO.FindStringSubmatch(v)
			if validDate(atoi(m[1]), atoi(m[2]), atoi(m[3])) && validClock(m[4], m[5], m[6]) {
				add(TimeFormat{"iso", ""})
			}
		case reYMD.MatchString(v):
			m := reYMD.FindStringSubmatch(v)
			if validDate(atoi(m[1]), atoi(m[2]), atoi(m[3])) && validClock(m[4], m[5], m[6]) {
				add(TimeFormat{"strptime", "%Y/%m/%d" + clockPattern(m[4], m[6])})
			}
		case reJA.MatchString(v):
			m := reJA.FindStringSubmatch(v)
			if validDate(atoi(m[1]), atoi(m[2]), atoi(m[3])) && validClock(m[4], m[5], m[6]) {
				add(TimeFormat{"strptime", "%Y年%m月%d日" + clockPattern(m[4], m[6])})
			}
		case reDMY.MatchString(v):
			m := reDMY.FindStringSubmatch(v)
			if validClock(m[5], m[6], m[7]) {
				dmy = append(dmy, dmyValue{atoi(m[1]), atoi(m[3]), atoi(m[4]), m[2], len(m[4]) == 4, clockPattern(m[5], m[7])})
			}
		}
	}
	for _, f := range dmyFormats(dmy) {
		add(f)
	}
	best, n := TimeFormat{}, 0
	for _, f := range order {
		if count[f] > n {
			best, n = f, count[f]
		}
	}
	if n == 0 || n*100 < len(vals)*pct {
		return TimeFormat{}, false
	}
	if best.Kind == "epoch_s" || best.Kind == "epoch_ms" {
		lo, hi := digits[0], digits[0]
		for _, d := range digits {
			lo, hi = min(lo, d), max(hi, d)
		}
		span := int64(epochSpan)
		if best.Kind == "epoch_ms" {
			span *= 1000
		}
		if hi-lo > span {
			return TimeFormat{}, false
		}
	}
	return best, true
}

// dmyValue is a value written a/b/year with separator sep.
type dmyValue struct {
	a, b, year int
	sep        string
	fullYear   bool
	clock      string
}

// dmyFormats resolves day/month order for a/b/year values: day first when
// some first number is above 12, month first when some second number is;
// otherwise month first with "/" (US) and day first with "-" or "." (olist,
// Europe). It returns one format per valid value.
func dmyFormats(vals []dmyValue) []TimeFormat {
	dayFirst := map[string]bool{"/": false, "-": true, ".": true}
	for sep := range dayFirst {
		aBig, bBig := 0, 0
		for _, v := range vals {
			if v.sep == sep && v.a > 12 {
				aBig++
			}
			if v.sep == sep && v.b > 12 {
				bBig++
			}
		}
		if aBig > bBig {
			dayFirst[sep] = true
		} else if bBig > aBig {
			dayFirst[sep] = false
		}
	}
	var out []TimeFormat
	for _, v := range vals {
		d, m, p := v.b, v.a, "%m"+v.sep+"%d"+v.sep
		if dayFirst[v.sep] {
			d, m, p = v.a, v.b, "%d"+v.sep+"%m"+v.sep
		}
		y := v.year
		if v.fullYear {
			p += "%Y"
		} else {
			p += "%y"
			y += 2000
		}
		if validDate(y, m, d) {
			out = append(out, TimeFormat{"strptime", p + v.clock})
		}
	}
	return out
}

func clockPattern(h, s string) string {
	switch {
	case h == "":
		return ""
	case s == "":
		return " %H:%M"
	}
	return " %H:%M:%S"
}

func validClock(h, m, s string) bool {
	if h == "" {
		return true
	}
	return atoi(h) < 24 && atoi(m) < 60 && (s == "" || atoi(s) < 61)
}

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// SQL is a DuckDB expression turning the VARCHAR expr into a TIMESTAMP, or
// NULL when a value does not parse (never an error). The value is trimmed
// and a trailing " UTC" dropped first. Epochs are UTC and become plain
// TIMESTAMPs without going through TIMESTAMPTZ, so the session's time zone
// never shifts them; ISO values with an offset are converted to UTC.
func (f TimeFormat) SQL(expr string) string {
	t := `regexp_replace(trim(CAST(` + expr + ` AS VARCHAR)), '\s*UTC$', '')`
	switch f.Kind {
	case "yyyymmdd":
		return `CASE WHEN regexp_full_match(` + t + `, '\d{8}') THEN try_strptime(` + t + `, '%Y%m%d') END`
	case "epoch_s":
		return `CASE WHEN regexp_full_match(` + t + `, '\d{9,10}') THEN make_timestamp(CAST(` + t + ` AS BIGINT) * 1000000) END`
	case "epoch_ms":
		return `CASE WHEN regexp_full_match(` + t + `, '\d{12,13}') THEN make_timestamp(CAST(` + t + ` AS BIGINT) * 1000) END`
	case "strptime":
		return `try_strptime(` + t + `, '` + strings.ReplaceAll(f.Pattern, "'", "''") + `')`
	}
	// A TIMESTAMP cast ignores "+09:00"; an instant with an offset goes
	// through TIMESTAMPTZ and is read back in UTC, like "Z" and epochs.
	return `CASE WHEN regexp_matches(` + t + `, '\d:\d{2}(:\d{2}(\.\d+)?)?\s*[+-]\d{2}(:?\d{2})?$') ` +
		`THEN timezone('UTC', TRY_CAST(` + t + ` AS TIMESTAMPTZ)) ELSE TRY_CAST(` + t + ` AS TIMESTAMP) END`
}
