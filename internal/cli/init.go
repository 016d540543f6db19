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
	// The file is written inside root through os.Root, and never through a link: a
	// committed `.shiftgate.yaml -> ~/.bashrc` must not turn `init --force` into a write there.
	r, err := os.OpenRoot(root)
	if err != nil {
		return fmt.Errorf("could not open %q: %w", root, err)
	}
	defer r.Close()
	if st, err := r.Lstat(policy.FileName); err == nil {
		if st.Mode()&fs.ModeSymlink != 0 {
			return usagef("%s is a symbolic link: init never writes through a link; remove it, then run init again", path)
		}
		if !*force {
			return usagef("%s already exists: keep it, or pass --force to replace it with the starter policy", path)
		}
		if !st.Mode().IsRegular() {
			return usagef("%s is not a regular file: remove it, then run init again", path)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("could not check %q: %w", path, err)
	}
	if err := r.WriteFile(policy.FileName, policy.Starter(), 0o644); err != nil {
		return fmt.Errorf("could not write %q: %w", path, err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s: review it, commit it, then run `shiftgate policy explain`\n", path)
	return nil
}
