package sast_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/sast"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// fixture returns the path of a fixture repository under the module's testdata.
func fixture(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "testdata", "repos", name)
	if _, err := os.Stat(filepath.Join(p, "go.mod")); err != nil {
		t.Fatalf("fixture %s is missing: %v", name, err)
	}
	return p
}

func run(t *testing.T, root string, conf policy.SAST) (*checks.Result, error) {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	conf.Enabled = true
	p := &policy.Policy{}
	p.Checks.SAST = conf
	return sast.New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
}

func TestVulnerableFixtureFindsEveryBugAtItsLine(t *testing.T) {
	root := fixture(t, "go-vulnerable")
	res, err := run(t, root, policy.SAST{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	src := filepath.Join(root, "store.go")
	// Severities follow the CWE model of docs/severity.md; a context keeps a use
	// the model judges benign from blocking by default.
	want := []struct {
		rule, text string
		sev        finding.Severity
		cwe        string
		context    string
	}{
		{"G201", `fmt.Sprintf("SELECT * FROM users`, finding.High, "CWE-89", ""},
		{"G204", `exec.Command("sh", "-c", arg)`, finding.Critical, "CWE-78", finding.ContextBenign},
		{"G402", `InsecureSkipVerify: true`, finding.High, "CWE-295", ""},
		{"G401", `md5.Sum(b)`, finding.High, "CWE-328", finding.ContextBenign},
		{"G501", `"crypto/md5"`, finding.High, "CWE-327", finding.ContextBenign},
		{"G306", `os.WriteFile(path, b, 0o777)`, finding.Medium, "CWE-276", ""},
	}
	for _, w := range want {
		line := testutil.LineOf(t, src, w.text)
		var got *finding.Finding
		for i := range res.Findings {
			f := &res.Findings[i]
			if f.Rule == w.rule && f.Path == "store.go" && f.Line == line {
				got = f
			}
		}
		if got == nil {
			t.Errorf("%s not found at store.go:%d (%s); findings: %s", w.rule, line, w.text, summary(res.Findings))
			continue
		}
		if got.Context != w.context {
			t.Errorf("%s: context %q (%s), want %q", w.rule, got.Context, got.ContextReason, w.context)
		}
		if got.Severity != w.sev || got.Tool != "gosec" || got.Check != "sast" || got.Column == 0 || got.Confidence == "" {
			t.Errorf("%s: severity %s tool %q check %q column %d confidence %q", w.rule, got.Severity, got.Tool, got.Check, got.Column, got.Confidence)
		}
		if len(got.CWE) != 1 || got.CWE[0] != w.cwe {
			t.Errorf("%s: CWE %v, want %s", w.rule, got.CWE, w.cwe)
		}
		if !strings.Contains(got.Snippet, w.text) {
			t.Errorf("%s: snippet %q is not the flagged line", w.rule, got.Snippet)
		}
		if got.Status == finding.StatusSuppressed {
			t.Errorf("%s: unexpectedly suppressed", w.rule)
		}
	}
	rules := map[string]finding.Rule{}
	for _, r := range res.Rules {
		rules[r.ID] = r
	}
	for _, w := range want {
		r, ok := rules[w.rule]
		if !ok {
			t.Errorf("rule %s has no metadata", w.rule)
			continue
		}
		if r.Title == "" || r.Description == "" || r.Help == "" || !strings.HasPrefix(r.HelpURI, "https://") || !slices.Contains(r.Tags, w.cwe) {
			t.Errorf("rule %s metadata incomplete: %+v", w.rule, r)
		}
	}
	if !strings.Contains(rules["G201"].Help, "parameterised") {
		t.Errorf("G201 help has no remediation: %q", rules["G201"].Help)
	}
}

func TestNosecIsReportedAsSuppressedWithItsJustification(t *testing.T) {
	root := fixture(t, "go-vulnerable")
	res, err := run(t, root, policy.SAST{})
	if err != nil {
		t.Fatal(err)
	}
	line := testutil.LineOf(t, filepath.Join(root, "store.go"), "#nosec G204")
	for _, f := range res.Findings {
		if f.Rule == "G204" && f.Line == line {
			if f.Status != finding.StatusSuppressed || !strings.Contains(f.Reason, "script comes from the signed build config") {
				t.Fatalf("nosec finding: status %q reason %q", f.Status, f.Reason)
			}
			return
		}
	}
	t.Fatalf("the #nosec-suppressed G204 at store.go:%d is not reported; findings: %s", line, summary(res.Findings))
}

func TestCleanTwinHasNoHighFinding(t *testing.T) {
	res, err := run(t, fixture(t, "go-clean"), policy.SAST{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity >= finding.High {
			t.Errorf("clean twin: %s at %s:%d (%s) %s", f.Rule, f.Path, f.Line, f.Severity, f.Message)
		}
	}
}

func TestPolicyExcludeSeverityAndConfidence(t *testing.T) {
	root := fixture(t, "go-vulnerable")
	res, err := run(t, root, policy.SAST{
		Exclude:    []string{"G501"},
		Severity:   map[string]string{"G401": "critical"},
		Confidence: "high",
	})
	if err != nil {
		t.Fatal(err)
	}
	var sawG401 bool
	for _, f := range res.Findings {
		switch {
		case f.Rule == "G501":
			t.Errorf("excluded rule G501 reported at line %d", f.Line)
		case f.Rule == "G401":
			sawG401 = true
			if f.Severity != finding.Critical {
				t.Errorf("G401 severity %s, want the override critical", f.Severity)
			}
		}
		if f.Confidence != "high" {
			t.Errorf("%s with confidence %q passed the high floor", f.Rule, f.Confidence)
		}
	}
	if !sawG401 {
		t.Errorf("G401 missing: %s", summary(res.Findings))
	}
	if _, err := run(t, root, policy.SAST{Severity: map[string]string{"G401": "urgent"}}); err == nil || !strings.Contains(err.Error(), "checks.sast.severity.G401") {
		t.Errorf("bad severity override: err = %v", err)
	}
}

func summary(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Rule + "@" + f.Path + ":" + strconv.Itoa(f.Line) + " ")
	}
	return b.String()
}

// writeModule writes files into a fresh temporary repository.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func runWith(t *testing.T, root string, env []string) (*checks.Result, error) {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &policy.Policy{}
	p.Checks.SAST.Enabled = true
	return (&sast.Check{Env: env}).Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
}

