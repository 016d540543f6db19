package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Status is what the policy decided about a finding.
type Status string

// The statuses a finding can have after the policy has judged it.
const (
	StatusBlocking   Status = "blocking"   // at or above the fail severity: fails the gate
	StatusAllowed    Status = "allowed"    // below the fail severity, or downgraded by policy
	StatusExcepted   Status = "excepted"   // matched an exception in the policy file
	StatusBaseline   Status = "baseline"   // recorded in the baseline and new_only is on
	StatusVEX        Status = "vex"        // a VEX statement says the product is not affected
	StatusSuppressed Status = "suppressed" // suppressed in the source (#nosec, shiftgate:ignore)
)

// Package identifies the dependency a finding is about (deps and image checks).
type Package struct {
	Ecosystem string   `json:"ecosystem"`
	Name      string   `json:"name"`
	Version   string   `json:"version"`
	Fixed     []string `json:"fixed,omitempty"`
	PURL      string   `json:"purl,omitempty"`
	// Layer and LayerCommand: for a package inside a container image, the diff id of
	// the layer that added it and that layer's instruction from the config history.
	Layer        string `json:"layer,omitempty"`
	LayerCommand string `json:"layerCommand,omitempty"`
}

// Finding is one problem a check found, at a place in the repository.
type Finding struct {
	Check    string   `json:"check"`          // the check that produced it: "sast", "deps", …
	Tool     string   `json:"tool,omitempty"` // the engine behind the check when it is not ours: "gosec", "semgrep", …
	Rule     string   `json:"rule"`           // "G201", "GHSA-…", "K8S-001"
	Severity Severity `json:"severity"`
	// Score is the CVSS (or security-severity) score behind Severity, 0 when none is known.
	Score      float64  `json:"score,omitempty"`
	Confidence string   `json:"confidence,omitempty"`
	Message    string   `json:"message"`
	Path       string   `json:"path"` // slash-separated, relative to the repository root
	Line       int      `json:"line,omitempty"`
	Column     int      `json:"column,omitempty"`
	EndLine    int      `json:"endLine,omitempty"`
	EndColumn  int      `json:"endColumn,omitempty"`
	Aliases    []string `json:"aliases,omitempty"`
	CWE        []string `json:"cwe,omitempty"`
	// Fingerprint is stable when unrelated lines move: see Fingerprint.
	Fingerprint string   `json:"fingerprint"`
	Package     *Package `json:"package,omitempty"`
	Reachable   *bool    `json:"reachable,omitempty"`
	// Reachability says how sure Reachable is (see the Reach* constants); "" when unknown.
	Reachability string `json:"reachability,omitempty"`
	// ToolSeverity is the engine's own severity (gosec's), kept next to Confidence when
	// the gate rates the finding with its own model (docs/severity.md).
	ToolSeverity string `json:"toolSeverity,omitempty"`
	// Context names the kind of place or use that keeps the finding from blocking by
	// default (see the Context* constants); ContextReason says why in one sentence.
	// The finding is still reported; the policy (fail.context) decides.
	Context       string `json:"context,omitempty"`
	ContextReason string `json:"contextReason,omitempty"`
	// Status and Reason are set by the policy; a check may preset StatusSuppressed with
	// the in-source justification in Reason.
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"`
	// JudgedBy names the policy layer whose rule decided Status: "default", "org" or
	// "repo" (docs/org-policy.md). Set by the judging stage.
	JudgedBy string `json:"judgedBy,omitempty"`
	// Snippet is the flagged source line, used for the fingerprint. Checks must redact
	// secrets before setting it. It is never written to a report.
	Snippet string `json:"-"`
}

// Rule describes a rule a check applies, for SARIF rule metadata and help texts.
type Rule struct {
	ID          string   `json:"id"`
	Name        string   `json:"name,omitempty"` // a PascalCase name, as SARIF suggests
	Title       string   `json:"title"`          // one line: SARIF shortDescription
	Description string   `json:"description"`    // a paragraph: SARIF fullDescription
	Help        string   `json:"help"`           // remediation, Markdown
	HelpURI     string   `json:"helpUri,omitempty"`
	Severity    Severity `json:"severity"`       // default severity of its findings
	Tags        []string `json:"tags,omitempty"` // e.g. "CWE-89", "security"
}

// Note is something a person should know about a scan that is not a finding: a file
// skipped, a parse error, a toolchain that was not obeyed.
type Note struct {
	Check   string `json:"check,omitempty"`
	Kind    string `json:"kind"` // "skipped", "parse", "toolchain", "exception", …
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Fingerprint returns a stable identity for a finding: the rule, the path, the flagged
// line with its white space folded, and the package for dependency findings. It never
// uses the line number, so it survives unrelated edits above the finding.
func Fingerprint(f *Finding) string {
	h := sha256.New()
	for _, part := range []string{f.Check, f.Rule, f.Path, NormalizeLine(f.Snippet)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	if f.Package != nil {
		h.Write([]byte(f.Package.Ecosystem + "\x00" + f.Package.Name + "\x00" + f.Package.Version))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// NormalizeLine folds white space so that re-indentation does not change a fingerprint.
func NormalizeLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Shorten cuts s to at most max characters (runes, never half of one), the last being
// "…" when anything was cut.
func Shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// AssignFingerprints sets each finding's fingerprint. Findings with the same identity in
// one file (the same line text twice) are told apart by a ":N" occurrence suffix in
// order of position, as GitHub's primaryLocationLineHash does. Findings are sorted first.
func AssignFingerprints(fs []Finding) {
	Sort(fs)
	seen := map[string]int{}
	for i := range fs {
		if fs[i].Fingerprint != "" {
			continue
		}
		fp := Fingerprint(&fs[i])
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp += ":" + strconv.Itoa(n)
		}
		fs[i].Fingerprint = fp
	}
}

// Sort orders findings by check, path, line, column, rule, package and message, so
// every report lists them in the same order for the same input.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, Compare)
}

// Compare orders two findings by check, path, position, rule and package.
func Compare(a, b Finding) int {
	if c := cmp.Compare(a.Check, b.Check); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Column, b.Column); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := cmp.Compare(pkgKey(a.Package), pkgKey(b.Package)); c != 0 {
		return c
	}
	return cmp.Compare(a.Message, b.Message)
}

func pkgKey(p *Package) string {
	if p == nil {
		return ""
	}
	return p.Ecosystem + "/" + p.Name + "@" + p.Version
}

// BySeverity orders findings most severe first, then by Compare.
func BySeverity(a, b Finding) int {
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	return Compare(a, b)
}
