// Package sarif renders a scan result as SARIF 2.1.0 for GitHub code scanning and any
// other SARIF consumer: one run per check (each its own code-scanning category), rules
// with full descriptions and help, partialFingerprints, security-severity, and
// suppressions for what the policy let pass. It stays within GitHub's limits (25,000
// results per run, 10 MB gzipped) by keeping the most severe results and saying what
// was dropped.
package sarif

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Limits GitHub code scanning enforces on an upload.
const (
	MaxResultsPerRun = 25000
	MaxGzipBytes     = 10 << 20
)

// SchemaURI is the $schema GitHub and most tools write.
const SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// FingerprintKey names our fingerprint in partialFingerprints.
const FingerprintKey = "shiftgate/v1"

// Log is a SARIF log, the subset we write.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is one check's results.
type Run struct {
	Tool              Tool              `json:"tool"`
	AutomationDetails AutomationDetails `json:"automationDetails"`
	Invocations       []Invocation      `json:"invocations"`
	// OriginalURIBaseIDs defines %SRCROOT%, the base every result's location is
	// relative to: the root of the scanned repository.
	OriginalURIBaseIDs map[string]BaseLocation `json:"originalUriBaseIds"`
	// VersionControlProvenance says which repository, commit and branch were scanned,
	// mapped to %SRCROOT%; left out when the repository URL is unknown (it is required).
	VersionControlProvenance []VersionControlDetails `json:"versionControlProvenance,omitempty"`
	Results                  []Result                `json:"results"`
	Properties               map[string]any          `json:"properties,omitempty"`
}

// SrcRoot is the uriBaseId of every result location.
const SrcRoot = "%SRCROOT%"

// BaseLocation is an originalUriBaseIds entry: no absolute path (outputs are the same
// bytes on every machine), a description of what the base is.
type BaseLocation struct {
	URI         string  `json:"uri,omitempty"`
	Description Message `json:"description"`
}

// VersionControlDetails is SARIF's versionControlDetails object.
type VersionControlDetails struct {
	RepositoryURI string           `json:"repositoryUri"`
	RevisionID    string           `json:"revisionId,omitempty"`
	Branch        string           `json:"branch,omitempty"`
	MappedTo      ArtifactLocation `json:"mappedTo"`
}

// Tool describes the analysis tool.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is the tool component.
type Driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri"`
	Rules          []Rule `json:"rules"`
}

// AutomationDetails carries the category.
type AutomationDetails struct {
	ID string `json:"id"`
}

// Invocation says whether the check ran.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is a message about the run.
type Notification struct {
	Level   string  `json:"level"`
	Message Message `json:"message"`
}

// Message is plain text.
type Message struct {
	Text string `json:"text"`
}

// MultiformatMessage has text and Markdown.
type MultiformatMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// Rule is a reportingDescriptor.
type Rule struct {
	ID                   string               `json:"id"`
	Name                 string               `json:"name,omitempty"`
	ShortDescription     Message              `json:"shortDescription"`
	FullDescription      Message              `json:"fullDescription"`
	Help                 MultiformatMessage   `json:"help"`
	HelpURI              string               `json:"helpUri,omitempty"`
	DefaultConfiguration DefaultConfiguration `json:"defaultConfiguration"`
	Properties           RuleProperties       `json:"properties"`
}

// DefaultConfiguration holds the rule's default level.
type DefaultConfiguration struct {
	Level string `json:"level"`
}

// RuleProperties are the properties GitHub reads on a rule.
type RuleProperties struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision,omitempty"`
}

