// Package voice is the Voice pane of the workbench.
package voice

import (
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/stub"
)

// New returns the Voice pane.
func New(env pane.Env) pane.Pane { return stub.New("Voice") }
