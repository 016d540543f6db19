package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/shiftgate/shiftgate/checks/deps"
	"github.com/shiftgate/shiftgate/internal/attest"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports"
)

// supplyOptions are the scan's supply-chain flags.
type supplyOptions struct {
	signKey  string
	subjects globList
}

// globList is a repeatable flag.
type globList []string

func (g *globList) String() string     { return strings.Join(*g, ",") }
func (g *globList) Set(s string) error { *g = append(*g, s); return nil }

func addSupplyFlags(fs *flag.FlagSet, o *supplyOptions) {
	fs.StringVar(&o.signKey, "sign-key", "", "sign every report, SBOM and the provenance with this key: a cosign key file (password in COSIGN_PASSWORD), env://VAR, a KMS URI, or keyless (default: the policy's outputs.sign.key)")
	fs.Var(&o.subjects, "subject", "also attest the files matching GLOB in the provenance (repeatable; relative to the current directory)")
}

// supplyChain is the scan's supply-chain step: prepared before the checks run (so a
// bad key fails fast), judged before the reports are written (so they say when a
// required signature is impossible), run after them.
type supplyChain struct {
	outputs   policy.Outputs
	policySrc string
	mode      string
	outDir    string
	getenv    func(string) string
	src       source.Info
	artifacts []attest.Artifact
	signer    *sign.Signer
	// noKey says why nothing will be signed although a key was configured or required.
	noKey error
}

func newSupplyChain(ctx context.Context, env *Env, o supplyOptions, p *policy.Policy, root, outDir string) (*supplyChain, error) {
	sc := &supplyChain{outputs: p.Outputs, policySrc: p.Source, mode: p.Mode, outDir: outDir, getenv: env.Getenv}
	src, err := source.Read(root, env.Getenv)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	sc.src = src
	for _, g := range o.subjects {
		matches, err := doublestar.FilepathGlob(g, doublestar.WithFilesOnly())
		if err != nil {
			return nil, usagef("--subject %q is not a valid glob: %v", g, err)
		}
		if len(matches) == 0 {
			return nil, usagef("--subject %q matches no file: give the path of an artifact to attest, relative to the current directory", g)
		}
		for _, m := range matches {
			sc.artifacts = append(sc.artifacts, attest.Artifact{Name: filepath.ToSlash(m), Path: m})
		}
	}
	if len(sc.artifacts) > 0 && !p.Outputs.Provenance {
		return nil, usagef("--subject needs provenance: set outputs.provenance: true in the policy")
	}
	slices.SortFunc(sc.artifacts, func(a, b attest.Artifact) int { return strings.Compare(a.Name, b.Name) })
	sc.artifacts = slices.CompactFunc(sc.artifacts, func(a, b attest.Artifact) bool { return a.Name == b.Name })

	ref, explicit := o.signKey, o.signKey != ""
	if ref == "" {
		ref = p.Outputs.Sign.Key
		// A key file named in the policy is relative to the repository, like every
		// other path in it; --sign-key is relative to the current directory.
		if sign.IsFileRef(ref) && !filepath.IsAbs(ref) {
			ref = filepath.Join(root, filepath.FromSlash(ref))
		}
	}
	if ref == "" && !p.Outputs.Sign.Required {
		return sc, nil
	}
	// A private Sigstore deployment replaces the public Fulcio and Rekor for keyless.
	keyless := sign.KeylessOptions{FulcioURL: env.Getenv("SHIFTGATE_FULCIO_URL"), RekorURL: env.Getenv("SHIFTGATE_REKOR_URL")}
	signer, err := sign.Load(ctx, ref, sign.Options{Getenv: env.Getenv, Keyless: keyless})
	switch {
	case err == nil:
		sc.signer = signer
	case errors.Is(err, sign.ErrNoKey) && !explicit:
		sc.noKey = err
	default:
		return nil, usageError{err.Error()}
	}
	return sc, nil
}

// judge records in the result what the step cannot do: a required signature without a
// key fails the gate (in enforce mode), with the reason in every report. It also names
// the scanned source (repository, commit, branch) for the reports that carry it.
func (sc *supplyChain) judge(res *result.Result) {
	branch := strings.TrimPrefix(sc.src.Ref, "refs/heads/")
	if branch == "" {
		branch = sc.getenv("GITHUB_HEAD_REF") // the pull request's branch
		if ref := sc.getenv("GITHUB_REF"); branch == "" && strings.HasPrefix(ref, "refs/heads/") {
			branch = strings.TrimPrefix(ref, "refs/heads/")
		}
	}
	res.Source = &result.Source{RepositoryURI: sc.src.URL, Revision: sc.src.Commit, Branch: branch}
	if sc.noKey == nil {
		return
	}
	if !sc.outputs.Sign.Required {
		res.Notes = append(res.Notes, finding.Note{Kind: "signing", Message: fmt.Sprintf("the outputs are not signed: %v", sc.noKey)})
		return
	}
	why := fmt.Sprintf("outputs.sign.required is set but %v", sc.noKey)
	res.Notes = append(res.Notes, finding.Note{Kind: "signing", Path: sc.policySrc, Message: why})
	if sc.mode == "audit" {
		return
	}
	switch res.Verdict {
	case result.Pass:
		res.Verdict, res.Reason = result.Fail, why
	default:
		res.Reason += "; and " + why
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
	_, err := attest.Write(ctx, attest.Options{
		OutDir: sc.outDir, Reports: names, Inventory: res.Inventory,
		VEX:  deps.VEXDocument(res.Findings, sc.src.PURL(), sc.src.Time),
		SBOM: sc.outputs.SBOM, Provenance: sc.outputs.Provenance, Signer: sc.signer,
		Subjects: sc.artifacts, Source: sc.src, Getenv: sc.getenv,
		ToolVersion: res.Tool.Version, Policy: res.Policy, Mode: res.Mode,
		WriteFile: reports.WriteFile,
	})
	if err != nil {
		return fmt.Errorf("supply-chain outputs: %w", err)
	}
	return nil
}
