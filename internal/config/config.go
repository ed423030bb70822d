// Package config reads kizuna.toml, the mapping file that overrides
// detection: which files feed which role, how their columns map (a column
// name or an SQL expression over the file's columns), a row filter, the
// analysis date and the journey stages.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// FileName is the mapping file looked for in the data folder.
const FileName = "kizuna.toml"

// Table maps one role.
type Table struct {
	Path      string            // relative to the mapping file; glob or folder allowed
	SQL       string            // instead of Path: a query over the [sources] relations
	Columns   map[string]string // canonical column → column name or SQL expression
	Where     string            // optional SQL row filter over the file's columns
	Header    *bool             // CSV: force header / no header
	Delimiter string            // CSV: force the delimiter ("whitespace" for aligned columns)
	Names     []string          // CSV: names for header-less columns
}

// Config is a parsed kizuna.toml.
type Config struct {
	File         string // path of the mapping file, "" when none
	Dir          string // folder paths are relative to
	AsOf         string
	InactiveDays int
	Tables       map[string][]Table // per role: one [tables.ROLE] or several [[tables.ROLE]]
	Journey      map[string][]string
	// Topics name comment topics by keyword lists ([topics]); Synonyms
	// join words that mean the same ([synonyms], 配送 = ["配達"]).
	Topics   map[string][]string
	Synonyms map[string][]string
	// Sources name files as relations for the tables given as sql
	// (name → path relative to the mapping file): [sources] o = "orders.csv".
	Sources map[string]string
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// reserved are the names of the loaded tables: no source may take one.
func reserved(name string) bool {
	if _, ok := model.RoleByName(strings.ToLower(name)); ok {
		return true
	}
	switch strings.ToLower(name) {
	case "rejected", "journey_stages":
		return true
	}
	return false
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Load parses path. Errors name the file, and the line when TOML gives one.
func Load(path string) (*Config, error) {
	var raw map[string]any
	md, err := toml.DecodeFile(path, &raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	_ = md
	abs, _ := filepath.Abs(path)
	c := &Config{File: path, Dir: filepath.Dir(abs), Tables: map[string][]Table{}}
	for k, v := range raw {
		switch k {
		case "as_of":
			s, ok := v.(string)
			if !ok || !dateRe.MatchString(s) {
				return nil, fmt.Errorf("%s: as_of = %v: want a date \"YYYY-MM-DD\"", path, v)
			}
			c.AsOf = s
		case "inactive_days":
			n, ok := v.(int64)
			if !ok || n <= 0 {
				return nil, fmt.Errorf("%s: inactive_days = %v: want a whole number of days > 0", path, v)
			}
			c.InactiveDays = int(n)
		case "tables":
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: [tables] must hold [tables.ROLE] sections", path)
			}
			for role, tv := range m {
				list, isList := tv.([]map[string]any)
				if !isList {
					list = []map[string]any{nil}
				}
				for i, one := range list {
					var v any = tv
					if isList {
						v = one
					}
					t, err := parseTable(path, role, v)
					if err != nil {
						if isList {
							err = fmt.Errorf("%w (table %d of [[tables.%s]])", err, i+1, role)
						}
						return nil, err
					}
					c.Tables[role] = append(c.Tables[role], t)
				}
			}
		case "sources":
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: [sources] must be a section of name = \"file\"", path)
			}
			c.Sources = map[string]string{}
			for name, f := range m {
				s, ok := f.(string)
				switch {
				case !ok || s == "":
					return nil, fmt.Errorf("%s: sources.%s: want a file path", path, name)
				case !identRe.MatchString(name):
					return nil, fmt.Errorf("%s: sources.%s: a source name is letters, digits and _", path, name)
				case reserved(name):
					return nil, fmt.Errorf("%s: sources.%s: the name of a loaded table; choose another", path, name)
				}
				c.Sources[name] = s
			}
		case "journey":
			j, err := parseJourney(path, v)
			if err != nil {
				return nil, err
			}
			c.Journey = j
		case "topics", "synonyms":
			m, err := parseWordLists(path, k, v)
			if err != nil {
				return nil, err
			}
			if k == "topics" {
				c.Topics = m
			} else {
				c.Synonyms = m
			}
		default:
			return nil, fmt.Errorf("%s: unknown key %q (want as_of, inactive_days, [sources], [tables.ROLE], [journey], [topics], [synonyms])", path, k)
		}
	}
	for role, ts := range c.Tables {
		for _, t := range ts {
			if t.SQL != "" && len(c.Sources) == 0 {
				return nil, fmt.Errorf("%s: tables.%s.sql: name the files it reads in [sources]", path, role)
			}
		}
	}
	return c, nil
}

