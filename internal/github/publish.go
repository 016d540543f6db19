package github

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	gh "github.com/google/go-github/v60/github"
	"github.com/sethvargo/go-githubactions"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/httpretry"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports/markdown"
	"github.com/shiftgate/shiftgate/reports/sarif"
)

// Limits GitHub enforces, and the bounds we keep within them.
const (
	maxStepAnnotations  = 10       // GitHub shows 10 errors and 10 warnings per step
	maxSummaryBytes     = 1000_000 // the job summary must stay under 1 MiB
	maxCheckText        = 65_000   // check-run summary: at most 65,535 characters
	maxCommentChars     = 65_000   // issue comment: at most 65,536 characters
	maxCheckAnnotations = 1000     // 20 requests of 50
	annotationBatch     = 50       // annotations per check-run request
	maxSARIFGzip        = 10 << 20 // code scanning upload, gzipped
	defaultPolls        = 5        // processing-status polls per upload
	pollInterval        = 3 * time.Second
	apiBudget           = 10 * time.Minute // all API calls of one Publish together
)

// Reports are the files the scan wrote that Publish delivers.
type Reports struct {
	// SARIF is the log shiftgate.sarif holds, as the scan built it: one run per check,
	// automationDetails.id "shiftgate/<check>/". Nil means none.
	SARIF *sarif.Log
	// Summary is summary.md; when nil, Publish renders it from the result with links to
	// the lines at the head commit.
	Summary []byte
	// OutDir is the directory the report files are in (for the sarif-path and sbom-path
	// outputs).
	OutDir string
	// Root is the directory that was scanned, as the scan got it (relative to the working
	// directory, or absolute); findings' paths are relative to it. Empty means the path
	// input. Publish turns finding paths into repository paths with it.
	Root string
}

// Publisher delivers a result to GitHub. The zero value of every field but Env and Out
// is usable; tests set HTTPClient, Sleep and Now.
type Publisher struct {
	Env Env
	// Out is the step's log (stdout): workflow commands and progress lines go there.
	Out io.Writer
	// HTTPClient talks to the API; nil uses a client with a 60 s timeout.
	HTTPClient *http.Client
	// Sleep waits between retries and polls; nil sleeps for real.
	Sleep func(context.Context, time.Duration) error
	// Now is the clock for rate-limit resets; nil is time.Now.
	Now func() time.Time
	// Polls bounds how often a SARIF upload's processing status is read; 0 means 5.
	Polls int
}

// Publish delivers the result with default settings: see Publisher.Publish.
func Publish(ctx context.Context, env Env, res *result.Result, rep Reports, out io.Writer) error {
	p := &Publisher{Env: env, Out: out}
	return p.Publish(ctx, res, rep)
}

// run is the state of one Publish call.
type run struct {
	*Publisher
	ctx     context.Context
	res     *result.Result
	rep     Reports
	a       *githubactions.Action
	log     *maskWriter
	client  *gh.Client
	changes *changes.Set
	prefix  string // the scan path relative to the workspace, "" or "dir/"
	notes   []string
	login   string // the token's identity (identity), once asked
}

// Publish masks the token, then emits annotations, the check run, code-scanning
// uploads, the sticky PR comment, the job summary and the step outputs. Every API
// failure is a warning in the log; the returned error is only for a log that could not
// be written. The verdict is never changed.
func (p *Publisher) Publish(ctx context.Context, res *result.Result, rep Reports) error {
	if p.Out == nil {
		p.Out = io.Discard
	}
	if res == nil {
		return fmt.Errorf("nothing to publish: no scan result")
	}
	// The mask comes first, before a single other byte reaches the log.
	if !p.Env.masked {
		if err := p.Env.MaskToken(p.Out); err != nil {
			return err
		}
	}
	log := &maskWriter{w: p.Out, secret: p.Env.Token}
	r := &run{Publisher: p, ctx: ctx, res: res, rep: rep, log: log}
	r.a = githubactions.New(githubactions.WithWriter(log), githubactions.WithGetenv(p.fileEnv))
	r.prefix = scanPrefix(p.Env.Workspace, p.Env.Inputs.Path)
	if rep.Root != "" {
		root := rep.Root
		if abs, err := filepath.Abs(root); err == nil && p.Env.Workspace != "" {
			root = abs
		}
		r.prefix = scanPrefix(p.Env.Workspace, root)
	}
	for _, w := range p.Env.Warnings {
		r.warn("%s", w)
	}
	for _, e := range p.Env.InputErrors {
		r.warn("%s", e)
	}

	// The API work is bounded as a whole; annotations, summary and outputs still follow.
	apiCtx, cancel := context.WithTimeout(ctx, apiBudget)
	defer cancel()
	r.ctx = apiCtx
	r.step("connect", r.connect)
	r.step("changed lines", r.loadChanges)
	r.step("annotations", r.annotate)
	r.step("check run", r.checkRun)
	r.step("code scanning", r.uploadSARIF)
	r.step("PR comment", r.comment)
	r.step("job summary", r.summary)
	r.step("outputs", r.outputs)
	return log.err
}

