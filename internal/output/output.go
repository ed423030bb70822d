// Package output prints a result table as an aligned text table (double
// width aware, numbers rounded to one decimal), CSV or JSON (full
// precision), every value written by numfmt.
package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
)

// Formats are the accepted --format values.
var Formats = []string{"table", "csv", "json"}

// Valid reports whether f is a known format.
func Valid(f string) bool {
	for _, x := range Formats {
		if x == f {
			return true
		}
	}
	return false
}

// keep decides which keys a JSON row carries. The funnel's distribution
// rows (current_stage set) carry only group, current_stage and customers;
// its stage rows carry no current_stage. Other metrics keep every column.
func keep(metric string, cols []string, row []any) func(j int) bool {
	if metric != "funnel" {
		return func(int) bool { return true }
	}
	cur := -1
	for j, c := range cols {
		if c == "current_stage" {
			cur = j
		}
	}
	if cur < 0 {
		return func(int) bool { return true }
	}
	if row[cur] == nil {
		return func(j int) bool { return j != cur }
	}
	return func(j int) bool {
		switch cols[j] {
		case "group", "current_stage", "customers":
			return true
		}
		return false
	}
}

// Write prints t in format. metric and asOf are used by JSON.
func Write(w io.Writer, format, metric, asOf string, t *model.Table) error {
	switch format {
	case "csv":
		return CSV(w, t)
	case "json":
		return JSON(w, metric, asOf, t)
	default:
		return Text(w, t)
	}
}

// Cell renders a value for the text table (numfmt.Table): one decimal
// for fractions, whole numbers without ".0", small fractions with two
// significant digits.
func Cell(v any) string { return numfmt.Table.Value(v) }

// raw is a value for CSV: full precision (numfmt.Full).
func raw(v any) string { return numfmt.Full.Value(v) }

// Text prints an aligned table; numbers are right-aligned.
func Text(w io.Writer, t *model.Table) error {
	cells := make([][]string, len(t.Rows))
	width := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		width[j] = runewidth.StringWidth(c)
	}
	numeric := make([]bool, len(t.Columns))
	for j := range numeric {
		numeric[j] = true
	}
	for i, r := range t.Rows {
		cells[i] = make([]string, len(r))
		for j, v := range r {
			s := strings.ReplaceAll(Cell(v), "\n", " ")
			cells[i][j] = s
			if wd := runewidth.StringWidth(s); wd > width[j] {
				width[j] = wd
			}
			switch v.(type) {
			case nil, int64, float64:
			default:
				numeric[j] = false
			}
		}
	}
	var b bytes.Buffer
	line := func(row []string) {
		for j, s := range row {
			pad := strings.Repeat(" ", width[j]-runewidth.StringWidth(s))
			if j > 0 {
				b.WriteString("  ")
			}
			if numeric[j] {
				b.WriteString(pad + s)
			} else if j < len(row)-1 {
				b.WriteString(s + pad)
			} else {
				b.WriteString(s)
			}
		}
		b.WriteString("\n")
	}
	line(t.Columns)
	for _, r := range cells {
		line(r)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// CSV prints a header and the rows at full precision.
func CSV(w io.Writer, t *model.Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for j, v := range r {
			rec[j] = raw(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// JSON prints {"metric", "as_of", "rows": [...]} with keys in column order.
func JSON(w io.Writer, metric, asOf string, t *model.Table) error {
	var b bytes.Buffer
	b.WriteString(`{"metric":`)
	writeJSON(&b, metric)
	b.WriteString(`,"as_of":`)
	if asOf == "" { // dateless data (a customer snapshot, undated survey)
		b.WriteString("null")
	} else {
		writeJSON(&b, asOf)
	}
	b.WriteString(`,"rows":[`)
	for i, r := range t.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		first := true
		use := keep(metric, t.Columns, r)
		for j, v := range r {
			if !use(j) {
				continue
			}
			if !first {
				b.WriteString(",")
			}
			first = false
			writeJSON(&b, t.Columns[j])
			b.WriteString(":")
			writeValue(&b, v)
		}
		b.WriteString("}")
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func writeValue(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
			return
		}
		b.WriteString(numfmt.Full.Float(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case time.Time:
		writeJSON(b, numfmt.Time(x))
	default:
		writeJSON(b, fmt.Sprint(v))
	}
}

func writeJSON(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s)
	b.Write(enc)
}

// NDJSON prints the rows as newline-delimited objects keyed by column, in
// column order (the workbench's JSON export): numbers at full precision,
// dates as text, a missing value as null.
func NDJSON(w io.Writer, t *model.Table) error {
	var b bytes.Buffer
	for _, r := range t.Rows {
		b.WriteByte('{')
		for j, v := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			writeJSON(&b, t.Columns[j])
			b.WriteByte(':')
			writeValue(&b, v)
		}
		b.WriteString("}\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}
