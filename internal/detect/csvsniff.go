package detect

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// delimiters are tried in this order; ties go to the earlier one.
var delimiters = []rune{',', '\t', ';', '|'}

// scanRecords is how many records the delimiter choice looks at.
const scanRecords = 100

// sniffCSV fills the CSV fields of lay from text (UTF-8, no BOM, whole lines).
func sniffCSV(text string, lay *Layout) {
	lay.Delimiter = chooseDelimiter(text)
	var rows [][]string
	var starts []int // physical line (1-based) where each row starts
	var lastEnd int  // physical line where the last row ends
	if lay.Delimiter == "whitespace" {
		rows, starts, lastEnd = splitWhitespace(text, SampleRows+1)
	} else {
		rows, starts, lastEnd = splitCSV(text, []rune(lay.Delimiter)[0], SampleRows+1)
	}
	if len(rows) == 0 {
		return
	}
	lay.Header = looksLikeHeader(rows[0], rows[1:])
	if lay.Header {
		lay.Columns = make([]string, len(rows[0]))
		for i, c := range rows[0] {
			lay.Columns[i] = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
		}
		rows, starts = rows[1:], starts[1:]
		if len(rows) == 0 {
			lay.HeaderLines = lastEnd
			return
		}
	} else {
		n := 0
		for _, r := range rows {
			n = max(n, len(r))
		}
		lay.Columns = make([]string, n)
		for i := range lay.Columns {
			lay.Columns[i] = fmt.Sprintf("column%d", i)
		}
		if len(rows) > SampleRows {
			rows = rows[:SampleRows]
		}
	}
	lay.HeaderLines = starts[0] - 1
	lay.Sample = rows
}

// splitCSV parses up to n records, with the physical line where each starts
// and the line where the last one ends.
func splitCSV(text string, delim rune, n int) (rows [][]string, starts []int, lastEnd int) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = delim, true, -1
	for len(rows) < n {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue // a broken line: DuckDB will reject it; keep looking
		}
		line, _ := r.FieldPos(0)
		lastEnd, _ = r.FieldPos(len(rec) - 1)
		rows, starts = append(rows, rec), append(starts, line)
	}
	return rows, starts, lastEnd
}

// splitWhitespace splits up to n non-blank lines at runs of spaces or tabs.
func splitWhitespace(text string, n int) (rows [][]string, starts []int, lastEnd int) {
	for i, l := range strings.Split(text, "\n") {
		if len(rows) == n {
			break
		}
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		rows, starts, lastEnd = append(rows, f), append(starts, i+1), i+1
	}
	return rows, starts, lastEnd
}

// chooseDelimiter takes the delimiter that splits the first records into
// the same number (≥ 2) of fields most consistently; "whitespace" when only
// runs of spaces do that; "," for a single column.
func chooseDelimiter(text string) string {
	best, bestMode, bestCons := ",", 1, 0.0
	for _, d := range delimiters {
		var counts []int
		r := csv.NewReader(strings.NewReader(text))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = d, true, -1
		for len(counts) < scanRecords {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				counts = append(counts, 0)
				continue
			}
			counts = append(counts, len(rec))
		}
		mode, cons := consistency(counts)
		if mode >= 2 && (cons > bestCons || (cons == bestCons && mode > bestMode)) {
			best, bestMode, bestCons = string(d), mode, cons
		}
	}
	if bestCons >= 0.9 {
		return best
	}
	ws, _, _ := splitWhitespace(text, scanRecords)
	counts := make([]int, len(ws))
	for i, f := range ws {
		counts[i] = len(f)
	}
	if mode, cons := consistency(counts); mode >= 2 && cons > bestCons {
		return "whitespace"
	}
	return best
}

// consistency is the most common count and the share of counts equal to it.
func consistency(counts []int) (mode int, share float64) {
	if len(counts) == 0 {
		return 0, 0
	}
	freq := map[int]int{}
	for _, c := range counts {
		freq[c]++
		if freq[c] > freq[mode] || (freq[c] == freq[mode] && c > mode) {
			mode = c
		}
	}
	return mode, float64(freq[mode]) / float64(len(counts))
}

// looksLikeHeader: the first row is names, not data. Its cells are not
// numbers or dates (and distinct, unless the evidence below is clear); and either one is a known column name,
// or below it a column holds numbers or dates, or (an all-text file) no
// first-row value shows up again in its column. Empty cells are allowed
// only next to clear evidence, for exports with an unnamed index column.
func looksLikeHeader(first []string, rest [][]string) bool {
	seen := map[string]bool{}
	empty, known, dup := 0, false, false
	for _, c := range first {
		c = strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
		if c == "" {
			empty++
			continue
		}
		if isNumber(c) || isTime(c) {
			return false
		}
		dup = dup || seen[c]
		seen[c] = true
		known = known || knownName(c)
	}
	if len(rest) == 0 {
		return empty == 0
	}
	contrast, repeated := false, false
	for j, c := range first {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		col := column(rest, j)
		p := profile(col)
		if p.n > 0 && (p.numeric*5 >= p.n*4 || p.time.Kind != "") {
			contrast = true
		}
		for _, v := range col {
			if strings.TrimSpace(v) == c {
				repeated = true
			}
		}
	}
	if empty > 0 {
		return empty*2 < len(first) && (known || contrast)
	}
	if dup {
		// A repeated name ("amount,amount") is a header only next to clear
		// evidence; the reader renames it (amount_2).
		return known || contrast
	}
	return known || contrast || !repeated
}

func isTime(s string) bool {
	_, ok := DetectTime([]string{s})
	return ok
}

// column j of rows (missing cells are "").
func column(rows [][]string, j int) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		if j < len(r) {
			out[i] = r[j]
		}
	}
	return out
}
