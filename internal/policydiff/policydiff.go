// Package policydiff compares the repository's policy file with its version at a base
// commit and reports every loosening — a higher fail severity, a new exception, a
// disabled check, audit mode, on_error warn, new path or rule excludes, new_only — as a
// finding of check "policy" at the line of the policy file that loosens it, so a
// reviewer sees that a change weakens its own gate.
package policydiff

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
)

// Check is the name of the check policy-weakening findings belong to.
const Check = "policy"

// The rule ids.
const (
	RuleFailSeverity = "POLICY-001"
	RuleException    = "POLICY-002"
	RuleCheckOff     = "POLICY-003"
	RuleAudit        = "POLICY-004"
	RuleOnError      = "POLICY-005"
	RulePathExclude  = "POLICY-006"
	RuleRuleExclude  = "POLICY-007"
	RuleNewOnly      = "POLICY-008"
	RuleVEX          = "POLICY-009"
)

// Rules describes every rule this package reports.
func Rules() []finding.Rule {
	mk := func(id, name, title, desc string, sev finding.Severity) finding.Rule {
		return finding.Rule{ID: id, Name: name, Title: title, Description: desc, Severity: sev, Tags: []string{"policy"},
			Help: desc + " If the change is intended, a reviewer accepts it by approving the change; to let the gate pass, add an exception with this rule id and a reason."}
	}
	return []finding.Rule{
		mk(RuleFailSeverity, "FailSeverityRaised", "The fail severity was raised", "fail.severity now names a higher level than on the base branch: findings of the levels in between no longer block.", finding.Medium),
		mk(RuleException, "ExceptionAdded", "An exception was added or widened", "The policy lets more findings pass than on the base branch: a new exception, or one with more paths or a later expiry.", finding.Medium),
		mk(RuleCheckOff, "CheckDisabled", "A check was disabled", "A check that ran on the base branch is disabled: nothing it finds can block.", finding.High),
		mk(RuleAudit, "AuditMode", "The policy switched to audit mode", "mode: audit reports findings but never fails the gate.", finding.High),
		mk(RuleOnError, "OnErrorWarn", "A check that cannot run no longer fails the gate", "fail.on_error changed from fail to warn: a check that crashes or times out lets the gate pass (fail open).", finding.Medium),
		mk(RulePathExclude, "PathsExcluded", "Paths were excluded from the scan", "New paths.exclude globs (or a smaller max_file_size) hide files from every check.", finding.Medium),
		mk(RuleRuleExclude, "RulesExcluded", "Rules were switched off or softened", "New rule excludes, a softer treatment of unreachable vulnerabilities, a removed denied license or a lowered rule severity.", finding.Medium),
		mk(RuleNewOnly, "NewOnly", "Only new findings block", "fail.new_only was turned on: findings recorded in the baseline no longer block.", finding.Medium),
		mk(RuleVEX, "VEXAdded", "New VEX documents are trusted", "New deps.vex globs: their not_affected statements suppress vulnerability findings.", finding.Medium),
		mk(RuleSetting, "SettingLoosened", "A policy setting was loosened", "A setting changed in a way that may let more pass: another vulnerability database, a custom rule folder, a shorter timeout, a signature no longer required, a higher minimum confidence, fewer outputs or imports.", finding.Medium),
		mk(RuleCustomRule, "CustomRuleChanged", "A custom rule was edited or removed", "A custom Rego rule file (checks.iac.rules) of the base branch differs in the change or is gone: the base's version judged the change, and the edit takes effect once merged.", finding.High),
	}
}

// Compare reads the policy file rel (relative to root) now and at the base commit and
// returns the loosenings as findings. A file missing on either side counts as the
// embedded default policy. A base version that no longer parses gives a note, not an
// error: the current file was validated by the scan already.
func Compare(ctx context.Context, root, base, rel string) (*Report, error) {
	return CompareBase(ctx, root, changes.GitBase{Git: changes.Git{Dir: root}, Commit: base}, base, rel)
}

// CompareBase is Compare with the base read through at (from git, or GitHub's
// contents API when the base commit is not in the checkout); base names it.
func CompareBase(ctx context.Context, root string, at changes.Base, base, rel string) (*Report, error) {
	oldData, ok, err := at.ReadFile(ctx, rel, policy.MaxSize)
	if err != nil {
		return nil, err
	}
	old := policy.Default()
	if ok {
		if old, err = policy.Parse(rel+"@"+short(base), oldData); err != nil {
			return &Report{Notes: []finding.Note{{Check: Check, Kind: "parse", Path: rel,
				Message: fmt.Sprintf("the base version of %s (%s) does not parse, so loosenings were not compared: %v", rel, short(base), firstLine(err.Error()))}}}, nil
		}
	}
	cur := policy.Default()
	var curData []byte
	if data, err := readInside(root, rel); err == nil {
		curData = data
		if cur, err = policy.Parse(rel, data); err != nil {
			return nil, err
		}
	}
	return &Report{Findings: Diff(old, cur, curData, rel), BaseFailSeverity: old.FailSeverity(), BaseExceptions: old.Exceptions, Current: cur}, nil
}

