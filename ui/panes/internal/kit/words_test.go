package kit

import (
	"errors"
	"testing"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// The engine's texts in the workbench's words, per filter field.
func TestWords(t *testing.T) {
	where := metrics.Params{Where: []metrics.Filter{{Dim: "region", Value: "九州"}, {Dim: "region", Value: "関東"}}}
	for _, c := range []struct {
		err  error
		p    metrics.Params
		want string
	}{
		{&metrics.UsageError{Msg: "--where region: posts has no column region and its rows are not tied to a customer dimension of that name"},
			where, "posts have no region; the region filter (九州, 関東) does not apply here (f, ctrl+x clears)"},
		{errors.New("Conversion Error: date field value out of range: \"2025-13-45\"\n\nLINE 6: ... WHERE ($from IS NULL OR responded_at >= CAST($from AS DATE)) AND"),
			metrics.Params{}, "from: 2025-13-45 is not a date — write YYYY-MM-DD in the filter bar (f)"},
		{errors.New("Conversion Error: date field value out of range: \"2025-02-30\"\nLINE 1: ($to IS NULL OR x <= CAST($to AS DATE))"),
			metrics.Params{}, "to: 2025-02-30 is not a date — write YYYY-MM-DD in the filter bar (f)"},
		{errors.New("Binder Error: something\nLINE 1: SELECT"), metrics.Params{}, "Binder Error: something"},
	} {
		if got := Words(c.err, c.p); got == nil || got.Error() != c.want {
			t.Errorf("Words(%q) = %v, want %q", c.err, got, c.want)
		} else if !errors.Is(got, c.err) {
			t.Errorf("Words(%q) lost the error", c.err)
		}
	}
	if Words(nil, metrics.Params{}) != nil {
		t.Error("nil became an error")
	}
}
