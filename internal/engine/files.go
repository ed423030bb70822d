package engine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/config"
	"github.com/kizuna-dev/kizuna/internal/detect"
	"github.com/kizuna-dev/kizuna/internal/model"
)

// dataExts are the file endings looked at inside a folder.
var dataExts = []string{".csv", ".tsv", ".txt", ".psv", ".csv.gz", ".tsv.gz", ".txt.gz", ".gz",
	".parquet", ".json", ".ndjson", ".jsonl", ".json.gz", ".ndjson.gz", ".jsonl.gz"}

func isDataFile(name string) bool {
	n := strings.ToLower(name)
	for _, e := range dataExts {
		if strings.HasSuffix(n, e) {
			return true
		}
	}
	return false
}

// expand turns a file, glob or folder into files (folders: their data files,
// recursively, hidden ones skipped), sorted. Named pipes, sockets and
// devices are left out (expandAll says so).
func expand(p string) ([]string, error) {
	files, _, err := expandAll(p)
	return files, err
}

// expandAll is expand that also returns the paths it left out, with why:
// reading a named pipe would hang, a device never ends.
func expandAll(p string) (files []string, skipped []model.Rejection, err error) {
	if strings.ContainsAny(p, "*?[") {
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: bad pattern: %w", p, err)
		}
		if len(m) == 0 {
			return nil, nil, fmt.Errorf("%s: no file matches", p)
		}
		for _, f := range m {
			fs, sk, err := expandAll(f)
			if err != nil {
				return nil, nil, err
			}
			files, skipped = append(files, fs...), append(skipped, sk...)
		}
		return files, skipped, nil
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", p, unwrapPathErr(err))
	}
	if !st.IsDir() {
		if why := special(st.Mode()); why != "" {
			return nil, []model.Rejection{{File: p, Reason: why}}, nil
		}
		return []string{p}, nil, nil
	}
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", path, unwrapPathErr(err))
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isDataFile(d.Name()) {
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			if st, err := os.Stat(path); err == nil {
				mode = st.Mode()
			}
		}
		if why := special(mode); why != "" {
			skipped = append(skipped, model.Rejection{File: path, Reason: why})
			return nil
		}
		files = append(files, path)
		return nil
	})
	sort.Strings(files)
	return files, skipped, err
}

// special says why a file of this mode is not read ("" for a regular file).
func special(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "not a regular file (a named pipe): skipped"
	case m&fs.ModeSocket != 0:
		return "not a regular file (a socket): skipped"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "not a regular file (a device): skipped"
	case m&fs.ModeIrregular != 0:
		return "not a regular file: skipped"
	}
	return ""
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// plan decides which files feed which role and how: the mapping file's
// tables first, then the files given on the command line, detected.
func (e *Engine) plan(ctx context.Context, opts Options) ([]*source, error) {
	var srcs []*source
	claimed := map[string]bool{}
	if e.Config != nil {
		if err := e.loadSources(ctx, claimed); err != nil { // [sources]
			return nil, err
		}
		for _, r := range model.Roles {
			for _, t := range e.Config.Tables[r.Name] {
				if t.SQL != "" { // a query over [sources]
					s, err := e.sqlSource(ctx, r.Name, &t)
					if err != nil {
						return nil, err
					}
					srcs = append(srcs, s)
					continue
				}
				p := t.Path
				if !filepath.IsAbs(p) {
					p = filepath.Join(e.Config.Dir, p)
				}
				files, err := expand(p)
				if err != nil {
					return nil, dataErr("%s: tables.%s: %v", e.Config.File, r.Name, err)
				}
				for _, f := range files {
					abs, _ := filepath.Abs(f)
					claimed[abs] = true
					s, err := e.newSource(ctx, f, r.Name, &t)
					if e.failed(f, err, opts) {
						continue
					}
					if err != nil {
						return nil, err
					}
					srcs = append(srcs, s)
				}
			}
		}
	}
	for _, p := range opts.Paths {
		files, skipped, err := expandAll(p)
		if err != nil {
			return nil, dataErr("%v", err)
		}
		for _, sk := range skipped {
			e.Schema.Ignored = append(e.Schema.Ignored, sk)
			opts.Warn(fmt.Sprintf("%s: not loaded: %s", sk.File, sk.Reason))
		}
		for _, f := range files {
			abs, _ := filepath.Abs(f)
			if claimed[abs] || (e.Config != nil && abs == mustAbs(e.Config.File)) {
				continue
			}
			claimed[abs] = true
			s, err := e.newSource(ctx, f, "", nil)
			if e.failed(f, err, opts) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if s.ignored != "" {
				e.Schema.Ignored = append(e.Schema.Ignored, model.Rejection{File: f, Reason: s.ignored})
				opts.Warn(fmt.Sprintf("%s: not loaded: %s", f, s.ignored))
				continue
			}
			srcs = append(srcs, s)
		}
	}
	if len(srcs) == 0 && len(e.Schema.Ignored) == 0 && len(e.Schema.Failed) == 0 {
		return nil, dataErr("no data files found in %s", strings.Join(opts.Paths, ", "))
	}
	return srcs, nil
}

// fileFailure is a file that cannot be read: it is reported in
// Schema.Failed and the other files load (one bad file never blocks them).
type fileFailure struct {
	file string
	err  error
}