// Report is the outcome of Compare.
type Report struct {
	Findings []finding.Finding
	Notes    []finding.Note
	// BaseFailSeverity is the base version's fail severity (Unknown when the base did
	// not parse). Loosenings should block at the stricter of it and the current one,
	// so a change cannot lower the bar that judges its own loosening.
	BaseFailSeverity finding.Severity
	// BaseExceptions are the base version's exceptions: only they may except a
	// loosening, so a change cannot except the report of its own loosening.
	BaseExceptions []policy.Exception
	// Current is the change's policy: the judging stage asks which findings it would
	// let pass, so a loosening is at least as severe as the worst of them.
	Current *policy.Policy
}

func short(c string) string { return c[:min(12, len(c))] }

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Diff compares two parsed policies; curData is the current file's text (for lines),
// nil when the file was deleted.
func Diff(old, cur *policy.Policy, curData []byte, rel string) []finding.Finding {
	d := differ{rel: rel, doc: parseDoc(curData)}
	if cur.Audit() && !old.Audit() {
		d.add(RuleAudit, finding.High, "mode: audit: the gate reports but never fails (it was enforce)", "mode=audit", "mode")
	}
	if o, n := old.FailSeverity(), cur.FailSeverity(); n > o {
		d.add(RuleFailSeverity, finding.Medium, fmt.Sprintf("fail.severity raised from %s to %s: %s findings below %s no longer block", o, n, o, n), "fail.severity="+n.String(), "fail", "severity")
	}
	if old.Fail.OnError != "warn" && cur.Fail.OnError == "warn" {
		d.add(RuleOnError, finding.Medium, "fail.on_error: warn: a check that cannot run no longer fails the gate (it was fail)", "fail.on_error=warn", "fail", "on_error")
	}
	if cur.Fail.NewOnly && !old.Fail.NewOnly {
		d.add(RuleNewOnly, finding.Medium, fmt.Sprintf("fail.new_only: true: findings recorded in the baseline %s no longer block", cur.Baseline), "fail.new_only=true", "fail", "new_only")
	}
	for _, c := range []struct {
		name     string
		old, cur bool
	}{
		{"sast", old.Checks.SAST.Enabled, cur.Checks.SAST.Enabled},
		{"secrets", old.Checks.Secrets.Enabled, cur.Checks.Secrets.Enabled},
		{"deps", old.Checks.Deps.Enabled, cur.Checks.Deps.Enabled},
		{"iac", old.Checks.IaC.Enabled, cur.Checks.IaC.Enabled},
	} {
		if c.old && !c.cur {
			d.add(RuleCheckOff, finding.High, fmt.Sprintf("the %s check is disabled: nothing it finds can block", c.name), "checks."+c.name+".enabled=false", "checks", c.name, "enabled")
		}
	}
	for _, g := range added(old.Paths.Exclude, cur.Paths.Exclude) {
		d.addItem(RulePathExclude, fmt.Sprintf("paths.exclude adds %q: files it matches are not scanned by any check", g), "paths.exclude="+g, g, "paths", "exclude")
	}
	if o, n := size(old.Paths.MaxFileSize), size(cur.Paths.MaxFileSize); n > 0 && (o == 0 || n < o) {
		d.add(RulePathExclude, finding.Medium, fmt.Sprintf("paths.max_file_size lowered to %s: larger files are skipped", cur.Paths.MaxFileSize), "paths.max_file_size="+cur.Paths.MaxFileSize, "paths", "max_file_size")
	}
	for _, l := range []struct {
		check    string
		old, cur []string
	}{
		{"sast", old.Checks.SAST.Exclude, cur.Checks.SAST.Exclude},
		{"secrets", old.Checks.Secrets.Exclude, cur.Checks.Secrets.Exclude},
		{"iac", old.Checks.IaC.Exclude, cur.Checks.IaC.Exclude},
	} {
		for _, r := range added(l.old, l.cur) {
			d.addItem(RuleRuleExclude, fmt.Sprintf("checks.%s.exclude switches off %q", l.check, r), "checks."+l.check+".exclude="+r, r, "checks", l.check, "exclude")
		}
	}
	if rank(cur.Checks.Deps.Unreachable) > rank(old.Checks.Deps.Unreachable) {
		d.add(RuleRuleExclude, finding.Medium, fmt.Sprintf("checks.deps.unreachable: %s: unreachable vulnerabilities count less than before (%s)", cur.Checks.Deps.Unreachable, orDefault(old.Checks.Deps.Unreachable)), "checks.deps.unreachable="+cur.Checks.Deps.Unreachable, "checks", "deps", "unreachable")
	}
	for _, l := range added(cur.Checks.Deps.Licenses.Deny, old.Checks.Deps.Licenses.Deny) {
		d.add(RuleRuleExclude, finding.Medium, fmt.Sprintf("checks.deps.licenses.deny no longer denies %q", l), "checks.deps.licenses.deny-="+l, "checks", "deps", "licenses", "deny")
	}
	for _, id := range sortedKeys(cur.Checks.SAST.Severity) {
		n, err1 := finding.ParseSeverity(cur.Checks.SAST.Severity[id])
		o, err2 := finding.ParseSeverity(old.Checks.SAST.Severity[id])
		// critical cannot lower a rule's severity, whatever the engine's default.
		if err1 == nil && n != finding.Critical && (err2 != nil || n < o) {
			d.add(RuleRuleExclude, finding.Medium, fmt.Sprintf("checks.sast.severity sets %s to %s", id, n), "checks.sast.severity."+id+"="+n.String(), "checks", "sast", "severity", id)
		}
	}
	for _, g := range added(old.Checks.Deps.VEX, cur.Checks.Deps.VEX) {
		d.addItem(RuleVEX, fmt.Sprintf("checks.deps.vex adds %q: its not_affected statements suppress findings", g), "checks.deps.vex="+g, g, "checks", "deps", "vex")
	}
	// Every other field, by reflection over the policy type: a field the rules above
	// do not name is still compared (checks.deps.db, timeouts, sign.required, …).
	d.walk(reflect.ValueOf(*old), reflect.ValueOf(*cur), nil, nil)
	for _, e := range cur.Exceptions {
		if msg := widened(e, old.Exceptions); msg != "" {
			line := e.Line
			if line == 0 {
				line = d.line("exceptions")
			}
			d.out = append(d.out, finding.Finding{Check: Check, Rule: RuleException, Severity: finding.Medium, Path: rel, Line: line,
				Message: msg, Snippet: "exception=" + e.ID + "|" + strings.Join(e.Paths, ",")})
		}
	}
	finding.Sort(d.out)
	return d.out
}

