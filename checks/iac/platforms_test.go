package iac

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// byPath is how the check chose the built-in modules before it parsed first: the
// rules of every platform the tree's paths can hold, and every library. It is the
// reference the tests below compare with.
func byPath(mods []ModuleSource, need map[string]bool) []ModuleSource {
	return slices.DeleteFunc(slices.Clone(mods), func(m ModuleSource) bool {
		p, isRule := rulePlatform(m)
		return isRule && !need[p]
	})
}

func folders(ms []ModuleSource) []string {
	var out []string
	for _, m := range ms {
		rest, _ := strings.CutPrefix(m.Name, "builtin/rules/")
		dir, _, _ := strings.Cut(rest, "/")
		if dir == "lib" {
			dir = strings.TrimSuffix(rest, ".rego")
		}
		if !slices.Contains(out, dir) {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out
}

// A tree with one Dockerfile beside JSON test data compiles the Dockerfile rules and
// the two libraries they use; the JSON files keep every platform they could have been
// listed, described from metadata, not compiled.
func TestOnlyThePlatformsParsedAreCompiled(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	files := []SourceFile{
		{Path: "build/Dockerfile", Data: []byte("FROM ubuntu:latest\n")},
		{Path: "testdata/record.json", Data: []byte(`{"id": "GO-2024-0001", "aliases": []}`)},
	}
	in, err := parseInputs(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	listed := platformsIn(files, nil, nil)
	kept, described, err := pruneBuiltins(mods, listed, in.platforms(), []string{"K8S-001"})
	if err != nil {
		t.Fatal(err)
	}
	if got := folders(kept); !slices.Equal(got, []string{"dockerfile", "lib/docker", "lib/lib"}) {
		t.Errorf("compiled %v, want [dockerfile lib/docker lib/lib]", got)
	}
	var ids []string
	for _, r := range described {
		ids = append(ids, r.ID)
	}
	for _, id := range []string{"CFN-012", "GHA-001", "K8S-033", "TKN-001"} {
		if !slices.Contains(ids, id) {
			t.Errorf("%s is not described (listed platforms %v)", id, listed)
		}
	}
	if slices.Contains(ids, "K8S-001") || slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, "DKR-") || strings.HasPrefix(id, "TF-") }) {
		t.Errorf("described an excluded, a compiled or an unlisted rule: %v", ids)
	}
	// A platform library that another library imports is kept with it.
	cp := []ModuleSource{{Name: "builtin/rules/kubernetes/x.rego", Text: "package shiftgate.rules.kubernetes.x\nimport data.shiftgate.lib.cp\n", Origin: OriginBuiltin}}
	for _, m := range mods {
		if _, isRule := rulePlatform(m); !isRule {
			cp = append(cp, m)
		}
	}
	kept, _, err = pruneBuiltins(cp, nil, map[string]bool{"kubernetes": true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := folders(kept); !slices.Equal(got, []string{"kubernetes", "lib/cp", "lib/k8s", "lib/lib"}) {
		t.Errorf("compiled %v, want the rule, lib/cp, the lib/k8s it imports and lib/lib", got)
	}
}

// Every built-in rule's metadata literal, read without compiling, is what the compiled
// pack's metadata query gives: the rules a scan lists do not depend on which were
// compiled.
func TestLiteralMetadataIsTheCompiledOne(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	eng := newTestEngine(t)
	n := 0
	for _, m := range mods {
		if _, isRule := rulePlatform(m); !isRule {
			continue
		}
		meta, ok, err := literalMeta(m)
		if err != nil || !ok {
			t.Errorf("%s: metadata not read from the literal (%v)", m.Name, err)
			continue
		}
		// The short way (the literal's lines alone) reads every built-in.
		snippet, ok := metadataSnippet(m.Text)
		if short, ok2, err := literalMetaOf(m.Name, snippet); !ok || !ok2 || err != nil || !reflect.DeepEqual(short, meta) {
			t.Errorf("%s: the metadata lines alone give %+v (%v)", m.Name, short, err)
		}
		n++
		if want := eng.Rule(meta.ID); want == nil || !reflect.DeepEqual(meta, want) {
			t.Errorf("%s: literal %+v, compiled %+v", m.Name, meta, want)
		}
	}
	if n != len(eng.Rules()) {
		t.Errorf("%d rules read from literals, the pack has %d", n, len(eng.Rules()))
	}
	for _, text := range []string{
		"package shiftgate.rules.dockerfile.x\nmetadata := {\"id\": \"X\", \"title\": sprintf(\"%s\", [\"t\"]), \"severity\": \"low\"}\n",
		"package shiftgate.rules.dockerfile.x\nmetadata := {\"id\": \"X\", \"title\": \"t\", \"severity\": \"low\"} if input.x\n",
	} {
		if _, ok, _ := literalMeta(ModuleSource{Name: "x.rego", Text: text}); ok {
			t.Errorf("read a metadata that is not an unconditional literal:\n%s", text)
		}
	}
}

// Over every rule fixture, the engine compiled from the pruned pack finds and notes
// exactly what the whole pack does.
func TestPrunedPackFindsWhatTheWholePackFinds(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	whole := newTestEngine(t)
	engines := map[string]*Engine{}
	fixtures, err := filepath.Glob("testdata/rules/*.txtar")
	if err != nil || len(fixtures) < 400 {
		t.Fatalf("%d fixtures (%v)", len(fixtures), err)
	}
	ctx := context.Background()
	compared := 0
	for _, f := range fixtures {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var files []SourceFile
		for _, af := range ar.Files {
			files = append(files, SourceFile{Path: af.Name, Data: af.Data})
		}
		in, err := parseInputs(ctx, files)
		if err != nil {
			t.Fatal(err)
		}
		run := in.platforms()
		var key []string
		for p := range run {
			key = append(key, p)
		}
		slices.Sort(key)
		eng := engines[strings.Join(key, ",")]
		if eng == nil {
			kept, _, err := pruneBuiltins(mods, nil, run, nil)
			if err != nil {
				t.Fatal(err)
			}
			if eng, err = NewEngine(ctx, kept, nil); err != nil {
				t.Fatal(err)
			}
			engines[strings.Join(key, ",")] = eng
		}
		gotF, gotN, err1 := eng.evaluate(ctx, in)
		in2, _ := parseInputs(ctx, files)
		wantF, wantN, err2 := whole.evaluate(ctx, in2)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", f, err1, err2)
		}
		if !reflect.DeepEqual(gotF, wantF) || !reflect.DeepEqual(gotN, wantN) {
			t.Errorf("%s: pruned pack (%v) found %v, noted %v; the whole pack %v, %v", f, key, gotF, gotN, wantF, wantN)
		}
		compared += len(wantF)
	}
	if compared < 400 {
		t.Errorf("only %d findings compared: the comparison proves little", compared)
	}
}

// The check reports what it reported when it compiled every platform the paths can
// hold: the same findings and the same rules (shiftgate.json is byte for byte the
// same), on a tree like golang.org/x/vuln's (a Dockerfile, JSON test data, a workflow).
func TestCheckReportsWhatPathPruningReported(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"cmd/integration/Dockerfile":    "FROM golang:latest\nRUN curl https://example.com/x.sh | sh\n",
		"testdata/vulndb/aliases.json":  `{"GO-2021-0001": ["CVE-2021-0001"]}`,
		"testdata/vulndb/modules.json":  `[{"path": "golang.org/x/net"}]`,
		".github/workflows/test.yml":    "on: pull_request_target\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n",
		"internal/x/x.go":               "package x\n",
		"deploy/not-kubernetes.yaml":    "name: a config file\n",
		"infra/README.md":               "no Terraform here\n",
		"testdata/template/config.json": `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`,
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pol := policy.Default()
	pol.Checks.IaC.Exclude = []string{"DKR-001"}
	res, err := New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: pol})
	if err != nil {
		t.Fatal(err)
	}
	// The reference: every platform the paths can hold compiled, every library.
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	var files []SourceFile
	for _, f := range ws.Files() {
		if classify(f.Path) != "" {
			data, err := ws.ReadFile(f.Path)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, SourceFile{Path: f.Path, Data: data})
		}
	}
	ref, err := NewEngine(context.Background(), byPath(mods, platformsIn(files, nil, nil)), pol.Checks.IaC.Exclude)
	if err != nil {
		t.Fatal(err)
	}
	found, notes, err := ref.Scan(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 2 || len(ref.FindingRules()) < 100 {
		t.Fatalf("the reference found %d and lists %d rules: the comparison proves little", len(found), len(ref.FindingRules()))
	}
	if !reflect.DeepEqual(res.Findings, found) || !reflect.DeepEqual(res.Notes, notes) {
		t.Errorf("findings %v notes %v; by path %v, %v", res.Findings, res.Notes, found, notes)
	}
	if !reflect.DeepEqual(res.Rules, ref.FindingRules()) {
		t.Errorf("lists %d rules, by path %d: %v", len(res.Rules), len(ref.FindingRules()), fmt.Sprint(res.Rules)[:200])
	}
}
