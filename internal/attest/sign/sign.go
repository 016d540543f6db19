// Package sign signs what a scan wrote, in the formats the cosign CLI verifies:
//
//   - F.sig beside a file F: base64 of the signature over F's bytes (ECDSA P-256 with
//     SHA-256 for cosign's keys), what `cosign sign-blob --output-signature` writes and
//     `cosign verify-blob --key K --signature F.sig F` checks;
//   - an attestation: a DSSE envelope (payload type application/vnd.in-toto+json) of
//     an in-toto statement, what `cosign attest-blob` writes and
//     `cosign verify-blob-attestation` checks.
//
// Keys are named by a reference (see Load): a cosign key file, env://VAR, a KMS URI,
// or "keyless". cosign's own key loading (cosign/v2 pkg/signature) is deliberately not
// linked: it adds about 38 MB and 430 packages (a Kubernetes and a GitLab client among
// them) and carries GO-2026-4529, which has no fixed cosign/v2 version; the key format
// is decrypted with go-securesystemslib's encrypted package, the code cosign itself
// calls, and the cosign CLI verifies what is signed (internal/attest/sign tests). The
// private key and its password stay in memory: nothing here writes or logs them, and
// errors name only the reference.
package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/secure-systems-lab/go-securesystemslib/encrypted"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/dsse"
	"github.com/sigstore/sigstore/pkg/signature/kms"
	"github.com/sigstore/sigstore/pkg/signature/options"
)

// InTotoPayloadType is the DSSE payload type of an in-toto statement.
const InTotoPayloadType = "application/vnd.in-toto+json"

// PEM block types of cosign's encrypted private keys.
const (
	SigstorePrivateKeyPEM = "ENCRYPTED SIGSTORE PRIVATE KEY"
	CosignPrivateKeyPEM   = "ENCRYPTED COSIGN PRIVATE KEY"
)

// ErrNoKey says no signing key is available: no reference, an empty env:// variable,
// or keyless outside GitHub Actions.
var ErrNoKey = errors.New("no signing key available")

// KMSPrefixes are the KMS reference schemes sigstore's KMS providers understand.
var KMSPrefixes = []string{"awskms://", "gcpkms://", "azurekms://", "hashivault://"}

// Options are what loading a key may read.
type Options struct {
	// Getenv reads env:// keys, COSIGN_PASSWORD and the GitHub Actions OIDC variables.
	Getenv func(string) string
	// Keyless configures keyless signing (see keyless.go).
	Keyless KeylessOptions
}

// Signer signs blobs and attestations with one key.
type Signer struct {
	sv signature.SignerVerifier
	// Ref is the key's reference as the user wrote it: safe to show, never the key.
	Ref string
	// keyless is set for keyless signing.
	keyless *keylessSigner
}

// Load resolves a key reference:
//
//   - "" : ErrNoKey;
//   - "env://VAR": the PEM of a cosign private key in VAR (ErrNoKey when VAR is empty);
//   - "awskms://…", "gcpkms://…", "azurekms://…", "hashivault://…": through sigstore's
//     KMS provider lookup (kms.Get); this binary links no cloud provider, so these
//     fail with a message saying so unless a sigstore KMS plugin is on PATH;
//   - "keyless": in GitHub Actions, an ephemeral key certified by Fulcio with the
//     Actions OIDC token when it first signs, outputs logged in Rekor (see keyless.go);
//   - anything else: a cosign key file (cosign generate-key-pair), decrypted with
//     COSIGN_PASSWORD as cosign does.
func Load(ctx context.Context, ref string, o Options) (*Signer, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	switch {
	case ref == "":
		return nil, fmt.Errorf("%w: give --sign-key or set outputs.sign.key in the policy", ErrNoKey)
	case strings.HasPrefix(ref, "env://"):
		name := strings.TrimPrefix(ref, "env://")
		if name == "" {
			return nil, fmt.Errorf("the signing key reference %q names no variable: write env://VARIABLE", ref)
		}
		pemBytes := getenv(name)
		if strings.TrimSpace(pemBytes) == "" {
			return nil, fmt.Errorf("%w: the environment variable %s (from %q) is empty or unset", ErrNoKey, name, ref)
		}
		sv, err := LoadPrivateKey([]byte(pemBytes), []byte(getenv("COSIGN_PASSWORD")))
		if err != nil {
			return nil, fmt.Errorf("could not load the signing key from %s: %w", ref, err)
		}
		return &Signer{sv: sv, Ref: ref}, nil
	case ref == "keyless":
		ks, err := newKeyless(getenv, o.Keyless)
		if err != nil {
			return nil, err
		}
		return &Signer{Ref: ref, keyless: ks}, nil
	case unsupportedScheme(ref) != "":
		return nil, fmt.Errorf("the signing key reference %q is a cosign %s reference, which this build does not load (cosign's key loading is not linked: see internal/attest/README.md); give a cosign key file, env://VAR, a KMS URI or keyless", ref, unsupportedScheme(ref))
	case isKMS(ref):
		sv, err := kms.Get(ctx, ref, crypto.SHA256)
		if err != nil {
			var nf *kms.ProviderNotFoundError
			if errors.As(err, &nf) {
				return nil, fmt.Errorf("could not use the KMS key %q: this shiftgate build links no %s provider and no sigstore-kms plugin is on PATH; use a cosign key file or env://VAR: %w",
					ref, strings.SplitN(ref, "://", 2)[0], err)
			}
			return nil, fmt.Errorf("could not use the KMS key %q: %w", ref, err)
		}
		return &Signer{sv: sv, Ref: ref}, nil
	default:
		b, err := os.ReadFile(ref)
		if err != nil {
			return nil, fmt.Errorf("could not read the signing key %q: %w (give a cosign key file, env://VAR, a KMS URI or keyless)", ref, err)
		}
		sv, err := LoadPrivateKey(b, []byte(getenv("COSIGN_PASSWORD")))
		if err != nil {
			return nil, fmt.Errorf("could not load the signing key %q: %w", ref, err)
		}
		return &Signer{sv: sv, Ref: ref}, nil
	}
}

