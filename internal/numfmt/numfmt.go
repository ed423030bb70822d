// Package numfmt writes values as text, the one way kizuna does it
// everywhere: on screen (thousands separators, one decimal), in the text
// table of `report` and `sql` (one decimal, no separators) and in CSV and
// JSON (full precision). Whole numbers never carry ".0", a fraction that
// rounding would write as zero keeps two significant digits (0.04, not
// 0.0) and no number is written with an exponent below 1e21.
package numfmt

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Style is how far a value is rounded and whether its integer part is
// grouped by thousands.
type Style struct {
	Decimals int  // decimals of a fraction of magnitude >= 1 (-1: full precision)
	Group    bool // thousands separators in the integer part
	Trim     bool // trailing zeros of the decimals dropped (12.50 → 12.5)
}

var (
	// Full is CSV and JSON: every digit, no separators.
	Full = Style{Decimals: -1}
	// Table is the text table of `report` and `sql`.
	Table = Style{Decimals: 1}
	// Screen is the workbench's panes.
	Screen = Style{Decimals: 1, Group: true}
	// Data is the rows behind a drill and the SQL pane's results: the
	// workbench's form with up to two decimals (prices keep their cents).
	Data = Style{Decimals: 2, Group: true, Trim: true}
)

// maxDecimals bounds the digits a small fraction gets on screen.
const maxDecimals = 6

// Float writes x in style s.
func (s Style) Float(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	if x == 0 {
		x = 0 // no "-0"
	}
	if s.Decimals < 0 {
		return full(x)
	}
	if math.Abs(x) >= 1e15 {
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	var out string
	switch a := math.Abs(x); {
	case x == math.Trunc(x):
		out = strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 0.5*math.Pow10(-s.Decimals):
		out = strconv.FormatFloat(x, 'f', s.Decimals, 64)
	default:
		// rounding would write 0: two significant digits instead
		d := min(1-int(math.Floor(math.Log10(a))), maxDecimals)
		out = trimZeros(strconv.FormatFloat(x, 'f', d, 64), s.Decimals)
	}
	if s.Trim {
		out = trimZeros(out, 0)
	}
	if s.Group {
		out = Group(out)
	}
	return out
}

// Int writes n in style s.
func (s Style) Int(n int64) string {
	out := strconv.FormatInt(n, 10)
	if s.Group {
		out = Group(out)
	}
	return out
}

// Value writes any value a result holds: "" for nil, numbers in style s,
// dates as YYYY-MM-DD (with the time of day when it is not midnight).
func (s Style) Value(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return s.Float(x)
	case float32:
		return s.Float(float64(x))
	case int64:
		return s.Int(x)
	case int:
		return s.Int(int64(x))
	case int32:
		return s.Int(int64(x))
	case time.Time:
		return Time(x)
	}
	return fmt.Sprint(v)
}

// Signed writes x with its sign always shown: "+1,234", "-0.5".
func (s Style) Signed(x float64) string {
	out := s.Float(x)
	if x >= 0 && !math.IsNaN(x) {
		out = "+" + out
	}
	return out
}

// Fixed writes x with exactly dec decimals, grouped as s says: Fixed(2) of
// 1234.5 on screen is "1,234.50".
func (s Style) Fixed(x float64, dec int) string {
	out := strconv.FormatFloat(x, 'f', dec, 64)
	if s.Group {
		out = Group(out)
	}
	return out
}

// Count writes a whole number with thousands separators: 2045 → "2,045".
func Count(n int64) string { return Screen.Int(n) }

// Time writes t as a date, with the time of day unless it is midnight.
func Time(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04:05")
}

// full is x at full precision without an exponent where JSON readers and
// spreadsheets would print none (|x| < 1e21): 128923060, not 1.2892306e+08.
func full(x float64) string {
	if math.Abs(x) < 1e21 && (x == 0 || math.Abs(x) >= 1e-6) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// trimZeros drops trailing zeros of a decimal number, keeping keep decimals.
func trimZeros(s string, keep int) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	end := len(s)
	for end > dot+1+keep && s[end-1] == '0' {
		end--
	}
	if end == dot+1 {
		end = dot
	}
	return s[:end]
}

// Group puts thousands separators in the integer part of a formatted
// number: "-1234567.5" → "-1,234,567.5". Text that is not a plain
// decimal number comes back as it is.
func Group(s string) string {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i:]
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return sign + s + frac
		}
	}
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return sign + b.String() + frac
}
