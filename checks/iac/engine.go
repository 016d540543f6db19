package iac

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// builtinRules is the embedded rule pack: one Rego file per rule under
// rules/<platform>/, helpers under rules/lib/.
//
//go:embed rules
var builtinRules embed.FS

// Platforms are the input kinds rules are written for, in the order reports list them.
var platforms = []string{"kubernetes", "dockerfile", "terraform", "cloudformation", "github", "tekton"}

// deniedBuiltins are the built-in functions rules may not call: they reach the
// network or depend on the clock or chance, which would make a scan non-deterministic.
var deniedBuiltins = map[string]bool{
	"http.send": true, "net.lookup_ip_addr": true, "opa.runtime": true, "time.now_ns": true,
	"rand.intn": true, "uuid.rfc4122": true, "trace": true,
}

// RuleMeta is what a rule's `metadata` object says about it.
type RuleMeta struct {
	ID          string
	Title       string
	Severity    finding.Severity
	Description string
	Remediation string
	References  []string
	CWE         []string
	// CIS names the CIS benchmark recommendations the rule checks (metadata "cis",
	// e.g. "CIS AWS Foundations 3.0.0 2.1.1"); they become SARIF rule tags.
	CIS      []string
	Platform string
	// Redact says the flagged line holds a secret: the finding's snippet keeps only
	// a hash of it (metadata "redact": true).
	Redact  bool
	Package string // the rule's package name under shiftgate.rules.<platform>
	Source  string // the file that defined it
}

// Engine holds the rule pack compiled once; Eval may be called concurrently.
type Engine struct {
	// queries evaluate the built-in rule pack, compiled without the repository's own
	// rules: nothing a custom module defines (a conflicting helper, a rule that errors)
	// can reach them.
	queries map[string]rego.PreparedEvalQuery
	// user evaluates each custom rule package on its own, compiled with the built-in
	// helpers, so one failing custom rule fails only itself.
	user map[string][]userQuery
	// userTimeout bounds each custom rule package's evaluation of one input
	// (userEvalTimeout; tests of the memory bound lengthen it).
	userTimeout time.Duration
	rules       map[string]map[string]*RuleMeta // platform → package → meta
	byID        map[string]*RuleMeta
	// cfnKnown are the CloudFormation resource types some rule names.
	cfnKnown map[string]bool
}

// userQuery is one custom rule package's query.
type userQuery struct {
	pkg string
	q   rego.PreparedEvalQuery
}

// userEvalTimeout bounds one custom rule package's evaluation of one input.
const userEvalTimeout = 5 * time.Second

// userEvalMemory bounds how far one custom rule package's evaluation of one input may
// grow the heap (watchMemory).
const userEvalMemory = 256 << 20

// ModuleSource is one Rego file: a name for messages, its text and the layer it
// comes from. The layer is said, never guessed from the name: a repository folder
// may be called builtin/ or org:rules/.
type ModuleSource struct {
	Name   string
	Text   string
	Origin Origin
}

// Origin is the layer a Rego file comes from. Each layer's rules are evaluated by a
// compiler that holds the built-in pack and that layer's files only, so a
// repository's file cannot add to, conflict with or replace a built-in or an
// organisation rule (or a helper library either uses).
type Origin int

// The origins; the zero value is the untrusted one.
const (
	OriginRepo Origin = iota
	OriginBuiltin
	OriginOrg
)

// BuiltinModules returns the embedded rule pack's files, sorted by name.
func BuiltinModules() ([]ModuleSource, error) {
	var out []ModuleSource
	err := fs.WalkDir(builtinRules, "rules", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		b, err := builtinRules.ReadFile(p)
		if err != nil {
			return fmt.Errorf("could not read embedded rule %q: %w", p, err)
		}
		out = append(out, ModuleSource{Name: "builtin/" + p, Text: string(b), Origin: OriginBuiltin})
		return nil
	})
	return out, err
}