// IsFileRef reports whether ref names a key file: not keyless, no URI scheme (env://,
// a KMS, k8s://…) and not pkcs11:.
func IsFileRef(ref string) bool {
	return ref != "" && ref != "keyless" && !strings.Contains(ref, "://") && !strings.HasPrefix(ref, "pkcs11:")
}

// unsupportedScheme names the cosign key reference kinds this build does not load:
// Kubernetes Secrets, GitLab variables, PKCS #11 tokens and keys fetched over HTTP.
func unsupportedScheme(ref string) string {
	for _, p := range []string{"k8s://", "gitlab://", "pkcs11:", "http://", "https://"} {
		if strings.HasPrefix(ref, p) {
			return p
		}
	}
	return ""
}

func isKMS(ref string) bool {
	for _, p := range KMSPrefixes {
		if strings.HasPrefix(ref, p) {
			return true
		}
	}
	return false
}

// LoadPrivateKey decrypts a cosign private key (PEM "ENCRYPTED SIGSTORE PRIVATE KEY" or
// the older "ENCRYPTED COSIGN PRIVATE KEY": scrypt + secretbox over PKCS #8, as cosign's
// pkg/cosign.LoadPrivateKey does) into a signer with cosign's defaults.
func LoadPrivateKey(pemBytes, password []byte) (signature.SignerVerifier, error) {
	p, _ := pem.Decode(pemBytes)
	if p == nil {
		return nil, errors.New("not a PEM file: give the cosign.key written by `cosign generate-key-pair`")
	}
	if p.Type != SigstorePrivateKeyPEM && p.Type != CosignPrivateKeyPEM {
		return nil, fmt.Errorf("a %q PEM block is not a cosign private key (want %q)", p.Type, SigstorePrivateKeyPEM)
	}
	der, err := encrypted.Decrypt(p.Bytes, password)
	if err != nil {
		return nil, fmt.Errorf("could not decrypt the key (is COSIGN_PASSWORD right?): %w", err)
	}
	pk, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("could not parse the decrypted key: %w", err)
	}
	// cosign signs with ED25519ph for ed25519 keys; ECDSA and RSA use SHA-256.
	return signature.LoadDefaultSignerVerifier(pk, options.WithED25519ph())
}

// Keyless reports whether the signer is keyless (bundles instead of .sig files).
func (s *Signer) Keyless() bool { return s.keyless != nil }

// SignBlob returns the content of F.sig for data: base64 of the raw signature.
func (s *Signer) SignBlob(ctx context.Context, data []byte) ([]byte, error) {
	if s.sv == nil {
		return nil, fmt.Errorf("the %s signer writes Sigstore bundles, not .sig files", s.Ref)
	}
	sig, err := s.sv.SignMessage(bytes.NewReader(data), options.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("could not sign with %s: %w", s.Ref, err)
	}
	return []byte(base64.StdEncoding.EncodeToString(sig)), nil
}

// Attest returns the DSSE envelope (one JSON line) of an in-toto statement.
func (s *Signer) Attest(ctx context.Context, statement []byte) ([]byte, error) {
	if s.sv == nil {
		return nil, fmt.Errorf("the %s signer writes Sigstore bundles, not DSSE envelopes", s.Ref)
	}
	env, err := dsse.WrapSigner(s.sv, InTotoPayloadType).SignMessage(bytes.NewReader(statement), options.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("could not sign the attestation with %s: %w", s.Ref, err)
	}
	return append(env, '\n'), nil
}

// PublicKeyPEM returns the signer's public key as cosign.pub would hold it.
func (s *Signer) PublicKeyPEM() ([]byte, error) {
	if s.sv == nil {
		return nil, fmt.Errorf("the %s signer has no long-lived public key", s.Ref)
	}
	pub, err := s.sv.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("could not get the public key of %s: %w", s.Ref, err)
	}
	return cryptoutils.MarshalPublicKeyToPEM(pub)
}
