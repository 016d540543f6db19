// Package changes tells which files and lines changed since a git ref, for gating only
// what a push or a pull request changes. It runs the git CLI with explicit arguments
// and a defused configuration: no system config, no hooks, no fsmonitor, no external
// diff or textconv drivers, no pager, and only tree-to-tree comparisons (so no clean or
// smudge filter of a hostile repository ever runs). Committed changes count; edits not
// yet committed do not, which is what a pre-push hook and a CI checkout see.
package changes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/gitleaks/go-gitdiff/gitdiff"

	"github.com/shiftgate/shiftgate/internal/toolerr"
)

// Range is an inclusive span of line numbers in the new version of a file.
type Range struct {
	Start, End int
}

// File is one changed file.
type File struct {
	// Path is slash-separated, relative to the scan root.
	Path string
	// Whole is set when every line counts as changed: a new file, or a file whose
	// hunks could not be read (binary, or a patch the parser did not understand).
	Whole bool
	// Lines are the added or modified lines, sorted.
	Lines []Range
}

// Set is what changed between a base commit and HEAD.
type Set struct {
	// Ref is the ref as given; Base the commit compared with (the merge base of Ref and
	// HEAD, or Ref itself when they share no history, as in a shallow clone).
	Ref, Base string
	// MergeBase reports whether Base is the merge base (false: Ref itself was used).
	MergeBase bool
	// At reads files as they are at Base (GitBase from Since).
	At    Base
	files map[string]*File
}

// Files returns the changed files (not deleted ones), sorted by path.
func (s *Set) Files() []File {
	out := make([]File, 0, len(s.files))
	for _, f := range s.files {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Paths returns the changed paths, sorted.
func (s *Set) Paths() []string {
	var out []string
	for _, f := range s.Files() {
		out = append(out, f.Path)
	}
	return out
}

// Contains reports whether the file changed.
func (s *Set) Contains(path string) bool {
	_, ok := s.files[path]
	return ok
}

// ContainsSpan reports whether any line of line..endLine of the file was added or
// modified; a finding without a line counts when its file changed. A nil set means no
// diff is known: everything counts as changed.
func (s *Set) ContainsSpan(path string, line, endLine int) bool {
	if s == nil {
		return true
	}
	f, ok := s.files[path]
	if !ok {
		return false
	}
	if f.Whole || line <= 0 {
		return true
	}
	endLine = max(endLine, line)
	for _, r := range f.Lines {
		if r.Start <= endLine && line <= r.End {
			return true
		}
	}
	return false
}

// NewSet returns an empty set for AddPatch to fill: a pull request's files as the
// GitHub API lists them.
func NewSet() *Set { return &Set{files: map[string]*File{}} }

// AddPatch records one changed file from its patch as the GitHub API gives it
// (unified-diff hunks without file headers), parsed by go-gitdiff like the output of
// git diff in Since. A removed file is not recorded. An empty patch (GitHub omits it
// for binary and very large diffs) marks the whole file as changed; so does a patch
// that cannot be parsed, and the error says why: over-inclusive, never less.
func (s *Set) AddPatch(path, status, patch string) error {
	if s.files == nil {
		s.files = map[string]*File{}
	}
	if status == "removed" {
		return nil
	}
	f := &File{Path: path, Whole: true}
	s.files[path] = f
	if patch == "" {
		return nil
	}
	if !strings.HasSuffix(patch, "\n") {
		patch += "\n"
	}
	// A fixed file name in the synthetic header: the real one needs no quoting rules.
	files, err := gitdiff.Parse(strings.NewReader("diff --git a/f b/f\n--- a/f\n+++ b/f\n" + patch))
	var parsed []*gitdiff.File
	for pf := range files {
		parsed = append(parsed, pf)
	}
	if err != nil || len(parsed) != 1 || len(parsed[0].TextFragments) == 0 {
		return fmt.Errorf("could not parse the patch of %q: it is not unified-diff hunks whose @@ headers count their lines", path)
	}
	f.Whole, f.Lines = false, added(parsed[0].TextFragments)
	return nil
}

// added lists the lines of the new file that the fragments add or modify.
func added(frags []*gitdiff.TextFragment) []Range {
	var out []Range
	for _, frag := range frags {
		n := int(frag.NewPosition)
		for _, l := range frag.Lines {
			switch l.Op {
			case gitdiff.OpAdd:
				if k := len(out); k > 0 && out[k-1].End == n-1 {
					out[k-1].End = n
				} else {
					out = append(out, Range{Start: n, End: n})
				}
				n++
			case gitdiff.OpContext:
				n++
			}
		}
	}
	return out
}

// ContainsLine reports whether the line of the file was added or modified.
func (s *Set) ContainsLine(path string, line int) bool {
	f, ok := s.files[path]
	if !ok {
		return false
	}
	if f.Whole {
		return true
	}
	for _, r := range f.Lines {
		if line >= r.Start && line <= r.End {
			return true
		}
	}
	return false
}

// Since returns what changed between REF (its merge base with HEAD) and HEAD in the
// repository that holds root. Paths are relative to root; files outside root are left
// out. A ref that does not resolve is an error that says how to fetch it.
func Since(ctx context.Context, root, ref string) (*Set, error) {
	if strings.HasPrefix(ref, "-") || strings.ContainsAny(ref, "\x00\n") {
		return nil, fmt.Errorf("invalid git ref %q", ref)
	}
	g := Git{Dir: root}
	if _, err := g.Run(ctx, "rev-parse", "--git-dir"); err != nil {
		return nil, fmt.Errorf("%q is not inside a git repository, so nothing can be compared with %q: %w", root, ref, err)
	}
	commit, err := g.Run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("git ref %q is not a commit in %q (in CI, fetch it: actions/checkout with fetch-depth: 0, or git fetch origin %s): %w", ref, root, ref, err)
	}
	s := &Set{Ref: ref, Base: strings.TrimSpace(string(commit)), files: map[string]*File{}}
	if mb, err := g.Run(ctx, "merge-base", "--end-of-options", s.Base, "HEAD"); err == nil {
		s.Base, s.MergeBase = strings.TrimSpace(string(mb)), true
	}
	s.At = GitBase{Git: g, Commit: s.Base}
	names, err := g.Run(ctx, "diff", "--name-only", "--diff-filter=d", "-z", "--no-renames", "--relative", "--end-of-options", s.Base, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("could not list the files changed since %q: %w", ref, err)
	}
	for _, p := range strings.Split(string(names), "\x00") {
		if p != "" {
			// Whole until the patch says which lines: a file we cannot read lines for stays whole.
			s.files[p] = &File{Path: p, Whole: true}
		}
	}
	if len(s.files) == 0 {
		return s, nil
	}
	patch, err := g.Run(ctx, "diff", "--unified=0", "--diff-filter=d", "--no-renames", "--relative", "--end-of-options", s.Base, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("could not read the changes since %q: %w", ref, err)
	}
	files, err := gitdiff.Parse(bytes.NewReader(patch))
	if err != nil {
		return s, nil // every listed file stays whole: over-inclusive, never less
	}
	for pf := range files {
		f, ok := s.files[pf.NewName]
		if !ok || pf.IsNew || pf.IsBinary {
			continue
		}
		f.Whole, f.Lines = false, added(pf.TextFragments)
	}
	return s, nil
}

// Git runs git in a directory with a configuration that cannot run programs the
// repository names.
type Git struct {
	Dir string
}

// safeConfig neutralises every configuration key through which a repository could
// make git run a program during the read-only commands this package uses.
var safeConfig = []string{
	"-c", "core.fsmonitor=false",
	"-c", "core.hooksPath=/dev/null",
	"-c", "core.pager=cat",
	"-c", "core.quotePath=false",
	"-c", "diff.external=",
	"-c", "diff.noprefix=false",
	"-c", "diff.mnemonicPrefix=false",
	"-c", "diff.relative=false",
	"-c", "color.ui=false",
	// A bare repository committed inside the tree is not opened as one (its config
	// would count), and no transport runs: a partial clone's lazy fetch of a missing
	// object could otherwise start a program named by a remote URL (ext::, ssh).
	"-c", "safe.bareRepository=explicit",
	"-c", "protocol.allow=never",
	// A checkout owned by another user (a container job, a Tekton workspace) is
	// "dubious" to git. That guard exists because a repository's config can name
	// programs; every such key is defused above for the read-only commands we run.
	"-c", "safe.directory=*",
}

// Run runs git with the arguments and returns its standard output. Diff commands get
// --no-ext-diff and --no-textconv.
func (g Git) Run(ctx context.Context, args ...string) ([]byte, error) {
	full := append([]string{"--no-pager"}, safeConfig...)
	full = append(full, "-C", g.Dir)
	if len(args) > 0 && (args[0] == "diff" || args[0] == "show" || args[0] == "log") {
		full = append(full, args[0], "--no-ext-diff", "--no-textconv", "--no-color")
		full = append(full, args[1:]...)
	} else {
		full = append(full, args...)
	}
	cmd := exec.CommandContext(ctx, "git", full...) // #nosec G204 -- git with fixed subcommands; refs are checked and follow --end-of-options
	cmd.Env = gitEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		// git's standard error is never passed on: it quotes paths (a `.git` file's
		// gitdir names any file of the runner) and refs. Only its class is.
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			raw := errb.String()
			if ctx.Err() != nil {
				raw += "\n" + ctx.Err().Error()
			}
			return out.Bytes(), fmt.Errorf("git %s: %w", args[0], toolerr.ClassifyGit(raw))
		}
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("could not run git: %w", &toolerr.Error{Kind: toolerr.GitNotFound})
		}
		return nil, fmt.Errorf("could not run git: %w", toolerr.ClassifyGit(err.Error()))
	}
	return out.Bytes(), nil
}

