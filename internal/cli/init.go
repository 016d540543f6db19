package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/shiftgate/shiftgate/internal/policy"
)

func runInit(ctx context.Context, args []string, env *Env) error {
	flags := newFlags("init", env, "init [--force] [PATH]")
	force := flags.Bool("force", false, "replace an existing policy file")
	pos, err := parse(flags, args)
	if err != nil {
		return err
	}
	root := "."
	if len(pos) > 1 {
		return usagef("init takes one PATH, got %q", pos)
	}
	if len(pos) == 1 {
		root = pos[0]
	}
	path := filepath.Join(root, policy.FileName)
	if _, err := os.Stat(path); err == nil && !*force {
		return usagef("%s already exists: keep it, or pass --force to replace it with the starter policy", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("could not check %q: %w", path, err)
	}
	if err := os.WriteFile(path, policy.Starter(), 0o644); err != nil {
		return fmt.Errorf("could not write %q: %w", path, err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: review it, commit it, then run `shiftgate policy explain`\n", path)
	return nil
}
