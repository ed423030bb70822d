package sqlpane

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxHistory is how many queries are kept in memory.
const maxHistory = 500

// HistoryPath is $XDG_STATE_HOME/kizuna/history (default
// ~/.local/state/kizuna/history).
func HistoryPath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "kizuna", "history")
}

// loadHistory reads one Go-quoted query per line (queries span lines).
func loadHistory(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for sc.Scan() {
		if q, err := strconv.Unquote(sc.Text()); err == nil && strings.TrimSpace(q) != "" {
			out = append(out, q)
		}
	}
	if len(out) > maxHistory {
		out = out[len(out)-maxHistory:]
	}
	return out
}

// appendHistory adds q to the file.
func appendHistory(path, q string) error {
	if path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(strconv.Quote(q) + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
