// Package sarifimport is the "sarif" check: it ingests SARIF 2.1.0 logs written by
// other tools (CodeQL, semgrep, …) and named in the policy (checks.sast.import), so
// their results are judged by the same policy and reported beside ours. Rule ids are
// kept; levels and security-severity map onto our severities; result paths that leave
// the repository are rejected.
package sarifimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// Name is the check's name.
const Name = "sarif"

// Check imports SARIF files.
type Check struct{}

// New returns the check.
func New() *Check { return &Check{} }

// Name implements checks.Check.
func (*Check) Name() string { return Name }

// Run reads every SARIF file the policy names. A malformed file fails the check: a
// gate that silently ignored a broken input would pass code it never judged.
func (c *Check) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	res := &checks.Result{}
	ws := env.Workspace
	files, err := importFiles(ws, env.Policy.Checks.SAST.Import)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "skipped",
			Message: fmt.Sprintf("no file matched checks.sast.import %q", env.Policy.Checks.SAST.Import)})
		return res, nil
	}
	rules := map[string]finding.Rule{}
	for _, rel := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Streamed, whatever its size (stream.go): never read whole.
		fs, rs, notes, err := parseStream(ws, rel, func() (io.ReadCloser, error) { return ws.Open(rel) })
		if err != nil {
			return nil, err
		}
		res.Findings = append(res.Findings, fs...)
		res.Notes = append(res.Notes, notes...)
		for _, r := range rs {
			if _, ok := rules[r.ID]; !ok {
				rules[r.ID] = r
			}
		}
	}
	for _, r := range rules {
		res.Rules = append(res.Rules, r)
	}
	slices.SortFunc(res.Rules, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return res, nil
}

