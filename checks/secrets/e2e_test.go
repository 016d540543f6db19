package secrets_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cli"
)

// onlySecrets is a policy that runs the secrets check alone, so the test does not
// depend on the other checks (or the network) to exercise every report writer.
const onlySecrets = `version: 1
mode: enforce
fail:
  severity: high
  on_error: fail
checks:
  sast: {enabled: false}
  secrets: {enabled: true}
  deps: {enabled: false}
  iac: {enabled: false}
outputs:
  sbom: [cyclonedx, spdx]
  provenance: true
`

// TestScanNeverWritesAPlantedSecret runs the whole command line over a repository
// with planted secrets, once per stdout format, and checks every byte it produced:
// stdout, stderr and every file in the out dir.
func TestScanNeverWritesAPlantedSecret(t *testing.T) {
	root, planted := plantSecrets(t)
	if err := writeFile(root, ".shiftgate.yaml", onlySecrets); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "markdown"} {
		t.Run(format, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := cli.Main(context.Background(), []string{"scan", "--out", out, "--format", format, root}, strings.NewReader(""), &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit code %d, want 1 (blocking secrets); stderr:\n%s", code, stderr.String())
			}
			if stdout.Len() == 0 {
				t.Error("nothing on stdout")
			}
			if l := leaks(stdout.Bytes(), planted); len(l) > 0 {
				t.Errorf("stdout (%s) contains planted secrets: %v", format, l)
			}
			if l := leaks(stderr.Bytes(), planted); len(l) > 0 {
				t.Errorf("stderr contains planted secrets: %v", l)
			}
			var files int
			err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				files++
				if l := leaks(b, planted); len(l) > 0 {
					t.Errorf("%s contains planted secrets: %v", filepath.Base(p), l)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if files == 0 {
				t.Error("no report file was written")
			}
			// The findings are really in the reports, only redacted.
			if format == "json" && !strings.Contains(stdout.String(), "aws-access-token") {
				t.Errorf("the JSON report has no aws-access-token finding:\n%s", stdout.String())
			}
		})
	}
}
