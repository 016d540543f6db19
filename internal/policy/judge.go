package policy

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// ExceptionState says how an exception fared in one scan.
type ExceptionState string

// The states of an exception after a scan.
const (
	ExceptionActive  ExceptionState = "active"  // it matched at least one finding
	ExceptionStale   ExceptionState = "stale"   // it matched nothing: remove it
	ExceptionExpired ExceptionState = "expired" // its date has passed: it no longer applies
)

// ExceptionUse reports one exception's effect on a scan.
type ExceptionUse struct {
	ID      string         `json:"id"`
	Reason  string         `json:"reason"`
	Owner   string         `json:"owner,omitempty"`
	Expires string         `json:"expires,omitempty"`
	Line    int            `json:"line,omitempty"`
	State   ExceptionState `json:"state"`
	Matched int            `json:"matched"`
	Message string         `json:"message,omitempty"`
	// Layer is the policy layer that wrote the exception (docs/org-policy.md), when
	// the policy has an organisation layer.
	Layer Layer `json:"layer,omitempty"`
	// File is the policy file that holds the exception when it is not the repository
	// policy (an organisation exception): Line is in it.
	File string `json:"file,omitempty"`
}

// FailSeverity returns the lowest blocking severity.
func (p *Policy) FailSeverity() finding.Severity {
	s, err := finding.ParseSeverity(p.Fail.Severity)
	if err != nil {
		return finding.High
	}
	return s
}

// Audit reports whether the policy only reports and never fails.
func (p *Policy) Audit() bool { return p.Mode == "audit" }

// Matches reports whether the exception covers the finding.
func (e Exception) Matches(f *finding.Finding) bool {
	if !e.matchesID(f) {
		return false
	}
	if len(e.Paths) == 0 {
		return true
	}
	for _, g := range e.Paths {
		if ok, _ := doublestar.Match(g, f.Path); ok {
			return true
		}
	}
	return false
}

func (e Exception) matchesID(f *finding.Finding) bool {
	id := strings.TrimSpace(e.ID)
	if strings.EqualFold(id, f.Rule) || id == f.Fingerprint {
		return true
	}
	// A fingerprint with an occurrence suffix is matched by its base as well.
	if base, _, ok := strings.Cut(f.Fingerprint, ":"); ok && id == base {
		return true
	}
	return slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, id) }) || matchesPackage(id, f.Package)
}

// matchesPackage reports whether an exception id names the finding's package: its
// purl (pkg:deb/debian/libssl3, with or without @version and qualifiers), or
// ECOSYSTEM/NAME as OSV spells the ecosystem (Debian/libssl3, or with the release,
// Debian:12/libssl3). Every
// vulnerability of that package is then covered, as an exception by package means.
func matchesPackage(id string, p *finding.Package) bool {
	if p == nil || p.Name == "" {
		return false
	}
	if strings.HasPrefix(id, "pkg:") {
		if p.PURL == "" {
			return false
		}
		if id == p.PURL {
			return true
		}
		bare, _, _ := strings.Cut(p.PURL, "?")
		bare, _, _ = strings.Cut(bare, "#")
		if id == bare {
			return true
		}
		noVersion, _, _ := strings.Cut(bare, "@")
		return id == noVersion
	}
	eco, name, ok := strings.Cut(id, "/")
	if !ok || name != p.Name || eco == "" {
		return false
	}
	base, _, _ := strings.Cut(p.Ecosystem, ":")
	return eco == p.Ecosystem || eco == base // OSV's ecosystem names are case-sensitive
}

