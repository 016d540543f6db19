package iac

import (
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// unkeptLibraryRefs compiles the whole pack (the compiler resolves every reference
// through its imports, `import data.shiftgate.lib` then `lib.k8s.x` included) and
// lists, for each platform's pruned pack, the library references of its kept modules
// whose library pruneBuiltins left out: a rule would read an undefined document and
// silently find nothing.
func unkeptLibraryRefs(t *testing.T, mods []ModuleSource) []string {
	t.Helper()
	parsed := map[string]*ast.Module{}
	libs := map[string]string{} // library package → module name
	for _, m := range mods {
		mod, err := ast.ParseModuleWithOpts(m.Name, m.Text, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		parsed[m.Name] = mod
		if pkg := mod.Package.Path.String(); strings.HasPrefix(pkg, "data.shiftgate.lib") {
			libs[pkg] = m.Name
		}
	}
	comp := ast.NewCompiler().WithCapabilities(capabilities())
	comp.Compile(parsed)
	if comp.Failed() {
		t.Fatal(comp.Errors)
	}
	var out []string
	for _, p := range platforms {
		kept, _, err := pruneBuiltins(mods, nil, map[string]bool{p: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, m := range kept {
			names[m.Name] = true
		}
		for _, m := range kept {
			ast.WalkRefs(comp.Modules[m.Name], func(r ast.Ref) bool {
				s := r.String()
				if !strings.HasPrefix(s, "data.shiftgate.lib") {
					return false
				}
				// The longest library package the reference is in.
				best := ""
				for pkg := range libs {
					if (s == pkg || strings.HasPrefix(s, pkg+".") || strings.HasPrefix(s, pkg+"[")) && len(pkg) > len(best) {
						best = pkg
					}
				}
				if best != "" && !names[libs[best]] {
					out = append(out, p+": "+m.Name+" uses "+s+" of "+libs[best]+", not kept")
				}
				return false
			})
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every library a kept rule uses is kept, however the rule names it; and the check
// sees a rule that reaches a library through its parent's import, which the text
// search for "data.<package>" does not.
func TestPrunedPackKeepsEveryLibraryItsRulesUse(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	if bad := unkeptLibraryRefs(t, mods); len(bad) > 0 {
		t.Errorf("the pruned packs leave out libraries their rules use:\n%s", strings.Join(bad, "\n"))
	}
	parent := ModuleSource{Name: "builtin/rules/dockerfile/ZZZ_999.rego", Origin: OriginBuiltin, Text: `package shiftgate.rules.dockerfile.ZZZ_999

import data.shiftgate.lib

metadata := {"id": "ZZZ-999", "title": "t", "severity": "low", "description": "d", "remediation": "r"}

deny contains {"msg": lib.tekton.x, "line": 1} if lib.k8s.kind == "Pod"
`}
	bad := unkeptLibraryRefs(t, append(slices.Clone(mods), parent))
	if !slices.ContainsFunc(bad, func(s string) bool { return strings.Contains(s, "ZZZ_999.rego uses data.shiftgate.lib.k8s.kind") }) ||
		!slices.ContainsFunc(bad, func(s string) bool { return strings.Contains(s, "ZZZ_999.rego uses data.shiftgate.lib.tekton.x") }) {
		t.Errorf("a rule reaching lib.k8s and lib.tekton through `import data.shiftgate.lib` was not caught: %v", bad)
	}
}
