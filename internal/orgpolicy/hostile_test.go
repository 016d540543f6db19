package orgpolicy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func writeImage(ref string, img v1.Image) error {
	tag, err := name.NewTag(ref)
	if err != nil {
		return err
	}
	return remote.Write(tag, img)
}

// entry is one tar entry of a hand-made (hostile) tarball.
type entry struct {
	name, link string
	typ        byte
	body       string
	size       int64 // declared size when not len(body)
}

func tarGz(t *testing.T, es ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range es {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		size := int64(len(e.body))
		if typ != tar.TypeReg {
			size = 0
		}
		h := &tar.Header{Name: e.name, Linkname: e.link, Typeflag: typ, Mode: 0o644, Size: size, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			tw.Write([]byte(e.body))
		}
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

var manifestEntry = entry{name: ".manifest", body: `{"revision":"x","roots":["shiftgate/rules"],"rego_version":1}`}

// TestHostileBundlesAreRefused: a bundle signed by the right key is still refused,
// exit 2 naming the entry, when it holds an absolute path, a .. path, a symbolic or
// hard link, a device, an unexpected file, a name twice, a file over the size cap or a
// gzip bomb — and nothing is written outside the cache.
func TestHostileBundlesAreRefused(t *testing.T) {
	s, pub := keyPair(t)
	pol := entry{name: "policy.yaml", body: testPolicy}
	big := strings.Repeat("a", MaxFileSize+1)
	cases := map[string]struct {
		entries []entry
		want    string
	}{
		"absolute path":    {[]entry{manifestEntry, pol, {name: "/etc/cron.d/x.rego", body: "x"}}, `"/etc/cron.d/x.rego" is an absolute path`},
		"dot dot":          {[]entry{manifestEntry, pol, {name: "../../escape.rego", body: "x"}}, `"../../escape.rego" has a .. element`},
		"dot dot in rules": {[]entry{manifestEntry, pol, {name: "rules/../../escape.rego", body: "x"}}, `has a .. element`},
		"unclean":          {[]entry{manifestEntry, pol, {name: "rules//a.rego", body: "x"}}, `not a clean path`},
		"symlink":          {[]entry{manifestEntry, pol, {name: "rules/a.rego", link: "/etc/passwd", typ: tar.TypeSymlink}}, `"rules/a.rego" is a link (to "/etc/passwd")`},
		"hard link":        {[]entry{manifestEntry, pol, {name: "rules/a.rego", link: "policy.yaml", typ: tar.TypeLink}}, `is a link`},
		"device":           {[]entry{manifestEntry, pol, {name: "rules/a.rego", typ: tar.TypeChar}}, `not a regular file`},
		"unexpected file":  {[]entry{manifestEntry, pol, {name: ".github/workflows/x.yml", body: "x"}}, `".github/workflows/x.yml" is not .manifest, policy.yaml or rules/**/*.rego`},
		"duplicate":        {[]entry{manifestEntry, pol, {name: "policy.yaml", body: "version: 1\nmode: audit\n"}}, `"policy.yaml" appears twice`},
		"backslash":        {[]entry{manifestEntry, pol, {name: `rules\..\..\x.rego`, body: "x"}}, `backslash`},
		"too large":        {[]entry{manifestEntry, pol, {name: "rules/a.rego", body: big}}, `more than the 1048576 a bundle file may be`},
		"no manifest":      {[]entry{pol}, `has no .manifest`},
		"no policy":        {[]entry{manifestEntry}, `has no policy.yaml`},
	}
	// A gzip bomb: many large files of zeros, each under the per-file cap.
	var bomb []entry
	bomb = append(bomb, manifestEntry, pol)
	for i := 0; i < 20; i++ {
		bomb = append(bomb, entry{name: "rules/z" + strings.Repeat("z", i) + ".rego", body: string(make([]byte, MaxFileSize))})
	}
	cases["gzip bomb"] = struct {
		entries []entry
		want    string
	}{bomb, "add up to more than"}

	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			b := tarGz(t, c.entries...)
			work := t.TempDir()
			file := signedFile(t, s, b)
			cache := filepath.Join(work, "a", "b", "cache")
			_, err := Resolve(context.Background(), Source{Ref: file, Digest: Digest(b), Key: pub}, Options{CacheDir: cache})
			wantExit2(t, err, c.want)
			if _, err := os.Stat(filepath.Join(work, "a", "escape.rego")); err == nil {
				t.Error("a file was written outside the cache")
			}
			entries, _ := os.ReadDir(filepath.Join(cache, "shiftgate", "org-policy"))
			if len(entries) != 0 {
				t.Errorf("the refused bundle left %d cache entries", len(entries))
			}
		})
	}
}

