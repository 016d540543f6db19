// Package scan is one run of the gate as a function of a typed Options value: the
// command line's `shiftgate scan` and the pre-push hook both call Run. It loads the
// policy, resolves --changed-since, prepares the supply-chain step, runs the gate
// (checks, then the one judging stage), writes the out dir, renders stdout and
// publishes to GitHub. docs/design.md, "The flow of a scan", walks through it.
package scan

import (
	"context"
	"errors"
	"fmt"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/shiftgate/shiftgate/checks/image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/gate"
	"github.com/shiftgate/shiftgate/internal/github"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports"
	"github.com/shiftgate/shiftgate/reports/jsonreport"
	"github.com/shiftgate/shiftgate/reports/markdown"
	"github.com/shiftgate/shiftgate/reports/sarif"
	"github.com/shiftgate/shiftgate/reports/text"
)

// Formats are what Render can write to stdout.
var Formats = []string{"text", "json", "sarif", "markdown"}

// Options describe one scan. The zero value of every field but Root is usable.
type Options struct {
	Root string
	// PolicyFile is --policy: "" means Root's .shiftgate.yaml, else the embedded default.
	PolicyFile string
	// OutDir is --out: "" means outdir.Default(Root).
	OutDir    string
	OfflineDB string
	// ChangedSince is a git ref: loosenings of the policy since it fail the gate, and
	// only findings in files changed since it block.
	ChangedSince string
	// Narrow lets checks skip work outside the changed files (the pre-push hook).
	Narrow bool
	// FailSeverity and Mode override the policy's when set.
	FailSeverity string
	Mode         string
	// Format is what goes to Stdout (Formats; "" is text); Color colours text.
	Format string
	Color  bool
	// Quiet: no progress on Stderr. Timings: keep check durations in shiftgate.json.
	Quiet   bool
	Timings bool
	// SignKey overrides outputs.sign.key; Subjects are globs of build artifacts to attest.
	SignKey  string
	Subjects []string
	// Image is --image: a container image to scan with the source (checks/image);
	// it overrides the policy's checks.image.ref.
	Image string

	Stdout, Stderr io.Writer
	// Getenv reads the environment (GitHub Actions, signing, SOURCE_DATE_EPOCH).
	Getenv func(string) string
	// Now is the scan's clock; zero means time.Now().
	Now  time.Time
	Tool result.Tool
}

