// Package voice is the Voice pane: survey comments and review texts with
// their score, group and date, a search box, and the full text of one.
package voice

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
	"github.com/kizuna-dev/kizuna/internal/model"
	"github.com/kizuna-dev/kizuna/internal/numfmt"
	"github.com/kizuna-dev/kizuna/ui/chart"
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/kit"
	"github.com/kizuna-dev/kizuna/ui/rows"
)

// NoData is shown when neither survey responses nor reviews are loaded.
const NoData = "No comments or reviews loaded — give a survey file with a comment column, or a reviews file with reviewed_at, rating and text columns."

var searchKey = key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search"))

// Pane is the Voice pane.
type Pane struct {
	kit.Kit
	data   *data
	shown  []int // rows of data.table matching the search
	cursor int
	search textinput.Model
	typing bool
	open   bool // showing the full text of the selected row
	out    string
	hits   kit.Targets // list lines → index into shown
	topics topicView   // t: the comments' topics and their impact on NPS
}

type data struct {
	empty  bool
	by     string
	search string       // the words the query searched for ("" all)
	table  *model.Table // the newest Limit comments matching search
	query  kit.Query
	// The headline's counts over every comment in range, and the comments
	// matching search (more than the rows when the list is cut).
	total, survey, nps, detractors, reviews, matches int64
	avgRating                                        any
}

// Limit is the most comments the list holds; a search over more runs in
// the database (enter in the search box).
var Limit = 5000

// truncated reports whether the list holds fewer comments than match.
func (d *data) truncated() bool {
	return d != nil && d.table != nil && int64(len(d.table.Rows)) < d.matches
}

// New returns the Voice pane.
func New(env pane.Env) pane.Pane {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "search comments and reviews"
	return &Pane{Kit: kit.New(env), search: ti}
}

func (p *Pane) Title() string { return "Voice" }

func (p *Pane) Init() tea.Cmd { return p.load() }

// SetFilter reloads with the filter bar's parameters.
func (p *Pane) SetFilter(params metrics.Params) tea.Cmd {
	p.P = params
	p.topics.data, p.topics.open = nil, false
	if p.topics.on {
		return p.loadTopics()
	}
	return p.load()
}

func (p *Pane) SetSize(w, h int) { p.W, p.H = w, h; p.render() }

// Capturing is true while the search box takes the keys.
func (p *Pane) Capturing() bool { return p.typing }

func (p *Pane) load() tea.Cmd { return p.loadSearch("") }

// loadSearch loads the newest comments holding every word of search (""
// all) with the counts of all of them.
func (p *Pane) loadSearch(search string) tea.Cmd {
	db, params := p.Env.DB, p.P
	v, cmd := p.Fetch(kit.Key(params, search), func(ctx context.Context) (any, error) {
		n, err := kit.Count(ctx, db, "responses", "reviews")
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return &data{empty: true}, nil
		}
		dims, err := kit.Dimensions(ctx, db)
		if err != nil {
			return nil, err
		}
		// The group column: the filter bar's customer dimension, else region.
		by := ""
		for _, d := range dims {
			if d == params.By || (by == "" && d == "region") {
				by = d
			}
		}
		params.By = by
		d := &data{by: by, search: search}
		if d.query, err = kit.BuildQuery(ctx, db, "voice_list", params); err != nil {
			return nil, err
		}
		d.query.Args = append(d.query.Args, kit.Named("kz_search", search), kit.Named("kz_limit", int64(Limit)))
		t, err := metrics.Query(ctx, db, d.query.Text, d.query.Args...)
		if err != nil {
			return nil, err
		}
		d.table = d.take(t)
		return d, nil
	})
	if v != nil {
		p.show(v)
	}
	return cmd
}

// take keeps the counts of t's kz_ columns and returns t without them.
func (d *data) take(t *model.Table) *model.Table {
	out := &model.Table{}
	var keep []int
	for i, c := range t.Columns {
		if !strings.HasPrefix(c, "kz_") {
			keep = append(keep, i)
			out.Columns = append(out.Columns, c)
		}
	}
	for i, r := range t.Rows {
		row := make([]any, len(keep))
		for j, k := range keep {
			row[j] = r[k]
		}
		out.Rows = append(out.Rows, row)
		if i > 0 {
			continue
		}
		n := func(c string) int64 { v, _ := chart.Get(t, 0, c).(int64); return v }
		d.total, d.survey, d.nps, d.detractors, d.reviews, d.matches =
			n("kz_total"), n("kz_survey"), n("kz_nps"), n("kz_detractors"), n("kz_reviews"), n("kz_matches")
		d.avgRating = chart.Get(t, 0, "kz_avg_rating")
	}
	return out
}

