package orgpolicy

import (
	"bytes"
	"fmt"

	"github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
	"github.com/sigstore/sigstore/pkg/signature"
)

// BundleSuffix names a keyless signature beside a file or URL: FILE.sigstore.json, the
// Sigstore bundle `cosign sign-blob --bundle` and `shiftgate policy bundle --key
// keyless` write.
const BundleSuffix = ".sigstore.json"

// trust is who must have signed: a public key, or a keyless identity checked against a
// Sigstore trusted root supplied offline.
type trust struct {
	key     signature.Verifier
	keyless *keylessTrust
}

type keylessTrust struct {
	material         root.TrustedMaterial
	identity, issuer string
}

// loadKeyless is the keyless half of verifier: identity and issuer, and the trusted
// root (Fulcio's CAs and Rekor's keys) from Options, never fetched.
func loadKeyless(s Source, o Options) (*keylessTrust, error) {
	if s.Identity == "" || s.Issuer == "" {
		return nil, fmt.Errorf("keyless verification needs both identity and issuer (got identity %q, issuer %q)", s.Identity, s.Issuer)
	}
	tm := o.TrustedMaterial
	if tm == nil {
		if o.TrustedRoot == "" {
			return nil, fmt.Errorf("keyless verification (identity %q, issuer %q) needs the Sigstore trusted root given offline: "+
				"pass --trusted-root trusted_root.json (`cosign trusted-root create`, or the TUF repository's copy), or sign the bundle with a key", s.Identity, s.Issuer)
		}
		tr, err := root.NewTrustedRootFromPath(o.TrustedRoot)
		if err != nil {
			return nil, fmt.Errorf("the trusted root %s: %w", o.TrustedRoot, err)
		}
		tm = tr
	}
	return &keylessTrust{material: tm, identity: s.Identity, issuer: s.Issuer}, nil
}

// verifyKeyless checks a Sigstore bundle over data with sigstore-go: the certificate
// chains to a Fulcio CA of the trusted root, the signature was logged in a trusted
// Rekor log while the certificate was valid, and the certificate's identity (SAN) and
// OIDC issuer are exactly the ones given.
func (k *keylessTrust) verify(bundleJSON, data []byte) error {
	var b bundle.Bundle
	if err := b.UnmarshalJSON(bundleJSON); err != nil {
		return fmt.Errorf("the keyless signature is not a Sigstore bundle: %w", err)
	}
	v, err := verify.NewVerifier(k.material, verify.WithTransparencyLog(1), verify.WithIntegratedTimestamps(1))
	if err != nil {
		return fmt.Errorf("the trusted root cannot verify: %w", err)
	}
	id, err := verify.NewShortCertificateIdentity(k.issuer, "", k.identity, "")
	if err != nil {
		return err
	}
	if _, err := v.Verify(&b, verify.NewPolicy(verify.WithArtifact(bytes.NewReader(data)), verify.WithCertificateIdentity(id))); err != nil {
		return fmt.Errorf("the keyless signature does not verify for identity %q and issuer %q: %w", k.identity, k.issuer, err)
	}
	return nil
}
