package iac

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

func runCheck(t *testing.T, root string, edit func(p *policy.Policy)) *checks.Result {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := policy.Default()
	if edit != nil {
		edit(p)
	}
	res, err := New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func has(fs []finding.Finding, rule, path string, line int) *finding.Finding {
	for i := range fs {
		if fs[i].Rule == rule && fs[i].Path == path && fs[i].Line == line {
			return &fs[i]
		}
	}
	return nil
}

func dump(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s:%d %s %s %s\n", f.Path, f.Line, f.Rule, f.Severity, f.Message)
	}
	return b.String()
}

// TestVulnerableRepo is the "must show": each problem found at its line.
func TestVulnerableRepo(t *testing.T) {
	res := runCheck(t, "../../testdata/repos/iac-vulnerable", nil)
	want := []struct {
		rule, path string
		line       int
		snippet    string
	}{
		{"K8S-001", "k8s/deployment.yaml", 20, "privileged: true"},
		{"DKR-006", "Dockerfile", 3, "curl -fsSL https://get.example.com/install.sh | sh"},
		{"DKR-004", "Dockerfile", 4, "USER root"},
		{"TF-001", "infra/main.tf", 7, `acl    = "public-read"`},
		{"GHA-001", ".github/workflows/triage.yml", 11, "ref: ${{ github.event.pull_request.head.sha }}"},
		{"GHA-002", ".github/workflows/triage.yml", 14, "echo \"Thanks for ${{ github.event.pull_request.title }}\""},
	}
	for _, w := range want {
		f := has(res.Findings, w.rule, w.path, w.line)
		if f == nil {
			t.Errorf("no %s at %s:%d; findings:\n%s", w.rule, w.path, w.line, dump(res.Findings))
			continue
		}
		if !strings.Contains(f.Snippet, w.snippet) {
			t.Errorf("%s snippet = %q, want the flagged line containing %q", w.rule, f.Snippet, w.snippet)
		}
		if f.Check != Name || f.Message == "" || len(f.CWE) == 0 {
			t.Errorf("%s: incomplete finding %+v", w.rule, f)
		}
	}
	if f := has(res.Findings, "K8S-001", "k8s/deployment.yaml", 20); f != nil && (f.Severity != finding.Critical || !strings.Contains(f.Message, `container "api" in Deployment "payments"`)) {
		t.Errorf("K8S-001 finding = %+v", f)
	}
	ruleIDs := map[string]bool{}
	for _, r := range res.Rules {
		ruleIDs[r.ID] = true
		if r.Help == "" || r.Description == "" || r.Title == "" {
			t.Errorf("rule %s lacks SARIF text: %+v", r.ID, r)
		}
	}
	for _, f := range res.Findings {
		if !ruleIDs[f.Rule] {
			t.Errorf("finding rule %s is not described in Rules", f.Rule)
		}
	}
}

// TestCleanRepo: the clean twin of the vulnerable repository trips no rule at all.
func TestCleanRepo(t *testing.T) {
	res := runCheck(t, "../../testdata/repos/iac-clean", nil)
	if len(res.Findings) > 0 {
		t.Errorf("clean repository has findings:\n%s", dump(res.Findings))
	}
	if len(res.Notes) > 0 {
		t.Errorf("clean repository has notes: %+v", res.Notes)
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const privileged = `apiVersion: v1
kind: Pod
metadata:
  name: tool
  namespace: ops
spec:
  containers:
    - name: tool
      image: busybox:1.36
      securityContext:
        privileged: true
`

func TestInlineSuppression(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"same.yaml":  strings.Replace(privileged, "privileged: true", "privileged: true # shiftgate:ignore K8S-001 the node agent needs raw devices", 1),
		"above.yaml": strings.Replace(privileged, "        privileged: true", "        # shiftgate:ignore K8S-001 debugging pod, deleted after use\n        privileged: true", 1),
		"other.yaml": strings.Replace(privileged, "privileged: true", "privileged: true # shiftgate:ignore K8S-004 wrong rule", 1),
	})
	res := runCheck(t, dir, nil)
	cases := map[string]struct {
		line   int
		status finding.Status
		reason string
	}{
		"same.yaml":  {11, finding.StatusSuppressed, "the node agent needs raw devices"},
		"above.yaml": {12, finding.StatusSuppressed, "debugging pod, deleted after use"},
		"other.yaml": {11, "", ""},
	}
	for path, c := range cases {
		f := has(res.Findings, "K8S-001", path, c.line)
		if f == nil {
			t.Errorf("%s: no K8S-001 at line %d:\n%s", path, c.line, dump(res.Findings))
			continue
		}
		if f.Status != c.status || f.Reason != c.reason {
			t.Errorf("%s: status %q reason %q, want %q %q", path, f.Status, f.Reason, c.status, c.reason)
		}
	}
}

