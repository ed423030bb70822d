package sample

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	sampledata "github.com/kizuna-dev/kizuna/sample-data"
)

var update = flag.Bool("update", false, "rewrite ../../sample-data with the default generation")

// defaultDir is a generation with the default options, shared by the tests.
var defaultDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "kizuna-sample-")
	if err != nil {
		panic(err)
	}
	if err := Write(dir, Options{}); err != nil {
		panic(err)
	}
	defaultDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range Files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

func TestDeterministic(t *testing.T) {
	o := Options{Customers: 400, Seed: 7}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	if err := Write(a, o); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, o); err != nil {
		t.Fatal(err)
	}
	o.Seed = 8
	if err := Write(c, o); err != nil {
		t.Fatal(err)
	}
	fa, fb, fc := readAll(t, a), readAll(t, b), readAll(t, c)
	for _, name := range Files {
		if !bytes.Equal(fa[name], fb[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		if bytes.Equal(fa[name], fc[name]) {
			t.Errorf("%s is the same for seeds 7 and 8", name)
		}
	}
}

// TestCommittedSampleData checks that sample-data/ is what Write produces
// with the defaults (seed 1). Regenerate with
//
//	go test ./internal/sample -run TestCommittedSampleData -update
func TestCommittedSampleData(t *testing.T) {
	const committed = "../../sample-data"
	fresh := readAll(t, defaultDir)
	if *update {
		for _, name := range Files {
			if err := os.WriteFile(filepath.Join(committed, name), fresh[name], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	total := 0
	for _, name := range Files {
		disk, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil {
			t.Fatal(err)
		}
		embedded, err := sampledata.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(disk, fresh[name]) || !bytes.Equal(embedded, fresh[name]) {
			t.Errorf("sample-data/%s is stale: run go test ./internal/sample -run TestCommittedSampleData -update", name)
		}
		total += len(disk)
	}
	if total > 4<<20 {
		t.Errorf("sample-data is %d bytes, over the 4 MiB budget", total)
	}
	entries, err := sampledata.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(Files) {
		t.Errorf("embedded %d files, want %d", len(entries), len(Files))
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := Options{}.WithDefaults()
	want := Options{Customers: 3000, Seed: 1,
		Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	if o != want {
		t.Errorf("defaults %+v, want %+v", o, want)
	}
	if err := Write(t.TempDir(), Options{Start: want.End, End: want.Start}); err == nil {
		t.Error("end before start: no error")
	}
}

func TestSmallRange(t *testing.T) {
	// A short range away from the dated stories still works and keeps every
	// row inside it.
	dir := t.TempDir()
	from := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)
	if err := Write(dir, Options{Customers: 50, Start: from, End: to}); err != nil {
		t.Fatal(err)
	}
	d := load(t, dir)
	d.checkTimes(t, from, to.AddDate(0, 0, 1))
	if len(d.rows["customers.csv"]) != 50 {
		t.Errorf("customers: %d rows, want 50", len(d.rows["customers.csv"]))
	}
}