func parseTable(path, role string, v any) (Table, error) {
	r, ok := model.RoleByName(role)
	if !ok {
		return Table{}, fmt.Errorf("%s: [tables.%s]: unknown role (want one of %s)", path, role, roleNames())
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Table{}, fmt.Errorf("%s: tables.%s must be a section", path, role)
	}
	t := Table{Columns: map[string]string{}}
	for k, x := range m {
		switch k {
		case "path":
			t.Path, ok = x.(string)
		case "where":
			t.Where, ok = x.(string)
		case "sql":
			t.SQL, ok = x.(string)
		case "delimiter":
			t.Delimiter, ok = x.(string)
		case "header":
			var b bool
			b, ok = x.(bool)
			t.Header = &b
		case "names", "columns":
			var list []any
			list, ok = x.([]any)
			for _, n := range list {
				s, isStr := n.(string)
				ok = ok && isStr
				t.Names = append(t.Names, s)
			}
		default:
			if !hasColumn(r, k) {
				return Table{}, fmt.Errorf("%s: tables.%s.%s: %s has no column %q (columns: %s)", path, role, k, role, k, columnNames(r))
			}
			var s string
			s, ok = x.(string)
			t.Columns[k] = s
		}
		if !ok {
			return Table{}, fmt.Errorf("%s: tables.%s.%s: wrong type %T", path, role, k, x)
		}
	}
	switch {
	case t.Path == "" && t.SQL == "":
		return Table{}, fmt.Errorf("%s: tables.%s: path is required (or sql over [sources])", path, role)
	case t.Path != "" && t.SQL != "":
		return Table{}, fmt.Errorf("%s: tables.%s: give path or sql, not both", path, role)
	}
	return t, nil
}

func parseJourney(path string, v any) (map[string][]string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: [journey] must be a section of stage = [event names]", path)
	}
	out := map[string][]string{}
	for stage, x := range m {
		if !isStage(stage) {
			return nil, fmt.Errorf("%s: journey.%s: unknown stage (want %s)", path, stage, strings.Join(model.Stages, ", "))
		}
		list, ok := x.([]any)
		if !ok {
			return nil, fmt.Errorf("%s: journey.%s: want a list of event names", path, stage)
		}
		for _, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s: journey.%s: %v is not a string", path, stage, e)
			}
			out[stage] = append(out[stage], s)
		}
	}
	return out, nil
}

// Find returns the mapping file to use: explicit when given (it must exist),
// else kizuna.toml in the folder of the first path, else "".
func Find(explicit string, paths []string) (string, error) {
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", fmt.Errorf("--config %s: %w", explicit, err)
		}
		return explicit, nil
	}
	if len(paths) == 0 {
		return "", nil
	}
	dir := paths[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		dir = filepath.Dir(dir)
	}
	p := filepath.Join(dir, FileName)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", nil
}

func hasColumn(r model.Role, name string) bool {
	for _, c := range r.Columns {
		if c.Name == name {
			return true
		}
	}
	return false
}

func isStage(s string) bool {
	for _, x := range model.Stages {
		if x == s {
			return true
		}
	}
	return false
}

func roleNames() string {
	var out []string
	for _, r := range model.Roles {
		out = append(out, r.Name)
	}
	return strings.Join(out, ", ")
}

func columnNames(r model.Role) string {
	var out []string
	for _, c := range r.Columns {
		out = append(out, c.Name)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// parseWordLists reads a section of name = ["word", …] lists.
func parseWordLists(path, section string, v any) (map[string][]string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: [%s] must be a section of name = [\"word\", …]", path, section)
	}
	out := map[string][]string{}
	for name, x := range m {
		list, ok := x.([]any)
		if !ok || len(list) == 0 {
			return nil, fmt.Errorf("%s: %s.%s: want a list of words", path, section, name)
		}
		for _, w := range list {
			s, ok := w.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("%s: %s.%s: %v is not a word", path, section, name, w)
			}
			out[name] = append(out[name], s)
		}
	}
	return out, nil
}
