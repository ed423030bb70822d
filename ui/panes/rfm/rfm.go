// Package rfm is the RFM pane of the workbench.
package rfm

import (
	"github.com/kizuna-dev/kizuna/ui/pane"
	"github.com/kizuna-dev/kizuna/ui/panes/internal/stub"
)

// New returns the RFM pane.
func New(env pane.Env) pane.Pane { return stub.New("RFM") }
