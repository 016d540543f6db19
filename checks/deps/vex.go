package deps

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// OpenVEX v0.2.0, the parts shiftgate reads and writes.
type vexDoc struct {
	Context    string         `json:"@context"`
	ID         string         `json:"@id"`
	Author     string         `json:"author"`
	Role       string         `json:"role,omitempty"`
	Timestamp  string         `json:"timestamp"`
	Version    int            `json:"version"`
	Tooling    string         `json:"tooling,omitempty"`
	Statements []vexStatement `json:"statements"`
}

type vexStatement struct {
	Vulnerability   vexVuln      `json:"vulnerability"`
	Products        []vexProduct `json:"products,omitempty"`
	Status          string       `json:"status"`
	StatusNotes     string       `json:"status_notes,omitempty"`
	Justification   string       `json:"justification,omitempty"`
	ImpactStatement string       `json:"impact_statement,omitempty"`
	ActionStatement string       `json:"action_statement,omitempty"`
}

type vexVuln struct {
	ID          string   `json:"@id,omitempty"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Aliases     []string `json:"aliases,omitempty"`
}

type vexProduct struct {
	ID            string            `json:"@id,omitempty"`
	Identifiers   map[string]string `json:"identifiers,omitempty"`
	Subcomponents []vexProduct      `json:"subcomponents,omitempty"`
}

func (p vexProduct) purls() []string {
	var out []string
	if strings.HasPrefix(p.ID, "pkg:") {
		out = append(out, p.ID)
	}
	if u := p.Identifiers["purl"]; u != "" {
		out = append(out, u)
	}
	for _, s := range p.Subcomponents {
		out = append(out, s.purls()...)
	}
	return out
}

// applyVEX reads the OpenVEX documents named by the policy's globs and marks the
// findings they cover: not_affected (with a justification or impact statement) and
// fixed preset status "vex" with the statement as the reason; under_investigation and
// affected leave the finding as it is. Later statements override earlier ones.
func applyVEX(ws *workspace.Workspace, globs []string, res *checks.Result) error {
	var errs []string
	for _, g := range globs {
		files := ws.Match(g)
		if len(files) == 0 {
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "vex", Message: fmt.Sprintf("checks.deps.vex: %q matches no file in the repository: no VEX statement was applied from it", g)})
		}
		for _, f := range files {
			b, err := ws.ReadFile(f.Path)
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			var doc vexDoc
			dec := json.NewDecoder(bytes.NewReader(b))
			if err := dec.Decode(&doc); err != nil {
				errs = append(errs, fmt.Sprintf("%s is not an OpenVEX JSON document: %v (fix it or remove it from checks.deps.vex)", f.Path, err))
				continue
			}
			if !strings.HasPrefix(doc.Context, "https://openvex.dev/ns") {
				errs = append(errs, fmt.Sprintf("%s: @context %q is not OpenVEX (want https://openvex.dev/ns/v0.2.0)", f.Path, doc.Context))
				continue
			}
			for i, st := range doc.Statements {
				if err := applyStatement(f.Path, i, st, res.Findings); err != nil {
					errs = append(errs, err.Error())
				}
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("checks.deps.vex: %s", strings.Join(errs, "; "))
	}
	return nil
}

func applyStatement(file string, i int, st vexStatement, fs []finding.Finding) error {
	status := st.Status
	switch status {
	case "not_affected":
		if st.Justification == "" && st.ImpactStatement == "" {
			return fmt.Errorf("%s statement %d: not_affected needs a justification or an impact_statement", file, i+1)
		}
	case "fixed", "affected", "under_investigation":
	default:
		return fmt.Errorf("%s statement %d: unknown status %q (want not_affected, affected, fixed or under_investigation)", file, i+1, status)
	}
	names := append([]string{st.Vulnerability.Name}, st.Vulnerability.Aliases...)
	var purls []string
	for _, p := range st.Products {
		purls = append(purls, p.purls()...)
	}
	for j := range fs {
		f := &fs[j]
		if f.Package == nil || !slices.ContainsFunc(names, func(n string) bool {
			return n != "" && (strings.EqualFold(n, f.Rule) || slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, n) }))
		}) {
			continue
		}
		if !productCovers(purls, len(st.Products) > 0, f.Package) {
			continue
		}
		switch status {
		case "not_affected", "fixed":
			reason := fmt.Sprintf("VEX %s: %s", file, status)
			if st.Justification != "" {
				reason += " (" + st.Justification + ")"
			}
			if st.ImpactStatement != "" {
				reason += ": " + st.ImpactStatement
			}
			f.Status, f.Reason = finding.StatusVEX, reason
		default:
			if f.Status == finding.StatusVEX {
				f.Status, f.Reason = "", ""
			}
		}
	}
	return nil
}

// productCovers decides whether a statement's products cover a package. A statement
// without products, or whose products name no package of the same PURL type (they
// name the application itself), covers every package with the vulnerability.
func productCovers(purls []string, hasProducts bool, p *finding.Package) bool {
	if !hasProducts || p.PURL == "" {
		return true
	}
	pkg, err := packageurl.FromString(p.PURL)
	if err != nil {
		return true
	}
	sameType := false
	for _, s := range purls {
		u, err := packageurl.FromString(s)
		if err != nil || u.Type != pkg.Type {
			continue
		}
		sameType = true
		if u.Namespace == pkg.Namespace && u.Name == pkg.Name && (u.Version == "" || strings.TrimPrefix(u.Version, "v") == strings.TrimPrefix(pkg.Version, "v")) {
			return true
		}
	}
	return !sameType
}

// VEXDocument returns the OpenVEX document (v0.2.0) with a not_affected statement
// (vulnerable_code_not_in_execute_path) for every Go vulnerability govulncheck found
// unreachable, or nil when there is none (OpenVEX needs at least one statement). The
// output is deterministic: statements are sorted and the timestamp is epoch, the
// scan's SOURCE_DATE_EPOCH (pass time.Unix(epoch, 0), or the scan's clock).
func VEXDocument(findings []finding.Finding, epoch time.Time) []byte {
	type key struct{ vuln, purl string }
	// A statement is about the package, not one module of the repository: it says
	// not_affected only when no module that requires it reaches it (or is unknown).
	doubt := map[key]bool{}
	for _, f := range findings {
		if f.Check == Name && f.Package != nil && f.Package.Ecosystem == "Go" && (f.Reachable == nil || *f.Reachable) {
			doubt[key{f.Rule, f.Package.PURL}] = true
		}
	}
	seen := map[key]bool{}
	var sts []vexStatement
	for _, f := range findings {
		if f.Check != Name || f.Reachable == nil || *f.Reachable || f.Package == nil || f.Package.Ecosystem != "Go" {
			continue
		}
		k := key{f.Rule, f.Package.PURL}
		if seen[k] || doubt[k] {
			continue
		}
		seen[k] = true
		st := vexStatement{
			Vulnerability:   vexVuln{Name: f.Rule, Aliases: slices.Clone(f.Aliases)},
			Status:          "not_affected",
			Justification:   "vulnerable_code_not_in_execute_path",
			ImpactStatement: fmt.Sprintf("govulncheck found no call path from the code in %s to the vulnerable symbols of %s@%s.", f.Path, f.Package.Name, f.Package.Version),
		}
		if f.Package.PURL != "" {
			st.Products = []vexProduct{{ID: f.Package.PURL, Identifiers: map[string]string{"purl": f.Package.PURL}}}
		}
		sts = append(sts, st)
	}
	if len(sts) == 0 {
		return nil
	}
	slices.SortFunc(sts, func(a, b vexStatement) int {
		if c := strings.Compare(a.Vulnerability.Name, b.Vulnerability.Name); c != 0 {
			return c
		}
		return strings.Compare(productID(a), productID(b))
	})
	ts := epoch.UTC().Format(time.RFC3339)
	doc := vexDoc{
		Context: "https://openvex.dev/ns/v0.2.0",
		Author:  "shiftgate", Role: "automated analysis (govulncheck)", Timestamp: ts, Version: 1,
		Tooling:    "shiftgate deps check: golang.org/x/vuln govulncheck call graph",
		Statements: sts,
	}
	body, _ := json.Marshal(doc.Statements)
	doc.ID = "https://openvex.dev/docs/shiftgate/" + shortHash(body)
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil
	}
	return append(out, '\n')
}

func productID(s vexStatement) string {
	if len(s.Products) == 0 {
		return ""
	}
	return s.Products[0].ID
}
