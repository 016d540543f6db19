package sast_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks/sast"
)

// paritySample is one entry of the gosec corpus index (gosec's own rule samples,
// split one folder per sample; see SOURCE.txt in the corpus).
type paritySample struct {
	Var           string   `json:"var"`
	Index         int      `json:"index"`
	Files         []string `json:"files"`
	Expected      int      `json:"expected_issues"`
	DefaultConfig bool     `json:"default_config"`
	Dir           string   `json:"dir"`
	Rule          *string  `json:"rule"`
}

// TestGosecSamplesParity runs our engine, with every default rule on, over gosec's
// rule samples and compares the number of issues of each sample's rule with the
// number gosec's own tests expect. It needs SHIFTGATE_CORPORA.
func TestGosecSamplesParity(t *testing.T) {
	corpora := os.Getenv("SHIFTGATE_CORPORA")
	if corpora == "" {
		t.Skip("SHIFTGATE_CORPORA is not set: the gosec samples corpus is not available")
	}
	base := filepath.Join(corpora, "gosec", "extracted")
	raw, err := os.ReadFile(filepath.Join(base, "index.json"))
	if err != nil {
		t.Fatalf("could not read the corpus index: %v", err)
	}
	var index []paritySample
	if err := json.Unmarshal(raw, &index); err != nil {
		t.Fatalf("corpus index: %v", err)
	}
	// One temporary module holds every sample as its own package, loaded in one go.
	mod := t.TempDir()
	var samples []paritySample
	skipped := 0
	for _, s := range index {
		if s.Rule == nil || !s.DefaultConfig {
			skipped++ // no rule mapping upstream, or a non-default gosec configuration
			continue
		}
		dir := filepath.Join(mod, "s", filepath.FromSlash(s.Dir))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range s.Files {
			b, err := os.ReadFile(filepath.Join(base, filepath.FromSlash(s.Dir), f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		samples = append(samples, s)
	}
	ctx := context.Background()
	// Modules some samples import, required at versions the module cache holds so the
	// corpus loads offline. Packages whose imports cannot be resolved still go
	// through the AST rules.
	parityDeps := []string{
		"golang.org/x/crypto v0.58.0",
		"github.com/BurntSushi/toml v1.6.0",
		"go.yaml.in/yaml/v3 v3.0.4",
	}
	env := append(os.Environ(), "GOPROXY=off", "GOSUMDB=off")
	eng := &sast.Engine{Env: env}
	local := localVersion(t)
	gomod := "module example.com/paritycorpus\n\ngo " + strings.TrimPrefix(local, "go") + "\n\nrequire (\n\t" + strings.Join(parityDeps, "\n\t") + "\n)\n"
	analyse := func(gomod string) (*sast.ModuleResult, error) {
		// The go command finds the module root by its go.mod, even with -modfile.
		if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		return eng.AnalyzeModule(ctx, mod, []byte(gomod), nil, local)
	}
	res, err := analyse(gomod)
	if err == nil && res.Failed != "" {
		t.Logf("loading with the extra dependencies failed (%s): retrying without them", res.Failed)
		res, err = analyse("module example.com/paritycorpus\n\ngo " + strings.TrimPrefix(local, "go") + "\n")
	}
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != "" {
		t.Fatalf("the corpus module could not be analysed: %s", res.Failed)
	}
	got := map[string]int{}
	for _, iss := range res.Issues {
		if len(iss.Suppressions) > 0 {
			continue // gosec's tests do not count #nosec'd issues
		}
		rel, err := filepath.Rel(filepath.Join(mod, "s"), filepath.Dir(iss.File))
		if err != nil {
			continue
		}
		got[filepath.ToSlash(rel)+"\x00"+iss.RuleID]++
	}
	var misses []string
	for _, s := range samples {
		n := got[s.Dir+"\x00"+*s.Rule]
		if n != s.Expected {
			misses = append(misses, fmt.Sprintf("%s #%d (%s): %d issue(s), gosec expects %d", s.Var, s.Index, *s.Rule, n, s.Expected))
		}
	}
	sort.Strings(misses)
	matched := len(samples) - len(misses)
	rate := 100 * float64(matched) / float64(len(samples))
	t.Logf("gosec samples parity: %d/%d samples match (%.2f%%); %d not applicable (no rule mapping or non-default config); %d packages loaded, %d analysed, %d load notes",
		matched, len(samples), rate, skipped, res.Packages, res.Analysed, len(res.Notes))
	for _, n := range res.Notes {
		t.Logf("note: %s", strings.ReplaceAll(n.Message, mod+string(filepath.Separator), ""))
	}
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	if rate < 98 {
		t.Errorf("parity %.2f%% is under 98%%", rate)
	}
}

func localVersion(t *testing.T) string {
	t.Helper()
	v, err := (&sast.Engine{}).LocalGoVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
