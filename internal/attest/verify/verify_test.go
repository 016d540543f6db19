package verify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/attest"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/attest/verify"
	"github.com/shiftgate/shiftgate/internal/inventory"
)

var reports = []string{"shiftgate.json", "shiftgate.sarif", "summary.md"}

// signedDir writes reports, SBOMs, provenance and signatures into a fresh out dir and
// returns it with the public key. The artifact outside the dir is attested too.
func signedDir(t *testing.T) (dir, artifact string, pub []byte) {
	t.Helper()
	priv, pub, err := sign.GenerateKeyPair([]byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	dir = filepath.Join(base, "out")
	os.MkdirAll(dir, 0o755)
	for _, r := range reports {
		os.WriteFile(filepath.Join(dir, r), []byte("report "+r+"\n"), 0o644)
	}
	artifact = filepath.Join(base, "app.tar.gz")
	os.WriteFile(artifact, []byte("binary"), 0o644)
	signer, err := sign.Load(context.Background(), "env://KEY", sign.Options{Getenv: func(k string) string {
		return map[string]string{"KEY": string(priv), "COSIGN_PASSWORD": "pw"}[k]
	}})
	if err != nil {
		t.Fatal(err)
	}
	written, err := attest.Write(context.Background(), attest.Options{
		OutDir: dir, Reports: reports, SBOM: []string{"cyclonedx", "spdx"}, Provenance: true, Signer: signer,
		Inventory: &inventory.Inventory{Packages: []inventory.Package{{Ecosystem: "npm", Name: "lodash", Version: "4.17.20", PURL: "pkg:npm/lodash@4.17.20"}}},
		Subjects:  []attest.Artifact{{Name: "app.tar.gz", Path: artifact}},
		Source:    source.Info{Name: "app", Time: source.FixedEpoch}, WriteFile: writeFile,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"provenance.intoto.json", "provenance.intoto.jsonl", "sbom.cdx.json", "sbom.cdx.json.sig", "sbom.spdx.json", "sbom.spdx.json.sig",
		"shiftgate.json.sig", "shiftgate.sarif.sig", "summary.md.sig"}
	if !slices.Equal(written, want) {
		t.Fatalf("wrote %q, want %q", written, want)
	}
	return dir, artifact, pub
}

func run(t *testing.T, dir string, pub []byte) *verify.Report {
	t.Helper()
	v, err := verify.LoadPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := verify.Dir(context.Background(), dir, v, verify.Options{SubjectRoot: filepath.Dir(dir)})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAllGood(t *testing.T) {
	dir, _, pub := signedDir(t)
	rep := run(t, dir, pub)
	if !rep.OK() {
		t.Fatalf("problems in a freshly signed dir: %v", rep.Problems)
	}
	// 5 signatures, the envelope, 6 attested digests (5 files + the artifact).
	if len(rep.Passed) != 12 {
		t.Errorf("%d checks passed, want 12: %v", len(rep.Passed), rep.Passed)
	}
}

func TestTamperingIsCaughtAndNamed(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func(dir, artifact string)
		failed []string
		says   string
	}{
		{"a report changed", func(dir, _ string) { appendTo(filepath.Join(dir, "summary.md"), "x") },
			[]string{"summary.md"}, "summary.md: sha256"},
		{"an SBOM changed", func(dir, _ string) { appendTo(filepath.Join(dir, "sbom.spdx.json"), " ") },
			[]string{"sbom.spdx.json"}, "the signature sbom.spdx.json.sig does not match"},
		{"a signature replaced by another file's", func(dir, _ string) {
			b, _ := os.ReadFile(filepath.Join(dir, "shiftgate.sarif.sig"))
			os.WriteFile(filepath.Join(dir, "shiftgate.json.sig"), b, 0o644)
		}, []string{"shiftgate.json"}, "shiftgate.json.sig does not match"},
		{"a signature removed", func(dir, _ string) { os.Remove(filepath.Join(dir, "shiftgate.json.sig")) },
			[]string{"shiftgate.json"}, "attested but has no signature"},
		{"a signed file removed", func(dir, _ string) { os.Remove(filepath.Join(dir, "summary.md")) },
			[]string{"summary.md"}, "is missing"},
		// Attack 14 of issue 12: the tampered verdict's .sig and the attestation deleted;
		// the other signatures still verify, and used to be enough.
		{"a report changed, its signature and the attestation deleted", func(dir, _ string) {
			appendTo(filepath.Join(dir, "shiftgate.json"), " ")
			os.Remove(filepath.Join(dir, "shiftgate.json.sig"))
			os.Remove(filepath.Join(dir, "provenance.intoto.jsonl"))
		}, []string{"provenance.intoto.json", "shiftgate.json"}, "shiftgate.json: not signed: no shiftgate.json.sig and no verified attestation"},
		{"a report changed, its signature, the attestation and the statement deleted", func(dir, _ string) {
			appendTo(filepath.Join(dir, "shiftgate.json"), " ")
			for _, n := range []string{"shiftgate.json.sig", "provenance.intoto.jsonl", "provenance.intoto.json"} {
				os.Remove(filepath.Join(dir, n))
			}
		}, []string{"shiftgate.json"}, "shiftgate.json: not signed"},
		{"the attested artifact changed", func(_, artifact string) { appendTo(artifact, "!") },
			[]string{"app.tar.gz"}, "app.tar.gz: sha256"},
		{"the statement file edited", func(dir, _ string) { appendTo(filepath.Join(dir, "provenance.intoto.json"), " ") },
			[]string{"provenance.intoto.json"}, "differs from the statement signed"},
		{"the envelope's payload swapped", func(dir, _ string) {
			p := filepath.Join(dir, "provenance.intoto.jsonl")
			b, _ := os.ReadFile(p)
			var env map[string]any
			json.Unmarshal(b, &env)
			payload, _ := base64.StdEncoding.DecodeString(env["payload"].(string))
			env["payload"] = base64.StdEncoding.EncodeToString(bytes.Replace(payload, []byte("app.tar.gz"), []byte("evil.tar.gz"), 1))
			out, _ := json.Marshal(env)
			os.WriteFile(p, out, 0o644)
		}, []string{"provenance.intoto.jsonl"}, "attestation's signature does not match"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, artifact, pub := signedDir(t)
			c.tamper(dir, artifact)
			rep := run(t, dir, pub)
			if !slices.Equal(rep.Failed(), c.failed) {
				t.Errorf("failed %q, want %q; problems: %v", rep.Failed(), c.failed, rep.Problems)
			}
			found := false
			for _, p := range rep.Problems {
				found = found || strings.Contains(p.String(), c.says)
			}
			if !found {
				t.Errorf("no problem says %q: %v", c.says, rep.Problems)
			}
		})
	}
}

func TestAnotherKeyFailsEverything(t *testing.T) {
	dir, _, _ := signedDir(t)
	_, other, _ := sign.GenerateKeyPair([]byte("x"))
	rep := run(t, dir, other)
	want := []string{"provenance.intoto.jsonl", "sbom.cdx.json", "sbom.spdx.json", "shiftgate.json", "shiftgate.sarif", "summary.md"}
	if !slices.Equal(rep.Failed(), want) {
		t.Errorf("failed %q, want %q", rep.Failed(), want)
	}
}

func TestNothingToVerify(t *testing.T) {
	_, pub, _ := sign.GenerateKeyPair([]byte("x"))
	v, _ := verify.LoadPublicKey(pub)
	if _, err := verify.Dir(context.Background(), t.TempDir(), v, verify.Options{}); err == nil || !strings.Contains(err.Error(), "nothing to verify") {
		t.Errorf("err = %v, want nothing to verify", err)
	}
	if _, err := verify.LoadPublicKey([]byte("nope")); err == nil {
		t.Error("a non-PEM public key was accepted")
	}
}

// A rerun without a key removes the signatures of the earlier run, so the out dir
// never holds a signature of a file it no longer matches.
func TestUnsignedRerunRemovesStaleSignatures(t *testing.T) {
	dir, _, _ := signedDir(t)
	if _, err := attest.Write(context.Background(), attest.Options{OutDir: dir, Reports: reports, SBOM: []string{"cyclonedx"}, Source: source.Info{Time: source.FixedEpoch}, WriteFile: writeFile}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"sbom.cdx.json", "shiftgate.json", "shiftgate.sarif", "summary.md"}
	if !slices.Equal(names, want) {
		t.Errorf("out dir holds %q, want %q", names, want)
	}
}

func appendTo(path, s string) {
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(s)
	f.Close()
}

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o644) }
