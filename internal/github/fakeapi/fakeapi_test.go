package fakeapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	gh "github.com/google/go-github/v60/github"
)

func client(t *testing.T, s *Server, token string) *gh.Client {
	t.Helper()
	c := gh.NewClient(s.Client()).WithAuthToken(token)
	u, _ := url.Parse(s.URL + "/")
	c.BaseURL = u
	return c
}

func TestLoadsEveryOperation(t *testing.T) {
	ops, err := loadOperations()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, op := range ops {
		ids = append(ids, op.id)
	}
	for _, want := range []string{"checks/create", "checks/update", "code-scanning/upload-sarif", "code-scanning/get-sarif",
		"issues/list-comments", "issues/create-comment", "issues/update-comment", "pulls/list-files"} {
		if !strings.Contains(strings.Join(ids, " "), want) {
			t.Errorf("operation %s missing; have %v", want, ids)
		}
	}
}

func TestRejectsMoreThan50Annotations(t *testing.T) {
	s := New(t, "octo", "repo", "tok")
	s.AllowInvalid = true
	c := client(t, s, "tok")
	anns := make([]*gh.CheckRunAnnotation, 51)
	for i := range anns {
		anns[i] = &gh.CheckRunAnnotation{Path: gh.String("a.go"), StartLine: gh.Int(1), EndLine: gh.Int(1),
			AnnotationLevel: gh.String("failure"), Message: gh.String("m")}
	}
	_, _, err := c.Checks.CreateCheckRun(context.Background(), "octo", "repo", gh.CreateCheckRunOptions{
		Name: "shiftgate", HeadSHA: "0123456789abcdef0123456789abcdef01234567",
		Output: &gh.CheckRunOutput{Title: gh.String("t"), Summary: gh.String("s"), Annotations: anns},
	})
	var ge *gh.ErrorResponse
	if !errors.As(err, &ge) || ge.Response.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("51 annotations: got %v, want 422", err)
	}
	if v := s.Violations(); len(v) != 1 || !strings.Contains(v[0], "annotations") {
		t.Errorf("violations = %q, want one about annotations", v)
	}
	// 50 are fine.
	_, resp, err := c.Checks.CreateCheckRun(context.Background(), "octo", "repo", gh.CreateCheckRunOptions{
		Name: "shiftgate", HeadSHA: "0123456789abcdef0123456789abcdef01234567",
		Output: &gh.CheckRunOutput{Title: gh.String("t"), Summary: gh.String("s"), Annotations: anns[:50]},
	})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("50 annotations: %v, want 201", err)
	}
}

func TestRejectsBadRequests(t *testing.T) {
	s := New(t, "octo", "repo", "tok")
	s.AllowInvalid = true
	c := client(t, s, "tok")
	ctx := context.Background()
	// A short commit SHA and a ref that is not a full ref break the 2026 upload schema.
	_, _, err := c.CodeScanning.UploadSarif(ctx, "octo", "repo", &gh.SarifAnalysis{
		CommitSHA: gh.String("abc"), Ref: gh.String("main"), Sarif: gh.String("x")})
	if err == nil {
		t.Fatal("invalid upload accepted")
	}
	v := s.Violations()
	if len(v) != 1 || !strings.Contains(v[0], "commit_sha") || !strings.Contains(v[0], "ref") {
		t.Errorf("violations = %q", v)
	}
	// A field the 2026 schema does not know (additionalProperties: false).
	req, _ := c.NewRequest("POST", "repos/octo/repo/code-scanning/sarifs", map[string]any{
		"commit_sha": strings.Repeat("a", 40), "ref": "refs/heads/main", "sarif": "x", "category": "c"})
	if _, err := c.Do(ctx, req, nil); err == nil {
		t.Error("unknown field accepted")
	}
	// A page size that is not a number; an unknown path.
	req, _ = c.NewRequest("GET", "repos/octo/repo/pulls/1/files?per_page=lots", nil)
	if _, err := c.Do(ctx, req, nil); err == nil {
		t.Error("per_page=lots accepted")
	}
	req, _ = c.NewRequest("GET", "repos/octo/repo/nope", nil)
	if _, err := c.Do(ctx, req, nil); err == nil {
		t.Error("unknown path accepted")
	}
	if n := len(s.Violations()); n != 4 {
		t.Errorf("%d violations, want 4: %q", n, s.Violations())
	}
}

func TestAuthAndPagination(t *testing.T) {
	s := New(t, "octo", "repo", "tok")
	s.PerPage = 2
	ctx := context.Background()
	if _, _, err := client(t, s, "wrong").PullRequests.ListFiles(ctx, "octo", "repo", 1, nil); err == nil {
		t.Error("wrong token accepted")
	}
	for i := 0; i < 5; i++ {
		s.Files = append(s.Files, File{Filename: string(rune('a'+i)) + ".go", Status: "modified", Patch: "@@ -1 +1 @@\n+x"})
	}
	c := client(t, s, "tok")
	opts := &gh.ListOptions{PerPage: 100}
	var names []string
	pages := 0
	for {
		fs, resp, err := c.PullRequests.ListFiles(ctx, "octo", "repo", 1, opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, f := range fs {
			names = append(names, f.GetFilename())
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if pages != 3 || strings.Join(names, ",") != "a.go,b.go,c.go,d.go,e.go" {
		t.Errorf("pages=%d names=%v", pages, names)
	}
}

func TestReadOnlyToken(t *testing.T) {
	s := New(t, "octo", "repo", "tok")
	s.ReadOnly = true
	_, _, err := client(t, s, "tok").Issues.CreateComment(context.Background(), "octo", "repo", 1, &gh.IssueComment{Body: gh.String("x")})
	var ge *gh.ErrorResponse
	if !errors.As(err, &ge) || ge.Response.StatusCode != http.StatusForbidden || ge.Message != "Resource not accessible by integration" {
		t.Fatalf("got %v, want 403 Resource not accessible by integration", err)
	}
}

// recorder is a testing.TB that keeps Errorf messages instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestAnswersFollowTheDescription(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec, "octo", "repo", "tok")
	var create *operation
	for _, op := range s.ops {
		if op.id == "checks/create" {
			create = op
		}
	}
	// GitHub's own example is the template: fields we do not set come from it.
	w := httptest.NewRecorder()
	s.reply(w, create, 201, map[string]any{"id": 7, "name": "shiftgate", "conclusion": "failure"})
	var got map[string]any
	json.Unmarshal(w.Body.Bytes(), &got)
	if got["name"] != "shiftgate" || got["node_id"] != "MDg6Q2hlY2tSdW40" || got["app"] == nil || len(rec.errs) != 0 {
		t.Errorf("answer = %v, errors %q", got, rec.errs)
	}
	// An answer that breaks the schema is the fake's own bug: it fails the test.
	s.reply(httptest.NewRecorder(), create, 201, map[string]any{"conclusion": "bogus"})
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "breaks the description") {
		t.Errorf("a bad answer was not caught: %q", rec.errs)
	}
	// Files without a patch (binary files) have no patch field.
	s.Files = []File{{Filename: "logo.png", Status: "added"}}
	fs, _, err := client(t, s, "tok").PullRequests.ListFiles(context.Background(), "octo", "repo", 1, nil)
	if err != nil || len(fs) != 1 || fs[0].Patch != nil || fs[0].GetSHA() == "" || fs[0].GetFilename() != "logo.png" {
		t.Errorf("files = %v, %v", fs, err)
	}
}
