package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/sqlpane"
	"github.com/kizuna-dev/kizuna/ui/task"
)

func fakeModel(t *testing.T) *Model {
	m := NewWith(uitest.Env(testDB(t)), metrics.Params{}, fakes())
	start(t, m, 120, 40)
	return m
}

func TestDigitsTabAndShiftTabSwitchPanes(t *testing.T) {
	m := fakeModel(t)
	steps := []struct {
		key  string
		want int
	}{{"3", 2}, {"0", 9}, {"tab", 0}, {"shift+tab", 9}, {"shift+tab", 8}, {"1", 0}, {"9", 8}}
	for _, s := range steps {
		press(t, m, s.key)
		if m.Focused() != s.want {
			t.Fatalf("after %q focus = %d, want %d", s.key, m.Focused(), s.want)
		}
	}
	if !m.Pane(8).(*fakePane).focused || m.Pane(0).(*fakePane).focused {
		t.Error("Focus/Blur not called on the panes")
	}
	mustContain(t, m.View(), "[9 SQL]", "SQL cursor=0")
}

func TestQuitUnlessCapturing(t *testing.T) {
	m := fakeModel(t)
	press(t, m, "/") // the fake pane now captures text
	if press(t, m, "q", "2", "f") {
		t.Fatal("q quit while the pane was capturing")
	}
	p := m.Pane(0).(*fakePane)
	if p.typed != "q2f" || m.Focused() != 0 || m.Filter().Open() {
		t.Fatalf("captured keys went elsewhere: typed=%q focus=%d filter=%v", p.typed, m.Focused(), m.Filter().Open())
	}
	press(t, m, "esc")
	if !press(t, m, "q") {
		t.Fatal("q did not quit")
	}
}

func TestCtrlCQuitsEvenWhileCapturing(t *testing.T) {
	m := fakeModel(t)
	press(t, m, "/")
	if !press(t, m, "ctrl+c") {
		t.Fatal("ctrl+c did not quit")
	}
}

func TestQInSQLEditorTypesQ(t *testing.T) {
	env := uitest.Env(testDB(t))
	cs := fakes()
	hist := t.TempDir() + "/history"
	cs[8] = func(e pane.Env) pane.Pane { return sqlpane.NewWithHistory(e, hist) }
	m := NewWith(env, metrics.Params{}, cs)
	start(t, m, 120, 40)
	press(t, m, "9")
	// The editor takes keys only after enter: 3 switches pane meanwhile.
	press(t, m, "3")
	if m.Focused() != 2 {
		t.Fatalf("3 on the SQL pane: focus %d, want the NPS pane (2)", m.Focused())
	}
	press(t, m, "9", "enter")
	mustContain(t, m.View(), "esc leave the editor")
	if strings.Contains(m.View(), "switch pane") {
		t.Error("the footer lists pane switches while the editor has the keys")
	}
	if quit := press(t, m, "q"); quit {
		t.Fatal("q in the SQL editor quit")
	}
	sp := m.Pane(8).(*sqlpane.Pane)
	if sp.Value() != "q" {
		t.Fatalf("editor = %q, want q", sp.Value())
	}
	// Run a query with ctrl+r, leave the editor with esc, then q quits.
	sp.SetValue("SELECT count(*) AS n FROM orders")
	press(t, m, "ctrl+r")
	if r := sp.Result(); r == nil || len(r.Rows) != 1 || r.Rows[0][0] != int64(3) {
		t.Fatalf("result = %+v, err %v", r, sp.Err())
	}
	press(t, m, "esc")
	if sp.Editing() {
		t.Fatal("esc did not leave the editor")
	}
	if !press(t, m, "q") {
		t.Fatal("q after esc did not quit")
	}
}

