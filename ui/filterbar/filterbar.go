// Package filterbar is the workbench's filter bar: a customer dimension with
// one or more of its values, a date range and the period. Enter applies it
// (ApplyMsg, which the root hands to every pane); while open it takes every
// key; once applied it stays visible as a one-line summary.
package filterbar

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/segments"
	"github.com/kizuna-dev/kizuna/ui/keys"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/rows"
	"github.com/kizuna-dev/kizuna/ui/task"
)

// ApplyMsg carries the parameters every pane should use from now on.
type ApplyMsg struct{ Params metrics.Params }

// Periods are the choices of the period field.
var Periods = []string{"month", "week", "quarter"}

const (
	fieldDim = iota
	fieldValues
	fieldFrom
	fieldTo
	fieldPeriod
	fieldSegment
	nFields
)

// maxValues caps the distinct values listed per dimension.
const maxValues = 500

// Model is the filter bar.
type Model struct {
	env  pane.Env
	keys *keys.Map

	base    metrics.Params // as-of, churn window… from the command line
	applied metrics.Params

	open   bool
	field  int
	dims   []string
	values map[string][]string
	dim    int // index into dims
	cursor int // index into values of the current dimension
	picked map[string]map[string]bool
	from   textinput.Model
	to     textinput.Model
	period int
	segs   []segments.Segment // the saved segments offered (segment.go)
	seg    int                // 0: none, else segs[seg-1]
	segErr error

	load    *task.Runner
	loaded  bool
	loadErr error
	msg     string // validation message
	width   int
}

type catalog struct {
	dims   []string
	values map[string][]string
}

// New returns a closed filter bar whose parameters start from base.
func New(env pane.Env, k *keys.Map, base metrics.Params) *Model {
	mk := func(ph string) textinput.Model {
		ti := textinput.New()
		ti.Prompt = ""
		ti.Placeholder = ph
		ti.CharLimit = 10
		ti.Width = 10
		return ti
	}
	m := &Model{env: env, keys: k, base: base, applied: base, load: task.New(),
		picked: map[string]map[string]bool{}, from: mk("YYYY-MM-DD"), to: mk("YYYY-MM-DD")}
	m.from.SetValue(base.From)
	m.to.SetValue(base.To)
	return m
}

// Params are the parameters last applied.
func (m *Model) Params() metrics.Params { return m.applied }

// Open reports whether the bar is being edited.
func (m *Model) Open() bool { return m.open }

// Capturing is true while the bar is open: it takes every key.
func (m *Model) Capturing() bool { return m.open }

// SetWidth sets the width of the bar.
func (m *Model) SetWidth(w int) { m.width = w }

// Dims lists the dimensions offered (after loading).
func (m *Model) Dims() []string { return m.dims }

// Show opens the bar and loads the dimensions the first time.
func (m *Model) Show() tea.Cmd {
	m.open, m.msg = true, ""
	m.reset()
	segs := m.loadSegments() // saved since the bar last opened (S) show too
	if m.loaded || m.load.Running() {
		return segs
	}
	db := m.env.DB
	return tea.Batch(segs, m.load.Start(m.env.Ctx, func(ctx context.Context) (any, error) { return loadCatalog(ctx, db) }))
}

// reset makes the pending choices those last applied.
func (m *Model) reset() {
	m.picked = map[string]map[string]bool{}
	for _, f := range m.applied.Where {
		if m.picked[f.Dim] == nil {
			m.picked[f.Dim] = map[string]bool{}
		}
		m.picked[f.Dim][f.Value] = true
	}
	m.from.SetValue(m.applied.From)
	m.to.SetValue(m.applied.To)
	m.pickSegment(m.applied.Segment, m.applied.SegmentSQL)
	m.period = 0
	for i, p := range Periods {
		if p == m.applied.Period {
			m.period = i
		}
	}
	m.setField(m.field)
}

func loadCatalog(ctx context.Context, db metrics.Querier) (*catalog, error) {
	dims, values, err := metrics.DimensionValues(ctx, db, maxValues)
	if err != nil {
		return nil, err
	}
	return &catalog{dims: dims, values: values}, nil
}

