package secrets_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/secrets"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

func scan(t *testing.T, root string, exclude ...string) (*checks.Result, error) {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &policy.Policy{}
	p.Checks.Secrets.Enabled = true
	p.Checks.Secrets.Exclude = exclude
	return secrets.New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
}

func TestPlantedSecretsAreFoundAtTheirLines(t *testing.T) {
	root, planted := plantSecrets(t)
	res, err := scan(t, root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Logf("%s:%d %s %s", f.Path, f.Line, f.Rule, f.Message)
	}
	for _, p := range planted {
		var got *finding.Finding
		for i := range res.Findings {
			f := &res.Findings[i]
			if f.Path == p.file && f.Line == p.line && f.Rule == p.rule {
				got = f
			}
		}
		if got == nil {
			t.Errorf("%s (%s) not found at %s:%d", p.kind, p.rule, p.file, p.line)
			continue
		}
		if !strings.Contains(strings.ToLower(got.Message), strings.ToLower(p.kind)) {
			t.Errorf("%s:%d message %q does not name %q", p.file, p.line, got.Message, p.kind)
		}
		if want := secrets.Fingerprint(p.value, ""); got.Snippet != want && p.rule != "private-key" {
			t.Errorf("%s:%d snippet %q, want the secret's hash %q", p.file, p.line, got.Snippet, want)
		}
		wantSev := finding.High
		if p.rule == "private-key" {
			wantSev = finding.Critical
		}
		if got.Severity != wantSev || got.Tool != "gitleaks" {
			t.Errorf("%s:%d severity %s tool %q", p.file, p.line, got.Severity, got.Tool)
		}
	}
	for _, f := range res.Findings {
		if f.Path == "logo.png" {
			t.Errorf("binary file scanned: %+v", f)
		}
	}
}

func TestNoPlantedSecretLeavesTheCheck(t *testing.T) {
	root, planted := plantSecrets(t)
	res, err := scan(t, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) < len(planted) {
		t.Fatalf("only %d findings for %d planted secrets", len(res.Findings), len(planted))
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	all.Write(js)
	for _, f := range res.Findings {
		all.WriteString(f.Message + f.Snippet + f.Reason)
	}
	for _, n := range res.Notes {
		all.WriteString(n.Message)
	}
	for _, r := range res.Rules {
		all.WriteString(r.Title + r.Description + r.Help)
	}
	// The leak detector itself finds a value, or a private key line, when present.
	if len(leaks([]byte("x"+planted[0].value+"y"), planted)) != 1 || len(leaks([]byte(strings.Split(planted[len(planted)-1].value, "\n")[3]), planted)) != 1 {
		t.Fatal("leaks() does not see a planted value")
	}
	if l := leaks([]byte(all.String()), planted); len(l) > 0 {
		t.Fatalf("secret values left the check: %v", l)
	}
	for _, f := range res.Findings {
		if !strings.Contains(f.Message, secrets.Redacted) && !strings.Contains(f.Message, "the file itself") {
			t.Errorf("%s:%d message has no redaction marker: %q", f.Path, f.Line, f.Message)
		}
	}
}

func TestExcludeSwitchesARuleOff(t *testing.T) {
	root, _ := plantSecrets(t)
	res, err := scan(t, root, "github-pat", "private-key")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, f := range res.Findings {
		if f.Rule == "github-pat" || f.Rule == "private-key" {
			t.Errorf("excluded rule %s reported at %s:%d", f.Rule, f.Path, f.Line)
		}
		n++
	}
	if n == 0 {
		t.Fatal("excluding two rules removed every finding")
	}
	if _, err := scan(t, root, "no-such-rule"); err == nil || !strings.Contains(err.Error(), `"no-such-rule"`) {
		t.Errorf("unknown rule id: err = %v", err)
	}
}

func TestFingerprintFollowsTheSecretNotTheLine(t *testing.T) {
	fp := func(content string) string {
		t.Helper()
		root := t.TempDir()
		if err := writeFile(root, "a.env", content); err != nil {
			t.Fatal(err)
		}
		res, err := scan(t, root)
		if err != nil || len(res.Findings) != 1 {
			t.Fatalf("findings %+v, err %v", res, err)
		}
		fs := res.Findings
		finding.AssignFingerprints(fs)
		return fs[0].Fingerprint
	}
	tok := "ghp" + "_" + strings.Repeat("aB3dE5fG7h", 3) + "K9mN2p"
	rotated := "ghp" + "_" + strings.Repeat("Zy8Xw6Vu4t", 3) + "S2rQ1p"
	base := fp("TOKEN=" + tok + "\n")
	if moved := fp("# a comment\n\nTOKEN=" + tok + "\n"); moved != base {
		t.Error("moving the secret down changed its fingerprint")
	}
	if fp("TOKEN="+rotated+"\n") == base {
		t.Error("a rotated secret kept the old fingerprint")
	}
}

func TestRedactShowsAtMostFourCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"AKIAABCDEFGHIJKLMNOP": "AKIA" + secrets.Redacted,
		"hunter22":             "hu" + secrets.Redacted,
		"abc":                  secrets.Redacted,
		"":                     secrets.Redacted,
	} {
		if got := secrets.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKindNamesTheSecret(t *testing.T) {
	for id, want := range map[string]string{
		"aws-access-token":        "AWS access key",
		"github-fine-grained-pat": "GitHub token",
		"slack-bot-token":         "Slack token",
		"private-key":             "private key",
		"stripe-access-token":     "Stripe access token",
		"npm-access-token":        "NPM access token",
	} {
		if got := secrets.Kind(id); got != want {
			t.Errorf("Kind(%q) = %q, want %q", id, got, want)
		}
	}
}

// TestGitleaksAllowIsVisibleAsSuppressed: a secret hidden by a gitleaks:allow comment
// stays in the report as suppressed, with the reason, and still redacted.
func TestGitleaksAllowIsVisibleAsSuppressed(t *testing.T) {
	root := t.TempDir()
	key := "AKIA" + "QYLPMN5HHHFPZAM2"
	testutil.WriteFile(t, root, "deploy.py", "import os\n\nAWS_KEY = \""+key+"\"  # gitleaks:allow (a revoked key kept for the docs)\nOTHER = \""+key[:4]+"R7W2KD4XNBQ5TJ6M\"\n")
	res, err := scan(t, root)
	if err != nil {
		t.Fatal(err)
	}
	var suppressed, open []finding.Finding
	for _, f := range res.Findings {
		t.Logf("%s:%d %s %s %s", f.Path, f.Line, f.Rule, f.Status, f.Message)
		if f.Status == finding.StatusSuppressed {
			suppressed = append(suppressed, f)
		} else {
			open = append(open, f)
		}
		if strings.Contains(f.Message, key) {
			t.Errorf("the secret is in the message: %s", f.Message)
		}
	}
	if len(suppressed) != 1 || suppressed[0].Line != 3 || suppressed[0].Rule != "aws-access-token" || !strings.Contains(suppressed[0].Reason, "gitleaks:allow") {
		t.Errorf("suppressed = %+v, want the aws-access-token on line 3 with its reason", suppressed)
	}
	if len(open) != 1 || open[0].Line != 4 {
		t.Errorf("open findings = %+v, want the one on line 4", open)
	}
}
