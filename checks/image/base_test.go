package image

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/finding"
)

func TestBaseAllowed(t *testing.T) {
	b := Base{Name: imagetest.BaseName, Digest: imagetest.BaseDigest}
	for allow, want := range map[string]bool{
		"docker.io/library/debian":         true,
		"docker.io/library/debian:12-slim": true,
		"docker.io/library/debian:12*":     true,
		"docker.io/library/*":              true,
		imagetest.BaseDigest:               true,
		"debian":                           false, // patterns are full registry/repository names
		"docker.io/library/debian:11*":     false,
		"docker.io/library/alpine":         false,
		"gcr.io/distroless/*":              false,
		"sha256:0000000000000000000000000000000000000000000000000000000000000000": false,
	} {
		if got := BaseAllowed(b, []string{allow}); got != want {
			t.Errorf("allow %q: %v, want %v", allow, got, want)
		}
	}
	// A short Docker Hub name is read as docker pull reads it.
	if !BaseAllowed(Base{Name: "debian:12"}, []string{"docker.io/library/debian"}) {
		t.Error("debian:12 is docker.io/library/debian")
	}
}

// The base is read from the manifest annotations (BuildKit), else the config labels;
// the check gives a finding for a base off the list and a note for an unknown one.
func TestBaseImageAllowlist(t *testing.T) {
	db := offlineDB(t)
	plain := must(imagetest.Named("debian-clean"))
	annotated := must(imagetest.Named("debian-clean-annotated"))
	cf, err := plain.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	c.Labels = map[string]string{AnnotationBaseName: "gcr.io/distroless/base-debian12:nonroot"}
	labelled, err := mutate.Config(plain, c)
	if err != nil {
		t.Fatal(err)
	}
	if b := BaseOf(labelled); b.Name != "gcr.io/distroless/base-debian12:nonroot" || b.From != "config labels" {
		t.Errorf("labelled base: %+v", b)
	}

	run := func(ref string, allow ...string) *checks.Result {
		e := env(ref, db)
		e.Policy.Checks.Image.Base.Allow = allow
		res, err := New().Run(context.Background(), e)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	annotatedRef, plainRef, labelledRef := writeLayout(t, annotated), writeLayout(t, plain), writeLayout(t, labelled)

	// Allowed: no finding, no note.
	res := run(annotatedRef, "docker.io/library/debian")
	if len(res.Findings) != 0 || len(res.Notes) != 0 {
		t.Errorf("allowed base: findings %v, notes %v", res.Findings, res.Notes)
	}
	// Not allowed: one high finding naming the base and the list.
	res = run(annotatedRef, "gcr.io/distroless/*")
	if len(res.Findings) != 1 {
		t.Fatalf("base off the list: %d findings, want 1: %v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.Rule != RuleBaseNotAllowed || f.Severity != finding.High || !strings.Contains(f.Message, imagetest.BaseName+"@"+imagetest.BaseDigest) ||
		!strings.Contains(f.Message, "gcr.io/distroless/*") || !strings.Contains(f.Message, "manifest annotations") {
		t.Errorf("finding: %+v", f)
	}
	if len(res.Rules) != 1 || res.Rules[0].ID != RuleBaseNotAllowed {
		t.Errorf("rules: %+v", res.Rules)
	}
	// The labelled image's distroless base is on that list.
	if res := run(labelledRef, "gcr.io/distroless/*"); len(res.Findings) != 0 {
		t.Errorf("labelled distroless base: %v", res.Findings)
	}
	// Unknown base: a note, no finding.
	res = run(plainRef, "docker.io/library/debian")
	if len(res.Findings) != 0 || len(res.Notes) != 1 || res.Notes[0].Kind != "base-unknown" {
		t.Errorf("unknown base: findings %v, notes %v", res.Findings, res.Notes)
	}
	// No allowlist: nothing about the base.
	if res := run(annotatedRef); len(res.Findings) != 0 || len(res.Notes) != 0 {
		t.Errorf("no allowlist: findings %v, notes %v", res.Findings, res.Notes)
	}
}
