// Package iac is the "iac" check: it parses Kubernetes manifests, Dockerfiles,
// Terraform, GitHub Actions workflows and composite actions, and Tekton resources with
// their real parsers (positions kept), and evaluates an embedded OPA/Rego rule pack,
// plus the repository's own rules, over them. Every finding points at the offending
// line. The input shape rules read is documented in INPUT.md.
package iac

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/worker"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// Name is the check's name.
const Name = "iac"

// Check runs the IaC rule pack.
type Check struct{}

// New returns the check.
func New() *Check { return &Check{} }

// Name implements checks.Check.
func (*Check) Name() string { return Name }

// Run parses every IaC file in the workspace and evaluates the rules over it. A bad
// user rule or an unreadable rules folder fails the check; a malformed IaC file is a
// note and the scan goes on.
func (c *Check) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	ws := env.Workspace
	cfg := env.Policy.Checks.IaC
	modules, err := BuiltinModules()
	if err != nil {
		return nil, err
	}
	user, err := userModules(ws, cfg.Rules)
	if env.BaseRules != nil {
		user, err = baseModules(env.BaseRules, cfg.Rules)
	}
	if err != nil {
		return nil, err
	}
	user = append(user, orgModules(env.Policy)...)
	modules = append(modules, user...)
	var files []SourceFile
	var roots []string
	kdirs := map[string]bool{}
	for _, f := range ws.Files() {
		if path.Base(f.Path) == "Chart.yaml" {
			roots = append(roots, path.Dir(f.Path))
		}
		if slices.Contains(kustomizationNames, path.Base(f.Path)) {
			kdirs[path.Dir(f.Path)] = true // generators read the folder's other files
		}
	}
	for _, f := range ws.Files() {
		// A chart's helpers (.tpl), packaged subcharts and files are part of its render.
		if classify(f.Path) == "" && !kdirs[path.Dir(f.Path)] && !slices.ContainsFunc(roots, func(r string) bool { return within(f.Path, r) }) {
			continue
		}
		data, err := ws.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("could not read %q: %w", f.Path, err)
		}
		files = append(files, SourceFile{Path: f.Path, Data: data})
	}
	// The check is cached as a whole, not per file: a chart, a kustomization and a
	// Terraform folder are judged from several files at once. The key holds every file
	// the check reads (the IaC files and the custom rules that run: the repository's, or
	// the base's in a pull request, and the organisation's), the policy's section and
	// the tool (whose build holds the built-in rules).
	var key cache.Key
	if env.Cache != nil {
		h := env.Cache.Hasher(cacheKind).JSON("policy", cfg)
		for _, m := range user {
			h.String("rule", fmt.Sprintf("%d:%s", m.Origin, m.Name)).Digest("rule-content", []byte(m.Text))
		}
		for _, f := range files {
			h.String("file", f.Path).Digest("content", f.Data)
		}
		key = h.Sum()
		var st checks.Stored
		if env.Cache.Get(cacheKind, key, &st) {
			return st.Thaw(), nil
		}
	}
	// The files are parsed before any rule is compiled: only the rules of the
	// platforms they turned out to hold are compiled (a repository whose one
	// Dockerfile sits beside JSON test data does not pay for compiling every
	// CloudFormation, Kubernetes, Tekton and workflow rule, nor their helpers). The
	// rules the report lists stay those of every platform the tree's paths can hold;
	// the ones not compiled are described from their metadata literal. With custom
	// rules the whole pack is compiled, so that their ids are checked against every
	// built-in id.
	in, err := parseInputs(ctx, files)
	if err != nil {
		return nil, err
	}
	var listed []finding.Rule
	if len(user) == 0 {
		modules, listed, err = pruneBuiltins(modules, platformsIn(files, roots, kdirs), in.platforms(), cfg.Exclude)
		if err != nil {
			return nil, err
		}
	}
	eng, err := NewEngine(ctx, modules, cfg.Exclude)
	if err != nil {
		return nil, err
	}
	found, notes, err := eng.evaluate(ctx, in)
	if err != nil {
		return nil, err
	}
	rules := slices.Concat(eng.FindingRules(), listed)
	slices.SortFunc(rules, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	res := &checks.Result{Findings: found, Notes: notes, Rules: rules}
	if env.Cache != nil {
		env.Cache.Put(cacheKind, key, checks.Freeze(res))
	}
	return res, nil
}

