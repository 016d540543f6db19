// Package verify checks an out dir the way `cosign verify-blob` and `cosign
// verify-blob-attestation` would, with a public key: every F.sig against F, the
// attestation's DSSE signature, and every attested subject's digest against the file.
// It reports each problem with the file it concerns, and never stops at the first.
package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	ssldsse "github.com/secure-systems-lab/go-securesystemslib/dsse"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/dsse"
	"github.com/sigstore/sigstore/pkg/signature/options"

	"github.com/shiftgate/shiftgate/internal/attest/provenance"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// AttestationFile is the DSSE envelope of the provenance statement.
const AttestationFile = outdir.Attestation

// SigSuffix is the suffix of a detached blob signature.
const SigSuffix = outdir.SigSuffix

// Problem is one failed check, about one file.
type Problem struct {
	File    string // the file that failed, as named in the out dir or the attestation
	Message string
}

func (p Problem) String() string { return p.File + ": " + p.Message }

// Check is one passed check.
type Check struct {
	File string
	What string // "signature", "attestation signature", "attested digest"
}

// Report is the outcome of verifying a directory.
type Report struct {
	Passed   []Check
	Problems []Problem
}

// OK reports whether everything verified.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Failed names the files with problems, sorted, once each.
func (r *Report) Failed() []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.File)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// LoadPublicKey reads a PEM public key (cosign.pub) into a verifier with cosign's
// defaults (SHA-256; ED25519ph for ed25519 keys).
func LoadPublicKey(pemBytes []byte) (signature.Verifier, error) {
	pub, err := cryptoutils.UnmarshalPEMToPublicKey(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("not a PEM public key (give the cosign.pub of the signing key): %w", err)
	}
	v, err := signature.LoadDefaultVerifier(pub, options.WithED25519ph())
	if err != nil {
		return nil, fmt.Errorf("unsupported public key: %w", err)
	}
	return v, nil
}

// Options say where attested subjects outside the directory are.
type Options struct {
	// SubjectRoot resolves attested subjects that are not in the directory (artifacts
	// named with --subject); "" means the current directory.
	SubjectRoot string
}

// Dir verifies every signature and the attestation in dir.
func Dir(ctx context.Context, dir string, v signature.Verifier, o Options) (*Report, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("could not read the out dir %q: %w", dir, err)
	}
	r := &Report{}
	names := map[string]bool{}
	for _, e := range entries {
		if e.Type().IsRegular() {
			names[e.Name()] = true
		}
	}
	sigs := 0
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, SigSuffix) {
			continue
		}
		sigs++
		target := strings.TrimSuffix(name, SigSuffix)
		if !names[target] {
			r.Problems = append(r.Problems, Problem{target, "the file " + name + " signs is missing"})
			continue
		}
		if err := verifyBlob(ctx, v, filepath.Join(dir, name), filepath.Join(dir, target)); err != nil {
			r.Problems = append(r.Problems, Problem{target, err.Error()})
			continue
		}
		r.Passed = append(r.Passed, Check{target, "signature"})
	}
	attested := false
	if names[AttestationFile] {
		attested = true
		subjects := verifyAttestation(ctx, v, dir, o, r)
		// Everything attested in the directory must be signed too.
		for _, s := range subjects {
			if s == provenance.File || !names[s] || names[s+SigSuffix] {
				continue
			}
			r.Problems = append(r.Problems, Problem{s, "attested but has no signature " + s + SigSuffix})
		}
	}
	if sigs == 0 && !attested {
		return nil, fmt.Errorf("nothing to verify in %q: no *.sig and no %s (was the scan run with --sign-key?)", dir, AttestationFile)
	}
	requireVouched(dir, names, r)
	slices.SortFunc(r.Problems, func(a, b Problem) int { return strings.Compare(a.String(), b.String()) })
	return r, nil
}

// reportNames are the reports and SBOMs a scan writes and signs.
var reportNames = []string{outdir.JSON, outdir.SARIF, outdir.Summary, outdir.JUnit, outdir.HTML,
	outdir.CycloneDX, outdir.SPDX, outdir.VEX, outdir.ImageCycloneDX, outdir.ImageSPDX}

// requireVouched fails every report or SBOM in the directory, and every file the
// provenance statement names, that neither a valid signature nor a verified
// attestation digest vouches for: a tampered shiftgate.json whose .sig (and the
// attestation) were deleted must not pass. The provenance file itself needs the
// attestation. names are the directory's regular files.
func requireVouched(dir string, names map[string]bool, r *Report) {
	vouched, failed := map[string]bool{}, map[string]bool{}
	for _, c := range r.Passed {
		if c.What == "signature" || c.What == "attested digest" {
			vouched[c.File] = true
		}
	}
	for _, p := range r.Problems {
		failed[p.File] = true
	}
	need := map[string]bool{}
	for _, n := range reportNames {
		if names[n] {
			need[n] = true
		}
	}
	if names[provenance.File] {
		if !names[AttestationFile] && !names[provenance.File+SigSuffix] {
			r.Problems = append(r.Problems, Problem{provenance.File, "not signed: no " + AttestationFile + " (and no " + provenance.File + SigSuffix + ") vouches for it"})
		}
		// What the (possibly unsigned) statement names must be vouched for too.
		if b, err := os.ReadFile(filepath.Join(dir, provenance.File)); err == nil {
			if st, err := provenance.Parse(b); err == nil {
				for _, sub := range st.GetSubject() {
					name := sub.GetName()
					if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, "/") {
						continue // an artifact outside the directory (scan --subject)
					}
					if names[name] { // else under --subjects: the attestation checks it
						need[name] = true
					}
				}
			}
		}
	}
	for _, n := range slices.Sorted(maps.Keys(need)) {
		if vouched[n] || failed[n] || n == provenance.File {
			continue
		}
		r.Problems = append(r.Problems, Problem{n, "not signed: no " + n + SigSuffix + " and no verified attestation vouches for it (deleted, or the file was added after signing)"})
	}
}

