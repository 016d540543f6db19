// Package orgpolicy is the organisation policy artifact: a policy.yaml and custom Rego
// rule folders packaged as an OPA bundle (a deterministic tar.gz, see
// docs/org-policy-bundle.md), signed the way cosign signs (a sign-blob signature
// beside a file or URL, or a signature manifest under the sha256-HEX.sig tag of an
// OCI artifact), and resolved from a reference pinned by digest.
//
// Resolve fails closed: a policy that is missing, changed since it was pinned, signed
// by another key or unreadable is an exit-2 error saying why, never a fall-back. What
// it fetched is cached by digest with the signature evidence, and every use of the
// cache verifies digest and signature again, so a cache entry is never trusted for
// being there.
package orgpolicy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore/pkg/signature"

	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/httpretry"
)

// Source names an organisation policy: where it is, the digest of its bundle, and who
// must have signed it.
type Source struct {
	// Ref is oci://HOST/REPO[:TAG|@sha256:…], https://…/x.tar.gz, or a file path
	// (file:// allowed).
	Ref string
	// Digest is sha256:HEX of the bundle tar.gz (for OCI, of its bundle layer); required.
	Digest string
	// Key is the signer's public key: a cosign.pub path or env://VAR holding the PEM.
	Key string
	// Identity and Issuer name a keyless signer: the certificate's SAN and OIDC issuer,
	// matched exactly (files and URLs only; needs Options.TrustedRoot).
	Identity, Issuer string
}

// Options say where Resolve may look.
type Options struct {
	// CacheDir is the cache root: entries are <CacheDir>/shiftgate/org-policy/sha256-HEX;
	// "" is the user cache dir (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache).
	CacheDir string
	// Offline forbids the network: only a cache entry that verifies is used.
	Offline bool
	// HTTP is the client for https refs and registries (its transport, wrapped by
	// internal/httpretry); nil is the default.
	HTTP *http.Client
	// Getenv reads env:// keys; nil reads nothing.
	Getenv func(string) string
	// Root, when set, confines file refs and key files to that directory (paths the
	// repository chose); "" reads them as given (paths from the runner's flags).
	Root string
	// TrustedRoot is a Sigstore trusted_root.json for keyless verification, read from
	// disk (never fetched); TrustedMaterial, when set, is used instead (tests).
	TrustedRoot     string
	TrustedMaterial root.TrustedMaterial
}

// Resolved is a verified organisation policy, extracted.
type Resolved struct {
	Digest   string // sha256:HEX of the bundle
	Dir      string // the extracted bundle: policy.yaml and rules/
	Ref      string // the reference it was resolved from
	Revision string // the bundle manifest's revision
	// Files are the verified bundle's files by name (policy.yaml, rules/…), the bytes
	// the signature and digest were checked on. A reader of the layer uses these, not
	// Dir: the cache may be shared, and a file swapped in Dir after the check would
	// otherwise be read as the organisation's.
	Files map[string][]byte
}

// The cache entry's files.
const (
	cachedBundle   = "bundle.tar.gz"
	cachedEvidence = "signature.json"
	cachedTree     = "tree"
)

// validDigest reports whether d is sha256: and 64 lower-case hex digits.
func validDigest(d string) bool {
	h, ok := strings.CutPrefix(d, "sha256:")
	if !ok || len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// cacheFolder is where the entries are under a cache root.
const cacheFolder = "shiftgate/org-policy"

// EntryDir is the cache entry of a digest under the cache root.
func EntryDir(cacheRoot, digest string) string {
	return filepath.Join(cacheRoot, filepath.FromSlash(cacheFolder), strings.Replace(digest, ":", "-", 1))
}

// Resolve fetches (or finds in the cache), verifies and extracts the organisation
// policy s names. Every error is exit 2 and names the reference and the reason.
func Resolve(ctx context.Context, s Source, o Options) (*Resolved, error) {
	r, err := resolve(ctx, s, o)
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("organisation policy %s: %w", s.Ref, err))
	}
	return r, nil
}

