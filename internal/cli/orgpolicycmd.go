package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/orgpolicy"
)

// runPolicyBundle is `shiftgate policy bundle DIR -o FILE.tar.gz --key KEYREF [--push
// oci://REGISTRY/REPO:TAG]`: DIR's policy.yaml and rules/ as a signed organisation
// policy bundle (internal/orgpolicy).
func runPolicyBundle(ctx context.Context, args []string, env *Env) error {
	const usage = "policy bundle DIR -o FILE.tar.gz --key KEYREF [--push oci://REGISTRY/REPO:TAG] [--revision R]"
	fs := newFlags("policy bundle", env, usage)
	out := fs.String("o", "", "write the bundle to FILE.tar.gz and its cosign signature to FILE.tar.gz.sig")
	key := fs.String("key", "", "the signing key: a cosign key file (password in COSIGN_PASSWORD), env://VAR, a KMS URI, or keyless in GitHub Actions (required)")
	push := fs.String("push", "", "also push the bundle as an OCI artifact to oci://REGISTRY/REPO:TAG and sign it there as cosign does")
	revision := fs.String("revision", "", "the bundle manifest's revision (default: the digest of the packaged files)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: shiftgate %s", usage)
	}
	if *out == "" && *push == "" {
		return usagef("policy bundle needs -o FILE.tar.gz, --push oci://REGISTRY/REPO:TAG, or both")
	}
	if *key == "" {
		return usagef("policy bundle needs --key: an organisation policy is never published unsigned")
	}
	signer, err := sign.Load(ctx, *key, sign.Options{Getenv: env.Getenv})
	if err != nil {
		return exitcode.AsUsage(err)
	}
	if signer.Keyless() && *push != "" {
		return usagef("policy bundle --key keyless --push is not supported: keyless verification of OCI artifacts is not built yet; publish the file and its .sigstore.json, or sign with a key")
	}
	b, err := orgpolicy.Build(ctx, pos[0], *revision)
	if err != nil {
		return err
	}
	for _, s := range b.Skipped {
		fmt.Fprintf(env.Stderr, "shiftgate: not packaged: %s (a bundle holds %s and %s/**/*.rego)\n", filepath.ToSlash(filepath.Join(pos[0], s)), orgpolicy.PolicyFile, orgpolicy.RulesDir)
	}
	if *out != "" {
		// A key signs FILE.sig (cosign sign-blob); keyless, in GitHub Actions, writes the
		// Sigstore bundle FILE.sigstore.json (Fulcio certificate, Rekor entry).
		sigFile := *out + ".sig"
		var sig []byte
		if signer.Keyless() {
			sigFile = *out + orgpolicy.BundleSuffix
			sig, err = signer.Bundle(ctx, b.Bytes, false)
		} else {
			sig, err = signer.SignBlob(ctx, b.Bytes)
		}
		if err != nil {
			return exitcode.AsUsage(err)
		}
		if err := writeFileAtomic(*out, b.Bytes); err != nil {
			return err
		}
		if err := writeFileAtomic(sigFile, sig); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "wrote %s (%d files, revision %s)\nsigned %s with %s\n", *out, len(b.Files), b.Revision, sigFile, signer.Ref)
	}
	if *push != "" {
		d, err := orgpolicy.Push(ctx, *push, b.Bytes, signer, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "pushed oci://%s and signed it with %s\n", d, signer.Ref)
	}
	fmt.Fprintf(env.Stdout, "digest %s\n", b.Digest)
	return nil
}

// runPolicyPull is `shiftgate policy pull REF --digest D --key K`: fetch and verify an
// organisation policy into the cache, so that a later offline job can use it.
func runPolicyPull(ctx context.Context, args []string, env *Env) error {
	const usage = "policy pull REF --digest sha256:… (--key cosign.pub | --identity ID --issuer URL --trusted-root FILE) [--cache-dir DIR] [--offline]"
	fs := newFlags("policy pull", env, usage)
	var s orgpolicy.Source
	fs.StringVar(&s.Digest, "digest", "", "the bundle's digest, sha256:… (required)")
	fs.StringVar(&s.Key, "key", "", "the signer's public key: a cosign.pub file or env://VAR")
	fs.StringVar(&s.Identity, "identity", "", "keyless: the signer's certificate identity (SAN), matched exactly; the signature is REF.sigstore.json")
	fs.StringVar(&s.Issuer, "issuer", "", "keyless: the signer's OIDC issuer, matched exactly")
	trustedRoot := fs.String("trusted-root", "", "keyless: the Sigstore trusted_root.json to verify against (read from disk, never fetched)")
	cache := fs.String("cache-dir", "", "the cache root: entries go to DIR/shiftgate/org-policy/sha256-… (default: the user cache dir, $XDG_CACHE_HOME or ~/.cache)")
	offline := fs.Bool("offline", false, "use only the cache: verify the cached copy, fetch nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: shiftgate %s", usage)
	}
	s.Ref = pos[0]
	r, err := orgpolicy.Resolve(ctx, s, orgpolicy.Options{CacheDir: *cache, Offline: *offline, Getenv: env.Getenv, TrustedRoot: *trustedRoot})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "verified %s %s (revision %s)\ncached in %s\n", s.Ref, r.Digest, r.Revision, filepath.Dir(r.Dir))
	return nil
}

// writeFileAtomic writes through a temporary file in the same folder, so a reader
// never sees half a bundle.
func writeFileAtomic(name string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".shiftgate-*")
	if err != nil {
		return exitcode.AsUsage(fmt.Errorf("could not write %s: %w", name, err))
	}
	defer os.Remove(f.Name())
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		return exitcode.AsUsage(fmt.Errorf("could not write %s: %w", name, err))
	}
	return nil
}
