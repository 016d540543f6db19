// Package source describes the repository a scan ran on for the supply-chain outputs:
// its name, URL, commit and the reproducible timestamp SBOMs carry. It reads git's
// object store with go-git, so no repository code (hooks, fsmonitor, filters) ever runs.
package source

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"golang.org/x/mod/modfile"

	"github.com/shiftgate/shiftgate/internal/purl"
)

// FixedEpoch is the timestamp used when neither SOURCE_DATE_EPOCH nor a git commit
// says when the source was made: 1980-01-01T00:00:00Z, the earliest time a zip file
// can hold, the value reproducible-builds tooling commonly falls back to.
var FixedEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Info is what the supply-chain outputs say about the repository.
type Info struct {
	// Name is "owner/repo" on GitHub, else the name of the root folder.
	Name string
	// URL is the repository's web or clone URL without credentials, "" when unknown.
	URL string
	// Commit is the HEAD commit (hex), "" when the root is not a git checkout.
	Commit string
	// Ref is the checked-out ref ("refs/heads/main"), "" when detached or unknown.
	Ref string
	// CommitTime is the HEAD commit's committer time (zero when unknown).
	CommitTime time.Time
	// Time is the reproducible timestamp: SOURCE_DATE_EPOCH, else CommitTime, else
	// FixedEpoch; TimeSource says which ("SOURCE_DATE_EPOCH", "commit", "fixed").
	Time       time.Time
	TimeSource string
	// GoModule is the module path in the root's go.mod, "" when there is none.
	GoModule string
}

// PURL is the package URL that names the scanned application in the SBOMs and the
// VEX document (see purl.Root): the Go main module at the commit's pseudo-version,
// else the GitHub repository or a generic package at the commit.
func (i Info) PURL() string {
	return purl.Root(i.GoModule, i.Name, i.URL, i.Commit, i.CommitTime)
}

// Read describes the repository at root. getenv supplies GITHUB_REPOSITORY,
// GITHUB_SERVER_URL, GITHUB_SHA and SOURCE_DATE_EPOCH. A root that is not a git checkout
// is not an error: the fields git would fill stay empty. A malformed SOURCE_DATE_EPOCH is.
func Read(root string, getenv func(string) string) (Info, error) {
	var info Info
	if abs, err := filepath.Abs(root); err == nil {
		info.Name = filepath.Base(abs)
	}
	if repo, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: false}); err == nil {
		if head, err := repo.Head(); err == nil {
			info.Commit = head.Hash().String()
			if head.Name().IsBranch() || head.Name().IsTag() {
				info.Ref = head.Name().String()
			}
			if c, err := repo.CommitObject(head.Hash()); err == nil {
				info.CommitTime = c.Committer.When.UTC()
			}
		}
		if rem, err := repo.Remote("origin"); err == nil && len(rem.Config().URLs) > 0 {
			info.URL = StripCredentials(rem.Config().URLs[0])
		}
	}
	if gr := getenv("GITHUB_REPOSITORY"); gr != "" {
		server := getenv("GITHUB_SERVER_URL")
		if server == "" {
			server = "https://github.com"
		}
		info.Name = gr
		info.URL = strings.TrimSuffix(server, "/") + "/" + gr
		if sha := getenv("GITHUB_SHA"); sha != "" && info.Commit == "" {
			info.Commit = sha
		}
	}
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
		info.GoModule = modfile.ModulePath(b)
	}
	info.Time, info.TimeSource = FixedEpoch, "fixed"
	if !info.CommitTime.IsZero() {
		info.Time, info.TimeSource = info.CommitTime, "commit"
	}
	if s := strings.TrimSpace(getenv("SOURCE_DATE_EPOCH")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return info, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970: set it to an integer such as $(git log -1 --format=%%ct) or unset it", s)
		}
		info.Time, info.TimeSource = time.Unix(n, 0).UTC(), "SOURCE_DATE_EPOCH"
	}
	return info, nil
}

// StripCredentials removes a user name and password from a URL ("https://x:TOKEN@host/r"
// becomes "https://host/r"); scp-like git addresses (git@host:r) are kept.
func StripCredentials(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return raw
	}
	u.User = nil
	return u.String()
}