func TestFilterBarAppliesToEveryPane(t *testing.T) {
	m := fakeModel(t)
	press(t, m, "f")
	if !m.Filter().Open() {
		t.Fatal("f did not open the filter bar")
	}
	if got := m.Filter().Dims(); len(got) != 1 || got[0] != "region" {
		t.Fatalf("dimensions = %v, want [region]", got)
	}
	mustContain(t, m.View(), "dimension: ‹region›", "☐ (unknown)", "☐ east", "☐ west")
	// values field: cursor on "(unknown)", move right to "east", toggle it;
	// from field: type a date; period: quarter (month → week → quarter).
	press(t, m, "tab", "right", " ", "tab")
	typeText(t, m, "2024-02-01")
	press(t, m, "tab", "tab", "right", "right", "enter")
	want := metrics.Params{Where: []metrics.Filter{{Dim: "region", Value: "east"}}, From: "2024-02-01", Period: "quarter"}
	// Panes start when first shown: the ones not shown yet have no query
	// yet, and get the applied filter when they start.
	if f := m.Pane(4).(*fakePane).filters; len(f) != 0 {
		t.Fatalf("pane 4 loaded before it was shown: %+v", f)
	}
	for i := 0; i < 10; i++ {
		if i > 0 {
			press(t, m, fmt.Sprint((i+1)%10))
		}
		f := m.Pane(i).(*fakePane).filters
		if len(f) != 1 || len(f[0].Where) != 1 || f[0].Where[0] != want.Where[0] ||
			f[0].From != want.From || f[0].To != "" || f[0].Period != want.Period {
			t.Fatalf("pane %d got %+v, want %+v", i, f, want)
		}
	}
	if m.Filter().Open() {
		t.Fatal("the bar stayed open after enter")
	}
	v := m.View()
	mustContain(t, v, "Filter: region=east · 2024-02-01 → … · per quarter")
	if strings.Count(v, "\n") != 39 {
		t.Fatalf("view has %d lines, want 40", strings.Count(v, "\n")+1)
	}
	// The pane shrank by the summary line: 40 − tabs − filter − status − help.
	if h := m.Pane(0).(*fakePane).h; h != 36 {
		t.Fatalf("pane height = %d, want 36", h)
	}
}

func TestFilterBarRejectsBadDate(t *testing.T) {
	m := fakeModel(t)
	press(t, m, "f", "tab", "tab")
	typeText(t, m, "2024-13")
	press(t, m, "enter")
	if !m.Filter().Open() || len(m.Pane(0).(*fakePane).filters) != 0 {
		t.Fatal("a bad date was applied")
	}
	mustContain(t, m.View(), "from: 2024-13 is not a date")
	press(t, m, "esc")
	if m.Filter().Open() {
		t.Fatal("esc did not close the bar")
	}
}

func TestDrillAndBack(t *testing.T) {
	m := fakeModel(t)
	press(t, m, "2", "j", "j", "enter")
	d := m.Drill()
	if d == nil {
		t.Fatal("enter did not open the rows view")
	}
	tab := d.Grid().Table()
	// orders with amount > 0 by order_id: (c1,10) (c1,30) (c2,20).
	if tab == nil || len(tab.Rows) != 3 || tab.Rows[1][1] != float64(30) {
		t.Fatalf("rows = %+v (err %v)", tab, d.Err())
	}
	mustContain(t, m.View(), "Rows · Segments rows", "customer_id", "3 rows")
	// Sort by amount descending, search, then back.
	press(t, m, ">", ">", "o")
	if r := d.Grid().Selected(); r[1] != float64(30) {
		t.Fatalf("top row after sorting by amount desc = %v", r)
	}
	press(t, m, "/", "c", "2", "enter")
	if d.Grid().Len() != 1 {
		t.Fatalf("search c2 kept %d rows", d.Grid().Len())
	}
	if !press(t, m, "q") { // q is global: it quits from the rows view too
		t.Fatal("q did not quit from the rows view")
	}
	m.quitting = false
	press(t, m, "esc")
	if m.Drill() != nil {
		t.Fatal("esc did not close the rows view")
	}
	if p := m.Pane(1).(*fakePane); p.cursor != 2 || m.Focused() != 1 {
		t.Fatalf("pane state changed: cursor=%d focus=%d", p.cursor, m.Focused())
	}
	mustContain(t, m.View(), "Segments cursor=2")
}

