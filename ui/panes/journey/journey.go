// Package journey is the Journey pane of the workbench.
package journey

import (
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/stub"
)

// New returns the Journey pane.
func New(env pane.Env) pane.Pane { return stub.New("Journey") }
