// Package retention is the Retention pane of the workbench.
package retention

import (
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/stub"
)

// New returns the Retention pane.
func New(env pane.Env) pane.Pane { return stub.New("Retention") }
