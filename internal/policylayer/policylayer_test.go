package policylayer

import (
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
)

func parse(t *testing.T, name, text string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

const orgText = `version: 1
fail: {severity: high}
checks:
  sast:
    severity: {G104: high}
  iac:
    rules: [org-rules]
exceptions_allow:
  - ids: ["G4*", GHSA-*]
    max_days: 30
    owner_required: true
    reason_required: true
`

func resolve(t *testing.T, repoText string) (*policy.Policy, []finding.Finding) {
	t.Helper()
	org := Org{Policy: parse(t, "org/policy.yaml", orgText), Ref: "org", From: "runner", Digest: "sha256:00"}
	eff, fs, err := Resolve(org, parse(t, ".shiftgate.yaml", repoText), ".shiftgate.yaml", now)
	if err != nil {
		t.Fatal(err)
	}
	return eff, fs
}

// The repository's unset keys keep the organisation's values, not the default's; a
// tightening is the repository's; each loosening is one finding at its line and the
// organisation's value applies.
func TestTheRepositoryMayOnlyTighten(t *testing.T) {
	eff, fs := resolve(t, "version: 1\nfail: {severity: medium}\nchecks:\n  sast:\n    severity: {G104: low, G401: critical}\n  iac:\n    rules: [mine]\n")
	if len(fs) != 1 || fs[0].Rule != RuleLoosened || fs[0].Line != 5 || !strings.HasPrefix(fs[0].Message, "checks.sast.severity.G104: the repository policy sets low, the organisation policy org sets high") {
		t.Fatalf("findings = %+v, want one POLICY-ORG-001 for G104 at line 5", fs)
	}
	if got := eff.Checks.SAST.Severity; got["G104"] != "high" || got["G401"] != "critical" {
		t.Errorf("sast.severity = %v: G104 back at the organisation's high, G401 raised by the repository", got)
	}
	if eff.Fail.Severity != "medium" || eff.DecidedBy("fail.severity") != policy.LayerRepo {
		t.Errorf("fail.severity = %s decided by %s, want medium by repo", eff.Fail.Severity, eff.DecidedBy("fail.severity"))
	}
	if got := eff.Checks.IaC.Rules; len(got) != 2 || got[0] != "org-rules" || got[1] != "mine" {
		t.Errorf("iac.rules = %v: the organisation's folders stay, the repository's are added", got)
	}
	if eff.DecidedBy("checks.sast.severity.G104") != policy.LayerOrg || eff.DecidedBy("checks.sast.severity.G401") != policy.LayerRepo || eff.DecidedBy("checks.deps.enabled") != policy.LayerDefault {
		t.Errorf("decided: G104 %s, G401 %s, deps.enabled %s", eff.DecidedBy("checks.sast.severity.G104"), eff.DecidedBy("checks.sast.severity.G401"), eff.DecidedBy("checks.deps.enabled"))
	}

	eff, fs = resolve(t, "version: 1\nmode: audit\nfail: {on_error: warn}\npaths: {exclude: [\"vendor2/**\"]}\nchecks:\n  deps: {enabled: false, timeout: 1s}\n")
	var lines []int
	for _, f := range fs {
		lines = append(lines, f.Line)
	}
	if len(fs) != 5 {
		t.Fatalf("got %d findings at lines %v, want 5 (mode, on_error, exclude, deps off, timeout): %+v", len(fs), lines, fs)
	}
	if eff.Audit() || eff.Fail.OnError == "warn" || !eff.Checks.Deps.Enabled || eff.Checks.Deps.Timeout != "" || len(eff.Paths.Exclude) != 2 {
		t.Errorf("the effective policy kept a loosening: mode %s, on_error %s, deps %t %q, exclude %v", eff.Mode, eff.Fail.OnError, eff.Checks.Deps.Enabled, eff.Checks.Deps.Timeout, eff.Paths.Exclude)
	}
}

// A repository exception applies only when an exceptions_allow entry permits it.
func TestExceptionsWithinWhatTheOrganisationAllows(t *testing.T) {
	for _, c := range []struct {
		exc, why string
	}{
		{"{id: G401, reason: legacy protocol, owner: team, expires: 2026-12-30}", ""},
		{"{id: g402, reason: legacy protocol, owner: team, expires: 2026-12-30}", ""}, // ids are case-insensitive globs
		{"{id: G401, reason: legacy protocol, owner: team, expires: 2026-12-31}", "it expires on 2026-12-31, past the organisation's maximum of 30 days (2026-12-30 at the latest)"},
		{"{id: G401, reason: legacy protocol, owner: team}", "it never expires, and the organisation requires an expiry (at most 30 days)"},
		{"{id: G401, reason: legacy protocol, expires: 2026-12-01}", "it names no owner, and the organisation requires one"},
		{"{id: G401, reason: G401, owner: team, expires: 2026-12-01}", "its reason says nothing, and the organisation requires one"},
		{"{id: G101, reason: not a key, owner: team, expires: 2026-12-01}", `its exceptions_allow does not name "G101" (it allows G4*, GHSA-*)`},
	} {
		eff, fs := resolve(t, "version: 1\nexceptions:\n  - "+c.exc+"\n")
		if c.why == "" {
			if len(fs) != 0 || len(eff.Exceptions) != 1 || eff.ExceptionLayer(0) != policy.LayerRepo {
				t.Errorf("%s: findings %+v, exceptions %v; want it allowed", c.exc, fs, eff.Exceptions)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Rule != RuleException || fs[0].Line != 3 || !strings.Contains(fs[0].Message, c.why) {
			t.Errorf("%s: findings %+v; want one POLICY-ORG-002 at line 3 saying %q", c.exc, fs, c.why)
		}
		if len(eff.Exceptions) != 0 {
			t.Errorf("%s: a disallowed exception still applies", c.exc)
		}
	}
}

// Without a repository policy the organisation's is the effective one, unchanged.
func TestNoRepositoryPolicy(t *testing.T) {
	org := Org{Policy: parse(t, "org/policy.yaml", orgText), Ref: "org", From: "runner"}
	eff, fs, err := Resolve(org, policy.Default(), ".shiftgate.yaml", now)
	if err != nil || len(fs) != 0 {
		t.Fatalf("Resolve: %v, %+v", err, fs)
	}
	if eff.Source != policy.EmbeddedSource || eff.Checks.SAST.Severity["G104"] != "high" || eff.DecidedBy("fail.severity") != policy.LayerOrg {
		t.Errorf("effective: source %s, sast.severity %v, fail.severity by %s", eff.Source, eff.Checks.SAST.Severity, eff.DecidedBy("fail.severity"))
	}
}
