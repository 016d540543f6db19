package outdir

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// Issue 12, attack 15: after a killed scan the out dir does not mix two runs' reports,
// and no stray temporary file or directory stays.
func TestGenerationsNeverMix(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	write := func(dir, name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Run 1: reports, provenance and its signature.
	g, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{JSON, SARIF, Provenance, Provenance + SigSuffix} {
		write(g.Dir, n, "run 1")
	}
	write(g.Dir, ".gitignore", "# Written by shiftgate: its reports are never committed.\n*\n")
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	// Run 2 is killed half way: its generation stays beside the out dir, out is intact.
	killed, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(killed.Dir, JSON, "run 2, half")
	if b, _ := os.ReadFile(filepath.Join(out, JSON)); string(b) != "run 1" {
		t.Fatalf("a run in progress changed the out dir: %q", b)
	}
	// Run 3 writes no provenance: nothing of run 1 or run 2 remains.
	g3, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(g3.Dir, JSON, "run 3")
	write(g3.Dir, SARIF, "run 3")
	write(g3.Dir, ".gitignore", "# Written by shiftgate: its reports are never committed.\n*\n")
	if err := g3.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, out); !slices.Equal(got, []string{".gitignore", JSON, SARIF}) {
		t.Errorf("out dir = %q, want only run 3's reports", got)
	}
	if b, _ := os.ReadFile(filepath.Join(out, JSON)); string(b) != "run 3" {
		t.Errorf("shiftgate.json = %q", b)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("beside the out dir: %q, want nothing but out (no stray generation)", got)
	}
}

// An out dir that holds the user's own files (--out .) is never swapped away.
func TestGenerationKeepsForeignFiles(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(out, Provenance), []byte("old"), 0o644)
	g, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(g.Dir, JSON), []byte("new"), 0o644)
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, out); !slices.Equal(got, []string{"notes.txt", JSON}) {
		t.Errorf("out dir = %q", got)
	}
}

// A scan's out dir ignores itself in git (a pre-commit hook run must not leave files
// git sees); a folder of the user's given as --out never gains a .gitignore.
func TestGenerationIgnoresItself(t *testing.T) {
	out := filepath.Join(t.TempDir(), ".shiftgate", "out")
	for range 2 { // a new out dir, then the next run over it
		g, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(g.Dir, JSON), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := g.Commit(); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(filepath.Join(out, ".gitignore")); err != nil || string(b) != Ignore {
			t.Fatalf(".gitignore = %q, %v", b, err)
		}
	}
	mine := t.TempDir()
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := Begin(mine)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(g.Dir, JSON), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(mine, ".gitignore")); err == nil {
		t.Error("a folder of the user's got a .gitignore")
	}
}
