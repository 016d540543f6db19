// Package sign signs what a scan wrote, in the formats the cosign CLI verifies:
//
//   - F.sig beside a file F: base64 of the signature over F's bytes (ECDSA P-256 with
//     SHA-256 for cosign's keys), what `cosign sign-blob --output-signature` writes and
//     `cosign verify-blob --key K --signature F.sig F` checks;
//   - an attestation: a DSSE envelope (payload type application/vnd.in-toto+json) of
//     an in-toto statement, what `cosign attest-blob` writes and
//     `cosign verify-blob-attestation` checks.
//
// Keys are named by a reference (see Load) and loaded by cosign's own code
// (sigstore/cosign/v2 pkg/signature.SignerVerifierFromKeyRef and pkg/cosign): every
// reference cosign accepts, with its password handling, or "keyless". The private
// key and its password stay in memory: nothing here writes or logs them, and errors
// name only the reference.
package sign

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/sigstore/cosign/v2/pkg/cosign"
	cosignsig "github.com/sigstore/cosign/v2/pkg/signature"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/dsse"
	"github.com/sigstore/sigstore/pkg/signature/options"
)

// InTotoPayloadType is the DSSE payload type of an in-toto statement.
const InTotoPayloadType = "application/vnd.in-toto+json"

// PEM block types of cosign's encrypted private keys.
const (
	SigstorePrivateKeyPEM = cosign.SigstorePrivateKeyPemType
	CosignPrivateKeyPEM   = cosign.CosignPrivateKeyPemType
)

// ErrNoKey says no signing key is available: no reference, an empty env:// variable,
// or keyless outside GitHub Actions.
var ErrNoKey = errors.New("no signing key available")

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
//   - "keyless": in GitHub Actions, an ephemeral key certified by Fulcio with the
//     Actions OIDC token when it first signs, outputs logged in Rekor (see keyless.go);
//   - "env://VAR": the PEM of a cosign private key in VAR, read through Options.Getenv
//     (ErrNoKey when VAR is empty) and decrypted by cosign.LoadPrivateKey;
//   - anything else, as cosign sign-blob --key takes it, through cosign's
//     SignerVerifierFromKeyRef: a cosign key file, k8s://namespace/secret, gitlab://
//     project, pkcs11: URIs (only in a build with cosign's pkcs11key tag and cgo), the
//     KMS schemes whose sigstore provider this build links or a sigstore-kms plugin
//     on PATH serves (awskms://, gcpkms://, azurekms://, hashivault://).
//
// The password of an encrypted key is COSIGN_PASSWORD, else, on a terminal, cosign's
// own prompt; without either it is empty (cosign would read stdin, which a CI step
// must not block on).
func Load(ctx context.Context, ref string, o Options) (*Signer, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	pass := passFunc(getenv)
	switch {
	case ref == "":
		return nil, fmt.Errorf("%w: give --sign-key or set outputs.sign.key in the policy", ErrNoKey)
	case ref == "keyless":
		ks, err := newKeyless(getenv, o.Keyless)
		if err != nil {
			return nil, err
		}
		return &Signer{Ref: ref, keyless: ks}, nil
	case strings.HasPrefix(ref, "env://"):
		name := strings.TrimPrefix(ref, "env://")
		if name == "" {
			return nil, fmt.Errorf("the signing key reference %q names no variable: write env://VARIABLE", ref)
		}
		pemBytes := getenv(name)
		if strings.TrimSpace(pemBytes) == "" {
			return nil, fmt.Errorf("%w: the environment variable %s (from %q) is empty or unset", ErrNoKey, name, ref)
		}
		sv, err := LoadPrivateKey([]byte(pemBytes), pass)
		if err != nil {
			return nil, fmt.Errorf("could not load the signing key from %s: %w", ref, err)
		}
		return &Signer{sv: sv, Ref: ref}, nil
	}
	if IsFileRef(ref) {
		if _, err := os.Stat(ref); err != nil {
			return nil, fmt.Errorf("could not read the signing key %q: %w (give a cosign key file, env://VAR, a key reference cosign accepts or keyless)", ref, err)
		}
	}
	sv, err := cosignsig.SignerVerifierFromKeyRef(ctx, ref, pass, nil)
	if err != nil {
		return nil, fmt.Errorf("could not load the signing key %q: %w%s", ref, err, hint(ref, err))
	}
	return &Signer{sv: sv, Ref: ref}, nil
}

// passFunc is cosign's PassFunc with its sources: COSIGN_PASSWORD, else the
// terminal prompt cosign shows, else empty.
func passFunc(getenv func(string) string) cosign.PassFunc {
	return func(bool) ([]byte, error) {
		if pw := getenv("COSIGN_PASSWORD"); pw != "" {
			return []byte(pw), nil
		}
		if cosign.IsTerminal() {
			return cosign.GetPassFromTerm(false)
		}
		return []byte{}, nil
	}
}

// hint adds what to do for the failures users meet most.
func hint(ref string, err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "decrypt"):
		return " (is COSIGN_PASSWORD right?)"
	case strings.Contains(msg, "unsupported pem type") || strings.Contains(msg, "invalid pem block"):
		return " (not a cosign private key: give the cosign.key written by `cosign generate-key-pair`)"
	case strings.HasPrefix(ref, "pkcs11:"):
		return " (this shiftgate build has no PKCS #11 support: cosign's pkcs11key build tag needs cgo)"
	case strings.Contains(ref, "://") && !strings.HasPrefix(ref, "k8s://") && !strings.HasPrefix(ref, "gitlab://"):
		return " (this shiftgate build links no provider for " + strings.SplitN(ref, "://", 2)[0] + ":// and no sigstore-kms plugin is on PATH; use a cosign key file or env://VAR)"
	}
	return ""
}

// IsFileRef reports whether ref names a key file (no URI scheme, not pkcs11:, not
// keyless): such a path in the policy is relative to the repository.
func IsFileRef(ref string) bool {
	return ref != "" && ref != "keyless" && !strings.Contains(ref, "://") && !strings.HasPrefix(ref, "pkcs11:")
}

// LoadPrivateKey decrypts a cosign private key (PEM "ENCRYPTED SIGSTORE PRIVATE KEY" or
// the older "ENCRYPTED COSIGN PRIVATE KEY") with cosign's own cosign.LoadPrivateKey,
// into a signer with cosign's defaults (ED25519ph for ed25519 keys).
func LoadPrivateKey(pemBytes []byte, pf cosign.PassFunc) (signature.SignerVerifier, error) {
	pw, err := pf(false)
	if err != nil {
		return nil, fmt.Errorf("could not read the key's password: %w", err)
	}
	sv, err := cosign.LoadPrivateKey(pemBytes, pw, nil)
	if err != nil {
		return nil, fmt.Errorf("%w%s", err, hint("", err))
	}
	return sv, nil
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