// importFiles expands the policy's globs. The files may be build outputs that
// .gitignore hides, so they are matched on disk, and each must stay inside the root.
func importFiles(ws *workspace.Workspace, globs []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, g := range globs {
		matches, err := globOnDisk(ws, g)
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// Parse turns one SARIF log held in memory into findings (the check streams files
// through the same parser). rel is the log's path in the repository, used in messages.
func Parse(ws *workspace.Workspace, rel string, data []byte) ([]finding.Finding, []finding.Rule, []finding.Note, error) {
	return parseStream(ws, rel, bytesOpener(data))
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func text(m *sarif.MultiformatMessageString) (string, string) {
	if m == nil {
		return "", ""
	}
	return str(m.Text), str(m.Markdown)
}

func toRule(tool string, r *sarif.ReportingDescriptor) finding.Rule {
	short, _ := text(r.ShortDescription)
	full, _ := text(r.FullDescription)
	helpText, helpMD := text(r.Help)
	help := helpMD
	if help == "" {
		help = helpText
	}
	sev, _ := ruleSeverity(r)
	rule := finding.Rule{ID: r.ID, Name: str(r.Name), Title: short, Description: full, Help: help, HelpURI: str(r.HelpURI), Severity: sev}
	if rule.Title == "" {
		rule.Title = firstNonEmpty(str(r.Name), r.ID)
	}
	if rule.Description == "" {
		rule.Description = rule.Title
	}
	if rule.Help == "" {
		rule.Help = fmt.Sprintf("Reported by %s. See the tool's documentation for rule %s.", tool, r.ID)
	}
	rule.Tags = ruleTags(r)
	return rule
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// ruleSeverity reads a severity from a rule's security-severity property, else its
// default level.
func ruleSeverity(r *sarif.ReportingDescriptor) (finding.Severity, float64) {
	if r == nil {
		return finding.Unknown, 0
	}
	if s, ok := securitySeverity(r.Properties); ok {
		return finding.FromScore(s), s
	}
	if r.DefaultConfiguration != nil && r.DefaultConfiguration.Level != "" {
		return levelSeverity(r.DefaultConfiguration.Level), 0
	}
	return finding.Unknown, 0
}

// securitySeverity reads GitHub's "security-severity" property: a CVSS-like score
// written as a string (or, by some tools, a number).
func securitySeverity(p sarif.Properties) (float64, bool) {
	switch v := p["security-severity"].(type) {
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && f >= 0 && f <= 10
	case float64:
		return v, v >= 0 && v <= 10
	}
	return 0, false
}

// levelSeverity maps a SARIF level: error → high, warning → medium, note → low,
// none → info. SARIF's default level is warning.
func levelSeverity(level string) finding.Severity {
	switch level {
	case "error":
		return finding.High
	case "note":
		return finding.Low
	case "none":
		return finding.Info
	default:
		return finding.Medium
	}
}

func toFinding(ws *workspace.Workspace, where, tool string, r *sarif.Result, run *sarif.Run, rules map[string]*sarif.ReportingDescriptor) (finding.Finding, string, bool) {
	ruleID := str(r.RuleID)
	if ruleID == "" && r.Rule != nil && r.Rule.Id != nil {
		ruleID = *r.Rule.Id
	}
	if ruleID == "" && r.RuleIndex != nil && int(*r.RuleIndex) < len(run.Tool.Driver.Rules) && run.Tool.Driver.Rules[*r.RuleIndex] != nil {
		ruleID = run.Tool.Driver.Rules[*r.RuleIndex].ID
	}
	if ruleID == "" {
		return finding.Finding{}, where + ": result has no ruleId: skipped", false
	}
	f := finding.Finding{Check: Name, Tool: tool, Rule: ruleID, Message: str(r.Message.Text)}
	if f.Message == "" {
		f.Message = str(r.Message.Markdown)
	}
	rule := rules[ruleID]
	sev, score := finding.Unknown, 0.0
	if s, ok := securitySeverity(r.Properties); ok {
		sev, score = finding.FromScore(s), s
	} else if rs, rscore := ruleSeverity(rule); rs != finding.Unknown {
		sev, score = rs, rscore
	}
	if r.Level != nil && *r.Level != "" && score == 0 {
		sev = levelSeverity(*r.Level)
	}
	if sev == finding.Unknown {
		sev = finding.Medium // SARIF's default level is warning
	}
	f.Severity, f.Score = sev, score
	if len(r.Locations) == 0 || r.Locations[0] == nil || r.Locations[0].PhysicalLocation == nil || r.Locations[0].PhysicalLocation.ArtifactLocation == nil {
		return finding.Finding{}, where + ": result has no file location: skipped", false
	}
	pl := r.Locations[0].PhysicalLocation
	p, err := resolveURI(ws, run, pl.ArtifactLocation)
	if err != nil {
		return finding.Finding{}, fmt.Sprintf("%s: %v: rejected", where, err), false
	}
	f.Path = p
	if reg := pl.Region; reg != nil {
		f.Line, f.Column, f.EndLine, f.EndColumn = clampRegion(deref(reg.StartLine), deref(reg.StartColumn), deref(reg.EndLine), deref(reg.EndColumn))
	}
	// The log is the change's to write: its text reaches the terminal, the step log and
	// every report, so control characters (ANSI escapes, NUL) do not survive the import.
	f.Rule = stripControl(f.Rule, false)
	f.Message = stripControl(truncate(f.Message, maxMessage), true)
	f.Snippet = ws.Line(f.Path, f.Line)
	for _, t := range ruleTags(rule) {
		{
			if strings.HasPrefix(strings.ToUpper(t), "CWE-") {
				f.CWE = append(f.CWE, strings.ToUpper(t))
			} else if strings.HasPrefix(t, "external/cwe/cwe-") { // CodeQL's spelling
				f.CWE = append(f.CWE, "CWE-"+strings.TrimLeft(strings.TrimPrefix(t, "external/cwe/cwe-"), "0"))
			}
		}
	}
	return f, "", true
}

// clampRegion keeps a region SARIF allows (1-based lines and columns, an end not
// before its start): an imported startColumn of -3 would otherwise make the whole
// upload to code scanning invalid. A value out of range is dropped, not guessed.
func clampRegion(line, col, endLine, endCol int) (int, int, int, int) {
	if line < 1 {
		return 0, 0, 0, 0
	}
	if col < 1 {
		col = 0
	}
	if endLine < line {
		endLine = 0
	}
	if endCol < 1 || (col > 0 && (endLine == 0 || endLine == line) && endCol < col) {
		endCol = 0
	}
	return line, col, endLine, endCol
}

// stripControl drops control characters other than (when keepLines) tab and newline.
func stripControl(s string, keepLines bool) string {
	return strings.Map(func(r rune) rune {
		if keepLines && (r == '\n' || r == '\t') {
			return r
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return -1
		}
		return r
	}, s)
}

func ruleTags(r *sarif.ReportingDescriptor) []string {
	if r == nil {
		return nil
	}
	var out []string
	if tags, ok := r.Properties["tags"].([]any); ok {
		for _, t := range tags {
			if s, ok := t.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// globOnDisk expands one glob relative to the root, rejecting matches that leave it.
func globOnDisk(ws *workspace.Workspace, g string) ([]string, error) {
	matches, err := doublestar.Glob(os.DirFS(ws.Root()), g, doublestar.WithFilesOnly())
	if err != nil {
		return nil, fmt.Errorf("invalid checks.sast.import pattern %q: %w", g, err)
	}
	var out []string
	for _, m := range matches {
		rel, err := ws.Resolve(m)
		if err != nil {
			return nil, fmt.Errorf("checks.sast.import: %w", err)
		}
		out = append(out, rel)
	}
	return out, nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// resolveURI turns an artifact location into a repository-relative path, following
// uriBaseId through originalUriBaseIds; a path outside the repository is an error.
func resolveURI(ws *workspace.Workspace, run *sarif.Run, loc *sarif.ArtifactLocation) (string, error) {
	raw := str(loc.URI)
	if raw == "" && loc.Index != nil && int(*loc.Index) < len(run.Artifacts) && run.Artifacts[*loc.Index] != nil && run.Artifacts[*loc.Index].Location != nil {
		raw = str(run.Artifacts[*loc.Index].Location.URI)
	}
	if raw == "" {
		return "", errors.New("result location has no uri")
	}
	if base := str(loc.URIBaseId); base != "" {
		if b, ok := run.OriginalUriBaseIDs[base]; ok && b != nil && b.URI != nil {
			raw = strings.TrimSuffix(*b.URI, "/") + "/" + raw
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("invalid uri %q", raw)
	}
	var p string
	switch u.Scheme {
	case "file":
		p = u.Path
	case "":
		p = u.Path
		if p == "" {
			p = raw
		}
	default:
		return "", fmt.Errorf("uri %q is not a file in the repository", raw)
	}
	if !strings.HasPrefix(p, "/") {
		p = path.Clean(p)
		if p == ".." || strings.HasPrefix(p, "../") {
			return "", fmt.Errorf("path %q leaves the repository root", raw)
		}
	}
	rel, err := ws.Resolve(p)
	if err != nil {
		if errors.Is(err, workspace.ErrOutside) {
			return "", fmt.Errorf("path %q leaves the repository root", raw)
		}
		// A file that no longer exists (the SARIF is older than the tree) still has a
		// meaningful in-repository path: keep it.
		if !strings.HasPrefix(p, "/") {
			return p, nil
		}
		return "", fmt.Errorf("path %q is not in the repository", raw)
	}
	return rel, nil
}

// truncate cuts s to at most n bytes at a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + " [truncated]"
}
