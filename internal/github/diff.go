package github

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// Changes are the files and lines a pull request changed. A nil *Changes means "no
// diff known": everything counts as changed.
type Changes struct {
	files map[string]*fileChange
}

type fileChange struct {
	whole bool         // the patch was not available (binary or too large): every line counts
	lines map[int]bool // added or modified lines in the new file
}

// AddFile records one changed file from its unified-diff patch. An empty patch (GitHub
// omits it for binary and very large diffs) marks the whole file as changed; a patch
// that cannot be parsed does too, and the error says why.
func (c *Changes) AddFile(path, status, patch string) error {
	if c.files == nil {
		c.files = map[string]*fileChange{}
	}
	if status == "removed" {
		return nil
	}
	if patch == "" {
		c.files[path] = &fileChange{whole: true}
		return nil
	}
	lines, err := ParsePatch(patch)
	if err != nil {
		c.files[path] = &fileChange{whole: true}
		return fmt.Errorf("could not parse the patch of %q: %w", path, err)
	}
	c.files[path] = &fileChange{lines: lines}
	return nil
}

// Contains reports whether a finding at path, lines line..endLine, is on a changed line.
// A finding without a line counts when its file changed.
func (c *Changes) Contains(path string, line, endLine int) bool {
	if c == nil {
		return true
	}
	fc, ok := c.files[path]
	if !ok {
		return false
	}
	if fc.whole || line <= 0 {
		return true
	}
	if endLine < line {
		endLine = line
	}
	for l := line; l <= endLine && l < line+1000; l++ {
		if fc.lines[l] {
			return true
		}
	}
	return false
}

// Files is the number of changed files recorded.
func (c *Changes) Files() int {
	if c == nil {
		return 0
	}
	return len(c.files)
}

var hunkHeader = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// ParsePatch returns the lines of the new file that a unified-diff patch (as GitHub's
// ListFiles returns it: hunks without file headers) adds or modifies.
func ParsePatch(patch string) (map[int]bool, error) {
	lines := map[int]bool{}
	next, remaining := 0, 0
	inHunk := false
	for i, text := range strings.Split(patch, "\n") {
		if m := hunkHeader.FindStringSubmatch(text); m != nil {
			start, _ := strconv.Atoi(m[1])
			count := 1
			if m[2] != "" {
				count, _ = strconv.Atoi(m[2])
			}
			next, remaining, inHunk = start, count, true
			continue
		}
		if !inHunk {
			if strings.TrimSpace(text) == "" {
				continue
			}
			return nil, fmt.Errorf("line %d: %q is outside a hunk (want a line starting with @@)", i+1, finding.Shorten(text, 41))
		}
		switch {
		case strings.HasPrefix(text, "+"):
			lines[next] = true
			next++
			remaining--
		case strings.HasPrefix(text, " "):
			next++
			remaining--
		case strings.HasPrefix(text, "-"), strings.HasPrefix(text, `\`):
			// a removed line, or "\ No newline at end of file": the new file does not advance
		case text == "" && remaining > 0:
			// an empty context line whose leading space was trimmed
			next++
			remaining--
		case text == "":
		default:
			return nil, fmt.Errorf("line %d: %q is not a diff line (want +, -, space or @@)", i+1, finding.Shorten(text, 41))
		}
	}
	return lines, nil
}
