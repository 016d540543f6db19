package sast_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// A GOPACKAGESDRIVER in the runner's environment (Bazel users set one, often to a
// script in the repository, tools/gopackagesdriver.sh) made go/packages run that
// program instead of go list, for the cold scan and for every load the root loader
// leaves to it, while the root loader itself runs go list: the two loads disagreed,
// and a program ran during the scan. The gate's go environment turns the driver off.
func TestPackagesDriverInTheEnvironmentIsNotRun(t *testing.T) {
	root := writeModule(t, map[string]string{
		"go.mod": "module example.com/a\n\ngo 1.22\n",
		"a.go":   weakTLS,
	})
	marker := filepath.Join(t.TempDir(), "driver-ran")
	driver := filepath.Join(t.TempDir(), "gopackagesdriver.sh")
	// A driver that answers nothing: go/packages would report no package at all.
	script := "#!/bin/sh\ntouch " + marker + "\necho '{\"NotHandled\": false, \"Roots\": [], \"Packages\": []}'\n"
	if err := os.WriteFile(driver, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	res, err := runWith(t, root, append(os.Environ(), "GOPACKAGESDRIVER="+driver))
	if _, statErr := os.Stat(marker); statErr == nil {
		t.Errorf("the GOPACKAGESDRIVER program ran during the scan")
	}
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	found := false
	for _, f := range res.Findings {
		found = found || (f.Rule == "G402" && f.Path == "a.go" && f.Severity >= finding.Medium)
	}
	if !found {
		t.Errorf("no G402 in a.go: %+v", res.Findings)
	}
}
