// Package nps is the NPS pane of the workbench.
package nps

import (
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/stub"
)

// New returns the NPS pane.
func New(env pane.Env) pane.Pane { return stub.New("NPS") }
