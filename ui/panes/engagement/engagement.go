// Package engagement is the Engagement pane of the workbench.
package engagement

import (
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/stub"
)

// New returns the Engagement pane.
func New(env pane.Env) pane.Pane { return stub.New("Engagement") }