func (f *fileFailure) Error() string { return f.file + ": " + f.err.Error() }
func (f *fileFailure) Unwrap() error { return f.err }

// failed records err in Schema.Failed when it is a file that cannot be
// read, and reports whether it did.
func (e *Engine) failed(file string, err error, opts Options) bool {
	var ff *fileFailure
	var de *detect.FileError
	var reason string
	switch {
	case err == nil:
		return false
	case errors.As(err, &ff):
		reason = ff.err.Error()
	case errors.As(err, &de):
		reason = de.Reason
	default:
		return false
	}
	e.Schema.Failed = append(e.Schema.Failed, model.Rejection{File: file, Reason: reason})
	opts.Warn(fmt.Sprintf("%s: cannot be loaded: %s", file, reason))
	return true
}

// fileScan is what one pass over a text file (decompressed) tells.
type fileScan struct {
	plain     bool  // every record is one non-blank line (no empty line, no line break inside quotes)
	maxRecord int64 // longest record in bytes (quoted line breaks included)
	openQuote bool  // the file ends inside a quoted field (an unterminated quote)
}

// scanText reads the whole (decompressed) file once: a truncated or
// corrupt gzip stream is an error naming the file, whatever the offset;
// and it learns whether records are plain lines and how long the longest is.
func scanText(path string, gz bool) (fileScan, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileScan{}, err
	}
	defer f.Close()
	var r io.Reader = f
	if gz {
		zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
		if err != nil {
			return fileScan{}, fmt.Errorf("gzip data is corrupt: %v", err)
		}
		defer zr.Close()
		r = zr
	}
	sc := fileScan{plain: true}
	inQuote, lineStart := false, true
	var rec int64
	buf := make([]byte, 1<<20)
	for {
		n, err := fill(r, buf)
		chunk := buf[:n]
		if !inQuote && bytes.IndexByte(chunk, '"') < 0 {
			// Fast path (most chunks): no quote, so records are lines.
			for len(chunk) > 0 {
				i := bytes.IndexByte(chunk, '\n')
				if i < 0 {
					rec += int64(len(chunk))
					lineStart = lineStart && (len(chunk) == 0 || (len(chunk) == 1 && chunk[0] == '\r'))
					break
				}
				line := chunk[:i]
				if lineStart && (len(line) == 0 || (len(line) == 1 && line[0] == '\r')) {
					sc.plain = false
				}
				sc.maxRecord = max(sc.maxRecord, rec+int64(i)+1)
				rec, lineStart = 0, true
				chunk = chunk[i+1:]
			}
		} else {
			for _, c := range chunk {
				rec++
				switch c {
				case '"':
					inQuote = !inQuote
					lineStart = false
				case '\n':
					if inQuote || lineStart {
						sc.plain = false
					}
					if !inQuote {
						sc.maxRecord = max(sc.maxRecord, rec)
						rec = 0
					}
					lineStart = true
				case '\r':
				default:
					lineStart = false
				}
			}
		}
		if err == io.EOF {
			sc.maxRecord = max(sc.maxRecord, rec)
			sc.openQuote = inQuote
			return sc, nil
		}
		if err != nil {
			if gz {
				return fileScan{}, fmt.Errorf("gzip data is truncated or corrupt: %v", err)
			}
			return fileScan{}, err
		}
	}
}

// fill reads into buf until it is full or the reader fails; unlike
// io.ReadFull it passes io.EOF on as it is (and a gzip reader's
// io.ErrUnexpectedEOF, a torn stream, as an error).
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// openText opens path for reading, decompressing gzip.
func openText(path string, gz bool) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if !gz {
		return f, nil
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}

// recordStarts returns the physical line (1-based) on which each data
// record of a CSV file starts, splitting records as DuckDB's reader does:
// a line break inside double quotes belongs to its record, and blank
// lines hold no record.
func recordStarts(path string, gz bool, headerLines int) ([]int64, error) {
	rc, err := openText(path, gz)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<20)
	var starts []int64
	line, inQuote, atStart := int64(1), false, true
	buf := make([]byte, 1<<20)
	for {
		n, err := br.Read(buf)
		for _, c := range buf[:n] {
			switch {
			case c == '\n':
				if !inQuote {
					atStart = true
				}
				line++
			case c == '\r':
			default:
				if atStart && !inQuote {
					atStart = false
					if line > int64(headerLines) {
						starts = append(starts, line)
					}
				}
				if c == '"' {
					inQuote = !inQuote
				}
			}
		}
		if err == io.EOF {
			return starts, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// linesAt returns the physical line (1-based) holding each byte offset
// (0-based, ascending) of the decompressed file.
func linesAt(path string, gz bool, offsets []int64) ([]int64, error) {
	rc, err := openText(path, gz)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	out := make([]int64, len(offsets))
	br := bufio.NewReaderSize(rc, 1<<20)
	var pos, line int64 = 0, 1
	i := 0
	for i < len(offsets) {
		c, err := br.ReadByte()
		if err != nil {
			break
		}
		for i < len(offsets) && offsets[i] <= pos {
			out[i] = line
			i++
		}
		if c == '\n' {
			line++
		}
		pos++
	}
	for ; i < len(offsets); i++ {
		out[i] = line
	}
	return out, nil
}

func mustAbs(p string) string {
	a, _ := filepath.Abs(p)
	return a
}

var _ = config.FileName
