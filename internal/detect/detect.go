package detect

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Layout is what Sniff learns about a file.
type Layout struct {
	Format      string     // "csv", "parquet", "json" (array/object), "ndjson"
	Compression string     // "" or "gzip" (by magic bytes, not only .gz)
	Encoding    string     // "utf-8", "utf-8-bom", "shift_jis" (CP932); "" for parquet
	Delimiter   string     // csv only: one character (",", "\t", ";", "|") or "whitespace" (space-aligned columns)
	Header      bool       // csv only
	Columns     []string   // csv: header names (trimmed, BOM removed) or column0..columnN-1 without a header
	Sample      [][]string // csv: up to SampleRows first data rows split into fields (decoded to UTF-8)
	HeaderLines int        // csv: physical lines before the first data row (header and blank lines)
}

// SampleRows is how many data rows Sniff keeps in Layout.Sample.
const SampleRows = 500

// headLimit is how much of the (decompressed) file Sniff reads.
const headLimit = 1 << 20

// Causes of Sniff errors, for errors.Is. Missing and unreadable files wrap
// fs.ErrNotExist and fs.ErrPermission.
var (
	ErrEmpty    = errors.New("empty file")
	ErrNotText  = errors.New("not a text file")
	ErrEncoding = errors.New("unsupported text encoding")
)

// FileError is a file that cannot be used: Error() names the file and why.
type FileError struct {
	Path   string
	Reason string
	Err    error // the cause: ErrEmpty, ErrNotText, ErrEncoding, fs.ErrNotExist, ...
}

func (e *FileError) Error() string { return e.Path + ": " + e.Reason }
func (e *FileError) Unwrap() error { return e.Err }

func fileErr(path string, cause error, format string, args ...any) error {
	return &FileError{Path: path, Reason: fmt.Sprintf(format, args...), Err: cause}
}

// Sniff reads the beginning of the file at path and works out its layout.
func Sniff(path string) (Layout, error) {
	h, err := readHead(path)
	if err != nil {
		return Layout{}, err
	}
	lay := Layout{Compression: h.compression}
	if bytes.HasPrefix(h.data, []byte("PAR1")) {
		if h.compression != "" {
			return Layout{}, fileErr(path, ErrNotText, "gzip-compressed Parquet cannot be read; decompress it first")
		}
		lay.Format = "parquet"
		return lay, nil
	}
	if err := checkText(path, h.data); err != nil {
		return Layout{}, err
	}
	enc, err := detectEncoding(h.data, h.truncated)
	if err != nil {
		return Layout{}, &FileError{Path: path, Reason: err.Error(), Err: ErrEncoding}
	}
	lay.Encoding = enc
	text := decode(h.data, enc)
	if h.truncated {
		// The last line may be cut in the middle.
		if i := strings.LastIndexByte(text, '\n'); i >= 0 {
			text = text[:i+1]
		}
	}
	if strings.TrimSpace(text) == "" {
		return Layout{}, fileErr(path, ErrEmpty, "empty file (only blank lines)")
	}
	if f := jsonFormat(path, text); f != "" {
		lay.Format = f
		return lay, nil
	}
	lay.Format = "csv"
	sniffCSV(text, &lay)
	return lay, nil
}

// head is the first headLimit bytes of a file, decompressed.
type head struct {
	data        []byte
	truncated   bool // the file goes on after data
	compression string
}

func readHead(path string) (head, error) {
	f, err := openFile(path)
	if err != nil {
		return head{}, err
	}
	defer f.Close()
	var magic [2]byte
	n, err := io.ReadFull(f, magic[:])
	if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return head{}, fileErr(path, ErrEmpty, "empty file (0 bytes)")
	}
	if err != nil && err != io.ErrUnexpectedEOF {
		return head{}, fileErr(path, err, "cannot read: %v", unwrapPath(err))
	}
	var h head
	r := io.MultiReader(bytes.NewReader(magic[:n]), f)
	if n == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return head{}, fileErr(path, ErrNotText, "gzip data is corrupt: %v", err)
		}
		defer zr.Close()
		r, h.compression = zr, "gzip"
	}
	buf, err := io.ReadAll(io.LimitReader(r, headLimit+1))
	if err != nil {
		if h.compression != "" {
			return head{}, fileErr(path, ErrNotText, "gzip data is corrupt: %v", err)
		}
		return head{}, fileErr(path, err, "cannot read: %v", unwrapPath(err))
	}
	if len(buf) == 0 {
		return head{}, fileErr(path, ErrEmpty, "empty file (gzip with no content)")
	}
	if len(buf) > headLimit {
		buf, h.truncated = buf[:headLimit], true
	}
	h.data = buf
	return h, nil
}

// openFile opens path for reading with errors that say what went wrong.
func openFile(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, openErr(path, err)
	}
	if st.IsDir() {
		return nil, fileErr(path, fs.ErrInvalid, "is a directory, not a file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, openErr(path, err)
	}
	return f, nil
}

func openErr(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fileErr(path, fs.ErrNotExist, "no such file")
	case errors.Is(err, fs.ErrPermission):
		return fileErr(path, fs.ErrPermission, "cannot read: permission denied")
	}
	return fileErr(path, err, "cannot open: %v", unwrapPath(err))
}

// unwrapPath drops the path from an *fs.PathError: the message names the
// file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkText rejects binary data: NUL bytes or more than 1% control
// characters, with a hint for the binary formats people try most.
func checkText(path string, b []byte) error {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return fileErr(path, ErrNotText, "not a text file: a ZIP archive (an Excel .xlsx? save it as CSV)")
	case bytes.HasPrefix(b, []byte{0xd0, 0xcf, 0x11, 0xe0}):
		return fileErr(path, ErrNotText, "not a text file: an old Excel .xls (save it as CSV)")
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return fileErr(path, ErrEncoding, "UTF-16 text is not supported; save it as UTF-8")
	}
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return fileErr(path, ErrNotText, "not a text file: binary data (NUL bytes)")
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1a, c == 0x7f:
			ctrl++
		}
	}
	if ctrl*100 > len(b) {
		return fileErr(path, ErrNotText, "not a text file: binary data (%d control bytes in the first %d)", ctrl, len(b))
	}
	return nil
}

// jsonFormat is "json" for a JSON array or single object, "ndjson" for one
// object per line, "" for anything else.
func jsonFormat(path, text string) string {
	t := strings.TrimLeft(text, " \t\r\n")
	if t == "" || (t[0] != '[' && t[0] != '{') {
		return ""
	}
	ext := filepath.Ext(strings.TrimSuffix(strings.ToLower(path), ".gz"))
	if ext == ".ndjson" || ext == ".jsonl" {
		return "ndjson"
	}
	if t[0] == '[' {
		return "json"
	}
	d := json.NewDecoder(strings.NewReader(t))
	var v json.RawMessage
	if err := d.Decode(&v); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return "json" // one object larger than the head
		}
		return ""
	}
	rest := strings.TrimLeft(t[d.InputOffset():], " \t\r\n")
	if rest == "" {
		return "json"
	}
	if rest[0] == '{' {
		return "ndjson"
	}
	return ""
}
