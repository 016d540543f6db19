package iac

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// A tree with one Dockerfile compiles the Dockerfile rules and the libraries only; a
// YAML file keeps every platform its content may turn out to be.
func TestOnlyThePlatformsPresentAreCompiled(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	kept := func(need map[string]bool) []string {
		var out []string
		for _, m := range mods {
			if builtinNeeded(m.Name, need) {
				rest, _ := strings.CutPrefix(m.Name, "builtin/rules/")
				dir, _, _ := strings.Cut(rest, "/")
				if !slices.Contains(out, dir) {
					out = append(out, dir)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	docker := platformsIn([]SourceFile{{Path: "build/Dockerfile"}}, nil, nil)
	if got := kept(docker); !slices.Equal(got, []string{"dockerfile", "lib"}) {
		t.Errorf("one Dockerfile keeps %v, want [dockerfile lib]", got)
	}
	yaml := platformsIn([]SourceFile{{Path: "deploy/app.yaml"}}, nil, nil)
	if got := kept(yaml); !slices.Equal(got, []string{"cloudformation", "github", "kubernetes", "lib", "tekton"}) {
		t.Errorf("one YAML file keeps %v", got)
	}
	chart := platformsIn([]SourceFile{{Path: "chart/templates/_helpers.tpl"}}, []string{"chart"}, nil)
	if !chart["kubernetes"] || !chart["tekton"] {
		t.Errorf("a chart needs %v, want kubernetes and tekton", chart)
	}
	if got := kept(platformsIn(nil, nil, nil)); !slices.Equal(got, []string{"lib"}) {
		t.Errorf("no IaC file keeps %v, want [lib]", got)
	}
}

// The pruned engine finds in a Dockerfile what the whole pack finds.
func TestPrunedPackFindsWhatTheWholePackFinds(t *testing.T) {
	files := []SourceFile{{Path: "Dockerfile", Data: []byte("FROM ubuntu:latest\nRUN curl https://example.com/x.sh | sh\nUSER root\n")}}
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	need := platformsIn(files, nil, nil)
	pruned := slices.DeleteFunc(slices.Clone(mods), func(m ModuleSource) bool { return !builtinNeeded(m.Name, need) })
	if len(pruned) >= len(mods) {
		t.Fatalf("nothing pruned: %d of %d", len(pruned), len(mods))
	}
	ids := func(ms []ModuleSource) []string {
		eng, err := NewEngine(context.Background(), ms, nil)
		if err != nil {
			t.Fatal(err)
		}
		found, _, err := eng.Scan(context.Background(), files)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range found {
			out = append(out, f.Rule+"@"+f.Path)
		}
		slices.Sort(out)
		return out
	}
	whole, part := ids(mods), ids(pruned)
	if len(whole) == 0 {
		t.Fatal("the Dockerfile has no finding: the comparison proves nothing")
	}
	if !slices.Equal(whole, part) {
		t.Errorf("pruned pack found %v, the whole pack %v", part, whole)
	}
}