func resolve(ctx context.Context, s Source, o Options) (*Resolved, error) {
	if s.Ref == "" {
		return nil, errors.New("no reference: give ref: (oci://…, https://…/x.tar.gz or a path)")
	}
	if !validDigest(s.Digest) {
		return nil, fmt.Errorf("the digest %q is not sha256:<64 hex digits>: pin the bundle with the digest `shiftgate policy bundle` printed", s.Digest)
	}
	kind, err := refKind(s.Ref)
	if err != nil {
		return nil, err
	}
	v, err := verifier(s, o)
	if err != nil {
		return nil, err
	}
	root := o.CacheDir
	if root == "" {
		if root, err = os.UserCacheDir(); err != nil {
			return nil, fmt.Errorf("no user cache directory (set XDG_CACHE_HOME or HOME): %w", err)
		}
	}
	cache := filepath.Join(root, filepath.FromSlash(cacheFolder))
	entry := EntryDir(root, s.Digest)
	res, cacheErr := fromCache(entry, s, v)
	if cacheErr == nil {
		return res, nil
	}
	if o.Offline {
		if errors.Is(cacheErr, fs.ErrNotExist) {
			return nil, fmt.Errorf("offline, and %s is not in the cache %s: run `shiftgate policy pull %s --digest %s --key …` in a job with network first", s.Digest, cache, s.Ref, s.Digest)
		}
		return nil, fmt.Errorf("offline, and the cached copy is refused: %v", cacheErr)
	}
	var (
		b  []byte
		ev *evidence
	)
	switch kind {
	case "oci":
		if v.key == nil {
			return nil, errors.New("keyless verification of an OCI artifact is not supported yet: publish the bundle as a file or URL with its .sigstore.json, or sign the artifact with a key")
		}
		b, ev, err = fetchOCI(ctx, s, v.key, o)
	case "https":
		b, ev, err = fetchHTTPS(ctx, s, v, o)
	default:
		b, ev, err = fetchFile(s, v, o)
	}
	if err != nil {
		return nil, err
	}
	files, _, err := verifyBundle(b, ev, s.Digest, v)
	if err != nil {
		return nil, err
	}
	if err := store(cache, entry, b, ev, files); err != nil {
		// Another job may have stored the same digest meanwhile: its entry is as good
		// as ours if it verifies.
		if res, cerr := fromCache(entry, s, v); cerr == nil {
			return res, nil
		}
		return nil, fmt.Errorf("could not cache it: %w", err)
	}
	return fromCache(entry, s, v)
}

func refKind(ref string) (string, error) {
	switch {
	case strings.HasPrefix(ref, "oci://"):
		return "oci", nil
	case strings.HasPrefix(ref, "https://"):
		return "https", nil
	case strings.HasPrefix(ref, "file://"):
		return "file", nil
	case strings.Contains(ref, "://"):
		return "", fmt.Errorf("unsupported reference: use oci://HOST/REPO@sha256:…, https://…/x.tar.gz or a path")
	}
	return "file", nil
}

// verifyBundle checks the digest, the signature and the archive's content, in that
// order, so a changed bundle is called changed before anything reads it.
func verifyBundle(b []byte, ev *evidence, digest string, t *trust) (map[string][]byte, *Manifest, error) {
	if got := Digest(b); got != digest {
		return nil, nil, fmt.Errorf("the bundle's digest is %s, not the pinned %s: it changed since it was pinned (or the pin is wrong)", got, digest)
	}
	var err error
	switch {
	case ev.Kind == "sigstore" && t.keyless != nil:
		err = t.keyless.verify(ev.Bundle, b)
	case ev.Kind == "blob" && t.key != nil:
		err = verifySig(t.key, ev.Signature, b)
	case ev.Kind == "oci" && t.key != nil:
		err = ev.check(t.key, digest)
	case t.key != nil:
		err = fmt.Errorf("a %s signature, but a key was given", ev.Kind)
	default:
		err = fmt.Errorf("a %s signature, but a keyless identity was given", ev.Kind)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("signature refused: %w", err)
	}
	files, err := Read(b)
	if err != nil {
		return nil, nil, err
	}
	m, err := Inspect(b)
	if err != nil {
		return nil, nil, err
	}
	return files, m, nil
}

