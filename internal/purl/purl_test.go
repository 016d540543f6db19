package purl

import (
	"slices"
	"testing"
	"time"
)

func TestCanonicalAndVariants(t *testing.T) {
	for in, want := range map[string]string{
		"pkg:golang/golang.org/x/text@0.3.2":  "pkg:golang/golang.org/x/text@v0.3.2",
		"pkg:golang/golang.org/x/text@v0.3.2": "pkg:golang/golang.org/x/text@v0.3.2",
		"pkg:golang/golang.org/x/text":        "pkg:golang/golang.org/x/text",
		"pkg:golang/stdlib@1.22.0":            "pkg:golang/stdlib@1.22.0",
		"pkg:npm/lodash@4.17.20":              "pkg:npm/lodash@4.17.20",
		"not a purl":                          "not a purl",
	} {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Variants("pkg:golang/golang.org/x/text@0.3.2"); !slices.Equal(got, []string{"pkg:golang/golang.org/x/text@v0.3.2", "pkg:golang/golang.org/x/text@0.3.2"}) {
		t.Errorf("Variants = %q", got)
	}
	if got := Variants("pkg:npm/lodash@4.17.20"); !slices.Equal(got, []string{"pkg:npm/lodash@4.17.20"}) {
		t.Errorf("Variants = %q", got)
	}
}

func TestRoot(t *testing.T) {
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	commit := "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		mod, name, url, want string
	}{
		{"example.com/app", "app", "", "pkg:golang/example.com/app@v0.0.0-20260102030405-0123456789ab"},
		{"example.com/app/v3", "app", "", "pkg:golang/example.com/app/v3@v3.0.0-20260102030405-0123456789ab"},
		{"", "Org/Repo", "https://github.com/Org/Repo", "pkg:github/org/repo@" + commit},
		{"", "repo", "git@github.com:org/repo.git", "pkg:github/org/repo@" + commit},
		{"", "repo", "https://git.example.com/team/repo", "pkg:generic/repo@" + commit + "?vcs_url=git%2Bhttps:%2F%2Fgit.example.com%2Fteam%2Frepo%40" + commit},
		{"", "repo", "", "pkg:generic/repo@" + commit},
	} {
		if got := Root(tc.mod, tc.name, tc.url, commit, when); got != tc.want {
			t.Errorf("Root(%q, %q, %q) = %q, want %q", tc.mod, tc.name, tc.url, got, tc.want)
		}
	}
}
