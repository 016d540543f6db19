// Package provenance writes provenance.intoto.json: an in-toto Statement v1 with a SLSA
// v1 provenance predicate (in-toto/attestation Go bindings) whose subjects are the
// files a scan produced. The build definition and run details come from the platform
// the scan ran on, read through an injected getenv:
//
//   - GitHub Actions on an event GitHub's buildType supports (push, create, release,
//     workflow_dispatch): buildType https://actions.github.io/buildtypes/workflow/v1,
//     exactly as its specification writes it: externalParameters workflow and
//     runner_environment, internalParameters github (event_name, repository_id,
//     repository_owner_id), nothing else (consumers reject unknown keys).
//   - everywhere else (GitHub on pull_request and other events, Tekton, a laptop):
//     shiftgate's own buildType https://shiftgate.dev/buildtypes/scan/v1, documented in
//     docs/provenance-buildtype.md: policy, mode and the platform's trigger as external
//     parameters, run identities as internal ones. Tekton runs are named through the
//     environment variables SHIFTGATE_TEKTON_NAMESPACE, SHIFTGATE_TEKTON_TASKRUN_NAME,
//     SHIFTGATE_TEKTON_TASKRUN_UID, SHIFTGATE_TEKTON_PIPELINERUN_NAME and
//     SHIFTGATE_TEKTON_PIPELINERUN_UID; a local run is marked unverified.
//
// Only the named variables are read, so no token or secret from the environment can
// reach the statement.
package provenance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	slsa "github.com/in-toto/attestation/go/predicates/provenance/v1"
	intoto "github.com/in-toto/attestation/go/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// File is the statement's name in the out dir.
const File = outdir.Provenance

// PredicateType is SLSA provenance v1.
const PredicateType = "https://slsa.dev/provenance/v1"

// Build types and builder ids.
const (
	// GitHubBuildType is GitHub's workflow buildType, as GitHub's own attestations
	// (actions/attest-build-provenance) and their verifiers spell it.
	GitHubBuildType = "https://actions.github.io/buildtypes/workflow/v1"
	// BuildType is shiftgate's own, for every other run (docs/provenance-buildtype.md).
	BuildType       = "https://shiftgate.dev/buildtypes/scan/v1"
	TektonBuilderID = "https://shiftgate.dev/builders/tekton"
	LocalBuilderID  = "https://shiftgate.dev/builders/local/unverified"
)

// workflowEvents are the events GitHub's workflow/v1 buildType supports; its
// specification says it MUST NOT be used for any other (pull_request among them).
var workflowEvents = map[string]bool{"create": true, "release": true, "push": true, "workflow_dispatch": true}

// The Tekton environment variables (see the package doc).
const (
	EnvTektonNamespace       = "SHIFTGATE_TEKTON_NAMESPACE"
	EnvTektonTaskRunName     = "SHIFTGATE_TEKTON_TASKRUN_NAME"
	EnvTektonTaskRunUID      = "SHIFTGATE_TEKTON_TASKRUN_UID"
	EnvTektonPipelineRunName = "SHIFTGATE_TEKTON_PIPELINERUN_NAME"
	EnvTektonPipelineRunUID  = "SHIFTGATE_TEKTON_PIPELINERUN_UID"
)

// Subject is one file the statement vouches for.
type Subject struct {
	Name   string // the file name in the out dir, or the path the user named
	SHA256 string // hex
}

