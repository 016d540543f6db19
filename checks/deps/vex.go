package deps

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openvex/go-vex/pkg/vex"
	packageurl "github.com/package-url/packageurl-go"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/purl"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// maxVEXSize bounds a VEX document read at the base commit.
const maxVEXSize = 16 << 20

// applyVEX reads the OpenVEX documents named by the policy's globs (parsed with
// openvex/go-vex, matched with its Vulnerability and Component matching) and marks the
// findings they cover: not_affected (with a justification or impact statement) and
// fixed preset status "vex" with the statement as the reason; under_investigation and
// affected leave the finding as it is. Later statements override earlier ones.
//
// A statement covers a package in either shape documents use: the product is the
// package itself, or the product is the application and the package one of its
// subcomponents. Go versions match with and without their "v" (purl.Variants).
//
// With base set (a pull request: checks.Env.Base) each document is read as the base
// commit has it: a document the change edits counts with the base's statements (and
// the reason names FILE@base), one the change adds is not read (a note says so), so a
// change cannot declare its own vulnerabilities not_affected.
func applyVEX(ctx context.Context, ws *workspace.Workspace, globs []string, base changes.Base, res *checks.Result) error {
	var errs []string
	for _, g := range globs {
		files := ws.Match(g)
		if len(files) == 0 {
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "vex", Message: fmt.Sprintf("checks.deps.vex: %q matches no file in the repository: no VEX statement was applied from it", g)})
		}
		for _, f := range files {
			label := f.Path
			var b []byte
			var err error
			if base == nil {
				b, err = ws.ReadFile(f.Path)
			} else {
				var ok bool
				b, ok, err = base.ReadFile(ctx, f.Path, maxVEXSize)
				if err == nil && !ok {
					res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "vex", Path: f.Path, Message: fmt.Sprintf("%s is not at the base commit: in a pull request the base's VEX documents count, so its statements were not applied", f.Path)})
					continue
				}
				label = f.Path + "@base"
			}
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			doc, err := vex.Parse(b)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s is not an OpenVEX JSON document: %v (fix it or remove it from checks.deps.vex)", f.Path, strings.TrimPrefix(err.Error(), "error: ")))
				continue
			}
			if !strings.HasPrefix(doc.Context, vex.Context) {
				errs = append(errs, fmt.Sprintf("%s: @context %q is not OpenVEX (want %s)", f.Path, doc.Context, vex.ContextLocator()))
				continue
			}
			for i := range doc.Statements {
				if err := applyStatement(label, i, &doc.Statements[i], res.Findings); err != nil {
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

func applyStatement(file string, i int, st *vex.Statement, fs []finding.Finding) error {
	switch st.Status {
	case vex.StatusNotAffected:
		if st.Justification == "" && st.ImpactStatement == "" {
			return fmt.Errorf("%s statement %d: not_affected needs a justification or an impact_statement", file, i+1)
		}
	case vex.StatusFixed, vex.StatusAffected, vex.StatusUnderInvestigation:
	default:
		return fmt.Errorf("%s statement %d: unknown status %q (want not_affected, affected, fixed or under_investigation)", file, i+1, st.Status)
	}
	for j := range fs {
		f := &fs[j]
		if f.Package == nil || !vulnMatches(st, f) || !covers(st, f.Package) {
			continue
		}
		switch st.Status {
		case vex.StatusNotAffected, vex.StatusFixed:
			reason := fmt.Sprintf("VEX %s: %s", file, st.Status)
			if st.Justification != "" {
				reason += " (" + string(st.Justification) + ")"
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

// vulnMatches: the statement names the finding's vulnerability or one of its aliases
// (go-vex compares exactly; advisory ids are also compared without regard to case).
func vulnMatches(st *vex.Statement, f *finding.Finding) bool {
	for _, id := range append([]string{f.Rule}, f.Aliases...) {
		if id == "" {
			continue
		}
		if st.Vulnerability.Matches(id) || st.Vulnerability.Matches(strings.ToUpper(id)) {
			return true
		}
		if strings.EqualFold(string(st.Vulnerability.Name), id) || slices.ContainsFunc(st.Vulnerability.Aliases, func(a vex.VulnerabilityID) bool { return strings.EqualFold(string(a), id) }) {
			return true
		}
	}
	return false
}

// covers decides whether a statement's products cover a package: a product that is
// the package (any Go version spelling), a product whose subcomponents include it, or
// a statement about the application alone (no products, or products that name no
// package of the package's type and list no subcomponents), which covers every
// package with the vulnerability.
func covers(st *vex.Statement, p *finding.Package) bool {
	if len(st.Products) == 0 || p.PURL == "" {
		return true
	}
	pkg, err := packageurl.FromString(p.PURL)
	if err != nil {
		return true
	}
	cands := purl.Variants(p.PURL)
	namesOthers := false
	for _, prod := range st.Products {
		if len(prod.Subcomponents) > 0 {
			for _, sc := range prod.Subcomponents {
				if slices.ContainsFunc(cands, sc.Matches) {
					return true
				}
			}
			namesOthers = true
			continue
		}
		if slices.ContainsFunc(cands, prod.Component.Matches) {
			return true
		}
		for _, id := range componentPURLs(prod.Component) {
			if u, err := packageurl.FromString(id); err == nil && u.Type == pkg.Type {
				namesOthers = true
			}
		}
	}
	return !namesOthers
}

func componentPURLs(c vex.Component) []string {
	var out []string
	if strings.HasPrefix(c.ID, "pkg:") {
		out = append(out, c.ID)
	}
	if u := c.Identifiers[vex.PURL]; u != "" {
		out = append(out, u)
	}
	return out
}

// VEXDocument returns the OpenVEX document (v0.2.0, built with openvex/go-vex) with a
// not_affected statement (vulnerable_code_not_in_execute_path) for every Go
// vulnerability govulncheck found unreachable, or nil when there is none (OpenVEX needs
// at least one statement) or no product to speak about.
//
// The product of every statement is the scanned application (product, the root
// component's PURL in the SBOMs) and the vulnerable module is its subcomponent, spelled
// as in the SBOMs (purl.Canonical): "x/text v0.3.2 is not affected" would be false of
// the library and reusable by anyone; "this application is not affected through
// x/text v0.3.2" is what govulncheck showed. The output is deterministic: statements
// are sorted and the timestamp is epoch (the scan's SOURCE_DATE_EPOCH or commit time).
func VEXDocument(findings []finding.Finding, product string, epoch time.Time) []byte {
	if product == "" {
		return nil
	}
	type key struct{ vuln, purl string }
	// A statement is about the package, not one module of the repository: it says
	// not_affected only when no module that requires it reaches it (or is unknown).
	doubt := map[key]bool{}
	for _, f := range findings {
		if f.Check == Name && f.Package != nil && f.Package.Ecosystem == "Go" && (f.Reachable == nil || *f.Reachable) {
			doubt[key{f.Rule, purl.Canonical(f.Package.PURL)}] = true
		}
	}
	seen := map[key]bool{}
	var sts []vex.Statement
	for _, f := range findings {
		if f.Check != Name || f.Reachable == nil || *f.Reachable || f.Package == nil || f.Package.Ecosystem != "Go" || f.Package.PURL == "" {
			continue
		}
		sub := purl.Canonical(f.Package.PURL)
		k := key{f.Rule, sub}
		if seen[k] || doubt[k] {
			continue
		}
		seen[k] = true
		aliases := make([]vex.VulnerabilityID, len(f.Aliases))
		for i, a := range f.Aliases {
			aliases[i] = vex.VulnerabilityID(a)
		}
		sts = append(sts, vex.Statement{
			Vulnerability: vex.Vulnerability{Name: vex.VulnerabilityID(f.Rule), Aliases: aliases},
			Products: []vex.Product{{
				Component:     vex.Component{ID: product, Identifiers: map[vex.IdentifierType]string{vex.PURL: product}},
				Subcomponents: []vex.Subcomponent{{Component: vex.Component{ID: sub, Identifiers: map[vex.IdentifierType]string{vex.PURL: sub}}}},
			}},
			Status:          vex.StatusNotAffected,
			Justification:   vex.VulnerableCodeNotInExecutePath,
			ImpactStatement: fmt.Sprintf("govulncheck found no call path from the code in %s to the vulnerable symbols of %s@%s.", f.Path, f.Package.Name, f.Package.Version),
		})
	}
	if len(sts) == 0 {
		return nil
	}
	slices.SortFunc(sts, func(a, b vex.Statement) int {
		return cmp2(string(a.Vulnerability.Name), string(b.Vulnerability.Name), a.Products[0].Subcomponents[0].ID, b.Products[0].Subcomponents[0].ID)
	})
	ts := epoch.UTC()
	doc := vex.VEX{
		Metadata: vex.Metadata{
			Context: vex.ContextLocator(), Author: "shiftgate", AuthorRole: "automated analysis (govulncheck)",
			Timestamp: &ts, Version: 1,
			Tooling: "shiftgate deps check: golang.org/x/vuln govulncheck call graph",
		},
		Statements: sts,
	}
	if _, err := doc.GenerateCanonicalID(); err != nil {
		return nil
	}
	var buf bytes.Buffer
	if err := doc.ToJSON(&buf); err != nil {
		return nil
	}
	return buf.Bytes()
}

func cmp2(a1, b1, a2, b2 string) int {
	if c := strings.Compare(a1, b1); c != 0 {
		return c
	}
	return strings.Compare(a2, b2)
}
