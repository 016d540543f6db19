// Package tekton holds shiftgate's Tekton Task and example Pipeline (the YAML files in
// this folder, validated by the tests with Tekton's own types) and writes a scan's
// Tekton results: small values that travel in the step's 4 KiB termination message,
// and Chains type-hinted artifact outputs for the SARIF and the SBOM, while the reports
// themselves stay in the workspace.
package tekton

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/shiftgate/shiftgate/checks/image"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// MaxResultsBytes is the termination message limit all results of a step share.
const MaxResultsBytes = 4096

// The result names the Task declares.
const (
	ResultVerdict  = "verdict"
	ResultBlocking = "blocking-count"
	ResultFindings = "findings-count"
	ResultDigest   = "report-digest"
	ResultSARIF    = "SARIF_ARTIFACT_OUTPUTS"
	ResultSBOM     = "SBOM_ARTIFACT_OUTPUTS"
	// The shiftgate-image Task's Chains type hints for the scanned image.
	ResultImageURL    = "IMAGE_URL"
	ResultImageDigest = "IMAGE_DIGEST"
)

// ArtifactOutput is a Chains type hint: an artifact's location and digest.
type ArtifactOutput struct {
	URI    string `json:"uri"`
	Digest string `json:"digest"`
}

// Results computes the Task results from a scan's out dir. uriBase prefixes the
// artifacts' file names in their uri (the out dir as seen from the workspace). When
// shiftgate.json is missing (nothing was judged) the verdict is "error" with zero
// counts and empty digests.
func Results(outDir, uriBase string) (map[string]string, error) {
	res := map[string]string{ResultVerdict: "error", ResultBlocking: "0", ResultFindings: "0", ResultDigest: ""}
	empty, _ := json.Marshal(ArtifactOutput{})
	res[ResultSARIF], res[ResultSBOM] = string(empty), string(empty)

	r, data, err := outdir.Read(outDir)
	if errors.Is(err, fs.ErrNotExist) {
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the report: %w", err)
	}
	res[ResultVerdict] = string(r.Verdict)
	res[ResultBlocking] = strconv.Itoa(r.Count(finding.StatusBlocking))
	res[ResultFindings] = strconv.Itoa(len(r.Findings))
	res[ResultDigest] = digest(data)

	artifact := func(name string) (string, error) {
		d, err := fileDigest(filepath.Join(outDir, name))
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(ArtifactOutput{URI: path.Join(filepath.ToSlash(uriBase), name), Digest: d})
		return string(b), err
	}
	if s, err := artifact(outdir.SARIF); err != nil {
		return nil, err
	} else if s != "" {
		res[ResultSARIF] = s
	}
	for _, f := range outdir.SBOMs() {
		s, err := artifact(f)
		if err != nil {
			return nil, err
		}
		if s != "" {
			res[ResultSBOM] = s
			break
		}
	}
	return res, nil
}

// ImageResults adds Chains' IMAGE_URL and IMAGE_DIGEST for the image ref the scan
// judged (as the scan read it: relative to the current directory). A registry image
// gives its repository and manifest digest (a digest reference as is, a tag resolved
// again: pin the reference to make both the same manifest); an OCI layout or tarball
// gives its digest and an empty URL, as Chains only signs registry images. When the
// scan judged nothing (verdict error) both stay empty: no provenance for an image the
// gate did not judge.
func ImageResults(res map[string]string, ref string) error {
	res[ResultImageURL], res[ResultImageDigest] = "", ""
	if ref == "" || res[ResultVerdict] == "error" {
		return nil
	}
	if _, err := os.Stat(ref); err == nil {
		img, err := image.Open(ref)
		if err != nil {
			return err
		}
		d, err := img.Digest()
		if err != nil {
			return fmt.Errorf("image %s: could not compute its digest: %w", ref, err)
		}
		res[ResultImageDigest] = d.String()
		return nil
	}
	d, remote, err := image.Pinned(ref)
	if err != nil {
		return err
	}
	if !remote {
		return fmt.Errorf("image %q: neither a file, a directory nor a registry reference", ref)
	}
	res[ResultImageURL], res[ResultImageDigest] = d.Context().Name(), d.DigestStr()
	return nil
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func fileDigest(name string) (string, error) {
	f, err := os.Open(name) // #nosec G304 -- a report in the out dir the user named
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("could not read %s: %w", name, err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// WriteResults writes each result into its file in dir (Tekton's /tekton/results),
// refusing when together they would not fit the termination message.
func WriteResults(dir string, res map[string]string) error {
	total := 0
	var names []string
	for k, v := range res {
		total += len(k) + len(v)
		names = append(names, k)
	}
	if total > MaxResultsBytes/2 {
		return fmt.Errorf("the results take %d bytes, too close to Tekton's %d-byte termination message", total, MaxResultsBytes)
	}
	slices.Sort(names)
	for _, k := range names {
		if err := os.WriteFile(filepath.Join(dir, k), []byte(res[k]), 0o644); err != nil { // #nosec G306 -- Task results are public values Tekton reads
			return fmt.Errorf("could not write the result %s: %w", k, err)
		}
	}
	return nil
}
