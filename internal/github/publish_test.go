package github

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/github/fakeapi"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports/sarif"

	"github.com/shiftgate/shiftgate/internal/httpretry"
)

const (
	testToken = "ghs_16C7e42F292c6912E7710c838347Ae178B4a"
	headSHA   = "c0ffee5b57875f334f61aebed695e2e4193db5e"
	mergeSHA  = "e5bd3914e2e596debea16f433f57875b5b90bcd6"
)

// The pull request changes lines 25-28 of internal/refund/sql.go, adds config/prod.env
// and changes line 5 of Dockerfile; go.mod is untouched.
func prFiles() []fakeapi.File {
	return []fakeapi.File{
		{Filename: "internal/refund/sql.go", Status: "modified", Patch: "@@ -22,6 +22,10 @@ func Refund(db *sql.DB, id string) error {\n \tctx := context.Background()\n \tdefer cancel()\n \n+\t// look the payment up\n+\tq := \"SELECT * FROM payments WHERE id = '\" + id + \"'\"\n+\trows, err := db.QueryContext(ctx, q)\n+\tif err != nil {\n \t\treturn err\n \t}\n \treturn nil"},
		{Filename: "config/prod.env", Status: "added", Patch: "@@ -0,0 +1,4 @@\n+APP_ENV=prod\n+LOG_LEVEL=info\n+AWS_SECRET_ACCESS_KEY=REDACTED\n+REGION=eu-west-1"},
		{Filename: "Dockerfile", Status: "modified", Patch: "@@ -3,4 +3,4 @@ FROM golang:1.26\n WORKDIR /src\n COPY . .\n-RUN go build ./...\n+RUN go build -o /app ./cmd/app\n USER app"},
		{Filename: "docs/logo.png", Status: "added"},
	}
}

func fnd(check, rule string, sev finding.Severity, status finding.Status, path string, line int, msg string) finding.Finding {
	f := finding.Finding{Check: check, Rule: rule, Severity: sev, Status: status, Path: path, Line: line, Message: msg, Snippet: path + rule}
	f.Fingerprint = finding.Fingerprint(&f)
	return f
}

// testResult is a failing scan: two blocking findings on changed lines, one blocking
// finding on an untouched line, one allowed finding on a changed line, one excepted.
func testResult() *result.Result {
	fs := []finding.Finding{
		fnd("sast", "G201", finding.High, finding.StatusBlocking, "internal/refund/sql.go", 27, "SQL string formed by string concatenation"),
		fnd("secrets", "aws-secret-access-key", finding.Critical, finding.StatusBlocking, "config/prod.env", 3, "AWS secret access key: AKIA…REDACTED"),
		fnd("deps", "GHSA-2c7c-3mj9-8fqh", finding.High, finding.StatusBlocking, "go.mod", 12, "golang.org/x/net 0.17.0 has a known vulnerability"),
		fnd("iac", "DOCKER-003", finding.Medium, finding.StatusAllowed, "Dockerfile", 5, "RUN without a pinned toolchain"),
		fnd("sast", "G104", finding.Low, finding.StatusExcepted, "internal/refund/sql.go", 40, "errors unhandled"),
	}
	fs[2].Package = &finding.Package{Ecosystem: "Go", Name: "golang.org/x/net", Version: "0.17.0", Fixed: []string{"0.23.0"}}
	finding.Sort(fs)
	return finalize(&result.Result{
		Tool: result.Tool{Name: "shiftgate", Version: "v0.1.0"}, Policy: ".shiftgate.yaml", Mode: "enforce",
		FailSeverity: finding.High, Verdict: result.Fail, Reason: "3 blocking findings at high or above",
		Findings: fs,
	})
}

// finalize fills the per-check counts from the findings.
func finalize(res *result.Result) *result.Result {
	res.Checks = nil
	for _, name := range []string{"sast", "secrets", "deps", "iac"} {
		c := result.Check{Name: name, Status: result.StatusOK}
		for _, f := range res.Findings {
			if f.Check == name {
				c.Findings++
				if f.Status == finding.StatusBlocking {
					c.Blocking++
				}
			}
		}
		res.Checks = append(res.Checks, c)
	}
	if res.Count(finding.StatusBlocking) == 0 {
		res.Verdict = result.Pass
		res.Reason = "no blocking findings"
	}
	return res
}