// capabilities are this OPA version's, minus the denied built-ins and all network access.
func capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if !deniedBuiltins[b.Name] && !strings.HasPrefix(b.Name, "net.lookup") {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

// NewEngine parses and compiles the modules once and prepares one query per platform.
// exclude lists rule ids that are switched off.
func NewEngine(ctx context.Context, modules []ModuleSource, exclude []string) (*Engine, error) {
	parsed := map[string]*ast.Module{}
	origin := map[string]Origin{}
	pkgOrigin := map[string]string{} // rule package → the file that declares it, per layer
	for _, m := range modules {
		if _, dup := parsed[m.Name]; dup {
			return nil, fmt.Errorf("Rego rule file %s: a rule file of that name is already loaded (a built-in or an organisation rule): rename the file or its folder", m.Name)
		}
		mod, err := ast.ParseModuleWithOpts(m.Name, m.Text, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, fmt.Errorf("could not parse Rego rule file %s: %w", m.Name, err)
		}
		if err := checkRulePackage(m.Name, mod); err != nil {
			return nil, err
		}
		// A rule package belongs to one layer: a file of another layer that declares
		// it would merge into that layer's rule.
		pkg := mod.Package.Path.String()
		if strings.HasPrefix(pkg, "data.shiftgate.rules.") {
			if prev, ok := pkgOrigin[pkg]; ok && origin[prev] != m.Origin {
				mine, theirs := m.Name, prev
				if m.Origin != OriginRepo {
					mine, theirs = prev, m.Name
				}
				return nil, fmt.Errorf("Rego rule file %s: package %s is the package of %s, a rule of another layer (built-in or organisation): a custom rule has a package of its own; rename the package in %s", mine, strings.TrimPrefix(pkg, "data."), theirs, mine)
			}
			if _, ok := pkgOrigin[pkg]; !ok {
				pkgOrigin[pkg] = m.Name
			}
		}
		parsed[m.Name] = mod
		origin[m.Name] = m.Origin
	}
	comp := ast.NewCompiler().WithCapabilities(capabilities())
	comp.Compile(parsed)
	if comp.Failed() {
		return nil, fmt.Errorf("could not compile the Rego rules: %w", comp.Errors)
	}
	e := &Engine{userTimeout: userEvalTimeout, queries: map[string]rego.PreparedEvalQuery{}, rules: map[string]map[string]*RuleMeta{}, byID: map[string]*RuleMeta{},
		cfnKnown: cfnTypes(modules)}
	if err := e.loadMeta(ctx, comp, parsed); err != nil {
		return nil, err
	}
	for _, id := range exclude {
		for _, p := range platforms {
			for pkg, m := range e.rules[p] {
				if strings.EqualFold(m.ID, id) {
					delete(e.rules[p], pkg)
					delete(e.byID, m.ID)
				}
			}
		}
	}
	// Each layer is evaluated from a compiler that has only the built-in pack and that
	// layer's own files: the built-in pack from its own, each organisation rule beside
	// the organisation's files, each repository rule beside the repository's.
	layerComp := map[Origin]*ast.Compiler{}
	compilerOf := func(o Origin) (*ast.Compiler, error) {
		if c, ok := layerComp[o]; ok {
			return c, nil
		}
		only := map[string]*ast.Module{}
		for name, mod := range parsed {
			if origin[name] == OriginBuiltin || origin[name] == o {
				only[name] = mod
			}
		}
		if len(only) == len(parsed) {
			// The layer holds every module (no custom rules, or only this layer's):
			// the compiler above is the same compilation, and compiling the rule
			// pack a second time was half of the check's cold time.
			layerComp[o] = comp
			return comp, nil
		}
		c := ast.NewCompiler().WithCapabilities(capabilities())
		c.Compile(only)
		if c.Failed() {
			return nil, fmt.Errorf("could not compile the Rego rules: %w", c.Errors)
		}
		layerComp[o] = c
		return c, nil
	}
	builtin, err := compilerOf(OriginBuiltin)
	if err != nil {
		return nil, err
	}
	userPkgs := map[string]Origin{}
	for name, mod := range parsed {
		if origin[name] != OriginBuiltin {
			userPkgs[mod.Package.Path.String()] = origin[name]
		}
	}
	e.user = map[string][]userQuery{}
	for _, p := range platforms {
		q, err := rego.New(
			rego.Compiler(builtin),
			rego.Query(fmt.Sprintf("x = data.shiftgate.rules.%s[pkg].deny[_]", p)),
			rego.StrictBuiltinErrors(false),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("could not prepare the %s rules: %w", p, err)
		}
		e.queries[p] = q
		pkgs := make([]string, 0, len(e.rules[p]))
		for pkg := range e.rules[p] {
			if _, ok := userPkgs[fmt.Sprintf("data.shiftgate.rules.%s.%s", p, pkg)]; ok {
				pkgs = append(pkgs, pkg)
			}
		}
		sort.Strings(pkgs)
		for _, pkg := range pkgs {
			lc, err := compilerOf(userPkgs[fmt.Sprintf("data.shiftgate.rules.%s.%s", p, pkg)])
			if err != nil {
				return nil, err
			}
			uq, err := rego.New(
				rego.Compiler(lc),
				rego.Query(fmt.Sprintf("x = data.shiftgate.rules.%s.%s.deny[_]", p, pkg)),
				rego.StrictBuiltinErrors(false),
			).PrepareForEval(ctx)
			if err != nil {
				return nil, fmt.Errorf("could not prepare the rule %s: %w", e.rules[p][pkg].ID, err)
			}
			e.user[p] = append(e.user[p], userQuery{pkg: pkg, q: uq})
		}
	}
	return e, nil
}

func (e *Engine) loadMeta(ctx context.Context, comp *ast.Compiler, parsed map[string]*ast.Module) error {
	sources := map[string]string{}
	for name, m := range parsed {
		sources[m.Package.Path.String()] = name
	}
	rs, err := rego.New(rego.Compiler(comp), rego.Query("m = data.shiftgate.rules[platform][pkg].metadata")).Eval(ctx)
	if err != nil {
		return fmt.Errorf("could not read rule metadata: %w", err)
	}
	for _, r := range rs {
		platform, _ := r.Bindings["platform"].(string)
		pkg, _ := r.Bindings["pkg"].(string)
		src := sources[fmt.Sprintf("data.shiftgate.rules.%s.%s", platform, pkg)]
		if !slices.Contains(platforms, platform) {
			return fmt.Errorf("rule package shiftgate.rules.%s.%s (%s): unknown platform %q: use one of %s", platform, pkg, src, platform, strings.Join(platforms, ", "))
		}
		m, err := metaFrom(r.Bindings["m"], platform, pkg, src)
		if err != nil {
			return err
		}
		if prev, ok := e.byID[m.ID]; ok {
			return fmt.Errorf("rule id %s is defined twice: in %s and %s; give each rule its own id", m.ID, prev.Source, m.Source)
		}
		if e.rules[platform] == nil {
			e.rules[platform] = map[string]*RuleMeta{}
		}
		e.rules[platform][pkg] = m
		e.byID[m.ID] = m
	}
	return nil
}

func metaFrom(v any, platform, pkg, src string) (*RuleMeta, error) {
	obj, ok := v.(map[string]any)
	where := fmt.Sprintf("rule package shiftgate.rules.%s.%s (%s)", platform, pkg, src)
	if !ok {
		return nil, fmt.Errorf("%s: metadata must be an object with id, title and severity", where)
	}
	str := func(k string) string { s, _ := obj[k].(string); return s }
	strs := func(k string) []string {
		var out []string
		switch x := obj[k].(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
		return out
	}
	m := &RuleMeta{ID: str("id"), Title: str("title"), Description: str("description"), Remediation: str("remediation"),
		References: strs("references"), CWE: strs("cwe"), CIS: strs("cis"), Platform: platform, Package: pkg, Source: src}
	if m.ID == "" || m.Title == "" {
		return nil, fmt.Errorf("%s: metadata needs a non-empty \"id\" and \"title\"", where)
	}
	sev, err := finding.ParseSeverity(str("severity"))
	if err != nil {
		return nil, fmt.Errorf("%s: metadata.severity: %w", where, err)
	}
	m.Severity = sev
	m.Redact, _ = obj["redact"].(bool)
	if m.Description == "" {
		m.Description = m.Title
	}
	return m, nil
}

// rawResult is one deny result of one rule for one input.
type rawResult struct {
	Rule *RuleMeta
	Msg  string
	Line int
	Path string
}

// Eval runs every rule of the platform over one input.
func (e *Engine) Eval(ctx context.Context, platform string, input ast.Value) ([]rawResult, error) {
	q, ok := e.queries[platform]
	if !ok {
		return nil, fmt.Errorf("no rules for platform %q", platform)
	}
	rs, err := q.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, err
	}
	out := e.collect(platform, rs, "")
	// Custom rules one package at a time, each bounded in time: a failing one is an
	// error of its own, and the built-in results stand.
	var errs []error
	for _, u := range e.user[platform] {
		uctx, cancel := context.WithTimeout(ctx, e.userTimeout)
		mctx, stop := watchMemory(uctx, userEvalMemory)
		urs, err := u.q.Eval(mctx, rego.EvalParsedInput(input))
		overMemory := stop()
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if overMemory {
				err = memoryError(userEvalMemory)
			}
			errs = append(errs, fmt.Errorf("custom rule %s (%s): %w", e.rules[platform][u.pkg].ID, e.rules[platform][u.pkg].Source, err))
			continue
		}
		out = append(out, e.collect(platform, urs, u.pkg)...)
	}
	return out, errors.Join(errs...)
}

