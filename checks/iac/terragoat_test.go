package iac

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTerragoat scans an excerpt of bridgecrewio/terragoat (testdata/terragoat, see its
// NOTICE), a deliberately vulnerable Terraform project nobody here wrote, and compares
// every finding (rule, file, line, message) with findings.golden, reviewed by hand:
// `go test ./checks/iac -run Terragoat -update` rewrites it.
func TestTerragoat(t *testing.T) {
	root := "testdata/terragoat"
	var files []SourceFile
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".tf" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files = append(files, SourceFile{Path: filepath.ToSlash(rel), Data: data})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fs, notes, err := newTestEngine(t).Scan(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) > 0 {
		t.Errorf("notes: %+v", notes)
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s:%d %s\n", f.Rule, f.Path, f.Line, f.Message)
	}
	golden := filepath.Join(root, "findings.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("findings differ from %s (rerun with -update after checking them):\n%s", golden, b.String())
	}
}
