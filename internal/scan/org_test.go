package scan

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The digest of a runner-local organisation policy directory is what the documented
// shell pipeline prints, so an auditor can recompute the one the provenance records.
func TestDirDigestIsTheDocumentedPipeline(t *testing.T) {
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("sha256sum is not installed")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"policy.yaml":              "version: 1\nfail: {severity: high}\n",
		"rules/k8s/no_latest.rego": "package x\n",
		"rules/B.rego":             "package b\n",
		"README":                   "ours\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := DirDigest(dir)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", "find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "sha256:" + strings.Fields(string(out))[0]; got != want {
		t.Errorf("DirDigest = %s, the shell pipeline says %s", got, want)
	}
	// One byte more in any file is another digest.
	os.WriteFile(filepath.Join(dir, "rules/B.rego"), []byte("package b\n\n"), 0o644)
	if again, _ := DirDigest(dir); again == got {
		t.Error("the digest did not change with a file's content")
	}
	// A link is refused rather than followed.
	os.Symlink("/etc/passwd", filepath.Join(dir, "link"))
	if _, err := DirDigest(dir); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("a symbolic link: %v", err)
	}
}

// A bundle's organisation layer is built from the verified bytes, not from the copy
// extracted on disk (adversarial review of issue 17): a neighbour on a shared cache who
// swaps the extracted tree after orgpolicy checked it must not loosen the policy or
// change its rules. The rules keep the order a walk of the folder gives.
func TestOrgLayerFromVerifiedFilesNotTheDisk(t *testing.T) {
	dir := t.TempDir()
	// What a neighbour swapped in after the check: audit mode, no rules.
	if err := os.WriteFile(filepath.Join(dir, OrgPolicyFile), []byte("version: 1\nmode: audit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	verified := map[string][]byte{
		OrgPolicyFile:          []byte("version: 1\nfail: {severity: low}\n"),
		"rules/a/x.rego":       []byte("package shiftgate.rules.kubernetes.X\n"),
		"rules/a.rego":         []byte("package shiftgate.rules.kubernetes.A\n"),
		".manifest":            []byte("{}"),
		"rules/not-a-rule.txt": []byte("ignored"),
	}
	org, err := loadOrgFiles(dir, verified, "oci://example/org", "extends", "sha256:00")
	if err != nil {
		t.Fatal(err)
	}
	if org.Policy.Audit() || org.Policy.Fail.Severity != "low" {
		t.Errorf("the layer was read from the disk: mode %q, fail.severity %q; want enforce, low", org.Policy.Mode, org.Policy.Fail.Severity)
	}
	var names []string
	for _, r := range org.Policy.OrgRules {
		names = append(names, r.Name)
	}
	if got, want := strings.Join(names, " "), "org:rules/a/x.rego org:rules/a.rego"; got != want {
		t.Errorf("org rules %q, want %q", got, want)
	}
}
