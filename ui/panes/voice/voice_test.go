package voice

import (
	"fmt"
	"math"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

var fixture = []string{
	`INSERT INTO customers (customer_id, region) VALUES ('c1','関東'), ('c2','north'), ('c3','north')`,
	`INSERT INTO responses (customer_id, responded_at, score, comment) VALUES
		('c1','2024-01-05',9,'Love the 配送 speed'), ('c2','2024-02-01',3,'late again, the box was   crushed'),
		('c2','2024-02-02',5,NULL), ('c3','2024-02-03',8,'  ')`,
	`INSERT INTO reviews (customer_id, reviewed_at, rating, text, product) VALUES
		('c3','2024-03-01',5,'great product','mug'), ('c1','2024-03-02',1,'','mug')`,
}

func TestListSearchAndFullText(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, fixture...))), 100, 20)
	// Newest first; empty comments and texts are left out; grouped by region.
	uitest.Contains(t, p.View(),
		"  date        source  score (scale)  region  text",
		"▸ 2024-03-01  review       5 (★1–5)  north   great product",
		"  2024-02-01  survey       3 (0–10)  north   late again, the box was crushed",
		"  2024-01-05  survey       9 (0–10)  関東    Love the 配送 speed")
	if tb := p.Screen().Table; tb == nil || len(tb.Rows) != 3 {
		t.Fatalf("screen table = %v", tb)
	}
	p, _ = uitest.Press(t, p, "/")
	if !p.Capturing() {
		t.Fatal("search does not capture keys")
	}
	p, _ = uitest.Press(t, p, "q", "backspace", "配", "送")
	if !p.Capturing() {
		t.Fatal("q left the search box")
	}
	uitest.Contains(t, p.View(), "/ 配送", "(1 of 3)", "▸ 2024-01-05  survey       9 (0–10)  関東    Love the 配送 speed")
	p, _ = uitest.Press(t, p, "enter")
	if p.Capturing() {
		t.Fatal("enter did not end the search")
	}
	p, _ = uitest.Press(t, p, "enter") // full text
	uitest.Contains(t, p.View(), "survey · 2024-01-05 · score 9 (0–10) · nps · group 関東 · customer_id c1", "Love the 配送 speed", "esc/enter: back")
	p, _ = uitest.Press(t, p, "esc", "esc") // back to the list, then clear the search
	if got := len(p.Screen().Table.Rows); got != 3 {
		t.Errorf("rows after clearing = %d", got)
	}
}

func TestNoVoiceMessage(t *testing.T) {
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", nil))), 100, 20)
	uitest.Contains(t, uitest.Flat(p.View()), NoData)
}

// TestTopicsView: t shows the comments' topics sorted by impact, with the
// numbers of `kizuna report topics` worked by hand; enter lists a topic's
// comments; t goes back to the comments.
func TestTopicsView(t *testing.T) {
	fx := []string{`INSERT INTO customers (customer_id, region) VALUES ('c1','関東')`}
	// Five "配送が遅い" detractors (score 2), five "great app" promoters
	// (10), two silent passives (8): all P 5 · Pa 2 · D 5 → NPS 0.
	// 配送が遅い: NPS −100; rest P 5 · Pa 2 of 7 → NPS 71.43; impact −71.43.
	ins := `INSERT INTO responses (customer_id, responded_at, score, comment) VALUES `
	var vals []string
	for i := 0; i < 5; i++ {
		vals = append(vals, fmt.Sprintf("('c1','2024-01-%02d',2,'配送が遅い')", i+1), fmt.Sprintf("('c1','2024-02-%02d',10,'great app')", i+1))
	}
	vals = append(vals, "('c1','2024-03-01',8,NULL)", "('c1','2024-03-02',8,NULL)")
	fx = append(fx, ins+strings.Join(vals, ", "))
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, fx...))), 110, 24)
	p, _ = uitest.Press(t, p, "t")
	uitest.Contains(t, p.View(), "Voice · topics", "配送が遅い", "great app")
	tb := p.Screen().Table
	if tb == nil || len(tb.Rows) < 2 || tb.Rows[0][1] != "配送が遅い" {
		t.Fatalf("topics table %v", tb)
	}
	if got := tb.Rows[0][7].(float64); math.Abs(got-(0-500.0/7)) > 1e-9 {
		t.Errorf("impact of 配送が遅い = %v, want −71.43", got)
	}
	p, _ = uitest.Press(t, p, "enter")
	uitest.Contains(t, p.View(), "配送が遅い · 5 mentions · NPS of mentioners -100.0", "esc: back to the topics")
	p, _ = uitest.Press(t, p, "esc", "t")
	uitest.Contains(t, p.View(), "Voice · /: search")
}

