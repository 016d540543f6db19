package orgpolicy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/exitcode"
)

const testPassword = "org-policy-test"

const testPolicy = "version: 1\nfail:\n  severity: medium\n"

const testRule = `package shiftgate.rules.kubernetes.NOLATEST

metadata := {"id": "ORG-001", "title": "no :latest images", "severity": "high"}

deny contains msg if {
	some c in input.resource.spec.containers
	endswith(c.image, ":latest")
	msg := sprintf("container %s uses :latest", [c.name])
}
`

// writeTree writes files (slash paths) under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, c := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// keyPair makes a cosign-format key pair: the signer and the cosign.pub path.
func keyPair(t *testing.T) (*sign.Signer, string) {
	t.Helper()
	priv, pub, err := sign.GenerateKeyPair([]byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "cosign.key"), priv, 0o600)
	os.WriteFile(filepath.Join(dir, "cosign.pub"), pub, 0o644)
	s, err := keyFrom(filepath.Join(dir, "cosign.key"))
	if err != nil {
		t.Fatal(err)
	}
	return s, filepath.Join(dir, "cosign.pub")
}

// keyFrom loads a cosign key file encrypted with testPassword.
func keyFrom(path string) (*sign.Signer, error) {
	return sign.Load(context.Background(), path, sign.Options{Getenv: func(k string) string {
		if k == "COSIGN_PASSWORD" {
			return testPassword
		}
		return ""
	}})
}

// signedFile writes b as DIR/org.tar.gz with its .sig by s and returns the path.
func signedFile(t *testing.T, s *sign.Signer, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "org.tar.gz")
	sig, err := s.SignBlob(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, b, 0o644)
	os.WriteFile(p+".sig", sig, 0o644)
	return p
}

func build(t *testing.T, files map[string]string) *Built {
	t.Helper()
	b, err := Build(context.Background(), writeTree(t, files), "")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantExit2 requires an exit-2 error whose message has every part.
func wantExit2(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want exit 2 with %q", parts)
	}
	if code, _ := exitcode.Of(err); code != exitcode.Usage {
		t.Errorf("exit %d, want 2: %v", code, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not say %q", err, p)
		}
	}
}

// TestBuildIsDeterministicAndOPAReadsIt: the same folder gives the same bytes (in
// two folders with different file times), entries sorted with zero times and owners,
// and OPA's bundle reader loads it with the manifest's revision and root.
func TestBuildIsDeterministicAndOPAReadsIt(t *testing.T) {
	files := map[string]string{"policy.yaml": testPolicy, "rules/k8s/nolatest.rego": testRule, "README.md": "not packaged\n"}
	a := build(t, files)
	dir := writeTree(t, files)
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "policy.yaml"), old, old)
	b, err := Build(context.Background(), dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes, b.Bytes) || a.Digest != b.Digest {
		t.Fatalf("two builds of the same files differ: %s, %s", a.Digest, b.Digest)
	}
	if strings.Join(a.Skipped, ",") != "README.md" {
		t.Errorf("skipped %q, want README.md", a.Skipped)
	}
	gz, err := gzip.NewReader(bytes.NewReader(a.Bytes))
	if err != nil {
		t.Fatal(err)
	}
	if !gz.ModTime.IsZero() || gz.Name != "" {
		t.Errorf("gzip header has time %v, name %q", gz.ModTime, gz.Name)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.ModTime.Unix() != 0 || h.Uid != 0 || h.Gid != 0 || h.Mode != 0o644 || h.Typeflag != tar.TypeReg {
			t.Errorf("%s: mtime %v uid %d gid %d mode %o type %c", h.Name, h.ModTime, h.Uid, h.Gid, h.Mode, h.Typeflag)
		}
		names = append(names, h.Name)
	}
	if got := strings.Join(names, " "); got != ".manifest policy.yaml rules/k8s/nolatest.rego" {
		t.Errorf("entries %q", got)
	}
	m, err := Inspect(a.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if m.Revision != a.Revision || !strings.HasPrefix(m.Revision, "sha256:") {
		t.Errorf("OPA read revision %q, built %q", m.Revision, a.Revision)
	}
	// Another rule changes the revision and the digest.
	c := build(t, map[string]string{"policy.yaml": testPolicy, "rules/k8s/nolatest.rego": testRule + "# v2\n"})
	if c.Revision == a.Revision || c.Digest == a.Digest {
		t.Error("a changed rule kept the revision or digest")
	}
	// An explicit revision is kept.
	r, err := Build(context.Background(), dir, "2026.11.30")
	if err != nil || r.Revision != "2026.11.30" {
		t.Fatalf("revision %v %v", r, err)
	}
}