// TestCosignVerifiesBundleAndArtifact is the proof with the real cosign CLI
// (SHIFTGATE_COSIGN, which .ci/run builds): a key pair from `cosign generate-key-pair`
// signs a bundle; `cosign verify-blob --key` accepts the file's .sig and `cosign verify
// --key` the pushed artifact in an in-process registry; a changed bundle and another
// bundle under the same tag are refused.
func TestCosignVerifiesBundleAndArtifact(t *testing.T) {
	cosign := os.Getenv("SHIFTGATE_COSIGN")
	if cosign == "" {
		t.Skip("SHIFTGATE_COSIGN is not set: skipped the check with the real cosign CLI (.ci/run builds it)")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "COSIGN_PASSWORD="+testPassword, "TUF_ROOT="+filepath.Join(dir, "tuf"), "HOME="+dir)
	run := func(args ...string) (string, error) {
		cmd := exec.Command(cosign, args...)
		cmd.Dir, cmd.Env = dir, env
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := run("generate-key-pair"); err != nil {
		t.Fatalf("cosign generate-key-pair: %v\n%s", err, out)
	}
	s, err := keyFrom(filepath.Join(dir, "cosign.key"))
	if err != nil {
		t.Fatal(err)
	}
	b := build(t, map[string]string{"policy.yaml": testPolicy, "rules/k8s/nolatest.rego": testRule})
	file := filepath.Join(dir, "org.tar.gz")
	sig, _ := s.SignBlob(context.Background(), b.Bytes)
	os.WriteFile(file, b.Bytes, 0o644)
	os.WriteFile(file+".sig", sig, 0o644)
	if out, err := run("verify-blob", "--key", "cosign.pub", "--signature", "org.tar.gz.sig", "--insecure-ignore-tlog", "org.tar.gz"); err != nil {
		t.Fatalf("cosign verify-blob: %v\n%s", err, out)
	}
	tampered := append([]byte(nil), b.Bytes...)
	tampered[len(tampered)-1] ^= 1
	os.WriteFile(file, tampered, 0o644)
	if out, err := run("verify-blob", "--key", "cosign.pub", "--signature", "org.tar.gz.sig", "--insecure-ignore-tlog", "org.tar.gz"); err == nil {
		t.Fatalf("cosign verify-blob accepted a changed bundle:\n%s", out)
	}

	host := testRegistry(t)
	d, err := Push(context.Background(), "oci://"+host+"/acme/org-policy:v1", b.Bytes, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	common := []string{"--key", "cosign.pub", "--insecure-ignore-tlog", "--allow-http-registry", "--allow-insecure-registry"}
	if out, err := run(append(append([]string{"verify"}, common...), d.String())...); err != nil {
		t.Fatalf("cosign verify %s: %v\n%s", d, err, out)
	}
	// Another bundle under the same tag was never signed.
	other := build(t, map[string]string{"policy.yaml": "version: 1\nmode: audit\n"})
	img, _ := Artifact(other.Bytes)
	if err := writeImage(host+"/acme/org-policy:v1", img); err != nil {
		t.Fatal(err)
	}
	if out, err := run(append(append([]string{"verify"}, common...), host+"/acme/org-policy:v1")...); err == nil {
		t.Fatalf("cosign verified an artifact nobody signed:\n%s", out)
	}
}
