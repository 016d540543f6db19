package reports

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/reports/junit"
	"github.com/shiftgate/shiftgate/reports/sarif"
	"github.com/shiftgate/shiftgate/reports/text"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func boolp(b bool) *bool { return &b }

// sample is a result with one finding of every status and a failed check.
func sample() *result.Result {
	fs := []finding.Finding{
		{Check: "sast", Tool: "gosec", Rule: "G201", Severity: finding.High, Confidence: "high", Message: "SQL string formatting", Path: "db/query.go", Line: 14, Column: 9, CWE: []string{"CWE-89"}, Fingerprint: "0f3c9a0e6b1d2c3e4f5a6b7c8d9e0f1a", Status: finding.StatusBlocking, Reason: "high is at or above the fail severity (high)", JudgedBy: "org"},
		{Check: "sast", Tool: "gosec", Rule: "G104", Severity: finding.Low, Message: "Errors unhandled | ignored", Path: "main.go", Line: 3, Fingerprint: "1a2b3c4d5e6f708192a3b4c5d6e7f809", Status: finding.StatusAllowed, Reason: "low is below the fail severity (high)", JudgedBy: "org"},
		{Check: "sast", Tool: "gosec", Rule: "G402", Severity: finding.High, Message: "TLS InsecureSkipVerify set true.", Path: "net/client.go", Line: 22, Column: 3, Fingerprint: "2b3c4d5e6f708192a3b4c5d6e7f8091a", Status: finding.StatusSuppressed, Reason: "#nosec G402 -- test server only", JudgedBy: "repo"},
		{Check: "deps", Rule: "GHSA-69ch-w2m2-3vjp", Aliases: []string{"CVE-2022-32149", "GO-2022-1059"}, Severity: finding.High, Score: 7.5, Message: "golang.org/x/text@v0.3.7: Denial of service via crafted Accept-Language header", Path: "go.mod", Line: 5, Fingerprint: "3c4d5e6f708192a3b4c5d6e7f8091a2b", Package: &finding.Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "v0.3.7", Fixed: []string{"v0.3.8"}, PURL: "pkg:golang/golang.org/x/text@v0.3.7"}, Reachable: boolp(true), Status: finding.StatusExcepted, Reason: "exception: parser input is trusted (owner @core, until 2027-01-31)", JudgedBy: "repo"},
		{Check: "secrets", Rule: "aws-access-token", Severity: finding.Critical, Message: "AWS access key AKIA…(redacted)", Path: "config/app dev.env", Line: 2, Fingerprint: "4d5e6f708192a3b4c5d6e7f8091a2b3c", Status: finding.StatusBlocking, Reason: "critical is at or above the fail severity (high)", JudgedBy: "default"},
	}
	return &result.Result{
		Tool: result.Tool{Name: "shiftgate", Version: "v1.0.0"}, Policy: ".shiftgate.yaml", Mode: "enforce",
		OrgPolicy: &result.OrgPolicy{Ref: "ghcr.io/acme/shiftgate-policy:v3", From: "extends", Digest: "sha256:9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f"}, FailSeverity: finding.High,
		Verdict: result.Fail, Reason: "2 blocking finding(s) at or above high severity",
		Checks: []result.Check{
			{Name: "deps", Status: result.StatusOK, Findings: 1, Rules: []finding.Rule{{ID: "GHSA-69ch-w2m2-3vjp", Title: "Denial of service via crafted Accept-Language header", Description: "An attacker may cause a denial of service by crafting an Accept-Language header which ParseAcceptLanguage will take significant time to parse.", Help: "Upgrade golang.org/x/text to v0.3.8 or later.", HelpURI: "https://osv.dev/vulnerability/GHSA-69ch-w2m2-3vjp", Severity: finding.High}}},
			{Name: "iac", Status: result.StatusError, Error: "iac: could not compile rules/custom.rego:3: rego_parse_error"},
			{Name: "sarif", Status: result.StatusSkipped},
			{Name: "sast", Status: result.StatusOK, Findings: 3, Blocking: 1, Rules: []finding.Rule{
				{ID: "G201", Title: "SQL query construction using format string", Description: "SQL built with fmt.Sprintf from variables is open to SQL injection.", Help: "Use parameterized queries: `db.Query(\"... WHERE id = ?\", id)`.", HelpURI: "https://securego.io/docs/rules/g201-g202", Severity: finding.High, Tags: []string{"CWE-89"}},
				{ID: "G104", Title: "Audit errors not checked", Description: "Errors returned by a call are ignored.", Help: "Handle the error.", Severity: finding.Low},
			}},
			{Name: "secrets", Status: result.StatusOK, Findings: 1, Blocking: 1},
		},
		Findings: fs,
		Source:   &result.Source{RepositoryURI: "https://github.com/acme/app", Revision: "0123456789abcdef0123456789abcdef01234567", Branch: "main"},
		Notes: []finding.Note{
			{Kind: "skipped", Path: "assets/big.bin", Message: "file is 9000000 bytes, over the 5242880-byte limit (paths.max_file_size): not scanned"},
			{Check: "sast", Kind: "toolchain", Path: "go.mod", Message: "go.mod asks for go1.99; analysed with the local go1.26.8"},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test ./reports -update after checking the change):\n%s", name, path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestGoldenReports(t *testing.T) {
	for _, w := range Table() {
		t.Run(w.File, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := w.Write(&a, sample()); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(&b, sample()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renderings of the same result differ")
			}
			golden(t, w.File, a.Bytes())
		})
	}
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := text.Write(&buf, sample(), text.Options{Color: color}); err != nil {
			t.Fatal(err)
		}
		name := "terminal.txt"
		if color {
			name = "terminal-color.txt"
		}
		golden(t, name, buf.Bytes())
	}
}

