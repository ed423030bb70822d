// Package segments keeps the analyst's saved segments: a name and the SQL
// that selects its customers (a query with a customer_id column, usually
// the rows behind a drill-down). The SQL is kept, never a list of ids, so
// a segment is evaluated again on every run, over the data as it is then.
package segments

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Segment is one saved segment.
type Segment struct {
	Name string `json:"name"`
	// SQL returns the segment's customers in a customer_id column.
	SQL string `json:"sql"`
	// From says where it came from (e.g. the drill-down's title).
	From string `json:"from,omitempty"`
}

// Store is the file the segments are kept in.
type Store struct{ Path string }

// DefaultStore is $XDG_STATE_HOME/kizuna/segments.json (~/.local/state/…).
func DefaultStore() Store {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, ".local", "state")
		}
	}
	return Store{Path: filepath.Join(dir, "kizuna", "segments.json")}
}

// nameRe is compiled on first use: its Unicode classes take milliseconds.
var nameRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} _.\-]{0,63}$`) })

// ErrNotFound is returned by Get for an unknown name.
var ErrNotFound = errors.New("no such segment")

// List returns the saved segments sorted by name.
func (s Store) List() ([]Segment, error) {
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Segment
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: %v", s.Path, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Get returns the segment called name.
func (s Store) Get(name string) (Segment, error) {
	all, err := s.List()
	if err != nil {
		return Segment{}, err
	}
	var names []string
	for _, g := range all {
		if g.Name == name {
			return g, nil
		}
		names = append(names, g.Name)
	}
	if len(names) == 0 {
		return Segment{}, fmt.Errorf("%w %q: none saved yet (S on a drill-down, or kizuna segment save NAME SQL)", ErrNotFound, name)
	}
	return Segment{}, fmt.Errorf("%w %q: saved are %s", ErrNotFound, name, strings.Join(names, ", "))
}

// Save adds or replaces a segment (the file is written whole, 0600).
func (s Store) Save(g Segment) error {
	g.Name = strings.TrimSpace(g.Name)
	if !nameRe().MatchString(g.Name) {
		return fmt.Errorf("segment name %q: use letters, digits, spaces, _ . - (at most 64)", g.Name)
	}
	if strings.TrimSpace(g.SQL) == "" {
		return fmt.Errorf("segment %q: no SQL", g.Name)
	}
	all, err := s.List()
	if err != nil {
		return err
	}
	kept := all[:0]
	for _, x := range all {
		if x.Name != g.Name {
			kept = append(kept, x)
		}
	}
	kept = append(kept, g)
	b, err := json.MarshalIndent(kept, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		return err
	}
	tmp := s.Path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, s.Path)
}

// At is the store kept in path, or DefaultStore when path is "".
func At(path string) Store {
	if path == "" {
		return DefaultStore()
	}
	return Store{Path: path}
}
