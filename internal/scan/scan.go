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
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/gate"
	"github.com/shiftgate/shiftgate/internal/github"
	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/repofs"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports"
	"github.com/shiftgate/shiftgate/reports/jsonreport"
	"github.com/shiftgate/shiftgate/reports/markdown"
	"github.com/shiftgate/shiftgate/reports/sarif"
	"github.com/shiftgate/shiftgate/reports/text"
)

// openCache opens the analysis cache the options ask for: nil with --no-cache. A
// --cache DIR that cannot be created or used (another user's), or that lies inside
// the scanned tree, is a usage error; the default location that cannot be used only
// turns the cache off, with a line on stderr. The tree is untrusted: a change could commit entries keyed for its
// own files, so the cache is never read from inside it.
func openCache(o Options) (*cache.Store, error) {
	if o.NoCache {
		return nil, nil
	}
	dir, explicit := o.CacheDir, o.CacheDir != ""
	var err error
	if !explicit {
		dir, err = cache.DefaultDir()
	}
	if err == nil && within(o.Root, dir) {
		err = fmt.Errorf("the analysis cache %q is inside the scanned tree %q, which a change controls: use a directory outside it (or --no-cache)", dir, o.Root)
	}
	var s *cache.Store
	if err == nil {
		s, err = cache.Open(dir, 0)
	}
	if err != nil && !explicit {
		if o.Stderr != nil {
			fmt.Fprintf(o.Stderr, "shiftgate: analysis cache off: %v\n", err)
		}
		return nil, nil
	}
	return s, err
}

// within reports whether dir is root or inside it, links resolved where they exist.
func within(root, dir string) bool {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return p
		}
		// Resolve the longest existing prefix: the cache folder may not exist yet.
		rest := ""
		for cur := a; ; cur = filepath.Dir(cur) {
			if r, err := filepath.EvalSymlinks(cur); err == nil {
				return filepath.Join(r, rest)
			}
			if filepath.Dir(cur) == cur {
				return a
			}
			rest = filepath.Join(filepath.Base(cur), rest)
		}
	}
	r, d := abs(root), abs(dir)
	rel, err := filepath.Rel(r, d)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Formats are what Render can write to stdout.
var Formats = []string{"text", "json", "sarif", "markdown"}

