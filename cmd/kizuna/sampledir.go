package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	sampledata "github.com/kizuna-dev/kizuna/sample-data"
)

// sampleDir writes the bundled sample data (embedded in the binary) once to
// the user's cache folder and returns that folder. The folder name carries
// a hash of the content, so a newer binary never reads stale files.
func sampleDir() (string, error) {
	h := sha256.New()
	files, err := fs.Glob(sampledata.FS, "*.csv")
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("this binary has no bundled sample data: give a PATH")
	}
	for _, f := range files {
		b, _ := sampledata.FS.ReadFile(f)
		h.Write([]byte(f))
		h.Write(b)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "kizuna", "sample-"+hex.EncodeToString(h.Sum(nil))[:12])
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("sample data: %w", err)
	}
	for _, f := range files {
		b, _ := sampledata.FS.ReadFile(f)
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return "", fmt.Errorf("sample data: %w", err)
		}
	}
	return dir, os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644)
}