func sarifOf(t *testing.T, res *result.Result) *sarif.Log {
	t.Helper()
	return sarif.Build(res)
}

// harness is one Actions step: its environment files, log and fake API.
type harness struct {
	t      *testing.T
	dir    string
	vars   map[string]string
	api    *fakeapi.Server
	sleeps []time.Duration
	stdout bytes.Buffer
	outDir string
}

func newHarness(t *testing.T, event string) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir()}
	h.api = fakeapi.New(t, "octo-org", "payments", testToken)
	h.api.Files = prFiles()
	ws := filepath.Join(h.dir, "workspace")
	h.outDir = filepath.Join(ws, ".shiftgate", "out")
	if err := os.MkdirAll(h.outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"shiftgate.sarif", "sbom.cdx.json"} {
		os.WriteFile(filepath.Join(h.outDir, name), []byte("{}"), 0o644)
	}
	h.vars = map[string]string{
		"GITHUB_ACTIONS": "true", "CI": "true",
		"GITHUB_REPOSITORY": "octo-org/payments", "GITHUB_REPOSITORY_OWNER": "octo-org",
		"GITHUB_SHA": mergeSHA, "GITHUB_REF": "refs/pull/42/merge", "GITHUB_EVENT_NAME": "pull_request",
		"GITHUB_EVENT_PATH": filepath.Join("testdata", event),
		"GITHUB_API_URL":    h.api.URL, "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_RUN_ID": "9876543210", "GITHUB_WORKSPACE": ws,
		"GITHUB_OUTPUT": filepath.Join(h.dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(h.dir, "summary.md"),
		"INPUT_TOKEN": testToken, "INPUT_PATH": ".", "INPUT_UPLOAD-SARIF": "true", "INPUT_COMMENT": "true",
		"INPUT_ANNOTATE": "changed",
	}
	return h
}

func (h *harness) publish(res *result.Result) {
	h.t.Helper()
	env, ok := FromEnv(func(k string) string { return h.vars[k] })
	if !ok {
		h.t.Fatal("FromEnv: not in Actions")
	}
	h.stdout.Reset()
	p := &Publisher{Env: env, Out: &h.stdout, Polls: 3,
		Sleep: func(_ context.Context, d time.Duration) error { h.sleeps = append(h.sleeps, d); return nil },
		Now:   func() time.Time { return time.Unix(1_800_000_000, 0) }}
	if err := p.Publish(context.Background(), res, Reports{SARIF: sarifOf(h.t, res), OutDir: h.outDir}); err != nil {
		h.t.Fatalf("Publish: %v", err)
	}
}

func (h *harness) file(name string) string {
	b, err := os.ReadFile(filepath.Join(h.dir, name))
	if err != nil {
		return ""
	}
	return string(b)
}

// outputs parses GITHUB_OUTPUT's name<<delimiter blocks.
func (h *harness) outputs() map[string]string {
	h.t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(h.file("output")))
	for sc.Scan() {
		name, delim, ok := strings.Cut(sc.Text(), "<<")
		if !ok {
			h.t.Fatalf("GITHUB_OUTPUT line %q is not name<<delimiter", sc.Text())
		}
		var lines []string
		for sc.Scan() && sc.Text() != delim {
			lines = append(lines, sc.Text())
		}
		out[name] = strings.Join(lines, "\n")
	}
	return out
}

// assertNoToken checks the token appears nowhere but in the leading add-mask command
// and the Authorization header.
func (h *harness) assertNoToken() {
	h.t.Helper()
	log := h.stdout.String()
	first, rest, _ := strings.Cut(log, "\n")
	if h.vars["INPUT_TOKEN"] != "" && first != "::add-mask::"+testToken {
		h.t.Errorf("first log line = %q, want the add-mask command", first)
	}
	places := map[string]string{"log": rest, "GITHUB_OUTPUT": h.file("output"), "job summary": h.file("summary.md")}
	for i, r := range h.api.Requests() {
		places[fmt.Sprintf("request %d body", i)] = string(r.Body)
		places[fmt.Sprintf("request %d URL", i)] = r.Path + "?" + r.Query.Encode()
	}
	for _, c := range h.api.Comments() {
		places["comment"] += c.Body
	}
	for i, u := range h.api.Uploads() {
		b, _ := json.Marshal(u.SARIF)
		places[fmt.Sprintf("upload %d SARIF", i)] = string(b)
	}
	for where, text := range places {
		if strings.Contains(text, testToken) {
			h.t.Errorf("the token appears in the %s", where)
		}
	}
}

