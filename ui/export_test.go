package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
)

func TestExportFormats(t *testing.T) {
	db := testDB(t)
	dir := t.TempDir()
	tab := &model.Table{Columns: []string{"region", "n", "rate", "at"}, Rows: [][]any{
		{"関東", int64(3), 12.5, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{nil, int64(-1), nil, nil},
		{"九州", int64(4), 128923060.0, time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)},
	}}
	ctx := context.Background()
	for _, f := range []string{"csv", "json", "parquet"} {
		if err := Export(ctx, db, tab, f, filepath.Join(dir, "x."+f)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "x.csv"))
	if want := "region,n,rate,at\n関東,3,12.5,2024-01-02 03:04:05\n,-1,,\n九州,4,128923060,2024-01-03\n"; string(csv) != want {
		t.Errorf("csv = %q, want %q", csv, want)
	}
	js, _ := os.ReadFile(filepath.Join(dir, "x.json"))
	if want := `{"region":"関東","n":3,"rate":12.5,"at":"2024-01-02 03:04:05"}` + "\n" +
		`{"region":null,"n":-1,"rate":null,"at":null}` + "\n" +
		`{"region":"九州","n":4,"rate":128923060,"at":"2024-01-03"}` + "\n"; string(js) != want {
		t.Errorf("json = %q, want %q", js, want)
	}
	// Parquet read back by DuckDB keeps the types: VARCHAR, BIGINT, DOUBLE, TIMESTAMP.
	got, err := metrics.Query(ctx, db, `SELECT region, n, rate, "at", typeof(n), typeof(rate), typeof("at")
		FROM read_parquet(?) ORDER BY n DESC`, filepath.Join(dir, "x.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	r := got.Rows
	if len(r) != 3 || r[1][0] != "関東" || r[1][1] != int64(3) || r[1][2] != 12.5 || r[0][2] != 128923060.0 ||
		!r[1][3].(time.Time).Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) ||
		r[1][4] != "BIGINT" || r[1][5] != "DOUBLE" || r[1][6] != "TIMESTAMP" || r[2][0] != nil || r[2][1] != int64(-1) {
		t.Fatalf("parquet read back %v", r)
	}
}
