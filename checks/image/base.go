package image

import (
	"fmt"
	"path"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// The OCI annotations (image-spec annotations.md) that name the image a build started
// FROM. BuildKit writes them on the manifest; some builders put them in the config's
// labels instead.
const (
	AnnotationBaseName   = "org.opencontainers.image.base.name"
	AnnotationBaseDigest = "org.opencontainers.image.base.digest"
)

// RuleBaseNotAllowed is the finding for a base image outside checks.image.base.allow.
const RuleBaseNotAllowed = "IMAGE-BASE-001"

// Base is the image an image was built on, as its annotations or labels name it.
type Base struct {
	Name   string // as written: docker.io/library/debian:12
	Digest string // sha256:…, when recorded
	From   string // where it was read: "manifest annotations" or "config labels"
}

// BaseOf reads the base image from the manifest's annotations, else from the config's
// labels. The layer history cannot name it (it records `ADD file:… in /`, not the
// FROM line), so an image without either has an unknown base (a zero Base).
func BaseOf(img v1.Image) Base {
	if m, err := img.Manifest(); err == nil && (m.Annotations[AnnotationBaseName] != "" || m.Annotations[AnnotationBaseDigest] != "") {
		return Base{Name: m.Annotations[AnnotationBaseName], Digest: m.Annotations[AnnotationBaseDigest], From: "manifest annotations"}
	}
	if cf, err := img.ConfigFile(); err == nil && (cf.Config.Labels[AnnotationBaseName] != "" || cf.Config.Labels[AnnotationBaseDigest] != "") {
		return Base{Name: cf.Config.Labels[AnnotationBaseName], Digest: cf.Config.Labels[AnnotationBaseDigest], From: "config labels"}
	}
	return Base{}
}

// Known reports whether the image names its base at all.
func (b Base) Known() bool { return b.Name != "" || b.Digest != "" }

// forms are the spellings of the base a pattern is matched against: as written, and
// normalised the way `docker pull` reads it (docker.io/library/debian) with and
// without its tag.
func (b Base) forms() []string {
	var out []string
	if b.Name == "" {
		return out
	}
	out = append(out, b.Name)
	r, err := name.ParseReference(b.Name)
	if err != nil {
		return out
	}
	reg := r.Context().RegistryStr()
	if reg == name.DefaultRegistry {
		reg = "docker.io"
	}
	repo := reg + "/" + r.Context().RepositoryStr()
	out = append(out, repo)
	switch t := r.(type) {
	case name.Tag:
		out = append(out, repo+":"+t.TagStr())
	case name.Digest:
		out = append(out, repo+"@"+t.DigestStr())
	}
	return out
}

// BaseAllowed reports whether one of the allow entries covers the base: a digest
// (sha256:…) equal to the recorded base digest, or a glob (path.Match: `*` stops at
// `/`) over the registry/repository, with or without the tag, e.g.
// `docker.io/library/debian`, `gcr.io/distroless/*`, `docker.io/library/alpine:3.*`.
func BaseAllowed(b Base, allow []string) bool {
	for _, a := range allow {
		a = strings.TrimSpace(a)
		if strings.HasPrefix(a, "sha256:") {
			if b.Digest == a || strings.HasSuffix(b.Name, "@"+a) {
				return true
			}
			continue
		}
		for _, f := range b.forms() {
			if ok, _ := path.Match(a, f); ok {
				return true
			}
		}
	}
	return false
}

// checkBase judges the base against the allowlist: nil, nil when there is no list or
// the base is allowed; a finding when a known base is not allowed; a note when the
// image does not say what its base is (nothing to judge, and the report says so).
func checkBase(ref string, b Base, allow []string) (*finding.Finding, *finding.Note) {
	if len(allow) == 0 {
		return nil, nil
	}
	if !b.Known() {
		return nil, &finding.Note{Check: Name, Kind: "base-unknown", Message: fmt.Sprintf(
			"image %s: the base image is unknown (no %s annotation or label), so checks.image.base.allow could not judge it; build with BuildKit (docker buildx build) or set the annotation", ref, AnnotationBaseName)}
	}
	if BaseAllowed(b, allow) {
		return nil, nil
	}
	shown := b.Name
	if shown == "" {
		shown = b.Digest
	} else if b.Digest != "" && !strings.Contains(shown, "@") {
		shown += "@" + b.Digest
	}
	f := finding.Finding{
		Check: Name, Tool: "shiftgate", Rule: RuleBaseNotAllowed, Severity: finding.High,
		Message: fmt.Sprintf("image %s is built on %s (from its %s), which checks.image.base.allow does not list (%s)", ref, shown, b.From, strings.Join(allow, ", ")),
		Snippet: "FROM " + shown,
	}
	f.Fingerprint = finding.Fingerprint(&f)
	return &f, nil
}

// baseRule describes RuleBaseNotAllowed.
func baseRule() finding.Rule {
	return finding.Rule{
		ID: RuleBaseNotAllowed, Name: "BaseImageNotAllowed", Title: "The image's base image is not on the allowlist",
		Description: "The image's org.opencontainers.image.base.name / .digest annotations name a base image that checks.image.base.allow does not cover.",
		Help:        "Build FROM an allowed base image, or add the base (a registry/repository glob or its sha256 digest) to checks.image.base.allow.",
		Severity:    finding.High, Tags: []string{"security", "container", "supply-chain"},
	}
}
