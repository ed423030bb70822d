// Package pane is the contract every workbench pane keeps, as soft-serve's
// panes do: the root model holds them in an array with a focus index, sizes
// them, and routes keys to the focused one.
package pane

import (
	"context"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// Pane is one numbered screen of the workbench.
type Pane interface {
	help.KeyMap // ShortHelp / FullHelp from the pane's key.Bindings

	Title() string // tab label, e.g. "NPS"
	Init() tea.Cmd
	Update(tea.Msg) (Pane, tea.Cmd)
	View() string
	SetSize(width, height int)
	Focus() tea.Cmd
	Blur()

	// Capturing reports whether the pane is taking text input (search box,
	// SQL editor): then it gets every key, so `q` never quits.
	Capturing() bool
	// SetFilter applies the filter bar's state; the pane reloads.
	SetFilter(p metrics.Params) tea.Cmd
	// Screen is what is on screen, for `e` (export) and `s` (its SQL with
	// the parameters bound).
	Screen() Screen
}

// Screen describes the data a pane shows.
type Screen struct {
	Name  string       // file-name friendly, e.g. "nps-by-region"
	Table *model.Table // the rows on screen
	SQL   string       // the query behind it, parameters bound
}

// Env is what panes share: the database (through metrics.Querier only),
// what was loaded, and the context that lives as long as the program.
type Env struct {
	DB     metrics.Querier
	Schema *model.Schema
	Ctx    context.Context
	Theme  *theme.Theme
	// SQL runs the analyst's own SQL (the SQL pane): sandboxed, one
	// statement, time-limited. nil: DB, unchecked (tests).
	SQL Console
	// Files runs kizuna's own Parquet export SQL in a DuckDB that may write
	// files (DB is sealed). nil: DB.
	Files metrics.Querier
	// History is the SQL pane's history file; "" means the user's own
	// ($XDG_STATE_HOME/kizuna/history). kizuna serve keeps one per key.
	History string
	// Keys is the workbench's one keymap, built by the root and passed to
	// every pane, the filter bar and the rows view.
	Keys *keys.Map
	// Segments is the saved segments' file (S in the rows view, the filter
	// bar's segment field); "" means the user's own
	// ($XDG_STATE_HOME/kizuna/segments.json). kizuna serve keeps one per key.
	Segments string
	// Journey stage names are in model.Stages; the metric defaults in metrics.Params.
}

// Console runs one statement of the analyst's and returns its rows.
type Console interface {
	Query(ctx context.Context, q string, args ...any) (*model.Table, error)
}

// DrillMsg asks the root to open the rows behind a number: the root runs
// SQL (built with metrics.BuildSQL, so the filter bar applies) in the
// background and shows a scrolling, sortable, searchable, exportable table;
// esc comes back to the pane with its cursor where it was.
type DrillMsg struct {
	Title string
	SQL   string
	Args  []any
	// Save opens the segment name input (S) as soon as the rows arrive.
	Save bool
}

// DrillSaver is a pane whose enter drills into customers' rows that S
// can save as a segment (issue 12): the root answers S by pressing enter
// for it and opening the rows with the segment name asked for.
type DrillSaver interface {
	CanSaveDrill() bool
}

// JumpMsg asks the root to focus pane Index (0-based, in SPEC order), e.g.
// enter on an Overview tile.
type JumpMsg struct{ Index int }

// Compile-time guard that key is used by implementations' keymaps.
var _ key.Binding

// KeyMap is env's keymap (a new default one where none was passed: tests
// that build a pane alone).
func (e Env) KeyMap() *keys.Map {
	if e.Keys != nil {
		return e.Keys
	}
	return keys.Default()
}