// filter keeps the rows whose text, group, source or customer contain the
// search words (case-insensitive).
func (p *Pane) filter() {
	p.shown = p.shown[:0]
	if p.data == nil || p.data.table == nil {
		return
	}
	words := strings.Fields(strings.ToLower(p.search.Value()))
	t := p.data.table
	for i, r := range t.Rows {
		var hay []string
		for _, v := range r {
			hay = append(hay, strings.ToLower(chart.Str(v)))
		}
		all := strings.Join(hay, " ")
		ok := true
		for _, w := range words {
			if !strings.Contains(all, w) {
				ok = false
				break
			}
		}
		if ok {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor = chart.Clamp(p.cursor, len(p.shown))
}

// show puts a result (or the error) on screen.
func (p *Pane) show(v any) {
	switch d := v.(type) {
	case *data:
		if d.search != "" && len(d.table.Rows) == 0 && p.data != nil && !p.data.empty {
			// Nothing matched: the headline keeps the counts of every comment.
			d.total, d.survey, d.nps, d.detractors, d.reviews, d.avgRating =
				p.data.total, p.data.survey, p.data.nps, p.data.detractors, p.data.reviews, p.data.avgRating
		}
		p.data = d
		p.filter()
	case *topicData:
		p.topics.data = d
		p.topics.cursor = chart.Clamp(p.topics.cursor, len(d.rows))
	}
	p.render()
}

func (p *Pane) Update(msg tea.Msg) (pane.Pane, tea.Cmd) {
	msg, cmd, done := p.Arrive(msg, p.show)
	if done {
		return p, cmd
	}
	if i, ok := p.Hit(msg, &p.hits); ok && !p.typing && !p.open {
		if i == p.cursor {
			return p.Update(kit.EnterKey)
		}
		p.cursor = i
		p.render()
		return p, nil
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.typing {
		switch k.Type {
		case tea.KeyEnter:
			p.typing = false
			p.search.Blur()
			if p.data != nil && (p.data.truncated() || p.data.search != "") && p.data.search != p.search.Value() {
				p.render()
				return p, p.loadSearch(p.search.Value())
			}
		case tea.KeyEsc:
			p.typing = false
			p.search.Blur()
			p.search.SetValue("")
			p.filter()
			if p.data != nil && p.data.search != "" {
				return p, p.load()
			}
		default:
			var cmd tea.Cmd
			p.search, cmd = p.search.Update(k)
			p.cursor = 0
			p.filter()
			p.render()
			return p, cmd
		}
		p.render()
		return p, nil
	}
	if p.topics.on {
		cmd, _ := p.topicKey(k)
		p.render()
		return p, cmd
	}
	if p.open {
		if key.Matches(k, kit.Esc) || key.Matches(k, kit.Enter) || key.Matches(k, kit.Left) {
			p.open = false
		}
		p.render()
		return p, nil
	}
	switch {
	case key.Matches(k, kit.Esc):
		if !p.Cancel() && p.search.Value() != "" {
			p.search.SetValue("")
			p.filter()
			if p.data != nil && p.data.search != "" {
				return p, p.load()
			}
		}
	case key.Matches(k, kit.Reload):
		p.Forget() // the data may have changed (SQL pane)
		return p, p.load()
	case key.Matches(k, topicsKey):
		p.topics.on = true
		if p.topics.data == nil {
			cmd := p.loadTopics()
			p.render()
			return p, cmd
		}
	case key.Matches(k, searchKey):
		p.typing = true
		p.render()
		return p, p.search.Focus()
	case key.Matches(k, kit.Up):
		p.cursor = chart.Clamp(p.cursor-1, len(p.shown))
	case key.Matches(k, kit.Down):
		p.cursor = chart.Clamp(p.cursor+1, len(p.shown))
	case key.Matches(k, kit.Enter):
		p.open = len(p.shown) > 0
	}
	p.render()
	return p, nil
}

func (p *Pane) View() string {
	head := p.Th.Title.Render("Voice") + p.Th.Muted.Render(" · /: search  enter: full text  t: topics")
	if p.topics.on {
		head = p.Th.Title.Render("Voice · topics") + p.Th.Muted.Render(" · enter: comments  S: save mentioners as segment  t: back to the comments")
	}
	return chart.Fit(kit.Lines(head, p.Status(), p.out), p.W, p.H)
}

func (p *Pane) render() {
	p.out = ""
	p.hits.Reset()
	d := p.data
	if p.W < 30 || p.H < 5 {
		return
	}
	if d != nil && d.empty {
		p.out = chart.Wrap(NoData, p.W-1)
		return
	}
	if p.topics.on {
		// The topics have their own load: they show even when the
		// comments' load was cancelled by it.
		p.out = p.renderTopics()
		return
	}
	if d == nil {
		return
	}
	t := d.table
	out := []string{p.headline()}
	if p.typing || p.search.Value() != "" {
		out = append(out, p.search.View()+p.Th.Muted.Render(p.counted()))
	} else if d.truncated() {
		out = append(out, p.Th.Muted.Render(fmt.Sprintf("the newest %s of %s comments · / then enter searches them all",
			numfmt.Count(int64(len(t.Rows))), numfmt.Count(d.matches))))
	}
	if len(t.Rows) == 0 {
		p.out = kit.Lines(strings.Join(out[1:], "\n"), "No comments or review texts in range.")
		return
	}
	if p.open && p.cursor < len(p.shown) {
		i := p.shown[p.cursor]
		meta := []string{chart.Str(chart.Get(t, i, "source")), chart.Cell(chart.Get(t, i, "written_at")),
			"score " + strings.TrimSpace(scored(chart.Get(t, i, "kind"), chart.Get(t, i, "score"))), chart.Str(chart.Get(t, i, "kind"))}
		for _, c := range []string{"about", "group", "customer_id"} {
			if s := chart.Str(chart.Get(t, i, c)); s != "" {
				meta = append(meta, c+" "+s)
			}
		}
		body := p.Th.Style().Width(p.W - 4).Render(chart.Str(chart.Get(t, i, "text")))
		out = append(out, p.Th.Bold.Render(strings.Join(meta, " · ")), "", body, "", p.Th.Muted.Render("esc/enter: back to the list"))
		p.out = strings.Join(out, "\n")
		return
	}
	group := "group"
	if d.by != "" {
		group = d.by
	}
	cols := []chart.Column{{Title: "date"}, {Title: "source"}, {Title: "score (scale)", Right: true},
		{Title: group, Max: 14}, {Title: "text", Max: 200}}
	rows := make([][]string, len(p.shown))
	for j, i := range p.shown {
		rows[j] = []string{dateOf(chart.Get(t, i, "written_at")), chart.Str(chart.Get(t, i, "source")), scored(chart.Get(t, i, "kind"), chart.Get(t, i, "score")),
			chart.Str(chart.Get(t, i, "group")), oneLine(chart.Str(chart.Get(t, i, "text")))}
	}
	first, last := chart.TableWindow(p.cursor, len(rows), p.H-2-len(out))
	p.hits.Rows(len(out)+1, first, last-first)
	out = append(out, chart.Table(p.Th, cols, rows, p.cursor, p.Focused, p.W, p.H-2-len(out)))
	p.out = strings.Join(out, "\n")
}

// scales are the ranges of the scores the list mixes: NPS answers 0–10,
// CSAT 1–5, review stars 1–5.
var scales = map[string]string{"nps": "0–10", "csat": "1–5", "review": "★1–5"}

// scored is a score with its scale, "9 (0–10)", "4 (★1–5)", so that an NPS
// answer, a CSAT answer and a review rating are not read alike; a survey
// of another kind names it: "5 (ces)".
func scored(kind, v any) string {
	if v == nil {
		return "–"
	}
	k := chart.Str(kind)
	if sc, ok := scales[k]; ok {
		k = sc
	}
	if k == "" {
		return chart.Cell(v)
	}
	// "10 (0–10)" above " 3 (1–5) ": the numbers and scales line up
	return atLeast(chart.Cell(v), 2, true) + " " + atLeast("("+k+")", 6, false)
}

// atLeast pads s with spaces to w cells (on the left when left), never cutting it.
func atLeast(s string, w int, left bool) string {
	pad := strings.Repeat(" ", max(0, w-chart.Width(s)))
	if left {
		return pad + s
	}
	return s + pad
}

func dateOf(v any) string {
	s := chart.Cell(v)
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Screen is the list as filtered by the search, and its SQL.
func (p *Pane) Screen() pane.Screen {
	s := pane.Screen{Name: "voice"}
	if p.topics.on && p.topics.data != nil {
		s.Name, s.Table, s.SQL = "voice-topics", p.topics.data.table, p.topics.data.query.Bound()
		return s
	}
	if p.data == nil || p.data.table == nil {
		return s
	}
	t := &model.Table{Columns: p.data.table.Columns}
	for _, i := range p.shown {
		t.Rows = append(t.Rows, p.data.table.Rows[i])
	}
	s.Table, s.SQL = t, p.data.query.Bound()+rows.SearchNote(p.search.Value())
	return s
}

func (p *Pane) ShortHelp() []key.Binding {
	if p.topics.on {
		return []key.Binding{kit.Up, kit.Down, kit.Enter, saveKey, topicsKey}
	}
	return []key.Binding{kit.Up, kit.Down, searchKey, kit.Enter, topicsKey}
}

func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{kit.Up, kit.Down, kit.Enter}, {searchKey, topicsKey, saveKey, kit.Esc, kit.Reload}}
}
