package toolerr

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestClassifyKeepsOnlyReasonAndPathsInsideTheRoot(t *testing.T) {
	root := filepath.FromSlash("/w/repo")
	for _, tc := range []struct {
		raw, dir, want string
	}{
		{"# example.com/h/asm\n../../outside/secret.h:1: unrecognized instruction \"ghp_MARKER\"\nasm: assembly of asm/a.s failed\n",
			root, "asm/a.s: " + string(Assembler)},
		{"/home/runner/.config/gh/hosts.yml:3: unexpected \"ghp_MARKER\"\nasm: assembly of /home/runner/x.s failed\n",
			root, string(Assembler)},
		{"emb/emb.go:12:12: pattern missing.txt: no matching files found", root, "emb/emb.go:12: " + string(Embed)},
		{"go: example.com/x@v1.0.0: module lookup disabled by GOPROXY=off", root, string(Module)},
		{"go: could not create module cache: mkdir /nope: read-only file system", root, string(Cache)},
		{"sub/x.go:4:2: ghp_MARKER something new", filepath.Join(root, "sub"), "sub/sub/x.go:4: " + string(Other)},
		{"../x.go:4:2: ghp_MARKER", root, string(Other)},
	} {
		got := Classify(tc.raw, root, tc.dir).Error()
		if got != tc.want {
			t.Errorf("Classify(%q) = %q, want %q", tc.raw, got, tc.want)
		}
		if strings.Contains(got, "MARKER") || strings.Contains(got, "runner") || strings.Contains(got, "outside/") {
			t.Errorf("Classify(%q) publishes the tool's text: %q", tc.raw, got)
		}
	}
}

func TestToolchainErrorNamesTheVersionAskedFor(t *testing.T) {
	got := Classify("go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)", "/w", "/w").Error()
	if !strings.Contains(got, "asks for go1.99") {
		t.Errorf("got %q, want the version asked for", got)
	}
}

func TestClassifyGitKeepsOnlyTheReason(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want Kind
	}{
		{"fatal: not a git repository: /home/runner/.config/gh/hosts.yml", GitNotRepo},
		{"fatal: invalid gitfile format: /w/repo/.git", GitNotRepo},
		{"fatal: bad revision 'ghp_MARKER'", GitBadRef},
		{"fatal: detected dubious ownership in repository at '/home/runner/x'", GitDubious},
		{"error: object file .git/objects/ab/cd is empty\nfatal: loose object abcd (stored in /home/runner/x) is corrupt", GitCorrupt},
		{"fatal: path 'ghp_MARKER' does not exist in 'abc'", GitPath},
		{"", GitSilent},
		{"fatal: ghp_MARKER something new", GitOther},
	} {
		e := ClassifyGit(tc.raw)
		if e.Kind != tc.want {
			t.Errorf("ClassifyGit(%q) = %q, want %q", tc.raw, e.Kind, tc.want)
		}
		if got := e.Error(); strings.Contains(got, "MARKER") || strings.Contains(got, "runner") {
			t.Errorf("ClassifyGit(%q) publishes git's text: %q", tc.raw, got)
		}
	}
}
