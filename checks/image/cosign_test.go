package image

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/attest/provenance"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// The real cosign CLI verifies the signature and both attestations Publish pushes to
// an in-process registry; an image with a new digest under the same tag does not verify.
func TestCosignVerifiesImageSignatureAndAttestations(t *testing.T) {
	cosign := os.Getenv("SHIFTGATE_COSIGN")
	if cosign == "" {
		t.Skip("SHIFTGATE_COSIGN is not set: skipped the check with the real cosign CLI (.ci/run installs it)")
	}
	const pw = "pw-image-test"
	keys := t.TempDir()
	cosignEnv := append(os.Environ(), "COSIGN_PASSWORD="+pw, "TUF_ROOT="+filepath.Join(keys, "tuf"), "HOME="+keys)
	run := func(args ...string) (string, error) {
		cmd := exec.Command(cosign, args...)
		cmd.Dir, cmd.Env = keys, cosignEnv
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := run("generate-key-pair"); err != nil {
		t.Fatalf("cosign generate-key-pair: %v\n%s", err, out)
	}
	signer, err := sign.Load(context.Background(), filepath.Join(keys, "cosign.key"),
		sign.Options{Getenv: func(k string) string {
			if k == "COSIGN_PASSWORD" {
				return pw
			}
			return ""
		}})
	if err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	ref := strings.TrimPrefix(srv.URL, "http://") + "/team/app:1"
	tag, _ := name.NewTag(ref)
	img := must(imagetest.Alpine(nil))
	if err := remote.Write(tag, img); err != nil {
		t.Fatal(err)
	}
	d, remoteRef, err := Pinned(ref)
	if err != nil || !remoteRef {
		t.Fatalf("Pinned: %v %v", remoteRef, err)
	}
	if want, _ := img.Digest(); d.DigestStr() != want.String() {
		t.Fatalf("pinned %s, pushed %s", d.DigestStr(), want)
	}

	// The SBOM predicate is the image's CycloneDX document; the provenance's subject
	// is the image digest.
	e := env(d.String(), offlineDB(t))
	e.Policy.Outputs.SBOM = []string{"cyclonedx"}
	res, err := New().Run(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	sbomSt, err := Statement(d, CycloneDXPredicate, res.Files[outdir.ImageCycloneDX])
	if err != nil {
		t.Fatal(err)
	}
	st, err := provenance.Statement(provenance.Options{Subjects: []provenance.Subject{
		{Name: d.Context().Name(), SHA256: strings.TrimPrefix(d.DigestStr(), "sha256:")}}, Policy: "(embedded default policy)", Mode: "enforce"})
	if err != nil {
		t.Fatal(err)
	}
	provSt, err := provenance.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := Publish(context.Background(), d, signer, map[string][]byte{
		provenance.PredicateType: provSt, CycloneDXPredicate: sbomSt,
	}); err != nil {
		t.Fatal(err)
	}

	pub := filepath.Join(keys, "cosign.pub")
	common := []string{"--key", pub, "--insecure-ignore-tlog", "--allow-http-registry", "--allow-insecure-registry"}
	verify := func(image string) error {
		if out, err := run(append(append([]string{"verify"}, common...), image)...); err != nil {
			return &cosignErr{"verify", out, err}
		}
		for _, typ := range []string{"slsaprovenance1", "cyclonedx"} {
			if out, err := run(append(append([]string{"verify-attestation", "--type", typ}, common...), image)...); err != nil {
				return &cosignErr{"verify-attestation --type " + typ, out, err}
			}
		}
		return nil
	}
	start := time.Now()
	if err := verify(d.String()); err != nil {
		t.Fatal(err)
	}
	// The attestation type is really checked: there is no SPDX attestation.
	if out, err := run(append(append([]string{"verify-attestation", "--type", "spdxjson"}, common...), d.String())...); err == nil {
		t.Fatalf("cosign found an SPDX attestation that was never attached:\n%s", out)
	}
	t.Logf("cosign verified the signature and 2 attestations of %s in %s", d, time.Since(start).Round(time.Millisecond))

	// Tampering: a different image under the same tag has a new digest that nothing signed.
	other := must(imagetest.AlpineClean())
	if err := remote.Write(tag, other); err != nil {
		t.Fatal(err)
	}
	if err := verify(ref); err == nil {
		t.Fatal("cosign verified an image nobody signed")
	}
}

type cosignErr struct {
	what, out string
	err       error
}

func (e *cosignErr) Error() string { return "cosign " + e.what + ": " + e.err.Error() + "\n" + e.out }