func TestEscCancelsRunningDrill(t *testing.T) {
	m := fakeModel(t)
	// Open a drill but do not run its command: the query is "running".
	_, _ = m.Update(pane0Drill())
	if m.Drill() == nil || !m.Drill().Running() {
		t.Fatal("drill not running")
	}
	press(t, m, "esc")
	if m.Drill() == nil || m.Drill().Running() {
		t.Fatal("esc should cancel the query and stay")
	}
	mustContain(t, m.View(), "query cancelled")
	press(t, m, "esc")
	if m.Drill() != nil {
		t.Fatal("second esc did not go back")
	}
}

func TestStaleDrillResultDropped(t *testing.T) {
	m := fakeModel(t)
	_, first := m.Update(pane0Drill())
	firstDrill := m.Drill()
	_, second := m.Update(pane0Drill())
	if m.Drill() == firstDrill {
		t.Fatal("second drill did not replace the first")
	}
	// The first command's result arrives late: it must not show.
	msg := runTask(first)
	if d, ok := msg.(task.Done); !ok || d.Err == nil {
		t.Fatalf("first query was not cancelled: %#v", msg)
	}
	m.Update(msg)
	if !m.Drill().Running() {
		t.Fatal("stale result accepted")
	}
	drive(t, m, second)
	if m.Drill().Running() || len(m.Drill().Grid().Table().Rows) != 3 {
		t.Fatal("current result not shown")
	}
}

// runTask runs the task.Done-producing command inside a batch.
func runTask(cmd tea.Cmd) tea.Msg {
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if c == nil {
				continue
			}
			if d, ok := c().(task.Done); ok {
				return d
			}
		}
	}
	return msg
}

func pane0Drill() tea.Msg {
	p := &fakePane{title: "x"}
	_, cmd := p.Update(tea.KeyMsg{Type: tea.KeyEnter})
	return cmd()
}

func TestSmallTerminalAndResize(t *testing.T) {
	m := fakeModel(t)
	for _, size := range [][2]int{{79, 30}, {100, 23}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := m.View()
		mustContain(t, v, "kizuna needs at least 80×24; this terminal is")
		if strings.Contains(v, "Overview") {
			t.Fatalf("layout drawn at %v", size)
		}
	}
	mustContain(t, m.View(), "this terminal is 100×23")
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	v := m.View()
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Fatalf("80×24 view has %d lines", n)
	}
	for i, l := range strings.Split(v, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Fatalf("line %d is %d wide: %q", i, w, l)
		}
	}
	p := m.Pane(0).(*fakePane)
	if p.w != 80 || p.h != 21 { // 24 − tab bar − status − help
		t.Fatalf("pane size %d×%d, want 80×21", p.w, p.h)
	}
}

