package scan

import (
	"context"
	"errors"
	"fmt"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/shiftgate/shiftgate/checks/image"
	"github.com/shiftgate/shiftgate/internal/attest/provenance"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/shiftgate/shiftgate/checks/deps"
	"github.com/shiftgate/shiftgate/internal/attest"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/repofs"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports"
)

// supplyChain is the scan's supply-chain step: prepared before the checks run (so a
// bad key fails fast), its unmet requirements handed to the judging stage, run after
// the reports are written.
type supplyChain struct {
	outputs   policy.Outputs
	policySrc string
	// org is the organisation policy that judges, for the provenance.
	org       provenance.Dependency
	outDir    string
	getenv    func(string) string
	src       source.Info
	artifacts []attest.Artifact
	signer    *sign.Signer
	// image is the registry image scanned (pinned to its digest), nil for none or a
	// local layout/tarball: with a key and a passing verdict it is signed and attested.
	image *name.Digest
	// noKey says why nothing will be signed although a key was configured or required.
	noKey error
}

// maxKeySize bounds a key file named by the policy; a cosign key is a few hundred bytes.
const maxKeySize = 64 << 10

func newSupplyChain(ctx context.Context, o Options, p *policy.Policy) (*supplyChain, error) {
	sc := &supplyChain{outputs: p.Outputs, policySrc: p.Source, outDir: o.OutDir, getenv: o.Getenv}
	if l := p.Layers; l != nil && l.OrgDigest != "" {
		sc.org = provenance.Dependency{Name: "organisation-policy", URI: l.OrgRef, SHA256: strings.TrimPrefix(l.OrgDigest, "sha256:")}
	}
	src, err := source.Read(o.Root, o.Getenv)
	if err != nil {
		return nil, exitcode.AsUsage(err)
	}
	sc.src = src
	for _, g := range o.Subjects {
		matches, err := doublestar.FilepathGlob(g, doublestar.WithFilesOnly())
		if err != nil {
			return nil, exitcode.Usagef("--subject %q is not a valid glob: %v", g, err)
		}
		if len(matches) == 0 {
			return nil, exitcode.Usagef("--subject %q matches no file: give the path of an artifact to attest, relative to the current directory", g)
		}
		for _, m := range matches {
			sc.artifacts = append(sc.artifacts, attest.Artifact{Name: filepath.ToSlash(m), Path: m})
		}
	}
	if len(sc.artifacts) > 0 && !p.Outputs.Provenance {
		return nil, exitcode.Usagef("--subject needs provenance: set outputs.provenance: true in the policy")
	}
	slices.SortFunc(sc.artifacts, func(a, b attest.Artifact) int { return strings.Compare(a.Name, b.Name) })
	sc.artifacts = slices.CompactFunc(sc.artifacts, func(a, b attest.Artifact) bool { return a.Name == b.Name })

	ref, explicit := o.SignKey, o.SignKey != ""
	if ref == "" {
		ref = p.Outputs.Sign.Key
		// A key file named in the policy is relative to the repository, like every
		// other path in it; --sign-key is relative to the current directory.
		// It is read only inside the repository (package repofs): the policy is the
		// change's to write, so a key path must not probe the runner's disk (which
		// file exists, which is a directory) through the error it gets back.
		if sign.IsFileRef(ref) {
			if _, err := repofs.ReadFile(o.Root, ref, maxKeySize); err != nil {
				return nil, exitcode.Usagef("outputs.sign.key %q is not a readable key file inside the repository: give a path inside it, or a key kept elsewhere with --sign-key, env://VAR or a KMS URI", ref)
			}
			ref = filepath.Join(o.Root, filepath.FromSlash(ref))
		}
	}
	if ref == "" && !p.Outputs.Sign.Required {
		return sc, nil
	}
	// A private Sigstore deployment replaces the public Fulcio and Rekor for keyless.
	keyless := sign.KeylessOptions{FulcioURL: o.Getenv("SHIFTGATE_FULCIO_URL"), RekorURL: o.Getenv("SHIFTGATE_REKOR_URL")}
	signer, err := sign.Load(ctx, ref, sign.Options{Getenv: o.Getenv, Keyless: keyless})
	switch {
	case err == nil:
		sc.signer = signer
	case errors.Is(err, sign.ErrNoKey) && !explicit:
		sc.noKey = err
	default:
		return nil, exitcode.AsUsage(err)
	}
	return sc, nil
}

// unmet is the requirement the step cannot meet, for the judging stage: a required
// signature without a key fails the gate (in enforce mode).
func (sc *supplyChain) unmet() []string {
	if sc.noKey == nil || !sc.outputs.Sign.Required {
		return nil
	}
	return []string{sc.requiredWhy()}
}

func (sc *supplyChain) requiredWhy() string {
	return fmt.Sprintf("outputs.sign.required is set but %v", sc.noKey)
}

