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
	if want := shellDigest(t, dir); got != want {
		t.Errorf("DirDigest = %s, the shell pipeline says %s", got, want)
	}
	// A README beside the policy does not judge: not in the digest.
	os.WriteFile(filepath.Join(dir, "README"), []byte("changed\n"), 0o644)
	if again, _ := DirDigest(dir); again != got {
		t.Error("the digest changed with a file that does not judge")
	}
	// One byte more in a rule is another digest.
	os.WriteFile(filepath.Join(dir, "rules/B.rego"), []byte("package b\n\n"), 0o644)
	if again, _ := DirDigest(dir); again == got {
		t.Error("the digest did not change with a rule's content")
	}
	// A link leading out of the folder is refused rather than followed.
	os.Symlink("/etc/passwd", filepath.Join(dir, "rules", "link.rego"))
	if _, err := DirDigest(dir); err == nil || !strings.Contains(err.Error(), "leading out of the folder") {
		t.Errorf("a symbolic link out of the folder: %v", err)
	}
}

func shellDigest(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", OrgDirDigestCommand)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return "sha256:" + strings.Fields(string(out))[0]
}

// A Tekton Task's org-policy workspace is a ConfigMap volume: every key is a link into
// "..data", itself a link to a timestamped folder (kubelet's atomic writer). Before,
// the folder was refused ("policy.yaml is a symbolic link") and the Task could not use
// its own documented workspace. Now the layer is read through the links, each file
// once, and the digest is the documented pipeline's.
func TestOrgPolicyFromAConfigMapVolume(t *testing.T) {
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("sha256sum is not installed")
	}
	dir := t.TempDir()
	stamp := "..2026_11_30_03_00_00.123456789"
	for name, text := range map[string]string{
		stamp + "/policy.yaml":           "version: 1\nfail: {severity: low}\n",
		stamp + "/rules/k8s/latest.rego": "package shiftgate.rules.kubernetes.ORG_1\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"..data": stamp, "policy.yaml": "..data/policy.yaml", "rules": "..data/rules"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	org, err := loadLocalOrg(dir)
	if err != nil {
		t.Fatalf("a ConfigMap volume: %v", err)
	}
	if org.Policy.Fail.Severity != "low" || len(org.Policy.OrgRules) != 1 || org.Policy.OrgRules[0].Name != "org:rules/k8s/latest.rego" {
		t.Errorf("layer: fail.severity %q, rules %+v", org.Policy.Fail.Severity, org.Policy.OrgRules)
	}
	if want := shellDigest(t, dir); org.Digest != want {
		t.Errorf("digest %s, the documented pipeline says %s", org.Digest, want)
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
