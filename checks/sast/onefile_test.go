package sast

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// scanWith runs the check over root with the cache store (nil: no cache) and returns
// its error, findings, rules and notes as JSON lines.
func scanWith(t *testing.T, root string, store *cache.Store) string {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &policy.Policy{}
	p.Checks.SAST.Enabled = true
	res, err := New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: p, Cache: store})
	var lines []string
	if err != nil {
		// A package that does not type-check fails the check, with what it found.
		lines = append(lines, "error: "+err.Error())
	}
	if res == nil {
		return strings.Join(lines, "\n")
	}
	for _, f := range res.Findings {
		b, _ := json.Marshal(f)
		lines = append(lines, string(b))
	}
	for _, n := range res.Notes {
		b, _ := json.Marshal(n)
		lines = append(lines, string(b))
	}
	b, _ := json.Marshal(res.Rules)
	return strings.Join(append(lines, string(b)), "\n")
}

// A scan with the cache of the commit before a one-file change reports what a scan
// without the cache reports, whether the packages the change leaves to analyse load
// through the root loader (a changed package imported by another: a and b) or through
// go/packages (a change in the package that does not type-check: c, and d that
// imports it); the module has a cgo file beside plain Go files (f).
func TestOneChangedFileFindsWhatAColdScanFinds(t *testing.T) {
	root := writeFiles(t, loadModule)
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	scanWith(t, root, store) // the commit before
	for _, change := range []struct{ file, add string }{
		{"a/a.go", "\n// Version is new.\nfunc Version() string { return \"1\" }\n"},
		{"c/c.go", "\nconst unused = 1\n"},
		{"a/a.go", "\nfunc helper() int { return 2 }\n"},
	} {
		p := filepath.Join(root, filepath.FromSlash(change.file))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(b, change.add...), 0o644); err != nil {
			t.Fatal(err)
		}
		before := slices.Clone(store.Stats())
		got := scanWith(t, root, store)
		stats := store.Stats()
		want := scanWith(t, root, nil)
		if got != want {
			t.Errorf("after a change to %s, the scan with the cache differs from one without:\n--- with the cache\n%s\n--- without\n%s", change.file, got, want)
		}
		if !strings.Contains(want, "G402") || !strings.Contains(want, "undefinedThing") {
			t.Errorf("the fixture lost its findings or its type error:\n%s", want)
		}
		if change.file == "a/a.go" && exportHits(before) == exportHits(stats) {
			t.Errorf("after a change to %s, no export data path came from the cache (the root loader did not run): %v", change.file, stats)
		}
	}
}

// exportHits is the sast-export line of the cache's statistics.
func exportHits(stats []string) string {
	for _, s := range stats {
		if strings.HasPrefix(s, exportKind+" ") {
			return s
		}
	}
	return ""
}
