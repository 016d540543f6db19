// Package policylayer resolves the policy that judges a scan from its layers —
// embedded default < organisation < repository — and reports every way the
// repository layer loosens the organisation layer as a finding of its own
// (docs/org-policy.md). The repository may only tighten: a setting it loosens keeps
// the organisation's value, and an exception the organisation's exceptions_allow
// does not permit does not apply.
package policylayer

import (
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/policydiff"
)

// The rule ids of the organisation layer's findings (check "policy").
const (
	RuleLoosened  = "POLICY-ORG-001"
	RuleException = "POLICY-ORG-002"
)

// Rules describes the rules this package reports.
func Rules() []finding.Rule {
	return []finding.Rule{
		{ID: RuleLoosened, Name: "OrgPolicyLoosened", Title: "The repository policy loosens the organisation policy",
			Description: "A setting of the repository's .shiftgate.yaml lets more pass than the organisation policy it is judged under: a higher fail severity, a check off, audit mode, an exclude, a shorter timeout… The organisation's value applies, and the loosening blocks whatever the repository policy says.",
			Help:        "Remove the setting from the repository policy, or tighten it. Only the organisation's platform team can loosen the organisation policy.", Severity: finding.High, Tags: []string{"policy", "organisation"}},
		{ID: RuleException, Name: "OrgExceptionNotAllowed", Title: "A repository exception the organisation policy does not allow",
			Description: "The repository policy excepts findings the organisation policy's exceptions_allow does not let it except (another rule, no or a too late expiry, no owner, no reason). The exception does not apply, and this blocks whatever the repository policy says.",
			Help:        "Fix the finding, or bring the exception within what exceptions_allow permits (an expiry within its maximum, an owner, a reason).", Severity: finding.High, Tags: []string{"policy", "organisation"}},
	}
}

// Org is a loaded organisation layer.
type Org struct {
	Policy *policy.Policy
	// Ref names it as it was given; From is "runner" (--org-policy, the Action input,
	// the Tekton param) or "extends" (the repository's extends.ref).
	Ref, From string
	// Digest is the sha256 digest of what was loaded ("sha256:…").
	Digest string
}

// Resolve returns the effective policy — the repository policy read over the
// organisation policy, each loosened setting back at the organisation's value, the
// organisation's exceptions plus the repository exceptions it allows — and the
// findings that report each loosening, at its line of the repository policy (rel is
// that file's path relative to the root, for the findings). now decides expiries.
func Resolve(org Org, repo *policy.Policy, rel string, now time.Time) (*policy.Policy, []finding.Finding, error) {
	hasRepo := repo.Source != policy.EmbeddedSource && repo.Data() != nil
	var eff *policy.Policy
	if hasRepo {
		var err error
		if eff, err = policy.ParseOver(org.Policy, repo.Source, repo.Data()); err != nil {
			return nil, nil, fmt.Errorf("reading %s over the organisation policy: %w", repo.Source, err)
		}
	} else {
		eff = org.Policy.Clone()
		eff.Source = repo.Source
	}
	orgName := fmt.Sprintf("the organisation policy %s", org.Ref)

	// The repository may add custom rule folders: the organisation's stay.
	rules := slices.Clone(org.Policy.Checks.IaC.Rules)
	for _, r := range eff.Checks.IaC.Rules {
		if !slices.Contains(rules, r) {
			rules = append(rules, r)
		}
	}
	eff.Checks.IaC.Rules = rules

	// Compare what policydiff compares between a base and a change: the organisation
	// is the base, the repository the change. Exceptions are judged below, and extends
	// is the repository's own business.
	base, head := org.Policy.Clone(), eff.Clone()
	for _, p := range []*policy.Policy{base, head} {
		p.Exceptions, p.ExceptionsAllow, p.Extends = nil, nil, policy.Extends{}
		p.Checks.IaC.Rules = rules // adding a rule folder tightens
	}
	var data []byte
	if hasRepo {
		data = repo.Data()
	}
	var out []finding.Finding
	reverted := map[string]bool{}
	for _, d := range policydiff.Diff(base, head, data, rel) {
		setting := settingOf(d.Snippet)
		orgVal, repoVal := Value(org.Policy, setting), Value(eff, setting)
		if !reverted[setting] {
			revert(eff, org.Policy, setting)
			reverted[setting] = true
		}
		msg := fmt.Sprintf("%s: the repository policy sets %s, %s sets %s; the repository may only tighten it, so the organisation's value applies (%s)",
			setting, repoVal, orgName, orgVal, d.Message)
		out = append(out, finding.Finding{Check: policydiff.Check, Rule: RuleLoosened, Severity: finding.High, Path: rel, Line: d.Line,
			Message: msg, Snippet: "org:" + d.Snippet})
	}

	// Exceptions: the organisation's own, and the repository's it allows.
	var layers []policy.Layer
	excs := slices.Clone(org.Policy.Exceptions)
	for range excs {
		layers = append(layers, policy.LayerOrg)
	}
	if hasRepo {
		for _, e := range repo.Exceptions {
			if why := notAllowed(e, org.Policy.ExceptionsAllow, now); why != "" {
				line := e.Line
				if line == 0 {
					line = repo.Line("exceptions")
				}
				out = append(out, finding.Finding{Check: policydiff.Check, Rule: RuleException, Severity: finding.High, Path: rel, Line: line,
					Message: fmt.Sprintf("exception %q (%s:%d) is not allowed by %s: %s; it does not apply", e.ID, rel, e.Line, orgName, why),
					Snippet: "org-exception=" + e.ID + "|" + e.Expires})
				continue
			}
			excs = append(excs, e)
			layers = append(layers, policy.LayerRepo)
		}
	}
	eff.Exceptions = excs
	eff.ExceptionsAllow = org.Policy.ExceptionsAllow

	decided := map[string]policy.Layer{}
	for _, p := range policy.LeafPaths() {
		switch {
		case reverted[p]:
			decided[p] = policy.LayerOrg
		case hasRepo && repo.Sets(p):
			decided[p] = policy.LayerRepo
		case org.Policy.Sets(p):
			decided[p] = policy.LayerOrg
		default:
			decided[p] = policy.LayerDefault
		}
	}
	for s := range reverted {
		decided[s] = policy.LayerOrg
	}
	eff.Layers = &policy.Layers{Org: org.Policy, OrgRef: org.Ref, OrgFrom: org.From, OrgDigest: org.Digest,
		Repo: repo, Decided: decided, Exceptions: layers}
	finding.Sort(out)
	return eff, out, nil
}