func TestExcludeDisablesRule(t *testing.T) {
	dir := writeTree(t, map[string]string{"pod.yaml": privileged})
	res := runCheck(t, dir, func(p *policy.Policy) { p.Checks.IaC.Exclude = []string{"k8s-001"} })
	for _, f := range res.Findings {
		if f.Rule == "K8S-001" {
			t.Fatalf("excluded rule reported: %+v", f)
		}
	}
	for _, r := range res.Rules {
		if r.ID == "K8S-001" {
			t.Fatal("excluded rule still listed in Rules")
		}
	}
	if has(res.Findings, "K8S-004", "pod.yaml", 0) != nil {
		t.Fatal("unreachable")
	}
	if len(res.Findings) == 0 {
		t.Fatal("excluding one rule switched off the others")
	}
}

const userRule = `package shiftgate.rules.kubernetes.ACME_001

import data.shiftgate.lib

metadata := {
	"id": "ACME-001",
	"title": "Images come from the company registry",
	"severity": "high",
	"description": "Only images from registry.acme.example are scanned and signed.",
	"remediation": "Push the image to registry.acme.example.",
	"references": ["https://wiki.acme.example/registry"],
	"cwe": ["CWE-829"],
}

deny contains {"msg": sprintf("container %q uses %s from outside the company registry", [c.name, c.image]), "line": lib.line_of(c, "image")} if {
	some c in data.shiftgate.lib.k8s.containers
	not startswith(c.image, "registry.acme.example/")
}
`

func TestUserRules(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pod.yaml":                privileged,
		"policy/rego/images.rego": userRule,
	})
	res := runCheck(t, dir, func(p *policy.Policy) { p.Checks.IaC.Rules = []string{"policy/rego"} })
	f := has(res.Findings, "ACME-001", "pod.yaml", 9)
	if f == nil {
		t.Fatalf("user rule did not fire at pod.yaml:9:\n%s", dump(res.Findings))
	}
	if f.Severity != finding.High || !strings.Contains(f.Message, `container "tool" uses busybox:1.36`) || f.Snippet != "      image: busybox:1.36" {
		t.Errorf("user finding = %+v", f)
	}
	found := false
	for _, r := range res.Rules {
		found = found || r.ID == "ACME-001" && r.HelpURI == "https://wiki.acme.example/registry"
	}
	if !found {
		t.Error("user rule metadata missing from Rules")
	}
}

