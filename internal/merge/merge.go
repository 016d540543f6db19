// Package merge combines the out dirs of several shards of one scan (per module, per
// matrix job) into one result: findings de-duplicated by path and fingerprint, checks
// and exception uses combined, one verdict decided by the gate's Decide. Each shard's
// shiftgate.json (read by package outdir) is the source of the findings and of the
// rules' descriptions. Reports are then rendered from the merged result, so SARIF runs
// come out merged per category.
package merge

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/gate"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Shard is one out dir, and the folder its scan ran in relative to the repository
// root ("" when it scanned the root), which prefixes its paths.
type Shard struct {
	Dir    string
	Prefix string
}

// ParseShard reads a command-line shard: DIR, or PREFIX=DIR.
func ParseShard(arg string) (Shard, error) {
	prefix, dir, ok := strings.Cut(arg, "=")
	if !ok {
		return Shard{Dir: arg}, nil
	}
	prefix = filepath.ToSlash(prefix)
	if !path.IsAbs(prefix) {
		prefix = path.Clean(prefix)
	}
	if dir == "" || path.IsAbs(prefix) || prefix == ".." || strings.HasPrefix(prefix, "../") {
		return Shard{}, fmt.Errorf("invalid shard %q: write DIR or PREFIX=DIR, where PREFIX is the folder the shard scanned, relative to the repository root", arg)
	}
	if prefix == "." {
		prefix = ""
	}
	return Shard{Dir: dir, Prefix: prefix}, nil
}

// Load reads one shard's result.
func Load(s Shard) (*result.Result, error) {
	res, _, err := outdir.Read(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("shard %q: %w (is it the --out dir of a shiftgate scan?)", s.Dir, err)
	}
	if err != nil {
		return nil, fmt.Errorf("shard %q: %w", s.Dir, err)
	}
	if s.Prefix != "" {
		for i := range res.Findings {
			res.Findings[i].Path = join(s.Prefix, res.Findings[i].Path)
		}
		for i := range res.Notes {
			if res.Notes[i].Path != "" {
				res.Notes[i].Path = join(s.Prefix, res.Notes[i].Path)
			}
		}
		if res.Policy != policy.EmbeddedSource && res.Policy != "" && !path.IsAbs(res.Policy) {
			res.Policy = join(s.Prefix, res.Policy)
		}
	}
	return res, nil
}

func join(prefix, p string) string {
	if p == "" {
		return prefix
	}
	return prefix + "/" + p
}

// Merge combines shard results into one. Findings with the same path and fingerprint
// are one finding (a blocking copy wins over any other status); each check's status is
// the worst of its shards'; the verdict is fail when any shard failed, else error when
// any shard could not judge, else pass. names label the shards in the reason.
func Merge(names []string, shards []*result.Result) *result.Result {
	m := &result.Result{Findings: []finding.Finding{}}
	if len(shards) == 0 {
		gate.Decide(m, gate.Decision{})
		return m
	}
	m.Tool = shards[0].Tool
	m.FailSeverity = shards[0].FailSeverity
	var policies, modes []string
	seen := map[string]int{}
	for _, s := range shards {
		if !slices.Contains(policies, s.Policy) {
			policies = append(policies, s.Policy)
		}
		if !slices.Contains(modes, s.Mode) {
			modes = append(modes, s.Mode)
		}
		if s.FailSeverity != finding.Unknown && (m.FailSeverity == finding.Unknown || s.FailSeverity < m.FailSeverity) {
			m.FailSeverity = s.FailSeverity
		}
		for _, f := range s.Findings {
			key := f.Path + "\x00" + f.Fingerprint
			if i, ok := seen[key]; ok {
				if f.Status == finding.StatusBlocking && m.Findings[i].Status != finding.StatusBlocking {
					m.Findings[i] = f
				}
				continue
			}
			seen[key] = len(m.Findings)
			m.Findings = append(m.Findings, f)
		}
		m.Notes = append(m.Notes, s.Notes...)
		m.Exceptions = mergeExceptions(m.Exceptions, s.Exceptions)
		for _, c := range s.Checks {
			m.Checks = mergeCheck(m.Checks, c)
		}
	}
	m.Policy = strings.Join(policies, ", ")
	m.Mode = strings.Join(modes, ", ")
	m.OrgPolicy, m.Notes = mergeOrgPolicy(names, shards, m.Notes)
	finding.Sort(m.Findings)
	m.Notes = uniqueNotes(dropActiveExceptionNotes(m.Notes, m.Exceptions))
	slices.SortFunc(m.Checks, func(a, b result.Check) int { return strings.Compare(a.Name, b.Name) })
	d := gate.Decision{}
	for i, s := range shards {
		d.Shards = append(d.Shards, gate.Shard{Name: names[i], Verdict: s.Verdict})
	}
	gate.Decide(m, d)
	return m
}

