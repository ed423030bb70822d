package sample

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWrite100k writes 100,000 customers; it reports the bytes written.
//
//	go test ./internal/sample -run '^$' -bench Write100k -benchtime 1x -benchmem
func BenchmarkWrite100k(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if err := Write(dir, Options{Customers: 100_000}); err != nil {
			b.Fatal(err)
		}
	}
	var size int64
	for _, name := range Files {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}
