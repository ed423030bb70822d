// Package model describes kizuna's engagement data model: the roles a file can
// play, their canonical columns and types, and the plain result table every
// metric and query returns. It has no dependencies so that every layer —
// engine, metrics, output and the workbench — can share it.
package model

// Kind is the canonical type of a column.
type Kind int

const (
	Text      Kind = iota // VARCHAR, kept as written (ids keep leading zeros)
	Timestamp             // TIMESTAMP, parsed from the forms real files use
	Number                // DOUBLE
	Integer               // INTEGER (scores, ratings)
	Boolean               // BOOLEAN (flags: yes/no, true/false, 0/1)
)

// Column is one canonical column of a role.
type Column struct {
	Name     string
	Kind     Kind
	Required bool
}

// Role is one table of the engagement model.
type Role struct {
	Name    string
	Columns []Column
}

// Roles lists the roles in the order they are loaded and shown.
// Every canonical table exists in the database (empty when no file feeds it);
// columns of a file not named here are kept as VARCHAR dimensions after these.
var Roles = []Role{
	{"customers", []Column{
		{"customer_id", Text, true},
		{"signup_at", Timestamp, false},
		{"churned", Boolean, false},      // a snapshot's churn flag (SPEC §6)
		{"tenure_months", Number, false}, // a snapshot's tenure
	}},
	{"orders", []Column{
		{"order_id", Text, false}, // never NULL in the table: file:line when not mapped
		{"customer_id", Text, true},
		{"ordered_at", Timestamp, true},
		{"amount", Number, true},
		{"quantity", Number, false},
	}},
	{"responses", []Column{
		{"customer_id", Text, false},
		{"responded_at", Timestamp, false}, // optional (SPEC §6): NPS needs no date
		{"score", Integer, true},
		{"survey", Text, false}, // lower case; NULL when empty (counts as nps)
		{"touchpoint", Text, false},
		{"comment", Text, false},
	}},
	{"events", []Column{
		{"customer_id", Text, true},
		{"occurred_at", Timestamp, true},
		{"event", Text, true},
		{"channel", Text, false},
		{"session_id", Text, false},
	}},
	{"subscriptions", []Column{
		{"customer_id", Text, true},
		{"started_at", Timestamp, true},
		{"ended_at", Timestamp, false},
		{"plan", Text, false},
		{"mrr", Number, false},
	}},
	{"reviews", []Column{
		{"customer_id", Text, false},
		{"reviewed_at", Timestamp, true},
		{"rating", Integer, true},
		{"text", Text, false},
		{"product", Text, false},
	}},
	{"posts", []Column{
		{"post_id", Text, false},
		{"posted_at", Timestamp, true},
		{"platform", Text, false},
		{"impressions", Number, true},
		{"interactions", Number, true}, // likes+comments+shares+clicks+saves when not mapped
		{"likes", Number, false},
		{"comments", Number, false},
		{"shares", Number, false},
		{"clicks", Number, false},
		{"saves", Number, false},
	}},
}

