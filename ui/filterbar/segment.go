package filterbar

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/segments"
)

// The segment field: the saved segments (S on a drill-down, kizuna segment
// save) as values; choosing one keeps its customers in every pane, as
// --segment NAME does. The list is read again each time the bar opens.

type segmentsMsg struct {
	list []segments.Segment
	err  error
}

// loadSegments reads the saved segments off the UI thread.
func (m *Model) loadSegments() tea.Cmd {
	st := segments.At(m.env.Segments)
	return func() tea.Msg {
		list, err := st.List()
		return segmentsMsg{list, err}
	}
}

func (m *Model) setSegments(msg segmentsMsg) {
	name := ""
	if m.seg > 0 && m.seg <= len(m.segs) {
		name = m.segs[m.seg-1].Name
	}
	m.segs, m.segErr = msg.list, msg.err
	m.pickSegment(name, "")
}

// pickSegment chooses the segment called name ("" = none); one applied
// from the command line but not in the list is offered too.
func (m *Model) pickSegment(name, sql string) {
	m.seg = 0
	if name == "" {
		return
	}
	for i, g := range m.segs {
		if g.Name == name {
			m.seg = i + 1
			return
		}
	}
	if sql != "" {
		m.segs = append(m.segs, segments.Segment{Name: name, SQL: sql})
		m.seg = len(m.segs)
	}
}

// Segments lists the names offered in the segment field.
func (m *Model) Segments() []string {
	out := make([]string, len(m.segs))
	for i, g := range m.segs {
		out[i] = g.Name
	}
	return out
}

func (m *Model) segmentView() string {
	th := m.env.Theme
	switch {
	case m.segErr != nil:
		return th.Error.Render(m.segErr.Error())
	case len(m.segs) == 0:
		return th.Muted.Render("‹none saved: S on a drill-down›")
	case m.seg == 0:
		return "‹none›"
	}
	return "‹" + m.segs[m.seg-1].Name + "›"
}
