// Package retention is the Retention pane: the cohort triangle as a heat
// map with the numbers in the cells, the average retention curve, and the
// churn flow (new / reactivated / churned) per period.
package retention

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
)

// NoData is shown when there is no activity to build cohorts from.
const NoData = "No orders or subscriptions loaded — give a file with customer_id, ordered_at and amount columns (or subscriptions with started_at)."

var viewKey = key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "cohorts / churn flow"))

// Pane is the Retention pane.
type Pane struct {
	kit.Kit
	data     *data
	flow     bool // showing the churn flow instead of the cohorts
	row, col int  // selected cohort and offset
	flowRow  int  // selected period of the churn flow
	out      string
	hits     kit.Targets // cells (cellID) or churn flow bars (period row)
	cmp      kit.Compare // c on the cohorts (Mark: a cellID)
	cmpFlow  kit.Compare // c on the churn flow (Mark: a period row)
}

// cellID packs a cohort row and an offset into a click target's id;
// offset anyCol (a click on the cohort's label) keeps the selected offset.
func cellID(row, col int) int { return row<<20 | col }

const anyCol = 1<<20 - 1

type data struct {
	empty      bool
	ret, churn *model.Table // for export and `s`
	grid       []metrics.RetentionCell
	flows      []metrics.ChurnRow
	retQ       kit.Query
	churnQ     kit.Query
	drill      kit.Query
	cohorts    []string
	size       map[string]any
	cells      map[string]map[int]int // cohort → offset → row of ret
	maxOffset  int
	byEvents   bool // no orders or subscriptions: events are the activity
}

// New returns the Retention pane.
func New(env pane.Env) pane.Pane { return &Pane{Kit: kit.New(env)} }

func (p *Pane) Title() string { return "Retention" }

func (p *Pane) Init() tea.Cmd { return p.load() }

// SetFilter reloads with the filter bar's parameters (its breakdown is not
// used: the pane shows one triangle).
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd { p.P = params; return p.load() }

func (p *Pane) SetSize(w, h int) { p.W, p.H = w, h; p.render() }

func (p *Pane) load() tea.Cmd {
	db, params := p.Env.DB, p.P
	params.By = ""
	v, cmd := p.Fetch(kit.Key(params), func(ctx context.Context) (any, error) {
		// Without orders or subscriptions, events are the activity.
		v, err := metrics.LoadView(ctx, db, metrics.ViewSpec{Metric: "retention", Role: "orders,subscriptions,events",
			Extras: []string{"churn"}, Drills: []string{"drill_retention"}}, params)
		if err != nil || v.Empty {
			return &data{empty: v != nil && v.Empty}, err
		}
		d := &data{size: map[string]any{}, cells: map[string]map[int]int{}, ret: v.Groups, byEvents: len(v.Notes) > 0,
			retQ: kit.Query(v.Query), drill: kit.Query(v.Drills["drill_retention"]),
			churn: v.Extras["churn"], churnQ: kit.Query(v.ExtraQuery["churn"])}
		if err := d.index(); err != nil {
			return nil, err
		}
		return d, nil
	})
	if v != nil {
		p.show(v)
	}
	return cmd
}

// index decodes the cells and the churn periods and finds each cell's row.
func (d *data) index() error {
	var err error
	if d.grid, err = metrics.Rows[metrics.RetentionCell](d.ret); err != nil {
		return err
	}
	if d.flows, err = metrics.Rows[metrics.ChurnRow](d.churn); err != nil {
		return err
	}
	for i, r := range d.grid {
		if _, ok := d.cells[r.Cohort]; !ok {
			d.cells[r.Cohort] = map[int]int{}
			d.cohorts = append(d.cohorts, r.Cohort)
			d.size[r.Cohort] = r.Size
		}
		d.cells[r.Cohort][int(r.Offset)] = i
		d.maxOffset = max(d.maxOffset, int(r.Offset))
	}
	return nil
}