// step runs one publishing step; a panic in it (a library's, or ours) becomes a warning
// and the other steps still run.
func (r *run) step(name string, f func()) {
	defer func() {
		if p := recover(); p != nil {
			r.warn("publishing the %s failed: %v", name, p)
		}
	}()
	f()
}

// fileEnv answers the library's look-ups of the file-command variables from Env, so an
// Env built by hand works, and never lets it see the token.
func (p *Publisher) fileEnv(key string) string {
	switch key {
	case "GITHUB_OUTPUT":
		return p.Env.OutputFile
	case "GITHUB_STEP_SUMMARY":
		return p.Env.SummaryFile
	}
	return ""
}

// maskWriter replaces the token with *** in everything written to the log and never
// fails (go-githubactions panics on a failed write); the first error is kept.
type maskWriter struct {
	mu     sync.Mutex
	w      io.Writer
	secret string
	err    error
}

func (m *maskWriter) Write(p []byte) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := p
	if m.secret != "" && bytes.Contains(p, []byte(m.secret)) {
		out = bytes.ReplaceAll(p, []byte(m.secret), []byte("***"))
	}
	if _, err := m.w.Write(out); err != nil && m.err == nil {
		m.err = fmt.Errorf("could not write to the step log: %w", err)
	}
	return len(p), nil
}

func (r *run) infof(format string, args ...any) {
	r.a.Infof("%s", "shiftgate: "+fmt.Sprintf(format, args...))
}

func (r *run) warn(format string, args ...any) {
	r.a.Warningf("%s", "shiftgate: "+r.redact(fmt.Sprintf(format, args...)))
}

// note records a line for the job summary's "Published" section.
func (r *run) note(format string, args ...any) {
	msg := r.redact(fmt.Sprintf(format, args...))
	r.notes = append(r.notes, msg)
}

func (r *run) redact(s string) string {
	if t := r.Env.Token; t != "" {
		s = strings.ReplaceAll(s, t, "***")
	}
	return s
}

func (r *run) sleep(d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(r.ctx, d)
	}
	return sleepCtx(r.ctx, d)
}

func (r *run) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// connect builds the API client, or says why the API is not used.
func (r *run) connect() {
	e := &r.Env
	switch {
	case e.Token == "":
		r.warn("no GitHub token (the token input and GITHUB_TOKEN are empty): publishing only annotations, the job summary and outputs")
		r.note("No token: check run, code scanning and PR comment skipped.")
		return
	case e.Owner == "" || e.Repo == "":
		r.warn("GITHUB_REPOSITORY is not set: publishing only annotations, the job summary and outputs")
		return
	case e.HeadSHA() == "":
		r.warn("GITHUB_SHA is not set: publishing only annotations, the job summary and outputs")
		return
	}
	rt := httpretry.Transport{Name: "GitHub API", Sleep: func(ctx context.Context, d time.Duration) error { return r.sleep(d) }, Now: r.now,
		Log: func(format string, args ...any) { r.infof(format, args...) }}
	c, err := newClient(e.APIURL, e.Token, r.HTTPClient, rt)
	if err != nil {
		r.warn("%v", err)
		return
	}
	r.client = c
}

// loadChanges reads the pull request's changed lines when annotations are limited to them.
func (r *run) loadChanges() {
	e := &r.Env
	if e.PR == nil || e.Inputs.Annotate != AnnotateChanged {
		return
	}
	if r.client == nil {
		r.warn("the pull request's changed lines are unknown without API access: annotating every finding")
		return
	}
	ch := changes.NewSet()
	opts := &gh.ListOptions{PerPage: 100}
	err := paginate(func(page int) (int, error) {
		opts.Page = page
		files, resp, err := r.client.PullRequests.ListFiles(r.ctx, e.Owner, e.Repo, e.PR.Number, opts)
		if err != nil {
			return 0, err
		}
		for _, f := range files {
			if err := ch.AddPatch(f.GetFilename(), f.GetStatus(), f.GetPatch()); err != nil {
				r.warn("%v; counting the whole file as changed", err)
			}
		}
		return resp.NextPage, nil
	})
	if err != nil {
		r.warn("%s; annotating every finding", apiError("could not list the pull request's changed files", err))
		return
	}
	r.changes = ch
	r.infof("the pull request changes %d file(s); annotations cover the changed lines", len(ch.Files()))
}

