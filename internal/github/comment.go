package github

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports/markdown"
)

// CommentMarker is the hidden first line of the sticky PR comment: the comment is
// found again by it and edited, never posted twice.
const CommentMarker = "<!-- shiftgate:sticky-comment -->"

// maxStateFingerprints bounds the fingerprints kept in the comment's hidden state.
const maxStateFingerprints = 1500

// maxCommentRows bounds the blocking-findings table in the comment.
const maxCommentRows = 50

// commentState is what the comment remembers about the run that wrote it, hidden in an
// HTML comment, so the next run can say what changed.
type commentState struct {
	Version  int      `json:"v"`
	Verdict  string   `json:"verdict"`
	Blocking []string `json:"blocking"` // short fingerprints of the blocking findings, sorted
	// Truncated is true when there were more blocking findings than the state keeps.
	Truncated bool `json:"truncated,omitempty"`
}

var stateRe = regexp.MustCompile(`<!-- shiftgate:state (\{.*?\}) -->`)

// parseState reads the hidden state from a previous comment's body.
func parseState(body string) (*commentState, bool) {
	m := stateRe.FindStringSubmatch(body)
	if m == nil {
		return nil, false
	}
	var st commentState
	if err := json.Unmarshal([]byte(m[1]), &st); err != nil || st.Version != 1 {
		return nil, false
	}
	return &st, true
}

// shortFingerprint keeps the first 16 hex digits and any occurrence suffix.
func shortFingerprint(fp string) string {
	base, suffix, _ := strings.Cut(fp, ":")
	if len(base) > 16 {
		base = base[:16]
	}
	if suffix != "" {
		return base + ":" + suffix
	}
	return base
}

func currentState(res *result.Result) commentState {
	st := commentState{Version: 1, Verdict: string(res.Verdict), Blocking: []string{}}
	for _, f := range res.Findings {
		if f.Status == finding.StatusBlocking {
			st.Blocking = append(st.Blocking, shortFingerprint(f.Fingerprint))
		}
	}
	slices.Sort(st.Blocking)
	st.Blocking = slices.Compact(st.Blocking)
	if len(st.Blocking) > maxStateFingerprints {
		st.Blocking, st.Truncated = st.Blocking[:maxStateFingerprints], true
	}
	return st
}

// comment creates or edits the one sticky PR comment.
func (r *run) comment() {
	e := &r.Env
	if !e.Inputs.Comment || e.PR == nil || r.client == nil {
		return
	}
	existing, err := r.findComment()
	if err != nil {
		r.warn("%s", apiError("could not list the pull request's comments", err))
		r.note("PR comment not updated: its earlier version could not be looked up.")
		return
	}
	var prev *commentState
	if existing != nil {
		prev, _ = parseState(existing.GetBody())
	}
	body := r.commentBody(prev)
	if existing != nil {
		_, _, err = r.client.Issues.EditComment(r.ctx, e.Owner, e.Repo, existing.GetID(), &gh.IssueComment{Body: gh.String(body)})
	} else {
		_, _, err = r.client.Issues.CreateComment(r.ctx, e.Owner, e.Repo, e.PR.Number, &gh.IssueComment{Body: gh.String(body)})
	}
	if err != nil {
		r.warn("%s", apiError("could not write the pull request comment", err))
		if isForbidden(err) {
			r.note("PR comment skipped: the token cannot write pull requests (a fork's read-only token, or `pull-requests: write` missing).")
		} else {
			r.note("PR comment not written: see the warning in the log.")
		}
		return
	}
	if existing != nil {
		r.infof("updated the pull request comment")
		r.note("PR comment [updated](%s).", existing.GetHTMLURL())
	} else {
		r.infof("posted the pull request comment")
		r.note("PR comment posted.")
	}
}

// findComment pages through the PR's comments for the sticky comment: the marker AND
// the token's own identity as author. Anyone can paste the marker into a comment; an
// attacker's earlier comment must not be edited into "the" shiftgate comment.
func (r *run) findComment() (*gh.IssueComment, error) {
	e := &r.Env
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	var found *gh.IssueComment
	err := paginate(func(page int) (int, error) {
		opts.Page = page
		cs, resp, err := r.client.Issues.ListComments(r.ctx, e.Owner, e.Repo, e.PR.Number, opts)
		if err != nil {
			return 0, err
		}
		for _, c := range cs {
			if strings.Contains(c.GetBody(), CommentMarker) && c.GetUser().GetLogin() == r.identity() {
				found = c
				return 0, nil
			}
		}
		return resp.NextPage, nil
	})
	return found, err
}

// actionsBot is the author of what the GITHUB_TOKEN writes.
const actionsBot = "github-actions[bot]"

