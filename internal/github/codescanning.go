package github

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/shiftgate/shiftgate/reports/sarif"
)

// SARIFRun is one run of the scan's SARIF, as its own log: one code-scanning category.
type SARIFRun struct {
	Category string // automationDetails.id, e.g. "shiftgate/sast/"
	Log      []byte // a SARIF log holding only this run
}

// SplitSARIF splits a SARIF log into one log per run, each keeping the top-level fields
// ($schema, version). GitHub keys alerts by category (automationDetails.id), so one
// upload per check lets each check's alerts open and close on their own. A non-empty
// prefix (the scanned directory, "dir/") is put in front of every relative artifact
// URI, since code scanning resolves them against the repository root.
func SplitSARIF(data []byte, prefix string) ([]SARIFRun, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("could not parse the SARIF log: %w", err)
	}
	var runs []json.RawMessage
	if err := json.Unmarshal(top["runs"], &runs); err != nil {
		return nil, fmt.Errorf("could not parse the SARIF log's runs: %w", err)
	}
	var out []SARIFRun
	for i, raw := range runs {
		var meta struct {
			AutomationDetails struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, fmt.Errorf("could not parse SARIF run %d: %w", i, err)
		}
		doc := map[string]json.RawMessage{}
		for k, v := range top {
			doc[k] = v
		}
		if prefix != "" {
			var run any
			if err := json.Unmarshal(raw, &run); err != nil {
				return nil, fmt.Errorf("could not parse SARIF run %d: %w", i, err)
			}
			rebase(run, prefix)
			var err error
			if raw, err = json.Marshal(run); err != nil {
				return nil, fmt.Errorf("could not encode SARIF run %d: %w", i, err)
			}
		}
		doc["runs"] = json.RawMessage("[" + string(raw) + "]")
		b, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("could not encode SARIF run %d: %w", i, err)
		}
		out = append(out, SARIFRun{Category: meta.AutomationDetails.ID, Log: b})
	}
	return out, nil
}

// rebase prefixes every relative artifactLocation.uri without a uriBaseId other than
// %SRCROOT%.
func rebase(v any, prefix string) {
	switch x := v.(type) {
	case map[string]any:
		if loc, ok := x["artifactLocation"].(map[string]any); ok {
			uri, _ := loc["uri"].(string)
			base, _ := loc["uriBaseId"].(string)
			if uri != "" && !strings.Contains(uri, ":") && !strings.HasPrefix(uri, "/") && (base == "" || base == "%SRCROOT%") {
				loc["uri"] = prefix + uri
			}
		}
		for _, c := range x {
			rebase(c, prefix)
		}
	case []any:
		for _, c := range x {
			rebase(c, prefix)
		}
	}
}

// encodeSARIF is what the upload API wants: gzip, then base64. It also returns the
// gzipped size, which GitHub limits to 10 MB.
func encodeSARIF(log []byte) (string, int, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(log); err != nil {
		return "", 0, err
	}
	if err := zw.Close(); err != nil {
		return "", 0, err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), buf.Len(), nil
}

// sarifStatus is the processing status GitHub reports for an upload, with the errors
// field go-github's SARIFUpload does not carry.
type sarifStatus struct {
	ProcessingStatus string   `json:"processing_status"`
	AnalysesURL      string   `json:"analyses_url"`
	Errors           []string `json:"errors"`
}

// uploadSARIF uploads one SARIF log per check, then polls each upload's processing
// status a bounded number of times.
func (r *run) uploadSARIF() {
	e := &r.Env
	if !e.Inputs.UploadSARIF || r.client == nil {
		return
	}
	if r.rep.SARIF == nil {
		r.warn("no SARIF log to upload to code scanning")
		return
	}
	data, err := sarif.Marshal(r.rep.SARIF)
	if err != nil {
		r.warn("could not encode the SARIF log: %v", err)
		return
	}
	runs, err := SplitSARIF(data, r.prefix)
	if err != nil {
		r.warn("%v: code scanning upload skipped", err)
		return
	}
	type accepted struct{ category, id string }
	var ids []accepted
	for _, run := range runs {
		enc, size, err := encodeSARIF([]byte(r.redact(string(run.Log))))
		if err != nil {
			r.warn("could not compress the SARIF of %s: %v", run.Category, err)
			continue
		}
		if size > maxSARIFGzip {
			r.warn("the SARIF of %s is %d bytes gzipped, over GitHub's 10 MB limit: not uploaded", run.Category, size)
			r.note("Code scanning: %s not uploaded (over 10 MB gzipped).", run.Category)
			continue
		}
		sid, _, err := r.client.CodeScanning.UploadSarif(r.ctx, e.Owner, e.Repo, &gh.SarifAnalysis{
			CommitSHA: gh.String(e.SHA), Ref: gh.String(e.AnalysisRef()), Sarif: gh.String(enc),
			ToolName: gh.String("shiftgate"),
		})
		if err != nil {
			r.warn("%s", apiError("could not upload the SARIF of "+run.Category+" to code scanning", err))
			if isForbidden(err) {
				r.note("Code scanning upload skipped: the token cannot write security events (a fork's read-only token, `security-events: write` missing, or code scanning not enabled).")
				return
			}
			r.note("Code scanning: %s not uploaded, see the warning in the log.", run.Category)
			continue
		}
		ids = append(ids, accepted{run.Category, sid.GetID()})
	}
	polls := r.Polls
	if polls <= 0 {
		polls = defaultPolls
	}
	complete := 0
	for _, up := range ids {
		st, err := r.pollSARIF(up.id, polls)
		switch {
		case err != nil:
			r.warn("%s", apiError("could not read the processing status of "+up.category, err))
		case st.ProcessingStatus == "complete":
			complete++
		case st.ProcessingStatus == "failed":
			r.warn("code scanning could not process %s: %s", up.category, joinOr(st.Errors, "no reason given"))
			r.note("Code scanning: %s failed to process: %s.", up.category, joinOr(st.Errors, "no reason given"))
		default:
			r.infof("code scanning is still processing %s (upload %s)", up.category, up.id)
		}
	}
	if len(ids) > 0 {
		r.infof("code scanning: %d of %d upload(s) accepted, %d processed", len(ids), len(runs), complete)
		r.note("Code scanning: %d upload(s) (one per check) to `%s`, %d processed.", len(ids), e.AnalysisRef(), complete)
	}
}

// pollSARIF reads an upload's status until it is no longer pending, at most n times.
func (r *run) pollSARIF(id string, n int) (*sarifStatus, error) {
	e := &r.Env
	var st *sarifStatus
	for i := range n {
		if i > 0 {
			if err := r.sleep(pollInterval); err != nil {
				return st, err
			}
		}
		req, err := r.client.NewRequest(http.MethodGet, fmt.Sprintf("repos/%s/%s/code-scanning/sarifs/%s", e.Owner, e.Repo, id), nil)
		if err != nil {
			return nil, err
		}
		st = &sarifStatus{}
		_, err = r.client.Do(r.ctx, req, st)
		if err != nil {
			var ge *gh.ErrorResponse
			// Right after an upload the id may not be known yet: keep polling.
			if errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusNotFound {
				st.ProcessingStatus = "pending"
				continue
			}
			return nil, err
		}
		if st.ProcessingStatus != "pending" {
			return st, nil
		}
	}
	return st, nil
}

func joinOr(ss []string, empty string) string {
	if len(ss) == 0 {
		return empty
	}
	b, _ := json.Marshal(ss)
	return string(b)
}
