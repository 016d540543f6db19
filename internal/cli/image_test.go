package cli

import (
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// `shiftgate scan --image REGISTRY/REPO:TAG --sign-key KEY` on a passing image signs
// its digest and attaches the SLSA provenance and the CycloneDX SBOM in the registry;
// the real cosign CLI verifies all three. A failing image is not signed.
func TestScanSignsARegistryImage(t *testing.T) {
	t.Parallel()
	cosign := os.Getenv("SHIFTGATE_COSIGN")
	if cosign == "" {
		t.Skip("SHIFTGATE_COSIGN is not set: skipped the check with the real cosign CLI (.ci/run installs it)")
	}
	keys := t.TempDir()
	cosignEnv := append(os.Environ(), "COSIGN_PASSWORD="+testPassword, "TUF_ROOT="+filepath.Join(keys, "tuf"), "HOME="+keys)
	cosignRun := func(args ...string) (string, error) {
		cmd := exec.Command(cosign, args...)
		cmd.Dir, cmd.Env = keys, cosignEnv
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := cosignRun("generate-key-pair"); err != nil {
		t.Fatalf("cosign generate-key-pair: %v\n%s", err, out)
	}
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	push := func(repo, which string) string {
		img, err := imagetest.Named(which)
		if err != nil {
			t.Fatal(err)
		}
		tag, _ := name.NewTag(host + "/" + repo + ":1")
		if err := remote.Write(tag, img); err != nil {
			t.Fatal(err)
		}
		return tag.String()
	}
	clean, vuln := push("team/clean", "alpine-clean"), push("team/vuln", "alpine-vulnerable")
	db := t.TempDir()
	if err := imagetest.OfflineDB(db); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	testutil.WriteTree(t, root, map[string]string{
		".shiftgate.yaml": "version: 1\n" + quietChecks + "outputs: {sbom: [cyclonedx]}\n",
	})
	vars := map[string]string{"COSIGN_PASSWORD": testPassword}
	key := filepath.Join(keys, "cosign.key")

	r := runCLI(t, vars, "scan", "--quiet", "--offline-db", db, "--image", clean, "--sign-key", key, "--out", t.TempDir(), root)
	if r.code != ExitPass {
		t.Fatalf("scan of the clean image: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	common := []string{"--key", filepath.Join(keys, "cosign.pub"), "--insecure-ignore-tlog", "--allow-http-registry", "--allow-insecure-registry"}
	for _, args := range [][]string{{"verify"}, {"verify-attestation", "--type", "slsaprovenance1"}, {"verify-attestation", "--type", "cyclonedx"}} {
		if out, err := cosignRun(append(append(args, common...), clean)...); err != nil {
			t.Errorf("cosign %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	r = runCLI(t, vars, "scan", "--quiet", "--offline-db", db, "--image", vuln, "--sign-key", key, "--out", t.TempDir(), root)
	if r.code != ExitFail || !strings.Contains(r.stdout, "CVE-2024-4741") {
		t.Fatalf("scan of the vulnerable image: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if out, err := cosignRun(append(append([]string{"verify"}, common...), vuln)...); err == nil {
		t.Errorf("a failing image was signed:\n%s", out)
	}
	if strings.Contains(r.stdout+r.stderr, testPassword) {
		t.Error("the key password reached the output")
	}
}