// Options describe one scan. The zero value of every field but Root is usable.
type Options struct {
	Root string
	// PolicyFile is --policy: "" means Root's .shiftgate.yaml, else the embedded default.
	PolicyFile string
	// OrgPolicy is --org-policy: the organisation policy the repository policy may
	// only tighten (docs/org-policy.md). "" means the repository's extends, if any.
	OrgPolicy string
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
	// CacheDir is --cache: the analysis cache (internal/cache); "" means
	// os.UserCacheDir()/shiftgate/analysis. NoCache (--no-cache) turns it off.
	CacheDir string
	NoCache  bool

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
	prBase := ""
	if inActions && ghEnv.PR != nil {
		prBase = ghEnv.PR.BaseSHA
	}
	if o.ChangedSince == "" && prBase != "" {
		// In a pull request the base branch judges, with or without the changed-since
		// input (docs/security.md).
		if since, err = changes.Since(ctx, o.Root, prBase); err != nil {
			if since, err = baseFromAPI(ctx, o, ghEnv); err != nil {
				return nil, err
			}
		}
	}
	if o.ChangedSince != "" {
		if since, err = changes.Since(ctx, o.Root, o.ChangedSince); err != nil {
			if o.ChangedSince != prBase {
				return nil, exitcode.Usagef("--changed-since: %v", err)
			}
			if since, err = baseFromAPI(ctx, o, ghEnv); err != nil {
				return nil, err
			}
		}
	}
	// The change's own policy is validated (a broken file is still a usage error)...
	p, err := LoadPolicy(o.Root, o.PolicyFile)
	if err != nil {
		return nil, err
	}
	// ...but under --changed-since the base commit's version judges: the change's only
	// produces loosening findings (policydiff), so `mode: audit`, a swapped
	// checks.deps.db or a new exclude cannot judge the change that makes them.
	if rel, ok := policyRel(o.Root, o.PolicyFile); ok && since != nil {
		if p, err = basePolicy(ctx, o.Root, rel, since, p); err != nil {
			return nil, err
		}
	}
	// The organisation layer: the repository policy that judges (the base's, under
	// --changed-since, with its extends) may only tighten it.
	p, orgFindings, orgNotes, err := Layered(ctx, o.Root, o.PolicyFile, o.OrgPolicy, p, o.Now)
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
	if err := CheckReferences(ctx, nil, o.Root, p); err != nil {
		return nil, err
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
	judging.Org, judging.OrgNotes = orgFindings, orgNotes

	store, err := openCache(o)
	if err != nil {
		return nil, exitcode.AsUsage(err)
	}
	prog := NewProgress(o.Stderr, o.Quiet)
	res, err := gate.Run(ctx, gate.Options{
		Root: o.Root, Policy: p, OutDir: o.OutDir, OfflineDB: o.OfflineDB, Narrow: o.Narrow, Judging: judging,
		Now: o.Now, Tool: o.Tool, Progress: prog.Event, Cache: store,
		// One `go env` per environment for the whole scan, however many checks ask.
		Toolchain: &goenv.Toolchain{},
	})
	prog.Stop()
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("cannot scan %q: %w", o.Root, err))
	}
	if o.Timings && store != nil && o.Stderr != nil {
		fmt.Fprintf(o.Stderr, "shiftgate: analysis cache %s, reused (hits/lookups): %s\n", store.Dir(), strings.Join(store.Stats(), ", "))
	}
	supply.note(res)
	if !o.Timings {
		for i := range res.Checks {
			res.Checks[i].DurationMs = 0
		}
	}
	// The out dir is one generation (package outdir): every file is written into a
	// fresh sibling directory that then replaces it, so a reader or a killed scan never
	// leaves reports of two runs side by side.
	writeErr := outdir.CheckLinks(o.Root, o.OutDir)
	if writeErr == nil {
		gen, err := outdir.Begin(o.OutDir)
		if err != nil {
			writeErr = err
		} else {
			_, writeErr = reports.WriteAll(gen.Dir, res)
			supply.outDir = gen.Dir
			if err := supply.write(ctx, res); err != nil {
				writeErr = errors.Join(writeErr, err)
			}
			supply.outDir = o.OutDir
			if err := gen.Commit(); err != nil {
				writeErr = errors.Join(writeErr, err)
			}
		}
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
// embedded default. An invalid or unreadable policy is a usage error. A policy inside
// the repository is read through the root-confined opener (package repofs): a
// `.shiftgate.yaml` that links out of the repository is refused, never read or quoted.
func LoadPolicy(root, file string) (*policy.Policy, error) {
	var (
		p   *policy.Policy
		err error
	)
	rel, inRoot := policyRel(root, file)
	switch {
	case inRoot:
		name := filepath.Join(root, filepath.FromSlash(rel))
		if file != "" {
			name = file
		}
		var data []byte
		data, err = repofs.ReadFile(root, rel, policy.MaxSize)
		switch {
		case file == "" && errors.Is(err, fs.ErrNotExist):
			return policy.Default(), nil
		case errors.Is(err, repofs.ErrOutside):
			return nil, exitcode.Usagef("the policy %s is a symbolic link that leaves the repository: it is not read; commit the policy as a file", filepath.ToSlash(name))
		case errors.Is(err, repofs.ErrTooLarge):
			return nil, exitcode.Usagef("the policy %s is larger than %d bytes: is it the right file?", filepath.ToSlash(name), policy.MaxSize)
		case err != nil:
			return nil, exitcode.Usagef("could not read the policy %s: %v", filepath.ToSlash(name), err)
		}
		p, err = policy.Parse(name, data)
	default:
		p, err = policy.Load(file)
	}
	if err != nil {
		var perrs policy.Errors
		if errors.As(err, &perrs) {
			return nil, exitcode.AsUsage(fmt.Errorf("invalid policy:\n%w", err))
		}
		return nil, exitcode.AsUsage(err)
	}
	return p, nil
}

// basePolicy is the policy file rel as it is at the base commit of since (the embedded
// default when it is absent there or no longer parses: the default is strict), shown
// under the change's file name so exception notes point at the file a reader edits.
func basePolicy(ctx context.Context, root, rel string, since *changes.Set, cur *policy.Policy) (*policy.Policy, error) {
	data, ok, err := since.At.ReadFile(ctx, rel, policy.MaxSize)
	if err != nil {
		return nil, exitcode.Usagef("could not read the policy %s at %s: %v", rel, since.Ref, err)
	}
	base := policy.Default()
	if ok {
		if bp, err := policy.Parse(cur.Source, data); err == nil {
			base = bp
		}
	}
	return base, nil
}

// baseFromAPI is the pull request's base read through GitHub's contents API, for a
// checkout without the base commit (github.BaseFromAPI); an error when that fails too.
func baseFromAPI(ctx context.Context, o Options, ghEnv github.Env) (*changes.Set, error) {
	set, err := github.BaseFromAPI(ctx, ghEnv, o.Root, nil)
	if err != nil {
		return nil, exitcode.Usagef("in a pull request the base branch's policy judges the change, but its commit %s is not in the checkout and could not be read through GitHub's contents API (%v): check out with fetch-depth: 0 (actions/checkout)", ghEnv.PR.BaseSHA, err)
	}
	fmt.Fprintf(o.Stderr, "shiftgate: the base commit %s is not in the checkout: its policy, baseline and custom rules were read through GitHub's contents API\n", ghEnv.PR.BaseSHA)
	return set, nil
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
