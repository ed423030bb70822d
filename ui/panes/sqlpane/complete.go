package sqlpane

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/ui/task"
	"github.com/kizuna-dev/kizuna/ui/theme"
)

// completion cycles through DuckDB's suggestions for the word before the
// cursor: the first tab asks (in the background) and inserts the first
// suggestion, further tabs replace it with the next one.
type completion struct {
	run      *task.Runner
	asked    string // editor text when asked; a reply for other text is dropped
	list     []string
	idx      int
	inserted int // runes of the suggestion now in the editor
	word     int // runes of the typed word it replaced
}

func newCompletion() *completion { return &completion{run: task.New()} }

func (c *completion) reset() {
	c.run.Cancel()
	c.list, c.idx, c.inserted, c.word = nil, 0, 0, 0
}

type suggestions struct {
	list  []string
	start int // byte offset in the text asked about where the word starts
}

// tab asks for suggestions, or moves to the next one.
func (c *completion) tab(p *Pane) tea.Cmd {
	if len(c.list) > 1 {
		c.idx = (c.idx + 1) % len(c.list)
		c.replace(p, c.list[c.idx])
		return nil
	}
	if len(c.list) == 1 || c.run.Running() {
		return nil
	}
	before := p.textBeforeCursor()
	c.asked = p.editor.Value()
	sql := p.console()
	return c.run.Start(p.env.Ctx, func(ctx context.Context) (any, error) {
		t, err := sql.Query(ctx, CompleteSQL, before)
		if err != nil {
			return nil, err
		}
		s := &suggestions{}
		for _, r := range t.Rows {
			s.list = append(s.list, fmt.Sprint(r[0]))
			if n, ok := r[1].(int64); ok && len(s.list) == 1 {
				s.start = int(n)
			}
		}
		s.start = min(max(s.start, 0), len(before))
		// The word being completed: runes from start to the cursor.
		s.start = utf8.RuneCountInString(before[s.start:])
		return s, nil
	})
}

// done takes the suggestions if the editor has not changed since.
func (c *completion) done(p *Pane, msg task.Done) {
	if !c.run.Accept(msg) || msg.Err != nil || p.editor.Value() != c.asked {
		return
	}
	s := msg.Value.(*suggestions)
	if len(s.list) == 0 {
		return
	}
	c.list, c.idx, c.word, c.inserted = s.list, 0, s.start, 0
	c.replace(p, c.list[0])
}

// replace swaps what was inserted (or the typed word) for s.
func (c *completion) replace(p *Pane, s string) {
	n := c.inserted
	if n == 0 {
		n = c.word
	}
	for range n {
		p.editor, _ = p.editor.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	p.editor.InsertString(s)
	c.inserted = utf8.RuneCountInString(s)
	c.asked = p.editor.Value()
}

func (c *completion) view(th *theme.Theme) string {
	if len(c.list) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString(th.Muted.Render("tab: "))
	for i, s := range c.list {
		if i >= 12 {
			b.WriteString("…")
			break
		}
		s = strings.TrimSpace(s)
		if i == c.idx {
			s = th.Selected.Render("[" + s + "]")
		}
		b.WriteString(s + " ")
	}
	return b.String()
}

// textBeforeCursor is the editor's text up to the cursor.
func (p *Pane) textBeforeCursor() string {
	lines := strings.Split(p.editor.Value(), "\n")
	row := min(p.editor.Line(), len(lines)-1)
	li := p.editor.LineInfo()
	col := li.StartColumn + li.ColumnOffset
	cur := []rune(lines[row])
	col = min(col, len(cur))
	return strings.Join(append(lines[:row:row], string(cur[:col])), "\n")
}
