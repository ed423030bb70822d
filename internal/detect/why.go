package detect

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kizuna-dev/kizuna/internal/model"
)

// why explains a guess: the file-name hint, each mapped column and how it
// was recognised, what is missing, and why the nearest other roles lost.
func why(f roleFit, fits []roleFit, columns []string) string {
	parts := []string{fmt.Sprintf("%s (score %.2f)", f.role, f.score)}
	if f.fileWord != "" {
		parts = append(parts, fmt.Sprintf("the file name says %q", f.fileWord))
	}
	got := map[string]int{}
	derived := Derived(f.role, toMap(f.picks, columns))
	for _, p := range f.picks {
		got[p.canon] = p.col
		if e := derived[p.canon]; e != "" {
			q := quoteName(columns[f.picks[indexPick(f.picks, "quantity")].col])
			parts = append(parts, fmt.Sprintf("amount = %s (%s is a unit price beside the quantity %s)", e, quoteName(columns[p.col]), q))
			continue
		}
		how := p.how
		if p.tf.Kind != "" {
			how += ", " + p.tf.describe()
		}
		parts = append(parts, fmt.Sprintf("%s ← %s (%s)", p.canon, quoteName(columns[p.col]), how))
	}
	for k, v := range f.constants {
		parts = append(parts, fmt.Sprintf("%s = %q on every row (no %s column; the file name says %q)", k, v, k, f.fileWord))
	}
	for _, m := range f.missing {
		parts = append(parts, missingWhy(f.role, m, columns))
	}
	parts = append(parts, f.notes...)
	if f.role == "customers" {
		if _, ok := got["signup_at"]; !ok {
			parts = append(parts, "no signup date column, so signup_at stays empty")
		}
	}
	if n := len(columns) - len(f.picks); n > 0 {
		parts = append(parts, fmt.Sprintf("%d other column(s) kept as dimensions", n))
	}
	others := append([]roleFit{}, fits...)
	sort.SliceStable(others, func(a, b int) bool { return others[a].score > others[b].score })
	shown := 0
	for _, o := range others {
		// Runners-up are worth a word when they came close, or when the
		// guess needed a constant from the file name.
		close := o.score >= f.score-1.5 || len(f.constants) > 0
		if o.role == f.role || len(o.missing) == 0 || (o.score < 0.3 || o.byName*2 < o.required) && len(o.notes) == 0 || !close || shown == 2 {
			continue
		}
		not := fmt.Sprintf("not %s: no column for %s", o.role, strings.Join(o.missing, ", "))
		if len(o.notes) > 0 {
			not += " (" + strings.Join(o.notes, "; ") + ")"
		}
		parts = append(parts, not)
		shown++
	}
	return strings.Join(parts, "; ")
}

// missingWhy explains a required column with no source. A timestamp
// missing next to month/weekday/hour columns is called out: such a file
// cannot be placed in time.
func missingWhy(role, canon string, columns []string) string {
	r, _ := model.RoleByName(role)
	for _, c := range r.Columns {
		if c.Name != canon || c.Kind != model.Timestamp {
			continue
		}
		var parts []string
		for _, col := range columns {
			for _, t := range tokens(col) {
				switch t {
				case "month", "weekday", "hour", "day", "year", "week", "月", "曜日", "時間":
					parts = append(parts, quoteName(col))
				}
			}
		}
		if len(parts) > 0 {
			return fmt.Sprintf("no date column for %s (only %s), so %s cannot be placed in time",
				canon, strings.Join(parts, ", "), role)
		}
		return fmt.Sprintf("no date column for %s, so %s cannot be placed in time", canon, role)
	}
	return "no column for " + canon
}

func noRoleWhy(fits []roleFit) string {
	best := fits[0]
	for _, f := range fits {
		if f.score > best.score {
			best = f
		}
	}
	if len(best.picks) == 0 {
		return "no role fits: no column name or value looks like an id, date, amount, score or event"
	}
	why := fmt.Sprintf("no role fits: nearest is %s (score %.2f) with no column for %s",
		best.role, best.score, strings.Join(best.missing, ", "))
	if len(best.notes) > 0 {
		why += " (" + strings.Join(best.notes, "; ") + ")"
	}
	return why
}

func indexPick(picks []pick, canon string) int {
	for i, p := range picks {
		if p.canon == canon {
			return i
		}
	}
	return -1
}

func isUnitPrice(name string) bool {
	switch normName(name) {
	case "price", "unitprice", "priceeach", "priceperunit", "unitcost", "itemprice", "pricepaid",
		"sellingprice", "saleprice", "salesprice", "listprice", "単価", "価格", "販売単価", "商品単価", "販売価格":
		return true
	}
	return false
}

// Derived returns the SQL expressions that replace plain columns of a
// mapping (canonical → source column): a unit price beside a quantity
// makes amount = quantity × unit price (SPEC §6). Values that are not
// numbers give NULL, so the row is rejected for a missing amount.
func Derived(role string, m map[string]string) map[string]string {
	if role != "orders" || m["amount"] == "" || m["quantity"] == "" || !isUnitPrice(m["amount"]) {
		return nil
	}
	return map[string]string{"amount": fmt.Sprintf("TRY_CAST(%s AS DOUBLE) * TRY_CAST(%s AS DOUBLE)",
		sqlIdent(m["quantity"]), sqlIdent(m["amount"]))}
}

// sqlIdent quotes a column name for SQL.
func sqlIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// quoteName quotes a column name unless it is a plain identifier.
func quoteName(s string) string {
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 0x2fff) {
			return fmt.Sprintf("%q", s)
		}
	}
	return s
}

// describe names a time format for people.
func (f TimeFormat) describe() string {
	switch f.Kind {
	case "iso":
		return "ISO timestamps"
	case "yyyymmdd":
		return "YYYYMMDD dates"
	case "epoch_s":
		return "Unix seconds"
	case "epoch_ms":
		return "Unix milliseconds"
	}
	return "dates like " + f.Pattern
}
