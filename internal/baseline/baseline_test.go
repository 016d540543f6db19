package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
)

func findings() []finding.Finding {
	fs := []finding.Finding{
		{Check: "sast", Rule: "G201", Path: "db/query.go", Line: 14, Message: "SQL string formatting", Snippet: `q := fmt.Sprintf("SELECT %s", x)`, Severity: finding.High, Status: finding.StatusBlocking},
		{Check: "secrets", Rule: "aws-access-token", Path: "config/dev.env", Line: 2, Message: strings.Repeat("long message ", 30), Snippet: "AWS=REDACTED", Severity: finding.Critical, Status: finding.StatusBlocking},
		{Check: "sast", Rule: "G104", Path: "main.go", Line: 3, Message: "errors unhandled", Snippet: "f()", Severity: finding.Low, Status: finding.StatusAllowed},
	}
	finding.AssignFingerprints(fs)
	return fs
}

func TestBuildIsDeterministicAndSorted(t *testing.T) {
	fs := findings()
	a, err := Build(fs).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	rev := []finding.Finding{fs[2], fs[1], fs[0]}
	b, _ := Build(rev).Marshal()
	if !bytes.Equal(a, b) {
		t.Errorf("the order of findings changed the file:\n%s\n%s", a, b)
	}
	got, err := Parse("b.json", a)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 3 || got.Entries[0].Path != "config/dev.env" || got.Entries[2].Path != "main.go" {
		t.Errorf("entries not sorted by path: %+v", got.Entries)
	}
	if r := got.Entries[0].Reason; len(r) > maxReason+len("…") || !strings.HasSuffix(r, "…") {
		t.Errorf("a long message was not cut: %q", r)
	}
}

func TestApplyMarksRecordedAndReportsGone(t *testing.T) {
	var recorded []finding.Finding
	for _, f := range findings() {
		if f.Path != "main.go" {
			recorded = append(recorded, f)
		}
	}
	b := Build(recorded)
	b.Entries = append(b.Entries, Entry{Fingerprint: "feedface", Check: "sast", Rule: "G101", Path: "fixed.go", Reason: "fixed since"})

	// Lines above the recorded finding moved: the fingerprint holds.
	now := findings()
	now[0].Line = 40
	now = append(now, finding.Finding{Check: "sast", Rule: "G201", Path: "db/new.go", Line: 1, Snippet: "new", Severity: finding.High, Status: finding.StatusBlocking})
	finding.AssignFingerprints(now)
	o := b.Apply(now, ".shiftgate/baseline.json")
	if o.Matched != 2 {
		t.Errorf("matched %d, want 2", o.Matched)
	}
	for _, f := range now {
		want := finding.StatusBlocking
		switch f.Path {
		case "db/query.go", "config/dev.env":
			want = finding.StatusBaseline
		case "main.go":
			want = finding.StatusAllowed
		}
		if f.Status != want {
			t.Errorf("%s %s: status %s, want %s", f.Path, f.Rule, f.Status, want)
		}
	}
	if len(o.Gone) != 1 || o.Gone[0].Path != "fixed.go" {
		t.Fatalf("gone = %+v, want the fixed.go entry", o.Gone)
	}
	notes := o.Notes(".shiftgate/baseline.json")
	if len(notes) != 1 || notes[0].Kind != "baseline" || notes[0].Path != "fixed.go" || !strings.Contains(notes[0].Message, "no longer found") {
		t.Errorf("notes = %+v", notes)
	}
}

func TestApplyKeepsExceptedAndSuppressed(t *testing.T) {
	fs := findings()
	b := Build(fs)
	fs[0].Status = finding.StatusExcepted
	fs[1].Status = finding.StatusSuppressed
	if o := b.Apply(fs, "b.json"); o.Matched != 1 || fs[0].Status != finding.StatusExcepted || fs[1].Status != finding.StatusSuppressed {
		t.Errorf("matched %d; statuses %s %s", o.Matched, fs[0].Status, fs[1].Status)
	}
}

func TestLoadMissingAndInvalid(t *testing.T) {
	dir := t.TempDir()
	b, err := Load(dir, "none.json")
	if b != nil || err != nil {
		t.Errorf("missing file: %v, %v; want nil, nil", b, err)
	}
	p := filepath.Join(dir, "bad.json")
	os.WriteFile(p, []byte("{\n  \"version\": 1,\n  \"findngs\": []\n}\n"), 0o644)
	if _, err := Load(dir, "bad.json"); err == nil || !strings.Contains(err.Error(), "bad.json:3") || !strings.Contains(err.Error(), "findngs") {
		t.Errorf("unknown key: err = %v, want file:line naming the key", err)
	}
	os.WriteFile(p, []byte(`{"version": 2, "findings": []}`), 0o644)
	if _, err := Load(dir, "bad.json"); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("version: err = %v", err)
	}
}

func TestSaveLoadStaysInsideTheRoot(t *testing.T) {
	dir := t.TempDir()
	b := Build(findings())
	if err := b.Save(dir, ".shiftgate/baseline.json"); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir, ".shiftgate/baseline.json")
	if err != nil || got == nil || len(got.Entries) != 3 {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if err := b.Save(dir, "../outside.json"); err == nil {
		t.Error("Save wrote outside the root")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "outside.json")); err == nil {
		t.Error("a file appeared outside the root")
	}
	if _, err := Load(dir, "../../etc/passwd"); err == nil {
		t.Error("Load read outside the root")
	}
}

func TestTextAfterTheDocumentIsAnError(t *testing.T) {
	_, err := Parse("b.json", []byte("{\"version\": 1, \"findings\": []}\n{\"version\": 1}\n"))
	if err == nil || !strings.Contains(err.Error(), "b.json:2: invalid baseline: text after the JSON document") {
		t.Errorf("err = %v", err)
	}
	if _, err := Parse("b.json", []byte("{\"version\": 1, \"findings\": []}\n\n")); err != nil {
		t.Errorf("trailing white space: %v", err)
	}
}