// Judge gives every finding a status and a reason, in place, and reports what each
// exception did. Findings a check already marked suppressed, vex or baseline keep that
// status. now decides which exceptions have expired.
func (p *Policy) Judge(fs []finding.Finding, now time.Time) []ExceptionUse {
	uses := make([]ExceptionUse, len(p.Exceptions))
	for i, e := range p.Exceptions {
		uses[i] = ExceptionUse{ID: e.ID, Reason: e.Reason, Owner: e.Owner, Expires: e.Expires, Line: e.Line}
		if p.Layers != nil {
			uses[i].Layer = p.ExceptionLayer(i)
			if uses[i].Layer == LayerOrg && p.Layers.Org != nil {
				uses[i].File = filepath.ToSlash(p.Layers.Org.Source)
			}
		}
		if at := e.ExpiresAt(); !at.IsZero() && !now.Before(at) {
			uses[i].State = ExceptionExpired
			uses[i].Message = fmt.Sprintf("expired on %s: it no longer applies; renew it with a new date or fix the finding", e.Expires)
		}
	}
	threshold := p.FailSeverity()
	for i := range fs {
		f := &fs[i]
		switch f.Status {
		case finding.StatusSuppressed:
			f.JudgedBy = string(LayerRepo) // the repository's own source says so
			continue
		case finding.StatusVEX:
			f.JudgedBy = string(p.DecidedBy("checks.deps.vex"))
			if f.Reason == "" || !strings.HasPrefix(f.Reason, "VEX ") {
				f.JudgedBy = string(p.DecidedBy("checks.deps.unreachable"))
			}
			continue
		case finding.StatusBaseline:
			f.JudgedBy = string(p.DecidedBy("fail.new_only"))
			continue
		}
		matched := false
		for j, e := range p.Exceptions {
			if uses[j].State == ExceptionExpired || !e.Matches(f) {
				continue
			}
			uses[j].Matched++
			if !matched {
				matched = true
				f.Status = finding.StatusExcepted
				f.Reason = exceptionReason(e)
				f.JudgedBy = string(p.ExceptionLayer(j))
			}
		}
		if matched {
			continue
		}
		if f.Context == "" {
			f.Context, f.ContextReason = finding.PathContext(f.Path)
		}
		f.JudgedBy = string(p.DecidedBy("fail.severity"))
		if f.Severity >= threshold && f.Context != "" && p.Fail.Context != "block" {
			f.JudgedBy = string(p.DecidedBy("fail.context"))
			f.Status = finding.StatusAllowed
			f.Reason = fmt.Sprintf("%s is at or above the fail severity (%s), but does not block by default: %s (fail.context: block makes it block)", f.Severity, threshold, f.ContextReason)
		} else if f.Severity >= threshold {
			f.Status = finding.StatusBlocking
			f.Reason = fmt.Sprintf("%s is at or above the fail severity (%s)", f.Severity, threshold)
		} else {
			f.Status = finding.StatusAllowed
			f.Reason = fmt.Sprintf("%s is below the fail severity (%s)", f.Severity, threshold)
		}
	}
	for i := range uses {
		if uses[i].State == ExceptionExpired {
			continue
		}
		if uses[i].Matched > 0 {
			uses[i].State = ExceptionActive
		} else {
			uses[i].State = ExceptionStale
			uses[i].Message = staleMessage(p.Exceptions[i], fs)
		}
	}
	return uses
}

func exceptionReason(e Exception) string {
	s := "exception: " + e.Reason
	var extra []string
	if e.Owner != "" {
		extra = append(extra, "owner "+e.Owner)
	}
	if e.Expires != "" {
		extra = append(extra, "until "+e.Expires)
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

// staleMessage says why an exception matched nothing and what to do: its paths miss
// the findings its id names, or its id is a near miss of one a finding carries.
func staleMessage(e Exception, fs []finding.Finding) string {
	byID, seen := 0, map[string]bool{}
	var ids []string
	for i := range fs {
		if e.matchesID(&fs[i]) {
			byID++
		}
		for _, id := range append([]string{fs[i].Rule}, fs[i].Aliases...) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if byID > 0 {
		return fmt.Sprintf("matched no finding: its id names %d finding(s), none under its paths %q: correct the paths, or remove it from the policy", byID, e.Paths)
	}
	if near := Nearest(e.ID, ids); near != "" {
		return fmt.Sprintf("matched no finding: did you mean %q, which this scan found? Otherwise remove it from the policy", near)
	}
	return "matched no finding: remove it from the policy"
}

// AddedInContext reports whether a finding the context kept from blocking must block
// after all because the change being judged adds it (added is true when the change
// adds the finding's line): a pull request that puts a real key into a test file
// still fails.
func AddedInContext(f *finding.Finding, p *Policy, added bool) bool {
	// A benign use (jitter from math/rand, a placeholder) is judged by what it is, not
	// where it is: adding one does not make it a vulnerability.
	return added && f.Context != "" && f.Context != finding.ContextBenign && f.Status == finding.StatusAllowed &&
		p.Fail.Context != "block" && !p.Audit() && f.Severity >= p.FailSeverity()
}
