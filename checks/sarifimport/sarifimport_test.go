package sarifimport

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

var put = testutil.WriteFile

func copyFixture(t *testing.T, root, name, rel string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	put(t, root, rel, strings.ReplaceAll(string(b), "ROOT_URI", "file://"+root))
}

func run(t testing.TB, root string, imports ...string) (*checks.Result, error) {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := policy.Default()
	p.Checks.SAST.Import = imports
	return New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
}

func repo(t *testing.T) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	put(t, root, "app/views.py", "from django.http import HttpResponse\n\ndef view(request):\n    User.objects.raw(request.GET['q'])\n    open('x')\n")
	put(t, root, "cmd/run.go", strings.Repeat("\n", 11)+"\texec.Command(\"sh\", \"-c\", input)\n")
	outside := t.TempDir()
	put(t, outside, "passwd", "root:x:0:0")
	if err := os.Symlink(outside, filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestImportSemgrepAndCodeQL(t *testing.T) {
	root := repo(t)
	copyFixture(t, root, "semgrep.sarif", "build/semgrep.sarif")
	copyFixture(t, root, "codeql.sarif", "build/codeql/go.sarif")
	res, err := run(t, root, "build/semgrep.sarif", "build/codeql/*.sarif")
	if err != nil {
		t.Fatal(err)
	}
	byMsg := map[string]finding.Finding{}
	for _, f := range res.Findings {
		byMsg[f.Message] = f
	}
	if len(res.Findings) != 3 {
		t.Fatalf("got %d findings, want 3: %+v", len(res.Findings), res.Findings)
	}
	sqli := byMsg["Data from request is passed to raw()."]
	if sqli.Rule != "python.django.security.injection.sql.sql-injection-using-raw" || sqli.Path != "app/views.py" || sqli.Line != 3 || sqli.Column != 5 ||
		sqli.Severity != finding.Critical || sqli.Score != 9.1 || sqli.Tool != "Semgrep OSS" || sqli.Snippet != "def view(request):" {
		t.Errorf("semgrep SQL injection = %+v", sqli)
	}
	if len(sqli.CWE) != 1 || !strings.HasPrefix(sqli.CWE[0], "CWE-89") {
		t.Errorf("CWE = %v", sqli.CWE)
	}
	if open := byMsg["file object opened without close"]; open.Severity != finding.Low || open.Line != 5 {
		t.Errorf("note-level rule = %+v", open)
	}
	cmd := byMsg["This command depends on a [user-provided value](1)."]
	if cmd.Rule != "go/command-injection" || cmd.Path != "cmd/run.go" || cmd.Line != 12 || cmd.Severity != finding.Critical || len(cmd.CWE) != 1 || cmd.CWE[0] != "CWE-78" {
		t.Errorf("CodeQL command injection = %+v", cmd)
	}
	var rejected []string
	for _, n := range res.Notes {
		if n.Kind == "rejected" {
			rejected = append(rejected, n.Message)
		}
	}
	if len(rejected) != 3 || !strings.Contains(strings.Join(rejected, "\n"), `"../../etc/passwd" leaves the repository root`) ||
		!strings.Contains(strings.Join(rejected, "\n"), `"file:///etc/passwd" leaves the repository root`) ||
		!strings.Contains(strings.Join(rejected, "\n"), `"escape/passwd" leaves the repository root`) {
		t.Errorf("rejected notes = %q", rejected)
	}
	if len(res.Rules) != 3 {
		t.Errorf("rules = %+v", res.Rules)
	}
	for _, r := range res.Rules {
		if r.Title == "" || r.Description == "" || r.Help == "" {
			t.Errorf("rule %s lacks text for SARIF: %+v", r.ID, r)
		}
	}
}

func TestImportRealConverterOutput(t *testing.T) {
	root := repo(t)
	copyFixture(t, root, "pylint.sarif", "pylint.sarif")
	copyFixture(t, root, "semmle.sarif", "semmle.sarif")
	res, err := run(t, root, "*.sarif")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 72 {
		t.Fatalf("pylint: %d findings, want 72", len(res.Findings))
	}
	f := res.Findings[0]
	if f.Rule != "C0301(line-too-long)" || f.Path != "test.py" || f.Line != 18 || f.Severity != finding.Medium || f.Tool != "Pylint" {
		t.Errorf("first pylint finding = %+v", f)
	}
	var noRule bool
	for _, n := range res.Notes {
		if strings.Contains(n.Message, "semmle.sarif: runs[0].results[0]: result has no ruleId") {
			noRule = true
		}
	}
	if !noRule {
		t.Errorf("the Semmle result without a rule id was not noted: %+v", res.Notes)
	}
}

func TestMalformedSARIFIsAClearError(t *testing.T) {
	cases := map[string]string{
		"truncated":   "{\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\"tool\": {\"driver\": {\"name\": \"x\"}}\n",
		"bad token":   "{\n  \"version\": \"2.1.0\",\n  \"runs\": [}\n",
		"old version": `{"version": "1.0.0", "runs": []}`,
		"no runs":     `{"version": "2.1.0"}`,
		"not object":  `[1, 2]`,
		"no driver":   `{"version": "2.1.0", "runs": [{"tool": {}}]}`,
		"wrong types": `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": 7}}}]}`,
	}
	want := map[string]string{
		"truncated":   "bad.sarif:5:1: malformed SARIF JSON",
		"bad token":   "bad.sarif:3:12: malformed SARIF JSON", // the column of the "}"
		"old version": `SARIF version "1.0.0" is not supported`,
		"no runs":     `no "runs" array`,
		"not object":  "bad.sarif:1:1: a SARIF log is a JSON object",
		"no driver":   "runs[0] has no tool.driver",
		"wrong types": "bad.sarif: not a SARIF log",
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			root := repo(t)
			put(t, root, "bad.sarif", content)
			_, err := run(t, root, "bad.sarif")
			if err == nil || !strings.Contains(err.Error(), want[name]) {
				t.Fatalf("error = %v, want it to contain %q", err, want[name])
			}
		})
	}
}

func TestNoMatchingFileIsANoteNotAnError(t *testing.T) {
	res, err := run(t, repo(t), "missing/*.sarif")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "no file matched") {
		t.Fatalf("notes = %+v", res.Notes)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"semgrep.sarif", "codeql.sarif", "semmle.sarif"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleIndex":99,"locations":[{"physicalLocation":{"artifactLocation":{"index":5}}}]}]}]}`))
	root := f.TempDir()
	os.WriteFile(filepath.Join(root, "a.go"), []byte("package a\n"), 0o644)
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, _, _, err := Parse(ws, "fuzz.sarif", data)
		if err != nil {
			return
		}
		for _, x := range fs {
			if strings.HasPrefix(x.Path, "/") || strings.HasPrefix(x.Path, "../") || x.Path == ".." {
				t.Fatalf("a finding escaped the root: %q", x.Path)
			}
		}
	})
}
