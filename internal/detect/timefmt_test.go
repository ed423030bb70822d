package detect

import (
	"strings"
	"testing"
)

// TestDetectTime: one format per column, from the values alone.
func TestDetectTime(t *testing.T) {
	iso := TimeFormat{"iso", ""}
	cases := []struct {
		values string // values separated by "|"
		want   TimeFormat
	}{
		{"2024-01-05|2024-12-31", iso},
		{"2024-01-05T10:00:00Z|2024-01-05T10:00:00.123+09:00|2024-01-05 10:00:00 UTC|2024-01-05 10:00", iso},
		{"19970101|19980630| 19971231 ", TimeFormat{"yyyymmdd", "%Y%m%d"}},
		{"1511544070|1511572885|999999999", TimeFormat{"epoch_s", ""}}, // 999999999 is 2001-09-09
		{"1511544070123|1511572885000", TimeFormat{"epoch_ms", ""}},
		{"12/1/10 8:26|1/12/11 17:05", TimeFormat{"strptime", "%m/%d/%y %H:%M"}},
		{"3/4/2020|12/1/2021", TimeFormat{"strptime", "%m/%d/%Y"}},    // no day above 12: US order
		{"3/4/2020|13/1/2021", TimeFormat{"strptime", "%d/%m/%Y"}},    // 13 can only be a day
		{"3/4/2020|1/13/2021", TimeFormat{"strptime", "%m/%d/%Y"}},    // 13 in second place: month first
		{"01-02-2018|20-10-2017", TimeFormat{"strptime", "%d-%m-%Y"}}, // olist
		{"01-02-2018|02-03-2018", TimeFormat{"strptime", "%d-%m-%Y"}}, // dashes default to day first
		{"02-13-2018|01-02-2018", TimeFormat{"strptime", "%m-%d-%Y"}}, // unless a second number is above 12
		{"05.01.2024|31.12.2024", TimeFormat{"strptime", "%d.%m.%Y"}}, // German
		{"2024/01/05|2024/1/31", TimeFormat{"strptime", "%Y/%m/%d"}},  // Japanese exports
		{"2024/01/05 09:30:00|2024/01/31 23:59:59", TimeFormat{"strptime", "%Y/%m/%d %H:%M:%S"}},
		{"2024年1月5日|2024年12月31日", TimeFormat{"strptime", "%Y年%m月%d日"}},
		{"2024年1月5日 9:30|2024年12月31日 23:59", TimeFormat{"strptime", "%Y年%m月%d日 %H:%M"}},
		// 9 of 10 values suffice; the odd one becomes a rejected row later.
		{"2024-01-01|2024-01-02|2024-01-03|2024-01-04|2024-01-05|2024-01-06|2024-01-07|2024-01-08|2024-01-09|soon", iso},
	}
	for _, c := range cases {
		got, ok := DetectTime(strings.Split(c.values, "|"))
		if !ok || got != c.want {
			t.Errorf("DetectTime(%s) = %+v %v, want %+v", c.values, got, ok, c.want)
		}
	}
	for _, values := range []string{
		"",                          // nothing
		"1|34|72",                   // tenure in months
		"2023-02-30|2023-02-31",     // impossible dates
		"20230230|20231301",         // impossible YYYYMMDD
		"00004|00021",               // zero-padded ids
		"1000000000|4000000000",     // ten-digit ids spread over a century
		"2024-01-05|soon|later",     // a third parse
		"13/13/2020",                // neither order works
		"7590-VHVEG|5575-GNVDE",     // telco ids
		"2024-01-05 25:00|2024-1-5", // no hour 25; unpadded ISO
	} {
		if got, ok := DetectTime(strings.Split(values, "|")); ok {
			t.Errorf("DetectTime(%s) = %+v, want none", values, got)
		}
	}
}

// TestTimeSQLText: the SQL's shape for each kind (its behaviour is checked
// against DuckDB in sql_test.go).
func TestTimeSQLText(t *testing.T) {
	trimmed := `regexp_replace(trim(CAST(x AS VARCHAR)), '\s*UTC$', '')`
	for f, want := range map[TimeFormat]string{
		{"strptime", "%d-%m-%Y"}:  `try_strptime(` + trimmed + `, '%d-%m-%Y')`,
		{"strptime", "%Y年%m月%d日"}: `try_strptime(` + trimmed + `, '%Y年%m月%d日')`,
		{"strptime", "it's %Y"}:   `try_strptime(` + trimmed + `, 'it''s %Y')`,
		{"epoch_s", ""}:           `CASE WHEN regexp_full_match(` + trimmed + `, '\d{9,10}') THEN make_timestamp(CAST(` + trimmed + ` AS BIGINT) * 1000000) END`,
		{"yyyymmdd", "%Y%m%d"}:    `CASE WHEN regexp_full_match(` + trimmed + `, '\d{8}') THEN try_strptime(` + trimmed + `, '%Y%m%d') END`,
		{"epoch_ms", ""}:          `CASE WHEN regexp_full_match(` + trimmed + `, '\d{12,13}') THEN make_timestamp(CAST(` + trimmed + ` AS BIGINT) * 1000) END`,
	} {
		if got := f.SQL("x"); got != want {
			t.Errorf("%+v.SQL:\n got %s\nwant %s", f, got, want)
		}
	}
	if got := (TimeFormat{Kind: "iso"}).SQL("x"); !strings.Contains(got, `TRY_CAST(`+trimmed+` AS TIMESTAMP)`) {
		t.Errorf("iso SQL: %s", got)
	}
}
