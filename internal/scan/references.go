package scan

import (
	"context"
	"fmt"
	"io"

	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/policy"
)

// CheckReferences checks what the policy names outside itself (folders, files, rule
// ids) against the repository at root. Warnings go to w when it is not nil; errors
// come back as one usage error (exit 2) naming file:line:col and the fix of each.
func CheckReferences(ctx context.Context, w io.Writer, root string, p *policy.Policy) error {
	rep := p.CheckReferences(root, registry.RuleIDs(ctx, p, root))
	if w != nil {
		for _, e := range rep.Warnings {
			fmt.Fprintf(w, "%s:%d:%d: warning: %s", e.File, e.Line, e.Column, e.Message)
			if e.Hint != "" {
				fmt.Fprintf(w, " (%s)", e.Hint)
			}
			fmt.Fprintln(w)
		}
	}
	if len(rep.Errors) > 0 {
		return exitcode.AsUsage(fmt.Errorf("invalid policy:\n%w", rep.Errors))
	}
	return nil
}
