// Package purl spells package URLs the way SBOM and VEX consumers compare them. Go
// module versions are written with their "v" (pkg:golang/golang.org/x/text@v0.3.2),
// the spelling syft, Trivy, grype and the Go toolchain use; osv-scalibr drops the "v",
// so every PURL shiftgate writes goes through Canonical, and every PURL it reads from
// someone else's document is compared in both spellings (Variants).
package purl

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	packageurl "github.com/package-url/packageurl-go"
)

// Canonical returns s with a Go module version spelled with "v". The Go standard
// library (pkg:golang/stdlib), which OSV and govulncheck version without "v", other
// types and strings that are not package URLs are returned unchanged.
func Canonical(s string) string {
	u, err := packageurl.FromString(s)
	if err != nil || u.Type != packageurl.TypeGolang || u.Version == "" || strings.HasPrefix(u.Version, "v") ||
		(u.Namespace == "" && u.Name == "stdlib") {
		return s
	}
	u.Version = "v" + u.Version
	return u.ToString()
}

// Variants returns the spellings under which a document may name the package s: s
// itself, and for a Go module the version with and without "v".
func Variants(s string) []string {
	u, err := packageurl.FromString(s)
	if err != nil || u.Type != packageurl.TypeGolang || u.Version == "" {
		return []string{s}
	}
	c := Canonical(s)
	u.Version = strings.TrimPrefix(u.Version, "v")
	bare := u.ToString()
	if c == bare {
		return []string{s}
	}
	return []string{c, bare}
}

// Root is the package URL of the scanned application: the Go main module when the
// repository has one (at the pseudo-version of the commit, the version `go` itself
// would give it), else the GitHub repository, else a generic package named after the
// repository, both at the commit. An empty name gives "".
func Root(goModule, name, repoURL, commit string, commitTime time.Time) string {
	switch {
	case goModule != "":
		u := packageurl.PackageURL{Type: packageurl.TypeGolang, Version: pseudoVersion(goModule, commit, commitTime)}
		u.Namespace, u.Name = split(goModule)
		return u.ToString()
	case name == "":
		return ""
	}
	if owner, repo, ok := githubRepo(repoURL); ok {
		u := packageurl.PackageURL{Type: packageurl.TypeGithub, Namespace: owner, Name: repo, Version: commit}
		return u.ToString()
	}
	u := packageurl.PackageURL{Type: packageurl.TypeGeneric, Name: name[strings.LastIndex(name, "/")+1:], Version: commit}
	if repoURL != "" && !strings.HasPrefix(repoURL, "file:") && !strings.HasPrefix(repoURL, "/") {
		vcs := "git+" + repoURL
		if commit != "" {
			vcs += "@" + commit
		}
		u.Qualifiers = packageurl.QualifiersFromMap(map[string]string{"vcs_url": vcs})
	}
	return u.ToString()
}

// pseudoVersion is Go's version for an untagged commit (v0.0.0-20060102150405-abcdefabcdef,
// vN.0.0-… for a /vN module), "" without a commit.
func pseudoVersion(module, commit string, t time.Time) string {
	if len(commit) < 12 || t.IsZero() {
		return ""
	}
	major := "v0"
	if i := strings.LastIndex(module, "/v"); i > 0 {
		if m := module[i+1:]; len(m) > 1 && strings.Trim(m[1:], "0123456789") == "" {
			major = m
		}
	}
	return fmt.Sprintf("%s.0.0-%s-%s", major, t.UTC().Format("20060102150405"), commit[:12])
}

func split(path string) (namespace, name string) {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// githubRepo reads owner and repository from a github.com URL (https or scp-like).
func githubRepo(raw string) (owner, repo string, ok bool) {
	raw = strings.TrimSuffix(raw, ".git")
	var path string
	if rest, found := strings.CutPrefix(raw, "git@github.com:"); found {
		path = rest
	} else if u, err := url.Parse(raw); err == nil && strings.EqualFold(u.Host, "github.com") {
		path = strings.Trim(u.Path, "/")
	} else {
		return "", "", false
	}
	parts := strings.Split(path, "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", "", false
	}
	return strings.ToLower(parts[0]), strings.ToLower(parts[1]), true
}