// settingOf is the setting a policydiff finding names, from its key
// ("fail.severity=critical", "checks.deps.licenses.deny-=GPL-3.0", "checks.sast.timeout").
// The key ends at the first "=": what follows is a value the repository wrote, which
// may itself hold "-=" (a glob "a-=b/**" once named no setting, and was not reverted).
func settingOf(snippet string) string {
	k, _, _ := strings.Cut(snippet, "=")
	return strings.TrimSuffix(k, "-")
}

const sastSeverity = "checks.sast.severity."

// Value shows a setting's value in a policy, for a message.
func Value(p *policy.Policy, setting string) string {
	if id, ok := strings.CutPrefix(setting, sastSeverity); ok {
		if v := p.Checks.SAST.Severity[id]; v != "" {
			return v
		}
		return "(unset)"
	}
	v, ok := p.Field(setting)
	if !ok {
		return "(unknown)"
	}
	s := fmt.Sprintf("%v", v.Interface())
	if v.Kind() == reflect.Slice {
		s = "[" + strings.Join(strs(v), ", ") + "]"
	}
	if s == "" {
		return "(unset)"
	}
	return s
}

// revert sets one setting of eff back to org's value.
func revert(eff, org *policy.Policy, setting string) {
	if id, ok := strings.CutPrefix(setting, sastSeverity); ok {
		m := map[string]string{}
		for k, v := range eff.Checks.SAST.Severity {
			m[k] = v
		}
		if v, ok := org.Checks.SAST.Severity[id]; ok {
			m[id] = v
		} else {
			delete(m, id)
		}
		eff.Checks.SAST.Severity = m
		return
	}
	dst, ok1 := eff.Field(setting)
	src, ok2 := org.Clone().Field(setting)
	if ok1 && ok2 && dst.CanSet() {
		dst.Set(src)
	}
}

func strs(v reflect.Value) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = fmt.Sprint(v.Index(i).Interface())
	}
	return out
}

// notAllowed says why the organisation's exceptions_allow does not permit a
// repository exception, or "" when one entry does.
func notAllowed(e policy.Exception, allows []policy.ExceptionAllow, now time.Time) string {
	if len(allows) == 0 {
		return "it allows no repository exception (its exceptions_allow is empty)"
	}
	first := ""
	for _, a := range allows {
		if !idAllowed(a.IDs, e.ID) {
			continue
		}
		why := conditions(e, a, now)
		if why == "" {
			return ""
		}
		if first == "" {
			first = why
		}
	}
	if first != "" {
		return first
	}
	var ids []string
	for _, a := range allows {
		ids = append(ids, a.IDs...)
	}
	return fmt.Sprintf("its exceptions_allow does not name %q (it allows %s)", e.ID, strings.Join(ids, ", "))
}

func idAllowed(patterns []string, id string) bool {
	id = strings.ToUpper(strings.TrimSpace(id))
	for _, p := range patterns {
		if ok, err := path.Match(strings.ToUpper(strings.TrimSpace(p)), id); err == nil && ok {
			return true
		}
	}
	return false
}

// conditions checks one exceptions_allow entry's conditions on an exception.
func conditions(e policy.Exception, a policy.ExceptionAllow, now time.Time) string {
	if (a.MaxDays > 0 || a.MaxExpires != "") && e.Expires == "" {
		return "it never expires, and the organisation requires an expiry (" + limit(a) + ")"
	}
	if a.MaxDays > 0 {
		day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		latest := day.AddDate(0, 0, a.MaxDays).Format(time.DateOnly)
		if e.Expires > latest {
			return fmt.Sprintf("it expires on %s, past the organisation's maximum of %d days (%s at the latest)", e.Expires, a.MaxDays, latest)
		}
	}
	if a.MaxExpires != "" && e.Expires > a.MaxExpires {
		return fmt.Sprintf("it expires on %s, after the organisation's latest expiry %s", e.Expires, a.MaxExpires)
	}
	if a.OwnerRequired && strings.TrimSpace(e.Owner) == "" {
		return "it names no owner, and the organisation requires one (owner:)"
	}
	if a.ReasonRequired && (strings.TrimSpace(e.Reason) == "" || strings.EqualFold(strings.TrimSpace(e.Reason), strings.TrimSpace(e.ID))) {
		return "its reason says nothing, and the organisation requires one"
	}
	return ""
}

func limit(a policy.ExceptionAllow) string {
	var parts []string
	if a.MaxDays > 0 {
		parts = append(parts, fmt.Sprintf("at most %d days", a.MaxDays))
	}
	if a.MaxExpires != "" {
		parts = append(parts, "by "+a.MaxExpires)
	}
	return strings.Join(parts, ", ")
}
