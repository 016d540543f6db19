// Package fakeapi is an in-process stand-in for the GitHub REST API, for tests. Every
// request is validated against GitHub's own OpenAPI description (method, path, path and
// query parameters, request body schema) and answered the way GitHub answers: 201 and
// 202 where GitHub gives them, pagination with Link headers, 422 for an invalid body
// (such as more than 50 check-run annotations), 403 for a read-only token, and
// injectable 502s and secondary rate limits for the retry paths.
package fakeapi

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed spec/*.json
var specFS embed.FS

// specURL is the URL the merged description is registered under in the schema compiler.
const specURL = "https://fakeapi.invalid/github-api.json"

// Request is one request the server received, after validation.
type Request struct {
	Method    string
	Path      string
	Query     url.Values
	Operation string // the OpenAPI operationId, "" when no operation matched
	Header    http.Header
	Body      []byte
	// Status is what the server answered.
	Status int
}

// File is a changed file of the pull request, as pulls/list-files returns it.
type File struct {
	Filename, Status, Patch string
}

// Comment is an issue comment.
type Comment struct {
	ID    int64
	Issue int
	Body  string
	// Author is the login that wrote it; "" is github-actions[bot] (the GITHUB_TOKEN).
	Author string
}

// CheckRun is a check run and every annotation it received.
type CheckRun struct {
	ID          int64
	Name        string
	ExternalID  string
	DetailsURL  string
	HeadSHA     string
	Conclusion  string
	Title       string
	Summary     string
	Annotations []map[string]any
}

// SARIFUpload is one accepted code-scanning upload, decoded.
type SARIFUpload struct {
	ID        string
	CommitSHA string
	Ref       string
	SARIF     map[string]any // the gunzipped, parsed log
	GzipSize  int
	polls     int
}

// Fault makes the server answer one operation with an error a number of times before
// answering normally.
type Fault struct {
	Operation string // operationId, e.g. "checks/create"
	Status    int    // e.g. 502, 403, 429
	Times     int
	// Header is added to the fault's response (e.g. Retry-After).
	Header map[string]string
	// Message is the fault's JSON message.
	Message string
}

// Server is the fake API. Configure its fields before the code under test runs.
type Server struct {
	*httptest.Server
	// Token is the token a request must carry (Authorization: Bearer or token).
	Token string
	// Owner and Repo name the one repository the server knows.
	Owner, Repo string
	// ReadOnly answers every write with 403 "Resource not accessible by integration",
	// as GitHub does for a fork pull request's GITHUB_TOKEN.
	ReadOnly bool
	// Files are the pull request's changed files (every PR number gets them).
	Files []File
	// PerPage caps page sizes, to exercise pagination with few items; 0 means 100.
	PerPage int
	// SARIFProcessing is what get-sarif reports after the first "pending" poll:
	// "complete" (default) or "failed" with SARIFErrors.
	SARIFProcessing string
	SARIFErrors     []string
	// SARIFNoPending skips the first "pending" answer, for tests that poll for real.
	SARIFNoPending bool
	// Contents are the repository's files by commit: ref → slash path → content, served
	// by repos/get-content (a folder is any path prefix of a file). A ref not listed
	// is 404, as GitHub answers for a commit it does not have.
	Contents map[string]map[string]string
	// TokenUser is the login GET /user answers with (a personal token); "" answers 403
	// "Resource not accessible by integration", as GitHub does for the GITHUB_TOKEN.
	TokenUser string

	t      testing.TB
	ops    []*operation
	mu     sync.Mutex
	reqs   []Request
	faults []Fault
	// Comments, CheckRuns and Uploads are the server's state.
	comments  []*Comment
	checkRuns []*CheckRun
	uploads   []*SARIFUpload
	nextID    int64
	// Violations are requests that broke the description.
	violations []string
	// BasePath is the API root's path: "" for api.github.com, "/api/v3" for GitHub
	// Enterprise Server.
	BasePath string
	// AllowInvalid keeps spec violations from failing the test (for tests of the
	// server's own 422 answers).
	AllowInvalid bool
}

// operation is one OpenAPI operation with its compiled validators.
type operation struct {
	id       string
	method   string
	segments []string // path template split on "/"
	params   []param
	body     *jsonschema.Schema
	bodyReq  bool
	// responses are the success answers: their schema and GitHub's example payload.
	responses map[int]*response
}

// response is one documented success answer.
type response struct {
	schema  *jsonschema.Schema
	example any // the description's first example value, nil when it has none
}

type param struct {
	name, in string
	required bool
	schema   *jsonschema.Schema
	typ      string
}

// New starts a fake API for owner/repo that accepts token. It fails the test on any
// request that does not match GitHub's description, unless AllowInvalid is set.
func New(t testing.TB, owner, repo, token string) *Server {
	t.Helper()
	ops, err := loadOperations()
	if err != nil {
		t.Fatalf("fakeapi: %v", err)
	}
	s := &Server{Token: token, Owner: owner, Repo: repo, t: t, ops: ops, nextID: 1000}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// Requests returns every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Violations returns the requests that broke GitHub's description.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// Comments returns the issue comments.
func (s *Server) Comments() []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.comments {
		out = append(out, *c)
	}
	return out
}

// AddComment seeds an existing comment (e.g. from another bot or a previous run).
func (s *Server) AddComment(issue int, body string) int64 {
	return s.AddCommentBy(issue, "", body)
}

// AddCommentBy seeds an existing comment written by author ("" is github-actions[bot]).
func (s *Server) AddCommentBy(issue int, author, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.comments = append(s.comments, &Comment{ID: s.nextID, Issue: issue, Body: body, Author: author})
	return s.nextID
}

// CheckRuns returns the check runs.
func (s *Server) CheckRuns() []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CheckRun
	for _, c := range s.checkRuns {
		cp := *c
		cp.Annotations = append([]map[string]any(nil), c.Annotations...)
		out = append(out, cp)
	}
	return out
}

// Uploads returns the accepted SARIF uploads.
func (s *Server) Uploads() []SARIFUpload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SARIFUpload
	for _, u := range s.uploads {
		out = append(out, *u)
	}
	return out
}

// loadOperations merges the 2022 trimmed description with the 2026 SARIF operations and
// compiles a validator for every parameter and request body.
func loadOperations() ([]*operation, error) {
	doc, err := mergedSpec()
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(specURL, doc); err != nil {
		return nil, fmt.Errorf("could not load the OpenAPI description: %w", err)
	}
	root := doc.(map[string]any)
	paths := root["paths"].(map[string]any)
	var ops []*operation
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, p := range keys {
		item := paths[p].(map[string]any)
		for _, method := range []string{"get", "post", "patch", "put", "delete"} {
			raw, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			op := &operation{id: raw["operationId"].(string), method: strings.ToUpper(method), segments: strings.Split(p, "/")}
			ptr := "#/paths/" + escapePointer(p) + "/" + method
			list, _ := raw["parameters"].([]any)
			for i, pv := range list {
				pm := pv.(map[string]any)
				loc := fmt.Sprintf("%s/parameters/%d", ptr, i)
				if ref, ok := pm["$ref"].(string); ok {
					loc = ref
					pm = resolve(root, ref)
				}
				sch, err := c.Compile(specURL + loc + "/schema")
				if err != nil {
					return nil, fmt.Errorf("could not compile the schema of parameter %v of %s: %w", pm["name"], op.id, err)
				}
				typ, _ := pm["schema"].(map[string]any)["type"].(string)
				req, _ := pm["required"].(bool)
				op.params = append(op.params, param{name: pm["name"].(string), in: pm["in"].(string), required: req, schema: sch, typ: typ})
			}
			if rb, ok := raw["requestBody"].(map[string]any); ok {
				op.bodyReq, _ = rb["required"].(bool)
				sch, err := c.Compile(specURL + ptr + "/requestBody/content/application~1json/schema")
				if err != nil {
					return nil, fmt.Errorf("could not compile the request body schema of %s: %w", op.id, err)
				}
				op.body = sch
			}
			if err := op.loadResponses(c, root, raw, ptr); err != nil {
				return nil, err
			}
			ops = append(ops, op)
		}
	}
	return ops, nil
}

// loadResponses compiles the schema of every 2xx JSON answer and keeps its example.
func (op *operation) loadResponses(c *jsonschema.Compiler, root, raw map[string]any, ptr string) error {
	op.responses = map[int]*response{}
	resps, _ := raw["responses"].(map[string]any)
	for code, rv := range resps {
		status, err := strconv.Atoi(code)
		if err != nil || status < 200 || status > 299 {
			continue
		}
		rm := rv.(map[string]any)
		loc := ptr + "/responses/" + code
		if ref, ok := rm["$ref"].(string); ok {
			rm, loc = resolve(root, ref), ref
		}
		content, _ := rm["content"].(map[string]any)
		media, ok := content["application/json"].(map[string]any)
		if !ok {
			continue
		}
		sch, err := c.Compile(specURL + loc + "/content/application~1json/schema")
		if err != nil {
			return fmt.Errorf("could not compile the %s answer of %s: %w", code, op.id, err)
		}
		r := &response{schema: sch}
		if exs, ok := media["examples"].(map[string]any); ok {
			names := make([]string, 0, len(exs))
			for n := range exs {
				names = append(names, n)
			}
			sort.Strings(names)
			ex := exs[names[0]].(map[string]any)
			if ref, ok := ex["$ref"].(string); ok {
				ex = resolve(root, ref)
			}
			r.example = ex["value"]
		}
		op.responses[status] = r
	}
	return nil
}

// mergedSpec is the trimmed 2022 description with the 2026 SARIF operations in place of
// the 2022 ones, OpenAPI's nullable turned into JSON Schema's null type.
func mergedSpec() (any, error) {
	read := func(name string) (map[string]any, error) {
		b, err := specFS.ReadFile("spec/" + name)
		if err != nil {
			return nil, err
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("could not parse %s: %w", name, err)
		}
		return v.(map[string]any), nil
	}
	doc, err := read("github-api-trimmed.2022-07-18.json")
	if err != nil {
		return nil, err
	}
	current, err := read("code-scanning-sarifs.2026.paths.partial.json")
	if err != nil {
		return nil, err
	}
	paths := doc["paths"].(map[string]any)
	for p, item := range current {
		paths[p] = item
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	schemas["code-scanning-ref-full"] = map[string]any{
		"type":        "string",
		"description": "The full Git reference (reconstructed: see spec/SOURCE.txt).",
		"pattern":     `^refs/(heads|tags|pull)/\S+$`,
	}
	nullable(doc)
	return doc, nil
}

// nullable rewrites OpenAPI 3.0's `nullable: true` as a JSON Schema null type.
func nullable(v any) {
	switch x := v.(type) {
	case map[string]any:
		if n, _ := x["nullable"].(bool); n {
			if t, ok := x["type"].(string); ok {
				x["type"] = []any{t, "null"}
			}
			if e, ok := x["enum"].([]any); ok {
				x["enum"] = append(e, nil)
			}
			delete(x, "nullable")
		}
		for _, c := range x {
			nullable(c)
		}
	case []any:
		for _, c := range x {
			nullable(c)
		}
	}
}

func escapePointer(s string) string {
	s = strings.ReplaceAll(s, "~", "~0")
	s = strings.ReplaceAll(s, "/", "~1")
	return url.PathEscape(s)
}

func resolve(root map[string]any, ref string) map[string]any {
	var cur any = root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = cur.(map[string]any)[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
	}
	return cur.(map[string]any)
}

// match finds the operation for a method and path, and its path parameters.
func (s *Server) match(method, path string) (*operation, map[string]string, bool) {
	segs := strings.Split(path, "/")
	pathKnown := false
	for _, op := range s.ops {
		if len(op.segments) != len(segs) && (op.segments[len(op.segments)-1] != "{path}" || len(segs) < len(op.segments)) {
			continue
		}
		vals := map[string]string{}
		ok := true
		for i, t := range op.segments {
			if t == "{path}" && i == len(op.segments)-1 {
				// repos/get-content's path is the rest of the URL, slashes and all.
				v, err := url.PathUnescape(strings.Join(segs[i:], "/"))
				if err != nil || v == "" {
					ok = false
				}
				vals["path"] = v
				break
			}
			if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
				if segs[i] == "" {
					ok = false
					break
				}
				v, err := url.PathUnescape(segs[i])
				if err != nil {
					ok = false
					break
				}
				vals[t[1:len(t)-1]] = v
				continue
			}
			if t != segs[i] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		pathKnown = true
		if op.method == method {
			return op, vals, true
		}
	}
	return nil, nil, pathKnown
}

// validate checks a request against its operation and returns the problems.
func (op *operation) validate(pathVals map[string]string, query url.Values, body []byte) []string {
	var probs []string
	known := map[string]bool{}
	for _, p := range op.params {
		var raw string
		var present bool
		switch p.in {
		case "path":
			raw, present = pathVals[p.name]
		case "query":
			known[p.name] = true
			present = query.Has(p.name)
			raw = query.Get(p.name)
		default:
			continue
		}
		if !present {
			if p.required {
				probs = append(probs, fmt.Sprintf("missing required %s parameter %q", p.in, p.name))
			}
			continue
		}
		var v any = raw
		switch p.typ {
		case "integer", "number":
			n, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				probs = append(probs, fmt.Sprintf("%s parameter %q = %q is not a number", p.in, p.name, raw))
				continue
			}
			v = json.Number(strconv.FormatFloat(n, 'f', -1, 64))
		case "boolean":
			v = raw == "true"
		}
		if err := p.schema.Validate(v); err != nil {
			probs = append(probs, fmt.Sprintf("%s parameter %q: %v", p.in, p.name, err))
		}
	}
	for name := range query {
		if !known[name] {
			probs = append(probs, fmt.Sprintf("unknown query parameter %q", name))
		}
	}
	switch {
	case op.body == nil && len(bytes.TrimSpace(body)) > 0:
		probs = append(probs, "the operation takes no request body")
	case op.body != nil && len(bytes.TrimSpace(body)) == 0:
		if op.bodyReq {
			probs = append(probs, "missing required request body")
		}
	case op.body != nil:
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			probs = append(probs, fmt.Sprintf("request body is not JSON: %v", err))
		} else if err := op.body.Validate(inst); err != nil {
			probs = append(probs, fmt.Sprintf("request body: %v", err))
		}
	}
	return probs
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	status := s.handle(w, r, &rec, body)
	rec.Status = status
	s.mu.Lock()
	s.reqs = append(s.reqs, rec)
	s.mu.Unlock()
}

// remove, as an override value, deletes the key from the example.
type remove struct{}

// reply answers with the operation's documented example for status, the overrides
// merged in (maps recursively, other values replaced), checked against the answer's
// schema: a fake that strays from GitHub's shape fails the test. For list answers,
// items are merged one by one into the example's first item.
func (s *Server) reply(w http.ResponseWriter, op *operation, status int, overrides any) int {
	r := op.responses[status]
	if r == nil {
		s.t.Errorf("fakeapi: %s has no documented %d answer", op.id, status)
		return writeJSON(w, status, overrides)
	}
	var v any
	if items, ok := overrides.([]any); ok {
		list := []any{}
		var tmpl any
		if ex, ok := r.example.([]any); ok && len(ex) > 0 {
			tmpl = ex[0]
		}
		for _, it := range items {
			list = append(list, merge(deepCopy(tmpl), it))
		}
		v = list
	} else {
		v = merge(deepCopy(r.example), overrides)
	}
	b, err := json.Marshal(v)
	if err != nil {
		s.t.Errorf("fakeapi: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err == nil {
		err = r.schema.Validate(inst)
	}
	if err != nil {
		s.t.Errorf("fakeapi: its own %d answer to %s breaks the description: %v", status, op.id, err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
	return status
}

func deepCopy(v any) any {
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
}

func merge(base, over any) any {
	bm, ok1 := base.(map[string]any)
	om, ok2 := over.(map[string]any)
	if !ok1 || !ok2 {
		return over
	}
	for k, v := range om {
		if _, del := v.(remove); del {
			delete(bm, k)
			continue
		}
		bm[k] = merge(bm[k], v)
	}
	return bm
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
	return status
}

func ghError(w http.ResponseWriter, status int, msg string) int {
	return writeJSON(w, status, map[string]any{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func (s *Server) violation(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.violations = append(s.violations, msg)
	allow := s.AllowInvalid
	s.mu.Unlock()
	if !allow {
		s.t.Errorf("fakeapi: request breaks GitHub's OpenAPI description: %s", msg)
	}
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request, rec *Request, body []byte) int {
	p, ok := strings.CutPrefix(r.URL.Path, s.BasePath)
	if !ok {
		s.violation("%s %s: outside the API root %q", r.Method, r.URL.Path, s.BasePath)
		return ghError(w, http.StatusNotFound, "Not Found")
	}
	op, pathVals, pathKnown := s.match(r.Method, p)
	if op == nil {
		if pathKnown {
			s.violation("%s %s: method not in the description", r.Method, r.URL.Path)
			return ghError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		}
		s.violation("%s %s: no such operation in the description", r.Method, r.URL.Path)
		return ghError(w, http.StatusNotFound, "Not Found")
	}
	rec.Operation = op.id
	auth := r.Header.Get("Authorization")
	if s.Token == "" || (auth != "Bearer "+s.Token && auth != "token "+s.Token) {
		return ghError(w, http.StatusUnauthorized, "Bad credentials")
	}
	if probs := op.validate(pathVals, r.URL.Query(), body); len(probs) > 0 {
		s.violation("%s (%s %s): %s", op.id, r.Method, r.URL.Path, strings.Join(probs, "; "))
		return writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": "Invalid request.\n\n" + strings.Join(probs, "\n"), "documentation_url": "https://docs.github.com/rest",
		})
	}
	if op.id == "users/get-authenticated" {
		if s.TokenUser == "" {
			return ghError(w, http.StatusForbidden, "Resource not accessible by integration")
		}
		// The documented example fills in every other field.
		return s.reply(w, op, http.StatusOK, map[string]any{"login": s.TokenUser, "type": "User"})
	}
	if pathVals["owner"] != s.Owner || pathVals["repo"] != s.Repo {
		return ghError(w, http.StatusNotFound, "Not Found")
	}
	if st, ok := s.fault(w, op.id); ok {
		return st
	}
	if s.ReadOnly && r.Method != http.MethodGet {
		return ghError(w, http.StatusForbidden, "Resource not accessible by integration")
	}
	var in map[string]any
	if len(body) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		dec.Decode(&in)
	}
	switch op.id {
	case "checks/create":
		return s.createCheckRun(w, op, in)
	case "checks/update":
		return s.updateCheckRun(w, op, pathVals["check_run_id"], in)
	case "code-scanning/upload-sarif":
		return s.uploadSARIF(w, op, in)
	case "code-scanning/get-sarif":
		return s.getSARIF(w, op, pathVals["sarif_id"])
	case "issues/list-comments":
		issue, _ := strconv.Atoi(pathVals["issue_number"])
		s.mu.Lock()
		var items []any
		for _, c := range s.comments {
			if c.Issue == issue {
				items = append(items, s.commentJSON(c))
			}
		}
		s.mu.Unlock()
		return s.paginate(w, r, op, items)
	case "issues/create-comment":
		issue, _ := strconv.Atoi(pathVals["issue_number"])
		s.mu.Lock()
		s.nextID++
		c := &Comment{ID: s.nextID, Issue: issue, Body: fmt.Sprint(in["body"])}
		s.comments = append(s.comments, c)
		out := s.commentJSON(c)
		s.mu.Unlock()
		return s.reply(w, op, http.StatusCreated, out)
	case "issues/update-comment":
		id, _ := strconv.ParseInt(pathVals["comment_id"], 10, 64)
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, c := range s.comments {
			if c.ID == id {
				c.Body = fmt.Sprint(in["body"])
				return s.reply(w, op, http.StatusOK, s.commentJSON(c))
			}
		}
		return ghError(w, http.StatusNotFound, "Not Found")
	case "repos/get-content":
		return s.getContent(w, op, pathVals["path"], r.URL.Query().Get("ref"))
	case "pulls/list-files":
		var items []any
		for _, f := range s.Files {
			item := map[string]any{"sha": "bbcd538c8e72b8c175046e27cc8f907076331401", "filename": f.Filename, "status": f.Status,
				"additions": 1, "deletions": 0, "changes": 1,
				"blob_url":     s.URL + "/" + s.Owner + "/" + s.Repo + "/blob/head/" + f.Filename,
				"raw_url":      s.URL + "/" + s.Owner + "/" + s.Repo + "/raw/head/" + f.Filename,
				"contents_url": s.URL + "/repos/" + s.Owner + "/" + s.Repo + "/contents/" + f.Filename}
			if f.Patch != "" {
				item["patch"] = f.Patch
			} else {
				item["patch"] = remove{}
			}
			items = append(items, item)
		}
		return s.paginate(w, r, op, items)
	}
	return ghError(w, http.StatusNotImplemented, "fakeapi does not implement "+op.id)
}

// fault answers with an injected fault when one is due.
func (s *Server) fault(w http.ResponseWriter, opID string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		f := &s.faults[i]
		if f.Operation != opID || f.Times <= 0 {
			continue
		}
		f.Times--
		for k, v := range f.Header {
			w.Header().Set(k, v)
		}
		msg := f.Message
		if msg == "" {
			msg = http.StatusText(f.Status)
		}
		return ghError(w, f.Status, msg), true
	}
	return 0, false
}

// paginate answers a list with GitHub's page and per_page parameters and Link header.
func (s *Server) paginate(w http.ResponseWriter, r *http.Request, op *operation, items []any) int {
	per := 30
	if v, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	if s.PerPage > 0 {
		per = min(per, s.PerPage)
	}
	page := 1
	if v, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && v > 0 {
		page = v
	}
	last := max(1, (len(items)+per-1)/per)
	start := min((page-1)*per, len(items))
	end := min(start+per, len(items))
	link := func(p int, rel string) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, s.URL, r.URL.Path, q.Encode(), rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	out := items[start:end]
	if out == nil {
		out = []any{}
	}
	return s.reply(w, op, http.StatusOK, out)
}

func (s *Server) commentJSON(c *Comment) map[string]any {
	user := map[string]any{"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
	if c.Author != "" {
		user = map[string]any{"login": c.Author, "id": 7, "type": "User"}
	}
	return map[string]any{
		"id": c.ID, "node_id": "IC_" + strconv.FormatInt(c.ID, 10), "body": c.Body,
		"url":        fmt.Sprintf("%s/repos/%s/%s/issues/comments/%d", s.URL, s.Owner, s.Repo, c.ID),
		"html_url":   fmt.Sprintf("https://github.com/%s/%s/pull/%d#issuecomment-%d", s.Owner, s.Repo, c.Issue, c.ID),
		"issue_url":  fmt.Sprintf("%s/repos/%s/%s/issues/%d", s.URL, s.Owner, s.Repo, c.Issue),
		"user":       user,
		"created_at": "2026-11-22T10:00:00Z", "updated_at": "2026-11-22T10:00:00Z", "author_association": "NONE",
	}
}

func (s *Server) checkRunJSON(c *CheckRun) map[string]any {
	// Setting a conclusion completes a run; without one it stays queued.
	var status, conclusion, completed any = "queued", nil, nil
	if c.Conclusion != "" {
		status, conclusion, completed = "completed", c.Conclusion, "2026-11-22T10:00:05Z"
	}
	return map[string]any{
		"id": c.ID, "node_id": "CR_" + strconv.FormatInt(c.ID, 10), "name": c.Name, "head_sha": c.HeadSHA,
		"status": status, "conclusion": conclusion, "completed_at": completed, "external_id": c.ExternalID, "details_url": c.DetailsURL,
		"pull_requests": []any{},
		"url":           fmt.Sprintf("%s/repos/%s/%s/check-runs/%d", s.URL, s.Owner, s.Repo, c.ID),
		"html_url":      fmt.Sprintf("https://github.com/%s/%s/runs/%d", s.Owner, s.Repo, c.ID),
		"output": map[string]any{"title": c.Title, "summary": c.Summary, "text": nil, "annotations_count": len(c.Annotations),
			"annotations_url": fmt.Sprintf("%s/repos/%s/%s/check-runs/%d/annotations", s.URL, s.Owner, s.Repo, c.ID)},
	}
}

func (s *Server) applyOutput(c *CheckRun, in map[string]any) {
	out, ok := in["output"].(map[string]any)
	if !ok {
		return
	}
	if t, ok := out["title"].(string); ok {
		c.Title = t
	}
	if t, ok := out["summary"].(string); ok {
		c.Summary = t
	}
	anns, _ := out["annotations"].([]any)
	for _, a := range anns {
		c.Annotations = append(c.Annotations, a.(map[string]any))
	}
}

func (s *Server) createCheckRun(w http.ResponseWriter, op *operation, in map[string]any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	c := &CheckRun{ID: s.nextID, Name: fmt.Sprint(in["name"]), HeadSHA: fmt.Sprint(in["head_sha"])}
	c.ExternalID, _ = in["external_id"].(string)
	c.DetailsURL, _ = in["details_url"].(string)
	if v, ok := in["conclusion"].(string); ok {
		c.Conclusion = v
	}
	s.applyOutput(c, in)
	s.checkRuns = append(s.checkRuns, c)
	return s.reply(w, op, http.StatusCreated, s.checkRunJSON(c))
}

func (s *Server) updateCheckRun(w http.ResponseWriter, op *operation, idText string, in map[string]any) int {
	id, _ := strconv.ParseInt(idText, 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.checkRuns {
		if c.ID == id {
			if v, ok := in["conclusion"].(string); ok {
				c.Conclusion = v
			}
			s.applyOutput(c, in)
			return s.reply(w, op, http.StatusOK, s.checkRunJSON(c))
		}
	}
	return ghError(w, http.StatusNotFound, "Not Found")
}

// uploadSARIF decodes the upload as GitHub does: base64, gzip, JSON with runs.
func (s *Server) uploadSARIF(w http.ResponseWriter, op *operation, in map[string]any) int {
	raw, err := base64.StdEncoding.DecodeString(fmt.Sprint(in["sarif"]))
	if err != nil {
		return ghError(w, http.StatusBadRequest, "Invalid SARIF: not base64")
	}
	if len(raw) > 10<<20 {
		return ghError(w, http.StatusRequestEntityTooLarge, "Payload Too Large: the SARIF upload is over 10 MB gzipped")
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return ghError(w, http.StatusBadRequest, "Invalid SARIF: not gzip")
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		return ghError(w, http.StatusBadRequest, "Invalid SARIF: broken gzip stream")
	}
	var log map[string]any
	if err := json.Unmarshal(plain, &log); err != nil {
		return ghError(w, http.StatusBadRequest, "Invalid SARIF: not JSON")
	}
	runs, _ := log["runs"].([]any)
	if log["version"] != "2.1.0" || len(runs) == 0 || len(runs) > 20 {
		return ghError(w, http.StatusBadRequest, "Invalid SARIF: want version 2.1.0 and 1 to 20 runs")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	id := fmt.Sprintf("47177e22-5596-11eb-80a1-c1e54ef945c6-%d", s.nextID)
	s.uploads = append(s.uploads, &SARIFUpload{ID: id, CommitSHA: fmt.Sprint(in["commit_sha"]), Ref: fmt.Sprint(in["ref"]), SARIF: log, GzipSize: len(raw)})
	return s.reply(w, op, http.StatusAccepted, map[string]any{
		"id": id, "url": fmt.Sprintf("%s/repos/%s/%s/code-scanning/sarifs/%s", s.URL, s.Owner, s.Repo, id),
	})
}

// getSARIF reports "pending" on the first poll, then SARIFProcessing.
func (s *Server) getSARIF(w http.ResponseWriter, op *operation, id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.uploads {
		if u.ID != id {
			continue
		}
		u.polls++
		if u.polls == 1 && !s.SARIFNoPending {
			return s.reply(w, op, http.StatusOK, map[string]any{"processing_status": "pending", "analyses_url": nil, "errors": nil})
		}
		if s.SARIFProcessing == "failed" {
			return s.reply(w, op, http.StatusOK, map[string]any{"processing_status": "failed", "analyses_url": nil, "errors": s.SARIFErrors})
		}
		return s.reply(w, op, http.StatusOK, map[string]any{"processing_status": "complete",
			"analyses_url": fmt.Sprintf("%s/repos/%s/%s/code-scanning/analyses?sarif_id=%s", s.URL, s.Owner, s.Repo, id), "errors": nil})
	}
	return ghError(w, http.StatusNotFound, "Not Found if the sarif id does not match any upload")
}

// getContent answers repos/get-content from Contents: a file's base64 content, a
// folder's entries, or 404.
func (s *Server) getContent(w http.ResponseWriter, op *operation, p, ref string) int {
	files, ok := s.Contents[ref]
	if !ok {
		return ghError(w, http.StatusNotFound, "No commit found for the ref "+ref)
	}
	p = strings.Trim(p, "/")
	entry := func(kind, name, full string, size int) map[string]any {
		api := s.URL + "/repos/" + s.Owner + "/" + s.Repo + "/contents/" + full + "?ref=" + ref
		html := s.URL + "/" + s.Owner + "/" + s.Repo + "/blob/" + ref + "/" + full
		git := s.URL + "/repos/" + s.Owner + "/" + s.Repo + "/git/blobs/3d21ec53a331a6f037a91c368710b99387d012c1"
		return map[string]any{"type": kind, "name": name, "path": full, "size": size, "sha": "3d21ec53a331a6f037a91c368710b99387d012c1",
			"url": api, "git_url": git, "html_url": html, "download_url": s.URL + "/raw/" + ref + "/" + full,
			"_links": map[string]any{"self": api, "git": git, "html": html}}
	}
	if text, ok := files[p]; ok {
		e := entry("file", path.Base(p), p, len(text))
		e["encoding"] = "base64"
		e["content"] = base64.StdEncoding.EncodeToString([]byte(text))
		return s.reply(w, op, http.StatusOK, e)
	}
	seen := map[string]bool{}
	var items []any
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		rest, ok := strings.CutPrefix(f, p+"/")
		if p == "" {
			rest, ok = f, true
		}
		if !ok {
			continue
		}
		name, _, isDir := strings.Cut(rest, "/")
		if seen[name] {
			continue
		}
		seen[name] = true
		full := strings.TrimPrefix(p+"/"+name, "/")
		if isDir {
			e := entry("dir", name, full, 0)
			e["download_url"] = nil
			items = append(items, e)
		} else {
			items = append(items, entry("file", name, full, len(files[f])))
		}
	}
	if items == nil {
		return ghError(w, http.StatusNotFound, "Not Found")
	}
	return s.reply(w, op, http.StatusOK, items)
}
