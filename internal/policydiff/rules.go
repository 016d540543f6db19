package policydiff

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/repofs"
)

// RuleCustomRule is a custom Rego rule file of the base that the change edits or
// removes.
const RuleCustomRule = "POLICY-011"

// maxRuleFile bounds the tree's version of a rule file read for the comparison.
const maxRuleFile = 1 << 20

// CompareRules compares the custom rule files as the base has them (path → text, read
// at base) with the change's tree under root: each one the change edits or removes is
// a loosening at the file (and the first line that differs). The base's versions are
// what the iac check ran, so an edit cannot blind a rule for the change that makes
// it; a reviewer accepts it through an exception of the base, or by merging.
func CompareRules(root, base string, files map[string][]byte) []finding.Finding {
	var out []finding.Finding
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		old := files[p]
		cur, err := repofs.ReadFile(root, p, maxRuleFile)
		f := finding.Finding{Check: Check, Rule: RuleCustomRule, Severity: finding.High, Path: p, Snippet: "custom-rule=" + p}
		switch {
		case errors.Is(err, fs.ErrNotExist):
			f.Message = fmt.Sprintf("the custom rule file %s was removed since %s: the base's version still judges this change", p, short(base))
		case err != nil:
			f.Message = fmt.Sprintf("the custom rule file %s cannot be read in the change (%v): the base's version judges this change", p, errors.Unwrap(err))
		case bytes.Equal(old, cur):
			continue
		default:
			f.Line = firstDiff(old, cur)
			f.Message = fmt.Sprintf("the custom rule file %s differs from its version at %s: the base's version judges this change", p, short(base))
		}
		out = append(out, f)
	}
	return out
}

// firstDiff is the 1-based line of cur where it first differs from old.
func firstDiff(old, cur []byte) int {
	line := 1
	for i := 0; i < len(old) && i < len(cur); i++ {
		if old[i] != cur[i] {
			return line
		}
		if cur[i] == '\n' {
			line++
		}
	}
	return line
}
