package testutil

import (
	"os"
	"path/filepath"
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