// show puts a result (or the error) on screen.
func (p *Pane) show(v any) {
	if kit.Keep(v, &p.data) {
		p.clamp()
	}
	p.render()
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	msg = kit.Wheel(msg)
	if p.cmp.Take(msg) || p.cmpFlow.Take(msg) {
		p.render()
		return p, nil
	}
	if v, ok := p.Take(msg); ok {
		p.show(v)
		return p, p.compareTopics()
	}
	if cmd := p.Tick(msg); cmd != nil {
		return p, cmd
	}
	if id, ok := p.Hit(msg, &p.hits); ok {
		return p, p.click(id)
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.compareKeys(k) {
		p.render()
		return p, p.compareTopics()
	}
	switch {
	case key.Matches(k, kit.Esc):
		p.Cancel()
	case key.Matches(k, kit.Reload):
		p.Forget() // the data may have changed (SQL pane)
		p.cmp.Forget()
		p.cmpFlow.Forget()
		return p, p.load()
	case key.Matches(k, viewKey):
		p.flow = !p.flow
	case key.Matches(k, kit.Up):
		p.move(-1, 0)
	case key.Matches(k, kit.Down):
		p.move(1, 0)
	case key.Matches(k, kit.Left):
		p.move(0, -1)
	case key.Matches(k, kit.Right):
		p.move(0, 1)
	case key.Matches(k, kit.Enter):
		if cmd := p.drill(); cmd != nil {
			return p, cmd
		}
	}
	p.render()
	return p, p.compareTopics()
}

// click selects the cell or period under the mouse; a click on the
// selected one drills like enter.
func (p *Pane) click(id int) tea.Cmd {
	if p.flow {
		if id == p.flowRow {
			_, cmd := p.Update(kit.EnterKey)
			return cmd
		}
		p.flowRow = id
	} else {
		row, col := id>>20, id&anyCol
		if col == anyCol {
			col = p.col
		}
		if row == p.row && col == p.col {
			_, cmd := p.Update(kit.EnterKey)
			return cmd
		}
		p.row, p.col = row, col
	}
	p.clamp()
	p.render()
	return nil
}

func (p *Pane) move(dr, dc int) {
	if p.flow {
		p.flowRow += dr
	} else {
		p.row += dr
		p.col += dc
	}
	p.clamp()
}

func (p *Pane) clamp() {
	d := p.data
	if d == nil || d.empty {
		return
	}
	if d.churn != nil {
		p.flowRow = chart.Clamp(p.flowRow, len(d.flows))
	}
	p.row = chart.Clamp(p.row, len(d.cohorts))
	if len(d.cohorts) == 0 {
		return
	}
	// The triangle: stay on an existing cell of the cohort.
	last := 0
	for o := range d.cells[d.cohorts[p.row]] {
		if o > last {
			last = o
		}
	}
	p.col = chart.Clamp(p.col, last+1)
}

func (p *Pane) drill() tea.Cmd {
	d := p.data
	if p.flow || d == nil || d.empty || len(d.cohorts) == 0 {
		return nil
	}
	c := d.cohorts[p.row]
	if _, ok := d.cells[c][p.col]; !ok {
		return nil
	}
	title := fmt.Sprintf("Cohort %s — active at offset %d", c, p.col)
	return kit.Drill(title, d.drill, kit.Named("kz_cohort", c), kit.Named("kz_offset", int64(p.col)))
}

func (p *Pane) View() string {
	mode := "cohorts"
	if p.flow {
		mode = "churn flow"
	}
	head := p.Th.Title.Render("Retention") + " · " + p.Th.Focused.Render(mode)
	if p.data != nil && p.data.byEvents {
		head += p.Th.Warn.Render("  activity: events (no orders loaded)")
	}
	head += p.Th.Muted.Render("  v: cohorts/churn flow  enter: customers of a cell  c: compare  space: mark")
	return chart.Fit(kit.Lines(head, p.Status(), p.out), p.W, p.H)
}

// Screen is the table on screen (cohorts or churn) and its SQL.
func (p *Pane) Screen() pane.Screen {
	if p.data == nil || p.data.empty {
		return pane.Screen{Name: "retention"}
	}
	if p.flow {
		return pane.Screen{Name: "churn", Table: p.data.churn, SQL: p.data.churnQ.Bound()}
	}
	return pane.Screen{Name: "retention", Table: p.data.ret, SQL: p.data.retQ.Bound()}
}

func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{kit.Up, kit.Down, kit.Left, kit.Right, viewKey, kit.CompareKey, kit.Enter}
}

func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{kit.Up, kit.Down, kit.Left, kit.Right}, {viewKey, kit.Enter}, {kit.CompareKey, kit.MarkKey}, {kit.Reload, kit.Esc}}
}
