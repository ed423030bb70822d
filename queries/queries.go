// Package queries holds the SQL behind every metric, one file per metric,
// embedded into the binary. The files read the filtered relations that
// internal/metrics defines in front of them (orders_f, responses_f, …).
package queries

import (
	"embed"
	"strings"
)

//go:embed *.sql
var FS embed.FS

// Get returns the text of NAME.sql.
func Get(name string) (string, error) {
	b, err := FS.ReadFile(name + ".sql")
	return string(b), err
}

// Fragment is a shared relation that every metric query may read.
type Fragment struct {
	Name, SQL string
}

// Fragments returns the files _NN_name.sql in NN order as relations "name".
func Fragments() []Fragment {
	entries, _ := FS.ReadDir(".")
	var out []Fragment
	for _, e := range entries { // ReadDir sorts by file name
		n := e.Name()
		if !strings.HasPrefix(n, "_") || !strings.HasSuffix(n, ".sql") {
			continue
		}
		b, _ := FS.ReadFile(n)
		name := strings.TrimSuffix(n[1:], ".sql") // NN_name
		if _, rest, ok := strings.Cut(name, "_"); ok {
			name = rest
		}
		out = append(out, Fragment{Name: name, SQL: strings.TrimRight(string(b), "\n; ")})
	}
	return out
}
