package orgpolicy

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/sigstore/sigstore/pkg/signature"

	"github.com/shiftgate/shiftgate/internal/attest/verify"
	"github.com/shiftgate/shiftgate/internal/repofs"
)

// The media types and annotation of cosign's signature scheme
// (sigstore/cosign specs/SIGNATURE_SPEC.md) and of OPA's OCI bundles.
const (
	SimpleSigningType = "application/vnd.dev.cosign.simplesigning.v1+json"
	SigAnnotation     = "dev.cosignproject.cosign/signature"
	cosignSigType     = "cosign container image signature"
	// BundleLayerType is the layer OPA's OCI downloader loads as the bundle.
	BundleLayerType = "application/vnd.oci.image.layer.v1.tar+gzip"
	// BundleConfigType is the config media type OPA's documentation pushes bundles with.
	BundleConfigType = "application/vnd.oci.image.config.v1+json"
	maxSigSize       = 64 << 10
	maxSigLayers     = 32 // signatures read from one signature manifest
	maxKeySize       = 64 << 10
)

// evidence is what proves a bundle came from the signer, kept beside it in the cache
// so that an offline run verifies again instead of trusting the cache.
type evidence struct {
	// Kind is "blob" (a cosign sign-blob signature over the tar.gz), "oci" (a cosign
	// signature over an OCI manifest whose bundle layer is the tar.gz) or "sigstore" (a
	// keyless Sigstore bundle over the tar.gz).
	Kind string `json:"kind"`
	// Signature is the base64 signature (F.sig's content, or the layer annotation).
	Signature string `json:"signature"`
	// Manifest and Payload (oci): the artifact's manifest and the simple-signing
	// payload that names its digest.
	Manifest []byte `json:"manifest,omitempty"`
	Payload  []byte `json:"payload,omitempty"`
	// Bundle (sigstore): the keyless Sigstore bundle over the tar.gz.
	Bundle []byte `json:"bundle,omitempty"`
}

// check verifies the evidence for a bundle of the given digest with v.
func (e *evidence) check(v signature.Verifier, digest string) error {
	switch e.Kind {
	case "blob":
		return fmt.Errorf("internal: blob evidence is checked against the bytes")
	case "oci":
		if err := verifySig(v, e.Signature, e.Payload); err != nil {
			return err
		}
		var p struct {
			Critical struct {
				Image struct {
					Digest string `json:"docker-manifest-digest"`
				} `json:"image"`
				Type string `json:"type"`
			} `json:"critical"`
		}
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			return fmt.Errorf("the signed payload is not cosign's simple-signing JSON: %w", err)
		}
		if p.Critical.Type != cosignSigType {
			return fmt.Errorf("the signed payload's type is %q, not %q", p.Critical.Type, cosignSigType)
		}
		if md := Digest(e.Manifest); p.Critical.Image.Digest != md {
			return fmt.Errorf("the signature is for the manifest %s, not for this artifact's manifest %s", p.Critical.Image.Digest, md)
		}
		m, err := v1.ParseManifest(bytes.NewReader(e.Manifest))
		if err != nil {
			return fmt.Errorf("the artifact's manifest does not parse: %w", err)
		}
		layer, err := bundleLayer(m)
		if err != nil {
			return err
		}
		if layer.Digest.String() != digest {
			return fmt.Errorf("the signed artifact's bundle layer is %s, not the pinned %s", layer.Digest, digest)
		}
		return nil
	}
	return fmt.Errorf("unknown signature kind %q", e.Kind)
}

// bundleLayer is the one layer of OPA's bundle media type.
func bundleLayer(m *v1.Manifest) (v1.Descriptor, error) {
	var found []v1.Descriptor
	for _, l := range m.Layers {
		if string(l.MediaType) == BundleLayerType {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		return v1.Descriptor{}, fmt.Errorf("the artifact has %d layers of type %s, want exactly one (the bundle)", len(found), BundleLayerType)
	}
	if found[0].Size > MaxBundleSize {
		return v1.Descriptor{}, fmt.Errorf("the artifact's bundle layer is %d bytes, more than the %d a bundle may be", found[0].Size, MaxBundleSize)
	}
	return found[0], nil
}

func verifySig(v signature.Verifier, sigB64 string, data []byte) error {
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sigB64))
	if err != nil {
		return fmt.Errorf("the signature is not base64: %w", err)
	}
	if err := v.VerifySignature(bytes.NewReader(sig), bytes.NewReader(data)); err != nil {
		return fmt.Errorf("the signature does not verify with the key: it was made by another key, or the bytes changed since")
	}
	return nil
}

// verifier loads who must have signed: the public key a Source names, or its keyless
// identity and issuer with the trusted root from Options.
func verifier(s Source, o Options) (*trust, error) {
	if s.Identity != "" || s.Issuer != "" {
		if s.Key != "" {
			return nil, fmt.Errorf("give either key or identity and issuer, not both")
		}
		k, err := loadKeyless(s, o)
		if err != nil {
			return nil, err
		}
		return &trust{keyless: k}, nil
	}
	var pemBytes []byte
	switch {
	case s.Key == "":
		return nil, fmt.Errorf("no key to verify it with: give key: (a cosign.pub path or env://VAR), or identity and issuer; an unsigned organisation policy is never used")
	case strings.HasPrefix(s.Key, "env://"):
		name := strings.TrimPrefix(s.Key, "env://")
		if name == "" || o.Getenv == nil || strings.TrimSpace(o.Getenv(name)) == "" {
			return nil, fmt.Errorf("the key %s is empty or unset: put the PEM public key (cosign.pub) in the variable", s.Key)
		}
		pemBytes = []byte(o.Getenv(name))
	case strings.Contains(s.Key, "://"):
		return nil, fmt.Errorf("the key %q: only a cosign.pub file or env://VAR can verify an organisation policy", s.Key)
	default:
		var err error
		pemBytes, err = readPath(s.Key, o.Root, maxKeySize)
		if err != nil {
			return nil, fmt.Errorf("could not read the key %s: %w", s.Key, err)
		}
	}
	v, err := verify.LoadPublicKey(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("the key %s: %w", s.Key, err)
	}
	return &trust{key: v}, nil
}

// readPath reads a file named by the user: confined to root when root is set (a path
// the repository chose), as given otherwise (a flag of the runner).
func readPath(p, root string, max int64) ([]byte, error) {
	if root != "" {
		return repofs.ReadFile(root, p, max)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than %d bytes", p, max)
	}
	return b, nil
}