// repoPath turns a finding's path (relative to the scan root) into a path relative to
// the repository root, as GitHub wants it.
func (r *run) repoPath(p string) string {
	if p == "" {
		return ""
	}
	return r.prefix + p
}

// scanPrefix is the scanned directory relative to the workspace, with a trailing slash,
// or "" when the whole repository was scanned.
func scanPrefix(workspace, scanPath string) string {
	if scanPath == "" {
		return ""
	}
	p := scanPath
	if filepath.IsAbs(p) {
		if workspace == "" {
			return ""
		}
		rel, err := filepath.Rel(workspace, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			return ""
		}
		p = rel
	}
	p = path.Clean(filepath.ToSlash(p))
	if p == "." || strings.HasPrefix(p, "../") || p == ".." {
		return ""
	}
	return strings.TrimPrefix(p, "./") + "/"
}

// inScope reports whether a finding may be annotated and listed in the comment.
func (r *run) inScope(f *finding.Finding) bool {
	switch r.Env.Inputs.Annotate {
	case AnnotateNone:
		return false
	case AnnotateAll:
		return true
	}
	return r.changes.ContainsSpan(r.repoPath(f.Path), f.Line, f.EndLine)
}

// active lists the findings that annotations are about: blocking first (most severe
// first), then the allowed ones. Excepted, baselined, VEX and suppressed findings passed
// by policy and are left to the reports.
func (r *run) active() (blocking, allowed []finding.Finding) {
	for _, f := range r.res.Findings {
		if f.Path == "" || !r.inScope(&f) {
			continue
		}
		switch f.Status {
		case finding.StatusBlocking:
			blocking = append(blocking, f)
		case finding.StatusAllowed:
			allowed = append(allowed, f)
		}
	}
	slices.SortStableFunc(blocking, finding.BySeverity)
	slices.SortStableFunc(allowed, finding.BySeverity)
	return blocking, allowed
}

// annotate emits workflow-command annotations: at most 10 errors (blocking findings)
// and 10 warnings (allowed findings), most severe first, and one line for the rest.
func (r *run) annotate() {
	if r.Env.Inputs.Annotate == AnnotateNone {
		return
	}
	blocking, allowed := r.active()
	emit := func(fs []finding.Finding, level func(*githubactions.Action, string)) int {
		n := min(len(fs), maxStepAnnotations)
		for _, f := range fs[:n] {
			props := map[string]string{"file": r.repoPath(f.Path), "title": annotationTitle(f)}
			if f.Line > 0 {
				props["line"] = strconv.Itoa(f.Line)
				if f.EndLine > f.Line {
					props["endLine"] = strconv.Itoa(f.EndLine)
				} else if f.Column > 0 {
					props["col"] = strconv.Itoa(f.Column)
				}
			}
			level(r.a.WithFieldsMap(props), r.redact(f.Message))
		}
		return len(fs) - n
	}
	moreErr := emit(blocking, func(a *githubactions.Action, m string) { a.Errorf("%s", m) })
	moreWarn := emit(allowed, func(a *githubactions.Action, m string) { a.Warningf("%s", m) })
	if outside := r.res.Count(finding.StatusBlocking) - len(blocking); outside > 0 && r.Env.Inputs.Annotate == AnnotateChanged {
		r.infof("%d blocking finding(s) outside the lines this pull request changed are not annotated (annotate: changed); they still count, and the job summary lists them", outside)
	}
	if moreErr+moreWarn > 0 {
		r.infof("%d more blocking finding(s) and %d more non-blocking finding(s) are not annotated here (GitHub shows 10 of each per step): see the check run %q and the job summary", moreErr, moreWarn, "shiftgate")
	}
}

func annotationTitle(f finding.Finding) string {
	t := fmt.Sprintf("%s %s (%s, %s)", f.Check, f.Rule, f.Severity, f.Status)
	return finding.Shorten(t, 251)
}

// conclusion maps the verdict to a check-run conclusion.
func conclusion(v result.Verdict) string {
	if v == result.Pass {
		return "success"
	}
	return "failure"
}

