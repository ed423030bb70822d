package nps

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/linechart/timeserieslinechart"
	tea "github.com/charmbracelet/bubbletea"
	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

func open(t *testing.T, stmts ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	uitest.Setup(t, db, map[string][]string{"customers": {"region"}}, stmts...)
	return db
}

// Fixture: 関東 = c1, c2; north = c3; c4 has no region.
var fixture = []string{
	`INSERT INTO customers (customer_id, region) VALUES ('c1','関東'), ('c2','関東'), ('c3','north'), ('c4', NULL)`,
	`INSERT INTO responses (customer_id, responded_at, score, survey, comment) VALUES
		('c1','2024-01-05',10,NULL,'great'), ('c1','2024-02-05',9,NULL,NULL),
		('c2','2024-01-10',3,NULL,'slow delivery'), ('c2','2024-02-10',7,'nps',''),
		('c3','2024-01-15',8,NULL,NULL), ('c3','2024-02-15',0,NULL,'broken'),
		('c4','2024-02-20',10,NULL,NULL), ('c1','2024-02-01',5,'csat','csat is not nps')`,
}

// moe is the SPEC formula, computed here independently of the SQL.
func moe(p, d, n float64) float64 {
	pp, pd := p/n, d/n
	return 100 * 1.96 * math.Sqrt((pp+pd-(pp-pd)*(pp-pd))/n)
}

func start(t *testing.T, db *sql.DB) pane.Pane {
	return uitest.Start(t, New(uitest.Env(db)), 100, 30)
}