// RoleByName returns the role called name.
func RoleByName(name string) (Role, bool) {
	for _, r := range Roles {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}

// TimeColumn is the timestamp that places a row of the role in time.
func TimeColumn(role string) string {
	switch role {
	case "customers":
		return "signup_at"
	case "orders":
		return "ordered_at"
	case "responses":
		return "responded_at"
	case "events":
		return "occurred_at"
	case "subscriptions":
		return "started_at"
	case "reviews":
		return "reviewed_at"
	case "posts":
		return "posted_at"
	}
	return ""
}

// Table is a query result: named columns and rows of plain values
// (nil, bool, int64, float64, string; timestamps arrive as time.Time).
type Table struct {
	Columns []string
	Rows    [][]any
}

// Col returns the index of the named column, or -1.
func (t *Table) Col(name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// SQLType is the DuckDB type of a kind.
func (k Kind) SQLType() string {
	switch k {
	case Timestamp:
		return "TIMESTAMP"
	case Number:
		return "DOUBLE"
	case Integer:
		return "INTEGER"
	case Boolean:
		return "BOOLEAN"
	}
	return "VARCHAR"
}

// CreateTableSQL is the DDL of role's canonical table with extra VARCHAR
// dimension columns after the canonical ones.
func CreateTableSQL(r Role, extra ...string) string {
	var b []byte
	b = append(b, "CREATE TABLE "+r.Name+" ("...)
	for i, c := range r.Columns {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, c.Name+" "+c.Kind.SQLType()...)
	}
	for _, e := range extra {
		b = append(b, `, "`...)
		for _, ch := range e {
			if ch == '"' {
				b = append(b, '"')
			}
			b = append(b, string(ch)...)
		}
		b = append(b, `" VARCHAR`...)
	}
	return string(append(b, ')'))
}

// Stages are the journey stages in funnel order.
var Stages = []string{"awareness", "consideration", "purchase", "usage", "loyalty"}

// StageLabelsJA are the Japanese names of Stages.
var StageLabelsJA = []string{"認知", "検討", "購入", "利用", "ロイヤリティ"}

// DefaultJourney maps stage → event names or SQL LIKE patterns recognised
// without a [journey] section. Orders always count as purchase events.
var DefaultJourney = map[string][]string{
	"awareness":     {"ad_click", "ad_view", "impression", "page_view", "pageview", "pv", "visit", "landing", "lead", "signup_view"},
	"consideration": {"product_view", "view_item", "add_to_cart", "cart", "fav", "favorite", "wishlist", "search", "trial_start", "signup"},
	"purchase":      {"purchase", "buy", "order", "checkout", "subscribe", "won"},
	"usage":         {"login", "feature_used", "use", "usage", "session_start", "app_open"},
	"loyalty":       {"review_posted", "review", "referral", "refer", "share", "renewal", "upgrade"},
}

// JourneyTableSQL creates journey_stages(stage, name, pattern): stage is
// 1..5 in Stages order, pattern an event name or LIKE pattern (lower case).
const JourneyTableSQL = `CREATE TABLE journey_stages (stage INTEGER, name VARCHAR, pattern VARCHAR)`

// TableInfo describes one loaded role (kizuna schema).
type TableInfo struct {
	Role     string            `json:"role"`
	Files    []string          `json:"files"`
	Rows     int64             `json:"rows"`     // accepted rows
	Rejected int64             `json:"rejected"` // rows sent to the rejected table
	Filtered int64             `json:"filtered"` // rows left out by the mapping file's where
	Columns  map[string]string `json:"columns"`  // canonical column → source expression
	Order    []string          `json:"-"`        // canonical columns in display order
	// Returns counts the orders rows that are returns (a negative amount
	// or quantity): accepted rows, not orders, netted into revenue.
	Returns int64 `json:"returns,omitempty"`
	// Why says, per file, how its role and columns were chosen.
	Why []string `json:"why,omitempty"`
}

// ReasonCount is one kind of rejection: how many rows of a role were
// rejected for it, with the first one as an example.
type ReasonCount struct {
	Role    string    `json:"role"`
	Reason  string    `json:"reason"` // the reason without the rows' values
	Rows    int64     `json:"rows"`
	Example Rejection `json:"example"`
}

// Rejection is one row that could not be used.
type Rejection struct {
	File   string `json:"file"`
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

// Schema is what was loaded: tables per role and the rejected rows.
// The same rejected rows are in the DuckDB table
// rejected(role VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR).
type Schema struct {
	Tables   []TableInfo `json:"tables"`
	Rejected []Rejection `json:"rejected"`
	// Ignored are files that were found but not loaded, with the reason
	// (no role recognised, a required column missing). Line is 0.
	Ignored []Rejection `json:"ignored,omitempty"`
	// Reasons groups the rejected rows by role and reason, most first.
	Reasons []ReasonCount `json:"rejected_by_reason,omitempty"`
	// Journey, when no event name matches a journey stage, lists the
	// event names found and proposes a [journey] section to paste.
	Journey string `json:"journey_hint,omitempty"`
	// Doubts are what makes a number doubtful (customer ids that look
	// per order, …), for the analyst to check.
	Doubts []string `json:"doubts,omitempty"`
	// Failed are files that could not be read (a corrupt gzip, a broken
	// Parquet file, …), with the reason; the other files loaded. Line is 0.
	Failed []Rejection `json:"failed,omitempty"`
}