// widened says how an exception lets more pass than any base exception with its id,
// or "" when it does not.
func widened(e policy.Exception, base []policy.Exception) string {
	desc := fmt.Sprintf("exception %q (%s", e.ID, e.Reason)
	if e.Owner != "" {
		desc += ", owner " + e.Owner
	}
	if e.Expires != "" {
		desc += ", until " + e.Expires
	}
	desc += ")"
	var same []policy.Exception
	for _, b := range base {
		if strings.EqualFold(strings.TrimSpace(b.ID), strings.TrimSpace(e.ID)) {
			same = append(same, b)
		}
	}
	if len(same) == 0 {
		return "new " + desc + ": the findings it matches no longer block"
	}
	for _, b := range same {
		if covers(b.Paths, e.Paths) && !laterExpiry(e.Expires, b.Expires) {
			return ""
		}
	}
	return "widened " + desc + ": it now covers more paths or lasts longer than on the base branch"
}

// covers reports whether the base paths cover at least what the new ones do.
func covers(base, cur []string) bool {
	if len(base) == 0 {
		return true
	}
	if len(cur) == 0 {
		return false
	}
	for _, c := range cur {
		if !slices.Contains(base, c) {
			return false
		}
	}
	return true
}

// laterExpiry reports whether cur lasts longer than base ("" never expires).
func laterExpiry(cur, base string) bool {
	if base == "" {
		return false
	}
	return cur == "" || cur > base // YYYY-MM-DD compares as text
}

func added(old, cur []string) []string {
	var out []string
	for _, c := range cur {
		if !slices.Contains(old, c) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func rank(unreachable string) int {
	switch unreachable {
	case "keep":
		return 0
	case "ignore":
		return 2
	default: // downgrade, the default
		return 1
	}
}

func orDefault(s string) string {
	if s == "" {
		return "downgrade"
	}
	return s
}

func size(s string) int64 {
	if s == "" {
		return 0
	}
	n, err := policy.ParseSize(s)
	if err != nil {
		return 0
	}
	return n
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// differ collects findings with the lines of the current file.
type differ struct {
	rel string
	doc *yaml.Node
	out []finding.Finding
}

func (d *differ) add(rule string, sev finding.Severity, msg, key string, path ...string) {
	d.out = append(d.out, finding.Finding{Check: Check, Rule: rule, Severity: sev, Path: d.rel, Line: d.line(path...), Message: msg, Snippet: key})
}

// addItem reports a loosening at the line of one item of a list.
func (d *differ) addItem(rule, msg, key, item string, path ...string) {
	line := d.line(path...)
	if n := d.node(path...); n != nil && n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			if c.Value == item {
				line = c.Line
				break
			}
		}
	}
	d.out = append(d.out, finding.Finding{Check: Check, Rule: rule, Severity: finding.Medium, Path: d.rel, Line: line, Message: msg, Snippet: key})
}

// line returns the line of the deepest key of path present in the file (0 when the
// file is absent).
func (d *differ) line(path ...string) int {
	if d.doc == nil {
		return 0
	}
	return max(1, policy.KeyLine(d.doc, path))
}

func (d *differ) node(path ...string) *yaml.Node {
	n := d.doc
	for _, k := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}

func parseDoc(data []byte) *yaml.Node {
	if data == nil {
		return nil
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0]
	}
	return &doc
}

// readInside reads a file below root without following symlinks out of it.
func readInside(root, rel string) ([]byte, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f, err := r.Open(filepath.FromSlash(rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20))
}