// TestTopicsBeforeCommentsLoaded: t pressed while the comments still load
// (its load cancels theirs) shows the topics, and t again loads the
// comments.
func TestTopicsBeforeCommentsLoaded(t *testing.T) {
	fx := append([]string(nil), fixture...)
	p := New(uitest.Env(uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, fx...)))
	p.SetSize(100, 20)
	p.Init()                       // the comments' load starts and is never run
	p, _ = uitest.Press(t, p, "t") // the topics' load replaces it
	uitest.Contains(t, p.View(), "Voice · topics")
	if strings.Contains(p.View(), "loading") {
		t.Fatal("still loading")
	}
	p, _ = uitest.Press(t, p, "t")
	uitest.Contains(t, p.View(), "2024-01-05  survey       9 (0–10)  関東    Love the 配送 speed")
}

// Each score says its scale: NPS 0–10, CSAT 1–5, review stars 1–5.
func TestScoreScales(t *testing.T) {
	for _, c := range []struct {
		kind, score any
		want        string
	}{
		{"nps", int64(9), " 9 (0–10)"}, {"nps", int64(10), "10 (0–10)"}, {"csat", int64(4), " 4 (1–5) "},
		{"review", int64(2), " 2 (★1–5)"}, {"ces", int64(5), " 5 (ces) "}, {"survey_x", int64(5), " 5 (survey_x)"},
		{nil, int64(7), "7"}, {"nps", nil, "–"},
	} {
		if got := scored(c.kind, c.score); got != c.want {
			t.Errorf("scored(%v, %v) = %q, want %q", c.kind, c.score, got, c.want)
		}
	}
}

// TestListCutAndSearchAll: with a list of at most 2 comments, the headline
// still counts all 3, the list says it holds the newest 2, and enter in
// the search box searches every comment in the database: 配送 is only in
// the oldest one, which the list did not hold.
func TestListCutAndSearchAll(t *testing.T) {
	defer func(n int) { Limit = n }(Limit)
	Limit = 2
	p := uitest.Start(t, New(uitest.Env(uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, fixture...))), 110, 20)
	uitest.Contains(t, p.View(), "3 comments  survey 2 (NPS answers 2, by detractors 50.0%) · reviews 1 (avg rating 5.00 of 5)",
		"the newest 2 of 3 comments", "great product", "late again")
	if strings.Contains(p.View(), "Love the 配送") {
		t.Fatal("the list holds more than Limit comments")
	}
	p, _ = uitest.Press(t, p, "/", "配", "送")
	uitest.Contains(t, p.View(), "(0 of the newest 2; enter searches all 3)")
	p, _ = uitest.Press(t, p, "enter")
	uitest.Contains(t, p.View(), "(1 match in all comments)", "▸ 2024-01-05  survey       9 (0–10)  関東    Love the 配送 speed",
		"3 comments  survey 2")
	if got := len(p.Screen().Table.Rows); got != 1 {
		t.Errorf("screen rows after the search = %d, want 1", got)
	}
	p, _ = uitest.Press(t, p, "esc") // clears the search: the newest 2 again
	uitest.Contains(t, p.View(), "the newest 2 of 3 comments", "great product")
}
