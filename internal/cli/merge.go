package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/internal/merge"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports"
)

// runMerge combines the out dirs of several shards into one verdict and one set of
// reports; the exit code follows the merged verdict.
func runMerge(ctx context.Context, args []string, env *Env) (int, error) {
	o := scanOptions{}
	fs := newFlags("merge", env, "merge [flags] [PREFIX=]DIR...\n\nDIR is a shard's --out dir; PREFIX is the folder that shard scanned, relative to the repository root, when it was not the root")
	fs.StringVar(&o.outDir, "out", ".shiftgate/out", "directory for the merged reports")
	fs.StringVar(&o.format, "format", "text", "what goes to stdout: "+strings.Join(formats, "|")+" (report files are always written)")
	fs.BoolVar(&o.noColor, "no-color", false, "never colour the terminal output (NO_COLOR is honoured too)")
	pos, err := parse(fs, args)
	if err != nil {
		return 0, err
	}
	if len(pos) == 0 {
		return 0, usagef("merge needs at least one shard dir: shiftgate merge [--out DIR] [PREFIX=]DIR...")
	}
	if !slices.Contains(formats, o.format) {
		return 0, usagef("unknown --format %q: use one of %s", o.format, strings.Join(formats, ", "))
	}
	outAbs, _ := filepath.Abs(o.outDir)
	var names []string
	var shards []*result.Result
	for _, arg := range pos {
		s, err := merge.ParseShard(arg)
		if err != nil {
			return 0, usageError{err.Error()}
		}
		if abs, _ := filepath.Abs(s.Dir); abs == outAbs {
			return 0, usagef("--out %q is also a shard: write the merged reports elsewhere", o.outDir)
		}
		res, err := merge.Load(s)
		if err != nil {
			return 0, err
		}
		name := s.Dir
		if s.Prefix != "" {
			name = s.Prefix
		}
		names = append(names, name)
		shards = append(shards, res)
	}
	merged := merge.Merge(names, shards)
	_, writeErr := reports.WriteAll(o.outDir, merged)
	if err := render(env, o, merged); err != nil {
		writeErr = errors.Join(writeErr, err)
	}
	code := verdictCode(merged.Verdict)
	if writeErr != nil {
		fmt.Fprintf(env.Stderr, "shiftgate: %v\n", writeErr)
		if code == ExitPass {
			code = ExitError
		}
	}
	return code, nil
}
