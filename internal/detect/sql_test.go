package detect

import (
	"database/sql"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// TestTimeSQLInDuckDB runs every TimeFormat.SQL against real DuckDB: the
// format DetectTime picks for a column, then each value through the SQL.
// Invalid values and impossible dates give NULL, never an error. The session
// time zone is set far from UTC to show that epochs are not shifted.
func TestTimeSQLInDuckDB(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`SET TimeZone = 'Asia/Tokyo'`); err != nil {
		t.Fatal(err)
	}
	const null = "NULL"
	cases := []struct {
		name   string
		column []string // what DetectTime sees
		want   TimeFormat
		values map[string]string // value → expected timestamp or NULL
	}{
		{"iso date", []string{"2023-01-05", "2023-12-31"}, TimeFormat{"iso", ""}, map[string]string{
			"2023-01-05": "2023-01-05 00:00:00", " 2023-12-31 ": "2023-12-31 00:00:00",
			"2023-02-30": null, "2023-13-01": null, "hello": null, "": null, "2023-1-5x": null,
		}},
		{"iso time", []string{"2018-02-26 19:58:54", "2018-05-08 20:17:59"}, TimeFormat{"iso", ""}, map[string]string{
			"2018-02-26 19:58:54":       "2018-02-26 19:58:54",
			"2018-02-26T19:58:54":       "2018-02-26 19:58:54",
			"2018-02-26T19:58:54.250":   "2018-02-26 19:58:54.25",
			"2018-02-26 19:58:54 UTC":   "2018-02-26 19:58:54",
			"2018-02-26T19:58:54Z":      "2018-02-26 19:58:54",
			"2018-02-26T19:58:54+09:00": "2018-02-26 10:58:54", // offsets are folded to UTC
			"2018-02-26 19:58:54-0500":  "2018-02-27 00:58:54",
			"2018-02-26 25:00:00":       null,
		}},
		{"yyyymmdd", []string{"19970101", "19971231"}, TimeFormat{"yyyymmdd", "%Y%m%d"}, map[string]string{
			"19970101": "1997-01-01 00:00:00", " 19980630 ": "1998-06-30 00:00:00",
			"19970230": null, "1997011": null, "199701011": null, "x": null,
		}},
		{"epoch seconds", []string{"1511544070", "1511572885"}, TimeFormat{"epoch_s", ""}, map[string]string{
			"1511544070": "2017-11-24 17:21:10", "1511544070 UTC": "2017-11-24 17:21:10",
			"15115440701234": null, "abc": null, "-5": null,
		}},
		{"epoch ms", []string{"1511544070123", "1511572885000"}, TimeFormat{"epoch_ms", ""}, map[string]string{
			"1511544070123": "2017-11-24 17:21:10.123", "1511544070": null,
		}},
		{"M/D/YY H:MM", []string{"12/1/10 8:26", "1/12/11 17:05"}, TimeFormat{"strptime", "%m/%d/%y %H:%M"}, map[string]string{
			"12/1/10 8:26": "2010-12-01 08:26:00", "1/12/11 17:05": "2011-01-12 17:05:00",
			"2/30/11 10:00": null, "12/1/10": null,
		}},
		{"M/D/YYYY", []string{"3/14/2020", "12/1/2021"}, TimeFormat{"strptime", "%m/%d/%Y"}, map[string]string{
			"3/14/2020": "2020-03-14 00:00:00", "02/29/2021": null, "02/29/2020": "2020-02-29 00:00:00",
		}},
		{"D/M/YYYY", []string{"14/3/2020", "1/12/2021"}, TimeFormat{"strptime", "%d/%m/%Y"}, map[string]string{
			"14/3/2020": "2020-03-14 00:00:00", "1/12/2021": "2021-12-01 00:00:00", "3/14/2020": null,
		}},
		{"DD-MM-YYYY", []string{"01-02-2018", "20-10-2017"}, TimeFormat{"strptime", "%d-%m-%Y"}, map[string]string{
			"01-02-2018": "2018-02-01 00:00:00", "20-10-2017": "2017-10-20 00:00:00", "31-02-2018": null,
		}},
		{"YYYY/MM/DD", []string{"2024/01/05", "2024/11/30"}, TimeFormat{"strptime", "%Y/%m/%d"}, map[string]string{
			"2024/01/05": "2024-01-05 00:00:00", "2024/1/5": "2024-01-05 00:00:00", "2024/02/30": null,
		}},
		{"YYYY/MM/DD HH:MM:SS", []string{"2024/01/05 09:30:00"}, TimeFormat{"strptime", "%Y/%m/%d %H:%M:%S"}, map[string]string{
			"2024/01/05 09:30:00": "2024-01-05 09:30:00", "2024/01/05": null,
		}},
		{"YYYY年MM月DD日", []string{"2024年1月5日", "2024年12月31日"}, TimeFormat{"strptime", "%Y年%m月%d日"}, map[string]string{
			"2024年1月5日": "2024-01-05 00:00:00", "2024年02月30日": null, "2024-01-05": null,
		}},
		{"YYYY年MM月DD日 HH:MM", []string{"2024年1月5日 9:30"}, TimeFormat{"strptime", "%Y年%m月%d日 %H:%M"}, map[string]string{
			"2024年1月5日 9:30": "2024-01-05 09:30:00", "2024年1月5日": null,
		}},
		{"DD.MM.YYYY", []string{"05.01.2024", "31.12.2024"}, TimeFormat{"strptime", "%d.%m.%Y"}, map[string]string{
			"31.12.2024": "2024-12-31 00:00:00", "31.11.2024": null,
		}},
	}
	for _, c := range cases {
		got, ok := DetectTime(c.column)
		if !ok || got != c.want {
			t.Errorf("%s: DetectTime(%q) = %+v, %v; want %+v", c.name, c.column, got, ok, c.want)
			continue
		}
		q := `SELECT ` + got.SQL("$1") + `::TIMESTAMP`
		for v, want := range c.values {
			var ts sql.NullTime
			if err := db.QueryRow(q, v).Scan(&ts); err != nil {
				t.Errorf("%s: %q: %v\n%s", c.name, v, err, q)
				continue
			}
			s := null
			if ts.Valid {
				s = ts.Time.UTC().Format("2006-01-02 15:04:05.999")
			}
			if want != null && len(want) == 19 {
				s = ts.Time.UTC().Format(time.DateTime)
			}
			if s != want {
				t.Errorf("%s: %q → %s, want %s", c.name, v, s, want)
			}
		}
	}
}
