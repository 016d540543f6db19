// Package jsonreport renders shiftgate.json, the machine contract other tools and our
// own tests read (fields in docs/design.md, "shiftgate.json"; read back by package
// outdir).
package jsonreport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Report is the document's layout.
type Report struct {
	SchemaVersion string                `json:"schemaVersion"`
	Tool          result.Tool           `json:"tool"`
	Policy        string                `json:"policy"`
	OrgPolicy     *result.OrgPolicy     `json:"orgPolicy,omitempty"`
	Mode          string                `json:"mode"`
	FailSeverity  finding.Severity      `json:"failSeverity"`
	Verdict       result.Verdict        `json:"verdict"`
	Reason        string                `json:"reason"`
	Summary       Summary               `json:"summary"`
	Checks        []result.Check        `json:"checks"`
	Findings      []finding.Finding     `json:"findings"`
	Exceptions    []policy.ExceptionUse `json:"exceptions"`
	Notes         []finding.Note        `json:"notes"`
}

// Summary counts findings by status and severity.
type Summary struct {
	Findings   int            `json:"findings"`
	ByStatus   map[string]int `json:"byStatus"`
	BySeverity map[string]int `json:"bySeverity"`
}

// Build lays the result out as the report document.
func Build(res *result.Result) Report {
	r := Report{
		SchemaVersion: result.SchemaVersion, Tool: res.Tool, Policy: res.Policy, OrgPolicy: res.OrgPolicy, Mode: res.Mode,
		FailSeverity: res.FailSeverity, Verdict: res.Verdict, Reason: res.Reason,
		Checks: res.Checks, Findings: res.Findings, Exceptions: res.Exceptions, Notes: res.Notes,
		Summary: Summary{Findings: len(res.Findings), ByStatus: map[string]int{}, BySeverity: map[string]int{}},
	}
	for _, f := range res.Findings {
		r.Summary.ByStatus[string(f.Status)]++
		r.Summary.BySeverity[f.Severity.String()]++
	}
	if r.Checks == nil {
		r.Checks = []result.Check{}
	}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	if r.Exceptions == nil {
		r.Exceptions = []policy.ExceptionUse{}
	}
	if r.Notes == nil {
		r.Notes = []finding.Note{}
	}
	return r
}

// Write renders the result as indented JSON.
func Write(w io.Writer, res *result.Result) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(Build(res)); err != nil {
		return fmt.Errorf("could not encode the JSON report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
