package sample

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// sink is one CSV file being written row by row through a buffer.
type sink struct {
	f   *os.File
	w   *bufio.Writer
	row []byte
	nf  int // fields in the current row
	n   int // data rows written
}

func create(dir, name, header string) (*sink, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	s := &sink{f: f, w: bufio.NewWriterSize(f, 1<<16)}
	s.w.WriteString(header + "\n")
	return s, nil
}

func (s *sink) close() error {
	err := s.w.Flush()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// start begins a row; fields are appended with the add* methods, then end.
func (s *sink) start() { s.row, s.nf = s.row[:0], 0 }

func (s *sink) sep() {
	if s.nf > 0 {
		s.row = append(s.row, ',')
	}
	s.nf++
}

func (s *sink) str(v string) {
	s.sep()
	s.row = appendCSV(s.row, v)
}

// raw appends a field that needs no quoting (ids built by the generator).
func (s *sink) raw(v []byte) {
	s.sep()
	s.row = append(s.row, v...)
}

func (s *sink) int(v int64) {
	s.sep()
	s.row = strconv.AppendInt(s.row, v, 10)
}

func (s *sink) ts(sec int64) {
	s.sep()
	s.row = appendTS(s.row, sec)
}

// empty appends an empty field.
func (s *sink) empty() { s.sep() }

func (s *sink) end() {
	s.row = append(s.row, '\n')
	s.w.Write(s.row)
	s.n++
}

func appendCSV(b []byte, v string) []byte {
	if !strings.ContainsAny(v, ",\"\n\r") {
		return append(b, v...)
	}
	b = append(b, '"')
	for i := 0; i < len(v); i++ {
		if v[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, v[i])
	}
	return append(b, '"')
}

// appendTS writes sec (seconds since 1970-01-01 00:00, a wall clock without
// zone) as "YYYY-MM-DD HH:MM:SS".
func appendTS(b []byte, sec int64) []byte {
	days := sec / 86400
	rem := sec % 86400
	if rem < 0 {
		rem += 86400
		days--
	}
	y, m, d := civil(days)
	b = appendPad(b, int64(y), 4)
	b = append(b, '-')
	b = appendPad(b, int64(m), 2)
	b = append(b, '-')
	b = appendPad(b, int64(d), 2)
	b = append(b, ' ')
	b = appendPad(b, rem/3600, 2)
	b = append(b, ':')
	b = appendPad(b, rem/60%60, 2)
	b = append(b, ':')
	return appendPad(b, rem%60, 2)
}

func appendPad(b []byte, v int64, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], v, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil inverse).
func civil(z int64) (year, month, day int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(d)
}

// appendID writes prefix followed by n zero-padded to width digits.
func appendID(b []byte, prefix byte, n int, width int) []byte {
	b = append(b, prefix)
	return appendPad(b, int64(n), width)
}