// note records in the result what the step cannot do, so every report says it, and
// names the scanned source (repository, commit, branch) for the reports that carry it.
func (sc *supplyChain) note(res *result.Result) {
	branch := strings.TrimPrefix(sc.src.Ref, "refs/heads/")
	if branch == "" {
		branch = sc.getenv("GITHUB_HEAD_REF") // the pull request's branch
		if ref := sc.getenv("GITHUB_REF"); branch == "" && strings.HasPrefix(ref, "refs/heads/") {
			branch = strings.TrimPrefix(ref, "refs/heads/")
		}
	}
	res.Source = &result.Source{RepositoryURI: sc.src.URL, Revision: sc.src.Commit, Branch: branch}
	switch {
	case sc.noKey == nil:
	case sc.outputs.Sign.Required:
		res.Notes = append(res.Notes, finding.Note{Kind: "signing", Path: sc.policySrc, Message: sc.requiredWhy()})
	default:
		res.Notes = append(res.Notes, finding.Note{Kind: "signing", Message: fmt.Sprintf("the outputs are not signed: %v", sc.noKey)})
	}
}

// write adds the SBOMs, the provenance and the signatures to the out dir.
func (sc *supplyChain) write(ctx context.Context, res *result.Result) error {
	var names []string
	for _, w := range reports.Table() {
		if st, err := os.Stat(filepath.Join(sc.outDir, w.File)); err == nil && st.Mode().IsRegular() {
			names = append(names, w.File)
		}
	}
	// Files the checks produced (the image's SBOMs) are written and signed like reports.
	for _, name := range slices.Sorted(maps.Keys(res.Files)) {
		if err := reports.WriteFile(filepath.Join(sc.outDir, name), res.Files[name]); err != nil {
			return fmt.Errorf("could not write %s: %w", name, err)
		}
		names = append(names, name)
	}
	formats := sc.outputs.SBOM
	sbomErr := sbomError(res)
	if sbomErr != nil {
		formats = nil
	}
	_, err := attest.Write(ctx, attest.Options{
		OutDir: sc.outDir, Reports: names, Inventory: res.Inventory,
		VEX:  deps.VEXDocument(res.Findings, sc.src.PURL(), sc.src.Time),
		SBOM: formats, Provenance: sc.outputs.Provenance, Signer: sc.signer,
		Subjects: sc.artifacts, Source: sc.src, Getenv: sc.getenv,
		ToolVersion: res.Tool.Version, Policy: res.Policy, Mode: res.Mode, OrgPolicy: sc.org,
		WriteFile: reports.WriteFile,
	})
	if err != nil {
		return errors.Join(sbomErr, fmt.Errorf("supply-chain outputs: %w", err))
	}
	if err := sc.publishImage(ctx, res); err != nil {
		return errors.Join(sbomErr, err)
	}
	if len(sc.outputs.SBOM) > 0 {
		return sbomErr
	}
	return nil
}

// publishImage signs the scanned registry image and attaches its SLSA provenance (the
// image digest as subject) and, when written, its CycloneDX SBOM as attestations, in
// the registry, following cosign's conventions (checks/image.Publish). Only an image
// that passed the gate is signed: the signature says the gate approved that digest.
func (sc *supplyChain) publishImage(ctx context.Context, res *result.Result) error {
	if sc.image == nil || sc.signer == nil {
		return nil
	}
	d := *sc.image
	switch {
	case sc.signer.Keyless():
		res.Notes = append(res.Notes, finding.Note{Kind: "signing", Message: fmt.Sprintf("image %s was not signed: keyless image signing is not supported yet; use a key", d)})
		return nil
	case res.Verdict != result.Pass:
		res.Notes = append(res.Notes, finding.Note{Kind: "signing", Message: fmt.Sprintf("image %s was not signed: the gate did not pass", d)})
		return nil
	}
	st, err := provenance.Statement(provenance.Options{
		Getenv: sc.getenv, Source: sc.src, ToolVersion: res.Tool.Version, Policy: res.Policy, Mode: res.Mode, OrgPolicy: sc.org,
		Subjects: []provenance.Subject{{Name: d.Context().Name(), SHA256: strings.TrimPrefix(d.DigestStr(), "sha256:")}},
	})
	if err != nil {
		return fmt.Errorf("image provenance: %w", err)
	}
	prov, err := provenance.Marshal(st)
	if err != nil {
		return fmt.Errorf("image provenance: %w", err)
	}
	statements := map[string][]byte{provenance.PredicateType: prov}
	if bom, ok := res.Files[outdir.ImageCycloneDX]; ok {
		sb, err := image.Statement(d, image.CycloneDXPredicate, bom)
		if err != nil {
			return fmt.Errorf("image SBOM attestation: %w", err)
		}
		statements[image.CycloneDXPredicate] = sb
	}
	if err := image.Publish(ctx, d, sc.signer, statements); err != nil {
		return fmt.Errorf("signing image %s: %w", d, err)
	}
	return nil
}
