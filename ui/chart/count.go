package chart

import (
	"fmt"

	"github.com/kizuna-dev/kizuna/internal/interval"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
)

// Count formats a whole number with thousands separators: 2045 → "2,045".
func Count(n int64) string { return numfmt.Count(n) }

// Wilson is k of n as a percentage with its 95% Wilson interval:
// "36.1% (95% 34.0–38.2%)"; "–" when n is 0.
func Wilson(k, n int64) string {
	lo, hi, ok := interval.Wilson(k, n)
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.1f%% (95%% %.1f–%.1f%%)", 100*float64(k)/float64(n), 100*lo, 100*hi)
}

// WilsonShort is Wilson for tight rows: "4.7% [3.0–7.3]" (the brackets
// hold the 95% interval, in percent).
func WilsonShort(k, n int64) string {
	lo, hi, ok := interval.Wilson(k, n)
	if !ok {
		return "–"
	}
	return fmt.Sprintf("%.1f%% [%.1f–%.1f]", 100*float64(k)/float64(n), 100*lo, 100*hi)
}