var commandRe = regexp.MustCompile(`(?m)^::(error|warning|notice) ([^:]*)::(.*)$`)

type command struct{ level, props, msg string }

func commands(log string) []command {
	var out []command
	for _, m := range commandRe.FindAllStringSubmatch(log, -1) {
		out = append(out, command{m[1], m[2], m[3]})
	}
	return out
}

func TestPublishPullRequest(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	// Small pages, and other people's comments first: the files and the sticky comment
	// are found across pages through the Link headers.
	h.api.PerPage = 2
	for _, body := range []string{"LGTM", "Could you add a test?", "<!-- another-bot:marker -->\nCoverage 81%"} {
		h.api.AddComment(42, body)
	}
	res := testResult()
	h.publish(res)
	h.assertNoToken()
	log := h.stdout.String()
	if testing.Verbose() {
		t.Logf("log:\n%s\ncomment:\n%s", log, h.api.Comments()[3].Body)
	}

	// Annotations: the blocking findings on changed lines, most severe first, then the
	// allowed one; nothing for go.mod (untouched) or the excepted finding.
	cmds := commands(log)
	var got []string
	for _, c := range cmds {
		if strings.Contains(c.props, "file=") {
			got = append(got, c.level+" "+c.props)
		}
	}
	want := []string{
		"error file=config/prod.env,line=3,title=secrets aws-secret-access-key (critical%2C blocking)",
		"error file=internal/refund/sql.go,line=27,title=sast G201 (high%2C blocking)",
		"warning file=Dockerfile,line=5,title=iac DOCKER-003 (medium%2C allowed)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("annotations:\n got %q\nwant %q", got, want)
	}
	for _, c := range cmds {
		if !strings.Contains(c.props, "file=") {
			t.Errorf("unexpected warning in the log: %s", c.msg)
		}
	}

	// Check run: on the PR head, failure, the same three annotations.
	runs := h.api.CheckRuns()
	if len(runs) != 1 {
		t.Fatalf("%d check runs, want 1", len(runs))
	}
	cr := runs[0]
	if cr.Name != "shiftgate" || cr.HeadSHA != headSHA || cr.Conclusion != "failure" || len(cr.Annotations) != 3 {
		t.Errorf("check run = %s on %s, %s, %d annotations; want shiftgate on the head SHA, failure, 3", cr.Name, cr.HeadSHA, cr.Conclusion, len(cr.Annotations))
	}
	if cr.Annotations[0]["annotation_level"] != "failure" || cr.Annotations[0]["path"] != "config/prod.env" {
		t.Errorf("first check-run annotation = %v, want the critical secret as a failure", cr.Annotations[0])
	}
	if !strings.Contains(cr.Summary, "[`config/prod.env:3`](https://github.com/octo-org/payments/blob/"+headSHA+"/config/prod.env#L3)") {
		t.Errorf("check-run summary lacks a link to the line:\n%s", cr.Summary)
	}

	// Code scanning: one upload per check, on the merge commit and the PR merge ref.
	ups := h.api.Uploads()
	var cats []string
	for _, u := range ups {
		if u.CommitSHA != mergeSHA || u.Ref != "refs/pull/42/merge" {
			t.Errorf("upload on %s %s, want %s refs/pull/42/merge", u.CommitSHA, u.Ref, mergeSHA)
		}
		runs := u.SARIF["runs"].([]any)
		if len(runs) != 1 {
			t.Errorf("upload has %d runs, want 1", len(runs))
			continue
		}
		cats = append(cats, runs[0].(map[string]any)["automationDetails"].(map[string]any)["id"].(string))
	}
	if want := []string{"shiftgate/sast/", "shiftgate/secrets/", "shiftgate/deps/", "shiftgate/iac/"}; !slices.Equal(cats, want) {
		t.Errorf("upload categories = %q, want %q", cats, want)
	}
	if !strings.Contains(log, "code scanning: 4 of 4 upload(s) accepted, 4 processed") {
		t.Errorf("log does not report the processed uploads:\n%s", log)
	}

	// The sticky comment: first run, blocking findings on changed lines, one outside.
	cs := h.api.Comments()
	if len(cs) != 4 || cs[3].Issue != 42 {
		t.Fatalf("comments = %+v, want ours on #42 after the three others", cs)
	}
	body := cs[3].Body
	for _, want := range []string{CommentMarker, "❌ fail", "first run", "Blocking findings on the lines this pull request changed (2)",
		"internal/refund/sql.go:27", "1 more blocking finding(s) are outside", "https://github.com/octo-org/payments/actions/runs/9876543210"} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "go.mod:12") {
		t.Errorf("comment lists the finding on an unchanged line:\n%s", body)
	}

	// Outputs and job summary.
	outs := h.outputs()
	wantOut := map[string]string{"verdict": "fail", "blocking-count": "3", "findings-count": "5",
		"sarif-path": ".shiftgate/out/shiftgate.sarif", "sbom-path": ".shiftgate/out/sbom.cdx.json"}
	for k, v := range wantOut {
		if outs[k] != v {
			t.Errorf("output %s = %q, want %q", k, outs[k], v)
		}
	}
	sum := h.file("summary.md")
	for _, want := range []string{"## shiftgate: ❌ fail", "### Blocking findings (3)", "go.mod:12", "### Published", "Check run [shiftgate]", "PR comment posted", "Code scanning: 4 upload(s)"} {
		if !strings.Contains(sum, want) {
			t.Errorf("job summary lacks %q:\n%s", want, sum)
		}
	}
	if !strings.Contains(log, "shiftgate: 1 blocking finding(s) outside the lines this pull request changed are not annotated") {
		t.Errorf("the log does not mention the blocking finding outside the diff:\n%s", log)
	}
	if len(h.api.Violations()) != 0 {
		t.Errorf("violations: %q", h.api.Violations())
	}

	// Second run after the secret was removed: the same comment is edited and says so.
	res2 := testResult()
	res2.Findings = slices.DeleteFunc(res2.Findings, func(f finding.Finding) bool { return f.Check == "secrets" })
	finalize(res2)
	h.publish(res2)
	h.assertNoToken()
	cs = h.api.Comments()
	if len(cs) != 4 || cs[0].Body != "LGTM" {
		t.Fatalf("%d comments after the second run, want the one sticky comment edited and the others untouched", len(cs))
	}
	if !strings.Contains(cs[3].Body, "**Since the last run:** 1 blocking finding(s) fixed.") {
		t.Errorf("second comment does not say what changed:\n%s", cs[3].Body)
	}
	// Third run: the secret is back and a new finding appears; the verdict is unchanged.
	res3 := testResult()
	res3.Findings = append(res3.Findings, fnd("sast", "G304", finding.High, finding.StatusBlocking, "internal/refund/sql.go", 26, "file path from user input"))
	finalize(res3)
	h.publish(res3)
	body = h.api.Comments()[3].Body
	if !strings.Contains(body, "2 new blocking finding(s)") || !strings.Contains(body, "| 🆕 | high | sast | `G304`") {
		t.Errorf("third comment does not flag the new findings:\n%s", body)
	}
}

