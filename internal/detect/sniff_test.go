package detect

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

func write(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sjis(t *testing.T, s string) []byte {
	t.Helper()
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sniff(t *testing.T, path string) Layout {
	t.Helper()
	lay, err := Sniff(path)
	if err != nil {
		t.Fatalf("Sniff(%s): %v", path, err)
	}
	return lay
}

// checkLayout compares the CSV fields of got with want.
func checkLayout(t *testing.T, name string, got, want Layout) {
	t.Helper()
	if len(got.Sample) == 0 {
		got.Sample = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", name, got, want)
	}
}

const japaneseOrders = "顧客ID,購入日,金額\r\nC001,2024/01/05,1200\r\nC002,2024/01/31,350\r\nC001,2024/02/03,9800\r\n"

// TestSniffShiftJIS: a CP932 file with Japanese headers is detected,
// decoded, guessed as orders, and transcoded to the UTF-8 text it encodes.
func TestSniffShiftJIS(t *testing.T) {
	path := write(t, "購入履歴.csv", sjis(t, japaneseOrders))
	lay := sniff(t, path)
	checkLayout(t, "shift_jis", lay, Layout{
		Format: "csv", Encoding: "shift_jis", Delimiter: ",", Header: true, HeaderLines: 1,
		Columns: []string{"顧客ID", "購入日", "金額"},
		Sample:  [][]string{{"C001", "2024/01/05", "1200"}, {"C002", "2024/01/31", "350"}, {"C001", "2024/02/03", "9800"}},
	})
	g := GuessRole(path, lay.Columns, lay.Sample)
	want := map[string]string{"customer_id": "顧客ID", "ordered_at": "購入日", "amount": "金額"}
	if g.Role != "orders" || !reflect.DeepEqual(g.Columns, want) {
		t.Errorf("guess %s %v, want orders %v (%s)", g.Role, g.Columns, want, g.Why)
	}
	if f, ok := DetectTime(column(lay.Sample, 1)); !ok || f != (TimeFormat{"strptime", "%Y/%m/%d"}) {
		t.Errorf("購入日 format %+v", f)
	}
	// The same bytes gzip-compressed, without a .gz name: magic bytes decide.
	gzPath := write(t, "orders.dat", gz(t, sjis(t, japaneseOrders)))
	glay := sniff(t, gzPath)
	if glay.Compression != "gzip" || glay.Encoding != "shift_jis" || !reflect.DeepEqual(glay.Sample, lay.Sample) {
		t.Errorf("gzip shift_jis: %+v", glay)
	}
	for _, src := range []string{path, gzPath} {
		dst := filepath.Join(t.TempDir(), "out.csv")
		if err := Transcode(src, dst); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(dst); string(b) != japaneseOrders {
			t.Errorf("Transcode(%s) = %q, want %q", src, b, japaneseOrders)
		}
	}
}

// TestSniffShapes covers BOM, TSV, semicolons with decimal commas, pipes,
// gzip, header-only, quoted fields with CRLF, and a file without a header.
func TestSniffShapes(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want Layout
	}{
		{"bom.csv", []byte("\xef\xbb\xbfcustomer_id,signup_at\nc1,2024-01-05\n"), Layout{
			Format: "csv", Encoding: "utf-8-bom", Delimiter: ",", Header: true, HeaderLines: 1,
			Columns: []string{"customer_id", "signup_at"}, Sample: [][]string{{"c1", "2024-01-05"}}}},
		{"orders.tsv", []byte("order id\tcustomer\tamount\n1\tc 1\t10.5\n2\tc 2\t3\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: "\t", Header: true, HeaderLines: 1,
			Columns: []string{"order id", "customer", "amount"}, Sample: [][]string{{"1", "c 1", "10.5"}, {"2", "c 2", "3"}}}},
		// Comma splits these lines into 1, 3 and 2 fields; semicolon into 3 each.
		{"semi.csv", []byte("kunde;datum;betrag\nk1;01.02.2024;1,5\nk2;03.02.2024;20\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: ";", Header: true, HeaderLines: 1,
			Columns: []string{"kunde", "datum", "betrag"}, Sample: [][]string{{"k1", "01.02.2024", "1,5"}, {"k2", "03.02.2024", "20"}}}},
		{"pipe.txt", []byte("a|b\n1|2\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: "|", Header: true, HeaderLines: 1,
			Columns: []string{"a", "b"}, Sample: [][]string{{"1", "2"}}}},
		{"orders.csv.gz", gz(t, []byte("customer_id,amount\nc1,5\n")), Layout{
			Format: "csv", Compression: "gzip", Encoding: "utf-8", Delimiter: ",", Header: true, HeaderLines: 1,
			Columns: []string{"customer_id", "amount"}, Sample: [][]string{{"c1", "5"}}}},
		{"empty_orders.csv", []byte("customer_id,ordered_at,amount\r\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: ",", Header: true, HeaderLines: 1,
			Columns: []string{"customer_id", "ordered_at", "amount"}}},
		// The quoted comment spans lines 3–4, so the third row starts on line 5.
		{"quoted.csv", []byte("id,comment,score\r\n1,\"good, fast\",9\r\n2,\"two\r\nlines\",\"7\"\r\n3,,10\r\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: ",", Header: true, HeaderLines: 1,
			Columns: []string{"id", "comment", "score"},
			Sample:  [][]string{{"1", "good, fast", "9"}, {"2", "two\nlines", "7"}, {"3", "", "10"}}}},
		// Blank lines before the header count as lines before the data.
		{"blank.csv", []byte("\n\n user , score \n1,9\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: ",", Header: true, HeaderLines: 3,
			Columns: []string{"user", "score"}, Sample: [][]string{{"1", "9"}}}},
		// A first row of numbers is data.
		{"nohead.csv", []byte("1,2.5,2024-01-01\n2,3.5,2024-01-02\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: ",", HeaderLines: 0,
			Columns: []string{"column0", "column1", "column2"},
			Sample:  [][]string{{"1", "2.5", "2024-01-01"}, {"2", "3.5", "2024-01-02"}}}},
		// All text and the first row's "pv" appears again below: data.
		{"words.csv", []byte("pv,home\ncart,shoes\npv,home\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: ",",
			Columns: []string{"column0", "column1"},
			Sample:  [][]string{{"pv", "home"}, {"cart", "shoes"}, {"pv", "home"}}}},
		// A single column.
		{"ids.csv", []byte("customer_id\nc1\nc2\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: ",", Header: true, HeaderLines: 1,
			Columns: []string{"customer_id"}, Sample: [][]string{{"c1"}, {"c2"}}}},
		{"aligned.txt", []byte("  id   amount\n  a1   10.00\n  a2    9.50\n"), Layout{
			Format: "csv", Encoding: "utf-8", Delimiter: "whitespace", Header: true, HeaderLines: 1,
			Columns: []string{"id", "amount"}, Sample: [][]string{{"a1", "10.00"}, {"a2", "9.50"}}}},
	}
	for _, c := range cases {
		checkLayout(t, c.name, sniff(t, write(t, c.name, c.data)), c.want)
	}
}

// TestSniffFormats: Parquet by magic bytes, JSON arrays and objects, NDJSON.
func TestSniffFormats(t *testing.T) {
	cases := []struct {
		name, data string
		want       Layout
	}{
		{"x.bin", "PAR1\x15\x04\x15\x00\x00\x00PAR1", Layout{Format: "parquet"}},
		{"a.json", " [ {\"id\": 1}, {\"id\": 2} ]", Layout{Format: "json", Encoding: "utf-8"}},
		{"o.json", "{\"rows\": [1, 2]}\n", Layout{Format: "json", Encoding: "utf-8"}},
		{"l.json", "{\"id\": 1}\n{\"id\": 2}\n", Layout{Format: "ndjson", Encoding: "utf-8"}},
		{"one.jsonl", "{\"id\": 1}\n", Layout{Format: "ndjson", Encoding: "utf-8"}},
	}
	for _, c := range cases {
		checkLayout(t, c.name, sniff(t, write(t, c.name, []byte(c.data))), c.want)
	}
	if lay := sniff(t, write(t, "l.ndjson.gz", gz(t, []byte("{\"id\": 1}\n")))); lay.Format != "ndjson" || lay.Compression != "gzip" {
		t.Errorf("gzip ndjson: %+v", lay)
	}
}

// TestSniffLargeFile: only the first MiB is read; the row cut at the end of
// it is dropped and Sample stops at SampleRows, also in Shift_JIS.
func TestSniffLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("顧客ID,メモ\n")
	for i := 0; b.Len() < 3*headLimit; i++ {
		fmt.Fprintf(&b, "%d,あいうえおかきくけこ\n", i)
	}
	for _, enc := range []string{"utf-8", "shift_jis"} {
		data := []byte(b.String())
		if enc == "shift_jis" {
			data = sjis(t, b.String())
		}
		lay := sniff(t, write(t, "big.csv", data))
		if lay.Encoding != enc || len(lay.Sample) != SampleRows || lay.Sample[SampleRows-1][0] != "499" ||
			lay.Sample[SampleRows-1][1] != "あいうえおかきくけこ" {
			t.Errorf("%s: encoding %s, %d rows, last %q", enc, lay.Encoding, len(lay.Sample), lay.Sample[len(lay.Sample)-1])
		}
	}
}

