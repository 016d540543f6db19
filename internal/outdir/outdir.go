// Package outdir is the out dir contract (docs/design.md, "The out dir"): the name of
// every file a scan or a merge writes there, and reading shiftgate.json back into a
// result — for merge, Tekton results and anything else that starts from an out dir.
// shiftgate.json carries everything a reader needs, rules included, so no reader
// re-parses SARIF or another report.
package outdir

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/shiftgate/shiftgate/internal/result"
)

// The files of an out dir.
const (
	// Reports, written by every scan and merge (package reports renders them).
	JSON    = "shiftgate.json"  // the machine contract: verdict, checks with their rules, findings, notes
	SARIF   = "shiftgate.sarif" // SARIF 2.1.0, one run per check
	Summary = "summary.md"      // Markdown summary (job summary, PR comment)
	JUnit   = "junit.xml"       // one test case per finding
	HTML    = "report.html"     // a page for people

	// Supply-chain outputs (package attest), as the policy's outputs ask.
	CycloneDX        = "sbom.cdx.json"
	SPDX             = "sbom.spdx.json"
	VEX              = "vex.openvex.json"
	Provenance       = "provenance.intoto.json"   // in-toto statement, SLSA provenance v1
	Attestation      = "provenance.intoto.jsonl"  // its DSSE envelope, when signed with a key
	ProvenanceBundle = "provenance.sigstore.json" // its Sigstore bundle, when signed keyless
	ImageCycloneDX   = "image.sbom.cdx.json"      // the scanned container image's SBOMs (checks/image)
	ImageSPDX        = "image.sbom.spdx.json"
	SigSuffix        = ".sig"           // FILE.sig: the signature of FILE (key signing)
	BundleSuffix     = ".sigstore.json" // FILE.sigstore.json: its Sigstore bundle (keyless)
)

// Reports are the report files, in the order they are written.
func Reports() []string { return []string{SARIF, JSON, Summary, JUnit, HTML} }

// SBOMs are the SBOM files a scan may write, preferred first.
func SBOMs() []string { return []string{CycloneDX, SPDX} }

// Default is the out dir of a scan of root when --out is not given.
func Default(root string) string { return filepath.Join(root, ".shiftgate", "out") }

// maxJSON bounds the shiftgate.json a reader accepts.
const maxJSON = 256 << 20

// Read reads a scan's or merge's shiftgate.json back into its result, and returns the
// file's bytes (for digests). An error wrapping fs.ErrNotExist means there is none.
func Read(dir string) (*result.Result, []byte, error) {
	name := filepath.Join(dir, JSON)
	f, err := os.Open(name) // #nosec G304 -- an out dir the user named
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxJSON+1))
	if err != nil {
		return nil, nil, fmt.Errorf("could not read %s: %w", name, err)
	}
	if len(data) > maxJSON {
		return nil, nil, fmt.Errorf("%s is larger than %d bytes", name, maxJSON)
	}
	// The result's own JSON fields are shiftgate.json's (jsonreport.Report lays them
	// out, adding the schema version and a summary computed from the findings).
	var rep struct {
		SchemaVersion string `json:"schemaVersion"`
		result.Result
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, nil, fmt.Errorf("%s is not a shiftgate report: %w", name, err)
	}
	if rep.SchemaVersion != result.SchemaVersion {
		return nil, nil, fmt.Errorf("%s has schemaVersion %q, this shiftgate reads %q: use the same shiftgate version", name, rep.SchemaVersion, result.SchemaVersion)
	}
	switch rep.Verdict {
	case result.Pass, result.Fail, result.Error:
	default:
		return nil, nil, fmt.Errorf("%s has an unknown verdict %q", name, rep.Verdict)
	}
	return &rep.Result, data, nil
}

// CheckLinks refuses an out dir that a symbolic link inside root leads to: a link the
// repository commits (`.shiftgate/out -> ../src`, `-> /home/runner`) would otherwise
// send the reports wherever it points and hide its target from the scan. Components
// outside root are the runner's and are not judged; a dir outside root is not checked.
func CheckLinks(root, dir string) error {
	ar, err1 := filepath.Abs(root)
	ad, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return nil
	}
	rel, err := filepath.Rel(ar, ad)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	cur := ar
	shown := ""
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		cur = filepath.Join(cur, part)
		shown = path.Join(shown, part)
		st, err := os.Lstat(cur)
		if err != nil {
			return nil // missing from here on: it will be created as a real directory
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("the out dir %s is a symbolic link (%s): reports are never written through a link; remove it from the repository or pass --out", filepath.ToSlash(rel), shown)
		}
		if !st.IsDir() {
			return fmt.Errorf("the out dir %s is not a directory (%s is a file): remove it or pass --out", filepath.ToSlash(rel), shown)
		}
	}
	return nil
}