// orgModules are the organisation policy's custom rules (docs/org-policy.md): user
// modules like the repository's, each evaluated on its own beside the built-in pack.
func orgModules(p *policy.Policy) []ModuleSource {
	var out []ModuleSource
	for _, r := range p.OrgRules {
		out = append(out, ModuleSource{Name: r.Name, Text: r.Text, Origin: OriginOrg})
	}
	return out
}

// cacheKind is the analysis cache's name for the check's result.
const cacheKind = "iac-check"

// userModules reads the .rego files under the policy's checks.iac.rules folders
// through the workspace, so they cannot come from outside the repository.
func userModules(ws *workspace.Workspace, dirs []string) ([]ModuleSource, error) {
	var out []ModuleSource
	for _, d := range dirs {
		rel, err := ws.Resolve(d)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("checks.iac.rules: folder %q does not exist in the repository: create it with your .rego rules, or remove it from the policy", d)
		}
		if err != nil {
			return nil, fmt.Errorf("checks.iac.rules: %q: %w", d, err)
		}
		var files []workspace.File
		if strings.HasSuffix(rel, ".rego") {
			files = ws.Match(rel)
		} else {
			files = ws.Match(strings.TrimSuffix(rel, "/") + "/**/*.rego")
		}
		if rel == "." {
			files = ws.Match("**/*.rego")
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("checks.iac.rules: no .rego file under %q: give a folder of Rego rules inside the repository (or remove it from the policy)", d)
		}
		for _, f := range files {
			b, err := ws.ReadFile(f.Path)
			if err != nil {
				return nil, fmt.Errorf("checks.iac.rules: could not read %q: %w", f.Path, err)
			}
			out = append(out, ModuleSource{Name: f.Path, Text: string(b)})
		}
	}
	return out, nil
}