func TestTerminalHasNoEscapesWithoutColor(t *testing.T) {
	var buf bytes.Buffer
	text.Write(&buf, sample(), text.Options{})
	if strings.Contains(buf.String(), "\x1b[") {
		t.Fatal("escape codes without colour")
	}
	out := buf.String()
	if !strings.Contains(out, "CRITICAL secrets aws-access-token config/app dev.env:2") || !strings.HasSuffix(out, "FAIL: 2 blocking finding(s) at or above high severity.\n") {
		t.Fatalf("terminal output:\n%s", out)
	}
	if strings.Index(out, "aws-access-token") > strings.Index(out, "G201") {
		t.Fatal("blocking findings are not listed most severe first")
	}
}

func TestSARIFValidatesAndCarriesWhatGitHubReads(t *testing.T) {
	var buf bytes.Buffer
	if err := sarif.Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	testutil.ValidateSARIF(t, buf.Bytes())
	var log sarif.Log
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	var cats []string
	for _, r := range log.Runs {
		cats = append(cats, r.AutomationDetails.ID)
	}
	if strings.Join(cats, " ") != "shiftgate/deps/ shiftgate/iac/ shiftgate/sast/ shiftgate/secrets/" {
		t.Fatalf("one run per check that ran, each its own category: %v", cats)
	}
	iac := log.Runs[1]
	if iac.Invocations[0].ExecutionSuccessful || !strings.Contains(iac.Invocations[0].ToolExecutionNotifications[0].Message.Text, "rego_parse_error") {
		t.Fatalf("the failed check's run does not say so: %+v", iac.Invocations)
	}
	sast := log.Runs[2]
	r := sast.Results[0]
	rule := sast.Tool.Driver.Rules[r.RuleIndex]
	if r.RuleID != "G201" || rule.ID != "G201" || rule.Properties.SecuritySeverity != "8.0" || rule.FullDescription.Text == "" || rule.Help.Text == "" ||
		r.PartialFingerprints[sarif.FingerprintKey] != "0f3c9a0e6b1d2c3e4f5a6b7c8d9e0f1a" || r.Level != "error" || r.Locations[0].PhysicalLocation.Region.StartLine != 14 {
		t.Fatalf("G201 result/rule = %+v / %+v", r, rule)
	}
	if sup := sast.Results[2].Suppressions; len(sup) != 1 || sup[0].Kind != "inSource" || sup[0].Justification != "#nosec G402 -- test server only" {
		t.Fatalf("the #nosec suppression is not in SARIF: %+v", sast.Results[2])
	}
	if len(sast.Tool.Driver.Rules) != 3 {
		t.Fatalf("a finding whose rule the check did not describe still needs a rule: %+v", sast.Tool.Driver.Rules)
	}
	if got := log.Runs[3].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "config/app%20dev.env" {
		t.Fatalf("uri = %q", got)
	}
	// Every run says which repository, commit and branch %SRCROOT% is, and defines it.
	for _, run := range log.Runs {
		if _, ok := run.OriginalURIBaseIDs[sarif.SrcRoot]; !ok {
			t.Errorf("%s: %%SRCROOT%% is used but not in originalUriBaseIds", run.AutomationDetails.ID)
		}
		vcp := run.VersionControlProvenance
		if len(vcp) != 1 || vcp[0].RepositoryURI != "https://github.com/acme/app" || vcp[0].RevisionID != "0123456789abcdef0123456789abcdef01234567" ||
			vcp[0].Branch != "main" || vcp[0].MappedTo.URIBaseID != sarif.SrcRoot {
			t.Errorf("%s: versionControlProvenance %+v", run.AutomationDetails.ID, vcp)
		}
	}
	// An scp-like address is not an absolute URI: no versionControlProvenance then.
	res := sample()
	res.Source.RepositoryURI = "git@github.com:acme/app.git"
	if l := sarif.Build(res); len(l.Runs[0].VersionControlProvenance) != 0 {
		t.Errorf("versionControlProvenance with a repositoryUri that is not a URI: %+v", l.Runs[0].VersionControlProvenance)
	}
}

