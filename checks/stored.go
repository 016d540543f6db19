package checks

import (
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/inventory"
)

// Stored is a Result as the analysis cache keeps it: JSON, with the findings'
// snippets (which reports never write, but fingerprints are made from) kept beside them.
type Stored struct {
	Findings  []finding.Finding
	Snippets  []string
	Rules     []finding.Rule
	Notes     []finding.Note
	Inventory *inventory.Inventory
	Files     map[string][]byte
}

// Freeze turns a result into its stored form.
func Freeze(r *Result) Stored {
	s := Stored{Findings: r.Findings, Rules: r.Rules, Notes: r.Notes, Inventory: r.Inventory, Files: r.Files}
	for _, f := range r.Findings {
		s.Snippets = append(s.Snippets, f.Snippet)
	}
	return s
}

// Thaw turns a stored result back into a result.
func (s Stored) Thaw() *Result {
	r := &Result{Findings: s.Findings, Rules: s.Rules, Notes: s.Notes, Inventory: s.Inventory, Files: s.Files}
	for i := range r.Findings {
		if i < len(s.Snippets) {
			r.Findings[i].Snippet = s.Snippets[i]
		}
	}
	return r
}
