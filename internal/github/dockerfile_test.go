package github

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// TestDockerfile holds the action's image to its promises: multi-stage, every base image
// pinned by digest, the Go toolchain in the runtime image, a non-root user, no remote
// ADD and no piped installers.
func TestDockerfile(t *testing.T) {
	f, err := os.Open("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	pinned := regexp.MustCompile(`^[^\s@]+:[^\s@]+@sha256:[0-9a-f]{64}$`)
	var froms, user, entry, health string
	stages := 0
	goCopied := false
	for _, n := range res.AST.Children {
		cmd := strings.ToLower(n.Value)
		var args []string
		for a := n.Next; a != nil; a = a.Next {
			args = append(args, a.Value)
		}
		switch cmd {
		case "from":
			stages++
			froms = args[0]
			if !pinned.MatchString(args[0]) {
				t.Errorf("line %d: FROM %s is not pinned by digest (image:tag@sha256:…)", n.StartLine, args[0])
			}
			user = ""
		case "add":
			t.Errorf("line %d: ADD: use COPY", n.StartLine)
		case "run":
			line := strings.Join(args, " ")
			if regexp.MustCompile(`(curl|wget)[^|]*\|\s*(ba|z)?sh`).MatchString(line) {
				t.Errorf("line %d: a downloaded script piped to a shell", n.StartLine)
			}
		case "user":
			user = args[0]
		case "entrypoint":
			entry = n.Original
		case "healthcheck":
			health = strings.Join(args, " ")
		case "copy":
			if strings.Contains(n.Original, "/usr/local/go /usr/local/go") && stages > 1 {
				goCopied = true
			}
		case "env", "arg":
			if regexp.MustCompile(`(?i)(token|secret|password|private_key)\s*=`).MatchString(n.Original) {
				t.Errorf("line %d: a secret in %s", n.StartLine, cmd)
			}
		}
	}
	if stages < 2 {
		t.Errorf("%d stage(s), want a multi-stage build", stages)
	}
	// The runtime needs a shell (the Tekton step script) and git (--changed-since), so
	// it is a slim Debian with package lists removed, not distroless.
	if !strings.HasPrefix(froms, "debian:bookworm-slim@") {
		t.Errorf("runtime image %s: want debian:bookworm-slim pinned by digest", froms)
	}
	if !goCopied {
		t.Error("the runtime image lacks the Go toolchain gosec and govulncheck need")
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "root" || u == "0" {
		t.Errorf("runtime USER %q: want a non-root user", user)
	}
	if health != "NONE" {
		t.Errorf("HEALTHCHECK %q: want NONE for a one-shot CLI", health)
	}
	if !strings.Contains(entry, "/usr/local/bin/shiftgate") {
		t.Errorf("ENTRYPOINT %q does not run shiftgate", entry)
	}
}
