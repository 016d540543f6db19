package gate

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/shiftgate/shiftgate/internal/changes"
)

// Bounds on the custom rule files read at the base commit.
const (
	maxBaseRuleFile  = 1 << 20
	maxBaseRuleFiles = 1000
	maxBaseRuleBytes = 16 << 20
)

// baseRules reads the .rego files of the policy's checks.iac.rules entries (folders,
// or single files) as the base commit has them: in a pull request the base's custom
// rules judge, like its policy (docs/security.md). Paths come from git's trees (or the
// contents API), so nothing of the change's work tree — no link, no new file — is
// read; each file and the whole set are size-capped.
func baseRules(ctx context.Context, at changes.Base, entries []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	total := 0
	add := func(rel string) error {
		if _, ok := out[rel]; ok {
			return nil
		}
		if len(out) >= maxBaseRuleFiles {
			return fmt.Errorf("checks.iac.rules: more than %d .rego files at the base", maxBaseRuleFiles)
		}
		data, ok, err := at.ReadFile(ctx, rel, maxBaseRuleFile)
		if err != nil {
			return fmt.Errorf("checks.iac.rules: %w", err)
		}
		if !ok {
			return nil
		}
		if total += len(data); total > maxBaseRuleBytes {
			return fmt.Errorf("checks.iac.rules: the rule files at the base are larger than %d MiB in all", maxBaseRuleBytes>>20)
		}
		out[rel] = data
		return nil
	}
	for _, e := range entries {
		rel := path.Clean(strings.TrimPrefix(e, "./"))
		if strings.HasSuffix(rel, ".rego") {
			if err := add(rel); err != nil {
				return nil, err
			}
			continue
		}
		files, err := at.Files(ctx, rel)
		if err != nil {
			return nil, fmt.Errorf("checks.iac.rules: %w", err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, ".rego") {
				if err := add(f); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}
