package kit

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// The engine's words that the workbench says in its own.
var (
	noColumnRe = regexp.MustCompile(`--where ([^:]+): (\w+) has no column`)
	castRe     = regexp.MustCompile(`(?s)Conversion Error.*?"([^"]*)".*CAST\(\$(from|to|as_of) AS DATE\)`)
)

// Words turns an engine error into what the workbench says: which filter,
// which value, what to do — never a command-line flag or DuckDB's text.
// Errors it does not know keep their first line.
func Words(err error, p metrics.Params) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if m := noColumnRe.FindStringSubmatch(msg); m != nil {
		dim, role := m[1], m[2]
		var vals []string
		for _, f := range p.Where {
			if f.Dim == dim {
				vals = append(vals, f.Value)
			}
		}
		what := "the " + dim + " filter"
		if len(vals) > 0 {
			what += " (" + strings.Join(vals, ", ") + ")"
		}
		return wordsError{fmt.Sprintf("%s have no %s; %s does not apply here (f, ctrl+x clears)",
			role, dim, what), err}
	}
	if m := castRe.FindStringSubmatch(msg); m != nil {
		field := strings.ReplaceAll(m[2], "_", "-")
		return wordsError{fmt.Sprintf("%s: %s is not a date — write YYYY-MM-DD in the filter bar (f)", field, m[1]), err}
	}
	var ue *metrics.UsageError
	if errors.As(err, &ue) {
		return err
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		return wordsError{strings.TrimSpace(msg[:i]), err}
	}
	return err
}

// wordsError says msg and keeps the engine's error for errors.Is/As.
type wordsError struct {
	msg string
	err error
}

func (e wordsError) Error() string { return e.msg }
func (e wordsError) Unwrap() error { return e.err }
