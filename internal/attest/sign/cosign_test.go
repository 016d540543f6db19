package sign

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCosignRefsThisBuildDoesNotLoadSayWhy: cosign's k8s://, gitlab://, pkcs11: and
// URL key references are refused with a message naming the reference kind and what to
// use instead, never read as a file path.
func TestCosignRefsThisBuildDoesNotLoadSayWhy(t *testing.T) {
	for _, ref := range []string{"k8s://ci/signing", "gitlab://group/project", "pkcs11:token=t;object=o", "https://example.com/cosign.key"} {
		if IsFileRef(ref) {
			t.Errorf("IsFileRef(%q) = true: it would be joined to the repository path", ref)
		}
		_, err := Load(context.Background(), ref, Options{Getenv: getenv(map[string]string{"COSIGN_PASSWORD": password})})
		if err == nil || !strings.Contains(err.Error(), "which this build does not load") || !strings.Contains(err.Error(), "env://VAR") {
			t.Errorf("Load(%q) = %v", ref, err)
		}
	}
}

// TestCosignCLIVerifiesEncryptedKeyAndEnvKey is the proof with the real cosign CLI
// (SHIFTGATE_COSIGN, which .ci/run builds): a key pair from `cosign generate-key-pair`,
// loaded as a file and as env://VAR, signs a blob and an in-toto attestation, and
// `cosign verify-blob` and `cosign verify-blob-attestation` accept both; a signature
// over other bytes is refused.
func TestCosignCLIVerifiesEncryptedKeyAndEnvKey(t *testing.T) {
	cosign := os.Getenv("SHIFTGATE_COSIGN")
	if cosign == "" {
		t.Skip("SHIFTGATE_COSIGN is not set: skipped the check with the real cosign CLI (.ci/run builds it)")
	}
	dir := t.TempDir()
	cosignEnv := append(os.Environ(), "COSIGN_PASSWORD="+password, "TUF_ROOT="+filepath.Join(dir, "tuf"), "HOME="+dir)
	run := func(args ...string) (string, error) {
		cmd := exec.Command(cosign, args...)
		cmd.Dir, cmd.Env = dir, cosignEnv
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := run("generate-key-pair"); err != nil {
		t.Fatalf("cosign generate-key-pair: %v\n%s", err, out)
	}
	priv, err := os.ReadFile(filepath.Join(dir, "cosign.key"))
	if err != nil {
		t.Fatal(err)
	}
	blob := filepath.Join(dir, "report.json")
	os.WriteFile(blob, []byte(`{"verdict":"pass"}`+"\n"), 0o644)
	data, _ := os.ReadFile(blob)
	sum := sha256.Sum256(data)
	statement := []byte(`{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"report.json","digest":{"sha256":"` + hex.EncodeToString(sum[:]) +
		`"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":{"buildType":"https://shiftgate.dev/buildtypes/scan/v1","externalParameters":{}},"runDetails":{"builder":{"id":"https://shiftgate.dev/builders/local/unverified"}}}}`)

	for _, ref := range []string{filepath.Join(dir, "cosign.key"), "env://SHIFTGATE_TEST_KEY"} {
		s, err := Load(context.Background(), ref, Options{Getenv: getenv(map[string]string{"COSIGN_PASSWORD": password, "SHIFTGATE_TEST_KEY": string(priv)})})
		if err != nil {
			t.Fatalf("Load(%s): %v", ref, err)
		}
		sig, err := s.SignBlob(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		env, err := s.Attest(context.Background(), statement)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(blob+".sig", sig, 0o644)
		os.WriteFile(filepath.Join(dir, "att.intoto.jsonl"), env, 0o644)
		if out, err := run("verify-blob", "--key", "cosign.pub", "--signature", blob+".sig", "--insecure-ignore-tlog", blob); err != nil {
			t.Errorf("%s: cosign verify-blob: %v\n%s", ref, err, out)
		}
		if out, err := run("verify-blob-attestation", "--key", "cosign.pub", "--signature", "att.intoto.jsonl", "--type", "slsaprovenance1", "--insecure-ignore-tlog", blob); err != nil {
			t.Errorf("%s: cosign verify-blob-attestation: %v\n%s", ref, err, out)
		}
		other, _ := s.SignBlob(context.Background(), []byte("other bytes"))
		os.WriteFile(blob+".sig", other, 0o644)
		if out, err := run("verify-blob", "--key", "cosign.pub", "--signature", blob+".sig", "--insecure-ignore-tlog", blob); err == nil {
			t.Errorf("%s: cosign verify-blob accepted a signature over other bytes:\n%s", ref, out)
		}
	}
}