func TestDataArrivesShowsExactNumbers(t *testing.T) {
	p := start(t, open(t, fixture...))
	v := p.View()
	// Groups sort by byte order: (unknown), north, 関東.
	// (unknown): c4's 10 → P1 N1, NPS 100, moe 0, low sample.
	// north: 8, 0 → passive 1, detractor 1, NPS −50.
	// 関東: 10, 9, 3, 7 → P2 pass1 D1, NPS 100·(2−1)/4 = 25.
	want := []string{
		"(unknown)",
		"NPS 100.0 ±0.0  n=1  P 1 · 0 · D 0 low-sample",
		fmt.Sprintf("NPS -50.0 ±%.1f  n=2  P 0 · 1 · D 1 low-sample", moe(0, 1, 2)),
		fmt.Sprintf("NPS 25.0 ±%.1f  n=4  P 2 · 1 · D 1 low-sample", moe(2, 1, 4)),
		// Trend: 2024-01 = 10, 3, 8 → NPS 0; 2024-02 = 9, 7, 0, 10 → NPS 25.
		fmt.Sprintf("latest 2024-02: NPS 25.0 ±%.1f", moe(2, 1, 4)),
		"low-sample (n<30), interval cut at the axis: 2024-01 2024-02",
		"by region",
	}
	for _, w := range want {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
	if !strings.Contains(v, "▸ (unknown)") {
		t.Errorf("cursor not on the first group:\n%s", v)
	}
	// The numbers equal the metric's own output.
	res, err := metrics.Run(context.Background(), p.(*Pane).Env.DB, "nps", metrics.Params{By: "region"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Rows {
		nps := res.Rows[i][res.Col("nps")].(float64)
		if !strings.Contains(v, fmt.Sprintf("NPS %.1f ±", nps)) {
			t.Errorf("metric nps %.1f not on screen", nps)
		}
	}
	s := p.Screen()
	if s.Name != "nps-by-region" || len(s.Table.Rows) != 3 || !strings.Contains(s.SQL, "FROM responses_f") ||
		strings.Contains(s.SQL, "$as_of") || !strings.Contains(s.SQL, "'2024-02-20'") {
		t.Errorf("screen = %q %v\n%s", s.Name, s.Table, s.SQL)
	}
}

func TestCursorAndDrill(t *testing.T) {
	db := open(t, fixture...)
	p := start(t, db)
	p, _ = uitest.Press(t, p, "down", "down", "down") // stops on the last group
	if !strings.Contains(p.View(), "▸ 関東") {
		t.Fatalf("cursor not on 関東:\n%s", p.View())
	}
	p, msgs := uitest.Press(t, p, "enter")
	if len(msgs) != 1 {
		t.Fatalf("msgs = %v", msgs)
	}
	d, ok := msgs[0].(pane.DrillMsg)
	if !ok || d.Title != "NPS responses — region = 関東" {
		t.Fatalf("drill = %#v", msgs[0])
	}
	last := d.Args[len(d.Args)-1].(sql.NamedArg)
	if last.Name != "kz_sel" || last.Value != "関東" {
		t.Errorf("selection arg = %v", last)
	}
	rows, err := metrics.Query(context.Background(), db, d.SQL, d.Args...)
	if err != nil {
		t.Fatal(err)
	}
	// Detractors first (3), passives (7), then promoters with a comment first (10 'great', 9).
	var got []string
	for _, r := range rows.Rows {
		got = append(got, fmt.Sprintf("%v:%v", r[rows.Col("customer_id")], r[rows.Col("score")]))
	}
	if strings.Join(got, " ") != "c2:3 c2:7 c1:10 c1:9" {
		t.Errorf("drill rows = %v", got)
	}
}

func TestDimensionKeyRegroups(t *testing.T) {
	p := start(t, open(t, fixture...))
	p, _ = uitest.Press(t, p, "d") // region → (none)
	v := p.View()
	// All 7 NPS responses: P 3 (10, 9, 10), passives 2 (7, 8), D 2 (3, 0): NPS 100·1/7 = 14.3.
	if !strings.Contains(v, fmt.Sprintf("NPS 14.3 ±%.1f  n=7  P 3 · 2 · D 2", moe(3, 2, 7))) || !strings.Contains(v, "by (none)") {
		t.Errorf("view:\n%s", v)
	}
}

func TestStaleResultDropped(t *testing.T) {
	p := New(uitest.Env(open(t, fixture...)))
	p.SetSize(100, 30)
	old := p.SetFilter(metrics.Params{Where: []metrics.Filter{{Dim: "region", Value: "north"}}})
	fresh := p.SetFilter(metrics.Params{})
	p, _ = uitest.Run(t, p, old) // its result arrives late: dropped
	if strings.Contains(p.View(), "NPS -50.0") {
		t.Fatalf("stale result shown:\n%s", p.View())
	}
	p, _ = uitest.Run(t, p, fresh)
	if !strings.Contains(p.View(), "NPS 25.0") {
		t.Errorf("fresh result missing:\n%s", p.View())
	}
}

func TestNoResponsesMessage(t *testing.T) {
	p := start(t, open(t, `INSERT INTO orders VALUES ('o1','c1','2024-01-01',10,1)`))
	if !strings.Contains(uitest.Flat(p.View()), NoData) {
		t.Errorf("view:\n%s", p.View())
	}
}

// The pane leads with the NPS of everyone, equal to `kizuna report nps`
// without --by for the same filter, and labels the trend's lines.
func TestHeadlineIsTheNPSOfEveryone(t *testing.T) {
	p := start(t, open(t, fixture...))
	res, err := metrics.Run(context.Background(), p.(*Pane).Env.DB, "nps", metrics.Params{})
	if err != nil || len(res.Rows) != 1 {
		t.Fatal(err, res)
	}
	r := res.Rows[0]
	want := fmt.Sprintf("Everyone: NPS %.1f ±%.1f  n=%d", r[res.Col("nps")], r[res.Col("moe95")], r[res.Col("responses")])
	// By hand: 10, 9, 3, 7, 8, 0, 10 → P3 pass2 D2 of 7, NPS 100/7 = 14.3.
	if want != fmt.Sprintf("Everyone: NPS 14.3 ±%.1f  n=7", moe(3, 2, 7)) {
		t.Fatalf("report nps says %q", want)
	}
	lines := strings.Split(p.View(), "\n")
	if !strings.HasPrefix(lines[1], want) {
		t.Errorf("line 2 = %q, want the headline %q", lines[1], want)
	}
	if !strings.Contains(p.View(), "╭─ NPS   ┌─ 95% interval") {
		t.Errorf("trend lines unlabelled:\n%s", p.View())
	}
}

// A group of 30+ responses whose interval excludes the rest's NPS is
// marked ▲ or ▼; small groups and overlapping intervals are not.
func TestGroupApartFromTheRestIsMarked(t *testing.T) {
	var vals []string
	add := func(c, region string, score, n int) {
		for i := 0; i < n; i++ {
			vals = append(vals, fmt.Sprintf("('%s%d','2024-01-05',%d)", c, i, score))
		}
	}
	var cust []string
	reg := func(c, region string, n int) {
		for i := 0; i < n; i++ {
			cust = append(cust, fmt.Sprintf("('%s%d','%s')", c, i, region))
		}
	}
	// happy: 40 promoters (NPS 100 ±0 … wholly above); mixed: 20 P + 20 D
	// (0 ±31) against the rest (happy + grumpy: 40 P, 40 D → 0) overlaps;
	// grumpy: 40 detractors, wholly below.
	reg("h", "happy", 40)
	add("h", "happy", 10, 40)
	reg("m", "mixed", 40)
	add("m", "mixed", 10, 20)
	for i := 20; i < 40; i++ {
		vals = append(vals, fmt.Sprintf("('m%d','2024-01-05',2)", i))
	}
	reg("g", "grumpy", 40)
	add("g", "grumpy", 1, 40)
	db := open(t, "INSERT INTO customers (customer_id, region) VALUES "+strings.Join(cust, ","),
		"INSERT INTO responses (customer_id, responded_at, score) VALUES "+strings.Join(vals, ","))
	p := start(t, db)
	v := p.View()
	for label, mark := range map[string]string{"happy": " ▲", "grumpy": " ▼", "mixed": ""} {
		line := ""
		for _, l := range strings.Split(v, "\n") {
			if strings.Contains(l, label) {
				line = l
			}
		}
		has := strings.HasSuffix(line, " ▲") || strings.HasSuffix(line, " ▼")
		if mark == "" && has || mark != "" && !strings.HasSuffix(line, mark) {
			t.Errorf("%s line %q, want mark %q", label, line, mark)
		}
	}
	help := fmt.Sprint(p.FullHelp())
	if !strings.Contains(help, ApartRule) {
		t.Errorf("the rule is not in the help: %s", help)
	}
}

// The y axis runs over the NPS points and the intervals of n >= 30
// periods, in multiples of 10 within −100…100: a low-sample period's
// −100…80 interval does not stretch it.
func TestTrendAxisStaysWithinNPS(t *testing.T) {
	pts := func(v ...float64) []timeserieslinechart.TimePoint {
		out := make([]timeserieslinechart.TimePoint, len(v))
		for i, x := range v {
			out[i].Value = x
		}
		return out
	}
	mid, lo, hi := pts(-10, 20, 15), pts(-100, 10, 8), pts(80, 30, 22)
	if a, b := axis(mid, lo, hi, []bool{false, true, true}); a != -10 || b != 30 {
		t.Errorf("axis = %v…%v, want -10…30", a, b)
	}
	if a, b := axis(mid, lo, hi, []bool{true, true, true}); a != -100 || b != 80 {
		t.Errorf("axis with every interval = %v…%v, want -100…80", a, b)
	}
	if a, b := axis(pts(11), pts(10), pts(12), []bool{true}); a != 0 || b != 30 {
		t.Errorf("narrow axis = %v…%v, want 0…30", a, b)
	}
	if a, b := axis(pts(95), pts(90), pts(100), []bool{true}); a != 80 || b != 100 {
		t.Errorf("top axis = %v…%v, want 80…100", a, b)
	}
}

// The mouse wheel moves the selection as j and k do.
func TestWheelScrolls(t *testing.T) {
	p := start(t, open(t, fixture...))
	wheel := func(b tea.MouseButton) {
		p, _ = p.Update(tea.MouseMsg{X: 5, Y: 5, Action: tea.MouseActionPress, Button: b})
	}
	wheel(tea.MouseButtonWheelDown)
	wheel(tea.MouseButtonWheelDown)
	if c := p.(*Pane).cursor; c != 2 {
		t.Fatalf("two notches down: cursor %d, want 2", c)
	}
	wheel(tea.MouseButtonWheelUp)
	if !strings.Contains(p.View(), "▸ north") {
		t.Errorf("one notch up: not on north:\n%s", p.View())
	}
}

// Where the chart would have fewer than MinChart lines (80×24), the trend
// is a list of the latest periods instead of an unreadable chart.
func TestSmallTrendIsAList(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(open(t, fixture...))), 80, 16)
	v := p.View()
	uitest.Contains(t, v, "(newest first, * n<30)",
		fmt.Sprintf("2024-02 25.0 ±%.1f*  ·  2024-01 0.0 ±%.1f*", moe(2, 1, 4), moe(1, 1, 3)))
	if strings.Contains(v, "└─") {
		t.Errorf("a squeezed chart:\n%s", v)
	}
	p.SetSize(100, 30)
	if v := p.View(); !strings.Contains(v, "└─") || !strings.Contains(v, "╭─ NPS") {
		t.Errorf("no chart at 100×30:\n%s", v)
	}
}

// TestUndatedResponses: a survey without dates (SPEC §6) shows its NPS and
// says the trend needs a date.
func TestUndatedResponses(t *testing.T) {
	p := start(t, open(t, `INSERT INTO customers (customer_id, region) VALUES ('c1','関東'), ('c2','north')`,
		`INSERT INTO responses (customer_id, score) VALUES ('c1', 10), ('c1', 9), ('c2', 3), (NULL, 7)`))
	v := p.View()
	// 10, 9, 3, 7 → P 2, passive 1, D 1: NPS 25 (all responses, by region: 関東 100, north −100, (unknown) 0).
	for _, w := range []string{"NPS 100.0", "NPS -100.0", "Trend: no dates"} {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
}

// TestCompareWithTheRest: c shows the selected group against every other
// response, worked by hand on the fixture: 関東 P 2 · Pa 1 · D 1 of 4 →
// NPS 25, variance 100²·(.5 + .25 − .0625) = 6875; the rest (north and
// no region) P 1 · Pa 1 · D 1 of 3 → NPS 0, variance 100²·(2/3) = 6666.7;
// difference 25 ± 1.96·√(6875/4 + 6666.67/3) = 25 ± 123.0, not significant.
func TestCompareWithTheRest(t *testing.T) {
	p := start(t, open(t, fixture...))
	if strings.Contains(p.View(), "the rest =") {
		t.Fatal("the comparison shows before c")
	}
	var line string
	for _, l := range strings.Split(p.View(), "\n") {
		if strings.Contains(l, "関東") {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("no 関東 bar: %s", p.View())
	}
	// Select 関東 (the bars are in group order), then c.
	for i := 0; i < 5 && !strings.HasPrefix(strings.TrimSpace(lineOf(p.View(), "関東")), "▸"); i++ {
		p, _ = uitest.Press(t, p, "j")
	}
	p, _ = uitest.Press(t, p, "c")
	want := fmt.Sprintf("c: 関東 − the rest = %+.1f ±%.1f points", 25.0, 1.96*math.Sqrt(6875.0/4+(10000*2.0/3)/3))
	uitest.Contains(t, p.View(), want, "not significant")
	p, _ = uitest.Press(t, p, "c")
	if strings.Contains(p.View(), "the rest =") {
		t.Error("c again did not hide the comparison")
	}
}

func lineOf(view, s string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// The y labels (one every second line) fall on round numbers.
func TestTrendAxisRoundSteps(t *testing.T) {
	for _, c := range []struct {
		lo, hi       float64
		h            int
		want0, want1 float64
	}{
		{-40, 50, 22, -40, 60}, // 10 label steps of 10
		{80, 100, 10, 80, 100}, // 4 steps of 5
		{-100, 100, 10, -100, 100},
		{-10, 95, 12, -25, 100}, // 5 steps of 25, kept below 100
		{0, 30, 3, 0, 30},       // no label step: as it is
	} {
		if a, b := roundSteps(c.lo, c.hi)(c.h); a != c.want0 || b != c.want1 {
			t.Errorf("roundSteps(%v, %v)(%d) = %v…%v, want %v…%v", c.lo, c.hi, c.h, a, b, c.want0, c.want1)
		}
	}
}
