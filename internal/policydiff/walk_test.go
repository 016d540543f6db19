package policydiff

import (
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/policy"
)

// A field added to policy.Policy must be ranked here: until it is, any change of it
// counts as a loosening, and this test names it.
func TestEveryFieldIsRanked(t *testing.T) {
	for _, p := range policy.LeafPaths() {
		if _, ok := fields[p]; !ok {
			t.Errorf("policy field %s has no entry in policydiff's fields: say how a change of it loosens the gate", p)
		}
	}
	for p := range fields {
		if !slices.Contains(policy.LeafPaths(), p) {
			t.Errorf("fields names %s, which the policy does not have", p)
		}
	}
}

func TestRankedSettingsWithDefaults(t *testing.T) {
	for _, c := range []struct {
		old, cur string
		loose    bool
	}{
		{"", "allow", false}, {"block", "allow", true}, {"block", "", true}, {"allow", "block", false}, {"", "block", false},
	} {
		old := "version: 1\nfail: {context: " + c.old + "}\n"
		if c.old == "" {
			old = "version: 1\n"
		}
		cur := "version: 1\nfail: {context: " + c.cur + "}\n"
		if c.cur == "" {
			cur = "version: 1\n"
		}
		fs := Diff(parse(t, "old", old), parse(t, "new", cur), []byte(cur), ".shiftgate.yaml")
		if got := len(fs) > 0; got != c.loose {
			t.Errorf("fail.context %q -> %q: loosening %v, want %v (%v)", c.old, c.cur, got, c.loose, fs)
		}
	}
}

// Issue 12, attack 6: the settings the named rules missed are reported, each at its line.
func TestDiffReportsEverySetting(t *testing.T) {
	const old = `version: 1
checks:
  sast: {confidence: low, import: [a.sarif, b.sarif]}
  deps: {reachability: false}
  iac: {rules: [policy/rego]}
outputs: {provenance: true, sbom: [cyclonedx, spdx], sign: {required: true, key: ci/cosign.key}}
`
	const cur = `version: 1
checks:
  sast: {confidence: high, import: [a.sarif], timeout: 1ns}
  deps: {reachability: true, db: evil/db.zip, licenses: {allow: [AGPL-3.0-only]}}
  iac: {rules: [policy/rego, pr/rules]}
outputs: {provenance: false, sbom: [cyclonedx], sign: {required: false, key: pr.key}}
baseline: pr-baseline.json
`
	fs := Diff(parse(t, "old", old), parse(t, ".shiftgate.yaml", cur), []byte(cur), ".shiftgate.yaml")
	var got []string
	for _, f := range fs {
		if f.Rule == RuleSetting {
			got = append(got, f.Snippet)
		}
	}
	slices.Sort(got)
	want := []string{"baseline", "checks.deps.db", "checks.deps.licenses.allow", "checks.deps.reachability", "checks.iac.rules",
		"checks.sast.confidence", "checks.sast.import", "checks.sast.timeout", "outputs.provenance", "outputs.sbom",
		"outputs.sign.key", "outputs.sign.required"}
	if !slices.Equal(got, want) {
		t.Errorf("settings reported:\n got %q\nwant %q", got, want)
	}
	for _, f := range fs {
		if f.Snippet == "checks.deps.db" && (f.Line != 4 || !strings.Contains(f.Message, "evil/db.zip")) {
			t.Errorf("checks.deps.db at line %d: %s", f.Line, f.Message)
		}
	}
	// The reverse change tightens (or is a plain swap the base judges): only the swaps.
	back := Diff(parse(t, "old", cur), parse(t, "new", old), []byte(old), ".shiftgate.yaml")
	var swaps []string
	for _, f := range back {
		swaps = append(swaps, f.Snippet)
	}
	slices.Sort(swaps)
	if want := []string{"baseline", "checks.deps.db", "checks.iac.rules", "outputs.sign.key"}; !slices.Equal(swaps, want) {
		t.Errorf("tightening reported %q, want only the swaps %q", swaps, want)
	}
}

// The base-image allowlist loosens by adding an entry or by emptying it (empty allows
// any base); removing one entry of several tightens.
func TestBaseAllowlistRanking(t *testing.T) {
	pol := func(allow string) string {
		if allow == "" {
			return "version: 1\n"
		}
		return "version: 1\nchecks: {image: {base: {allow: [" + allow + "]}}}\n"
	}
	for _, c := range []struct {
		old, cur string
		loose    bool
	}{
		{`"docker.io/library/debian"`, "", true},
		{`"docker.io/library/debian"`, `"docker.io/library/debian", "docker.io/library/*"`, true},
		{`"docker.io/library/debian", "gcr.io/distroless/*"`, `"gcr.io/distroless/*"`, false},
		{"", `"gcr.io/distroless/*"`, false},
	} {
		fs := Diff(parse(t, "old", pol(c.old)), parse(t, "new", pol(c.cur)), []byte(pol(c.cur)), ".shiftgate.yaml")
		if got := len(fs) > 0; got != c.loose {
			t.Errorf("base.allow [%s] -> [%s]: loosening %v, want %v (%v)", c.old, c.cur, got, c.loose, fs)
		}
	}
}

// extends pins the organisation policy: a change that removes it or points it
// elsewhere (another digest, another signer) is a loosening at its line; adding one
// tightens (the base, which has none, judges the change that adds it).
func TestExtendsRanking(t *testing.T) {
	const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	pol := func(ref, key string) string {
		if ref == "" {
			return "version: 1\n"
		}
		return "version: 1\nextends:\n  ref: " + ref + "\n  digest: " + digest + "\n  key: " + key + "\n"
	}
	for _, c := range []struct {
		old, cur string
		loose    []string
	}{
		{pol("", ""), pol("ghcr.io/acme/policy:v1", "org.pub"), nil},
		{pol("ghcr.io/acme/policy:v1", "org.pub"), pol("", ""), []string{"extends.digest", "extends.key", "extends.ref"}},
		{pol("ghcr.io/acme/policy:v1", "org.pub"), pol("ghcr.io/acme/policy:v1", "mine.pub"), []string{"extends.key"}},
		{pol("ghcr.io/acme/policy:v1", "org.pub"), pol("ghcr.io/acme/policy:v1", "org.pub"), nil},
	} {
		var got []string
		for _, f := range Diff(parse(t, "old", c.old), parse(t, "new", c.cur), []byte(c.cur), ".shiftgate.yaml") {
			got = append(got, f.Snippet)
			if f.Snippet == "extends.key" && c.cur != pol("", "") && f.Line != 5 {
				t.Errorf("extends.key reported at line %d, want 5", f.Line)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.loose) {
			t.Errorf("%q -> %q: loosenings %q, want %q", c.old, c.cur, got, c.loose)
		}
	}
}
