package toolerr

import "strings"

// The classes of a git failure, each with the reason published for it. git quotes
// paths (a `.git` file's gitdir line names any path of the runner, which git then
// prints) and ref names, so its standard error is never published either.
const (
	GitNotRepo  Kind = "not a git repository (or a .git file that does not point to one; its target is withheld)"
	GitBadRef   Kind = "the ref or commit is not in this clone (a shallow clone? check out with fetch-depth: 0)"
	GitShallow  Kind = "the clone is shallow or partial and lacks the objects asked for (check out with fetch-depth: 0)"
	GitCorrupt  Kind = "the repository's objects are corrupt or unreadable"
	GitPath     Kind = "the path is outside the repository or not in the commit"
	GitDubious  Kind = "git refused the repository's ownership (safe.directory)"
	GitOther    Kind = "git failed (its output is withheld: it can quote paths outside the repository)"
	GitNotFound Kind = "git is not installed or not on PATH"
	GitSilent   Kind = "git failed without a message (for a ref or commit: it is not in this clone)"
)

var gitRules = []rule{
	{GitDubious, []string{"dubious ownership", "safe.directory"}},
	{GitNotRepo, []string{"not a git repository", "invalid gitfile format", "not a gitdir"}},
	{GitShallow, []string{"shallow", "promisor", "lazy fetch", "missing blob object", "missing tree object", "missing commit object"}},
	{GitCorrupt, []string{"corrupt", "loose object", "packfile", "object file", "bad tree object", "inflate"}},
	{GitBadRef, []string{"bad revision", "unknown revision", "bad object", "Needed a single revision", "not a valid object name", "ambiguous argument", "invalid object name", "not a commit"}},
	{GitPath, []string{"outside repository", "does not exist in", "exists on disk, but not in", "is outside"}},
	{Killed, []string{"signal: killed", "context deadline exceeded", "signal: terminated"}},
}

// ClassifyGit classifies what git printed on standard error (raw may be empty: git
// failed silently, as `rev-parse --verify --quiet` does). Only the class is kept.
func ClassifyGit(raw string) *Error {
	e := &Error{Kind: GitOther, raw: raw}
	if strings.TrimSpace(raw) == "" {
		e.Kind = GitSilent
		return e
	}
	if k, ok := classOf(raw, gitRules); ok {
		e.Kind = k
	}
	return e
}
