package outdir

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports/jsonreport"
)

// shiftgate.json read back is the result that was written, rules included: a merge or
// a Tekton step needs nothing else from the out dir.
func TestReadRoundTrip(t *testing.T) {
	res := &result.Result{
		Tool: result.Tool{Name: "shiftgate", Version: "v1.2.3"}, Policy: ".shiftgate.yaml", Mode: "enforce",
		FailSeverity: finding.High, Verdict: result.Fail, Reason: "1 blocking finding(s) at or above high severity",
		Checks: []result.Check{{Name: "sast", Status: result.StatusOK, Findings: 1, Blocking: 1,
			Rules: []finding.Rule{{ID: "G101", Title: "Hard-coded credentials", Description: "d", Help: "h", Severity: finding.High, Tags: []string{"CWE-798"}}}}},
		Findings: []finding.Finding{{Check: "sast", Rule: "G101", Severity: finding.High, Path: "a.go", Line: 3, Message: "m",
			Status: finding.StatusBlocking, Reason: "r", Fingerprint: "abc"}},
		Notes: []finding.Note{{Kind: "skipped", Path: "big.bin", Message: "too large"}},
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := jsonreport.Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, JSON), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, data, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, buf.Bytes()) {
		t.Error("Read did not return the file's bytes")
	}
	var again bytes.Buffer
	if err := jsonreport.Write(&again, got); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Errorf("read back and written again, shiftgate.json differs:\n%s\nwant:\n%s", again.String(), buf.String())
	}
	if r := got.Rule(&got.Findings[0]); r.Title != "Hard-coded credentials" || r.Tags[0] != "CWE-798" {
		t.Errorf("rule read back = %+v", r)
	}
}

func TestReadErrors(t *testing.T) {
	if _, _, err := Read(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing shiftgate.json: %v, want fs.ErrNotExist", err)
	}
	for name, doc := range map[string]string{
		"not json":        "{",
		"other schema":    `{"schemaVersion": "0", "verdict": "pass"}`,
		"unknown verdict": `{"schemaVersion": "1", "verdict": "maybe"}`,
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, JSON), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := Read(dir)
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, JSON)) {
			t.Errorf("%s: error %v does not name the file", name, err)
		}
	}
}
