// Package github publishes a scan's result where a reviewer looks when shiftgate runs
// inside GitHub Actions: workflow-command annotations, the job summary, step outputs,
// and, through the REST API (go-github), a check run, code-scanning uploads, one sticky
// pull-request comment and diff-aware filtering. It never computes findings and never
// changes the verdict: a failure to publish is a warning in the log.
package github

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v60/github"
	"github.com/sethvargo/go-githubactions"
)

// Env is the GitHub Actions context of one run, read from the GITHUB_* variables, the
// event payload and the action's inputs.
type Env struct {
	Owner, Repo string // from GITHUB_REPOSITORY
	SHA         string // GITHUB_SHA: the commit the workflow runs on (a merge commit in a PR)
	Ref         string // GITHUB_REF
	EventName   string
	APIURL      string // GITHUB_API_URL (GitHub Enterprise Server sets its own)
	ServerURL   string // GITHUB_SERVER_URL
	RunID       string
	Workspace   string // GITHUB_WORKSPACE
	OutputFile  string // GITHUB_OUTPUT, empty when unset
	SummaryFile string // GITHUB_STEP_SUMMARY, empty when unset
	// PR is the pull request the event is about, nil for other events.
	PR *PullRequest
	// Inputs are the action's inputs (INPUT_*).
	Inputs Inputs
	// Token authenticates API calls: the token input, else GITHUB_TOKEN. Never print it.
	Token string
	// Warnings are problems found while reading the environment (a bad input, an
	// unreadable event file). Publish prints them; they never stop a scan.
	Warnings []string
	// InputErrors are inputs with invalid values: the CLI should treat them as usage
	// errors (exit 2), naming the input and the fix.
	InputErrors []string

	getenv func(string) string
	masked bool // MaskToken ran: Publish does not mask again
}

// PullRequest is the pull-request context from the event payload.
type PullRequest struct {
	Number   int
	HeadSHA  string
	BaseSHA  string
	HeadRepo string // owner/name of the head repository
	BaseRepo string
	// Fork is true when the head repository is not the base repository: the token is
	// then usually read-only.
	Fork bool
}

// FromEnv reads the Actions context through getenv. The bool is false outside GitHub
// Actions (GITHUB_ACTIONS is not "true"); the Env is then empty.
func FromEnv(getenv func(string) string) (Env, bool) {
	if getenv == nil || getenv("GITHUB_ACTIONS") != "true" {
		return Env{}, false
	}
	a := githubactions.New(githubactions.WithGetenv(getenv))
	e := Env{getenv: getenv}
	e.Inputs, e.InputErrors = ReadInputs(a)
	e.Token = e.Inputs.Token
	if e.Token == "" {
		e.Token = strings.TrimSpace(getenv("GITHUB_TOKEN"))
	}
	// go-githubactions reads the GITHUB_* variables; the event payload is read below
	// into go-github's event type (Context would drop a missing file silently and give
	// up on every variable when the file is not JSON).
	noEvent := githubactions.New(githubactions.WithGetenv(func(k string) string {
		if k == "GITHUB_EVENT_PATH" {
			return ""
		}
		return getenv(k)
	}))
	c, err := noEvent.Context()
	if err != nil {
		e.Warnings = append(e.Warnings, fmt.Sprintf("some GITHUB_* variables are not valid: %v", err))
	}
	e.Owner, e.Repo = c.Repo()
	e.SHA, e.Ref, e.EventName = c.SHA, c.Ref, c.EventName
	e.APIURL = strings.TrimRight(c.APIURL, "/")
	e.ServerURL = strings.TrimRight(c.ServerURL, "/")
	if c.RunID > 0 {
		e.RunID = strconv.FormatInt(c.RunID, 10)
	}
	e.Workspace = c.Workspace
	e.SummaryFile = c.StepSummary
	e.OutputFile = getenv("GITHUB_OUTPUT") // not part of the context
	if path := getenv("GITHUB_EVENT_PATH"); path != "" {
		pr, err := readPullRequest(path)
		if err != nil {
			e.Warnings = append(e.Warnings, err.Error())
		}
		e.PR = pr
	}
	return e, true
}

// readPullRequest reads the PR context from the event file (a pull_request or
// pull_request_target event, go-github's PullRequestEvent), nil when the event is not
// about a pull request.
func readPullRequest(path string) (*PullRequest, error) {
	b, err := os.ReadFile(path) // #nosec G304 -- GITHUB_EVENT_PATH, written by the runner
	if err != nil {
		return nil, fmt.Errorf("could not read the event payload %q (GITHUB_EVENT_PATH): %w", path, err)
	}
	var ev gh.PullRequestEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		return nil, fmt.Errorf("could not parse the event payload %q (GITHUB_EVENT_PATH): %w", path, err)
	}
	if ev.PullRequest == nil {
		return nil, nil
	}
	p := ev.PullRequest
	pr := &PullRequest{Number: p.GetNumber(), HeadSHA: p.GetHead().GetSHA(), BaseSHA: p.GetBase().GetSHA(),
		HeadRepo: p.GetHead().GetRepo().GetFullName(), BaseRepo: p.GetBase().GetRepo().GetFullName()}
	if pr.Number == 0 {
		pr.Number = ev.GetNumber()
	}
	pr.Fork = pr.HeadRepo != "" && pr.BaseRepo != "" && !strings.EqualFold(pr.HeadRepo, pr.BaseRepo)
	if pr.Number <= 0 {
		return nil, fmt.Errorf("the event payload %q has a pull_request without a number", path)
	}
	return pr, nil
}

// HeadSHA is the commit findings belong to: the PR's head in a pull request (check runs
// attach there), else GITHUB_SHA.
func (e *Env) HeadSHA() string {
	if e.PR != nil && e.PR.HeadSHA != "" {
		return e.PR.HeadSHA
	}
	return e.SHA
}

// AnalysisRef is the ref code scanning files an upload under: refs/pull/N/merge in a
// pull_request run (GITHUB_SHA is then that merge commit), else GITHUB_REF (also for
// pull_request_target, which runs on the base branch's commit).
func (e *Env) AnalysisRef() string {
	if e.PR != nil && e.EventName != "pull_request_target" {
		return "refs/pull/" + strconv.Itoa(e.PR.Number) + "/merge"
	}
	return e.Ref
}

// RunURL links to the workflow run, empty when unknown.
func (e *Env) RunURL() string {
	if e.Owner == "" || e.RunID == "" {
		return ""
	}
	return e.ServerURL + "/" + e.Owner + "/" + e.Repo + "/actions/runs/" + e.RunID
}

// BlobURL links to a line of a file at the head commit.
func (e *Env) BlobURL(path string, line int) string {
	if e.Owner == "" || e.HeadSHA() == "" || path == "" {
		return ""
	}
	u := e.ServerURL + "/" + e.Owner + "/" + e.Repo + "/blob/" + e.HeadSHA() + "/" + escapePath(path)
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s) // every byte a link could be closed or redirected by
	}
	return strings.Join(parts, "/")
}

// MaskToken tells the runner to mask the token in the log (::add-mask::). The CLI calls
// it before it prints anything when it runs in Actions; Publish masks first thing
// unless MaskToken already ran on the Env it gets.
func (e *Env) MaskToken(w io.Writer) error {
	if e.Token == "" {
		return nil
	}
	if _, err := fmt.Fprintf(w, "::add-mask::%s\n", e.Token); err != nil {
		return fmt.Errorf("could not write to the step log: %w", err)
	}
	e.masked = true
	return nil
}