// collect turns a query's results into raw results; pkg is the package when the query
// was for one package, else it comes from the binding.
func (e *Engine) collect(platform string, rs rego.ResultSet, onePkg string) []rawResult {
	var out []rawResult
	for _, r := range rs {
		pkg, _ := r.Bindings["pkg"].(string)
		if onePkg != "" {
			pkg = onePkg
		}
		meta := e.rules[platform][pkg]
		if meta == nil {
			continue // excluded, or a package without metadata
		}
		res := rawResult{Rule: meta}
		switch x := r.Bindings["x"].(type) {
		case string:
			res.Msg = x
		case map[string]any:
			res.Msg, _ = x["msg"].(string)
			res.Path, _ = x["path"].(string)
			res.Line = toInt(x["line"])
		}
		if res.Msg == "" {
			res.Msg = meta.Title
		}
		out = append(out, res)
	}
	return out
}

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		return int(n)
	case interface{ Int64() (int64, error) }:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}

// Rules lists every enabled rule's metadata, sorted by id.
func (e *Engine) Rules() []*RuleMeta {
	out := make([]*RuleMeta, 0, len(e.byID))
	for _, m := range e.byID {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Rule returns one rule's metadata by id.
func (e *Engine) Rule(id string) *RuleMeta { return e.byID[id] }

// checkRulePackage rejects rule modules the engine would silently never evaluate: a
// package under shiftgate.rules must be exactly shiftgate.rules.<platform>.<NAME> and
// define metadata.
func checkRulePackage(name string, mod *ast.Module) error {
	path := mod.Package.Path
	if len(path) < 3 || !path[1].Equal(ast.StringTerm("shiftgate")) || !path[2].Equal(ast.StringTerm("rules")) {
		return nil // a helper library
	}
	if len(path) != 5 {
		return fmt.Errorf("%s: package %s: rule packages must be named shiftgate.rules.<platform>.<NAME> (platform one of %s)", name, path, strings.Join(platforms, ", "))
	}
	for _, r := range mod.Rules {
		if r.Head.Name.Equal(ast.Var("metadata")) || len(r.Head.Reference) > 0 && r.Head.Reference[0].Equal(ast.VarTerm("metadata")) {
			return nil
		}
	}
	return fmt.Errorf("%s: package %s has no metadata: add metadata := {\"id\": …, \"title\": …, \"severity\": …} (see checks/iac/INPUT.md)", name, path)
}