// identity is the login the token writes as: GET /user for a personal or app user
// token, else (the GITHUB_TOKEN, which may not read /user) github-actions[bot].
// Asked once per run, and only when a comment carries the marker.
func (r *run) identity() string {
	if r.login == "" {
		r.login = actionsBot
		if u, _, err := r.client.Users.Get(r.ctx, ""); err == nil && u.GetLogin() != "" {
			r.login = u.GetLogin()
		}
	}
	return r.login
}

// commentBody renders the sticky comment: the verdict, what changed since the previous
// run, and the blocking findings on the lines the pull request changed.
func (r *run) commentBody(prev *commentState) string {
	res := r.res
	cur := currentState(res)
	stateJSON, _ := json.Marshal(cur)
	var b strings.Builder
	b.WriteString(CommentMarker + "\n")
	fmt.Fprintf(&b, "<!-- shiftgate:state %s -->\n", stateJSON)
	icon := map[result.Verdict]string{result.Pass: "✅ pass", result.Fail: "❌ fail", result.Error: "⚠️ error"}[res.Verdict]
	fmt.Fprintf(&b, "## shiftgate: %s\n\n", icon)
	if reason := strings.TrimSpace(res.Reason); reason != "" {
		if !strings.HasSuffix(reason, ".") {
			reason += "."
		}
		b.WriteString(markdown.Cell(strings.ToUpper(reason[:1])+reason[1:]) + "\n\n")
	}

	newFPs := map[string]bool{}
	switch {
	case prev == nil:
		b.WriteString("**Since the last run:** this is the first run on this pull request.\n\n")
	default:
		was := map[string]bool{}
		for _, fp := range prev.Blocking {
			was[fp] = true
		}
		now := map[string]bool{}
		for _, fp := range cur.Blocking {
			now[fp] = true
			if !was[fp] {
				newFPs[fp] = true
			}
		}
		fixed := 0
		for fp := range was {
			if !now[fp] {
				fixed++
			}
		}
		var parts []string
		if prev.Verdict != cur.Verdict {
			parts = append(parts, fmt.Sprintf("the verdict changed from %s to %s", prev.Verdict, cur.Verdict))
		}
		if len(newFPs) > 0 {
			parts = append(parts, fmt.Sprintf("%d new blocking finding(s)", len(newFPs)))
		}
		if fixed > 0 {
			parts = append(parts, fmt.Sprintf("%d blocking finding(s) fixed", fixed))
		}
		if len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("no change (%d blocking finding(s))", len(cur.Blocking)))
		}
		if prev.Truncated || cur.Truncated {
			parts = append(parts, "the comparison covers the first 1,500 blocking findings")
		}
		b.WriteString("**Since the last run:** " + strings.Join(parts, "; ") + ".\n\n")
	}

	blocking := res.Blocking()
	var listed []finding.Finding
	for _, f := range blocking {
		if r.Env.Inputs.Annotate != AnnotateChanged || r.inScopeChanged(&f) {
			listed = append(listed, f)
		}
	}
	if len(listed) > 0 {
		scope := ""
		if r.Env.Inputs.Annotate == AnnotateChanged && r.changes != nil {
			scope = " on the lines this pull request changed"
		}
		fmt.Fprintf(&b, "### Blocking findings%s (%d)\n\n", scope, len(listed))
		b.WriteString("| | severity | check | rule | location | message |\n|---|---|---|---|---|---|\n")
		for i, f := range listed {
			if i == maxCommentRows {
				fmt.Fprintf(&b, "\n… and %d more: see the job summary.\n", len(listed)-i)
				break
			}
			mark := ""
			if newFPs[shortFingerprint(f.Fingerprint)] {
				mark = "🆕"
			}
			loc := markdown.Code(markdown.Location(f))
			if u := r.Env.BlobURL(r.repoPath(f.Path), f.Line); u != "" {
				loc = "[" + loc + "](" + markdown.LinkTarget(u) + ")"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", mark, f.Severity, markdown.Cell(f.Check), markdown.Code(f.Rule), loc, markdown.Cell(r.redact(f.Message)))
		}
		b.WriteString("\n")
	}
	if outside := len(blocking) - len(listed); outside > 0 {
		fmt.Fprintf(&b, "%d more blocking finding(s) are outside the lines this pull request changed; they still count for the verdict.\n\n", outside)
	}
	if u := r.Env.RunURL(); u != "" {
		fmt.Fprintf(&b, "Details: [job summary and reports](%s).\n", u)
	}
	return truncateText(r.redact(b.String()), maxCommentChars, "\n\n… truncated: see the job summary.\n")
}

// inScopeChanged reports whether a finding is on a changed line (true when no diff is known).
func (r *run) inScopeChanged(f *finding.Finding) bool {
	return r.changes.ContainsSpan(r.repoPath(f.Path), f.Line, f.EndLine)
}
