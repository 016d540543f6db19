package scripttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const scripts = "../testdata/script"

// TestThemesPartitionTheScripts: every script runs in exactly one package, every glob
// of a theme still selects a script (a renamed script would otherwise fall back to
// internal/cli silently, and a stale glob hide that), and each theme's package exists.
func TestThemesPartitionTheScripts(t *testing.T) {
	all, err := filepath.Glob(filepath.Join(scripts, "*.txtar"))
	if err != nil || len(all) == 0 {
		t.Fatalf("no script in %s: %v", scripts, err)
	}
	seen := map[string]string{}
	for _, theme := range append([]string{""}, keys(Themes())...) {
		files, err := Files(scripts, theme)
		if err != nil {
			t.Fatalf("theme %q: %v", theme, err)
		}
		for _, f := range files {
			if prev, ok := seen[f]; ok {
				t.Errorf("%s runs in theme %q and in theme %q", f, prev, theme)
			}
			seen[f] = theme
		}
	}
	for _, f := range all {
		if _, ok := seen[f]; !ok {
			t.Errorf("%s runs in no package", f)
		}
	}
	for name, th := range Themes() {
		for _, g := range th.Globs {
			m, _ := filepath.Glob(filepath.Join(scripts, g))
			if len(m) == 0 {
				t.Errorf("theme %s: glob %q selects no script", name, g)
			}
		}
		pkg := filepath.Join("..", "..", "..", filepath.FromSlash(th.Package))
		if _, err := os.Stat(filepath.Join(pkg, "scripts_test.go")); err != nil {
			t.Errorf("theme %s: its package %s has no scripts_test.go: %v", name, th.Package, err)
		}
	}
}

func TestAScriptTwoThemesClaimIsAnError(t *testing.T) {
	themes := map[string]Theme{
		"a": {Globs: []string{"org_*.txtar"}},
		"b": {Globs: []string{"*_policy.txtar"}},
	}
	if got, err := themeOf(themes, "org_policy.txtar"); err == nil || !strings.Contains(err.Error(), "two themes, a and b") {
		t.Errorf("themeOf of a script two themes claim = %q, %v; want an error naming both", got, err)
	}
	if got, err := themeOf(themes, "org_x.txtar"); err != nil || got != "a" {
		t.Errorf("themeOf(org_x.txtar) = %q, %v; want a", got, err)
	}
	if got, err := themeOf(themes, "exit_codes.txtar"); err != nil || got != "" {
		t.Errorf("themeOf(exit_codes.txtar) = %q, %v; want internal/cli's", got, err)
	}
	if _, err := Files(scripts, "nope"); err == nil {
		t.Error("Files of an unknown theme: no error")
	}
}

func keys(m map[string]Theme) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
