package detect

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

var bom = []byte{0xef, 0xbb, 0xbf}

// detectEncoding is "utf-8", "utf-8-bom" or "shift_jis" for b, the head of
// a file (truncated: the file goes on, so the last character may be cut).
func detectEncoding(b []byte, truncated bool) (string, error) {
	if truncated {
		if i := bytes.LastIndexByte(b, '\n'); i > 0 {
			b = b[:i+1]
		}
	}
	if bytes.HasPrefix(b, bom) {
		if !utf8.Valid(b[3:]) && !(truncated && validExceptTail(b[3:])) {
			return "", fmt.Errorf("starts with a UTF-8 byte order mark but is not valid UTF-8 (at byte %d)", 3+invalidAt(b[3:]))
		}
		return "utf-8-bom", nil
	}
	if utf8.Valid(b) || (truncated && validExceptTail(b)) {
		return "utf-8", nil
	}
	if why := sjisImplausible(b); why != "" {
		return "", fmt.Errorf("text encoding is neither UTF-8 (invalid byte at %d) nor Shift_JIS (%s); save it as UTF-8", invalidAt(b), why)
	}
	return "shift_jis", nil
}

// validExceptTail: valid UTF-8 but for a character cut at the end.
func validExceptTail(b []byte) bool {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			return utf8.Valid(b[:i])
		}
	}
	return false
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// sjisImplausible says why b does not read as Japanese Shift_JIS text, or
// "" when it does: bytes that are no CP932 character, user-defined
// characters, control characters, accented Latin-1 letters that happen to
// form a kanji between two ASCII letters ("Müller"), or EUC-JP, which
// reads as a run of half-width katakana.
func sjisImplausible(b []byte) string {
	s, err := japanese.ShiftJIS.NewDecoder().Bytes(b)
	if err != nil {
		return err.Error()
	}
	rs := []rune(string(s))
	nonASCII, halfKana, wedged := 0, 0, 0
	for i, r := range rs {
		switch {
		case r == utf8.RuneError:
			return "bytes that are no Shift_JIS character"
		case r >= 0xe000 && r <= 0xf8ff:
			return "user-defined characters"
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
			return "control characters"
		case r < utf8.RuneSelf:
			continue
		}
		nonASCII++
		if r >= 0xff61 && r <= 0xff9f {
			halfKana++
		}
		if i > 0 && i+1 < len(rs) && isLatin(rs[i-1]) && isLatin(rs[i+1]) {
			wedged++
		}
	}
	switch {
	case wedged*10 > nonASCII:
		return "accented letters between ASCII letters: Latin-1?"
	case halfKana*2 > nonASCII && eucJP(b):
		return "looks like EUC-JP"
	}
	return ""
}

func isLatin(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// eucJP: every non-ASCII byte pairs up as an EUC-JP character.
func eucJP(b []byte) bool {
	s, err := japanese.EUCJP.NewDecoder().Bytes(b)
	return err == nil && !bytes.ContainsRune(s, utf8.RuneError)
}

// decode returns b as UTF-8 text without a byte order mark.
func decode(b []byte, enc string) string {
	switch enc {
	case "utf-8-bom":
		return string(b[3:])
	case "shift_jis":
		s, _ := japanese.ShiftJIS.NewDecoder().Bytes(b)
		return string(s)
	}
	return string(b)
}

// Transcode writes a plain (uncompressed) UTF-8 copy of src to dst:
// Shift_JIS/CP932 is decoded, a UTF-8 byte order mark dropped, gzip
// decompressed. On error dst is removed.
func Transcode(src, dst string) (err error) {
	h, err := readHead(src)
	if err != nil {
		return err
	}
	if err := checkText(src, h.data); err != nil {
		return err
	}
	enc, err := detectEncoding(h.data, h.truncated)
	if err != nil {
		return &FileError{Path: src, Reason: err.Error(), Err: ErrEncoding}
	}
	f, err := openFile(src)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if h.compression == "gzip" {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fileErr(src, ErrNotText, "gzip data is corrupt: %v", err)
		}
		defer zr.Close()
		r = zr
	}
	switch enc {
	case "utf-8-bom":
		if _, err := io.ReadFull(r, make([]byte, len(bom))); err != nil {
			return fileErr(src, err, "cannot read: %v", err)
		}
	case "shift_jis":
		r = transform.NewReader(r, japanese.ShiftJIS.NewDecoder())
	}
	out, err := os.Create(dst)
	if err != nil {
		return fileErr(dst, err, "cannot write: %v", unwrapPath(err))
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fileErr(dst, cerr, "cannot write: %v", unwrapPath(cerr))
		}
		if err != nil {
			os.Remove(dst)
		}
	}()
	if _, err := io.Copy(out, r); err != nil {
		return fileErr(src, err, "cannot transcode to %s: %v", dst, unwrapPath(err))
	}
	return nil
}