// baseModules are the custom rules of the policy's checks.iac.rules entries as the
// base commit has them (checks.Env.BaseRules): in a pull request they run, not the
// change's versions.
func baseModules(files map[string][]byte, entries []string) ([]ModuleSource, error) {
	var out []ModuleSource
	seen := map[string]bool{}
	for _, e := range entries {
		rel := path.Clean(strings.TrimPrefix(e, "./"))
		var names []string
		for p := range files {
			if p == rel || rel == "." || strings.HasPrefix(p, rel+"/") {
				names = append(names, p)
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("checks.iac.rules: no .rego file under %q at the base commit, whose rules judge a pull request: commit the rules to the base branch first (or remove the entry from its policy)", e)
		}
		slices.Sort(names)
		for _, p := range names {
			if !seen[p] {
				seen[p] = true
				out = append(out, ModuleSource{Name: p, Text: string(files[p])})
			}
		}
	}
	return out, nil
}

// RuleIDs lists the ids of the built-in rules and of the Rego rules in the policy's
// checks.iac.rules folders, read the way a scan of root reads them. An error means a
// folder is missing or a rule does not compile.
func RuleIDs(ctx context.Context, root string, p *policy.Policy) ([]string, error) {
	modules, err := BuiltinModules()
	if err != nil {
		return nil, err
	}
	if len(p.Checks.IaC.Rules) > 0 {
		ws, err := workspace.Open(root, workspace.Options{Exclude: p.Paths.Exclude})
		if err != nil {
			return nil, err
		}
		user, err := userModules(ws, p.Checks.IaC.Rules)
		if err != nil {
			return nil, err
		}
		modules = append(modules, user...)
	}
	modules = append(modules, orgModules(p)...)
	eng, err := NewEngine(ctx, modules, nil)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range eng.Rules() {
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// SourceFile is one file to scan: its repository-relative path and contents.
type SourceFile struct {
	Path string
	Data []byte
}

// platformsIn is every rule platform the files can yield documents for, erring on
// the side of more: a YAML or JSON file may be a workflow, a Kubernetes or Tekton
// resource or a CloudFormation template (its content decides), and a chart or a
// kustomization renders Kubernetes (or Tekton) resources.
func platformsIn(files []SourceFile, roots []string, kdirs map[string]bool) map[string]bool {
	need := map[string]bool{}
	if len(roots) > 0 || len(kdirs) > 0 {
		need["kubernetes"], need["tekton"] = true, true
	}
	for _, f := range files {
		switch classify(f.Path) {
		case "dockerfile":
			need["dockerfile"] = true
		case "terraform":
			need["terraform"] = true
		case "github", "action", "yaml", "json":
			for _, p := range []string{"github", "kubernetes", "tekton", "cloudformation"} {
				need[p] = true
			}
		}
	}
	return need
}

// classify tells which parser a path goes to: "dockerfile", "terraform", "github"
// (workflow), "action" (composite action), "yaml" (Kubernetes or Tekton, decided per
// document), "json" (CloudFormation when its content says so), "terraform-json"
// (Terraform's JSON syntax, not analysed: a note), or "" for none.
func classify(p string) string {
	base := path.Base(p)
	lower := strings.ToLower(base)
	ext := path.Ext(lower)
	switch {
	case base == "Dockerfile" || base == "Containerfile" || strings.HasSuffix(lower, ".dockerfile") ||
		(strings.HasPrefix(base, "Dockerfile.") && !strings.HasSuffix(lower, ".dockerignore") && ext != ".md" && ext != ".txt"):
		return "dockerfile"
	case ext == ".tf":
		return "terraform"
	case strings.HasSuffix(lower, ".tf.json"):
		return "terraform-json" // not parsed: a note says so
	case ext == ".json" || ext == ".template":
		return "json" // a CloudFormation template when its content says so
	case ext == ".yml" || ext == ".yaml":
		dir := path.Dir(p)
		if dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows") {
			return "github"
		}
		if lower == "action.yml" || lower == "action.yaml" {
			return "action"
		}
		return "yaml"
	}
	return ""
}

// input is one document handed to the rules.
type input struct {
	platform string
	path     string
	line     int // where a result without a line points
	value    map[string]any
	// locs, for a resource kustomize built, turns the line numbers rules see into
	// the file and line that set each field (see lineTable).
	locs map[int]loc
}

// Scan parses the files and evaluates the rules over every input, concurrently.
// Results are sorted; parse problems come back as notes.
func (e *Engine) Scan(ctx context.Context, files []SourceFile) ([]finding.Finding, []finding.Note, error) {
	in, err := parseInputs(ctx, files)
	if err != nil {
		return nil, nil, err
	}
	return e.evaluate(ctx, in)
}

// parsedInputs are the files of a scan turned into rule inputs, before any rule runs:
// what platforms they are tells which rules need compiling.
type parsedInputs struct {
	inputs []input
	notes  []finding.Note
	byPath map[string][]byte
}

// platforms are the platforms of the inputs: the only rules a scan evaluates.
func (p *parsedInputs) platforms() map[string]bool {
	out := map[string]bool{}
	for _, in := range p.inputs {
		out[in.platform] = true
	}
	return out
}

// parseInputs parses every file in parallel (Terraform blocks grouped per folder
// afterwards, charts rendered, kustomizations built) into the inputs the rules see.
func parseInputs(ctx context.Context, files []SourceFile) (*parsedInputs, error) {
	// Parse every file in parallel; Terraform blocks are grouped per folder afterwards.
	type parsed struct {
		inputs []input
		notes  []finding.Note
		tf     *tfFile
	}
	out := make([]parsed, len(files))
	roots := chartRoots(files)
	kusts, kNotes := kustomizations(files)
	owned := kustomizeOwned(kusts)
	parallel(ctx, len(files), func(i int) {
		f := files[i]
		p := &out[i]
		if r := chartOf(f.Path, roots); r != "" && (within(f.Path, path.Join(r, "templates")) || within(f.Path, path.Join(r, "charts"))) {
			return // judged as rendered by its chart
		}
		if owned[f.Path] {
			return // judged as part of the kustomize build that uses it
		}
		switch kind := classify(f.Path); kind {
		case "dockerfile":
			v, err := parseDockerfile(f.Data)
			if err != nil {
				p.notes = append(p.notes, parseNote(f.Path, err, "Dockerfile"))
				return
			}
			v["platform"], v["path"] = "dockerfile", f.Path
			p.inputs = append(p.inputs, input{platform: "dockerfile", path: f.Path, line: 1, value: v})
		case "terraform":
			tf, err := parseTerraform(f.Path, f.Data)
			if err != nil {
				p.notes = append(p.notes, parseNote(f.Path, err, "Terraform"))
				return
			}
			p.tf = tf
		case "github", "action", "yaml", "json":
			p.inputs, p.notes = yamlInputs(kind, f.Path, f.Data)
		case "terraform-json":
			p.notes = append(p.notes, finding.Note{Check: Name, Kind: "skipped", Path: f.Path,
				Message: "Terraform in JSON syntax (.tf.json) is not analysed: only .tf files are, so the resources in this file were not checked; write them as .tf to have them judged"})
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		inputs  []input
		notes   []finding.Note
		tfOrder []string
	)
	byPath := map[string][]byte{}
	tfDirs := map[string][]*tfFile{}
	for i, f := range files {
		byPath[f.Path] = f.Data
		inputs = append(inputs, out[i].inputs...)
		notes = append(notes, out[i].notes...)
		if out[i].tf != nil {
			dir := path.Dir(f.Path)
			if _, ok := tfDirs[dir]; !ok {
				tfOrder = append(tfOrder, dir)
			}
			tfDirs[dir] = append(tfDirs[dir], out[i].tf)
		}
	}
	inputs = append(inputs, terraformInputs(tfOrder, tfDirs)...)
	charts := make([]parsed, len(roots))
	parallel(ctx, len(roots), func(i int) {
		charts[i].inputs, charts[i].notes = helmInputs(roots[i], files)
	})
	for _, c := range charts {
		inputs = append(inputs, c.inputs...)
		notes = append(notes, c.notes...)
	}
	notes = append(notes, kNotes...)
	tops := topKustomizations(kusts)
	built := make([]parsed, len(tops))
	parallel(ctx, len(tops), func(i int) {
		built[i].inputs, built[i].notes = kustomizeInputs(tops[i], kusts, files)
	})
	for _, b := range built {
		inputs = append(inputs, b.inputs...)
		notes = append(notes, b.notes...)
	}
	return &parsedInputs{inputs: inputs, notes: notes, byPath: byPath}, nil
}

// evaluate runs the rules over every parsed input, concurrently. Results are sorted.
func (e *Engine) evaluate(ctx context.Context, p *parsedInputs) ([]finding.Finding, []finding.Note, error) {
	inputs, byPath := p.inputs, p.byPath
	notes := slices.Clone(p.notes)
	for _, in := range inputs {
		if in.platform == "cloudformation" {
			if n, ok := cfnCoverageNote(in, e.cfnKnown); ok {
				notes = append(notes, n)
			}
		}
	}

	results := make([][]finding.Finding, len(inputs))
	errs := make([]error, len(inputs))
	src := newSourceLines(byPath)
	parallel(ctx, len(inputs), func(i int) {
		results[i], errs[i] = e.evalInput(ctx, inputs[i], src)
	})
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var found []finding.Finding
	for i, fs := range results {
		if errs[i] != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			notes = append(notes, finding.Note{Check: Name, Kind: "rule-error", Path: inputs[i].path,
				Message: fmt.Sprintf("a rule failed on this file: %v", errs[i])})
			// A failing custom rule fails only itself: the built-in results stand.
		}
		found = append(found, fs...)
	}
	found = dedupe(found)
	finding.Sort(found)
	slices.SortStableFunc(notes, func(a, b finding.Note) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return found, notes, nil
}

// parallel calls fn(0..n-1) on as many goroutines as there are processors, and stops
// handing out work when ctx is done.
func parallel(ctx context.Context, n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	// A panic on a file is handed to the check's own goroutine, which the gate
	// recovers into the check's error; the other workers go on (package worker).
	var panics worker.Panics
	defer panics.Raise()
	for range min(runtime.GOMAXPROCS(0), max(1, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				panics.Do(func() { fn(i) })
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
}

// renderedWith starts the message suffix of a finding from a chart rendered with one
// of its ci/*-values.yaml files.
const renderedWith = " (chart rendered with "

// dedupe drops repeated findings; a chart's finding that its default render already
// gave is not repeated for each ci values file.
func dedupe(fs []finding.Finding) []finding.Finding {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		msg, _, _ := strings.Cut(f.Message, renderedWith)
		k := fmt.Sprintf("%s\x00%s\x00%d\x00%s", f.Rule, f.Path, f.Line, msg)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

func parseNote(rel string, err error, what string) finding.Note {
	return finding.Note{Check: Name, Kind: "parse", Path: rel, Line: errorLine(err),
		Message: fmt.Sprintf("could not parse this %s, so it was not checked: %v", what, err)}
}

var helmRe = regexp.MustCompile(`\{\{[-\s]`)

// yamlInputs turns one YAML file into inputs: a workflow, a composite action, or one
// input per Kubernetes/Tekton resource (List items included).
func yamlInputs(kind, rel string, data []byte) ([]input, []finding.Note) {
	if kind == "yaml" && isHelmTemplate(rel, data) {
		return nil, []finding.Note{{Check: Name, Kind: "skipped", Path: rel,
			Message: "Helm chart template (has {{ }} directives): not checked; scan the rendered manifests (helm template) instead"}}
	}
	cfn := (kind == "yaml" || kind == "json") && mayBeCloudFormation(data)
	if kind == "json" && !cfn {
		return nil, nil
	}
	docs, err := parseYAML(data, cfn)
	if err != nil && kind == "json" && !bytes.Contains(data, []byte("AWSTemplateFormatVersion")) {
		return nil, nil // JSON that merely mentions an AWS type (a lockfile, a policy): not a template
	}
	var notes []finding.Note
	if bad, ok := err.(docErrors); ok && kind != "json" {
		// Some documents parsed: check them, and name each one that did not.
		for _, d := range bad {
			notes = append(notes, finding.Note{Check: Name, Kind: "parse", Path: rel, Line: d.Line,
				Message: fmt.Sprintf("could not parse document %d of this YAML file, so it was not checked (the file's other documents were): %s", d.Index+1, yamlPosRe.ReplaceAllString(d.Err.Error(), ""))})
		}
	} else if err != nil {
		what := "YAML file"
		if kind == "json" {
			what = "CloudFormation template"
		}
		return nil, []finding.Note{parseNote(rel, err, what)}
	}
	var out []input
	for _, d := range docs {
		m, ok := d.Value.(map[string]any)
		if !ok {
			continue
		}
		switch kind {
		case "github":
			out = append(out, input{platform: "github", path: rel, line: d.Line, value: map[string]any{
				"platform": "github", "path": rel, "kind": "workflow", "workflow": m}})
		case "action":
			out = append(out, input{platform: "github", path: rel, line: d.Line, value: map[string]any{
				"platform": "github", "path": rel, "kind": "action", "action": m}})
		default:
			if cfn && cfnTemplate(m) {
				out = append(out, cfnInput(rel, d, m))
			} else if kind == "yaml" {
				out = append(out, resourceInputs(rel, d.Index, m)...)
			}
		}
	}
	return out, notes
}

func resourceInputs(rel string, doc int, m map[string]any) []input {
	api, _ := m["apiVersion"].(string)
	k, _ := m["kind"].(string)
	if api == "" || k == "" {
		return nil
	}
	if k == "List" || strings.HasSuffix(k, "List") && m["items"] != nil {
		items, _ := m["items"].([]any)
		var out []input
		for _, it := range items {
			if im, ok := it.(map[string]any); ok {
				out = append(out, resourceInputs(rel, doc, im)...)
			}
		}
		return out
	}
	platform := "kubernetes"
	if strings.HasPrefix(api, "tekton.dev/") {
		platform = "tekton"
	}
	line, _ := m["__line__"].(int)
	return []input{{platform: platform, path: rel, line: line, value: map[string]any{
		"platform": platform, "path": rel, "document": doc, "resource": m}}}
}

func isHelmTemplate(rel string, data []byte) bool {
	return (strings.HasPrefix(rel, "templates/") || strings.Contains(rel, "/templates/")) && helmRe.Match(data)
}

func (e *Engine) evalInput(ctx context.Context, in input, src *sourceLines) ([]finding.Finding, error) {
	v, err := ast.InterfaceToValue(in.value)
	if err != nil {
		return nil, fmt.Errorf("could not build the rule input: %w", err)
	}
	rs, evalErr := e.Eval(ctx, in.platform, v)
	if evalErr != nil && rs == nil {
		return nil, evalErr
	}
	var out []finding.Finding
	for _, r := range rs {
		p := in.path
		if r.Path != "" {
			if _, ok := src.files[r.Path]; ok {
				p = r.Path
			}
		}
		line := r.Line
		if line <= 0 {
			line = max(in.line, 1)
		}
		if l, ok := in.locs[line]; ok {
			p, line = l.path, max(l.line, 1)
		}
		f := finding.Finding{
			Check: Name, Rule: r.Rule.ID, Severity: r.Rule.Severity, Message: r.Msg,
			Path: p, Line: line, CWE: r.Rule.CWE, Confidence: "high",
		}
		if hv, ok := in.value["helm_values"].(string); ok {
			f.Message += renderedWith + hv + ")"
		}
		f.Snippet = src.line(p, line)
		if r.Rule.Redact {
			f.Snippet = redact(f.Snippet)
		}
		if reason, ok := suppressed(src, p, line, r.Rule.ID); ok {
			f.Status = finding.StatusSuppressed
			f.Reason = reason
		}
		out = append(out, f)
	}
	return out, evalErr
}

// sourceLines maps a file's line numbers to its text. Each file's line starts are
// indexed once, on first use, and shared by the workers: a finding's line is a binary
// search, so 2,500 resources in one file cost one pass over it, not one per finding.
type sourceLines struct {
	files map[string][]byte
	mu    sync.Mutex
	idx   map[string][]int
}

func newSourceLines(files map[string][]byte) *sourceLines {
	return &sourceLines{files: files, idx: map[string][]int{}}
}

// line returns line n (1-based) of the file at p without its newline, "" if none.
func (s *sourceLines) line(p string, n int) string {
	src := s.files[p]
	s.mu.Lock()
	starts, ok := s.idx[p]
	if !ok {
		starts = lineStarts(src)
		s.idx[p] = starts
	}
	s.mu.Unlock()
	return lineOf(src, starts, n)
}

// lineStarts returns the offset of each line of src, in one pass.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns line n (1-based) of src, whose line starts are starts, without
// its newline.
func lineOf(src []byte, starts []int, n int) string {
	if n < 1 || n > len(starts) || len(src) == 0 {
		return ""
	}
	l := src[starts[n-1]:]
	if j := bytes.IndexByte(l, '\n'); j >= 0 {
		l = l[:j]
	}
	return strings.TrimRight(string(l), "\r")
}

var ignoreRe = regexp.MustCompile(`shiftgate:ignore\s+([A-Za-z0-9_.-]+)\s*(.*)$`)

// suppressed reports whether line n or the line above carries
// "shiftgate:ignore RULE-ID reason" for this rule, and the reason given.
func suppressed(src *sourceLines, p string, n int, id string) (string, bool) {
	for _, ln := range []int{n, n - 1} {
		if ln <= 0 {
			continue
		}
		text := src.line(p, ln)
		for _, m := range ignoreRe.FindAllStringSubmatch(text, -1) {
			if strings.EqualFold(m[1], id) {
				reason := strings.TrimSpace(m[2])
				if reason == "" {
					reason = "suppressed in the source without a reason"
				}
				return reason, true
			}
		}
	}
	return "", false
}

// FindingRules describes every enabled rule for SARIF.
func (e *Engine) FindingRules() []finding.Rule {
	var out []finding.Rule
	for _, m := range e.Rules() {
		out = append(out, m.FindingRule())
	}
	return out
}

// FindingRule turns a rule's metadata into SARIF rule metadata.
func (m *RuleMeta) FindingRule() finding.Rule {
	var help strings.Builder
	help.WriteString(m.Remediation)
	if len(m.References) > 0 {
		help.WriteString("\n\nReferences:\n")
		for _, r := range m.References {
			if strings.HasPrefix(r, "http") {
				fmt.Fprintf(&help, "- <%s>\n", r)
			} else {
				fmt.Fprintf(&help, "- %s\n", r)
			}
		}
	}
	r := finding.Rule{ID: m.ID, Name: pascal(m.Title), Title: m.Title, Description: m.Description,
		Help: strings.TrimSpace(help.String()), Severity: m.Severity,
		Tags: slices.Concat([]string{"security", "iac", m.Platform}, m.CWE, m.CIS)}
	if r.Help == "" {
		r.Help = m.Description
	}
	for _, ref := range m.References {
		if strings.HasPrefix(ref, "https://") {
			r.HelpURI = ref
			break
		}
	}
	return r
}

func pascal(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// redact replaces a line that holds a secret by a hash of it: the fingerprint stays
// stable while the line is unchanged, and the value is never kept.
func redact(line string) string {
	sum := sha256.Sum256([]byte(finding.NormalizeLine(line)))
	return "redacted:" + hex.EncodeToString(sum[:16])
}