// Result is one finding.
type Result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             Message           `json:"message"`
	Locations           []Location        `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []Suppression     `json:"suppressions,omitempty"`
	Properties          ResultProperties  `json:"properties"`
}

// ResultProperties carry the policy's judgement.
type ResultProperties struct {
	Severity         string `json:"severity"`
	SecuritySeverity string `json:"security-severity"`
	Status           string `json:"status"`
	Reason           string `json:"reason,omitempty"`
	// JudgedBy is the policy layer whose rule decided Status: default, org or repo.
	JudgedBy  string   `json:"judgedBy,omitempty"`
	Tool      string   `json:"tool,omitempty"`
	Aliases   []string `json:"aliases,omitempty"`
	Package   string   `json:"package,omitempty"`
	Fixed     []string `json:"fixed,omitempty"`
	Reachable *bool    `json:"reachable,omitempty"`
}

// Location is a physical location.
type Location struct {
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
}

// PhysicalLocation is a file and region.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

// ArtifactLocation is a file relative to the source root.
type ArtifactLocation struct {
	URI       string `json:"uri,omitempty"`
	URIBaseID string `json:"uriBaseId"`
}

// Region is a span of lines and columns.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// Suppression records why a result does not count.
type Suppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// Build renders the result as a SARIF log within GitHub's limits.
func Build(res *result.Result) *Log {
	log := &Log{Schema: SchemaURI, Version: "2.1.0", Runs: []Run{}}
	for _, c := range res.Checks {
		if c.Status == result.StatusSkipped {
			continue
		}
		log.Runs = append(log.Runs, buildRun(res, c))
	}
	fitSize(log)
	return log
}

// Write renders the result as indented SARIF JSON.
func Write(w io.Writer, res *result.Result) error {
	b, err := Marshal(Build(res))
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Marshal encodes a log the way Write does.
func Marshal(log *Log) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return nil, fmt.Errorf("could not encode SARIF: %w", err)
	}
	return buf.Bytes(), nil
}

// Level maps a severity to a SARIF level: critical and high are errors, medium a
// warning, low and info notes.
func Level(s finding.Severity) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	default:
		return "note"
	}
}

// isAbsoluteURI: SARIF's repositoryUri must be an absolute URI (an scp-like git
// address such as git@host:repo is not one).
func isAbsoluteURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func buildRun(res *result.Result, c result.Check) Run {
	run := Run{
		Tool: Tool{Driver: Driver{Name: "shiftgate", Version: res.Tool.Version,
			InformationURI: "https://github.com/shiftgate/shiftgate", Rules: []Rule{}}},
		AutomationDetails: AutomationDetails{ID: "shiftgate/" + c.Name + "/"},
		Invocations:       []Invocation{{ExecutionSuccessful: c.Status == result.StatusOK}},
		OriginalURIBaseIDs: map[string]BaseLocation{SrcRoot: {Description: Message{
			Text: "The root of the scanned repository: every result location is relative to it."}}},
		Results: []Result{},
	}
	if src := res.Source; src != nil && isAbsoluteURI(src.RepositoryURI) {
		run.VersionControlProvenance = []VersionControlDetails{{
			RepositoryURI: src.RepositoryURI, RevisionID: src.Revision, Branch: src.Branch,
			MappedTo: ArtifactLocation{URIBaseID: SrcRoot},
		}}
	}
	if c.Error != "" {
		run.Invocations[0].ToolExecutionNotifications = []Notification{{Level: "error", Message: Message{Text: c.Error}}}
	}
	var fs []finding.Finding
	for _, f := range res.Findings {
		if f.Check == c.Name {
			fs = append(fs, f)
		}
	}
	if len(fs) > MaxResultsPerRun {
		slices.SortStableFunc(fs, finding.BySeverity)
		dropped := len(fs) - MaxResultsPerRun
		fs = fs[:MaxResultsPerRun]
		finding.Sort(fs)
		note(&run, dropped, fmt.Sprintf("%d least severe result(s) dropped to stay within GitHub's limit of %d results per run; shiftgate.json has them all", dropped, MaxResultsPerRun))
	}
	index := map[string]int{}
	addRule := func(r finding.Rule) int {
		if i, ok := index[r.ID]; ok {
			return i
		}
		index[r.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, toRule(r))
		return index[r.ID]
	}
	for _, r := range c.Rules {
		if used(fs, r.ID) {
			addRule(r)
		}
	}
	for _, f := range fs {
		i := addRule(res.Rule(&f))
		run.Results = append(run.Results, toResult(f, i))
	}
	return run
}

func note(run *Run, dropped int, msg string) {
	if run.Properties == nil {
		run.Properties = map[string]any{}
	}
	prev, _ := run.Properties["shiftgate/droppedResults"].(int)
	run.Properties["shiftgate/droppedResults"] = prev + dropped
	run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
		Notification{Level: "warning", Message: Message{Text: msg}})
}

func used(fs []finding.Finding, id string) bool {
	return slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.Rule == id })
}

func toRule(r finding.Rule) Rule {
	title := firstLine(firstNonEmpty(r.Title, r.ID))
	desc := firstNonEmpty(r.Description, r.Title, r.ID)
	help := firstNonEmpty(r.Help, r.Description, r.Title, r.ID)
	tags := []string{"security"}
	for _, t := range r.Tags {
		if t != "security" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	sev := r.Severity
	if sev == finding.Unknown {
		sev = finding.Medium
	}
	return Rule{
		ID: r.ID, Name: r.Name,
		ShortDescription:     Message{Text: title},
		FullDescription:      Message{Text: desc},
		Help:                 MultiformatMessage{Text: help, Markdown: help},
		HelpURI:              r.HelpURI,
		DefaultConfiguration: DefaultConfiguration{Level: Level(sev)},
		Properties:           RuleProperties{Tags: tags, SecuritySeverity: score(sev.Score())},
	}
}

func toResult(f finding.Finding, ruleIndex int) Result {
	sc := f.Score
	if sc == 0 {
		sc = f.Severity.Score()
	}
	msg := f.Message
	if msg == "" {
		msg = f.Rule
	}
	r := Result{
		RuleID: f.Rule, RuleIndex: ruleIndex, Level: Level(f.Severity),
		Message:             Message{Text: msg},
		Locations:           []Location{{PhysicalLocation: PhysicalLocation{ArtifactLocation: ArtifactLocation{URI: uri(f.Path), URIBaseID: SrcRoot}}}},
		PartialFingerprints: map[string]string{FingerprintKey: f.Fingerprint},
		Properties: ResultProperties{Severity: f.Severity.String(), SecuritySeverity: score(sc), Status: string(f.Status),
			Reason: f.Reason, JudgedBy: f.JudgedBy, Tool: f.Tool, Aliases: f.Aliases, Reachable: f.Reachable},
	}
	if f.Package != nil {
		r.Properties.Package = f.Package.Name + "@" + f.Package.Version
		r.Properties.Fixed = f.Package.Fixed
	}
	if f.Line > 0 {
		reg := &Region{StartLine: f.Line, StartColumn: f.Column}
		if f.EndLine >= f.Line {
			reg.EndLine = f.EndLine
			if f.EndColumn > 0 && (f.EndLine > f.Line || f.EndColumn > f.Column) {
				reg.EndColumn = f.EndColumn
			}
		}
		r.Locations[0].PhysicalLocation.Region = reg
	}
	switch f.Status {
	case finding.StatusSuppressed:
		r.Suppressions = []Suppression{{Kind: "inSource", Status: "accepted", Justification: f.Reason}}
	case finding.StatusExcepted, finding.StatusBaseline, finding.StatusVEX:
		r.Suppressions = []Suppression{{Kind: "external", Status: "accepted", Justification: f.Reason}}
	}
	return r
}

// uri escapes a repository path for a SARIF uri.
func uri(p string) string {
	var b strings.Builder
	for _, seg := range strings.Split(p, "/") {
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(escapeSegment(seg))
	}
	return b.String()
}

func escapeSegment(s string) string {
	const safe = "-._~!$&'()*+,;=:@"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// GzipSize is the size of the encoded log once gzipped, as GitHub measures uploads.
func GzipSize(b []byte) int {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// fitSize drops the least severe results of the largest run until the gzipped log
// fits GitHub's upload limit.
func fitSize(log *Log) {
	for range 64 {
		b, err := Marshal(log)
		if err != nil || GzipSize(b) <= MaxGzipBytes {
			return
		}
		big := 0
		for i := range log.Runs {
			if len(log.Runs[i].Results) > len(log.Runs[big].Results) {
				big = i
			}
		}
		run := &log.Runs[big]
		n := len(run.Results)
		if n == 0 {
			return
		}
		cut := max(1, n/10)
		slices.SortStableFunc(run.Results, func(a, b Result) int {
			return cmp.Compare(parseScore(b.Properties.SecuritySeverity), parseScore(a.Properties.SecuritySeverity))
		})
		run.Results = run.Results[:n-cut]
		slices.SortStableFunc(run.Results, func(a, b Result) int {
			ua, ub := a.Locations[0].PhysicalLocation.ArtifactLocation.URI, b.Locations[0].PhysicalLocation.ArtifactLocation.URI
			if c := strings.Compare(ua, ub); c != 0 {
				return c
			}
			return regionLine(a) - regionLine(b)
		})
		note(run, cut, fmt.Sprintf("%d least severe result(s) dropped to keep the upload under GitHub's %d MB gzipped limit; shiftgate.json has them all", cut, MaxGzipBytes>>20))
	}
}

func parseScore(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func regionLine(r Result) int {
	if reg := r.Locations[0].PhysicalLocation.Region; reg != nil {
		return reg.StartLine
	}
	return 0
}