// fromCache verifies a cache entry again and returns it; a missing entry is
// fs.ErrNotExist. An extracted tree that differs from the verified bundle is
// extracted again.
func fromCache(entry string, s Source, v *trust) (*Resolved, error) {
	b, err := readPath(filepath.Join(entry, cachedBundle), "", MaxBundleSize)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fs.ErrNotExist
		}
		return nil, fmt.Errorf("the cache entry %s: %w", entry, err)
	}
	eb, err := readPath(filepath.Join(entry, cachedEvidence), "", maxSigSize+2*MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("the cache entry %s has no readable signature: %w", entry, err)
	}
	var ev evidence
	if err := json.Unmarshal(eb, &ev); err != nil {
		return nil, fmt.Errorf("the cache entry %s: its signature record is corrupt: %w", entry, err)
	}
	files, m, err := verifyBundle(b, &ev, s.Digest, v)
	if err != nil {
		return nil, fmt.Errorf("the cache entry %s: %w", entry, err)
	}
	tree := filepath.Join(entry, cachedTree)
	if err := sameTree(files, tree); err != nil {
		tmp, err := os.MkdirTemp(entry, ".tree-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if err := extract(files, filepath.Join(tmp, cachedTree)); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(tree); err != nil {
			return nil, err
		}
		if err := os.Rename(filepath.Join(tmp, cachedTree), tree); err != nil {
			return nil, err
		}
	}
	return &Resolved{Digest: s.Digest, Dir: tree, Ref: s.Ref, Revision: m.Revision, Files: files}, nil
}

// store writes a verified bundle as a new cache entry, replacing a refused one.
func store(cache, entry string, b []byte, ev *evidence, files map[string][]byte) error {
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(cache, ".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	eb, err := json.MarshalIndent(ev, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, cachedBundle), b, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, cachedEvidence), append(eb, '\n'), 0o644); err != nil {
		return err
	}
	if err := extract(files, filepath.Join(tmp, cachedTree)); err != nil {
		return err
	}
	if err := os.RemoveAll(entry); err != nil {
		return err
	}
	return os.Rename(tmp, entry)
}

// fetchFile reads PATH and PATH.sig (PATH.sigstore.json for a keyless signer).
func fetchFile(s Source, t *trust, o Options) ([]byte, *evidence, error) {
	p := strings.TrimPrefix(s.Ref, "file://")
	b, err := readPath(p, o.Root, MaxBundleSize)
	if err != nil {
		return nil, nil, fmt.Errorf("could not read the bundle: %w", err)
	}
	suffix := sigSuffix(t)
	sig, err := readPath(p+suffix, o.Root, maxSigSize)
	if err != nil {
		return nil, nil, fmt.Errorf("could not read its signature %s%s (`shiftgate policy bundle` writes it beside the bundle): %w", p, suffix, err)
	}
	return b, newEvidence(t, sig), nil
}

// sigSuffix is the file beside a bundle that holds its signature.
func sigSuffix(t *trust) string {
	if t.keyless != nil {
		return BundleSuffix
	}
	return ".sig"
}

func newEvidence(t *trust, sig []byte) *evidence {
	if t.keyless != nil {
		return &evidence{Kind: "sigstore", Bundle: sig}
	}
	return &evidence{Kind: "blob", Signature: string(sig)}
}

