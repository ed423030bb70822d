package engine

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/config"
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
// recursively, hidden ones skipped), sorted.
func expand(p string) ([]string, error) {
	if strings.ContainsAny(p, "*?[") {
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("%s: bad pattern: %w", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("%s: no file matches", p)
		}
		var out []string
		for _, f := range m {
			fs, err := expand(f)
			if err != nil {
				return nil, err
			}
			out = append(out, fs...)
		}
		return out, nil
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPathErr(err))
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	var out []string
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
		if !d.IsDir() && isDataFile(d.Name()) {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
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
					if err != nil {
						return nil, err
					}
					srcs = append(srcs, s)
				}
			}
		}
	}
	for _, p := range opts.Paths {
		files, err := expand(p)
		if err != nil {
			return nil, dataErr("%v", err)
		}
		for _, f := range files {
			abs, _ := filepath.Abs(f)
			if claimed[abs] || (e.Config != nil && abs == mustAbs(e.Config.File)) {
				continue
			}
			claimed[abs] = true
			s, err := e.newSource(ctx, f, "", nil)
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
	if len(srcs) == 0 && len(e.Schema.Ignored) == 0 {
		return nil, dataErr("no data files found in %s", strings.Join(opts.Paths, ", "))
	}
	return srcs, nil
}

// recordLines returns the physical line (1-based) on which each data
// record of a CSV file starts, when they are not simply the lines after the
// header: DuckDB's reader skips empty lines and a quoted field may hold a
// line break, so its row numbers are not line numbers then. It returns nil
// when record i is on line headerLines+i (or the file cannot be scanned:
// the row numbers are then the best there is).
func recordLines(path string, gz bool, delim string, headerLines int) ([]int64, error) {
	if len(delim) != 1 {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<16)
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	}
	br := bufio.NewReaderSize(r, 1<<20)
	if simple, err := plainLines(br); err != nil || simple {
		return nil, nil // every record is one line: row numbers are line numbers
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil
	}
	r = bufio.NewReaderSize(f, 1<<16)
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	}
	cr := csv.NewReader(r)
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord, cr.ReuseRecord = rune(delim[0]), true, -1, true
	var lines []int64
	shifted := false
	for {
		_, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil
		}
		line, _ := cr.FieldPos(0)
		if line <= headerLines {
			continue
		}
		lines = append(lines, int64(line))
		shifted = shifted || line != headerLines+len(lines)
	}
	if !shifted {
		return nil, nil
	}
	return lines, nil
}

// plainLines scans r once, byte by byte, and reports whether every record
// is exactly one non-blank line: no empty line and no line break inside
// quotes. That is the common case, and then the costly record-by-record
// parse is skipped.
func plainLines(r *bufio.Reader) (bool, error) {
	inQuote, lineStart := false, true
	buf := make([]byte, 1<<20)
	for {
		n, err := r.Read(buf)
		for _, c := range buf[:n] {
			switch c {
			case '"':
				inQuote = !inQuote
				lineStart = false
			case '\n':
				if inQuote || lineStart {
					return false, nil
				}
				lineStart = true
			case '\r':
			default:
				lineStart = false
			}
		}
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// writeLineMap writes lines as a CSV of (record number, line) into dir.
func writeLineMap(dir string, lines []int64) (string, error) {
	f, err := os.CreateTemp(dir, "lines-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriter(f)
	for i, l := range lines {
		fmt.Fprintf(w, "%d,%d\n", i+1, l)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

func mustAbs(p string) string {
	a, _ := filepath.Abs(p)
	return a
}

var _ = config.FileName
