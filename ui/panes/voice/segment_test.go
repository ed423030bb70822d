package voice

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
	"github.com/kizuna-dev/kizuna/ui/pane"
)

// TestSaveTopicMentioners: S on a topic opens the rows of its mentioners
// (found in SQL by the topic's pattern) with the segment name input asked
// for. 配送が遅い is mentioned by c1–c5 (one is 配送が遅すぎる, the same
// topic to the analysis and to the pattern), great app by c6–c10.
func TestSaveTopicMentioners(t *testing.T) {
	fx := []string{`INSERT INTO customers (customer_id, region) VALUES ('c1','関東')`}
	var vals []string
	for i := 0; i < 5; i++ {
		text := "配送が遅い"
		if i == 4 {
			text = "配送が遅すぎる"
		}
		vals = append(vals, fmt.Sprintf("('c%d','2024-01-%02d',2,'%s')", i+1, i+1, text),
			fmt.Sprintf("('c%d','2024-02-%02d',10,'great app')", i+6, i+1))
	}
	fx = append(fx, `INSERT INTO responses (customer_id, responded_at, score, comment) VALUES `+strings.Join(vals, ", "))
	db := uitest.Open(t, "duckdb", map[string][]string{"customers": {"region"}}, fx...)
	p := uitest.Start(t, New(uitest.Env(db)), 110, 24)
	p, _ = uitest.Press(t, p, "t")
	if tb := p.Screen().Table; tb == nil || len(tb.Rows) == 0 || tb.Rows[0][1] != "配送が遅い" || tb.Rows[0][2] != int64(5) {
		t.Fatalf("topics %v", tb)
	}
	p, msgs := uitest.Press(t, p, "S")
	if len(msgs) != 1 {
		t.Fatalf("msgs = %v", msgs)
	}
	d, ok := msgs[0].(pane.DrillMsg)
	if !ok || !d.Save || d.Title != "Mentioners of the topic 配送が遅い" {
		t.Fatalf("drill = %+v", msgs[0])
	}
	rows := uitest.Drill(t, db, d)
	var ids []string
	for _, r := range rows {
		ids = append(ids, fmt.Sprint(r["customer_id"]))
	}
	if strings.Join(ids, " ") != "c1 c2 c3 c4 c5" {
		t.Errorf("mentioners = %v", ids)
	}
}
