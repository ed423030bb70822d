package data

import (
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/internal/uitest"
)

func TestFilesMappingAndRejectedRows(t *testing.T) {
	db := uitest.Open(t, "duckdb", nil,
		`CREATE TABLE rejected (role VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR)`,
		`INSERT INTO rejected VALUES ('orders', '注文.csv', 9, 'amount "x" is not a number'),
			('orders', '注文.csv', 3, 'missing customer_id'), ('responses', 'nps.csv', 2, 'score 11 outside 0–10')`)
	env := uitest.Env(db)
	env.Schema = &model.Schema{
		Tables: []model.TableInfo{{Role: "orders", Files: []string{"注文.csv"}, Rows: 120, Rejected: 2,
			Columns: map[string]string{"customer_id": `"顧客ID"`, "ordered_at": "購入日", "amount": "金額"},
			Order:   []string{"customer_id", "ordered_at", "amount"}, Returns: 4}},
		Ignored: []model.Rejection{{File: "notes.txt", Reason: "no role recognised"}},
		Reasons: []model.ReasonCount{{Role: "orders", Reason: "missing customer_id", Rows: 2}, {Role: "responses", Reason: "score: value is outside the NPS scale 0–10", Rows: 1}},
		Doubts:  []string{"ids look per order"},
	}
	p := uitest.Start(t, New(env), 120, 30)
	uitest.Contains(t, p.View(),
		"orders               120         2         0  注文.csv",
		`customer_id ← "顧客ID" · ordered_at ← 購入日 · amount ← 金額`,
		"No survey responses loaded — give a file with a 0–10 score column (e.g. responses.csv).",
		"ignored: notes.txt — no role recognised",
		"Rejected rows (3) — 2 orders: missing customer_id · 1 responses: score: value is outside",
		"returns: 4 order lines with a negative amount or quantity",
		"doubt: ids look per order",
	)
	// Rows come ordered by role, file, line: line 3 first.
	s := p.Screen()
	if len(s.Table.Rows) != 3 || s.Table.Rows[0][2] != int64(3) || s.Table.Rows[2][0] != "responses" {
		t.Fatalf("rejected rows %v", s.Table.Rows)
	}
	// Search keeps the responses row only.
	p, _ = uitest.Press(t, p, "/", "n", "p", "s", "enter")
	if got := p.Screen().Table.Rows; len(got) != 1 || got[0][1] != "nps.csv" {
		t.Fatalf("search kept %v", got)
	}
}
