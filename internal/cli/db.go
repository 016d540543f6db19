package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// runDB is `shiftgate db pull [--ecosystems Go,npm] [--url BASE] DIR`: it fetches the
// per-ecosystem all.zip files of OSV records that --offline-db and checks.deps.db read.
func runDB(ctx context.Context, args []string, env *Env) error {
	const usage = "db pull [--ecosystems Go,npm,…] [--url BASE] DIR"
	if ok, err := groupHelp(env, args, usage); ok {
		return err
	}
	if len(args) == 0 || args[0] != "pull" {
		return usagef("db needs a subcommand: %s", usage)
	}
	var ecos, base string
	fs := newFlags("db pull", env, usage)
	fs.StringVar(&ecos, "ecosystems", "", "comma-separated OSV ecosystems (default: "+strings.Join(osvdb.DefaultEcosystems(), ",")+")")
	fs.StringVar(&base, "url", osvdb.DefaultPullURL, "where BASE/<Ecosystem>/all.zip is served (a mirror of OSV's bucket)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("db pull takes one folder to write the database into: %s", usage)
	}
	var list []string
	for _, e := range strings.Split(ecos, ",") {
		if e = strings.TrimSpace(e); e != "" {
			list = append(list, e)
		}
	}
	if err := osvdb.Pull(ctx, nil, base, list, pos[0], env.Stderr); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "shiftgate: offline database ready; scan with --offline-db %s\n", pos[0])
	return nil
}
