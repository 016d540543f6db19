package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/internal/github"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/internal/scan"
)

// globList is a repeatable flag.
type globList []string

func (g *globList) String() string     { return strings.Join(*g, ",") }
func (g *globList) Set(s string) error { *g = append(*g, s); return nil }

// runScan is `shiftgate scan`: flags become a scan.Options value.
func runScan(ctx context.Context, args []string, env *Env) error {
	// In the GitHub Action, the inputs become flags.
	args, inputErrs := github.ActionScanArgs(env.Getenv, args)
	if len(inputErrs) > 0 {
		return usagef("invalid action input: %s", strings.Join(inputErrs, "; "))
	}
	o := scanDefaults(env)
	var noColor bool
	var subjects globList
	fs := newFlags("scan", env, "scan [flags] [PATH]")
	fs.StringVar(&o.PolicyFile, "policy", "", "policy file (default: PATH/.shiftgate.yaml if present, else the embedded default policy)")
	fs.StringVar(&o.OrgPolicy, "org-policy", "", "organisation policy the repository policy may only tighten: a policy file or a directory holding policy.yaml (read as is: the runner is trusted), else a reference fetched and verified (default: the repository policy's extends)")
	fs.StringVar(&o.OutDir, "out", "", "directory for every report file (default: PATH/.shiftgate/out)")
	fs.StringVar(&o.OfflineDB, "offline-db", "", "local OSV database directory (DIR/osv-scalibr/<Ecosystem>/all.zip or DIR/osv-scanner/<Ecosystem>/all.zip)")
	fs.StringVar(&o.ChangedSince, "changed-since", "", "only block on findings in files changed since this git REF")
	fs.StringVar(&o.Format, "format", "text", "what goes to stdout: "+strings.Join(scan.Formats, "|")+" (report files are always written)")
	fs.StringVar(&o.FailSeverity, "fail-severity", "", "override the policy's fail.severity: critical|high|medium|low|info")
	fs.StringVar(&o.Mode, "mode", "", "override the policy's mode: enforce|audit")
	fs.BoolVar(&noColor, "no-color", false, "never colour the terminal output (NO_COLOR is honoured too)")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress on stderr")
	fs.BoolVar(&o.Timings, "timings", false, "record each check's duration in shiftgate.json (makes the file differ between runs), and print what the analysis cache reused")
	fs.StringVar(&o.SignKey, "sign-key", "", "sign every report, SBOM and the provenance with this key: a cosign key file (password in COSIGN_PASSWORD), env://VAR, a KMS URI, or keyless (default: the policy's outputs.sign.key)")
	fs.StringVar(&o.Image, "image", "", "also scan this container image: an OCI layout directory, a docker save tarball or a registry reference (credentials from the Docker config and helpers)")
	fs.StringVar(&o.CacheDir, "cache", "", "keep expensive analyses (gosec per package, secrets per file, IaC, deps with --offline-db) in DIR, keyed by their inputs (default: the user cache dir's shiftgate/analysis)")
	fs.BoolVar(&o.NoCache, "no-cache", false, "neither read nor write the analysis cache")
	fs.Var(&subjects, "subject", "also attest the files matching GLOB in the provenance (repeatable; relative to the current directory)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch len(pos) {
	case 0:
		o.Root = "."
	case 1:
		o.Root = pos[0]
	default:
		return usagef("scan takes one PATH, got %d: %q", len(pos), pos)
	}
	if err := checkFormat(o.Format); err != nil {
		return err
	}
	o.Subjects = subjects
	if o.Image != "" {
		if _, err := os.Stat(o.Image); err == nil {
			if abs, err := filepath.Abs(o.Image); err == nil {
				o.Image = abs
			}
		}
	}
	o.Color = color(env, noColor)
	_, err = scan.Run(ctx, o)
	return err
}

// scanDefaults is a scan.Options with this process's environment filled in.
func scanDefaults(env *Env) scan.Options {
	return scan.Options{Stdout: env.Stdout, Stderr: env.Stderr, Getenv: env.Getenv, Now: env.now(),
		Tool: result.Tool{Name: "shiftgate", Version: Version()}}
}

func checkFormat(f string) error {
	if !slices.Contains(scan.Formats, f) {
		return usagef("unknown --format %q: use one of %s", f, strings.Join(scan.Formats, ", "))
	}
	return nil
}

// color says whether text output is coloured: only on a terminal, never with
// --no-color, NO_COLOR or TERM=dumb.
func color(env *Env, noColor bool) bool {
	return env.IsTerminal && !noColor && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"
}
