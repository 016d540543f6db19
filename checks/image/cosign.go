package image

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The media types, annotations and tags of cosign's OCI conventions
// (github.com/sigstore/cosign specs/SIGNATURE_SPEC.md and ATTESTATION_SPEC.md).
const (
	simpleSigningType = "application/vnd.dev.cosign.simplesigning.v1+json"
	dsseType          = "application/vnd.dsse.envelope.v1+json"
	sigAnnotation     = "dev.cosignproject.cosign/signature"
	predicateAnnot    = "predicateType"
	// CycloneDXPredicate is the predicate type `cosign verify-attestation --type cyclonedx` expects.
	CycloneDXPredicate = "https://cyclonedx.org/bom"
)

// BlobSigner is what Publish needs from a key: a raw signature (base64) of a blob,
// and a DSSE envelope of an in-toto statement. internal/attest/sign.Signer is one.
type BlobSigner interface {
	SignBlob(ctx context.Context, data []byte) ([]byte, error)
	Attest(ctx context.Context, statement []byte) ([]byte, error)
}

// Pinned resolves a registry reference to REPO@DIGEST, so that what is scanned, signed
// and attested is one manifest even if the tag moves meanwhile. ok is false for a
// reference that is not a registry image (a local layout or tarball).
func Pinned(ref string) (name.Digest, bool, error) {
	r, err := name.ParseReference(ref, name.StrictValidation)
	if err != nil {
		return name.Digest{}, false, nil
	}
	if d, ok := r.(name.Digest); ok {
		return d, true, nil
	}
	desc, err := remote.Head(r, remote.WithAuthFromKeychain(authn.DefaultKeychain))
	if err != nil {
		return name.Digest{}, true, fmt.Errorf("image %s: could not resolve its digest: %w", r.Name(), err)
	}
	d, err := name.NewDigest(r.Context().Name() + "@" + desc.Digest.String())
	return d, true, err
}

// Statement is an in-toto v1 statement about the image digest.
func Statement(d name.Digest, predicateType string, predicate json.RawMessage) ([]byte, error) {
	hex := strings.TrimPrefix(d.DigestStr(), "sha256:")
	return json.Marshal(map[string]any{
		"_type":         "https://in-toto.io/Statement/v1",
		"subject":       []any{map[string]any{"name": d.Context().Name(), "digest": map[string]string{"sha256": hex}}},
		"predicateType": predicateType,
		"predicate":     predicate,
	})
}

// Publish signs the image d and attaches the given in-toto statements (each already
// about d) as attestations, the way `cosign sign` and `cosign attest` store them:
// a signature manifest under the tag sha256-HEX.sig and an attestation manifest under
// sha256-HEX.att, in the image's repository. `cosign verify` and `cosign
// verify-attestation` read them back.
func Publish(ctx context.Context, d name.Digest, s BlobSigner, statements map[string][]byte) error {
	opts := []remote.Option{remote.WithAuthFromKeychain(authn.DefaultKeychain), remote.WithContext(ctx)}
	payload, err := json.Marshal(map[string]any{
		"critical": map[string]any{
			"identity": map[string]string{"docker-reference": d.Context().Name()},
			"image":    map[string]string{"docker-manifest-digest": d.DigestStr()},
			"type":     "cosign container image signature",
		},
		"optional": nil,
	})
	if err != nil {
		return err
	}
	sig, err := s.SignBlob(ctx, payload)
	if err != nil {
		return err
	}
	sigImg, err := manifest(layer{payload, simpleSigningType, map[string]string{sigAnnotation: string(sig)}})
	if err != nil {
		return err
	}
	tag := func(suffix string) name.Tag {
		return d.Context().Tag(strings.Replace(d.DigestStr(), ":", "-", 1) + suffix)
	}
	if err := remote.Write(tag(".sig"), sigImg, opts...); err != nil {
		return fmt.Errorf("could not push the signature of %s: %w", d, err)
	}
	var ls []layer
	for _, pt := range sortedKeys(statements) {
		env, err := s.Attest(ctx, statements[pt])
		if err != nil {
			return err
		}
		ls = append(ls, layer{bytes.TrimSpace(env), dsseType, map[string]string{sigAnnotation: "", predicateAnnot: pt}})
	}
	if len(ls) == 0 {
		return nil
	}
	attImg, err := manifest(ls...)
	if err != nil {
		return err
	}
	if err := remote.Write(tag(".att"), attImg, opts...); err != nil {
		return fmt.Errorf("could not push the attestations of %s: %w", d, err)
	}
	return nil
}

type layer struct {
	body        []byte
	mediaType   types.MediaType
	annotations map[string]string
}

func manifest(ls ...layer) (v1.Image, error) {
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	for _, l := range ls {
		var err error
		img, err = mutate.Append(img, mutate.Addendum{Layer: static.NewLayer(l.body, l.mediaType), Annotations: l.annotations})
		if err != nil {
			return nil, err
		}
	}
	return img, nil
}

func sortedKeys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