// Run performs the scan. The result is nil when nothing was judged. The error carries
// the exit code (package exitcode): a failing verdict is a silent error, a report that
// could not be written an internal one, a wrong input a usage error.
func Run(ctx context.Context, o Options) (*result.Result, error) {
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Format == "" {
		o.Format = "text"
	}
	ghEnv, inActions := github.FromEnv(o.Getenv)
	if inActions {
		ghEnv.MaskToken(o.Stdout)
	}
	st, err := os.Stat(o.Root)
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("cannot read the target %q: %w", o.Root, err))
	}
	if !st.IsDir() {
		return nil, exitcode.Usagef("the target %q is not a directory: give the repository's root folder", o.Root)
	}
	var since *changes.Set
	if o.ChangedSince != "" {
		if since, err = changes.Since(ctx, o.Root, o.ChangedSince); err != nil {
			return nil, exitcode.Usagef("--changed-since: %v", err)
		}
	}
	p, err := LoadPolicy(o.Root, o.PolicyFile)
	if err != nil {
		return nil, err
	}
	if o.FailSeverity != "" {
		if _, err := finding.ParseSeverity(o.FailSeverity); err != nil {
			return nil, exitcode.Usagef("--fail-severity: %v", err)
		}
		p.Fail.Severity = strings.ToLower(o.FailSeverity)
	}
	if o.Mode != "" {
		if o.Mode != "enforce" && o.Mode != "audit" {
			return nil, exitcode.Usagef("unknown --mode %q: use enforce or audit", o.Mode)
		}
		p.Mode = o.Mode
	}
	if o.Image != "" {
		p.Checks.Image.Ref = o.Image
	}
	var pinned *name.Digest
	if ref := p.Checks.Image.Ref; ref != "" {
		ref = image.Resolve(o.Root, ref)
		if _, err := os.Stat(ref); err != nil {
			// A registry image is pinned to its digest: the check scans, and the
			// supply-chain step signs, that one manifest even if the tag moves.
			d, remote, err := image.Pinned(ref)
			if err != nil {
				return nil, exitcode.AsUsage(err)
			}
			if remote {
				ref, pinned = d.String(), &d
			}
		}
		// Opened once here so that a bad reference is a usage error before any check runs.
		if _, err := image.Open(ref); err != nil {
			return nil, exitcode.AsUsage(err)
		}
		p.Checks.Image.Ref = ref
	}
	if o.OutDir == "" {
		o.OutDir = outdir.Default(o.Root)
	}
	if p.Source != policy.EmbeddedSource {
		p.Source = DisplayPath(o.Root, p.Source)
	}
	supply, err := newSupplyChain(ctx, o, p)
	if err != nil {
		return nil, err
	}
	supply.image = pinned
	judging := gate.Judging{Since: since}
	if rel, ok := policyRel(o.Root, o.PolicyFile); ok {
		judging.PolicyRel = rel
	}
	judging.Unmet = supply.unmet()

	prog := NewProgress(o.Stderr, o.Quiet)
	res, err := gate.Run(ctx, gate.Options{
		Root: o.Root, Policy: p, OutDir: o.OutDir, OfflineDB: o.OfflineDB, Narrow: o.Narrow, Judging: judging,
		Now: o.Now, Tool: o.Tool, Progress: prog.Event,
	})
	prog.Stop()
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("cannot scan %q: %w", o.Root, err))
	}
	supply.note(res)
	if !o.Timings {
		for i := range res.Checks {
			res.Checks[i].DurationMs = 0
		}
	}
	_, writeErr := reports.WriteAll(o.OutDir, res)
	if err := supply.write(ctx, res); err != nil {
		writeErr = errors.Join(writeErr, err)
	}
	if err := Render(o.Stdout, o.Format, o.Color, res); err != nil {
		writeErr = errors.Join(writeErr, err)
	}
	if inActions {
		// Publishing never changes the verdict: API failures are warnings in the log.
		rep := github.Reports{SARIF: sarif.Build(res), OutDir: o.OutDir, Root: o.Root}
		if err := github.Publish(ctx, ghEnv, res, rep, o.Stdout); err != nil {
			fmt.Fprintf(o.Stderr, "shiftgate: %v\n", err)
		}
	}
	return res, errors.Join(exitcode.FromVerdict(res.Verdict, res.Reason), writeErr)
}

// Render writes the result to w in one of Formats.
func Render(w io.Writer, format string, color bool, res *result.Result) error {
	switch format {
	case "json":
		return jsonreport.Write(w, res)
	case "sarif":
		return sarif.Write(w, res)
	case "markdown":
		return markdown.Write(w, res)
	default:
		return text.Write(w, res, text.Options{Color: color})
	}
}

// LoadPolicy finds the policy: the file given, else root's .shiftgate.yaml, else the
// embedded default. An invalid or unreadable policy is a usage error.
func LoadPolicy(root, file string) (*policy.Policy, error) {
	if file == "" {
		candidate := filepath.Join(root, policy.FileName)
		if _, err := os.Stat(candidate); err != nil {
			return policy.Default(), nil
		}
		file = candidate
	}
	p, err := policy.Load(file)
	if err != nil {
		var perrs policy.Errors
		if errors.As(err, &perrs) {
			return nil, exitcode.AsUsage(fmt.Errorf("invalid policy:\n%w", err))
		}
		return nil, exitcode.AsUsage(err)
	}
	return p, nil
}

// DisplayPath shows a path relative to the root when it is inside it.
func DisplayPath(root, p string) string {
	if rel, ok := inside(root, p); ok {
		return rel
	}
	return filepath.ToSlash(p)
}

// policyRel is the policy file's path relative to the root, when it is inside the
// root. Without --policy it is the root's .shiftgate.yaml (when that file is missing
// now, the comparison is with the embedded default: a deleted policy is a change too).
func policyRel(root, policyFile string) (string, bool) {
	if policyFile == "" {
		return policy.FileName, true
	}
	return inside(root, policyFile)
}

func inside(root, p string) (string, bool) {
	ar, err1 := filepath.Abs(root)
	ap, err2 := filepath.Abs(p)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(ar, ap)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// sbomError says why the SBOMs were not written when the inventory could not be
// extracted: never a silent document holding only the root component.
func sbomError(res *result.Result) error {
	if res.InventoryErr == "" {
		return nil
	}
	return fmt.Errorf("the SBOM was not written: the dependency inventory could not be extracted: %s", res.InventoryErr)
}
