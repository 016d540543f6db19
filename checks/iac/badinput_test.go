package iac

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

func TestMalformedInputIsANoteAndTheScanGoesOn(t *testing.T) {
	eng := newTestEngine(t)
	files := []SourceFile{
		{Path: "k8s/bad.yaml", Data: []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n")},
		{Path: "infra/bad.tf", Data: []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl = \n}\n")},
		{Path: "Dockerfile", Data: []byte("RUN echo no base image\n")},
		{Path: "k8s/good.yaml", Data: []byte(privileged)},
	}
	fs, notes, err := eng.Scan(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"k8s/bad.yaml": 5, "infra/bad.tf": 3, "Dockerfile": 0}
	for _, n := range notes {
		line, ok := want[n.Path]
		if !ok {
			t.Errorf("unexpected note %+v", n)
			continue
		}
		delete(want, n.Path)
		if n.Kind != "parse" || n.Check != Name || n.Line != line || !strings.Contains(n.Message, "could not parse") {
			t.Errorf("note for %s = %+v, want a parse note at line %d", n.Path, n, line)
		}
	}
	if len(want) > 0 {
		t.Errorf("no parse note for %v (notes: %+v)", want, notes)
	}
	if has(fs, "K8S-001", "k8s/good.yaml", 11) == nil {
		t.Errorf("the good file was not scanned after the bad ones:\n%s", dump(fs))
	}
}

func TestHelmTemplatesAreSkippedWithANote(t *testing.T) {
	eng := newTestEngine(t)
	tpl := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
	fs, notes, err := eng.Scan(context.Background(), []SourceFile{{Path: "charts/web/templates/deploy.yaml", Data: []byte(tpl)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 || len(notes) != 1 || notes[0].Kind != "skipped" || !strings.Contains(notes[0].Message, "Helm") {
		t.Fatalf("findings %v notes %+v", fs, notes)
	}
}

// Terraform's JSON syntax is not parsed; before, a .tf.json file went to the JSON
// (CloudFormation) reader and a public-read-write bucket in it passed without a word.
// Now the file is named in a note, so a pass does not read as "checked".
func TestTerraformJSONIsSkippedWithANote(t *testing.T) {
	eng := newTestEngine(t)
	tf := `{"resource": {"aws_s3_bucket": {"b": {"bucket": "x", "acl": "public-read-write"}}}}`
	fs, notes, err := eng.Scan(context.Background(), []SourceFile{{Path: "infra/main.tf.json", Data: []byte(tf)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 || len(notes) != 1 || notes[0].Kind != "skipped" || notes[0].Path != "infra/main.tf.json" || !strings.Contains(notes[0].Message, ".tf.json") {
		t.Fatalf("findings %v notes %+v", fs, notes)
	}
}

// TestBillionLaughs: alias expansion is bounded, so a tiny file cannot make the
// converter build billions of nodes.
func TestBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n")
	b.WriteString("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	assertBounded(t, "lol.yaml", b.String())
}

func TestDeepNesting(t *testing.T) {
	assertBounded(t, "deep.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: "+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+"\n")
	assertBounded(t, "deepmap.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: "+strings.Repeat("{a: ", 5000)+"1"+strings.Repeat("}", 5000)+"\n")
}

func assertBounded(t *testing.T, path, doc string) {
	t.Helper()
	eng := newTestEngine(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, notes, err := eng.Scan(context.Background(), []SourceFile{{Path: path, Data: []byte(doc)}})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || notes[0].Kind != "parse" || notes[0].Path != path {
		t.Fatalf("notes = %+v, want one parse note for %s", notes, path)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 512<<20 {
		t.Fatalf("scanning a %d-byte file allocated %d MiB", len(doc), grew>>20)
	}
}
