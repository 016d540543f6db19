package iac

import (
	"strings"
	"testing"
)

// TestKustomizeOverlay builds testdata/kustomize/app/overlays/prod (a base, a name
// prefix, a strategic-merge patch making the container privileged, a generator and
// a remote base) and checks that the patch is judged only as part of the build: the
// fields the base sets raise nothing, the field the patch sets is reported at the
// patch's line, and the base's own fields at the base's lines.
func TestKustomizeOverlay(t *testing.T) {
	found, notes, files := scanTree(t, "testdata/kustomize")
	for _, f := range found {
		if _, ok := files[f.Path]; !ok {
			t.Errorf("finding at a file that does not exist: %s:%d %s", f.Path, f.Line, f.Rule)
		}
		switch f.Rule {
		case "K8S-003", "K8S-005", "K8S-009", "K8S-029", "K8S-031", "K8S-032", "K8S-043":
			t.Errorf("%s at %s:%d: the base sets this field, the patch is not judged alone (%s)", f.Rule, f.Path, f.Line, f.Message)
		}
	}
	for _, w := range []struct{ rule, at, msg string }{
		{"K8S-001", "app/overlays/prod/privileged.yaml:12", `Deployment "prod-web" runs privileged`},
		{"K8S-021", "app/base/deployment.yaml:16", `"nginx:1.27"`},
		// A field nobody sets is missing where the base defines the container.
		{"K8S-016", "app/base/deployment.yaml:15", `has no cpu limit`},
	} {
		if !hasAt(found, w.rule, w.at, w.msg) {
			t.Errorf("want %s at %s (%q); got:\n%s", w.rule, w.at, w.msg, list(found))
		}
	}
	var remoteNote bool
	for _, n := range notes {
		remoteNote = remoteNote || n.Path == "app/overlays/prod/kustomization.yaml" && strings.Contains(n.Message, `remote resource "https://github.com/example/remote//deploy?ref=v1" is not fetched`)
		if n.Kind == "not-rendered" {
			t.Errorf("the overlay did not build: %+v", n)
		}
	}
	if !remoteNote {
		t.Errorf("no note for the remote base: %+v", notes)
	}
}
