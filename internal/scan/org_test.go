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