// Update handles the loading result and, while open, every key.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case segmentsMsg:
		m.setSegments(msg)
		return nil
	case task.Done:
		if !m.load.Accept(msg) {
			return nil
		}
		if msg.Err != nil {
			m.loadErr = msg.Err
			return nil
		}
		c := msg.Value.(*catalog)
		m.dims, m.values, m.loaded = c.dims, c.values, true
		return nil
	case tea.KeyMsg:
		if !m.open {
			return nil
		}
		return m.key(msg)
	}
	return nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.open = false
		m.from.Blur()
		m.to.Blur()
		return nil
	case key.Matches(msg, k.Enter):
		return m.apply()
	case key.Matches(msg, k.FilterNext):
		m.setField((m.field + 1) % nFields)
		return nil
	case key.Matches(msg, k.FilterPrev):
		m.setField((m.field + nFields - 1) % nFields)
		return nil
	case key.Matches(msg, k.FilterClear):
		m.picked = map[string]map[string]bool{}
		m.from.SetValue("")
		m.to.SetValue("")
		m.period = 0
		m.seg = 0
		return nil
	}
	switch m.field {
	case fieldFrom, fieldTo:
		var cmd tea.Cmd
		if m.field == fieldFrom {
			m.from, cmd = m.from.Update(msg)
		} else {
			m.to, cmd = m.to.Update(msg)
		}
		return cmd
	}
	left, right := msg.String() == "left", msg.String() == "right"
	switch m.field {
	case fieldDim:
		if n := len(m.dims); n > 0 && (left || right) {
			m.dim = (m.dim + map[bool]int{true: n - 1, false: 1}[left]) % n
			m.cursor = 0
		}
	case fieldValues:
		vals := m.curValues()
		switch {
		case left && m.cursor > 0:
			m.cursor--
		case right && m.cursor < len(vals)-1:
			m.cursor++
		case key.Matches(msg, k.FilterToggle) && m.cursor < len(vals):
			d := m.dims[m.dim]
			if m.picked[d] == nil {
				m.picked[d] = map[string]bool{}
			}
			v := vals[m.cursor]
			if m.picked[d][v] {
				delete(m.picked[d], v)
			} else {
				m.picked[d][v] = true
			}
		}
	case fieldPeriod:
		if left || right {
			n := len(Periods)
			m.period = (m.period + map[bool]int{true: n - 1, false: 1}[left]) % n
		}
	case fieldSegment:
		if n := len(m.segs) + 1; left || right {
			m.seg = (m.seg + map[bool]int{true: n - 1, false: 1}[left]) % n
		}
	}
	return nil
}

func (m *Model) setField(f int) {
	m.field = f
	m.from.Blur()
	m.to.Blur()
	switch f {
	case fieldFrom:
		m.from.Focus()
	case fieldTo:
		m.to.Focus()
	}
}

func (m *Model) curValues() []string {
	if m.dim < len(m.dims) {
		return m.values[m.dims[m.dim]]
	}
	return nil
}

// DateError is what the bar says of a date field's value that is not a
// calendar date, or "" when it is one (or empty).
func DateError(field, v string) string {
	if v == "" {
		return ""
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		return fmt.Sprintf("%s: %s is not a date — write YYYY-MM-DD, e.g. 2025-03-31, or leave it empty", field, v)
	}
	return ""
}

// apply validates the pending choices, closes the bar and sends ApplyMsg.
func (m *Model) apply() tea.Cmd {
	from, to := strings.TrimSpace(m.from.Value()), strings.TrimSpace(m.to.Value())
	for _, d := range []struct {
		field int
		name  string
		v     string
	}{{fieldFrom, "from", from}, {fieldTo, "to", to}} {
		if msg := DateError(d.name, d.v); msg != "" {
			m.msg = msg
			m.setField(d.field) // the cursor goes to the field to fix
			return nil
		}
	}
	if from != "" && to != "" && from > to {
		m.msg = fmt.Sprintf("from: %s is after to: %s — swap them or clear one", from, to)
		return nil
	}
	p := m.base
	p.Where = nil
	dims := make([]string, 0, len(m.picked))
	for d := range m.picked {
		dims = append(dims, d)
	}
	sort.Strings(dims)
	for _, d := range dims {
		vals := make([]string, 0, len(m.picked[d]))
		for v := range m.picked[d] {
			vals = append(vals, v)
		}
		sort.Strings(vals)
		for _, v := range vals {
			p.Where = append(p.Where, metrics.Filter{Dim: d, Value: v})
		}
	}
	p.From, p.To, p.Period = from, to, Periods[m.period]
	p.Segment, p.SegmentSQL = "", ""
	if m.seg > 0 && m.seg <= len(m.segs) {
		p.Segment, p.SegmentSQL = m.segs[m.seg-1].Name, m.segs[m.seg-1].SQL
	}
	m.applied, m.open, m.msg = p, false, ""
	m.from.Blur()
	m.to.Blur()
	return func() tea.Msg { return ApplyMsg{Params: p} }
}