func TestSARIFKeepsTheMostSevereWithinGitHubLimits(t *testing.T) {
	res := &result.Result{Tool: result.Tool{Name: "shiftgate", Version: "dev"}, Checks: []result.Check{{Name: "sast", Status: result.StatusOK}}}
	for i := range sarif.MaxResultsPerRun + 10 {
		sev := finding.Low
		if i%1000 == 0 {
			sev = finding.Critical
		}
		res.Findings = append(res.Findings, finding.Finding{Check: "sast", Rule: "R", Severity: sev, Message: "m", Path: "f.go", Line: i + 1, Fingerprint: "fp" + itoa(i)})
	}
	log := sarif.Build(res)
	run := log.Runs[0]
	if len(run.Results) != sarif.MaxResultsPerRun {
		t.Fatalf("%d results, want %d", len(run.Results), sarif.MaxResultsPerRun)
	}
	crit := 0
	for _, r := range run.Results {
		if r.Properties.Severity == "critical" {
			crit++
		}
	}
	if crit != 26 {
		t.Fatalf("kept %d of 26 critical results", crit)
	}
	if run.Properties["shiftgate/droppedResults"] != 10 || !strings.Contains(run.Invocations[0].ToolExecutionNotifications[0].Message.Text, "10 least severe result(s) dropped") {
		t.Fatalf("the drop is not reported: %+v %+v", run.Properties, run.Invocations)
	}
}

// TestSARIFPassesGitHubIngestionRules runs Microsoft's sarif-multitool with GitHub's
// ingestion rules when CI provides it (SHIFTGATE_SARIF_MULTITOOL, set by .ci/run).
func TestSARIFPassesGitHubIngestionRules(t *testing.T) {
	in := filepath.Join(t.TempDir(), "shiftgate.sarif")
	var buf bytes.Buffer
	if err := sarif.Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	testutil.MultitoolValidate(t, in)
}

// A fresh out dir in a work tree ignores itself: `git add -A` after a scan stages no
// report (the pre-commit hook would otherwise find its own reports modified on every
// later run). A folder of the user's given as --out gains no .gitignore.
func TestOutDirIgnoresItselfInGit(t *testing.T) {
	repo := t.TempDir()
	git := testutil.Git(t, repo)
	git("init", "-q")
	if err := os.WriteFile(filepath.Join(repo, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(repo, ".shiftgate", "out")
	if _, err := WriteAll(out, sample()); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	if staged := git("diff", "--cached", "--name-only"); staged != "main.go" {
		t.Errorf("git add -A staged %q, want only main.go", staged)
	}
	// An out dir from before this rule (reports, no .gitignore) gets one on the next run.
	if err := os.Remove(filepath.Join(out, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAll(out, sample()); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, ".gitignore")); err != nil || string(b) != OutDirIgnore {
		t.Errorf(".gitignore = %q, %v; want %q", b, err, OutDirIgnore)
	}

	mine := t.TempDir()
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAll(mine, sample()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(mine, ".gitignore")); err == nil {
		t.Errorf("an existing folder of the user's got a .gitignore")
	}
}

// xmllint is Debian's libxml2-utils validator: SHIFTGATE_XMLLINT (set by .ci/run, so CI
// cannot skip), else xmllint on PATH, else the test is skipped.
func xmllint(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SHIFTGATE_XMLLINT"); p != "" {
		return p
	}
	p, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils; .ci/run does): junit.xml was not validated against junit-10.xsd")
	}
	return p
}

// TestJUnitValidAgainstJenkinsXUnitSchema: Jenkins xUnit skips a junit.xml that
// junit-10.xsd rejects, so xmllint validates ours against it, and a document with the
// attributes we used to write (skipped on testsuites, file and line on testcase) is
// rejected, or the validation proves nothing. The report stays rich: the location,
// severity and reason of each finding are in it.
func TestJUnitValidAgainstJenkinsXUnitSchema(t *testing.T) {
	bin := xmllint(t)
	xsd := filepath.Join("junit", "testdata", "junit-10.xsd")
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := junit.Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "junit.xml")
	os.WriteFile(good, buf.Bytes(), 0o644)
	if out, err := exec.Command(bin, "--noout", "--schema", xsd, good).CombinedOutput(); err != nil {
		t.Errorf("xmllint rejects junit.xml: %v\n%s", err, out)
	}
	for _, want := range []string{"file: config/app dev.env\nline: 2\n", "severity: critical", "reason: exception: parser input is trusted", `<property name="status" value="error">`} {
		if !strings.Contains(buf.String(), strings.ReplaceAll(want, "\n", "&#xA;")) && !strings.Contains(buf.String(), want) {
			t.Errorf("junit.xml lacks %q:\n%s", want, buf.String())
		}
	}
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte(`<?xml version="1.0"?><testsuites skipped="1"><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c" file="a.go" line="3"/></testsuite></testsuites>`), 0o644)
	if out, err := exec.Command(bin, "--noout", "--schema", xsd, bad).CombinedOutput(); err == nil {
		t.Errorf("xmllint accepted attributes junit-10.xsd does not allow:\n%s", out)
	}
}