// checkRun creates the "shiftgate" check run with the verdict and every annotated
// finding, 50 annotations per request: create, then update to append.
func (r *run) checkRun() {
	if r.client == nil {
		return
	}
	e := &r.Env
	var anns []*gh.CheckRunAnnotation
	if e.Inputs.Annotate != AnnotateNone {
		blocking, allowed := r.active()
		for _, f := range append(blocking, allowed...) {
			anns = append(anns, r.checkAnnotation(f))
		}
	}
	dropped := 0
	if len(anns) > maxCheckAnnotations {
		dropped = len(anns) - maxCheckAnnotations
		anns = anns[:maxCheckAnnotations]
	}
	title := fmt.Sprintf("%s: %d blocking, %d finding(s)", r.res.Verdict, r.res.Count(finding.StatusBlocking), len(r.res.Findings))
	summary := r.summaryMarkdown()
	if dropped > 0 {
		summary = fmt.Sprintf("%d annotation(s) beyond the first %d are in the reports only.\n\n", dropped, maxCheckAnnotations) + summary
	}
	summary = truncateText(summary, maxCheckText, "\n\n… truncated: the full summary is in the job summary and summary.md.\n")
	output := func(batch []*gh.CheckRunAnnotation) *gh.CheckRunOutput {
		return &gh.CheckRunOutput{Title: gh.String(title), Summary: gh.String(summary), Annotations: batch}
	}
	first := anns[:min(len(anns), annotationBatch)]
	opts := gh.CreateCheckRunOptions{
		Name: "shiftgate", HeadSHA: e.HeadSHA(), Status: gh.String("completed"),
		Conclusion: gh.String(conclusion(r.res.Verdict)), Output: output(first),
	}
	if u := e.RunURL(); u != "" {
		opts.DetailsURL = gh.String(u)
	}
	if e.RunID != "" {
		opts.ExternalID = gh.String(e.RunID)
	}
	cr, _, err := r.client.Checks.CreateCheckRun(r.ctx, e.Owner, e.Repo, opts)
	if err != nil {
		r.warn("%s", apiError("could not create the check run", err))
		if isForbidden(err) {
			r.note("Check run not created: the token cannot write checks (a fork's read-only token, or `checks: write` missing).")
		} else {
			r.note("Check run not created: see the warning in the log.")
		}
		return
	}
	sent := len(first)
	for sent < len(anns) {
		batch := anns[sent:min(len(anns), sent+annotationBatch)]
		_, _, err := r.client.Checks.UpdateCheckRun(r.ctx, e.Owner, e.Repo, cr.GetID(), gh.UpdateCheckRunOptions{
			Name: "shiftgate", Output: output(batch),
		})
		if err != nil {
			r.warn("%s", apiError(fmt.Sprintf("could not add annotations %d–%d to the check run", sent+1, sent+len(batch)), err))
			break
		}
		sent += len(batch)
	}
	r.infof("check run %q: %s, %d annotation(s)", "shiftgate", conclusion(r.res.Verdict), sent)
	link := cr.GetHTMLURL()
	if link != "" {
		r.note("Check run [shiftgate](%s): %s with %d annotation(s).", link, conclusion(r.res.Verdict), sent)
	} else {
		r.note("Check run shiftgate: %s with %d annotation(s).", conclusion(r.res.Verdict), sent)
	}
}

func (r *run) checkAnnotation(f finding.Finding) *gh.CheckRunAnnotation {
	level := "notice"
	switch {
	case f.Status == finding.StatusBlocking:
		level = "failure"
	case f.Severity >= finding.Medium:
		level = "warning"
	}
	start := max(f.Line, 1)
	end := max(f.EndLine, start)
	a := &gh.CheckRunAnnotation{
		Path: gh.String(r.repoPath(f.Path)), StartLine: gh.Int(start), EndLine: gh.Int(end),
		AnnotationLevel: gh.String(level), Title: gh.String(r.redact(annotationTitle(f))),
		Message: gh.String(truncateText(r.redact(f.Message), 60_000, "…")),
	}
	if start == end && f.Column > 0 {
		a.StartColumn = gh.Int(f.Column)
		a.EndColumn = gh.Int(max(f.EndColumn, f.Column))
	}
	var details []string
	if len(f.Aliases) > 0 {
		details = append(details, "aliases: "+strings.Join(f.Aliases, ", "))
	}
	if f.Package != nil {
		pk := fmt.Sprintf("package: %s %s@%s", f.Package.Ecosystem, f.Package.Name, f.Package.Version)
		if len(f.Package.Fixed) > 0 {
			pk += ", fixed in " + strings.Join(f.Package.Fixed, ", ")
		}
		details = append(details, pk)
	}
	if f.Reason != "" {
		details = append(details, "policy: "+f.Reason)
	}
	if len(details) > 0 {
		a.RawDetails = gh.String(truncateText(r.redact(strings.Join(details, "\n")), 60_000, "…"))
	}
	return a
}

