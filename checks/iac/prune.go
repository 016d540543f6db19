package iac

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// pruneBuiltins chooses what of the built-in pack a scan compiles. It keeps the rules
// of the platforms in run (the platforms of the parsed inputs: no other rule can be
// evaluated), the helper libraries those rules use (directly or through another
// library), and every module that is not a built-in. The rules of the platforms in
// listed but not in run (the platforms the tree's paths can hold) are not compiled but
// described from their metadata literal, so the report lists the same rules as a scan
// that compiled them; a rule whose metadata is not a literal is compiled instead.
// exclude are the rule ids switched off.
func pruneBuiltins(modules []ModuleSource, listed, run map[string]bool, exclude []string) ([]ModuleSource, []finding.Rule, error) {
	var kept, libs []ModuleSource
	var described []finding.Rule
	for _, m := range modules {
		platform, isRule := rulePlatform(m)
		switch {
		case m.Origin != OriginBuiltin || run[platform]:
			kept = append(kept, m)
		case !isRule:
			libs = append(libs, m)
		case listed[platform]:
			meta, ok, err := literalMeta(m)
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				kept = append(kept, m)
				continue
			}
			if !slices.ContainsFunc(exclude, func(id string) bool { return strings.EqualFold(id, meta.ID) }) {
				described = append(described, meta.FindingRule())
			}
		}
	}
	// The libraries the kept modules name, to a fixed point; the shared one
	// (shiftgate.lib) always. A library is named by its package path in an import or
	// a reference, so a mention of "data.<package>" followed by anything but a name
	// character keeps it (a mention that is not a use only keeps too much).
	used := func(pkg string) bool {
		ref := "data." + pkg
		for _, m := range kept {
			for rest := m.Text; ; {
				i := strings.Index(rest, ref)
				if i < 0 {
					break
				}
				rest = rest[i+len(ref):]
				if rest == "" || !isNameByte(rest[0]) {
					return true
				}
			}
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(libs); i++ {
			pkg := modulePackage(libs[i].Text)
			if pkg == "" || pkg == "shiftgate.lib" || used(pkg) {
				kept = append(kept, libs[i])
				libs = slices.Delete(libs, i, i+1)
				i--
				changed = true
			}
		}
	}
	return kept, described, nil
}

// rulePlatform is the platform of a built-in rule file (builtin/rules/<platform>/…),
// and whether the file is a rule rather than a library.
func rulePlatform(m ModuleSource) (string, bool) {
	rest, ok := strings.CutPrefix(m.Name, "builtin/rules/")
	if !ok {
		return "", false
	}
	platform, _, _ := strings.Cut(rest, "/")
	return platform, slices.Contains(platforms, platform)
}

func isNameByte(c byte) bool {
	return c == '_' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// modulePackage is the package a Rego file declares ("shiftgate.lib.docker"), from
// its first package line; "" when it has none.
func modulePackage(text string) string {
	for line := range strings.Lines(text) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "package "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// literalMeta reads a built-in rule's metadata from its source when it is one
// unconditional literal (`metadata := {…}`), as every built-in rule writes it: the
// same RuleMeta the compiled pack's metadata query gives (TestLiteralMetadataIsTheCompiledOne).
// ok is false for any other shape.
func literalMeta(m ModuleSource) (*RuleMeta, bool, error) {
	// The built-in files are in `opa fmt` form (TestRulesAreOPAFormatted), so the
	// literal is the lines from "metadata := {" to the first "}" alone on a line:
	// parsing those with the package line is a fifth of parsing the file. Anything
	// else (a custom layout, a parse error) parses the whole file.
	if snippet, ok := metadataSnippet(m.Text); ok {
		if meta, ok, err := literalMetaOf(m.Name, snippet); err == nil && ok {
			return meta, true, nil
		}
	}
	return literalMetaOf(m.Name, m.Text)
}

// metadataSnippet is the package line and the metadata literal of a formatted rule file.
func metadataSnippet(text string) (string, bool) {
	pkg := modulePackage(text)
	start := strings.Index(text, "\nmetadata := {\n")
	if pkg == "" || start < 0 {
		return "", false
	}
	end := strings.Index(text[start:], "\n}\n")
	if end < 0 {
		return "", false
	}
	return "package " + pkg + "\n" + text[start:start+end+3], true
}

func literalMetaOf(name, text string) (*RuleMeta, bool, error) {
	mod, err := ast.ParseModuleWithOpts(name, text, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		return nil, false, fmt.Errorf("could not parse Rego rule file %s: %w", name, err)
	}
	path := mod.Package.Path
	if len(path) != 5 {
		return nil, false, nil
	}
	platform, _ := path[3].Value.(ast.String)
	pkg, _ := path[4].Value.(ast.String)
	var value *ast.Term
	for _, r := range mod.Rules {
		if !r.Head.Name.Equal(ast.Var("metadata")) && !(len(r.Head.Reference) > 0 && r.Head.Reference[0].Equal(ast.VarTerm("metadata"))) {
			continue
		}
		if value != nil || len(r.Head.Reference) > 1 || r.Head.Value == nil || r.Head.Key != nil || len(r.Head.Args) > 0 ||
			r.Else != nil || len(r.Body) != 1 || !r.Body[0].Equal(ast.NewExpr(ast.BooleanTerm(true))) || !r.Head.Value.IsGround() {
			return nil, false, nil
		}
		value = r.Head.Value
	}
	if value == nil {
		return nil, false, nil
	}
	v, err := ast.JSON(value.Value)
	if err != nil {
		return nil, false, nil
	}
	meta, err := metaFrom(v, string(platform), string(pkg), name)
	if err != nil {
		return nil, false, err
	}
	return meta, true, nil
}
