// Package attest is the supply-chain step of a scan: after the reports are written it
// adds the SBOMs (package sbom), the SLSA provenance of everything in the out dir
// (package provenance) and the signatures (package sign) beside what they sign, in
// the formats the cosign CLI verifies (package verify checks them the same way).
package attest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/shiftgate/shiftgate/internal/attest/provenance"
	"github.com/shiftgate/shiftgate/internal/attest/sbom"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/attest/verify"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// SBOM formats, as the policy's outputs.sbom names them.
const (
	FormatCycloneDX = "cyclonedx"
	FormatSPDX      = "spdx"
	// VEXFile is the OpenVEX document for unreachable Go vulnerabilities.
	VEXFile = outdir.VEX
)

// Keyless outputs: Sigstore bundles instead of .sig files and the DSSE envelope.
const (
	BundleSuffix         = outdir.BundleSuffix
	ProvenanceBundleFile = outdir.ProvenanceBundle
)

// Options are the inputs of the supply-chain step.
type Options struct {
	OutDir string
	// Reports are the report files already in OutDir (names), to attest and sign.
	Reports   []string
	Inventory *inventory.Inventory
	// SBOM lists the formats to write (cyclonedx, spdx).
	SBOM []string
	// VEX is the OpenVEX document the deps check derived (nil: none), written as
	// VEXFile, attested and signed like the SBOMs.
	VEX        []byte
	Provenance bool
	// Signer signs every report, SBOM and the provenance; nil signs nothing.
	Signer *sign.Signer
	// Subjects are extra artifacts to attest: Name as the statement shows it, Path to read.
	Subjects []Artifact
	Source   source.Info
	Getenv   func(string) string
	// ToolVersion, Policy and Mode describe the scan in the SBOMs and the provenance.
	ToolVersion, Policy, Mode string
	// OrgPolicy is the organisation policy that judged the scan, for the provenance.
	OrgPolicy provenance.Dependency
	// WriteFile writes one output atomically (reports.WriteFile); required.
	WriteFile func(path string, data []byte) error
}

// Artifact is a user file named with --subject.
type Artifact struct {
	Name, Path string
}

// Write runs the step and returns the names of the files it wrote in OutDir, sorted.
// Files of an earlier run that this run does not rewrite (a signature of a report
// that is now unsigned, say) are removed first, so the out dir never mixes runs.
func Write(ctx context.Context, o Options) ([]string, error) {
	write := o.WriteFile
	if write == nil {
		return nil, errors.New("attest: Options.WriteFile is required (the CLI passes reports.WriteFile)")
	}
	removeStale(o.OutDir, o.Reports)

	var written []string
	put := func(name string, b []byte) error {
		if err := write(filepath.Join(o.OutDir, name), b); err != nil {
			return err
		}
		written = append(written, name)
		return nil
	}
	sopts := sbom.Options{Source: o.Source, ToolName: "shiftgate", ToolVersion: o.ToolVersion}
	signable := slices.Clone(o.Reports)
	for _, f := range o.SBOM {
		var (
			name string
			b    []byte
			err  error
		)
		switch f {
		case FormatCycloneDX:
			name = sbom.CycloneDXFile
			b, err = sbom.CycloneDX(o.Inventory, sopts)
		case FormatSPDX:
			name = sbom.SPDXFile
			b, err = sbom.SPDX(o.Inventory, sopts)
		default:
			return written, fmt.Errorf("unknown SBOM format %q: use cyclonedx or spdx", f)
		}
		if err != nil {
			return written, err
		}
		if err := put(name, b); err != nil {
			return written, err
		}
		signable = append(signable, name)
	}
	if o.VEX != nil {
		if err := put(VEXFile, o.VEX); err != nil {
			return written, err
		}
		signable = append(signable, VEXFile)
	}
	slices.Sort(signable)
	signable = slices.Compact(signable)

	var statement []byte
	if o.Provenance {
		var subjects []provenance.Subject
		for _, name := range signable {
			s, err := provenance.Digest(filepath.Join(o.OutDir, name), name)
			if err != nil {
				return written, err
			}
			subjects = append(subjects, s)
		}
		for _, a := range o.Subjects {
			s, err := provenance.Digest(a.Path, a.Name)
			if err != nil {
				return written, fmt.Errorf("--subject: %w", err)
			}
			subjects = append(subjects, s)
		}
		st, err := provenance.Statement(provenance.Options{
			Getenv: o.Getenv, Source: o.Source, ToolVersion: o.ToolVersion,
			Policy: o.Policy, Mode: o.Mode, Subjects: subjects, OrgPolicy: o.OrgPolicy,
		})
		if err != nil {
			return written, err
		}
		if statement, err = provenance.Marshal(st); err != nil {
			return written, err
		}
		if err := put(provenance.File, statement); err != nil {
			return written, err
		}
	}

	if o.Signer != nil {
		var errs []error
		for _, name := range signable {
			data, err := os.ReadFile(filepath.Join(o.OutDir, name))
			if err != nil {
				return written, fmt.Errorf("could not read %q to sign it: %w", name, err)
			}
			if o.Signer.Keyless() {
				b, err := o.Signer.Bundle(ctx, data, false)
				if err == nil {
					err = put(name+BundleSuffix, b)
				}
				errs = append(errs, err)
				continue
			}
			sig, err := o.Signer.SignBlob(ctx, data)
			if err == nil {
				err = put(name+verify.SigSuffix, sig)
			}
			errs = append(errs, err)
		}
		if statement != nil {
			var err error
			if o.Signer.Keyless() {
				var b []byte
				if b, err = o.Signer.Bundle(ctx, statement, true); err == nil {
					err = put(ProvenanceBundleFile, b)
				}
			} else {
				var env []byte
				if env, err = o.Signer.Attest(ctx, statement); err == nil {
					err = put(verify.AttestationFile, env)
				}
			}
			errs = append(errs, err)
		}
		if err := errors.Join(errs...); err != nil {
			return written, err
		}
	}
	slices.Sort(written)
	return written, nil
}

// removeStale deletes the supply-chain outputs a previous run may have left.
func removeStale(dir string, reports []string) {
	names := []string{sbom.CycloneDXFile, sbom.SPDXFile, VEXFile, provenance.File, verify.AttestationFile, ProvenanceBundleFile}
	for _, r := range append(slices.Clone(reports), sbom.CycloneDXFile, sbom.SPDXFile, VEXFile) {
		names = append(names, r+verify.SigSuffix, r+BundleSuffix)
	}
	for _, n := range names {
		os.Remove(filepath.Join(dir, n))
	}
}