// summaryMarkdown is the scan's Markdown summary with links to the head commit.
func (r *run) summaryMarkdown() string {
	if r.rep.Summary != nil {
		return r.redact(string(r.rep.Summary))
	}
	var b bytes.Buffer
	link := func(p string, line int) string { return r.Env.BlobURL(r.repoPath(p), line) }
	if r.Env.Owner == "" || r.Env.HeadSHA() == "" {
		link = nil
	}
	if err := markdown.Render(&b, r.res, markdown.Options{Link: link}); err != nil {
		r.warn("could not render the summary: %v", err)
	}
	return r.redact(b.String())
}

// summary appends the job summary: the scan summary and what was published.
func (r *run) summary() {
	if r.Env.SummaryFile == "" {
		r.infof("GITHUB_STEP_SUMMARY is not set: no job summary written")
		return
	}
	var b strings.Builder
	b.WriteString(r.summaryMarkdown())
	if len(r.notes) > 0 {
		b.WriteString("\n### Published\n\n")
		for _, n := range r.notes {
			b.WriteString("- " + n + "\n")
		}
	}
	text := truncateBytes(r.redact(b.String()), maxSummaryBytes,
		"\n\n> **Truncated**: the job summary is limited to 1 MiB; the full reports are in the out dir (summary.md, shiftgate.json).\n")
	if err := r.fileCommand(func() { r.a.AddStepSummary(text) }); err != nil {
		r.warn("could not write the job summary: %v", err)
	}
}

// outputs writes the step outputs.
func (r *run) outputs() {
	if r.Env.OutputFile == "" {
		r.infof("GITHUB_OUTPUT is not set: no step outputs written")
		return
	}
	vals := OutputValues(r.res, r.rep, r.Env.Workspace)
	for _, name := range OutputNames() {
		v := sanitizeOutput(vals[name])
		if err := r.fileCommand(func() { r.a.SetOutput(name, v) }); err != nil {
			r.warn("could not write the step output %q: %v", name, err)
			return
		}
	}
}

// OutputValues computes every step output (OutputNames) for a result: paths relative
// to the workspace, empty when the file was not written.
func OutputValues(res *result.Result, rep Reports, workspace string) map[string]string {
	vals := map[string]string{
		"verdict":        string(res.Verdict),
		"blocking-count": strconv.Itoa(res.Count(finding.StatusBlocking)),
		"findings-count": strconv.Itoa(len(res.Findings)),
		"sarif-path":     "",
		"sbom-path":      "",
	}
	if rep.OutDir != "" {
		file := func(name string) string {
			p := filepath.Join(rep.OutDir, name)
			if _, err := os.Stat(p); err != nil {
				return ""
			}
			return workspacePath(workspace, p)
		}
		vals["sarif-path"] = file(outdir.SARIF)
		if s := file(outdir.CycloneDX); s != "" {
			vals["sbom-path"] = s
		} else {
			vals["sbom-path"] = file(outdir.SPDX)
		}
	}
	return vals
}

// workspacePath shows a path relative to the workspace when it is inside it, so later
// steps (which see the workspace at another absolute path than the container) can use it.
func workspacePath(workspace, p string) string {
	if workspace != "" {
		if ap, err := filepath.Abs(p); err == nil {
			if rel, err := filepath.Rel(workspace, ap); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(p)
}

// sanitizeOutput keeps a value on one line and free of the file command's delimiter.
func sanitizeOutput(v string) string {
	v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
	return strings.ReplaceAll(v, "_GitHubActionsFileCommandDelimeter_", "")
}

// fileCommand runs a go-githubactions file command, turning its panic (an unset or
// unwritable file) into an error.
func (r *run) fileCommand(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	f()
	return nil
}

// truncateText cuts s to at most n characters (runes), ending with tail.
func truncateText(s string, n int, tail string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	keep := max(0, n-utf8.RuneCountInString(tail))
	cut := string(runes[:keep])
	if i := strings.LastIndexByte(cut, '\n'); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + tail
}

// truncateBytes cuts s to at most n bytes at a line boundary, ending with tail.
func truncateBytes(s string, n int, tail string) string {
	if len(s) <= n {
		return s
	}
	keep := max(0, n-len(tail))
	cut := s[:keep]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i]
	}
	for !utf8.ValidString(cut) && len(cut) > 0 {
		cut = cut[:len(cut)-1]
	}
	return cut + tail
}
