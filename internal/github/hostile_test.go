package github

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/github/fakeapi"
)

// Attack 15 of issue 12: an attacker's earlier comment carrying the marker is not
// edited into the shiftgate comment; the bot's own comment still is.
func TestStickyCommentIsMatchedByMarkerAndAuthor(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.api.PerPage = 2
	mallory := h.api.AddCommentBy(42, "mallory", CommentMarker+"\nshiftgate: ✅ pass — nothing to see")
	h.api.AddComment(42, "LGTM")
	h.publish(testResult())
	cs := h.api.Comments()
	if len(cs) != 3 {
		t.Fatalf("%d comments, want 3: a new comment beside the attacker's", len(cs))
	}
	for _, c := range cs {
		if c.ID == mallory && !strings.Contains(c.Body, "nothing to see") {
			t.Errorf("the attacker's comment was edited:\n%s", c.Body)
		}
	}
	ours := cs[2].ID
	// The next run edits the bot's comment, not the attacker's.
	h.publish(testResult())
	if cs := h.api.Comments(); len(cs) != 3 || cs[2].ID != ours {
		t.Errorf("second run: %d comments, want 3 with ours (%d) edited", len(cs), ours)
	}
	// A personal token writes as its user: that user's comment is the sticky one.
	h2 := newHarness(t, "pull_request.json")
	h2.api.TokenUser = "ci-bot"
	h2.api.AddCommentBy(42, "mallory", CommentMarker+"\nfake")
	own := h2.api.AddCommentBy(42, "ci-bot", CommentMarker+"\nold")
	h2.publish(testResult())
	for _, c := range h2.api.Comments() {
		if c.ID == own && c.Body == CommentMarker+"\nold" {
			t.Errorf("the token user's own comment was not updated")
		}
		if c.Author == "mallory" && c.Body != CommentMarker+"\nfake" {
			t.Errorf("the attacker's comment was edited")
		}
	}
}

func TestPaginationIsBoundedAndDetectsLoops(t *testing.T) {
	calls := 0
	loop := func(page int) (int, error) { calls++; return 2, nil } // next is always page 2
	if err := paginate(loop); err == nil || !strings.Contains(err.Error(), "does not follow") || calls != 2 {
		t.Errorf("a looping next link: %d calls, err %v", calls, err)
	}
	calls = 0
	endless := func(page int) (int, error) { calls++; return max(page, 1) + 1, nil }
	if err := paginate(endless); err == nil || calls != maxPages {
		t.Errorf("an endless listing: %d calls, err %v; want %d calls and an error", calls, err, maxPages)
	}
	calls = 0
	three := func(page int) (int, error) {
		calls++
		if page == 3 {
			return 0, nil
		}
		return max(page, 1) + 1, nil
	}
	if err := paginate(three); err != nil || calls != 3 {
		t.Errorf("three pages: %d calls, err %v", calls, err)
	}
	boom := errors.New("boom")
	if err := paginate(func(int) (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("error not returned: %v", err)
	}
}

// The token never follows a redirect to another host.
func TestRedirectsAcrossHostsAreRefused(t *testing.T) {
	var leaked atomic.Int32
	var hits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
		w.Write([]byte("[]"))
	}))
	defer evil.Close()
	h := newHarness(t, "pull_request.json")
	h.api.Inject(fakeapi.Fault{Operation: "issues/list-comments", Status: http.StatusFound, Times: 10,
		Header: map[string]string{"Location": evil.URL + "/steal"}})
	h.publish(testResult())
	h.assertNoToken()
	if leaked.Load() != 0 || hits.Load() != 0 {
		t.Errorf("the client followed a cross-host redirect (%d requests, %d with the token)", hits.Load(), leaked.Load())
	}
	if log := h.stdout.String(); !strings.Contains(log, "refused a redirect from") {
		t.Errorf("the log does not say the redirect was refused:\n%s", log)
	}
}

// Issue 12, attack 12: a file name and a rule id the change chooses cannot start a
// workflow command in the step log, and stay text in the job summary and comment.
func TestAnnotationsAndMarkdownEscapeHostileNames(t *testing.T) {
	h := newHarness(t, "pull_request.json")
	h.vars["INPUT_ANNOTATE"] = "all"
	res := testResult()
	hostile := "x\n::stop-commands::pwned/a](https://evil.example/)`.go"
	res.Findings = append(res.Findings, fnd("sarif", "r\n::warning::spoofed", finding.Critical, finding.StatusBlocking, hostile, 1, "<img src=x onerror=alert(1)> [ok](https://evil.example/)"))
	finding.Sort(res.Findings)
	res = finalize(res)
	h.publish(res)
	log := h.stdout.String()
	for _, line := range strings.Split(log, "\n") {
		if t := strings.TrimLeft(line, " \t"); strings.HasPrefix(t, "::stop-commands") || strings.HasPrefix(t, "::warning::spoofed") {
			t0 := line
			h.t.Errorf("the log has an injected workflow command: %q", t0)
		}
	}
	// Rendered as GitHub renders Markdown (GFM, here by goldmark): no image and no link
	// disguised as other text (a bare URL is autolinked as itself, as on GitHub).
	gfm := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for name, md := range map[string]string{"job summary": h.file("summary.md"), "comment": commentBodies(h.api)} {
		var html bytes.Buffer
		if err := gfm.Convert([]byte(md), &html); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html.String(), "<img") || strings.Contains(html.String(), `">ok</a>`) || strings.Contains(html.String(), `href="https://evil.example/)`) {
			t.Errorf("the %s renders the change's markup:\n%s", name, html.String())
		}
		if !strings.Contains(html.String(), "evil.example") {
			t.Errorf("the %s lost the hostile finding", name)
		}
	}
}

func commentBodies(api *fakeapi.Server) string {
	var b strings.Builder
	for _, c := range api.Comments() {
		b.WriteString(c.Body)
	}
	return b.String()
}