// Active reports whether applied filters differ from the start.
func (m *Model) Active() bool {
	a := m.applied
	return len(a.Where) > 0 || a.From != m.base.From || a.To != m.base.To || (a.Period != "" && a.Period != "month") ||
		a.Segment != ""
}

// Summary describes params on one line ("" when nothing is filtered).
func Summary(p metrics.Params) string {
	var parts []string
	byDim := map[string][]string{}
	var dims []string
	for _, f := range p.Where {
		if byDim[f.Dim] == nil {
			dims = append(dims, f.Dim)
		}
		byDim[f.Dim] = append(byDim[f.Dim], f.Value)
	}
	for _, d := range dims {
		parts = append(parts, d+"="+strings.Join(byDim[d], ","))
	}
	if p.From != "" || p.To != "" {
		parts = append(parts, orDots(p.From)+" → "+orDots(p.To))
	}
	if p.Period != "" && p.Period != "month" {
		parts = append(parts, "per "+p.Period)
	}
	if p.Segment != "" {
		parts = append(parts, "segment="+p.Segment)
	}
	return strings.Join(parts, " · ")
}

func orDots(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// View renders the bar: three lines while open, one line when filters are
// applied, nothing otherwise.
func (m *Model) View() string {
	th := m.env.Theme
	if !m.open {
		if !m.Active() {
			return ""
		}
		return rows.Pad(th.Bold.Render("Filter: ")+Summary(m.applied)+th.Muted.Render("   (f edit)"), m.width, false)
	}
	label := func(f int, s string) string {
		if m.field == f {
			return th.Focused.Render("▸" + s)
		}
		return " " + s
	}
	// Line 1: dimension and its values around the cursor.
	dim := "(loading…)"
	switch {
	case m.loadErr != nil:
		dim = th.Error.Render(m.loadErr.Error())
	case m.loaded && len(m.dims) == 0:
		dim = th.Muted.Render("(customers have no dimension columns)")
	case m.loaded:
		dim = "‹" + m.dims[m.dim] + "›"
	}
	l1 := th.Title.Render("Filter ") + label(fieldDim, "dimension: ") + dim + "  " + label(fieldValues, "values: ")
	l1 += m.valuesView(m.width - rows.Width(l1))
	// Line 2: dates and period.
	l2 := "       " + label(fieldFrom, "from: ") + m.from.View() + "  " + label(fieldTo, "to: ") + m.to.View() +
		"  " + label(fieldPeriod, "period: ") + "‹" + Periods[m.period] + "›" +
		"  " + label(fieldSegment, "segment: ") + m.segmentView()
	if s := Summary(m.pending()); s != "" {
		l2 += th.Muted.Render("   " + s)
	}
	l3 := th.Muted.Render("tab field · ←/→ choose · space toggle value · enter apply · esc close · ctrl+x clear")
	if m.msg != "" {
		l3 = th.Error.Render(m.msg)
	}
	return strings.Join([]string{
		rows.Pad(l1, m.width, false), rows.Pad(l2, m.width, false), rows.Pad(l3, m.width, false),
	}, "\n")
}

func (m *Model) pending() metrics.Params {
	var p metrics.Params
	for _, d := range m.dims {
		for _, v := range m.values[d] {
			if m.picked[d][v] {
				p.Where = append(p.Where, metrics.Filter{Dim: d, Value: v})
			}
		}
	}
	return p
}

// valuesView lists the current dimension's values within w cells, keeping
// the cursor in sight.
func (m *Model) valuesView(w int) string {
	vals := m.curValues()
	if len(vals) == 0 {
		return ""
	}
	th := m.env.Theme
	d := m.dims[m.dim]
	item := func(i int) string {
		box := "☐ "
		if m.picked[d][vals[i]] {
			box = "☑ "
		}
		s := box + vals[i]
		if m.field == fieldValues && i == m.cursor {
			return th.Selected.Render("[" + s + "]") // brackets: visible without colour
		}
		return s
	}
	start := 0
	for {
		var b strings.Builder
		if start > 0 {
			b.WriteString("… ")
		}
		ok := false
		for i := start; i < len(vals); i++ {
			s := item(i) + " "
			if rows.Width(b.String())+rows.Width(s) > w-2 {
				break
			}
			b.WriteString(s)
			if i == m.cursor {
				ok = true
			}
		}
		if ok || start >= m.cursor {
			return b.String()
		}
		start++
	}
}
