package rows

import "testing"

func TestReadable(t *testing.T) {
	in := "WITH\n" +
		"a_all AS NOT MATERIALIZED (SELECT t.* FROM a t WHERE (t.d IS NULL OR '2025-12-31' IS NULL OR t.d < CAST('2025-12-31' AS DATE) + 1)),\n" +
		"a_f AS NOT MATERIALIZED (SELECT * FROM a_all WHERE (NULL IS NULL OR d >= CAST(NULL AS DATE)) AND (NULL IS NULL OR d < CAST(NULL AS DATE) + 1)),\n" +
		"b_f AS NOT MATERIALIZED (SELECT * FROM b WHERE (NULL IS NULL OR x = 'a)b') AND y > 1),\n" +
		"c_f AS NOT MATERIALIZED (SELECT * FROM c WHERE ('2024-01-01' IS NULL OR d >= CAST('2024-01-01' AS DATE)))\n" +
		"-- the metric\nSELECT count(*) FROM a_f JOIN c_f USING (id) WHERE flag = TRUE AND (NULL IS NULL OR z = NULL)"
	want := "-- filters not set and relations not read are left out\n" +
		"WITH\n" +
		"a_all AS NOT MATERIALIZED (SELECT t.* FROM a t WHERE (t.d IS NULL OR t.d < CAST('2025-12-31' AS DATE) + 1)),\n" +
		"a_f AS NOT MATERIALIZED (SELECT * FROM a_all),\n" +
		"c_f AS NOT MATERIALIZED (SELECT * FROM c WHERE (d >= CAST('2024-01-01' AS DATE)))\n" +
		"-- the metric\nSELECT count(*) FROM a_f JOIN c_f USING (id) WHERE flag = TRUE"
	if got := Readable(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Readable("SELECT 1"); got != "SELECT 1" {
		t.Errorf("plain query changed: %q", got)
	}
	if got := SearchNote(" "); got != "" {
		t.Errorf("empty search note %q", got)
	}
	if got, want := SearchNote("配送 it's"), "\n-- then the / search '配送 it''s', on screen: the rows holding every word of it in any column (case-insensitive)"; got != want {
		t.Errorf("note %q", got)
	}
}
