package result

import (
	"cmp"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// Upgrade is one package upgrade and the dependency findings it fixes: a person fixes
// "upgrade golang.org/x/net to 0.38.0", not nineteen advisories one by one.
type Upgrade struct {
	Ecosystem, Name, From, To string
	Path                      string   // the manifest that pins it
	IDs                       []string // the advisories the upgrade fixes, sorted
	Blocking                  int      // how many of them block
}

// Upgrades groups the dependency findings with the given statuses (all when none is
// given) by package and version, and names the lowest version that fixes every one of
// them: for each advisory the smallest fixed version above the installed one, then the
// highest of those. Advisories without a fix stay out. Sorted by blocking count, then
// by the number fixed, then by name.
func (r *Result) Upgrades(statuses ...finding.Status) []Upgrade {
	type key struct{ eco, name, version, path string }
	byKey := map[key]*Upgrade{}
	var order []key
	for _, f := range r.Findings {
		if f.Package == nil || len(f.Package.Fixed) == 0 || (len(statuses) > 0 && !slices.Contains(statuses, f.Status)) {
			continue
		}
		next := ""
		for _, v := range f.Package.Fixed {
			if finding.CompareVersions(v, f.Package.Version) > 0 && (next == "" || finding.CompareVersions(v, next) < 0) {
				next = v
			}
		}
		if next == "" {
			continue
		}
		k := key{f.Package.Ecosystem, f.Package.Name, f.Package.Version, f.Path}
		u := byKey[k]
		if u == nil {
			u = &Upgrade{Ecosystem: k.eco, Name: k.name, From: k.version, Path: k.path}
			byKey[k] = u
			order = append(order, k)
		}
		if u.To == "" || finding.CompareVersions(next, u.To) > 0 {
			u.To = next
		}
		if !slices.Contains(u.IDs, f.Rule) {
			u.IDs = append(u.IDs, f.Rule)
		}
		if f.Status == finding.StatusBlocking {
			u.Blocking++
		}
	}
	out := make([]Upgrade, 0, len(order))
	for _, k := range order {
		u := *byKey[k]
		slices.Sort(u.IDs)
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b Upgrade) int {
		return cmp.Or(cmp.Compare(b.Blocking, a.Blocking), cmp.Compare(len(b.IDs), len(a.IDs)),
			strings.Compare(a.Name, b.Name), strings.Compare(a.Path, b.Path))
	})
	return out
}

// FixHint is the first paragraph of the rule's help (its remediation), on one line,
// for the reports a person reads; "" when the rule has no help of its own.
func (r *Result) FixHint(f *finding.Finding) string {
	rule := r.Rule(f)
	help := strings.TrimSpace(rule.Help)
	if help == "" || help == f.Message {
		return ""
	}
	if i := strings.Index(help, "\n\n"); i >= 0 {
		help = help[:i]
	}
	return finding.NormalizeLine(help)
}
