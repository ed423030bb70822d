package segments

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSaveListGet(t *testing.T) {
	st := Store{Path: filepath.Join(t.TempDir(), "state", "kizuna", "segments.json")}
	if all, err := st.List(); err != nil || len(all) != 0 {
		t.Fatalf("empty store: %v %v", all, err)
	}
	if _, err := st.Get("x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on empty: %v", err)
	}
	for _, g := range []Segment{{Name: "九州 detractors", SQL: "SELECT 1 AS customer_id"}, {Name: "big", SQL: "SELECT 'a' AS customer_id"}, {Name: "big", SQL: "SELECT 'b' AS customer_id"}} {
		if err := st.Save(g); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := st.List()
	if len(all) != 2 || all[0].Name != "big" || all[0].SQL != "SELECT 'b' AS customer_id" || all[1].Name != "九州 detractors" {
		t.Fatalf("list %+v (a save replaces a segment of the same name)", all)
	}
	if fi, err := os.Stat(st.Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v %v, want 0600", fi.Mode(), err)
	}
	if err := st.Save(Segment{Name: "../etc", SQL: "x"}); err == nil {
		t.Error("a name with / was accepted")
	}
	if err := st.Save(Segment{Name: "empty", SQL: "  "}); err == nil {
		t.Error("a segment without SQL was accepted")
	}
	if _, err := st.Get("nope"); err == nil || err.Error() != `no such segment "nope": saved are big, 九州 detractors` {
		t.Errorf("unknown name: %v", err)
	}
}