func TestJumpAndMouseClickOnTab(t *testing.T) {
	m := fakeModel(t)
	m.Update(pane.JumpMsg{Index: 6})
	if m.Focused() != 6 {
		t.Fatalf("JumpMsg: focus %d", m.Focused())
	}
	// Tabs at 120 columns: " 1 Overview " is 12 cells, " 2 Segments " 12,
	// so x = 25 is in the third tab (NPS).
	m.Update(tea.MouseMsg{X: 25, Y: 0, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if m.Focused() != 2 {
		t.Fatalf("click on NPS tab: focus %d", m.Focused())
	}
}

func TestHelpToggleAndShowSQL(t *testing.T) {
	m := fakeModel(t)
	short := m.Pane(0).(*fakePane).h
	press(t, m, "?")
	full := m.Pane(0).(*fakePane).h
	if full >= short {
		t.Fatalf("full help did not take room: %d → %d", short, full)
	}
	mustContain(t, m.View(), "switch pane", "next pane", "show SQL", "export", "quit")
	press(t, m, "?", "s")
	mustContain(t, m.View(), "SQL · Overview", "SELECT 1")
	press(t, m, "esc")
	if strings.Contains(m.View(), "SQL · Overview") {
		t.Fatal("esc did not close the SQL view")
	}
}

func TestExportCSVAndJSON(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KIZUNA_EXPORT_DIR", dir)
	m := fakeModel(t)
	press(t, m, "e")
	mustContain(t, m.View(), "Export Overview as:")
	press(t, m, "c")
	mustContain(t, m.Status(), "wrote 1 rows to "+dir+"/kizuna-overview.csv")
	press(t, m, "e", "j")
	mustContain(t, m.Status(), dir+"/kizuna-overview.json")
	press(t, m, "e", "esc")
	if m.Status() != "export cancelled" {
		t.Fatalf("status %q", m.Status())
	}
}

// TestKeyBurstIsSplit: keys that arrive together in one message ("jjjj",
// as tmux send-keys -l or a slow SSH link deliver them) are each a key
// press: the cursor moves four rows, "3j" switches pane and moves there,
// and a burst typed into a capturing input reaches it whole.
func TestKeyBurstIsSplit(t *testing.T) {
	m := fakeModel(t)
	burst := func(s string) {
		_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
		drive(t, m, cmd)
	}
	burst("jjjj")
	if got := m.Pane(0).(*fakePane).cursor; got != 4 {
		t.Fatalf("jjjj moved the cursor %d rows, want 4", got)
	}
	burst("3jj")
	if m.Focused() != 2 || m.Pane(2).(*fakePane).cursor != 2 {
		t.Fatalf("3jj: focus %d cursor %d, want pane 2 cursor 2", m.Focused(), m.Pane(2).(*fakePane).cursor)
	}
	burst("/q2")
	if p := m.Pane(2).(*fakePane); p.typed != "q2" || m.Focused() != 2 {
		t.Fatalf("burst into an input: typed %q focus %d", p.typed, m.Focused())
	}
}

// The full help lists each key once: the NPS pane's movement keys are not
// repeated among the global ones.
func TestFullHelpListsKeysOnce(t *testing.T) {
	m, _ := panesModel(t)
	start(t, m, 120, 40)
	press(t, m, "3", "?")
	v := m.View()
	for _, k := range []string{"↑/k", "↓/j", "enter"} {
		if n := strings.Count(v, k+" "); n != 1 {
			t.Errorf("%q listed %d times:\n%s", k, n, v)
		}
	}
	mustContain(t, v, "←/h", "switch pane", "▲/▼")
}

// In no pane's full help is one key listed by two bindings (the SQL
// editor's enter/i and tab are not listed again as enter and tab).
func TestFullHelpNoKeyTwice(t *testing.T) {
	m, _ := panesModel(t)
	start(t, m, 120, 40)
	for i := range m.panes {
		m.focus = i
		owner := map[string]string{}
		for _, col := range (helpMap{m}).FullHelp() {
			for _, b := range col {
				for _, k := range b.Keys() {
					if o, ok := owner[k]; ok {
						t.Errorf("pane %s: key %q listed as %q and %q", m.panes[i].Title(), k, o, b.Help().Desc)
					}
					owner[k] = b.Help().Desc
				}
			}
		}
	}
}

// At 80 columns the tab bar is the same whichever pane has focus (only
// the brackets move), so it does not jump.
func TestTabBarIsStable(t *testing.T) {
	m := fakeModel(t)
	start(t, m, 80, 24)
	var first []tab
	for i := 0; i < 10; i++ {
		press(t, m, digits[i:i+1])
		tabs := m.tabs()
		if i == 0 {
			first = tabs
		}
		for j := range tabs {
			if tabs[j] != first[j] {
				t.Fatalf("focus %d: tab %d = %+v, with focus 1 %+v", i+1, j, tabs[j], first[j])
			}
		}
		if w := lipgloss.Width(m.tabBar()); w > 80 {
			t.Errorf("tab bar %d cells wide", w)
		}
	}
}
