package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// measure is one subprocess run: its wall time and peak resident set.
type measure struct {
	Wall   time.Duration
	RSSKB  int64 // ru_maxrss: KiB on Linux
	Stdout []byte
	Stderr []byte
	Err    error
}

// runProc runs name with args and extra environment, measuring it.
func runProc(env []string, name string, args ...string) measure {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	m := measure{Wall: time.Since(start), Stdout: out.Bytes(), Stderr: errb.Bytes()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			m.RSSKB = ru.Maxrss
		}
	}
	if err != nil {
		m.Err = fmt.Errorf("%s %s: %v: %s", filepath.Base(name), strings.Join(args, " "), err, firstLine(errb.String()))
	}
	return m
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// build compiles the package pkg of the module at root into out.
func build(root, pkg, out string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// moduleRoot finds the folder holding go.mod from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("no go.mod above the working directory: run from the kizuna module")
		}
		dir = up
	}
}

// sampleData returns a folder of `kizuna sample --customers n`, writing it
// when missing. The folder name carries a hash of the generator's sources,
// so a changed generator writes fresh data; the time taken is 0 on reuse.
func sampleData(root, work, kizuna string, n int) (string, time.Duration, error) {
	h := sha256.New()
	files, _ := filepath.Glob(filepath.Join(root, "internal", "sample", "*.go"))
	sort.Strings(files)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return "", 0, err
		}
		h.Write(b)
	}
	dir := filepath.Join(work, fmt.Sprintf("data-%d-%s", n, hex.EncodeToString(h.Sum(nil))[:10]))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir, 0, nil
	}
	os.RemoveAll(dir)
	m := runProc(nil, kizuna, "sample", "--out", dir, "--customers", strconv.Itoa(n))
	if m.Err != nil {
		return "", 0, m.Err
	}
	return dir, m.Wall, os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644)
}

// countLines counts the data rows (lines after the header) of a CSV file.
func countLines(file string) int64 {
	f, err := os.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	var n int64
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		n += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if err != nil {
			break
		}
	}
	return n - 1
}

// machine describes the box: CPU model, cores, RAM, Go and DuckDB versions.
func machine(duckdb, commit string) string {
	cpu := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	return fmt.Sprintf("%s, %d cores, %.1f GB RAM, %s/%s, %s, DuckDB %s, kizuna %s",
		cpu, runtime.NumCPU(), float64(memTotalKB())/1024/1024, runtime.GOOS, runtime.GOARCH,
		runtime.Version(), duckdb, commit)
}

func memTotalKB() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// commit is the repository's HEAD, marked when the tree has changes.
func commit(root string) string {
	out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		c += "+changes"
	}
	return c
}
