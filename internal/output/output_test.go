package output

import (
	"bytes"
	"encoding/json"
	"math"
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

// The text table writes whole numbers without ".0" (report overview's
// counts) and small fractions with two significant digits (sql's 0.04);
// CSV and JSON carry every digit and no exponent.
func TestNumbersOneFormatter(t *testing.T) {
	n := &model.Table{
		Columns: []string{"kpi", "value"},
		Rows: [][]any{
			{"customers", 1004.0}, {"revenue", 128923060.0}, {"share", 0.04},
			{"aov", 9439.98}, {"nps", 33.33333333333333}, {"x", 1e-9},
		},
	}
	var b bytes.Buffer
	Text(&b, n)
	want := "kpi            value\n" +
		"customers       1004\n" +
		"revenue    128923060\n" +
		"share           0.04\n" +
		"aov           9440.0\n" +
		"nps             33.3\n" +
		"x                0.0\n"
	if b.String() != want {
		t.Errorf("text got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	CSV(&b, n)
	if want := "kpi,value\ncustomers,1004\nrevenue,128923060\nshare,0.04\naov,9439.98\nnps,33.33333333333333\nx,1e-09\n"; b.String() != want {
		t.Errorf("csv got %q want %q", b.String(), want)
	}
	b.Reset()
	JSON(&b, "overview", "2025-12-31", n)
	if want := `{"metric":"overview","as_of":"2025-12-31","rows":[
  {"kpi":"customers","value":1004},
  {"kpi":"revenue","value":128923060},
  {"kpi":"share","value":0.04},
  {"kpi":"aov","value":9439.98},
  {"kpi":"nps","value":33.33333333333333},
  {"kpi":"x","value":1e-09}
]}
`; b.String() != want {
		t.Errorf("json got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	NDJSON(&b, &model.Table{Columns: []string{"a", "n", "at"}, Rows: [][]any{{"関東", 128923060.0, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}, {nil, math.NaN(), nil}}})
	if want := `{"a":"関東","n":128923060,"at":"2024-01-02"}` + "\n" + `{"a":null,"n":null,"at":null}` + "\n"; b.String() != want {
		t.Errorf("ndjson got %q want %q", b.String(), want)
	}
}