// ReadAt returns a file's content at a commit (rel is relative to the Dir), and
// whether it exists there. It reads the blob with cat-file: no textconv, no filters.
func (g Git) ReadAt(ctx context.Context, commit, rel string) ([]byte, bool, error) {
	spec := commit + ":./" + strings.TrimPrefix(rel, "./")
	if _, err := g.Run(ctx, "cat-file", "-e", spec); err != nil {
		return nil, false, nil
	}
	b, err := g.Run(ctx, "cat-file", "blob", spec)
	if err != nil {
		return nil, false, fmt.Errorf("could not read %s at %s: %w", rel, commit, err)
	}
	return b, true, nil
}

// gitEnv is the process environment without variables that redirect git, plus the
// settings that keep it from reading the system config or asking for input.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GIT_") || k == "LC_ALL" || k == "LANG" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_OPTIONAL_LOCKS=0",
		"GIT_PAGER=cat",
		"GIT_NO_LAZY_FETCH=1",
		"LC_ALL=C",
	)
}

// Config returns a configuration value as the repository's user sees it (their
// global and repository config; never the system config), and whether it is set.
// Reading config runs no program.
func (g Git) Config(ctx context.Context, key string) (string, bool) {
	cmd := exec.CommandContext(ctx, "git", "--no-pager", "-C", g.Dir, "config", "--get", "--end-of-options", key) // #nosec G204 -- git config with a key from our own code
	cmd.Env = gitEnv()
	out, err := cmd.Output()
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}
