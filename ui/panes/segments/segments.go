// Package segments is the Segments pane of the workbench.
package segments

import (
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/stub"
)

// New returns the Segments pane.
func New(env pane.Env) pane.Pane { return stub.New("Segments") }