// TestBuildRefusesWhatCannotBeAPolicy: no policy.yaml, an invalid policy, a rule
// outside the bundle's root (OPA's reader refuses it), a rule that does not parse, a
// symbolic link: each is exit 2 naming the problem.
func TestBuildRefusesWhatCannotBeAPolicy(t *testing.T) {
	cases := map[string]struct {
		files map[string]string
		want  string
	}{
		"no policy":      {map[string]string{"rules/a/x.rego": testRule}, "has no policy.yaml"},
		"invalid policy": {map[string]string{"policy.yaml": "version: 1\nfial: {}\n"}, "fial"},
		"outside root":   {map[string]string{"policy.yaml": testPolicy, "rules/a/x.rego": "package acme.x\n\nallow := true\n"}, "roots"},
		"syntax error":   {map[string]string{"policy.yaml": testPolicy, "rules/a/x.rego": "package shiftgate.rules.kubernetes.X\ndeny contains x if {\n"}, "rules/a/x.rego"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Build(context.Background(), writeTree(t, c.files), "")
			wantExit2(t, err, c.want)
		})
	}
	t.Run("symlink", func(t *testing.T) {
		dir := writeTree(t, map[string]string{"policy.yaml": testPolicy, "rules/a/x.rego": testRule})
		os.Symlink("/etc/passwd", filepath.Join(dir, "rules", "a", "y.rego"))
		_, err := Build(context.Background(), dir, "")
		wantExit2(t, err, "rules/a/y.rego is a symbolic link")
	})
}