func TestUserRuleErrors(t *testing.T) {
	cases := map[string]struct {
		files map[string]string
		dirs  []string
		want  string
	}{
		"missing folder":        {map[string]string{"a.yaml": "x: 1\n"}, []string{"policy/rego"}, "does not exist in the repository"},
		"empty folder":          {map[string]string{"policy/rego/README.md": "rules go here\n"}, []string{"policy/rego"}, "no .rego file"},
		"outside root":          {map[string]string{"a.yaml": "x: 1\n"}, []string{"../elsewhere"}, "leaves the repository root"},
		"syntax error":          {map[string]string{"r/bad.rego": "package shiftgate.rules.kubernetes.X\ndeny contains x if {\n"}, []string{"r"}, "r/bad.rego"},
		"no metadata id":        {map[string]string{"r/m.rego": "package shiftgate.rules.kubernetes.X\nmetadata := {\"title\": \"t\", \"severity\": \"high\"}\n"}, []string{"r"}, "needs a non-empty \"id\""},
		"nested package":        {map[string]string{"r/m.rego": "package shiftgate.rules.kubernetes.acme.x\nmetadata := {\"id\": \"X-1\", \"title\": \"t\", \"severity\": \"high\"}\n"}, []string{"r"}, "shiftgate.rules.<platform>.<NAME>"},
		"deny without metadata": {map[string]string{"r/m.rego": "package shiftgate.rules.kubernetes.X\ndeny contains \"x\" if input.resource\n"}, []string{"r"}, "has no metadata"},
		"bad platform":          {map[string]string{"r/m.rego": "package shiftgate.rules.helm.X\nmetadata := {\"id\": \"X-1\", \"title\": \"t\", \"severity\": \"high\"}\n"}, []string{"r"}, "unknown platform \"helm\""},
		"duplicate id":          {map[string]string{"r/m.rego": "package shiftgate.rules.kubernetes.X\nmetadata := {\"id\": \"K8S-001\", \"title\": \"t\", \"severity\": \"high\"}\n"}, []string{"r"}, "defined twice"},
		"network builtin":       {map[string]string{"r/n.rego": "package shiftgate.rules.kubernetes.X\nmetadata := {\"id\": \"X-1\", \"title\": \"t\", \"severity\": \"high\"}\ndeny contains \"x\" if http.send({\"method\": \"get\", \"url\": \"http://x\"})\n"}, []string{"r"}, "http.send"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := writeTree(t, c.files)
			ws, err := workspace.Open(dir, workspace.Options{})
			if err != nil {
				t.Fatal(err)
			}
			p := policy.Default()
			p.Checks.IaC.Rules = c.dirs
			_, err = New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestSecretLinesAreRedacted(t *testing.T) {
	dir := writeTree(t, map[string]string{"pod.yaml": strings.Replace(privileged, "      securityContext:\n", "      env:\n        - name: DB_PASSWORD\n          value: hunter2hunter2\n      securityContext:\n", 1)})
	res := runCheck(t, dir, nil)
	f := has(res.Findings, "K8S-023", "pod.yaml", 12)
	if f == nil {
		t.Fatalf("no K8S-023 at pod.yaml:12:\n%s", dump(res.Findings))
	}
	if strings.Contains(f.Snippet, "hunter2") || !strings.HasPrefix(f.Snippet, "redacted:") || strings.Contains(f.Message, "hunter2") {
		t.Fatalf("secret kept: snippet %q message %q", f.Snippet, f.Message)
	}
}

func TestLineOfIndexesLines(t *testing.T) {
	src := newSourceLines(map[string][]byte{"a": []byte("one\r\n\nthree\nfour"), "b": []byte("x\n")})
	for _, tc := range []struct {
		p    string
		n    int
		want string
	}{{"a", 1, "one"}, {"a", 2, ""}, {"a", 3, "three"}, {"a", 4, "four"}, {"a", 5, ""}, {"a", 0, ""}, {"b", 1, "x"}, {"b", 2, ""}, {"none", 1, ""}} {
		if got := src.line(tc.p, tc.n); got != tc.want {
			t.Errorf("line(%q, %d) = %q, want %q", tc.p, tc.n, got, tc.want)
		}
	}
}

// Issue 12, attack 7: a custom rule that fails at evaluation (here a conflict between
// two values of one complete rule) fails only itself; the built-in rules still judge
// the file, and the failure is a note that names the custom rule.
func TestFailingUserRuleDoesNotBlindTheBuiltins(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pod.yaml": privileged,
		"policy/rego/evil.rego": `package shiftgate.rules.kubernetes.EVIL

metadata := {"id": "EVIL-001", "title": "conflict", "severity": "low"}

x = 1 if input.resource
x = 2 if input.resource

deny contains "never" if x == 3
`,
	})
	res := runCheck(t, dir, func(p *policy.Policy) { p.Checks.IaC.Rules = []string{"policy/rego"} })
	builtin := false
	for _, f := range res.Findings {
		builtin = builtin || f.Rule == "K8S-001" && f.Path == "pod.yaml"
	}
	if !builtin {
		t.Fatalf("a failing custom rule blinded the built-in rules:\n%s", dump(res.Findings))
	}
	noted := false
	for _, n := range res.Notes {
		noted = noted || n.Kind == "rule-error" && strings.Contains(n.Message, "EVIL-001")
	}
	if !noted {
		t.Errorf("no rule-error note names EVIL-001: %+v", res.Notes)
	}
}
