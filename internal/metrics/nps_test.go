package metrics

import (
	"math"
	"testing"
)

// Ten NPS responses: scores 10 9 9 8 7 6 5 0 10 3 plus one csat (ignored).
// Region A (c1..c5): 10 9 9 8 7 → P=3 D=0 N=5 → NPS 60.
// Region B (c6..c9): 6 5 0 → D=3, and c9 again 10 → P=1 N=4 → NPS -50.
// c10 has no region → (unknown): 3 → D=1 N=1 → NPS -100.
const npsFixture = `
INSERT INTO customers (customer_id, region) VALUES
 ('c1','A'),('c2','A'),('c3','A'),('c4','A'),('c5','A'),('c6','B'),('c7','B'),('c8','B'),('c9','B'),('c10','');
INSERT INTO responses (customer_id, responded_at, score, survey) VALUES
 ('c1','2024-01-05',10,NULL),('c2','2024-01-06',9,'nps'),('c3','2024-02-01',9,NULL),('c4','2024-02-02',8,NULL),
 ('c5','2024-02-03',7,NULL),('c6','2024-02-04',6,NULL),('c7','2024-03-01',5,NULL),('c8','2024-03-02',0,NULL),
 ('c9','2024-03-03',10,NULL),('c10','2024-03-04',3,NULL),('c1','2024-03-05',1,'csat');`

func TestNPSOverall(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, npsFixture)
	r := run(t, db, "nps", Params{})
	if len(r.Rows) != 1 {
		t.Fatalf("rows = %v", r.Rows)
	}
	m := rowMap(r, 0)
	// P = 10,9,9,10 = 4; passives 8,7 = 2; D = 6,5,0,3 = 4; N = 10.
	mustEqual(t, "group", m["group"], "all")
	mustEqual(t, "responses", m["responses"], 10)
	mustEqual(t, "promoters", m["promoters"], 4)
	mustEqual(t, "passives", m["passives"], 2)
	mustEqual(t, "detractors", m["detractors"], 4)
	mustEqual(t, "nps", m["nps"], 0.0)
	// pP = pD = 0.4: sqrt((0.8 - 0)/10) = sqrt(0.08)
	mustEqual(t, "moe95", m["moe95"], 100*1.96*math.Sqrt(0.08))
	mustEqual(t, "low_sample", m["low_sample"], true)
	mustEqual(t, "as_of", r.AsOf, "2024-03-05")
}

func TestNPSByRegionAndFilters(t *testing.T) {
	db := fixture(t, map[string][]string{"customers": {"region"}}, npsFixture)
	r := run(t, db, "nps", Params{By: "region"})
	want := []struct {
		group string
		n     int
		nps   float64
	}{{"(unknown)", 1, -100}, {"A", 5, 60}, {"B", 4, -50}}
	if len(r.Rows) != len(want) {
		t.Fatalf("rows = %v", r.Rows)
	}
	for i, w := range want {
		m := rowMap(r, i)
		mustEqual(t, "group", m["group"], w.group)
		mustEqual(t, "responses", m["responses"], w.n)
		mustEqual(t, "nps", m["nps"], w.nps)
	}
	// --where region=B and --to 2024-03-02: 6, 5, 0 → NPS -100.
	r = run(t, db, "nps", Params{Where: []Filter{{"region", "B"}}, To: "2024-03-02"})
	m := rowMap(r, 0)
	mustEqual(t, "responses", m["responses"], 3)
	mustEqual(t, "nps", m["nps"], -100.0)
	// --by month: Jan 10,9 → 100; Feb 9,8,7,6 → 0; Mar 5,0,10,3 → -50.
	r = run(t, db, "nps", Params{By: "month"})
	for i, w := range []struct {
		g   string
		nps float64
	}{{"2024-01", 100}, {"2024-02", 0}, {"2024-03", -50}} {
		mustEqual(t, "group", rowMap(r, i)["group"], w.g)
		mustEqual(t, "nps", rowMap(r, i)["nps"], w.nps)
	}
}