// mergeOrgPolicy keeps the organisation policy the shards were judged over. Shards of
// one pipeline share it; when they do not (one has none, or another digest), the first
// shard's is kept and a note names the shards that differ, since the merged verdict
// then rests on more than one organisation policy.
func mergeOrgPolicy(names []string, shards []*result.Result, notes []finding.Note) (*result.OrgPolicy, []finding.Note) {
	first := shards[0].OrgPolicy
	var differ []string
	for i, s := range shards[1:] {
		if (s.OrgPolicy == nil) != (first == nil) || (first != nil && s.OrgPolicy.Digest != first.Digest) {
			differ = append(differ, names[i+1])
		}
	}
	if len(differ) > 0 {
		notes = append(notes, finding.Note{Kind: "org-policy", Message: fmt.Sprintf(
			"the shards were not judged over the same organisation policy: %s differ(s) from %s, whose organisation policy this report names",
			strings.Join(differ, ", "), names[0])})
	}
	if first == nil {
		return nil, notes
	}
	o := *first
	return &o, notes
}

func mergeCheck(cs []result.Check, c result.Check) []result.Check {
	i := slices.IndexFunc(cs, func(x result.Check) bool { return x.Name == c.Name })
	if i < 0 {
		c.Rules = slices.Clone(c.Rules)
		return append(cs, c)
	}
	m := &cs[i]
	rank := map[string]int{result.StatusSkipped: 0, result.StatusOK: 1, result.StatusError: 2}
	if rank[c.Status] > rank[m.Status] {
		m.Status = c.Status
	}
	if c.Error != "" && !strings.Contains(m.Error, c.Error) {
		if m.Error != "" {
			m.Error += "; "
		}
		m.Error += c.Error
	}
	m.DurationMs += c.DurationMs
	for _, r := range c.Rules {
		if !slices.ContainsFunc(m.Rules, func(x finding.Rule) bool { return x.ID == r.ID }) {
			m.Rules = append(m.Rules, r)
		}
	}
	slices.SortFunc(m.Rules, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return cs
}

// mergeExceptions adds one shard's exception uses: the same exception (id, line) is
// active when any shard used it, and its matches add up.
func mergeExceptions(all, more []policy.ExceptionUse) []policy.ExceptionUse {
	for _, u := range more {
		i := slices.IndexFunc(all, func(x policy.ExceptionUse) bool { return x.ID == u.ID && x.Line == u.Line && x.Reason == u.Reason })
		if i < 0 {
			all = append(all, u)
			continue
		}
		a := &all[i]
		a.Matched += u.Matched
		if a.State == policy.ExceptionExpired || u.State == policy.ExceptionExpired {
			continue
		}
		if u.State == policy.ExceptionActive {
			a.State, a.Message = policy.ExceptionActive, ""
		}
	}
	return all
}

func uniqueNotes(ns []finding.Note) []finding.Note {
	slices.SortFunc(ns, func(a, b finding.Note) int {
		return cmp.Or(cmp.Compare(a.Check, b.Check), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(ns)
}

// dropActiveExceptionNotes removes a shard's "matched no finding" note for an
// exception another shard used.
func dropActiveExceptionNotes(ns []finding.Note, uses []policy.ExceptionUse) []finding.Note {
	var out []finding.Note
	for _, n := range ns {
		if n.Kind == "exception" && slices.ContainsFunc(uses, func(u policy.ExceptionUse) bool {
			return u.State == policy.ExceptionActive && strings.HasPrefix(n.Message, fmt.Sprintf("exception %q ", u.ID))
		}) {
			continue
		}
		out = append(out, n)
	}
	return out
}