func TestPublishForkPullRequestDegrades(t *testing.T) {
	h := newHarness(t, "pull_request_fork.json")
	h.vars["GITHUB_REF"] = "refs/pull/43/merge"
	h.api.ReadOnly = true
	res := testResult()
	h.publish(res)
	h.assertNoToken()
	log := h.stdout.String()
	if n := len(h.api.CheckRuns()) + len(h.api.Uploads()) + len(h.api.Comments()); n != 0 {
		t.Errorf("a read-only token wrote %d objects", n)
	}
	// Annotations, summary and outputs still come out, and the verdict is unchanged.
	errs := 0
	for _, c := range commands(log) {
		if c.level == "error" {
			errs++
		}
	}
	if errs != 2 {
		t.Errorf("%d error annotations, want 2:\n%s", errs, log)
	}
	for _, want := range []string{"could not create the check run: GitHub answered 403 Resource not accessible by integration",
		"could not upload the SARIF of shiftgate/sast/ to code scanning: GitHub answered 403",
		"could not write the pull request comment: GitHub answered 403"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks the warning %q:\n%s", want, log)
		}
	}
	uploads := 0
	for _, r := range h.api.Requests() {
		if r.Operation == "code-scanning/upload-sarif" {
			uploads++
		}
	}
	if uploads != 1 {
		t.Errorf("%d upload attempts, want 1: a 403 stops the uploads", uploads)
	}
	sum := h.file("summary.md")
	for _, want := range []string{"Check run not created: the token cannot write checks", "Code scanning upload skipped", "PR comment skipped"} {
		if !strings.Contains(sum, want) {
			t.Errorf("job summary lacks %q", want)
		}
	}
	if h.outputs()["verdict"] != "fail" {
		t.Errorf("verdict output = %q, want fail", h.outputs()["verdict"])
	}
	for _, r := range h.api.Requests() {
		if r.Status == 403 && r.Method == "GET" {
			t.Errorf("a read (%s) was refused", r.Path)
		}
	}
}