// TestResolveFileVerifiesCachesAndWorksOffline: a signed bundle file resolves to its
// extracted policy and rules, is cached by digest, and resolves again offline from the
// cache; offline with an empty cache is exit 2 saying how to fill it.
func TestResolveFileVerifiesCachesAndWorksOffline(t *testing.T) {
	s, pub := keyPair(t)
	b := build(t, map[string]string{"policy.yaml": testPolicy, "rules/k8s/nolatest.rego": testRule})
	file := signedFile(t, s, b.Bytes)
	cache := t.TempDir()
	src := Source{Ref: file, Digest: b.Digest, Key: pub}
	r, err := Resolve(context.Background(), src, Options{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(cache, "shiftgate", "org-policy", "sha256-"+strings.TrimPrefix(b.Digest, "sha256:"))
	if r.Dir != filepath.Join(entry, "tree") || r.Digest != b.Digest || r.Revision != b.Revision {
		t.Errorf("resolved %+v", r)
	}
	if got, _ := os.ReadFile(filepath.Join(r.Dir, "policy.yaml")); string(got) != testPolicy {
		t.Errorf("policy.yaml = %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(r.Dir, "rules", "k8s", "nolatest.rego")); string(got) != testRule {
		t.Errorf("rule = %q", got)
	}
	// Offline, the file itself gone: the cache answers.
	os.Remove(file)
	r2, err := Resolve(context.Background(), src, Options{CacheDir: cache, Offline: true})
	if err != nil || r2.Dir != r.Dir {
		t.Fatalf("offline from the cache: %+v %v", r2, err)
	}
	// The key can come from the environment.
	pem, _ := os.ReadFile(pub)
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: b.Digest, Key: "env://ORG_KEY"}, Options{CacheDir: cache, Offline: true,
		Getenv: func(k string) string { return map[string]string{"ORG_KEY": string(pem)}[k] }})
	if err != nil {
		t.Fatalf("env:// key: %v", err)
	}
	// Offline without a cache entry.
	_, err = Resolve(context.Background(), src, Options{CacheDir: filepath.Join(t.TempDir(), "empty"), Offline: true})
	wantExit2(t, err, "offline", "not in the cache", "shiftgate policy pull")
}

// TestResolveRefusesTamperedAndWrongSigner: a bundle changed after it was pinned, a
// signature over other bytes and a signature by another key are each exit 2 naming
// the reason; nothing is cached for them.
func TestResolveRefusesTamperedAndWrongSigner(t *testing.T) {
	s, pub := keyPair(t)
	other, otherPub := keyPair(t)
	good := build(t, map[string]string{"policy.yaml": testPolicy})
	evil := build(t, map[string]string{"policy.yaml": "version: 1\nmode: audit\n"})
	cache := filepath.Join(t.TempDir(), "c")

	// The file was replaced after the digest was pinned (its signature kept).
	file := signedFile(t, s, good.Bytes)
	os.WriteFile(file, evil.Bytes, 0o644)
	_, err := Resolve(context.Background(), Source{Ref: file, Digest: good.Digest, Key: pub}, Options{CacheDir: cache})
	wantExit2(t, err, "digest is "+evil.Digest, "not the pinned "+good.Digest)

	// Pinned to the new bytes, the old signature does not cover them.
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: evil.Digest, Key: pub}, Options{CacheDir: cache})
	wantExit2(t, err, "signature refused", "does not verify with the key")

	// Signed by another key.
	file2 := signedFile(t, other, good.Bytes)
	_, err = Resolve(context.Background(), Source{Ref: file2, Digest: good.Digest, Key: pub}, Options{CacheDir: cache})
	wantExit2(t, err, "signature refused")
	if _, err := Resolve(context.Background(), Source{Ref: file2, Digest: good.Digest, Key: otherPub}, Options{CacheDir: cache}); err != nil {
		t.Fatalf("the right key: %v", err)
	}
	// Cached under the other key's signature: with our key the cache entry is refused,
	// offline as well.
	_, err = Resolve(context.Background(), Source{Ref: file2, Digest: good.Digest, Key: pub}, Options{CacheDir: cache, Offline: true})
	wantExit2(t, err, "offline", "cached copy is refused", "signature refused")

	// Missing pieces.
	for _, d := range []string{"", "sha256:abc", strings.ToUpper(good.Digest), "sha512:" + strings.TrimPrefix(good.Digest, "sha256:"), good.Digest + "0"} {
		_, err = Resolve(context.Background(), Source{Ref: file, Digest: d, Key: pub}, Options{CacheDir: cache})
		wantExit2(t, err, "not sha256:<64 hex digits>")
	}
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: good.Digest}, Options{CacheDir: cache})
	wantExit2(t, err, "no key")
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: good.Digest, Identity: "https://github.com/acme/policy/.github/workflows/publish.yml@refs/heads/main", Issuer: "https://token.actions.githubusercontent.com"}, Options{CacheDir: cache})
	wantExit2(t, err, "keyless verification", "needs the Sigstore trusted root given offline")
	os.Remove(file + ".sig")
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: evil.Digest, Key: pub}, Options{CacheDir: cache})
	wantExit2(t, err, ".sig")
}

