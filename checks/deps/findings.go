package deps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// group is one vulnerability: the records that are aliases of each other.
type group struct {
	primary string
	ids     []string // every id and alias, sorted, without the primary
	recs    []*osvdb.Record
}

// groups merges records that share an id or alias (union-find over ids).
func groups(recs []*osvdb.Record) []*group {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		parent[x] = x
		return x
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			if ra < rb {
				parent[rb] = ra
			} else {
				parent[ra] = rb
			}
		}
	}
	for _, r := range recs {
		find(r.ID)
		for _, a := range r.Vuln.GetAliases() {
			union(r.ID, a)
		}
	}
	byRoot := map[string]*group{}
	var out []*group
	for _, r := range recs {
		root := find(r.ID)
		g := byRoot[root]
		if g == nil {
			g = &group{}
			byRoot[root] = g
			out = append(out, g)
		}
		if !slices.ContainsFunc(g.recs, func(x *osvdb.Record) bool { return x.ID == r.ID }) {
			g.recs = append(g.recs, r)
		}
	}
	for _, g := range out {
		var ids []string
		for _, r := range g.recs {
			ids = append(ids, r.ID)
			ids = append(ids, r.Vuln.GetAliases()...)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		g.primary = primaryID(ids)
		g.ids = slices.DeleteFunc(ids, func(s string) bool { return s == g.primary })
		slices.SortFunc(g.recs, func(a, b *osvdb.Record) int {
			// The primary record first: its summary and details describe the finding.
			if (a.ID == g.primary) != (b.ID == g.primary) {
				if a.ID == g.primary {
					return -1
				}
				return 1
			}
			return strings.Compare(a.ID, b.ID)
		})
	}
	slices.SortFunc(out, func(a, b *group) int { return strings.Compare(a.primary, b.primary) })
	return out
}

// primaryID prefers a GO id, then a GHSA id, then the smallest id.
func primaryID(ids []string) string {
	for _, prefix := range []string{"GO-", "GHSA-"} {
		for _, id := range ids {
			if strings.HasPrefix(id, prefix) {
				return id
			}
		}
	}
	return ids[0]
}

// severity is the worst of every CVSS vector and database rating in the group.
func (g *group) severity() (finding.Severity, float64, bool) {
	sev := finding.Unknown
	score := 0.0
	for _, r := range g.recs {
		vecs := r.Vuln.GetSeverity()
		for _, a := range r.Vuln.GetAffected() {
			vecs = append(vecs, a.GetSeverity()...)
		}
		for _, s := range vecs {
			sc, err := finding.ScoreVector(s.GetScore())
			if err != nil {
				continue
			}
			if sc > score {
				score = sc
			}
			sev = max(sev, finding.FromScore(sc))
		}
		if ds := r.Vuln.GetDatabaseSpecific(); ds != nil {
			if v, ok := ds.GetFields()["severity"]; ok {
				if s, err := finding.ParseSeverity(v.GetStringValue()); err == nil {
					sev = max(sev, s)
				}
			}
		}
	}
	if sev == finding.Unknown {
		return finding.High, 0, false
	}
	return sev, score, true
}

func (g *group) summary() string {
	for _, r := range g.recs {
		if s := strings.TrimSpace(r.Vuln.GetSummary()); s != "" {
			return s
		}
	}
	for _, r := range g.recs {
		if s := strings.TrimSpace(r.Vuln.GetDetails()); s != "" {
			s, _, _ = strings.Cut(s, "\n")
			return s
		}
	}
	return "known vulnerability"
}

func (g *group) details() string {
	for _, r := range g.recs {
		if s := strings.TrimSpace(r.Vuln.GetDetails()); s != "" {
			return s
		}
	}
	return g.summary()
}

// fixed lists the versions that fix the vulnerability for the package name.
func (g *group) fixed(name string) []string {
	var out []string
	for _, r := range g.recs {
		for _, a := range r.Vuln.GetAffected() {
			if a.GetPackage().GetName() != name {
				continue
			}
			for _, rg := range a.GetRanges() {
				for _, e := range rg.GetEvents() {
					if f := e.GetFixed(); f != "" {
						out = append(out, f)
					}
				}
			}
		}
	}
	slices.SortFunc(out, finding.CompareVersions)
	return slices.Compact(out)
}

func (g *group) cwes() []string {
	var out []string
	for _, r := range g.recs {
		if ds := r.Vuln.GetDatabaseSpecific(); ds != nil {
			if v, ok := ds.GetFields()["cwe_ids"]; ok {
				for _, x := range v.GetListValue().GetValues() {
					out = append(out, x.GetStringValue())
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// vulnFindings turns matches into findings and rules.
func vulnFindings(ws *workspace.Workspace, refs []*pkgRef) ([]finding.Finding, []finding.Rule) {
	var fs []finding.Finding
	rules := map[string]finding.Rule{}
	for _, ref := range refs {
		if len(ref.vulns) == 0 {
			continue
		}
		p := ref.found.Package
		for _, g := range groups(ref.vulns) {
			sev, score, known := g.severity()
			fixed := g.fixed(p.Name)
			msg := fmt.Sprintf("%s@%s (%s) is affected by %s: %s.", p.Name, p.Version, p.Ecosystem, g.primary, g.summary())
			if len(fixed) > 0 {
				msg += fmt.Sprintf(" Fixed in %s.", strings.Join(fixed, ", "))
			} else {
				msg += " No fixed version is known."
			}
			if !known {
				msg += " The vulnerability database gives no severity for it (no CVSS vector or rating, here or in an alias record): treated as high, since an unknown severity is not a safe one."
			}
			snippet := ws.Line(ref.found.Manifest, ref.found.Line)
			if strings.TrimSpace(snippet) == "" {
				snippet = p.Name + "@" + p.Version
			}
			fs = append(fs, finding.Finding{
				Check: Name, Tool: "osv", Rule: g.primary, Severity: sev, Score: score,
				Message: msg, Path: ref.found.Manifest, Line: ref.found.Line,
				Aliases: g.ids, CWE: g.cwes(),
				Package: &finding.Package{Ecosystem: p.Ecosystem, Name: p.Name, Version: p.Version, Fixed: fixed, PURL: p.PURL},
				Snippet: snippet,
			})
			if _, ok := rules[g.primary]; !ok {
				help := fmt.Sprintf("Upgrade %s to a fixed version", p.Name)
				if len(fixed) > 0 {
					help += " (" + strings.Join(fixed, ", ") + ")"
				}
				help += ". If the vulnerable code is not used, record that in an OpenVEX document listed under checks.deps.vex, or add an exception with a reason."
				rules[g.primary] = finding.Rule{
					ID: g.primary, Title: g.summary(), Description: g.details(), Help: help,
					HelpURI: "https://osv.dev/vulnerability/" + g.primary, Severity: sev,
					Tags: append([]string{"security", "vulnerability"}, g.cwes()...),
				}
			}
		}
	}
	var rs []finding.Rule
	for _, r := range rules {
		rs = append(rs, r)
	}
	return fs, rs
}