// Digest hashes a file into a subject with the given name.
func Digest(path, name string) (Subject, error) {
	f, err := os.Open(path)
	if err != nil {
		return Subject{}, fmt.Errorf("could not read %q: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return Subject{}, fmt.Errorf("could not read %q: %w", path, err)
	}
	return Subject{Name: name, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Options is what a statement says.
type Options struct {
	Getenv      func(string) string
	Source      source.Info
	ToolVersion string
	// Policy and Mode are the scan's parameters: where the policy came from, enforce|audit.
	Policy, Mode string
	Subjects     []Subject
	// OrgPolicy is the organisation policy that judged the scan (docs/org-policy.md),
	// recorded among the resolved dependencies; the zero value records none.
	OrgPolicy Dependency
}

// Dependency is one resolved dependency of the scan besides its source: a URI and
// the sha256 (hex) of its content.
type Dependency struct {
	Name, URI, SHA256 string
}

// Platform names where the scan runs: "github", "tekton" or "local".
func Platform(getenv func(string) string) string {
	switch {
	case getenv("GITHUB_ACTIONS") == "true" && getenv("GITHUB_RUN_ID") != "":
		return "github"
	case getenv(EnvTektonTaskRunName) != "" || getenv(EnvTektonPipelineRunName) != "":
		return "tekton"
	}
	return "local"
}

// Statement builds and validates the in-toto statement.
func Statement(o Options) (*intoto.Statement, error) {
	if len(o.Subjects) == 0 {
		return nil, fmt.Errorf("provenance needs at least one subject")
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var (
		buildType, builderID, invocation string
		external, internal               map[string]any
		deps                             []*intoto.ResourceDescriptor
	)
	if rd := sourceDescriptor(o.Source); rd != nil {
		deps = append(deps, rd)
	}
	platform := Platform(getenv)
	// shiftgate's buildType: what the person who started the scan chose, then the run.
	buildType = BuildType
	external = map[string]any{"policy": o.Policy, "mode": o.Mode, "platform": platform}
	internal = map[string]any{}
	switch platform {
	case "github":
		server := strings.TrimSuffix(or(getenv("GITHUB_SERVER_URL"), "https://github.com"), "/")
		repo := getenv("GITHUB_REPOSITORY")
		ref := getenv("GITHUB_REF")
		workflowRef := getenv("GITHUB_WORKFLOW_REF") // owner/repo/.github/workflows/ci.yml@refs/heads/main
		workflow := map[string]any{"ref": ref, "repository": server + "/" + repo, "path": workflowPath(workflowRef, repo, ref)}
		github := nonEmpty(map[string]any{
			"event_name":          getenv("GITHUB_EVENT_NAME"),
			"repository_id":       getenv("GITHUB_REPOSITORY_ID"),
			"repository_owner_id": getenv("GITHUB_REPOSITORY_OWNER_ID"),
		})
		builderID = server + "/" + workflowRef
		invocation = fmt.Sprintf("%s/%s/actions/runs/%s/attempts/%s", server, repo, getenv("GITHUB_RUN_ID"), or(getenv("GITHUB_RUN_ATTEMPT"), "1"))
		if sha := getenv("GITHUB_SHA"); sha != "" {
			deps = []*intoto.ResourceDescriptor{{
				Uri:    "git+" + server + "/" + repo + "@" + ref,
				Digest: map[string]string{"gitCommit": sha},
			}}
		}
		if workflowEvents[getenv("GITHUB_EVENT_NAME")] {
			buildType = GitHubBuildType
			external = nonEmpty(map[string]any{"workflow": workflow, "runner_environment": getenv("RUNNER_ENVIRONMENT")})
			internal = map[string]any{"github": github}
			break
		}
		external["github"] = map[string]any{"event_name": getenv("GITHUB_EVENT_NAME"), "workflow": workflow}
		internal["github"] = nonEmpty(map[string]any{
			"repository_id":       getenv("GITHUB_REPOSITORY_ID"),
			"repository_owner_id": getenv("GITHUB_REPOSITORY_OWNER_ID"),
			"runner_environment":  getenv("RUNNER_ENVIRONMENT"),
		})
	case "tekton":
		builderID = TektonBuilderID
		external["tekton"] = nonEmpty(map[string]any{
			"namespace":   getenv(EnvTektonNamespace),
			"taskRun":     getenv(EnvTektonTaskRunName),
			"pipelineRun": getenv(EnvTektonPipelineRunName),
		})
		internal["tekton"] = nonEmpty(map[string]any{
			"taskRunUid":     getenv(EnvTektonTaskRunUID),
			"pipelineRunUid": getenv(EnvTektonPipelineRunUID),
		})
		invocation = or(getenv(EnvTektonTaskRunUID), getenv(EnvTektonPipelineRunUID))
	default:
		builderID = LocalBuilderID
		internal["unverified"] = true
		internal["note"] = "produced outside a CI platform: nothing but the person who ran it vouches for these build details"
	}
	if d := o.OrgPolicy; d.SHA256 != "" {
		// After the platform's source: an auditor proves which policy judged a release.
		deps = append(deps, &intoto.ResourceDescriptor{Name: d.Name, Uri: d.URI, Digest: map[string]string{"sha256": d.SHA256}})
	}
	external = nonEmpty(external)

	ext, err := structpb.NewStruct(external)
	if err != nil {
		return nil, fmt.Errorf("could not build the provenance's external parameters: %w", err)
	}
	in, err := structpb.NewStruct(internal)
	if err != nil {
		return nil, fmt.Errorf("could not build the provenance's internal parameters: %w", err)
	}
	pred := &slsa.Provenance{
		BuildDefinition: &slsa.BuildDefinition{
			BuildType:            buildType,
			ExternalParameters:   ext,
			InternalParameters:   in,
			ResolvedDependencies: deps,
		},
		RunDetails: &slsa.RunDetails{
			Builder: &slsa.Builder{Id: builderID, Version: map[string]string{"shiftgate": o.ToolVersion}},
		},
	}
	if invocation != "" {
		pred.RunDetails.Metadata = &slsa.BuildMetadata{InvocationId: invocation}
	}
	if err := pred.Validate(); err != nil {
		return nil, fmt.Errorf("invalid SLSA provenance: %w", err)
	}
	predJSON, err := protojson.Marshal(pred)
	if err != nil {
		return nil, fmt.Errorf("could not encode the SLSA provenance: %w", err)
	}
	predStruct := &structpb.Struct{}
	if err := protojson.Unmarshal(predJSON, predStruct); err != nil {
		return nil, fmt.Errorf("could not encode the SLSA provenance: %w", err)
	}
	st := &intoto.Statement{Type: intoto.StatementTypeUri, PredicateType: PredicateType, Predicate: predStruct}
	for _, s := range o.Subjects {
		st.Subject = append(st.Subject, &intoto.ResourceDescriptor{Name: s.Name, Digest: map[string]string{"sha256": s.SHA256}})
	}
	if err := st.Validate(); err != nil {
		return nil, fmt.Errorf("invalid in-toto statement: %w", err)
	}
	return st, nil
}

// Marshal writes the statement as protojson, re-encoded with encoding/json so the
// bytes are the same run after run (protojson varies its white space on purpose).
func Marshal(st *intoto.Statement) ([]byte, error) {
	raw, err := protojson.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("could not encode the in-toto statement: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("could not encode the in-toto statement: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("could not encode the in-toto statement: %w", err)
	}
	return buf.Bytes(), nil
}

// Parse reads a statement written by Marshal (or anyone else).
func Parse(b []byte) (*intoto.Statement, error) {
	st := &intoto.Statement{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("not an in-toto statement: %w", err)
	}
	return st, nil
}

// sourceDescriptor names the checked-out source: its URL at the commit, or the commit alone.
func sourceDescriptor(s source.Info) *intoto.ResourceDescriptor {
	if s.Commit == "" {
		return nil
	}
	rd := &intoto.ResourceDescriptor{Digest: map[string]string{"gitCommit": s.Commit}}
	if s.URL != "" {
		rd.Uri = "git+" + s.URL + "@" + or(s.Ref, s.Commit)
	} else {
		rd.Name = s.Name
	}
	return rd
}

// workflowPath is the workflow file's path in the commit: GITHUB_WORKFLOW_REF without
// the "owner/repo/" prefix and the "@ref" suffix (either may contain "@").
func workflowPath(workflowRef, repo, ref string) string {
	p := strings.TrimPrefix(workflowRef, repo+"/")
	if ref != "" {
		if q, ok := strings.CutSuffix(p, "@"+ref); ok {
			return q
		}
	}
	if i := strings.LastIndex(p, "@"); i >= 0 {
		return p[:i]
	}
	return p
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func nonEmpty(m map[string]any) map[string]any {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}
