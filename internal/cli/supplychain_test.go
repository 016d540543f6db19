package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// quietChecks switches every check off, so these tests exercise the supply-chain step
// alone and stay fast whatever checks the registry gains.
const quietChecks = "checks: {sast: {enabled: false}, secrets: {enabled: false}, deps: {enabled: false}, iac: {enabled: false}}\n"

const testPassword = "pw-Zq8#never-in-any-output"

// secretEnv is an environment full of secrets that must never reach an output.
var secretEnv = map[string]string{
	"COSIGN_PASSWORD":                testPassword,
	"GITHUB_TOKEN":                   "ghs_NEVERINOUTPUT0000000000000000000000",
	"ACTIONS_RUNTIME_TOKEN":          "runtime-NEVERINOUTPUT",
	"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "idreq-NEVERINOUTPUT",
}

type run struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, vars map[string]string, args ...string) run {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string { return vars[k] },
		Now:    func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }}
	code := Run(context.Background(), args, env)
	return run{code, stdout.String(), stderr.String()}
}

func repoWithPolicy(t *testing.T, outputs string) string {
	t.Helper()
	root := t.TempDir()
	testutil.WriteTree(t, root, map[string]string{
		".shiftgate.yaml": "version: 1\n" + quietChecks + outputs,
		"main.go":         "package main\n\nfunc main() {}\n",
	})
	return root
}

