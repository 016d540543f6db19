package iac

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// Every file of the shared corpora (KICS's samples of every platform, Tekton's
// catalog and examples, real and starter workflows), scanned alone under its own
// path and under the path that makes it a workflow, a Terraform or a Dockerfile
// input: the pruned pack (the platforms parsed compiled, the others described)
// reports the same findings, notes and rules as the pack chosen by path, which
// compiled every platform the path can hold. Per-file trees are where the parsed
// platforms and the listed ones differ most.
func TestPrunedPackMatchesThePathPackOnTheCorpora(t *testing.T) {
	corpora := os.Getenv("SHIFTGATE_CORPORA")
	if corpora == "" {
		t.Skip("SHIFTGATE_CORPORA is not set: the pruning comparison over the corpora needs the shared corpora folder")
	}
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	exclude := []string{"k8s-001", "DKR-002", "GHA-001", "CFN-070", "TKN-001", "TF-001"}
	engines := map[string]*Engine{}
	engine := func(t *testing.T, key string, build func() ([]ModuleSource, error)) *Engine {
		if e := engines[key]; e != nil {
			return e
		}
		ms, err := build()
		if err != nil {
			t.Fatal(err)
		}
		e, err := NewEngine(ctx, ms, exclude)
		if err != nil {
			t.Fatal(err)
		}
		engines[key] = e
		return e
	}
	setKey := func(m map[string]bool) string {
		var k []string
		for p := range m {
			k = append(k, p)
		}
		slices.Sort(k)
		return strings.Join(k, ",")
	}
	compared, findings, nfiles := 0, 0, 0
	for _, corpus := range []string{"kics", "tekton", "workflows"} {
		root := filepath.Join(corpora, corpus)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(corpora, p)
			rel = filepath.ToSlash(rel)
			base := path.Base(rel)
			names := []string{rel}
			// Every file under its own path; every tenth also under another platform's
			// (all of them took 115–190 s, near a loaded CI's per-package timeout).
			nfiles++
			switch ext := path.Ext(base); ext {
			case ".yml", ".yaml":
				names = append(names, ".github/workflows/"+base)
			case ".tf", ".json":
				names = append(names, strings.TrimSuffix(base, ext)+"/"+base)
			case ".dockerfile", "":
				names = append(names, "x/Dockerfile")
			}
			if nfiles%10 != 0 {
				names = names[:1]
			}
			for _, name := range names {
				files := []SourceFile{{Path: name, Data: data}}
				in, err := parseInputs(ctx, files)
				if err != nil {
					t.Fatal(err)
				}
				listed, run := platformsIn(files, nil, nil), in.platforms()
				pe := engine(t, "pruned "+setKey(listed)+" / "+setKey(run), func() ([]ModuleSource, error) {
					kept, _, err := pruneBuiltins(mods, listed, run, exclude)
					return kept, err
				})
				_, described, err := pruneBuiltins(mods, listed, run, exclude)
				if err != nil {
					t.Fatal(err)
				}
				we := engine(t, "path "+setKey(listed), func() ([]ModuleSource, error) { return byPath(mods, listed), nil })
				gotF, gotN, err1 := pe.evaluate(ctx, in)
				in2, _ := parseInputs(ctx, files)
				wantF, wantN, err2 := we.evaluate(ctx, in2)
				if err1 != nil || err2 != nil {
					t.Fatalf("%s: %v, %v", name, err1, err2)
				}
				gotR := slices.Concat(pe.FindingRules(), described)
				slices.SortFunc(gotR, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
				if !reflect.DeepEqual(gotF, wantF) || !reflect.DeepEqual(gotN, wantN) {
					t.Errorf("%s (%s): pruned pack found %v, noted %v; by path %v, %v", rel, name, gotF, gotN, wantF, wantN)
				}
				if wantR := we.FindingRules(); !reflect.DeepEqual(gotR, wantR) {
					t.Errorf("%s (%s): pruned pack lists %d rules, by path %d", rel, name, len(gotR), len(wantR))
				}
				compared++
				findings += len(wantF)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d scans compared, %d findings, %d engines", compared, findings, len(engines))
	if compared < 3000 || findings < 3000 {
		t.Errorf("%d scans, %d findings compared: the comparison proves little", compared, findings)
	}
}
