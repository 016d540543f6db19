package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shiftgate/shiftgate/internal/baseline"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/gate"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/internal/scan"
)

// runBaseline scans and records every finding's fingerprint in the policy's baseline
// file, so that with fail.new_only only new findings block.
func runBaseline(ctx context.Context, args []string, env *Env) error {
	var policyFile, orgPolicy, offlineDB, file string
	var quiet bool
	fs := newFlags("baseline", env, "baseline [flags] [PATH]")
	fs.StringVar(&policyFile, "policy", "", "policy file (default: PATH/.shiftgate.yaml if present, else the embedded default policy)")
	fs.StringVar(&orgPolicy, "org-policy", "", "organisation policy the repository policy may only tighten, as for scan (the findings of the checks it turns on are recorded too)")
	fs.StringVar(&offlineDB, "offline-db", "", "local OSV database directory, as for scan")
	fs.StringVar(&file, "file", "", "baseline file relative to PATH (default: the policy's baseline, "+baseline.DefaultPath+")")
	fs.BoolVar(&quiet, "quiet", false, "no progress on stderr")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	root := "."
	switch len(pos) {
	case 0:
	case 1:
		root = pos[0]
	default:
		return usagef("baseline takes one PATH, got %d: %q", len(pos), pos)
	}
	st, err := os.Stat(root)
	if err != nil {
		return exitcode.AsUsage(fmt.Errorf("cannot read the target %q: %w", root, err))
	}
	if !st.IsDir() {
		return usagef("the target %q is not a directory: give the repository's root folder", root)
	}
	p, err := scan.LoadPolicy(root, policyFile)
	if err != nil {
		return err
	}
	// The checks the scan will run are the layered policy's; its loosening findings are
	// never recorded (they block whatever the baseline says).
	if p, _, _, err = scan.Layered(ctx, root, policyFile, orgPolicy, p, env.now()); err != nil {
		return err
	}
	if file == "" {
		file = p.Baseline
	}
	if file == "" {
		file = baseline.DefaultPath
	}
	if filepath.IsAbs(file) {
		return usagef("the baseline %q must be a path relative to the repository root", file)
	}
	file = filepath.ToSlash(filepath.Clean(file))
	prog := scan.NewProgress(env.Stderr, quiet)
	res, err := gate.Run(ctx, gate.Options{
		Root: root, Policy: p, OfflineDB: offlineDB, Now: env.now(),
		OutDir:   outdir.Default(root),
		Tool:     result.Tool{Name: "shiftgate", Version: Version()},
		Progress: prog.Event,
	})
	prog.Stop()
	if err != nil {
		return exitcode.AsUsage(fmt.Errorf("cannot scan %q: %w", root, err))
	}
	b := baseline.Build(res.Findings)
	if err := b.Save(root, file); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "recorded %d finding(s) in %s\n", len(b.Entries), file)
	var failed []string
	for _, c := range res.Checks {
		if c.Status == result.StatusError {
			failed = append(failed, c.Name)
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(env.Stderr, "shiftgate: warning: check(s) %s could not run, so their findings are not in the baseline (they will count as new)\n", strings.Join(failed, ", "))
	}
	if !p.Fail.NewOnly {
		fmt.Fprintf(env.Stdout, "set fail.new_only: true in the policy for the baseline to take effect\n")
	}
	return nil
}