const weakTLS = `package a

import "crypto/tls"

// C is insecure.
var C = &tls.Config{InsecureSkipVerify: true}
`

func TestNewerGoLineIsAnalysedLocallyWithANote(t *testing.T) {
	gomod := "module example.com/a\n\ngo 1.99\n\ntoolchain go1.99.1\n"
	root := writeModule(t, map[string]string{"go.mod": gomod, "a.go": weakTLS})
	res, err := runWith(t, root, append(os.Environ(), "GOPROXY=off"))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var notes int
	for _, n := range res.Notes {
		if n.Kind == "toolchain" && n.Path == "go.mod" && n.Line > 0 {
			notes++
		}
	}
	if notes != 2 {
		t.Errorf("want a toolchain note for the go line and one for the toolchain line, got %+v", res.Notes)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "G402" || res.Findings[0].Line != 6 {
		t.Errorf("findings = %s, want G402 at a.go:6", summary(res.Findings))
	}
	if b, _ := os.ReadFile(filepath.Join(root, "go.mod")); string(b) != gomod {
		t.Errorf("the repository's go.mod was modified:\n%s", b)
	}
	if _, err := os.Stat(filepath.Join(root, "go.sum")); err == nil {
		t.Error("a go.sum was written into the repository")
	}
}

// A package that does not load loses gosec's analysis: the check is an error naming
// the package (the policy's on_error decides), and the packages that load are analysed.
func TestMissingDependencyIsACheckErrorAndTheRestIsAnalysed(t *testing.T) {
	root := writeModule(t, map[string]string{
		"go.mod": "module example.com/a\n\ngo 1.22\n\nrequire example.invalid/nowhere v1.0.0\n",
		"a.go":   weakTLS,
		"b/b.go": "package b\n\nimport \"example.invalid/nowhere\"\n\n// X uses the missing module.\nvar X = nowhere.Y\n",
	})
	res, err := runWith(t, root, append(os.Environ(), "GOPROXY=off", "GOFLAGS="))
	if err == nil || !strings.Contains(err.Error(), "go.mod (package example.com/a/b: ") {
		t.Fatalf("err = %v, want a check error naming package example.com/a/b", err)
	}
	var load bool
	for _, n := range res.Notes {
		if n.Kind == "load" && strings.Contains(n.Message, "nowhere") {
			load = true
		}
	}
	if !load {
		t.Errorf("no load note names the missing module: %+v", res.Notes)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "G402" {
		t.Errorf("findings = %s, want the G402 of the package that loads", summary(res.Findings))
	}
}

func TestUnloadableModuleFailsTheCheck(t *testing.T) {
	root := writeModule(t, map[string]string{
		"go.mod":     "module example.com/a\n\ngo 1.22\n",
		"a.go":       weakTLS,
		"sub/go.mod": "module example.com/sub\n\ngo 1.22\nrequire (\n",
		"sub/s.go":   "package sub\n",
		"go.work":    "go 1.22\n\nuse (\n\t.\n\t./sub\n)\n",
	})
	res, err := runWith(t, root, append(os.Environ(), "GOPROXY=off"))
	if err == nil || !strings.Contains(err.Error(), "sub/go.mod") {
		t.Fatalf("err = %v, want an error naming sub/go.mod", err)
	}
	if res == nil || len(res.Findings) != 1 {
		t.Fatalf("the module that loads was not reported: %+v", res)
	}
	var work bool
	for _, n := range res.Notes {
		work = work || n.Path == "go.work"
	}
	if !work {
		t.Errorf("no note about go.work: %+v", res.Notes)
	}
}

func TestGeneratedFilesAreSkipped(t *testing.T) {
	root := writeModule(t, map[string]string{
		"go.mod": "module example.com/a\n\ngo 1.22\n",
		"a.go":   weakTLS,
		"z.go":   "// Code generated by protoc-gen-x. DO NOT EDIT.\n\n" + strings.Replace(weakTLS, "var C", "var Z", 1),
	})
	res, err := runWith(t, root, append(os.Environ(), "GOPROXY=off"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Path != "a.go" {
		t.Errorf("findings = %s, want only a.go's G402 (z.go is generated)", summary(res.Findings))
	}
}

// The Tekton step once ran with an unwritable module cache: go list could not even
// start, and the check said the module had no Go package instead of why.
func TestUncreatableModuleCacheSaysSo(t *testing.T) {
	root := writeModule(t, map[string]string{
		"go.mod": "module example.com/a\n\ngo 1.22\n\nrequire golang.org/x/mod v0.20.0\n",
		"a.go":   weakTLS,
		"b/b.go": "package b\n\nimport _ \"golang.org/x/mod/semver\"\n",
	})
	// A path under a regular file cannot be created, not even by root.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOPROXY=off", "GOMODCACHE="+filepath.Join(blocker, "mod"))
	res, err := runWith(t, root, env)
	if err == nil {
		t.Fatalf("no error with an uncreatable module cache: %+v", res)
	}
	t.Logf("err = %v", err)
	if !strings.Contains(err.Error(), "module cache") || strings.Contains(err.Error(), "no Go package") {
		t.Errorf("err = %v, want it to say the module cache could not be created", err)
	}
}

// A go.mod replacing a module with a folder outside the repository made gosec's load
// read (list, parse, compile for export data) the runner's files there. The module is
// not analysed; the check fails naming the go.mod line, and the other modules are.
func TestReplaceOutsideTheRepositoryIsNotLoaded(t *testing.T) {
	outside := writeModule(t, map[string]string{
		"go.mod":    "module example.com/helper\n\ngo 1.22\n",
		"helper.go": "// Package helper is a runner folder outside the repository.\npackage helper\n\n// V is a value.\nconst V = 1\n",
	})
	root := writeModule(t, map[string]string{
		"go.mod":     "module example.com/a\n\ngo 1.22\n\nrequire example.com/helper v0.0.0\n\nreplace example.com/helper => " + outside + "\n",
		"a.go":       "package a\n\nimport \"example.com/helper\"\n\n// W is the helper's value.\nconst W = helper.V\n",
		"sub/go.mod": "module example.com/sub\n\ngo 1.22\n",
		"sub/s.go":   weakTLS,
	})
	res, err := runWith(t, root, append(os.Environ(), "GOPROXY=off"))
	want := "go.mod:7 replaces example.com/helper with the folder " + outside + ", outside the repository"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if strings.Contains(err.Error(), "go mod download") {
		t.Errorf("the error gives the missing-modules hint, which does not fit a refused replace: %v", err)
	}
	if res == nil || len(res.Findings) != 1 || res.Findings[0].Path != "sub/s.go" {
		t.Fatalf("the other module was not analysed: %+v", res)
	}
	var noted bool
	for _, n := range res.Notes {
		noted = noted || n.Path == "go.mod" && strings.Contains(n.Message, want)
	}
	if !noted {
		t.Errorf("no note on go.mod: %+v", res.Notes)
	}
}