func keyFiles(t *testing.T) (keyPath, pubPath string, priv []byte) {
	t.Helper()
	priv, pub, err := sign.GenerateKeyPair([]byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyPath, pubPath = filepath.Join(dir, "cosign.key"), filepath.Join(dir, "cosign.pub")
	os.WriteFile(keyPath, priv, 0o600)
	os.WriteFile(pubPath, pub, 0o644)
	return keyPath, pubPath, priv
}

func readJSONReport(t *testing.T, out string) (verdict, reason string, notes []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "shiftgate.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Verdict, Reason string
		Notes           []struct{ Kind, Message string }
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	for _, n := range r.Notes {
		notes = append(notes, n.Kind+": "+n.Message)
	}
	return r.Verdict, r.Reason, notes
}

// outputs.sign.required without a key: the gate fails with exit 1 and every report
// says why; nothing is signed.
func TestSignRequiredWithoutKeyFailsTheGate(t *testing.T) {
	t.Parallel()
	for _, key := range []string{`""`, "env://SHIFTGATE_SIGNING_KEY", "keyless"} {
		t.Run(key, func(t *testing.T) {
			root := repoWithPolicy(t, "outputs: {sign: {key: "+key+", required: true}}\n")
			out := filepath.Join(t.TempDir(), "out")
			r := runCLI(t, nil, "scan", "--quiet", "--out", out, root)
			if r.code != ExitFail {
				t.Fatalf("exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, "FAIL: outputs.sign.required is set but no signing key available") {
				t.Errorf("stdout does not say why:\n%s", r.stdout)
			}
			verdict, reason, notes := readJSONReport(t, out)
			if verdict != "fail" || !strings.Contains(reason, "outputs.sign.required") {
				t.Errorf("shiftgate.json: verdict %q reason %q", verdict, reason)
			}
			if len(notes) != 1 || !strings.HasPrefix(notes[0], "signing: outputs.sign.required") {
				t.Errorf("notes %q", notes)
			}
			md, _ := os.ReadFile(filepath.Join(out, "summary.md"))
			if !bytes.Contains(md, []byte("outputs.sign.required")) {
				t.Errorf("summary.md does not say why:\n%s", md)
			}
			if sigs, _ := filepath.Glob(filepath.Join(out, "*.sig")); len(sigs) > 0 {
				t.Errorf("signatures written without a key: %q", sigs)
			}
		})
	}
}

// Audit mode never fails, but still says the outputs are unsigned.
func TestSignRequiredInAuditModeOnlyNotes(t *testing.T) {
	t.Parallel()
	root := repoWithPolicy(t, "mode: audit\noutputs: {sign: {required: true}}\n")
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, nil, "scan", "--quiet", "--out", out, root)
	if r.code != ExitPass {
		t.Fatalf("exit %d, want 0\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if _, _, notes := readJSONReport(t, out); len(notes) != 1 || !strings.Contains(notes[0], "outputs.sign.required") {
		t.Errorf("notes %q", notes)
	}
}

// A key in the policy that is not available locally (the env var is unset) is not an
// error when signing is not required: the outputs are unsigned, and a note says so.
func TestOptionalKeyUnavailableIsANote(t *testing.T) {
	t.Parallel()
	root := repoWithPolicy(t, "outputs: {sign: {key: env://SHIFTGATE_SIGNING_KEY}}\n")
	out := filepath.Join(t.TempDir(), "out")
	if r := runCLI(t, nil, "scan", "--quiet", "--out", out, root); r.code != ExitPass {
		t.Fatalf("exit %d, want 0\n%s", r.code, r.stderr)
	}
	if _, _, notes := readJSONReport(t, out); len(notes) != 1 || !strings.Contains(notes[0], "SHIFTGATE_SIGNING_KEY") {
		t.Errorf("notes %q", notes)
	}
}

// A scan with --sign-key signs every report and SBOM and attests them; verify accepts
// the out dir, and names the file once one is changed. No output and no log holds the
// password, the private key, or any token from the environment.
func TestScanSignsAndVerifyChecks(t *testing.T) {
	t.Parallel()
	keyPath, pubPath, priv := keyFiles(t)
	root := repoWithPolicy(t, "")
	artifact := filepath.Join(t.TempDir(), "app.bin")
	os.WriteFile(artifact, []byte("the build"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, secretEnv, "scan", "--sign-key", keyPath, "--subject", filepath.Join(filepath.Dir(artifact), "*.bin"), "--out", out, root)
	if r.code != ExitPass {
		t.Fatalf("exit %d, want 0\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, f := range []string{"shiftgate.json", "shiftgate.sarif", "summary.md", "junit.xml", "report.html", "sbom.cdx.json", "sbom.spdx.json"} {
		if !slices.Contains(names, f) || !slices.Contains(names, f+".sig") {
			t.Errorf("%s or %s.sig missing from %q", f, f, names)
		}
	}
	for _, f := range []string{"provenance.intoto.json", "provenance.intoto.jsonl"} {
		if !slices.Contains(names, f) {
			t.Errorf("%s missing from %q", f, names)
		}
	}
	prov, _ := os.ReadFile(filepath.Join(out, "provenance.intoto.json"))
	if !bytes.Contains(prov, []byte(`"name": "`+filepath.ToSlash(artifact)+`"`)) {
		t.Errorf("the --subject artifact is not attested:\n%s", prov)
	}

	// Nothing anywhere holds a secret.
	secrets := []string{testPassword, strings.Split(string(priv), "\n")[1]}
	for _, v := range secretEnv {
		secrets = append(secrets, v)
	}
	everything := r.stdout + r.stderr
	for _, n := range names {
		b, _ := os.ReadFile(filepath.Join(out, n))
		everything += string(b)
	}
	for _, s := range secrets {
		if strings.Contains(everything, s) {
			t.Errorf("a secret (%.12s…) appears in the outputs or the log", s)
		}
	}

	v := runCLI(t, nil, "verify", "--key", pubPath, out)
	if v.code != ExitPass {
		t.Fatalf("verify: exit %d, want 0\n%s\n%s", v.code, v.stdout, v.stderr)
	}
	if !strings.Contains(v.stdout, "ok      shiftgate.json (signature)") || !strings.Contains(v.stdout, "(attestation signature)") {
		t.Errorf("verify output:\n%s", v.stdout)
	}

	os.WriteFile(filepath.Join(out, "junit.xml"), []byte("<testsuites/>"), 0o644)
	v = runCLI(t, nil, "verify", "--key", pubPath, out)
	if v.code != ExitFail {
		t.Fatalf("verify of a tampered dir: exit %d, want 1\n%s", v.code, v.stdout)
	}
	if !strings.Contains(v.stderr, "verification failed for junit.xml") || !strings.Contains(v.stdout, "FAILED  junit.xml") {
		t.Errorf("verify does not name the tampered file:\n%s\n%s", v.stdout, v.stderr)
	}
}

func TestSigningMistakesAreUsageErrors(t *testing.T) {
	t.Parallel()
	keyPath, _, _ := keyFiles(t)
	root := repoWithPolicy(t, "")
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--sign-key", keyPath}, map[string]string{"COSIGN_PASSWORD": "wrong-" + testPassword}, "is COSIGN_PASSWORD right?"},
		{[]string{"--sign-key", "env://NOT_SET"}, nil, "NOT_SET"},
		{[]string{"--sign-key", "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k"}, nil, "links no gcpkms provider"},
		{[]string{"--subject", filepath.Join(root, "*.nothing")}, nil, "matches no file"},
	} {
		r := runCLI(t, c.env, append(append([]string{"scan", "--quiet"}, c.args...), root)...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
		if strings.Contains(r.stderr+r.stdout, testPassword) {
			t.Errorf("%q: the password appears in the log", c.args)
		}
	}
	r := runCLI(t, nil, "verify", t.TempDir())
	if r.code != ExitUsage || !strings.Contains(r.stderr, "--key") {
		t.Errorf("verify without --key: exit %d, %q", r.code, r.stderr)
	}
}

// TestCosignVerifies is the proof with the real cosign CLI (.ci/run installs it and sets
// SHIFTGATE_COSIGN): a key pair from `cosign generate-key-pair`, a scan through Main
// with --sign-key, then `cosign verify-blob` for every signed file and `cosign
// verify-blob-attestation` for every subject; after tampering, cosign and `shiftgate
// verify` both fail.
func TestCosignVerifies(t *testing.T) {
	t.Parallel()
	cosign := os.Getenv("SHIFTGATE_COSIGN")
	if cosign == "" {
		t.Skip("SHIFTGATE_COSIGN is not set: skipped the check with the real cosign CLI (.ci/run installs it)")
	}
	keys := t.TempDir()
	cosignEnv := append(os.Environ(), "COSIGN_PASSWORD="+testPassword, "TUF_ROOT="+filepath.Join(keys, "tuf"), "HOME="+keys)
	gen := exec.Command(cosign, "generate-key-pair")
	gen.Dir, gen.Env = keys, cosignEnv
	if b, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("cosign generate-key-pair: %v\n%s", err, b)
	}
	root := repoWithPolicy(t, "")
	out := filepath.Join(t.TempDir(), "out")
	// The process environment with the key's password (t.Setenv would keep this test
	// from running in parallel).
	getenv := func(k string) string {
		if k == "COSIGN_PASSWORD" {
			return testPassword
		}
		return os.Getenv(k)
	}
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), []string{"scan", "--quiet", "--sign-key", filepath.Join(keys, "cosign.key"), "--out", out, root}, &Env{Stdout: &stdout, Stderr: &stderr, Getenv: getenv}); code != ExitPass {
		t.Fatalf("scan: exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	pub := filepath.Join(keys, "cosign.pub")
	cosignRun := func(args ...string) (string, error) {
		cmd := exec.Command(cosign, args...)
		cmd.Env = cosignEnv
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	sigs, _ := filepath.Glob(filepath.Join(out, "*.sig"))
	if len(sigs) != 7 {
		t.Fatalf("%d signatures, want 7 (5 reports, 2 SBOMs): %q", len(sigs), sigs)
	}
	for _, sig := range sigs {
		f := strings.TrimSuffix(sig, ".sig")
		if b, err := cosignRun("verify-blob", "--key", pub, "--signature", sig, "--insecure-ignore-tlog", f); err != nil {
			t.Errorf("cosign verify-blob %s: %v\n%s", filepath.Base(f), err, b)
		}
		if b, err := cosignRun("verify-blob-attestation", "--key", pub, "--signature", filepath.Join(out, "provenance.intoto.jsonl"),
			"--type", "slsaprovenance1", "--insecure-ignore-tlog", f); err != nil {
			t.Errorf("cosign verify-blob-attestation for %s: %v\n%s", filepath.Base(f), err, b)
		}
	}
	t.Logf("cosign verified %d signatures and the attestation for %d subjects", len(sigs), len(sigs))

	tampered := filepath.Join(out, "sbom.cdx.json")
	appendFile(t, tampered, "\n")
	if b, err := cosignRun("verify-blob", "--key", pub, "--signature", tampered+".sig", "--insecure-ignore-tlog", tampered); err == nil {
		t.Errorf("cosign verify-blob accepted a tampered file:\n%s", b)
	}
	if b, err := cosignRun("verify-blob-attestation", "--key", pub, "--signature", filepath.Join(out, "provenance.intoto.jsonl"),
		"--type", "slsaprovenance1", "--insecure-ignore-tlog", tampered); err == nil {
		t.Errorf("cosign verify-blob-attestation accepted a tampered file:\n%s", b)
	}
	r := runCLI(t, nil, "verify", "--key", pub, out)
	if r.code != ExitFail || !strings.Contains(r.stderr, "verification failed for sbom.cdx.json") {
		t.Errorf("shiftgate verify on the tampered dir: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(s)
	f.Close()
}

// TestPolyglotSBOM scans a repository with a lockfile in each of five ecosystems and
// requires both SBOMs to list every locked package. It needs the deps check, which
// fills the inventory; until the registry has it, the test says so and skips.
func TestPolyglotSBOM(t *testing.T) {
	t.Parallel()
	if !slices.Contains(registry.Names(), "deps") {
		t.Skip("the deps check is not in the registry yet: nothing fills the inventory the SBOMs are made from")
	}
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(filepath.Join("..", "attest", "testdata", "polyglot"))); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, ".shiftgate.yaml"), []byte("version: 1\nchecks: {sast: {enabled: false}, secrets: {enabled: false}, iac: {enabled: false}, deps: {enabled: true, reachability: false}}\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, nil, "scan", "--quiet", "--out", out, root)
	if r.code == ExitUsage {
		t.Fatalf("exit 2\n%s", r.stderr)
	}
	want := map[string]string{ // name → version, every locked package of every ecosystem
		"github.com/gorilla/mux": "1.8.0", "golang.org/x/text": "0.3.7",
		"lodash": "4.17.20", "minimist": "1.2.5",
		"flask": "2.0.1", "werkzeug": "2.0.2",
		"serde": "1.0.130", "itoa": "1.0.1",
		"org.apache.logging.log4j:log4j-core": "2.14.1",
	}
	var cdx struct {
		Components []struct{ Name, Group, Version, Purl string }
	}
	b, err := os.ReadFile(filepath.Join(out, "sbom.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(b, &cdx)
	var spdx struct {
		Packages []struct {
			Name    string `json:"name"`
			Version string `json:"versionInfo"`
		} `json:"packages"`
	}
	s, err := os.ReadFile(filepath.Join(out, "sbom.spdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(s, &spdx)
	for name, version := range want {
		inCDX, inSPDX := false, false
		for _, c := range cdx.Components {
			inCDX = inCDX || (matchName(c.Name, name) && strings.TrimPrefix(c.Version, "v") == version)
		}
		for _, p := range spdx.Packages {
			inSPDX = inSPDX || (matchName(p.Name, name) && strings.TrimPrefix(p.Version, "v") == version)
		}
		if !inCDX || !inSPDX {
			t.Errorf("%s %s: in CycloneDX %v, in SPDX %v", name, version, inCDX, inSPDX)
		}
	}
}

// matchName accepts Maven's group:artifact written with a slash or the artifact alone.
func matchName(got, want string) bool {
	return got == want || strings.ReplaceAll(got, "/", ":") == want || (strings.Contains(want, ":") && strings.HasSuffix(want, ":"+got))
}

// A key file named in the policy is found relative to the repository, whatever the
// current directory.
func TestPolicyKeyIsRelativeToTheRepository(t *testing.T) {
	t.Parallel()
	_, pubPath, priv := keyFiles(t)
	root := repoWithPolicy(t, "outputs: {sign: {key: ci/cosign.key, required: true}}\n")
	testutil.WriteFile(t, root, "ci/cosign.key", string(priv))
	out := filepath.Join(t.TempDir(), "out")
	if r := runCLI(t, map[string]string{"COSIGN_PASSWORD": testPassword}, "scan", "--quiet", "--out", out, root); r.code != ExitPass {
		t.Fatalf("exit %d, want 0\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "verify", "--key", pubPath, out); r.code != ExitPass {
		t.Errorf("verify: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// Keyless in GitHub Actions, through the command line: the scan runs and writes its
// reports, then signing fetches the OIDC token and fails at Fulcio (unreachable here):
// exit 3, the reason on stderr, no token anywhere.
func TestKeylessScanFailsAtFulcio(t *testing.T) {
	t.Parallel()
	var tokens int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" && r.Header.Get("Authorization") == "Bearer idreq-NEVERINOUTPUT" {
			tokens++
			w.Write([]byte(`{"value": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvYXBwIn0.c2ln"}`))
			return
		}
		http.Error(w, "no Sigstore here", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	env := map[string]string{
		"ACTIONS_ID_TOKEN_REQUEST_URL": srv.URL + "/token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "idreq-NEVERINOUTPUT",
		"SHIFTGATE_FULCIO_URL": srv.URL, "SHIFTGATE_REKOR_URL": srv.URL,
	}
	root := repoWithPolicy(t, "outputs: {sign: {key: keyless, required: true}}\n")
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, env, "scan", "--quiet", "--out", out, root)
	if r.code != ExitError {
		t.Fatalf("exit %d, want 3\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if tokens != 1 || !strings.Contains(r.stderr, "got the GitHub Actions OIDC token, but Fulcio at "+srv.URL) {
		t.Errorf("token fetched %d time(s); stderr:\n%s", tokens, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "shiftgate.json")); err != nil {
		t.Errorf("the reports must be written even when signing fails: %v", err)
	}
	if strings.Contains(r.stdout+r.stderr, "eyJhbGciOiJSUzI1NiJ9") || strings.Contains(r.stdout+r.stderr, "idreq-NEVERINOUTPUT") {
		t.Error("a token appears in the log")
	}
}
