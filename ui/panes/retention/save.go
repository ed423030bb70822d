package retention

// CanSaveDrill: S saves the active members of the selected cohort cell
// (enter's drill-down) as a named segment (pane.DrillSaver, issue 12); the
// churn flow has no drill-down.
func (p *Pane) CanSaveDrill() bool { return !p.flow && p.data != nil && !p.data.empty }