// fetchHTTPS gets URL and URL.sig (URL.sigstore.json) through internal/httpretry.
func fetchHTTPS(ctx context.Context, s Source, t *trust, o Options) ([]byte, *evidence, error) {
	c := httpretry.Wrap(o.HTTP, httpretry.Transport{Name: "organisation policy"})
	b, err := get(ctx, c, s.Ref, MaxBundleSize)
	if err != nil {
		return nil, nil, err
	}
	sig, err := get(ctx, c, s.Ref+sigSuffix(t), maxSigSize)
	if err != nil {
		return nil, nil, fmt.Errorf("its signature: %w", err)
	}
	return b, newEvidence(t, sig), nil
}

func get(ctx context.Context, c *http.Client, url string, max int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("could not fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("could not fetch %s: %s", url, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("could not fetch %s: %w", url, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than %d bytes", url, max)
	}
	return b, nil
}

// fetchOCI gets the artifact's manifest, the cosign signature manifest under its
// sha256-HEX.sig tag, and the bundle layer, with go-containerregistry.
func fetchOCI(ctx context.Context, s Source, v signature.Verifier, o Options) ([]byte, *evidence, error) {
	ref, err := name.ParseReference(strings.TrimPrefix(s.Ref, "oci://"), name.StrictValidation)
	if err != nil {
		return nil, nil, fmt.Errorf("not an OCI reference: %w", err)
	}
	var base http.RoundTripper = http.DefaultTransport
	if o.HTTP != nil && o.HTTP.Transport != nil {
		base = o.HTTP.Transport
	}
	opts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(authn.DefaultKeychain),
		remote.WithTransport(&httpretry.Transport{Base: base, Name: "registry"})}
	desc, err := remote.Get(ref, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("could not fetch the artifact: %w", err)
	}
	m, err := v1.ParseManifest(bytes.NewReader(desc.Manifest))
	if err != nil {
		return nil, nil, fmt.Errorf("the artifact's manifest does not parse: %w", err)
	}
	layer, err := bundleLayer(m)
	if err != nil {
		return nil, nil, err
	}
	if layer.Digest.String() != s.Digest {
		return nil, nil, fmt.Errorf("the artifact's bundle layer is %s, not the pinned %s: it changed since it was pinned (or the pin is wrong)", layer.Digest, s.Digest)
	}
	sigTag := ref.Context().Tag(strings.Replace(desc.Digest.String(), ":", "-", 1) + ".sig")
	sigImg, err := remote.Image(sigTag, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("no cosign signature at %s: %w", sigTag, err)
	}
	sm, err := sigImg.Manifest()
	if err != nil {
		return nil, nil, fmt.Errorf("the signature manifest %s: %w", sigTag, err)
	}
	var ev *evidence
	var why error = fmt.Errorf("the signature manifest %s holds no cosign signature", sigTag)
	for i, l := range sm.Layers {
		if i >= maxSigLayers {
			break
		}
		if string(l.MediaType) != SimpleSigningType || l.Size > maxSigSize {
			continue
		}
		sl, err := sigImg.LayerByDigest(l.Digest)
		if err != nil {
			return nil, nil, err
		}
		payload, err := readLayer(sl, maxSigSize)
		if err != nil {
			return nil, nil, fmt.Errorf("the signature payload: %w", err)
		}
		cand := &evidence{Kind: "oci", Signature: l.Annotations[SigAnnotation], Manifest: desc.Manifest, Payload: payload}
		if why = cand.check(v, s.Digest); why == nil {
			ev = cand
			break
		}
	}
	if ev == nil {
		return nil, nil, fmt.Errorf("signature refused: %w", why)
	}
	bl, err := remote.Layer(ref.Context().Digest(layer.Digest.String()), opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("could not fetch the bundle layer: %w", err)
	}
	b, err := readLayer(bl, MaxBundleSize)
	if err != nil {
		return nil, nil, fmt.Errorf("could not fetch the bundle layer: %w", err)
	}
	return b, ev, nil
}

func readLayer(l v1.Layer, max int64) ([]byte, error) {
	rc, err := l.Compressed()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("larger than %d bytes", max)
	}
	return b, nil
}
