package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/testutil"
)

// TestScanSARIFIsValid proves the SARIF a real scan writes (a blocking finding, an
// excepted one, a failed check) passes the OASIS schema and GitHub's ingestion rules.
func TestScanSARIFIsValid(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	files := map[string]string{
		".shiftgate.yaml": "version: 1\nchecks: {sast: {import: [\"r/*.sarif\"]}}\nexceptions: [{id: low-rule, reason: known}]\n",
		"app/db.go":       "package app\n\nfunc q() { db.Query(\"SELECT \" + name) }\n",
		"r/tool.sarif": `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "semgrep", "rules": [{"id": "sqli", "shortDescription": {"text": "SQL injection"}, "properties": {"security-severity": "8.8"}}]}}, "results": [
			{"ruleId": "sqli", "message": {"text": "query from input"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.go"}, "region": {"startLine": 3, "startColumn": 12}}}]},
			{"ruleId": "low-rule", "level": "note", "message": {"text": "style"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.go"}, "region": {"startLine": 1}}}]}]}]}`,
	}
	testutil.WriteTree(t, root, files)
	var stdout, stderr bytes.Buffer
	env := &Env{Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }}
	if code := Run(context.Background(), []string{"scan", "--quiet", root}, env); code != ExitFail {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout.String(), stderr.String())
	}
	file := filepath.Join(root, ".shiftgate", "out", "shiftgate.sarif")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	testutil.ValidateSARIF(t, b)
	testutil.MultitoolValidate(t, file)
}
