// Package testutil holds test helpers shared by several packages' tests: SARIF
// validation against the OASIS schema and, when CI provides it, Microsoft's
// sarif-multitool with GitHub's ingestion rules. Only test binaries import it.
package testutil

import (
	"bytes"
	_ "embed"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schema/sarif-schema-2.1.0.json
var sarifSchema []byte

const sarifSchemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// ValidateSARIF fails the test when b does not validate against the OASIS SARIF
// 2.1.0 schema.
func ValidateSARIF(t testing.TB, b []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(sarifSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(sarifSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(sarifSchemaID)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("SARIF does not validate against the OASIS schema: %v", err)
	}
}

// MultitoolValidate runs sarif-multitool with GitHub's ingestion rules on file and
// fails the test on any error. It skips, saying so, when SHIFTGATE_SARIF_MULTITOOL
// (the native Sarif.Multitool binary, which .ci/run installs) is not set.
func MultitoolValidate(t testing.TB, file string) {
	t.Helper()
	tool := os.Getenv("SHIFTGATE_SARIF_MULTITOOL")
	if tool == "" {
		t.Skip("SHIFTGATE_SARIF_MULTITOOL is not set: skipped the sarif-multitool validation (.ci/run installs it)")
	}
	out := filepath.Join(t.TempDir(), "validation.sarif")
	// The native binary, not the npm wrapper: the wrapper runs through a shell,
	// which splits "Gh;Sarif" at the semicolon.
	b, err := exec.Command(tool, "validate", file, "--rule-kind", "Gh;Sarif", "-o", out, "--log", "ForceOverwrite").CombinedOutput() // #nosec G204 G702 -- test-only: the validator CI installed, named by CI's environment
	var errs []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, ": error ") {
			errs = append(errs, line)
		}
	}
	if len(errs) > 0 {
		t.Fatalf("sarif-multitool reports %d error(s) for %s:\n%s", len(errs), file, strings.Join(errs, "\n"))
	}
	if err != nil && !strings.Contains(string(b), "Analysis completed successfully") {
		t.Fatalf("sarif-multitool failed: %v\n%s", err, b)
	}
	t.Logf("sarif-multitool: no errors for %s", filepath.Base(file))
}
