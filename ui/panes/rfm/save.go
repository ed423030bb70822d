package rfm

// CanSaveDrill: S saves the customers behind the selection (enter's
// drill-down) as a named segment (pane.DrillSaver, issue 12).
func (p *Pane) CanSaveDrill() bool { return p.data != nil && !p.data.empty }
