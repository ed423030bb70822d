package rows

import (
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// Width is the display width of s (double-width characters count two).
func Width(s string) int { return lipgloss.Width(s) }

var named = regexp.MustCompile(`\$([a-z_][a-z0-9_]*)`)

// BoundSQL is text with its arguments written in as SQL literals, for
// reading and for pasting into the SQL pane. Named arguments (sql.Named)
// replace $name; positional ones are listed in a trailing comment.
func BoundSQL(text string, args []any) string {
	vals := map[string]any{}
	var pos []string
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); ok {
			vals[n.Name] = n.Value
			continue
		}
		pos = append(pos, Literal(a))
	}
	out := named.ReplaceAllStringFunc(text, func(m string) string {
		if v, ok := vals[m[1:]]; ok {
			return Literal(v)
		}
		return m
	})
	if len(pos) > 0 {
		out += "\n-- arguments: " + strings.Join(pos, ", ")
	}
	return out
}

// Literal writes v as an SQL literal.
func Literal(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case time.Time:
		return "TIMESTAMP '" + x.Format("2006-01-02 15:04:05") + "'"
	case bool:
		return fmt.Sprint(x)
	case int, int64, int32, float64:
		return fmt.Sprint(x)
	}
	return "'" + strings.ReplaceAll(fmt.Sprint(v), "'", "''") + "'"
}

// NoData is what a view says when role has no rows: which kind of file
// would feed it.
func NoData(role string) string {
	switch role {
	case "customers":
		return "No customers loaded — give a file with a customer_id column (e.g. customers.csv); other columns become dimensions."
	case "orders":
		return "No orders loaded — give a file with customer_id, ordered_at and amount columns (e.g. orders.csv)."
	case "responses":
		return "No survey responses loaded — give a file with a 0–10 score column (e.g. responses.csv)."
	case "events":
		return "No events loaded — give a file with customer_id, occurred_at and event columns (e.g. events.csv)."
	case "subscriptions":
		return "No subscriptions loaded — give a file with customer_id and started_at columns (e.g. subscriptions.csv)."
	case "reviews":
		return "No reviews loaded — give a file with reviewed_at and rating (1–5) columns (e.g. reviews.csv)."
	case "posts":
		return "No SNS posts loaded — give a file with posted_at, impressions and interactions columns (e.g. posts.csv)."
	}
	return "No " + role + " loaded."
}
