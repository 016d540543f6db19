package testutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WriteFile writes content to the slash path rel under root, creating directories.
func WriteFile(t testing.TB, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// WriteTree writes every file of the map (slash path to content) under root.
func WriteTree(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		WriteFile(t, root, rel, content)
	}
}

// CopyTree copies the tree at src to dst (which may exist), so a test can scan, and
// let the scan write into, a copy instead of a checked-in fixture. Symbolic links in
// src are an error (os.CopyFS).
func CopyTree(t testing.TB, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatalf("could not copy %s: %v", src, err)
	}
}

// LineOf returns the 1-based number of the first line of file that contains text, so
// a test can name a fixture's line by what is on it rather than by a number.
func LineOf(t testing.TB, file, text string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line containing %q", file, text)
	return 0
}