// TestSniffErrors: each unusable file gives an error naming the file and
// the cause.
func TestSniffErrors(t *testing.T) {
	dir := t.TempDir()
	latin1 := []byte("name,city\nJos\xe9,K\xf6ln\nM\xfcller,Z\xfcrich\n")
	eucjp, _ := japanese.EUCJP.NewEncoder().Bytes([]byte("顧客ID,金額\nC1,100\n"))
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i/13)
	}
	cases := []struct {
		name  string
		data  []byte
		cause error
		says  string
	}{
		{"empty.csv", nil, ErrEmpty, "empty file"},
		{"blank.csv", []byte("\r\n  \n"), ErrEmpty, "empty file"},
		{"empty.csv.gz", gz(t, nil), ErrEmpty, "empty file"},
		{"garbage.csv", garbage, ErrNotText, "not a text file"},
		{"sheet.csv", []byte("PK\x03\x04\x14\x00\x06\x00"), ErrNotText, "ZIP archive"},
		{"broken.gz", []byte{0x1f, 0x8b, 0x00, 0x01}, ErrNotText, "gzip data is corrupt"},
		{"latin1.csv", latin1, ErrEncoding, "neither UTF-8"},
		{"eucjp.csv", eucjp, ErrEncoding, "EUC-JP"},
		{"utf16.csv", []byte("\xff\xfea\x00,\x00b\x00"), ErrEncoding, "UTF-16"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkErr(t, p, c.cause, c.says)
	}
	checkErr(t, filepath.Join(dir, "missing.csv"), fs.ErrNotExist, "no such file")
	checkErr(t, dir, fs.ErrInvalid, "is a directory")

	p := filepath.Join(dir, "secret.csv")
	os.WriteFile(p, []byte("a,b\n1,2\n"), 0o000)
	if f, err := os.Open(p); err == nil {
		f.Close()
		t.Log("running as root: a chmod 000 file is still readable, so the unreadable-file assertion is skipped; openErr is checked below")
	} else {
		checkErr(t, p, fs.ErrPermission, "permission denied")
	}
	// The error Sniff returns for a file open refuses with EACCES.
	err := openErr(p, &fs.PathError{Op: "open", Path: p, Err: syscall.EACCES})
	if !errors.Is(err, fs.ErrPermission) || err.Error() != p+": cannot read: permission denied" {
		t.Errorf("openErr(EACCES) = %v", err)
	}
}

func checkErr(t *testing.T, path string, cause error, says string) {
	t.Helper()
	_, err := Sniff(path)
	if err == nil {
		t.Errorf("Sniff(%s): no error, want %v", path, cause)
		return
	}
	if !errors.Is(err, cause) || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), says) {
		t.Errorf("Sniff(%s) = %v; want the path, %q and cause %v", path, err, says, cause)
	}
}