// TestCorruptCacheIsVerifiedNeverTrusted: a cached bundle changed on disk is refused
// offline and fetched again online; a changed extracted file is extracted again.
func TestCorruptCacheIsVerifiedNeverTrusted(t *testing.T) {
	s, pub := keyPair(t)
	b := build(t, map[string]string{"policy.yaml": testPolicy, "rules/k8s/nolatest.rego": testRule})
	file := signedFile(t, s, b.Bytes)
	cache := t.TempDir()
	src := Source{Ref: file, Digest: b.Digest, Key: pub}
	r, err := Resolve(context.Background(), src, Options{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	entry := filepath.Dir(r.Dir)

	// An extracted file edited, and one added: extracted again from the verified bundle.
	os.WriteFile(filepath.Join(r.Dir, "policy.yaml"), []byte("version: 1\nmode: audit\n"), 0o644)
	os.WriteFile(filepath.Join(r.Dir, "rules", "k8s", "extra.rego"), []byte("package x\n"), 0o644)
	if _, err := Resolve(context.Background(), src, Options{CacheDir: cache, Offline: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(r.Dir, "policy.yaml")); string(got) != testPolicy {
		t.Errorf("the edited policy.yaml was kept: %q", got)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "rules", "k8s", "extra.rego")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the added rule was kept")
	}

	// The cached bundle itself changed: refused offline, fetched again online.
	cached := filepath.Join(entry, "bundle.tar.gz")
	evil := build(t, map[string]string{"policy.yaml": "version: 1\nmode: audit\n"})
	os.WriteFile(cached, evil.Bytes, 0o644)
	_, err = Resolve(context.Background(), src, Options{CacheDir: cache, Offline: true})
	wantExit2(t, err, "cached copy is refused", "not the pinned")
	if _, err := Resolve(context.Background(), src, Options{CacheDir: cache}); err != nil {
		t.Fatalf("online after a corrupt cache: %v", err)
	}
	if got, _ := os.ReadFile(cached); !bytes.Equal(got, b.Bytes) {
		t.Error("the corrupt cache entry was not replaced")
	}
	// A corrupt signature record.
	os.WriteFile(filepath.Join(entry, "signature.json"), []byte("{"), 0o644)
	_, err = Resolve(context.Background(), src, Options{CacheDir: cache, Offline: true})
	wantExit2(t, err, "signature record is corrupt")
}

// TestResolveHTTPS fetches URL and URL.sig through the retrying client.
func TestResolveHTTPS(t *testing.T) {
	s, pub := keyPair(t)
	b := build(t, map[string]string{"policy.yaml": testPolicy})
	sig, _ := s.SignBlob(context.Background(), b.Bytes)
	var hits []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits = append(hits, r.URL.Path)
		switch r.URL.Path {
		case "/org.tar.gz":
			w.Write(b.Bytes)
		case "/org.tar.gz.sig":
			w.Write(sig)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cache := t.TempDir()
	r, err := Resolve(context.Background(), Source{Ref: srv.URL + "/org.tar.gz", Digest: b.Digest, Key: pub}, Options{CacheDir: cache, HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "policy.yaml")); err != nil {
		t.Fatal(err)
	}
	if strings.Join(hits, " ") != "/org.tar.gz /org.tar.gz.sig" {
		t.Errorf("requests %q", hits)
	}
	// Cached: a second resolve asks nothing.
	hits = nil
	if _, err := Resolve(context.Background(), Source{Ref: srv.URL + "/org.tar.gz", Digest: b.Digest, Key: pub}, Options{CacheDir: cache, HTTP: srv.Client()}); err != nil || len(hits) != 0 {
		t.Fatalf("second resolve: %v, requests %q", err, hits)
	}
	_, err = Resolve(context.Background(), Source{Ref: srv.URL + "/gone.tar.gz", Digest: b.Digest, Key: pub}, Options{CacheDir: t.TempDir(), HTTP: srv.Client()})
	wantExit2(t, err, "404")
	_, err = Resolve(context.Background(), Source{Ref: "http://example.com/org.tar.gz", Digest: b.Digest, Key: pub}, Options{CacheDir: t.TempDir()})
	wantExit2(t, err, "unsupported reference")
}

func testRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// TestResolveOCI: Push writes the artifact and its cosign signature; Resolve by tag and
// by manifest digest verifies both; another signer, an unsigned artifact and a pin
// that is not the artifact's bundle are exit 2.
func TestResolveOCI(t *testing.T) {
	s, pub := keyPair(t)
	other, _ := keyPair(t)
	host := testRegistry(t)
	b := build(t, map[string]string{"policy.yaml": testPolicy, "rules/k8s/nolatest.rego": testRule})
	d, err := Push(context.Background(), "oci://"+host+"/acme/org-policy:v1", b.Bytes, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := Artifact(b.Bytes)
	if md, _ := img.Digest(); d.DigestStr() != md.String() {
		t.Errorf("pushed %s, artifact %s", d.DigestStr(), md)
	}
	for _, ref := range []string{"oci://" + host + "/acme/org-policy:v1", "oci://" + d.String()} {
		r, err := Resolve(context.Background(), Source{Ref: ref, Digest: b.Digest, Key: pub}, Options{CacheDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		if got, _ := os.ReadFile(filepath.Join(r.Dir, "rules", "k8s", "nolatest.rego")); string(got) != testRule {
			t.Errorf("%s: rule %q", ref, got)
		}
	}
	// The cache keeps the signed manifest and payload: offline verifies them again.
	cache := t.TempDir()
	src := Source{Ref: "oci://" + d.String(), Digest: b.Digest, Key: pub}
	if _, err := Resolve(context.Background(), src, Options{CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(context.Background(), src, Options{CacheDir: cache, Offline: true}); err != nil {
		t.Fatalf("offline: %v", err)
	}

	// Another bundle pushed under the same tag and signed by another key.
	evil := build(t, map[string]string{"policy.yaml": "version: 1\nmode: audit\n"})
	if _, err := Push(context.Background(), "oci://"+host+"/acme/org-policy:v1", evil.Bytes, other, nil); err != nil {
		t.Fatal(err)
	}
	_, err = Resolve(context.Background(), Source{Ref: "oci://" + host + "/acme/org-policy:v1", Digest: b.Digest, Key: pub}, Options{CacheDir: t.TempDir()})
	wantExit2(t, err, "bundle layer is "+evil.Digest, "not the pinned "+b.Digest)
	_, err = Resolve(context.Background(), Source{Ref: "oci://" + host + "/acme/org-policy:v1", Digest: evil.Digest, Key: pub}, Options{CacheDir: t.TempDir()})
	wantExit2(t, err, "signature refused", "does not verify with the key")

	// Unsigned: the artifact without a .sig tag.
	unsigned := build(t, map[string]string{"policy.yaml": "version: 1\n"})
	uimg, _ := Artifact(unsigned.Bytes)
	if err := writeImage(host+"/acme/unsigned:v1", uimg); err != nil {
		t.Fatal(err)
	}
	_, err = Resolve(context.Background(), Source{Ref: "oci://" + host + "/acme/unsigned:v1", Digest: unsigned.Digest, Key: pub}, Options{CacheDir: t.TempDir()})
	wantExit2(t, err, "no cosign signature")
}

// TestRootConfinesPathsTheRepositoryChose: with Options.Root set (a reference from a
// repository's own file), the bundle and the key are read inside that folder only: a
// path out of it, or a link out of it, is refused without reading the target.
func TestRootConfinesPathsTheRepositoryChose(t *testing.T) {
	s, pub := keyPair(t)
	b := build(t, map[string]string{"policy.yaml": testPolicy})
	outside := signedFile(t, s, b.Bytes)
	repo := t.TempDir()
	os.Symlink(outside, filepath.Join(repo, "org.tar.gz"))
	os.Symlink(outside+".sig", filepath.Join(repo, "org.tar.gz.sig"))
	pem, _ := os.ReadFile(pub)
	os.WriteFile(filepath.Join(repo, "cosign.pub"), pem, 0o644)

	_, err := Resolve(context.Background(), Source{Ref: "org.tar.gz", Digest: b.Digest, Key: "cosign.pub"}, Options{CacheDir: t.TempDir(), Root: repo})
	wantExit2(t, err, "could not read the bundle", "leaves the repository")
	_, err = Resolve(context.Background(), Source{Ref: "org.tar.gz", Digest: b.Digest, Key: pub}, Options{CacheDir: t.TempDir(), Root: repo})
	wantExit2(t, err, "could not read the key", "leaves the repository")

	// Inside the folder, the same files resolve.
	os.Remove(filepath.Join(repo, "org.tar.gz"))
	os.Remove(filepath.Join(repo, "org.tar.gz.sig"))
	sig, _ := os.ReadFile(outside + ".sig")
	os.WriteFile(filepath.Join(repo, "org.tar.gz"), b.Bytes, 0o644)
	os.WriteFile(filepath.Join(repo, "org.tar.gz.sig"), sig, 0o644)
	if _, err := Resolve(context.Background(), Source{Ref: "org.tar.gz", Digest: b.Digest, Key: "cosign.pub"}, Options{CacheDir: t.TempDir(), Root: repo}); err != nil {
		t.Fatal(err)
	}
}
