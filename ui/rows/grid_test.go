package rows

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

func grid() Grid {
	g := NewGrid(keys.Default(), theme.New())
	g.SetTable(&model.Table{Columns: []string{"name", "n"}, Rows: [][]any{
		{"東京都", int64(3)}, {"osaka", nil}, {"北海道", int64(10)}, {"kyoto", float64(2.5)},
	}})
	g.SetSize(40, 7)
	return g
}

func press(g *Grid, keys ...string) {
	for _, k := range keys {
		g.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	}
}

func TestGridAlignsDoubleWidth(t *testing.T) {
	g := grid()
	lines := strings.Split(g.View(), "\n")
	// header + 4 rows + 1 empty body line + footer = 7 lines.
	if len(lines) != 7 {
		t.Fatalf("%d lines:\n%s", len(lines), g.View())
	}
	// name column: width max(4+2, 6) = 6 ("東京都" is 6 cells); n column 1+2 = 3,
	// right-aligned. So "n" ends at cell 2+6+2+3 = 13 on every line.
	want := []string{
		"  name      n",
		"▸ 東京都    3",
		"  osaka      ",
		"  北海道   10",
		"  kyoto   2.5",
	}
	for i, w := range want {
		got := strings.TrimRight(lines[i], " ")
		if got != strings.TrimRight(w, " ") {
			t.Errorf("line %d = %q, want %q", i, got, w)
		}
		if lipgloss.Width(lines[i]) != 40 {
			t.Errorf("line %d is %d cells wide", i, lipgloss.Width(lines[i]))
		}
	}
}

func TestGridSortAndSearch(t *testing.T) {
	g := grid()
	press(&g, ">", ">") // sort by n ascending: 2.5, 3, 10, nil last
	var got []any
	for _, r := range g.Visible().Rows {
		got = append(got, r[1])
	}
	if got[0] != 2.5 || got[1] != int64(3) || got[2] != int64(10) || got[3] != nil {
		t.Fatalf("ascending = %v", got)
	}
	press(&g, "o") // descending: 10, 3, 2.5, nil still last
	if r := g.Visible().Rows; r[0][1] != int64(10) || r[3][1] != nil {
		t.Fatalf("descending = %v", r)
	}
	press(&g, "/")
	if !g.Capturing() {
		t.Fatal("/ did not start the search")
	}
	press(&g, "O", "S") // case-insensitive: matches osaka only
	if g.Len() != 1 || g.Selected()[0] != "osaka" {
		t.Fatalf("search kept %v", g.Visible().Rows)
	}
	g.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if g.Capturing() || g.Len() != 4 {
		t.Fatal("esc did not clear the search")
	}
}

func TestFormatAndBoundSQL(t *testing.T) {
	cases := map[any]string{
		nil: "", int64(42): "42", 2.0: "2", 33.3333: "33.33", 12.5: "12.5",
		time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC): "2024-03-01",
		time.Date(2024, 3, 1, 9, 5, 0, 0, time.UTC): "2024-03-01 09:05:00",
		"a\nb": "a b",
	}
	for v, want := range cases {
		if got := Format(v); got != want {
			t.Errorf("Format(%v) = %q, want %q", v, got, want)
		}
	}
	got := BoundSQL("SELECT * FROM x WHERE a = $as_of AND b IN ($w1) AND c = $missing",
		[]any{sql.Named("as_of", "2024-01-31"), sql.Named("w1", "O'Neil"), 3})
	want := "SELECT * FROM x WHERE a = '2024-01-31' AND b IN ('O''Neil') AND c = $missing\n-- arguments: 3"
	if got != want {
		t.Errorf("BoundSQL = %q, want %q", got, want)
	}
	if s := Slug("NPS by 地域 / region"); s != "nps-by-地域-region" {
		t.Errorf("Slug = %q", s)
	}
	// A drill's title: no em dash, no runs of dashes, no spaces.
	for in, want := range map[string]string{
		"rows-NPS responses — region = 九州": "rows-nps-responses-region-九州",
		"Orders・東京（2024）「x」":               "orders-東京-2024-x",
		"—— ・ ——":                          "screen",
	} {
		if s := Slug(in); s != want {
			t.Errorf("Slug(%q) = %q, want %q", in, s, want)
		}
	}
}
