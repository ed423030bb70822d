package output

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/model"
)

var tbl = &model.Table{
	Columns: []string{"group", "responses", "nps", "low_sample"},
	Rows: [][]any{
		{"関東", int64(120), 33.33333333333333, false},
		{"(unknown)", int64(3), nil, true},
	},
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, tbl); err != nil {
		t.Fatal(err)
	}
	// 関東 is 4 cells wide; "(unknown)" 9: the group column is 9 wide.
	want := "group      responses   nps  low_sample\n" +
		"関東             120  33.3  false\n" +
		"(unknown)          3        true\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestCSVFullPrecision(t *testing.T) {
	var b bytes.Buffer
	CSV(&b, tbl)
	want := "group,responses,nps,low_sample\n関東,120,33.33333333333333,false\n(unknown),3,,true\n"
	if b.String() != want {
		t.Errorf("got %q want %q", b.String(), want)
	}
}

func TestJSONShapeAndNull(t *testing.T) {
	var b bytes.Buffer
	JSON(&b, "nps", "2025-12-31", tbl)
	var got struct {
		Metric string           `json:"metric"`
		AsOf   string           `json:"as_of"`
		Rows   []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got.Metric != "nps" || got.AsOf != "2025-12-31" || len(got.Rows) != 2 {
		t.Fatalf("%+v", got)
	}
	if got.Rows[0]["nps"] != 33.33333333333333 || got.Rows[0]["responses"] != 120.0 {
		t.Errorf("row 0 = %v", got.Rows[0])
	}
	if v, ok := got.Rows[1]["nps"]; !ok || v != nil {
		t.Errorf("null nps missing: %v", got.Rows[1])
	}
}

func TestJSONSparseFunnelRows(t *testing.T) {
	f := &model.Table{
		Columns: []string{"group", "stage", "customers", "conversion_from_previous", "current_stage"},
		Rows: [][]any{
			{"all", "awareness", int64(10), nil, nil},
			{"all", nil, int64(4), nil, "purchase"},
		},
	}
	var b bytes.Buffer
	JSON(&b, "funnel", "2025-01-01", f)
	want := `{"metric":"funnel","as_of":"2025-01-01","rows":[
  {"group":"all","stage":"awareness","customers":10,"conversion_from_previous":null},
  {"group":"all","customers":4,"current_stage":"purchase"}
]}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestTimeCells(t *testing.T) {
	d := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	if Cell(d) != "2024-03-05" || Cell(d.Add(90*time.Minute)) != "2024-03-05 01:30:00" {
		t.Errorf("%s %s", Cell(d), Cell(d.Add(90*time.Minute)))
	}
}

func TestNumbersWithoutExponent(t *testing.T) {
	for x, want := range map[float64]string{128923060: "128923060", 0.1: "0.1", 1e-9: "1e-09", 2e22: "2e+22", -3.5: "-3.5", 0: "0"} {
		if got := number(x); got != want {
			t.Errorf("number(%v) = %q, want %q", x, got, want)
		}
	}
}
