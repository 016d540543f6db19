package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/httpretry"
)

// Bounds on reading the base through the contents API.
const (
	// maxContentEntries bounds the entries one Files call lists, over all folders.
	maxContentEntries = 2000
	// maxContentDepth bounds how deep Files descends.
	maxContentDepth = 16
)

// BaseFromAPI is the pull request's base side read through GitHub's API, for a
// checkout without the base commit (actions/checkout's default depth of 1): the files
// that judge the change (the policy, the baseline, custom rules) come from the contents
// API at the base SHA, and the changed files and lines from the pull request's file
// list. root is the scanned folder; hc nil uses a client with a 60 s timeout. The
// token reaches only the API host (newClient refuses cross-host redirects).
func BaseFromAPI(ctx context.Context, e Env, root string, hc *http.Client) (*changes.Set, error) {
	switch {
	case e.PR == nil || e.PR.BaseSHA == "":
		return nil, errors.New("the event names no pull request base")
	case e.Token == "":
		return nil, errors.New("no GitHub token to read the base through the API (the token input and GITHUB_TOKEN are empty)")
	case e.Owner == "" || e.Repo == "":
		return nil, errors.New("GITHUB_REPOSITORY is not set")
	}
	c, err := newClient(e.APIURL, e.Token, hc, httpretry.Transport{Name: "GitHub API"})
	if err != nil {
		return nil, err
	}
	prefix := ""
	if abs, err := filepath.Abs(root); err == nil && e.Workspace != "" {
		prefix = scanPrefix(e.Workspace, abs)
	}
	set := changes.NewSet()
	set.Ref, set.Base = e.PR.BaseSHA, e.PR.BaseSHA
	opts := &gh.ListOptions{PerPage: 100}
	err = paginate(func(page int) (int, error) {
		opts.Page = page
		files, resp, err := c.PullRequests.ListFiles(ctx, e.Owner, e.Repo, e.PR.Number, opts)
		if err != nil {
			return 0, err
		}
		for _, f := range files {
			rel, ok := strings.CutPrefix(f.GetFilename(), prefix)
			if !ok {
				continue
			}
			// A patch that does not parse counts the whole file: over-inclusive.
			_ = set.AddPatch(rel, f.GetStatus(), f.GetPatch())
		}
		return resp.NextPage, nil
	})
	if err != nil {
		return nil, errors.New(apiError("could not list the pull request's changed files", err))
	}
	set.At = &contentsBase{c: c, owner: e.Owner, repo: e.Repo, ref: e.PR.BaseSHA, prefix: prefix}
	return set, nil
}

// contentsBase reads files at a commit through the contents API
// (Repositories.GetContents with ref).
type contentsBase struct {
	c                *gh.Client
	owner, repo, ref string
	prefix           string // the scanned folder in the repository, "" or "dir/"
}

func (b *contentsBase) repoPath(rel string) (string, error) {
	c := path.Clean(strings.TrimPrefix(rel, "./"))
	if rel == "" || path.IsAbs(c) || c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%q is not a path inside the repository", rel)
	}
	if c == "." {
		return strings.TrimSuffix(b.prefix, "/"), nil
	}
	return b.prefix + c, nil
}

// ReadFile implements changes.Base. Only a regular file counts: a symbolic link or a
// submodule at the base is an error, never followed.
func (b *contentsBase) ReadFile(ctx context.Context, rel string, max int64) ([]byte, bool, error) {
	p, err := b.repoPath(rel)
	if err != nil {
		return nil, false, err
	}
	file, dir, resp, err := b.c.Repositories.GetContents(ctx, b.owner, b.repo, p, &gh.RepositoryContentGetOptions{Ref: b.ref})
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, errors.New(apiError(fmt.Sprintf("could not read %s at %s through the contents API", rel, shortSHA(b.ref)), err))
	}
	if dir != nil || file == nil {
		return nil, false, nil
	}
	if file.GetType() != "file" {
		return nil, false, fmt.Errorf("%s is a %s at %s: not read", rel, file.GetType(), shortSHA(b.ref))
	}
	if int64(file.GetSize()) > max {
		return nil, false, fmt.Errorf("%s at %s: %w (%d bytes)", rel, shortSHA(b.ref), changes.ErrTooLarge, max)
	}
	text, err := file.GetContent()
	if err != nil {
		// Over 1 MB the contents API omits the content (encoding "none").
		return nil, false, fmt.Errorf("could not decode %s at %s from the contents API: %w", rel, shortSHA(b.ref), err)
	}
	if int64(len(text)) > max {
		return nil, false, fmt.Errorf("%s at %s: %w (%d bytes)", rel, shortSHA(b.ref), changes.ErrTooLarge, max)
	}
	return []byte(text), true, nil
}

// Files implements changes.Base: the folder's regular files, descending into
// subfolders, bounded in entries and depth.
func (b *contentsBase) Files(ctx context.Context, dir string) ([]string, error) {
	start, err := b.repoPath(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := 0
	var walk func(p string, depth int) error
	walk = func(p string, depth int) error {
		if depth > maxContentDepth {
			return fmt.Errorf("%s at %s: folders nested deeper than %d", dir, shortSHA(b.ref), maxContentDepth)
		}
		_, entries, resp, err := b.c.Repositories.GetContents(ctx, b.owner, b.repo, p, &gh.RepositoryContentGetOptions{Ref: b.ref})
		if resp != nil && resp.StatusCode == http.StatusNotFound {
			return nil
		}
		if err != nil {
			return errors.New(apiError(fmt.Sprintf("could not list %s at %s through the contents API", dir, shortSHA(b.ref)), err))
		}
		for _, e := range entries {
			if seen++; seen > maxContentEntries {
				return fmt.Errorf("%s at %s: more than %d entries", dir, shortSHA(b.ref), maxContentEntries)
			}
			full := e.GetPath()
			rel, ok := strings.CutPrefix(full, b.prefix)
			if !ok || path.Dir(full) != strings.TrimSuffix(path.Clean(p+"/x"), "/x") {
				continue // an entry outside the folder asked for: not trusted
			}
			switch e.GetType() {
			case "file":
				out = append(out, rel)
			case "dir":
				if err := walk(full, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(start, 0); err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}

func shortSHA(s string) string { return s[:min(12, len(s))] }
