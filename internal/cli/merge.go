package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shiftgate/shiftgate/internal/attest"
	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/merge"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/internal/scan"
	"github.com/shiftgate/shiftgate/reports"
)

// runMerge combines the out dirs of several shards into one verdict and one set of
// reports; the exit code follows the merged verdict.
func runMerge(ctx context.Context, args []string, env *Env) error {
	var o struct {
		outDir, format string
		noColor        bool
	}
	fs := newFlags("merge", env, "merge [flags] [PREFIX=]DIR...\n\nDIR is a shard's --out dir; PREFIX is the folder that shard scanned, relative to the repository root, when it was not the root")
	fs.StringVar(&o.outDir, "out", ".shiftgate/out", "directory for the merged reports")
	fs.StringVar(&o.format, "format", "text", "what goes to stdout: "+strings.Join(scan.Formats, "|")+" (report files are always written)")
	fs.BoolVar(&o.noColor, "no-color", false, "never colour the terminal output (NO_COLOR is honoured too)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("merge needs at least one shard dir: shiftgate merge [--out DIR] [PREFIX=]DIR...")
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	outAbs, _ := filepath.Abs(o.outDir)
	var names []string
	var shards []*result.Result
	var dirs []merge.Shard
	for _, arg := range pos {
		s, err := merge.ParseShard(arg)
		if err != nil {
			return exitcode.AsUsage(err)
		}
		if abs, _ := filepath.Abs(s.Dir); abs == outAbs {
			return usagef("--out %q is also a shard: write the merged reports elsewhere", o.outDir)
		}
		res, err := merge.Load(s)
		if err != nil {
			return exitcode.AsUsage(err)
		}
		name := s.Dir
		if s.Prefix != "" {
			name = s.Prefix
		}
		names = append(names, name)
		shards = append(shards, res)
		dirs = append(dirs, s)
	}
	merged := merge.Merge(names, shards)
	inv, haveSBOM, missing, err := merge.Inventories(dirs)
	if err != nil {
		return err
	}
	if haveSBOM && len(missing) > 0 {
		merged.Notes = append(merged.Notes, finding.Note{Kind: "sbom", Message: fmt.Sprintf(
			"the merged SBOM lacks the packages of %s: those shards wrote no %s", strings.Join(missing, ", "), outdir.CycloneDX)})
	}
	merged.Inventory = inv
	_, writeErr := reports.WriteAll(o.outDir, merged)
	if haveSBOM {
		if err := writeMergedSBOMs(ctx, env, o.outDir, dirs, merged); err != nil {
			writeErr = errors.Join(writeErr, err)
		}
	}
	if err := scan.Render(env.Stdout, o.format, color(env, o.noColor), merged); err != nil {
		writeErr = errors.Join(writeErr, err)
	}
	return errors.Join(exitcode.FromVerdict(merged.Verdict, merged.Reason), writeErr)
}

// writeMergedSBOMs writes the SBOM formats the shards wrote, from the merged inventory,
// describing the repository in the current directory (where a fan-in step runs).
func writeMergedSBOMs(ctx context.Context, env *Env, outDir string, shards []merge.Shard, merged *result.Result) error {
	var formats []string
	for _, f := range []struct{ format, file string }{{attest.FormatCycloneDX, outdir.CycloneDX}, {attest.FormatSPDX, outdir.SPDX}} {
		for _, s := range shards {
			if _, err := os.Stat(filepath.Join(s.Dir, f.file)); err == nil {
				formats = append(formats, f.format)
				break
			}
		}
	}
	src, err := source.Read(".", env.Getenv)
	if err != nil {
		return err
	}
	_, err = attest.Write(ctx, attest.Options{
		OutDir: outDir, Inventory: merged.Inventory, SBOM: formats, Source: src, Getenv: env.Getenv,
		ToolVersion: merged.Tool.Version, Policy: merged.Policy, Mode: merged.Mode, WriteFile: reports.WriteFile,
	})
	if err != nil {
		return fmt.Errorf("merged SBOM: %w", err)
	}
	return nil
}