func verifyBlob(ctx context.Context, v signature.Verifier, sigPath, path string) error {
	sigB64, err := os.ReadFile(sigPath)
	if err != nil {
		return fmt.Errorf("could not read %s: %w", filepath.Base(sigPath), err)
	}
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sigB64)))
	if err != nil {
		return fmt.Errorf("%s is not a base64 signature: %w", filepath.Base(sigPath), err)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("could not read the file: %w", err)
	}
	defer f.Close()
	if err := v.VerifySignature(bytes.NewReader(sig), f, options.WithContext(ctx)); err != nil {
		return fmt.Errorf("the signature %s does not match: the file was changed, or signed with another key", filepath.Base(sigPath))
	}
	return nil
}

// verifyAttestation checks the envelope's signature, then each subject's digest, and
// returns the subject names.
func verifyAttestation(ctx context.Context, v signature.Verifier, dir string, o Options, r *Report) []string {
	raw, err := os.ReadFile(filepath.Join(dir, AttestationFile))
	if err != nil {
		r.Problems = append(r.Problems, Problem{AttestationFile, err.Error()})
		return nil
	}
	var env ssldsse.Envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		r.Problems = append(r.Problems, Problem{AttestationFile, "not a DSSE envelope: " + err.Error()})
		return nil
	}
	if env.PayloadType != sign.InTotoPayloadType {
		r.Problems = append(r.Problems, Problem{AttestationFile, fmt.Sprintf("payload type %q, want %q", env.PayloadType, sign.InTotoPayloadType)})
		return nil
	}
	if err := dsse.WrapVerifier(v).VerifySignature(bytes.NewReader(raw), nil, options.WithContext(ctx)); err != nil {
		r.Problems = append(r.Problems, Problem{AttestationFile, "the attestation's signature does not match: it was changed, or signed with another key"})
		return nil
	}
	r.Passed = append(r.Passed, Check{AttestationFile, "attestation signature"})
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		r.Problems = append(r.Problems, Problem{AttestationFile, "the payload is not base64: " + err.Error()})
		return nil
	}
	st, err := provenance.Parse(payload)
	if err != nil {
		r.Problems = append(r.Problems, Problem{AttestationFile, err.Error()})
		return nil
	}
	if st.GetPredicateType() != provenance.PredicateType {
		r.Problems = append(r.Problems, Problem{AttestationFile, fmt.Sprintf("predicate type %q, want %q", st.GetPredicateType(), provenance.PredicateType)})
	}
	if b, err := os.ReadFile(filepath.Join(dir, provenance.File)); err == nil && !bytes.Equal(b, payload) {
		r.Problems = append(r.Problems, Problem{provenance.File, "differs from the statement signed in " + AttestationFile})
	}
	var names []string
	for _, s := range st.GetSubject() {
		name := s.GetName()
		names = append(names, name)
		want := s.GetDigest()["sha256"]
		if want == "" {
			r.Problems = append(r.Problems, Problem{name, "attested without a sha256 digest"})
			continue
		}
		path, err := subjectPath(dir, name, o)
		if err != nil {
			r.Problems = append(r.Problems, Problem{name, err.Error()})
			continue
		}
		got, err := fileSHA256(path)
		if err != nil {
			r.Problems = append(r.Problems, Problem{name, err.Error()})
			continue
		}
		if got != want {
			r.Problems = append(r.Problems, Problem{name, fmt.Sprintf("sha256 %s, but the attestation says %s: the file was changed", got, want)})
			continue
		}
		r.Passed = append(r.Passed, Check{name, "attested digest"})
	}
	return names
}

// subjectPath finds a subject: in the directory when it is a plain file name there,
// else under the subject root.
func subjectPath(dir, name string, o Options) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		if filepath.IsAbs(name) {
			return name, nil
		}
		return "", errors.New("the attestation names a path outside the directory")
	}
	in := filepath.Join(dir, filepath.FromSlash(name))
	if st, err := os.Lstat(in); err == nil && st.Mode().IsRegular() {
		return in, nil
	}
	root := o.SubjectRoot
	if root == "" {
		root = "."
	}
	p := filepath.Join(root, filepath.FromSlash(name))
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("attested, but not found in %s or %s", dir, root)
	}
	return p, nil
}

func fileSHA256(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("could not read: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