func TestPublishRetriesTransientFailures(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.api.Inject(fakeapi.Fault{Operation: "checks/create", Status: 502, Times: 1})
	h.api.Inject(fakeapi.Fault{Operation: "code-scanning/upload-sarif", Status: 403, Times: 1,
		Header: map[string]string{"Retry-After": "7"}, Message: "You have exceeded a secondary rate limit."})
	h.api.Inject(fakeapi.Fault{Operation: "issues/list-comments", Status: 429, Times: 1,
		Header: map[string]string{"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "1800000020"}})
	h.api.Inject(fakeapi.Fault{Operation: "pulls/list-files", Status: 403, Times: 1, Message: "You have exceeded a secondary rate limit. Please wait a few minutes."})
	h.publish(testResult())
	h.assertNoToken()
	if len(h.api.CheckRuns()) != 1 || len(h.api.Uploads()) != 4 || len(h.api.Comments()) != 1 {
		t.Fatalf("after retries: %d check runs, %d uploads, %d comments; want 1, 4, 1", len(h.api.CheckRuns()), len(h.api.Uploads()), len(h.api.Comments()))
	}
	// list-files 403 secondary (1s backoff), check run 502 (1s), upload Retry-After 7s,
	// list-comments until the reset (20s + 1s); polls wait 3s between reads.
	var retries []time.Duration
	for _, d := range h.sleeps {
		if d != pollInterval {
			retries = append(retries, d)
		}
	}
	want := []time.Duration{time.Second, time.Second, 7 * time.Second, 21 * time.Second}
	if !slices.Equal(retries, want) {
		t.Errorf("retry waits = %v, want %v", retries, want)
	}
	if c := commands(h.stdout.String()); slices.ContainsFunc(c, func(c command) bool { return !strings.Contains(c.props, "file=") }) {
		t.Errorf("a retried failure became a warning:\n%s", h.stdout.String())
	}
}

func TestPublishGivesUpAfterBoundedRetries(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.api.Inject(fakeapi.Fault{Operation: "checks/create", Status: 503, Times: 100})
	h.publish(testResult())
	n := 0
	for _, r := range h.api.Requests() {
		if r.Operation == "checks/create" {
			n++
		}
	}
	if n != httpretry.DefaultAttempts {
		t.Errorf("check run tried %d times, want %d", n, httpretry.DefaultAttempts)
	}
	if !strings.Contains(h.stdout.String(), "::warning::shiftgate: could not create the check run: GitHub answered 503") {
		t.Errorf("no warning for the failed check run:\n%s", h.stdout.String())
	}
	if h.outputs()["verdict"] != "fail" || len(h.api.Comments()) != 1 {
		t.Error("a failed check run stopped the rest of the publishing")
	}
}

func TestPublishManyFindings(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.vars["INPUT_ANNOTATE"] = "all"
	res := testResult()
	for i := range 120 {
		res.Findings = append(res.Findings, fnd("sast", "G101", finding.High, finding.StatusBlocking, "internal/big.go", i+1, "hard-coded credential"))
		res.Findings = append(res.Findings, fnd("iac", "K8S-001", finding.Low, finding.StatusAllowed, "deploy/app.yaml", i+1, "no resource limits"))
	}
	finalize(res)
	h.publish(res)
	log := h.stdout.String()
	var errs, warns int
	for _, c := range commands(log) {
		switch c.level {
		case "error":
			errs++
		case "warning":
			warns++
		}
	}
	if errs != 10 || warns != 10 {
		t.Errorf("%d error and %d warning annotations, want 10 and 10", errs, warns)
	}
	if !strings.Contains(log, "shiftgate: 113 more blocking finding(s) and 111 more non-blocking finding(s) are not annotated here") {
		t.Errorf("no line saying how many more:\n%s", log)
	}
	// The most severe come first: the critical secret is the first error.
	if c := commands(log)[0]; !strings.Contains(c.props, "config/prod.env") {
		t.Errorf("first annotation is %v, want the critical secret", c)
	}
	runs := h.api.CheckRuns()
	if len(runs) != 1 || len(runs[0].Annotations) != 244 {
		t.Fatalf("check run annotations = %d, want all 244", len(runs[0].Annotations))
	}
	var creates, updates int
	for _, r := range h.api.Requests() {
		switch r.Operation {
		case "checks/create":
			creates++
		case "checks/update":
			updates++
		}
	}
	if creates != 1 || updates != 4 {
		t.Errorf("%d creates and %d updates, want 1 and 4 (244 annotations in batches of 50)", creates, updates)
	}
}

func TestPublishWithoutActionsFiles(t *testing.T) {
	// A run where GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and the token are missing must not
	// panic (go-githubactions panics on unset file variables).
	var out bytes.Buffer
	env := Env{Inputs: DefaultInputs(), Owner: "o", Repo: "r", SHA: mergeSHA}
	if err := Publish(context.Background(), env, testResult(), Reports{}, &out); err != nil {
		t.Fatal(err)
	}
	log := out.String()
	for _, want := range []string{"no GitHub token", "GITHUB_STEP_SUMMARY is not set", "GITHUB_OUTPUT is not set", "::error file=config/prod.env"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestPublishUnwritableSummaryIsAWarning(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	env := Env{Inputs: DefaultInputs(), SummaryFile: dir, OutputFile: filepath.Join(dir, "missing", "out")}
	if err := Publish(context.Background(), env, testResult(), Reports{}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"::warning::shiftgate: could not write the job summary", "::warning::shiftgate: could not write the step output"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPublishGHESAndCodeScanningErrors(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.api.BasePath = "/api/v3"
	h.vars["GITHUB_API_URL"] = h.api.URL + "/api/v3"
	h.api.SARIFProcessing = "failed"
	h.api.SARIFErrors = []string{"locationFromSarifResult: expected artifact location"}
	h.publish(testResult())
	if len(h.api.CheckRuns()) != 1 {
		t.Errorf("no check run through the GHES API root")
	}
	if !strings.Contains(h.stdout.String(), `code scanning could not process shiftgate/sast/: ["locationFromSarifResult: expected artifact location"]`) {
		t.Errorf("GitHub's processing errors are not reported:\n%s", h.stdout.String())
	}
}

func TestSummaryIsTruncatedUnder1MiB(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	big := bytes.Repeat([]byte("| a | b | c | "+strings.Repeat("x", 90)+" |\n"), 20000)
	env, _ := FromEnv(func(k string) string { return h.vars[k] })
	env.Token = ""
	p := &Publisher{Env: env, Out: &h.stdout}
	if err := p.Publish(context.Background(), testResult(), Reports{Summary: big}); err != nil {
		t.Fatal(err)
	}
	sum := h.file("summary.md")
	if len(sum) >= 1<<20 || !strings.Contains(sum, "**Truncated**") {
		t.Errorf("summary is %d bytes, truncated note present: %v", len(sum), strings.Contains(sum, "**Truncated**"))
	}
}

func TestOutputsAreSanitised(t *testing.T) {
	dir := t.TempDir()
	env := Env{Inputs: DefaultInputs(), OutputFile: filepath.Join(dir, "out")}
	res := testResult()
	res.Verdict = "fail\nevil<<_GitHubActionsFileCommandDelimeter_\ninjected=1"
	var out bytes.Buffer
	if err := Publish(context.Background(), env, res, Reports{}, &out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out"))
	if strings.Contains(string(b), "\ninjected=1") || strings.Count(string(b), "_GitHubActionsFileCommandDelimeter_") != 10 {
		t.Errorf("GITHUB_OUTPUT was injected:\n%s", b)
	}
}

func TestTokenInFindingTextIsMasked(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	res := testResult()
	res.Findings[0].Message = "token " + testToken + " leaked"
	h.publish(res)
	h.assertNoToken()
}

func TestFromEnv(t *testing.T) {
	if _, ok := FromEnv(func(string) string { return "" }); ok {
		t.Error("FromEnv is true outside Actions")
	}
	vars := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": "testdata/pull_request_fork.json",
		"GITHUB_REPOSITORY": "octo-org/payments", "GITHUB_TOKEN": "t0k", "INPUT_ANNOTATE": "sometimes", "INPUT_COMMENT": "maybe"}
	env, ok := FromEnv(func(k string) string { return vars[k] })
	if !ok || env.PR == nil || env.PR.Number != 43 || !env.PR.Fork || env.PR.HeadSHA != headSHA || env.PR.BaseSHA != "6dcb09b5b57875f334f61aebed695e2e4193db5e" {
		t.Fatalf("PR = %+v", env.PR)
	}
	if env.Token != "t0k" || env.APIURL != "https://api.github.com" || env.AnalysisRef() != "refs/pull/43/merge" || env.HeadSHA() != headSHA {
		t.Errorf("env = %+v", env)
	}
	if len(env.InputErrors) != 2 || !strings.Contains(env.InputErrors[0], `input "comment": "maybe" is not a boolean`) ||
		!strings.Contains(env.InputErrors[1], `input "annotate": unknown value "sometimes": use changed, all, none`) {
		t.Errorf("input errors = %q", env.InputErrors)
	}
	if env.Inputs.Annotate != AnnotateChanged || !env.Inputs.Comment {
		t.Errorf("bad inputs did not keep their defaults: %+v", env.Inputs)
	}
	vars["GITHUB_EVENT_PATH"] = "testdata/missing.json"
	env, _ = FromEnv(func(k string) string { return vars[k] })
	if env.PR != nil || len(env.Warnings) != 1 || !strings.Contains(env.Warnings[0], "missing.json") {
		t.Errorf("missing event file: PR=%v warnings=%q", env.PR, env.Warnings)
	}
	// A push event: no PR, the ref as is.
	push, _ := json.Marshal(map[string]any{"ref": "refs/heads/main", "after": mergeSHA})
	path := filepath.Join(t.TempDir(), "push.json")
	os.WriteFile(path, push, 0o644)
	vars["GITHUB_EVENT_PATH"], vars["GITHUB_REF"] = path, "refs/heads/main"
	env, _ = FromEnv(func(k string) string { return vars[k] })
	if env.PR != nil || env.AnalysisRef() != "refs/heads/main" || len(env.Warnings) != 0 {
		t.Errorf("push event: PR=%v ref=%s warnings=%q", env.PR, env.AnalysisRef(), env.Warnings)
	}
}

func TestScanPrefix(t *testing.T) {
	for _, tc := range []struct{ ws, path, want string }{
		{"/w", ".", ""}, {"/w", "", ""}, {"/w", "services/api", "services/api/"}, {"/w", "./services/api/", "services/api/"},
		{"/w", "/w/services", "services/"}, {"/w", "/elsewhere", ""}, {"/w", "../x", ""},
	} {
		if got := scanPrefix(tc.ws, tc.path); got != tc.want {
			t.Errorf("scanPrefix(%q, %q) = %q, want %q", tc.ws, tc.path, got, tc.want)
		}
	}
}

func TestSubdirectoryScanAnnotatesRepositoryPaths(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.vars["INPUT_PATH"] = "internal"
	res := testResult()
	for i := range res.Findings {
		res.Findings[i].Path = strings.TrimPrefix(res.Findings[i].Path, "internal/")
	}
	h.publish(res)
	if !strings.Contains(h.stdout.String(), "::error file=internal/refund/sql.go,line=27") {
		t.Errorf("annotation path is not relative to the repository root:\n%s", h.stdout.String())
	}
	if a := h.api.CheckRuns()[0].Annotations; len(a) != 1 || a[0]["path"] != "internal/refund/sql.go" {
		t.Errorf("check-run annotations = %v, want the one on internal/refund/sql.go", a)
	}
	var uris []string
	for _, u := range h.api.Uploads() {
		b, _ := json.Marshal(u.SARIF)
		uris = append(uris, regexp.MustCompile(`"uri":"([^"]+)"`).FindAllString(string(b), -1)...)
	}
	if !slices.Contains(uris, `"uri":"internal/refund/sql.go"`) || slices.Contains(uris, `"uri":"refund/sql.go"`) {
		t.Errorf("uploaded SARIF URIs are not relative to the repository root: %q", uris)
	}
}

func TestCheckRunSummaryStaysUnderTheLimit(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	env, _ := FromEnv(func(k string) string { return h.vars[k] })
	big := strings.Repeat("| é | "+strings.Repeat("y", 60)+" |\n", 2000) // ~134,000 characters
	p := &Publisher{Env: env, Out: &h.stdout, Polls: 1, Sleep: func(context.Context, time.Duration) error { return nil }}
	if err := p.Publish(context.Background(), testResult(), Reports{Summary: []byte(big)}); err != nil {
		t.Fatal(err)
	}
	runs := h.api.CheckRuns()
	if len(runs) != 1 {
		t.Fatalf("%d check runs (the API refused the summary?)", len(runs))
	}
	if n := len([]rune(runs[0].Summary)); n > 65535 || !strings.HasSuffix(runs[0].Summary, "summary.md.\n") {
		t.Errorf("check-run summary has %d characters, ends %q", n, runs[0].Summary[len(runs[0].Summary)-40:])
	}
}

func TestCommentStaysUnderTheLimit(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.vars["INPUT_ANNOTATE"] = "all"
	res := testResult()
	long := strings.Repeat("a long message ", 30)
	for i := range 1600 {
		f := fnd("sast", "G101", finding.High, finding.StatusBlocking, "internal/big.go", i+1, long)
		f.Snippet = fmt.Sprintf("password%d := %q", i, long)
		f.Fingerprint = finding.Fingerprint(&f)
		res.Findings = append(res.Findings, f)
	}
	finalize(res)
	h.publish(res)
	cs := h.api.Comments()
	if len(cs) != 1 {
		t.Fatalf("%d comments", len(cs))
	}
	body := cs[0].Body
	if n := len([]rune(body)); n >= 65536 {
		t.Errorf("comment has %d characters", n)
	}
	st, ok := parseState(body)
	if !ok || !st.Truncated || len(st.Blocking) != maxStateFingerprints {
		t.Errorf("state: ok=%v truncated=%v fingerprints=%d", ok, st != nil && st.Truncated, len(st.Blocking))
	}
	if !strings.Contains(body, "… and 1553 more: see the job summary.") {
		t.Errorf("comment does not say how many more:\n%.2000s", body)
	}
}

func TestScanRootGivesTheRepositoryPaths(t *testing.T) {
	// `shiftgate scan internal` in a run: step (no path input): the CLI passes the root.
	h := newHarness(t, "pull_request.json")
	delete(h.vars, "INPUT_PATH")
	res := testResult()
	for i := range res.Findings {
		res.Findings[i].Path = strings.TrimPrefix(res.Findings[i].Path, "internal/")
	}
	env, _ := FromEnv(func(k string) string { return h.vars[k] })
	p := &Publisher{Env: env, Out: &h.stdout, Polls: 1, Sleep: func(context.Context, time.Duration) error { return nil }}
	root := filepath.Join(h.vars["GITHUB_WORKSPACE"], "internal")
	if err := p.Publish(context.Background(), res, Reports{Root: root}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.stdout.String(), "::error file=internal/refund/sql.go,line=27") {
		t.Errorf("annotation path is not relative to the repository root:\n%s", h.stdout.String())
	}
}
